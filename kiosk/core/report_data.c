/* report_data.c - see report_data.h. */
#include "report_data.h"

void report_release(struct report *r)
{
	arena_release(&r->arena);
}
