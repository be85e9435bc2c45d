/* report_write.c - the report's page and CSVs from a collected struct report.
 * Adapter: files only; must not query the store (everything is in the struct).
 * Stream errors are sticky in stdio, so each file's writes are checked once,
 * by atomicfile_commit's fflush + ferror, before the file is renamed in. */
#include "report_write.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomicfile.h"
#include "fsutil.h"
#include "html.h"
#include "core/csvw.h"
#include "core/money.h"
#include "core/timefmt.h"
#include "core/verdict.h"

const char *const report_csv_files[] = {
	"summary.csv", "arrivals.csv", "doors.csv", "double_entries.csv", "no_shows.csv",
	"rejections.csv", "returning.csv", "feedback_products.csv", "feedback_tags.csv",
	"feedback_comments.csv", "orders_sellers.csv", "orders_payments.csv", "courier.csv",
	"devices.csv", NULL,
};

/* ============================================================ words */

enum word {
	W_TITLE, W_GENERATED, W_REGISTERED, W_CAME, W_NO_SHOWS, W_WALKINS, W_DOUBLES,
	W_CANCELLED, W_PEAK, W_PER_HOUR, W_ARRIVALS_H, W_ARRIVALS_NOTE, W_DOOR, W_ARRIVALS,
	W_SCANS, W_NAME, W_PHONE, W_TYPE, W_SERIAL, W_TIME, W_DEVICE, W_TIMES, W_REJECTED,
	W_REASON, W_COUNT, W_UNDONE, W_CUSTOMERS_H, W_CUSTOMERS_NOTE, W_GUESTS, W_RETURNING,
	W_NEW, W_CAME_BACK, W_MEETUP, W_DATE, W_COMPLETE_H, W_COMPLETE_NOTE, W_ENTRIES,
	W_UP_TO, W_LAST_AT, W_MISSING, W_THIS_DEVICE, W_ALL_IN, W_FILES, W_MORE, W_NONE,
	W_NO_CHECKINS, W_THIS_MEETUP, W_ALREADY_IN, W_DOUBLES_NOTE, W_GAPS, W_MINUTES,
	W_SEQ, W_CHECKED_IN, W_NOT_YET, W_ORDERED_BEFORE, W_BUYERS, W_BOUGHT_AGAIN,
	W_FEEDBACK_H, W_FEEDBACK_NOTE, W_SELLER, W_PRODUCT, W_FACES, W_FEEDBACKS, W_TAGS,
	W_COMMENTS_H, W_COMMENT, W_BURSTS_H, W_BURSTS_NOTE, W_WHOLE_MEETUP, W_FACE1, W_FACE2,
	W_FACE3, W_FACE4, W_ORDERS_H, W_ORDERS, W_ITEMS, W_MONEY, W_TO_COLLECT, W_CANCELLED_ORDERS,
	W_TOTAL, W_DELIVERIES_H, W_DELIVERIES_NOTE, W_ORDER_NO, W_DISTRICT, W_BURSTS, W_PAYMENT,
	W_INSIDE_H, W_INSIDE_NOTE, W_EXITS, W_INSIDE_END, W_REENTRIES, W_STATIONS_H, W_STATION,
	W_SERVED, W_PEAK_INSIDE, W_INSIDE,
	W_COUNT_OF_WORDS
};

static const char *const words[W_COUNT_OF_WORDS][2] = {
	[W_TITLE] = {"Meetup report", "মিটআপ রিপোর্ট"},
	[W_GENERATED] = {"Generated", "তৈরি"},
	[W_REGISTERED] = {"Registered", "নিবন্ধিত"},
	[W_CAME] = {"Came", "এসেছেন"},
	[W_NO_SHOWS] = {"No-shows", "আসেননি"},
	[W_WALKINS] = {"Walk-ins", "ওয়াক-ইন"},
	[W_DOUBLES] = {"Double entries", "দুইবার প্রবেশ"},
	[W_CANCELLED] = {"Cancelled tickets", "বাতিল টিকিট"},
	[W_PEAK] = {"Busiest", "সবচেয়ে ব্যস্ত"},
	[W_PER_HOUR] = {"per hour", "প্রতি ঘণ্টায়"},
	[W_ARRIVALS_H] = {"Arrivals over time, per door", "সময় অনুযায়ী আগমন, দরজা অনুযায়ী"},
	[W_ARRIVALS_NOTE] = {"Each guest counts once, at the time and door of their first check-in.",
			     "প্রত্যেক অতিথি একবার গোনা হয়েছে — প্রথম চেক-ইনের সময় ও দরজায়।"},
	[W_DOOR] = {"Door", "দরজা"},
	[W_ARRIVALS] = {"Arrivals", "আগমন"},
	[W_SCANS] = {"Check-ins", "চেক-ইন"},
	[W_NAME] = {"Name", "নাম"},
	[W_PHONE] = {"Phone", "ফোন"},
	[W_TYPE] = {"Ticket type", "টিকিটের ধরন"},
	[W_SERIAL] = {"No.", "নং"},
	[W_TIME] = {"Time", "সময়"},
	[W_DEVICE] = {"Device", "ডিভাইস"},
	[W_TIMES] = {"Times", "কতবার"},
	[W_REJECTED] = {"Rejected scans", "ফেরত দেওয়া স্ক্যান"},
	[W_REASON] = {"Reason", "কারণ"},
	[W_COUNT] = {"Count", "সংখ্যা"},
	[W_UNDONE] = {"Check-ins undone", "ফিরিয়ে নেওয়া চেক-ইন"},
	[W_CUSTOMERS_H] = {"New and returning customers", "নতুন ও পুরনো ক্রেতা"},
	[W_CUSTOMERS_NOTE] = {"Matched by phone number across every meetup held in this store.",
			      "এই স্টোরের সব মিটআপ জুড়ে ফোন নম্বর মিলিয়ে।"},
	[W_GUESTS] = {"Guests with a phone", "ফোন নম্বরসহ অতিথি"},
	[W_RETURNING] = {"Came before", "আগেও এসেছেন"},
	[W_NEW] = {"New", "নতুন"},
	[W_CAME_BACK] = {"Came again later", "পরে আবার এসেছেন"},
	[W_MEETUP] = {"Meetup", "মিটআপ"},
	[W_DATE] = {"Date", "তারিখ"},
	[W_COMPLETE_H] = {"Completeness: which devices' journals are in",
			  "সম্পূর্ণতা: কোন ডিভাইসের তথ্য এসেছে"},
	[W_COMPLETE_NOTE] = {"Figures above count only the entries held here.",
			     "উপরের হিসাব শুধু এখানে আসা এন্ট্রি থেকে।"},
	[W_ENTRIES] = {"Entries", "এন্ট্রি"},
	[W_UP_TO] = {"Up to entry", "শেষ এন্ট্রি নং"},
	[W_LAST_AT] = {"Last entry at", "শেষ এন্ট্রির সময়"},
	[W_MISSING] = {"Missing", "অনুপস্থিত"},
	[W_THIS_DEVICE] = {"this device", "এই ডিভাইস"},
	[W_ALL_IN] = {"all in", "সব এসেছে"},
	[W_FILES] = {"Every table as CSV", "প্রতিটি টেবিল CSV ফাইলে"},
	[W_MORE] = {"more in", "আরও আছে"},
	[W_NONE] = {"None.", "নেই।"},
	[W_NO_CHECKINS] = {"No check-ins yet.", "এখনো কোনো চেক-ইন নেই।"},
	[W_THIS_MEETUP] = {"this meetup", "এই মিটআপ"},
	[W_ALREADY_IN] = {"Already checked in", "আগেই প্রবেশ করেছেন"},
	[W_DOUBLES_NOTE] = {"One ticket checked in at two doors or devices that could not see each other.",
			    "একই টিকিট দুই দরজা বা ডিভাইসে চেক-ইন হয়েছে, যারা একে অপরকে দেখতে পায়নি।"},
	[W_GAPS] = {"entries", "এন্ট্রি নং"},
	[W_MINUTES] = {"min", "মিনিট"},
	[W_SEQ] = {"Entry", "এন্ট্রি"},
	[W_CHECKED_IN] = {"Came", "এসেছেন"},
	[W_NOT_YET] = {"nothing yet", "এখনো কিছু আসেনি"},
	[W_ORDERED_BEFORE] = {"Ordered before", "আগেও কিনেছেন"},
	[W_BUYERS] = {"Buyers", "ক্রেতা"},
	[W_BOUGHT_AGAIN] = {"Bought again later", "পরে আবার কিনেছেন"},
	[W_FEEDBACK_H] = {"Feedback per seller and product", "বিক্রেতা ও পণ্য অনুযায়ী মতামত"},
	[W_FEEDBACK_NOTE] = {"Feedback flagged as a burst (many taps within seconds) is left out "
			     "of these counts and shown apart below.",
			     "কয়েক সেকেন্ডে অনেকবার চাপা (বার্স্ট) মতামত এই হিসাবের বাইরে, "
			     "নিচে আলাদা দেখানো হয়েছে।"},
	[W_SELLER] = {"Seller", "বিক্রেতা"},
	[W_PRODUCT] = {"Product", "পণ্য"},
	[W_FACES] = {"Faces", "মুখ"},
	[W_FEEDBACKS] = {"Feedback", "মতামত"},
	[W_TAGS] = {"Tags", "ট্যাগ"},
	[W_COMMENTS_H] = {"Comments", "মন্তব্য"},
	[W_COMMENT] = {"Comment", "মন্তব্য"},
	[W_BURSTS_H] = {"Feedback flagged as bursts", "বার্স্ট হিসেবে চিহ্নিত মতামত"},
	[W_BURSTS_NOTE] = {"Saved three or more times within ten seconds on one kiosk: kept, "
			   "but not counted above.",
			   "একই কিয়স্কে দশ সেকেন্ডে তিন বা বেশি বার জমা: রাখা হয়েছে, "
			   "কিন্তু উপরের হিসাবে ধরা হয়নি।"},
	[W_WHOLE_MEETUP] = {"The meetup as a whole", "পুরো মিটআপ"},
	[W_FACE1] = {"Very unhappy", "খুব অখুশি"},
	[W_FACE2] = {"Unhappy", "অখুশি"},
	[W_FACE3] = {"Happy", "খুশি"},
	[W_FACE4] = {"Very happy", "খুব খুশি"},
	[W_ORDERS_H] = {"Orders per seller", "বিক্রেতা অনুযায়ী অর্ডার"},
	[W_ORDERS] = {"Orders", "অর্ডার"},
	[W_ITEMS] = {"Items", "পণ্য সংখ্যা"},
	[W_MONEY] = {"Money", "টাকা"},
	[W_TO_COLLECT] = {"Cash on delivery to collect", "ডেলিভারিতে আদায় করতে হবে"},
	[W_CANCELLED_ORDERS] = {"Cancelled", "বাতিল"},
	[W_TOTAL] = {"Total", "মোট"},
	[W_DELIVERIES_H] = {"Orders to deliver", "ডেলিভারির অর্ডার"},
	[W_DELIVERIES_NOTE] = {"courier.csv holds them all, ready for the courier's bulk upload.",
			       "courier.csv ফাইলে সবগুলো আছে, কুরিয়ারে একসাথে আপলোডের জন্য।"},
	[W_ORDER_NO] = {"Order", "অর্ডার নং"},
	[W_DISTRICT] = {"District", "জেলা"},
	[W_BURSTS] = {"Bursts", "বার্স্ট"},
	[W_PAYMENT] = {"Payment", "পেমেন্ট"},
	[W_INSIDE_H] = {"Inside over time", "সময় অনুযায়ী ভেতরে কতজন"},
	[W_INSIDE_NOTE] = {"Guests inside at the end of each bar: check-ins minus exit scans; a guest who went out and came back counts once.",
			   "প্রতিটি দাগের শেষে ভেতরে কতজন: প্রবেশ বাদ বের হওয়া; বের হয়ে ফিরে আসা অতিথি একবারই গোনা হয়েছে।"},
	[W_EXITS] = {"Exits", "বের হওয়া"},
	[W_INSIDE_END] = {"Inside at the end", "শেষে ভেতরে"},
	[W_REENTRIES] = {"Came back in", "ফিরে এসেছেন"},
	[W_STATIONS_H] = {"Stations", "স্টেশন"},
	[W_STATION] = {"Station", "স্টেশন"},
	[W_SERVED] = {"Guests served", "অতিথি পেয়েছেন"},
	[W_PEAK_INSIDE] = {"Most inside at once", "একসাথে সবচেয়ে বেশি ভেতরে"},
	[W_INSIDE] = {"Inside", "ভেতরে"},
};

/* ============================================================ output */

struct out {
	FILE *f;
	int bn;               /* page language is Bengali */
	const char *lang;     /* "bn" or "en" */
	int tz;               /* event's offset, minutes */
};

static const char *W(const struct out *o, enum word w)
{
	return words[w][o->bn];
}

/* Stream errors are sticky: atomicfile_commit reports them. */
static void html_text(struct out *o, const char *s)
{
	(void)html_put(o->f, s);
}

/* A count in the page's digits with lakh grouping. */
static void html_count(struct out *o, int64_t n)
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
		html_text(o, ascii);
}

static void html_money(struct out *o, int64_t poisha)
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

/* ============================================================ CSV */

/* The CSVs are written with csvw (core/csvw.h), streamed to the file; `last`
 * ends the row. */

static void csv_next(struct csvw *f, int last)
{
	if (last)
		csvw_end_row(f);
}

/* Machine values (ids, codes, phones, methods, ISO times): as they are. */
static void csv_field(struct csvw *f, const char *s, int last)
{
	csvw_field(f, s);
	csv_next(f, last);
}

/* Names, comments, addresses, products, tags: formula-guarded (csvw_text). */
static void csv_text(struct csvw *f, const char *s, int last)
{
	csvw_text(f, s);
	csv_next(f, last);
}

static void csv_int(struct csvw *f, int64_t v, int last)
{
	csvw_int(f, (long long)v);
	csv_next(f, last);
}

/* Plain taka for spreadsheets and couriers: "1250" or "1250.50". */
static void csv_taka(struct csvw *f, int64_t poisha, int last)
{
	char buf[MONEY_PLAIN_MAX];

	(void)money_format_plain(poisha, buf);
	csv_field(f, buf, last);
}

static void csv_time(struct csvw *f, int64_t ms, int tz, int last)
{
	char iso[TIME_TEXT_MAX];

	if (ms == 0 || time_format_iso(ms, tz, iso, sizeof iso) < 0)
		iso[0] = '\0';
	csv_field(f, iso, last);
}

/* The header row: names separated by commas in one string (plain words). */
static void csv_header(struct csvw *f, const char *names)
{
	char name[64];

	while (*names) {
		size_t n = strcspn(names, ",");

		(void)snprintf(name, sizeof name, "%.*s", (int)n, names);
		csvw_field(f, name);
		names += n;
		if (*names == ',')
			names++;
	}
	csvw_end_row(f);
}

static void csv_metric(struct csvw *f, const char *name, int64_t v)
{
	csv_field(f, name, 0);
	csv_int(f, v, 1);
}

static void write_summary(struct csvw *f, const struct report *r)
{
	char iso[TIME_TEXT_MAX];

	csv_header(f, "metric,value");
	csv_field(f, "event_id", 0);
	csv_field(f, r->event_id, 1);
	csv_field(f, "event_name", 0);
	csv_text(f, r->event_name, 1);
	csv_metric(f, "registered", r->registered);
	csv_metric(f, "cancelled", r->cancelled);
	csv_metric(f, "checked_in", r->checked_in);
	csv_metric(f, "walk_ins", r->walkins);
	csv_metric(f, "no_shows", r->no_shows);
	csv_metric(f, "double_entries", r->double_entries);
	csv_metric(f, "rejected_scans", r->rejections);
	csv_metric(f, "undone_checkins", r->undone);
	csv_metric(f, "exits", r->exits);
	csv_metric(f, "reentries", r->reentries);
	csv_metric(f, "inside_at_end", r->inside_now);
	csv_metric(f, "peak_inside", r->peak_inside);
	csv_metric(f, "bar_minutes", r->bin_min);
	csv_metric(f, "peak_arrivals", r->peak_count);
	csv_metric(f, "peak_per_hour", r->bin_min ? r->peak_count * 60 / r->bin_min : 0);
	csv_field(f, "peak_start", 0);
	csv_time(f, r->peak_count ? r->peak_start_ms : 0, r->tz_off_min, 1);
	csv_metric(f, "guests_with_phone", r->guests_with_phone);
	csv_metric(f, "returning_guests", r->returning_guests);
	csv_metric(f, "new_guests", r->new_guests);
	csv_metric(f, "ordered_before", r->ordered_before);
	csv_metric(f, "buyers", r->buyers);
	csv_metric(f, "feedback", r->feedback_count);
	csv_metric(f, "feedback_flagged", r->feedback_flagged);
	csv_metric(f, "orders", r->all_sellers.orders);
	csv_metric(f, "order_items", r->all_sellers.items);
	csv_field(f, "orders_taka", 0);
	csv_taka(f, r->all_sellers.total, 1);
	csv_field(f, "cod_to_collect_taka", 0);
	csv_taka(f, r->all_sellers.collect, 1);
	csv_metric(f, "cancelled_orders", r->all_sellers.cancelled);
	if (time_format_iso(r->generated_ms, r->tz_off_min, iso, sizeof iso) < 0)
		iso[0] = '\0';
	csv_field(f, "generated_at", 0);
	csv_field(f, iso, 1);
}

static void write_arrivals(struct csvw *f, const struct report *r)
{
	int64_t bin_ms = (int64_t)r->bin_min * 60000;

	csv_header(f, "bin_start,bin_end,door,arrivals");
	for (int b = 0; b < r->nbins; b++)
		for (int d = 0; d < r->ndoors; d++) {
			csv_time(f, r->bin0_ms + b * bin_ms, r->tz_off_min, 0);
			csv_time(f, r->bin0_ms + (b + 1) * bin_ms, r->tz_off_min, 0);
			csv_text(f, r->doors[d].name, 0);
			csv_int(f, r->arrivals[b * r->ndoors + d], 1);
		}
}

static void write_doors(struct csvw *f, const struct report *r)
{
	csv_header(f, "door,arrivals,checkins");
	for (int d = 0; d < r->ndoors; d++) {
		csv_text(f, r->doors[d].name, 0);
		csv_int(f, r->doors[d].arrivals, 0);
		csv_int(f, r->doors[d].scans, 1);
	}
}

static void write_doubles(struct csvw *f, const struct report *r)
{
	csv_header(f, "attendee_id,name,phone,times,at,door,device_id,seq");
	for (int i = 0; i < r->n_doubles; i++) {
		const struct report_double *d = &r->doubles[i];

		csv_field(f, d->attendee_id, 0);
		csv_text(f, d->name, 0);
		csv_field(f, d->phone, 0);
		csv_int(f, d->times, 0);
		csv_time(f, d->at_ms, r->tz_off_min, 0);
		csv_text(f, d->door, 0);
		csv_field(f, d->device_id, 0);
		csv_int(f, d->seq, 1);
	}
}

static void write_no_shows(struct csvw *f, const struct report *r)
{
	csv_header(f, "serial,name,phone,type");
	for (int i = 0; i < r->n_no_show; i++) {
		const struct report_person *p = &r->no_show_list[i];

		if (p->serial)
			csv_int(f, p->serial, 0);
		else
			csv_field(f, "", 0);
		csv_text(f, p->name, 0);
		csv_field(f, p->phone, 0);
		csv_text(f, p->type, 1);
	}
}

static void write_rejections(struct csvw *f, const struct report *r)
{
	csv_header(f, "reason,count");
	for (int i = 0; i < r->n_reasons; i++) {
		csv_field(f, r->reasons[i].reason, 0);
		csv_int(f, r->reasons[i].count, 1);
	}
}

static void write_returning(struct csvw *f, const struct report *r)
{
	csv_header(f, "event_id,event,starts,this_event,registered,checked_in,guests_with_phone,"
		      "new,returning,ordered_before,came_back_later,buyers,bought_again_later");
	for (int i = 0; i < r->n_events; i++) {
		const struct report_event *e = &r->events[i];

		csv_field(f, e->id, 0);
		csv_text(f, e->name, 0);
		csv_time(f, e->starts_ms, r->tz_off_min, 0);
		csv_int(f, e->is_current, 0);
		csv_int(f, e->registered, 0);
		csv_int(f, e->checked_in, 0);
		csv_int(f, e->guests, 0);
		csv_int(f, e->guests - e->returning, 0);
		csv_int(f, e->returning, 0);
		csv_int(f, e->ordered_before, 0);
		csv_int(f, e->came_back, 0);
		csv_int(f, e->buyers, 0);
		csv_int(f, e->bought_again, 1);
	}
}

static void write_fb_products(struct csvw *f, const struct report *r)
{
	csv_header(f, "seller,product,face_1,face_2,face_3,face_4,feedback,flagged_bursts");
	for (int i = 0; i < r->n_fb; i++) {
		const struct report_fb_product *p = &r->fb[i];

		csv_text(f, p->seller, 0);
		csv_text(f, p->product, 0);
		for (int k = 0; k < FEEDBACK_FACE_MAX; k++)
			csv_int(f, p->faces[k], 0);
		csv_int(f, p->count, 0);
		csv_int(f, p->flagged, 1);
	}
}

static void write_fb_tags(struct csvw *f, const struct report *r)
{
	csv_header(f, "seller,product,tag,count");
	for (int i = 0; i < r->n_tags; i++) {
		csv_text(f, r->tags[i].seller, 0);
		csv_text(f, r->tags[i].product, 0);
		csv_text(f, r->tags[i].tag, 0);
		csv_int(f, r->tags[i].count, 1);
	}
}

static void write_fb_comments(struct csvw *f, const struct report *r)
{
	csv_header(f, "at,seller,product,face,tags,comment,flagged_burst");
	for (int i = 0; i < r->n_comments; i++) {
		const struct report_comment *c = &r->comments[i];

		csv_time(f, c->at_ms, r->tz_off_min, 0);
		csv_text(f, c->seller, 0);
		csv_text(f, c->product, 0);
		csv_int(f, c->face, 0);
		csv_text(f, c->tags, 0);
		csv_text(f, c->comment, 0);
		csv_int(f, c->flagged, 1);
	}
}

static void write_seller_row(struct csvw *f, const char *name, const struct report_seller *x)
{
	csv_text(f, name, 0);
	csv_int(f, x->orders, 0);
	csv_int(f, x->items, 0);
	csv_taka(f, x->total, 0);
	csv_taka(f, x->collect, 0);
	csv_int(f, x->cancelled, 1);
}

static void write_sellers(struct csvw *f, const struct report *r)
{
	csv_header(f, "seller,orders,items,total_taka,cod_to_collect_taka,cancelled");
	for (int i = 0; i < r->n_sellers; i++)
		write_seller_row(f, r->sellers[i].seller, &r->sellers[i]);
}

static void write_payments(struct csvw *f, const struct report *r)
{
	csv_header(f, "seller,method,orders,total_taka");
	for (int i = 0; i < r->n_sellers; i++)
		for (int m = 0; m < PAY_COUNT; m++) {
			if (!r->sellers[i].method_orders[m])
				continue;
			csv_text(f, r->sellers[i].seller, 0);
			csv_field(f, pay_rule((enum pay_method)m)->code, 0);
			csv_int(f, r->sellers[i].method_orders[m], 0);
			csv_taka(f, r->sellers[i].method_total[m], 1);
		}
}

/* The columns of `kiosk orders export` without --map, so the same courier
 * upload template takes either file; Phone in the local 01... form. */
static void write_courier(struct csvw *f, const struct report *r)
{
	csv_header(f, "Invoice,Recipient name,Phone,Address,District,Amount to collect,Note");
	for (int i = 0; i < r->n_deliveries; i++) {
		const struct report_delivery *d = &r->deliveries[i];

		csv_field(f, d->order_no, 0);
		csv_text(f, d->name, 0);
		csv_field(f, strncmp(d->phone, "+88", 3) == 0 ? d->phone + 3 : d->phone, 0);
		csv_text(f, d->address, 0);
		csv_text(f, d->district, 0);
		csv_taka(f, d->collect, 0);
		csv_text(f, d->items, 1);
	}
}

static void write_devices(struct csvw *f, const struct report *r)
{
	csv_header(f, "device_id,name,this_device,entries,last_seq,first_at,last_at,signed_up_to,"
		      "missing,gaps");
	for (int i = 0; i < r->n_devices; i++) {
		const struct report_device *d = &r->devices[i];

		csv_field(f, d->device_id, 0);
		csv_text(f, d->name, 0);
		csv_int(f, d->is_self, 0);
		csv_int(f, d->entries, 0);
		csv_int(f, d->last_seq, 0);
		csv_time(f, d->first_at, r->tz_off_min, 0);
		csv_time(f, d->last_at, r->tz_off_min, 0);
		csv_int(f, d->tip_seq, 0);
		csv_int(f, d->missing, 0);
		csv_field(f, d->gaps, 1);
	}
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
	if (fs_read_all(path, &buf, &len, err) != 0)
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

static void card(struct out *o, enum word label, int64_t v, int warn)
{
	fprintf(o->f, "<div class=\"card%s\"><b>", warn && v > 0 ? " warn" : "");
	html_count(o, v);
	fprintf(o->f, "</b><span>%s</span></div>", W(o, label));
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

/* Stacked bars, one colour per door, in a fixed 720x300 viewBox scaled to the
 * page width (print and screen alike). */
static void chart(struct out *o, const struct report *r)
{
	const double W0 = 720, H0 = 300, left = 44, right = 8, top = 10, bottom = 36;
	double pw = W0 - left - right, ph = H0 - top - bottom, bw, y;
	int64_t max = 1, step, bin_ms = (int64_t)r->bin_min * 60000;
	int label_every, b, d;

	for (b = 0; b < r->nbins; b++) {
		int64_t sum = 0;

		for (d = 0; d < r->ndoors; d++)
			sum += r->arrivals[b * r->ndoors + d];
		if (sum > max)
			max = sum;
	}
	step = axis_step(max);
	max = (max + step - 1) / step * step;
	bw = pw / r->nbins;
	label_every = (int)(52 / bw) + 1;

	fprintf(o->f, "<div class=\"chart\"><svg viewBox=\"0 0 %.0f %.0f\" "
		      "xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" font-size=\"13\">",
		W0, H0);
	for (int64_t v = 0; v <= max; v += step) {
		char num[32];

		y = top + ph - ph * (double)v / (double)max;
		fprintf(o->f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>",
			left, W0 - right, y, y, v ? "#ddd" : "#555");
		(void)snprintf(num, sizeof num, "%" PRId64, v);
		fprintf(o->f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", left - 4, y + 4);
		html_digits(o, num);
		fputs("</text>", o->f);
	}
	for (b = 0; b < r->nbins; b++) {
		double x = left + b * bw, h, base = top + ph;

		for (d = 0; d < r->ndoors; d++) {
			int64_t n = r->arrivals[b * r->ndoors + d];

			if (!n)
				continue;
			h = ph * (double)n / (double)max;
			base -= h;
			fprintf(o->f, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
				      "fill=\"%s\"><title>",
				x + bw * 0.08, base, bw * 0.84, h, door_colours[d % N_COLOURS]);
			html_text(o, r->doors[d].name);
			fputs(" ", o->f);
			html_clock(o, r->bin0_ms + b * bin_ms);
			fputs(": ", o->f);
			html_count(o, n);
			fputs("</title></rect>", o->f);
		}
		if (b % label_every == 0) {
			fprintf(o->f, "<line x1=\"%.2f\" x2=\"%.2f\" y1=\"%.1f\" y2=\"%.1f\" "
				      "stroke=\"#555\"/><text x=\"%.2f\" y=\"%.1f\" text-anchor=\"start\">",
				x, x, top + ph, top + ph + 5, x, top + ph + 18);
			html_clock(o, r->bin0_ms + b * bin_ms);
			fputs("</text>", o->f);
		}
	}
	fprintf(o->f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"#444\">", W0 - right,
		H0 - 4);
	html_count(o, r->bin_min);
	fprintf(o->f, " %s</text></svg><div class=\"legend\">", W(o, W_MINUTES));
	for (d = 0; d < r->ndoors; d++) {
		fprintf(o->f, "<span><i style=\"background:%s\"></i>", door_colours[d % N_COLOURS]);
		html_text(o, r->doors[d].name);
		fputs("</span>", o->f);
	}
	fputs("</div></div>", o->f);
}

/* How many were inside: a step line over the same bars as the arrivals, in
 * the same 720x300 viewBox. */
static void inside_chart(struct out *o, const struct report *r)
{
	const double W0 = 720, H0 = 300, left = 44, right = 8, top = 10, bottom = 36;
	double pw = W0 - left - right, ph = H0 - top - bottom, bw, y;
	int64_t max = 1, step, bin_ms = (int64_t)r->bin_min * 60000;
	int label_every, b;

	if (r->nbins == 0 || !r->inside)
		return;
	for (b = 0; b < r->nbins; b++)
		if (r->inside[b] > max)
			max = r->inside[b];
	step = axis_step(max);
	max = (max + step - 1) / step * step;
	bw = pw / r->nbins;
	label_every = (int)(52 / bw) + 1;
	fprintf(o->f, "<div class=\"chart\"><svg viewBox=\"0 0 %.0f %.0f\" "
		      "xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" font-size=\"13\">",
		W0, H0);
	for (int64_t v = 0; v <= max; v += step) {
		char num[32];

		y = top + ph - ph * (double)v / (double)max;
		fprintf(o->f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>",
			left, W0 - right, y, y, v ? "#ddd" : "#555");
		(void)snprintf(num, sizeof num, "%" PRId64, v);
		fprintf(o->f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", left - 4, y + 4);
		html_digits(o, num);
		fputs("</text>", o->f);
	}
	fprintf(o->f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"3\" points=\"",
		door_colours[0]);
	for (b = 0; b < r->nbins; b++) {
		y = top + ph - ph * (double)r->inside[b] / (double)max;
		fprintf(o->f, "%.2f,%.2f %.2f,%.2f ", left + b * bw, y, left + (b + 1) * bw, y);
	}
	fputs("\"/>", o->f);
	for (b = 0; b < r->nbins; b++) {
		double x = left + b * bw;

		y = top + ph - ph * (double)r->inside[b] / (double)max;
		fprintf(o->f, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
			      "fill=\"transparent\"><title>", x, y - 6, bw, 12.0);
		html_clock(o, r->bin0_ms + (b + 1) * bin_ms);
		fputs(": ", o->f);
		html_count(o, r->inside[b]);
		fputs("</title></rect>", o->f);
		if (b % label_every == 0) {
			fprintf(o->f, "<line x1=\"%.2f\" x2=\"%.2f\" y1=\"%.1f\" y2=\"%.1f\" "
				      "stroke=\"#555\"/><text x=\"%.2f\" y=\"%.1f\" text-anchor=\"start\">",
				x, x, top + ph, top + ph + 5, x, top + ph + 18);
			html_clock(o, r->bin0_ms + b * bin_ms);
			fputs("</text>", o->f);
		}
	}
	fprintf(o->f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"#444\">", W0 - right,
		H0 - 4);
	html_count(o, r->bin_min);
	fprintf(o->f, " %s</text></svg></div>", W(o, W_MINUTES));
}

static void more_rows(struct out *o, int shown, int total, const char *file)
{
	if (total <= shown)
		return;
	fputs("<p class=\"note\">", o->f);
	html_count(o, total - shown);
	fprintf(o->f, " %s <a href=\"%s\">%s</a></p>", W(o, W_MORE), file, file);
}

static void section_checkins(struct out *o, const struct report *r)
{
	int i, n;

	fputs("<div class=\"cards\">", o->f);
	card(o, W_REGISTERED, r->registered, 0);
	card(o, W_CAME, r->checked_in, 0);
	card(o, W_NO_SHOWS, r->no_shows, 0);
	card(o, W_WALKINS, r->walkins, 0);
	card(o, W_DOUBLES, r->double_entries, 1);
	card(o, W_CANCELLED, r->cancelled, 0);
	card(o, W_REJECTED, r->rejections, 0);
	card(o, W_UNDONE, r->undone, 0);
	if (r->exits > 0) {
		card(o, W_EXITS, r->exits, 0);
		card(o, W_REENTRIES, r->reentries, 0);
		card(o, W_INSIDE_END, r->inside_now, 0);
	}
	fputs("</div>", o->f);

	fprintf(o->f, "<h2>%s</h2>", W(o, W_ARRIVALS_H));
	if (r->nbins == 0) {
		fprintf(o->f, "<p>%s</p>", W(o, W_NO_CHECKINS));
		return;
	}
	fprintf(o->f, "<p><b>%s: ", W(o, W_PEAK));
	html_count(o, r->peak_count);
	fprintf(o->f, " %s ", o->bn ? "জন," : "arrivals,");
	html_clock(o, r->peak_start_ms);
	fputs("–", o->f);
	html_clock(o, r->peak_start_ms + (int64_t)r->bin_min * 60000);
	/* "≈ 24 per hour" / "ঘণ্টায় ≈ ২৪ জন": the rate sits differently in the two. */
	fprintf(o->f, "</b> (%s≈ ", o->bn ? "ঘণ্টায় " : "");
	html_count(o, r->peak_count * 60 / r->bin_min);
	fprintf(o->f, " %s)</p>", o->bn ? "জন" : W(o, W_PER_HOUR));
	chart(o, r);
	fprintf(o->f, "<p class=\"note\">%s</p>", W(o, W_ARRIVALS_NOTE));
	fprintf(o->f, "<table><thead><tr><th>%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th>"
		      "<th class=\"n\">%s</th><th class=\"n\">%s</th></tr></thead>",
		W(o, W_DOOR), W(o, W_ARRIVALS), W(o, W_SCANS), W(o, W_EXITS), W(o, W_INSIDE));
	for (i = 0; i < r->ndoors; i++) {
		fputs("<tr><td>", o->f);
		html_text(o, r->doors[i].name);
		fputs("</td><td class=\"n\">", o->f);
		html_count(o, r->doors[i].arrivals);
		fputs("</td><td class=\"n\">", o->f);
		html_count(o, r->doors[i].scans);
		fputs("</td><td class=\"n\">", o->f);
		html_count(o, r->doors[i].exits);
		fputs("</td><td class=\"n\">", o->f);
		html_count(o, r->doors[i].inside);
		fputs("</td></tr>", o->f);
	}
	fputs("</table>", o->f);

	fprintf(o->f, "<h2>%s</h2><p><b>%s: ", W(o, W_INSIDE_H), W(o, W_PEAK_INSIDE));
	html_count(o, r->peak_inside);
	fprintf(o->f, "</b> · %s: ", W(o, W_INSIDE_END));
	html_count(o, r->inside_now);
	fputs("</p>", o->f);
	inside_chart(o, r);
	fprintf(o->f, "<p class=\"note\">%s</p>", W(o, W_INSIDE_NOTE));
	if (r->n_stations > 0) {
		fprintf(o->f, "<h2>%s</h2><table><thead><tr><th>%s</th><th class=\"n\">%s</th></tr></thead>",
			W(o, W_STATIONS_H), W(o, W_STATION), W(o, W_SERVED));
		for (i = 0; i < r->n_stations; i++) {
			fputs("<tr><td>", o->f);
			html_text(o, r->stations[i].name);
			fputs("</td><td class=\"n\">", o->f);
			html_count(o, r->stations[i].served);
			fputs("</td></tr>", o->f);
		}
		fputs("</table>", o->f);
	}

	fprintf(o->f, "<h2>%s</h2><p class=\"note\">%s</p>", W(o, W_DOUBLES), W(o, W_DOUBLES_NOTE));
	if (r->n_doubles == 0) {
		fprintf(o->f, "<p>%s</p>", W(o, W_NONE));
	} else {
		fprintf(o->f, "<table><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>",
			W(o, W_NAME), W(o, W_PHONE), W(o, W_TIME), W(o, W_DOOR), W(o, W_DEVICE));
		n = r->n_doubles < REPORT_PAGE_ROWS ? r->n_doubles : REPORT_PAGE_ROWS;
		for (i = 0; i < n; i++) {
			const struct report_double *d = &r->doubles[i];

			fputs("<tr><td>", o->f);
			html_text(o, d->name);
			fputs("</td><td>", o->f);
			html_text(o, d->phone);
			fputs("</td><td>", o->f);
			html_clock(o, d->at_ms);
			fputs("</td><td>", o->f);
			html_text(o, d->door);
			fputs("</td><td>", o->f);
			html_text(o, d->device_id);
			fputs("</td></tr>", o->f);
		}
		fputs("</table>", o->f);
		more_rows(o, n, r->n_doubles, "double_entries.csv");
	}

	fprintf(o->f, "<h2>%s</h2>", W(o, W_NO_SHOWS));
	if (r->n_no_show == 0) {
		fprintf(o->f, "<p>%s</p>", W(o, W_NONE));
	} else {
		fprintf(o->f, "<table><thead><tr><th class=\"n\">%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>",
			W(o, W_SERIAL), W(o, W_NAME), W(o, W_PHONE), W(o, W_TYPE));
		n = r->n_no_show < REPORT_PAGE_ROWS ? r->n_no_show : REPORT_PAGE_ROWS;
		for (i = 0; i < n; i++) {
			const struct report_person *p = &r->no_show_list[i];

			fputs("<tr><td class=\"n\">", o->f);
			if (p->serial)
				html_count(o, p->serial);
			fputs("</td><td>", o->f);
			html_text(o, p->name);
			fputs("</td><td>", o->f);
			html_text(o, p->phone);
			fputs("</td><td>", o->f);
			html_text(o, p->type);
			fputs("</td></tr>", o->f);
		}
		fputs("</table>", o->f);
		more_rows(o, n, r->n_no_show, "no_shows.csv");
	}

	if (r->n_reasons > 0) {
		fprintf(o->f, "<h2>%s</h2><table><thead><tr><th>%s</th><th class=\"n\">%s</th></tr></thead>",
			W(o, W_REJECTED), W(o, W_REASON), W(o, W_COUNT));
		for (i = 0; i < r->n_reasons; i++) {
			enum reason why = reason_parse(r->reasons[i].reason);

			fputs("<tr><td>", o->f);
			if (strcmp(r->reasons[i].reason, "already_in") == 0)
				fputs(W(o, W_ALREADY_IN), o->f);
			else if (why != REASON_COUNT)
				html_text(o, reason_text(why, o->lang));
			else
				html_text(o, r->reasons[i].reason);
			fputs("</td><td class=\"n\">", o->f);
			html_count(o, r->reasons[i].count);
			fputs("</td></tr>", o->f);
		}
		fputs("</table>", o->f);
	}
}

static void section_customers(struct out *o, const struct report *r)
{
	int i;

	fprintf(o->f, "<h2>%s</h2><p class=\"note\">%s</p><div class=\"cards\">",
		W(o, W_CUSTOMERS_H), W(o, W_CUSTOMERS_NOTE));
	card(o, W_GUESTS, r->guests_with_phone, 0);
	card(o, W_NEW, r->new_guests, 0);
	card(o, W_RETURNING, r->returning_guests, 0);
	card(o, W_ORDERED_BEFORE, r->ordered_before, 0);
	fputs("</div>", o->f);
	fprintf(o->f, "<table class=\"wide\"><thead><tr><th>%s</th><th>%s</th><th class=\"n\">%s</th>"
		      "<th class=\"n\">%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th>"
		      "<th class=\"n\">%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th></tr></thead>",
		W(o, W_MEETUP), W(o, W_DATE), W(o, W_REGISTERED), W(o, W_GUESTS), W(o, W_NEW),
		W(o, W_RETURNING), W(o, W_CAME_BACK), W(o, W_BUYERS), W(o, W_BOUGHT_AGAIN));
	for (i = 0; i < r->n_events; i++) {
		const struct report_event *e = &r->events[i];

		fputs(e->is_current ? "<tr style=\"font-weight:700\"><td>" : "<tr><td>", o->f);
		html_text(o, e->name);
		if (e->is_current)
			fprintf(o->f, " (%s)", W(o, W_THIS_MEETUP));
		fputs("</td><td class=\"nw\">", o->f);
		if (e->starts_ms)
			html_datetime(o, e->starts_ms, 0);
		fputs("</td><td class=\"n\">", o->f);
		html_count(o, e->registered);
		fputs("</td><td class=\"n\">", o->f);
		html_count(o, e->guests);
		fputs("</td><td class=\"n\">", o->f);
		html_count(o, e->guests - e->returning);
		fputs("</td><td class=\"n\">", o->f);
		html_count(o, e->returning);
		fputs("</td><td class=\"n\">", o->f);
		html_count(o, e->came_back);
		fputs("</td><td class=\"n\">", o->f);
		html_count(o, e->buyers);
		fputs("</td><td class=\"n\">", o->f);
		html_count(o, e->bought_again);
		fputs("</td></tr>", o->f);
	}
	fputs("</table>", o->f);
}

static const char *const face_colours[FEEDBACK_FACE_MAX] = {
	"#D55E00", "#E69F00", "#56B4E9", "#009E73",
};

static const char *product_name(struct out *o, const char *product)
{
	return product[0] ? product : W(o, W_WHOLE_MEETUP);
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
			x, w, face_colours[k]);
		x += w;
	}
	fputs("</svg><br><small>", o->f);
	for (k = FEEDBACK_FACE_MAX - 1; k >= 0; k--) {
		fprintf(o->f, "%s<span style=\"color:%s\">■</span> ", k == FEEDBACK_FACE_MAX - 1 ? "" : " ",
			face_colours[k]);
		html_count(o, p->faces[k]);
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
		html_text(o, c->seller);
		fputs("</td><td>", o->f);
		html_text(o, product_name(o, c->product));
		fprintf(o->f, "</td><td><span style=\"color:%s\">■</span> %s</td><td>",
			face_colours[c->face >= 1 && c->face <= FEEDBACK_FACE_MAX ? c->face - 1 : 0],
			W(o, (enum word)(W_FACE1 + (c->face >= 1 && c->face <= 4 ? c->face - 1 : 0))));
		html_text(o, c->comment);
		fputs("</td></tr>", o->f);
		(*shown)++;
	}
}

static void section_feedback(struct out *o, const struct report *r)
{
	int i, j, shown = 0, n_flagged_comments = 0;

	fprintf(o->f, "<h2>%s</h2>", W(o, W_FEEDBACK_H));
	if (r->n_fb == 0) {
		fprintf(o->f, "<p>%s</p>", W(o, W_NONE));
		return;
	}
	fprintf(o->f, "<p class=\"note\">%s</p><p class=\"note\">", W(o, W_FEEDBACK_NOTE));
	for (i = FEEDBACK_FACE_MAX - 1; i >= 0; i--)
		fprintf(o->f, "<span style=\"color:%s\">■</span> %s &nbsp; ", face_colours[i],
			W(o, (enum word)(W_FACE1 + i)));
	fprintf(o->f, "</p><table><thead><tr><th>%s</th><th>%s</th><th>%s</th><th class=\"n\">%s</th>"
		      "<th>%s</th><th class=\"n\">%s</th></tr></thead>",
		W(o, W_SELLER), W(o, W_PRODUCT), W(o, W_FACES), W(o, W_FEEDBACKS), W(o, W_TAGS),
		W(o, W_BURSTS));
	for (i = 0; i < r->n_fb; i++) {
		const struct report_fb_product *p = &r->fb[i];
		int first = 1;

		fputs("<tr><td class=\"nw\">", o->f);
		html_text(o, p->seller);
		fputs("</td><td>", o->f);
		html_text(o, product_name(o, p->product));
		fputs("</td><td>", o->f);
		faces_bar(o, p);
		fputs("</td><td class=\"n\">", o->f);
		html_count(o, p->count);
		fputs("</td><td>", o->f);
		for (j = 0; j < r->n_tags; j++) {
			const struct report_tag *t = &r->tags[j];

			if (strcmp(t->seller, p->seller) != 0 || strcmp(t->product, p->product) != 0)
				continue;
			if (!first)
				fputs(", ", o->f);
			first = 0;
			html_text(o, t->tag);
			fputs("&nbsp;", o->f);
			html_count(o, t->count);
		}
		fputs("</td><td class=\"n\">", o->f);
		html_count(o, p->flagged);
		fputs("</td></tr>", o->f);
	}
	fputs("</table>", o->f);

	for (i = 0; i < r->n_comments; i++)
		n_flagged_comments += r->comments[i].flagged;
	if (r->n_comments - n_flagged_comments > 0) {
		fprintf(o->f, "<h2>%s</h2><table><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>",
			W(o, W_COMMENTS_H), W(o, W_SELLER), W(o, W_PRODUCT), W(o, W_FACES),
			W(o, W_COMMENT));
		comment_rows(o, r, 0, &shown);
		fputs("</table>", o->f);
		more_rows(o, shown, r->n_comments - n_flagged_comments, "feedback_comments.csv");
	}
	if (r->feedback_flagged > 0) {
		fprintf(o->f, "<h2>%s</h2><p class=\"note\">%s</p><p><b>", W(o, W_BURSTS_H),
			W(o, W_BURSTS_NOTE));
		html_count(o, r->feedback_flagged);
		fprintf(o->f, "</b> %s</p>", W(o, W_FEEDBACKS));
		if (n_flagged_comments > 0) {
			shown = 0;
			fprintf(o->f, "<table><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>",
				W(o, W_SELLER), W(o, W_PRODUCT), W(o, W_FACES), W(o, W_COMMENT));
			comment_rows(o, r, 1, &shown);
			fputs("</table>", o->f);
			more_rows(o, shown, n_flagged_comments, "feedback_comments.csv");
		}
	}
}

static void seller_cells(struct out *o, const struct report_seller *x, const int *used)
{
	fputs("</td><td class=\"n\">", o->f);
	html_count(o, x->orders);
	fputs("</td><td class=\"n\">", o->f);
	html_count(o, x->items);
	fputs("</td><td class=\"n\">", o->f);
	html_money(o, x->total);
	for (int m = 0; m < PAY_COUNT; m++) {
		if (!used[m])
			continue;
		fputs("</td><td class=\"n\">", o->f);
		if (x->method_orders[m]) {
			html_money(o, x->method_total[m]);
			fputs("<br><small>", o->f);
			html_count(o, x->method_orders[m]);
			fputs("</small>", o->f);
		}
	}
	fputs("</td><td class=\"n\">", o->f);
	html_money(o, x->collect);
	fputs("</td><td class=\"n\">", o->f);
	html_count(o, x->cancelled);
	fputs("</td></tr>", o->f);
}

static void section_orders(struct out *o, const struct report *r)
{
	int used[PAY_COUNT] = {0}, i, n;

	fprintf(o->f, "<h2>%s</h2>", W(o, W_ORDERS_H));
	if (r->n_sellers == 0) {
		fprintf(o->f, "<p>%s</p>", W(o, W_NONE));
		return;
	}
	fputs("<div class=\"cards\">", o->f);
	card(o, W_ORDERS, r->all_sellers.orders, 0);
	fprintf(o->f, "<div class=\"card\"><b>");
	html_money(o, r->all_sellers.total);
	fprintf(o->f, "</b><span>%s</span></div><div class=\"card\"><b>", W(o, W_MONEY));
	html_money(o, r->all_sellers.collect);
	fprintf(o->f, "</b><span>%s</span></div>", W(o, W_TO_COLLECT));
	card(o, W_CANCELLED_ORDERS, r->all_sellers.cancelled, 0);
	fputs("</div>", o->f);
	for (int m = 0; m < PAY_COUNT; m++)
		used[m] = r->all_sellers.method_orders[m] > 0;
	fprintf(o->f, "<table class=\"wide\"><thead><tr><th>%s</th><th class=\"n\">%s</th>"
		      "<th class=\"n\">%s</th><th class=\"n\">%s</th>",
		W(o, W_SELLER), W(o, W_ORDERS), W(o, W_ITEMS), W(o, W_MONEY));
	for (int m = 0; m < PAY_COUNT; m++)
		if (used[m])
			fprintf(o->f, "<th class=\"n\">%s</th>",
				o->bn ? pay_rule((enum pay_method)m)->bn : pay_rule((enum pay_method)m)->en);
	fprintf(o->f, "<th class=\"n\">%s</th><th class=\"n\">%s</th></tr></thead>", W(o, W_TO_COLLECT),
		W(o, W_CANCELLED_ORDERS));
	for (i = 0; i < r->n_sellers; i++) {
		fputs("<tr><td class=\"nw\">", o->f);
		html_text(o, r->sellers[i].seller);
		seller_cells(o, &r->sellers[i], used);
	}
	fprintf(o->f, "<tr style=\"font-weight:700\"><td>%s", W(o, W_TOTAL));
	seller_cells(o, &r->all_sellers, used);
	fputs("</table>", o->f);

	if (r->n_deliveries == 0)
		return;
	fprintf(o->f, "<h2>%s</h2><p class=\"note\">%s</p>", W(o, W_DELIVERIES_H),
		W(o, W_DELIVERIES_NOTE));
	fprintf(o->f, "<table><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
		      "<th class=\"n\">%s</th></tr></thead>",
		W(o, W_ORDER_NO), W(o, W_NAME), W(o, W_PHONE), W(o, W_DISTRICT), W(o, W_PAYMENT),
		W(o, W_TO_COLLECT));
	n = r->n_deliveries < REPORT_PAGE_ROWS ? r->n_deliveries : REPORT_PAGE_ROWS;
	for (i = 0; i < n; i++) {
		const struct report_delivery *d = &r->deliveries[i];
		enum pay_method m;

		fputs("<tr><td>", o->f);
		html_text(o, d->order_no);
		fputs("</td><td>", o->f);
		html_text(o, d->name);
		fputs("</td><td>", o->f);
		html_text(o, d->phone);
		fputs("</td><td>", o->f);
		html_text(o, d->district);
		fputs("</td><td>", o->f);
		if (pay_parse(d->method, &m) == 0)
			fputs(o->bn ? pay_rule(m)->bn : pay_rule(m)->en, o->f);
		else
			html_text(o, d->method);
		fputs("</td><td class=\"n\">", o->f);
		if (d->collect)
			html_money(o, d->collect);
		fputs("</td></tr>", o->f);
	}
	fputs("</table>", o->f);
	more_rows(o, n, r->n_deliveries, "courier.csv");
}

static void section_devices(struct out *o, const struct report *r)
{
	int i;

	fprintf(o->f, "<h2>%s</h2><p class=\"note\">%s</p>", W(o, W_COMPLETE_H),
		W(o, W_COMPLETE_NOTE));
	fprintf(o->f, "<table><thead><tr><th>%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th>"
		      "<th>%s</th><th>%s</th></tr></thead>",
		W(o, W_DEVICE), W(o, W_ENTRIES), W(o, W_UP_TO), W(o, W_LAST_AT), W(o, W_MISSING));
	for (i = 0; i < r->n_devices; i++) {
		const struct report_device *d = &r->devices[i];

		fputs("<tr><td>", o->f);
		html_text(o, d->name[0] ? d->name : d->device_id);
		if (d->name[0]) {
			fputs(" <small>", o->f);
			html_text(o, d->device_id);
			fputs("</small>", o->f);
		}
		if (d->is_self)
			fprintf(o->f, " (%s)", W(o, W_THIS_DEVICE));
		fputs("</td><td class=\"n\">", o->f);
		html_count(o, d->entries);
		fputs("</td><td class=\"n\">", o->f);
		html_count(o, d->last_seq);
		fputs("</td><td>", o->f);
		if (d->last_at)
			html_datetime(o, d->last_at, 1);
		fputs("</td><td>", o->f);
		if (d->entries == 0) {
			fprintf(o->f, "<span class=\"bad\">%s</span>", W(o, W_NOT_YET));
		} else if (d->missing == 0) {
			fprintf(o->f, "<span class=\"ok\">%s</span>", W(o, W_ALL_IN));
		} else {
			fputs("<span class=\"bad\">", o->f);
			html_count(o, d->missing);
			fputs("</span>", o->f);
			if (d->gaps[0]) {
				fprintf(o->f, " (%s ", W(o, W_GAPS));
				html_digits(o, d->gaps);
				fputs(")", o->f);
			}
			if (d->tip_seq > d->last_seq) {
				fprintf(o->f, " (%s ", W(o, W_GAPS));
				html_count(o, d->last_seq + 1);
				fputs("–", o->f);
				html_count(o, d->tip_seq);
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
	html_text(o, r->event_name);
	fprintf(o->f, " — %s</title><style>", W(o, W_TITLE));
	if (embed_font(o, font_path, err) != 0)
		return -1;
	fputs(css, o->f);
	fputs("</style></head><body><header><h1>", o->f);
	html_text(o, r->event_name);
	fprintf(o->f, "</h1><p class=\"sub\">%s", W(o, W_TITLE));
	if (r->starts_ms) {
		fputs(" · ", o->f);
		html_datetime(o, r->starts_ms, 1);
		fputs("–", o->f);
		html_clock(o, r->ends_ms);
	}
	fprintf(o->f, " · %s ", W(o, W_GENERATED));
	html_datetime(o, r->generated_ms, 1);
	fputs("</p></header><section>", o->f);
	section_checkins(o, r);
	fputs("</section><section>", o->f);
	section_customers(o, r);
	fputs("</section><section>", o->f);
	section_feedback(o, r);
	fputs("</section><section>", o->f);
	section_orders(o, r);
	fputs("</section><section>", o->f);
	section_devices(o, r);
	fprintf(o->f, "</section><footer>%s: ", W(o, W_FILES));
	for (i = 0; report_csv_files[i]; i++)
		fprintf(o->f, "%s<a href=\"%s\">%s</a>", i ? " · " : "", report_csv_files[i],
			report_csv_files[i]);
	fputs("</footer></body></html>\n", o->f);
	return 0;
}

/* ============================================================ files */

typedef void (*csv_fn)(struct csvw *f, const struct report *r);

/* csvw's sink: the rows into the temp file (errors stay in the stream, for
 * atomicfile_commit). */
static int to_file(void *ctx, const char *buf, size_t len)
{
	return fwrite(buf, 1, len, ctx) == len ? 0 : -1;
}

static int write_file(const char *dir, const char *name, csv_fn csv, struct out *page,
		      const struct report *r, const char *font_path, char err[KERR_LEN])
{
	struct atomicfile af;
	char path[ATOMICFILE_PATH_MAX];

	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path)
		return kerr(err, "output path too long: '%.80s'", dir);
	if (atomicfile_open(&af, path, 0644, err) != 0)
		return -1;
	if (csv) {
		struct csvw w;

		csvw_init(&w, 1);
		csvw_set_sink(&w, to_file, af.fp);
		csv(&w, r);
		if (csvw_flush(&w) != 0 && !ferror(af.fp)) {
			csvw_release(&w);
			atomicfile_abort(&af);
			return kerr(err, "cannot write '%s': out of memory", path);
		}
		csvw_release(&w);
	} else {
		page->f = af.fp;
		if (write_page(page, r, font_path, err) != 0) {
			atomicfile_abort(&af);
			return -1;
		}
	}
	/* The directory is synced once at the end, not per file. */
	return atomicfile_commit(&af, 0, err);
}

int report_write(const struct report *r, const char *dir, const struct report_write_opts *opts,
		 char err[KERR_LEN])
{
	static const csv_fn fns[] = {
		write_summary, write_arrivals, write_doors, write_doubles, write_no_shows,
		write_rejections, write_returning, write_fb_products, write_fb_tags,
		write_fb_comments, write_sellers, write_payments, write_courier, write_devices,
	};
	struct out page;
	size_t i;

	_Static_assert(sizeof fns / sizeof fns[0] + 1 ==
		       sizeof report_csv_files / sizeof report_csv_files[0],
		       "one writer per CSV file name");
	page.f = NULL;
	page.lang = opts && opts->lang && strcmp(opts->lang, "en") == 0 ? "en" : "bn";
	page.bn = strcmp(page.lang, "bn") == 0;
	page.tz = r->tz_off_min;
	for (i = 0; i < sizeof fns / sizeof fns[0]; i++)
		if (write_file(dir, report_csv_files[i], fns[i], NULL, r, NULL, err) != 0)
			return -1;
	if (write_file(dir, "index.html", NULL, &page, r, opts ? opts->font_path : NULL, err) != 0)
		return -1;
	return atomicfile_sync_dir(dir, err);
}
