#!/usr/bin/env bash
# The two set-up commands of README.md:
#   packaging/dev.sh run    build, start lapce-ai-service, exercise it with the lapce-ai client
#   packaging/dev.sh test   build and pass the whole test suite (plus sanitizer and fuzz builds)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

"$PWD/packaging/bootstrap-deps.sh"
export CCACHE_BASEDIR="$PWD"
# Sources are named relative to the checkout (BASEDIR); ignoring the build directory too lets a
# fresh clone reuse what an earlier checkout compiled (debug info may then name that checkout).
export CCACHE_NOHASHDIR=1

build() {
  cmake --preset "$1" >/dev/null
  cmake --build --preset "$1"
}

# Runs a step and says how long it took: the CI budget is watched step by step.
timed() {
  local started=$SECONDS
  "$@"
  echo "== step '$*' took $((SECONDS - started)) s" >&2
}

# gcov counters name their .gcda files by absolute path, so ccache reuses a coverage object only
# for a build directory at the same path. The ASan build (which carries the counters) therefore
# compiles this checkout through a fixed alias into a fixed directory, which build-asan here links
# to: a clean clone reuses what an earlier checkout compiled. The alias's sibling `shared` is the
# golden data beside this checkout, as ../shared is. One checkout at a time: the lock is held until
# the calling subshell ends.
lock_asan_build() {
  local stable="${LAPCE_AI_CACHE_DIR:-$HOME/.cache/lapce-ai}/asan-build"
  mkdir -p "$stable"
  exec 9>"$stable/lock"
  flock 9
  ln -sfn "$PWD" "$stable/checkout"
  if [[ -d ../shared ]]; then ln -sfn "$(cd ../shared && pwd)" "$stable/shared"; else rm -f "$stable/shared"; fi
  if [[ -e build-asan && ! -L build-asan ]]; then rm -rf build-asan; fi
  ln -sfn "$stable/build" build-asan
  cmake --preset asan -S "$stable/checkout" -B "$stable/build" >/dev/null
}

run_main_job() {
  build default
  local dir service
  dir="$(mktemp -d)"
  build/service/lapce-ai-service --foreground --socket-dir "$dir/rt" &
  service=$!
  # Expanded now: the trap runs after this function's locals are gone.
  trap "kill $service 2>/dev/null || true; wait $service 2>/dev/null || true; rm -rf '$dir'" EXIT
  local cli=(build/service/lapce-ai --socket-dir "$dir/rt")
  for _ in $(seq 1 200); do "${cli[@]}" ping >/dev/null 2>&1 && break; sleep 0.05; done
  "${cli[@]}" ping
  "${cli[@]}" bench ipc --transport shm --size 64 --messages 200000
  "${cli[@]}" bench ipc --transport shm --size 1024 --messages 100000
  "${cli[@]}" bench ipc --transport socket --size 1024 --messages 20000
  "${cli[@]}" status
}

# Line coverage of service/ and shared/ over the ASan suite, in per cent: the run fails below it.
# It only rises.
COVERAGE_FLOOR=95

run_tests() {
  timed build default
  timed ctest --preset default
  # Ten minutes of eight clients, SIGKILLs and RSS samples against the service of that build.
  timed ctest --preset soak
  # The DEB, RPM and TGZ of that build: file lists, then the DEB installed, run and removed.
  if [[ $(id -u) -eq 0 ]]; then timed packaging/check-deb.sh build; else timed sudo packaging/check-deb.sh build; fi
  timed packaging/check-installer-configs.sh build
  timed packaging/check-windows-sources.sh build
  (
    lock_asan_build
    # That build also carries gcov counters: start from zero (what its build-time generators run
    # counts too), then check the coverage.
    find -L build-asan -name '*.gcda' -delete
    timed cmake --build --preset asan
    timed ctest --preset asan
    timed node packaging/coverage-gate.mjs --build-dir build-asan --min-line "$COVERAGE_FLOOR"
  )
  timed build tsan
  timed ctest --preset tsan
  # Fuzz targets only (clang, ASan+UBSan); each runs a bounded time over its corpus.
  cmake --preset fuzz >/dev/null
  timed cmake --build --preset fuzz --target fuzz_frame_decoder fuzz_handshake fuzz_ring_reader \
    fuzz_ordered_json fuzz_prompt_settings fuzz_prompt_requests fuzz_definitions \
    fuzz_aws_event_stream \
    fuzz_sse_decoder fuzz_ndjson_decoder fuzz_js_json_parse \
    fuzz_provider_stream fuzz_ignore_rules fuzz_rule_files fuzz_http1_response_parser \
    fuzz_hpack_decoder fuzz_http2_client_session
  # Each target is one process on one core: two at a time.
  timed ctest --preset fuzz --parallel 2
}

case "${1:-}" in
  run) run_main_job ;;
  test) run_tests ;;
  *) echo "usage: packaging/dev.sh run|test" >&2; exit 2 ;;
esac
