/* camera_mjpeg.c - the camera source of a Motion-JPEG file (.mjpg/.mjpeg),
 * mmap'd and split into frames, decoded as an MJPEG camera's frames are. */
#include "camera_source.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scan/imgload.h"
#include "scan/jpeg.h"
#include "io/trace.h"

/* A Motion-JPEG file (JPEG images back to back, as an MJPEG camera sends
 * them) through the camera's own decode path. */
void *camera_mjpeg_main(void *arg)
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
		camera_lost(c, "cannot open the frames: %s", fd < 0 ? strerror(errno) : "empty or unreadable");
		if (fd >= 0)
			(void)close(fd);
		return NULL;
	}
	start = camera_mono_ms();
	while (!camera_stopped(c) && mjpeg_next(map, (size_t)st.st_size, &pos, &a, &b)) {
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
		else if (camera_publish(c, im.px, im.w, im.h, im.w, n) != 0)
			r = -2;
		imgload_release(&im);
		if (r == -2)
			break;
		n++;
		camera_pace(c, start, n, c->fps > 0 ? c->fps : 30);
	}
	trace_event("frames_end", NULL);
	(void)munmap((void *)map, (size_t)st.st_size);
	(void)close(fd);
	return NULL;
}
