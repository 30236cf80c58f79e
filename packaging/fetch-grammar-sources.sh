#!/usr/bin/env bash
# Installs the pinned tree-sitter runtime and grammar packages of packaging/treesitter/ (only
# their C sources are used) into the user cache and prints the folder; see fetch-npm-pins.sh.
#   cache: ${LAPCE_AI_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lapce-ai}/grammar-sources/<sha256>/
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/fetch-npm-pins.sh" treesitter grammar-sources
