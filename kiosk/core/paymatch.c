/* paymatch.c - wallet orders against payments received: sort the payments
 * by TrxID once, then one binary search per order.
 * Pure: libc only. */
#include "paymatch.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"

static const char *const codes[PAYMATCH_STATUS_COUNT] = {
	"matched", "missing", "amount_mismatch", "unknown",
};

static const char *const texts[PAYMATCH_STATUS_COUNT] = {
	[PAYMATCH_MATCHED] = N_("Paid: the money arrived"),
	[PAYMATCH_MISSING] = N_("Not arrived yet"),
	[PAYMATCH_AMOUNT_MISMATCH] = N_("Arrived with another amount"),
	[PAYMATCH_UNKNOWN] = N_("Money with no order"),
};

const char *paymatch_status_code(enum paymatch_status s)
{
	return (int)s >= 0 && s < PAYMATCH_STATUS_COUNT ? codes[s] : "?";
}

const char *paymatch_status_text(enum paymatch_status s, int bengali)
{
	return (int)s >= 0 && s < PAYMATCH_STATUS_COUNT ? i18n_text(NULL, texts[s], bengali) : "?";
}

enum paymatch_status paymatch_one(const struct paymatch_order *o, const struct paymsg *pay,
				  int claimed)
{
	if (claimed || !pay || strcmp(pay->trx, o->trx) != 0)
		return PAYMATCH_MISSING;
	return pay->amount_poisha == o->amount_poisha ? PAYMATCH_MATCHED
						      : PAYMATCH_AMOUNT_MISMATCH;
}

static int by_trx(const void *a, const void *b)
{
	const struct paymatch_slot *x = a, *y = b;

	return strcmp(x->pay->trx, y->pay->trx);
}

int paymatch_run(const struct paymatch_order *orders, int no, const struct paymsg *pays,
		 int np, struct paymatch_slot *scratch, struct paymatch_row *rows)
{
	int n = 0;

	for (int i = 0; i < np; i++) {
		scratch[i].pay = &pays[i];
		scratch[i].claimed = 0;
	}
	if (np > 1)
		qsort(scratch, (size_t)np, sizeof *scratch, by_trx);
	for (int i = 0; i < no; i++) {
		struct paymatch_slot *found = NULL;
		int lo = 0, hi = np - 1, claimed = 0;

		while (lo <= hi) {
			int mid = lo + (hi - lo) / 2, c = strcmp(orders[i].trx, scratch[mid].pay->trx);

			if (c == 0) {
				found = &scratch[mid];
				break;
			}
			if (c < 0)
				hi = mid - 1;
			else
				lo = mid + 1;
		}
		rows[n].order = i;
		rows[n].payment = -1;
		if (found) {
			claimed = found->claimed;
			if (!claimed) {
				found->claimed = 1;
				rows[n].payment = (int)(found->pay - pays);
			}
		}
		rows[n].status = paymatch_one(&orders[i], found && !claimed ? found->pay : NULL,
					      claimed);
		n++;
	}
	/* Money no order claimed, in the order it was given. */
	for (int i = 0; i < np; i++)
		if (!scratch[i].claimed) {
			rows[n].order = -1;
			rows[n].payment = (int)(scratch[i].pay - pays);
			rows[n].status = PAYMATCH_UNKNOWN;
			n++;
		}
	return n;
}
