/* scan_main.c - `kiosk-scan`: QR codes in image files, which `kiosk scan`
 * execs (helper.c), so that only this program loads zbar (and the V4L2, X11
 * and D-Bus libraries Debian's zbar brings). Installed in
 * PREFIX/libexec/kiosk. Only main() exits. */
#include "cli.h"
#include "commands.h"

static const struct cli_command commands[] = {
	{"scan", cmd_scan, "decode QR codes in image files: PATH<TAB>TEXT per code"},
	{"catalog seller", cmd_catalog_seller, "set a seller's bKash/Nagad/Rocket numbers and payment QR (SELLER --bkash N --qr IMAGE)"},
	{NULL, NULL, NULL},
};

int main(int argc, char **argv)
{
	return cli_main("kiosk", commands, argc, argv);
}
