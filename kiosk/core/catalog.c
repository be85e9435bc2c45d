/* catalog.c - catalog CSV header matching and row checks.
 * Pure: libc only (csv, money); must not touch the store or files. */
#include "catalog.h"
#include "utf8.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "money.h"

#define HEADER_MAX 64

enum field { F_SELLER, F_PRODUCT, F_PRICE, F_STOCK, F_IMAGE, F_TAGS, F_CATEGORY, F_COUNT };

/* Already normalised: lowercase ASCII, single spaces, no unit in brackets. */
static const struct {
	const char *word;
	enum field f;
} aliases[] = {
	{"seller", F_SELLER}, {"shop", F_SELLER}, {"page", F_SELLER}, {"brand", F_SELLER},
	{"seller name", F_SELLER}, {"shop name", F_SELLER},
	{"বিক্রেতা", F_SELLER}, {"দোকান", F_SELLER}, {"পেজ", F_SELLER}, {"ব্র্যান্ড", F_SELLER},
	{"product", F_PRODUCT}, {"product name", F_PRODUCT}, {"item", F_PRODUCT}, {"name", F_PRODUCT},
	{"পণ্য", F_PRODUCT}, {"পণ্যের নাম", F_PRODUCT}, {"পন্য", F_PRODUCT}, {"নাম", F_PRODUCT},
	{"price", F_PRICE}, {"price taka", F_PRICE}, {"price tk", F_PRICE}, {"taka", F_PRICE},
	{"দাম", F_PRICE}, {"মূল্য", F_PRICE}, {"মুল্য", F_PRICE}, {"টাকা", F_PRICE},
	{"stock", F_STOCK}, {"quantity", F_STOCK}, {"qty", F_STOCK},
	{"স্টক", F_STOCK}, {"মজুদ", F_STOCK}, {"পরিমাণ", F_STOCK},
	{"image", F_IMAGE}, {"picture", F_IMAGE}, {"photo", F_IMAGE}, {"image path", F_IMAGE},
	{"ছবি", F_IMAGE},
	{"tags", F_TAGS}, {"tag", F_TAGS}, {"feedback tags", F_TAGS},
	{"ট্যাগ", F_TAGS}, {"ট্যাগসমূহ", F_TAGS},
	{"category", F_CATEGORY}, {"kind", F_CATEGORY}, {"product type", F_CATEGORY},
	{"ধরন", F_CATEGORY}, {"ক্যাটাগরি", F_CATEGORY}, {"বিভাগ", F_CATEGORY},
};

/* Category words (lowercase; Bengali as written). */
static const struct {
	const char *word;
	enum catalog_kind k;
} kinds[] = {
	{"food", CATALOG_KIND_FOOD}, {"foods", CATALOG_KIND_FOOD}, {"snack", CATALOG_KIND_FOOD},
	{"snacks", CATALOG_KIND_FOOD}, {"pickle", CATALOG_KIND_FOOD}, {"tea", CATALOG_KIND_FOOD},
	{"sweets", CATALOG_KIND_FOOD}, {"খাবার", CATALOG_KIND_FOOD}, {"খাদ্য", CATALOG_KIND_FOOD},
	{"আচার", CATALOG_KIND_FOOD}, {"মিষ্টি", CATALOG_KIND_FOOD}, {"চা", CATALOG_KIND_FOOD},
	{"clothes", CATALOG_KIND_CLOTHES}, {"clothing", CATALOG_KIND_CLOTHES},
	{"fashion", CATALOG_KIND_CLOTHES}, {"saree", CATALOG_KIND_CLOTHES},
	{"sari", CATALOG_KIND_CLOTHES}, {"dress", CATALOG_KIND_CLOTHES},
	{"পোশাক", CATALOG_KIND_CLOTHES}, {"শাড়ি", CATALOG_KIND_CLOTHES},
	{"কাপড়", CATALOG_KIND_CLOTHES}, {"জামা", CATALOG_KIND_CLOTHES},
	{"craft", CATALOG_KIND_CRAFT}, {"crafts", CATALOG_KIND_CRAFT},
	{"handicraft", CATALOG_KIND_CRAFT}, {"handicrafts", CATALOG_KIND_CRAFT},
	{"হস্তশিল্প", CATALOG_KIND_CRAFT}, {"কারুশিল্প", CATALOG_KIND_CRAFT},
	{"নকশি কাঁথা", CATALOG_KIND_CRAFT}, {"কাঁথা", CATALOG_KIND_CRAFT},
};

const char *catalog_kind_code(enum catalog_kind k)
{
	static const char *const codes[CATALOG_KIND_COUNT] = {"", "food", "clothes", "craft"};

	return (int)k >= 0 && k < CATALOG_KIND_COUNT ? codes[k] : "";
}

enum catalog_kind catalog_kind_parse(const char *text)
{
	char w[64];
	size_t n = 0;

	for (const char *p = text ? text : ""; *p && n + 1 < sizeof w; p++) {
		char c = *p;

		if (n == 0 && (c == ' ' || c == '\t'))
			continue;
		w[n++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	while (n > 0 && (w[n - 1] == ' ' || w[n - 1] == '\t' || w[n - 1] == '\r'))
		n--;
	w[n] = '\0';
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(w, kinds[i].word) == 0)
			return kinds[i].k;
	return CATALOG_KIND_OTHER;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static char *trim(char *s)
{
	size_t n;

	while (is_space(*s))
		s++;
	n = strlen(s);
	while (n > 0 && is_space(s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* Runs of whitespace inside s become one space. */
static void squeeze(char *s)
{
	char *w = s;

	while (*s) {
		if (is_space(*s)) {
			while (is_space(*s))
				s++;
			*w++ = ' ';
		} else {
			*w++ = *s++;
		}
	}
	*w = '\0';
}

/* Normalised header into out[HEADER_MAX]: lowercase, '_'/'-' as spaces, a
 * unit in brackets ("(taka)", "(৳)") and a trailing ':' dropped. */
static void header_key(const char *cell, char out[HEADER_MAX])
{
	size_t o = 0;
	int space = 0;

	for (; *cell && *cell != '(' && *cell != '['; cell++) {
		char c = *cell;

		if (is_space(c) || c == '_' || c == '-') {
			space = 1;
			continue;
		}
		if (o + 2 >= HEADER_MAX)
			break;
		if (space && o > 0)
			out[o++] = ' ';
		space = 0;
		out[o++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	if (o > 0 && out[o - 1] == ':')
		o--;
	out[o] = '\0';
}

int catalog_header(const struct csv_record *hdr, struct catalog_cols *cols, char err[KERR_LEN])
{
	int col[F_COUNT];

	for (int f = 0; f < F_COUNT; f++)
		col[f] = -1; /* absent until a header names it */
	static const char *const need[] = {"seller (\"Seller\" or \"বিক্রেতা\")",
					   "product (\"Product\" or \"পণ্য\")",
					   "price (\"Price\" or \"দাম\")"};

	for (int i = 0; i < hdr->n; i++) {
		char key[HEADER_MAX];

		header_key(hdr->field[i], key);
		for (size_t a = 0; a < sizeof aliases / sizeof aliases[0]; a++)
			if (strcmp(key, aliases[a].word) == 0) {
				if (col[aliases[a].f] < 0)
					col[aliases[a].f] = i;
				break;
			}
	}
	for (int f = F_SELLER; f <= F_PRICE; f++)
		if (col[f] < 0)
			return kerr(err, "line %ld: no %s column", hdr->line, need[f]);
	cols->seller = col[F_SELLER];
	cols->product = col[F_PRODUCT];
	cols->price = col[F_PRICE];
	cols->stock = col[F_STOCK];
	cols->image = col[F_IMAGE];
	cols->tags = col[F_TAGS];
	cols->category = col[F_CATEGORY];
	return 0;
}

static char *cell(const struct csv_record *rec, int i)
{
	static char empty[1];

	if (i < 0 || i >= rec->n)
		return empty;
	return trim(rec->field[i]);
}

/* A whole number of items, ASCII or Bengali digits. Returns 0 or -1. */
static int parse_count(const char *s, int64_t *out)
{
	int64_t v = 0;
	int digits = 0;

	for (; *s; ) {
		const unsigned char *u = (const unsigned char *)s;
		int d;

		if (*s >= '0' && *s <= '9') {
			d = *s - '0';
			s++;
		} else if (u[0] == 0xE0 && u[1] == 0xA7 && u[2] >= 0xA6 && u[2] <= 0xAF) {
			d = u[2] - 0xA6; /* U+09E6..U+09EF */
			s += 3;
		} else if (*s == ',') {
			s++;
			continue;
		} else {
			return -1;
		}
		v = v * 10 + d;
		digits++;
		if (v > CATALOG_STOCK_MAX)
			return -1;
	}
	if (!digits)
		return -1;
	*out = v;
	return 0;
}

int catalog_row_parse(const struct catalog_cols *cols, const struct csv_record *rec,
		      struct catalog_row *row, char err[KERR_LEN])
{
	struct catalog_row r;
	char *seller, *product, *price, *stock, *tags;
	int blank = 1;

	for (int i = 0; i < rec->n && blank; i++)
		blank = trim(rec->field[i])[0] == '\0';
	if (blank)
		return 0;
	memset(&r, 0, sizeof r);
	r.line = rec->line;
	seller = cell(rec, cols->seller);
	product = cell(rec, cols->product);
	price = cell(rec, cols->price);
	stock = cell(rec, cols->stock);
	tags = cell(rec, cols->tags);
	r.kind = catalog_kind_parse(cell(rec, cols->category));
	squeeze(seller);
	squeeze(product);
	{
		static const char *const what[] = {"seller", "product", "tags"};
		const char *val[] = {seller, product, tags};
		char why[64];

		for (int i = 0; i < 3; i++)
			if (utf8_field_check(val[i], why, sizeof why) != 0)
				return kerr(err, "line %ld: %s holds %s", rec->line, what[i], why);
	}
	if (!*seller)
		return kerr(err, "line %ld: empty seller", rec->line);
	if (!*product)
		return kerr(err, "line %ld: empty product", rec->line);
	if (strlen(seller) >= CATALOG_TEXT_MAX || strlen(product) >= CATALOG_TEXT_MAX)
		return kerr(err, "line %ld: seller or product longer than %d bytes", rec->line,
			    CATALOG_TEXT_MAX - 1);
	if (!*price)
		return kerr(err, "line %ld: no price for '%.60s'", rec->line, product);
	if (money_parse(price, &r.price_poisha) != 0 || r.price_poisha < 0)
		return kerr(err, "line %ld: price '%.40s' is not an amount in taka", rec->line, price);
	if (r.price_poisha > 100000000LL) /* ৳10,00,000 for one item at a meetup: a typo */
		return kerr(err, "line %ld: price '%.40s' is over ৳10,00,000", rec->line, price);
	r.stock = -1;
	if (*stock && parse_count(stock, &r.stock) != 0)
		return kerr(err, "line %ld: stock '%.40s' is not a whole number (0 to %d)",
			    rec->line, stock, CATALOG_STOCK_MAX);
	r.image = cell(rec, cols->image);
	/* Tags: split, trim, lowercase ASCII, drop empties and repeats. */
	for (char *t = tags; *t;) {
		size_t n = strcspn(t, ",;|");
		char save = t[n], *tag;
		int dup = 0;

		t[n] = '\0';
		tag = trim(t);
		squeeze(tag);
		for (char *p = tag; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		for (int i = 0; i < r.ntags; i++)
			dup |= strcmp(r.tag[i], tag) == 0;
		if (*tag && !dup) {
			if (r.ntags == CATALOG_TAGS_MAX)
				return kerr(err, "line %ld: more than %d tags", rec->line, CATALOG_TAGS_MAX);
			if (strlen(tag) >= CATALOG_TAG_MAX)
				return kerr(err, "line %ld: tag '%.40s...' is too long", rec->line, tag);
			memcpy(r.tag[r.ntags++], tag, strlen(tag) + 1);
		}
		if (!save)
			break;
		t += n + 1;
	}
	r.seller = seller;
	r.product = product;
	catalog_item_id(seller, product, r.id);
	*row = r;
	return 1;
}

void catalog_item_id(const char *seller, const char *product, char out[CATALOG_ID_LEN])
{
	/* 64-bit FNV-1a over "seller\x1fproduct", case-folded and space-squeezed;
	 * collisions at a meetup's hundreds of products are not a concern. */
	uint64_t h = 14695981039346656037ULL;
	const char *parts[2] = {seller, product};

	for (int p = 0; p < 2; p++) {
		int space = 0, any = 0;

		for (const char *s = parts[p]; *s; s++) {
			unsigned char c = (unsigned char)*s;

			if (is_space((char)c)) {
				space = any;
				continue;
			}
			if (space) {
				h = (h ^ ' ') * 1099511628211ULL;
				space = 0;
			}
			if (c >= 'A' && c <= 'Z')
				c = (unsigned char)(c - 'A' + 'a');
			h = (h ^ c) * 1099511628211ULL;
			any = 1;
		}
		h = (h ^ 0x1f) * 1099511628211ULL;
	}
	(void)snprintf(out, CATALOG_ID_LEN, "p%016" PRIx64, h); /* fits: 17 chars + NUL */
}
