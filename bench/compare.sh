#!/bin/sh
# compare.sh: times two builds of bench-timeline on one workload by running
# them at the same moment, one on each of two cores (swapping cores every
# pair), so that whatever slows the machine down slows both.  Prints the
# median of the pairs' ratios NEW/OLD (below 1: NEW is faster).
#
#   bench/compare.sh [-n PAIRS] NAME OLD_BIN NEW_BIN
#   bench/compare.sh -n 20 goroutines-10k /tmp/bench-timeline.old build-bench/bench/bench-timeline
#
# Both runs use --record-only.  Run the same binary twice to see the noise.
set -eu

pairs=20
if [ "${1:-}" = "-n" ]; then
  pairs=$2
  shift 2
fi
if [ $# -ne 3 ]; then
  echo "usage: $0 [-n PAIRS] NAME OLD_BIN NEW_BIN" >&2
  exit 2
fi
name=$1 old=$2 new=$3
program="$(dirname "$0")/programs/$name.go"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

sim_s () {
  sed -n 's/.*sim_s=\([0-9.]*\).*/\1/p' "$1"
}

i=0
while [ "$i" -lt "$pairs" ]; do
  a=$((i % 2))
  b=$((1 - a))
  taskset -c "$a" "$old" --record-only "$name" "$program" > "$tmp/old" &
  taskset -c "$b" "$new" --record-only "$name" "$program" > "$tmp/new" &
  wait
  echo "$(sim_s "$tmp/old") $(sim_s "$tmp/new")"
  i=$((i + 1))
done > "$tmp/pairs"

# The median ratio, and each build's best run.
ratio=$(awk '{ print $2 / $1 }' "$tmp/pairs" | sort -g | awk '{ r[NR] = $1 } END { print (NR % 2) ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2 }')
old_min=$(cut -d' ' -f1 "$tmp/pairs" | sort -g | head -n 1)
new_min=$(cut -d' ' -f2 "$tmp/pairs" | sort -g | head -n 1)
printf 'compare: %s pairs=%d old_min_s=%s new_min_s=%s ratio_median=%.3f\n' \
  "$name" "$pairs" "$old_min" "$new_min" "$ratio"
