#!/bin/sh
# po/tools/check-po.sh: list msgids used in the code that no po/ru part translates.
# Usage: sh po/tools/check-po.sh  (prints missing msgids; exit 1 if any)
cd "$(dirname "$0")/../.." || exit 2
tmp=$(mktemp -d)
xgettext --from-code=UTF-8 -k_ -kN_ -kP_:1,2 -o "$tmp/all.pot" common/*.[ch] server/*.[ch] client/*.[ch] 2>/dev/null
msgcat --use-first -o "$tmp/ru.po" po/ru/*.po
msgmerge -q --no-fuzzy-matching -o "$tmp/merged.po" "$tmp/ru.po" "$tmp/all.pot"
msgattrib --untranslated --no-obsolete "$tmp/merged.po" > "$tmp/missing.po"
n=$(grep -c '^msgid ' "$tmp/missing.po")
[ "$n" -gt 1 ] && { grep -A1 '^msgid ' "$tmp/missing.po" | grep -v '^--$' | sed 1,2d; rm -rf "$tmp"; exit 1; }
rm -rf "$tmp"
exit 0
