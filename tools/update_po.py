#!/usr/bin/env python3
# update_po.py - rewrite assets/po/bn.po from the string tables in
# kiosk/ui/ui_strings.c (door, S_*) and kiosk/ui/screen_shop_text.c (feedback and orders,
# T_*) (msgid = English, msgstr = Bengali), keeping the header. A msgid that
# stands in both tables is written once.
# Run after adding or changing a string; tests/test_ui_text.c fails until the
# two agree.
import re, sys

pairs = []
for path, prefix in (('kiosk/ui/ui_strings.c', 'S_'), ('kiosk/ui/screen_shop_text.c', 'T_')):
    src = open(path, encoding='utf-8').read()
    pairs += re.findall(r'\[(' + prefix + r'[A-Z0-9_]+)\]\s*=\s*\{\s*"((?:[^"\\]|\\.)*)"\s*,\s*"((?:[^"\\]|\\.)*)"\s*\}', src, re.S)
seen = set()
pairs = [p for p in pairs if not (p[2] in seen or seen.add(p[2]))]
po_path = 'assets/po/bn.po'
po = open(po_path, encoding='utf-8').read()
head = po[:po.index('#. S_')] if '#. S_' in po else po
out = []
for name, bn, en in pairs:
    out.append('#. %s' % name)
    if '%s' in en:
        out.append('#, c-format')
    out += ['msgid "%s"' % en, 'msgstr "%s"' % bn, '']
open(po_path, 'w', encoding='utf-8').write(head + '\n'.join(out))
print('%s: %d strings' % (po_path, len(pairs)), file=sys.stderr)
