/* test_arena.c - the report's arena: alignment, big requests beside the
 * current chunk, strdup, overflow refusal, release and reuse. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"

static void test_alignment_and_reuse(void **state)
{
	struct arena a;
	int i;

	(void)state;
	arena_init(&a);
	for (i = 1; i < 200; i++) {
		char *p = arena_alloc(&a, (size_t)i);

		assert_non_null(p);
		assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
		memset(p, 0xAB, (size_t)i); /* asan would catch an overlap or overrun */
	}
	arena_release(&a);
	assert_null(a.head);
	assert_int_equal(a.total, 0);
	assert_non_null(arena_alloc(&a, 10)); /* usable again after release */
	arena_release(&a);
}

static void test_big_request_keeps_current_chunk(void **state)
{
	struct arena a;
	char *small1, *big, *small2;

	(void)state;
	arena_init(&a);
	small1 = arena_alloc(&a, 16);
	big = arena_alloc(&a, ARENA_CHUNK * 3);
	small2 = arena_alloc(&a, 16);
	assert_non_null(small1);
	assert_non_null(big);
	assert_non_null(small2);
	memset(big, 1, ARENA_CHUNK * 3);
	/* The small ones share the first chunk: the big one did not take its place. */
	assert_true(small2 > small1 && small2 - small1 < 64);
	arena_release(&a);
}

static void test_strdup_calloc_overflow(void **state)
{
	struct arena a;
	char *s;
	int *z;

	(void)state;
	arena_init(&a);
	s = arena_strdup(&a, "নাম, name");
	assert_string_equal(s, "নাম, name");
	assert_string_equal(arena_strdup(&a, NULL), "");
	z = arena_calloc(&a, 1000, sizeof *z);
	assert_non_null(z);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(z[i], 0);
	assert_null(arena_calloc(&a, SIZE_MAX / 2, 4));
	assert_null(arena_alloc(&a, SIZE_MAX - 8));
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alignment_and_reuse),
		cmocka_unit_test(test_big_request_keeps_current_chunk),
		cmocka_unit_test(test_strdup_calloc_overflow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
