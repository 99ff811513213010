#!/usr/bin/env python3
"""Print the test totals of one or more meson build directories.

Usage: tools/test-summary.py BUILDDIR...

meson 1.0 ends `meson test` with "Ok: / Fail: / Skipped:" counts of test
programs; this reads BUILDDIR/meson-logs/testlog.json instead and counts
TAP subtests, so the last line is exactly "N passed, N failed". Skipped
tests are listed on an earlier line and are not counted as passed.

Rules:
- A TAP test (its output has a plan "1..N" or "ok"/"not ok" lines) counts
  each subtest: "ok" passes, "not ok" fails, "# SKIP" skips, "# TODO" is
  ignored. A TAP program that bailed out, crashed or timed out after its
  last subtest line counts one more failure.
- Any other test counts as one: OK and EXPECTEDFAIL pass, SKIP skips,
  everything else fails.
- A build directory without a test log counts as one failure (its build or
  configuration failed before the tests ran).

Exits 1 if anything failed, else 0.
"""
import json
import os
import re
import sys

PLAN = re.compile(r"^1\.\.(\d+)(.*)$")
RESULT = re.compile(r"^(not ok|ok)\b(.*)$")
DIRECTIVE = re.compile(r"#\s*(SKIP|TODO)\b", re.IGNORECASE)
BAD_RESULTS = {"FAIL", "ERROR", "TIMEOUT", "UNEXPECTEDPASS", "INTERRUPT"}


class Totals:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.failures = []


def count_tap(stdout, result, name, totals):
    """Counts one TAP program; returns False if stdout is not TAP."""
    lines = stdout.splitlines()
    is_tap = any(PLAN.match(l) or RESULT.match(l) for l in lines)
    if not is_tap:
        return False

    failed_before = totals.failed
    for line in lines:
        plan = PLAN.match(line)
        if plan and plan.group(1) == "0" and DIRECTIVE.search(plan.group(2)):
            totals.skipped += 1
            continue
        match = RESULT.match(line)
        if not match:
            continue
        directive = DIRECTIVE.search(match.group(2))
        kind = directive.group(1).upper() if directive else None
        if kind == "SKIP":
            totals.skipped += 1
        elif kind == "TODO":
            continue
        elif match.group(1) == "ok":
            totals.passed += 1
        else:
            totals.failed += 1
            totals.failures.append(f"{name}: {line.strip()}")

    if result in BAD_RESULTS and totals.failed == failed_before:
        totals.failed += 1
        totals.failures.append(f"{name}: {result} (crashed, bailed out or timed out)")
    return True


def count_plain(result, name, totals):
    if result in ("OK", "EXPECTEDFAIL"):
        totals.passed += 1
    elif result == "SKIP":
        totals.skipped += 1
    else:
        totals.failed += 1
        totals.failures.append(f"{name}: {result}")


def count_build_dir(builddir, totals):
    log = os.path.join(builddir, "meson-logs", "testlog.json")
    if not os.path.exists(log):
        totals.failed += 1
        totals.failures.append(f"{builddir}: no test log (build or setup failed)")
        return

    with open(log, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            entry = json.loads(line)
            name = f"{builddir}: {entry['name']}"
            stdout = entry.get("stdout") or ""
            if not count_tap(stdout, entry["result"], name, totals):
                count_plain(entry["result"], name, totals)


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2

    totals = Totals()
    for builddir in argv[1:]:
        count_build_dir(builddir, totals)

    for failure in totals.failures:
        print(f"FAILED {failure}")
    print(f"{totals.skipped} skipped")
    print(f"{totals.passed} passed, {totals.failed} failed")
    return 1 if totals.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
