#!/usr/bin/env bash
# Renders the app icons (public/icons/*.png) from the brand mark in src/ui/shell/App.tsx (a
# rounded screen with a lens: 24-unit viewBox) with native ffmpeg's geq filter. The PNGs are
# committed; rerun this only when the mark changes.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p public/icons

mark() { # $1: size in px, $2: margin in px (the maskable icon keeps the mark in its safe zone), $3: output
  local s=$1 m=$2 out=$3
  local u; u=$(echo "($s - 2 * $m) / 24" | bc -l) # one viewBox unit in px
  local x0="($m+2*$u)" x1="($m+22*$u)" y0="($m+5*$u)" y1="($m+19*$u)" r="(3*$u)" c="($s/2)"
  local dx="max(max($x0+$r-X,X-($x1-$r)),0)" dy="max(max($y0+$r-Y,Y-($y1-$r)),0)"
  local screen="lte(hypot($dx,$dy),$r)*between(X,$x0,$x1)*between(Y,$y0,$y1)"
  local lens="lt(hypot(X-$c,Y-$c),4.2*$u)*gte(hypot(X-$c,Y-$c),2*$u)"
  # background #f6f7f9, mark #2b5fa8, lens #ffffff
  channel() { echo "if($lens,255,if($screen,$2,$1))"; }
  ffmpeg -nostdin -hide_banner -loglevel error -y -f lavfi -i "color=c=0xf6f7f9:s=${s}x${s}" -frames:v 1 \
    -vf "format=rgb24,geq=r='$(channel 246 43)':g='$(channel 247 95)':b='$(channel 249 168)'" "$out"
}
mark 192 0 public/icons/icon-192.png
mark 512 0 public/icons/icon-512.png
mark 512 80 public/icons/icon-maskable-512.png
