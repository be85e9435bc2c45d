/* ui_strings.c - the screens' string table and number formats. Pure: libc only.
 * Keep assets/po/bn.po in step: msgid = the English text, msgstr = the Bengali. */
#include "ui_strings.h"

#include <string.h>

#include "core/money.h"
#include "core/timefmt.h"

static const char *const table[S_COUNT_STR][2] = {
	[S_SCAN_HINT] = {"টিকিটের QR কোড দেখান", "Show your ticket QR code"},
	[S_SCAN_SUB] = {"ক্যামেরার সামনে ধরুন বা স্ক্যানারে স্ক্যান করুন",
			"Hold it to the camera or the scanner"},
	[S_COUNT_IN] = {"%s / %s জন এসেছেন", "%s / %s checked in"},
	[S_SEARCH] = {"টিকিট নেই? খুঁজুন", "No ticket? Search"},
	[S_WALKIN] = {"নতুন অতিথি", "New guest"},
	[S_MENU] = {"আয়োজক", "Organizer"},
	[S_OTHER_LANG] = {"English", "বাংলা"},
	[S_DOOR] = {"দরজা: %s", "Door: %s"},
	[S_NO_CAMERA] = {"ক্যামেরা নেই · USB স্ক্যানার চালু আছে",
			 "No camera · the USB scanner still works"},
	[S_CAMERA_ON] = {"ক্যামেরা চালু", "Camera on"},
	[S_WELCOME] = {"স্বাগতম!", "Welcome!"},
	[S_ALREADY] = {"আগেই প্রবেশ করেছেন", "Already checked in"},
	[S_FIRST_ENTRY] = {"প্রথম প্রবেশ: %s · %s", "First entry: %s · %s"},
	[S_NOT_ACCEPTED] = {"প্রবেশ করা যাবে না", "Entry not accepted"},
	[S_ASK_ORGANIZER] = {"সাহায্যের জন্য আয়োজককে ডাকুন", "Please ask an organizer"},
	[S_ERROR_TITLE] = {"সংরক্ষণ হয়নি", "Not saved"},
	[S_ERROR_SUB] = {"আবার স্ক্যান করুন; বারবার হলে আয়োজককে ডাকুন",
			 "Scan again; if it repeats, call an organizer"},
	[S_CHECKING] = {"যাচাই হচ্ছে…", "Checking…"},
	[S_CHECKING_SUB] = {"একটু অপেক্ষা করুন", "One moment, please"},
	[S_TOO_MANY_SCANS] = {"একসাথে অনেক স্ক্যান", "Too many scans at once"},
	[S_OK] = {"ঠিক আছে", "OK"},
	[S_BACK] = {"ফিরে যান", "Back"},
	[S_SEARCH_TITLE] = {"ফোনের শেষ সংখ্যা বা নাম লিখুন",
			    "Type the phone's last digits or the name"},
	[S_NO_MATCH] = {"কাউকে পাওয়া যায়নি", "Nobody found"},
	[S_CHECKIN] = {"প্রবেশ", "Check in"},
	[S_IS_IN] = {"ভেতরে", "Inside"},
	[S_WALKIN_TITLE] = {"নতুন অতিথির নিবন্ধন", "Register a new guest"},
	[S_NAME] = {"নাম", "Name"},
	[S_PHONE] = {"ফোন", "Phone"},
	[S_REGISTER] = {"নিবন্ধন ও প্রবেশ", "Register and check in"},
	[S_BAD_PHONE] = {"ফোন নম্বর সঠিক নয় (০১XXXXXXXXX)",
			 "The phone number is not valid (01XXXXXXXXX)"},
	[S_NEED_NAME] = {"নাম লিখুন", "Please type a name"},
	[S_PIN_TITLE] = {"আয়োজকের পিন", "Organizer PIN"},
	[S_PIN_WRONG] = {"পিন ভুল", "Wrong PIN"},
	[S_PIN_LOCKED] = {"বন্ধ: %s সেকেন্ড পরে আবার চেষ্টা করুন",
			  "Locked: try again in %s seconds"},
	[S_MENU_TITLE] = {"আয়োজকের মেনু", "Organizer menu"},
	[S_UNDO] = {"বাতিল", "Undo"},
	[S_UNDONE] = {"বাতিল করা হয়েছে: %s", "Undone: %s"},
	[S_LAST_CHECKINS] = {"শেষ প্রবেশগুলো", "Last check-ins"},
	[S_NO_CHECKINS] = {"এখনও কেউ প্রবেশ করেননি", "Nobody checked in yet"},
	[S_LANGUAGE] = {"ভাষা: বাংলা", "Language: English"},
	[S_MODE_DOOR] = {"মোড: দরজা", "Mode: door"},
	[S_COUNTS] = {"%s জন ভেতরে · %s জন প্রত্যাশিত · %s নতুন অতিথি",
		      "%s inside · %s expected · %s walk-ins"},
	[S_LEAVE] = {"কিয়স্ক বন্ধ করুন", "Leave kiosk mode"},
	[S_KB_DIGITS] = {"১২৩", "123"},
	[S_KB_LATIN] = {"ABC", "ABC"},
	[S_KB_BENGALI] = {"কখগ", "কখগ"},
	[S_KB_MORE] = {"অআই", "অআই"},
	[S_SPACE] = {"ফাঁকা", "Space"},
	[S_DELETE] = {"মুছুন", "Delete"},
	[S_CLEAR] = {"সব মুছুন", "Clear"},
	[S_TYPE_GENERAL] = {"সাধারণ", "General"},
	[S_TYPE_VIP] = {"ভিআইপি", "VIP"},
	[S_WALKIN_DONE] = {"নতুন অতিথি · নিবন্ধিত", "Walk-in · registered"},
	[S_ERROR_LOCKED] = {"আবার চেষ্টা করুন", "Please try again"},
	[S_SYNC_NOT_YET] = {"সিঙ্ক: দেখা হচ্ছে…", "Sync: checking…"},
	[S_SYNC_NO_TARGET] = {"সিঙ্ক: কোনো গন্তব্য ঠিক করা নেই (kiosk-sync target)",
			      "Sync: no target set (kiosk-sync target)"},
	[S_SYNC_NEVER] = {"কখনও না", "never"},
	[S_SYNC_STATE] = {"সিঙ্ক: শেষবার %s · %sটি এন্ট্রি অপেক্ষায়",
			  "Sync: last push %s · %s entries waiting"},
	[S_DOUBLE_ENTRIES] = {"%sটি টিকিট দুই দরজায় ঢুকেছে", "%s tickets admitted at two doors"},
	[S_SYNC_FAILED] = {"সিঙ্ক হয়নি (%sটি অপেক্ষায়): %s", "Sync failed (%s waiting): %s"},
	[S_WELCOME_BACK] = {"আবার স্বাগতম!",
		"Welcome back!"},
	[S_EXIT_HINT] = {"বের হচ্ছেন? টিকিট স্ক্যান করুন",
		"Going out? Scan your ticket"},
	[S_EXIT_SUB] = {"ফিরে এসে প্রবেশের দরজায় আবার স্ক্যান করবেন",
		"Scan it again at the entrance when you come back"},
	[S_EXIT_OK] = {"আবার আসবেন!",
		"See you soon!"},
	[S_EXIT_OK_SUB] = {"বের হলেন %s",
		"Went out at %s"},
	[S_NOT_INSIDE] = {"ভেতরে নেই",
		"Not inside"},
	[S_NOT_INSIDE_SUB] = {"প্রবেশের দরজায় স্ক্যান করুন",
		"Please scan at the entrance"},
	[S_DOOR_EXIT] = {"দরজা: %s · বাহির",
		"Door: %s · exit"},
	[S_STATION] = {"স্টেশন: %s",
		"Station: %s"},
	[S_STATION_HINT] = {"%s: টিকিট স্ক্যান করুন",
		"%s: scan your ticket"},
	[S_STATION_SUB] = {"প্রত্যেক অতিথি একবার পাবেন",
		"One per guest"},
	[S_COLLECTED] = {"নিয়ে যান!",
		"Here you go!"},
	[S_ALREADY_COLLECTED] = {"আগেই নিয়েছেন",
		"Already collected"},
	[S_COLLECTED_AT] = {"নিয়েছেন %s-এ",
		"Collected at %s"},
	[S_COUNT_COLLECTED] = {"%s জন নিয়েছেন",
		"%s collected"},
	[S_COUNT_INSIDE] = {"ভেতরে %s · এসেছেন %s / %s",
		"Inside %s · came %s / %s"},
	[S_COUNTS_ALL] = {"ভেতরে %s · এসেছেন %s · প্রত্যাশিত %s · নতুন অতিথি %s",
		"Inside %s · came %s · expected %s · walk-ins %s"},
	[S_PLACE_LINE] = {"%s: এসেছেন %s · ভেতরে %s · বের হয়েছেন %s",
		"%s: came %s · inside %s · out %s"},
	[S_STATION_LINE] = {"%s: %s জন নিয়েছেন",
		"%s: %s collected"},
	[S_MODE_ENTRY] = {"মোড: প্রবেশ",
		"Mode: entry"},
	[S_MODE_EXIT] = {"মোড: বাহির",
		"Mode: exit"},
	[S_MODE_STATION] = {"মোড: স্টেশন",
		"Mode: station"},
	[S_PHONE_KNOWN] = {"এই নম্বরটি %s-এর। তাঁকে প্রবেশ করাবেন?",
		"This number belongs to %s. Check them in?"},
	[S_YES_CHECKIN] = {"হ্যাঁ, প্রবেশ করান",
		"Yes, check in"},
	[S_NO_BACK] = {"না, ফিরে যান",
		"No, go back"},
	[S_NEED_PIN] = {"আয়োজকের পিন লাগবে",
		"Organizer PIN needed"},
	[S_UNDO_ASK] = {"%s-এর প্রবেশ বাতিল করবেন? কারণ বাছুন",
		"Undo the check-in of %s? Pick a reason"},
	[S_UNDO_WRONG] = {"ভুল মানুষ",
		"Wrong person"},
	[S_UNDO_TWICE] = {"দুবার স্ক্যান",
		"Scanned twice"},
	[S_UNDO_LEFT] = {"চলে গেছেন",
		"Left the event"},
	[S_UNDO_CONFIRM] = {"বাতিল নিশ্চিত করুন",
		"Confirm undo"},
};

const char *ui_str(enum ui_str s, enum ui_lang lang)
{
	const char *t;

	if ((int)s < 0 || s >= S_COUNT_STR)
		return "";
	t = table[s][lang == UI_EN ? 1 : 0];
	return t ? t : "";
}

const char *ui_str_id(enum ui_str s)
{
	return ui_str(s, UI_EN);
}

int ui_lang_parse(const char *text, enum ui_lang *lang)
{
	if (strcmp(text, "bn") == 0)
		*lang = UI_BN;
	else if (strcmp(text, "en") == 0)
		*lang = UI_EN;
	else
		return -1;
	return 0;
}

const char *ui_lang_code(enum ui_lang lang)
{
	return lang == UI_EN ? "en" : "bn";
}

/* Numbers and clocks come from money.c and timefmt.c so every screen, receipt
 * and report writes them the same way. */
int ui_fmt_digits(const char *src, enum ui_lang lang, char *out, size_t cap)
{
	size_t n = strlen(src);

	if (lang == UI_BN)
		return digits_to_bengali(src, out, cap);
	if (n + 1 > cap)
		return -1;
	memcpy(out, src, n + 1);
	return (int)n;
}

int ui_fmt_count(int64_t n, enum ui_lang lang, char *out, size_t cap)
{
	return count_format(n, ui_lang_code(lang), out, cap);
}

int ui_fmt_clock(int64_t ms, int off_min, enum ui_lang lang, char *out, size_t cap)
{
	return time_format_clock(ms, off_min, ui_lang_code(lang), out, cap);
}
