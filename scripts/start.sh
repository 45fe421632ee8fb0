#!/usr/bin/env bash
# Installs the npm packages (if needed), builds the app and serves it on http://localhost:5173
# with the cross-origin-isolation headers that multi-threaded WASM needs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/install.sh
npm_install_if_needed
npx vite build
exec npx vite preview --host "${HOST:-127.0.0.1}" --port "${PORT:-5173}" --strictPort
