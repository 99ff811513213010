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
done | awk '
  { old[NR] = $1; new[NR] = $2; r[NR] = $2 / $1 }
  END {
    n = NR
    # insertion sorts: n is small
    for (i = 2; i <= n; i++) for (j = i; j > 1 && r[j-1] > r[j]; j--) { t = r[j]; r[j] = r[j-1]; r[j-1] = t }
    for (i = 2; i <= n; i++) for (j = i; j > 1 && old[j-1] > old[j]; j--) { t = old[j]; old[j] = old[j-1]; old[j-1] = t }
    for (i = 2; i <= n; i++) for (j = i; j > 1 && new[j-1] > new[j]; j--) { t = new[j]; new[j] = new[j-1]; new[j-1] = t }
    med = (n % 2) ? r[(n + 1) / 2] : (r[n / 2] + r[n / 2 + 1]) / 2
    printf "compare: %s pairs=%d old_min_s=%.4f new_min_s=%.4f ratio_median=%.3f\n", "'"$name"'", n, old[1], new[1], med
  }'
