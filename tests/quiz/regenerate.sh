#!/bin/sh
# Records what Go 1.19 prints for the quiz programs (NAME.stdout and
# NAME.stderr) and its escape-analysis decisions (NAME.escape, from
# `go build -gcflags='-m -l'`), run with the settings of NAME.json.
# test-quiz checks that the engine prints the same, and the expected
# answers in test-quiz.c are the numbers these programs print.
#
# live.go measures heap bytes, into which Go's own background work
# (timers, the scavenger) sometimes adds a few allocations: its output is
# the smallest of 20 runs, the quiet run.
set -e
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for go in *.go; do
  name=${go%.go}
  case $name in
    heap-count|live|objects) env="GOGC=off" ;;
    goroutines) env="GOMAXPROCS=1" ;;
    *) env="" ;;
  esac
  cp "$go" "$tmp/$go"
  (cd "$tmp" && go build -o "$tmp/$name" "$go")
  if [ "$name" = live ]; then
    for i in $(seq 20); do env $env "$tmp/$name"; done | sort -n | head -1 > "$name.stdout"
    : > "$name.stderr"
  else
    (cd "$tmp" && env $env "./$name" > "$OLDPWD/$name.stdout" 2> "$OLDPWD/$name.stderr")
  fi
  (cd "$tmp" && go build -gcflags='-m -l' -o "$tmp/prog" "$go" 2>&1) | grep -v '^#' | sed "s|^\./||" > "$name.escape"
done
