/* ticketmsg.h - the words and links that send a ticket from a phone in two
 * taps: the Bengali message, a WhatsApp link (wa.me) and an SMS link, and
 * the event's date and time written in Bengali. Pure: libc only. */
#ifndef KIOSK_TICKETMSG_H
#define KIOSK_TICKETMSG_H

#include <stddef.h>
#include <stdint.h>

#define TICKETMSG_MAX 1024      /* the message text */
#define TICKETMSG_LINK_MAX 4096 /* a link with the message percent-encoded */

/* "৫ ডিসেম্বর ২০২৬, ১৫:০০" (lang "bn") or "5 December 2026, 15:00" for Unix
 * ms in a zone off_min east of UTC. Returns the length, or -1 if cap is too small. */
int ticketmsg_when(int64_t ms, int off_min, const char *lang, char *out, size_t cap);

/* The Bengali message to a guest: greeting by name, the event, when (may be
 * ""), where (may be ""), to show the QR at the door, and the code.
 * Returns the length, or -1 if cap is too small. */
int ticketmsg_text(const char *name, const char *event, const char *when, const char *venue,
		   const char *code, char *out, size_t cap);

/* "https://wa.me/8801XXXXXXXXX?text=..." and "sms:+8801XXXXXXXXX?body=..."
 * for a phone in the stored form (+8801XXXXXXXXX); text is percent-encoded
 * (UTF-8 bytes, RFC 3986 unreserved characters kept). Return the length, or
 * -1 if the phone is not in that form or cap is too small. */
int ticketmsg_whatsapp(const char *phone, const char *text, char *out, size_t cap);
int ticketmsg_sms(const char *phone, const char *text, char *out, size_t cap);

#endif
