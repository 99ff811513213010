# go-record.sh: what tests/golden/regenerate.sh and
# tests/course/regenerate.sh share, sourced by both (POSIX sh).
#
#   go_record_check             exits unless $go is Go 1.19
#   go_record_runs DIR VAR=...  runs DIR/prog three times in DIR with the
#                               environment given (GODEBUG unset) and
#                               leaves out1, err1 (masked by
#                               mask-go-stderr.awk) and exit1 there; fails,
#                               saying so, when the three runs differ
#   go_record_copy DIR DEST     copies them to DEST.stdout, .stderr, .exit

go_record_lib=$(cd "$(dirname "$0")/.." && pwd)

go_record_check () {
  if ! "$go" version 2>/dev/null | grep -q 'go1\.19'; then
    echo "regenerate.sh: needs Go 1.19 (\$GO, default go)" >&2
    exit 1
  fi
}

go_record_runs () {
  _dir=$1
  shift
  for _run in 1 2 3; do
    _rc=0
    (cd "$_dir" && env -u GODEBUG "$@" ./prog > "out$_run" 2> "raw$_run") || _rc=$?
    echo "$_rc" > "$_dir/exit$_run"
    awk -f "$go_record_lib/mask-go-stderr.awk" < "$_dir/raw$_run" > "$_dir/err$_run"
  done
  for _f in out err exit; do
    if ! cmp -s "$_dir/${_f}1" "$_dir/${_f}2" || ! cmp -s "$_dir/${_f}1" "$_dir/${_f}3"; then
      echo "regenerate.sh: $(basename "$_dir") is not deterministic; nothing written" >&2
      return 1
    fi
  done
}

go_record_copy () {
  cp "$1/out1" "$2.stdout"
  cp "$1/err1" "$2.stderr"
  cp "$1/exit1" "$2.exit"
}
