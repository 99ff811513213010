#!/bin/sh
# validate-ui-gtk.sh GTK4_BUILDER_TOOL FILE.ui... (suite 'data', TAP)
#
# Runs `gtk4-builder-tool validate` on each file. The tool knows GTK's own
# types only, so ui/meson.build passes the files that use nothing else;
# test-ui-files.c checks every file with libadwaita and GtkSourceView
# loaded. The tool crashes without a display: skip then, like the UI tests.
set -u

tool=$1
shift

if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "1..0 # SKIP no display (run under xvfb-run)"
  exit 0
fi

echo "1..$#"
n=0
status=0
for file in "$@"; do
  n=$((n + 1))
  if output=$("$tool" validate "$file" 2>&1); then
    echo "ok $n $file"
  else
    echo "not ok $n $file"
    printf '%s\n' "$output" | sed 's/^/# /'
    status=1
  fi
done
exit $status
