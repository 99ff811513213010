#!/bin/sh
# regenerate.sh: record the expected output of the golden programs with the
# real Go toolchain (Go 1.19, linux/amd64), for tests/test-golden.c.
#
#   tests/golden/regenerate.sh [NNN_feature.go ...]
#
# For every program (all NNN_*.go here when none are named) it builds the
# program in a temporary module, runs it three times with GOMAXPROCS=2 (the
# simulator's default) and writes
#
#   NNN_feature.stdout   standard output, exactly
#   NNN_feature.stderr   standard error up to and including the first line
#                        that starts with "goroutine " (the simulator's own
#                        traceback follows it), without a fatal error's
#                        "runtime stack:" block, with pc=/sp=/fp= values and
#                        stack=[lo, hi] bounds masked as check-corpus does
#   NNN_feature.exit     the exit status
#
# It refuses to write anything for a program whose three runs differ: a
# golden program must be deterministic.  Only this script needs Go; the
# test itself does not.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
go=${GO:-go}

. "$here/../go-record.sh"
go_record_check

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

if [ $# -eq 0 ]; then
  set -- "$here"/[0-9][0-9][0-9]_*.go
fi

status=0
for src in "$@"; do
  name=$(basename "$src" .go)
  dir="$work/$name"
  mkdir -p "$dir"
  cp "$src" "$dir/prog.go"
  printf 'module x\ngo 1.19\n' > "$dir/go.mod"
  if ! (cd "$dir" && "$go" build -o ./prog prog.go); then
    echo "regenerate.sh: $name does not build" >&2
    status=1
    continue
  fi
  if ! go_record_runs "$dir" GOMAXPROCS=2; then
    status=1
    continue
  fi
  go_record_copy "$dir" "$here/$name"
  echo "$name: exit $(cat "$dir/exit1")"
done
exit $status
