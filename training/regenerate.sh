#!/usr/bin/env bash
# Regenerates every model file the app ships, from the shared data, in order:
#   backbones → lavfi out-of-scope clips → feature caches → experiments (frozen and fine-tuned backbone)
#   → final heads → export (with parity) → hard negatives → calibration → out-of-scope detector
#   → pack manifests → tests.
# Usage: bash training/regenerate.sh            (REELSCOPE_DATA overrides ../shared/data/ucf101-6)
#        SKIP_BACKBONES=1 SKIP_STUDIES=1 bash training/regenerate.sh   (heads and packs only)
# Run time on the 2-core dev machine: see docs/models.md ("Time taken").
set -euo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
source scripts/lib/install.sh
need=()
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
for mod in torch:python3-torch torchvision:python3-torchvision onnx:python3-onnx sklearn:python3-sklearn \
           matplotlib:python3-matplotlib; do
  $PY -c "import ${mod%%:*}" 2>/dev/null || need+=("${mod#*:}")
done
apt_install "${need[@]}"
npm_install_if_needed
# One PyTorch thread per process: on a shared 2-core machine more threads made runs ~10x slower.
export OMP_NUM_THREADS=1
start=$(date +%s)
step() { echo; echo "== $* ($(( $(date +%s) - start )) s)"; }

if [[ -z "${SKIP_BACKBONES:-}" ]]; then
  step "backbones (helper scripts)"
  $PY -m training.backbones.derive_imagenet
  if [[ -f training/backbones/convert_nsfwjs.py ]]; then $PY -m training.backbones.convert_nsfwjs; fi
fi

step "out-of-scope clips rendered with ffmpeg lavfi"
bash training/packs/render-synthetic.sh training/out/synthetic

step "features: T=16, 5 views (canonical + 4 augmented), with block 16's output for fine-tuning"
# The tap graph is the shipped fp32 backbone plus one more output; its features are byte-identical.
$PY -m training.finetune.finetune tap
npx tsx scripts/extract-features.ts --extra training/out/synthetic --frames 16 --views 5 \
  --backbone training/out/finetune/tap/fp32.onnx --tap 452 --out training/out/features/mobilenetv2-imagenet-fp32-T16
if [[ -z "${SKIP_STUDIES:-}" ]]; then
  step "features: T=8 and T=24, canonical view"
  npx tsx scripts/extract-features.ts --no-other --frames 8 --views 1
  npx tsx scripts/extract-features.ts --no-other --frames 24 --views 1

  step "studies: hyper-parameter search, evaluation, T comparison, stability"
  $PY -m training.heads.experiments search --trials 6 --epochs 20 --threads 1
  $PY -m training.heads.experiments frames --threads 1
  # Full recipe (40 epochs, batch 32); the LSTM at w 1024 (≈ 12 min a run on 2 cores) is left out.
  $PY -m training.heads.experiments stability --seeds 3 --lstm-widths 64,128,256,512 --threads 1

  step "study: fine-tuning the backbone's last blocks (held out + group 5-fold CV, tuned per split)"
  $PY -m training.finetune.finetune evaluate --threads 1
fi
step "fine-tuning backbone: torchvision with the shipped weights vs the ONNX graph, real frames"
$PY -m training.finetune.finetune parity
step "evaluation (held-out groups g20–g22 and group 5-fold CV)"
$PY -m training.heads.experiments evaluate --threads 1

step "final heads on g08–g22, export with parity checks"
$PY -m training.heads.experiments final --threads 1
$PY -m training.heads.export

step "hard negatives: top-corner crops of in-scope clips without the actor (13 clips), their features"
bash training/packs/render-hard-negatives.sh "${REELSCOPE_DATA:-../shared/data/ucf101-6}" training/out/hardneg
npx tsx scripts/extract-features.ts --data training/out/hardneg/clips --no-other --frames 16 --views 1 \
  --out training/out/features/hardneg-fp32-T16

step "calibration: out-of-fold logits of group 5-fold CV (label smoothing 0.1 shipped; 0.05 and 0 compared), temperatures"
$PY -m training.heads.calibrate oof --smoothing 0.1 --threads 1 --force
if [[ -z "${SKIP_STUDIES:-}" ]]; then
  $PY -m training.heads.calibrate oof --smoothing 0.05,0.0 --threads 1 --force
fi
$PY -m training.heads.calibrate fit --smoothing 0.1

step "out-of-scope detector (nested leave-groups-out comparison, export with parity)"
$PY -m training.heads.ood
$PY -m training.heads.decision_report
if [[ -z "${SKIP_STUDIES:-}" ]]; then
  step "study (issue 9 part 4): ensembles, search trials, test-time augmentation, other label smoothings; same group folds"
  # Each writes training/out/heads/oof/<variant>.npz (every member's logits on every cached view); heads are memoised
  # in training/out/heads/models/ (train.train_cached), so a rerun on the same features trains nothing twice.
  $PY -m training.heads.calibrate oof --kinds ssm --smoothing 0.1 --ensemble fold --members 4 --threads 1 --force
  $PY -m training.heads.calibrate oof --kinds ssm --smoothing 0.1 --ensemble seed --members 4 --threads 1 --force
  for t in trial2 trial3 trial5; do
    $PY -m training.heads.calibrate oof --kinds ssm --smoothing 0.1 --recipe $t --threads 1 --force
  done
  for t in trial2 trial3; do
    $PY -m training.heads.calibrate oof --kinds ssm --smoothing 0.1 --recipe $t --ensemble seed --members 4 --threads 1 --force
  done
  $PY -m training.heads.calibrate oof --kinds lstm --smoothing 0,0.05 --ensemble seed --members 4 --threads 1 --force
  v=ssm-ls0.1,ssm-ls0.1:logits:0-1,ssm-ls0.1:logits:0-4,ssm-ls0.1:probs:0-4
  v+=,ssm-ls0.1-fold4,ssm-ls0.1-fold4:probs,ssm-ls0.1-fold4:logits:0-4
  v+=,ssm-ls0.1-seed4,ssm-ls0.1-seed4:probs,ssm-ls0.1-seed4:logits:0-4
  v+=,ssm-ls0.1-trial2,ssm-ls0.1-trial3,ssm-ls0.1-trial5,ssm-ls0.1-trial2-seed4,ssm-ls0.1-trial3-seed4
  v+=,ssm-ls0.05,ssm-ls0,lstm-ls0.1,lstm-ls0.05,lstm-ls0,lstm-ls0-seed4,lstm-ls0.05-seed4
  $PY -m training.heads.calibrate compare --variants "$v" --out variants.json

  step "study (issue 9 part 2): the head's calibrated confidence combined with the detector, nested"
  $PY -m training.heads.combined_study --threads 1
fi

step "pack manifests"
$PY -m training.packs.build_packs

step "tests"
npx vitest run tests/packs tests/heads tests/finetune
echo "regenerate.sh: done in $(( $(date +%s) - start )) s"
