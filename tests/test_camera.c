/* test_camera.c - the camera adapter without a camera: a .y4m video and an
 * image folder played as the camera, zbar decoding a QR drawn with libqrencode,
 * the newest-frame slot, and the errors for a missing device or a bad video.
 * Real parts: files, threads, zbar, SDL events (no video needed). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <SDL.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jpeglib.h>

#include "scan/imgload.h"
#include "scan/jpeg.h"
#include "scan/qrscan.h"
#include "sdl/camera.h"
#include "support/tmpdir.h"

#define W 320
#define H 240

static char dir[256];
static uint32_t ev_type;

static int setup(void **state)
{
	(void)state;
	if (test_tmpdir(dir, sizeof dir, "camera") != 0 || SDL_Init(SDL_INIT_EVENTS) != 0)
		return -1;
	ev_type = SDL_RegisterEvents(1);
	return ev_type == (uint32_t)-1 ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	SDL_Quit();
	return test_rmtree(dir);
}

/* A white W x H luma plane with text as a QR code in the middle (4 px modules). */
static void draw_qr(uint8_t *y, const char *text)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	int i, j, s = 4, ox, oy;

	assert_non_null(q);
	memset(y, 255, W * H);
	ox = (W - q->width * s) / 2;
	oy = (H - q->width * s) / 2;
	for (i = 0; i < q->width * s; i++)
		for (j = 0; j < q->width * s; j++)
			if (q->data[(i / s) * q->width + j / s] & 1)
				y[(oy + i) * W + ox + j] = 0;
	QRcode_free(q);
}

static void write_y4m(const char *path, int blank, int with_qr, const char *text)
{
	FILE *f = fopen(path, "wb");
	static uint8_t y[W * H], c[W * H / 2];
	int i;

	assert_non_null(f);
	memset(c, 128, sizeof c);
	fprintf(f, "YUV4MPEG2 W%d H%d F30:1 Ip A1:1 C420jpeg\n", W, H);
	for (i = 0; i < blank + with_qr; i++) {
		if (i < blank)
			memset(y, 255, sizeof y);
		else
			draw_qr(y, text);
		fprintf(f, "FRAME\n");
		assert_int_equal(fwrite(y, 1, sizeof y, f), sizeof y);
		assert_int_equal(fwrite(c, 1, sizeof c, f), sizeof c);
	}
	assert_int_equal(fclose(f), 0);
}

/* Append y (W x H grey) to f as a colour (YCbCr 4:2:0) JPEG, as a webcam's
 * MJPEG frame is. */
static void write_jpeg(FILE *f, const uint8_t *y, int quality, int percent)
{
	struct jpeg_compress_struct ci;
	struct jpeg_error_mgr jerr;
	static uint8_t rgb[W * 3];
	unsigned char *mem = NULL;
	unsigned long len = 0;

	ci.err = jpeg_std_error(&jerr);
	jpeg_create_compress(&ci);
	jpeg_mem_dest(&ci, &mem, &len);
	ci.image_width = W;
	ci.image_height = H;
	ci.input_components = 3;
	ci.in_color_space = JCS_RGB;
	jpeg_set_defaults(&ci);
	jpeg_set_quality(&ci, quality, TRUE);
	jpeg_start_compress(&ci, TRUE);
	while (ci.next_scanline < H) {
		JSAMPROW row = rgb;
		for (int x = 0; x < W; x++)
			rgb[3 * x] = rgb[3 * x + 1] = rgb[3 * x + 2] = y[ci.next_scanline * W + x];
		(void)jpeg_write_scanlines(&ci, &row, 1);
	}
	jpeg_finish_compress(&ci);
	jpeg_destroy_compress(&ci);
	len = len * (unsigned long)percent / 100; /* < 100: a frame cut short */
	assert_int_equal(fwrite(mem, 1, len, f), len);
	free(mem);
}

/* Wait up to ms for a camera event of code; returns its data1 (caller frees). */
static void *wait_event(int code, int ms)
{
	Uint32 end = SDL_GetTicks() + (Uint32)ms;
	SDL_Event ev;

	while (SDL_GetTicks() < end) {
		if (SDL_WaitEventTimeout(&ev, 50) && ev.type == ev_type) {
			if (ev.user.code == code)
				return ev.user.data1 ? ev.user.data1 : (void *)1;
			if (ev.user.code != CAMERA_EV_FRAME)
				free(ev.user.data1);
		}
	}
	return NULL;
}

static void test_y4m_decodes(void **state)
{
	char path[300], err[KERR_LEN];
	struct camera *cam;
	char *code;
	static uint8_t grey[W * H];
	int w = 0, h = 0;
	uint64_t serial = 0;

	(void)state;
	(void)snprintf(path, sizeof path, "%s/v.y4m", dir);
	write_y4m(path, 5, 10, "T1ABCDEFGH234567");
	if (camera_open_frames(&cam, path, 0, ev_type, err) != 0)
		fail_msg("%s", err);
	code = wait_event(CAMERA_EV_CODE, 3000);
	assert_non_null(code);
	assert_string_equal(code, "T1ABCDEFGH234567");
	free(code);
	/* The preview gets the newest frame, once. */
	assert_int_equal(camera_latest(cam, grey, sizeof grey, &w, &h, &serial), 1);
	assert_int_equal(w, W);
	assert_int_equal(h, H);
	assert_true(serial > 0);
	assert_int_equal(camera_latest(cam, grey, 10, &w, &h, &serial) <= 0, 1);
	camera_close(cam);
}

/* A Motion-JPEG file plays through the MJPEG camera's decode path: blank
 * frames, garbage between frames and a frame cut short are skipped, the
 * code in the later frames is read. */
static void test_mjpeg_decodes(void **state)
{
	char path[300], err[KERR_LEN];
	struct camera *cam;
	char *code;
	static uint8_t y[W * H], grey[W * H];
	int w = 0, h = 0;
	uint64_t serial = 0;
	FILE *f;

	(void)state;
	(void)snprintf(path, sizeof path, "%s/v.mjpg", dir);
	f = fopen(path, "wb");
	assert_non_null(f);
	memset(y, 255, sizeof y);
	for (int i = 0; i < 3; i++)
		write_jpeg(f, y, 80, 100);
	fputs("garbage between frames \xff\xd8 not a frame", f);
	draw_qr(y, "T1MJPEG234567ABC");
	write_jpeg(f, y, 75, 50);
	for (int i = 0; i < 6; i++)
		write_jpeg(f, y, 75, 100);
	assert_int_equal(fclose(f), 0);
	if (camera_open_frames(&cam, path, 0, ev_type, err) != 0)
		fail_msg("%s", err);
	code = wait_event(CAMERA_EV_CODE, 3000);
	assert_non_null(code);
	assert_string_equal(code, "T1MJPEG234567ABC");
	free(code);
	assert_int_equal(camera_latest(cam, grey, sizeof grey, &w, &h, &serial), 1);
	assert_int_equal(w, W);
	assert_int_equal(h, H);
	camera_close(cam);
	assert_int_equal(camera_open_frames(&cam, "/nonexistent.mjpg", 0, ev_type, err), -1);
	assert_non_null(strstr(err, "cannot read"));
}

/* The framing on its own: frames found by their markers (a stray SOI in
 * the garbage, a frame cut short do not count), each decodes to grey at
 * full and half size; the shrink keeps about 720p. */
static void test_mjpeg_framing(void **state)
{
	static uint8_t y[W * H];
	char *buf = NULL, err[KERR_LEN];
	size_t len = 0, pos = 0, a, b;
	int n = 0, w, h;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	assert_non_null(f);
	draw_qr(y, "T1FRAMING");
	write_jpeg(f, y, 90, 100);
	fputs("\xff\xd8\x01junk", f);
	write_jpeg(f, y, 90, 60);
	write_jpeg(f, y, 90, 100);
	assert_int_equal(fclose(f), 0);
	while (mjpeg_next((const uint8_t *)buf, len, &pos, &a, &b)) {
		struct imgload im = {0};
		assert_int_equal(imgload_mem_shrunk(&im, buf + a, (int)(b - a), "f", 0, 1, err), 0);
		assert_int_equal(im.w, W);
		assert_int_equal(im.h, H);
		/* white stays white, the code's modules stay dark */
		assert_true(im.px[0] > 240);
		imgload_release(&im);
		assert_int_equal(imgload_mem_shrunk(&im, buf + a, (int)(b - a), "f", 0, 2, err), 0);
		assert_int_equal(im.w, W / 2);
		assert_int_equal(im.h, H / 2);
		imgload_release(&im);
		n++;
	}
	assert_int_equal(n, 2);
	assert_int_equal(jpeg_size((const uint8_t *)buf, len, &w, &h), 0);
	assert_int_equal(w, W);
	assert_int_equal(h, H);
	assert_int_equal(jpeg_shrink_for(1920, 1280), 1);
	assert_int_equal(jpeg_shrink_for(2592, 1280), 2);
	assert_int_equal(jpeg_shrink_for(640, 1280), 1);
	/* a lone SOI, or garbage, is no frame */
	pos = 0;
	assert_int_equal(mjpeg_next((const uint8_t *)"\xff\xd8\xff\xe0\x00", 5, &pos, &a, &b), 0);
	pos = 0;
	assert_int_equal(mjpeg_next((const uint8_t *)"GIF89a", 6, &pos, &a, &b), 0);
	free(buf);
}

static void test_images_folder(void **state)
{
	char sub[300], cmd[700], err[KERR_LEN];
	struct camera *cam;

	(void)state;
	(void)snprintf(sub, sizeof sub, "%s/empty", dir);
	(void)snprintf(cmd, sizeof cmd, "mkdir -p '%s'", sub);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(camera_open_frames(&cam, sub, 0, ev_type, err), -1);
	assert_non_null(strstr(err, "no images"));
}

static void test_errors(void **state)
{
	char path[300], err[KERR_LEN];
	struct camera *cam;
	FILE *f;

	(void)state;
	assert_int_equal(camera_open_v4l2(&cam, "/dev/no-such-camera", ev_type, err), -1);
	assert_non_null(strstr(err, "no camera at '/dev/no-such-camera'"));
	(void)snprintf(path, sizeof path, "%s/bad.y4m", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("YUV4MPEG2 W320 H240 C444\n", f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(camera_open_frames(&cam, path, 0, ev_type, err), -1);
	assert_non_null(strstr(err, "not a 4:2:0"));
	assert_int_equal(camera_open_frames(&cam, "/nonexistent.y4m", 0, ev_type, err), -1);
}

/* Of a frame's codes, the door gets a ticket or an unlock card over a
 * seller's link around it (qrscan_frame_hits gives the outer code first). */
static void test_pick_prefers_our_codes(void **state)
{
	/* a well-formed signed ticket (`kiosk tickets issue`); the pick reads
	 * its form, the door checks its signature */
	static const char ticket[] = "T1AE5RPR5EAAAAAAIAH5BHCDTHN3RE2TREK7URCY42FUBZIELGX5RS7YA46FAIF"
				     "EVETH6FH3BUUS76YTLBFMOEAQC76PGBOUBGG2MRGRU3UJ5OQT2TI5C4CBQ";
	static struct qrscan_hit hits[3];

	(void)state;
	(void)snprintf(hits[0].text, sizeof hits[0].text, "%s", "https://facebook.com/our.shop.page");
	(void)snprintf(hits[1].text, sizeof hits[1].text, "%s", "T1 but not a ticket");
	(void)snprintf(hits[2].text, sizeof hits[2].text, "%s", ticket);
	assert_ptr_equal(camera_pick(hits, 3), &hits[2]);
	assert_ptr_equal(camera_pick(hits, 2), &hits[0]); /* none of ours: the first */
	assert_ptr_equal(camera_pick(hits, 1), &hits[0]);
	(void)snprintf(hits[1].text, sizeof hits[1].text, "%s", "KU1ABCDEFGH");
	assert_ptr_equal(camera_pick(hits, 2), &hits[1]);
}

static void test_y4m_header(void **state)
{
	int w, h, fps;

	(void)state;
	fps = 0;
	assert_int_equal(camera_y4m_parse("YUV4MPEG2 W1280 H720 F30:1 Ip A1:1 C420jpeg", &w, &h, &fps), 0);
	assert_int_equal(w, 1280);
	assert_int_equal(h, 720);
	assert_int_equal(fps, 30);
	assert_int_equal(camera_y4m_parse("YUV4MPEG2 W640 H480 F30000:1001 Cmono", &w, &h, &fps), 0);
	assert_int_equal(fps, 30);
	/* Found by fuzz_y4m: "F1" took the colon of a later token, and a rate
	 * under one frame a second rounded to 0. */
	fps = 7;
	assert_int_equal(camera_y4m_parse("YUV4MPEG2 W8 H8 F1 X10:10", &w, &h, &fps), 0);
	assert_int_equal(fps, 7);
	assert_int_equal(camera_y4m_parse("YUV4MPEG2 W8 H8 F1:10", &w, &h, &fps), 0);
	assert_int_equal(fps, 1);
	assert_int_equal(camera_y4m_parse("YUV4MPEG2 W0 H8", &w, &h, &fps), -1);
	assert_int_equal(camera_y4m_parse("YUV4MPEG2 W99999999999 H8", &w, &h, &fps), -1);
	assert_int_equal(camera_y4m_parse("YUV4MPEG2 W8 H8 C444", &w, &h, &fps), -1);
	assert_int_equal(camera_y4m_parse("P5 8 8 255", &w, &h, &fps), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_y4m_decodes),
		cmocka_unit_test(test_mjpeg_decodes),
		cmocka_unit_test(test_mjpeg_framing),
		cmocka_unit_test(test_images_folder),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_pick_prefers_our_codes),
		cmocka_unit_test(test_y4m_header),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
