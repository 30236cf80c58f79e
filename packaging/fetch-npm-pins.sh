#!/usr/bin/env bash
# Installs the npm packages pinned in packaging/<pins>/package-lock.json (install scripts are not
# run; the build only reads files of the packages) into a cache folder named after the SHA-256 of
# that lock file, and prints that folder. A complete folder is reused without touching the
# network. CMake runs this at configure time (cmake/LapceAiNpmPins.cmake).
#   usage: fetch-npm-pins.sh <pins folder under packaging/> <cache name>
#   cache: ${LAPCE_AI_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lapce-ai}/<cache name>/<sha256>/
#   npm:   ${LAPCE_AI_NPM:-npm}
# Exit code 3: npm was not found. 2: bad arguments.
set -euo pipefail

if [[ $# -ne 2 || ! -f "$(dirname "${BASH_SOURCE[0]}")/$1/package-lock.json" ]]; then
  echo "usage: fetch-npm-pins.sh <folder under packaging/ with package-lock.json> <cache name>" >&2
  exit 2
fi
pins="$(cd "$(dirname "${BASH_SOURCE[0]}")/$1" && pwd)"
cache_name="$2"
lock="$pins/package-lock.json"
marker=".lapce-ai-complete"
me="fetch-npm-pins ($1)"

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

cache_root="${LAPCE_AI_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lapce-ai}/$cache_name"
dest="$cache_root/$(sha256_of "$lock")"

if [[ -f "$dest/$marker" ]]; then
  echo "$dest"
  exit 0
fi

npm="${LAPCE_AI_NPM:-npm}"
if ! command -v "$npm" >/dev/null 2>&1; then
  echo "$me: npm not found; install Node.js and npm (packaging/bootstrap-deps.sh)" >&2
  exit 3
fi

mkdir -p "$cache_root"
# A leftover folder without the marker is an interrupted install from an older version of this
# script; the marker is written before the rename, so it is never a half-done one of ours.
if [[ -d "$dest" ]]; then rm -rf "$dest"; fi

tmp="$(mktemp -d "$cache_root/.install.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
cp "$pins/package.json" "$lock" "$tmp/"
echo "$me: installing the pinned packages into $dest" >&2
(cd "$tmp" && "$npm" ci --ignore-scripts --no-audit --no-fund --legacy-peer-deps \
  --loglevel=error >&2)
date -u +%Y-%m-%dT%H:%M:%SZ >"$tmp/$marker"

# Atomic publication: another configure may have won the race, which is fine.
if mv --version >/dev/null 2>&1; then
  mv -T "$tmp" "$dest" 2>/dev/null || [[ -f "$dest/$marker" ]]
else
  [[ -d "$dest" ]] || mv "$tmp" "$dest"
fi
echo "$dest"
