/* screen_shop_text.c - the words of the feedback and orders screens in
 * Bengali and English, and money and counts in the screen's digits.
 * Pure: libc only. */
#include "screen_shop_int.h"

#include "core/i18n.h"
#include "ui_text.h"

/* ---------------------------------------------------------------- strings */


/* The English, the msgids of assets/po/bn.po (context "shop" where the door
 * says the same English in other Bengali words). */
static const char *const text_tab[T_COUNT] = {
	[T_FB_PICK] = N_("What did you try?"),
	[T_MEETUP] = N_("The whole meetup"),
	[T_FB_FACE] = N_("How was it?"),
	[T_FACE1] = N_("Very bad"),
	[T_FACE2] = N_("Bad"),
	[T_FACE3] = N_("Good"),
	[T_FACE4] = N_("Very good"),
	[T_FB_TAGS] = N_("What is it about? (pick any)"),
	[T_FB_COMMENT] = N_("Anything else? (optional)"),
	[T_FB_PHONE] = N_("Mobile number to contact you (optional)"),
	[T_THANKS] = N_("Thank you!"),
	[T_THANKS_SUB] = N_("Your feedback is saved"),
	[T_NEXT] = N_("Next"),
	[T_SKIP] = N_("Skip"),
	[T_BACK] = NC_("shop", "Back"),
	[T_DONE] = N_("Send"),
	[T_OR_SELLER] = N_("Choose the seller"),
	[T_OR_PRODUCTS] = N_("Choose products"),
	[T_CART] = N_("Cart"),
	[T_CART_EMPTY] = N_("Cart is empty"),
	[T_OR_CART] = N_("Cart: set quantities"),
	[T_TOTAL] = N_("Total"),
	[T_OR_PHONE] = N_("Customer's mobile number"),
	[T_OR_NAME] = N_("Customer's name"),
	[T_OR_DISTRICT] = N_("District"),
	[T_OR_ADDRESS] = N_("Address"),
	[T_OR_PAY] = N_("How is it paid?"),
	[T_OR_TRX] = N_("Transaction ID (TrxID)"),
	[T_OR_COLLECT] = N_("Amount to collect on delivery"),
	[T_OR_CONFIRM] = N_("Check the order"),
	[T_CONFIRM] = N_("Confirm"),
	[T_RECEIPT] = N_("Order placed"),
	[T_ORDER_NO] = N_("Order number"),
	[T_NEW_ORDER] = N_("New order"),
	[T_PHOTO_QR] = N_("Take a photo of the QR code"),
	[T_WELCOME_BACK] = N_("Welcome back!"),
	[T_NEW_CUSTOMER] = N_("New customer"),
	[T_SAVE_FAILED] = N_("Not saved"),
	[T_SAVE_FAILED_SUB] = N_("Try again or call the organizer"),
	[T_OK] = N_("OK"),
	[T_PIN] = N_("Organizer PIN"),
	[T_PIN_WRONG] = NC_("shop", "Wrong PIN"),
	[T_PIN_LOCKED] = N_("Too many tries: wait a minute"),
	[T_BAD_PHONE] = N_("Not a Bangladeshi mobile number"),
	[T_LEFT] = N_("left"),
	[T_SOLD_OUT] = N_("Sold out"),
	[T_PAGE] = N_("Page"),
	[T_NO_PRODUCTS] = N_("No products yet: kiosk catalog import"),
	[T_DISTRICT_HINT] = N_("Type the start of the district"),
	[T_CHOSEN] = N_("Chosen"),
	[T_PAY_WITH] = N_("Payment"),
	[T_COLLECT_AMOUNT] = N_("Collect"),
	[T_PAID] = N_("Paid"),
	[T_LANG] = N_("বাংলা"),
	[T_OPTIONAL] = N_("optional"),
	[T_USE_SAVED] = N_("Saved address"),
	[T_FB_PICK_ANY] = N_("Which product is it about?"),
	[T_FB_FACE_FOOD] = N_("How did it taste?"),
	[T_FB_FACE_WEAR] = N_("How did it look and feel?"),
	[T_FIND_ORDER] = N_("Open an order"),
	[T_OR_FIND] = N_("Type the order number"),
	[T_NOT_ORDER_NO] = N_("Not an order number"),
	[T_NO_SUCH_ORDER] = N_("No order with this number"),
	[T_CANCELLED] = N_("Cancelled order"),
	[T_SEND_TO] = N_("Send to"),
	[T_ASK_NUMBER] = N_("Ask the seller for the number"),
	[T_COLLECT_EMPTY] = N_("Left empty: the total"),
	[T_NOT_AMOUNT] = N_("Not an amount"),
	[T_SELLER] = N_("Seller"),
	[T_NOTHING_TO_MATCH] = N_("Nothing to match for this payment"),
	[T_ARRIVED] = N_("arrived"),
	[T_IMPORT_HINT] = N_("Matched once the seller's SMS are imported"),
	[T_OPEN_ANOTHER] = N_("Another order"),
	[T_DELIVERY_CHARGE] = N_("Delivery charge"),
	[T_ONE_SELLER] = N_("This order is for %s only; another seller's products are a new order"),
	[T_RECORD] = N_("received %s times, returned %s"),
	[T_PRINT] = N_("Print"),
	[T_PRINTING] = N_("Printing…"),
	[T_PRINTED] = N_("Printed"),
	[T_PRINTER_NOT_FOUND] = N_("Printer not found"),
	[T_SCAN_WA] = N_("Scan with your phone: the receipt on WhatsApp"),
	[T_NAME_HINT] = N_("Type the first letters of your name"),
	[T_IS_THIS_YOU] = N_("Is this you?"),
	[T_ADDRESS_HINT] = N_("Tap your saved address, or type a new one"),
	[T_COD_CHECK] = N_("Parcels often returned: confirm by phone before cash on delivery"),
	[T_TRX_CLAIMED] = N_("This TrxID is on order %s already: one payment pays one order"),
};

const char *shop_tx(const struct shop_ui *s, enum shop_t t)
{
	return i18n_text("shop", text_tab[t], s->lang == UI_BN);
}

void shop_money(const struct shop_ui *s, int64_t poisha, char out[MONEY_TEXT_MAX])
{
	if (money_format(poisha, s->lang == UI_BN ? "bn" : "en", out, MONEY_TEXT_MAX) < 0)
		out[0] = '\0'; /* cannot happen: MONEY_TEXT_MAX holds any int64 */
}

void shop_count(const struct shop_ui *s, int64_t n, char out[32])
{
	if (ui_fmt_count(n, s->lang, out, 32) < 0)
		out[0] = '\0';
}
