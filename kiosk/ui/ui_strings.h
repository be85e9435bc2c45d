/* ui_strings.h - every word the kiosk screens show, in Bengali and English,
 * and the number and clock formats of each language. Bengali first.
 * Pure: libc only. The English is in ui_strings.c, the Bengali in
 * assets/po/bn.po (compiled in; core/i18n.h). */
#ifndef KIOSK_UI_STRINGS_H
#define KIOSK_UI_STRINGS_H

#include <stddef.h>
#include <stdint.h>

enum ui_lang { UI_BN = 0, UI_EN = 1 };

enum ui_str {
	S_SCAN_HINT,
	S_SCAN_SUB,
	S_COUNT_IN,          /* "%s / %s" checked in of expected */
	S_SEARCH,
	S_WALKIN,
	S_MENU,
	S_OTHER_LANG,        /* the name of the other language, for the switch */
	S_DOOR,              /* "Door: %s" */
	S_NO_CAMERA,
	S_CAMERA_ON,
	S_WELCOME,
	S_ALREADY,
	S_FIRST_ENTRY,       /* "%s · %s": clock, door */
	S_NOT_ACCEPTED,
	S_ASK_ORGANIZER,
	S_ERROR_TITLE,
	S_ERROR_SUB,
	S_CHECKING,
	S_CHECKING_SUB,
	S_TOO_MANY_SCANS,
	S_OK,
	S_BACK,
	S_SEARCH_TITLE,
	S_NO_MATCH,
	S_SEARCH_LOADING,    /* the roster index is still being built */
	S_CHECKIN,
	S_IS_IN,
	S_WALKIN_TITLE,
	S_NAME,
	S_PHONE,
	S_REGISTER,
	S_BAD_PHONE,
	S_NEED_NAME,
	S_PIN_TITLE,
	S_PIN_WRONG,
	S_PIN_LOCKED,        /* "%s" seconds */
	S_MENU_TITLE,
	S_UNDO,
	S_UNDONE,
	S_LAST_CHECKINS,
	S_NO_CHECKINS,
	S_LANGUAGE,
	S_MODE_DOOR,
	S_COUNTS,            /* "%s in · %s expected · %s walk-ins" */
	S_LEAVE,
	S_KB_DIGITS,
	S_KB_LATIN,
	S_KB_BENGALI,
	S_KB_MORE,
	S_SPACE,
	S_DELETE,
	S_CLEAR,
	S_TYPE_GENERAL,
	S_TYPE_VIP,
	S_WALKIN_DONE,
	S_ERROR_LOCKED,
	S_SYNC_NOT_YET,
	S_SYNC_NO_TARGET,
	S_SYNC_NEVER,
	S_SYNC_STATE,        /* "%s, %s": last push clock, entries waiting */
	S_SYNC_FAILED,       /* "%s, %s": entries waiting, error line */
	S_DOUBLE_ENTRIES,    /* "%s": tickets admitted at two doors */
	S_WELCOME_BACK,
	S_EXIT_HINT,
	S_EXIT_SUB,
	S_EXIT_OK,
	S_EXIT_OK_SUB,
	S_NOT_INSIDE,
	S_NOT_INSIDE_SUB,
	S_DOOR_EXIT,
	S_STATION,
	S_STATION_HINT,
	S_STATION_SUB,
	S_COLLECTED,
	S_ALREADY_COLLECTED,
	S_COLLECTED_AT,
	S_COUNT_COLLECTED,
	S_COUNT_INSIDE,
	S_COUNTS_ALL,
	S_PLACE_LINE,
	S_STATION_LINE,
	S_STATION_TWICE_LINE, /* a station that served guests again (offline devices) */
	S_GIVE,              /* a station's search: serve the guest found */
	S_HAS_COLLECTED,     /* a station's search: the guest has theirs */
	S_MODE_ENTRY,
	S_MODE_EXIT,
	S_MODE_STATION,
	S_PHONE_KNOWN,
	S_YES_CHECKIN,
	S_NO_BACK,
	S_NEED_PIN,
	S_UNDO_ASK,
	S_UNDO_WRONG,
	S_UNDO_TWICE,
	S_UNDO_LEFT,
	S_UNDO_CONFIRM,
	S_LOCKED_TITLE,      /* the door started without its passphrase */
	S_LOCKED_SUB,
	S_LOCKED_WHY,
	S_NOT_CARD,          /* a scan that is not this event's unlock card */
	S_UNLOCK_FAILED,
	S_COUNT_STR
};

/* The text of s in lang (never NULL). */
const char *ui_str(enum ui_str s, enum ui_lang lang);
/* The gettext msgid of s (its English text), for the catalog check. */
const char *ui_str_id(enum ui_str s);

/* Parse "bn"/"en"; returns 0 and *lang, or -1. */
int ui_lang_parse(const char *text, enum ui_lang *lang);
const char *ui_lang_code(enum ui_lang lang);

/* n with lakh grouping ("1,23,456") in lang's digits ("১,২৩,৪৫৬").
 * Returns the length written, or -1 if cap is too small. */
int ui_fmt_count(int64_t n, enum ui_lang lang, char *out, size_t cap);
/* Replace ASCII digits with Bengali ones when lang is UI_BN (copies otherwise).
 * Returns the length, or -1 if cap is too small. */
int ui_fmt_digits(const char *src, enum ui_lang lang, char *out, size_t cap);
/* "15:42" / "১৫:৪২" for Unix ms in a zone off_min minutes east of UTC. */
int ui_fmt_clock(int64_t ms, int off_min, enum ui_lang lang, char *out, size_t cap);

#endif
