/* test_ui_text.c - script runs (which font draws which part of a line), UTF-8
 * decoding, on-screen keyboards, and the string table against assets/po/bn.po.
 * Pure; glyph coverage comes from a stand-in for the Noto fonts' charsets. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "ui/ui_kb.h"
#include "ui/ui_strings.h"
#include "ui/ui_text.h"

/* Noto Sans Bengali covers the Bengali block, ASCII digits and punctuation but
 * no Latin letters and not U+00B7; Noto Sans covers Latin, not Bengali. */
static int fake_glyph(void *ctx, enum ui_face face, uint32_t cp)
{
	(void)ctx;
	if (face == UI_FACE_BENGALI)
		return (cp >= 0x980 && cp <= 0x9FF) || cp == 0x200C || cp == 0x200D ||
		       (cp >= 0x20 && cp < 0x41) || (cp >= 0x5B && cp <= 0x60) ||
		       (cp >= 0x7B && cp <= 0x7E);
	return cp < 0x980 || cp > 0x9FF;
}

static void expect_runs(const char *line, int n, const char *const *parts, const int *faces)
{
	struct ui_run runs[UI_RUNS_MAX];
	int got = ui_text_runs(line, fake_glyph, NULL, runs, UI_RUNS_MAX), i;

	assert_int_equal(got, n);
	for (i = 0; i < n; i++) {
		char part[256];

		memcpy(part, line + runs[i].start, runs[i].len);
		part[runs[i].len] = '\0';
		assert_string_equal(part, parts[i]);
		assert_int_equal(runs[i].face, faces[i]);
	}
}

static void test_runs_mixed(void **state)
{
	(void)state;
	{
		const char *p[] = {"হস্তশিল্প মেলা ", "· ", "ঢাকা"};
		const int f[] = {UI_FACE_BENGALI, UI_FACE_LATIN, UI_FACE_BENGALI};

		expect_runs("হস্তশিল্প মেলা · ঢাকা", 3, p, f);
	}
	{
		const char *p[] = {"টিকিটের ", "QR ", "কোড দেখান"};
		const int f[] = {UI_FACE_BENGALI, UI_FACE_LATIN, UI_FACE_BENGALI};

		expect_runs("টিকিটের QR কোড দেখান", 3, p, f);
	}
	{
		const char *p[] = {"First entry: 19:51 · door 1"};
		const int f[] = {UI_FACE_LATIN};

		expect_runs("First entry: 19:51 · door 1", 1, p, f);
	}
	{
		/* Digits and a colon stay with the Bengali run around them. */
		const char *p[] = {"১৫:৪২-এ, ১২ / ৪০"};
		const int f[] = {UI_FACE_BENGALI};

		expect_runs("১৫:৪২-এ, ১২ / ৪০", 1, p, f);
	}
	{
		/* A conjunct with ZWJ is never split from its letters. */
		const char *p[] = {"র‍্যাব"};
		const int f[] = {UI_FACE_BENGALI};

		expect_runs("র‍্যাব", 1, p, f);
	}
}

static void test_runs_limit(void **state)
{
	struct ui_run runs[2];
	const char *line = "a ক b খ c";
	int n = ui_text_runs(line, fake_glyph, NULL, runs, 2);

	(void)state;
	assert_int_equal(n, 2);
	/* The last run takes the rest: nothing is lost. */
	assert_int_equal(runs[1].start + runs[1].len, strlen(line));
}

static void test_utf8(void **state)
{
	uint32_t cp;

	(void)state;
	assert_int_equal(ui_utf8_next("ক", 3, &cp), 3);
	assert_int_equal(cp, 0x995);
	assert_int_equal(ui_utf8_next("\xE0\xA6", 2, &cp), 1); /* cut short */
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(ui_utf8_next("\xC0\x80", 2, &cp), 1); /* overlong */
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(ui_utf8_next("\xF0\x9F\x98\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x1F600);
}

/* The screens' bounded copy: a cut never splits a code point. */
static void test_utf8_copy(void **state)
{
	char buf[5];

	(void)state;
	ui_utf8_copy(buf, sizeof buf, "abcd");
	assert_string_equal(buf, "abcd");
	ui_utf8_copy(buf, sizeof buf, "abcde");
	assert_string_equal(buf, "abcd");
	/* "a" + U+0995 (3 bytes) + U+09BE (3 bytes): only "a" + U+0995 fit. */
	ui_utf8_copy(buf, sizeof buf, "a\xe0\xa6\x95\xe0\xa6\xbe");
	assert_string_equal(buf, "a\xe0\xa6\x95");
	ui_utf8_copy(buf, 3, "\xe0\xa6\x95");
	assert_string_equal(buf, "");
	ui_utf8_copy(buf, sizeof buf, NULL);
	assert_string_equal(buf, "");
	buf[0] = 'x';
	ui_utf8_copy(buf, 0, "abc");
	assert_int_equal(buf[0], 'x');
}

static void test_keyboards(void **state)
{
	struct ui_key k;
	char buf[16] = "";
	int kb, i;

	(void)state;
	for (kb = 0; kb < UI_KB_COUNT; kb++) {
		int n = ui_kb_count((enum ui_kb)kb);

		assert_true(n > 0 && n <= UI_KB_KEYS_MAX);
		for (i = 0; i < n; i++)
			assert_int_equal(ui_kb_key((enum ui_kb)kb, i, &k), 0);
		assert_int_equal(ui_kb_key((enum ui_kb)kb, n, &k), -1);
	}
	assert_int_equal(ui_kb_key(UI_KB_BENGALI, 0, &k), 0);
	assert_string_equal(k.text, "ক");
	assert_int_equal(ui_kb_apply(&k, buf, sizeof buf), 1);
	assert_int_equal(ui_kb_key(UI_KB_BENGALI, 36, &k), 0);
	assert_string_equal(k.text, "্");
	assert_int_equal(ui_kb_apply(&k, buf, sizeof buf), 1);
	assert_int_equal(ui_kb_key(UI_KB_BENGALI, 29, &k), 0);
	assert_string_equal(k.text, "ষ");
	assert_int_equal(ui_kb_apply(&k, buf, sizeof buf), 1);
	assert_string_equal(buf, "ক্ষ");
	/* Delete removes one whole code point, never half a letter. */
	k.kind = UI_KEY_DELETE;
	assert_int_equal(ui_kb_apply(&k, buf, sizeof buf), 1);
	assert_string_equal(buf, "ক্");
	assert_int_equal(ui_kb_apply(&k, buf, sizeof buf), 1);
	assert_int_equal(ui_kb_apply(&k, buf, sizeof buf), 1);
	assert_string_equal(buf, "");
	assert_int_equal(ui_kb_apply(&k, buf, sizeof buf), 0);
	/* No room: nothing is typed, the text stays valid. */
	k.kind = UI_KEY_CHAR;
	(void)snprintf(k.text, sizeof k.text, "ক");
	for (i = 0; i < 10; i++)
		(void)ui_kb_apply(&k, buf, sizeof buf);
	assert_int_equal(strlen(buf), 15);
}

static void test_number_formats(void **state)
{
	char out[64];

	(void)state;
	assert_true(ui_fmt_count(123456, UI_BN, out, sizeof out) > 0);
	assert_string_equal(out, "১,২৩,৪৫৬");
	assert_true(ui_fmt_count(123456, UI_EN, out, sizeof out) > 0);
	assert_string_equal(out, "1,23,456");
	assert_true(ui_fmt_clock(0, 360, UI_BN, out, sizeof out) > 0);
	assert_string_equal(out, "০৬:০০");
	assert_true(ui_fmt_digits("01711", UI_BN, out, sizeof out) > 0);
	assert_string_equal(out, "০১৭১১");
	assert_int_equal(ui_fmt_digits("01711", UI_BN, out, 4), -1);
}

/* Every screen string has its Bengali in the catalog compiled from
 * assets/po/bn.po, looked up per call: one process shows both languages. */
static void test_catalog(void **state)
{
	(void)state;
	for (int s = 0; s < S_COUNT_STR; s++) {
		const char *en = ui_str((enum ui_str)s, UI_EN), *bn = ui_str((enum ui_str)s, UI_BN);

		assert_true(en[0] != '\0');
		assert_true(bn[0] != '\0');
		if (!i18n_has(NULL, ui_str_id((enum ui_str)s)))
			fail_msg("assets/po/bn.po does not translate \"%s\"", en);
	}
	assert_string_equal(ui_str(S_SCAN_HINT, UI_BN), "টিকিটের QR কোড দেখান");
	assert_string_equal(ui_str(S_SCAN_HINT, UI_EN), "Show your ticket QR code");
	assert_string_equal(ui_str(S_SCAN_HINT, UI_BN), "টিকিটের QR কোড দেখান");
	/* A context picks its own words and falls back to the plain entry. */
	assert_string_equal(i18n_bn(NULL, "Back"), "ফিরে যান");
	assert_string_equal(i18n_bn("shop", "Back"), "পেছনে");
	assert_string_equal(i18n_bn("shop", "OK"), "ঠিক আছে");
	/* Unknown English stays English, as gettext does. */
	assert_string_equal(i18n_bn(NULL, "No such string"), "No such string");
	assert_false(i18n_has(NULL, "No such string"));
	assert_null(i18n_bn(NULL, NULL));
	/* The table is sorted, so bsearch finds every entry. */
	for (size_t i = 0; i < i18n_bn_count; i++) {
		const struct i18n_msg *m = &i18n_bn_msgs[i];

		assert_ptr_equal(i18n_bn(m->ctx, m->id), m->str);
	}
	assert_true(i18n_bn_count > 200);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runs_mixed),
		cmocka_unit_test(test_runs_limit),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_utf8_copy),
		cmocka_unit_test(test_keyboards),
		cmocka_unit_test(test_number_formats),
		cmocka_unit_test(test_catalog),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
