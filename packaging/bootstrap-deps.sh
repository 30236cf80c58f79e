#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages lapce-ai needs to build, test and benchmark, and the pinned
# npm packages of the Node.js baseline. Idempotent; silent when everything is present.
set -euo pipefail

packages=(
  cmake ninja-build g++ ccache pkg-config
  qt6-base-dev qt6-base-dev-tools
  qt6-charts-dev             # the monitor's charts
  libqt6opengl6-dev          # Qt6Charts' CMake package requires Qt6OpenGL (not a dependency of the package)
  xvfb xauth                 # tests: the monitor's windows under xvfb-run
  libprotobuf-dev protobuf-compiler
  libicu-dev                 # ICU collation (localeCompare)
  libssl-dev                 # RS256 signatures of the Vertex service-account JWT (libcrypto)
  qtkeychain-qt6-dev         # API keys in the system keychain
  libsecret-1-0              # QtKeychain's Secret Service backend (loaded at run time)
  dbus-daemon gnome-keyring  # tests: a private session bus with a real Secret Service
  libbenchmark-dev
  clang libclang-rt-14-dev   # fuzzing (libFuzzer) and sanitizer runtimes
  gcovr
  g++-mingw-w64-x86-64-posix  # compile check of the Windows platform layer
  dpkg-dev file rpm          # CPack's DEB (dpkg-shlibdeps) and RPM (rpmbuild) packages
  desktop-file-utils         # packaging/check-deb.sh validates the desktop entries
)
# Node.js for the baseline in bench/node-baseline and npm for the tree-sitter grammar sources
# (packaging/fetch-grammar-sources.sh, run at configure time): any installation will do (a
# distribution package or one of nodejs.org's builds), so it is looked for as commands, not as
# packages.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} > 0)); then
  echo "bootstrap: installing ${missing[*]}" >&2
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq >/dev/null
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ "${1:-}" == "--with-node-baseline" ]]; then
  baseline="$(cd "$(dirname "${BASH_SOURCE[0]}")/../bench/node-baseline" && pwd)"
  if [[ ! -d "$baseline/node_modules/node-ipc" || ! -d "$baseline/node_modules/web-tree-sitter" ]]; then
    (cd "$baseline" && npm ci --silent --no-audit --no-fund >/dev/null)
  fi
fi
