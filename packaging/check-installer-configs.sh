#!/usr/bin/env bash
# The macOS and Windows installers cannot be built here, but their CPack settings can be
# generated: packaging/cpack/LapceAiCPack.cmake is configured in a project without compilers as
# if for Windows and for macOS (CMAKE_SYSTEM_NAME), and the CPackConfig.cmake each gets is
# checked, as is the Linux build's, which must carry none of them.
#   packaging/check-installer-configs.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source_dir="$PWD"
build_dir="${1:-build}"
work_dir="$(mktemp -d)"
trap 'rm -rf "$work_dir"' EXIT

fail() { echo "check-installer-configs: FAIL: $*" >&2; exit 1; }
version="$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build_dir/CPackConfig.cmake")"

cat >"$work_dir/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.25)
project(lapce-ai VERSION $version LANGUAGES NONE)
include("$source_dir/packaging/cpack/LapceAiCPack.cmake")
CMAKE

configure() {  # SYSTEM_NAME -> path of its CPackConfig.cmake
  cmake -S "$work_dir" -B "$work_dir/build-$1" -DCMAKE_SYSTEM_NAME="$1" >"$work_dir/$1.log" 2>&1 ||
    { cat "$work_dir/$1.log" >&2; fail "configuring for $1"; }
  echo "$work_dir/build-$1/CPackConfig.cmake"
}
expect() {  # FILE PATTERN...: every fixed string is in FILE
  local file="$1" pattern
  shift
  for pattern in "$@"; do grep -qF -- "$pattern" "$file" || fail "$file lacks: $pattern"; done
}

windows="$(configure Windows)"
# shellcheck disable=SC2016  # NSIS variables, literally
expect "$windows" 'set(CPACK_GENERATOR "NSIS")' 'RequestExecutionLevel user' \
  'set(CPACK_NSIS_INSTALL_ROOT "\$LOCALAPPDATA\\Programs")' \
  'WriteRegStr HKCU \"Software\\Microsoft\\Windows\\CurrentVersion\\Run\" \"lapce-ai-service\"' \
  'DeleteRegValue HKCU \"Software\\Microsoft\\Windows\\CurrentVersion\\Run\" \"lapce-ai-service\"'
macos="$(configure Darwin)"
expect "$macos" 'set(CPACK_GENERATOR "DragNDrop")' "set(CPACK_DMG_VOLUME_NAME \"lapce-ai $version\")"

linux="$build_dir/CPackConfig.cmake"
expect "$linux" 'set(CPACK_GENERATOR "DEB;RPM;TGZ")'
for foreign in CPACK_DMG_ RequestExecutionLevel 'CurrentVersion\\Run' LOCALAPPDATA; do
  if grep -qF -- "$foreign" "$linux"; then fail "$linux carries $foreign"; fi
done
echo "installer configs: NSIS (Windows) and DragNDrop (macOS) generated; the Linux config has neither"
