/* camera_y4m.c - the camera source of a YUV4MPEG2 (.y4m) video: its header
 * parser and the playback thread (luma read, chroma skipped). */
#include "camera_source.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "io/trace.h"

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
int camera_y4m_read_header(FILE *f, char *line, size_t cap, int *w, int *h, int *fps)
{
	if (!fgets(line, (int)cap, f))
		return -1;
	line[strcspn(line, "\n")] = '\0';
	return camera_y4m_parse(line, w, h, fps);
}

void *camera_y4m_main(void *arg)
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
		camera_lost(c, "cannot open the frames: %s", strerror(errno));
		return NULL;
	}
	if (camera_y4m_read_header(f, line, sizeof line, &w, &h, &fps) != 0) {
		camera_lost(c, "%s", "not a 4:2:0 YUV4MPEG2 file");
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
		camera_lost(c, "%s", "out of memory for the frames");
		goto done;
	}
	start = camera_mono_ms();
	while (!camera_stopped(c)) {
		if (!fgets(line, sizeof line, f) || strncmp(line, "FRAME", 5) != 0)
			break; /* end of the video: keep the last frame */
		if (fread(grey, 1, (size_t)w * (size_t)h, f) != (size_t)w * (size_t)h ||
		    (chroma && fseek(f, (long)chroma, SEEK_CUR) != 0))
			break;
		if (camera_publish(c, grey, w, h, w, n) != 0)
			break;
		n++;
		camera_pace(c, start, n, fps);
	}
	trace_event("frames_end", NULL);
done:
	free(grey);
	if (fclose(f) != 0)
		camera_lost(c, "%s", "error closing the frames file");
	return NULL;
}
