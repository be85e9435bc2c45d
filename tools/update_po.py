#!/usr/bin/env python3
# update_po.py - rewrite assets/po/bn.po from the string table in
# kiosk/ui_strings.c (msgid = English, msgstr = Bengali), keeping the header.
# Run after adding or changing a string; tests/test_ui_text.c fails until the
# two agree.
import re, sys

src = open('kiosk/ui_strings.c', encoding='utf-8').read()
pairs = re.findall(r'\[(S_[A-Z0-9_]+)\]\s*=\s*\{\s*"((?:[^"\\]|\\.)*)"\s*,\s*"((?:[^"\\]|\\.)*)"\s*\}', src, re.S)
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
