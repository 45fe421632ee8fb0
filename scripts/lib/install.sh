# Install helpers sourced by scripts/start.sh, scripts/test-all.sh and training/regenerate.sh.
# Only npm and Debian apt are reachable, so everything comes from one of those two.

# apt_install PKG...: installs the Debian packages given (root, or through sudo), quietly.
apt_install() {
  [ $# -gt 0 ] || return 0
  echo "Installing $* from Debian…"
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# npm_install_if_needed: `npm ci` when node_modules is missing or older than package-lock.json.
npm_install_if_needed() {
  # onnxruntime-node's postinstall wants a network; its package already ships the binary.
  export ONNXRUNTIME_NODE_INSTALL=skip
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund
  fi
}
