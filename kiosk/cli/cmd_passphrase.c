/* cmd_passphrase.c - `kiosk passphrase change` (rewrap the event's data key
 * under a new passphrase; the data is not touched) and `kiosk unlock-card`
 * (a QR that opens the data key at the door, issue 14). Front end over
 * store/vault.c. */
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "io/qrpng.h"
#include "store/keys.h"
#include "store/pin.h"
#include "store/store.h"
#include "store/vault.h"
#include "sync/sync.h"
#include "sync/trust.h"

static const char change_usage[] =
	"usage: kiosk passphrase change [--new-passphrase-file FILE]\n"
	"\n"
	"Wrap this store's data key by a new passphrase. The data is not\n"
	"re-encrypted (the key stays the same): this takes a second, whatever the\n"
	"size of the event, and an unlock card made before still works. Asks for the\n"
	"current passphrase (the first line of KIOSK_PASSPHRASE_FILE, or a prompt),\n"
	"then the new one (the first line of --new-passphrase-file FILE, or a prompt,\n"
	"twice). A wrong current passphrase: one line, exit 3, nothing changed.\n"
	"Only this device's copy of the key changes: other devices keep the\n"
	"passphrase they were enrolled with until it is changed on them too.\n"
	"\n"
	"A store made before encryption has no data key: this command creates one\n"
	"(asking only for the new passphrase), seals the event and device secret\n"
	"keys and the PIN hash with it, and from then on new names and phones are\n"
	"written encrypted. Entries written before stay as they were written, in\n"
	"clear: the journal is append-only and signed, so they cannot be rewritten.\n";

/* The new passphrase into buf: --new-passphrase-file, else a prompt (twice).
 * With fallback_env (a store without a key: no current passphrase is read)
 * KIOSK_PASSPHRASE_FILE gives it too. Returns its length or -1. */
static int new_passphrase(struct cli *c, const char *file, int fallback_env, char *buf, size_t cap)
{
	int n;

	if (file)
		n = cli_passphrase_file(c, "--new-passphrase-file", file, buf, cap);
	else if (fallback_env)
		n = cli_passphrase(c, "New passphrase: ", 1, buf, cap);
	else {
		/* KIOSK_PASSPHRASE_FILE gave the current one: the new one is asked. */
		const char *env = getenv("KIOSK_PASSPHRASE_FILE");

		if (env && *env) {
			cli_error(c, "passphrase change: give the new passphrase with "
				     "--new-passphrase-file FILE (KIOSK_PASSPHRASE_FILE holds the current one)");
			return -1;
		}
		n = cli_passphrase(c, "New passphrase: ", 1, buf, cap);
	}
	if (n > 0 && n < 12)
		fprintf(stderr, "%s: passphrase change: warning: a passphrase of %d characters is "
				"quick to guess on a stolen device; 12 or more (or 5 random words) is "
				"much safer\n", c->prog, n);
	return n;
}

/* A store made before encryption gets a data key; its secrets get sealed. */
static int create_key(struct cli *c, struct store *st, const char *pass, size_t n)
{
	char err[KERR_LEN];
	int a, b, k;

	if (vault_create(st, pass, n, err) != 0) {
		cli_error(c, "passphrase change: %s", err);
		return EXIT_ERROR;
	}
	if ((k = keys_seal_files(st, c->data_dir, err)) < 0 || (a = trust_seal_file(st, c->data_dir, err)) < 0 ||
	    (b = pin_seal(st, err)) < 0) {
		cli_error(c, "passphrase change: the data key is made, but: %s (run it again)", err);
		return EXIT_ERROR;
	}
	printf("data key created: new names, phones and comments are written encrypted from now on\n"
	       "sealed: %d event key file(s), %d device key file(s), %d PIN hash\n"
	       "entries written before stay as they were written (in clear)\n", k, a, b);
	return EXIT_OK;
}

int cmd_passphrase_change(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"new-passphrase-file", required_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *file = NULL;
	char pass[1024], err[KERR_LEN];
	struct store *st = NULL;
	int opt, n, r, rc = EXIT_ERROR;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'n': file = optarg; break;
		case 'h': fputs(change_usage, stdout); return EXIT_OK;
		default:
			cli_error(c, "passphrase change: unknown option or missing value '%s' "
				     "(see 'kiosk passphrase change --help')", argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (optind != argc) {
		cli_error(c, "passphrase change: unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	if (cli_open_store(c, &st, 0) != 0)
		return EXIT_ERROR;
	r = vault_is_set(st);
	if (r < 0) {
		cli_error(c, "passphrase change: cannot read the store's keys");
		goto out;
	}
	if (r > 0 && cli_unlock(c, st) != 0)
		goto out;
	n = new_passphrase(c, file, r == 0, pass, sizeof pass);
	if (n < 0)
		goto out;
	if (r == 0) {
		rc = create_key(c, st, pass, (size_t)n);
		if (rc == EXIT_OK)
			(void)cli_sign_appends(c, st);
	} else if (vault_rewrap(st, pass, (size_t)n, err) != 0) {
		cli_error(c, "passphrase change: %s", err);
	} else {
		printf("passphrase changed (the data key is the same: nothing was re-encrypted)\n");
		rc = EXIT_OK;
	}
out:
	sodium_memzero(pass, sizeof pass);
	store_close(st);
	return rc;
}

static const char card_usage[] =
	"usage: kiosk unlock-card --out FILE.png\n"
	"\n"
	"Make an unlock card: a QR code that opens this event's data at the door\n"
	"instead of the passphrase. Print FILE.png once; each morning, start the\n"
	"door ('kiosk run --mode door' without KIOSK_PASSPHRASE_FILE) and scan the\n"
	"card with its camera or USB scanner. Needs the passphrase.\n"
	"WHOEVER HOLDS THE CARD CAN UNLOCK THE DOOR and read the guests' names and\n"
	"phones on it: keep it apart from the door device, like a key. A new card\n"
	"replaces the old one on this device. Doors enrolled ('kiosk device add')\n"
	"after the card is made accept it; a door enrolled before needs a card of\n"
	"its own (run this command on the door, with the passphrase).\n"
	"The card's secret is random (256 bits): it cannot be guessed, so unlike a\n"
	"passphrase it needs no slow key derivation.\n";

int cmd_unlock_card(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"out", required_argument, NULL, 'o'}, {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *out = NULL;
	char text[VAULT_CARD_TEXT], err[KERR_LEN], event[256] = "";
	struct store *st = NULL;
	struct qrpng_info info;
	int opt, rc = EXIT_ERROR;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (opt) {
		case 'o': out = optarg; break;
		case 'h': fputs(card_usage, stdout); return EXIT_OK;
		default:
			cli_error(c, "unlock-card: unknown option or missing value '%s' "
				     "(see 'kiosk unlock-card --help')", argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (optind != argc || !out || !*out) {
		cli_error(c, "unlock-card: give --out FILE.png (see 'kiosk unlock-card --help')");
		return EXIT_USAGE;
	}
	if (cli_open_unlocked(c, &st, 0) != 0)
		return EXIT_ERROR;
	if (vault_is_set(st) != 1) {
		cli_error(c, "unlock-card: this store has no data key (made before encryption): "
			     "run 'kiosk passphrase change' first");
		goto out;
	}
	(void)store_meta_get(st, "event_name", event, sizeof event);
	/* One transaction: a card that could not be written must not replace
	 * the one the organizer already holds. */
	if (store_begin(st, err) != 0 || vault_card_make(st, text, err) != 0 ||
	    qrpng_write(out, text, 40, &info, err) != 0) {
		if (store_in_transaction(st))
			store_rollback(st);
		cli_error(c, "unlock-card: %s", err);
		goto out;
	}
	if (store_commit(st, err) != 0) {
		(void)remove(out); /* the store does not know this card */
		cli_error(c, "unlock-card: %s", err);
		goto out;
	}
	printf("unlock card for '%s' written to %s (QR version %d)\n", event, out, info.version);
	printf("Print it with this line under the code:\n"
	       "  \"Unlock card - %s. Whoever holds this card can unlock the door. "
	       "Keep it apart from the device.\"\n", event);
	printf("warning: whoever holds this card can unlock the door and read the guests' names and "
	       "phones on it\n");
	rc = EXIT_OK;
out:
	sodium_memzero(text, sizeof text);
	store_close(st);
	return rc;
}
