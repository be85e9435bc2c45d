/* commands.h - every `kiosk` subcommand; each lives in kiosk/cmd_*.c.
 * Front end. Each returns an exit code from cli.h. argv[0] is the command name. */
#ifndef KIOSK_COMMANDS_H
#define KIOSK_COMMANDS_H

#include "cli.h"

int cmd_init(struct cli *c, int argc, char **argv);
int cmd_passphrase_change(struct cli *c, int argc, char **argv);
int cmd_unlock_card(struct cli *c, int argc, char **argv);
int cmd_attendees_import(struct cli *c, int argc, char **argv);
int cmd_attendees_list(struct cli *c, int argc, char **argv);
int cmd_attendees_cancel(struct cli *c, int argc, char **argv);
int cmd_attendees_add(struct cli *c, int argc, char **argv);
int cmd_tickets_issue(struct cli *c, int argc, char **argv);
int cmd_checkin(struct cli *c, int argc, char **argv);
int cmd_scan(struct cli *c, int argc, char **argv);
int cmd_verify(struct cli *c, int argc, char **argv);
int cmd_rebuild(struct cli *c, int argc, char **argv);
int cmd_door_set(struct cli *c, int argc, char **argv);
/* door set --allow: the list in its canonical spelling (lower case, no
 * spaces around commas), every type one of the event's (cmd_attendees.c).
 * 0, or -1 with err. */
struct store;
int door_allow_canonical(struct store *st, const char *allow, char *out, size_t cap,
			 char err[KERR_LEN]);
int cmd_status(struct cli *c, int argc, char **argv);
int cmd_station_add(struct cli *c, int argc, char **argv);
int cmd_keys_rotate(struct cli *c, int argc, char **argv);
int cmd_report(struct cli *c, int argc, char **argv);
int cmd_run(struct cli *c, int argc, char **argv);
/* `kiosk run` and `kiosk scan` exec kiosk-screen and kiosk-scan (helper.c). */
int cmd_run_exec(struct cli *c, int argc, char **argv);
int cmd_tickets_exec(struct cli *c, int argc, char **argv);
int cmd_scan_exec(struct cli *c, int argc, char **argv);
int cmd_orders_receipt_exec(struct cli *c, int argc, char **argv);
int cmd_catalog_seller_exec(struct cli *c, int argc, char **argv);
int cmd_catalog_import(struct cli *c, int argc, char **argv);
int cmd_catalog_list(struct cli *c, int argc, char **argv);
int cmd_catalog_adjust(struct cli *c, int argc, char **argv);
int cmd_orders_export(struct cli *c, int argc, char **argv);
int cmd_orders_list(struct cli *c, int argc, char **argv);
int cmd_orders_add(struct cli *c, int argc, char **argv);
int cmd_orders_cancel(struct cli *c, int argc, char **argv);
int cmd_feedback_export(struct cli *c, int argc, char **argv);
int cmd_courier_import(struct cli *c, int argc, char **argv);
int cmd_customers_show(struct cli *c, int argc, char **argv);
int cmd_orders_receipt(struct cli *c, int argc, char **argv);
int cmd_catalog_delivery(struct cli *c, int argc, char **argv);
int cmd_catalog_seller(struct cli *c, int argc, char **argv);
int cmd_payments_import(struct cli *c, int argc, char **argv);
int cmd_payments_list(struct cli *c, int argc, char **argv);
int cmd_device_add(struct cli *c, int argc, char **argv);
int cmd_device_join(struct cli *c, int argc, char **argv);
int cmd_device_revoke(struct cli *c, int argc, char **argv);

#endif
