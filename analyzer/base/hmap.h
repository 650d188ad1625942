/* hmap.h: the one hash index of the program (open addressing, linear
 * probing, never more than half full).
 *
 * An sm_map numbers distinct keys 0, 1, 2, ... in the order they were
 * first added and finds a key's number in expected constant time. What
 * belongs to a key lives in the caller's own arrays, indexed by that
 * number; the map holds only the keys. Numbers never change, so the
 * caller's arrays stay valid as the map grows, and walking 0..n-1 visits
 * the keys in insertion order (deterministic, whatever the hash).
 *
 * A map holds one kind of key: 64-bit integers (the _int calls) or byte
 * strings (the _str calls); mixing them in one map is a bug.
 *
 * Ownership: the map owns its arrays (sm_map_free releases them; a zeroed
 * struct is an empty map). A string map keeps the pointer passed to
 * sm_map_str_add, not a copy: the caller owns those bytes and keeps them
 * unchanged while the map lives (an arena is the usual home). To add from
 * a temporary buffer, look up with sm_map_str first and add a lasting copy.
 * Allocation aborts on exhaustion, like all of base/. One writer at a time;
 * lookups on a map nobody changes may run in parallel. */
#ifndef SM_HMAP_H
#define SM_HMAP_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define SM_MAP_NONE UINT32_MAX  /* "no such key" */

struct sm_map {
	uint32_t *slot;     /* key number + 1, 0 = empty; mask + 1 slots */
	size_t mask;
	uint64_t *key;      /* by key number: the integers (integer maps only) */
	const char **str;   /* by key number: the strings (string maps only) */
	uint32_t *len;      /* their lengths in bytes */
	uint32_t n;         /* keys */
	size_t cap;         /* room in key/str/len */
};

/** Release the map's arrays; the map is empty and reusable afterwards. */
void sm_map_free(struct sm_map *m);

/** Make room for n keys in all without growing again. */
void sm_map_reserve(struct sm_map *m, size_t n);

/** The number of an integer key, or SM_MAP_NONE. */
uint32_t sm_map_int(const struct sm_map *m, uint64_t k);
/** The number of k, added when new (*added, when non-NULL, says which). */
uint32_t sm_map_int_add(struct sm_map *m, uint64_t k, bool *added);

/** The number of the string s[0..n), or SM_MAP_NONE. */
uint32_t sm_map_str(const struct sm_map *m, const char *s, size_t n);
/** The number of s[0..n), added when new; the map then keeps the pointer s. */
uint32_t sm_map_str_add(struct sm_map *m, const char *s, size_t n, bool *added);

/** The integer key numbered i (i < m->n) of an integer map. */
static inline uint64_t sm_map_key(const struct sm_map *m, uint32_t i) { return m->key[i]; }

#endif
