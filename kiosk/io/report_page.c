/* report_page.c - the report's page (index.html) from a collected struct
 * report: cards, the arrivals chart, the tables of each section, in Bengali
 * or English. Adapter: stdio only; must not query the store. */
#include "report_page.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/money.h"
#include "core/timefmt.h"
#include "core/verdict.h"
#include "dfile.h"
#include "html.h"
#include "report_write.h"

/* ============================================================ output */


const char *rp_W(const struct out *o, enum word w)
{
	return report_word(w, o->bn);
}

/* Stream errors are sticky: atomicfile_commit reports them. */
void rp_html_text(struct out *o, const char *s)
{
	(void)html_put(o->f, s);
}

/* A count in the page's digits with lakh grouping. */
void rp_html_count(struct out *o, int64_t n)
{
	char buf[64];

	if (count_format(n, o->lang, buf, sizeof buf) < 0)
		(void)snprintf(buf, sizeof buf, "%" PRId64, n);
	fputs(buf, o->f);
}

/* ASCII digits written in the page's digits. */
static void html_digits(struct out *o, const char *ascii)
{
	char buf[256];

	if (o->bn && digits_to_bengali(ascii, buf, sizeof buf) >= 0)
		fputs(buf, o->f);
	else
		rp_html_text(o, ascii);
}

void rp_html_money(struct out *o, int64_t poisha)
{
	char buf[MONEY_TEXT_MAX];

	if (money_format(poisha, o->lang, buf, sizeof buf) < 0)
		(void)snprintf(buf, sizeof buf, "%" PRId64, poisha);
	fputs(buf, o->f);
}

static void html_clock(struct out *o, int64_t ms)
{
	char buf[TIME_TEXT_MAX];

	if (time_format_clock(ms, o->tz, o->lang, buf, sizeof buf) < 0)
		(void)snprintf(buf, sizeof buf, "?");
	fputs(buf, o->f);
}

/* "2026-12-05 15:42" in the event's zone, in the page's digits. */
static void html_datetime(struct out *o, int64_t ms, int with_clock)
{
	char iso[TIME_TEXT_MAX];

	if (time_format_iso(ms, o->tz, iso, sizeof iso) < 0 || strlen(iso) < 16) {
		fputs("?", o->f);
		return;
	}
	iso[10] = with_clock ? ' ' : '\0';
	iso[16] = '\0';
	html_digits(o, iso);
}

/* ============================================================ page */

/* Okabe-Ito: told apart by people with colour blindness and in grey print. */
static const char *const door_colours[] = {
	"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
};
#define N_COLOURS (sizeof door_colours / sizeof door_colours[0])

static const char css[] =
	"@page{size:A4;margin:12mm}"
	"*{box-sizing:border-box}"
	"body{font-family:\"Noto Sans\",\"Noto Sans Bengali\",\"KioskBengali\",\"Nirmala UI\","
	"\"Vrinda\",\"Kohinoor Bangla\",sans-serif;color:#111;background:#fff;margin:0 auto;"
	"max-width:186mm;padding:8mm 4mm;font-size:11pt;line-height:1.45;"
	"-webkit-print-color-adjust:exact;print-color-adjust:exact}"
	"h1{font-size:20pt;margin:0 0 1mm}h2{font-size:14pt;margin:7mm 0 2mm;"
	"border-bottom:2px solid #0072B2;padding-bottom:1mm}"
	".sub{color:#444;margin:0 0 4mm}"
	".cards{display:grid;grid-template-columns:repeat(4,1fr);gap:2.5mm;margin:3mm 0}"
	".card{border:1px solid #bbb;border-radius:2mm;padding:2mm 3mm;break-inside:avoid}"
	".card b{display:block;font-size:18pt;line-height:1.2}.card span{font-size:9pt;color:#333}"
	".card.warn{border-color:#D55E00}.card.warn b{color:#B04000}"
	"table{border-collapse:collapse;width:100%;margin:2mm 0;font-size:10pt}"
	"th,td{border-bottom:1px solid #ccc;padding:1mm 2mm;text-align:left;vertical-align:top}"
	"th{background:#eef3f8}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}"
	"td.n{white-space:nowrap}table.wide{font-size:9pt}table.wide td,table.wide th{padding:1mm}"
	"tr{break-inside:avoid}td.nw{white-space:nowrap}"
	/* On paper a table starts on the next page rather than leave its header
	 * alone at the bottom; one longer than a page breaks and repeats <thead>. */
	"table{break-inside:avoid}thead{display:table-header-group}"
	".chart{break-inside:avoid;margin:2mm 0}.chart svg{width:100%;height:auto;display:block}"
	".legend span{display:inline-block;margin-right:5mm;font-size:10pt}"
	".legend i{display:inline-block;width:3.5mm;height:3.5mm;margin-right:1.5mm;"
	"vertical-align:-0.5mm}"
	".note{font-size:9.5pt;color:#444;margin:1mm 0}"
	".ok{color:#006b4f}.bad{color:#B04000;font-weight:700}"
	"section{break-inside:auto}h2,h2+.note,h2+.note+.note{break-after:avoid}"
	"footer{margin-top:8mm;font-size:9pt;color:#555}"
	"@media print{body{padding:0;max-width:none}}";

/* The embedded font, base64 in a data: URL; only a fallback behind the
 * installed fonts, so machines with Noto still use its real bold. */
static int embed_font(struct out *o, const char *path, char err[KERR_LEN])
{
	char *buf = NULL, *b64;
	size_t len = 0, cap;

	if (!path)
		return 0;
	if (dfile_read_all(path, &buf, &len, err) != 0)
		return -1;
	cap = sodium_base64_encoded_len(len, sodium_base64_VARIANT_ORIGINAL);
	b64 = malloc(cap);
	if (!b64) {
		free(buf);
		return kerr(err, "cannot embed '%s': out of memory", path);
	}
	sodium_bin2base64(b64, cap, (const unsigned char *)buf, len,
			  sodium_base64_VARIANT_ORIGINAL);
	free(buf);
	fputs("@font-face{font-family:\"KioskBengali\";font-weight:400;"
	      "src:url(data:font/ttf;base64,", o->f);
	fputs(b64, o->f);
	fputs(") format(\"truetype\")}", o->f);
	free(b64);
	return 0;
}

void rp_card(struct out *o, enum word label, int64_t v, int warn)
{
	fprintf(o->f, "<div class=\"card%s\"><b>", warn && v > 0 ? " warn" : "");
	rp_html_count(o, v);
	fprintf(o->f, "</b><span>%s</span></div>", rp_W(o, label));
}

/* A round step for the y axis: 1, 2, 5, 10, 20, 50, ... with about 4 lines. */
static int64_t axis_step(int64_t max)
{
	int64_t step = 1;

	while (max / step > 5) {
		if (max / (step * 2) <= 5)
			return step * 2;
		if (max / (step * 5) <= 5)
			return step * 5;
		step *= 10;
	}
	return step;
}

/* Both charts share one frame: a fixed 720x300 viewBox scaled to the page
 * width (print and screen alike), a y axis of round steps, a clock under
 * every few bars and the bar width in minutes. */
#define CH_W 720.0
#define CH_H 300.0
#define CH_LEFT 44.0
#define CH_RIGHT 8.0
#define CH_TOP 10.0
#define CH_PH (CH_H - CH_TOP - 36.0)

/* Open the SVG and draw the y axis up to max, rounded up to a step; returns
 * the rounded max. */
static int64_t chart_begin(struct out *o, int64_t max)
{
	int64_t step = axis_step(max);

	max = (max + step - 1) / step * step;
	fprintf(o->f, "<div class=\"chart\"><svg viewBox=\"0 0 %.0f %.0f\" "
		      "xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" font-size=\"13\">",
		CH_W, CH_H);
	for (int64_t v = 0; v <= max; v += step) {
		char num[32];
		double y = CH_TOP + CH_PH - CH_PH * (double)v / (double)max;

		fprintf(o->f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>",
			CH_LEFT, CH_W - CH_RIGHT, y, y, v ? "#ddd" : "#555");
		(void)snprintf(num, sizeof num, "%" PRId64, v);
		fprintf(o->f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", CH_LEFT - 4, y + 4);
		html_digits(o, num);
		fputs("</text>", o->f);
	}
	return max;
}

/* The clock under bar b (at x) when it is one of those labelled. */
static void chart_xlabel(struct out *o, const struct report *r, int b, double x, int every)
{
	if (b % every != 0)
		return;
	fprintf(o->f, "<line x1=\"%.2f\" x2=\"%.2f\" y1=\"%.1f\" y2=\"%.1f\" "
		      "stroke=\"#555\"/><text x=\"%.2f\" y=\"%.1f\" text-anchor=\"start\">",
		x, x, CH_TOP + CH_PH, CH_TOP + CH_PH + 5, x, CH_TOP + CH_PH + 18);
	html_clock(o, r->bin0_ms + b * (int64_t)r->bin_min * 60000);
	fputs("</text>", o->f);
}

/* The bar width in minutes, and the end of the SVG. */
static void chart_end(struct out *o, const struct report *r)
{
	fprintf(o->f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"#444\">",
		CH_W - CH_RIGHT, CH_H - 4);
	rp_html_count(o, r->bin_min);
	fprintf(o->f, " %s</text></svg>", rp_W(o, W_MINUTES));
}

/* Stacked bars, one colour per door. */
static void chart(struct out *o, const struct report *r)
{
	double bw = (CH_W - CH_LEFT - CH_RIGHT) / r->nbins, h;
	int64_t max = 1, bin_ms = (int64_t)r->bin_min * 60000;
	int every = (int)(52 / bw) + 1, b, d;

	for (b = 0; b < r->nbins; b++) {
		int64_t sum = 0;

		for (d = 0; d < r->ndoors; d++)
			sum += r->arrivals[b * r->ndoors + d];
		if (sum > max)
			max = sum;
	}
	max = chart_begin(o, max);
	for (b = 0; b < r->nbins; b++) {
		double x = CH_LEFT + b * bw, base = CH_TOP + CH_PH;

		for (d = 0; d < r->ndoors; d++) {
			int64_t n = r->arrivals[b * r->ndoors + d];

			if (!n)
				continue;
			h = CH_PH * (double)n / (double)max;
			base -= h;
			fprintf(o->f, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
				      "fill=\"%s\"><title>",
				x + bw * 0.08, base, bw * 0.84, h, door_colours[d % N_COLOURS]);
			rp_html_text(o, r->doors[d].name);
			fputs(" ", o->f);
			html_clock(o, r->bin0_ms + b * bin_ms);
			fputs(": ", o->f);
			rp_html_count(o, n);
			fputs("</title></rect>", o->f);
		}
		chart_xlabel(o, r, b, x, every);
	}
	chart_end(o, r);
	fputs("<div class=\"legend\">", o->f);
	for (d = 0; d < r->ndoors; d++) {
		fprintf(o->f, "<span><i style=\"background:%s\"></i>", door_colours[d % N_COLOURS]);
		rp_html_text(o, r->doors[d].name);
		fputs("</span>", o->f);
	}
	fputs("</div></div>", o->f);
}

/* How many were inside: a step line over the same bars as the arrivals. */
static void inside_chart(struct out *o, const struct report *r)
{
	double bw, y;
	int64_t max = 1, bin_ms = (int64_t)r->bin_min * 60000;
	int every, b;

	if (r->nbins == 0 || !r->inside)
		return;
	bw = (CH_W - CH_LEFT - CH_RIGHT) / r->nbins;
	every = (int)(52 / bw) + 1;
	for (b = 0; b < r->nbins; b++)
		if (r->inside[b] > max)
			max = r->inside[b];
	max = chart_begin(o, max);
	fprintf(o->f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"3\" points=\"",
		door_colours[0]);
	for (b = 0; b < r->nbins; b++) {
		y = CH_TOP + CH_PH - CH_PH * (double)r->inside[b] / (double)max;
		fprintf(o->f, "%.2f,%.2f %.2f,%.2f ", CH_LEFT + b * bw, y, CH_LEFT + (b + 1) * bw, y);
	}
	fputs("\"/>", o->f);
	for (b = 0; b < r->nbins; b++) {
		double x = CH_LEFT + b * bw;

		y = CH_TOP + CH_PH - CH_PH * (double)r->inside[b] / (double)max;
		fprintf(o->f, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
			      "fill=\"transparent\"><title>", x, y - 6, bw, 12.0);
		html_clock(o, r->bin0_ms + (b + 1) * bin_ms);
		fputs(": ", o->f);
		rp_html_count(o, r->inside[b]);
		fputs("</title></rect>", o->f);
		chart_xlabel(o, r, b, x, every);
	}
	chart_end(o, r);
	fputs("</div>", o->f);
}

void rp_more_rows(struct out *o, int shown, int total, const char *file)
{
	if (total <= shown)
		return;
	fputs("<p class=\"note\">", o->f);
	rp_html_count(o, total - shown);
	fprintf(o->f, " %s <a href=\"%s\">%s</a></p>", rp_W(o, W_MORE), file, file);
}

/* The head of a table of journaled entries: name, phone, time, door, device. */
static void entry_head(struct out *o)
{
	fprintf(o->f, "<table><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>",
		rp_W(o, W_NAME), rp_W(o, W_PHONE), rp_W(o, W_TIME), rp_W(o, W_DOOR), rp_W(o, W_DEVICE));
}

/* One row of it; bold: the name in bold (the guest a group is counted as). */
static void entry_row(struct out *o, int bold, const char *name, const char *phone, int64_t at_ms,
		      const char *door, const char *device_id)
{
	fputs(bold ? "<tr><td><b>" : "<tr><td>", o->f);
	rp_html_text(o, name);
	fputs(bold ? "</b></td><td>" : "</td><td>", o->f);
	rp_html_text(o, phone);
	fputs("</td><td>", o->f);
	html_clock(o, at_ms);
	fputs("</td><td>", o->f);
	rp_html_text(o, door);
	fputs("</td><td>", o->f);
	rp_html_text(o, device_id);
	fputs("</td></tr>", o->f);
}

/* One phone registered as more than one guest: each group's guest first (in
 * bold: the row that is counted), then the walk-ins counted with it. Only
 * when there are some: most meetups have none. */
static void walkin_dups(struct out *o, const struct report *r)
{
	int i, n;

	if (r->n_walkin_dups == 0)
		return;
	fprintf(o->f, "<h2>%s</h2><p class=\"note\">%s</p>", rp_W(o, W_WALKIN_DUPS),
		rp_W(o, W_WALKIN_DUPS_NOTE));
	entry_head(o);
	n = r->n_walkin_dups < REPORT_PAGE_ROWS ? r->n_walkin_dups : REPORT_PAGE_ROWS;
	for (i = 0; i < n; i++) {
		const struct report_walkin_dup *d = &r->walkin_dups[i];

		entry_row(o, strcmp(d->guest_id, d->attendee_id) == 0, d->name, d->phone, d->at_ms,
			  d->door, d->device_id);
	}
	fputs("</table>", o->f);
	rp_more_rows(o, n, r->n_walkin_dups, "walkin_duplicates.csv");
}

static void section_checkins(struct out *o, const struct report *r)
{
	char rate[64];
	int i, n;

	fputs("<div class=\"cards\">", o->f);
	rp_card(o, W_REGISTERED, r->registered, 0);
	rp_card(o, W_CAME, r->checked_in, 0);
	rp_card(o, W_NO_SHOWS, r->no_shows, 0);
	rp_card(o, W_WALKINS, r->walkins, 0);
	rp_card(o, W_DOUBLES, r->double_entries, 1);
	if (r->walkin_duplicates > 0)
		rp_card(o, W_WALKIN_DUPS, r->walkin_duplicates, 1);
	rp_card(o, W_CANCELLED, r->cancelled, 0);
	rp_card(o, W_REJECTED, r->rejections, 0);
	rp_card(o, W_UNDONE, r->undone, 0);
	if (r->exits > 0) {
		rp_card(o, W_EXITS, r->exits, 0);
		rp_card(o, W_REENTRIES, r->reentries, 0);
		rp_card(o, W_INSIDE_END, r->inside_now, 0);
	}
	fputs("</div>", o->f);

	fprintf(o->f, "<h2>%s</h2>", rp_W(o, W_ARRIVALS_H));
	if (r->nbins == 0) {
		fprintf(o->f, "<p>%s</p>", rp_W(o, W_NO_CHECKINS));
		return;
	}
	fprintf(o->f, "<p><b>%s: ", rp_W(o, W_PEAK));
	rp_html_count(o, r->peak_count);
	fprintf(o->f, " %s ", rp_W(o, W_PEAK_UNIT));
	html_clock(o, r->peak_start_ms);
	fputs("–", o->f);
	html_clock(o, r->peak_start_ms + (int64_t)r->bin_min * 60000);
	/* "(≈ 24 per hour)" / "(ঘণ্টায় ≈ ২৪ জন)": the rate sits differently in the two. */
	if (count_format(r->peak_count * 60 / r->bin_min, o->lang, rate, sizeof rate) < 0)
		(void)snprintf(rate, sizeof rate, "%" PRId64, r->peak_count * 60 / r->bin_min);
	fputs("</b> ", o->f);
	fprintf(o->f, rp_W(o, W_PEAK_RATE), rate);
	fputs("</p>", o->f);
	chart(o, r);
	fprintf(o->f, "<p class=\"note\">%s</p>", rp_W(o, W_ARRIVALS_NOTE));
	fprintf(o->f, "<table><thead><tr><th>%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th>"
		      "<th class=\"n\">%s</th><th class=\"n\">%s</th></tr></thead>",
		rp_W(o, W_DOOR), rp_W(o, W_ARRIVALS), rp_W(o, W_SCANS), rp_W(o, W_EXITS), rp_W(o, W_INSIDE));
	for (i = 0; i < r->ndoors; i++) {
		fputs("<tr><td>", o->f);
		rp_html_text(o, r->doors[i].name);
		fputs("</td><td class=\"n\">", o->f);
		rp_html_count(o, r->doors[i].arrivals);
		fputs("</td><td class=\"n\">", o->f);
		rp_html_count(o, r->doors[i].scans);
		fputs("</td><td class=\"n\">", o->f);
		rp_html_count(o, r->doors[i].exits);
		fputs("</td><td class=\"n\">", o->f);
		rp_html_count(o, r->doors[i].inside);
		fputs("</td></tr>", o->f);
	}
	fputs("</table>", o->f);

	fprintf(o->f, "<h2>%s</h2><p><b>%s: ", rp_W(o, W_INSIDE_H), rp_W(o, W_PEAK_INSIDE));
	rp_html_count(o, r->peak_inside);
	fprintf(o->f, "</b> · %s: ", rp_W(o, W_INSIDE_END));
	rp_html_count(o, r->inside_now);
	fputs("</p>", o->f);
	inside_chart(o, r);
	fprintf(o->f, "<p class=\"note\">%s</p>", rp_W(o, W_INSIDE_NOTE));
	if (r->n_stations > 0) {
		/* A guest served twice is counted once; the column and its note
		 * only when some were: most meetups have none. */
		fprintf(o->f, "<h2>%s</h2><table><thead><tr><th>%s</th><th class=\"n\">%s</th>",
			rp_W(o, W_STATIONS_H), rp_W(o, W_STATION), rp_W(o, W_SERVED));
		if (r->station_twice > 0)
			fprintf(o->f, "<th class=\"n\">%s</th>", rp_W(o, W_SERVED_TWICE));
		fputs("</tr></thead>", o->f);
		for (i = 0; i < r->n_stations; i++) {
			fputs("<tr><td>", o->f);
			rp_html_text(o, r->stations[i].name);
			fputs("</td><td class=\"n\">", o->f);
			rp_html_count(o, r->stations[i].served);
			if (r->station_twice > 0) {
				fputs("</td><td class=\"n\">", o->f);
				rp_html_count(o, r->stations[i].twice);
			}
			fputs("</td></tr>", o->f);
		}
		fputs("</table>", o->f);
		if (r->station_twice > 0)
			fprintf(o->f, "<p class=\"note\">%s</p>", rp_W(o, W_SERVED_TWICE_NOTE));
	}

	fprintf(o->f, "<h2>%s</h2><p class=\"note\">%s</p>", rp_W(o, W_DOUBLES), rp_W(o, W_DOUBLES_NOTE));
	if (r->n_doubles == 0) {
		fprintf(o->f, "<p>%s</p>", rp_W(o, W_NONE));
	} else {
		entry_head(o);
		n = r->n_doubles < REPORT_PAGE_ROWS ? r->n_doubles : REPORT_PAGE_ROWS;
		for (i = 0; i < n; i++) {
			const struct report_double *d = &r->doubles[i];

			entry_row(o, 0, d->name, d->phone, d->at_ms, d->door, d->device_id);
		}
		fputs("</table>", o->f);
		rp_more_rows(o, n, r->n_doubles, "double_entries.csv");
	}
	walkin_dups(o, r);

	fprintf(o->f, "<h2>%s</h2>", rp_W(o, W_NO_SHOWS));
	if (r->n_no_show == 0) {
		fprintf(o->f, "<p>%s</p>", rp_W(o, W_NONE));
	} else {
		fprintf(o->f, "<table><thead><tr><th class=\"n\">%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>",
			rp_W(o, W_SERIAL), rp_W(o, W_NAME), rp_W(o, W_PHONE), rp_W(o, W_TYPE));
		n = r->n_no_show < REPORT_PAGE_ROWS ? r->n_no_show : REPORT_PAGE_ROWS;
		for (i = 0; i < n; i++) {
			const struct report_person *p = &r->no_show_list[i];

			fputs("<tr><td class=\"n\">", o->f);
			if (p->serial)
				rp_html_count(o, p->serial);
			fputs("</td><td>", o->f);
			rp_html_text(o, p->name);
			fputs("</td><td>", o->f);
			rp_html_text(o, p->phone);
			fputs("</td><td>", o->f);
			rp_html_text(o, p->type);
			fputs("</td></tr>", o->f);
		}
		fputs("</table>", o->f);
		rp_more_rows(o, n, r->n_no_show, "no_shows.csv");
	}

	if (r->n_reasons > 0) {
		fprintf(o->f, "<h2>%s</h2><table><thead><tr><th>%s</th><th class=\"n\">%s</th></tr></thead>",
			rp_W(o, W_REJECTED), rp_W(o, W_REASON), rp_W(o, W_COUNT));
		for (i = 0; i < r->n_reasons; i++) {
			enum reason why = reason_parse(r->reasons[i].reason);

			fputs("<tr><td>", o->f);
			if (strcmp(r->reasons[i].reason, "already_in") == 0)
				fputs(rp_W(o, W_ALREADY_IN), o->f);
			else if (why != REASON_COUNT)
				rp_html_text(o, reason_text(why, o->lang));
			else
				rp_html_text(o, r->reasons[i].reason);
			fputs("</td><td class=\"n\">", o->f);
			rp_html_count(o, r->reasons[i].count);
			fputs("</td></tr>", o->f);
		}
		fputs("</table>", o->f);
	}
}

static void section_customers(struct out *o, const struct report *r)
{
	int i;

	fprintf(o->f, "<h2>%s</h2><p class=\"note\">%s</p><div class=\"cards\">",
		rp_W(o, W_CUSTOMERS_H), rp_W(o, W_CUSTOMERS_NOTE));
	rp_card(o, W_GUESTS, r->guests_with_phone, 0);
	rp_card(o, W_NEW, r->new_guests, 0);
	rp_card(o, W_RETURNING, r->returning_guests, 0);
	rp_card(o, W_ORDERED_BEFORE, r->ordered_before, 0);
	fputs("</div>", o->f);
	fprintf(o->f, "<table class=\"wide\"><thead><tr><th>%s</th><th>%s</th><th class=\"n\">%s</th>"
		      "<th class=\"n\">%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th>"
		      "<th class=\"n\">%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th></tr></thead>",
		rp_W(o, W_MEETUP), rp_W(o, W_DATE), rp_W(o, W_REGISTERED), rp_W(o, W_GUESTS), rp_W(o, W_NEW),
		rp_W(o, W_RETURNING), rp_W(o, W_CAME_BACK), rp_W(o, W_BUYERS), rp_W(o, W_BOUGHT_AGAIN));
	for (i = 0; i < r->n_events; i++) {
		const struct report_event *e = &r->events[i];

		fputs(e->is_current ? "<tr style=\"font-weight:700\"><td>" : "<tr><td>", o->f);
		rp_html_text(o, e->name);
		if (e->is_current)
			fprintf(o->f, " (%s)", rp_W(o, W_THIS_MEETUP));
		fputs("</td><td class=\"nw\">", o->f);
		if (e->starts_ms)
			html_datetime(o, e->starts_ms, 0);
		fputs("</td><td class=\"n\">", o->f);
		rp_html_count(o, e->registered);
		fputs("</td><td class=\"n\">", o->f);
		rp_html_count(o, e->guests);
		fputs("</td><td class=\"n\">", o->f);
		rp_html_count(o, e->guests - e->returning);
		fputs("</td><td class=\"n\">", o->f);
		rp_html_count(o, e->returning);
		fputs("</td><td class=\"n\">", o->f);
		rp_html_count(o, e->came_back);
		fputs("</td><td class=\"n\">", o->f);
		rp_html_count(o, e->buyers);
		fputs("</td><td class=\"n\">", o->f);
		rp_html_count(o, e->bought_again);
		fputs("</td></tr>", o->f);
	}
	fputs("</table>", o->f);
}

static void section_devices(struct out *o, const struct report *r)
{
	int i;

	fprintf(o->f, "<h2>%s</h2><p class=\"note\">%s</p>", rp_W(o, W_COMPLETE_H),
		rp_W(o, W_COMPLETE_NOTE));
	fprintf(o->f, "<table><thead><tr><th>%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th>"
		      "<th>%s</th><th>%s</th></tr></thead>",
		rp_W(o, W_DEVICE), rp_W(o, W_ENTRIES), rp_W(o, W_UP_TO), rp_W(o, W_LAST_AT), rp_W(o, W_MISSING));
	for (i = 0; i < r->n_devices; i++) {
		const struct report_device *d = &r->devices[i];

		fputs("<tr><td>", o->f);
		rp_html_text(o, d->name[0] ? d->name : d->device_id);
		if (d->name[0]) {
			fputs(" <small>", o->f);
			rp_html_text(o, d->device_id);
			fputs("</small>", o->f);
		}
		if (d->is_self)
			fprintf(o->f, " (%s)", rp_W(o, W_THIS_DEVICE));
		fputs("</td><td class=\"n\">", o->f);
		rp_html_count(o, d->entries);
		fputs("</td><td class=\"n\">", o->f);
		rp_html_count(o, d->last_seq);
		fputs("</td><td>", o->f);
		if (d->last_at)
			html_datetime(o, d->last_at, 1);
		fputs("</td><td>", o->f);
		if (d->entries == 0) {
			fprintf(o->f, "<span class=\"bad\">%s</span>", rp_W(o, W_NOT_YET));
		} else if (d->missing == 0) {
			fprintf(o->f, "<span class=\"ok\">%s</span>", rp_W(o, W_ALL_IN));
		} else {
			fputs("<span class=\"bad\">", o->f);
			rp_html_count(o, d->missing);
			fputs("</span>", o->f);
			if (d->gaps[0]) {
				fprintf(o->f, " (%s ", rp_W(o, W_GAPS));
				html_digits(o, d->gaps);
				fputs(")", o->f);
			}
			if (d->tip_seq > d->last_seq) {
				fprintf(o->f, " (%s ", rp_W(o, W_GAPS));
				rp_html_count(o, d->last_seq + 1);
				fputs("–", o->f);
				rp_html_count(o, d->tip_seq);
				fputs(")", o->f);
			}
		}
		fputs("</td></tr>", o->f);
	}
	fputs("</table>", o->f);
}

static int write_page(struct out *o, const struct report *r, const char *font_path,
		      char err[KERR_LEN])
{
	int i;

	fprintf(o->f, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
		      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>",
		o->lang);
	rp_html_text(o, r->event_name);
	fprintf(o->f, " — %s</title><style>", rp_W(o, W_TITLE));
	if (embed_font(o, font_path, err) != 0)
		return -1;
	fputs(css, o->f);
	fputs("</style></head><body><header><h1>", o->f);
	rp_html_text(o, r->event_name);
	fprintf(o->f, "</h1><p class=\"sub\">%s", rp_W(o, W_TITLE));
	if (r->starts_ms) {
		fputs(" · ", o->f);
		html_datetime(o, r->starts_ms, 1);
		fputs("–", o->f);
		html_clock(o, r->ends_ms);
	}
	fprintf(o->f, " · %s ", rp_W(o, W_GENERATED));
	html_datetime(o, r->generated_ms, 1);
	fputs("</p></header><section>", o->f);
	section_checkins(o, r);
	fputs("</section><section>", o->f);
	section_customers(o, r);
	fputs("</section><section>", o->f);
	rp_section_feedback(o, r);
	fputs("</section><section>", o->f);
	rp_section_orders(o, r);
	rp_section_wallet(o, r);
	rp_section_risky(o, r);
	fputs("</section><section>", o->f);
	section_devices(o, r);
	fprintf(o->f, "</section><footer>%s: ", rp_W(o, W_FILES));
	for (i = 0; report_csv_files[i]; i++)
		fprintf(o->f, "%s<a href=\"%s\">%s</a>", i ? " · " : "", report_csv_files[i],
			report_csv_files[i]);
	fputs("</footer></body></html>\n", o->f);
	return 0;
}

int report_page_write(FILE *f, const struct report *r, const char *lang, const char *font_path,
		      char err[KERR_LEN])
{
	struct out page;

	page.f = f;
	page.lang = lang && strcmp(lang, "en") == 0 ? "en" : "bn";
	page.bn = strcmp(page.lang, "bn") == 0;
	page.tz = r->tz_off_min;
	return write_page(&page, r, font_path, err);
}
