/* i18n.h - the Bengali of the kiosk's English strings, from assets/po/bn.po.
 * The catalog is compiled into the program at build time (tools/po2c.c makes
 * $(BUILD)/gen/po_bn.c); docs/translations.md says why not gettext(3).
 * Pure: libc only, no locale, so each call picks its language (one guest
 * reads Bengali, the next English, in the same process).
 *
 * Mark every translatable English literal with N_() (or NC_() when the same
 * English needs a different Bengali in one place): xgettext reads the marks
 * to make kiosk.pot, and tests/e2e_po.sh checks bn.po translates them all. */
#ifndef KIOSK_CORE_I18N_H
#define KIOSK_CORE_I18N_H

#include <stddef.h>

#define N_(msgid) msgid
#define NC_(ctx, msgid) msgid

struct i18n_msg {
	const char *ctx; /* msgctxt, or NULL */
	const char *id;  /* msgid: the English */
	const char *str; /* msgstr: the Bengali */
};

/* The generated catalog, sorted by (ctx, id); ends with a NULL entry. */
extern const struct i18n_msg i18n_bn_msgs[];
extern const size_t i18n_bn_count;

/* The Bengali of msgid: the entry with context ctx if there is one, else the
 * one without context, else msgid itself (as gettext falls back). NULL stays NULL. */
const char *i18n_bn(const char *ctx, const char *msgid);
/* bengali ? i18n_bn(ctx, msgid) : msgid. */
const char *i18n_text(const char *ctx, const char *msgid, int bengali);
/* 1 if the catalog translates msgid (in ctx, or without context). */
int i18n_has(const char *ctx, const char *msgid);

#endif
