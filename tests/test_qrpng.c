/* test_qrpng.c - kiosk/io/qrpng.c: write QR PNGs, read them back with libpng and
 * decode them with libzbar (the real decoder, no mocks). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zbar.h>

#include "io/qrpng.h"
#include "support/tmpdir.h"

/* A 146-character code shaped like ours: "T1" + Base32 of 90 bytes. */
static void fake_code(char *out, size_t n, unsigned seed)
{
	static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	size_t i;

	out[0] = 'T';
	out[1] = '1';
	for (i = 2; i < n; i++) {
		seed = seed * 1103515245u + 12345u; /* fixed seed: deterministic */
		out[i] = b32[(seed >> 16) & 31];
	}
	out[n] = '\0';
}

static char dir[100];

static int setup(void **state)
{
	(void)state;
	return test_tmpdir(dir, sizeof dir, "qrpng");
}

static int teardown(void **state)
{
	(void)state;
	return test_rmtree(dir);
}

/* Read path as 8-bit grey. Returns malloc'd pixels, *w and *h. */
static uint8_t *read_grey(const char *path, int *w, int *h)
{
	png_image img;
	uint8_t *px;

	memset(&img, 0, sizeof img);
	img.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_file(&img, path))
		return NULL;
	img.format = PNG_FORMAT_GRAY;
	px = malloc(PNG_IMAGE_SIZE(img));
	if (!px || !png_image_finish_read(&img, NULL, px, 0, NULL)) {
		free(px);
		png_image_free(&img);
		return NULL;
	}
	*w = (int)img.width;
	*h = (int)img.height;
	return px;
}

/* Decode the one QR code in path with libzbar into out. Returns symbols found. */
static int zbar_decode(const char *path, char *out, size_t cap)
{
	zbar_image_scanner_t *sc;
	zbar_image_t *zi;
	const zbar_symbol_t *sym;
	uint8_t *px;
	int w, h, n;

	px = read_grey(path, &w, &h);
	if (!px)
		return -1;
	sc = zbar_image_scanner_create();
	assert_non_null(sc);
	assert_int_equal(zbar_image_scanner_set_config(sc, ZBAR_NONE, ZBAR_CFG_ENABLE, 0), 0);
	assert_int_equal(zbar_image_scanner_set_config(sc, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1), 0);
	zi = zbar_image_create();
	assert_non_null(zi);
	zbar_image_set_format(zi, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_set_size(zi, (unsigned)w, (unsigned)h);
	zbar_image_set_data(zi, px, (unsigned long)w * (unsigned long)h, NULL);
	n = zbar_scan_image(sc, zi);
	out[0] = '\0';
	sym = zbar_image_first_symbol(zi);
	if (n > 0 && sym)
		(void)snprintf(out, cap, "%s", zbar_symbol_get_data(sym));
	zbar_image_destroy(zi);
	zbar_image_scanner_destroy(sc);
	free(px);
	return n;
}

static int count_entries(const char *d)
{
	DIR *dp = opendir(d);
	struct dirent *de;
	int n = 0;

	assert_non_null(dp);
	while ((de = readdir(dp)))
		if (de->d_name[0] != '.')
			n++;
	assert_int_equal(closedir(dp), 0);
	return n;
}

static void test_ticket_code_round_trip(void **state)
{
	char code[160], got[200], path[256], err[KERR_LEN];
	struct qrpng_info info;
	unsigned seed;

	(void)state;
	for (seed = 1; seed <= 5; seed++) {
		fake_code(code, 146, seed);
		(void)snprintf(path, sizeof path, "%s/t%u.png", dir, seed);
		assert_int_equal(qrpng_write(path, code, QRPNG_TICKET_MAX_VERSION, &info, err), 0);
		/* 146 characters fit v6-M (154) in alphanumeric mode; as bytes
		 * they would need v8, so the version proves the mode. */
		assert_int_equal(info.alphanumeric, 1);
		assert_int_equal(info.version, 6);
		assert_true(info.module_px >= QRPNG_MIN_MODULE_PX);
		assert_true(info.size_px >= 400);
		assert_int_equal(zbar_decode(path, got, sizeof got), 1);
		assert_string_equal(got, code);
	}
}

static void test_geometry_and_quiet_zone(void **state)
{
	char code[160], path[256], err[KERR_LEN];
	struct qrpng_info info;
	uint8_t *px;
	int w, h, x, y, quiet, dark = 0;

	(void)state;
	fake_code(code, 121, 7); /* an unwindowed code: v5-M holds 122 */
	(void)snprintf(path, sizeof path, "%s/geo.png", dir);
	assert_int_equal(qrpng_write(path, code, QRPNG_TICKET_MAX_VERSION, &info, err), 0);
	assert_int_equal(info.version, 5);
	px = read_grey(path, &w, &h);
	assert_non_null(px);
	assert_int_equal(w, info.size_px);
	assert_int_equal(h, info.size_px);
	assert_int_equal(w, (17 + 4 * info.version + 2 * QRPNG_QUIET_MODULES) * info.module_px);
	quiet = QRPNG_QUIET_MODULES * info.module_px;
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			int inside = x >= quiet && x < w - quiet && y >= quiet && y < h - quiet;

			assert_true(px[y * w + x] == 0 || px[y * w + x] == 255);
			if (!inside)
				assert_int_equal(px[y * w + x], 255);
			else if (px[y * w + x] == 0)
				dark++;
		}
	/* The top-left finder pattern starts right at the quiet zone's corner. */
	assert_int_equal(px[quiet * w + quiet], 0);
	assert_true(dark > 0);
	free(px);
}

static void test_byte_mode_for_other_text(void **state)
{
	const char *text = "Form-Export-ab12/x?y=1";
	char got[200], path[256], err[KERR_LEN];
	struct qrpng_info info;

	(void)state;
	assert_int_equal(qrpng_is_alphanumeric(text), 0);
	(void)snprintf(path, sizeof path, "%s/ext.png", dir);
	assert_int_equal(qrpng_write(path, text, QRPNG_TICKET_MAX_VERSION, &info, err), 0);
	assert_int_equal(info.alphanumeric, 0);
	assert_int_equal(zbar_decode(path, got, sizeof got), 1);
	assert_string_equal(got, text);
}

static void test_too_long_fails_and_leaves_nothing(void **state)
{
	char code[200], path[256], err[KERR_LEN] = "";
	char sub[128];
	struct stat sb;

	(void)state;
	(void)snprintf(sub, sizeof sub, "%s/long", dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	(void)snprintf(path, sizeof path, "%s/long.png", sub);
	fake_code(code, 178, 3); /* the most v7-M alphanumeric holds */
	assert_int_equal(qrpng_write(path, code, QRPNG_TICKET_MAX_VERSION, NULL, err), 0);
	assert_int_equal(unlink(path), 0);
	fake_code(code, 179, 3);
	assert_int_equal(qrpng_write(path, code, QRPNG_TICKET_MAX_VERSION, NULL, err), -1);
	assert_non_null(strstr(err, "version 8"));
	assert_int_not_equal(stat(path, &sb), 0);
	assert_int_equal(count_entries(sub), 0);
}

static void test_replaces_whole_file(void **state)
{
	char a[160], b[160], got[200], path[256], err[KERR_LEN];
	char sub[128];

	(void)state;
	(void)snprintf(sub, sizeof sub, "%s/replace", dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	(void)snprintf(path, sizeof path, "%s/x.png", sub);
	fake_code(a, 146, 11);
	fake_code(b, 121, 12);
	assert_int_equal(qrpng_write(path, a, QRPNG_TICKET_MAX_VERSION, NULL, err), 0);
	assert_int_equal(qrpng_write(path, b, QRPNG_TICKET_MAX_VERSION, NULL, err), 0);
	assert_int_equal(zbar_decode(path, got, sizeof got), 1);
	assert_string_equal(got, b);
	assert_int_equal(count_entries(sub), 1); /* no temp file left behind */
}

static void test_bad_input_and_unwritable(void **state)
{
	char path[256], err[KERR_LEN] = "";

	(void)state;
	assert_int_equal(qrpng_write("/tmp/never.png", "", 7, NULL, err), -1);
	assert_non_null(strstr(err, "empty"));
	(void)snprintf(path, sizeof path, "%s/no/such/dir/x.png", dir);
	assert_int_equal(qrpng_write(path, "T1ABC", 7, NULL, err), -1);
	assert_non_null(strstr(err, "No such file or directory"));
	assert_int_equal(qrpng_is_alphanumeric("T1ABC234 $%*+-./:"), 1);
	assert_int_equal(qrpng_is_alphanumeric("t1abc"), 0);
	assert_int_equal(qrpng_is_alphanumeric(""), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ticket_code_round_trip),
		cmocka_unit_test(test_geometry_and_quiet_zone),
		cmocka_unit_test(test_byte_mode_for_other_text),
		cmocka_unit_test(test_too_long_fails_and_leaves_nothing),
		cmocka_unit_test(test_replaces_whole_file),
		cmocka_unit_test(test_bad_input_and_unwritable),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
