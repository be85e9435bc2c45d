/* bench_vault.c - `make bench`: what one passphrase guess costs an attacker
 * who holds a powered-off device (issue 14), measured on this machine: one
 * Argon2id derivation with the parameters a new event's wrap uses
 * (vault_opslimit/vault_memlimit: MODERATE, 3 passes over 256 MiB), the
 * median of ROUNDS, then the time to search a 6-word Diceware space and
 * 12-character spaces at that rate on every core. Also one whole unlock
 * (vault_unlock on a real store). Usage: bench_vault [ROUNDS] */
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"
#include "store/vault.h"
#include "support/tmpdir.h"

static double now_s(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Years to try a whole space of size 10^log10n at `per` seconds per guess
 * on `cores` cores (memory permitting); the expected time is half of it. */
static void space(const char *what, double log10n, double per, long cores)
{
	double years = pow(10.0, log10n) * per / (double)cores / (365.25 * 86400.0);

	printf("  %-34s 10^%.1f guesses: %.1e years for all, %.1e on average (%ld cores)\n", what,
	       log10n, years, years / 2, cores);
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 5, i;
	double t[32], per, t0;
	unsigned long long ops;
	size_t mem;
	uint8_t key[32], salt[crypto_pwhash_SALTBYTES] = {0};
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	char dir[256], err[KERR_LEN];
	struct store *st = NULL;
	const char pass[] = "correct horse battery staple";

	if (sodium_init() < 0 || rounds < 1 || rounds > 32) {
		fprintf(stderr, "usage: bench_vault [ROUNDS 1..32]\n");
		return 3;
	}
	/* The real cost, whatever the environment of `make bench` says. */
	(void)unsetenv("KIOSK_TEST_WEAK_KDF");
	ops = vault_opslimit();
	mem = vault_memlimit();
	for (i = 0; i < rounds; i++) {
		t0 = now_s();
		if (crypto_pwhash(key, sizeof key, pass, strlen(pass), salt, ops, mem,
				  crypto_pwhash_ALG_ARGON2ID13) != 0) {
			fprintf(stderr, "bench_vault: out of memory for Argon2id (%zu MiB)\n", mem >> 20);
			return 3;
		}
		t[i] = now_s() - t0;
		salt[0]++;
	}
	qsort(t, (size_t)rounds, sizeof t[0], cmp);
	per = t[rounds / 2];
	printf("argon2id opslimit %llu, memlimit %zu MiB: %.3f s per guess (median of %d, min %.3f,"
	       " max %.3f), one core\n", ops, mem >> 20, per, rounds, t[0], t[rounds - 1]);
	printf("  %.2f guesses per second on %ld cores (%zu MiB each)\n", cores / per, cores, mem >> 20);
	space("6 Diceware words (7776^6)", 6 * log10(7776.0), per, cores);
	space("12 printable ASCII chars (95^12)", 12 * log10(95.0), per, cores);
	space("12 lowercase letters (26^12)", 12 * log10(26.0), per, cores);
	space("8 lowercase letters (26^8)", 8 * log10(26.0), per, cores);
	printf("  unlock card: a random 256-bit secret, no search (2^256 keys)\n");
	/* One whole unlock, as `kiosk` pays it at every command. */
	if (test_tmpdir(dir, sizeof dir, "bench-vault") != 0 || store_open(&st, dir, 1, err) != 0 ||
	    vault_create(st, pass, strlen(pass), err) != 0) {
		fprintf(stderr, "bench_vault: %s\n", err);
		return 3;
	}
	vault_lock(st);
	t0 = now_s();
	if (vault_unlock(st, pass, strlen(pass), err) != 0) {
		fprintf(stderr, "bench_vault: %s\n", err);
		return 3;
	}
	printf("one unlock (vault_unlock, real store): %.3f s\n", now_s() - t0);
	store_close(st);
	return test_rmtree(dir) == 0 ? 0 : 3;
}
