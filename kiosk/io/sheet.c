/* sheet.c - index.html (printable A4 cards) and codes.csv (RFC 4180, UTF-8
 * with a BOM so spreadsheets show Bengali). Adapter: files via atomicfile. */
#include "sheet.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/csv.h"
#include "dfile.h"
#include "html.h"

/* ---- file names ---------------------------------------------------------- */

int sheet_file_name(long number, const char *name, char *out, size_t cap)
{
	char slug[SHEET_SLUG_MAX + 1];
	size_t n = 0;
	int dash = 0, len;
	const unsigned char *p;

	if (number < 0)
		return -1;
	for (p = (const unsigned char *)(name ? name : ""); *p && n < SHEET_SLUG_MAX; p++) {
		int c = *p;

		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			/* One "-" between words, never leading; a word that
			 * has no room after its "-" is left out whole. */
			if (dash && n > 0) {
				if (n + 2 > SHEET_SLUG_MAX)
					break;
				slug[n++] = '-';
			}
			dash = 0;
			slug[n++] = (char)c;
		} else {
			dash = 1;
		}
	}
	slug[n] = '\0';
	if (n > 0)
		len = snprintf(out, cap, "%04ld-%s.png", number, slug);
	else
		len = snprintf(out, cap, "%04ld.png", number);
	if (len < 0 || (size_t)len >= cap)
		return -1;
	return len;
}

/* ---- writing helpers ----------------------------------------------------- */

/* Each returns 0, or -1 when the stream failed (its error is then reported
 * from ferror at commit, and the caller stops writing). */

static int put(FILE *fp, const char *s)
{
	return fputs(s, fp) < 0 ? -1 : 0;
}

/* Text for HTML element content and attribute values. */
/* csvw's sink: codes.csv rows into its temp file (errors stay in the stream). */
static int to_file(void *ctx, const char *buf, size_t len)
{
	return fwrite(buf, 1, len, ctx) == len ? 0 : -1;
}

/* ---- the sheet ----------------------------------------------------------- */

/* The fonts we ship first; then the Bengali fonts Windows and macOS carry,
 * for organizers who print from there.
 * A4 is 210 x 297 mm; with 10 mm margins 3 x 4 cards of ~60 x 64 mm fit a
 * page. The QR image is 40 mm wide: a v6 code then has ~0.8 mm modules,
 * which phone cameras and cheap scanners read from paper. */
static const char html_head[] =
	"<!DOCTYPE html>\n"
	"<html lang=\"bn\">\n"
	"<head>\n"
	"<meta charset=\"utf-8\">\n"
	"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	"<style>\n"
	"@page { size: A4; margin: 10mm; }\n"
	"* { box-sizing: border-box; }\n"
	"body { margin: 0; padding: 8mm; color: #000; background: #fff;\n"
	"  font-family: \"Noto Sans Bengali\", \"Noto Sans\", \"Nirmala UI\", \"Kohinoor Bangla\",\n"
	"    sans-serif; }\n"
	"@media print { body { padding: 0; } .screen { display: none; } }\n"
	".screen { margin: 0 0 6mm; }\n"
	".screen h1 { font-size: 16pt; margin: 0 0 2mm; }\n"
	".screen p { margin: 0; color: #444; }\n"
	".grid { display: grid; grid-template-columns: repeat(3, 60mm); gap: 3mm; }\n"
	".card { height: 64mm; border: 0.3mm dashed #999; padding: 2mm 3mm;\n"
	"  text-align: center; overflow: hidden; break-inside: avoid; page-break-inside: avoid; }\n"
	".event { font-size: 7.5pt; color: #333; white-space: nowrap; overflow: hidden;\n"
	"  text-overflow: ellipsis; }\n"
	".card img { display: block; width: 40mm; height: 40mm; margin: 1mm auto;\n"
	"  image-rendering: pixelated; }\n"
	".name { font-size: 11pt; font-weight: 700; line-height: 1.25; max-height: 2.6em;\n"
	"  overflow: hidden; overflow-wrap: anywhere; }\n"
	".meta { font-size: 8pt; margin-top: 0.5mm; }\n"
	".type { display: inline-block; padding: 0 1.5mm; border: 0.2mm solid #000;\n"
	"  border-radius: 1mm; text-transform: uppercase; }\n"
	".type-vip { background: #000; color: #fff; }\n"
	".num { color: #555; }\n"
	"</style>\n";

/* Copy src into dst[cap], cutting a too long text before a whole UTF-8
 * character rather than inside one. */
static void copy_utf8(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);

	if (n >= cap) {
		n = cap - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--; /* src[n] is now the first byte of the cut character */
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Message for a failed write to f, with errno's text when there is one. */
static int write_error(char err[KERR_LEN], const struct atomicfile *f)
{
	int e = errno;

	if (e)
		return kerr(err, "cannot write '%s': %s", f->path, strerror(e));
	return kerr(err, "cannot write '%s'", f->path);
}

int sheet_open(struct sheet *sh, const char *dir, const char *event_name, char err[KERR_LEN])
{
	char path[ATOMICFILE_PATH_MAX];
	int n;
	FILE *fp;

	sh->cards = 0;
	memset(&sh->rows, 0, sizeof sh->rows); /* sheet_abort may release it */
	memset(&sh->mrows, 0, sizeof sh->mrows);
	memset(&sh->msgs, 0, sizeof sh->msgs);
	copy_utf8(sh->event, sizeof sh->event, event_name ? event_name : "");
	n = snprintf(sh->dir, sizeof sh->dir, "%s", dir);
	if (n < 0 || (size_t)n >= sizeof sh->dir)
		return kerr(err, "folder name too long: '%.64s...'", dir);
	n = snprintf(path, sizeof path, "%s/%s", dir, SHEET_HTML);
	if (n < 0 || (size_t)n >= sizeof path)
		return kerr(err, "folder name too long: '%.64s...'", dir);
	if (atomicfile_open(&sh->html, path, 0600, err) != 0)
		return -1;
	n = snprintf(path, sizeof path, "%s/%s", dir, SHEET_CSV);
	if (n < 0 || (size_t)n >= sizeof path) {
		atomicfile_abort(&sh->html);
		return kerr(err, "folder name too long: '%.64s...'", dir);
	}
	if (atomicfile_open(&sh->csv, path, 0600, err) != 0) {
		atomicfile_abort(&sh->html);
		return -1;
	}
	n = snprintf(path, sizeof path, "%s/%s", dir, SHEET_MESSAGES);
	if (n < 0 || (size_t)n >= sizeof path || atomicfile_open(&sh->msgs, path, 0600, err) != 0) {
		if (n < 0 || (size_t)n >= sizeof path)
			kerr(err, "folder name too long: '%.64s...'", dir);
		atomicfile_abort(&sh->html);
		atomicfile_abort(&sh->csv);
		return -1;
	}

	errno = 0;
	fp = sh->html.fp;
	if (put(fp, html_head) || put(fp, "<title>") || html_put(fp, sh->event) ||
	    put(fp, " — টিকিট / Tickets</title>\n</head>\n<body>\n<div class=\"screen\">\n<h1>") ||
	    html_put(fp, sh->event) ||
	    put(fp, "</h1>\n<p>প্রিন্ট করুন: Ctrl+P, A4, স্কেল ১০০% · "
		    "Print with Ctrl+P on A4 at 100% scale; cut along the dashed lines.</p>\n"
		    "</div>\n<main class=\"grid\">\n")) {
		write_error(err, &sh->html);
		sheet_abort(sh);
		return -1;
	}
	/* The BOM makes Excel and LibreOffice read the file as UTF-8 (Bengali
	 * names would otherwise show as mojibake); CRLF is RFC 4180's line end. */
	csvw_init(&sh->rows, 1);
	csvw_set_sink(&sh->rows, to_file, sh->csv.fp);
	csvw_field(&sh->rows, "name");
	csvw_field(&sh->rows, "phone");
	csvw_field(&sh->rows, "code");
	csvw_field(&sh->rows, "file");
	csvw_end_row(&sh->rows);
	csvw_init(&sh->mrows, 1);
	csvw_set_sink(&sh->mrows, to_file, sh->msgs.fp);
	csvw_field(&sh->mrows, "name");
	csvw_field(&sh->mrows, "phone");
	csvw_field(&sh->mrows, "code");
	csvw_field(&sh->mrows, "message");
	csvw_field(&sh->mrows, "whatsapp");
	csvw_field(&sh->mrows, "sms");
	csvw_end_row(&sh->mrows);
	if (sh->rows.failed) {
		kerr(err, "cannot write '%s': out of memory", sh->csv.path);
		sheet_abort(sh);
		return -1;
	}
	return 0;
}

int sheet_add(struct sheet *sh, const struct sheet_card *card, char err[KERR_LEN])
{
	FILE *fp = sh->html.fp;
	char num[32], type_class[32];
	const char *phone = card->phone ? card->phone : "";
	const char *type = card->type ? card->type : "";
	size_t i, n = 0;

	/* A CSS class from the type's ASCII letters only, so a VIP card can be
	 * marked without ever putting roster text into CSS. */
	for (i = 0; type[i] && n + 1 < sizeof type_class; i++) {
		char c = type[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			type_class[n++] = c;
	}
	type_class[n] = '\0';
	(void)snprintf(num, sizeof num, "#%04ld", card->number); /* always fits */

	errno = 0;
	if (put(fp, "<section class=\"card\">\n<div class=\"event\">") || html_put(fp, sh->event) ||
	    put(fp, "</div>\n<img src=\"") || html_put(fp, card->file) ||
	    put(fp, "\" alt=\"QR\">\n<div class=\"name\">") || html_put(fp, card->name) ||
	    put(fp, "</div>\n<div class=\"meta\">"))
		goto html_fail;
	if (type[0] && (put(fp, "<span class=\"type type-") || put(fp, type_class) ||
			put(fp, "\">") || html_put(fp, type) || put(fp, "</span> ")))
		goto html_fail;
	if (put(fp, "<span class=\"num\">") || put(fp, num) || put(fp, "</span>"))
		goto html_fail;
	if (phone[0] && (put(fp, " · <span class=\"phone\">") || html_put(fp, phone) ||
			 put(fp, "</span>")))
		goto html_fail;
	if (put(fp, "</div>\n"))
		goto html_fail;
	/* Send from a phone in two taps; the links are ours (percent-encoded). */
	if (card->whatsapp && card->whatsapp[0] &&
	    (put(fp, "<div class=\"send\"><a href=\"") || html_put(fp, card->whatsapp) ||
	     put(fp, "\">WhatsApp</a> · <a href=\"") || html_put(fp, card->sms ? card->sms : "") ||
	     put(fp, "\">SMS</a>") ||
	     (card->card && card->card[0] &&
	      (put(fp, " · <a href=\"") || html_put(fp, card->card) ||
	       put(fp, "\">কার্ড / card</a>"))) ||
	     put(fp, "</div>\n")))
		goto html_fail;
	if (put(fp, "</section>\n"))
		goto html_fail;

	/* The name, and a code imported from another system, are typed by
	 * people: formula-guarded like every CSV cell of theirs (our T1 codes
	 * never start with = + - @, so they stay as they are). The QR holds the
	 * code exactly, and the door also reads a code with the guard's ' in
	 * front (store/db.h CODE_MATCHES); phone and file are ours. */
	csvw_text(&sh->rows, card->name);
	csvw_field(&sh->rows, phone);
	csvw_text(&sh->rows, card->code);
	csvw_field(&sh->rows, card->file);
	errno = 0;
	csvw_end_row(&sh->rows);
	if (sh->rows.failed)
		return write_error(err, &sh->csv);
	csvw_text(&sh->mrows, card->name);
	csvw_field(&sh->mrows, phone);
	csvw_text(&sh->mrows, card->code);
	csvw_text(&sh->mrows, card->message ? card->message : "");
	csvw_text(&sh->mrows, card->whatsapp ? card->whatsapp : "");
	csvw_text(&sh->mrows, card->sms ? card->sms : "");
	errno = 0;
	csvw_end_row(&sh->mrows);
	if (sh->mrows.failed)
		return write_error(err, &sh->msgs);
	sh->cards++;
	return 0;
html_fail:
	return write_error(err, &sh->html);
}

int sheet_commit(struct sheet *sh, char err[KERR_LEN])
{
	errno = 0;
	if (sh->cards == 0 && put(sh->html.fp, "<p>কোনো অতিথি নেই · No attendees.</p>\n")) {
		write_error(err, &sh->html);
		sheet_abort(sh);
		return -1;
	}
	if (put(sh->html.fp, "</main>\n</body>\n</html>\n")) {
		write_error(err, &sh->html);
		sheet_abort(sh);
		return -1;
	}
	if (csvw_flush(&sh->rows) != 0) {
		write_error(err, &sh->csv);
		sheet_abort(sh);
		return -1;
	}
	if (csvw_flush(&sh->mrows) != 0) {
		write_error(err, &sh->msgs);
		sheet_abort(sh);
		return -1;
	}
	csvw_release(&sh->rows);
	csvw_release(&sh->mrows);
	if (atomicfile_commit(&sh->msgs, 0, err) != 0) {
		atomicfile_abort(&sh->html);
		atomicfile_abort(&sh->csv);
		return -1;
	}
	/* Two files cannot be replaced in one step: should the second fail, the
	 * first is already new, and err says which one failed; a re-run with
	 * --force rewrites both. */
	if (atomicfile_commit(&sh->csv, 0, err) != 0) {
		atomicfile_abort(&sh->html);
		return -1;
	}
	if (atomicfile_commit(&sh->html, 0, err) != 0)
		return -1;
	/* One folder fsync makes both renames, and those of the PNGs, durable. */
	return atomicfile_sync_dir(sh->dir, err);
}

void sheet_abort(struct sheet *sh)
{
	csvw_release(&sh->rows);
	csvw_release(&sh->mrows);
	atomicfile_abort(&sh->msgs);
	atomicfile_abort(&sh->html);
	atomicfile_abort(&sh->csv);
}

/* ---- an earlier issue's tickets ------------------------------------------ */

/* 1 if name is a ticket file as sheet_file_name makes them ("0001.png",
 * "0001-rahim-uddin.png"): nothing else in the folder is ever removed, and a
 * codes.csv edited to name "../x" or "notes.txt" names nothing. */
static int is_ticket_file(const char *name)
{
	const char *p = name;

	while (*p >= '0' && *p <= '9')
		p++;
	if (p - name < 4)
		return 0;
	if (*p == '-')
		for (p++; (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'; p++)
			;
	return strcmp(p, ".png") == 0;
}

int sheet_listed_files(const char *dir, char **names, size_t *len, char err[KERR_LEN])
{
	char path[ATOMICFILE_PATH_MAX], *text = NULL, *out = NULL;
	struct csv csv;
	struct csv_record rec;
	size_t n, o = 0;
	int r, col = -1;

	*names = NULL;
	*len = 0;
	r = snprintf(path, sizeof path, "%s/%s", dir, SHEET_CSV);
	if (r < 0 || (size_t)r >= sizeof path)
		return kerr(err, "folder name too long: '%.64s...'", dir);
	r = dfile_read(path, &text, &n, SHEET_LIST_MAX, err);
	if (r <= 0)
		return r; /* no codes.csv: no earlier tickets */
	out = malloc(n + 1); /* the names are shorter than the text */
	if (!out) {
		free(text);
		return kerr(err, "out of memory");
	}
	csv_init(&csv, text, n);
	if ((r = csv_next(&csv, &rec, err)) > 0)
		for (int i = 0; i < rec.n && col < 0; i++)
			if (strcmp(rec.field[i], "file") == 0)
				col = i;
	while (r > 0 && col >= 0 && (r = csv_next(&csv, &rec, err)) > 0) {
		if (col < rec.n && is_ticket_file(rec.field[col])) {
			size_t k = strlen(rec.field[col]) + 1;

			memcpy(out + o, rec.field[col], k);
			o += k;
		}
	}
	free(text);
	if (r < 0) {
		free(out);
		return -1;
	}
	*names = out;
	*len = o;
	return 0;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Remove DIR/SUB/name when it is there. 0, or -1 with err. */
static int remove_ticket(const char *dir, const char *sub, const char *name, char err[KERR_LEN])
{
	char path[ATOMICFILE_PATH_MAX];
	int r = snprintf(path, sizeof path, "%s/%s%s", dir, sub, name);

	if (r < 0 || (size_t)r >= sizeof path)
		return kerr(err, "folder name too long: '%.64s...'", dir);
	if (unlink(path) != 0 && errno != ENOENT)
		return kerr(err, "cannot remove '%s': %s", path, strerror(errno));
	return 0;
}

int sheet_prune(const char *dir, const char *old, size_t old_len, char err[KERR_LEN])
{
	char *now = NULL, **v = NULL;
	size_t now_len, n = 0, i;
	const char *p;
	int rc = -1;

	if (sheet_listed_files(dir, &now, &now_len, err) != 0)
		return -1;
	for (p = now; p < now + now_len; p += strlen(p) + 1)
		n++;
	v = malloc((n ? n : 1) * sizeof *v);
	if (!v) {
		kerr(err, "out of memory");
		goto out;
	}
	for (i = 0, p = now; p < now + now_len; p += strlen(p) + 1)
		v[i++] = (char *)p;
	qsort(v, n, sizeof *v, cmp_name);
	for (p = old; p < old + old_len; p += strlen(p) + 1) {
		if (bsearch(&p, v, n, sizeof *v, cmp_name))
			continue; /* still a ticket */
		if (remove_ticket(dir, "", p, err) != 0 || remove_ticket(dir, "cards/", p, err) != 0)
			goto out;
	}
	rc = 0;
out:
	free(v);
	free(now);
	return rc;
}
