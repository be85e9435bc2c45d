/* camera.h - the door's camera: a V4L2 device, or a folder of images / a
 * .y4m video played as if it were one (tests, demos). A source thread keeps
 * only the newest frame; a decoder thread scans the newest frame with qrscan
 * whenever it is free, so frames are dropped when decoding falls behind, never
 * queued. Results reach the UI thread as SDL user events.
 * Adapter: V4L2, pthreads, qrscan (zbar), SDL2 (events), SDL2_image (files). */
#ifndef KIOSK_CAMERA_H
#define KIOSK_CAMERA_H

#include <stddef.h>
#include <stdint.h>

#include "core/kerr.h"

#define CAMERA_CODE_MAX 512

/* event.user.code of the SDL events pushed with the type given at open. */
enum camera_ev {
	CAMERA_EV_CODE,   /* data1: the decoded text, malloc'd: the receiver frees it */
	CAMERA_EV_FRAME,  /* a new preview frame: call camera_latest */
	CAMERA_EV_LOST,   /* data1: malloc'd one-line reason: the receiver frees it */
};

struct camera;

/* Start capturing from a V4L2 device (e.g. /dev/video0): MJPEG when the
 * device offers it (decoded to grey by libjpeg-turbo, scaled to about 720p),
 * else YUYV or GREY, at the size nearest 1280x720 that gives 30 fps.
 * Returns 0 and *out, or -1 with err (missing device, no usable format). */
int camera_open_v4l2(struct camera **out, const char *dev, uint32_t event_type,
		     char err[KERR_LEN]);

/* Play path as the camera: a folder of images (sorted by name), one image, a
 * YUV4MPEG2 (.y4m) file, or a Motion-JPEG file (.mjpg/.mjpeg: JPEG images
 * back to back, decoded as an MJPEG camera's frames are), at fps frames a
 * second (0: the video's own rate, 30 for Motion-JPEG, 2 for images). Plays once and keeps the last frame. Returns 0 or -1. */
int camera_open_frames(struct camera **out, const char *path, int fps, uint32_t event_type,
		       char err[KERR_LEN]);

/* Parse a YUV4MPEG2 header line (without its newline), e.g.
 * "YUV4MPEG2 W1280 H720 F30:1 Ip A1:1 C420jpeg". Only 4:2:0 and mono are
 * accepted (the luma plane is read, chroma skipped); *fps is set only when
 * the line gives a rate. Returns 0, or -1 if it is not such a header. */
int camera_y4m_parse(const char *line, int *w, int *h, int *fps);

/* Copy the newest frame (8-bit grey) if it is newer than *serial. Returns 1
 * and fills grey[cap], *w, *h, *serial; 0 if there is nothing newer; -1 if
 * cap is too small (*w, *h say what is needed). UI thread. */
int camera_latest(struct camera *c, uint8_t *grey, size_t cap, int *w, int *h,
		  uint64_t *serial);

/* Frames the decoder skipped because it was busy (for the log). */
uint64_t camera_dropped(struct camera *c);

/* Of the n >= 1 codes one frame gave (qrscan_frame_hits: codes side by
 * side, a code within another), the one that goes to the door: a signed
 * ticket or an unlock card when one is among them (a ticket printed beside
 * or within a seller's code), else the first. */
struct qrscan_hit;
const struct qrscan_hit *camera_pick(const struct qrscan_hit *hits, int n);

/* Stop both threads and free everything. NULL is fine. */
void camera_close(struct camera *c);

#endif
