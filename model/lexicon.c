/* lexicon.c: the words of a model's training text with their counts, kept
 * in the model file beside the weights. The anomaly check asks it whether a
 * surprising word is a known word or a close edit of one. */
#include <stdlib.h>
#include <string.h>

#include "lm_int.h"

static int is_wbyte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static unsigned char lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

void lm_lex_free(struct lm_lex *x)
{
	if (!x)
		return;
	sm_map_free(&x->map);
	free(x->count);
	arena_release(&x->words);
	free(x);
}

void lm_lex_add(struct lm_lex **px, const char *w, size_t n, unsigned count)
{
	if (n == 0 || n > 255 || count == 0)
		return;
	if (!*px) {
		*px = xcalloc(1, sizeof(struct lm_lex));
		arena_init(&(*px)->words);
	}
	struct lm_lex *x = *px;
	uint32_t i = sm_map_str(&x->map, w, n);
	if (i != SM_MAP_NONE) {
		unsigned c = x->count[i] + count;
		x->count[i] = (unsigned char)(c > 255 ? 255 : c);
		return;
	}
	i = sm_map_str_add(&x->map, arena_strndup(&x->words, w, n), n, NULL);
	SM_GROW(x->count, x->cap, (size_t)i + 1);
	x->count[i] = (unsigned char)(count > 255 ? 255 : count);
	x->bytes += n + 2;
}

bool lm_lex_read(struct lm_lex **x, const unsigned char *p, size_t n)
{
	const unsigned char *e = p, *end = p + n;
	while (e < end) {
		if (end - e < 2 || e[1] == 0 || (size_t)(end - e) < (size_t)e[1] + 2)
			return false;
		lm_lex_add(x, (const char *)e + 2, e[1], e[0] ? e[0] : 1);
		e += (size_t)e[1] + 2;
	}
	return true;
}

int lm_lex_write(const struct lm_lex *x, struct sbuf *sb)
{
	int rc = SM_OK;
	for (uint32_t i = 0; i < x->map.n && rc == SM_OK; i++) {
		unsigned char head[2] = { x->count[i], (unsigned char)x->map.len[i] };
		rc = sbuf_add(sb, head, 2);
		if (rc == SM_OK)
			rc = sbuf_add(sb, x->map.str[i], x->map.len[i]);
	}
	return rc;
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
	for (uint32_t i = 0; i < tmp->map.n; i++)
		if (tmp->count[i] >= min_count)
			lm_lex_add(&lm->lex, tmp->map.str[i], tmp->map.len[i], tmp->count[i]);
	lm_lex_free(tmp);
}

unsigned lm_lexicon_count(const struct lm *lm, const char *w, size_t n)
{
	if (!lm->lex || n == 0 || n > 255)
		return 0;
	char buf[256];
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)lower((unsigned char)w[i]);
	uint32_t i = sm_map_str(&lm->lex->map, buf, n);
	return i == SM_MAP_NONE ? 0 : lm->lex->count[i];
}

size_t lm_lexicon_size(const struct lm *lm)
{
	return lm->lex ? lm->lex->map.n : 0;
}
