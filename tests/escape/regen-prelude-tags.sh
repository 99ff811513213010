#!/bin/sh
# Regenerates tests/escape/prelude-tags.txt: the leak tags Go 1.19's own
# standard library has for the functions the prelude (src/engine/prelude)
# also defines, read from `go build -gcflags=PKG=-m` of each real package
# ("leaking param: p", "p does not escape", ...).  Written in the
# //gml:escape syntax of gml-escape.h: "pkg.Func param=tag[,tag]".
set -eu
here=$(cd "$(dirname "$0")" && pwd)
prelude="$here/../../src/engine/prelude"
tmp=$(mktemp -d)
for p in errors fmt runtime strconv strings sync time os; do
  (cd "$tmp" && go build -gcflags="$p=-m" -o "$tmp/pkg.a" "$p" 2>&1 || true) > "$tmp/$p.m"
done
python3 - "$tmp" "$prelude" > "$here/prelude-tags.txt" <<'PY'
import os, re, sys
tmp, prelude = sys.argv[1], sys.argv[2]
# Functions the prelude defines: pkg.Name or pkg.(*T).Name / pkg.T.Name.
defined = set()
for f in os.listdir(prelude):
    if not f.endswith('.go'):
        continue
    pkg = f[:-3]
    for line in open(os.path.join(prelude, f)):
        d = re.match(r'^func\s*(\(([^)]*)\))?\s*(\w+)', line)
        if not d:
            continue
        name = d.group(3)
        if d.group(2):
            rt = d.group(2).split()[-1]
            name = '(%s).%s' % (rt, name) if rt.startswith('*') else '%s.%s' % (rt, name)
        defined.add('%s.%s' % (pkg, name))
tags = {}
order = []
for f in sorted(os.listdir(tmp)):
    if not f.endswith('.m'):
        continue
    for line in open(os.path.join(tmp, f)):
        m = re.match(r'^(.*\.go):(\d+):(\d+): (.*)$', line.strip())
        if not m:
            continue
        path, ln, msg = m.group(1), int(m.group(2)), m.group(4)
        mm = re.match(r'^(?:leaking param(?P<c> content)?: (?P<p>\w+)(?: to result (?P<r>\S+) level=(?P<l>\d+))?|(?P<n>\w+) does not escape)$', msg)
        if not mm:
            continue
        src = open(path).read().split('\n')
        i = ln - 1
        while i >= 0 and not src[i].startswith('func'):
            i -= 1
        if i < 0:
            continue
        d = re.match(r'^func\s*(\(([^)]*)\))?\s*(\w+)', src[i])
        if not d:
            continue
        pkg = re.search(r'/src/([\w/]+)/[^/]+\.go$', path).group(1)
        name = d.group(3)
        if d.group(2):
            rt = re.sub(r'\[.*\]', '', d.group(2).split()[-1])
            name = '(%s).%s' % (rt, name) if rt.startswith('*') else '%s.%s' % (rt, name)
        fn = '%s.%s' % (pkg, name)
        if fn not in defined:
            continue
        param = mm.group('p') or mm.group('n')
        if mm.group('n'):
            t = 'none'
        elif mm.group('r'):
            r = mm.group('r')
            t = 'result:%s' % (r[2:] if r.startswith('~r') else '0')
            if mm.group('l') != '0':
                t += ':' + mm.group('l')
        elif mm.group('c'):
            t = 'content'
        else:
            t = 'heap'
        key = (fn, param)
        if key not in tags:
            tags[key] = []
            order.append(key)
        if t not in tags[key]:
            tags[key].append(t)
for fn, param in sorted(order):
    print('%s %s=%s' % (fn, param, ','.join(sorted(tags[(fn, param)]))))
PY
rm -rf "$tmp"
