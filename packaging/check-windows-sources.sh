#!/usr/bin/env bash
# Compiles (syntax and types, no link) the Windows implementations of the platform layer with
# MinGW-w64, so that the code Windows builds use is checked on every change even though only
# Linux is built here. Needs a configured build dir for the generated protobuf header.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
build_dir="${1:-build}"
compiler=x86_64-w64-mingw32-g++-posix
qt=/usr/include/x86_64-linux-gnu/qt6
flags=(-std=c++20 -Wall -Wextra -Werror -fsyntax-only -D_WIN32_WINNT=0x0A00 -DNOMINMAX -DWIN32_LEAN_AND_MEAN -DQT_NO_KEYWORDS -DLAPCE_AI_VERSION='"0"'
       -Ishared -Iservice/ipc -Iservice/core -Iservice/app -Iservice/prompts -Iservice/providers/http -isystem "$build_dir/shared/proto"
       -isystem "$qt" -isystem "$qt/QtCore" -isystem "$qt/QtNetwork" -idirafter /usr/include)
sources=(
  shared/control_channel_windows.cpp shared/shared_memory_windows.cpp shared/ring_waker_windows.cpp
  shared/ring_waker_timed.cpp shared/shared_memory.cpp shared/random_hex.cpp shared/spsc_ring.cpp
  shared/ring_segment.cpp shared/runtime_paths.cpp shared/ipc_client.cpp
  service/app/daemon_windows.cpp service/app/termination_signals_windows.cpp
  service/core/memory_probe_windows.cpp service/core/mapped_file_windows.cpp service/core/file_reader.cpp service/core/directory_cache.cpp service/core/change_watcher_portable.cpp service/ipc/session.cpp service/ipc/session_state.cpp
  service/ipc/ipc_server.cpp service/prompts/machine_info.cpp service/providers/http/tcp_no_delay_windows.cpp
)
for source in "${sources[@]}"; do
  "$compiler" "${flags[@]}" "$source"
done
echo "windows sources: ${#sources[@]} files compile with $compiler"
