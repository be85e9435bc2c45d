/* camera_v4l2.c - the camera source of a V4L2 device: picking a format and
 * size, mmap'd buffers, the capture thread (MJPEG frames decoded by
 * scan/imgload, YUYV and GREY taken as luma). Adapter: V4L2. */
#include "camera_source.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/videodev2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <unistd.h>

#include "scan/imgload.h"
#include "scan/jpeg.h"
#include "io/trace.h"

/* ------------------------------------------------------------------- V4L2 */

int camera_xioctl(int fd, unsigned long req, void *arg)
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
		if (camera_xioctl(fd, VIDIOC_ENUM_FRAMEINTERVALS, &iv) != 0)
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
		if (camera_xioctl(fd, VIDIOC_ENUM_FMT, &d) != 0)
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
			if (camera_xioctl(fd, VIDIOC_ENUM_FRAMESIZES, &fs) != 0)
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

int camera_v4l2_setup(struct camera *c, const char *dev, char err[KERR_LEN])
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
	if (camera_xioctl(c->fd, VIDIOC_QUERYCAP, &cap) != 0)
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
	if (camera_xioctl(c->fd, VIDIOC_S_FMT, &fmt) != 0)
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
		(void)camera_xioctl(c->fd, VIDIOC_S_PARM, &sp);
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
	if (camera_xioctl(c->fd, VIDIOC_REQBUFS, &req) != 0 || req.count < 2)
		return kerr(err, "cannot get capture buffers from '%s': %s", dev, strerror(errno));
	for (i = 0; i < (int)req.count && i < V4L2_BUFS; i++) {
		struct v4l2_buffer b;

		memset(&b, 0, sizeof b);
		b.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
		b.memory = V4L2_MEMORY_MMAP;
		b.index = (unsigned)i;
		if (camera_xioctl(c->fd, VIDIOC_QUERYBUF, &b) != 0)
			return kerr(err, "cannot query buffer of '%s': %s", dev, strerror(errno));
		c->buf[i].len = b.length;
		c->buf[i].start = mmap(NULL, b.length, PROT_READ | PROT_WRITE, MAP_SHARED, c->fd,
				       b.m.offset);
		if (c->buf[i].start == MAP_FAILED) {
			c->buf[i].start = NULL;
			return kerr(err, "cannot map buffer of '%s': %s", dev, strerror(errno));
		}
		c->nbuf = i + 1;
		if (camera_xioctl(c->fd, VIDIOC_QBUF, &b) != 0)
			return kerr(err, "cannot queue buffer of '%s': %s", dev, strerror(errno));
	}
	{
		enum v4l2_buf_type t = V4L2_BUF_TYPE_VIDEO_CAPTURE;

		if (camera_xioctl(c->fd, VIDIOC_STREAMON, &t) != 0)
			return kerr(err, "cannot start '%s': %s", dev, strerror(errno));
	}
	return 0;
}

void *camera_v4l2_main(void *arg)
{
	struct camera *c = arg;
	uint8_t *grey = malloc((size_t)c->w * (size_t)c->h);
	uint64_t index = 0;

	if (!grey) {
		camera_lost(c, "%s", "out of memory for the camera");
		return NULL;
	}
	while (!camera_stopped(c)) {
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
			camera_lost(c, "camera stopped: %s", strerror(errno));
			break;
		}
		if (r == 0)
			continue;
		memset(&b, 0, sizeof b);
		b.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
		b.memory = V4L2_MEMORY_MMAP;
		if (camera_xioctl(c->fd, VIDIOC_DQBUF, &b) != 0) {
			if (errno == EAGAIN)
				continue;
			/* ENODEV: unplugged. The USB scanner keeps working. */
			camera_lost(c, "camera stopped: %s", strerror(errno));
			break;
		}
		if (c->pixfmt == V4L2_PIX_FMT_MJPEG) {
			char jerr[KERR_LEN];
			struct imgload im = {0};

			/* a damaged frame is skipped: the next one comes in 33 ms */
			if (b.bytesused <= (unsigned)c->buf[b.index].len && b.bytesused < 0x7FFFFFFF &&
			    imgload_mem_shrunk(&im, c->buf[b.index].start, (int)b.bytesused, "camera frame",
					       0, c->jpeg_shrink, jerr) == 0)
				(void)camera_publish(c, im.px, im.w, im.h, im.w, index);
			imgload_release(&im);
			index++;
		} else if (c->pixfmt == V4L2_PIX_FMT_YUYV) {
			const uint8_t *src = c->buf[b.index].start;

			for (y = 0; y < c->h; y++)
				for (x = 0; x < c->w; x++)
					grey[(size_t)y * (size_t)c->w + (size_t)x] =
						src[(size_t)y * (size_t)c->bytesperline + 2 * (size_t)x];
			(void)camera_publish(c, grey, c->w, c->h, c->w, index++);
		} else {
			(void)camera_publish(c, c->buf[b.index].start, c->w, c->h, c->bytesperline, index++);
		}
		if (camera_xioctl(c->fd, VIDIOC_QBUF, &b) != 0) {
			camera_lost(c, "camera stopped: %s", strerror(errno));
			break;
		}
	}
	free(grey);
	return NULL;
}

void camera_v4l2_close(struct camera *c)
{
	int i;

	if (c->fd >= 0) {
		enum v4l2_buf_type t = V4L2_BUF_TYPE_VIDEO_CAPTURE;

		(void)camera_xioctl(c->fd, VIDIOC_STREAMOFF, &t); /* closing stops it anyway */
		for (i = 0; i < c->nbuf; i++)
			if (c->buf[i].start)
				(void)munmap(c->buf[i].start, c->buf[i].len);
		(void)close(c->fd);
	}
}

