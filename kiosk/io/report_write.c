/* report_write.c - the report's CSVs and its page (report_page.c) from a
 * collected struct report, each file written atomically.
 * Adapter: files only; must not query the store (everything is in the struct).
 * Stream errors are sticky in stdio, so each file's writes are checked once,
 * by atomicfile_commit's fflush + ferror, before the file is renamed in. */
#include "report_write.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"
#include "dfile.h"
#include "report_page.h"
#include "core/csvw.h"
#include "core/money.h"
#include "core/timefmt.h"

const char *const report_csv_files[] = {
	"summary.csv", "arrivals.csv", "doors.csv", "double_entries.csv", "no_shows.csv",
	"rejections.csv", "returning.csv", "feedback_products.csv", "feedback_tags.csv",
	"feedback_comments.csv", "orders_sellers.csv", "orders_payments.csv", "courier.csv",
	"devices.csv", "payments_unmatched.csv", "cod_risky.csv", "walkin_duplicates.csv", NULL,
};

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
	csv_metric(f, "walkin_duplicates", r->walkin_duplicates);
	csv_metric(f, "station_twice", r->station_twice);
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

/* The columns name,phone,times,at,door,device_id,seq of a journaled entry,
 * ending the row. */
static void csv_entry(struct csvw *f, const struct report *r, const char *name, const char *phone,
		      int64_t times, int64_t at_ms, const char *door, const char *device_id,
		      int64_t seq)
{
	csv_text(f, name, 0);
	csv_field(f, phone, 0);
	csv_int(f, times, 0);
	csv_time(f, at_ms, r->tz_off_min, 0);
	csv_text(f, door, 0);
	csv_field(f, device_id, 0);
	csv_int(f, seq, 1);
}

static void write_doubles(struct csvw *f, const struct report *r)
{
	csv_header(f, "attendee_id,name,phone,times,at,door,device_id,seq");
	for (int i = 0; i < r->n_doubles; i++) {
		const struct report_double *d = &r->doubles[i];

		csv_field(f, d->attendee_id, 0);
		csv_entry(f, r, d->name, d->phone, d->times, d->at_ms, d->door, d->device_id, d->seq);
	}
}

/* Each attendee of a guest registered more than once under one phone: the
 * guest's row first (is_guest 1), then the walk-ins counted with it. */
static void write_walkin_dups(struct csvw *f, const struct report *r)
{
	csv_header(f, "guest_id,attendee_id,is_guest,name,phone,times,at,door,device_id,seq");
	for (int i = 0; i < r->n_walkin_dups; i++) {
		const struct report_walkin_dup *d = &r->walkin_dups[i];

		csv_field(f, d->guest_id, 0);
		csv_field(f, d->attendee_id, 0);
		csv_int(f, strcmp(d->guest_id, d->attendee_id) == 0, 0);
		csv_entry(f, r, d->name, d->phone, d->times, d->at_ms, d->door, d->device_id, d->seq);
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

static void write_unpaid(struct csvw *f, const struct report *r)
{
	csv_header(f, "order_no,status,amount_taka,trx,phone,wallet,received_taka");
	for (int i = 0; i < r->n_unpaid; i++) {
		const struct report_unpaid *u = &r->unpaid[i];

		csv_field(f, u->order_no, 0);
		csv_field(f, paymatch_status_code(u->status), 0);
		csv_taka(f, u->amount, 0);
		csv_field(f, u->trx, 0);
		csv_field(f, u->phone, 0);
		csv_field(f, pay_rule(u->wallet) ? pay_rule(u->wallet)->code : "", 0);
		if (u->received >= 0)
			csv_taka(f, u->received, 1);
		else
			csv_field(f, "", 1);
	}
}

static void write_risky(struct csvw *f, const struct report *r)
{
	csv_header(f, "order_no,name,phone,district,collect_taka,delivered,returned,cancelled");
	for (int i = 0; i < r->n_risky; i++) {
		const struct report_risky *x = &r->risky[i];

		csv_field(f, x->order_no, 0);
		csv_text(f, x->name, 0);
		csv_field(f, x->phone, 0);
		csv_text(f, x->district, 0);
		csv_taka(f, x->collect, 0);
		csv_int(f, x->delivered, 0);
		csv_int(f, x->returned, 0);
		csv_int(f, x->cancelled, 1);
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

/* ============================================================ files */

typedef void (*csv_fn)(struct csvw *f, const struct report *r);

/* csvw's sink: the rows into the temp file (errors stay in the stream, for
 * atomicfile_commit). */
static int to_file(void *ctx, const char *buf, size_t len)
{
	return fwrite(buf, 1, len, ctx) == len ? 0 : -1;
}

static int write_file(const char *dir, const char *name, csv_fn csv, const char *lang,
		      const struct report *r, const char *font_path, char err[KERR_LEN])
{
	struct atomicfile af;
	char path[ATOMICFILE_PATH_MAX];

	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path)
		return kerr(err, "output path too long: '%.80s'", dir);
	if (atomicfile_open(&af, path, 0600, err) != 0)
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
		if (report_page_write(af.fp, r, lang, font_path, err) != 0) {
			atomicfile_abort(&af);
			return -1;
		}
	}
	/* The directory is synced once at the end, not per file. */
	return atomicfile_commit(&af, 0, err);
}

static int write_all(const struct report *r, const char *dir, const struct report_write_opts *opts,
		     char err[KERR_LEN])
{
	static const csv_fn fns[] = {
		write_summary, write_arrivals, write_doors, write_doubles, write_no_shows,
		write_rejections, write_returning, write_fb_products, write_fb_tags,
		write_fb_comments, write_sellers, write_payments, write_courier, write_devices,
		write_unpaid, write_risky, write_walkin_dups,
	};
	size_t i;

	_Static_assert(sizeof fns / sizeof fns[0] + 1 ==
		       sizeof report_csv_files / sizeof report_csv_files[0],
		       "one writer per CSV file name");
	for (i = 0; i < sizeof fns / sizeof fns[0]; i++)
		if (write_file(dir, report_csv_files[i], fns[i], NULL, r, NULL, err) != 0)
			return -1;
	if (write_file(dir, "index.html", NULL, opts ? opts->lang : NULL, r,
		       opts ? opts->font_path : NULL, err) != 0)
		return -1;
	return atomicfile_sync_dir(dir, err);
}

/* Remove folder path (our report folders: files, and the folders of older
 * versions' ".report-part-PID" one level down); never follows a symlink. */
static void remove_tree(const char *path, int depth)
{
	DIR *d;
	struct dirent *de;
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return;
	d = fdopendir(fd);
	if (!d) {
		(void)close(fd);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		char sub[ATOMICFILE_PATH_MAX];
		struct stat sb;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (fstatat(fd, de->d_name, &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(sb.st_mode)) {
			if (depth > 0 &&
			    (size_t)snprintf(sub, sizeof sub, "%s/%s", path, de->d_name) < sizeof sub)
				remove_tree(sub, depth - 1);
		} else {
			(void)unlinkat(fd, de->d_name, 0); /* best effort: the next run tries again */
		}
	}
	(void)closedir(d);
	(void)rmdir(path);
}

/* 1 if name is the name of a file a report holds. */
static int report_name(const char *name)
{
	if (!strcmp(name, "index.html"))
		return 1;
	for (int i = 0; report_csv_files[i]; i++)
		if (!strcmp(name, report_csv_files[i]))
			return 1;
	return 0;
}

/* 1 if name is a file this writer puts into a report folder, or a temp or
 * temp folder one of its runs (this version's or an older one's) leaves. */
static int report_own(const char *name, const struct stat *sb)
{
	if (S_ISREG(sb->st_mode))
		return report_name(name) || atomicfile_temp_pid(name);
	return S_ISDIR(sb->st_mode) && strncmp(name, ".report-part-", 13) == 0;
}

/* 0 if dir holds nothing but a report's files (so replacing it whole loses
 * nothing of the user's); 1 if it holds other files too (err names the
 * first); -1 with err if a report file's name is taken by something that is
 * not a file (a folder where index.html goes) or dir cannot be read. */
static int only_report(const char *dir, char err[KERR_LEN])
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct stat sb;
	int rc = 0;

	if (!d)
		return kerr(err, "cannot read '%s': %s", dir, strerror(errno));
	while (rc >= 0 && (de = readdir(d)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (fstatat(dirfd(d), de->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
			rc = kerr(err, "cannot look at '%s/%s': %s", dir, de->d_name, strerror(errno));
		else if (report_name(de->d_name) && !S_ISREG(sb.st_mode))
			rc = kerr(err, "'%s/%s' is not a file", dir, de->d_name);
		else if (!report_own(de->d_name, &sb) && rc == 0) {
			(void)kerr(err, "'%s' holds '%s'", dir, de->d_name);
			rc = 1;
		}
	}
	(void)closedir(d);
	return rc;
}

/* The folders a run keeps next to DIR (PARENT/.BASE.report-new.PID: the new
 * report being written; .BASE.report-old.PID: the old one moved aside where
 * the file system cannot swap two folders) into out[cap]; -1 if too long. */
static int sibling(char *out, size_t cap, const char *parent, const char *base, const char *kind,
		   long pid)
{
	int n = snprintf(out, cap, "%s/.%s.report-%s.%ld", parent, base, kind, pid);

	return n < 0 || (size_t)n >= cap ? -1 : 0;
}

/* What killed runs left next to dir: folders whose writer is gone. An old
 * report moved aside while dir is missing (a kill between the two renames
 * of the fallback) goes back to dir; the rest is removed. */
static void clean_siblings(const char *parent, const char *base, const char *dir)
{
	DIR *d = opendir(parent);
	struct dirent *de;
	char prefix[ATOMICFILE_PATH_MAX], path[ATOMICFILE_PATH_MAX];
	size_t len;
	int n = snprintf(prefix, sizeof prefix, ".%s.report-", base);

	if (!d || n < 0 || (size_t)n >= sizeof prefix) {
		if (d)
			(void)closedir(d);
		return;
	}
	len = (size_t)n;
	while ((de = readdir(d)) != NULL) {
		const char *kind = de->d_name + len, *p;
		char *end;
		struct stat sb;
		long pid;
		int old;

		if (strncmp(de->d_name, prefix, len) != 0)
			continue;
		old = strncmp(kind, "old.", 4) == 0;
		if (!old && strncmp(kind, "new.", 4) != 0)
			continue;
		p = kind + 4;
		pid = strtol(p, &end, 10);
		if (end == p || *end || *p < '0' || *p > '9' ||
		    fstatat(dirfd(d), de->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR(sb.st_mode) ||
		    sb.st_uid != geteuid() || !atomicfile_writer_gone(pid, &sb) ||
		    (size_t)snprintf(path, sizeof path, "%s/%s", parent, de->d_name) >= sizeof path)
			continue;
		if (old && access(dir, F_OK) != 0 && errno == ENOENT && rename(path, dir) == 0)
			continue;
		remove_tree(path, 1);
	}
	(void)closedir(d);
}

/* Put the complete new report (part) where the old one (dir) is, in one
 * step: swap the two folders (RENAME_EXCHANGE), then remove the old one.
 * Where the file system cannot swap (FAT, old kernels), the old report moves
 * aside first (to old) and comes back if the second rename fails; a kill
 * between the two is undone by the next run (clean_siblings). */
static int replace_dir(const char *part, const char *dir, const char *old, const char *parent,
		       char err[KERR_LEN])
{
	int e;

	if (renameat2(AT_FDCWD, part, AT_FDCWD, dir, RENAME_EXCHANGE) == 0) {
		e = atomicfile_sync_dir(parent, err);
		remove_tree(part, 1); /* the old report, now under part's name */
		return e;
	}
	e = errno;
	if (e != EINVAL && e != ENOSYS && e != EOPNOTSUPP)
		return kerr(err, "cannot replace '%s': %s", dir, strerror(e));
	if (rename(dir, old) != 0)
		return kerr(err, "cannot replace '%s': %s", dir, strerror(errno));
	if (rename(part, dir) != 0) {
		e = errno;
		if (rename(old, dir) != 0) /* the next run puts it back (clean_siblings) */
			return kerr(err, "cannot replace '%s': %s; the old report is in '%s'", dir,
				    strerror(e), old);
		return kerr(err, "cannot replace '%s': %s", dir, strerror(e));
	}
	e = atomicfile_sync_dir(parent, err);
	remove_tree(old, 1);
	return e;
}

int report_write(const struct report *r, const char *dir_in, const struct report_write_opts *opts,
		 char err[KERR_LEN])
{
	char dir[ATOMICFILE_PATH_MAX], parent[ATOMICFILE_PATH_MAX], part[ATOMICFILE_PATH_MAX];
	char old[ATOMICFILE_PATH_MAX], real[PATH_MAX];
	const char *base, *slash;
	struct stat sb, psb;
	size_t n;
	int exists;

	/* Complete or not at all: the whole report is written into a private
	 * folder next to dir (a full disk or a kill stops there, and the next
	 * run removes it), then takes dir's place in one rename. */
	n = strlen(dir_in);
	while (n > 1 && dir_in[n - 1] == '/')
		n--;
	if (n >= sizeof dir)
		return kerr(err, "output path too long: '%.80s'", dir_in);
	memcpy(dir, dir_in, n);
	dir[n] = '\0';
	/* A symlink to a folder: the folder it names is the one replaced. */
	if (lstat(dir, &sb) == 0 && S_ISLNK(sb.st_mode)) {
		if (!realpath(dir, real) || strlen(real) >= sizeof dir)
			return kerr(err, "cannot follow '%s': %s", dir, strerror(errno));
		memcpy(dir, real, strlen(real) + 1);
	}
	slash = strrchr(dir, '/');
	base = slash ? slash + 1 : dir;
	/* A folder that cannot be replaced whole ('.', a mount point such as
	 * a stick, a folder holding the user's own files): each file is
	 * replaced on its own, as a report always was before; 1 says so. */
	if (!*base || !strcmp(base, ".") || !strcmp(base, ".."))
		return write_all(r, dir, opts, err) == 0 ? 1 : -1;
	(void)snprintf(parent, sizeof parent, "%.*s", slash ? (slash == dir ? 1 : (int)(slash - dir)) : 1,
		       slash ? dir : ".");
	clean_siblings(parent, base, dir);
	exists = lstat(dir, &sb) == 0;
	if (!exists && errno != ENOENT)
		return kerr(err, "cannot look at '%s': %s", dir, strerror(errno));
	if (exists) {
		if (!S_ISDIR(sb.st_mode))
			return kerr(err, "'%s' is not a folder", dir);
		int own = only_report(dir, err);

		if (own < 0)
			return -1;
		if (own > 0 || (stat(parent, &psb) == 0 && psb.st_dev != sb.st_dev))
			return write_all(r, dir, opts, err) == 0 ? 1 : -1;
	}
	if (sibling(part, sizeof part, parent, base, "new", (long)getpid()) != 0 ||
	    sibling(old, sizeof old, parent, base, "old", (long)getpid()) != 0)
		return kerr(err, "output path too long: '%.80s'", dir);
	remove_tree(part, 1);
	if (mkdir(part, 0700) != 0)
		return kerr(err, "cannot create '%s': %s", dir, strerror(errno));
	if (write_all(r, part, opts, err) != 0) {
		remove_tree(part, 1);
		return -1;
	}
	if (!exists) {
		if (rename(part, dir) != 0) {
			kerr(err, "cannot create '%s': %s", dir, strerror(errno));
			remove_tree(part, 1);
			return -1;
		}
		return atomicfile_sync_dir(parent, err);
	}
	if (replace_dir(part, dir, old, parent, err) != 0) {
		remove_tree(part, 1);
		return -1;
	}
	return 0;
}
