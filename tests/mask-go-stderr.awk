# mask-go-stderr.awk: the part of a Go program's standard error the
# simulator must reproduce, as the regenerate.sh scripts record it and as
# tests/gml-test-run.h (gml_test_stderr_prefix) and check-corpus compare
# it: up to and including the first line that starts with "goroutine ",
# without a fatal error's "runtime stack:" block, with pc=/sp=/fp= values
# and stack=[lo, hi] bounds masked.
skipping { if ($0 == "") skipping = 0; next }
$0 == "runtime stack:" { skipping = 1; next }
{
  gsub(/pc=0x[0-9a-fA-F]+/, "pc=0x?")
  gsub(/sp=0x[0-9a-fA-F]+/, "sp=0x?")
  gsub(/fp=0x[0-9a-fA-F]+/, "fp=0x?")
  gsub(/stack=\[0x[0-9a-fA-F]+, 0x[0-9a-fA-F]+\]/, "stack=[0x?, 0x?]")
  print
  if (index($0, "goroutine ") == 1) exit
}
