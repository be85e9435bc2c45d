/* districts.c - the 64 districts of Bangladesh and their prefix search.
 * Pure: libc only. Names follow the Bangladesh National Portal; the 2018
 * English spellings (Chattogram, Cumilla, ...) are the main ones because
 * courier bulk-upload sheets use them, the older ones are kept for search. */
#include "districts.h"

#include <string.h>

static const struct district table[DISTRICT_COUNT] = {
	{"Bagerhat", "বাগেরহাট", "Khulna", NULL},
	{"Bandarban", "বান্দরবান", "Chattogram", NULL},
	{"Barguna", "বরগুনা", "Barishal", NULL},
	{"Barishal", "বরিশাল", "Barishal", "Barisal"},
	{"Bhola", "ভোলা", "Barishal", NULL},
	{"Bogura", "বগুড়া", "Rajshahi", "Bogra"},
	{"Brahmanbaria", "ব্রাহ্মণবাড়িয়া", "Chattogram", NULL},
	{"Chandpur", "চাঁদপুর", "Chattogram", NULL},
	{"Chapainawabganj", "চাঁপাইনবাবগঞ্জ", "Rajshahi", "Nawabganj"},
	{"Chattogram", "চট্টগ্রাম", "Chattogram", "Chittagong"},
	{"Chuadanga", "চুয়াডাঙ্গা", "Khulna", NULL},
	{"Cox's Bazar", "কক্সবাজার", "Chattogram", "Coxs Bazar"},
	{"Cumilla", "কুমিল্লা", "Chattogram", "Comilla"},
	{"Dhaka", "ঢাকা", "Dhaka", NULL},
	{"Dinajpur", "দিনাজপুর", "Rangpur", NULL},
	{"Faridpur", "ফরিদপুর", "Dhaka", NULL},
	{"Feni", "ফেনী", "Chattogram", NULL},
	{"Gaibandha", "গাইবান্ধা", "Rangpur", NULL},
	{"Gazipur", "গাজীপুর", "Dhaka", NULL},
	{"Gopalganj", "গোপালগঞ্জ", "Dhaka", NULL},
	{"Habiganj", "হবিগঞ্জ", "Sylhet", NULL},
	{"Jamalpur", "জামালপুর", "Mymensingh", NULL},
	{"Jashore", "যশোর", "Khulna", "Jessore"},
	{"Jhalokati", "ঝালকাঠি", "Barishal", "Jhalakathi"},
	{"Jhenaidah", "ঝিনাইদহ", "Khulna", NULL},
	{"Joypurhat", "জয়পুরহাট", "Rajshahi", NULL},
	{"Khagrachhari", "খাগড়াছড়ি", "Chattogram", "Khagrachari"},
	{"Khulna", "খুলনা", "Khulna", NULL},
	{"Kishoreganj", "কিশোরগঞ্জ", "Dhaka", NULL},
	{"Kurigram", "কুড়িগ্রাম", "Rangpur", NULL},
	{"Kushtia", "কুষ্টিয়া", "Khulna", NULL},
	{"Lakshmipur", "লক্ষ্মীপুর", "Chattogram", "Laxmipur"},
	{"Lalmonirhat", "লালমনিরহাট", "Rangpur", NULL},
	{"Madaripur", "মাদারীপুর", "Dhaka", NULL},
	{"Magura", "মাগুরা", "Khulna", NULL},
	{"Manikganj", "মানিকগঞ্জ", "Dhaka", NULL},
	{"Meherpur", "মেহেরপুর", "Khulna", NULL},
	{"Moulvibazar", "মৌলভীবাজার", "Sylhet", "Maulvibazar"},
	{"Munshiganj", "মুন্সিগঞ্জ", "Dhaka", NULL},
	{"Mymensingh", "ময়মনসিংহ", "Mymensingh", NULL},
	{"Naogaon", "নওগাঁ", "Rajshahi", NULL},
	{"Narail", "নড়াইল", "Khulna", NULL},
	{"Narayanganj", "নারায়ণগঞ্জ", "Dhaka", NULL},
	{"Narsingdi", "নরসিংদী", "Dhaka", "Narshingdi"},
	{"Natore", "নাটোর", "Rajshahi", NULL},
	{"Netrokona", "নেত্রকোণা", "Mymensingh", "Netrakona"},
	{"Nilphamari", "নীলফামারী", "Rangpur", NULL},
	{"Noakhali", "নোয়াখালী", "Chattogram", NULL},
	{"Pabna", "পাবনা", "Rajshahi", NULL},
	{"Panchagarh", "পঞ্চগড়", "Rangpur", NULL},
	{"Patuakhali", "পটুয়াখালী", "Barishal", NULL},
	{"Pirojpur", "পিরোজপুর", "Barishal", NULL},
	{"Rajbari", "রাজবাড়ী", "Dhaka", NULL},
	{"Rajshahi", "রাজশাহী", "Rajshahi", NULL},
	{"Rangamati", "রাঙ্গামাটি", "Chattogram", NULL},
	{"Rangpur", "রংপুর", "Rangpur", NULL},
	{"Satkhira", "সাতক্ষীরা", "Khulna", NULL},
	{"Shariatpur", "শরীয়তপুর", "Dhaka", NULL},
	{"Sherpur", "শেরপুর", "Mymensingh", NULL},
	{"Sirajganj", "সিরাজগঞ্জ", "Rajshahi", NULL},
	{"Sunamganj", "সুনামগঞ্জ", "Sylhet", NULL},
	{"Sylhet", "সিলেট", "Sylhet", NULL},
	{"Tangail", "টাঙ্গাইল", "Dhaka", NULL},
	{"Thakurgaon", "ঠাকুরগাঁও", "Rangpur", NULL},
};

#define KEY_MAX 128

const struct district *district_at(int i)
{
	if (i < 0 || i >= DISTRICT_COUNT)
		return NULL;
	return &table[i];
}

/* Fold text for comparison into out[KEY_MAX]: ASCII lowercase, apostrophes
 * dropped (Cox's / Coxs), and the three precomposed nukta letters (ড় ঢ় য়)
 * spelt out as base + nukta, since keyboards and files produce both forms.
 * Output longer than KEY_MAX-1 is cut, which only matters for prefixes longer
 * than any name. */
static void fold(const char *s, char out[KEY_MAX])
{
	size_t o = 0;

	while (*s == ' ')
		s++;
	while (*s != '\0' && o + 7 < KEY_MAX) {
		const unsigned char *u = (const unsigned char *)s;

		if (u[0] == 0xE0 && u[1] == 0xA7 && (u[2] == 0x9C || u[2] == 0x9D || u[2] == 0x9F)) {
			/* U+09DC -> U+09A1, U+09DD -> U+09A2, U+09DF -> U+09AF; then U+09BC */
			unsigned char base = u[2] == 0x9C ? 0xA1 : u[2] == 0x9D ? 0xA2 : 0xAF;

			out[o++] = (char)0xE0;
			out[o++] = (char)0xA6;
			out[o++] = (char)base;
			out[o++] = (char)0xE0;
			out[o++] = (char)0xA6;
			out[o++] = (char)0xBC;
			s += 3;
			continue;
		}
		if (*s == '\'') {
			s++;
			continue;
		}
		out[o++] = (*s >= 'A' && *s <= 'Z') ? (char)(*s - 'A' + 'a') : *s;
		s++;
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
}

/* 2 if key is a prefix of name, 1 if of a later word of name, else 0. */
static int rank(const char *name, const char *key)
{
	char f[KEY_MAX];
	size_t n = strlen(key);
	const char *w;

	if (!name)
		return 0;
	fold(name, f);
	if (strncmp(f, key, n) == 0)
		return 2;
	for (w = strchr(f, ' '); w; w = strchr(w + 1, ' '))
		if (strncmp(w + 1, key, n) == 0)
			return 1;
	return 0;
}

int district_search(const char *prefix, int *out, int cap)
{
	char key[KEY_MAX];
	int best[DISTRICT_COUNT], total = 0, k = 0;

	fold(prefix ? prefix : "", key);
	for (int i = 0; i < DISTRICT_COUNT; i++) {
		int r = rank(table[i].en, key), r2 = rank(table[i].alt, key), r3 = rank(table[i].bn, key);

		if (r2 > r)
			r = r2;
		if (r3 > r)
			r = r3;
		best[i] = r;
		if (r > 0)
			total++;
	}
	/* Whole-name matches first, each group in table (alphabetical) order. */
	for (int want = 2; want >= 1; want--)
		for (int i = 0; i < DISTRICT_COUNT; i++)
			if (best[i] == want && k < cap)
				out[k++] = i;
	return total;
}

int district_find(const char *text)
{
	char key[KEY_MAX], f[KEY_MAX];

	fold(text ? text : "", key);
	if (key[0] == '\0')
		return -1;
	for (int i = 0; i < DISTRICT_COUNT; i++) {
		fold(table[i].en, f);
		if (strcmp(f, key) == 0)
			return i;
		fold(table[i].bn, f);
		if (strcmp(f, key) == 0)
			return i;
		if (table[i].alt) {
			fold(table[i].alt, f);
			if (strcmp(f, key) == 0)
				return i;
		}
	}
	return -1;
}
