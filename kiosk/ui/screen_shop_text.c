/* screen_shop_text.c - the words of the feedback and orders screens in
 * Bengali and English, and money and counts in the screen's digits.
 * Pure: libc only. */
#include "screen_shop_int.h"

#include "ui_text.h"

/* ---------------------------------------------------------------- strings */


static const char *const text_tab[T_COUNT][2] = {
	[T_FB_PICK] = {"আপনি কোনটি চেখে দেখেছেন?", "What did you try?"},
	[T_MEETUP] = {"পুরো মিটআপ", "The whole meetup"},
	[T_FB_FACE] = {"কেমন লাগল?", "How was it?"},
	[T_FACE1] = {"খুব খারাপ", "Very bad"},
	[T_FACE2] = {"খারাপ", "Bad"},
	[T_FACE3] = {"ভালো", "Good"},
	[T_FACE4] = {"খুব ভালো", "Very good"},
	[T_FB_TAGS] = {"কোন বিষয়ে বলবেন? (যত খুশি বাছুন)", "What is it about? (pick any)"},
	[T_FB_COMMENT] = {"আরও কিছু বলবেন? (ঐচ্ছিক)", "Anything else? (optional)"},
	[T_FB_PHONE] = {"যোগাযোগের জন্য মোবাইল নম্বর (ঐচ্ছিক)", "Mobile number to contact you (optional)"},
	[T_THANKS] = {"ধন্যবাদ!", "Thank you!"},
	[T_THANKS_SUB] = {"আপনার মতামত জমা হয়েছে", "Your feedback is saved"},
	[T_NEXT] = {"পরবর্তী", "Next"},
	[T_SKIP] = {"বাদ দিন", "Skip"},
	[T_BACK] = {"পেছনে", "Back"},
	[T_DONE] = {"জমা দিন", "Send"},
	[T_OR_SELLER] = {"বিক্রেতা বেছে নিন", "Choose the seller"},
	[T_OR_PRODUCTS] = {"পণ্য বেছে নিন", "Choose products"},
	[T_CART] = {"কার্ট", "Cart"},
	[T_CART_EMPTY] = {"কার্ট খালি", "Cart is empty"},
	[T_OR_CART] = {"কার্ট: পরিমাণ ঠিক করুন", "Cart: set quantities"},
	[T_TOTAL] = {"মোট", "Total"},
	[T_OR_PHONE] = {"ক্রেতার মোবাইল নম্বর", "Customer's mobile number"},
	[T_OR_NAME] = {"ক্রেতার নাম", "Customer's name"},
	[T_OR_DISTRICT] = {"জেলা", "District"},
	[T_OR_ADDRESS] = {"ঠিকানা", "Address"},
	[T_OR_PAY] = {"পেমেন্ট কীভাবে?", "How is it paid?"},
	[T_OR_TRX] = {"ট্রানজেকশন আইডি (TrxID)", "Transaction ID (TrxID)"},
	[T_OR_COLLECT] = {"ডেলিভারিতে কত টাকা আদায় হবে?", "Amount to collect on delivery"},
	[T_OR_CONFIRM] = {"অর্ডার মিলিয়ে নিন", "Check the order"},
	[T_CONFIRM] = {"নিশ্চিত করুন", "Confirm"},
	[T_RECEIPT] = {"অর্ডার নেওয়া হয়েছে", "Order placed"},
	[T_ORDER_NO] = {"অর্ডার নম্বর", "Order number"},
	[T_NEW_ORDER] = {"নতুন অর্ডার", "New order"},
	[T_PHOTO_QR] = {"QR কোডের ছবি তুলে রাখুন", "Take a photo of the QR code"},
	[T_WELCOME_BACK] = {"আবার স্বাগতম!", "Welcome back!"},
	[T_NEW_CUSTOMER] = {"নতুন ক্রেতা", "New customer"},
	[T_SAVE_FAILED] = {"সংরক্ষণ হয়নি", "Not saved"},
	[T_SAVE_FAILED_SUB] = {"আবার চেষ্টা করুন বা আয়োজককে ডাকুন", "Try again or call the organizer"},
	[T_OK] = {"ঠিক আছে", "OK"},
	[T_PIN] = {"আয়োজকের পিন", "Organizer PIN"},
	[T_PIN_WRONG] = {"ভুল পিন", "Wrong PIN"},
	[T_PIN_LOCKED] = {"অনেকবার ভুল: এক মিনিট অপেক্ষা করুন", "Too many tries: wait a minute"},
	[T_BAD_PHONE] = {"বাংলাদেশি মোবাইল নম্বর নয়", "Not a Bangladeshi mobile number"},
	[T_LEFT] = {"বাকি", "left"},
	[T_SOLD_OUT] = {"শেষ", "Sold out"},
	[T_PAGE] = {"পাতা", "Page"},
	[T_NO_PRODUCTS] = {"কোনো পণ্য নেই: kiosk catalog import", "No products yet: kiosk catalog import"},
	[T_DISTRICT_HINT] = {"জেলার নামের শুরু লিখুন", "Type the start of the district"},
	[T_CHOSEN] = {"বাছাই", "Chosen"},
	[T_PAY_WITH] = {"পেমেন্ট", "Payment"},
	[T_COLLECT_AMOUNT] = {"আদায়", "Collect"},
	[T_PAID] = {"পরিশোধিত", "Paid"},
	[T_LANG] = {"English", "বাংলা"},
	[T_OPTIONAL] = {"ঐচ্ছিক", "optional"},
	[T_USE_SAVED] = {"আগের ঠিকানা", "Saved address"},
};

const char *shop_tx(const struct shop_ui *s, enum shop_t t)
{
	return text_tab[t][s->lang == UI_BN ? 0 : 1];
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
