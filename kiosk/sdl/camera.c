/* camera.c - V4L2 capture or file playback, newest-frame slot, QR decoding
 * in its own thread. Adapter: V4L2, pthreads, SDL2 events; frame image
 * files are decoded by scan/imgload, like every image we read.
 * The decoder is called through decode_grey() only: the scanning pipeline
 * (qrscan.h, zbar behind our preprocessing) with its per-frame budget.
 * Locking: one default mutex, never taken twice by a thread; lock, unlock and
 * signal cannot fail on it, so their results are cast to void. */
#include "camera.h"

#include <SDL.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/videodev2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "scan/imgload.h"
#include "scan/jpeg.h"
#include "scan/qrscan.h"
#include "io/trace.h"

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

static int64_t mono_ms(void)
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

static void lost(struct camera *c, const char *fmt, const char *what)
{
	char msg[KERR_LEN];

	(void)snprintf(msg, sizeof msg, fmt, what);
	push(c, CAMERA_EV_LOST, strdup(msg)); /* NULL data just means no message */
}

/* Hand a new grey frame to the decoder and the preview. Source thread. */
static int publish(struct camera *c, const uint8_t *grey, int w, int h, int stride,
		   uint64_t index)
{
	size_t need = (size_t)w * (size_t)h;
	int y, want_preview = 0;
	int64_t now = mono_ms();

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

static int is_stopped(struct camera *c)
{
	int s;

	(void)pthread_mutex_lock(&c->lock);
	s = c->stop;
	(void)pthread_mutex_unlock(&c->lock);
	return s;
}

/* Sleep until start_ms + n * period, waking early when asked to stop. */
static void pace(struct camera *c, int64_t start_ms, uint64_t n, int fps)
{
	int64_t until = start_ms + (int64_t)(n * 1000 / (uint64_t)fps);

	while (!is_stopped(c)) {
		int64_t left = until - mono_ms();
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

/* Decode one grey frame within the per-frame budget (qrscan_frame spreads
 * its passes over successive frames); calls found(ctx, text) for a code.
 * Returns the number found. The only place that knows the decoder. */
static int decode_grey(struct qrscan *qs, struct qrscan_hit *hit, const uint8_t *grey, int w,
		       int h, void (*found)(void *ctx, const char *text), void *ctx)
{
	char err[KERR_LEN];
	int n = qrscan_frame(qs, grey, w, h, w, hit, err);

	if (n < 0) {
		trace_event("decode_error", err); /* out of memory: the next frame retries */
		return 0;
	}
	if (n > 0)
		found(ctx, hit->text);
	return n;
}

static void found_code(void *ctx, const char *text)
{
	struct camera *c = ctx;
	char *copy = strdup(text);

	if (!copy)
		return;
	trace_event("decoded", text);
	push(c, CAMERA_EV_CODE, copy);
}

static void *decode_main(void *arg)
{
	struct camera *c = arg;
	char err[KERR_LEN];
	struct qrscan *qs = qrscan_new(err);
	struct qrscan_hit *hit = malloc(sizeof *hit); /* ~9 KB: not on the thread's stack */
	uint8_t *mine = NULL;
	size_t cap = 0;

	if (!qs || !hit) {
		lost(c, "cannot start the QR scanner: %s", qs ? "out of memory" : err);
		free(hit);
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
				lost(c, "%s", "out of memory for the QR decoder");
				break;
			}
			mine = p;
			cap = need;
		}
		memcpy(mine, c->frame, need);
		c->decoded_serial = c->serial;
		(void)pthread_mutex_unlock(&c->lock);
		/* Decode outside the lock so the source keeps replacing frames. */
		(void)decode_grey(qs, hit, mine, w, h, found_code, c);
	}
	free(mine);
	free(hit);
	qrscan_free(qs);
	return NULL;
}

/* ------------------------------------------------------------------- V4L2 */

static int xioctl(int fd, unsigned long req, void *arg)
{
	int r;

	do
		r = ioctl(fd, req, arg);
	while (r == -1 && errno == EINTR);
	return r;
}

/* Frames a second of a format at a size: the best interval the device
 * lists (0 if it lists none). */
static int v4l2_fps(int fd, uint32_t fmt, unsigned w, unsigned h)
{
	struct v4l2_frmivalenum iv;
	int best = 0;

	for (unsigned i = 0; i < 64; i++) {
		memset(&iv, 0, sizeof iv);
		iv.index = i;
		iv.pixel_format = fmt;
		iv.width = w;
		iv.height = h;
		if (xioctl(fd, VIDIOC_ENUM_FRAMEINTERVALS, &iv) != 0)
			break;
		if (iv.type == V4L2_FRMIVAL_TYPE_DISCRETE) {
			if (iv.discrete.numerator > 0) {
				int f = (int)(iv.discrete.denominator / iv.discrete.numerator);
				best = f > best ? f : best;
			}
		} else {
			/* stepwise or continuous: the shortest interval */
			if (iv.stepwise.min.numerator > 0) {
				int f = (int)(iv.stepwise.min.denominator / iv.stepwise.min.numerator);
				best = f > best ? f : best;
			}
			break;
		}
	}
	return best;
}

/* How good a mode is for the door: 30 fps first, then the size nearest to
 * 1280x720 (bigger is decoded scaled down, smaller loses small codes). */
static long mode_score(int fps, unsigned w, unsigned h)
{
	long px = (long)w * h, want = 1280L * 720;
	long size = px >= want ? want * 2 - (px - want) / 4 : px * 2;

	return (fps >= 30 ? 1L << 40 : (long)fps << 34) + (size > 0 ? size : 0);
}

/* Pick the format and size: MJPEG when the device offers it (most cheap
 * webcams give 720p at 30 fps only that way; libjpeg-turbo decodes the luma
 * alone, scaled), else YUYV or GREY, whichever reaches 30 fps nearest to 720p.
 * Devices that list no sizes get 1280x720 asked for. */
static void v4l2_pick(int fd, uint32_t *fmt, unsigned *w, unsigned *h)
{
	static const uint32_t prefer[] = {V4L2_PIX_FMT_MJPEG, V4L2_PIX_FMT_YUYV, V4L2_PIX_FMT_GREY};
	long best = -1;
	int offered[3] = {0, 0, 0};

	*fmt = V4L2_PIX_FMT_YUYV;
	*w = 1280;
	*h = 720;
	for (unsigned i = 0; i < 64; i++) {
		struct v4l2_fmtdesc d;
		memset(&d, 0, sizeof d);
		d.index = i;
		d.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
		if (xioctl(fd, VIDIOC_ENUM_FMT, &d) != 0)
			break;
		for (int k = 0; k < 3; k++)
			offered[k] |= d.pixelformat == prefer[k];
	}
	for (int k = 0; k < 3; k++) {
		if (!offered[k])
			continue;
		for (unsigned i = 0; i < 256; i++) {
			struct v4l2_frmsizeenum fs;
			unsigned fw, fh;
			memset(&fs, 0, sizeof fs);
			fs.index = i;
			fs.pixel_format = prefer[k];
			if (xioctl(fd, VIDIOC_ENUM_FRAMESIZES, &fs) != 0)
				break;
			if (fs.type == V4L2_FRMSIZE_TYPE_DISCRETE) {
				fw = fs.discrete.width;
				fh = fs.discrete.height;
			} else {
				fw = 1280 < fs.stepwise.max_width ? 1280 : fs.stepwise.max_width;
				fh = 720 < fs.stepwise.max_height ? 720 : fs.stepwise.max_height;
			}
			/* formats in order of preference win ties */
			long sc = mode_score(v4l2_fps(fd, prefer[k], fw, fh), fw, fh) * 4 + (2 - k);
			if (sc > best) {
				best = sc;
				*fmt = prefer[k];
				*w = fw;
				*h = fh;
			}
			if (fs.type != V4L2_FRMSIZE_TYPE_DISCRETE)
				break;
		}
		if (best < 0) { /* offered, but no sizes listed */
			best = 0;
			*fmt = prefer[k];
		}
	}
}

static int v4l2_setup(struct camera *c, const char *dev, char err[KERR_LEN])
{
	struct v4l2_capability cap;
	struct v4l2_format fmt;
	struct v4l2_requestbuffers req;
	uint32_t want;
	unsigned ww, wh;
	int i;

	c->fd = open(dev, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (c->fd < 0)
		return kerr(err, "no camera at '%s': %s", dev, strerror(errno));
	if (xioctl(c->fd, VIDIOC_QUERYCAP, &cap) != 0)
		return kerr(err, "'%s' is not a camera: %s", dev, strerror(errno));
	if (!(cap.capabilities & V4L2_CAP_VIDEO_CAPTURE) || !(cap.capabilities & V4L2_CAP_STREAMING))
		return kerr(err, "'%s' cannot stream video", dev);
	v4l2_pick(c->fd, &want, &ww, &wh);
	memset(&fmt, 0, sizeof fmt);
	fmt.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	fmt.fmt.pix.width = ww;
	fmt.fmt.pix.height = wh;
	fmt.fmt.pix.pixelformat = want;
	fmt.fmt.pix.field = V4L2_FIELD_ANY;
	if (xioctl(c->fd, VIDIOC_S_FMT, &fmt) != 0)
		return kerr(err, "cannot set the format of '%s': %s", dev, strerror(errno));
	/* YUYV and GREY carry luma we read directly; MJPEG goes through
	 * libjpeg-turbo (luma only, scaled down to about 720p). */
	if (fmt.fmt.pix.pixelformat != V4L2_PIX_FMT_YUYV &&
	    fmt.fmt.pix.pixelformat != V4L2_PIX_FMT_GREY &&
	    fmt.fmt.pix.pixelformat != V4L2_PIX_FMT_MJPEG)
		return kerr(err, "'%s' offers neither MJPEG, YUYV nor GREY frames", dev);
	c->pixfmt = fmt.fmt.pix.pixelformat;
	c->w = (int)fmt.fmt.pix.width;
	c->h = (int)fmt.fmt.pix.height;
	c->bytesperline = (int)fmt.fmt.pix.bytesperline;
	c->jpeg_shrink = jpeg_shrink_for(c->w, 1280);
	{
		/* ask for 30 fps; a device that cannot keeps its own rate */
		struct v4l2_streamparm sp;
		memset(&sp, 0, sizeof sp);
		sp.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
		sp.parm.capture.timeperframe.numerator = 1;
		sp.parm.capture.timeperframe.denominator = 30;
		(void)xioctl(c->fd, VIDIOC_S_PARM, &sp);
	}
	if (trace_is_on()) {
		char d[64];
		(void)snprintf(d, sizeof d, "%.4s %dx%d", (const char *)&c->pixfmt, c->w, c->h);
		trace_event("camera_format", d);
	}
	memset(&req, 0, sizeof req);
	req.count = V4L2_BUFS;
	req.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	req.memory = V4L2_MEMORY_MMAP;
	if (xioctl(c->fd, VIDIOC_REQBUFS, &req) != 0 || req.count < 2)
		return kerr(err, "cannot get capture buffers from '%s': %s", dev, strerror(errno));
	for (i = 0; i < (int)req.count && i < V4L2_BUFS; i++) {
		struct v4l2_buffer b;

		memset(&b, 0, sizeof b);
		b.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
		b.memory = V4L2_MEMORY_MMAP;
		b.index = (unsigned)i;
		if (xioctl(c->fd, VIDIOC_QUERYBUF, &b) != 0)
			return kerr(err, "cannot query buffer of '%s': %s", dev, strerror(errno));
		c->buf[i].len = b.length;
		c->buf[i].start = mmap(NULL, b.length, PROT_READ | PROT_WRITE, MAP_SHARED, c->fd,
				       b.m.offset);
		if (c->buf[i].start == MAP_FAILED) {
			c->buf[i].start = NULL;
			return kerr(err, "cannot map buffer of '%s': %s", dev, strerror(errno));
		}
		c->nbuf = i + 1;
		if (xioctl(c->fd, VIDIOC_QBUF, &b) != 0)
			return kerr(err, "cannot queue buffer of '%s': %s", dev, strerror(errno));
	}
	{
		enum v4l2_buf_type t = V4L2_BUF_TYPE_VIDEO_CAPTURE;

		if (xioctl(c->fd, VIDIOC_STREAMON, &t) != 0)
			return kerr(err, "cannot start '%s': %s", dev, strerror(errno));
	}
	return 0;
}

static void *v4l2_main(void *arg)
{
	struct camera *c = arg;
	uint8_t *grey = malloc((size_t)c->w * (size_t)c->h);
	uint64_t index = 0;

	if (!grey) {
		lost(c, "%s", "out of memory for the camera");
		return NULL;
	}
	while (!is_stopped(c)) {
		fd_set fds;
		struct timeval tv = {0, 200000};
		struct v4l2_buffer b;
		int r, x, y;

		FD_ZERO(&fds);
		FD_SET(c->fd, &fds);
		r = select(c->fd + 1, &fds, NULL, NULL, &tv);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			lost(c, "camera stopped: %s", strerror(errno));
			break;
		}
		if (r == 0)
			continue;
		memset(&b, 0, sizeof b);
		b.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
		b.memory = V4L2_MEMORY_MMAP;
		if (xioctl(c->fd, VIDIOC_DQBUF, &b) != 0) {
			if (errno == EAGAIN)
				continue;
			/* ENODEV: unplugged. The USB scanner keeps working. */
			lost(c, "camera stopped: %s", strerror(errno));
			break;
		}
		if (c->pixfmt == V4L2_PIX_FMT_MJPEG) {
			char jerr[KERR_LEN];
			struct imgload im = {0};

			/* a damaged frame is skipped: the next one comes in 33 ms */
			if (b.bytesused <= (unsigned)c->buf[b.index].len && b.bytesused < 0x7FFFFFFF &&
			    imgload_mem_shrunk(&im, c->buf[b.index].start, (int)b.bytesused, "camera frame",
					       0, c->jpeg_shrink, jerr) == 0)
				(void)publish(c, im.px, im.w, im.h, im.w, index);
			imgload_release(&im);
			index++;
		} else if (c->pixfmt == V4L2_PIX_FMT_YUYV) {
			const uint8_t *src = c->buf[b.index].start;

			for (y = 0; y < c->h; y++)
				for (x = 0; x < c->w; x++)
					grey[(size_t)y * (size_t)c->w + (size_t)x] =
						src[(size_t)y * (size_t)c->bytesperline + 2 * (size_t)x];
			(void)publish(c, grey, c->w, c->h, c->w, index++);
		} else {
			(void)publish(c, c->buf[b.index].start, c->w, c->h, c->bytesperline, index++);
		}
		if (xioctl(c->fd, VIDIOC_QBUF, &b) != 0) {
			lost(c, "camera stopped: %s", strerror(errno));
			break;
		}
	}
	free(grey);
	return NULL;
}

/* ------------------------------------------------------------------ files */

/* A decimal number of 1..max at p; 0 if it is anything else. */
static int y4m_num(const char *p, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(p, &end, 10);
	if (end == p || errno != 0 || v < 1 || v > max)
		return 0;
	return (int)v;
}

int camera_y4m_parse(const char *line, int *w, int *h, int *fps)
{
	const char *p;

	if (strncmp(line, "YUV4MPEG2 ", 10) != 0)
		return -1;
	*w = *h = 0;
	for (p = line; (p = strchr(p, ' ')); ) {
		p++;
		if (*p == 'W') {
			*w = y4m_num(p + 1, 8192); /* up to 8K: more is a broken file */
		} else if (*p == 'H') {
			*h = y4m_num(p + 1, 8192);
		} else if (*p == 'F') {
			/* "F30:1" or "F30000:1001": the colon must be this token's. */
			const char *colon = p + 1 + strspn(p + 1, "0123456789");
			long num = y4m_num(p + 1, 1000000), den = *colon == ':' ? y4m_num(colon + 1, 1000000) : 0;

			if (num > 0 && den > 0 && num / den <= 1000) {
				long r = (num + den / 2) / den;

				*fps = r < 1 ? 1 : (int)r; /* under 1 fps plays at 1 */
			}
		} else if (*p == 'C' && strncmp(p + 1, "420", 3) != 0 && strncmp(p + 1, "mono", 4) != 0) {
			return -1; /* only 4:2:0 and mono: we read luma and skip chroma */
		}
	}
	return *w > 0 && *h > 0 ? 0 : -1;
}

/* Read the first line of a .y4m file and parse it. Returns 0 or -1. */
static int y4m_read_header(FILE *f, char *line, size_t cap, int *w, int *h, int *fps)
{
	if (!fgets(line, (int)cap, f))
		return -1;
	line[strcspn(line, "\n")] = '\0';
	return camera_y4m_parse(line, w, h, fps);
}

static void *y4m_main(void *arg)
{
	struct camera *c = arg;
	FILE *f = fopen(c->path, "rb");
	char line[256];
	int w, h, fps = 30, mono;
	uint8_t *grey = NULL;
	size_t chroma;
	uint64_t n = 0;
	int64_t start;

	if (!f) {
		lost(c, "cannot open the frames: %s", strerror(errno));
		return NULL;
	}
	if (y4m_read_header(f, line, sizeof line, &w, &h, &fps) != 0) {
		lost(c, "%s", "not a 4:2:0 YUV4MPEG2 file");
		goto done;
	}
	mono = strstr(line, " Cmono") != NULL;
	if (c->fps > 0)
		fps = c->fps;
	if (fps <= 0)
		fps = 30;
	chroma = mono ? 0 : 2 * (size_t)((w + 1) / 2) * (size_t)((h + 1) / 2);
	grey = malloc((size_t)w * (size_t)h);
	if (!grey) {
		lost(c, "%s", "out of memory for the frames");
		goto done;
	}
	start = mono_ms();
	while (!is_stopped(c)) {
		if (!fgets(line, sizeof line, f) || strncmp(line, "FRAME", 5) != 0)
			break; /* end of the video: keep the last frame */
		if (fread(grey, 1, (size_t)w * (size_t)h, f) != (size_t)w * (size_t)h ||
		    (chroma && fseek(f, (long)chroma, SEEK_CUR) != 0))
			break;
		if (publish(c, grey, w, h, w, n) != 0)
			break;
		n++;
		pace(c, start, n, fps);
	}
	trace_event("frames_end", NULL);
done:
	free(grey);
	if (fclose(f) != 0)
		lost(c, "%s", "error closing the frames file");
	return NULL;
}

/* A Motion-JPEG file (JPEG images back to back, as an MJPEG camera sends
 * them) through the camera's own decode path. */
static void *mjpeg_main(void *arg)
{
	struct camera *c = arg;
	int fd = open(c->path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	const uint8_t *map = MAP_FAILED;
	size_t pos = 0, a, b;
	uint64_t n = 0;
	int64_t start;
	int shrink = 0;

	if (fd < 0 || fstat(fd, &st) != 0 || st.st_size <= 0 ||
	    (map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0)) == MAP_FAILED) {
		lost(c, "cannot open the frames: %s", fd < 0 ? strerror(errno) : "empty or unreadable");
		if (fd >= 0)
			(void)close(fd);
		return NULL;
	}
	start = mono_ms();
	while (!is_stopped(c) && mjpeg_next(map, (size_t)st.st_size, &pos, &a, &b)) {
		char jerr[KERR_LEN];
		struct imgload im = {0};
		int w, h, r;

		if (!shrink)
			shrink = jpeg_size(map + a, b - a, &w, &h) == 0 ? jpeg_shrink_for(w, 1280) : 1;
		r = b - a < 0x7FFFFFFF ? imgload_mem_shrunk(&im, map + a, (int)(b - a), "frame", 0,
							    shrink, jerr)
				       : kerr(jerr, "frame too big");
		if (r != 0)
			trace_event("frame_bad", jerr); /* skipped, as from a camera */
		else if (publish(c, im.px, im.w, im.h, im.w, n) != 0)
			r = -2;
		imgload_release(&im);
		if (r == -2)
			break;
		n++;
		pace(c, start, n, c->fps > 0 ? c->fps : 30);
	}
	trace_event("frames_end", NULL);
	(void)munmap((void *)map, (size_t)st.st_size);
	(void)close(fd);
	return NULL;
}

static void *images_main(void *arg)
{
	struct camera *c = arg;
	int64_t start = mono_ms();
	int i;

	for (i = 0; i < c->nfiles && !is_stopped(c); i++) {
		struct imgload img;
		char err[KERR_LEN];

		if (imgload_file(&img, c->files[i], err) != 0) {
			lost(c, "cannot read frame image: %s", err);
			return NULL;
		}
		if (publish(c, img.px, img.w, img.h, img.w, (uint64_t)i) != 0) {
			imgload_release(&img);
			return NULL;
		}
		imgload_release(&img);
		pace(c, start, (uint64_t)i + 1, c->fps);
	}
	trace_event("frames_end", NULL);
	return NULL;
}

static int has_image_ext(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot && (strcasecmp(dot, ".png") == 0 || strcasecmp(dot, ".jpg") == 0 ||
		       strcasecmp(dot, ".jpeg") == 0 || strcasecmp(dot, ".bmp") == 0 ||
		       strcasecmp(dot, ".pgm") == 0 || strcasecmp(dot, ".ppm") == 0);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list_images(struct camera *c, const char *dir, char err[KERR_LEN])
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return kerr(err, "cannot open '%s': %s", dir, strerror(errno));
	c->files = calloc(FILES_MAX, sizeof *c->files);
	if (!c->files) {
		(void)closedir(d);
		return kerr(err, "out of memory listing '%s'", dir);
	}
	while ((e = readdir(d)) && c->nfiles < FILES_MAX) {
		char *p;

		if (!has_image_ext(e->d_name))
			continue;
		if (asprintf(&p, "%s/%s", dir, e->d_name) < 0) {
			(void)closedir(d);
			return kerr(err, "out of memory listing '%s'", dir);
		}
		c->files[c->nfiles++] = p;
	}
	if (closedir(d) != 0)
		return kerr(err, "cannot read '%s': %s", dir, strerror(errno));
	if (c->nfiles == 0)
		return kerr(err, "no images (.png, .jpg, .pgm, ...) in '%s'", dir);
	qsort(c->files, (size_t)c->nfiles, sizeof *c->files, cmp_str);
	return 0;
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
	if (v4l2_setup(c, dev, err) != 0 || start(c, v4l2_main, err) != 0) {
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
		if (y4m_read_header(f, line, sizeof line, &w, &h, &vfps) != 0) {
			(void)fclose(f); /* read-only: nothing to lose */
			camera_close(c);
			return kerr(err, "'%s' is not a 4:2:0 YUV4MPEG2 video", path);
		}
		(void)fclose(f);
		c->src = SRC_Y4M;
		if (start(c, y4m_main, err) != 0) {
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
		if (start(c, mjpeg_main, err) != 0) {
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
		if (list_images(c, path, err) != 0) {
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
	if (start(c, images_main, err) != 0) {
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
	if (c->fd >= 0) {
		enum v4l2_buf_type t = V4L2_BUF_TYPE_VIDEO_CAPTURE;

		(void)xioctl(c->fd, VIDIOC_STREAMOFF, &t); /* closing stops it anyway */
		for (i = 0; i < c->nbuf; i++)
			if (c->buf[i].start)
				(void)munmap(c->buf[i].start, c->buf[i].len);
		(void)close(c->fd);
	}
	for (i = 0; i < c->nfiles; i++)
		free(c->files[i]);
	free(c->files);
	free(c->path);
	free(c->frame);
	(void)pthread_cond_destroy(&c->cond);
	(void)pthread_mutex_destroy(&c->lock);
	free(c);
}
