/* bpe.c: byte-level BPE tokenizer for the language model: a trainer, an
 * encoder (pre-tokenization into words, merges by rank, a cache of word
 * encodings) and a decoder. Any byte string round-trips exactly. */
#include <stdlib.h>
#include <string.h>

#include "lm.h"
#include "base/hmap.h"

#define MAX_UNIT 64           /* longest pre-token in bytes; longer runs are cut */
#define CACHE_BITS 17         /* word cache slots: 2^17 */
#define CACHE_MAX_WORD 32     /* longer words are encoded every time */

struct cache_slot {
	uint64_t h;     /* 0 = empty */
	uint32_t woff;  /* word bytes in wpool */
	uint32_t toff;  /* tokens in tpool */
	uint8_t wlen, ntok;
};

struct lm_bpe {
	int n_merges;
	uint16_t *merges;     /* 2 per merge, rank order */
	uint32_t *tok_off;    /* byte pool offset of each token */
	uint16_t *tok_len;
	char *pool;           /* token bytes */
	/* merge lookup: pair (a << 16 | b) -> index into mrank */
	struct sm_map mmap;
	uint16_t *mrank;
	/* word cache */
	struct cache_slot *cache;
	size_t n_cache;
	char *wpool; size_t wpool_len, wpool_cap;
	uint16_t *tpool; size_t tpool_len, tpool_cap;
};

/* ---- pre-tokenization ---- */

enum { CL_LETTER, CL_DIGIT, CL_SPACE, CL_NL, CL_PUNCT };

/* Class of the code unit at s[i] (n bytes in all) and its byte length. */
static int unit_class(const unsigned char *s, size_t i, size_t n, size_t *clen)
{
	unsigned c = s[i];
	*clen = 1;
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return CL_LETTER;
	if (c >= '0' && c <= '9')
		return CL_DIGIT;
	if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v')
		return CL_SPACE;
	if (c == '\n')
		return CL_NL;
	if (c < 0x80)
		return CL_PUNCT;
	/* UTF-8: take the whole sequence when well formed */
	size_t want = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
	size_t k = 1;
	while (k < want && i + k < n && (s[i + k] & 0xc0) == 0x80)
		k++;
	*clen = k;
	if (c == 0xe2 && k == 3 && s[i + 1] == 0x80)
		return CL_PUNCT; /* U+2000..U+203F: quotes, dashes, ellipsis */
	if (c == 0xc2 && k == 2 && s[i + 1] < 0xc0)
		return CL_PUNCT; /* Latin-1 punctuation and symbols */
	return CL_LETTER;
}

/* Length of the pre-token starting at s[i]. */
static size_t next_unit(const unsigned char *s, size_t i, size_t n)
{
	size_t clen, j = i;
	int cl = unit_class(s, i, n, &clen);
	if (cl == CL_SPACE) {
		/* a run of spaces; its last space joins a following word */
		size_t k = i;
		while (k < n && s[k] == ' ' && k - i < MAX_UNIT)
			k++;
		if (k == i) { /* tab or other space: alone */
			return clen;
		}
		if (k < n && k - i < MAX_UNIT) {
			size_t c2;
			int nc = unit_class(s, k, n, &c2);
			if (nc != CL_SPACE && nc != CL_NL) {
				if (k - i > 1)
					return k - i - 1;
				j = k; /* ' ' + word */
				cl = nc;
				clen = c2;
				goto word;
			}
		}
		return k - i;
	}
	if (cl == CL_NL) {
		while (j < n && s[j] == '\n' && j - i < MAX_UNIT)
			j++;
		return j - i;
	}
word:
	if (cl == CL_PUNCT) {
		/* apostrophe followed by letters: "'s", "'ll" */
		if (s[j] == '\'' && j + 1 < n) {
			size_t c2;
			if (unit_class(s, j + 1, n, &c2) == CL_LETTER) {
				j++;
				cl = CL_LETTER;
				clen = c2;
				goto run;
			}
		}
		/* a run of the same punctuation ("--", "...") */
		size_t k = j + clen;
		while (k + clen <= n && k + clen - i <= MAX_UNIT && !memcmp(s + k, s + j, clen))
			k += clen;
		return k - i;
	}
run:
	{
		size_t k = j;
		while (k < n) {
			size_t c2;
			int nc = unit_class(s, k, n, &c2);
			if (nc != cl || k + c2 - i > MAX_UNIT)
				break;
			k += c2;
		}
		if (k == j)
			k = j + clen;
		return k - i;
	}
}

/* ---- merge table ---- */

static int merge_rank(const struct lm_bpe *b, unsigned a, unsigned c)
{
	uint32_t i = sm_map_int(&b->mmap, (uint64_t)a << 16 | c);
	return i == SM_MAP_NONE ? -1 : b->mrank[i];
}

static struct lm_bpe *bpe_build(const uint16_t *pairs, int n_merges, struct sm_err *err)
{
	struct lm_bpe *b = xcalloc(1, sizeof(*b));
	int V = 256 + n_merges;
	b->n_merges = n_merges;
	b->merges = xmalloc(sizeof(uint16_t) * 2 * (size_t)(n_merges ? n_merges : 1));
	if (n_merges)
		memcpy(b->merges, pairs, sizeof(uint16_t) * 2 * (size_t)n_merges);
	b->tok_off = xmalloc(sizeof(uint32_t) * (size_t)V);
	b->tok_len = xmalloc(sizeof(uint16_t) * (size_t)V);
	size_t cap = 256 + 16 * (size_t)n_merges, used = 0;
	b->pool = xmalloc(cap);
	for (int i = 0; i < 256; i++) {
		b->pool[used] = (char)i;
		b->tok_off[i] = (uint32_t)used++;
		b->tok_len[i] = 1;
	}
	sm_map_reserve(&b->mmap, (size_t)n_merges);
	b->mrank = xcalloc((size_t)n_merges + 1, sizeof(uint16_t));
	for (int r = 0; r < n_merges; r++) {
		unsigned a = pairs[2 * r], c = pairs[2 * r + 1];
		if ((int)a >= 256 + r || (int)c >= 256 + r) {
			lm_bpe_free(b);
			sm_fail(err, SM_EMODEL, "bad tokenizer merge %d", r);
			return NULL;
		}
		size_t len = (size_t)b->tok_len[a] + b->tok_len[c];
		if (len > 0xffff) {
			lm_bpe_free(b);
			sm_fail(err, SM_EMODEL, "tokenizer token %d too long", 256 + r);
			return NULL;
		}
		if (used + len > cap) {
			cap = (used + len) * 2;
			b->pool = xrealloc(b->pool, cap);
		}
		memcpy(b->pool + used, b->pool + b->tok_off[a], b->tok_len[a]);
		memcpy(b->pool + used + b->tok_len[a], b->pool + b->tok_off[c], b->tok_len[c]);
		b->tok_off[256 + r] = (uint32_t)used;
		b->tok_len[256 + r] = (uint16_t)len;
		used += len;
		bool added;
		uint32_t i = sm_map_int_add(&b->mmap, (uint64_t)a << 16 | c, &added);
		if (added) /* a duplicate pair keeps its first rank */
			b->mrank[i] = (uint16_t)r;
	}
	b->cache = xcalloc((size_t)1 << CACHE_BITS, sizeof(struct cache_slot));
	return b;
}

struct lm_bpe *lm_bpe_from_merges(const uint16_t *pairs, int n_merges, struct sm_err *err)
{
	if (n_merges < 0 || n_merges > 65536 - 256) {
		sm_fail(err, SM_EMODEL, "bad tokenizer size %d", n_merges);
		return NULL;
	}
	return bpe_build(pairs, n_merges, err);
}

void lm_bpe_free(struct lm_bpe *b)
{
	if (!b)
		return;
	free(b->merges);
	free(b->tok_off);
	free(b->tok_len);
	free(b->pool);
	sm_map_free(&b->mmap);
	free(b->mrank);
	free(b->cache);
	free(b->wpool);
	free(b->tpool);
	free(b);
}

int lm_bpe_vocab(const struct lm_bpe *b) { return 256 + b->n_merges; }

const uint16_t *lm_bpe_merges(const struct lm_bpe *b, int *n)
{
	*n = b->n_merges;
	return b->merges;
}

const char *lm_bpe_token(const struct lm_bpe *b, int id, size_t *len)
{
	*len = b->tok_len[id];
	return b->pool + b->tok_off[id];
}

/* ---- encoding ---- */

/* Encode one pre-token by repeatedly merging the adjacent pair of lowest rank. */
static size_t encode_word(const struct lm_bpe *b, const unsigned char *w, size_t m, uint16_t *sym)
{
	for (size_t i = 0; i < m; i++)
		sym[i] = w[i];
	size_t k = m;
	while (k > 1) {
		int best = -1;
		size_t at = 0;
		for (size_t i = 0; i + 1 < k; i++) {
			int r = merge_rank(b, sym[i], sym[i + 1]);
			if (r >= 0 && (best < 0 || r < best)) {
				best = r;
				at = i;
			}
		}
		if (best < 0)
			break;
		sym[at] = (uint16_t)(256 + best);
		memmove(sym + at + 1, sym + at + 2, (k - at - 2) * sizeof(uint16_t));
		k--;
	}
	return k;
}

static uint64_t hash_bytes(const unsigned char *p, size_t n)
{
	uint64_t h = sm_hash(SM_HASH_INIT, p, n);
	return h ? h : 1;
}

size_t lm_bpe_encode(struct lm_bpe *b, const char *text, size_t n, uint16_t *out, size_t cap)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t nt = 0, i = 0;
	uint16_t sym[MAX_UNIT];
	size_t cmask = ((size_t)1 << CACHE_BITS) - 1;
	while (i < n) {
		size_t m = next_unit(s, i, n);
		const unsigned char *w = s + i;
		i += m;
		if (m == 1) {
			if (nt < cap)
				out[nt] = w[0];
			nt++;
			continue;
		}
		const uint16_t *toks = NULL;
		size_t k = 0;
		uint64_t h = 0;
		struct cache_slot *slot = NULL;
		if (m <= CACHE_MAX_WORD) {
			h = hash_bytes(w, m);
			for (size_t j = h & cmask;; j = (j + 1) & cmask) {
				struct cache_slot *c = &b->cache[j];
				if (!c->h) {
					slot = c;
					break;
				}
				if (c->h == h && c->wlen == m && !memcmp(b->wpool + c->woff, w, m)) {
					toks = b->tpool + c->toff;
					k = c->ntok;
					break;
				}
			}
		}
		if (!toks) {
			k = encode_word(b, w, m, sym);
			toks = sym;
			/* remember it while the cache is under 3/4 full */
			if (slot && b->n_cache < cmask / 4 * 3) {
				SM_GROW(b->wpool, b->wpool_cap, b->wpool_len + m);
				SM_GROW(b->tpool, b->tpool_cap, b->tpool_len + k);
				memcpy(b->wpool + b->wpool_len, w, m);
				memcpy(b->tpool + b->tpool_len, sym, k * sizeof(uint16_t));
				slot->h = h;
				slot->woff = (uint32_t)b->wpool_len;
				slot->toff = (uint32_t)b->tpool_len;
				slot->wlen = (uint8_t)m;
				slot->ntok = (uint8_t)k;
				b->wpool_len += m;
				b->tpool_len += k;
				b->n_cache++;
			}
		}
		for (size_t j = 0; j < k; j++, nt++)
			if (nt < cap)
				out[nt] = toks[j];
	}
	return nt;
}

size_t lm_bpe_decode(const struct lm_bpe *b, const uint16_t *ids, size_t n, char *buf, size_t cap)
{
	size_t len = 0;
	for (size_t i = 0; i < n; i++) {
		size_t tl = b->tok_len[ids[i]];
		const char *tp = b->pool + b->tok_off[ids[i]];
		for (size_t j = 0; j < tl; j++, len++)
			if (len < cap)
				buf[len] = tp[j];
	}
	return len;
}

/* ---- training ---- */

struct wentry {
	uint32_t off, len; /* into the text */
	uint64_t count;
};

/* Counts of adjacent symbol pairs (a << 16 | b) over the words. */
struct ptab {
	struct sm_map map;  /* pair -> index into count */
	int64_t *count;
	size_t cap;
};

static void add_pairs(struct ptab *t, const uint16_t *sym, uint32_t k, int64_t c)
{
	for (uint32_t i = 0; i + 1 < k; i++) {
		bool added;
		uint32_t j = sm_map_int_add(&t->map, (uint64_t)sym[i] << 16 | sym[i + 1], &added);
		if (added) {
			SM_GROW(t->count, t->cap, (size_t)j + 1);
			t->count[j] = 0;
		}
		t->count[j] += c;
	}
}

struct lm_bpe *lm_bpe_train(const char *text, size_t n, int vocab_size)
{
	const unsigned char *s = (const unsigned char *)text;
	if (vocab_size < 257)
		vocab_size = 257;
	if (vocab_size > 65536)
		vocab_size = 65536;
	/* 1. unique pre-tokens with counts */
	struct sm_map wmap = { 0 }; /* pre-token (in the text) -> index into words */
	struct wentry *words = NULL;
	size_t n_words = 0, cap_words = 0;
	for (size_t i = 0; i < n;) {
		size_t m = next_unit(s, i, n);
		if (m > 1) {
			bool added;
			uint32_t j = sm_map_str_add(&wmap, text + i, m, &added);
			if (added) {
				SM_GROW(words, cap_words, (size_t)j + 1);
				words[j] = (struct wentry){ (uint32_t)i, (uint32_t)m, 0 };
				n_words++;
			}
			words[j].count++;
		}
		i += m;
	}
	sm_map_free(&wmap);
	size_t nw = n_words;
	/* the order of words does not matter: pair counts are sums and ties
	 * break on the pair ids */
	size_t total = 0;
	for (size_t q = 0; q < nw; q++)
		total += words[q].len;
	uint16_t *sym = xmalloc((total ? total : 1) * sizeof(uint16_t));
	uint32_t *start = xmalloc((nw + 1) * sizeof(uint32_t));
	uint32_t *klen = xmalloc((nw ? nw : 1) * sizeof(uint32_t));
	size_t pos = 0;
	struct ptab pt = { 0 };
	for (size_t q = 0; q < nw; q++) {
		start[q] = (uint32_t)pos;
		klen[q] = words[q].len;
		for (uint32_t j = 0; j < words[q].len; j++)
			sym[pos++] = s[words[q].off + j];
		add_pairs(&pt, sym + start[q], klen[q], (int64_t)words[q].count);
	}
	/* 3. merges */
	int n_merges = vocab_size - 256, done = 0;
	uint16_t *pairs = xmalloc(sizeof(uint16_t) * 2 * (size_t)(n_merges ? n_merges : 1));
	for (; done < n_merges; done++) {
		int64_t best = 1;
		uint32_t bkey = 0;
		for (uint32_t j = 0; j < pt.map.n; j++) {
			uint32_t key = (uint32_t)sm_map_key(&pt.map, j) + 1;
			if (pt.count[j] > best || (pt.count[j] == best && bkey && key < bkey)) {
				best = pt.count[j];
				bkey = key;
			}
		}
		if (!bkey || best < 2)
			break;
		uint16_t a = (uint16_t)((bkey - 1) >> 16), c = (uint16_t)((bkey - 1) & 0xffff);
		uint16_t id = (uint16_t)(256 + done);
		pairs[2 * done] = a;
		pairs[2 * done + 1] = c;
		for (size_t q = 0; q < nw; q++) {
			uint16_t *w = sym + start[q];
			uint32_t k = klen[q], i;
			for (i = 0; i + 1 < k; i++)
				if (w[i] == a && w[i + 1] == c)
					break;
			if (i + 1 >= k)
				continue;
			int64_t cnt = (int64_t)words[q].count;
			add_pairs(&pt, w, k, -cnt);
			uint32_t o = 0;
			for (i = 0; i < k; i++) {
				if (i + 1 < k && w[i] == a && w[i + 1] == c) {
					w[o++] = id;
					i++;
				} else {
					w[o++] = w[i];
				}
			}
			klen[q] = o;
			add_pairs(&pt, w, o, cnt);
		}
	}
	sm_map_free(&pt.map);
	free(pt.count);
	free(sym);
	free(start);
	free(klen);
	free(words);
	struct lm_bpe *b = bpe_build(pairs, done, NULL);
	free(pairs);
	return b;
}
