/* test_qrdecode.c - our own decoder of a code's modules (scan/qrdecode.c)
 * against codes libqrencode makes: every version at every level (so a
 * wrong entry of the block tables or of the alignment patterns' places
 * fails), every mask, each segment mode libqrencode writes, errors up to
 * what a block corrects and one past it, a mirrored code, and noise that
 * must not read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <qrencode.h>

#include "core/qrtext.h"
#include "scan/qrdecode.h"
#include "support/qrsynth.h"

/* The modules of q as qrdecode() takes them. */
static uint8_t *modules(const QRcode *q)
{
	uint8_t *m = malloc((size_t)q->width * q->width);

	assert_non_null(m);
	for (int i = 0; i < q->width * q->width; i++)
		m[i] = q->data[i] & 1;
	return m;
}

/* m (n across) reads as text, stating charset cs (-1: none). */
static void expect_cs(const uint8_t *m, int n, const char *text, size_t len, int want)
{
	static uint8_t out[8000];
	int cs;
	long r = qrdecode(m, n, out, sizeof out, &cs);

	if (r != (long)len || memcmp(out, text, len) != 0)
		fail_msg("version %d: got %ld bytes, want %zu", (n - 17) / 4, r, len);
	assert_int_equal(cs, want);
}

static void expect(const uint8_t *m, int n, const char *text, size_t len)
{
	expect_cs(m, n, text, len, -1);
}

static void test_every_version_and_level(void **state)
{
	static const QRecLevel levels[] = {QR_ECLEVEL_L, QR_ECLEVEL_M, QR_ECLEVEL_Q, QR_ECLEVEL_H};
	static char text[3000];

	(void)state;
	for (int v = 1; v <= 40; v++)
		for (int l = 0; l < 4; l++) {
			/* bytes enough to fill about half the smallest level's
			 * capacity at this version: several blocks of both lengths */
			size_t len = (size_t)(v * v / 2 + 5);
			uint32_t st = (uint32_t)(v * 7 + l);
			for (size_t i = 0; i < len; i++)
				text[i] = (char)('!' + qrsynth_rand(&st) % 90);
			text[len] = '\0';
			QRcode *q = QRcode_encodeString8bit(text, v, levels[l]);
			assert_non_null(q);
			assert_int_equal(q->version, v);
			uint8_t *m = modules(q);
			expect(m, q->width, text, len);
			free(m);
			QRcode_free(q);
		}
}

static void test_segment_modes(void **state)
{
	uint8_t *m;
	QRcode *q;

	(void)state;
	/* numeric, alphanumeric and byte segments in one code */
	q = QRcode_encodeString("0123456789012345 HELLO WORLD $%*+-./: mixed bytes 12", 0,
				QR_ECLEVEL_M, QR_MODE_8, 1);
	assert_non_null(q);
	m = modules(q);
	expect(m, q->width, "0123456789012345 HELLO WORLD $%*+-./: mixed bytes 12",
	       strlen("0123456789012345 HELLO WORLD $%*+-./: mixed bytes 12"));
	free(m);
	QRcode_free(q);
	/* digits only, 1 and 2 left over */
	for (int k = 0; k < 3; k++) {
		const char *d = k == 0 ? "31415926535" : k == 1 ? "3141592653" : "314159265";
		q = QRcode_encodeString(d, 0, QR_ECLEVEL_L, QR_MODE_8, 1);
		m = modules(q);
		expect(m, q->width, d, strlen(d));
		free(m);
		QRcode_free(q);
	}
	/* Kanji mode: Shift_JIS bytes in, the same out */
	static const char sjis[] = "\x93\xfa\x96\x7b"; /* 日本 */
	q = QRcode_encodeString(sjis, 0, QR_ECLEVEL_M, QR_MODE_KANJI, 1);
	assert_non_null(q);
	m = modules(q);
	expect_cs(m, q->width, sjis, 4, QRTEXT_SJIS);
	free(m);
	QRcode_free(q);
}

static void test_errors_and_mirror(void **state)
{
	static const char text[] = "https://meetup.example/t/8F3K2Q";
	QRcode *q = QRcode_encodeString8bit(text, 3, QR_ECLEVEL_M);
	uint8_t *m, *t, out[64];
	int n, cs;

	(void)state;
	assert_non_null(q);
	n = q->width; /* 29: one block of 70 codewords, 26 of them ecc */
	m = modules(q);
	t = malloc((size_t)n * n);
	assert_non_null(t);
	/* one module flipped in each of the first k codewords: in version 3
	 * they are the zigzag's 4 x 2 groups up the two rightmost columns
	 * from row 28 (codewords 0-4), down the next two from row 9 (5-9),
	 * up the next from row 28 skipping the alignment pattern's rows
	 * 20-24 (10-13). Its one block has 26 ecc codewords: 13 errors
	 * correct, 14 do not (and read as no code, not another text) */
	{
		static const int at[14][2] = {{28, 28}, {27, 24}, {28, 20}, {27, 16}, {28, 12},
					      {26, 10}, {25, 14}, {26, 18}, {25, 22}, {26, 26},
					      {24, 27}, {23, 18}, {24, 14}, {23, 10}};
		uint8_t *e = malloc((size_t)n * n);
		assert_non_null(e);
		for (int k = 1; k <= 14; k++) {
			memcpy(e, m, (size_t)n * n);
			for (int i = 0; i < k; i++)
				e[at[i][1] * n + at[i][0]] ^= 1;
			if (k <= 13)
				expect(e, n, text, strlen(text));
			else
				assert_int_equal(qrdecode(e, n, out, sizeof out, &cs), -1);
		}
		/* the whole code inverted module by module is noise */
		for (int i = 0; i < n * n; i++)
			e[i] = (uint8_t)!m[i];
		assert_int_equal(qrdecode(e, n, out, sizeof out, &cs), -1);
		free(e);
	}
	/* mirrored (the transpose) */
	for (int y = 0; y < n; y++)
		for (int x = 0; x < n; x++)
			t[x * n + y] = m[y * n + x];
	expect(t, n, text, strlen(text));
	/* too small a buffer, a size no version has */
	assert_int_equal(qrdecode(m, n, out, 5, &cs), -1);
	assert_int_equal(qrdecode(m, 30, out, sizeof out, &cs), -1);
	assert_int_equal(qrdecode(m, 17, out, sizeof out, &cs), -1);
	free(t);
	free(m);
	QRcode_free(q);
}

/* Codewords beyond correction: every data module flipped with
 * probability 1/4 reads as no code, never as some other text. */
static void test_noise_reads_nothing(void **state)
{
	static const char text[] = "T1GEZDGNBVGY3TQOJQGEZDGNBV";
	uint8_t out[256];
	uint32_t st = 99;
	int reads = 0, cs;

	(void)state;
	for (int v = 1; v <= 10; v++) {
		QRcode *q = QRcode_encodeString8bit(text, v, QR_ECLEVEL_L);
		uint8_t *m = modules(q);
		int n = q->width;
		for (int round = 0; round < 20; round++) {
			uint8_t *e = malloc((size_t)n * n);
			assert_non_null(e);
			for (int i = 0; i < n * n; i++)
				e[i] = (uint8_t)(m[i] ^ (qrsynth_rand(&st) % 4 == 0));
			long r = qrdecode(e, n, out, sizeof out, &cs);
			if (r >= 0) {
				/* a read must be the text itself */
				assert_int_equal(r, (long)strlen(text));
				assert_memory_equal(out, text, (size_t)r);
				reads++;
			}
			/* random modules */
			for (int i = 0; i < n * n; i++)
				e[i] = (uint8_t)(qrsynth_rand(&st) & 1);
			assert_int_equal(qrdecode(e, n, out, sizeof out, &cs), -1);
			free(e);
		}
		free(m);
		QRcode_free(q);
	}
	assert_int_equal(reads, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_version_and_level),
		cmocka_unit_test(test_segment_modes),
		cmocka_unit_test(test_errors_and_mirror),
		cmocka_unit_test(test_noise_reads_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
