#!/bin/sh
# Regenerates tests/escape/*.escape with the real Go 1.19 compiler, as
# ../shared/corpus/README.md records its .escape files: `-m -l` output,
# path reduced to the base name, sorted (duplicates kept).
#
#   tests/escape/regen-goldens.sh [NAME.go...]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
[ $# -gt 0 ] || set -- *.go
for f in "$@"; do
  tmp=$(mktemp -d)
  cp "$f" "$tmp/"
  printf 'module escapetests\n\ngo 1.19\n' > "$tmp/go.mod"
  # Never -o /dev/null: Go 1.19 run as root replaces it with a file.
  (cd "$tmp" && go build -gcflags='-m -l' -o "$tmp/prog" "$(basename "$f")" 2>&1 || true) \
    | grep -v '^#' | sed 's|^\./||' | LC_ALL=C sort > "${f%.go}.escape"
  rm -rf "$tmp"
done
