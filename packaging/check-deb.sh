#!/usr/bin/env bash
# CI check of the Linux packages of a configured and built tree (default build/):
#   packaging/check-deb.sh [BUILD_DIR]
# Builds the DEB, RPM and TGZ with CPack, checks their file lists, then installs the DEB on this
# machine with dpkg, runs the INSTALLED programs (the service through its unit's ExecStart line,
# on a private socket folder, and `lapce-ai ping` against it), removes the package and checks that
# its files are gone.
#
# Installed on the machine, not in a scratch root: only a real install runs the maintainer
# scripts, resolves the dependencies dpkg-shlibdeps computed against the system's packages and
# runs the programs from /usr/bin with the system's loader. That needs root (CI runs as root), and
# the script refuses to touch an lapce-ai package it did not install; a trap removes its own.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
build_dir="$(cd "${1:-build}" && pwd)"
out_dir="$build_dir/packages"
work_dir="$(mktemp -d)"
service_pid=""
installed_by_us=0

fail() { echo "check-deb: FAIL: $*" >&2; exit 1; }
step() { echo "check-deb: $*"; }

cleanup() {
  if [[ -n "$service_pid" ]]; then
    kill "$service_pid" 2>/dev/null || true
    wait "$service_pid" 2>/dev/null || true
  fi
  if ((installed_by_us)) && dpkg-query -W lapce-ai >/dev/null 2>&1; then
    dpkg --purge lapce-ai >/dev/null 2>&1 || true
  fi
  rm -rf "$work_dir"
}
trap cleanup EXIT

[[ $(id -u) -eq 0 ]] || fail "installs a package with dpkg: run as root"
if dpkg-query -W -f='${Status}' lapce-ai 2>/dev/null | grep -q "installed"; then
  fail "an lapce-ai package is already installed (remove it with dpkg --purge lapce-ai first)"
fi

version="$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build_dir/CPackConfig.cmake")"
[[ -n "$version" ]] || fail "no CPACK_PACKAGE_VERSION in $build_dir/CPackConfig.cmake"
# The monitor is packaged when the tree has its target (asked of the build tool, which does not
# regenerate the tree for a query as `cmake --build` would).
has_target() {
  if [[ -f "$build_dir/build.ninja" ]]; then
    ninja -C "$build_dir" -t query "$1" >/dev/null 2>&1
  else
    make -C "$build_dir" -q "$1" >/dev/null 2>&1; (($? != 2))
  fi
}
with_monitor=0
if has_target lapce-ai-monitor; then with_monitor=1; fi

rm -rf "$out_dir"
for generator in DEB RPM TGZ; do
  step "cpack -G $generator"
  cpack --config "$build_dir/CPackConfig.cmake" -B "$out_dir" -G "$generator" \
    >"$work_dir/cpack-$generator.log" 2>&1 || { cat "$work_dir/cpack-$generator.log" >&2; fail "cpack -G $generator"; }
done
deb="$(ls "$out_dir"/lapce-ai_"$version"_*.deb)"
rpm_file="$(ls "$out_dir"/lapce-ai-"$version"-*.rpm)"
tgz="$(ls "$out_dir"/lapce-ai-"$version"-*.tar.gz)"

# Paths every package has (below the prefix /usr), and those of the monitor.
expected=(bin/lapce-ai-service bin/lapce-ai lib/systemd/user/lapce-ai.service share/doc/lapce-ai/NOTICE)
monitor_paths=(bin/lapce-ai-monitor share/applications/lapce-ai-monitor.desktop
  share/icons/hicolor/scalable/apps/lapce-ai.svg)
autostart=/etc/xdg/autostart/lapce-ai-monitor.desktop
if ((with_monitor)); then expected+=("${monitor_paths[@]}"); fi

expect_listed() {  # LIST_FILE PREFIX: every expected path under PREFIX is in the list
  local list="$1" prefix="$2" path
  for path in "${expected[@]}"; do
    grep -qxF "$prefix/$path" "$list" || fail "$(basename "$list"): $prefix/$path missing"
  done
  if ((with_monitor)); then
    grep -qxF "$autostart" "$list" || fail "$(basename "$list"): $autostart missing"
  else
    ! grep -q "lapce-ai-monitor" "$list" || fail "$(basename "$list"): monitor files without a monitor"
  fi
}

step "$(basename "$deb"): dpkg-deb -c"
dpkg-deb -c "$deb" | tee "$work_dir/deb.raw"
awk '{print $6}' "$work_dir/deb.raw" | sed 's|^\./|/|; s|/$||' >"$work_dir/deb.list"
expect_listed "$work_dir/deb.list" /usr
dpkg-deb -f "$deb" Package Version Depends Recommends
depends="$(dpkg-deb -f "$deb" Depends)"
for library in libqt6core6 libqt6network6; do
  [[ "$depends" == *"$library"* ]] || fail "Depends lacks $library (dpkg-shlibdeps)"
done

step "$(basename "$rpm_file"): rpm -qlp, requirements and scripts"
rpm -qlp "$rpm_file" | tee "$work_dir/rpm.list"
expect_listed "$work_dir/rpm.list" /usr
rpm -qp --requires "$rpm_file" | tee "$work_dir/rpm.requires"
grep -q 'libQt6Core.so.6' "$work_dir/rpm.requires" || fail "RPM requires no libQt6Core.so.6"
rpm -qp --scripts "$rpm_file" | grep -q 'systemctl --user enable' || fail "RPM lacks its %post note"
! grep -qxE '/usr|/usr/bin|/usr/share|/usr/lib/systemd/user|/etc/xdg/autostart' "$work_dir/rpm.list" ||
  fail "RPM owns a system folder"

step "$(basename "$tgz"): tar tzf (unpacked at /)"
tar tzf "$tgz" | tee "$work_dir/tgz.raw"
sed 's|^|/|; s|/$||' "$work_dir/tgz.raw" >"$work_dir/tgz.list"
expect_listed "$work_dir/tgz.list" /usr/local
tar xzOf "$tgz" usr/local/lib/systemd/user/lapce-ai.service | grep -qxF \
  'ExecStart=/usr/local/bin/lapce-ai-service --foreground' || fail "TGZ unit's ExecStart is not /usr/local/bin"

step "dpkg -i $(basename "$deb")"
installed_by_us=1
if ! dpkg -i "$deb"; then
  step "dependencies missing: apt-get -f install"
  DEBIAN_FRONTEND=noninteractive apt-get install -f -y -qq --no-install-recommends
  dpkg-query -W -f='${Status}' lapce-ai | grep -q "install ok installed" || fail "dpkg -i"
fi
dpkg -L lapce-ai >"$work_dir/installed.list"
for path in "${expected[@]}"; do
  [[ -e "/usr/$path" ]] || fail "/usr/$path not installed"
done
if ((with_monitor)); then
  [[ -e "$autostart" ]] || fail "$autostart not installed"
  if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate /usr/share/applications/lapce-ai-monitor.desktop "$autostart"
  fi
fi
for program in /usr/bin/lapce-ai-service /usr/bin/lapce-ai; do
  if readelf -d "$program" | grep -qE 'RPATH|RUNPATH'; then
    fail "$program carries an RPATH: $(readelf -d "$program" | grep -E 'RPATH|RUNPATH')"
  fi
  ! grep -qaF "$build_dir" "$program" || fail "$program contains the build path $build_dir"
done

step "installed programs"
reported="$(timeout 10 /usr/bin/lapce-ai-service --version)"
echo "$reported"
[[ "$reported" == "lapce-ai-service $version" ]] || fail "--version says '$reported', not $version"

# The service as the user unit starts it: its ExecStart line, plus a private socket folder.
unit=/usr/lib/systemd/user/lapce-ai.service
exec_start="$(sed -n 's/^ExecStart=//p' "$unit")"
[[ "$exec_start" == "/usr/bin/lapce-ai-service --foreground" ]] || fail "$unit: ExecStart=$exec_start"
read -r -a service_command <<<"$exec_start"
"${service_command[@]}" --socket-dir "$work_dir/rt" &
service_pid=$!
cli=(timeout 10 /usr/bin/lapce-ai --socket-dir "$work_dir/rt")
for _ in $(seq 1 200); do
  "${cli[@]}" ping >/dev/null 2>&1 && break
  kill -0 "$service_pid" 2>/dev/null || fail "the installed service exited"
  sleep 0.05
done
"${cli[@]}" ping || fail "lapce-ai ping against the installed service"
kill -TERM "$service_pid"
for _ in $(seq 1 200); do kill -0 "$service_pid" 2>/dev/null || break; sleep 0.05; done
if kill -0 "$service_pid" 2>/dev/null; then fail "the installed service did not stop on SIGTERM"; fi
wait "$service_pid" || fail "the installed service exited with status $? on SIGTERM"
service_pid=""

step "dpkg -r lapce-ai"
dpkg -r lapce-ai
# Files under /etc that dpkg treats as configuration stay until the purge.
conffiles="$( (dpkg-query -W -f='${Conffiles}' lapce-ai 2>/dev/null || true) | awk '{print $1}')"
while read -r path; do
  if [[ -f "$path" ]] && ! grep -qxF "$path" <<<"$conffiles"; then fail "$path left after dpkg -r"; fi
done <"$work_dir/installed.list"
dpkg --purge lapce-ai >/dev/null 2>&1
installed_by_us=0
while read -r path; do
  if [[ -f "$path" ]]; then fail "$path left after dpkg --purge"; fi
done <"$work_dir/installed.list"
step "OK: DEB, RPM and TGZ of lapce-ai $version (monitor packaged: $([[ $with_monitor -eq 1 ]] && echo yes || echo no))"
