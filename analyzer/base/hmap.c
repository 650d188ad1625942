/* hmap.c: open addressing with linear probing over a power-of-two slot
 * array kept at most half full; keys stored densely by number. */
#include "base/hmap.h"
#include "base/sm.h"

#include <stdlib.h>
#include <string.h>

/* Integer keys are often small or structured (packed ids): spread them. */
static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

static uint64_t str_hash(const char *s, size_t n)
{
	return mix(sm_hash(SM_HASH_INIT, s, n));
}

void sm_map_free(struct sm_map *m)
{
	free(m->slot);
	free(m->key);
	free(m->str);
	free(m->len);
	memset(m, 0, sizeof(*m));
}

/* Slot of key number i's home, for rehashing. */
static size_t home(const struct sm_map *m, uint32_t i, size_t mask)
{
	return (size_t)(m->str ? str_hash(m->str[i], m->len[i]) : mix(m->key[i])) & mask;
}

static void rehash(struct sm_map *m, size_t slots)
{
	size_t mask = slots - 1;
	uint32_t *ns = xcalloc(slots, sizeof(*ns));
	for (uint32_t i = 0; i < m->n; i++) {
		size_t j = home(m, i, mask);
		while (ns[j])
			j = (j + 1) & mask;
		ns[j] = i + 1;
	}
	free(m->slot);
	m->slot = ns;
	m->mask = mask;
}

void sm_map_reserve(struct sm_map *m, size_t n)
{
	if (n >= SM_MAP_NONE / 2)
		SM_BUG("hash map too large");
	size_t slots = m->slot ? m->mask + 1 : 64;
	while (slots < 2 * n + 2)
		slots *= 2;
	if (!m->slot || slots != m->mask + 1)
		rehash(m, slots);
}

/* Room for one more key in the slots and the key arrays. */
static void room(struct sm_map *m, bool strings)
{
	if (!m->slot || ((size_t)m->n + 1) * 2 > m->mask)
		sm_map_reserve(m, (size_t)m->n + 1);
	if (m->n < m->cap)
		return;
	size_t cap = SM_MAX(m->cap * 2, 32);
	if (strings) {
		m->str = xrealloc(m->str, cap * sizeof(*m->str));
		m->len = xrealloc(m->len, cap * sizeof(*m->len));
	} else {
		m->key = xrealloc(m->key, cap * sizeof(*m->key));
	}
	m->cap = cap;
}

uint32_t sm_map_int(const struct sm_map *m, uint64_t k)
{
	if (!m->slot || !m->key)
		return SM_MAP_NONE;
	for (size_t j = (size_t)mix(k) & m->mask; m->slot[j]; j = (j + 1) & m->mask)
		if (m->key[m->slot[j] - 1] == k)
			return m->slot[j] - 1;
	return SM_MAP_NONE;
}

uint32_t sm_map_int_add(struct sm_map *m, uint64_t k, bool *added)
{
	SM_ASSERT(!m->str);
	room(m, false);
	size_t j = (size_t)mix(k) & m->mask;
	for (; m->slot[j]; j = (j + 1) & m->mask)
		if (m->key[m->slot[j] - 1] == k) {
			if (added)
				*added = false;
			return m->slot[j] - 1;
		}
	uint32_t i = m->n++;
	m->key[i] = k;
	m->slot[j] = i + 1;
	if (added)
		*added = true;
	return i;
}

static uint32_t str_find(const struct sm_map *m, const char *s, size_t n, size_t *at)
{
	size_t j = (size_t)str_hash(s, n) & m->mask;
	for (; m->slot[j]; j = (j + 1) & m->mask) {
		uint32_t i = m->slot[j] - 1;
		if (m->len[i] == n && !memcmp(m->str[i], s, n))
			return i;
	}
	*at = j;
	return SM_MAP_NONE;
}

uint32_t sm_map_str(const struct sm_map *m, const char *s, size_t n)
{
	size_t at;
	if (!m->slot || !m->str)
		return SM_MAP_NONE;
	return str_find(m, s, n, &at);
}

uint32_t sm_map_str_add(struct sm_map *m, const char *s, size_t n, bool *added)
{
	SM_ASSERT(n < UINT32_MAX && !m->key);
	room(m, true);
	size_t at = 0;
	uint32_t i = str_find(m, s, n, &at);
	if (added)
		*added = i == SM_MAP_NONE;
	if (i != SM_MAP_NONE)
		return i;
	i = m->n++;
	m->str[i] = s;
	m->len[i] = (uint32_t)n;
	m->slot[at] = i + 1;
	return i;
}
