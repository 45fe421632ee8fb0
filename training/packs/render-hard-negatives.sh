#!/usr/bin/env bash
# Hard out-of-scope clips made from in-scope ones: the upper-left or upper-right ninth of the frame
# (crop iw/3 × ih/3 at the top corners), scaled back to 320×240, for c01 of groups g08 and g15 of each
# class (24 candidates in OUT/candidates, with a contact sheet of their middle frames). The actor is
# usually near the centre, so the top corners often show only the scene: sky, water, crowd, track, curtain.
# KEEP lists the 13 candidates whose contact-sheet frame shows no actor and no class object (no bow,
# arrow, hoop, piano or violin), judged by eye once; only those are copied to OUT/clips for extraction.
# Deterministic. Usage: bash training/packs/render-hard-negatives.sh [DATA] [OUT_DIR]
set -euo pipefail
data="${1:-${REELSCOPE_DATA:-../shared/data/ucf101-6}}"
out="${2:-training/out/hardneg}"
cand="$out/candidates"
rm -rf "$out/clips"; mkdir -p "$cand" "$out/clips"
KEEP="Archery_g15_tr BasketballDunk_g08_tl BasketballDunk_g08_tr HorseRace_g08_tl HorseRace_g08_tr HorseRace_g15_tl
  HorseRace_g15_tr PlayingViolin_g08_tr PlayingViolin_g15_tl Surfing_g08_tl Surfing_g08_tr Surfing_g15_tl Surfing_g15_tr"
printf 'file\tclass\tgroup\tclip\n' > "$out/clips/MANIFEST.tsv"
for cls in Archery BasketballDunk HorseRace PlayingPiano PlayingViolin Surfing; do
  for g in g08 g15; do
    src="$data/$cls/v_${cls}_${g}_c01.avi"
    for corner in tl tr; do
      x=0; [[ $corner == tr ]] && x='2*iw/3'
      name="hn_${cls}_${g}_${corner}.avi"
      ffmpeg -nostdin -hide_banner -loglevel error -y -i "$src" -an \
        -vf "crop=iw/3:ih/3:${x}:0,scale=320:240" -c:v mpeg4 -q:v 4 -pix_fmt yuv420p "$cand/$name"
      if [[ " $(echo $KEEP) " == *" ${cls}_${g}_${corner} "* ]]; then
        cp "$cand/$name" "$out/clips/$name"
        printf '%s\t%s\t%s\t%s\n' "$name" "hardneg-$cls" "$g" "c01-$corner" >> "$out/clips/MANIFEST.tsv"
      fi
    done
  done
done
# Contact sheet: the middle frame of each, 4 per row.
ffmpeg -nostdin -hide_banner -loglevel error -y $(for f in "$cand"/hn_*.avi; do echo -ss 2 -i "$f"; done) \
  -filter_complex "$(n=0; for f in "$cand"/hn_*.avi; do echo -n "[$n:v]trim=end_frame=1,scale=160:120,drawtext=text='$(basename "$f" .avi)':fontcolor=yellow:fontsize=9:x=2:y=2[v$n];"; n=$((n+1)); done; for i in $(seq 0 $((n-1))); do echo -n "[v$i]"; done; echo "xstack=inputs=$n:grid=4x$((n/4))")" \
  -frames:v 1 "$cand/contact-sheet.png" 2>/dev/null || echo "contact sheet skipped"
ls "$out/clips"
