/* ui_strings.c - the screens' string table and number formats. Pure: libc only.
 * The table holds the English; the Bengali is assets/po/bn.po, compiled in
 * (core/i18n.h). A new string: add it here with N_(), then `make po` and
 * translate it in bn.po (tests/e2e_po.sh fails until it is; docs/translations.md). */
#include "ui_strings.h"

#include <string.h>

#include "core/i18n.h"
#include "core/money.h"
#include "core/timefmt.h"

/* The English, the msgids of assets/po/bn.po; the Bengali comes from there. */
static const char *const table[S_COUNT_STR] = {
	[S_SCAN_HINT] = N_("Show your ticket QR code"),
	[S_SCAN_SUB] = N_("Hold it to the camera or the scanner"),
	[S_COUNT_IN] = N_("%s / %s checked in"),
	[S_SEARCH] = N_("No ticket? Search"),
	[S_WALKIN] = N_("New guest"),
	[S_MENU] = N_("Organizer"),
	[S_OTHER_LANG] = N_("বাংলা"),
	[S_DOOR] = N_("Door: %s"),
	[S_NO_CAMERA] = N_("No camera · the USB scanner still works"),
	[S_CAMERA_ON] = N_("Camera on"),
	[S_WELCOME] = N_("Welcome!"),
	[S_ALREADY] = N_("Already checked in"),
	[S_FIRST_ENTRY] = N_("First entry: %s · %s"),
	[S_NOT_ACCEPTED] = N_("Entry not accepted"),
	[S_ASK_ORGANIZER] = N_("Please ask an organizer"),
	[S_ERROR_TITLE] = N_("Not saved"),
	[S_ERROR_SUB] = N_("Scan again; if it repeats, call an organizer"),
	[S_CHECKING] = N_("Checking…"),
	[S_CHECKING_SUB] = N_("One moment, please"),
	[S_TOO_MANY_SCANS] = N_("Too many scans at once"),
	[S_OK] = N_("OK"),
	[S_BACK] = N_("Back"),
	[S_SEARCH_TITLE] = N_("Type the phone's last digits or the name"),
	[S_NO_MATCH] = N_("Nobody found"),
	[S_SEARCH_LOADING] = N_("Loading the guest list…"),
	[S_CHECKIN] = N_("Check in"),
	[S_IS_IN] = N_("Inside"),
	[S_WALKIN_TITLE] = N_("Register a new guest"),
	[S_NAME] = N_("Name"),
	[S_PHONE] = N_("Phone"),
	[S_REGISTER] = N_("Register and check in"),
	[S_BAD_PHONE] = N_("The phone number is not valid (01XXXXXXXXX)"),
	[S_NEED_NAME] = N_("Please type a name"),
	[S_PIN_TITLE] = N_("Organizer PIN"),
	[S_PIN_WRONG] = N_("Wrong PIN"),
	[S_PIN_LOCKED] = N_("Locked: try again in %s seconds"),
	[S_MENU_TITLE] = N_("Organizer menu"),
	[S_UNDO] = N_("Undo"),
	[S_UNDONE] = N_("Undone: %s"),
	[S_LAST_CHECKINS] = N_("Last check-ins"),
	[S_NO_CHECKINS] = N_("Nobody checked in yet"),
	[S_LANGUAGE] = N_("Language: English"),
	[S_MODE_DOOR] = N_("Mode: door"),
	[S_COUNTS] = N_("%s inside · %s expected · %s walk-ins"),
	[S_LEAVE] = N_("Leave kiosk mode"),
	[S_KB_DIGITS] = N_("123"),
	[S_KB_LATIN] = N_("ABC"),
	[S_KB_BENGALI] = N_("কখগ"),
	[S_KB_MORE] = N_("অআই"),
	[S_SPACE] = N_("Space"),
	[S_DELETE] = N_("Delete"),
	[S_CLEAR] = N_("Clear"),
	[S_TYPE_GENERAL] = N_("General"),
	[S_TYPE_VIP] = N_("VIP"),
	[S_WALKIN_DONE] = N_("Walk-in · registered"),
	[S_ERROR_LOCKED] = N_("Please try again"),
	[S_SYNC_NOT_YET] = N_("Sync: checking…"),
	[S_SYNC_NO_TARGET] = N_("Sync: no target set (kiosk-sync target)"),
	[S_SYNC_NEVER] = N_("never"),
	[S_SYNC_STATE] = N_("Sync: last push %s · %s entries waiting"),
	[S_DOUBLE_ENTRIES] = N_("%s tickets admitted at two doors"),
	[S_SYNC_FAILED] = N_("Sync failed (%s waiting): %s"),
	[S_WELCOME_BACK] = N_("Welcome back!"),
	[S_EXIT_HINT] = N_("Going out? Scan your ticket"),
	[S_EXIT_SUB] = N_("Scan it again at the entrance when you come back"),
	[S_EXIT_OK] = N_("See you soon!"),
	[S_EXIT_OK_SUB] = N_("Went out at %s"),
	[S_NOT_INSIDE] = N_("Not inside"),
	[S_NOT_INSIDE_SUB] = N_("Please scan at the entrance"),
	[S_DOOR_EXIT] = N_("Door: %s · exit"),
	[S_STATION] = N_("Station: %s"),
	[S_STATION_HINT] = N_("%s: scan your ticket"),
	[S_STATION_SUB] = N_("One per guest"),
	[S_COLLECTED] = N_("Here you go!"),
	[S_ALREADY_COLLECTED] = N_("Already collected"),
	[S_COLLECTED_AT] = N_("Collected at %s"),
	[S_COUNT_COLLECTED] = N_("%s collected"),
	[S_COUNT_INSIDE] = N_("Inside %s · came %s / %s"),
	[S_COUNTS_ALL] = N_("Inside %s · came %s · expected %s · walk-ins %s"),
	[S_PLACE_LINE] = N_("%s: came %s · inside %s · out %s"),
	[S_STATION_LINE] = N_("%s: %s collected"),
	[S_STATION_TWICE_LINE] = N_("%s: %s collected · %s again"),
	[S_GIVE] = N_("Give"),
	[S_HAS_COLLECTED] = N_("Collected"),
	[S_MODE_ENTRY] = N_("Mode: entry"),
	[S_MODE_EXIT] = N_("Mode: exit"),
	[S_MODE_STATION] = N_("Mode: station"),
	[S_PHONE_KNOWN] = N_("This number belongs to %s. Check them in?"),
	[S_YES_CHECKIN] = N_("Yes, check in"),
	[S_NO_BACK] = N_("No, go back"),
	[S_NEED_PIN] = N_("Organizer PIN needed"),
	[S_UNDO_ASK] = N_("Undo the check-in of %s? Pick a reason"),
	[S_UNDO_WRONG] = N_("Wrong person"),
	[S_UNDO_TWICE] = N_("Scanned twice"),
	[S_UNDO_LEFT] = N_("Left the event"),
	[S_UNDO_CONFIRM] = N_("Confirm undo"),
	[S_LOCKED_TITLE] = N_("Locked: scan the unlock card"),
	[S_LOCKED_SUB] = N_("Hold the organizer's unlock card to the camera or the scanner"),
	[S_LOCKED_WHY] = N_("The guest list is encrypted on this device"),
	[S_NOT_CARD] = N_("That is not this event's unlock card"),
	[S_UNLOCK_FAILED] = N_("Could not unlock: call an organizer"),
};

const char *ui_str(enum ui_str s, enum ui_lang lang)
{
	const char *t;

	if ((int)s < 0 || s >= S_COUNT_STR)
		return "";
	t = table[s];
	return t ? i18n_text(NULL, t, lang != UI_EN) : "";
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
