/* chapters.c: scene-break glyphs, chapter headings and their roles, and the
 * chapter/scene tree (segmentation stage).
 *
 * Where a heading sits: a part heading ("Volume II") directly followed by a
 * chapter heading (nothing but other part headings between) belongs to that
 * new chapter; any other part or title heading belongs to the chapter that is
 * open where it stands (usually the front matter, chapter 0). */
#include "segment/seg_internal.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Scene-break glyphs                                                  */
/* ------------------------------------------------------------------ */

bool seg_is_break(const char *s, size_t n)
{
	uint32_t i = 0, end = (uint32_t)n, w, n_cp = 0, n_ink = 0;
	if (n > 200)
		return false;
	while (i < end) {
		uint32_t cp = seg_cp(s, i, end, &w);
		i += w;
		if (++n_cp > 20)
			return false;
		enum seg_cc c = seg_class(cp);
		if (c == SEG_SPACE)
			continue;
		if (c != SEG_PUNCT && c != SEG_SYMBOL)
			return false;
		/* quotes, brackets and sentence punctuation make a paragraph of
		 * speech ("...", "?" or "!"), not a break */
		if (strchr("\"'()[]{}?!,;:", (int)cp) && cp < 0x80)
			return false;
		if (cp == SEG_LDQUO || cp == SEG_RDQUO || cp == SEG_LSQUO || cp == SEG_RSQUO ||
		    cp == 0xAB || cp == 0xBB || cp == 0xBF || cp == 0xA1)
			return false;
		n_ink++;
	}
	return n_ink > 0;
}

void seg_remove_breaks(struct sm_doc *doc)
{
	size_t out = 0;
	bool pend_break = false, pend_page = false;
	for (size_t i = 0; i < doc->n_blocks; i++) {
		struct block b = doc->blocks[i];
		if (b.kind == BLK_BREAK ||
		    (b.kind == BLK_PARAGRAPH && seg_is_break(doc->text + b.off, b.len))) {
			pend_break = true;
			pend_page = pend_page || b.page_break;
			continue;
		}
		if (pend_break)
			b.after_break = true;
		if (pend_page)
			b.page_break = true;
		pend_break = pend_page = false;
		doc->blocks[out++] = b;
	}
	doc->n_blocks = out;
}

/* ------------------------------------------------------------------ */
/* Numbers: digits, words, ordinals, roman numerals                     */
/* ------------------------------------------------------------------ */

static const char *const units[] = {"zero", "one", "two", "three", "four", "five", "six",
				     "seven", "eight", "nine", "ten", "eleven", "twelve",
				     "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
				     "eighteen", "nineteen"};
static const char *const unit_ords[] = {"zeroth", "first", "second", "third", "fourth",
					 "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
					 "eleventh", "twelfth", "thirteenth", "fourteenth",
					 "fifteenth", "sixteenth", "seventeenth", "eighteenth",
					 "nineteenth"};
static const char *const tens[] = {"", "", "twenty", "thirty", "forty", "fifty", "sixty",
				    "seventy", "eighty", "ninety"};
static const char *const ten_ords[] = {"", "", "twentieth", "thirtieth", "fortieth",
					"fiftieth", "sixtieth", "seventieth", "eightieth",
					"ninetieth"};

static bool word_eq(const char *w, size_t n, const char *lit)
{
	return strlen(lit) == n && memcmp(w, lit, n) == 0;
}

/* Value of one lower-case number word; *is_tens when it is twenty..ninety. */
static int word_value(const char *w, size_t n, bool *is_tens)
{
	*is_tens = false;
	for (int k = 1; k < 20; k++)
		if (word_eq(w, n, units[k]) || word_eq(w, n, unit_ords[k]))
			return k;
	for (int k = 2; k < 10; k++) {
		if (word_eq(w, n, tens[k])) {
			*is_tens = true;
			return 10 * k;
		}
		if (word_eq(w, n, ten_ords[k]))
			return 10 * k;
	}
	return -1;
}

static int roman_digit(char c)
{
	switch (c) {
	case 'I': return 1;
	case 'V': return 5;
	case 'X': return 10;
	case 'L': return 50;
	case 'C': return 100;
	case 'D': return 500;
	case 'M': return 1000;
	default: return 0;
	}
}

/* Canonical roman numeral of v (1..3999) into buf; returns its length. */
static size_t roman_format(int v, char *buf)
{
	static const int vals[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
	static const char *const syms[] = {"M", "CM", "D", "CD", "C", "XC", "L", "XL",
					   "X", "IX", "V", "IV", "I"};
	size_t n = 0;
	for (size_t k = 0; k < SM_ARRAY_LEN(vals); k++)
		while (v >= vals[k]) {
			for (const char *p = syms[k]; *p; p++)
				buf[n++] = *p;
			v -= vals[k];
		}
	return n;
}

static int32_t parse_roman(const char *s, size_t n)
{
	char up[16], canon[32];
	if (n == 0 || n > 15)
		return -1;
	bool lower = s[0] >= 'a';
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if ((c >= 'a') != lower)
			return -1; /* mixed case: a word, not a numeral */
		up[i] = lower ? (char)(c - 32) : c;
		if (!roman_digit(up[i]))
			return -1;
	}
	for (size_t i = 0; i < n; i++) {
		int d = roman_digit(up[i]);
		if (i + 1 < n && roman_digit(up[i + 1]) > d)
			v -= d;
		else
			v += d;
	}
	if (v < 1 || v > 3999)
		return -1;
	size_t cn = roman_format(v, canon);
	return cn == n && memcmp(canon, up, n) == 0 ? v : -1;
}

int32_t seg_parse_number(const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n > 0 && s[n - 1] == '.')
		n--;
	if (n == 0 || n > 40)
		return -1;
	size_t i = 0;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i == n) {
		if (n > 9)
			return -1;
		int32_t v = 0;
		for (i = 0; i < n; i++)
			v = v * 10 + (s[i] - '0');
		return v;
	}
	int32_t r = parse_roman(s, n);
	if (r > 0)
		return r;
	/* words: "twelve", "Twenty-One", "twenty first", "THIRD" */
	char low[41];
	for (i = 0; i < n; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		else if (!(c >= 'a' && c <= 'z') && c != '-' && c != ' ')
			return -1;
		low[i] = c;
	}
	size_t cut = 0;
	while (cut < n && low[cut] != '-' && low[cut] != ' ')
		cut++;
	bool is_tens, dummy;
	int v = word_value(low, cut, &is_tens);
	if (v < 0)
		return -1;
	if (cut == n)
		return v;
	size_t rest = cut;
	while (rest < n && (low[rest] == '-' || low[rest] == ' '))
		rest++;
	if (!is_tens || rest - cut > 1 || rest == n)
		return -1;
	int u = word_value(low + rest, n - rest, &dummy);
	if (u < 1 || u > 9)
		return -1;
	return v + u;
}

/* ------------------------------------------------------------------ */
/* Heading patterns                                                     */
/* ------------------------------------------------------------------ */

static bool is_sep(char c)
{
	return c == ':' || c == '.' || c == '-' || c == '(';
}

/* Length of the separator (":", ".", "-", "(", "—", "–") at s[i], 0 when none. */
static size_t sep_len(const char *s, size_t i, size_t n)
{
	if (i >= n)
		return 0;
	if (is_sep(s[i]))
		return 1;
	if (i + 3 <= n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
	    ((unsigned char)s[i + 2] == 0x94 || (unsigned char)s[i + 2] == 0x93))
		return 3;
	return 0;
}

static size_t skip_spaces(const char *s, size_t i, size_t n)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

/* Parse a number of one or two words at s[i..n), followed by the end or a
 * separator (or, when !strict, anything). Returns the number or -1. */
static int32_t number_then_end(const char *s, size_t i, size_t n, bool strict)
{
	size_t e1 = i;
	while (e1 < n && s[e1] != ' ' && s[e1] != '\t' && !sep_len(s, e1, n))
		e1++;
	/* "Twenty-One": the hyphen is no separator inside a number word */
	if (e1 < n && s[e1] == '-' && e1 + 1 < n && s[e1 + 1] != ' ' && s[e1 + 1] != '-') {
		e1++;
		while (e1 < n && s[e1] != ' ' && s[e1] != '\t' && !sep_len(s, e1, n))
			e1++;
	}
	size_t e2 = skip_spaces(s, e1, n), e3 = e2;
	while (e3 < n && s[e3] != ' ' && s[e3] != '\t' && !sep_len(s, e3, n))
		e3++;
	size_t ends[2] = {e3, e1};
	for (int k = 0; k < 2; k++) {
		size_t e = ends[k];
		if (e == i || (k == 0 && e3 == e2))
			continue;
		int32_t v = seg_parse_number(s + i, e - i);
		if (v < 0)
			continue;
		size_t after = skip_spaces(s, e, n);
		if (after == n || sep_len(s, after, n) || !strict)
			return v;
	}
	return -1;
}

enum blk_role seg_heading_kind(const char *s, size_t n, bool strict, int32_t *num, bool *bare)
{
	*num = -1;
	*bare = false;
	size_t i = skip_spaces(s, 0, n);
	while (n > i && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (i >= n || memchr(s + i, '\n', n - i))
		return ROLE_NONE;
	size_t we = i;
	while (we < n && ((s[we] >= 'a' && s[we] <= 'z') || (s[we] >= 'A' && s[we] <= 'Z')))
		we++;
	char kw[12];
	size_t kn = we - i;
	if (kn > 0 && kn < sizeof(kw)) {
		for (size_t k = 0; k < kn; k++)
			kw[k] = (char)(s[i + k] | 0x20);
		enum blk_role role = ROLE_NONE;
		bool needs_num = true;
		if (word_eq(kw, kn, "chapter") || word_eq(kw, kn, "chap"))
			role = ROLE_CHAPTER;
		else if (word_eq(kw, kn, "part") || word_eq(kw, kn, "volume") || word_eq(kw, kn, "vol") ||
			 word_eq(kw, kn, "book"))
			role = ROLE_PART;
		else if (word_eq(kw, kn, "prologue") || word_eq(kw, kn, "epilogue") ||
			 word_eq(kw, kn, "interlude") || word_eq(kw, kn, "afterword")) {
			role = ROLE_CHAPTER;
			needs_num = false;
		}
		if (role != ROLE_NONE) {
			size_t j = we;
			if (needs_num) {
				if (j < n && s[j] == '.' && (word_eq(kw, kn, "chap") || word_eq(kw, kn, "vol")))
					j++;
				if (j >= n || (s[j] != ' ' && s[j] != '\t'))
					return ROLE_NONE;
				j = skip_spaces(s, j, n);
				if (n - j > 4 && (s[j] | 0x20) == 't' && (s[j + 1] | 0x20) == 'h' &&
				    (s[j + 2] | 0x20) == 'e' && s[j + 3] == ' ')
					j = skip_spaces(s, j + 4, n); /* "Chapter the Third" */
				int32_t v = number_then_end(s, j, n, strict);
				if (v < 0)
					return ROLE_NONE;
				*num = v;
				return role;
			}
			j = skip_spaces(s, j, n);
			if (j == n || sep_len(s, j, n) || !strict)
				return role;
			return ROLE_NONE;
		}
	}
	/* a number alone: "12", "XIV", "IV.", "Twelve" */
	int32_t v = seg_parse_number(s + i, n - i);
	if (v > 0 && !(s[i] >= 'a' && s[i] <= 'z')) { /* not "mix", "did" */
		*num = v;
		*bare = true;
		return ROLE_CHAPTER;
	}
	return ROLE_NONE;
}

enum blk_role seg_heading_role(const char *s, size_t n, int32_t *num)
{
	bool bare;
	return seg_heading_kind(s, n, true, num, &bare);
}

/* ------------------------------------------------------------------ */
/* Roles                                                               */
/* ------------------------------------------------------------------ */

/* A plain paragraph short enough to be a heading: one line, <= 60 code points. */
static bool short_line(const struct sm_doc *doc, const struct block *b)
{
	if (b->kind != BLK_PARAGRAPH || b->len > 240 || b->in_table)
		return false; /* a table cell ("1", "II") is never a chapter heading */
	if (memchr(doc->text + b->off, '\n', b->len))
		return false;
	return doc_cp_count(doc, b->off, b->len) <= 60;
}

/* The blocks after heading h up to the next heading hold little text (a
 * title page, a dedication, an epigraph), not a chapter's. */
static bool short_section(const struct sm_doc *doc, size_t h)
{
	size_t bytes = 0;
	for (size_t i = h + 1; i < doc->n_blocks && doc->blocks[i].kind != BLK_HEADING; i++)
		bytes += doc->blocks[i].len;
	return bytes < 1200;
}

void seg_assign_roles(struct sm_doc *doc)
{
	size_t nb = doc->n_blocks;
	if (nb == 0)
		return;
	uint8_t *promoted = xcalloc(nb, 1);
	int32_t num;
	bool bare;
	/* 1. chapter-like paragraphs; bare numbers only when they recur or
	 *    follow a page break */
	size_t n_bare = 0;
	for (size_t i = 0; i < nb; i++) {
		struct block *b = &doc->blocks[i];
		if (short_line(doc, b) &&
		    seg_heading_kind(doc->text + b->off, b->len, true, &num, &bare) == ROLE_CHAPTER &&
		    bare)
			n_bare++;
	}
	for (size_t i = 0; i < nb; i++) {
		struct block *b = &doc->blocks[i];
		if (!short_line(doc, b))
			continue;
		enum blk_role r = seg_heading_kind(doc->text + b->off, b->len, true, &num, &bare);
		if (r == ROLE_NONE || (bare && n_bare < 3 && !b->page_break))
			continue;
		b->kind = BLK_HEADING;
		b->role = r;
		b->declared_num = num;
		promoted[i] = 1;
	}
	/* 2. styled headings: patterns first, then levels */
	int min_pat = 10;
	unsigned freq[10] = {0};
	bool any_promoted_ch = false;
	size_t first_ch = nb;
	for (size_t i = 0; i < nb; i++) {
		struct block *b = &doc->blocks[i];
		if (b->kind != BLK_HEADING)
			continue;
		if (promoted[i]) {
			if (b->role == ROLE_CHAPTER) {
				any_promoted_ch = true;
				if (first_ch == nb)
					first_ch = i;
			}
			continue;
		}
		int lvl = b->level ? b->level : 1;
		enum blk_role r = seg_heading_kind(doc->text + b->off, b->len, false, &num, &bare);
		b->declared_num = num;
		b->role = r;
		if (r == ROLE_CHAPTER) {
			min_pat = SM_MIN(min_pat, lvl);
			if (first_ch == nb)
				first_ch = i;
		} else if (r == ROLE_NONE && !b->style_title) {
			freq[lvl]++;
		}
	}
	int chap_level = min_pat;
	if (min_pat == 10 && !any_promoted_ch) {
		unsigned best = 0;
		for (int l = 1; l < 10; l++)
			if (freq[l] > best) {
				best = freq[l];
				chap_level = l;
			}
	}
	for (size_t i = 0; i < nb; i++) {
		struct block *b = &doc->blocks[i];
		if (b->kind != BLK_HEADING || promoted[i] || b->role != ROLE_NONE)
			continue;
		int lvl = b->level ? b->level : 1;
		if (b->style_title)
			b->role = ROLE_TITLE;
		else if (i < first_ch && min_pat < 10 && lvl == chap_level && short_section(doc, i))
			b->role = ROLE_TITLE; /* "# The Book's Title" over a title page, before "# Chapter 1" */
		else if (chap_level == 10) /* chapters come only from plain paragraphs */
			b->role = i < first_ch ? ROLE_TITLE : ROLE_NONE;
		else if (lvl == chap_level)
			b->role = ROLE_CHAPTER;
		else if (lvl < chap_level)
			b->role = ROLE_TITLE;
		if (b->role == ROLE_TITLE)
			b->style_title = true;
	}
	/* 3. levels of promoted headings: chapters at the chapter level, parts above */
	bool any_part = false;
	for (size_t i = 0; i < nb; i++)
		if (doc->blocks[i].kind == BLK_HEADING && doc->blocks[i].role == ROLE_PART)
			any_part = true;
	int ch_lvl = chap_level < 10 ? chap_level : (any_part ? 2 : 1);
	for (size_t i = 0; i < nb; i++) {
		if (!promoted[i])
			continue;
		struct block *b = &doc->blocks[i];
		b->level = (uint8_t)(b->role == ROLE_PART ? SM_MAX(1, ch_lvl - 1) : ch_lvl);
	}
	free(promoted);
}

/* ------------------------------------------------------------------ */
/* Chapters and scenes                                                  */
/* ------------------------------------------------------------------ */

void seg_build_chapters(struct sm_doc *doc)
{
	size_t nb = doc->n_blocks;
	doc->chapters = NULL;
	doc->n_chapters = 0;
	doc->scenes = NULL;
	doc->n_scenes = 0;
	if (nb == 0)
		return;
	struct block *B = doc->blocks;
	/* chapter start blocks */
	size_t n_ch = 0;
	for (size_t i = 0; i < nb; i++)
		if (B[i].kind == BLK_HEADING && B[i].role == ROLE_CHAPTER)
			n_ch++;
	uint32_t *starts = xmalloc((n_ch + 1) * sizeof(*starts));
	uint32_t *heads = xmalloc((n_ch + 1) * sizeof(*heads));
	size_t k = 0;
	for (size_t i = 0; i < nb; i++) {
		if (B[i].kind != BLK_HEADING || B[i].role != ROLE_CHAPTER)
			continue;
		size_t s = i;
		size_t floor = k > 0 ? heads[k - 1] + 1 : 0;
		while (s > floor && B[s - 1].kind == BLK_HEADING && B[s - 1].role == ROLE_PART)
			s--;
		starts[k] = (uint32_t)s;
		heads[k] = (uint32_t)i;
		k++;
	}
	bool front = n_ch == 0 || starts[0] > 0;
	size_t total = n_ch + (front ? 1 : 0);
	struct chapter *ch = arena_alloc(&doc->arena, total * sizeof(*ch));
	size_t ci = 0;
	if (front) {
		ch[0].number = n_ch == 0 ? 1 : 0;
		ch[0].declared_num = -1;
		ch[0].heading = -1;
		ch[0].title = "";
		ch[0].block_first = 0;
		ch[0].block_last = n_ch == 0 ? (uint32_t)nb - 1 : starts[0] - 1;
		ci = 1;
	}
	for (size_t c = 0; c < n_ch; c++, ci++) {
		struct chapter *x = &ch[ci];
		const struct block *h = &B[heads[c]];
		x->number = (uint32_t)c + 1;
		x->declared_num = h->declared_num;
		x->heading = (int32_t)heads[c];
		x->title = arena_strndup(&doc->arena, doc->text + h->off, h->len);
		x->block_first = starts[c];
		x->block_last = c + 1 < n_ch ? starts[c + 1] - 1 : (uint32_t)nb - 1;
	}
	free(starts);
	free(heads);
	/* parts, scenes, words */
	struct scene *sc = NULL;
	size_t n_sc = 0, cap_sc = 0;
	uint32_t parts = 0;
	for (size_t c = 0; c < total; c++) {
		struct chapter *x = &ch[c];
		uint32_t cut = x->heading >= 0 ? (uint32_t)x->heading : x->block_first;
		/* parts counted before the chapter heading (its own part heading included) */
		for (uint32_t i = x->block_first; i < cut; i++)
			if (B[i].kind == BLK_HEADING && B[i].role == ROLE_PART)
				parts++;
		x->part = parts;
		for (uint32_t i = cut; i <= x->block_last; i++)
			if (B[i].kind == BLK_HEADING && B[i].role == ROLE_PART)
				parts++;
		x->scene_first = (uint32_t)n_sc;
		x->n_words = 0;
		bool has_para = false;
		for (uint32_t i = x->block_first; i <= x->block_last; i++) {
			struct block *b = &B[i];
			if (i == x->block_first || (b->after_break && has_para)) {
				SM_GROW(sc, cap_sc, n_sc + 1);
				struct scene *s = &sc[n_sc++];
				memset(s, 0, sizeof(*s));
				s->number = (uint32_t)(n_sc - x->scene_first);
				s->chapter = (uint32_t)c;
				s->block_first = i;
				has_para = false;
			}
			struct scene *s = &sc[n_sc - 1];
			s->block_last = i;
			b->chapter = (uint32_t)c;
			b->scene = (uint32_t)(n_sc - 1);
			if (b->kind != BLK_HEADING) {
				has_para = true;
				s->n_words += b->n_words;
				x->n_words += b->n_words;
			}
		}
		x->n_scene = (uint32_t)(n_sc - x->scene_first);
	}
	doc->chapters = ch;
	doc->n_chapters = total;
	doc->scenes = arena_alloc(&doc->arena, (n_sc ? n_sc : 1) * sizeof(*sc));
	if (n_sc)
		memcpy(doc->scenes, sc, n_sc * sizeof(*sc));
	doc->n_scenes = n_sc;
	free(sc);
}
