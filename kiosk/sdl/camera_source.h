/* camera_source.h - what camera.c (the newest-frame slot, the decoder
 * thread, the public API) shares with its sources, one file each:
 * camera_v4l2.c (a V4L2 device), camera_images.c (a folder of images or one
 * image), camera_y4m.c (a .y4m video), camera_mjpeg.c (a Motion-JPEG file).
 * A source runs as the source thread: it calls camera_publish for each
 * frame and camera_lost when it cannot go on. Private to kiosk/sdl. */
#ifndef KIOSK_CAMERA_SOURCE_H
#define KIOSK_CAMERA_SOURCE_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "camera.h"

#define V4L2_BUFS 4
#define FILES_MAX 4096
#define PREVIEW_MIN_MS 66  /* at most ~15 preview redraws a second */

enum source { SRC_V4L2, SRC_Y4M, SRC_MJPEG, SRC_IMAGES };

struct camera {
	enum source src;
	uint32_t event_type;
	pthread_t source_thread, decode_thread;
	int source_started, decode_started;

	pthread_mutex_t lock;
	pthread_cond_t cond;
	int stop;                  /* under lock */
	uint8_t *frame;            /* newest frame, under lock */
	size_t frame_cap;
	int w, h;
	uint64_t serial;           /* of the newest frame */
	uint64_t index;            /* its index in the source (for traces) */
	uint64_t decoded_serial;   /* last serial the decoder took */
	uint64_t dropped;
	int preview_pending;       /* a CAMERA_EV_FRAME is in the SDL queue */
	int64_t preview_ms;

	/* V4L2 */
	int fd;
	struct {
		void *start;
		size_t len;
	} buf[V4L2_BUFS];
	int nbuf;
	uint32_t pixfmt;
	int bytesperline;
	int jpeg_shrink;           /* MJPEG: decoded at 1/jpeg_shrink */

	/* files */
	char *path;
	int fps;
	char **files;
	int nfiles;
};

/* Milliseconds of the monotonic clock. */
int64_t camera_mono_ms(void);

/* Tell the UI the camera is gone: a CAMERA_EV_LOST with fmt % what. */
void camera_lost(struct camera *c, const char *fmt, const char *what);

/* Hand a new grey frame to the decoder and the preview. Source thread.
 * Returns 0, or -1 when out of memory. */
int camera_publish(struct camera *c, const uint8_t *grey, int w, int h, int stride,
		   uint64_t index);

/* 1 once camera_close asked the threads to stop. */
int camera_stopped(struct camera *c);

/* Sleep until start_ms + n * period, waking early when asked to stop. */
void camera_pace(struct camera *c, int64_t start_ms, uint64_t n, int fps);

/* camera_v4l2.c: open and start the device; the source thread; unmap and
 * close (a camera that never opened a device is fine). */
int camera_v4l2_setup(struct camera *c, const char *dev, char err[KERR_LEN]);
void *camera_v4l2_main(void *arg);
void camera_v4l2_close(struct camera *c);

/* camera_y4m.c: read the first line of a .y4m file and parse it (0 or -1);
 * the source thread, playing c->path. */
int camera_y4m_read_header(FILE *f, char *line, size_t cap, int *w, int *h, int *fps);
void *camera_y4m_main(void *arg);

/* camera_mjpeg.c: the source thread, playing the Motion-JPEG file c->path. */
void *camera_mjpeg_main(void *arg);

/* camera_images.c: list the images of a folder into c->files, sorted by
 * name (0, or -1 with err); the source thread, playing c->files. */
int camera_list_images(struct camera *c, const char *dir, char err[KERR_LEN]);
void *camera_images_main(void *arg);

#endif
