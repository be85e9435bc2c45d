/* ui_kb.c - on-screen keyboards. Pure: libc only. */
#include "ui_kb.h"

#include <stdio.h>
#include <string.h>

#define ROWS_MAX 4
#define SPECIALS_MAX 4

struct special {
	enum ui_key_kind kind;
	enum ui_kb to;
};

struct layout {
	const char *rows[ROWS_MAX]; /* keys separated by single spaces */
	int nspecial;
	struct special special[SPECIALS_MAX]; /* the bottom row */
};

static const struct layout layouts[UI_KB_COUNT] = {
	[UI_KB_DIGITS] = {{"1 2 3", "4 5 6", "7 8 9", "0"}, 3,
			  {{UI_KEY_SWITCH, UI_KB_BENGALI}, {UI_KEY_SWITCH, UI_KB_LATIN},
			   {UI_KEY_DELETE, 0}}},
	[UI_KB_PIN] = {{"1 2 3", "4 5 6", "7 8 9", "0"}, 2,
		       {{UI_KEY_DELETE, 0}, {UI_KEY_OK, 0}}},
	[UI_KB_LATIN] = {{"1 2 3 4 5 6 7 8 9 0", "Q W E R T Y U I O P", "A S D F G H J K L .",
			  "Z X C V B N M - '"}, 3,
			 {{UI_KEY_SWITCH, UI_KB_BENGALI}, {UI_KEY_SPACE, 0}, {UI_KEY_DELETE, 0}}},
	/* The last row helps with conjuncts: hasanta, ya-phala, ra-phala and
	 * reph in one tap each (ং, ঃ and ঁ are on the second page). Ten keys a
	 * row, so a portrait 480 px screen keeps them 9 mm wide. */
	[UI_KB_BENGALI] = {{"ক খ গ ঘ ঙ চ ছ জ ঝ ঞ", "ট ঠ ড ঢ ণ ত থ দ ধ ন",
			    "প ফ ব ভ ম য র ল শ ষ", "স হ ড় ঢ় য় ৎ ্ ্য ্র র্"}, 4,
			   {{UI_KEY_SWITCH, UI_KB_LATIN}, {UI_KEY_SWITCH, UI_KB_BENGALI2},
			    {UI_KEY_SPACE, 0}, {UI_KEY_DELETE, 0}}},
	[UI_KB_BENGALI2] = {{"অ আ ই ঈ উ ঊ ঋ এ ঐ ও", "ঔ া ি ী ু ূ ৃ ে ৈ ো",
			     "ৌ ্ ং ঃ ঁ ড় য় ৎ - .", "০ ১ ২ ৩ ৪ ৫ ৬ ৭ ৮ ৯"}, 4,
			    {{UI_KEY_SWITCH, UI_KB_LATIN}, {UI_KEY_SWITCH, UI_KB_BENGALI},
			     {UI_KEY_SPACE, 0}, {UI_KEY_DELETE, 0}}},
	[UI_KB_AMOUNT] = {{"1 2 3", "4 5 6", "7 8 9", ". 0"}, 1, {{UI_KEY_DELETE, 0}}},
};

/* Key j of a space-separated row into out; returns 1, or 0 past the end. */
static int row_key(const char *row, int j, char *out, size_t cap)
{
	const char *p = row, *e;
	size_t n;

	while (j-- > 0) {
		p = strchr(p, ' ');
		if (!p)
			return 0;
		p++;
	}
	e = strchr(p, ' ');
	n = e ? (size_t)(e - p) : strlen(p);
	if (n == 0 || n >= cap)
		return 0;
	memcpy(out, p, n);
	out[n] = '\0';
	return 1;
}

static int row_len(const char *row)
{
	int n = 1;

	if (!row || !*row)
		return 0;
	for (; *row; row++)
		n += *row == ' ';
	return n;
}

int ui_kb_count(enum ui_kb kb)
{
	int i, n = 0;

	if ((int)kb < 0 || kb >= UI_KB_COUNT)
		return 0;
	for (i = 0; i < ROWS_MAX; i++)
		n += row_len(layouts[kb].rows[i]);
	return n + layouts[kb].nspecial;
}

int ui_kb_key(enum ui_kb kb, int i, struct ui_key *key)
{
	int r;
	const struct layout *L;

	if ((int)kb < 0 || kb >= UI_KB_COUNT || i < 0)
		return -1;
	L = &layouts[kb];
	memset(key, 0, sizeof *key);
	for (r = 0; r < ROWS_MAX; r++) {
		int n = row_len(L->rows[r]);

		if (i < n) {
			key->kind = UI_KEY_CHAR;
			return row_key(L->rows[r], i, key->text, sizeof key->text) ? 0 : -1;
		}
		i -= n;
	}
	if (i >= L->nspecial)
		return -1;
	key->kind = L->special[i].kind;
	key->to = L->special[i].to;
	return 0;
}

static const char *special_label(const struct ui_key *k, enum ui_lang lang)
{
	switch (k->kind) {
	case UI_KEY_SPACE:
		return ui_str(S_SPACE, lang);
	case UI_KEY_DELETE:
		return ui_str(S_DELETE, lang);
	case UI_KEY_OK:
		return ui_str(S_OK, lang);
	case UI_KEY_SWITCH:
		switch (k->to) {
		case UI_KB_LATIN:
			return ui_str(S_KB_LATIN, lang);
		case UI_KB_BENGALI:
			return ui_str(S_KB_BENGALI, lang);
		case UI_KB_BENGALI2:
			return ui_str(S_KB_MORE, lang);
		default:
			return ui_str(S_KB_DIGITS, lang);
		}
	case UI_KEY_CHAR:
		break;
	}
	return "";
}

static void kb_draw(struct ui_list *l, const struct ui_metrics *m, struct ui_rect r,
		    enum ui_kb kb, enum ui_lang lang, enum ui_lang digit_lang, int id_base);

void ui_kb_draw(struct ui_list *l, const struct ui_metrics *m, struct ui_rect r,
		enum ui_kb kb, enum ui_lang lang, int id_base)
{
	kb_draw(l, m, r, kb, lang, lang, id_base);
}

void ui_kb_draw_ascii(struct ui_list *l, const struct ui_metrics *m, struct ui_rect r,
		      enum ui_kb kb, enum ui_lang lang, int id_base)
{
	kb_draw(l, m, r, kb, lang, UI_EN, id_base);
}

static void kb_draw(struct ui_list *l, const struct ui_metrics *m, struct ui_rect r,
		    enum ui_kb kb, enum ui_lang lang, enum ui_lang digit_lang, int id_base)
{
	static const struct ui_color key_bg = {0xF2, 0xF2, 0xF2, 0xFF};
	static const struct ui_color key_fg = {0x10, 0x10, 0x10, 0xFF};
	static const struct ui_color spec_bg = {0xD0, 0xD8, 0xE8, 0xFF};
	const struct layout *L = &layouts[kb];
	int rows = 0, cols = 0, i, idx = 0, gap = m->pad / 2 > 2 ? m->pad / 2 : 2;
	int kw, kh, size;
	struct ui_rect area;

	for (i = 0; i < ROWS_MAX; i++) {
		int n = row_len(L->rows[i]);

		if (n) {
			rows++;
			if (n > cols)
				cols = n;
		}
	}
	rows++; /* the bottom row of special keys */
	if (L->nspecial > cols)
		cols = L->nspecial;
	kh = (r.h - gap * (rows - 1)) / rows;
	kw = (r.w - gap * (cols - 1)) / cols;
	/* Keys no wider than 2.5 x their height: a phone keypad stays a keypad
	 * on a wide screen instead of becoming three long bars. */
	if (kw > kh * 5 / 2)
		kw = kh * 5 / 2;
	area = ui_center(r, kw * cols + gap * (cols - 1), kh * rows + gap * (rows - 1));
	size = kh * 11 / 20;
	for (i = 0; i < ROWS_MAX; i++) {
		int n = row_len(L->rows[i]), j;
		int rowx = area.x + (area.w - (kw * n + gap * (n - 1))) / 2;

		if (!n)
			continue;
		for (j = 0; j < n; j++) {
			struct ui_rect k = {rowx + j * (kw + gap), area.y, kw, kh};
			char txt[16], shown[48];

			if (!row_key(L->rows[i], j, txt, sizeof txt))
				txt[0] = '\0';
			if (ui_fmt_digits(txt, digit_lang, shown, sizeof shown) < 0)
				(void)snprintf(shown, sizeof shown, "%s", txt);
			/* Vowel signs and the hasanta alone are shown on a dotted
			 * circle by the shaper, which is what a Bengali user expects. */
			ui_button(l, id_base + idx, k, shown, size, key_bg, key_fg);
			idx++;
		}
		area.y += kh + gap;
		area.h -= kh + gap;
	}
	/* Bottom row: the specials share the full width. */
	{
		int n = L->nspecial, j;
		int w = kw * cols + gap * (cols - 1);
		struct ui_rect row = {area.x, area.y, w, kh};

		for (j = 0; j < n; j++) {
			struct ui_key key;
			struct ui_rect k = ui_grid(row, n, 1, j, gap);

			if (ui_kb_key(kb, idx, &key) != 0)
				break;
			ui_button(l, id_base + idx, k, special_label(&key, lang), size * 4 / 5,
				  key.kind == UI_KEY_OK ? (struct ui_color){0x1B, 0x6E, 0x3A, 0xFF} : spec_bg,
				  key.kind == UI_KEY_OK ? (struct ui_color){0xFF, 0xFF, 0xFF, 0xFF} : key_fg);
			idx++;
		}
	}
}

enum ui_kb ui_kb_after(enum ui_kb kb, const struct ui_key *key)
{
	const unsigned char *t = (const unsigned char *)key->text;
	unsigned cp;

	if (kb != UI_KB_BENGALI2 || key->kind != UI_KEY_CHAR || strlen(key->text) != 3 ||
	    t[0] != 0xE0)
		return kb;
	cp = (unsigned)(t[0] & 0x0F) << 12 | (unsigned)(t[1] & 0x3F) << 6 | (t[2] & 0x3F);
	/* A vowel (sign or letter) or a hasanta is followed by a consonant far
	 * more often than by anything on this page; digits stay. */
	if ((cp >= 0x0985 && cp <= 0x0994) || (cp >= 0x09BE && cp <= 0x09CD) || cp == 0x09D7)
		return UI_KB_BENGALI;
	return kb;
}

int ui_kb_apply(const struct ui_key *key, char *buf, size_t cap)
{
	size_t n = strlen(buf), add;

	switch (key->kind) {
	case UI_KEY_CHAR:
	case UI_KEY_SPACE:
		add = key->kind == UI_KEY_SPACE ? 1 : strlen(key->text);
		if (n + add + 1 > cap)
			return 0;
		memcpy(buf + n, key->kind == UI_KEY_SPACE ? " " : key->text, add);
		buf[n + add] = '\0';
		return 1;
	case UI_KEY_DELETE:
		if (n == 0)
			return 0;
		/* Back over continuation bytes to the start of the last code point. */
		n--;
		while (n > 0 && ((unsigned char)buf[n] & 0xC0) == 0x80)
			n--;
		buf[n] = '\0';
		return 1;
	case UI_KEY_OK:
	case UI_KEY_SWITCH:
		break;
	}
	return 0;
}
