#!/usr/bin/env bash
# Installs the npm packages (if needed), builds the app and serves it on http://localhost:5173
# with the cross-origin-isolation headers that multi-threaded WASM needs.
set -euo pipefail
cd "$(dirname "$0")/.."
export ONNXRUNTIME_NODE_INSTALL=skip   # its postinstall wants a network; the package ships the binary
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npx vite build
exec npx vite preview --host "${HOST:-127.0.0.1}" --port "${PORT:-5173}" --strictPort
