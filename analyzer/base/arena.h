/* arena.h: a bump allocator; one arena owns all data of one manuscript
 * (git mem-pool.h). Nothing is freed individually; arena_release frees all. */
#ifndef SM_ARENA_H
#define SM_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head; /* newest block first */
	size_t total;             /* bytes handed out, for statistics */
};

/** Initialize an empty arena (no allocation until the first request). */
void arena_init(struct arena *a);
/** Free every block; the arena is empty and reusable afterwards. */
void arena_release(struct arena *a);
/** n bytes aligned for any type, zeroed; never NULL (aborts on OOM). Owned by the arena. */
void *arena_alloc(struct arena *a, size_t n);
/** Copy of s[0..n) with a NUL; owned by the arena. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
/** Copy of a NUL-terminated string; owned by the arena. */
char *arena_strdup(struct arena *a, const char *s);
/** printf into the arena; owned by the arena. */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
