/* lexicon.c: the words of a model's training text with their counts, kept
 * in the model file beside the weights. The anomaly check asks it whether a
 * surprising word is a known word or a close edit of one. */
#include <stdlib.h>
#include <string.h>

#include "lm_int.h"

static uint64_t lex_hash(const char *w, size_t n)
{
	return sm_hash(SM_HASH_INIT, w, n);
}

static int is_wbyte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static unsigned char lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* Slot of w (lower-case already), or the empty slot where it would go. */
static size_t lex_find(const struct lm_lex *x, const char *w, size_t n)
{
	for (size_t i = lex_hash(w, n) & x->mask;; i = (i + 1) & x->mask) {
		uint32_t o = x->slot[i];
		if (!o)
			return i;
		const unsigned char *e = (const unsigned char *)x->pool + o - 1;
		if (e[1] == n && !memcmp(e + 2, w, n))
			return i;
	}
}

void lm_lex_free(struct lm_lex *x)
{
	if (!x)
		return;
	free(x->pool);
	free(x->slot);
	free(x);
}

static void lex_grow(struct lm_lex *x)
{
	size_t nm = x->mask ? x->mask * 2 + 1 : 4095;
	uint32_t *ns = xcalloc(nm + 1, sizeof(uint32_t));
	for (size_t i = 0; x->slot && i <= x->mask; i++) {
		uint32_t o = x->slot[i];
		if (!o)
			continue;
		const unsigned char *e = (const unsigned char *)x->pool + o - 1;
		size_t j = lex_hash((const char *)e + 2, e[1]) & nm;
		while (ns[j])
			j = (j + 1) & nm;
		ns[j] = o;
	}
	free(x->slot);
	x->slot = ns;
	x->mask = nm;
}

void lm_lex_add(struct lm_lex **px, const char *w, size_t n, unsigned count)
{
	if (n == 0 || n > 255 || count == 0)
		return;
	if (!*px)
		*px = xcalloc(1, sizeof(struct lm_lex));
	struct lm_lex *x = *px;
	if (!x->slot || (x->n + 1) * 2 > x->mask)
		lex_grow(x);
	size_t i = lex_find(x, w, n);
	if (x->slot[i]) {
		unsigned char *e = (unsigned char *)x->pool + x->slot[i] - 1;
		unsigned c = e[0] + count;
		e[0] = (unsigned char)(c > 255 ? 255 : c);
		return;
	}
	SM_GROW(x->pool, x->pool_cap, x->pool_len + n + 2);
	unsigned char *e = (unsigned char *)x->pool + x->pool_len;
	e[0] = (unsigned char)(count > 255 ? 255 : count);
	e[1] = (unsigned char)n;
	memcpy(e + 2, w, n);
	x->slot[i] = (uint32_t)x->pool_len + 1;
	x->pool_len += n + 2;
	x->n++;
}

void lm_lexicon_add_text(struct lm *lm, const char *text, size_t n, unsigned min_count)
{
	struct lm_lex *tmp = NULL;
	char w[256];
	for (size_t i = 0; i < n;) {
		if (!is_wbyte((unsigned char)text[i])) {
			i++;
			continue;
		}
		size_t j = i, k = 0;
		while (j < n && is_wbyte((unsigned char)text[j])) {
			if (k < sizeof(w))
				w[k++] = (char)lower((unsigned char)text[j]);
			j++;
		}
		if (j - i <= 255)
			lm_lex_add(&tmp, w, k, 1);
		i = j;
	}
	if (!tmp)
		return;
	for (size_t at = 0; at < tmp->pool_len;) {
		const unsigned char *e = (const unsigned char *)tmp->pool + at;
		if (e[0] >= min_count)
			lm_lex_add(&lm->lex, (const char *)e + 2, e[1], e[0]);
		at += (size_t)e[1] + 2;
	}
	lm_lex_free(tmp);
}

unsigned lm_lexicon_count(const struct lm *lm, const char *w, size_t n)
{
	if (!lm->lex || n == 0 || n > 255)
		return 0;
	char buf[256];
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)lower((unsigned char)w[i]);
	size_t i = lex_find(lm->lex, buf, n);
	uint32_t o = lm->lex->slot[i];
	return o ? ((const unsigned char *)lm->lex->pool)[o - 1] : 0;
}

size_t lm_lexicon_size(const struct lm *lm)
{
	return lm->lex ? lm->lex->n : 0;
}
