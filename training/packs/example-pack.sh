#!/usr/bin/env bash
# Builds a small real model pack end to end, in well under 2 minutes on 2 cores:
#
#   bash training/packs/example-pack.sh [OUT_DIR]     (default e2e/.generated/example-pack)
#
# 1. features: scripts/extract-features.ts (native ffmpeg + onnxruntime-node, the app's own sampling and
#    preprocessing) at T = 16, 1 view, on 18 clips of ../shared/data/ucf101-6 (or $REELSCOPE_DATA):
#    in scope, c01 of groups g08, g09, g10 (training) and g20 (held out) of BasketballDunk, HorseRace,
#    PlayingPiano; out of scope, c01 of g20 and g21 of Archery, PlayingViolin, Surfing (only to measure
#    the detector's catch rate);
# 2. head: training/packs/example_pack.py, an SSM of width 32, 1 layer, 300 full-batch steps;
# 3. pack: training/packs/export_pack.py, with a knn-1 "none of these" detector, backbone left out.
# Timings go to stderr; the last line on stdout is the pack folder's absolute path.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
OUT="$(realpath -m "${1:-$ROOT/e2e/.generated/example-pack}")"
DATA="$(realpath -m "${REELSCOPE_DATA:-$ROOT/../shared/data/ucf101-6}")"
cd "$ROOT"
[ -d "$DATA" ] || { echo "example-pack: data folder $DATA is missing (set REELSCOPE_DATA)" >&2; exit 1; }
export OMP_NUM_THREADS=1

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/in-scope" "$WORK/out-of-scope"
pick() {   # pick FOLDER CLASS GROUP...: links c01 of each group into FOLDER
  local folder=$1 class=$2; shift 2
  for group in "$@"; do
    local clip="$DATA/$class/v_${class}_${group}_c01.avi"
    [ -f "$clip" ] || { echo "example-pack: $clip is missing" >&2; exit 1; }
    ln -s "$clip" "$WORK/$folder/"
  done
}
for class in BasketballDunk HorseRace PlayingPiano; do pick in-scope "$class" g08 g09 g10 g20; done
for class in Archery PlayingViolin Surfing; do pick out-of-scope "$class" g20 g21; done

started=$SECONDS
step() { echo "example-pack: $1 in $((SECONDS - mark)) s" >&2; mark=$SECONDS; }
mark=$SECONDS
npx tsx scripts/extract-features.ts --data "$WORK/in-scope" --extra "$WORK/out-of-scope" --no-other \
  --frames 16 --views 1 --out "$WORK/features" >&2
step "features (18 clips)"
/usr/bin/python3 -m training.packs.example_pack --features "$WORK/features" --train-groups g08,g09,g10 \
  --out "$WORK/ssm.pt" >&2
step "head"
/usr/bin/python3 -m training.packs.export_pack --id example-ucf101-3 \
  --title "Example: 3 UCF101 actions" \
  --description "Which of three UCF101 actions a video shows (basketball dunk, horse race, piano) or none of these: a tiny example head trained on 9 clips by training/packs/example-pack.sh, to show the pack format. Not a good classifier." \
  --license "Apache-2.0 (Reelscope example; trained on UCF101 features)" \
  --cite "K. Soomro, A. R. Zamir, M. Shah, UCF101: A Dataset of 101 Human Actions Classes From Videos in The Wild, CRCV-TR-12-01, 2012" \
  --head ssm="$WORK/ssm.pt" --features "$WORK/features" --eval-groups g20 --ood knn-1 --out "$OUT" >&2
step "export"
echo "example-pack: done in $((SECONDS - started)) s" >&2
echo "$OUT"
