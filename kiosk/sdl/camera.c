/* camera.c - the camera's newest-frame slot, QR decoding in its own thread,
 * and the public API (opening picks a source: camera_v4l2.c, camera_y4m.c,
 * camera_mjpeg.c, camera_images.c, behind camera_source.h).
 * Adapter: pthreads, SDL2 events.
 * The decoder is called through decode_grey() only: the scanning pipeline
 * (qrscan.h, zbar behind our preprocessing) with its per-frame budget.
 * Locking: one default mutex, never taken twice by a thread; lock, unlock and
 * signal cannot fail on it, so their results are cast to void. */
#include "camera_source.h"

#include <SDL.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/ticket.h"
#include "io/trace.h"
#include "scan/qrscan.h"

#define PREVIEW_MIN_MS 66  /* at most ~15 preview redraws a second */

int64_t camera_mono_ms(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void push(struct camera *c, int code, void *data)
{
	SDL_Event ev;

	memset(&ev, 0, sizeof ev);
	ev.type = c->event_type;
	ev.user.code = code;
	ev.user.data1 = data;
	/* A full SDL queue drops the event: a preview frame is replaced by the
	 * next, and a lost code is read again from the next frame. */
	if (SDL_PushEvent(&ev) != 1)
		free(data);
}

void camera_lost(struct camera *c, const char *fmt, const char *what)
{
	char msg[KERR_LEN];

	(void)snprintf(msg, sizeof msg, fmt, what);
	push(c, CAMERA_EV_LOST, strdup(msg)); /* NULL data just means no message */
}

/* Hand a new grey frame to the decoder and the preview. Source thread. */
int camera_publish(struct camera *c, const uint8_t *grey, int w, int h, int stride,
		   uint64_t index)
{
	size_t need = (size_t)w * (size_t)h;
	int y, want_preview = 0;
	int64_t now = camera_mono_ms();

	if (pthread_mutex_lock(&c->lock) != 0)
		return -1;
	if (need > c->frame_cap) {
		uint8_t *p = realloc(c->frame, need);

		if (!p) {
			(void)pthread_mutex_unlock(&c->lock);
			return -1;
		}
		c->frame = p;
		c->frame_cap = need;
	}
	for (y = 0; y < h; y++)
		memcpy(c->frame + (size_t)y * (size_t)w, grey + (size_t)y * (size_t)stride, (size_t)w);
	c->w = w;
	c->h = h;
	if (c->serial > c->decoded_serial)
		c->dropped++; /* the decoder never saw the frame this one replaces */
	c->serial++;
	c->index = index;
	if (!c->preview_pending && now - c->preview_ms >= PREVIEW_MIN_MS) {
		c->preview_pending = 1;
		c->preview_ms = now;
		want_preview = 1;
	}
	(void)pthread_cond_signal(&c->cond);
	(void)pthread_mutex_unlock(&c->lock);
	if (trace_is_on()) {
		char d[32];

		(void)snprintf(d, sizeof d, "%llu", (unsigned long long)index);
		trace_event("frame_in", d);
	}
	if (want_preview)
		push(c, CAMERA_EV_FRAME, NULL);
	return 0;
}

int camera_stopped(struct camera *c)
{
	int s;

	(void)pthread_mutex_lock(&c->lock);
	s = c->stop;
	(void)pthread_mutex_unlock(&c->lock);
	return s;
}

/* Sleep until start_ms + n * period, waking early when asked to stop. */
void camera_pace(struct camera *c, int64_t start_ms, uint64_t n, int fps)
{
	int64_t until = start_ms + (int64_t)(n * 1000 / (uint64_t)fps);

	while (!camera_stopped(c)) {
		int64_t left = until - camera_mono_ms();
		struct timespec ts;

		if (left <= 0)
			return;
		if (left > 50)
			left = 50;
		ts.tv_sec = 0;
		ts.tv_nsec = left * 1000000L;
		(void)nanosleep(&ts, NULL); /* an early wake just loops */
	}
}

/* --------------------------------------------------------------- decoding */

/* Room for the codes of one frame (a ticket beside or within a seller's code). */
#define CAMERA_HITS 4

const struct qrscan_hit *camera_pick(const struct qrscan_hit *hits, int n)
{
	struct ticket t;

	for (int i = 0; i < n; i++)
		if (ticket_decode(hits[i].text, &t) == 0 || ticket_is_card_text(hits[i].text))
			return &hits[i];
	return &hits[0];
}

/* Decode one grey frame within the per-frame budget (qrscan_frame spreads
 * its passes over successive frames); calls found(ctx, text) for a code.
 * hits: room for CAMERA_HITS. Returns the number found. The only place
 * that knows the decoder. */
static int decode_grey(struct qrscan *qs, struct qrscan_hit *hits, const uint8_t *grey, int w,
		       int h, void (*found)(void *ctx, const char *text), void *ctx)
{
	char err[KERR_LEN];
	int n = qrscan_frame_hits(qs, grey, w, h, w, hits, CAMERA_HITS, err);

	if (n < 0) {
		trace_event("decode_error", err); /* out of memory: the next frame retries */
		return 0;
	}
	if (n > 0)
		found(ctx, camera_pick(hits, n)->text);
	return n;
}

static void found_code(void *ctx, const char *text)
{
	struct camera *c = ctx;
	char *copy = strdup(text);

	if (!copy)
		return;
	/* Neither an unlock card's secret (issue 14) nor a guest's vCard goes
	 * to the log. */
	trace_code("decoded", text);
	push(c, CAMERA_EV_CODE, copy);
}

static void *decode_main(void *arg)
{
	struct camera *c = arg;
	char err[KERR_LEN];
	struct qrscan *qs = qrscan_new(err);
	/* ~9 KB each: not on the thread's stack */
	struct qrscan_hit *hits = malloc(CAMERA_HITS * sizeof *hits);
	uint8_t *mine = NULL;
	size_t cap = 0;

	if (!qs || !hits) {
		camera_lost(c, "cannot start the QR scanner: %s", qs ? "out of memory" : err);
		free(hits);
		qrscan_free(qs);
		return NULL;
	}
	qrscan_set_threads(qs, 2); /* a second step on the second core */
	for (;;) {
		int w, h;
		size_t need;

		(void)pthread_mutex_lock(&c->lock);
		while (!c->stop && c->serial == c->decoded_serial)
			(void)pthread_cond_wait(&c->cond, &c->lock);
		if (c->stop) {
			(void)pthread_mutex_unlock(&c->lock);
			break;
		}
		w = c->w;
		h = c->h;
		need = (size_t)w * (size_t)h;
		if (need > cap) {
			uint8_t *p = realloc(mine, need);

			if (!p) {
				(void)pthread_mutex_unlock(&c->lock);
				camera_lost(c, "%s", "out of memory for the QR decoder");
				break;
			}
			mine = p;
			cap = need;
		}
		memcpy(mine, c->frame, need);
		c->decoded_serial = c->serial;
		(void)pthread_mutex_unlock(&c->lock);
		/* Decode outside the lock so the source keeps replacing frames. */
		(void)decode_grey(qs, hits, mine, w, h, found_code, c);
	}
	free(mine);
	free(hits);
	qrscan_free(qs);
	return NULL;
}

/* ------------------------------------------------------------- lifecycle */

static struct camera *camera_new(uint32_t event_type)
{
	struct camera *c = calloc(1, sizeof *c);

	if (!c)
		return NULL;
	c->fd = -1;
	c->event_type = event_type;
	if (pthread_mutex_init(&c->lock, NULL) != 0) {
		free(c);
		return NULL;
	}
	if (pthread_cond_init(&c->cond, NULL) != 0) {
		(void)pthread_mutex_destroy(&c->lock);
		free(c);
		return NULL;
	}
	return c;
}

static int start(struct camera *c, void *(*src)(void *), char err[KERR_LEN])
{
	int r;

	r = pthread_create(&c->decode_thread, NULL, decode_main, c);
	if (r != 0)
		return kerr(err, "cannot start the decoder thread: %s", strerror(r));
	c->decode_started = 1;
	r = pthread_create(&c->source_thread, NULL, src, c);
	if (r != 0)
		return kerr(err, "cannot start the camera thread: %s", strerror(r));
	c->source_started = 1;
	return 0;
}

int camera_open_v4l2(struct camera **out, const char *dev, uint32_t event_type,
		     char err[KERR_LEN])
{
	struct camera *c = camera_new(event_type);

	if (!c)
		return kerr(err, "out of memory for the camera");
	c->src = SRC_V4L2;
	if (camera_v4l2_setup(c, dev, err) != 0 || start(c, camera_v4l2_main, err) != 0) {
		camera_close(c);
		return -1;
	}
	*out = c;
	return 0;
}

int camera_open_frames(struct camera **out, const char *path, int fps, uint32_t event_type,
		       char err[KERR_LEN])
{
	struct camera *c = camera_new(event_type);
	const char *dot = strrchr(path, '.');
	DIR *d;

	if (!c)
		return kerr(err, "out of memory for the frames");
	c->path = strdup(path);
	c->fps = fps;
	if (!c->path) {
		camera_close(c);
		return kerr(err, "out of memory for the frames");
	}
	if (dot && strcasecmp(dot, ".y4m") == 0) {
		FILE *f = fopen(path, "rb");
		char line[256];
		int w, h, vfps = 30;

		if (!f) {
			camera_close(c);
			return kerr(err, "cannot open '%s': %s", path, strerror(errno));
		}
		if (camera_y4m_read_header(f, line, sizeof line, &w, &h, &vfps) != 0) {
			(void)fclose(f); /* read-only: nothing to lose */
			camera_close(c);
			return kerr(err, "'%s' is not a 4:2:0 YUV4MPEG2 video", path);
		}
		(void)fclose(f);
		c->src = SRC_Y4M;
		if (start(c, camera_y4m_main, err) != 0) {
			camera_close(c);
			return -1;
		}
		*out = c;
		return 0;
	}
	if (dot && (strcasecmp(dot, ".mjpg") == 0 || strcasecmp(dot, ".mjpeg") == 0)) {
		if (access(path, R_OK) != 0) {
			kerr(err, "cannot read '%s': %s", path, strerror(errno));
			camera_close(c);
			return -1;
		}
		c->src = SRC_MJPEG;
		if (start(c, camera_mjpeg_main, err) != 0) {
			camera_close(c);
			return -1;
		}
		*out = c;
		return 0;
	}
	c->src = SRC_IMAGES;
	if (c->fps <= 0)
		c->fps = 2;
	if ((d = opendir(path))) {
		(void)closedir(d); /* only asked whether it is a folder */
		if (camera_list_images(c, path, err) != 0) {
			camera_close(c);
			return -1;
		}
	} else {
		c->files = calloc(1, sizeof *c->files);
		if (!c->files || !(c->files[0] = strdup(path))) {
			camera_close(c);
			return kerr(err, "out of memory for the frames");
		}
		c->nfiles = 1;
		if (access(path, R_OK) != 0) {
			kerr(err, "cannot read '%s': %s", path, strerror(errno));
			camera_close(c);
			return -1;
		}
	}
	if (start(c, camera_images_main, err) != 0) {
		camera_close(c);
		return -1;
	}
	*out = c;
	return 0;
}

int camera_latest(struct camera *c, uint8_t *grey, size_t cap, int *w, int *h,
		  uint64_t *serial)
{
	int rc = 0;

	if (pthread_mutex_lock(&c->lock) != 0)
		return 0;
	c->preview_pending = 0;
	if (c->serial > *serial && c->frame) {
		size_t need = (size_t)c->w * (size_t)c->h;

		*w = c->w;
		*h = c->h;
		if (need > cap) {
			rc = -1;
		} else {
			memcpy(grey, c->frame, need);
			*serial = c->serial;
			rc = 1;
		}
	}
	(void)pthread_mutex_unlock(&c->lock);
	return rc;
}

uint64_t camera_dropped(struct camera *c)
{
	uint64_t n;

	(void)pthread_mutex_lock(&c->lock);
	n = c->dropped;
	(void)pthread_mutex_unlock(&c->lock);
	return n;
}

void camera_close(struct camera *c)
{
	int i;

	if (!c)
		return;
	(void)pthread_mutex_lock(&c->lock);
	c->stop = 1;
	(void)pthread_cond_broadcast(&c->cond);
	(void)pthread_mutex_unlock(&c->lock);
	if (c->source_started)
		(void)pthread_join(c->source_thread, NULL);
	if (c->decode_started)
		(void)pthread_join(c->decode_thread, NULL);
	camera_v4l2_close(c);
	for (i = 0; i < c->nfiles; i++)
		free(c->files[i]);
	free(c->files);
	free(c->path);
	free(c->frame);
	(void)pthread_cond_destroy(&c->cond);
	(void)pthread_mutex_destroy(&c->lock);
	free(c);
}
