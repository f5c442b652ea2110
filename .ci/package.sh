#!/usr/bin/env bash
# Windows delivery, checked on Linux: `frozen` builds with PyInstaller and runs the frozen
# self-test, `installer` compiles installer.nsi with makensis, `wine` installs, upgrades and
# uninstalls it silently in a fresh wine prefix. Each is its own CI section so its time shows.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=.venv/bin/python
DIST=build/dist/KimThanhThiDua
PAYLOAD=build/payload
VERSION=$($PYTHON -c "import kt_desktop; print(kt_desktop.__version__)")
INSTALLER="build/KimThanhThiDua-$VERSION-cai-dat.exe"

need() {  # need COMMAND DEBIAN-PACKAGE...
  command -v "$1" >/dev/null 2>&1 && return 0
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${@:2}" >/dev/null
}

fail() { echo "FAIL: $*" >&2; exit 1; }

frozen() {
  need objdump binutils  # PyInstaller reads shared libraries' dependencies with it
  .venv/bin/pip install -q -e ".[build]"
  rm -rf build/dist build/work
  .venv/bin/pyinstaller resources/packaging/kimthanh.spec --noconfirm \
    --distpath build/dist --workpath build/work --log-level WARN
  # Files a source run never misses but a frozen one would.
  for path in \
    _internal/resources/fonts/LiberationSerif-Regular.ttf \
    _internal/resources/fonts/LICENSE-LiberationSerif.txt \
    _internal/resources/plan/tieu-chi-ke-hoach.json \
    _internal/resources/icons/app.png \
    _internal/kt_desktop/store/migrations/env.py \
    _internal/kt_desktop/store/migrations/versions/0001_initial.py \
    _internal/PySide6/Qt/plugins/platforms/libqoffscreen.so \
    _internal/PySide6/Qt/plugins/platforms/libqxcb.so \
    _internal/PySide6/Qt/plugins/printsupport/libcupsprintersupport.so; do
    [ -e "$DIST/$path" ] || fail "the frozen build lacks $path"
  done
  ls "$DIST"/_internal/libQt6Pdf.so.* >/dev/null 2>&1 || fail "the frozen build lacks QtPdf"
  QT_QPA_PLATFORM=offscreen "$DIST/KimThanhThiDua" --self-test
}

time_to_shown() {  # time_to_shown COMMAND...: seconds until it prints that its window is shown
  $PYTHON - "$@" <<'PY'
import subprocess, sys, time
started = time.perf_counter()
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
line = process.stdout.readline()
elapsed = time.perf_counter() - started
process.wait(timeout=120)
if "shown" not in line:
    sys.exit(f"no window: {line!r}")
print(f"{elapsed:.3f}")
PY
}

figures() {
  local data
  data=$(mktemp -d)/"Dữ liệu mẫu"
  export QT_QPA_PLATFORM=offscreen
  $PYTHON main.py --demo --data-dir "$data" --exit-when-shown >/dev/null  # create the demo data
  local source_times=() frozen_times=()
  for _ in 1 2 3 4 5; do
    source_times+=("$(time_to_shown $PYTHON main.py --demo --data-dir "$data" --exit-when-shown)")
    frozen_times+=("$(time_to_shown "$DIST/KimThanhThiDua" --demo --data-dir "$data" --exit-when-shown)")
  done
  $PYTHON - "${source_times[*]}" "${frozen_times[*]}" "$DIST" "$INSTALLER" <<'PY'
import statistics, subprocess, sys
from pathlib import Path
source = statistics.median(float(x) for x in sys.argv[1].split())
frozen = statistics.median(float(x) for x in sys.argv[2].split())
folder = sum(p.lstat().st_size for p in Path(sys.argv[3]).rglob("*") if not p.is_dir() or p.is_symlink())
installer = Path(sys.argv[4])
size = f"{installer.stat().st_size / 2**20:.0f} MB" if installer.exists() else "not built yet"
print(f"[figures] cold start to main window (demo data, medians of 5): frozen {frozen:.3f} s, "
      f"from source {source:.3f} s, ratio {frozen / source:.2f}; build folder "
      f"{folder / 2**20:.0f} MB; installer {size}")
PY
}

installer() {
  need makensis nsis
  if makensis -V1 installer.nsi >/dev/null 2>&1; then
    fail "installer.nsi built without /DVERSION"
  fi
  # The payload as Windows has it: the Linux build's program file gets its .exe name.
  rm -rf "$PAYLOAD" && cp -a "$DIST" "$PAYLOAD"
  [ -e "$PAYLOAD/KimThanhThiDua.exe" ] || mv "$PAYLOAD/KimThanhThiDua" "$PAYLOAD/KimThanhThiDua.exe"
  makensis -V2 -DVERSION="$VERSION" -DPAYLOAD="$PAYLOAD" -DOUTDIR=build installer.nsi
  file "$INSTALLER" | grep -q "PE32+ executable (GUI) x86-64" || fail "$INSTALLER is not a Windows program"
  echo "installer: $INSTALLER ($(du -h "$INSTALLER" | cut -f1))"
}

wine_checks() {
  need wine wine
  export WINEDEBUG=-all WINEDLLOVERRIDES="winemenubuilder.exe=d"
  WINEPREFIX=$(mktemp -d)/prefix
  export WINEPREFIX
  wineboot -i >/dev/null 2>&1
  wineserver -w
  local user_dir local_dir program start_menu desktop key
  user_dir=$(ls -d "$WINEPREFIX"/drive_c/users/* | grep -v Public | head -n1)
  local_dir="$user_dir/AppData/Local"
  program="$local_dir/Programs/KimThanhThiDua"
  start_menu="$user_dir/AppData/Roaming/Microsoft/Windows/Start Menu/Programs"
  # wine links the Desktop to $HOME; a real folder keeps the test inside the prefix.
  rm -rf "$user_dir/Desktop" && mkdir -p "$user_dir/Desktop"
  desktop="$user_dir/Desktop"
  key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\KimThanhThiDua'
  mkdir -p "$local_dir/KimThanhThiDua"
  echo "dữ liệu của xã" > "$local_dir/KimThanhThiDua/kimthanh.sqlite"

  echo "wine: install silently"
  wine "$INSTALLER" /S; wineserver -w
  [ -f "$program/KimThanhThiDua.exe" ] || fail "program not installed"
  [ -d "$program/_internal/resources/fonts" ] || fail "program files incomplete"
  [ -f "$program/go-cai-dat.exe" ] || fail "uninstaller missing"
  [ -f "$start_menu/Thi đua Kim Thành.lnk" ] || fail "Start-menu shortcut missing"
  [ -f "$desktop/Thi đua Kim Thành.lnk" ] || fail "desktop shortcut missing"
  wine reg query "$key" /v DisplayVersion | grep -q "$VERSION" || fail "uninstall entry missing"

  echo "wine: upgrade in place over the installed copy"
  touch "$program/_internal/tep-cu-con-sot.txt"
  wine "$INSTALLER" /S; wineserver -w
  [ ! -e "$program/_internal/tep-cu-con-sot.txt" ] || fail "the upgrade left an old file behind"
  [ -f "$program/KimThanhThiDua.exe" ] || fail "program missing after the upgrade"

  echo "wine: an install folder that cannot be written is refused"
  if wine "$INSTALLER" /S /D=Z:\\proc\\khong-ghi-duoc; then fail "installed into an unwritable folder"; fi
  wineserver -w

  echo "wine: uninstall silently"
  wine "$program/go-cai-dat.exe" /S; wineserver -w
  for _ in $(seq 1 30); do [ -e "$program" ] || break; sleep 1; done
  [ ! -e "$program/KimThanhThiDua.exe" ] || fail "program still there after uninstall"
  [ ! -e "$program" ] || fail "install folder still there after uninstall"
  [ ! -e "$start_menu/Thi đua Kim Thành.lnk" ] || fail "Start-menu shortcut left behind"
  [ ! -e "$desktop/Thi đua Kim Thành.lnk" ] || fail "desktop shortcut left behind"
  if wine reg query "$key" >/dev/null 2>&1; then fail "uninstall entry left behind"; fi
  grep -q "dữ liệu của xã" "$local_dir/KimThanhThiDua/kimthanh.sqlite" || fail "the data folder was not kept"
  echo "wine: installed, upgraded, refused a read-only folder, uninstalled; data folder kept"
}

case "${1:-}" in
  frozen) frozen ;;
  figures) figures ;;
  installer) installer ;;
  wine) wine_checks ;;
  *) echo "usage: $0 frozen|figures|installer|wine" >&2; exit 2 ;;
esac
