/* test_qrtext.c - charset detection of QR byte payloads (the texts zbar's own
 * guess got wrong on the real corpus among them) and line escaping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/qrtext.h"

static int conv(const char *in, size_t n, char *out, size_t cap)
{
	char err[KERR_LEN];
	size_t len = 0;
	int cs = qrtext_to_utf8((const unsigned char *)in, n, out, cap, &len, err);

	if (cs >= 0)
		assert_int_equal(len, strlen(out));
	return cs;
}

static void test_ascii_and_utf8_unchanged(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(conv("T1ABC", 5, out, sizeof out - 1), QRTEXT_UTF8);
	assert_string_equal(out, "T1ABC");
	/* MECARD:N:測試;; in UTF-8: zbar's guess made it Shift_JIS mojibake */
	assert_int_equal(conv("MECARD:N:\xe6\xb8\xac\xe8\xa9\xa6;;", 17, out, sizeof out - 1),
			 QRTEXT_UTF8);
	assert_string_equal(out, "MECARD:N:測試;;");
}

static void test_sjis_half_width_katakana(void **state)
{
	char out[64];

	(void)state;
	/* ﾃﾞｻﾞｲﾝQR: also valid GB18030 (as 蹬靼翌QR), zbar's reading */
	assert_int_equal(conv("\xc3\xde\xbb\xde\xb2\xddQR", 8, out, sizeof out - 1), QRTEXT_SJIS);
	assert_string_equal(out, "ﾃﾞｻﾞｲﾝQR");
}

static void test_sjis_full_width(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(conv("hype\x83\x82\x83\x6f\x83\x43\x83\x8b;", 13, out, sizeof out - 1),
			 QRTEXT_SJIS);
	assert_string_equal(out, "hypeモバイル;");
	assert_int_equal(conv("[\x8a\x4f\x91\xa4QR]", 8, out, sizeof out - 1), QRTEXT_SJIS);
	assert_string_equal(out, "[外側QR]");
}

static void test_gb18030(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(conv("\xc4\xe3\xba\xc3\xca\xc0\xbd\xe7", 8, out, sizeof out - 1),
			 QRTEXT_GB18030);
	assert_string_equal(out, "你好世界");
	assert_int_equal(conv("\xd6\xd0\xb9\xfa\xd2\xc6\xb6\xaf", 8, out, sizeof out - 1),
			 QRTEXT_GB18030);
	assert_string_equal(out, "中国移动");
}

static void test_latin1(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(conv("Caf\xe9", 4, out, sizeof out - 1), QRTEXT_LATIN1);
	assert_string_equal(out, "Café");
	/* one stray high byte is a Latin-1 sign, not a half-width katakana */
	assert_int_equal(conv("\xa9 2024", 6, out, sizeof out - 1), QRTEXT_LATIN1);
	assert_string_equal(out, "© 2024");
	/* overlong UTF-8 is not UTF-8 */
	assert_int_not_equal(conv("\xc0\x80", 2, out, sizeof out - 1), QRTEXT_UTF8);
}

static void test_capacity_is_checked(void **state)
{
	char out[8], err[KERR_LEN];
	size_t len;

	(void)state;
	assert_int_equal(qrtext_to_utf8((const unsigned char *)"0123456789", 10, out, 7, &len, err),
			 -1);
	assert_non_null(strstr(err, "does not fit"));
	/* 3 half-width katakana = 9 UTF-8 bytes: too many for 7 */
	assert_int_equal(qrtext_to_utf8((const unsigned char *)"\xb1\xb2\xb3", 3, out, 7, &len, err),
			 -1);
}

/* A charset the code states wins over the guess: qr-real's qrcode-2/33.png
 * holds 阿 in a Hanzi segment (GB 2312 B0 A2), which guessed alone reads
 * as two Shift_JIS half-width katakana; stated bytes invalid in their set
 * fall back to the guess. */
static void test_stated_charset(void **state)
{
	static const char in[] = "\x01\x10" "AD:SUB:\xb0\xa2;;";
	char out[64], err[KERR_LEN];
	size_t len = 0;

	(void)state;
	assert_int_equal(conv(in, sizeof in - 1, out, sizeof out - 1), QRTEXT_SJIS);
	assert_int_equal(qrtext_stated_to_utf8(QRTEXT_GB18030, (const unsigned char *)in,
					       sizeof in - 1, out, sizeof out - 1, &len, err),
			 QRTEXT_GB18030);
	assert_int_equal(len, 14);
	assert_memory_equal(out, "\x01\x10" "AD:SUB:\xe9\x98\xbf;;", 14);
	/* none stated: the guess */
	assert_int_equal(qrtext_stated_to_utf8(-1, (const unsigned char *)in, sizeof in - 1, out,
					       sizeof out - 1, &len, err),
			 QRTEXT_SJIS);
	/* Shift_JIS stated, a byte no Shift_JIS has (0xa0 alone after a lead
	 * byte's end): the guess */
	assert_int_equal(qrtext_stated_to_utf8(QRTEXT_SJIS, (const unsigned char *)"\x81\x20", 2,
					       out, sizeof out - 1, &len, err),
			 conv("\x81\x20", 2, out, sizeof out - 1));
}

static void test_escape(void **state)
{
	char out[64], err[KERR_LEN];

	(void)state;
	assert_int_equal(qrtext_escape("a\tb\nc\r\\d", 8, out, sizeof out - 1, err), 12);
	assert_string_equal(out, "a\\tb\\nc\\r\\\\d");
	assert_int_equal(qrtext_escape("\n\n", 2, out, 3, err), -1);
	assert_int_equal(qrtext_escape("", 0, out, 0, err), 0);
	assert_string_equal(out, "");
}

/* kiosk scan cut a text at a NUL and passed ESC and BEL to the terminal. */
static void test_escape_controls(void **state)
{
	char out[64], err[KERR_LEN];

	(void)state;
	assert_int_equal(qrtext_escape("A\0B", 3, out, sizeof out - 1, err), 6);
	assert_string_equal(out, "A\\x00B");
	assert_int_equal(qrtext_escape("\x1b[31mR\x07\x7f", 8, out, sizeof out - 1, err), 17);
	assert_string_equal(out, "\\x1b[31mR\\x07\\x7f");
	/* U+009B (CSI as a C1 control) escaped; U+00E9 and Bengali copied */
	assert_int_equal(qrtext_escape("\xc2\x9b\xc3\xa9\xe0\xa6\x95", 7, out, sizeof out - 1, err),
			 13);
	assert_string_equal(out, "\\xc2\\x9b\xc3\xa9\xe0\xa6\x95");
	/* the 4x bound is reached and honoured */
	assert_int_equal(qrtext_escape("\x01", 1, out, 4, err), 4);
	assert_int_equal(qrtext_escape("\x01", 1, out, 3, err), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ascii_and_utf8_unchanged),
		cmocka_unit_test(test_sjis_half_width_katakana),
		cmocka_unit_test(test_sjis_full_width),
		cmocka_unit_test(test_gb18030),
		cmocka_unit_test(test_latin1),
		cmocka_unit_test(test_capacity_is_checked),
		cmocka_unit_test(test_stated_charset),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_escape_controls),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
