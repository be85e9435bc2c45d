/* main.c - `kiosk`: start reading here. Takes --data out of argv, then hands
 * the rest to the command table below. Only main() exits. */
#include <stdio.h>

#include "cli.h"
#include "commands.h"

static const struct cli_command commands[] = {
	{"init", cmd_init, "create an event and its keys (--event NAME [--starts ISO --ends ISO])"},
	{"passphrase change", cmd_passphrase_change, "wrap the data key by a new passphrase (the data is not re-encrypted)"},
	{"unlock-card", cmd_unlock_card, "print an unlock card: a QR that opens the data at the door (--out FILE.png)"},
	{"attendees import", cmd_attendees_import, "import the roster from a CSV file"},
	{"attendees list", cmd_attendees_list, "print the roster with who is in"},
	{"attendees cancel", cmd_attendees_cancel, "revoke an attendee's ticket"},
	{"attendees add", cmd_attendees_add, "register a walk-in (--name NAME --phone PHONE); exit 1 if the phone is known"},
	{"tickets issue", cmd_tickets_exec, "write QR PNGs, ticket cards, a printable sheet, codes.csv and messages.csv"},
	{"keys rotate", cmd_keys_rotate, "make a new event key pair; tickets already issued stay valid"},
	{"door set", cmd_door_set, "set up a door: ticket types it admits, exit mode, self-service"},
	{"station add", cmd_station_add, "add a station (gift bags, raffle, talk): once per guest"},
	{"status", cmd_status, "print admitted, inside, exits, per door and station (key: value)"},
	{"checkin", cmd_checkin, "check a ticket code in, --exit out, --station NAME (exit 0 ok, 1 used, 2 rejected, 3+ error)"},
	{"report", cmd_report, "write the after-meetup report: index.html and CSVs (--out DIR)"},
	{"run", cmd_run_exec, "open the door screen (--mode door, --window WxH, --camera DEV, --frames PATH)"},
	{"catalog import", cmd_catalog_import, "import products (seller, product, price, stock, image, tags) from a CSV file"},
	{"catalog list", cmd_catalog_list, "print the catalog with the stock left"},
	{"catalog adjust", cmd_catalog_adjust, "change the stock of a product (PRODUCT DELTA)"},
	{"catalog seller", cmd_catalog_seller_exec, "set a seller's bKash/Nagad/Rocket numbers and payment QR (SELLER --bkash N --qr IMAGE)"},
	{"catalog delivery", cmd_catalog_delivery, "set the delivery charge inside Dhaka and outside (--inside-dhaka TAKA --outside TAKA)"},
	{"orders export", cmd_orders_export, "write the orders to deliver as a courier's bulk-upload CSV (--courier FILE [--map FILE])"},
	{"orders add", cmd_orders_add, "take an order from the command line (a phone order)"},
	{"orders list", cmd_orders_list, "print every order"},
	{"orders receipt", cmd_orders_receipt_exec, "a guest's receipt: text, a wa.me message, a PNG or printed through CUPS (ORDERNO)"},
	{"orders cancel", cmd_orders_cancel, "cancel an order (ORDERNO --pin PIN)"},
	{"feedback export", cmd_feedback_export, "write every feedback as a CSV file"},
	{"payments import", cmd_payments_import, "read wallet money received: pasted SMS, an SMS backup XML or a statement CSV (FILE)"},
	{"payments list", cmd_payments_list, "match wallet orders and payments: ORDERNO|-, matched|missing|amount_mismatch|unknown, ..."},
	{"courier import", cmd_courier_import, "read a courier's delivery-status export: delivered, returned, cancelled (FILE.csv)"},
	{"customers show", cmd_customers_show, "a customer's orders and parcels as key: value lines (PHONE)"},
	{"device add", cmd_device_add, "enrol a new device and write its bundle (NAME --out FILE)"},
	{"device revoke", cmd_device_revoke, "revoke a lost or misbehaving device (DEVICE_ID)"},
	{"device join", cmd_device_join, "create this device's store from an enrolment bundle (FILE)"},
	{"verify", cmd_verify, "check the journal chain, sequence numbers and projections"},
	{"rebuild", cmd_rebuild, "recreate the projections from the journal"},
	{"scan", cmd_scan_exec, "decode QR codes in image files: PATH<TAB>TEXT per code"},
	{NULL, NULL, NULL},
};

int main(int argc, char **argv)
{
	return cli_main("kiosk", commands, argc, argv);
}
