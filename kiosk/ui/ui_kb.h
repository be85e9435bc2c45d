/* ui_kb.h - on-screen keypads and keyboards (digits, PIN, English, two pages
 * of Bengali) drawn into a draw list, and what a key press does to a text
 * field. Shared by every mode. Pure: libc only. */
#ifndef KIOSK_UI_KB_H
#define KIOSK_UI_KB_H

#include <stddef.h>

#include "ui_draw.h"
#include "ui_layout.h"
#include "ui_strings.h"

enum ui_kb {
	UI_KB_DIGITS,     /* phone digits, with a switch to letters */
	UI_KB_PIN,        /* digits, delete, OK */
	UI_KB_LATIN,      /* A-Z, digits */
	UI_KB_BENGALI,    /* consonants */
	UI_KB_BENGALI2,   /* vowels, vowel signs, Bengali digits */
	UI_KB_AMOUNT,     /* taka: digits, a decimal point, delete */
	UI_KB_COUNT
};

enum ui_key_kind { UI_KEY_CHAR, UI_KEY_SPACE, UI_KEY_DELETE, UI_KEY_OK, UI_KEY_SWITCH };

#define UI_KB_KEYS_MAX 64

struct ui_key {
	enum ui_key_kind kind;
	char text[16];     /* UI_KEY_CHAR: the UTF-8 it types */
	enum ui_kb to;     /* UI_KEY_SWITCH: the layout it shows */
};

/* Number of keys in layout kb (targets are id_base + 0 .. count-1). */
int ui_kb_count(enum ui_kb kb);
/* Key i of layout kb. Returns 0, or -1 if i is out of range. */
int ui_kb_key(enum ui_kb kb, int i, struct ui_key *key);

/* Draw layout kb into r: every key a button with target id_base + i.
 * Keys are as large as r allows, never smaller than m->target unless r is
 * too small (the screens size r so they are not). */
void ui_kb_draw(struct ui_list *l, const struct ui_metrics *m, struct ui_rect r,
		enum ui_kb kb, enum ui_lang lang, int id_base);

/* The layout to show after key was typed on kb: the consonant page after a
 * vowel, vowel sign or hasanta typed on the second Bengali page (so মিরপুর
 * needs no page switch back), kb otherwise. */
enum ui_kb ui_kb_after(enum ui_kb kb, const struct ui_key *key);

/* The same with the keys' digits as typed (ASCII) and only the special keys'
 * labels in lang: for codes copied from an SMS, such as a TrxID. */
void ui_kb_draw_ascii(struct ui_list *l, const struct ui_metrics *m, struct ui_rect r,
		      enum ui_kb kb, enum ui_lang lang, int id_base);

/* Apply key to the NUL-terminated UTF-8 text in buf[cap]: type, space, or
 * delete the last code point. Returns 1 if the text changed, 0 if not (OK,
 * switch, or no room). */
int ui_kb_apply(const struct ui_key *key, char *buf, size_t cap);

#endif
