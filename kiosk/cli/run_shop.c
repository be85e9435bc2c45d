/* run_shop.c - `kiosk run --mode feedback|orders`: the window and event loop
 * of the tasting table and the order desk. Turns touches and keys into
 * screen_shop presses and the screens' actions into store calls (shop.c);
 * draws with the shared ui_sdl layer. Front end: may use everything;
 * decides nothing a screen shows. */
#include <SDL.h>
#include <SDL_image.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "core/feedback.h"
#include "core/phone.h"
#include "core/receipt.h"
#include "store/pin.h"
#include "run_shop.h"
#include "ui/screen_shop.h"
#include "store/deliveries.h"
#include "store/payments.h"
#include "store/shop.h"
#include "store/store.h"
#include "io/trace.h"
#include "run_sdl.h"
#include "sdl/ui_sdl.h"

static const char usage[] =
	"usage: kiosk run --mode feedback|orders [--window WxH | --fullscreen] [--lang bn|en]\n"
	"                 [--screenshot FILE.png [--after-ms N]] [--press LIST]\n"
	"                 [--bench-frames N]\n"
	"Feedback: guests pick a product (or the whole meetup), a face, tags, an optional\n"
	"comment and phone; back to the start after 30 s without a touch.\n"
	"Orders: seller, products, cart, customer (phone, name, district, address),\n"
	"payment, confirm, receipt with the order number and its QR code, and a QR of\n"
	"the wa.me link that sends the guest the receipt; when the device has a\n"
	"receipt printer (kiosk orders receipt --printer NAME), Print on the receipt.\n"
	"Escape or closing the window asks for the organizer PIN.\n"
	"  --window WxH       a window of that size instead of full screen\n"
	"  --lang bn|en       screen language (default bn)\n"
	"  --screenshot FILE  render off-screen, save a PNG after --after-ms (default 300), exit\n"
	"  --press LIST       before the first frame, apply comma-separated presses: a\n"
	"                     target id, or t:TEXT to type (screenshots and demos)\n"
	"  --bench-frames N   redraw the screen N times and print the frame times\n"
	"Environment: KIOSK_TRACE=FILE logs taps, stores and screens with their targets.\n";

#define ITEMS_MAX 1024
#define THUMB_PX 320  /* product pictures are scaled down once, at load */

struct shop_run {
	struct cli *cli;
	struct store *st;
	struct shop_ui ui;
	struct shop_item items[ITEMS_MAX];
	uint8_t has_image[ITEMS_MAX];
	SDL_Texture *tex[ITEMS_MAX];
	SDL_Texture *qr;
	SDL_Texture *seller_qr;
	SDL_Texture *wa_qr;
	pid_t print_pid;          /* the print job running, or 0 */
	struct shop_seller_pay pays[SHOP_SELLERS_MAX];
	struct feedback_burst burst;

	struct run_sdl d;         /* window, renderer, draw lists */
	int quit;
	enum shop_screen last_screen;
};

static struct shop_run S;

static int64_t now_ms(void)
{
	return cli_now_ms();
}

static double mono_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0; /* cannot fail for CLOCK_MONOTONIC */
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* ------------------------------------------------------------- resources */

/* A picture scaled to at most THUMB_PX on its long side, as a texture: the
 * grid then draws small textures, whatever size the seller's photos are. */
static SDL_Texture *load_thumb(struct shop_run *r, const char *name, int *w, int *h)
{
	char path[4096];
	SDL_Surface *img, *small;
	SDL_Texture *t;
	double k;

	/* Pictures imported since issue 12 live in the data folder
	 * ("pictures/HASH.png"); older entries hold an absolute path. */
	if (name[0] == '/')
		(void)snprintf(path, sizeof path, "%s", name);
	else
		(void)snprintf(path, sizeof path, "%s/%s", r->cli->data_dir, name);
	img = IMG_Load(path);
	if (!img) {
		fprintf(stderr, "kiosk: picture '%s': %s\n", path, IMG_GetError());
		return NULL;
	}
	k = (double)THUMB_PX / (img->w > img->h ? img->w : img->h);
	if (k > 1)
		k = 1;
	small = SDL_CreateRGBSurfaceWithFormat(0, (int)(img->w * k) + 1, (int)(img->h * k) + 1, 32,
					       SDL_PIXELFORMAT_ARGB8888);
	if (!small || SDL_BlitScaled(img, NULL, small, NULL) != 0) {
		fprintf(stderr, "kiosk: picture '%s': %s\n", path, SDL_GetError());
		SDL_FreeSurface(img);
		SDL_FreeSurface(small);
		return NULL;
	}
	SDL_FreeSurface(img);
	t = SDL_CreateTextureFromSurface(r->d.ren, small);
	*w = small->w;
	*h = small->h;
	SDL_FreeSurface(small);
	if (!t)
		fprintf(stderr, "kiosk: picture '%s': %s\n", path, SDL_GetError());
	return t;
}

/* (Re)read the catalog: stock changes after each order. Pictures are loaded
 * once per item id and kept. */
static int load_catalog(struct shop_run *r, int with_images)
{
	char err[KERR_LEN];
	int n = shop_catalog_load(r->st, r->items, ITEMS_MAX, err);

	if (n < 0) {
		cli_error(r->cli, "%s", err);
		return -1;
	}
	for (int i = 0; i < n && with_images; i++) {
		int w = 0, h = 0;

		if (r->tex[i]) {
			SDL_DestroyTexture(r->tex[i]);
			r->tex[i] = NULL;
		}
		r->has_image[i] = 0;
		if (i >= SHOP_IMAGES_MAX || !r->items[i].image[0])
			continue;
		if ((r->tex[i] = load_thumb(r, r->items[i].image, &w, &h))) {
			ui_sdl_set_image(r->d.ui, SHOP_IMAGE_ITEM + i, r->tex[i], w, h);
			r->has_image[i] = 1;
		}
	}
	shop_set_items(&r->ui, r->items, n, r->has_image);
	return 0;
}

/* A QR of text as image id (the receipt's order number, or the seller's
 * payment QR) into *slot, replacing what was there. */
static void make_qr_image(struct shop_run *r, const char *text, int id, SDL_Texture **slot)
{
	int side = 0;

	if (*slot) {
		SDL_DestroyTexture(*slot);
		*slot = NULL;
		ui_sdl_set_image(r->d.ui, id, NULL, 0, 0);
	}
	if ((*slot = run_sdl_qr(&r->d, r->cli, text, &side)))
		ui_sdl_set_image(r->d.ui, id, *slot, side, side);
}

static void make_qr(struct shop_run *r, const char *text)
{
	make_qr_image(r, text, SHOP_IMAGE_QR, &r->qr);
}

/* The wa.me link of order no's receipt, the very message of `kiosk orders
 * receipt --message` (Bengali), as the QR the guest scans with their phone. */
static void make_wa_qr(struct shop_run *r, const char *no)
{
	static struct receipt rc;
	static char link[RECEIPT_TEXT_MAX * 3 + 128];
	char err[KERR_LEN];

	err[0] = '\0';
	if (payments_receipt_load(r->st, no, &rc, err) != 1 ||
	    receipt_wa_link(&rc, 1, link, sizeof link) < 0) {
		cli_error(r->cli, "receipt %s: no wa.me QR %s", no, err);
		if (r->wa_qr) { /* never the last guest's */
			SDL_DestroyTexture(r->wa_qr);
			r->wa_qr = NULL;
			ui_sdl_set_image(r->d.ui, SHOP_IMAGE_WA_QR, NULL, 0, 0);
		}
		return;
	}
	make_qr_image(r, link, SHOP_IMAGE_WA_QR, &r->wa_qr);
}

/* Print order no's receipt the way `kiosk orders receipt NO --print` does:
 * that very command in a child process, so the screen goes on drawing while
 * CUPS takes the job; the loop reaps it (print_poll). */
static void print_start(struct shop_run *r, const char *no)
{
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	pid_t pid;

	if (n <= 0) {
		cli_error(r->cli, "print: cannot find the kiosk program");
		shop_printed(&r->ui, 0, now_ms());
		return;
	}
	self[n] = '\0';
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		cli_error(r->cli, "print: cannot start the print job");
		shop_printed(&r->ui, 0, now_ms());
		return;
	}
	if (pid == 0) {
		char *args[] = {self, "--data", (char *)r->cli->data_dir, "orders", "receipt",
				(char *)no, "--print", "--lang",
				(char *)(r->ui.lang == UI_BN ? "bn" : "en"), NULL};

		if (!freopen("/dev/null", "w", stdout))
			_exit(127);
		execv(self, args);
		_exit(127);
	}
	r->print_pid = pid;
	trace_event("print", no);
}

/* The print job ended? Tell the screen. wait 1 blocks (at exit). */
static void print_poll(struct shop_run *r, int wait)
{
	int status;
	pid_t p;

	if (r->print_pid <= 0)
		return;
	p = waitpid(r->print_pid, &status, wait ? 0 : WNOHANG);
	if (p == 0)
		return;
	{
		int ok = p == r->print_pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;

		r->print_pid = 0;
		trace_event(ok ? "printed" : "print_failed", r->ui.order_no);
		shop_printed(&r->ui, ok, now_ms());
	}
}

/* Where each seller takes wallet money; the screen keeps a pointer. */
static void load_sellers_pay(struct shop_run *r)
{
	char err[KERR_LEN];
	int n = payments_sellers_load(r->st, r->pays, SHOP_SELLERS_MAX, err);

	if (n < 0) {
		cli_error(r->cli, "%s (the payment screen shows no seller numbers)", err);
		n = 0;
	}
	shop_set_sellers_pay(&r->ui, r->pays, n);
	{
		int64_t inside = 0, outside = 0;

		if (deliveries_charges_get(r->st, &inside, &outside, err) != 0)
			cli_error(r->cli, "%s (orders get no delivery charge)", err);
		shop_set_delivery_charges(&r->ui, inside, outside);
	}
}

/* --------------------------------------------------------------- actions */

static void do_action(struct shop_run *r, struct shop_action a)
{
	char err[KERR_LEN] = "", tags[1024], no[ORDER_NO_LEN];
	int64_t now = now_ms();

	switch (a.kind) {
	case SHOP_ACT_SAVE_FEEDBACK: {
		const struct shop_ui *u = &r->ui;
		const struct shop_item *it = u->fb_item >= 0 ? &r->items[u->fb_item] : NULL;
		const char *seller = it ? it->seller
				   : u->fb_seller >= 0 ? r->items[u->seller_first[u->fb_seller]].seller : NULL;
		struct shop_feedback f = {
			.seller = seller, .item_id = it ? it->id : NULL,
			.product = it ? it->product : NULL, .face = u->fb_face, .tags = tags,
			.comment = u->comment, .phone = u->phone_norm,
			.lang = ui_lang_code(u->lang),
		};
		int64_t seq = 0;
		int rc;

		shop_feedback_tags(u, tags, sizeof tags);
		f.flagged = feedback_burst_note(&r->burst, now);
		rc = shop_feedback_append(r->st, &f, now, &seq, err);
		trace_event(rc == 0 ? "stored" : "store_failed", rc == 0 ? "feedback" : err);
		shop_saved(&r->ui, rc == 0, NULL, err, now);
		break;
	}
	case SHOP_ACT_LOOKUP: {
		struct shop_customer c;
		char p[PHONE_LEN];
		int found = 0;

		if (phone_normalise(r->ui.phone, p) == 0 &&
		    (found = shop_customer_find(r->st, p, 0, &c, err)) < 0) {
			cli_error(r->cli, "%s", err); /* the order goes on as a new customer */
			found = 0;
		}
		if (found == 1) {
			long n[CST_COUNT];

			/* The parcels' record, for cash on delivery: a failure to read
			 * it only leaves the greeting without it. */
			if (deliveries_counts(r->st, p, n, err) != 0)
				cli_error(r->cli, "%s", err);
			else {
				c.delivered = n[CST_DELIVERED];
				c.returned = n[CST_RETURNED] + n[CST_CANCELLED];
			}
		}
		shop_set_customer(&r->ui, found, &c, now);
		break;
	}
	case SHOP_ACT_SAVE_ORDER: {
		struct order_draft d = shop_order_draft(&r->ui);
		const char *seller = r->ui.nsellers ? r->items[r->ui.seller_first[r->ui.seller]].seller : NULL;
		int rc = shop_order_append(r->st, &d, &r->ui.checked, seller, now, no, err);

		trace_event(rc == 0 ? "stored" : "store_failed", rc == 0 ? no : err);
		if (rc == 0) {
			make_qr(r, no);
			make_wa_qr(r, no);
			if (load_catalog(r, 0) != 0)
				cli_error(r->cli, "the stock shown may be stale");
		}
		if (rc == SHOP_TRX_CLAIMED)
			shop_saved_trx_claimed(&r->ui, no, now);
		else
			shop_saved(&r->ui, rc == 0, no, err, now);
		break;
	}
	case SHOP_ACT_PIN: {
		int64_t locked = 0;
		int res = pin_check(r->st, r->ui.pin, now, &locked, err);

		if (res == -1)
			cli_error(r->cli, "%s", err);
		do_action(r, shop_pin_result(&r->ui, res, now));
		break;
	}
	case SHOP_ACT_OPEN_ORDER: {
		struct shop_opened o;
		int found = payments_order_open(r->st, r->ui.find, &o, err);

		if (found < 0)
			cli_error(r->cli, "%s", err);
		trace_event("opened", found == 1 ? o.order_no : "none");
		shop_set_opened(&r->ui, found, &o, now);
		break;
	}
	case SHOP_ACT_PAY_QR: {
		const struct shop_seller_pay *sp = shop_seller_pay_of(&r->ui);

		if (sp && sp->qr[0])
			make_qr_image(r, sp->qr, SHOP_IMAGE_SELLER_QR, &r->seller_qr);
		break;
	}
	case SHOP_ACT_PRINT:
		if (r->print_pid > 0)
			shop_printed(&r->ui, 0, now); /* cannot happen: the screen waits */
		else
			print_start(r, r->ui.order_no);
		break;
	case SHOP_ACT_QUIT:
		r->quit = 1;
		break;
	default:
		break;
	}
}

/* Apply "--press 520,521,t:hello,2" before the first frame. */
static int apply_presses(struct shop_run *r, const char *list)
{
	char buf[4096], *save = NULL;

	(void)snprintf(buf, sizeof buf, "%s", list);
	for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (strncmp(tok, "t:", 2) == 0) {
			do_action(r, shop_type(&r->ui, tok + 2, now_ms()));
		} else {
			char *end;
			long id = strtol(tok, &end, 10);

			if (*end || id < 0) {
				cli_error(r->cli, "run: --press: '%s' is neither an id nor t:TEXT", tok);
				return -1;
			}
			do_action(r, shop_press(&r->ui, (int)id, now_ms()));
		}
	}
	return 0;
}

/* --------------------------------------------------------------- drawing */

static int render(struct shop_run *r)
{
	struct ui_metrics m;
	struct ui_list *l = run_sdl_next(&r->d, &m);
	int rc;

	shop_draw(&r->ui, &m, now_ms(), l);
	rc = run_sdl_present(&r->d, r->cli, shop_screen_name(r->ui.screen));
	if (rc <= 0)
		return rc;
	if (l->overflow && !r->d.draw_error_logged) {
		cli_error(r->cli, "the screen '%s' has more than its draw list holds",
			  shop_screen_name(r->ui.screen));
		r->d.draw_error_logged = 1;
	}
	return 0;
}

static int is_typing(const struct shop_ui *u)
{
	switch (u->screen) {
	case SH_FB_COMMENT: case SH_FB_PHONE: case SH_OR_PHONE: case SH_OR_NAME:
	case SH_OR_DISTRICT: case SH_OR_ADDRESS: case SH_OR_TRX: case SH_OR_COLLECT: case SH_OR_FIND:
	case SH_PIN:
		return 1;
	default:
		return 0;
	}
}

static void handle_event(void *ctx, const SDL_Event *ev)
{
	struct shop_run *r = ctx;
	int64_t now = now_ms();

	switch (ev->type) {
	case SDL_QUIT:
		if (r->ui.screen != SH_PIN)
			shop_escape(&r->ui, now);
		break;
	case SDL_KEYDOWN:
		if (ev->key.keysym.scancode == SDL_SCANCODE_ESCAPE)
			shop_escape(&r->ui, now);
		else if (ev->key.keysym.scancode == SDL_SCANCODE_BACKSPACE)
			do_action(r, shop_backspace(&r->ui, now));
		else if (ev->key.keysym.scancode == SDL_SCANCODE_RETURN ||
			 ev->key.keysym.scancode == SDL_SCANCODE_KP_ENTER)
			do_action(r, shop_enter(&r->ui, now));
		break;
	case SDL_TEXTINPUT:
		if (is_typing(&r->ui))
			do_action(r, shop_type(&r->ui, ev->text.text, now));
		break;
	case SDL_MOUSEBUTTONDOWN:
		if (ev->button.button == SDL_BUTTON_LEFT) {
			int id = ui_hit(&r->d.list[r->d.cur], ev->button.x, ev->button.y);
			char d[32];

			(void)snprintf(d, sizeof d, "%d", id);
			trace_event("tap", d);
			if (id >= 0)
				do_action(r, shop_press(&r->ui, id, now));
		}
		break;
	case SDL_WINDOWEVENT:
		run_sdl_window_event(&r->d, r->cli, &ev->window);
		break;
	default:
		break;
	}
}

static int loop(struct shop_run *r, const char *shot, int after_ms)
{
	Uint64 start = SDL_GetTicks64();

	while (!r->quit) {
		int timeout;

		print_poll(r, 0);
		(void)shop_tick(&r->ui, now_ms()); /* the draw list shows whether it changed */
		if (r->ui.screen != r->last_screen) {
			if (is_typing(&r->ui))
				SDL_StartTextInput();
			else
				SDL_StopTextInput();
			r->last_screen = r->ui.screen;
		}
		if (render(r) != 0)
			return EXIT_ERROR;
		timeout = shop_wake_ms(&r->ui, now_ms());
		if (r->print_pid > 0 && (timeout < 0 || timeout > 100))
			timeout = 100; /* look at the print job ten times a second */
		if (shot) {
			int64_t left = run_sdl_shot_left(start, after_ms);

			if (left <= 0) {
				r->d.force = 1;
				if (render(r) != 0)
					return EXIT_ERROR;
				if (run_sdl_save_png(&r->d, r->cli, shot) != 0)
					return EXIT_ERROR;
				return EXIT_OK;
			}
			if (timeout < 0 || left < timeout)
				timeout = (int)left;
		}
		run_sdl_wait(timeout, handle_event, r); /* no CPU while nobody touches */
	}
	return EXIT_OK;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Redraw n times (forced, as if everything changed) and print the times. */
static int bench_frames(struct shop_run *r, int n)
{
	double *t = calloc((size_t)n, sizeof *t), sum = 0;

	if (!t) {
		cli_error(r->cli, "out of memory");
		return EXIT_ERROR;
	}
	{
		/* The first frame renders every text into the cache: reported apart. */
		double a = mono_ms();

		r->d.force = 1;
		if (render(r) != 0) {
			free(t);
			return EXIT_ERROR;
		}
		printf("first frame (cold text cache) %.2f ms; ", mono_ms() - a);
	}
	for (int i = 0; i < n; i++) {
		double a = mono_ms();

		r->d.force = 1;
		if (render(r) != 0) {
			free(t);
			return EXIT_ERROR;
		}
		t[i] = mono_ms() - a;
		sum += t[i];
	}
	qsort(t, (size_t)n, sizeof *t, cmp_double);
	printf("frames %d at %dx%d, screen %s, %d targets: mean %.2f ms, p50 %.2f ms, p95 %.2f ms, max %.2f ms\n",
	       n, r->d.w, r->d.h, shop_screen_name(r->ui.screen), r->d.list[r->d.cur].ntarget, sum / n,
	       t[n / 2], t[(n * 95) / 100 < n ? (n * 95) / 100 : n - 1], t[n - 1]);
	free(t);
	return EXIT_OK;
}

/* ------------------------------------------------------------------- main */

int run_shop(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"mode", required_argument, NULL, 'm'}, {"window", required_argument, NULL, 'w'},
		{"fullscreen", no_argument, NULL, 'f'}, {"lang", required_argument, NULL, 'l'},
		{"screenshot", required_argument, NULL, 's'},
		{"after-ms", required_argument, NULL, 'a'}, {"press", required_argument, NULL, 'p'},
		{"bench-frames", required_argument, NULL, 'b'}, {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct shop_run *r = &S;
	const char *mode = NULL, *lang = "bn", *shot = NULL, *press = NULL;
	int w = 1280, h = 720, windowed = 0, fullscreen = 0, after_ms = 300, bench = 0, opt;
	int rc = EXIT_ERROR;
	enum ui_lang ul;
	char err[KERR_LEN], fonts[4096];

	memset(r, 0, sizeof *r);
	r->cli = c;
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (opt) {
		case 'm': mode = optarg; break;
		case 'w':
			if (run_sdl_parse_window(c, optarg, &w, &h) != 0)
				return EXIT_USAGE;
			windowed = 1;
			break;
		case 'f': fullscreen = 1; break;
		case 'l': lang = optarg; break;
		case 's': shot = optarg; break;
		case 'a':
			if (run_sdl_parse_count(c, "--after-ms", optarg, 3600 * 1000, &after_ms) != 0)
				return EXIT_USAGE;
			break;
		case 'p': press = optarg; break;
		case 'b':
			if (run_sdl_parse_count(c, "--bench-frames", optarg, 1000 * 1000, &bench) != 0)
				return EXIT_USAGE;
			break;
		case 'h': fputs(usage, stdout); return EXIT_OK;
		case ':':
			cli_error(c, "run: %s needs a value (see 'kiosk run --help')", argv[optind - 1]);
			return EXIT_USAGE;
		default:
			cli_error(c, "run: unknown option '%s' for --mode %s", argv[optind - 1],
				  mode ? mode : "feedback|orders");
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		cli_error(c, "run: unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	if (!mode || (strcmp(mode, "feedback") != 0 && strcmp(mode, "orders") != 0)) {
		cli_error(c, "run: --mode wants door, feedback or orders");
		return EXIT_USAGE;
	}
	if (ui_lang_parse(lang, &ul) != 0) {
		cli_error(c, "run: --lang wants bn or en (got '%s')", lang);
		return EXIT_USAGE;
	}
	if (fullscreen && windowed) {
		cli_error(c, "run: use --window or --fullscreen, not both");
		return EXIT_USAGE;
	}
	if (trace_open(getenv("KIOSK_TRACE"), err) != 0) {
		cli_error(c, "%s", err);
		return EXIT_ERROR;
	}
	trace_event("start", mode);
	/* KIOSK_FONTS is taken as given here, without looking for the font in it. */
	if (getenv("KIOSK_FONTS") && *getenv("KIOSK_FONTS")) {
		(void)snprintf(fonts, sizeof fonts, "%s", getenv("KIOSK_FONTS"));
	} else if (!run_sdl_find_dir("KIOSK_FONTS", "fonts", "NotoSansBengali-Regular.ttf", fonts,
				     sizeof fonts)) {
		cli_error(c, "run: cannot find the fonts (NotoSansBengali-Regular.ttf); set KIOSK_FONTS=DIR");
		goto out_trace;
	}
	if (cli_open_unlocked(c, &r->st, 0) != 0)
		goto out_trace;
	if (cli_unlock(c, r->st) != 0)
		goto out_store;
	shop_init(&r->ui, strcmp(mode, "feedback") == 0 ? SHOP_FEEDBACK : SHOP_ORDERS, ul);
	r->last_screen = SH_SCREEN_COUNT;
	{
		char buf[SHOP_FIELD_MAX];

		if (store_meta_get(r->st, "event_name", buf, sizeof buf) > 0)
			(void)snprintf(r->ui.event_name, sizeof r->ui.event_name, "%s", buf);
	}
	if (run_sdl_libs_open(shot, IMG_INIT_PNG | IMG_INIT_JPG, NULL, err) != 0) {
		cli_error(c, "%s", err);
		goto out_store;
	}
	if (!windowed && !shot) {
		w = 800;
		h = 480;
	}
	if (run_sdl_open(&r->d, c, w, h, !windowed && !shot, shot, 0,
			 "(for a picture use --screenshot)", fonts) != 0)
		goto out_display;
	if (load_catalog(r, 1) != 0)
		goto out_ui;
	load_sellers_pay(r);
	{
		char printer[256];

		shop_set_printer(&r->ui, store_meta_get(r->st, "printer", printer, sizeof printer) > 0);
	}
	if (press && apply_presses(r, press) != 0) {
		rc = EXIT_USAGE;
		goto out_ui;
	}
	rc = bench > 0 ? bench_frames(r, bench) : loop(r, shot, after_ms);
	print_poll(r, 1); /* the job finishes; no zombie left behind */
	trace_event("exit", NULL);
out_ui:
	for (int i = 0; i < ITEMS_MAX; i++)
		if (r->tex[i])
			SDL_DestroyTexture(r->tex[i]);
	if (r->qr)
		SDL_DestroyTexture(r->qr);
	if (r->seller_qr)
		SDL_DestroyTexture(r->seller_qr);
	if (r->wa_qr)
		SDL_DestroyTexture(r->wa_qr);
out_display:
	run_sdl_close(&r->d);
	run_sdl_libs_close();
out_store:
	store_close(r->st);
out_trace:
	trace_close();
	return rc;
}

int run_shop_wants(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *v = NULL;

		if (strcmp(argv[i], "--mode") == 0 && i + 1 < argc)
			v = argv[i + 1];
		else if (strncmp(argv[i], "--mode=", 7) == 0)
			v = argv[i] + 7;
		if (v)
			return strcmp(v, "feedback") == 0 || strcmp(v, "orders") == 0;
	}
	return 0;
}
