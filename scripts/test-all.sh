#!/usr/bin/env bash
# Installs what the tests need (Debian chromium + ffmpeg, npm packages) and runs every test:
# typecheck, unit tests (vitest), production build, end-to-end tests (Playwright + Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/lib/install.sh

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium fonts-dejavu-core)
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
apt_install "${need[@]}"

# Always a clean install here: this is what CI runs on a fresh checkout.
export ONNXRUNTIME_NODE_INSTALL=skip   # its postinstall wants a network; the package ships the binary
npm ci --no-audit --no-fund

npm run typecheck
npm run test:unit
npm run build
npm run test:e2e
