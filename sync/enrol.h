/* enrol.h - the enrolment bundle that carries a new device's identity from the
 * organizer's machine to the device: its id, name and Ed25519 secret key, the
 * event's settings and public ticket keys, and the organizer's journal so far
 * (roster, catalog, enrolments) as one signed segment, plus every other
 * device's entries the organizer holds, each with that device's own signature.
 * Since issue 14 the secret key is sealed by the event's data key, which the
 * bundle carries wrapped by the event passphrase (and the unlock card): the
 * names and phones in the journal are sealed already, the PIN hash is sealed
 * (meta pin_hash), so the file opens only with the passphrase. It is still
 * written 0600 and should be deleted after the join.
 *
 *   KENROL1
 *   device <id>
 *   name <name>
 *   secret <hex Ed25519 secret key of the device, sealed by the data key>
 *   root <organizer device id>
 *   vault pass <the data key wrapped by the event passphrase, see vault.h>
 *   vault card <the data key wrapped by the unlock card>   (if one was made)
 *   meta <key> <value>               (event settings, see enrol.c)
 *   key <hex pubkey> <event id> <added_ms> <retired>
 *   segment <bytes>\n<the organizer's segment, see segment.h>
 *   segment <bytes>\n<another device's entries up to its signed tip>   (0 or more)
 *   check <hex BLAKE2b-256 of everything before this line>
 *
 * Adapter: store, files, libsodium. Nothing here prints. */
#ifndef KIOSK_ENROL_H
#define KIOSK_ENROL_H

#include <stddef.h>
#include <stdint.h>

#include "core/kerr.h"
#include "store/store.h"

#define ENROL_MAGIC "KENROL1"
#define ENROL_FILE_MAX (256u << 20)

/* On the organizer's machine: make a device id and key pair for name, journal
 * its enrolment and write the bundle to out_path (which must not exist).
 * The enrolment is committed only once the file is durable; on -1 neither is
 * left behind. id_out[STORE_DEVICE_ID_MAX] receives the new device id. */
/* desk_wrap: NULL for a door (the bundle carries the event's wrapped data
 * key, passphrase and card); for an order desk, its key set wrapped by the
 * passphrase (vault_wrap_desk): the bundle carries only that, so the desk
 * cannot open the roster. */
int enrol_add(struct store *st, const char *data_dir, const char *name, const char *out_path,
	      const char *desk_wrap, int64_t now_ms, char *id_out, char err[KERR_LEN]);

/* On the new device: create the store in data_dir from the bundle at path
 * (device id, key, event settings, public keys, organizer's journal). Refuses
 * a data dir that already holds a store with entries, and a bundle that is
 * truncated, altered or not signed by the organizer it names. On -1 nothing
 * is left in data_dir that was not there before. */
struct enrol_secret {
	const char *pass;        /* the event passphrase: opens the bundle's data key */
	size_t n;
	const char *device_pass; /* NULL: the new store keeps the event passphrase */
	size_t dn;
};
/* Returns 0, -1 (err), or 1 when sec->pass does not open the bundle (a wrong
 * passphrase: nothing was created). A bundle of an event made before
 * encryption (secret in clear) ignores sec. */
int enrol_join(const char *data_dir, const char *path, int64_t now_ms,
	       const struct enrol_secret *sec, char *id_out, char err[KERR_LEN]);

/* Parse and check a bundle held in memory (check line, layout, the
 * organizer's signature) as a join would, touching no file: 0 if a join
 * would accept it, -1 with err. For tests and the fuzz target. */
int enrol_bundle_check(const char *buf, size_t len, char err[KERR_LEN]);

#endif
