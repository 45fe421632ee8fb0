#!/usr/bin/env bash
# Renders a few clips that are out of scope for every action pack (ffmpeg lavfi sources), for
# tuning and testing "none of these". Deterministic: fixed sources, sizes and seeds.
# Usage: bash training/packs/render-synthetic.sh [OUT_DIR]   (default training/out/synthetic)
set -euo pipefail
out="${1:-training/out/synthetic}"
mkdir -p "$out"
render() { # name, lavfi source
  ffmpeg -nostdin -hide_banner -loglevel error -y -f lavfi -i "$2" -t 5 -r 25 \
    -c:v mpeg4 -q:v 4 -pix_fmt yuv420p "$out/$1.avi"
}
render testsrc2    "testsrc2=size=320x240:rate=25"
render mandelbrot  "mandelbrot=size=320x240:rate=25"
render life        "life=size=320x240:rate=25:seed=7:mold=10:life_color=#00ff00:death_color=#aa0000"
render noise       "color=c=gray:size=320x240:rate=25,noise=alls=80:allf=t+u:all_seed=3"
render cellauto    "cellauto=size=320x240:rate=25:rule=110:seed=11"
render smptebars   "smptehdbars=size=320x240:rate=25"
render gradients   "gradients=size=320x240:rate=25:speed=0.05:seed=5"
render colornoise  "nullsrc=size=320x240:rate=25,geq=r='random(1)*255':g='random(2)*255':b='random(3)*255'"
ls "$out"
