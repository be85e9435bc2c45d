/* camera_images.c - the camera source of a folder of images (sorted by name)
 * or of one image, each decoded by scan/imgload. */
#include "camera_source.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scan/imgload.h"
#include "io/trace.h"

#define FILES_MAX 4096

void *camera_images_main(void *arg)
{
	struct camera *c = arg;
	int64_t start = camera_mono_ms();
	int i;

	for (i = 0; i < c->nfiles && !camera_stopped(c); i++) {
		struct imgload img;
		char err[KERR_LEN];

		if (imgload_file(&img, c->files[i], err) != 0) {
			camera_lost(c, "cannot read frame image: %s", err);
			return NULL;
		}
		if (camera_publish(c, img.px, img.w, img.h, img.w, (uint64_t)i) != 0) {
			imgload_release(&img);
			return NULL;
		}
		imgload_release(&img);
		camera_pace(c, start, (uint64_t)i + 1, c->fps);
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

int camera_list_images(struct camera *c, const char *dir, char err[KERR_LEN])
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
