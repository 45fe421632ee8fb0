#!/usr/bin/env bash
# Installs what the tests need (Debian chromium + ffmpeg, npm packages) and runs every test:
# typecheck, unit tests (vitest), production build, end-to-end tests (Playwright + Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]} from Debian…"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" fonts-dejavu-core >/dev/null
fi

# onnxruntime-node's postinstall wants a network; its package already ships the binary.
export ONNXRUNTIME_NODE_INSTALL=skip
npm ci --no-audit --no-fund

npm run typecheck
npm run test:unit
npm run build
npm run test:e2e
