/* fuzz_y4m.c - libFuzzer target for the YUV4MPEG2 header parser of the
 * camera's --frames playback: any line gives -1 or a size within 1..8192. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sdl/camera.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = malloc(size + 1);
	int w, h, fps = -7;

	if (!line)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	if (camera_y4m_parse(line, &w, &h, &fps) == 0 &&
	    (w < 1 || w > 8192 || h < 1 || h > 8192 || fps == 0 || fps > 1000))
		abort();
	free(line);
	return 0;
}
