/* bench_qrframe.c - the camera path on 30 fps clips, ours against the peer
 * (zxing-cpp, when tests/bench_scan.sh could build it in) on the very same
 * frames. A clip is IDLE frames of an empty scene (as a door sees between
 * guests) and then up to CODE_FRAMES frames of a code held in a hand: the
 * view jitters by a few pixels and the sensor noise changes every frame.
 * Codes come from generated damages (tests/support/qrsynth.c, fixed seeds,
 * every kind at four levels) and from the real photos of the corpus
 * (qr-real: each photo fitted into the frame; falsepositives-*: clips that
 * must read nothing, over CODE_FRAMES/2 frames). Each decoder is timed as the door runs it: a frame
 * arrives every 33.3 ms, the decoder takes the newest one whenever it is
 * free, so a slow pass skips frames. Prints, per damage kind, clips read
 * and the median frames and ms from the code's first frame to its read;
 * then the CPU per searching frame (frames that read nothing, idle ones
 * included; process CPU, so a helper thread counts) p50/p95, false reads
 * and clips read within CODE_FRAMES frames. Numbers, not asserts.
 * usage: bench_qrframe [-v] [CORPUS_DIR/qr-real]   (-v: a line per clip)
 * -v also says at which of ours's calls on the code, by which pass;
 * BENCH_QRFRAME_ONLY=TEXT plays only the clips whose kind or name holds TEXT.
 * BENCH_QRFRAME_FRESH=1 gives every clip a new scanner (zbar's QR decoder
 * draws from a random generator its scanner keeps: without it a clip's
 * marginal reads depend on the clips played before, and so on any change
 * to how many zbar runs those took).
 * BENCH_QRFRAME_DUMP=FILE writes a line per searching frame: decoder (0
 * ours, 1 zxing), clip, kind, level, frame, CPU ms ("-": to stderr); for
 * ours also zbar's pixels in thousands and the two steps it ran ("-": none). */
#include <dirent.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scan/imgload.h"
#include "scan/qrprep.h"
#include "scan/qrscan.h"
#include "support/qrsynth.h"
#ifdef WITH_ZXING
#include "tests/bench_zxing.h"
#endif

#define FW 1280
#define FH 720
#define IDLE 4
#define NOISE_N (1 << 21) /* a table of noise, read at a new offset each frame */
#define CODE_FRAMES 60
#define FRAME_MS (1000.0 / 30)
#define MAX_CLIPS 512
#define TEXT_CAP 4096
#define NDEC 2

struct clip {
	char kind[24];
	int level;       /* 1..4; 0 for photos */
	int negative;    /* must read nothing */
	int synthetic;   /* one code only: any other text is a false read */
	int noise;
	char expect[TEXT_CAP];
	char path[1200]; /* photos */
	struct qrsynth p;
	const char *text; /* synthetic */
};

struct result {
	int first;       /* 1-based code frame of the first read, 0 none */
	int call;        /* ... at the decoder's call (1: its first on the code) */
	double ms;       /* from the code's first frame to the read */
	int false_read;
};

static struct clip clips[MAX_CLIPS];
static int nclips;
static struct result res[MAX_CLIPS][NDEC];
static double *cpu[NDEC];
static size_t ncpu[NDEC], cpu_cap[NDEC];
static uint8_t *base, *frame, *idle_scene;
/* Uniform in -a..a, one table per amplitude in use (photos 4, generated
 * clips 6, the noise damage 14-38: 6 in all). There were 4 tables until the
 * round after issue 15's first: the noise of level 4 and of the photo clips
 * found none and their frames had no sensor noise in a full run. */
#define NOISE_TABS 8
static int8_t *noise_tab[NOISE_TABS];
static int noise_amp[NOISE_TABS];
static void *scratch;
static FILE *dump; /* BENCH_QRFRAME_DUMP=FILE: a line per searching frame */

static double wall_ms(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts); /* cannot fail for MONOTONIC */
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double cpu_ms(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static int cmp_i(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static void add_cpu(int d, double ms)
{
	if (ncpu[d] == cpu_cap[d]) {
		size_t n = cpu_cap[d] ? 2 * cpu_cap[d] : 4096;
		double *p = realloc(cpu[d], n * sizeof *p);
		if (!p)
			return;
		cpu[d] = p;
		cpu_cap[d] = n;
	}
	cpu[d][ncpu[d]++] = ms;
}

/* ------------------------------------------------------------------ clips */

static const char *texts[] = {
	"T1MZXW6YTBOI5DCMRTGQ2TMNZYHE4DAMJSGM2DKNRXHA4TAMJSGM2DKNRXHA4TAMJSGM2DKNRXHA4T",
	"https://meetup.example/t/8F3K2Q",
	"T1GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBV",
};
#define NTEXTS (int)(sizeof texts / sizeof texts[0])

/* A damage kind at level 1..4 (4 hardest) on top of a plain view. */
static void damage(struct qrsynth *p, const char *kind, int l)
{
	if (!strcmp(kind, "clean")) {
		p->module_px = 7 - l;
	} else if (!strcmp(kind, "tilt")) {
		p->tilt = 0.08 * l + 0.04;
	} else if (!strcmp(kind, "small")) {
		p->module_px = 3.4 - 0.4 * l;
	} else if (!strcmp(kind, "defocus")) {
		p->defocus = l;
		p->module_px = 5;
	} else if (!strcmp(kind, "motion")) {
		p->motion = 4 + 4 * l;
		p->module_px = 5;
	} else if (!strcmp(kind, "glare")) {
		p->glare = 40 + 40 * l;
	} else if (!strcmp(kind, "dim")) {
		p->dim = 60 - 12 * l;
	} else if (!strcmp(kind, "noise")) {
		p->noise = 8 * l + 6;
	} else if (!strcmp(kind, "dark")) {
		p->invert = 1;
		p->background = 200;
		p->module_px = 7 - l;
		p->defocus = l / 3;
	} else if (!strcmp(kind, "finger")) {
		p->finger = 1;
		p->module_px = 6.5 - l;
	} else if (!strcmp(kind, "dim-blur-glare")) {
		p->dim = 70 - 10 * l;
		p->defocus = (l + 1) / 2;
		p->glare = 30 + 20 * l;
		p->module_px = 4.5;
	}
}

static void add_synthetic(void)
{
	static const char *kinds[] = {"clean", "tilt", "small", "defocus", "motion", "glare",
				      "dim", "noise", "dark", "finger", "dim-blur-glare"};

	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
		for (int l = 1; l <= 4; l++)
			for (int v = 0; v < NTEXTS && nclips < MAX_CLIPS; v++) {
				struct clip *c = &clips[nclips++];
				memset(c, 0, sizeof *c);
				(void)snprintf(c->kind, sizeof c->kind, "%s", kinds[k]);
				c->level = l;
				c->synthetic = 1;
				c->text = texts[v];
				(void)snprintf(c->expect, sizeof c->expect, "%s", texts[v]);
				c->p.angle_deg = (double)((k * 37 + (size_t)l * 11 + (size_t)v * 23) % 50) - 25;
				c->p.module_px = 5;
				c->p.cx = 560 + 60 * v;
				c->p.cy = 330 + 20 * l;
				c->p.background = 110;
				c->p.noise = 6;
				damage(&c->p, kinds[k], l);
				c->noise = c->p.noise;
				c->p.noise = 0; /* added per frame */
			}
}

static int has_ext(const char *n)
{
	const char *d = strrchr(n, '.');
	return d && (!strcmp(d, ".png") || !strcmp(d, ".webp") || !strcmp(d, ".jpg"));
}

static int cmp_s(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

static void add_photos(const char *root)
{
	static char names[256][256];
	DIR *d = opendir(root), *sd;
	struct dirent *e;
	int nd = 0;

	if (!d) {
		printf("qrframe: no photos at %s: synthetic clips only\n", root);
		return;
	}
	while ((e = readdir(d)) && nd < 256)
		if (e->d_name[0] != '.' && strlen(e->d_name) < 200)
			(void)snprintf(names[nd++], sizeof names[0], "%s", e->d_name);
	(void)closedir(d);
	qsort(names, (size_t)nd, sizeof names[0], cmp_s);
	for (int i = 0; i < nd; i++) {
		static char files[512][256];
		char dir[900];
		int nf = 0;
		if (snprintf(dir, sizeof dir, "%s/%s", root, names[i]) >= (int)sizeof dir ||
		    !(sd = opendir(dir)))
			continue;
		while ((e = readdir(sd)) && nf < 512)
			if (has_ext(e->d_name) && strlen(e->d_name) < 200)
				(void)snprintf(files[nf++], sizeof files[0], "%s", e->d_name);
		(void)closedir(sd);
		qsort(files, (size_t)nf, sizeof files[0], cmp_s);
		for (int j = 0; j < nf && nclips < MAX_CLIPS; j++) {
			struct clip *c = &clips[nclips];
			char txt[1200];
			memset(c, 0, sizeof *c);
			if (snprintf(c->path, sizeof c->path, "%s/%s", dir, files[j]) >= (int)sizeof c->path)
				continue;
			c->negative = strncmp(names[i], "falsepositives", 14) == 0;
			(void)snprintf(c->kind, sizeof c->kind, "%s", c->negative ? "photo-no-code" : "photo");
			c->noise = 4;
			if (!c->negative) {
				FILE *f;
				size_t n;
				(void)snprintf(txt, sizeof txt, "%s", c->path);
				strcpy(strrchr(txt, '.'), ".txt");
				if (!(f = fopen(txt, "rb")))
					continue;
				n = fread(c->expect, 1, sizeof c->expect - 1, f);
				(void)fclose(f);
				c->expect[n] = '\0';
				if (n > 0 && c->expect[n - 1] == '\n')
					c->expect[n - 1] = '\0';
			}
			nclips++;
		}
	}
}

/* The clip's still view into base. Returns 0 or -1. */
static int render_base(const struct clip *c)
{
	if (c->path[0]) {
		struct imgload im = {0};
		char err[KERR_LEN];
		struct qrprep_img src, dst;
		int w, h;
		if (imgload_file(&im, c->path, err) != 0) {
			fprintf(stderr, "bench_qrframe: %s\n", err);
			return -1;
		}
		src = (struct qrprep_img){im.px, im.w, im.h, im.w};
		w = im.w;
		h = im.h;
		if (w > FW || h > FH) {
			double f = (double)FW / w < (double)FH / h ? (double)FW / w : (double)FH / h;
			w = (int)(w * f);
			h = (int)(h * f);
		}
		memset(base, 110, (size_t)FW * FH);
		dst = (struct qrprep_img){base + (size_t)((FH - h) / 2) * FW + (FW - w) / 2, w, h, FW};
		if (w == im.w && h == im.h)
			for (int y = 0; y < h; y++)
				memcpy(dst.px + (size_t)y * FW, im.px + (size_t)y * im.w, (size_t)w);
		else
			qrprep_resize(&src, &dst);
		imgload_release(&im);
		return 0;
	}
	QRcode *q = QRcode_encodeString(c->text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	uint8_t *m;
	int r;
	if (!q)
		return -1;
	m = malloc((size_t)q->width * q->width);
	if (!m) {
		QRcode_free(q);
		return -1;
	}
	for (int i = 0; i < q->width * q->width; i++)
		m[i] = q->data[i] & 1;
	r = qrsynth_render(m, q->width, &c->p, base, FW, FH, scratch);
	free(m);
	QRcode_free(q);
	return r;
}

/* Noise tables for the amplitudes in use (fresh noise per frame comes
 * from a frame-dependent offset into one: cheap, and no frame repeats). */
static const int8_t *noise_of(int amp)
{
	uint32_t rng = 12345u + (uint32_t)amp;

	for (int i = 0; i < NOISE_TABS; i++) {
		if (noise_tab[i] && noise_amp[i] == amp)
			return noise_tab[i];
		if (!noise_tab[i]) {
			noise_tab[i] = malloc(NOISE_N + (size_t)FW * FH);
			if (!noise_tab[i])
				return NULL;
			noise_amp[i] = amp;
			for (size_t k = 0; k < NOISE_N + (size_t)FW * FH; k++)
				noise_tab[i][k] = (int8_t)((int)(qrsynth_rand(&rng) % (2u * (unsigned)amp + 1)) - amp);
			return noise_tab[i];
		}
	}
	fprintf(stderr, "bench_qrframe: more than %d noise amplitudes\n", NOISE_TABS);
	exit(2);
}

/* Frame f of clip ci (idle frames first) into frame: the still view shifted
 * by a small random walk, fresh noise. The same (ci, f) gives the same frame. */
static void make_frame(int ci, int f, int noise)
{
	const uint8_t *src = f < IDLE ? idle_scene : base;
	uint32_t rng = (uint32_t)(ci * 7919 + f * 104729 + 1);
	const int8_t *nz = noise > 0 ? noise_of(noise) : NULL;
	int dx = 0, dy = 0;

	for (int i = IDLE; i <= f; i++) {
		uint32_t r = qrsynth_rand(&rng);
		dx += (int)(r % 3) - 1;
		dy += (int)((r >> 8) % 3) - 1;
		dx = dx > 3 ? 3 : dx < -3 ? -3 : dx;
		dy = dy > 3 ? 3 : dy < -3 ? -3 : dy;
	}
	if (nz)
		nz += qrsynth_rand(&rng) % NOISE_N;
	for (int y = 0; y < FH; y++) {
		int sy = y - dy < 0 ? 0 : y - dy >= FH ? FH - 1 : y - dy;
		const uint8_t *s = src + (size_t)sy * FW;
		uint8_t *d = frame + (size_t)y * FW;
		const int8_t *nr = nz ? nz + (size_t)y * FW : NULL;
		for (int x = 0; x < FW; x++) {
			int sx = x - dx < 0 ? 0 : x - dx >= FW ? FW - 1 : x - dx;
			int v = s[sx] + (nr ? nr[x] : 0);
			d[x] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
		}
	}
}

/* -------------------------------------------------------------- decoders */

/* room for the codes of one frame, as zxing_read() is given */
#define OURS_HITS 4

struct ours {
	struct qrscan *s;
	struct qrscan_hit *hits; /* OURS_HITS */
	int calls;             /* qrscan_frame calls in this clip */
	char pass[64];         /* the passes of the last read, comma-separated */
};

static int read_ours(void *ctx, char *texts_out, size_t cap)
{
	struct ours *o = ctx;
	char err[KERR_LEN];
	int r = qrscan_frame_hits(o->s, frame, FW, FH, FW, o->hits, OURS_HITS, err);
	size_t off = 0;
	int n = 0;

	o->calls++;
	if (r < 0) {
		fprintf(stderr, "bench_qrframe: %s\n", err);
		return 0;
	}
	if (r > 0)
		o->pass[0] = '\0';
	for (int i = 0; i < r && off + o->hits[i].len + 1 <= cap; i++, n++) {
		size_t pl = strlen(o->pass);
		memcpy(texts_out + off, o->hits[i].text, o->hits[i].len + 1);
		off += o->hits[i].len + 1;
		(void)snprintf(o->pass + pl, sizeof o->pass - pl, "%s%s", pl ? "," : "",
			       o->hits[i].pass);
	}
	return n;
}

#ifdef WITH_ZXING
static int read_zxing(void *ctx, char *texts_out, size_t cap)
{
	(void)ctx;
	return zxing_read(frame, FW, FH, FW, texts_out, cap, 4);
}
#endif

static int same_text(const char *got, const char *want)
{
	size_t g = strlen(got), w = strlen(want);

	if (g > 0 && got[g - 1] == '\n')
		g--;
	return g == w && memcmp(got, want, w) == 0;
}

/* Play clip ci to decoder d in door time. */
static void play(int ci, int d, int (*rd)(void *, char *, size_t), void *ctx)
{
	static char out[TEXT_CAP * 4];
	const struct clip *c = &clips[ci];
	struct result *r = &res[ci][d];
	double t = 0;
	/* a photo without a code: half the frames tell false reads enough */
	int last = IDLE + (c->negative ? CODE_FRAMES / 2 : CODE_FRAMES) - 1;

	int calls = 0;

	memset(r, 0, sizeof *r);
	for (int k = 0; k <= last;) {
		double arrive = k * FRAME_MS, w0, c0, took;
		int n;
		if (t < arrive)
			t = arrive;
		make_frame(ci, k, c->noise);
		w0 = wall_ms();
		c0 = cpu_ms();
		n = rd(ctx, out, sizeof out);
		calls += k >= IDLE;
		took = wall_ms() - w0;
		t += took;
		if (n == 0) {
			double used = cpu_ms() - c0;
			add_cpu(d, used);
			if (dump && d == 0) {
				/* ours: zbar's pixels (thousands) and the steps it ran */
				const struct ours *o = ctx;
				const char *s1, *s2;
				qrscan_frame_steps(o->s, &s1, &s2);
				fprintf(dump, "%d %d %s %d %d %.2f %ld %s %s\n", d, ci, c->kind, c->level,
					k, used, qrscan_scanned_px(o->s) / 1000, s1 ? s1 : "-",
					s2 ? s2 : "-");
			} else if (dump) {
				fprintf(dump, "%d %d %s %d %d %.2f\n", d, ci, c->kind, c->level, k, used);
			}
		}
		for (int i = 0, off = 0; i < n; i++, off += (int)strlen(out + off) + 1) {
			int ok = !c->negative && same_text(out + off, c->expect);
			if (!ok && (c->negative || c->synthetic))
				r->false_read = 1;
			if (ok && k >= IDLE && !r->first) {
				r->first = k - IDLE + 1;
				r->call = calls;
				r->ms = t - IDLE * FRAME_MS;
			}
		}
		if (r->first)
			return;
		/* the newest frame when the decoder is free again */
		int next = (int)(t / FRAME_MS);
		k = next > k ? next : k + 1;
	}
}

/* ---------------------------------------------------------------- report */

static void kind_line(const char *kind, int ndec, const char *const *names)
{
	char line[512];
	int n = 0, len;

	for (int i = 0; i < nclips; i++)
		n += strcmp(clips[i].kind, kind) == 0;
	if (n == 0)
		return;
	len = snprintf(line, sizeof line, "qrframe %-15s %3d clips:", kind, n);
	for (int d = 0; d < ndec; d++) {
		int fr[MAX_CLIPS], k = 0, falses = 0;
		double ms[MAX_CLIPS];
		for (int i = 0; i < nclips; i++) {
			if (strcmp(clips[i].kind, kind) != 0)
				continue;
			falses += res[i][d].false_read;
			if (res[i][d].first) {
				fr[k] = res[i][d].first;
				ms[k++] = res[i][d].ms;
			}
		}
		qsort(fr, (size_t)k, sizeof fr[0], cmp_i);
		qsort(ms, (size_t)k, sizeof ms[0], cmp_d);
		if (!strcmp(kind, "photo-no-code"))
			len += snprintf(line + len, sizeof line - (size_t)len, "  %s false reads %d", names[d], falses);
		else if (k)
			len += snprintf(line + len, sizeof line - (size_t)len,
					"  %s %3d read, frames p50 %d max %d, ms p50 %.0f max %.0f;", names[d], k,
					fr[k / 2], fr[k - 1], ms[k / 2], ms[k - 1]);
		else
			len += snprintf(line + len, sizeof line - (size_t)len, "  %s   0 read;", names[d]);
	}
	puts(line);
}

int main(int argc, char **argv)
{
	int verbose = argc > 1 && strcmp(argv[1], "-v") == 0;
	const char *photos = argc > 1 + verbose ? argv[1 + verbose] : NULL;
	const char *only = getenv("BENCH_QRFRAME_ONLY");
	int fresh = getenv("BENCH_QRFRAME_FRESH") != NULL;
	const char *names[NDEC] = {"ours", "zxing"};
	struct ours o = {0};
	struct qrsynth none = {.module_px = 40, .cx = 640, .cy = 360, .background = 110};
	uint8_t blank[1] = {0};
	char err[KERR_LEN];
	int ndec = 1;
	static const char *kinds[] = {"clean", "tilt", "small", "defocus", "motion", "glare", "dim",
				      "noise", "dark", "finger", "dim-blur-glare", "photo",
				      "photo-no-code"};

#ifdef WITH_ZXING
	ndec = 2;
#endif
	base = malloc((size_t)FW * FH);
	frame = malloc((size_t)FW * FH);
	idle_scene = malloc((size_t)FW * FH);
	scratch = malloc(qrprep_scratch_size(FW, FH) + (size_t)FW * FH);
	o.s = qrscan_new(err);
	o.hits = malloc(OURS_HITS * sizeof *o.hits);
	if (!base || !frame || !idle_scene || !scratch || !o.s || !o.hits) {
		fprintf(stderr, "bench_qrframe: out of memory\n");
		return 1;
	}
	qrscan_set_threads(o.s, 2);
	if (getenv("BENCH_QRFRAME_DUMP") && !strcmp(getenv("BENCH_QRFRAME_DUMP"), "-"))
		dump = stderr;
	else if (getenv("BENCH_QRFRAME_DUMP") && !(dump = fopen(getenv("BENCH_QRFRAME_DUMP"), "w"))) {
		perror("bench_qrframe: BENCH_QRFRAME_DUMP");
		return 1;
	}
	/* the empty scene: a blank card on a grey wall */
	if (qrsynth_render(blank, 1, &none, idle_scene, FW, FH, scratch) != 0)
		return 1;
	add_synthetic();
	if (photos)
		add_photos(photos);
	for (int i = 0; i < nclips; i++) {
		const char *name = clips[i].path[0] ? clips[i].path : clips[i].expect;
		if (only && !strstr(clips[i].kind, only) && !strstr(name, only)) {
			clips[i].kind[0] = 0; /* in no kind's line */
			continue;
		}
		if (render_base(&clips[i]) != 0)
			continue;
		if (fresh) {
			/* zbar's QR decoder draws from a random generator that
			 * lives as long as its scanner: a marginal code read at
			 * frame 1 after some clips is read at frame 2 after others */
			qrscan_free(o.s);
			if (!(o.s = qrscan_new(err))) {
				fprintf(stderr, "bench_qrframe: %s\n", err);
				return 1;
			}
			qrscan_set_threads(o.s, 2);
		}
		qrscan_reset(o.s);
		o.calls = 0;
		o.pass[0] = '\0';
		play(i, 0, read_ours, &o);
#ifdef WITH_ZXING
		play(i, 1, read_zxing, NULL);
#endif
		if (verbose)
			printf("clip %-15s %d %s: ours frame %d, zxing frame %d; ours call %d by %s\n",
			       clips[i].kind, clips[i].level, name, res[i][0].first, res[i][1].first,
			       res[i][0].call, o.pass[0] && res[i][0].first ? o.pass : "-");
	}
	printf("qrframe clips of %d idle + up to %d code frames at 1280x720, 30 fps%s\n", IDLE,
	       CODE_FRAMES, ndec > 1 ? "" : " (zxing-cpp not built in: ours only)");
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
		kind_line(kinds[k], ndec, names);
	for (int d = 0; d < ndec; d++) {
		int rs = 0, ns = 0, rp = 0, np = 0, falses = 0, late = 0;
		for (int i = 0; i < nclips; i++) {
			falses += res[i][d].false_read;
			if (clips[i].negative)
				continue;
			if (clips[i].synthetic) {
				ns++;
				rs += res[i][d].first > 0;
			} else {
				np++;
				rp += res[i][d].first > 0;
			}
			/* ours only: codes the peer reads at its first frame and we do
			 * not within two */
			if (d == 0 && ndec > 1 && res[i][1].first == 1 &&
			    !(res[i][0].first >= 1 && res[i][0].first <= 2))
				late++;
		}
		qsort(cpu[d], ncpu[d], sizeof cpu[d][0], cmp_d);
		printf("qrframe %-5s clips read within %d frames: generated %d/%d, photos %d/%d;"
		       " false reads %d; CPU per searching frame p50 %.1f ms p95 %.1f ms (%zu frames)\n",
		       names[d], CODE_FRAMES, rs, ns, rp, np, falses,
		       ncpu[d] ? cpu[d][ncpu[d] / 2] : 0.0, ncpu[d] ? cpu[d][ncpu[d] * 95 / 100] : 0.0,
		       ncpu[d]);
		if (d == 0 && ndec > 1)
			printf("qrframe ours  codes the peer reads at frame 1 that ours needs more than 2 frames for: %d\n",
			       late);
	}
	if (dump && dump != stderr)
		(void)fclose(dump);
	free(o.hits);
	qrscan_free(o.s);
	for (int d = 0; d < NDEC; d++)
		free(cpu[d]);
	free(base);
	free(frame);
	free(idle_scene);
	free(scratch);
	for (int i = 0; i < NOISE_TABS; i++)
		free(noise_tab[i]);
	return 0;
}
