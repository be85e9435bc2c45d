/* test_screen_shop.c - unit tests for kiosk/ui/screen_shop.c: every screen of
 * both modes laid out at five window sizes with touch targets of 9 mm or more
 * inside the window; the 30 s idle reset; thank-you only after a successful
 * store; stock and one-seller limits of the cart; the order draft. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "ui/screen_shop.h"

static struct shop_item items[4];
static struct ui_list list;

static int list_has_target(const struct ui_list *l, int id);

static void setup_items(void)
{
	static const char *const prod[4] = {"Aloe soap", "আমের আচার", "চা পাতা", "জলপাইয়ের আচার"};
	static const char *const sel[4] = {"Green Leaf", "রিনার রান্নাঘর", "রিনার রান্নাঘর", "রিনার রান্নাঘর"};

	memset(items, 0, sizeof items);
	for (int i = 0; i < 4; i++) {
		(void)snprintf(items[i].id, sizeof items[i].id, "p%d", i);
		(void)snprintf(items[i].product, sizeof items[i].product, "%s", prod[i]);
		(void)snprintf(items[i].seller, sizeof items[i].seller, "%s", sel[i]);
		(void)snprintf(items[i].tags, sizeof items[i].tags, "taste, packaging");
		items[i].price_poisha = 25000 + i * 100;
		items[i].left = i == 1 ? 2 : -1;
	}
}

static void press_all(struct shop_ui *s, const int *ids, int n)
{
	for (int i = 0; i < n; i++)
		(void)shop_press(s, ids[i], 1000 + i);
}

static void check_layout(const struct shop_ui *s)
{
	static const int sizes[][2] = {{800, 480}, {1024, 600}, {1280, 720}, {1920, 1080}, {480, 800}};

	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		struct ui_metrics m = ui_metrics_compute(sizes[k][0], sizes[k][1], 96);

		ui_list_init(&list, m.w, m.h);
		shop_draw(s, &m, 0, &list);
		if (list.overflow)
			fail_msg("%s at %dx%d: draw list overflow", shop_screen_name(s->screen), m.w, m.h);
		if (list.ntarget == 0 && s->screen != SH_FB_THANKS)
			fail_msg("%s at %dx%d: no targets", shop_screen_name(s->screen), m.w, m.h);
		for (int t = 0; t < list.ntarget; t++) {
			struct ui_rect r = list.target[t].r;

			if (!ui_is_touchable(&m, r))
				fail_msg("%s at %dx%d: target %d is %dx%d px, under 9 mm (%d px)",
					 shop_screen_name(s->screen), m.w, m.h, list.target[t].id, r.w,
					 r.h, m.target);
			if (r.x < 0 || r.y < 0 || r.x + r.w > m.w || r.y + r.h > m.h)
				fail_msg("%s at %dx%d: target %d outside the window",
					 shop_screen_name(s->screen), m.w, m.h, list.target[t].id);
		}
	}
}

static void test_layouts(void **state)
{
	struct shop_ui s;
	static const int fb[] = {SH_T_ITEM + 1, SH_T_FACE + 2, SH_T_TAG, SH_T_NEXT, SH_T_NEXT};
	static const int ord[] = {SH_T_SELLER + 1, SH_T_ITEM + 1, SH_T_ITEM + 2, SH_T_CART, SH_T_NEXT};

	(void)state;
	setup_items();
	for (int lang = 0; lang < 2; lang++) {
		shop_init(&s, SHOP_FEEDBACK, (enum ui_lang)lang);
		shop_set_items(&s, items, 4, NULL);
		check_layout(&s);
		for (int i = 0; i < 5; i++) {
			(void)shop_press(&s, fb[i], 100 + i);
			check_layout(&s);
		}
		assert_int_equal(s.screen, SH_FB_PHONE);
		shop_saved(&s, 1, NULL, NULL, 200);
		check_layout(&s);
		shop_escape(&s, 300);
		assert_int_equal(s.screen, SH_PIN);
		check_layout(&s);

		shop_init(&s, SHOP_ORDERS, (enum ui_lang)lang);
		shop_set_items(&s, items, 4, NULL);
		check_layout(&s);
		for (int i = 0; i < 5; i++) {
			(void)shop_press(&s, ord[i], 100 + i);
			check_layout(&s);
		}
		assert_int_equal(s.screen, SH_OR_PHONE);
		(void)shop_type(&s, "01712345678", 110);
		assert_int_equal(shop_press(&s, SH_T_NEXT, 111).kind, SHOP_ACT_LOOKUP);
		{
			struct shop_customer c = {.name = "ফারহানা", .district = "Dhaka",
						  .address = "House 7", .orders = 1};

			shop_set_customer(&s, 1, &c, 112);
		}
		check_layout(&s);
		assert_int_equal(s.screen, SH_OR_NAME);
		assert_string_equal(s.name, ""); /* offered after its first letters only */
		(void)shop_type(&s, "ফা", 113);
		check_layout(&s); /* with the offer */
		(void)shop_press(&s, SH_T_USE_NAME, 113);
		assert_string_equal(s.name, "ফারহানা");
		assert_int_equal(s.screen, SH_OR_DISTRICT);
		check_layout(&s);
		(void)shop_press(&s, SH_T_NEXT, 114); /* district offered from the earlier order */
		assert_int_equal(s.screen, SH_OR_ADDRESS);
		assert_string_equal(s.address, "");
		check_layout(&s);
		(void)shop_press(&s, SH_T_USE_SAVED, 115);
		assert_string_equal(s.address, "House 7");
		check_layout(&s);
		(void)shop_press(&s, SH_T_PAY + PAY_COD, 116);
		assert_int_equal(s.screen, SH_OR_COLLECT);
		check_layout(&s);
		/* More than the total (৳502) is not collected. */
		(void)shop_type(&s, "100000", 117);
		(void)shop_press(&s, SH_T_NEXT, 117);
		assert_int_equal(s.screen, SH_OR_COLLECT);
		for (int i = 0; i < 6; i++)
			(void)shop_backspace(&s, 117);
		assert_string_equal(s.collect, "");
		(void)shop_press(&s, SH_T_NEXT, 117);
		assert_int_equal(s.screen, SH_OR_CONFIRM);
		check_layout(&s);
		assert_int_equal(shop_press(&s, SH_T_CONFIRM, 118).kind, SHOP_ACT_SAVE_ORDER);
		assert_int_equal(s.checked.collect_poisha, s.checked.total_poisha);
		assert_int_equal(s.checked.total_poisha, 25100 + 25200);
		shop_saved(&s, 1, "ABCD-0001-X", NULL, 119);
		assert_int_equal(s.screen, SH_OR_RECEIPT);
		check_layout(&s);
		shop_saved(&s, 0, NULL, "disk full", 120);
		check_layout(&s);
	}
}

static void test_idle_and_thanks(void **state)
{
	struct shop_ui s;

	(void)state;
	setup_items();
	shop_init(&s, SHOP_FEEDBACK, UI_BN);
	shop_set_items(&s, items, 4, NULL);
	(void)shop_press(&s, SH_T_MEETUP, 1000);
	(void)shop_press(&s, SH_T_FACE + 1, 2000);
	(void)shop_press(&s, SH_T_NEXT, 3000);
	(void)shop_type(&s, "the last guest's words", 4000);
	assert_int_equal(s.screen, SH_FB_COMMENT);
	/* A TAB is a space, an escape sequence's control bytes are left out:
	 * nothing reaches the journal that a terminal would obey. */
	(void)shop_type(&s, "\t\x1b]0;x\x07\xe2\x80\xae", 4000);
	assert_string_equal(s.comment, "the last guest's words ]0;x");
	assert_int_equal(shop_wake_ms(&s, 4000), SHOP_FB_IDLE_MS);
	assert_int_equal(shop_tick(&s, 4000 + SHOP_FB_IDLE_MS - 1), 0);
	assert_int_equal(shop_tick(&s, 4000 + SHOP_FB_IDLE_MS), 1);
	assert_int_equal(s.screen, SH_FB_PICK);
	assert_string_equal(s.comment, "");
	assert_int_equal(s.fb_face, 0);
	assert_int_equal(shop_wake_ms(&s, 50000), -1); /* nothing to wait for: sleep */
	/* Thanks only from shop_saved(ok); then back to the start. */
	(void)shop_press(&s, SH_T_MEETUP, 60000);
	(void)shop_press(&s, SH_T_FACE + 4, 60100);
	(void)shop_press(&s, SH_T_SKIP, 60200);
	(void)shop_press(&s, SH_T_SKIP, 60300);
	assert_int_equal(shop_press(&s, SH_T_SKIP, 60400).kind, SHOP_ACT_SAVE_FEEDBACK);
	assert_int_equal(s.screen, SH_FB_PHONE);
	shop_saved(&s, 0, NULL, "disk I/O error", 60500);
	assert_int_equal(s.screen, SH_ERROR);
	assert_int_equal(shop_tick(&s, 60500 + SHOP_FB_IDLE_MS * 2), 0); /* an error stays */
	(void)shop_press(&s, SH_T_OK, 200000);
	assert_int_equal(s.screen, SH_FB_PHONE);
	assert_int_equal(s.fb_face, 4); /* kept for the retry */
	shop_saved(&s, 1, NULL, NULL, 200100);
	assert_int_equal(s.screen, SH_FB_THANKS);
	assert_int_equal(shop_tick(&s, 200100 + SHOP_FB_THANKS_MS), 1);
	assert_int_equal(s.screen, SH_FB_PICK);
}

static void test_cart_rules(void **state)
{
	struct shop_ui s;
	struct order_draft d;
	char tags[256];

	(void)state;
	setup_items();
	shop_init(&s, SHOP_ORDERS, UI_EN);
	shop_set_items(&s, items, 4, NULL);
	assert_int_equal(s.nsellers, 2);
	(void)shop_press(&s, SH_T_SELLER + 1, 1);
	/* Item 1 has 2 left: a third tap adds nothing. */
	press_all(&s, (const int[]){SH_T_ITEM + 1, SH_T_ITEM + 1, SH_T_ITEM + 1}, 3);
	assert_int_equal(s.ncart, 1);
	assert_int_equal(s.cart[0].qty, 2);
	/* Another seller's product is not added to this order. */
	(void)shop_press(&s, SH_T_ITEM + 0, 5);
	assert_int_equal(s.ncart, 1);
	(void)shop_press(&s, SH_T_CART, 6);
	(void)shop_press(&s, SH_T_MINUS, 7);
	(void)shop_press(&s, SH_T_MINUS, 8);
	assert_int_equal(s.cart[0].qty, 0);
	(void)shop_press(&s, SH_T_NEXT, 9);
	assert_int_equal(s.screen, SH_OR_CART); /* empty: no further */
	(void)shop_press(&s, SH_T_PLUS, 10);
	d = shop_order_draft(&s);
	assert_int_equal(d.nlines, 1);
	assert_int_equal(d.lines[0].qty, 1);
	/* A Bengali digit pressed on the amount pad is stored as ASCII. */
	(void)shop_press(&s, SH_T_NEXT, 11);
	(void)shop_type(&s, "01712345678", 12);
	(void)shop_press(&s, SH_T_NEXT, 13);
	shop_set_customer(&s, 0, NULL, 14);
	assert_int_equal(s.returning, 0);
	(void)shop_type(&s, "\x1b", 15);
	assert_string_equal(s.name, ""); /* nothing typed */
	(void)shop_type(&s, "Rahim\r", 15);
	assert_string_equal(s.name, "Rahim ");
	(void)shop_press(&s, SH_T_NEXT, 16);
	(void)shop_type(&s, "সিল", 17);
	assert_int_equal(s.nhits, 1);
	(void)shop_press(&s, SH_T_DISTRICT, 18);
	assert_string_equal(district_at(s.district)->en, "Sylhet");
	(void)shop_type(&s, "Zindabazar", 19);
	(void)shop_press(&s, SH_T_NEXT, 20);
	(void)shop_press(&s, SH_T_PAY + PAY_ROCKET, 21);
	(void)shop_type(&s, "12345", 22);
	(void)shop_press(&s, SH_T_NEXT, 23);
	assert_int_equal(s.screen, SH_OR_TRX);
	assert_true(strstr(s.msg_text, "10 characters") != NULL);
	/* Feedback on a seller as a whole. */
	shop_init(&s, SHOP_FEEDBACK, UI_EN);
	shop_set_items(&s, items, 4, NULL);
	(void)shop_press(&s, SH_T_SELLER + 1, 1);
	assert_int_equal(s.screen, SH_FB_FACE);
	assert_int_equal(s.fb_item, -1);
	assert_int_equal(s.fb_seller, 1);
	(void)shop_press(&s, SH_T_BACK, 2);
	assert_int_equal(s.fb_seller, -1); /* back at the start: nothing kept */
	/* Tags of a feedback come out comma-separated. */
	shop_init(&s, SHOP_FEEDBACK, UI_EN);
	shop_set_items(&s, items, 4, NULL);
	press_all(&s, (const int[]){SH_T_ITEM + 2, SH_T_FACE + 3, SH_T_TAG + 1, SH_T_TAG}, 4);
	shop_feedback_tags(&s, tags, sizeof tags);
	assert_string_equal(tags, "taste, packaging");
	(void)shop_press(&s, SH_T_TAG, 9);
	shop_feedback_tags(&s, tags, sizeof tags);
	assert_string_equal(tags, "packaging");
}

static int list_has_text(const struct ui_list *l, const char *text)
{
	for (int i = 0; i < l->ncmd; i++)
		if (l->cmd[i].kind == UI_TEXT && strcmp(l->arena + l->cmd[i].text, text) == 0)
			return 1;
	return 0;
}

/* Some text of the draw list holds needle. */
static int list_shows(const struct ui_list *l, const char *needle)
{
	for (int i = 0; i < l->ncmd; i++)
		if (l->cmd[i].kind == UI_TEXT && strstr(l->arena + l->cmd[i].text, needle))
			return 1;
	return 0;
}

static void draw_at(const struct shop_ui *s, int w, int h)
{
	struct ui_metrics m = ui_metrics_compute(w, h, 96);

	ui_list_init(&list, m.w, m.h);
	shop_draw(s, &m, 0, &list);
}

/* Whoever types a known phone at the order desk sees neither the name nor
 * the full address saved with it (issue 14): the name only after its first
 * letters, the address masked, before and after it is chosen. */
static void test_returning_shows_only_what_the_guest_knows(void **state)
{
	static const int ord[] = {SH_T_SELLER + 1, SH_T_ITEM + 2, SH_T_CART, SH_T_NEXT};
	static const char *const secret[] = {"ফারহানা", "আক্তার", "মিরপুর ১০", "ঢাকা ১২১৬"};
	struct shop_customer c = {.name = "ফারহানা আক্তার", .district = "Dhaka",
				  .address = "বাড়ি ১২, রোড ৫, মিরপুর ১০, ঢাকা ১২১৬", .orders = 2};
	struct shop_ui s;

	(void)state;
	setup_items();
	for (int lang = 0; lang < 2; lang++) {
		shop_init(&s, SHOP_ORDERS, (enum ui_lang)lang);
		shop_set_items(&s, items, 4, NULL);
		press_all(&s, ord, 4);
		(void)shop_type(&s, "01712345678", 110);
		(void)shop_press(&s, SH_T_NEXT, 111);
		shop_set_customer(&s, 1, &c, 112);
		assert_int_equal(s.screen, SH_OR_NAME);
		draw_at(&s, 800, 480);
		for (size_t i = 0; i < sizeof secret / sizeof secret[0]; i++)
			if (list_shows(&list, secret[i]))
				fail_msg("the name screen shows '%s' from the phone alone", secret[i]);
		assert_false(list_has_target(&list, SH_T_USE_NAME));
		/* A tap where the offer would be does nothing. */
		(void)shop_press(&s, SH_T_USE_NAME, 113);
		assert_string_equal(s.name, "");
		/* One letter, or letters that do not begin the name: still nothing. */
		(void)shop_type(&s, "ফ", 113);
		draw_at(&s, 800, 480);
		assert_false(list_has_target(&list, SH_T_USE_NAME));
		assert_false(list_shows(&list, "আক্তার"));
		(void)shop_backspace(&s, 114);
		(void)shop_type(&s, "আক", 114);
		draw_at(&s, 800, 480);
		assert_false(list_has_target(&list, SH_T_USE_NAME));
		(void)shop_backspace(&s, 114);
		(void)shop_backspace(&s, 114);
		/* Its first letters, in Latin: the saved name is offered. */
		(void)shop_type(&s, "far", 115);
		draw_at(&s, 800, 480);
		assert_true(list_has_target(&list, SH_T_USE_NAME));
		assert_true(list_shows(&list, "ফারহানা আক্তার"));
		(void)shop_press(&s, SH_T_USE_NAME, 116);
		assert_string_equal(s.name, "ফারহানা আক্তার");
		assert_int_equal(s.screen, SH_OR_DISTRICT);
		(void)shop_press(&s, SH_T_NEXT, 117); /* the district came back */
		assert_int_equal(s.screen, SH_OR_ADDRESS);
		draw_at(&s, 800, 480);
		assert_true(list_has_target(&list, SH_T_USE_SAVED));
		assert_true(list_shows(&list, "বাড়ি ১২, রোড ৫, মিরপুর ..."));
		assert_false(list_shows(&list, "মিরপুর ১০"));
		assert_false(list_shows(&list, "১২১৬"));
		/* Confirmed: the order has it in full, the screens masked. */
		(void)shop_press(&s, SH_T_USE_SAVED, 118);
		assert_int_equal(s.screen, SH_OR_PAY);
		assert_string_equal(shop_order_draft(&s).address, c.address);
		(void)shop_press(&s, SH_T_PAY + PAY_CASH, 119);
		assert_int_equal(s.screen, SH_OR_CONFIRM);
		draw_at(&s, 1920, 1080);
		assert_true(list_shows(&list, "বাড়ি ১২, রোড ৫, মিরপুর ..."));
		assert_false(list_shows(&list, "মিরপুর ১০"));
		(void)shop_press(&s, SH_T_BACK, 120);
		(void)shop_press(&s, SH_T_BACK, 120);
		assert_int_equal(s.screen, SH_OR_ADDRESS);
		draw_at(&s, 800, 480);
		assert_false(list_shows(&list, "মিরপুর ১০"));
		/* Typing replaces it: a new full address, not an edit of the saved one. */
		(void)shop_type(&s, "H", 121);
		assert_string_equal(s.address, "H");
		assert_int_equal(s.address_saved, 0);
		(void)shop_type(&s, "ouse 3, Banani", 121);
		assert_string_equal(shop_order_draft(&s).address, "House 3, Banani");
		draw_at(&s, 800, 480);
		assert_true(list_shows(&list, "House 3, Banani"));
		/* Backspace on the chosen saved address clears it as a whole. */
		(void)shop_press(&s, SH_T_USE_SAVED, 122);
		(void)shop_press(&s, SH_T_BACK, 123);
		(void)shop_backspace(&s, 124);
		assert_string_equal(s.address, "");
		/* A new order forgets the customer. */
		(void)shop_press(&s, SH_T_USE_SAVED, 125);
		(void)shop_press(&s, SH_T_PAY + PAY_CASH, 126);
		assert_int_equal(shop_press(&s, SH_T_CONFIRM, 127).kind, SHOP_ACT_SAVE_ORDER);
		shop_saved(&s, 1, "ABCD-0001-X", NULL, 128);
		draw_at(&s, 800, 480);
		assert_false(list_shows(&list, "মিরপুর ১০"));
		(void)shop_press(&s, SH_T_NEW, 129);
		assert_string_equal(s.customer.name, "");
		assert_string_equal(s.customer.address, "");
	}
}

/* An order opened by its number (short, in sequence: anyone can type one)
 * shows the customer's initials, not the name. */
static void test_opened_order_shows_initials(void **state)
{
	struct shop_opened o = {.order_no = "ABCD-0001-X", .name = "ফারহানা আক্তার",
				.seller = "Green Leaf", .total_poisha = 25000, .method = PAY_CASH};
	struct shop_ui s;

	(void)state;
	shop_init(&s, SHOP_ORDERS, UI_BN);
	(void)shop_press(&s, SH_T_FIND, 10);
	shop_set_opened(&s, 1, &o, 11);
	assert_int_equal(s.screen, SH_OR_OPENED);
	draw_at(&s, 800, 480);
	assert_false(list_shows(&list, "ফারহানা"));
	assert_false(list_shows(&list, "আক্তার"));
	assert_true(list_shows(&list, "ফা. আ."));
}

/* The feedback question fits the product: food is tasted, a saree is seen
 * and felt; "which did you taste?" only when everything is food. */
static void test_question_per_kind(void **state)
{
	struct shop_ui s;
	struct ui_metrics m = ui_metrics_compute(800, 480, 96);

	(void)state;
	setup_items();
	items[0].kind = CATALOG_KIND_OTHER;  /* Aloe soap */
	items[1].kind = CATALOG_KIND_FOOD;   /* আমের আচার */
	items[2].kind = CATALOG_KIND_FOOD;
	items[3].kind = CATALOG_KIND_CLOTHES;
	shop_init(&s, SHOP_FEEDBACK, UI_BN);
	shop_set_items(&s, items, 4, NULL);
	ui_list_init(&list, m.w, m.h);
	shop_draw(&s, &m, 0, &list);
	assert_true(list_has_text(&list, "কোন পণ্য নিয়ে বলবেন?"));
	assert_false(list_has_text(&list, "আপনি কোনটি চেখে দেখেছেন?"));
	(void)shop_press(&s, SH_T_ITEM + 1, 10);
	ui_list_init(&list, m.w, m.h);
	shop_draw(&s, &m, 0, &list);
	assert_true(list_has_text(&list, "স্বাদ কেমন লাগল?"));
	shop_init(&s, SHOP_FEEDBACK, UI_EN);
	shop_set_items(&s, items, 4, NULL);
	(void)shop_press(&s, SH_T_ITEM + 3, 10);
	ui_list_init(&list, m.w, m.h);
	shop_draw(&s, &m, 0, &list);
	assert_true(list_has_text(&list, "How did it look and feel?"));
	shop_init(&s, SHOP_FEEDBACK, UI_EN);
	shop_set_items(&s, items, 4, NULL);
	(void)shop_press(&s, SH_T_ITEM + 0, 10);
	ui_list_init(&list, m.w, m.h);
	shop_draw(&s, &m, 0, &list);
	assert_true(list_has_text(&list, "How was it?"));
	/* All food: the tasting question. */
	for (int i = 0; i < 4; i++)
		items[i].kind = CATALOG_KIND_FOOD;
	shop_init(&s, SHOP_FEEDBACK, UI_BN);
	shop_set_items(&s, items, 4, NULL);
	ui_list_init(&list, m.w, m.h);
	shop_draw(&s, &m, 0, &list);
	assert_true(list_has_text(&list, "আপনি কোনটি চেখে দেখেছেন?"));
}

/* A receipt screen reached through a real order (cash) in lang. */
static void to_receipt(struct shop_ui *s, enum ui_lang lang, int has_printer)
{
	static const int ord[] = {SH_T_SELLER + 1, SH_T_ITEM + 2, SH_T_CART, SH_T_NEXT};

	setup_items();
	shop_init(s, SHOP_ORDERS, lang);
	shop_set_items(s, items, 4, NULL);
	shop_set_printer(s, has_printer);
	press_all(s, ord, 4);
	(void)shop_type(s, "01712345678", 110);
	(void)shop_press(s, SH_T_NEXT, 111);
	shop_set_customer(s, 0, NULL, 112);
	(void)shop_type(s, "Farhana", 113);
	(void)shop_press(s, SH_T_NEXT, 114);
	(void)shop_type(s, "Dhaka", 115);
	(void)shop_press(s, SH_T_DISTRICT, 116);
	(void)shop_press(s, SH_T_NEXT, 117);
	(void)shop_type(s, "House 7", 118);
	(void)shop_press(s, SH_T_NEXT, 119);
	(void)shop_press(s, SH_T_PAY + PAY_CASH, 120);
	assert_int_equal(s->screen, SH_OR_CONFIRM);
	assert_int_equal(shop_press(s, SH_T_CONFIRM, 121).kind, SHOP_ACT_SAVE_ORDER);
	shop_saved(s, 1, "ABCD-0001-X", NULL, 122);
	assert_int_equal(s->screen, SH_OR_RECEIPT);
}

static int list_has_target(const struct ui_list *l, int id)
{
	for (int i = 0; i < l->ntarget; i++)
		if (l->target[i].id == id)
			return 1;
	return 0;
}

static int list_has_image(const struct ui_list *l, int image)
{
	for (int i = 0; i < l->ncmd; i++)
		if (l->cmd[i].kind == UI_IMAGE && l->cmd[i].image == image)
			return 1;
	return 0;
}

/* Print shows only on a device with a printer; a press asks the adapter
 * for one job, says "printing" until it ends, then what became of it. */
static void test_receipt_print(void **state)
{
	struct shop_ui s;

	(void)state;
	for (int lang = 0; lang < 2; lang++) {
		to_receipt(&s, (enum ui_lang)lang, 0);
		draw_at(&s, 800, 480);
		assert_false(list_has_target(&list, SH_T_PRINT));
		assert_true(list_has_image(&list, SHOP_IMAGE_WA_QR)); /* the guest's own phone */
		assert_true(list_has_image(&list, SHOP_IMAGE_QR));
		assert_int_equal(shop_press(&s, SH_T_PRINT, 130).kind, SHOP_ACT_NONE);
		check_layout(&s);

		to_receipt(&s, (enum ui_lang)lang, 1);
		check_layout(&s);
		draw_at(&s, 800, 480);
		assert_true(list_has_target(&list, SH_T_PRINT));
		assert_true(list_has_text(&list, lang == UI_BN ? "প্রিন্ট" : "Print"));
		assert_int_equal(shop_press(&s, SH_T_PRINT, 130).kind, SHOP_ACT_PRINT);
		assert_int_equal(s.screen, SH_OR_RECEIPT);
		draw_at(&s, 800, 480);
		assert_true(list_has_text(&list, lang == UI_BN ? "প্রিন্ট হচ্ছে…" : "Printing…"));
		assert_false(list_has_target(&list, SH_T_PRINT)); /* one job at a time */
		assert_int_equal(shop_press(&s, SH_T_PRINT, 131).kind, SHOP_ACT_NONE);
		check_layout(&s);
		shop_printed(&s, 0, 140);
		draw_at(&s, 1920, 1080);
		assert_true(list_has_text(&list, lang == UI_BN ? "প্রিন্টার পাওয়া যায়নি"
							: "Printer not found"));
		check_layout(&s);
		assert_int_equal(shop_press(&s, SH_T_PRINT, 150).kind, SHOP_ACT_PRINT); /* again */
		shop_printed(&s, 1, 160);
		draw_at(&s, 800, 480);
		assert_true(list_has_text(&list, lang == UI_BN ? "প্রিন্ট হয়েছে" : "Printed"));
		assert_true(list_has_target(&list, SH_T_PRINT));
		/* The next order's receipt starts without the last one's word. */
		(void)shop_press(&s, SH_T_NEW, 170);
		assert_int_equal(s.screen, SH_OR_SELLER);
		assert_int_equal(shop_press(&s, SH_T_PRINT, 171).kind, SHOP_ACT_NONE);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layouts),
		cmocka_unit_test(test_returning_shows_only_what_the_guest_knows),
		cmocka_unit_test(test_opened_order_shows_initials),
		cmocka_unit_test(test_idle_and_thanks),
		cmocka_unit_test(test_cart_rules),
		cmocka_unit_test(test_question_per_kind),
		cmocka_unit_test(test_receipt_print),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
