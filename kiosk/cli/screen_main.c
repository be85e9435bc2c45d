/* screen_main.c - `kiosk-screen`: the door, feedback and orders screens,
 * which `kiosk run` execs (helper.c), so that only this program loads SDL,
 * its fonts and images, audio, the camera (V4L2) and zbar; and `tickets
 * issue`, whose ticket cards are drawn with SDL_ttf. Installed in
 * PREFIX/libexec/kiosk. Only main() exits. */
#include "cli.h"
#include "commands.h"

static const struct cli_command commands[] = {
	{"run", cmd_run, "open the door screen (--mode door, --window WxH, --camera DEV, --frames PATH)"},
	{"tickets issue", cmd_tickets_issue, "write the QR PNGs, ticket cards, the sheet and messages.csv"},
	{"orders receipt", cmd_orders_receipt, "a guest's receipt: text, a wa.me message, a PNG or printed through CUPS (ORDERNO)"},
	{NULL, NULL, NULL},
};

int main(int argc, char **argv)
{
	return cli_main("kiosk", commands, argc, argv);
}
