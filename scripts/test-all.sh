#!/usr/bin/env bash
# Installs what the tests need (Debian chromium + ffmpeg + python3-torch/onnx/numpy, npm packages) and runs every test:
# typecheck, unit tests (vitest), production build, end-to-end tests (Playwright + Chromium) on
# both decode paths.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/lib/install.sh

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium fonts-dejavu-core)
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
# tests/packs/example-pack.test.ts and e2e/packs.spec.ts build a pack with training/packs/ (PyTorch → ONNX)
for module in torch:python3-torch onnx:python3-onnx numpy:python3-numpy; do
  /usr/bin/python3 -c "import ${module%%:*}" >/dev/null 2>&1 || need+=("${module#*:}")
done
apt_install "${need[@]}"

# Always a clean install here: this is what CI runs on a fresh checkout.
export ONNXRUNTIME_NODE_INSTALL=skip   # its postinstall wants a network; the package ships the binary
npm ci --no-audit --no-fund

npm run typecheck
npm run test:unit
npm run build
# Every screen on the default decode path (WebCodecs where it can, ffmpeg.wasm otherwise)…
npm run test:e2e
# …and again with ffmpeg.wasm alone, so the fallback stays whole. Left out there: what does not
# depend on the decoder (WebGPU's check, adding packs), matched on test titles and file names.
REELSCOPE_DECODE=ffmpeg npm run test:e2e -- --grep-invert "WebGPU|packs\.spec"
