#!/bin/sh
# Regenerates NAME.err (the first error the Go 1.19 compiler prints) for
# each NAME.go given, or for every program here.  The programs about the
# simulator's own limits ("... not supported by the simulator") are valid
# Go: their .err files are written by hand and skipped here.
set -e
cd "$(dirname "$0")"
[ $# -gt 0 ] || set -- *.go
for f in "$@"; do
  case "$f" in unsupported-*|nesting-*) continue ;; esac
  tmp=$(mktemp -d)
  cp "$f" "$tmp/"
  (cd "$tmp" && go tool compile -p main -o /dev/null "$f" 2>&1 | grep -av '^#' | head -1) > "${f%.go}.err"
  rm -rf "$tmp"
done
