#!/bin/sh
# regenerate.sh: record what real Go 1.19 does with the programs of the
# built-in course (data/scenarios/NAME.go), for tests/test-course.c.
#
#   tests/course/regenerate.sh [NAME ...]
#
# For every scenario (all data/scenarios/*.json when none is named) it
# copies NAME.go into a temporary module (go 1.19), builds it, runs the
# binary three times with the scenario's settings and writes
#
#   NAME.stdout   standard output, exactly
#   NAME.stderr   standard error up to and including the first line that
#                 starts with "goroutine " (the simulator's own traceback
#                 follows it), without a fatal error's "runtime stack:"
#                 block, with pc=/sp=/fp= values and stack=[lo, hi] bounds
#                 masked, as tests/golden/regenerate.sh does
#   NAME.exit     the exit status
#   NAME.escape   `go build -gcflags='-m -l'` diagnostics with the path
#                 reduced to the base name, sorted (duplicates kept), as
#                 ../shared/corpus records them
#
# The binary is run directly rather than with `go run`, which is the same
# build but appends "exit status N" to stderr and exits 1 whenever the
# program exits non-zero.
#
# Settings: "gogc" and "gomemlimit" become GOGC and GOMEMLIMIT, "gomaxprocs"
# GOMAXPROCS (default 2, the simulator's).  Go has no environment variable
# for "stack_limit" and runtime/debug.SetMaxStack is outside the simulator's
# subset, so a scenario with a lowered stack limit is recorded at Go's
# default limit (test-course.c explains how it compares that case).
#
# It refuses to write anything for a program whose three runs differ.
# Only this script needs Go; the test does not.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
scenarios=$(cd "$here/../../data/scenarios" && pwd)
go=${GO:-go}

. "$here/../go-record.sh"
go_record_check

# The environment for a scenario's settings, one VAR=VALUE a line.
settings_env () {
  python3 - "$1" <<'EOF'
import json, sys
settings = json.load(open(sys.argv[1])).get("settings", {})
gogc = settings.get("gogc", 100)
print("GOGC=%s" % gogc)
print("GOMEMLIMIT=%s" % settings.get("gomemlimit", "off"))
print("GOMAXPROCS=%d" % settings.get("gomaxprocs", 2))
EOF
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

if [ $# -eq 0 ]; then
  set -- $(cd "$scenarios" && ls *.json | sed 's/\.json$//')
fi

status=0
for name in "$@"; do
  src="$scenarios/$name.go"
  dir="$work/$name"
  mkdir -p "$dir"
  cp "$src" "$dir/$name.go"
  printf 'module course\n\ngo 1.19\n' > "$dir/go.mod"
  if ! (cd "$dir" && "$go" build -o "$dir/prog" "$name.go"); then
    echo "regenerate.sh: $name does not build" >&2
    status=1
    continue
  fi
  # Never -o /dev/null: Go 1.19 run as root replaces it with a file.
  (cd "$dir" && "$go" build -gcflags='-m -l' -o "$dir/prog-l" "$name.go" 2>&1 || true) \
    | grep -v '^#' | sed 's|^\./||' | LC_ALL=C sort > "$dir/escape"
  env_vars=$(settings_env "$scenarios/$name.json")
  # shellcheck disable=SC2086  # one VAR=VALUE per word
  if ! go_record_runs "$dir" $env_vars; then
    status=1
    continue
  fi
  go_record_copy "$dir" "$here/$name"
  cp "$dir/escape" "$here/$name.escape"
  echo "$name: exit $(cat "$dir/exit1") ($(echo $env_vars))"
done
exit $status
