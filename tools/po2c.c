/* po2c.c - compile a gettext catalog (assets/po/bn.po) into a C table, at
 * build time: `po2c IN.po OUT.c`. The kiosk looks strings up in that table
 * (kiosk/core/i18n.c) instead of calling gettext(3), because the screens
 * switch language per guest and must run from the build tree; see
 * docs/translations.md.
 *
 * Reads what msgfmt reads for a catalog without plurals: comments, msgctxt,
 * msgid, msgstr and continued "..." lines with C escapes. Like msgfmt it
 * leaves out the header, fuzzy entries, obsolete (#~) entries and empty
 * msgstrs (those fall back to the English msgid). Entries come out sorted by
 * (context, msgid) in byte order for bsearch. Bad input: one line naming the
 * file and line, exit 1, and no output file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct msg {
	char *ctx, *id, *str; /* ctx NULL: no context */
};

static const char *in_path;
static int lineno;

static void die(const char *what)
{
	fprintf(stderr, "%s:%d: %s\n", in_path, lineno, what);
	exit(1);
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (p == NULL)
		die("out of memory");
	return p;
}

/* Append the string literal at p ("...") to *buf, undoing C escapes. */
static void append_literal(const char *p, char **buf, size_t *len)
{
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p++ != '"')
		die("expected a \"string\"");
	*buf = xrealloc(*buf, *len + strlen(p) + 1);
	for (; *p && *p != '"'; p++) {
		char c = *p;

		if (c == '\\') {
			switch (*++p) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case 'r': c = '\r'; break;
			case 'a': c = '\a'; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case 'v': c = '\v'; break;
			case '\\': c = '\\'; break;
			case '"': c = '"'; break;
			case '?': c = '?'; break;
			default: die("unknown escape in a string");
			}
		}
		(*buf)[(*len)++] = c;
	}
	if (*p != '"')
		die("unterminated string");
	for (p++; *p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'; p++)
		;
	if (*p)
		die("text after a string");
	(*buf)[*len] = '\0';
}

static int cmp_opt(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int cmp_msg(const void *a, const void *b)
{
	const struct msg *x = a, *y = b;
	int c = cmp_opt(x->ctx, y->ctx);

	return c ? c : strcmp(x->id, y->id);
}

/* One C string literal; '?' escaped against trigraphs, control bytes octal. */
static void put_literal(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\' || *p == '?')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\%03o", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

int main(int argc, char **argv)
{
	struct msg *m = NULL;
	size_t n = 0, cap = 0;
	char line[8192];
	/* The entry being read: which field continuation lines go to. */
	char *field[3] = {NULL, NULL, NULL}; /* ctx, id, str */
	size_t flen[3] = {0, 0, 0};
	int cur = -1, fuzzy = 0, have_id = 0;
	FILE *in, *out;
	char *tmp;

	if (argc != 3) {
		fprintf(stderr, "usage: po2c IN.po OUT.c\n");
		return 2;
	}
	in_path = argv[1];
	in = fopen(in_path, "r");
	if (in == NULL) {
		perror(in_path);
		return 1;
	}
	for (;;) {
		int end = fgets(line, sizeof line, in) == NULL;
		char *p = line;

		if (!end) {
			lineno++;
			if (strlen(line) == sizeof line - 1 && line[sizeof line - 2] != '\n')
				die("line too long");
			while (*p == ' ' || *p == '\t')
				p++;
		}
		/* A new entry starts at a comment or msgctxt/msgid after a msgstr, or at the end. */
		if (end || (cur == 2 && (p[0] == '#' || strncmp(p, "msgctxt", 7) == 0 ||
					 strncmp(p, "msgid", 5) == 0))) {
			if (have_id && field[2] == NULL)
				die("msgid without msgstr");
			if (cur == 0)
				die("msgctxt without msgid");
			if (have_id && !fuzzy && field[1][0] != '\0' && field[2][0] != '\0') {
				if (n == cap)
					m = xrealloc(m, (cap = cap ? cap * 2 : 256) * sizeof *m);
				m[n++] = (struct msg){field[0], field[1], field[2]};
			} else if (have_id) {
				free(field[0]);
				free(field[1]);
				free(field[2]);
			}
			field[0] = field[1] = field[2] = NULL;
			flen[0] = flen[1] = flen[2] = 0;
			cur = -1;
			fuzzy = 0;
			have_id = 0;
			if (end)
				break;
		}
		if (p[0] == '#') {
			if (p[1] == ',' && strstr(p, "fuzzy"))
				fuzzy = 1;
			continue; /* obsolete "#~" entries are skipped whole too */
		}
		if (p[0] == '\n' || p[0] == '\r' || p[0] == '\0')
			continue;
		if (strncmp(p, "msgid_plural", 12) == 0 || strncmp(p, "msgstr[", 7) == 0)
			die("plural forms are not supported by po2c");
		if (strncmp(p, "msgctxt", 7) == 0) {
			if (cur != -1)
				die("msgctxt out of place");
			cur = 0;
			p += 7;
		} else if (strncmp(p, "msgid", 5) == 0) {
			if (cur != -1 && cur != 0)
				die("msgid out of place");
			cur = 1;
			have_id = 1;
			p += 5;
		} else if (strncmp(p, "msgstr", 6) == 0) {
			if (cur != 1)
				die("msgstr without msgid");
			cur = 2;
			p += 6;
		} else if (p[0] != '"' || cur == -1) {
			die("not a po line");
		}
		if (field[cur] == NULL) {
			field[cur] = xrealloc(NULL, 1);
			field[cur][0] = '\0';
		}
		append_literal(p, &field[cur], &flen[cur]);
	}
	fclose(in);
	qsort(m, n, sizeof *m, cmp_msg);
	for (size_t i = 1; i < n; i++)
		if (cmp_msg(&m[i - 1], &m[i]) == 0) {
			fprintf(stderr, "%s: msgid \"%s\" stands twice\n", in_path, m[i].id);
			return 1;
		}

	tmp = xrealloc(NULL, strlen(argv[2]) + 5);
	sprintf(tmp, "%s.tmp", argv[2]);
	out = fopen(tmp, "w");
	if (out == NULL) {
		perror(tmp);
		return 1;
	}
	fprintf(out, "/* Generated from %s by tools/po2c.c at build time: edit the .po, not this. */\n"
		     "#include \"core/i18n.h\"\n\n"
		     "const struct i18n_msg i18n_bn_msgs[] = {\n",
		in_path);
	for (size_t i = 0; i < n; i++) {
		fputs("\t{", out);
		if (m[i].ctx)
			put_literal(out, m[i].ctx);
		else
			fputs("NULL", out);
		fputs(", ", out);
		put_literal(out, m[i].id);
		fputs(", ", out);
		put_literal(out, m[i].str);
		fputs("},\n", out);
	}
	fprintf(out, "\t{NULL, NULL, NULL},\n};\n\nconst size_t i18n_bn_count = %zu;\n", n);
	if (fclose(out) != 0 || rename(tmp, argv[2]) != 0) {
		perror(argv[2]);
		remove(tmp);
		return 1;
	}
	return 0;
}
