#!/bin/bash
# Set up, build and run or test Go Memory Lab on Debian 12.
#
#   tools/setup.sh run [FILE.go...]  install what is missing, build into
#                                    build/, start the app (on the built-in
#                                    tour when no file is given)
#   tools/setup.sh test              the same set-up, then every test: build/
#                                    (under xvfb-run when there is no
#                                    display) and the engine with ASan+UBSan
#                                    in build-asan/; the last line is
#                                    "N passed, N failed"
#
# Packages are installed with apt-get, as root or through sudo; everything
# else runs as the calling user. With $CI set, warnings are errors.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=$ROOT/build
BUILD_ASAN=$ROOT/build-asan

# Everything the app, the tests, the sanitizer build and the later fuzzer
# need on a fresh Debian 12. Go itself is not needed.
PACKAGES=(
  build-essential pkg-config meson ninja-build python3
  libglib2.0-dev libglib2.0-dev-bin libjson-glib-dev
  libgtk-4-dev libadwaita-1-dev libgtksourceview-5-dev
  libgtk-4-bin adwaita-icon-theme librsvg2-common fonts-dejavu-core
  shared-mime-info
  gettext desktop-file-utils appstream
  xvfb xauth
  clang libclang-rt-14-dev
)

usage() {
  sed -n '2,14s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
  exit 2
}

log() {
  printf '==> %s\n' "$*" >&2
}

missing_packages() {
  local pkg status
  for pkg in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null || true)
    [[ $status == ii* ]] || printf '%s\n' "$pkg"
  done
}

as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    log "Not root and no sudo: run as root: $*"
    exit 1
  fi
}

install_missing() {
  local missing
  mapfile -t missing < <(missing_packages)
  if [[ ${#missing[@]} -eq 0 ]]; then
    log "All ${#PACKAGES[@]} packages are installed"
    return
  fi
  log "Installing: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# configure DIR [meson options...]: set up DIR, or update its options.
configure() {
  local dir=$1
  shift
  local werror=false
  [[ -n ${CI:-} ]] && werror=true
  if [[ -f $dir/meson-private/coredata.dat ]]; then
    meson configure "$dir" -Dwerror="$werror" "$@"
  else
    meson setup "$dir" "$ROOT" -Dwerror="$werror" "$@"
  fi
}

build() {
  local dir=$1
  shift
  log "Building $dir"
  configure "$dir" "$@" && meson compile -C "$dir"
}

has_display() {
  [[ -n ${DISPLAY:-} || -n ${WAYLAND_DISPLAY:-} ]]
}

# run_tests DIR: meson test, with a virtual X server when needed.
run_tests() {
  local dir=$1
  local -a cmd=(meson test -C "$dir" --print-errorlogs)
  rm -f "$dir/meson-logs/testlog.json"
  log "Testing $dir"
  if has_display; then
    "${cmd[@]}"
  else
    xvfb-run -a -s "-screen 0 1280x1024x24" "${cmd[@]}"
  fi
}

run_app() {
  build "$BUILD" || exit 1
  log "Starting Go Memory Lab"
  # Without files, start on the tour rather than on the course page
  # (which is what plain `gomemlab` shows).
  [[ $# -gt 0 ]] || set -- --tour
  # Uninstalled, the app finds its GSettings schema in build/data.
  GSETTINGS_SCHEMA_DIR=$BUILD/data exec "$BUILD/src/gomemlab" "$@"
}

run_test_suite() {
  # Sanitizer reports must fail the test that triggered them.
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1:check_initialization_order=1}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

  local status=0
  if build "$BUILD"; then
    run_tests "$BUILD" || status=1
  else
    status=1
    rm -f "$BUILD/meson-logs/testlog.json"
  fi
  if build "$BUILD_ASAN" -Db_sanitize=address,undefined -Dengine_only=true; then
    run_tests "$BUILD_ASAN" || status=1
  else
    status=1
    rm -f "$BUILD_ASAN/meson-logs/testlog.json"
  fi

  python3 "$ROOT/tools/test-summary.py" "$BUILD" "$BUILD_ASAN" || status=1
  exit "$status"
}

main() {
  [[ $# -ge 1 ]] || usage
  local mode=$1
  shift
  case $mode in
    run) install_missing; run_app "$@" ;;
    test) [[ $# -eq 0 ]] || usage; install_missing; run_test_suite ;;
    *) usage ;;
  esac
}

main "$@"
