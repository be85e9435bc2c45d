/* report_data.h - the figures of the after-meetup report as plain data in one
 * arena: store/report.c fills them from the store, io/report_write.c turns
 * them into index.html and CSVs. Pure: libc only. */
#ifndef KIOSK_REPORT_DATA_H
#define KIOSK_REPORT_DATA_H

#include <stdint.h>

#include "arena.h"
#include "feedback.h"
#include "kerr.h"
#include "order.h"
#include "paymatch.h"

#define REPORT_BIN_MIN 10       /* arrivals are counted in 10-minute bars ... */
#define REPORT_BINS_MAX 144     /* ... widened (30, 60, ... min) beyond this many */
#define REPORT_STEPS 16         /* progress steps of report_collect */

/* One door's totals. Arrivals count each attendee once, at the door of their
 * first standing check-in; scans count every standing check-in there. */
struct report_door {
	const char *name;
	int64_t arrivals;
	int64_t scans;
	int64_t exits;                /* exit scans at this door */
	int64_t inside;               /* guests inside at the end who came in here */
};

/* A station (gift bags, raffle, talk) and the guests it served, each once
 * whatever registration they came with; twice: visits of a guest it had
 * served before (devices that could not see each other each let them
 * collect), counted once in served. */
struct report_station {
	const char *name;
	int64_t served;
	int64_t twice;
};

/* Attendee rows for the no-show list. */
struct report_person {
	int64_t serial;               /* 0 when the roster had none */
	const char *name, *phone, *type;
};

/* One standing check-in of an attendee checked in more than once. */
struct report_double {
	const char *attendee_id, *name, *phone, *door, *device_id;
	int64_t at_ms, seq, times;
};

/* One attendee of a guest registered more than once under one phone (walk-ins
 * at doors that could not see each other, or a walk-in who was on the
 * roster): the guest (attendee_id = guest_id) and each alias counted with it.
 * door: where a walk-in was registered ("" for a roster row). */
struct report_walkin_dup {
	const char *guest_id, *attendee_id, *name, *phone, *door, *device_id;
	int64_t at_ms, seq, times;    /* times: attendees of this guest */
};

struct report_reason {
	const char *reason;
	int64_t count;
};

/* One event of this store, for new and returning customers (by phone).
 * guests: distinct phones with a standing check-in; returning: of those, seen
 * (checked in or ordered) at an earlier event; ordered_before: of those, ordered
 * at an earlier event; came_back: of the guests, checked in at a later event.
 * buyers: distinct phones on orders that stand; bought_again: of those,
 * ordered at a later event too.
 * Orders and feedback belong to the event their entry names ("event"); today's
 * carry none, so to the event whose window holds their time, else the one
 * whose start is nearest. */
struct report_event {
	const char *id, *name;
	int64_t starts_ms;            /* 0 when the event had no window */
	int is_current;
	int64_t registered, checked_in, guests, returning, ordered_before, came_back;
	int64_t buyers, bought_again;
};

/* Feedback on one product (seller and product "" for the meetup as a whole).
 * faces[] and count leave out the feedback flagged as bursts; flagged counts them. */
struct report_fb_product {
	const char *seller, *product;
	int64_t faces[FEEDBACK_FACE_MAX];   /* faces[f - 1]: how many gave face f */
	int64_t count, flagged;
};

struct report_tag {
	const char *seller, *product, *tag;
	int64_t count;                      /* unflagged feedback with this tag */
};

struct report_comment {
	int64_t at_ms;
	const char *seller, *product, *tags, *comment;
	int face, flagged;
};

/* Orders that stand, per seller; money in poisha. */
struct report_seller {
	const char *seller;
	int64_t orders, items, total, collect, cancelled;
	int64_t method_orders[PAY_COUNT], method_total[PAY_COUNT];
};

/* One order to deliver (the courier sheet). */
struct report_delivery {
	const char *order_no, *name, *phone, *address, *district, *seller, *method, *trx, *items;
	int64_t at_ms, total, collect, qty;
};

/* A wallet order or payment that is not matched (as `kiosk payments list`). */
struct report_unpaid {
	const char *order_no;         /* "-" for money no order names */
	enum paymatch_status status;  /* never PAYMATCH_MATCHED */
	const char *trx, *phone;
	enum pay_method wallet;
	int64_t amount;               /* the order's (the payment's for unknown) */
	int64_t received;             /* what arrived with the TrxID; -1 nothing */
};

/* A cash-on-delivery order that stands, of a customer whose parcels came
 * back often (courier_risk_of says high). */
struct report_risky {
	const char *order_no, *name, *phone, *district;
	int64_t collect;
	int64_t delivered, returned, cancelled;
};

/* One device's journal as held here. missing = seqs below last_seq not held,
 * plus entries the device signed for (sync tips) beyond last_seq. */
struct report_device {
	const char *device_id, *name;
	int is_self;
	int64_t entries, last_seq, first_at, last_at, tip_seq, missing;
	const char *gaps;             /* "5-7, 12" or "" */
};

struct report {
	struct arena arena;           /* owns every string and array below */
	int64_t generated_ms;
	const char *event_id, *event_name;
	int64_t starts_ms, ends_ms;
	int tz_off_min;

	/* Check-in summary of the event. */
	int64_t registered, cancelled, checked_in, walkins, no_shows;
	int64_t double_entries;       /* attendees with more than one standing check-in */
	int64_t walkin_duplicates;    /* walk-ins counted as a guest they repeat (by phone) */
	int64_t rejections, undone;
	int64_t guests_with_phone, returning_guests, new_guests, ordered_before, buyers;
	int64_t peak_count, peak_start_ms; /* busiest bar (all doors) */

	/* Arrivals: nbins bars of bin_min minutes from bin0_ms (aligned in the
	 * event's zone); arrivals[bin * ndoors + door]. */
	int bin_min;
	int64_t bin0_ms;
	int nbins;
	int64_t *arrivals;
	struct report_door *doors;
	int ndoors;
	/* Exits and re-entry: inside[bin] = guests inside at the end of the bar. */
	int64_t *inside;
	int64_t exits, inside_now, reentries, peak_inside;
	struct report_station *stations;
	int n_stations;
	int64_t station_twice;        /* the stations' twice, summed */

	struct report_person *no_show_list;
	int n_no_show;
	struct report_double *doubles;
	int n_doubles;
	struct report_walkin_dup *walkin_dups;
	int n_walkin_dups;
	struct report_reason *reasons;
	int n_reasons;
	struct report_event *events;
	int n_events;
	struct report_device *devices;
	int n_devices;

	/* Feedback and orders of the event. */
	int64_t feedback_count, feedback_flagged;
	struct report_fb_product *fb;
	int n_fb;
	struct report_tag *tags;            /* by seller, product, then most said */
	int n_tags;
	struct report_comment *comments;    /* with text; flagged ones last */
	int n_comments;
	struct report_seller *sellers;
	int n_sellers;
	struct report_seller all_sellers;   /* the totals row */
	struct report_delivery *deliveries;
	int n_deliveries;

	/* Wallet payments against wallet orders (all events of this store). */
	int64_t wallet_orders, wallet_matched, payments_held;
	struct report_unpaid *unpaid;       /* orders first, then unknown money */
	int n_unpaid;

	/* Risky cash-on-delivery orders (all events), oldest first. */
	struct report_risky *risky;
	int n_risky;
};

/* Free what report_collect put in r (its arena). */
void report_release(struct report *r);

#endif
