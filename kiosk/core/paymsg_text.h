/* paymsg_text.h - what the message reader (paymsg.c) and the file readers
 * (paymsg_file.c) share: ASCII helpers, the date and phone readers, the
 * wallet table. Private to kiosk/core. Pure. */
#ifndef KIOSK_PAYMSG_TEXT_H
#define KIOSK_PAYMSG_TEXT_H

#include "paymsg.h"

struct wallet_shape;

/* c in lowercase (ASCII only). */
char paymsg_lower(char c);

/* 1 if c is an ASCII digit. */
int paymsg_is_digit(char c);

/* strstr without regard to ASCII case; needle is lowercase. */
const char *paymsg_ci_find(const char *hay, const char *needle);

/* The first date and time in text as "YYYY-MM-DD HH:MM" in when; "" if none. */
void paymsg_read_when(const char *text, char when[PAYMSG_WHEN_MAX]);

/* The payer's number after a label: digits (with '+'), a Rocket account's
 * check digit dropped. "" when there is none or it is no BD mobile number. */
void paymsg_read_phone(const char *p, char phone[PHONE_LEN]);

/* The message shapes of wallet w; NULL for a wallet we cannot read. */
const struct wallet_shape *paymsg_shape_of(enum pay_method w);

#endif
