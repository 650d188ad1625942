/* consistency.c: the consistency analyzer (stage 3): book-wide words and
 * counts shared by the checks, the registry's lifecycle, and the run that
 * calls name, spelling, punctuation, attribute, tense, POV and timeline
 * checks in turn. Everything works across all files of the book. */
#include "checks/consistency/consistency_int.h"
#include "checks/catalog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---------------------------------------------------------------- intern */

static void intern_init(struct cintern *in)
{
	memset(in, 0, sizeof(*in));
	sm_map_reserve(&in->map, 8000);
	arena_init(&in->arena);
}

static void intern_release(struct cintern *in)
{
	sm_map_free(&in->map);
	arena_release(&in->arena);
	memset(in, 0, sizeof(*in));
}

static uint32_t intern_add(struct cintern *in, const char *s, size_t n)
{
	uint32_t id = sm_map_str(&in->map, s, n);
	if (id == SM_MAP_NONE)
		id = sm_map_str_add(&in->map, arena_strndup(&in->arena, s, n), n, NULL);
	return id;
}

uint32_t cbook_lookup(const struct cbook *cb, const char *s, size_t n)
{
	return sm_map_str(&cb->in.map, s, n);
}

uint32_t cbook_id(const struct cbook *cb, const char *s)
{
	return sm_map_str(&cb->in.map, s, strlen(s));
}

const char *cbook_str(const struct cbook *cb, uint32_t id)
{
	return id < cb->in.map.n ? cb->in.map.str[id] : "";
}

/* ---------------------------------------------------------------- words */

static bool is_letter_cp(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
		return true;
	default:
		return false;
	}
}

static bool is_upper_cp(int32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z';
	utf8proc_category_t c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

static int32_t cp_at(const char *s, uint32_t i, uint32_t end, uint32_t *w)
{
	unsigned char c = (unsigned char)s[i];
	if (c < 0x80) {
		*w = 1;
		return c;
	}
	utf8proc_int32_t cp;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
					      (utf8proc_ssize_t)(end - i), &cp);
	if (k <= 0) {
		*w = 1;
		return 0xFFFD;
	}
	*w = (uint32_t)k;
	return cp;
}

static bool is_apos(int32_t cp)
{
	return cp == '\'' || cp == 0x2019;
}

static bool is_open_quote(int32_t cp)
{
	return cp == '"' || cp == 0x201C || cp == 0x2018 || cp == '\'' || cp == 0xAB;
}

/* Abbreviations after which a capital does not start a sentence; not "no",
 * which is one only before a number ("No. 5"), where no word follows. */
static bool is_abbrev(const char *w)
{
	static const char *const ab[] = { "mr", "mrs", "ms", "dr", "st", "messrs", "rev", "col",
					  "capt", "gen", "lt", "sr", "jr", "prof", "mme", "mlle",
					  "vol", "esq", "hon" };
	for (size_t i = 0; i < SM_ARRAY_LEN(ab); i++)
		if (!strcmp(ab[i], w))
			return true;
	return false;
}

int cons_honorific(const char *w)
{
	static const struct { const char *w; int c; } h[] = {
		{ "mr", 1 }, { "sir", 1 }, { "lord", 1 }, { "colonel", 1 }, { "col", 1 },
		{ "major", 1 }, { "general", 1 }, { "admiral", 1 }, { "mister", 1 },
		{ "master", 1 }, { "monsieur", 1 }, { "uncle", 1 }, { "father", 1 },
		{ "mrs", 2 }, { "lady", 2 }, { "madame", 2 }, { "mme", 2 }, { "aunt", 2 },
		{ "dame", 2 }, { "miss", 3 }, { "mlle", 3 }, { "mademoiselle", 3 },
		{ "ms", 4 }, { "dr", 4 }, { "doctor", 4 }, { "captain", 4 }, { "capt", 4 },
		{ "professor", 4 }, { "prof", 4 }, { "rev", 4 }, { "reverend", 4 },
	};
	for (size_t i = 0; i < SM_ARRAY_LEN(h); i++)
		if (!strcmp(h[i].w, w))
			return h[i].c;
	return 0;
}

/* Lower-case s[0..n) into out (cap bytes); returns the length or 0 when too long. */
static size_t lower_into(const char *s, uint32_t n, char *out, size_t cap)
{
	size_t k = 0;
	for (uint32_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			if (k + 1 >= cap)
				return 0;
			out[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			i++;
			continue;
		}
		uint32_t w;
		int32_t cp = cp_at(s, i, n, &w);
		if (cp == 0x2019)
			cp = '\'';
		else
			cp = utf8proc_tolower(cp);
		if (k + 5 >= cap)
			return 0;
		k += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)out + k);
		i += w;
	}
	out[k] = '\0';
	return k;
}

struct wvec {
	struct cw *v;
	size_t n, cap;
};

/* Dialogue ranges of a block from the segmenter plus our own double-quote
 * pairing (a paragraph-long speech without a closing mark stays open). */
/* Direction of the double quote at i: 1 opening, 2 closing, 0 not a double quote. */
static int quote_dir(const char *t, uint32_t s, uint32_t e, uint32_t i)
{
	unsigned char c = (unsigned char)t[i];
	if (c == 0xE2 && i + 2 < e && (unsigned char)t[i + 1] == 0x80) {
		if ((unsigned char)t[i + 2] == 0x9C)
			return 1;
		if ((unsigned char)t[i + 2] == 0x9D)
			return 2;
		return 0;
	}
	if (c != '"')
		return 0;
	char p = i > s ? t[i - 1] : ' ';
	if (p == ' ' || p == '\n' || p == '(' || p == '[' || p == '-' || p == '_')
		return 1;
	return 2;
}

/* First double quote of block b: 0 none, 1 opening, 2 closing. */
static int first_quote(const struct sm_doc *doc, uint32_t b)
{
	const struct block *bl = &doc->blocks[b];
	for (uint32_t i = bl->off; i < bl->off + bl->len; i++) {
		int q = quote_dir(doc->text, bl->off, bl->off + bl->len, i);
		if (q)
			return q;
	}
	return 0;
}

/* Verse or a quoted list: three lines or more, all short, most capitalized. */
static bool verse_block(const struct sm_doc *doc, uint32_t b)
{
	const struct block *bl = &doc->blocks[b];
	const char *t = doc->text + bl->off;
	uint32_t lines = 0, caps = 0, start = 0;
	if (bl->n_map >= 3) {
		/* re-flowed source lines: one map piece each */
		for (uint32_t m = bl->map_first; m < bl->map_first + bl->n_map; m++) {
			uint32_t a = doc->map[m].text_off;
			uint32_t z = m + 1 < bl->map_first + bl->n_map ? doc->map[m + 1].text_off :
									 bl->off + bl->len;
			if (a < bl->off || z > bl->off + bl->len || z < a)
				return false;
			while (a < z && (doc->text[a] == ' ' || doc->text[a] == '"'))
				a++;
			if (z - a > 60)
				return false;
			lines++;
			if (a < z && doc->text[a] >= 'A' && doc->text[a] <= 'Z')
				caps++;
		}
		return lines >= 3 && caps * 3 >= lines * 2;
	}
	for (uint32_t i = 0; i <= bl->len; i++) {
		if (i < bl->len && t[i] != '\n')
			continue;
		uint32_t a = start;
		while (a < i && (t[a] == ' ' || t[a] == '"' || t[a] == '\''))
			a++;
		if (i - a > 60)
			return false;
		lines++;
		if (a < i && t[a] >= 'A' && t[a] <= 'Z')
			caps++;
		start = i + 1;
	}
	return lines >= 3 && caps * 3 >= lines * 2;
}

/* The blocks [0, end) of doc that are its front matter: the short stretch
 * before the first chapter heading (a title page, a byline, a dedication,
 * an epigraph), read like headings: no character mentions ("By Jane
 * Austen"), no narration. 0 when there is none. */
static uint32_t front_matter_end(const struct sm_doc *doc)
{
	if (!doc->n_chapters || doc->chapters[0].number != 0)
		return 0;
	const struct chapter *ch = &doc->chapters[0];
	size_t bytes = 0;
	for (uint32_t i = ch->block_first; i <= ch->block_last && i < doc->n_blocks; i++)
		bytes += doc->blocks[i].len;
	return bytes < 1200 ? ch->block_last + 1 : 0;
}

static void scan_block(struct cbook *cb, const struct sm_doc *doc, uint32_t b, size_t *dlg_i,
		       size_t *sent_i, struct wvec *wv, bool start_dlg, bool front)
{
	const struct block *bl = &doc->blocks[b];
	const char *t = doc->text;
	uint32_t end = bl->off + bl->len;
	bool dq = start_dlg, ital = false, sstart = true, open_quote = false;
	bool after_abbrev = false, prev_abbrev = false;
	uint32_t i = bl->off;
	uint32_t map_i = bl->map_first, map_end = bl->map_first + bl->n_map;
	size_t first_word = wv->n;
	while (i < end) {
		uint32_t w;
		int32_t cp = cp_at(t, i, end, &w);
		if (!is_letter_cp(cp) && !(cp >= '0' && cp <= '9')) {
			if (cp == '"' || cp == 0x201C || cp == 0x201D)
				dq = quote_dir(t, bl->off, end, i) == 1;
			if (cp == '_' || cp == '*') {
				bool prev_l = i > bl->off && (is_letter_cp((unsigned char)t[i - 1]) ||
							      (unsigned char)t[i - 1] >= 0x80);
				ital = !prev_l;
			}
			if (cp == '.' || cp == '!' || cp == '?') {
				if (!(cp == '.' && after_abbrev))
					sstart = true;
				after_abbrev = false;
			}
			if (is_open_quote(cp) && cp != 0x2019)
				open_quote = true;
			i += w;
			continue;
		}
		/* a word */
		uint32_t ws = i, we;
		bool cap = is_upper_cp(cp), all_up = cap;
		int n_letters = 0;
		for (;;) {
			int32_t c2 = cp_at(t, i, end, &w);
			if (is_letter_cp(c2) || (c2 >= '0' && c2 <= '9')) {
				if (is_letter_cp(c2)) {
					n_letters++;
					if (!is_upper_cp(c2))
						all_up = false;
				}
				i += w;
				if (i >= end)
					break;
				continue;
			}
			if (is_apos(c2) && i + w < end) {
				uint32_t w2;
				int32_t c3 = cp_at(t, i + w, end, &w2);
				if (is_letter_cp(c3)) {
					i += w;
					continue;
				}
			}
			break;
		}
		we = i;
		char low[128];
		size_t ln = lower_into(t + ws, we - ws, low, sizeof(low));
		if (!ln)
			continue;
		struct cw x = { ws, we - ws, 0, b, 0, 0 };
		if (cap)
			x.fl |= CW_CAP;
		if (all_up && n_letters > 1)
			x.fl |= CW_UPPER;
		if (ln > 2 && low[ln - 1] == 's' && low[ln - 2] == '\'' && cap) {
			ln -= 2;
			low[ln] = '\0';
			x.fl |= CW_POSS;
		}
		x.id = intern_add(&cb->in, low, ln);
		/* sentence start: our own rule or the segmenter's */
		while (*sent_i < doc->n_sents &&
		       doc->sents[*sent_i].off + doc->sents[*sent_i].len <= ws)
			(*sent_i)++;
		bool seg_start = *sent_i < doc->n_sents && doc->sents[*sent_i].off <= ws &&
				 (wv->n == first_word || wv->v[wv->n - 1].off < doc->sents[*sent_i].off);
		/* "Mr. Knightley": whatever the sentence splitter says, a word
		 * after an abbreviation's period does not start a sentence */
		if (sstart || open_quote || (seg_start && !prev_abbrev))
			x.fl |= CW_SSTART;
		x.sent = (uint32_t)(*sent_i < doc->n_sents ? *sent_i : 0);
		/* dialogue */
		while (*dlg_i < doc->n_dlgs && doc->dlgs[*dlg_i].off + doc->dlgs[*dlg_i].len <= ws)
			(*dlg_i)++;
		if (dq || (*dlg_i < doc->n_dlgs && doc->dlgs[*dlg_i].off <= ws))
			x.fl |= CW_DLG;
		if (ital)
			x.fl |= CW_ITAL;
		/* the first word at or after a map piece's start begins a line */
		bool line = false;
		while (map_i < map_end && doc->map[map_i].text_off <= ws) {
			line = map_i > bl->map_first;
			map_i++;
		}
		if (line || (ws > bl->off && t[ws - 1] == '\n'))
			x.fl |= CW_LINE;
		if (bl->kind == BLK_HEADING || front)
			x.fl |= CW_HEAD;
		/* what follows */
		if (we < end) {
			char c = t[we];
			if (c == '.')
				x.fl |= CW_DOT;
			if (c == ',')
				x.fl |= CW_COMMA;
			if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?')
				x.fl |= CW_PUNCT;
			if (c == '-' && we + 1 < end && t[we + 1] != '-') {
				uint32_t w2;
				if (is_letter_cp(cp_at(t, we + 1, end, &w2)))
					x.fl |= CW_HYNEXT;
			}
		}
		after_abbrev = prev_abbrev = (x.fl & CW_DOT) && is_abbrev(low);
		sstart = false;
		open_quote = false;
		SM_GROW(wv->v, wv->cap, wv->n + 1);
		wv->v[wv->n++] = x;
	}
}

/* ---------------------------------------------------------------- letters */

static bool starts_with_ci(const char *s, uint32_t n, const char *p)
{
	size_t k = strlen(p);
	if (n < k)
		return false;
	for (size_t i = 0; i < k; i++) {
		char a = s[i], b = p[i];
		if (a >= 'A' && a <= 'Z')
			a = (char)(a + 32);
		if (a != b)
			return false;
	}
	return true;
}

static bool block_has(const struct sm_doc *doc, uint32_t b, const char *const *words,
		      uint32_t from_end)
{
	const struct block *bl = &doc->blocks[b];
	uint32_t s = bl->len > from_end ? bl->off + bl->len - from_end : bl->off;
	for (uint32_t i = s; i < bl->off + bl->len; i++) {
		/* the first letter decides most positions (words are lower-case) */
		char c = doc->text[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		for (size_t k = 0; words[k]; k++)
			if (c == words[k][0] && starts_with_ci(doc->text + i, bl->off + bl->len - i, words[k]) &&
			    (i == bl->off || !is_letter_cp((unsigned char)doc->text[i - 1])))
				return true;
	}
	return false;
}

static int count_first_person(const struct cbook *cb, const struct cdoc *d, size_t wi, uint32_t b,
			      size_t *next)
{
	uint32_t ids[5];
	static const char *const fp[] = { "i", "me", "my", "myself", "mine" };
	for (int k = 0; k < 5; k++)
		ids[k] = cbook_id(cb, fp[k]);
	int n = 0;
	size_t i = wi;
	for (; i < d->n && d->w[i].block == b; i++) {
		if (d->w[i].fl & CW_DLG)
			continue;
		for (int k = 0; k < 5; k++)
			if (d->w[i].id == ids[k] && ids[k] != UINT32_MAX)
				n++;
	}
	*next = i;
	return n;
}

/* Mark letters quoted in the narration: from a salutation ("My dear Anne,")
 * to a sign-off ("Yours ever"), or first-person paragraphs right after a
 * paragraph that announces a letter ("...the letter ran thus:"). */
static void find_letters(struct cbook *cb, struct cdoc *d)
{
	static const char *const signoff[] = { "yours", "your's", "your affectionate", "believe me",
					       "affectionately", "sincerely", "faithfully", NULL };
	static const char *const announce[] = { "letter", "note", "wrote", "written", "as follows",
						"ran thus", "epistle", NULL };
	const struct sm_doc *doc = d->doc;
	d->letter = xcalloc(doc->n_blocks ? doc->n_blocks : 1, 1);
	size_t wi = 0;
	for (uint32_t b = 0; b < doc->n_blocks; b++) {
		const struct block *bl = &doc->blocks[b];
		const char *s = doc->text + bl->off;
		size_t wnext;
		while (wi < d->n && d->w[wi].block < b)
			wi++;
		if (bl->kind != BLK_PARAGRAPH)
			continue;
		bool salut = false;
		if ((starts_with_ci(s, bl->len, "my dear") || starts_with_ci(s, bl->len, "dear ") ||
		     starts_with_ci(s, bl->len, "dearest") || starts_with_ci(s, bl->len, "madam,") ||
		     starts_with_ci(s, bl->len, "sir,"))) {
			/* a comma, colon or line end within the first 40 bytes */
			for (uint32_t k = 0; k < bl->len && k < 40; k++)
				if (s[k] == ',' || s[k] == ':' || s[k] == '\n' || s[k] == '!')
					salut = true;
		}
		bool announced = false;
		if (!salut && b > 0 && doc->blocks[b - 1].kind == BLK_PARAGRAPH &&
		    doc->blocks[b - 1].chapter == bl->chapter && s[0] != '"' &&
		    (unsigned char)s[0] != 0xE2) {
			const struct block *pb = &doc->blocks[b - 1];
			announced = doc->text[pb->off + pb->len - 1] == ':' ||
				    block_has(doc, b - 1, announce, 300);
			if (announced && count_first_person(cb, d, wi, b, &wnext) < 2)
				announced = false;
		}
		if (!salut && !announced)
			continue;
		/* extend to the sign-off; announced letters also end at the first
		 * paragraph without a first-person pronoun */
		uint32_t last = b, e = b;
		bool signed_off = false;
		size_t wj = wi;
		for (; e < doc->n_blocks && e < b + 60; e++) {
			const struct block *eb = &doc->blocks[e];
			if (eb->kind != BLK_PARAGRAPH || eb->chapter != bl->chapter ||
			    (e > b && eb->after_break))
				break;
			while (wj < d->n && d->w[wj].block < e)
				wj++;
			if (announced && e > b && count_first_person(cb, d, wj, e, &wnext) == 0 &&
			    eb->len > 200)
				break;
			last = e;
			if (eb->len < 400 && block_has(doc, e, signoff, 400)) {
				signed_off = true;
				break;
			}
		}
		if (salut && !signed_off)
			continue;
		for (uint32_t k = b; k <= last; k++)
			d->letter[k] = 1;
		b = last;
	}
	for (uint32_t b = 0; b < doc->n_blocks; b++)
		if (!d->letter[b] && doc->blocks[b].kind == BLK_PARAGRAPH && verse_block(doc, b))
			d->letter[b] = 2;
	for (size_t i = 0; i < d->n; i++)
		if (d->letter[d->w[i].block])
			d->w[i].fl |= CW_LETTER;
}

/* ---------------------------------------------------------------- cbook */

void cbook_init(struct cbook *cb, const struct sm_book *book)
{
	memset(cb, 0, sizeof(*cb));
	cb->book = book;
	intern_init(&cb->in);
	cb->n_docs = book->n_docs;
	cb->d = xcalloc(book->n_docs ? book->n_docs : 1, sizeof(*cb->d));
	uint32_t chap = 0;
	for (size_t k = 0; k < book->n_docs; k++) {
		const struct sm_doc *doc = book->docs[k];
		struct cdoc *d = &cb->d[k];
		struct wvec wv = { 0 };
		size_t dlg_i = 0, sent_i = 0;
		d->doc = doc;
		d->chap_base = chap;
		chap += doc->n_chapters ? (uint32_t)doc->n_chapters : 1;
		/* a speech may run over several paragraphs: a paragraph whose
		 * first quote closes, or one without quotes between an unclosed
		 * speech and such a paragraph (a verse quoted in a speech), is
		 * inside it from its start */
		int *fq = xcalloc(doc->n_blocks + 1, sizeof(int));
		for (uint32_t b = 0; b < doc->n_blocks; b++)
			fq[b] = first_quote(doc, b);
		bool open_end = false;
		uint32_t front_end = front_matter_end(doc);
		for (uint32_t b = 0; b < doc->n_blocks; b++) {
			bool start = fq[b] == 2 ||
				     (fq[b] == 0 && open_end && b + 1 < doc->n_blocks && fq[b + 1] == 2);
			size_t before = wv.n;
			scan_block(cb, doc, b, &dlg_i, &sent_i, &wv, start, b < front_end);
			/* ends open when its last quote opens */
			const struct block *bl = &doc->blocks[b];
			int last = 0;
			for (uint32_t i = bl->off; i < bl->off + bl->len; i++) {
				int q = quote_dir(doc->text, bl->off, bl->off + bl->len, i);
				if (q)
					last = q;
			}
			open_end = last == 1 || (last == 0 && start);
			(void)before;
		}
		free(fq);
		d->w = wv.v;
		d->n = wv.n;
		cb->n_words += wv.n;
	}
	cb->n_chapters = chap;
	cb->n_ids = cb->in.map.n;
	cb->n_all = xcalloc(cb->n_ids + 1, sizeof(uint32_t));
	cb->n_low = xcalloc(cb->n_ids + 1, sizeof(uint32_t));
	cb->n_capmid = xcalloc(cb->n_ids + 1, sizeof(uint32_t));
	cb->n_capst = xcalloc(cb->n_ids + 1, sizeof(uint32_t));
	cb->name_char = xcalloc(cb->n_ids + 1, sizeof(uint32_t));
	for (size_t k = 0; k < cb->n_docs; k++) {
		struct cdoc *d = &cb->d[k];
		find_letters(cb, d);
		for (size_t i = 0; i < d->n; i++) {
			const struct cw *x = &d->w[i];
			if (x->fl & CW_HEAD)
				continue;
			cb->n_all[x->id]++;
			if (!(x->fl & CW_CAP))
				cb->n_low[x->id]++;
			else if (x->fl & CW_UPPER)
				;
			else if (x->fl & CW_SSTART)
				cb->n_capst[x->id]++;
			else
				cb->n_capmid[x->id]++;
		}
	}
}

void cbook_release(struct cbook *cb)
{
	for (size_t k = 0; k < cb->n_docs; k++) {
		free(cb->d[k].w);
		free(cb->d[k].letter);
	}
	free(cb->d);
	free(cb->n_all);
	free(cb->n_low);
	free(cb->n_capmid);
	free(cb->n_capst);
	free(cb->name_char);
	intern_release(&cb->in);
	memset(cb, 0, sizeof(*cb));
}

uint32_t cbook_chapter(const struct cbook *cb, uint32_t doc, uint32_t block)
{
	const struct sm_doc *d = cb->book->docs[doc];
	uint32_t c = block < d->n_blocks && d->n_chapters ? d->blocks[block].chapter : 0;
	return cb->d[doc].chap_base + c;
}

/* ---------------------------------------------------------------- helpers */

uint32_t cw_base_len(const struct sm_doc *doc, const struct cw *x)
{
	if (!(x->fl & CW_POSS) || x->len < 3)
		return x->len;
	const unsigned char *e = (const unsigned char *)doc->text + x->off + x->len;
	if (e[-2] == '\'')
		return x->len - 2;
	if (x->len > 4 && e[-4] == 0xE2 && e[-3] == 0x80 && e[-2] == 0x99)
		return x->len - 4;
	return x->len;
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

const char *cons_where(const struct cbook *cb, uint32_t doc, uint32_t off, char *buf, size_t n)
{
	const struct sm_doc *d = cb->book->docs[doc];
	int b = doc_block_at(d, off);
	int num = 0;
	if (b >= 0 && d->n_chapters) {
		const struct chapter *c = &d->chapters[d->blocks[b].chapter];
		num = c->declared_num >= 0 ? c->declared_num : (int)c->number;
	}
	if (cb->book->n_docs > 1) {
		if (num > 0)
			snprintf(buf, n, "%s, chapter %d", base_name(d->path), num);
		else
			snprintf(buf, n, "%s", base_name(d->path));
	} else if (num > 0) {
		snprintf(buf, n, "chapter %d", num);
	} else {
		snprintf(buf, n, "the opening");
	}
	return buf;
}

const char *cons_chapter_label(const struct sm_book *book, const struct cons_place *at,
			       char *buf, size_t n)
{
	if (!book || at->doc >= book->n_docs) {
		snprintf(buf, n, "chapter %u", at->chapter + 1);
		return buf;
	}
	const struct sm_doc *d = book->docs[at->doc];
	int b = doc_block_at(d, at->off);
	int num = (int)at->chapter + 1;
	if (b >= 0 && d->n_chapters) {
		const struct chapter *c = &d->chapters[d->blocks[b].chapter];
		num = c->declared_num >= 0 ? c->declared_num : (int)c->number;
	}
	if (num <= 0)
		num = (int)at->chapter + 1;
	if (book->n_docs > 1)
		snprintf(buf, n, "%s, chapter %d", base_name(d->path), num);
	else
		snprintf(buf, n, "chapter %d", num);
	return buf;
}

const char *cons_attr_name(enum cons_attr a)
{
	switch (a) {
	case CONS_ATTR_EYES: return "eyes";
	case CONS_ATTR_HAIR: return "hair";
	case CONS_ATTR_AGE: return "age";
	}
	return "?";
}

const char *cons_gender_name(enum cons_gender g)
{
	switch (g) {
	case CONS_G_MALE: return "male";
	case CONS_G_FEMALE: return "female";
	case CONS_G_UNKNOWN: break;
	}
	return "unknown";
}

/* ---------------------------------------------------------------- registry */

struct cons_registry *cons_registry_from(struct cbook *cb)
{
	struct cons_registry *reg = xcalloc(1, sizeof(*reg));
	arena_init(&reg->arena);
	reg->n_chapters = cb->n_chapters;
	cons_characters(cb, reg);
	cons_facts(cb, reg);
	return reg;
}

int cons_registry_build(const struct sm_book *book, struct cons_registry **out,
			struct sm_err *err)
{
	*out = NULL;
	if (!book->n_docs)
		return sm_fail(err, SM_EUSAGE, "the book has no documents");
	struct cbook cb;
	cbook_init(&cb, book);
	*out = cons_registry_from(&cb);
	cbook_release(&cb);
	return SM_OK;
}

void cons_registry_free(struct cons_registry *reg)
{
	if (!reg)
		return;
	free(reg->chars);
	free(reg->mentions);
	free(reg->facts);
	arena_release(&reg->arena);
	free(reg);
}

const struct cons_registry *cons_book_registry(struct sm_book *book)
{
	if (!book->registry) {
		struct cons_registry *reg = NULL;
		if (cons_registry_build(book, &reg, NULL) != SM_OK)
			return NULL;
		book->registry = reg;
	}
	return book->registry;
}

void cons_book_release(struct sm_book *book)
{
	cons_registry_free(book->registry);
	book->registry = NULL;
}

/* ---------------------------------------------------------------- analyzer */

static bool on(const struct sm_book *book, const char *rule)
{
	if (catalog_opt_in(rule) && !config_rule_asked(book->cfg, rule, NULL))
		return false;
	return config_rule_level(book->cfg, rule, SM_SEV_WARNING) >= 0;
}

/* The family runs when any of its rules (the catalog's consistency.*) is on:
 * --only consistency.tense-shift leaves "consistency" itself out, not its rule. */
static bool any_on(const struct sm_book *book)
{
	const struct check_info *const *c = catalog_table();
	for (size_t i = 0; i < catalog_count(); i++)
		if (!strcmp(c[i]->family, "consistency") && on(book, c[i]->id))
			return true;
	return false;
}

static int run(struct sm_book *book, struct sm_findings *out, struct sm_err *err)
{
	(void)err;
	if (!book->n_docs || !any_on(book))
		return SM_OK;
	struct cbook cb;
	cbook_init(&cb, book);
	struct cons_registry *reg = cons_registry_from(&cb);
	if (on(book, "consistency.name-variant"))
		cons_check_names(&cb, reg, out);
	if (on(book, "consistency.spelling-variant"))
		cons_check_spelling(&cb, reg, out);
	if (on(book, "consistency.capitalization"))
		cons_check_capitals(&cb, out);
	if (on(book, "consistency.punctuation-style"))
		cons_check_punct(&cb, out);
	if (on(book, "consistency.character-attribute"))
		cons_check_attributes(&cb, reg, out);
	if (on(book, "consistency.tense-shift"))
		cons_check_tense(&cb, reg, out);
	if (on(book, "consistency.pov-shift"))
		cons_check_pov(&cb, out);
	if (on(book, "consistency.timeline"))
		cons_check_timeline(&cb, reg, out);
	/* Keep the registry on the book for scan and the report (cons_book_registry);
	 * whoever owns the book frees it with cons_book_release. */
	if (!book->registry)
		book->registry = reg;
	else
		cons_registry_free(reg);
	cbook_release(&cb);
	return SM_OK;
}

/* The rule ids this analyzer reports, for the catalog (checks/catalog.h):
 * sorted by id; `rules list`, `rules show` and the configuration read them. */
static const struct check_info checks[] = {
	{ "consistency.capitalization", "consistency", "warning", false, true,
	  "a common word capitalized inside a sentence against its usual lower case",
	  "\"By noon he mended Nets by the harbour wall.\" -> 'nets' is capitalized 1 time "
	  "inside sentences but written in lower case 14 times", APPENDIX_SPELLING },
	{ "consistency.character-attribute", "consistency", "warning", false, false,
	  "a character's eye or hair colour, age, height or build that changes between places",
	  "\"Martha's eyes were a clear grey.\" ... a chapter later: \"Martha's brown eyes "
	  "narrowed.\" -> Martha's eyes are brown here but grey in chapter 2", APPENDIX_NONE },
	{ "consistency.name-variant", "consistency", "warning", false, false,
	  "a rare spelling one or two letters from a frequent name",
	  "'Catharine' appears 1 time, but 'Catherine' 64 times: a misspelling of the name?", APPENDIX_NAMES },
	{ "consistency.pov-shift", "consistency", "warning", false, false,
	  "a paragraph in the first person inside a third-person scene, or another "
	  "character's thoughts in a first-person book",
	  "\"I walked to the window and I looked at the garden.\" in a chapter told in the "
	  "third person", APPENDIX_NONE },
	{ "consistency.punctuation-style", "consistency", "warning", false, false,
	  "quote marks, dashes or ellipses written two ways in one book",
	  "straight double quotes (\") 3 times against curly double quotes 2,104 times", APPENDIX_SPELLING },
	{ "consistency.spelling-variant", "consistency", "warning", false, false,
	  "one word spelled two ways: US and UK forms, closed, open and hyphenated compounds",
	  "'honor' is spelled 'honour' 18 times in the book but 'honor' 2 times", APPENDIX_SPELLING },
	{ "consistency.tense-shift", "consistency", "warning", false, false,
	  "a paragraph of narration in the present inside a past-tense scene, or the reverse",
	  "\"By noon the heat is unbearable. Nina finds a patch of shade...\" in a scene told "
	  "in the past tense", APPENDIX_NONE },
	{ "consistency.timeline", "consistency", "warning", false, false,
	  "a weekday that does not fit its date, or an age that goes down",
	  "\"Tuesday, 3 March 1814\": 3 March 1814 was a Thursday, not a Tuesday", APPENDIX_NONE },
};

const struct analyzer an_consistency = { "consistency", run, checks, SM_ARRAY_LEN(checks) };
