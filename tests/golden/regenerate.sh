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

if ! "$go" version 2>/dev/null | grep -q 'go1\.19'; then
  echo "regenerate.sh: needs Go 1.19 (\$GO, default go)" >&2
  exit 1
fi

# The part of stderr the simulator must reproduce.
normalise () {
  awk -f "$here/../mask-go-stderr.awk"
}

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
  for run in 1 2 3; do
    rc=0
    (cd "$dir" && GOMAXPROCS=2 ./prog > "out$run" 2> "raw$run") || rc=$?
    echo "$rc" > "$dir/exit$run"
    normalise < "$dir/raw$run" > "$dir/err$run"
  done
  if ! cmp -s "$dir/out1" "$dir/out2" || ! cmp -s "$dir/out1" "$dir/out3" ||
     ! cmp -s "$dir/err1" "$dir/err2" || ! cmp -s "$dir/err1" "$dir/err3" ||
     ! cmp -s "$dir/exit1" "$dir/exit2" || ! cmp -s "$dir/exit1" "$dir/exit3"; then
    echo "regenerate.sh: $name is not deterministic; nothing written" >&2
    status=1
    continue
  fi
  cp "$dir/out1" "$here/$name.stdout"
  cp "$dir/err1" "$here/$name.stderr"
  cp "$dir/exit1" "$here/$name.exit"
  echo "$name: exit $(cat "$dir/exit1")"
done
exit $status
