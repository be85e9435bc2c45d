/* report_page_shop.c - the report page's feedback and orders sections:
 * faces per product, tags, comments, orders per seller and payment method,
 * the wallet check and risky orders. Adapter: stdio only; must not query
 * the store (everything is in struct report). */
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

/* Face k+1's colour as "#RRGGBB": the screen's (feedback_face_rgb). */
static const char *face_colour(int k)
{
	static char buf[FEEDBACK_FACE_MAX][8];

	if (k < 0 || k >= FEEDBACK_FACE_MAX)
		k = 0;
	(void)snprintf(buf[k], sizeof buf[k], "#%06X", (unsigned)feedback_face_rgb(k + 1));
	return buf[k];
}

/* Face f as the feedback screen draws it, in SVG: a disc in its colour with
 * a dark rim, round eyes, a mouth curved by mood. */
static void svg_face(struct out *o, int f)
{
	static const int bend[FEEDBACK_FACE_MAX] = {-13, -6, 8, 18};
	int h = bend[f - 1] * 2 / 5, y0 = 60 + (h < 0 ? -h : 0) - 2;

	fprintf(o->f, "<svg class=\"face\" viewBox=\"0 0 100 100\" width=\"18\" height=\"18\""
		      " aria-hidden=\"true\"><circle cx=\"50\" cy=\"50\" r=\"46\" fill=\"%s\""
		      " stroke=\"#111\" stroke-width=\"5\"/><ellipse cx=\"30\" cy=\"37\" rx=\"6\""
		      " ry=\"8\" fill=\"#111\"/><ellipse cx=\"70\" cy=\"37\" rx=\"6\" ry=\"8\""
		      " fill=\"#111\"/><path d=\"M28 %d Q50 %d 72 %d\" fill=\"none\" stroke=\"#111\""
		      " stroke-width=\"7\" stroke-linecap=\"round\"/></svg>",
		face_colour(f - 1), y0, y0 + 2 * h, y0);
}

static const char *product_name(struct out *o, const char *product)
{
	return product[0] ? product : rp_W(o, W_WHOLE_MEETUP);
}

/* One product's faces as a 100%-wide stacked bar with the counts under it. */
static void faces_bar(struct out *o, const struct report_fb_product *p)
{
	double x = 0;
	int k;

	fputs("<svg viewBox=\"0 0 200 14\" width=\"200\" height=\"14\" "
	      "xmlns=\"http://www.w3.org/2000/svg\">", o->f);
	for (k = 0; k < FEEDBACK_FACE_MAX && p->count > 0; k++) {
		double w = 200.0 * (double)p->faces[k] / (double)p->count;

		if (w <= 0)
			continue;
		fprintf(o->f, "<rect x=\"%.2f\" y=\"0\" width=\"%.2f\" height=\"14\" fill=\"%s\"/>",
			x, w, face_colour(k));
		x += w;
	}
	fputs("</svg><br><small>", o->f);
	for (k = FEEDBACK_FACE_MAX - 1; k >= 0; k--) {
		fprintf(o->f, "%s<span style=\"color:%s\">■</span> ", k == FEEDBACK_FACE_MAX - 1 ? "" : " ",
			face_colour(k));
		rp_html_count(o, p->faces[k]);
	}
	fputs("</small>", o->f);
}

static void comment_rows(struct out *o, const struct report *r, int flagged, int *shown)
{
	for (int i = 0; i < r->n_comments && *shown < REPORT_PAGE_ROWS; i++) {
		const struct report_comment *c = &r->comments[i];

		if (c->flagged != flagged)
			continue;
		fputs("<tr><td>", o->f);
		rp_html_text(o, c->seller);
		fputs("</td><td>", o->f);
		rp_html_text(o, product_name(o, c->product));
		fprintf(o->f, "</td><td><span style=\"color:%s\">■</span> %s</td><td>",
			face_colour(c->face >= 1 && c->face <= FEEDBACK_FACE_MAX ? c->face - 1 : 0),
			rp_W(o, (enum word)(W_FACE1 + (c->face >= 1 && c->face <= 4 ? c->face - 1 : 0))));
		rp_html_text(o, c->comment);
		fputs("</td></tr>", o->f);
		(*shown)++;
	}
}

void rp_section_feedback(struct out *o, const struct report *r)
{
	int i, j, shown = 0, n_flagged_comments = 0;

	fprintf(o->f, "<h2>%s</h2>", rp_W(o, W_FEEDBACK_H));
	if (r->n_fb == 0) {
		fprintf(o->f, "<p>%s</p>", rp_W(o, W_NONE));
		return;
	}
	fprintf(o->f, "<p class=\"note\">%s</p><p class=\"note\">", rp_W(o, W_FEEDBACK_NOTE));
	for (i = FEEDBACK_FACE_MAX - 1; i >= 0; i--) {
		svg_face(o, i + 1);
		fprintf(o->f, " %s &nbsp; ", rp_W(o, (enum word)(W_FACE1 + i)));
	}
	fprintf(o->f, "</p><table><thead><tr><th>%s</th><th>%s</th><th>%s</th><th class=\"n\">%s</th>"
		      "<th>%s</th><th class=\"n\">%s</th></tr></thead>",
		rp_W(o, W_SELLER), rp_W(o, W_PRODUCT), rp_W(o, W_FACES), rp_W(o, W_FEEDBACKS), rp_W(o, W_TAGS),
		rp_W(o, W_BURSTS));
	for (i = 0; i < r->n_fb; i++) {
		const struct report_fb_product *p = &r->fb[i];
		int first = 1;

		fputs("<tr><td class=\"nw\">", o->f);
		rp_html_text(o, p->seller);
		fputs("</td><td>", o->f);
		rp_html_text(o, product_name(o, p->product));
		fputs("</td><td>", o->f);
		faces_bar(o, p);
		fputs("</td><td class=\"n\">", o->f);
		rp_html_count(o, p->count);
		fputs("</td><td>", o->f);
		for (j = 0; j < r->n_tags; j++) {
			const struct report_tag *t = &r->tags[j];

			if (strcmp(t->seller, p->seller) != 0 || strcmp(t->product, p->product) != 0)
				continue;
			if (!first)
				fputs(", ", o->f);
			first = 0;
			rp_html_text(o, t->tag);
			fputs("&nbsp;", o->f);
			rp_html_count(o, t->count);
		}
		fputs("</td><td class=\"n\">", o->f);
		rp_html_count(o, p->flagged);
		fputs("</td></tr>", o->f);
	}
	fputs("</table>", o->f);

	for (i = 0; i < r->n_comments; i++)
		n_flagged_comments += r->comments[i].flagged;
	if (r->n_comments - n_flagged_comments > 0) {
		fprintf(o->f, "<h2>%s</h2><table><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>",
			rp_W(o, W_COMMENTS_H), rp_W(o, W_SELLER), rp_W(o, W_PRODUCT), rp_W(o, W_FACES),
			rp_W(o, W_COMMENT));
		comment_rows(o, r, 0, &shown);
		fputs("</table>", o->f);
		rp_more_rows(o, shown, r->n_comments - n_flagged_comments, "feedback_comments.csv");
	}
	if (r->feedback_flagged > 0) {
		fprintf(o->f, "<h2>%s</h2><p class=\"note\">%s</p><p><b>", rp_W(o, W_BURSTS_H),
			rp_W(o, W_BURSTS_NOTE));
		rp_html_count(o, r->feedback_flagged);
		fprintf(o->f, "</b> %s</p>", rp_W(o, W_FEEDBACKS));
		if (n_flagged_comments > 0) {
			shown = 0;
			fprintf(o->f, "<table><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>",
				rp_W(o, W_SELLER), rp_W(o, W_PRODUCT), rp_W(o, W_FACES), rp_W(o, W_COMMENT));
			comment_rows(o, r, 1, &shown);
			fputs("</table>", o->f);
			rp_more_rows(o, shown, n_flagged_comments, "feedback_comments.csv");
		}
	}
}

static void seller_cells(struct out *o, const struct report_seller *x, const int *used)
{
	fputs("</td><td class=\"n\">", o->f);
	rp_html_count(o, x->orders);
	fputs("</td><td class=\"n\">", o->f);
	rp_html_count(o, x->items);
	fputs("</td><td class=\"n\">", o->f);
	rp_html_money(o, x->total);
	for (int m = 0; m < PAY_COUNT; m++) {
		if (!used[m])
			continue;
		fputs("</td><td class=\"n\">", o->f);
		if (x->method_orders[m]) {
			rp_html_money(o, x->method_total[m]);
			fputs("<br><small>", o->f);
			rp_html_count(o, x->method_orders[m]);
			fputs("</small>", o->f);
		}
	}
	fputs("</td><td class=\"n\">", o->f);
	rp_html_money(o, x->collect);
	fputs("</td><td class=\"n\">", o->f);
	rp_html_count(o, x->cancelled);
	fputs("</td></tr>", o->f);
}

void rp_section_orders(struct out *o, const struct report *r)
{
	int used[PAY_COUNT] = {0}, i, n;

	fprintf(o->f, "<h2>%s</h2>", rp_W(o, W_ORDERS_H));
	if (r->n_sellers == 0) {
		fprintf(o->f, "<p>%s</p>", rp_W(o, W_NONE));
		return;
	}
	fputs("<div class=\"cards\">", o->f);
	rp_card(o, W_ORDERS, r->all_sellers.orders, 0);
	fprintf(o->f, "<div class=\"card\"><b>");
	rp_html_money(o, r->all_sellers.total);
	fprintf(o->f, "</b><span>%s</span></div><div class=\"card\"><b>", rp_W(o, W_MONEY));
	rp_html_money(o, r->all_sellers.collect);
	fprintf(o->f, "</b><span>%s</span></div>", rp_W(o, W_TO_COLLECT));
	rp_card(o, W_CANCELLED_ORDERS, r->all_sellers.cancelled, 0);
	fputs("</div>", o->f);
	for (int m = 0; m < PAY_COUNT; m++)
		used[m] = r->all_sellers.method_orders[m] > 0;
	fprintf(o->f, "<table class=\"wide\"><thead><tr><th>%s</th><th class=\"n\">%s</th>"
		      "<th class=\"n\">%s</th><th class=\"n\">%s</th>",
		rp_W(o, W_SELLER), rp_W(o, W_ORDERS), rp_W(o, W_ITEMS), rp_W(o, W_MONEY));
	for (int m = 0; m < PAY_COUNT; m++)
		if (used[m])
			fprintf(o->f, "<th class=\"n\">%s</th>",
				i18n_text(NULL, pay_rule((enum pay_method)m)->en, o->bn));
	fprintf(o->f, "<th class=\"n\">%s</th><th class=\"n\">%s</th></tr></thead>", rp_W(o, W_TO_COLLECT),
		rp_W(o, W_CANCELLED_ORDERS));
	for (i = 0; i < r->n_sellers; i++) {
		fputs("<tr><td class=\"nw\">", o->f);
		rp_html_text(o, r->sellers[i].seller);
		seller_cells(o, &r->sellers[i], used);
	}
	fprintf(o->f, "<tr style=\"font-weight:700\"><td>%s", rp_W(o, W_TOTAL));
	seller_cells(o, &r->all_sellers, used);
	fputs("</table>", o->f);

	if (r->n_deliveries == 0)
		return;
	fprintf(o->f, "<h2>%s</h2><p class=\"note\">%s</p>", rp_W(o, W_DELIVERIES_H),
		rp_W(o, W_DELIVERIES_NOTE));
	fprintf(o->f, "<table><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
		      "<th class=\"n\">%s</th></tr></thead>",
		rp_W(o, W_ORDER_NO), rp_W(o, W_NAME), rp_W(o, W_PHONE), rp_W(o, W_DISTRICT), rp_W(o, W_PAYMENT),
		rp_W(o, W_TO_COLLECT));
	n = r->n_deliveries < REPORT_PAGE_ROWS ? r->n_deliveries : REPORT_PAGE_ROWS;
	for (i = 0; i < n; i++) {
		const struct report_delivery *d = &r->deliveries[i];
		enum pay_method m;

		fputs("<tr><td>", o->f);
		rp_html_text(o, d->order_no);
		fputs("</td><td>", o->f);
		rp_html_text(o, d->name);
		fputs("</td><td>", o->f);
		rp_html_text(o, d->phone);
		fputs("</td><td>", o->f);
		rp_html_text(o, d->district);
		fputs("</td><td>", o->f);
		if (pay_parse(d->method, &m) == 0)
			fputs(i18n_text(NULL, pay_rule(m)->en, o->bn), o->f);
		else
			rp_html_text(o, d->method);
		fputs("</td><td class=\"n\">", o->f);
		if (d->collect)
			rp_html_money(o, d->collect);
		fputs("</td></tr>", o->f);
	}
	fputs("</table>", o->f);
	rp_more_rows(o, n, r->n_deliveries, "courier.csv");
}

void rp_section_wallet(struct out *o, const struct report *r)
{
	int n;

	if (r->wallet_orders == 0 && r->payments_held == 0)
		return;
	fprintf(o->f, "<h2>%s</h2><p class=\"note\">%s</p><div class=\"cards\">",
		rp_W(o, W_WALLET_H), rp_W(o, W_WALLET_NOTE));
	rp_card(o, W_WALLET_ORDERS, r->wallet_orders, 0);
	rp_card(o, W_WALLET_MATCHED, r->wallet_matched, 0);
	rp_card(o, W_WALLET_UNMATCHED, r->n_unpaid, r->n_unpaid > 0);
	fputs("</div>", o->f);
	if (r->n_unpaid == 0) {
		fprintf(o->f, "<p class=\"ok\">%s</p>", rp_W(o, W_ALL_MATCHED));
		return;
	}
	fprintf(o->f, "<table><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
		      "<th class=\"n\">%s</th><th class=\"n\">%s</th><th>%s</th></tr></thead>",
		rp_W(o, W_ORDER_NO), rp_W(o, W_STATUS), rp_W(o, W_PAYMENT), rp_W(o, W_TRX), rp_W(o, W_AMOUNT),
		rp_W(o, W_RECEIVED), rp_W(o, W_PHONE));
	n = r->n_unpaid < REPORT_PAGE_ROWS ? r->n_unpaid : REPORT_PAGE_ROWS;
	for (int i = 0; i < n; i++) {
		const struct report_unpaid *u = &r->unpaid[i];
		const struct pay_rule *pr = pay_rule(u->wallet);

		fputs("<tr><td>", o->f);
		rp_html_text(o, u->order_no);
		fprintf(o->f, "</td><td class=\"bad\">%s</td><td>%s</td><td>",
			paymatch_status_text(u->status, o->bn), pr ? i18n_text(NULL, pr->en, o->bn) : "");
		rp_html_text(o, u->trx);
		fputs("</td><td class=\"n\">", o->f);
		rp_html_money(o, u->amount);
		fputs("</td><td class=\"n\">", o->f);
		if (u->received >= 0)
			rp_html_money(o, u->received);
		fputs("</td><td>", o->f);
		rp_html_text(o, u->phone);
		fputs("</td></tr>", o->f);
	}
	fputs("</table>", o->f);
	rp_more_rows(o, n, r->n_unpaid, "payments_unmatched.csv");
}

void rp_section_risky(struct out *o, const struct report *r)
{
	int n;

	if (r->n_risky == 0)
		return;
	fprintf(o->f, "<h2>%s</h2><p class=\"note\">%s</p>", rp_W(o, W_RISKY_H), rp_W(o, W_RISKY_NOTE));
	fprintf(o->f, "<table><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
		      "<th class=\"n\">%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th>"
		      "<th class=\"n\">%s</th></tr></thead>",
		rp_W(o, W_ORDER_NO), rp_W(o, W_NAME), rp_W(o, W_PHONE), rp_W(o, W_DISTRICT), rp_W(o, W_TO_COLLECT),
		rp_W(o, W_DELIVERED), rp_W(o, W_RETURNED), rp_W(o, W_CANCELLED_PARCELS));
	n = r->n_risky < REPORT_PAGE_ROWS ? r->n_risky : REPORT_PAGE_ROWS;
	for (int i = 0; i < n; i++) {
		const struct report_risky *x = &r->risky[i];

		fputs("<tr><td>", o->f);
		rp_html_text(o, x->order_no);
		fputs("</td><td>", o->f);
		rp_html_text(o, x->name);
		fputs("</td><td>", o->f);
		rp_html_text(o, x->phone);
		fputs("</td><td>", o->f);
		rp_html_text(o, x->district);
		fputs("</td><td class=\"n\">", o->f);
		rp_html_money(o, x->collect);
		fputs("</td><td class=\"n\">", o->f);
		rp_html_count(o, x->delivered);
		fputs("</td><td class=\"n bad\">", o->f);
		rp_html_count(o, x->returned);
		fputs("</td><td class=\"n bad\">", o->f);
		rp_html_count(o, x->cancelled);
		fputs("</td></tr>", o->f);
	}
	fputs("</table>", o->f);
	rp_more_rows(o, n, r->n_risky, "cod_risky.csv");
}
