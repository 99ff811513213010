#!/bin/sh
# compare.sh: times two builds of bench-timeline on one workload and
# prints the median of the ratios NEW/OLD over pairs of runs (below 1:
# NEW is faster).
#
#   bench/compare.sh [-n PAIRS] [-p] NAME OLD_BIN NEW_BIN
#   bench/compare.sh -n 200 goroutines-10k /tmp/bench-timeline.old build-bench/bench/bench-timeline
#
# By default each pair runs OLD, then NEW, one after the other: the
# recording uses both cores (the simulation and the memory's packer
# thread).  With -p the two run at the same moment, one pinned to each of
# two cores (swapping every pair), so that whatever slows the machine
# down slows both; that is only fair with the packer off in both
# (GOMEMLAB_PACKER=0 in the environment).
#
# Both runs use --record-only.  Run the same binary twice to see the noise.
set -eu

pairs=20
parallel=0
while [ $# -gt 0 ]; do
  case $1 in
    -n) pairs=$2; shift 2 ;;
    -p) parallel=1; shift ;;
    *) break ;;
  esac
done
if [ $# -ne 3 ]; then
  echo "usage: $0 [-n PAIRS] [-p] NAME OLD_BIN NEW_BIN" >&2
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
  if [ "$parallel" = 1 ]; then
    a=$((i % 2))
    b=$((1 - a))
    taskset -c "$a" "$old" --record-only "$name" "$program" > "$tmp/old" &
    taskset -c "$b" "$new" --record-only "$name" "$program" > "$tmp/new" &
    wait
  else
    "$old" --record-only "$name" "$program" > "$tmp/old"
    "$new" --record-only "$name" "$program" > "$tmp/new"
  fi
  echo "$(sim_s "$tmp/old") $(sim_s "$tmp/new")"
  i=$((i + 1))
done > "$tmp/pairs"

# The median ratio, and each build's best run.
ratio=$(awk '{ print $2 / $1 }' "$tmp/pairs" | sort -g | awk '{ r[NR] = $1 } END { print (NR % 2) ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2 }')
old_min=$(cut -d' ' -f1 "$tmp/pairs" | sort -g | head -n 1)
new_min=$(cut -d' ' -f2 "$tmp/pairs" | sort -g | head -n 1)
printf 'compare: %s pairs=%d old_min_s=%s new_min_s=%s ratio_median=%.3f\n' \
  "$name" "$pairs" "$old_min" "$new_min" "$ratio"
