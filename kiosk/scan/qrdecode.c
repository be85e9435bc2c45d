/* qrdecode.c - a QR code's payload from its modules (qrdecode.h), after
 * ISO/IEC 18004 (Model 2) and, for the Hanzi mode, GB/T 18284. */
#include "qrdecode.h"

#include "core/qrtext.h"

#include <pthread.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* GF(256) of the QR code: x^8 + x^4 + x^3 + x^2 + 1                   */

static uint8_t gf_exp[512], gf_log[256];
static pthread_once_t gf_once = PTHREAD_ONCE_INIT;

static void gf_init(void)
{
	int x = 1;

	for (int i = 0; i < 255; i++) {
		gf_exp[i] = (uint8_t)x;
		gf_log[x] = (uint8_t)i;
		x <<= 1;
		if (x & 0x100)
			x ^= 0x11d;
	}
	for (int i = 255; i < 512; i++)
		gf_exp[i] = gf_exp[i - 255];
}

static uint8_t gf_mul(uint8_t a, uint8_t b)
{
	return a && b ? gf_exp[gf_log[a] + gf_log[b]] : 0;
}

static uint8_t gf_div(uint8_t a, uint8_t b)
{
	return a ? gf_exp[gf_log[a] + 255 - gf_log[b]] : 0; /* b != 0 */
}

/* The largest error-correction block: 30 codewords of 153. */
#define RS_MAX_ECC 30

/* Correct the block c (len codewords, the last ecc of them the
 * error-correction ones; the generator's roots a^0 .. a^(ecc-1)) in place.
 * Returns 0, or -1 when it holds more errors than ecc / 2. */
static int rs_correct(uint8_t *c, int len, int ecc)
{
	uint8_t syn[RS_MAX_ECC], lam[RS_MAX_ECC + 1] = {1}, prev[RS_MAX_ECC + 1] = {1};
	uint8_t om[RS_MAX_ECC], tmp[RS_MAX_ECC + 1];
	int any = 0, L = 0, m = 1, found = 0;
	uint8_t b = 1;

	for (int i = 0; i < ecc; i++) {
		uint8_t s = 0;
		for (int k = 0; k < len; k++)
			s = (uint8_t)(gf_mul(s, gf_exp[i]) ^ c[k]);
		syn[i] = s;
		any |= s;
	}
	if (!any)
		return 0;
	/* Berlekamp-Massey: the error locator lam, of degree L */
	for (int r = 0; r < ecc; r++) {
		uint8_t d = syn[r];
		for (int i = 1; i <= L; i++)
			d ^= gf_mul(lam[i], syn[r - i]);
		if (d == 0) {
			m++;
			continue;
		}
		uint8_t coef = gf_div(d, b);
		memcpy(tmp, lam, sizeof tmp);
		for (int i = 0; i + m <= ecc; i++)
			lam[i + m] ^= gf_mul(coef, prev[i]);
		if (2 * L <= r) {
			L = r + 1 - L;
			memcpy(prev, tmp, sizeof prev);
			b = d;
			m = 1;
		} else {
			m++;
		}
	}
	if (2 * L > ecc)
		return -1;
	/* the evaluator: syn(x) lam(x) mod x^ecc */
	for (int i = 0; i < ecc; i++) {
		uint8_t v = 0;
		for (int j = 0; j <= i && j <= L; j++)
			v ^= gf_mul(lam[j], syn[i - j]);
		om[i] = v;
	}
	/* Chien search and Forney: codeword k is the coefficient of
	 * x^(len-1-k), its locator X = a^(len-1-k) */
	for (int k = 0; k < len; k++) {
		int p = len - 1 - k;
		uint8_t xinv = gf_exp[(255 - p) % 255], v = 0, xp = 1, num = 0, den = 0;
		for (int i = 0; i <= L; i++) {
			v ^= gf_mul(lam[i], xp);
			xp = gf_mul(xp, xinv);
		}
		if (v)
			continue;
		/* e = X * om(X^-1) / lam'(X^-1) */
		xp = 1;
		for (int i = 0; i < ecc; i++) {
			num ^= gf_mul(om[i], xp);
			xp = gf_mul(xp, xinv);
		}
		xp = 1;
		for (int i = 1; i <= L; i += 2) {
			den ^= gf_mul(lam[i], xp);
			xp = gf_mul(xp, gf_mul(xinv, xinv));
		}
		if (den == 0)
			return -1;
		c[k] ^= gf_mul(gf_exp[p], gf_div(num, den));
		found++;
	}
	if (found != L)
		return -1;
	for (int i = 0; i < ecc; i++) {
		uint8_t s = 0;
		for (int k = 0; k < len; k++)
			s = (uint8_t)(gf_mul(s, gf_exp[i]) ^ c[k]);
		if (s)
			return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* The symbol's layout                                                 */

/* Error-correction codewords per block and blocks, by level (L, M, Q, H)
 * and version (ISO/IEC 18004, table 9). */
static const uint8_t ECC_PER_BLOCK[4][41] = {
	{0, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28,
	 28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30},
	{0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
	 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28},
	{0, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30,
	 28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30},
	{0, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28,
	 30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30},
};
static const uint8_t BLOCKS[4][41] = {
	{0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8,
	 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25},
	{0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16,
	 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49},
	{0, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20,
	 23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68},
	{0, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25,
	 25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81},
};

/* The most codewords a code holds (version 40). */
#define MAX_CODEWORDS 3706

/* Marks in fn[] (n x n) the function modules of version v: the finders
 * with their separators and the format's modules, the timing patterns,
 * the alignment patterns, the version's blocks. */
static void function_modules(int v, int n, uint8_t *fn)
{
	int pos[7], np = 0;

	memset(fn, 0, (size_t)n * n);
	for (int y = 0; y < n; y++)
		for (int x = 0; x < n; x++)
			if ((x < 9 && y < 9) || (x >= n - 8 && y < 9) || (x < 9 && y >= n - 8) ||
			    x == 6 || y == 6)
				fn[y * n + x] = 1;
	if (v >= 2) {
		/* 6, then evenly from n - 7 down (ISO/IEC 18004 annex E) */
		np = v / 7 + 2;
		int step = v == 32 ? 26 : (v * 4 + np * 2 + 1) / (2 * np - 2) * 2;
		pos[0] = 6;
		for (int i = np - 1, p = n - 7; i >= 1; i--, p -= step)
			pos[i] = p;
	}
	for (int i = 0; i < np; i++)
		for (int j = 0; j < np; j++) {
			if ((i == 0 && j == 0) || (i == 0 && j == np - 1) || (i == np - 1 && j == 0))
				continue; /* a finder's corner */
			for (int dy = -2; dy <= 2; dy++)
				for (int dx = -2; dx <= 2; dx++)
					fn[(pos[j] + dy) * n + pos[i] + dx] = 1;
		}
	if (v >= 7)
		for (int a = 0; a < 6; a++)
			for (int b = n - 11; b < n - 8; b++) {
				fn[a * n + b] = 1;
				fn[b * n + a] = 1;
			}
}

static int masked(int mask, int x, int y)
{
	switch (mask) {
	case 0: return (x + y) % 2 == 0;
	case 1: return y % 2 == 0;
	case 2: return x % 3 == 0;
	case 3: return (x + y) % 3 == 0;
	case 4: return (x / 3 + y / 2) % 2 == 0;
	case 5: return x * y % 2 + x * y % 3 == 0;
	case 6: return (x * y % 2 + x * y % 3) % 2 == 0;
	default: return ((x + y) % 2 + x * y % 3) % 2 == 0;
	}
}

/* The format's 15 bits (level and mask, BCH-coded, XOR 0x5412) nearest to
 * either copy in the code; -1 beyond 3 bits from both. Returns the 5 data
 * bits: the level's two (01 L, 00 M, 11 Q, 10 H) and the mask's three. */
static int read_format(const uint8_t *dark, int n, int mirror)
{
	unsigned a = 0, b = 0;
	int best = -1, bestd = 4;
#define MOD(x, y) (dark[mirror ? (x) * n + (y) : (y) * n + (x)] != 0)
	for (int i = 0; i <= 5; i++)
		a = a << 1 | MOD(i, 8);
	a = a << 1 | MOD(7, 8);
	a = a << 1 | MOD(8, 8);
	a = a << 1 | MOD(8, 7);
	for (int j = 5; j >= 0; j--)
		a = a << 1 | MOD(8, j);
	for (int j = n - 1; j >= n - 7; j--)
		b = b << 1 | MOD(8, j);
	for (int i = n - 8; i < n; i++)
		b = b << 1 | MOD(i, 8);
#undef MOD
	for (unsigned d = 0; d < 32; d++) {
		unsigned r = d << 10;
		for (int i = 14; i >= 10; i--)
			if (r & (1u << i))
				r ^= 0x537u << (i - 10);
		unsigned code = ((d << 10) | r) ^ 0x5412u;
		int da = __builtin_popcount(code ^ a), db = __builtin_popcount(code ^ b);
		int dmin = da < db ? da : db;
		if (dmin < bestd) {
			bestd = dmin;
			best = (int)d;
		}
	}
	return best;
}

/* ------------------------------------------------------------------ */
/* The segments                                                        */

struct bits {
	const uint8_t *d;
	long n, at; /* in bits */
};

static long take(struct bits *b, int k)
{
	long v = 0;

	if (b->at + k > b->n)
		return -1;
	for (int i = 0; i < k; i++, b->at++)
		v = v << 1 | ((b->d[b->at >> 3] >> (7 - (b->at & 7))) & 1);
	return v;
}

static int put(uint8_t *out, size_t cap, size_t *len, unsigned c)
{
	if (*len >= cap)
		return -1;
	out[(*len)++] = (uint8_t)c;
	return 0;
}

/* The count field's width: versions 1-9, 10-26, 27-40. */
static int count_bits(int mode, int v)
{
	static const uint8_t w[5][3] = {{10, 12, 14}, {9, 11, 13}, {8, 16, 16}, {8, 10, 12}, {8, 10, 12}};
	int k = v <= 9 ? 0 : v <= 26 ? 1 : 2;

	switch (mode) {
	case 1: return w[0][k];
	case 2: return w[1][k];
	case 4: return w[2][k];
	case 8: return w[3][k];
	default: return w[4][k]; /* 13, Hanzi */
	}
}

long qrdecode_segments(const uint8_t *data, long nbytes, int v, uint8_t *out, size_t cap,
		       int *stated)
{
	static const char alnum[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
	struct bits b = {data, nbytes * 8, 0};
	size_t len = 0;

	*stated = -1;
	if (!data || nbytes < 0 || nbytes > MAX_CODEWORDS || v < 1 || v > 40)
		return -1;

	while (b.n - b.at >= 4) {
		long mode = take(&b, 4), cnt, x;
		switch (mode) {
		case 0:
			return (long)len;
		case 1:
			if ((cnt = take(&b, count_bits(1, v))) < 0)
				return -1;
			for (; cnt >= 3; cnt -= 3) {
				if ((x = take(&b, 10)) < 0 || x >= 1000 ||
				    put(out, cap, &len, '0' + (unsigned)(x / 100)) ||
				    put(out, cap, &len, '0' + (unsigned)(x / 10 % 10)) ||
				    put(out, cap, &len, '0' + (unsigned)(x % 10)))
					return -1;
			}
			if (cnt == 2 && ((x = take(&b, 7)) < 0 || x >= 100 ||
					 put(out, cap, &len, '0' + (unsigned)(x / 10)) ||
					 put(out, cap, &len, '0' + (unsigned)(x % 10))))
				return -1;
			if (cnt == 1 && ((x = take(&b, 4)) < 0 || x >= 10 ||
					 put(out, cap, &len, '0' + (unsigned)x)))
				return -1;
			break;
		case 2:
			if ((cnt = take(&b, count_bits(2, v))) < 0)
				return -1;
			for (; cnt >= 2; cnt -= 2)
				if ((x = take(&b, 11)) < 0 || x >= 45 * 45 ||
				    put(out, cap, &len, (uint8_t)alnum[x / 45]) ||
				    put(out, cap, &len, (uint8_t)alnum[x % 45]))
					return -1;
			if (cnt == 1 && ((x = take(&b, 6)) < 0 || x >= 45 ||
					 put(out, cap, &len, (uint8_t)alnum[x])))
				return -1;
			break;
		case 4:
			if ((cnt = take(&b, count_bits(4, v))) < 0)
				return -1;
			for (; cnt > 0; cnt--)
				if ((x = take(&b, 8)) < 0 || put(out, cap, &len, (unsigned)x))
					return -1;
			break;
		case 8:
		case 13:
			/* Hanzi: a subset first, 1 for GB 2312 (the only one) */
			if (mode == 13 && take(&b, 4) != 1)
				return -1;
			if ((cnt = take(&b, count_bits((int)mode, v))) < 0)
				return -1;
			for (; cnt > 0; cnt--) {
				if ((x = take(&b, 13)) < 0)
					return -1;
				unsigned w = (unsigned)(mode == 8 ? x / 0xc0 : x / 0x60) << 8 |
					     (unsigned)(mode == 8 ? x % 0xc0 : x % 0x60);
				if (mode == 8)
					w += w < 0x1f00 ? 0x8140 : 0xc140;
				else
					w += w < 0x0a00 ? 0xa1a1 : 0xa6a1;
				if (put(out, cap, &len, w >> 8) || put(out, cap, &len, w & 0xff))
					return -1;
			}
			*stated = mode == 8 ? QRTEXT_SJIS : QRTEXT_GB18030;
			break;
		case 7:
			/* ECI: its designator in 1, 2 or 3 bytes; the text's
			 * character set is told from its bytes (qrtext.c) */
			if ((x = take(&b, 8)) < 0 || (x & 0xe0) == 0xe0)
				return -1;
			if ((x & 0xc0) == 0x80 && (cnt = take(&b, 8)) >= 0)
				x = (x & 0x3f) << 8 | cnt;
			else if ((x & 0xe0) == 0xc0 && (cnt = take(&b, 16)) >= 0)
				x = (x & 0x1f) << 16 | cnt;
			else if (x & 0x80)
				return -1;
			/* ECI 1 and 3 Latin-1, 20 Shift_JIS, 26 UTF-8, 29 GB 2312 */
			*stated = x == 1 || x == 3 ? QRTEXT_LATIN1 : x == 20 ? QRTEXT_SJIS
				: x == 26 ? QRTEXT_UTF8 : x == 29 ? QRTEXT_GB18030 : *stated;
			break;
		case 3: /* structured append: this part's place and parity */
			if (take(&b, 16) < 0)
				return -1;
			break;
		case 5: /* FNC1 in first position (GS1): nothing follows */
			break;
		case 9: /* FNC1 in second position: the application's byte */
			if (take(&b, 8) < 0)
				return -1;
			break;
		default:
			return -1;
		}
	}
	return (long)len;
}

/* ------------------------------------------------------------------ */

static long decode(const uint8_t *dark, int n, int mirror, uint8_t *out, size_t cap,
		   int *stated)
{
	static const uint8_t level_of[4] = {1, 0, 3, 2}; /* format bits -> L M Q H */
	uint8_t fn[QRDECODE_MAX_N * QRDECODE_MAX_N], raw[MAX_CODEWORDS], data[MAX_CODEWORDS];
	int v = (n - 17) / 4, f = read_format(dark, n, mirror), lvl, mask;
	long nraw = 0, bit = 0;

	if (f < 0)
		return -1;
	lvl = level_of[f >> 3];
	mask = f & 7;
	function_modules(v, n, fn);
	memset(raw, 0, sizeof raw);
	/* the zigzag: two columns at a time from the right, up then down,
	 * column 6 (the timing's) skipped */
	for (int right = n - 1; right >= 1; right -= 2) {
		if (right == 6)
			right = 5;
		for (int vert = 0; vert < n; vert++)
			for (int j = 0; j < 2; j++) {
				int x = right - j, up = ((right + 1) & 2) == 0, y = up ? n - 1 - vert : vert;
				if (fn[y * n + x])
					continue;
				int d = dark[mirror ? x * n + y : y * n + x] != 0;
				if (d ^ masked(mask, x, y))
					raw[bit >> 3] |= (uint8_t)(0x80 >> (bit & 7));
				bit++;
			}
	}
	nraw = bit / 8;
	{
		int nb = BLOCKS[lvl][v], ecc = ECC_PER_BLOCK[lvl][v];
		int nshort = nb - (int)(nraw % nb), slen = (int)(nraw / nb);
		uint8_t block[256]; /* the longest block: 153 codewords */
		long nd = 0;
		if (slen - ecc < 1 || ecc > RS_MAX_ECC)
			return -1;
		for (int k = 0; k < nb; k++) {
			int blen = slen + (k >= nshort), dlen = blen - ecc;
			/* data codewords interleaved first, the long blocks'
			 * last one after the short blocks' data, then the ecc */
			for (int i = 0; i < dlen; i++) {
				long at = (long)i * nb + k;
				if (i == slen - ecc) /* only the long blocks have it */
					at = (long)(slen - ecc) * nb + (k - nshort);
				block[i] = raw[at];
			}
			long ecc0 = (long)(slen - ecc) * nb + (nb - nshort);
			for (int i = 0; i < ecc; i++)
				block[dlen + i] = raw[ecc0 + (long)i * nb + k];
			if (rs_correct(block, blen, ecc) != 0)
				return -1;
			memcpy(data + nd, block, (size_t)dlen);
			nd += dlen;
		}
		return qrdecode_segments(data, nd, v, out, cap, stated);
	}
}

long qrdecode(const uint8_t *dark, int n, uint8_t *out, size_t cap, int *stated)
{
	long r;

	*stated = -1;
	if (!dark || n < QRDECODE_MIN_N || n > QRDECODE_MAX_N || (n - 17) % 4 != 0)
		return -1;
	(void)pthread_once(&gf_once, gf_init);
	r = decode(dark, n, 0, out, cap, stated);
	if (r >= 0)
		return r;
	*stated = -1;
	r = decode(dark, n, 1, out, cap, stated);
	if (r < 0)
		*stated = -1;
	return r;
}
