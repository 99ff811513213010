#!/usr/bin/env python3
"""Check the translation set-up (suite 'data', TAP).

Usage: tests/check-i18n.py SRCROOT XGETTEXT

1. Every file in po/POTFILES exists, and every file with translatable
   strings is listed: C files under src/ that call _(), N_(), C_() or
   NC_(), .ui files under ui/ with translatable="yes", and the desktop,
   metainfo and schema files in data/.
2. In .ui files, user-visible properties (labels, titles, tooltips,
   descriptions, menu labels) are marked translatable="yes", or
   translatable="no" on purpose.
3. xgettext extracts every listed file, with the keywords of meson's
   'glib' preset, into a temporary file: what the gomemlab-pot target
   does, without writing po/gomemlab.pot. Each listed file must yield at
   least one message.
"""
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

C_MARKER = re.compile(r"(?<![A-Za-z0-9_])(_|N_|C_|NC_)\s*\(")
UI_MARKER = re.compile(r'translatable="yes"')
DATA_SUFFIXES = (".desktop.in", ".metainfo.xml.in", ".gschema.xml")

# GtkBuilder properties and menu attributes that a person reads.
VISIBLE = {
    "label", "title", "subtitle", "description", "tooltip-text",
    "tooltip-markup", "placeholder-text", "text", "heading", "body",
    "secondary-text", "section-title",
}

# The keywords and flags of meson's i18n 'glib' preset.
XGETTEXT_ARGS = [
    "--from-code=UTF-8", "--add-comments",
    "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3",
    "--keyword=g_dpgettext2:2c,3",
    "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format",
    "--flag=NC_:2:pass-c-format", "--flag=g_dngettext:2:pass-c-format",
    "--flag=g_strdup_printf:1:c-format",
    "--flag=g_string_printf:2:c-format",
    "--flag=g_string_append_printf:2:c-format",
]


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = False

    def result(self, ok, name, details=()):
        self.n += 1
        print(f"{'ok' if ok else 'not ok'} {self.n} {name}")
        for line in details:
            print(f"# {line}")
        self.failed |= not ok


def read_potfiles(root):
    with open(os.path.join(root, "po", "POTFILES"), encoding="utf-8") as f:
        lines = (line.strip() for line in f)
        return [l for l in lines if l and not l.startswith("#")]


def walk(root, folder, suffixes):
    for dirpath, _, names in os.walk(os.path.join(root, folder)):
        for name in sorted(names):
            if name.endswith(suffixes):
                yield os.path.relpath(os.path.join(dirpath, name), root)


def has_marker(root, path, marker):
    with open(os.path.join(root, path), encoding="utf-8", errors="replace") as f:
        return marker.search(f.read()) is not None


def files_with_strings(root):
    found = [p for p in walk(root, "src", (".c",)) if has_marker(root, p, C_MARKER)]
    found += [p for p in walk(root, "ui", (".ui",)) if has_marker(root, p, UI_MARKER)]
    found += [os.path.join("data", name) for name in os.listdir(os.path.join(root, "data"))
              if name.endswith(DATA_SUFFIXES)]
    return sorted(found)


def unmarked_ui_strings(root, path):
    problems = []
    for element in ET.parse(os.path.join(root, path)).iter():
        if element.tag not in ("property", "attribute"):
            continue
        if element.get("name") not in VISIBLE or "translatable" in element.attrib:
            continue
        if re.search(r"[A-Za-z]", element.text or ""):
            problems.append(f"{path}: {element.get('name')} “{element.text.strip()}”")
    return problems


def check_listing(root, tap):
    listed = read_potfiles(root)
    missing = [p for p in listed if not os.path.exists(os.path.join(root, p))]
    tap.result(not missing, "every file in po/POTFILES exists",
               [f"missing: {p}" for p in missing])
    unlisted = [p for p in files_with_strings(root) if p not in listed]
    tap.result(not unlisted, "every file with translatable strings is in po/POTFILES",
               [f"not listed: {p}" for p in unlisted])
    return [p for p in listed if p not in missing]


def check_ui_marking(root, tap):
    problems = []
    for path in walk(root, "ui", (".ui",)):
        problems += unmarked_ui_strings(root, path)
    tap.result(not problems, "user-visible .ui strings are translatable", problems)


def check_extraction(root, xgettext, listed, tap):
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "gomemlab.pot")
        run = subprocess.run(
            [xgettext, *XGETTEXT_ARGS, f"--directory={root}",
             f"--output={pot}", "--package-name=gomemlab", *listed],
            capture_output=True, text=True)
        text = open(pot, encoding="utf-8").read() if os.path.exists(pot) else ""
    tap.result(run.returncode == 0 and text, "xgettext extracts the POTFILES",
               run.stderr.splitlines())
    silent = [p for p in listed if f" {p}:" not in text]
    tap.result(not silent, "every listed file yields a message",
               [f"no messages from {p}" for p in silent])


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    root, xgettext = argv[1], argv[2]

    print("1..5")
    tap = Tap()
    listed = check_listing(root, tap)
    check_ui_marking(root, tap)
    check_extraction(root, xgettext, listed, tap)
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
