/* test_imgload.c - kiosk/scan/imgload.c on real files (the fuzz seeds: the
 * same QR code as PNG, JPEG and WebP): each decodes to grey of the same
 * size and nearly the same pixels; shrunk decoding halves and quarters the
 * size (rounding up) and keeps the picture; garbage and oversize headers are
 * refused with one line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan/imgload.h"

static char *slurp(const char *path, int *len)
{
	FILE *f = fopen(path, "rb");
	static char buf[1 << 20];
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, sizeof buf, f);
	assert_int_equal(fclose(f), 0);
	*len = (int)n;
	return buf;
}

/* Mean absolute difference of two grey images of the same size. */
static double mad(const struct imgload *a, const struct imgload *b)
{
	double sum = 0;

	for (size_t i = 0; i < (size_t)a->w * (size_t)a->h; i++)
		sum += abs((int)a->px[i] - (int)b->px[i]);
	return sum / ((double)a->w * a->h);
}

static void test_three_formats_agree(void **state)
{
	static const char *const files[] = {"qr.png", "qr.jpg", "qr.webp"};
	struct imgload img[3];
	char err[KERR_LEN], path[256];

	(void)state;
	for (int i = 0; i < 3; i++) {
		(void)snprintf(path, sizeof path, "tests/fuzz-seeds/fuzz_imgload/%s", files[i]);
		assert_int_equal(imgload_file(&img[i], path, err), 0);
		assert_true(img[i].w > 20 && img[i].h > 20);
	}
	assert_int_equal(img[1].w, img[0].w);
	assert_int_equal(img[2].h, img[0].h);
	assert_true(mad(&img[0], &img[1]) < 12.0); /* JPEG is lossy */
	assert_true(mad(&img[0], &img[2]) < 12.0);
	for (int i = 0; i < 3; i++)
		imgload_release(&img[i]);
}

static void test_shrunk(void **state)
{
	static const char *const files[] = {"qr.png", "qr.jpg", "qr.webp"};
	char err[KERR_LEN], path[256];

	(void)state;
	for (int i = 0; i < 3; i++) {
		struct imgload full, half, eighth;
		int len;
		char *data;

		(void)snprintf(path, sizeof path, "tests/fuzz-seeds/fuzz_imgload/%s", files[i]);
		data = slurp(path, &len);
		assert_int_equal(imgload_mem(&full, data, len, path, 0, err), 0);
		assert_int_equal(imgload_mem_shrunk(&half, data, len, path, 0, 2, err), 0);
		assert_int_equal(half.w, (full.w + 1) / 2);
		assert_int_equal(half.h, (full.h + 1) / 2);
		assert_int_equal(imgload_mem_shrunk(&eighth, data, len, path, 0, 8, err), 0);
		assert_int_equal(eighth.w, (full.w + 7) / 8);
		/* The picture survives: the top-left pixel of the half image is
		 * near the mean of the full image's top-left 2x2 block. */
		{
			int m = (full.px[0] + full.px[1] + full.px[full.w] + full.px[full.w + 1] + 2) / 4;

			assert_true(abs((int)half.px[0] - m) < 40);
		}
		assert_int_equal(imgload_mem_shrunk(&eighth, data, len, path, 0, 3, err), -1);
		imgload_release(&full);
		imgload_release(&half);
		imgload_release(&eighth);
	}
}

static void test_refused(void **state)
{
	struct imgload img = {NULL, 0, 0};
	char err[KERR_LEN];
	/* A JPEG header claiming 40000 x 40000 (frame and scan headers), then
	 * no data: refused before anything is allocated. */
	static const unsigned char huge[] = {
		0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x9C, 0x40, 0x9C, 0x40, 0x01,
		0x01, 0x11, 0x00, 0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F,
		0x00, 0xFF, 0xD9,
	};

	(void)state;
	assert_int_equal(imgload_mem(&img, "not an image at all", 19, "x.txt", 0, err), -1);
	assert_non_null(strstr(err, "cannot read 'x.txt': not an image"));
	assert_int_equal(imgload_mem(&img, huge, (int)sizeof huge, "huge.jpg", 0, err), -1);
	assert_non_null(strstr(err, "too large"));
	assert_int_equal(imgload_mem(&img, "\xFF\xD8\xFF\xE0garbage", 11, "bad.jpg", 0, err), -1);
	assert_non_null(strstr(err, "cannot read 'bad.jpg'"));
	assert_null(img.px);
	assert_int_equal(imgload_file(&img, "/nonexistent/x.png", err), -1);
	assert_non_null(strstr(err, "No such file"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_three_formats_agree),
		cmocka_unit_test(test_shrunk),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
