#!/bin/bash
# e2e_category.sh - a catalog's category column (food, clothes, crafts; in
# English or Bengali) is journaled with each product, so the feedback screen
# asks the question that fits it; importing twice changes nothing and a
# changed category updates the product; the feedback screens under Xvfb-free
# off-screen rendering show the fitting question (checked in test_screen_shop).
source "$(dirname "$0")/lib.sh"

expect_exit "init" 0 "$KIOSK" init --event "Category test"
cat >"$T/cat.csv" <<'CSV'
বিক্রেতা,পণ্য,দাম,ধরন
রিনার রান্নাঘর,আমের আচার,250,খাবার
নকশী ঘর,জামদানি শাড়ি,12500,শাড়ি
নকশী ঘর,নকশী কাঁথা,2500,হস্তশিল্প
Green Leaf,Aloe soap,180,
CSV
expect_exit "import with categories" 0 "$KIOSK" catalog import "$T/cat.csv"
q() { sqlite3 "$DATA/kiosk.db" "$1"; }
equals "categories stored" "$(q "SELECT group_concat(category, ',') FROM (SELECT category FROM catalog ORDER BY product)")" ",food,clothes,craft"
contains "journal carries it" "$(q "SELECT body FROM journal WHERE kind='catalog_item' AND body LIKE '%শাড়ি%'")" '"category":"clothes"'
expect_exit "import twice" 0 "$KIOSK" catalog import "$T/cat.csv"
contains "twice: nothing new" "$OUT" "imported 0 product(s); 4 unchanged"
sed 's/,2500,হস্তশিল্প/,2500,clothes/' "$T/cat.csv" >"$T/cat2.csv"
expect_exit "changed category" 0 "$KIOSK" catalog import "$T/cat2.csv"
contains "changed: one product" "$OUT" "imported 1 product(s); 3 unchanged"
equals "new category" "$(q "SELECT category FROM catalog WHERE product='নকশী কাঁথা'")" "clothes"
expect_exit "rebuild" 0 "$KIOSK" rebuild
equals "category after rebuild" "$(q "SELECT category FROM catalog WHERE product='নকশী কাঁথা'")" "clothes"
