/* typo.c: language.typo, words that are not words (stage 3, analyzers).
 * Each distinct spelling of the book is looked up once in Hunspell's en_US
 * or en_GB dictionary (the house style, else the one the book's spelling
 * fits better); a word known to the other one is a US/UK variant, not a
 * typo. Never flagged: names (the character registry's, capitalized words
 * used inside sentences, words only ever written capitalized), accepted
 * words, words the book uses twice or more, all caps, words with digits,
 * URLs and e-mail addresses, compounds whose parts are known (or that
 * split into two words of three letters or more and have no one-word
 * correction), possessives, contractions and elisions
 * (ev'ry, 'bout), stretched words (sooo), interjections (hmmph), a few
 * informal forms of speech, and sentences where unknown words are a
 * quarter of the words or more (a foreign phrase, dialect). A short or
 * capitalized word needs a candidate that is a swap of its letters or a
 * frequent word. The suggestion is the best dictionary word one edit away
 * (our own edits, looked up in Hunspell; Hunspell's suggestions for words
 * outside ASCII): ranked in context by the language model when it is
 * loaded, else by first letter, frequency in the book and the order in
 * which typists make the mistakes; a word with no such candidate is taken
 * as deliberate. Where language.anomaly flagged the same
 * word, its finding gives way to this one (which runs after it).
 * Dictionaries are read from /usr/share/hunspell or $STORYMASTER_DICT_DIR;
 * without them the check is skipped with a warning. Reading them is most
 * of the check's time, so the pair is read once per
 * process (checks/dict.c). */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <hunspell.h>

#include "checks/check.h"
#include "checks/dict.h"
#include "checks/slip.h"
#include "base/embedded.h"
#include "base/hmap.h"
#include "checks/consistency/consistency.h"
#include "lm.h"

#define RULE "language.typo"
#define MIN_USES 2        /* a spelling used this often is the writer's choice */
#define MAX_WORD 48       /* bytes; longer tokens are not looked up */
#define MAX_SUGG 8        /* Hunspell suggestions kept per word */
#define MODEL_CANDS 4     /* best candidates the model compares */
#define MAX_DIST 1        /* edits from the word to a suggestion (most typos are one) */
#define TYPO_MIN_RATE 5.0 /* per million words: a correction the book does not use must be this common */
#define SUGG_BUDGET 300   /* Hunspell_suggest calls per book, for words not in ASCII (tens of ms each) */
#define FOREIGN_MIN 200   /* distinct lower-case words unknown to both dictionaries ... */
#define FOREIGN_FRAC 0.25 /* ... and this share of them: the book is not English */

/* Informal forms of speech Hunspell lacks or that are spelled with an
 * apostrophe the tokenizer drops ('em, 'bout). Kept small and general. */
static const char *const informal[] = {
	"gonna", "wanna", "gotta", "kinda", "sorta", "dunno", "lemme", "gimme", "outta", "lotta",
	"oughta", "hafta", "y'know", "y'all", "ya", "yer", "em", "bout", "cos", "c'mon", "ain't",
	"nah", "yep", "yup", "argh", "mmm", "uh-huh",
};

/* ------------------------------------------------------------------ */
/* Word table: one entry per distinct spelling                        */
/* ------------------------------------------------------------------ */

struct went {
	const char *s;        /* the spelling (arena), NUL-terminated */
	uint32_t len;         /* bytes */
	/* in the lower-case table: */
	uint32_t n;           /* occurrences in the book, any case */
	uint32_t n_low;       /* starting with a lower-case letter */
	uint32_t n_capmid;    /* capitalized inside a sentence */
	bool name;            /* a word of a registered character's name */
	/* in the exact-spelling table: */
	int8_t in_main;       /* known to the chosen dictionary: 1, 0, -1 = not asked yet */
	int8_t in_other;      /* known to the other dictionary */
	bool sugg_done;
	uint8_t n_sugg;
	const char **sugg;    /* dictionary words one edit away (arena), n_sugg */
};

struct wtab {
	/* entries (arena), by the map's key number: each stays where it is while
	 * the table grows, so a caller may keep a pointer across wtab_get */
	struct went **e;
	size_t cap;
	struct sm_map map;    /* spelling -> entry; map.n entries */
};

/* The entry of s[0..n), made (zeroed, verdicts unknown) when create. */
static struct went *wtab_get(struct wtab *t, struct arena *a, const char *s, size_t n, bool create)
{
	uint32_t i = sm_map_str(&t->map, s, n);
	if (i != SM_MAP_NONE)
		return t->e[i];
	if (!create)
		return NULL;
	const char *copy = arena_strndup(a, s, n);
	i = sm_map_str_add(&t->map, copy, n, NULL);
	SM_GROW(t->e, t->cap, (size_t)i + 1);
	struct went *e = arena_alloc(a, sizeof(*e));
	memset(e, 0, sizeof(*e));
	t->e[i] = e;
	e->s = copy;
	e->len = (uint32_t)n;
	e->in_main = e->in_other = -1;
	return e;
}

static void wtab_free(struct wtab *t)
{
	free(t->e);
	sm_map_free(&t->map);
	memset(t, 0, sizeof(*t));
}

/* ------------------------------------------------------------------ */
/* The state of one run                                               */
/* ------------------------------------------------------------------ */

struct typo {
	struct sm_book *book;
	struct sm_dict D;     /* the dictionaries (checks/dict.h) */
	Hunhandle *dict[2];   /* D's: en_US, en_GB */
	int main;             /* index of the chosen dictionary */
	struct arena arena;   /* the tables' strings and suggestion lists */
	struct wtab low;      /* lower-case spelling -> counts, names */
	struct wtab exact;    /* spelling as written -> verdicts, suggestions */
	struct wtab fam;      /* stem of words unknown to both dictionaries -> their uses */
	unsigned n_suggest;   /* Hunspell_suggest calls made */
	bool budget_warned;
};

static const char *const dict_names[2] = { "en_US", "en_GB" };

/* Copy token bytes w[0..n) into out (cap bytes) the way the dictionaries
 * spell: curly apostrophes become ', Unicode hyphens '-', soft hyphens and
 * joiners go. src (cap entries, or NULL) receives the offset in w of each
 * byte written. Returns the length, or 0 when it does not fit or the word
 * has a letter outside Latin scripts (which the English dictionaries cannot
 * judge). */
static size_t normalize(const char *w, size_t n, char *out, uint32_t *src, size_t cap)
{
	size_t m = 0;
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)w[i];
		size_t take = 1, skip = 0;
		char put = 0;
		if (m + 3 > cap)
			return 0;
		if (c >= 0x80) {
			unsigned char d1 = i + 1 < n ? (unsigned char)w[i + 1] : 0;
			unsigned char d2 = i + 2 < n ? (unsigned char)w[i + 2] : 0;
			if (c == 0xE2 && d1 == 0x80 && (d2 == 0x98 || d2 == 0x99))
				put = '\'', skip = 3; /* curly apostrophes */
			else if (c == 0xE2 && d1 == 0x80 && (d2 == 0x90 || d2 == 0x91))
				put = '-', skip = 3; /* hyphen, non-breaking hyphen */
			else if (c == 0xE2 && d1 == 0x80 && (d2 == 0x8C || d2 == 0x8D))
				skip = 3; /* joiners */
			else if (c == 0xC2 && d1 == 0xAD)
				skip = 2; /* soft hyphen */
			else if (c >= 0xC3 && c <= 0xC9 && d1 >= 0x80 && d1 < 0xC0)
				take = 2; /* Latin-1 and Latin Extended letters, up to U+024F */
			else
				return 0;
		}
		if (skip) {
			if (put) {
				if (src)
					src[m] = (uint32_t)i;
				out[m++] = put;
			}
			i += skip;
			continue;
		}
		for (size_t k = 0; k < take; k++) {
			if (src)
				src[m] = (uint32_t)(i + k);
			out[m++] = w[i + k];
		}
		i += take;
	}
	out[m] = 0;
	return m;
}

/* ASCII lower case of s[0..n) into out (n + 1 bytes). */
static void lower(const char *s, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)s[i]);
	out[n] = 0;
}

/* Is s (NUL-terminated) known to dictionary d? Cached in the exact table. */
static bool dict_knows(struct typo *T, int d, const char *s, size_t n)
{
	struct went *e = wtab_get(&T->exact, &T->arena, s, n, true);
	int8_t *v = d == T->main ? &e->in_main : &e->in_other;
	if (*v < 0)
		*v = Hunspell_spell(T->dict[d], e->s) != 0;
	return *v;
}

/* Known to the chosen dictionary or to the other one (a US/UK variant)? */
static bool known(struct typo *T, const char *s, size_t n)
{
	return dict_knows(T, T->main, s, n) || dict_knows(T, !T->main, s, n);
}

/* A letter three times in a row: a stretched word of speech ("sssoon",
 * "nooo", "hmmm"), never an English spelling. */
static bool stretched(const char *low, size_t n)
{
	for (size_t i = 2; i < n; i++)
		if (isalpha((unsigned char)low[i]) && low[i] == low[i - 1] && low[i] == low[i - 2])
			return true;
	return false;
}

/* Interjections, the sounds interjection_like() spells for the voice. */
static const char *const interjections[] = {
	"ah", "aah", "aha", "ahem", "argh", "aw", "bah", "eh", "er", "ew", "gah", "ha", "hah", "hey",
	"hm", "hmm", "huh", "humph", "hum", "mm", "no", "nope", "oh", "ooh", "ouch", "ow", "pah",
	"phew", "psst", "shh", "ugh", "uh", "um", "whoa", "wow", "yah", "yay", "yeah", "yes", "yo",
};

/* A sound spelled for the voice: one edit from an interjection, starting
 * with its letter and made only of its letters and h, r or y ("Eew", "Ay",
 * "Mh", "Hrmph"), or an interjection said twice or more ("haha", "hahaha"). Not
 * "nto" (a "t" that "no" lacks). */
static bool interjection_like(const char *low, size_t n)
{
	for (size_t i = 0; i < SM_ARRAY_LEN(interjections); i++) {
		const char *j = interjections[i];
		size_t m = strlen(j);
		if (n >= 2 * m && n % m == 0) {
			size_t k = m;
			while (k < n && !memcmp(low + k, j, m))
				k += m;
			if (k == n && !memcmp(low, j, m))
				return true;
		}
		if (low[0] != j[0] || sm_edit_distance(low, n, j, m, 1, false) > 1)
			continue;
		size_t k = 0;
		while (k < n && (memchr(j, low[k], m) || low[k] == 'h' || low[k] == 'r' || low[k] == 'y'))
			k++;
		if (k == n)
			return true;
	}
	return false;
}

static bool word_in_list(const char *w, size_t n, const char *const *list, size_t nl)
{
	for (size_t i = 0; i < nl; i++)
		if (strlen(list[i]) == n && !strncasecmp(list[i], w, n))
			return true;
	return false;
}

/* Are a[0..n) and b the same letters in another order (a transposition)? */
static bool same_letters(const char *a, size_t n, const char *b)
{
	if (strlen(b) != n)
		return false;
	int cnt[256] = { 0 };
	for (size_t i = 0; i < n; i++) {
		cnt[(unsigned char)tolower((unsigned char)a[i])]++;
		cnt[(unsigned char)tolower((unsigned char)b[i])]--;
	}
	for (int i = 0; i < 256; i++)
		if (cnt[i])
			return false;
	return true;
}

static bool is_informal(const char *low)
{
	for (size_t i = 0; i < SM_ARRAY_LEN(informal); i++)
		if (!strcmp(low, informal[i]))
			return true;
	return false;
}

/* A lower-case roman numeral ("xiv", "iii") of at most 15 letters. */
static bool is_roman(const char *s, size_t n)
{
	static const char *const tens[] = { "", "x", "xx", "xxx", "xl", "l", "lx", "lxx", "lxxx", "xc" };
	static const char *const ones[] = { "", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix" };
	static const char *const hund[] = { "", "c", "cc", "ccc", "cd", "d", "dc", "dcc", "dccc", "cm" };
	if (!n || n > 15 || strspn(s, "ivxlcdm") != n)
		return false;
	for (int v = 1; v < 1000; v++) {
		char buf[32];
		snprintf(buf, sizeof(buf), "%s%s%s", hund[v / 100], tens[v / 10 % 10], ones[v % 10]);
		if (strlen(buf) == n && !memcmp(buf, s, n))
			return true;
	}
	return false;
}

/* Does token t sit inside a URL or an e-mail address (its run of non-space
 * text, looked at up to 256 bytes either way, has "://", "www." or '@')? */
static bool in_address(const struct sm_doc *doc, const struct token *t)
{
	const struct block *b = &doc->blocks[t->block];
	uint32_t s = t->off, e = t->off + t->len;
	while (s > b->off && t->off - s < 256 && !isspace((unsigned char)doc->text[s - 1]))
		s--;
	while (e < b->off + b->len && e - t->off < 256 && !isspace((unsigned char)doc->text[e]))
		e++;
	for (uint32_t i = s; i < e; i++) {
		const char *p = doc->text + i;
		if (*p == '@' || (e - i >= 3 && !memcmp(p, "://", 3)) ||
		    (e - i >= 4 && !strncasecmp(p, "www.", 4)))
			return true;
	}
	return false;
}

static bool wordish(char c)
{
	return isalnum((unsigned char)c) || (unsigned char)c >= 0x80;
}

/* Is token t in _underscores_ or *stars*, the italics of a plain-text
 * manuscript (foreign words, titles)? The nearest mark before it, at most
 * 300 bytes back in its paragraph, must open and one after it close.
 * Markdown and DOCX readers keep no such marks. */
static bool in_italics(const struct sm_doc *doc, const struct token *t)
{
	if (strcmp(doc->format, "text"))
		return false;
	const struct block *b = &doc->blocks[t->block];
	const char *x = doc->text;
	uint32_t lo = t->off > b->off + 300 ? t->off - 300 : b->off;
	uint32_t end = b->off + b->len, hi = t->off + t->len + 300 < end ? t->off + t->len + 300 : end;
	uint32_t o = t->off;
	while (o > lo && x[o - 1] != '_' && x[o - 1] != '*')
		o--;
	if (o == lo || (o - 1 > b->off && wordish(x[o - 2])) || isspace((unsigned char)x[o]))
		return false; /* none, or it closes an earlier run */
	char mark = x[o - 1];
	for (uint32_t c = t->off + t->len; c < hi; c++)
		if (x[c] == mark)
			return !isspace((unsigned char)x[c - 1]) && (c + 1 >= end || !wordish(x[c + 1]));
	return false;
}

/* ------------------------------------------------------------------ */
/* The verdict                                                        */
/* ------------------------------------------------------------------ */

/* Known to a dictionary, s[0..n) joined with up to two more pieces. */
static bool known3(struct typo *T, const char *s, size_t n, const char *x, const char *y)
{
	char buf[MAX_WORD * 2];
	size_t nx = x ? strlen(x) : 0, ny = y ? strlen(y) : 0;
	if (n + nx + ny >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	if (nx)
		memcpy(buf + n, x, nx);
	if (ny)
		memcpy(buf + n + nx, y, ny);
	return known(T, buf, n + nx + ny);
}

static bool is_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static bool derived(struct typo *T, const char *w, size_t n, int depth);

/* Prefixes a derived word or a hyphenated compound may start with. */
static const char *const prefixes[] = { "un", "in", "re", "pre", "mis", "dis", "non", "over",
					"under", "out", "fore", "up", "counter", "self" };

static bool is_prefix(const char *low)
{
	for (size_t i = 0; i < SM_ARRAY_LEN(prefixes); i++)
		if (!strcmp(low, prefixes[i]))
			return true;
	return false;
}

/* Known, or (below depth 2) regularly derived from a known word. */
static bool known_or_derived(struct typo *T, const char *w, size_t n, int depth)
{
	return known(T, w, n) || (depth < 2 && derived(T, w, n, depth + 1));
}

/* Is the lower-case w[0..n) a regular derivation of a known word that the
 * dictionary happens to lack: an inflection or a derivational suffix
 * ("reasonings", "horridest", "legacied", "uncheerful", "becomingness"), a
 * prefix ("reseeing", "missent") or a closed compound of two known words of
 * four letters or more ("coachmaker")? A form that breaks the spelling
 * rule its known variant follows is not ("runing" for running, "hopeing"
 * for hoping, "happyness" for happiness). */
static bool derived(struct typo *T, const char *w, size_t n, int depth)
{
	static const char *const vsuf[] = { "ing", "ed", "er", "est", "ish", "ism", "ist", "able", "ary" };
	static const char *const csuf[] = { "ness", "ly", "less", "ful", "ment", "like", "ship", "hood" };

	for (size_t i = 0; i < SM_ARRAY_LEN(vsuf); i++) {
		size_t sl = strlen(vsuf[i]), m = n - sl;
		if (n < sl + 3 || memcmp(w + m, vsuf[i], sl))
			continue;
		const char *b = w; /* the base is w[0..m) */
		bool cvc = m >= 3 && !is_vowel(b[m - 1]) && !strchr("wxy", b[m - 1]) && is_vowel(b[m - 2]) &&
			   !is_vowel(b[m - 3]);
		char dbl[2] = { b[m - 1], 0 };
		if (cvc && known3(T, b, m, dbl, vsuf[i]))
			continue; /* runing: running */
		if (b[m - 1] == 'e' && known3(T, b, m - 1, vsuf[i], NULL))
			continue; /* hopeing: hoping */
		if (known_or_derived(T, b, m, depth) || known3(T, b, m, "e", NULL))
			return true;
		if (b[m - 1] == 'i' && known3(T, b, m - 1, "y", NULL))
			return true; /* legacied: legacy */
	}
	for (size_t i = 0; i < SM_ARRAY_LEN(csuf); i++) {
		size_t sl = strlen(csuf[i]), m = n - sl;
		if (n < sl + 3 || memcmp(w + m, csuf[i], sl))
			continue;
		if (w[m - 1] == 'y' && known3(T, w, m - 1, "i", csuf[i]))
			continue; /* happyness: happiness */
		if (known_or_derived(T, w, m, depth))
			return true;
		if (w[m - 1] == 'i' && known3(T, w, m - 1, "y", NULL))
			return true;
	}
	/* plurals and third persons: -s, -es after a sibilant or o, -ies */
	if (n >= 4 && w[n - 1] == 's') {
		char p = w[n - 2];
		bool sib = p == 's' || p == 'x' || p == 'z' || (n >= 5 && (p == 'h') && (w[n - 3] == 'c' || w[n - 3] == 's'));
		if (!sib && known_or_derived(T, w, n - 1, depth))
			return true;
		if (n >= 5 && p == 'e') {
			char q = w[n - 3];
			bool esib = q == 's' || q == 'x' || q == 'z' || q == 'o' || q == 'h';
			if (esib && known(T, w, n - 2))
				return true;
			if (q == 'i' && n >= 6 && known3(T, w, n - 3, "y", NULL))
				return true; /* elegancies: elegancy */
		}
	}
	for (size_t i = 0; i < SM_ARRAY_LEN(prefixes); i++) {
		size_t pl = strlen(prefixes[i]);
		if (n < pl + 4 || memcmp(w, prefixes[i], pl))
			continue;
		char dbl[2] = { w[pl], 0 };
		if (w[pl] != w[pl - 1] && known3(T, w, pl, dbl, w + pl))
			continue; /* mispell: misspell */
		if (pl == 2 && w[0] == 'i' && strchr("bmplr", w[2]))
			continue; /* inpossible: im-, il-, ir- before those letters */
		if (known_or_derived(T, w + pl, n - pl, depth))
			return true;
	}
	/* the old -t past of verbs ending in a voiceless consonant: dropt, stept */
	if (n >= 4 && w[n - 1] == 't' && strchr("pkx", w[n - 2]) && known(T, w, n - 1)) {
		char dbl[2] = { w[n - 2], 0 };
		if (known3(T, w, n - 1, "ed", NULL) || known3(T, w, n - 1, dbl, "ed"))
			return true;
	}
	/* -our for -or: the British form of a word only the US dictionary has (tremour) */
	for (size_t j = n >= 4 ? n - 3 : 0; j >= 1; j--)
		if (!memcmp(w + j, "our", 3)) {
			char v[MAX_WORD + 8];
			memcpy(v, w, j + 1);
			memcpy(v + j + 1, w + j + 2, n - j - 2);
			if (known(T, v, n - 1))
				return true;
			break;
		}
	for (size_t i = 4; depth == 1 && i + 4 <= n; i++)
		if (known(T, w, i) && known(T, w + i, n - i))
			return true;
	return false;
}

/* The stem of a lower-case word: without its inflection and a final e, so
 * that "doat", "doated" and "doatingly" count as one spelling. */
static size_t stem_len(const char *w, size_t n)
{
	static const char *const suf[] = { "ingly", "ings", "ing", "edly", "ed", "ers", "er", "est",
					   "es", "ly", "s" };
	for (size_t i = 0; i < SM_ARRAY_LEN(suf); i++) {
		size_t sl = strlen(suf[i]);
		if (n >= sl + 3 && !memcmp(w + n - sl, suf[i], sl)) {
			n -= sl;
			break;
		}
	}
	if (n > 3 && w[n - 1] == 'e')
		n--;
	return n;
}

/* Is w[0..n) (normalized, no hyphen) not a word? cap_start: it is
 * capitalized where a sentence or quotation begins. around_quote: an
 * apostrophe comes right before (1) or right after (2) it in the text. */
/* A regular derivation of a known word ("greenish", "re-pied") that is also
 * one slip of the keys from a common word ("ilked": liked, "thes": these,
 * "agains": against, "repied": replied) is the slip: the common word is far
 * likelier than a coinage on a rare base or an -s on a function word. Only
 * two letters swapped or one left out: a letter more is how derivations
 * are made ("visitings", "stept") and a changed one how dialect spells
 * ("howsever"). Common: SLIP_MIN_RATE per million in the reference table,
 * and in a dictionary. A letter typed twice ("crusheed", which also splits
 * into "crus" and "heed") is a slip for any word in use (TYPO_MIN_RATE):
 * no derivation doubles a letter that the word has once; but not at the
 * end, where old books spell "sorrowfull" for sorrowful. */
#define SLIP_MIN_RATE 40.0
static double ref_rate(const char *w, size_t n);
static bool common_at(struct typo *T, const char *c, size_t n)
{
	return ref_rate(c, n) >= SLIP_MIN_RATE && known(T, c, n);
}

static bool common_slip(struct typo *T, const char *low, size_t n)
{
	char c[MAX_WORD + 8];
	if (n < 4 || n + 1 > MAX_WORD)
		return false;
	for (size_t i = 0; i + 1 < n; i++) { /* two letters swapped */
		memcpy(c, low, n);
		c[i] = low[i + 1];
		c[i + 1] = low[i];
		if (c[i] != c[i + 1] && common_at(T, c, n))
			return true;
	}
	for (size_t i = 0; i + 2 < n; i++) { /* a letter typed twice ("crusheed") */
		if (low[i] != low[i + 1])
			continue;
		memcpy(c, low, i);
		memcpy(c + i, low + i + 1, n - i - 1);
		if (ref_rate(c, n - 1) >= TYPO_MIN_RATE && known(T, c, n - 1))
			return true;
	}
	for (size_t i = 0; i <= n; i++) /* a letter left out */
		for (char x = 'a'; x <= 'z'; x++) {
			memcpy(c, low, i);
			c[i] = x;
			memcpy(c + i + 1, low + i, n - i);
			if (common_at(T, c, n + 1))
				return true;
		}
	return false;
}

static bool bad_word(struct typo *T, const char *w, size_t n, bool cap_start, int around_quote)
{
	char low[MAX_WORD + 8];
	if (n < 2 || n > MAX_WORD)
		return false;
	for (size_t i = 0; i < n; i++)
		if (isdigit((unsigned char)w[i]))
			return false;
	/* the book's own counts first: most words are used more than once, and
	 * a table lookup is far cheaper than asking Hunspell */
	lower(w, n, low);
	struct went *st = wtab_get(&T->low, &T->arena, low, n, false);
	if (st && (st->n >= MIN_USES || st->name))
		return false;
	if (known(T, w, n))
		return false;
	if (config_is_accepted(T->book->cfg, w, n) || is_informal(low) || is_roman(low, n) ||
	    stretched(low, n) || interjection_like(low, n))
		return false;
	/* a capitalized word is a name when the book also writes it capitalized
	 * inside sentences, or only ever capitalized and more than once */
	if (cap_start && st && (st->n_capmid || (!st->n_low && st->n >= 2)))
		return false;
	if (cap_start && known(T, low, n))
		return false;
	/* one spelling in several inflections, MIN_USES times in all */
	struct went *fam = wtab_get(&T->fam, &T->arena, low, stem_len(low, n), false);
	if (fam && fam->n >= MIN_USES)
		return false;
	/* elisions: 'tis, 'twas, 'twould; goin', nothin' */
	if (around_quote & 1) {
		char q[MAX_WORD + 8];
		q[0] = '\'';
		memcpy(q + 1, low, n + 1);
		if (known(T, q, n + 1) || is_informal(q) || (low[0] == 't' && known(T, low + 1, n - 1)))
			return false;
	}
	if ((around_quote & 2) && n >= 3 && !memcmp(low + n - 2, "in", 2) && known3(T, low, n, "g", NULL))
		return false;
	const char *ap = memchr(w, '\'', n);
	if (!ap)
		return !derived(T, low, n, 1) || common_slip(T, low, n);
	/* possessives, contractions and elisions of known words */
	size_t k = (size_t)(ap - w);
	for (size_t i = k; i + 1 < n; i++)
		if (w[i] == '\'' && isupper((unsigned char)w[i + 1]))
			return false; /* d'Artagnan, O'Brien */
	if (n > 3 && !strcmp(low + n - 3, "n't") && known(T, low, n - 3))
		return false;
	if (k == 1 && strchr("tdoy", low[0]) && known_or_derived(T, low + 2, n - 2, 1))
		return false; /* t'other, d'ye */
	if (k > 0 && !strcmp(low + k, "'d") && (known3(T, low, k, "ed", NULL) || known3(T, low, k, "d", NULL)))
		return false; /* destin'd */
	static const char *const clitics[] = { "s", "d", "ll", "re", "ve", "m", "t" };
	for (size_t i = 0; k > 0 && i < SM_ARRAY_LEN(clitics); i++)
		if (!strcmp(low + k + 1, clitics[i]))
			/* a stub before the clitic is an elision (bef're, th'll) */
			return (i == 0 || k >= 4) && bad_word(T, w, k, cap_start, 0);
	if (w[n - 1] == '\'')
		return bad_word(T, w, n - 1, cap_start, 0);
	return false; /* an apostrophe inside marks letters left out on purpose: ev'ry, bef're */
}

/* ------------------------------------------------------------------ */
/* Suggestions                                                        */
/* ------------------------------------------------------------------ */

/* A suggestion that splits off a single letter other than "a" or "I" ("t eh",
 * "s argent"). */
static bool junk_split(const char *s)
{
	for (const char *p = s; *p;) {
		size_t m = strcspn(p, " ");
		if (m == 1 && *p != 'a' && *p != 'A' && *p != 'I' && strchr(s, ' '))
			return true;
		p += m;
		while (*p == ' ')
			p++;
	}
	return false;
}

/* Keep candidate c (len bytes) for e unless it is the word itself, a split
 * into junk ("controle d") or already kept. */
static void keep_sugg(struct typo *T, struct went *e, const char *c, size_t len, bool cap)
{
	if (!len || e->n_sugg >= MAX_SUGG || (len == e->len && !strncasecmp(c, e->s, len)) ||
	    junk_split(c))
		return;
	for (unsigned i = 0; i < e->n_sugg; i++)
		if (strlen(e->sugg[i]) == len && !strncasecmp(e->sugg[i], c, len))
			return;
	char *k = arena_strndup(&T->arena, c, len);
	if (cap && islower((unsigned char)k[0]))
		k[0] = (char)toupper((unsigned char)k[0]);
	e->sugg[e->n_sugg++] = k;
}

/* Is the candidate q (NUL-terminated) a word of the chosen dictionary? A
 * two-word split needs both words. */
static bool cand_known(struct typo *T, char *q)
{
	char *sp = strchr(q, ' ');
	if (!sp)
		return Hunspell_spell(T->dict[T->main], q) != 0;
	*sp = 0;
	bool ok = Hunspell_spell(T->dict[T->main], q) && Hunspell_spell(T->dict[T->main], sp + 1);
	*sp = ' ';
	return ok;
}

/* The words of the chosen dictionary one edit from the lower-case ASCII
 * word w[0..n), in the order typists make the mistakes, which ranks equal
 * candidates: two neighbours swapped, a letter left out, a wrong letter, a
 * letter too many, a missing space. The first letter is kept but for a swap
 * with the second: it is right in all but a few per cent of misspellings
 * (Yannakoudakis and Fawthrop 1983, Pollock and Zamora 1984), so a word whose
 * only neighbours differ there ("doat": boat, coat; "utopic": topic) is a
 * word the dictionaries lack, not a slip. A wrong letter and a letter too
 * many are the slips fingers and ears make (Kernighan, Church and Gale
 * 1990): a wrong letter is a key's neighbour, a vowel for a vowel or c for
 * s or k (slip.h); a letter too many is one doubled, a neighbour of a
 * letter beside it or a vowel ("similiar"). Other one-letter differences
 * are another word ("atmo" is not "ammo", "covies" not "copies", "stdout"
 * not "stout"). Each is a dictionary
 * look-up of about a microsecond, where Hunspell_suggest takes tens of
 * milliseconds, and only candidates one edit away are used anyway. */
static void edits1(struct typo *T, struct went *e, const char *w, size_t n, bool cap)
{
	char q[MAX_WORD + 8];
	for (size_t i = 0; i + 1 < n; i++) { /* swaps */
		if (w[i] == w[i + 1])
			continue;
		memcpy(q, w, n + 1);
		q[i] = w[i + 1];
		q[i + 1] = w[i];
		if (cand_known(T, q))
			keep_sugg(T, e, q, n, cap);
	}
	for (size_t i = 1; i <= n; i++) /* additions */
		for (char c = 'a'; c <= 'z'; c++) {
			memcpy(q, w, i);
			q[i] = c;
			memcpy(q + i + 1, w + i, n - i + 1);
			if (cand_known(T, q))
				keep_sugg(T, e, q, n + 1, cap);
		}
	/* replacements: a vowel for a vowel ("stupified") or a key's neighbour
	 * ("kitchem") */
	for (size_t i = 1; i < n; i++)
		for (char c = 'a'; c <= 'z'; c++) {
			if (c == w[i] || !slip_wrong_letter(w[i], c))
				continue;
			memcpy(q, w, n + 1);
			q[i] = c;
			if (cand_known(T, q))
				keep_sugg(T, e, q, n, cap);
		}
	for (size_t i = 1; i < n && n > 1; i++) { /* drops of a letter typed too many */
		if (!slip_extra_letter(w, n, i))
			continue;
		memcpy(q, w, i);
		memcpy(q + i, w + i + 1, n - i);
		if (cand_known(T, q))
			keep_sugg(T, e, q, n - 1, cap);
	}
	for (size_t i = 1; i < n; i++) { /* a missing space: "ofthe" */
		memcpy(q, w, i);
		q[i] = ' ';
		memcpy(q + i + 1, w + i, n - i + 1);
		if (cand_known(T, q))
			keep_sugg(T, e, q, n + 1, cap);
	}
}

/* The dictionary's words one edit from the entry e (asked once per
 * spelling): our own edits for ASCII words, Hunspell's suggestions for the
 * others. A word capitalized only because it starts a sentence is asked in
 * lower case, so "Teh" gets what "teh" gets ("the"). */
static bool fetch_suggestions(struct typo *T, struct went *e)
{
	if (e->sugg_done)
		return e->sugg != NULL;
	e->sugg_done = true;
	char q[MAX_WORD + 8];
	memcpy(q, e->s, e->len + 1);
	bool cap = isupper((unsigned char)q[0]);
	if (cap)
		q[0] = (char)tolower((unsigned char)q[0]);
	bool ascii = true;
	for (size_t i = 0; i < e->len; i++)
		if (!islower((unsigned char)q[i]))
			ascii = false;
	if (ascii && e->len <= MAX_WORD) {
		e->sugg = arena_alloc(&T->arena, sizeof(char *) * MAX_SUGG);
		edits1(T, e, q, e->len, cap);
		return true;
	}
	if (T->n_suggest >= SUGG_BUDGET) {
		if (!T->budget_warned)
			book_warn(T->book, "%s: more than %d distinct misspellings; the rest get no suggestion",
				  RULE, SUGG_BUDGET);
		T->budget_warned = true;
		return false;
	}
	T->n_suggest++;
	char **list = NULL;
	int n = Hunspell_suggest(T->dict[T->main], &list, q);
	e->sugg = arena_alloc(&T->arena, sizeof(char *) * MAX_SUGG);
	for (int i = 0; i < n; i++)
		keep_sugg(T, e, list[i], strlen(list[i]), cap);
	if (list)
		Hunspell_free_list(T->dict[T->main], &list, n);
	return true;
}

/* How common a word is in English fiction: its rate per million words in
 * the reference table that style.overused uses (rules/overused/reference.tsv,
 * the mean of Austen's and modern prose's rates; sorted, built into the
 * binary), 0 when the table does not have it. The table is indexed once
 * per process. */
static const char **ref_word;
static uint32_t *ref_len;
static double *ref_val;
static size_t ref_n;
static pthread_once_t ref_once = PTHREAD_ONCE_INIT;

static void ref_load(void)
{
	const struct sm_embedded *e = embedded_find("rules/overused/reference.tsv");
	if (!e)
		return;
	size_t cap = 0;
	for (const char *p = (const char *)e->data, *end = (const char *)e->end; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *tab = memchr(p, '\t', (size_t)(le - p));
		if (*p != '#' && tab) {
			SM_GROW(ref_word, cap, ref_n + 1);
			ref_len = xrealloc(ref_len, cap * sizeof(*ref_len));
			ref_val = xrealloc(ref_val, cap * sizeof(*ref_val));
			ref_word[ref_n] = p;
			ref_len[ref_n] = (uint32_t)(tab - p);
			ref_val[ref_n] = strtod(tab + 1, NULL);
			ref_n++;
		}
		p = le + 1;
	}
}

static double ref_rate(const char *w, size_t n)
{
	pthread_once(&ref_once, ref_load);
	size_t lo = 0, hi = ref_n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		size_t m = ref_len[mid] < n ? ref_len[mid] : n;
		int c = memcmp(ref_word[mid], w, m);
		if (!c)
			c = ref_len[mid] < n ? -1 : ref_len[mid] > n;
		if (!c)
			return ref_val[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* Is the candidate low[0..n) (lower case; a split "of the" part by part) a
 * word in use: one the book has, a common one (TYPO_MIN_RATE in the
 * reference), or one the model's lexicon knows? */
static bool in_use(struct typo *T, const char *low, size_t n)
{
	if (n > MAX_WORD)
		return false;
	const char *sp = memchr(low, ' ', n);
	if (sp)
		return in_use(T, low, (size_t)(sp - low)) && in_use(T, sp + 1, n - (size_t)(sp - low) - 1);
	struct went *st = wtab_get(&T->low, &T->arena, low, n, false);
	return (st && st->n) || ref_rate(low, n) >= TYPO_MIN_RATE ||
	       (T->book->lm && lm_lexicon_count(T->book->lm, low, n) >= 3);
}

struct cand {
	const char *s;
	int d;          /* edit distance to the word */
	bool first;     /* same first letter */
	uint32_t freq;  /* uses in the book */
	int idx;        /* rank among the candidates (typing-error order) */
};

static int cmp_cand(const void *pa, const void *pb)
{
	const struct cand *a = pa, *b = pb;
	if ((a->d == 1) != (b->d == 1))
		return a->d == 1 ? -1 : 1;
	if (a->first != b->first)
		return a->first ? -1 : 1;
	if (a->freq != b->freq)
		return a->freq > b->freq ? -1 : 1;
	return a->idx - b->idx;
}

/* Log-probability (nats) of each candidate in its place under the model:
 * left + cand[i] + right, all in one batched forward. */
static void model_logp(struct lm *lm, const char *left, size_t nl, const char *right, size_t nr,
		       const struct cand *c, size_t nc, double *lp)
{
	struct lm_bpe *bpe = lm_tokenizer(lm);
	int Tcfg = lm_cfg(lm)->T;
	enum { MAXB = 512 };
	uint16_t *seq[MODEL_CANDS];
	size_t len[MODEL_CANDS];
	int T = 2;
	for (size_t i = 0; i < nc; i++) {
		char buf[MAXB];
		size_t n = (size_t)snprintf(buf, sizeof(buf), "\n\n%.*s%s%.*s", (int)nl, left, c[i].s,
					    (int)nr, right);
		if (n >= sizeof(buf))
			n = sizeof(buf) - 1;
		for (size_t k = 2; k < n; k++)
			if (buf[k] == '\n')
				buf[k] = ' ';
		seq[i] = xmalloc(sizeof(uint16_t) * (n + 16));
		len[i] = lm_bpe_encode(bpe, buf, n, seq[i], n + 16);
		if (len[i] > (size_t)Tcfg)
			len[i] = (size_t)Tcfg; /* cut at the right end only */
		T = SM_MAX(T, (int)len[i]);
	}
	struct lm_work *w = lm_work_new(lm, (int)nc, T, 0);
	uint16_t *inp = xcalloc(nc * (size_t)T, sizeof(uint16_t));
	uint16_t *tgt = xcalloc(nc * (size_t)T, sizeof(uint16_t));
	for (size_t i = 0; i < nc; i++)
		for (size_t t = 0; t < (size_t)T; t++) {
			inp[i * T + t] = t < len[i] ? seq[i][t] : 0;
			tgt[i * T + t] = t + 1 < len[i] ? seq[i][t + 1] : 0;
		}
	lm_forward(lm, w, inp, tgt);
	const float *logp = lm_work_logp(w);
	for (size_t i = 0; i < nc; i++) {
		lp[i] = 0;
		for (size_t t = 0; t + 1 < len[i]; t++)
			lp[i] += logp[i * T + t];
		free(seq[i]);
	}
	free(inp);
	free(tgt);
	lm_work_free(w);
}

/* Is w[0..n) the word c with one letter inside it (neither its first nor
 * its last) left out? */
static bool inner_drop(const char *w, size_t n, const char *c)
{
	size_t m = strlen(c);
	if (m != n + 1 || n < 2)
		return false;
	size_t i = 0;
	while (i < n && w[i] == c[i])
		i++;
	/* c[i] is the letter left out: the rest must match, shifted */
	return i >= 1 && i <= n - 1 && !memcmp(w + i, c + i + 1, n - i);
}

/* The best suggestion for the word at doc->text[off..off+n) (spelling e):
 * 1 with *out set; 0 when no dictionary word is within MAX_DIST edits (the
 * word is then taken as deliberate: a coinage, dialect, a foreign word); -1
 * when suggestions were not asked (the budget is spent). */
static int best_suggestion(struct typo *T, const struct sm_doc *doc, uint32_t off, uint32_t n,
			   struct went *e, bool speech, const char **out)
{
	*out = NULL;
	if (!fetch_suggestions(T, e))
		return -1;
	struct cand c[MAX_SUGG];
	size_t nc = 0;
	for (int i = 0; i < e->n_sugg; i++) {
		const char *s = e->sugg[i];
		size_t sl = strlen(s);
		char low[MAX_WORD + 8];
		struct went *st = NULL;
		if (sl <= MAX_WORD) {
			lower(s, sl, low);
			st = wtab_get(&T->low, &T->arena, low, sl, false);
		}
		int d = sm_edit_distance(e->s, e->len, s, sl, 98, true);
		/* a typo is a slip for a word in use: one the book has, a common one,
		 * or one the model's lexicon knows; a rare word next to a rarer
		 * spelling ("nuncheon", "conversible", "spinnet" in a Regency novel)
		 * is the writer's vocabulary */
		/* but two neighbouring letters swapped in a long word
		 * ("astoundnig") is a slip of the fingers, never a spelling of
		 * its own: any dictionary word will do (not for a capitalized
		 * word, which may be a name: "Stanis" is not "Stains") */
		bool long_swap = d == 1 && e->len >= 6 && !isupper((unsigned char)e->s[0]) &&
				 same_letters(e->s, e->len, s);
		if (d <= MAX_DIST && !long_swap && !in_use(T, low, sl))
			continue;
		if (d <= MAX_DIST)
			c[nc++] = (struct cand){ s, d,
						 tolower((unsigned char)s[0]) == tolower((unsigned char)e->s[0]),
						 st ? st->n : 0, i };
	}
	if (!nc)
		return 0;
	qsort(c, nc, sizeof(*c), cmp_cand);
	/* a closed compound of two words of three letters or more ("comlink",
	 * "fleshbag") with no one-word correction: the writer's coinage */
	bool one_word = false, compound = false;
	for (size_t i = 0; i < nc; i++) {
		const char *sp = strchr(c[i].s, ' ');
		if (!sp)
			one_word = true;
		else if (sp - c[i].s >= 3 && strlen(sp + 1) >= 3 && !strchr(sp + 1, ' '))
			compound = true;
	}
	if (compound && !one_word)
		return 0;
	/* a split that leaves a part of two letters must leave a function word
	 * ("ofthe": "of the"; not "qigong": "qi gong") */
	size_t kept = 0;
	for (size_t i = 0; i < nc; i++) {
		static const char *const two[] = { "an", "as", "at", "be", "by", "do", "go", "he", "if", "in",
						   "is", "it", "me", "my", "no", "of", "on", "or", "so", "to",
						   "up", "us", "we" };
		bool ok = true;
		for (const char *p = c[i].s; *p && strchr(c[i].s, ' ');) {
			size_t m = strcspn(p, " ");
			if (m == 2 && !word_in_list(p, m, two, SM_ARRAY_LEN(two)))
				ok = false;
			p += m;
			while (*p == ' ')
				p++;
		}
		if (ok)
			c[kept++] = c[i];
	}
	if (!(nc = kept))
		return 0;
	/* A capitalized word where a sentence begins may be a name met once
	 * ("Odie", "Draka"), and a short word in speech a sound or dialect
	 * ("wha", "tae"): a typo there only when it is a word the book uses
	 * with two letters swapped ("Teh", "adn"), or, for a short word in
	 * narration, one the book uses often. */
	bool capital = isupper((unsigned char)e->s[0]), shortw = e->len <= 3;
	if (capital || shortw) {
		size_t k = 0;
		for (size_t i = 0; i < nc; i++) {
			bool swap = same_letters(e->s, e->len, c[i].s) && (capital || c[i].freq > 0);
			/* in speech too when a letter inside the word is missing
			 * ("wih", "knw"): a respelling of speech changes or clips
			 * letters at an end ("wha", "yer", "goin'"), a slip of the
			 * fingers drops one anywhere */
			bool common = shortw && !capital && (!speech || inner_drop(e->s, e->len, c[i].s)) &&
				      c[i].freq >= 10;
			if ((swap || common) && !strchr(c[i].s, ' '))
				c[k++] = c[i];
		}
		if (!(nc = k))
			return 0;
	}
	*out = c[0].s;
	struct lm *lm = T->book->lm;
	if (!lm || T->book->cfg->no_model || nc < 2)
		return 1;
	/* the model compares the best candidates in the sentence */
	size_t k = SM_MIN(nc, (size_t)MODEL_CANDS);
	const struct block *b = &doc->blocks[doc_block_at(doc, off)];
	uint32_t l = off > b->off + 200 ? off - 200 : b->off;
	while (l > b->off && l < off && doc->text[l - 1] != ' ')
		l++; /* start at a word */
	uint32_t end = b->off + b->len, r = off + n;
	uint32_t re = r + 80 < end ? r + 80 : end;
	while (re < end && re > r && doc->text[re] != ' ')
		re--;
	double lp[MODEL_CANDS];
	model_logp(lm, doc->text + l, off - l, doc->text + r, re - r, c, k, lp);
	size_t best = 0;
	for (size_t i = 1; i < k; i++)
		if (lp[i] > lp[best])
			best = i;
	*out = c[best].s;
	return 1;
}

/* ------------------------------------------------------------------ */
/* The run                                                            */
/* ------------------------------------------------------------------ */

/* Is token i of doc where a sentence or a quotation begins? */
static bool at_start(const struct sm_doc *doc, size_t i)
{
	const struct token *t = &doc->toks[i];
	if (t->flags & TOKF_SSTART)
		return true;
	if (!i || doc->toks[i - 1].block != t->block)
		return true;
	const struct token *p = &doc->toks[i - 1];
	if (p->kind != TOK_PUNCT)
		return false;
	const char *s = doc->text + p->off;
	/* an opening quote or bracket right before the word */
	return (*s == '"' || *s == '(' || *s == '[' || !strncmp(s, "\xE2\x80\x9C", 3) ||
		!strncmp(s, "\xE2\x80\x98", 3) || *s == '\'') &&
	       p->off + p->len == t->off;
}

/* Count every word (and each part of a hyphenated one) in the lower-case table. */
static void count_words(struct typo *T)
{
	for (size_t di = 0; di < T->book->n_docs; di++) {
		const struct sm_doc *doc = T->book->docs[di];
		for (size_t i = 0; i < doc->n_toks; i++) {
			const struct token *t = &doc->toks[i];
			if (t->kind != TOK_WORD)
				continue;
			char w[MAX_WORD + 8], low[MAX_WORD + 8];
			size_t n = t->len <= MAX_WORD * 2 ? normalize(doc->text + t->off, t->len, w, NULL, sizeof(w)) : 0;
			if (!n || n > MAX_WORD)
				continue;
			bool start = at_start(doc, i);
			for (size_t a = 0; a < n;) {
				size_t b = a;
				while (b < n && w[b] != '-')
					b++;
				for (int whole = 0; whole < 2; whole++) {
					size_t s = whole ? 0 : a, e = whole ? n : b;
					if (whole && (a || b == n))
						continue; /* the whole compound once, from its first part */
					lower(w + s, e - s, low);
					struct went *x = wtab_get(&T->low, &T->arena, low, e - s, true);
					x->n++;
					if (islower((unsigned char)w[s]))
						x->n_low++;
					else if (isupper((unsigned char)w[s]) && !(t->flags & TOKF_UPPER) &&
						 (s > 0 || !start))
						x->n_capmid++;
				}
				a = b + 1;
			}
		}
	}
	/* the registry's names */
	const struct cons_registry *reg = cons_book_registry(T->book);
	for (size_t c = 0; reg && c < reg->n_chars; c++)
		for (uint32_t k = 0; k < reg->chars[c].n_aliases; k++) {
			const char *s = reg->chars[c].aliases[k].text;
			while (*s) {
				size_t m = 0;
				while (s[m] && s[m] != ' ' && s[m] != '-' && s[m] != '.')
					m++;
				char low[MAX_WORD + 8];
				if (m && m <= MAX_WORD) {
					lower(s, m, low);
					struct went *x = wtab_get(&T->low, &T->arena, low, m, false);
					if (x)
						x->name = true;
				}
				s += m;
				while (*s == ' ' || *s == '-' || *s == '.')
					s++;
			}
		}
}

/* Choose the dictionary: the house style, else the one that knows more of
 * the book's lower-case words the other does not. False (with a warning)
 * when the book does not look English. */
static bool choose_dict(struct typo *T)
{
	size_t only[2] = { 0, 0 }, unknown = 0, asked = 0;
	T->main = 0;
	for (size_t i = 0; i < T->low.map.n; i++) {
		const struct went *x = T->low.e[i];
		if (!x->n_low || x->len < 2)
			continue;
		bool k0 = dict_knows(T, 0, x->s, x->len), k1 = dict_knows(T, 1, x->s, x->len);
		asked++;
		if (k0 != k1)
			only[k1]++;
		else if (!k0)
			unknown++;
	}
	if (unknown >= FOREIGN_MIN && (double)unknown > FOREIGN_FRAC * (double)asked) {
		book_warn(T->book, "%s skipped: %zu of %zu distinct words are in neither English dictionary",
			  RULE, unknown, asked);
		return false;
	}
	if (T->book->cfg->house == HOUSE_US)
		T->main = 0;
	else if (T->book->cfg->house == HOUSE_UK)
		T->main = 1;
	else
		T->main = only[1] > only[0];
	/* the verdicts were cached by dictionary index: re-key them to main/other */
	if (T->main == 1)
		for (size_t i = 0; i < T->exact.map.n; i++) {
			int8_t v = T->exact.e[i]->in_main;
			T->exact.e[i]->in_main = T->exact.e[i]->in_other;
			T->exact.e[i]->in_other = v;
		}
	return true;
}

/* Count the uses of each stem among the words neither dictionary knows. */
static void count_families(struct typo *T)
{
	for (size_t i = 0; i < T->low.map.n; i++) {
		struct went *x = T->low.e[i];
		if (x->len >= 3 && !known(T, x->s, x->len))
			wtab_get(&T->fam, &T->arena, x->s, stem_len(x->s, x->len), true)->n += x->n;
	}
}

struct span2 {
	uint32_t doc, off, len; /* a reported word: bytes into book->docs[doc]->text */
};

/* Drop the language.anomaly findings at the spans this check reported. */

/* Report the word doc->text[off..off+len) (spelling e). */
static void report(struct typo *T, struct sm_findings *out, uint32_t di, uint32_t off,
		   uint32_t len, struct went *e, bool speech, struct span2 **sp, size_t *n_sp,
		   size_t *cap_sp)
{
	const struct sm_doc *doc = T->book->docs[di];
	const char *q = doc->text + off;
	const char *sug;
	int r = best_suggestion(T, doc, off, len, e, speech, &sug);
	if (!r)
		return;
	struct sm_finding *f;
	if (sug)
		f = findings_add(out, T->book, RULE, SM_SEV_WARNING, di, off, len, sug,
				 "\"%.*s\" is not a word; did you mean \"%s\"?", (int)len, q, sug);
	else
		f = findings_add(out, T->book, RULE, SM_SEV_WARNING, di, off, len, NULL,
				 "\"%.*s\" is not a word (%s dictionary)", (int)len, q, dict_names[T->main]);
	if (f) {
		SM_GROW(*sp, *cap_sp, *n_sp + 1);
		(*sp)[(*n_sp)++] = (struct span2){ di, off, len };
	}
}

/* Is there an apostrophe right before (1) or right after (2) token t? */
static int quote_around(const struct sm_doc *doc, const struct token *t)
{
	const char *tx = doc->text;
	uint32_t e = t->off + t->len;
	int r = 0;
	if ((t->off >= 1 && tx[t->off - 1] == '\'') ||
	    (t->off >= 3 && (!memcmp(tx + t->off - 3, "\xE2\x80\x99", 3) ||
			     !memcmp(tx + t->off - 3, "\xE2\x80\x98", 3))))
		r |= 1;
	if (e < doc->len && (tx[e] == '\'' || (e + 3 <= doc->len && !memcmp(tx + e, "\xE2\x80\x99", 3))))
		r |= 2;
	return r;
}

/* Does the paragraph of token t hold a double quotation mark? Then its
 * single marks are apostrophes, not quotes. */
static bool block_has_double_quote(const struct sm_doc *doc, const struct token *t)
{
	const struct block *b = &doc->blocks[t->block];
	const char *s = doc->text + b->off, *e = s + b->len;
	for (; s < e; s++)
		if (*s == '"' || (*s == '\xE2' && e - s >= 3 && s[1] == '\x80' &&
				   (s[2] == '\x9C' || s[2] == '\x9D')))
			return true;
	return false;
}

/* An apostrophe right against the word marks letters left out on purpose
 * ("’eard", "woul’", "havena’") where it cannot be a quotation mark: a
 * right single quote before the word, or any single mark in narration or in
 * a paragraph whose speech is in double quotes. */
static bool elided(const struct sm_doc *doc, const struct token *t, int around)
{
	if (!around)
		return false;
	if ((around & 1) && t->off >= 3 && !memcmp(doc->text + t->off - 3, "\xE2\x80\x99", 3))
		return true;
	return !(t->flags & TOKF_DIALOGUE) || block_has_double_quote(doc, t);
}

/* Length of the dash or ellipsis at s (up to e), or 0. */
static size_t break_mark(const char *s, const char *e)
{
	if (s < e && *s == '-')
		return e - s >= 2 && s[1] == '-' ? 2 : 1;
	if (e - s >= 3 && !memcmp(s, "...", 3))
		return 3;
	if (e - s >= 3 && s[0] == '\xE2' && s[1] == '\x80' &&
	    (s[2] == '\x93' || s[2] == '\x94' || s[2] == '\xA6'))
		return 3;
	return 0;
}

static bool is_quote_mark(const char *s, const char *e)
{
	if (s < e && (*s == '"' || *s == '\''))
		return true;
	return e - s >= 3 && s[0] == '\xE2' && s[1] == '\x80' &&
	       (s[2] == '\x98' || s[2] == '\x99' || s[2] == '\x9C' || s[2] == '\x9D');
}

/* A word broken off by a dash or an ellipsis that ends the speech or is
 * followed by a space ("so easil\xE2\x80\x94\xE2\x80\x9D", "fenc- ah", "surren..."), not
 * one joined to the next word by a dash ("came--a"); or a word quoted on its
 * own, mentioned rather than used ("the \xE2\x80\x9Cough\xE2\x80\x9D words"). */
static bool cut_off_or_mentioned(const struct sm_doc *doc, const struct token *t)
{
	const struct block *b = &doc->blocks[t->block];
	const char *s = doc->text + t->off + t->len, *e = doc->text + b->off + b->len;
	size_t m = break_mark(s, e);
	if (m) {
		const char *x = s + m;
		if (x >= e || *x == ' ' || is_quote_mark(x, e))
			return true;
	}
	const char *bs = doc->text + b->off, *w = doc->text + t->off;
	bool open = (w - bs >= 1 && (w[-1] == '"' || w[-1] == '\'')) ||
		    (w - bs >= 3 && is_quote_mark(w - 3, e));
	return open && is_quote_mark(s, e);
}

/* The unknown words of one sentence, held until it ends. */
struct pending {
	uint32_t off, len;
	struct went *e;
	bool speech;
};

/* Words of sentence s, not names, that neither dictionary knows, the book's
 * frequent ones included ("tha", "ye" in a dialect speaker's lines). */
static size_t unknown_words(struct typo *T, const struct sm_doc *doc, uint32_t s)
{
	const struct sentence *se = &doc->sents[s];
	size_t k = 0;
	for (uint32_t i = se->tok_first; i < se->tok_first + se->n_tok && i < doc->n_toks; i++) {
		const struct token *t = &doc->toks[i];
		if (t->kind != TOK_WORD || (t->flags & TOKF_UPPER) || t->len > MAX_WORD ||
		    ((t->flags & TOKF_CAP) && !(t->flags & TOKF_SSTART)))
			continue;
		char w[MAX_WORD + 8];
		uint32_t src[MAX_WORD + 8];
		size_t n = normalize(doc->text + t->off, t->len, w, src, sizeof(w));
		if (n < 2 || n > MAX_WORD || memchr(w, '\'', n) || memchr(w, '-', n) || known(T, w, n))
			continue;
		/* a name at the start ("Tallin said, ...") is no word of another
		 * language: the book writes it capitalized inside sentences too,
		 * a character has it, or it is only ever written capitalized */
		if (t->flags & TOKF_CAP) {
			char low[MAX_WORD + 8];
			lower(w, n, low);
			const struct went *st = wtab_get(&T->low, &T->arena, low, n, false);
			if (st && (st->name || st->n_capmid || (!st->n_low && st->n >= 2)))
				continue;
		}
		k++;
	}
	return k;
}

/* Report the unknown words of sentence sent, unless there are two or more
 * words in it that no dictionary knows and they make a quarter of it: a
 * foreign or dialect sentence ("Ich weiss nicht", "Dinna fash yersel"), not
 * typos in an English one. */
static void flush_sentence(struct typo *T, struct sm_findings *out, uint32_t di, struct pending *p,
			   size_t np, uint32_t sent, struct span2 **sp, size_t *n_sp, size_t *cap_sp)
{
	const struct sm_doc *doc = T->book->docs[di];
	if (sent >= doc->n_sents)
		return;
	size_t unk = unknown_words(T, doc, sent);
	if (unk < np)
		unk = np;
	if (unk >= 2 && unk * 4 >= doc->sents[sent].n_words)
		return;
	for (size_t i = 0; i < np; i++)
		report(T, out, di, p[i].off, p[i].len, p[i].e, p[i].speech, sp, n_sp, cap_sp);
}

/* The token of doc that starts at off, or NULL. */
static const struct token *token_at(const struct sm_doc *doc, uint32_t off)
{
	size_t lo = 0, hi = doc->n_toks;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (doc->toks[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < doc->n_toks && doc->toks[lo].off == off ? &doc->toks[lo] : NULL;
}

/* Is the word language.anomaly found at x one this check knows to be
 * sound: a word of either dictionary (the model's lexicon is one author's;
 * a word of the language that it has not seen is no typo), an elision, a
 * word cut off or mentioned, a sound, or a word of a dialect or foreign
 * sentence? */
static bool sound_word(struct typo *T, const struct sm_finding *x)
{
	const struct sm_doc *doc = T->book->docs[x->doc];
	const struct token *t = token_at(doc, x->off);
	if (!t || t->kind != TOK_WORD)
		return false;
	char w[MAX_WORD + 8], low[MAX_WORD + 8];
	uint32_t src[MAX_WORD + 8];
	size_t n = normalize(doc->text + t->off, t->len, w, src, sizeof(w));
	if (n < 2 || n > MAX_WORD)
		return false;
	lower(w, n, low);
	if (known(T, w, n) || known(T, low, n) || stretched(low, n) || interjection_like(low, n) ||
	    is_informal(low))
		return true;
	if (elided(doc, t, quote_around(doc, t)) || cut_off_or_mentioned(doc, t))
		return true;
	/* a regular derivation of a dictionary word ("biologicals"), or a plural
	 * or inflection of a word the book itself uses ("ramscoops" beside
	 * "ramscoop"): the model had not seen the form, the writer meant it */
	if (!memchr(low, '\'', n) && derived(T, low, n, 1))
		return true;
	static const char *const infl[] = { "s", "es", "ed", "d", "ing" };
	for (size_t i = 0; i < SM_ARRAY_LEN(infl); i++) {
		size_t m = strlen(infl[i]);
		if (n <= m + 2 || strcmp(low + n - m, infl[i]))
			continue;
		struct went *b = wtab_get(&T->low, &T->arena, low, n - m, false);
		if (b && b->n)
			return true;
	}
	size_t unk = t->sent < doc->n_sents ? unknown_words(T, doc, t->sent) : 0;
	return unk >= 2 && unk * 4 >= doc->sents[t->sent].n_words;
}

/* language.anomaly gives way here: where this check reported the same word,
 * and where it knows the word to be sound (sound_word). */
static void supersede_anomalies(struct typo *T, struct sm_findings *out, const struct span2 *sp,
				size_t n_sp)
{
	size_t k = 0;
	for (size_t i = 0; i < out->n; i++) {
		const struct sm_finding *x = &out->v[i];
		bool drop = false;
		if (!strcmp(x->rule, "language.anomaly")) {
			for (size_t j = 0; j < n_sp && !drop; j++)
				drop = sp[j].doc == x->doc && sp[j].off == x->off && sp[j].len == x->len;
			if (!drop)
				drop = sound_word(T, x);
		}
		if (!drop)
			out->v[k++] = out->v[i];
	}
	out->n = k;
}

static void check_docs(struct typo *T, struct sm_findings *out, struct span2 **sp, size_t *n_sp,
		       size_t *cap_sp)
{
	enum { MAXP = 64 };
	struct pending pend[MAXP];
	for (size_t di = 0; di < T->book->n_docs; di++) {
		const struct sm_doc *doc = T->book->docs[di];
		size_t np = 0;
		uint32_t cur = UINT32_MAX;
		for (size_t i = 0; i <= doc->n_toks; i++) {
			if (i == doc->n_toks || doc->toks[i].sent != cur) {
				if (np)
					flush_sentence(T, out, (uint32_t)di, pend, np, cur, sp, n_sp,
						       cap_sp);
				np = 0;
				if (i == doc->n_toks)
					break;
				cur = doc->toks[i].sent;
			}
			const struct token *t = &doc->toks[i];
			if (t->kind != TOK_WORD || (t->flags & TOKF_UPPER) || t->len > MAX_WORD * 2)
				continue;
			bool start = at_start(doc, i);
			if ((t->flags & TOKF_CAP) && !start)
				continue; /* a proper noun */
			char w[MAX_WORD + 8], low[MAX_WORD + 8];
			uint32_t src[MAX_WORD + 8];
			size_t n = normalize(doc->text + t->off, t->len, w, src, sizeof(w));
			if (n < 2 || n > MAX_WORD)
				continue;
			/* the whole word first: known, accepted or frequent compounds pass */
			lower(w, n, low);
			struct went *st = wtab_get(&T->low, &T->arena, low, n, false);
			if ((st && st->n >= MIN_USES) || known(T, w, n) ||
			    config_is_accepted(T->book->cfg, w, n))
				continue;
			/* "Haye Park": a capitalized word before another inside the sentence */
			if ((t->flags & TOKF_CAP) && i + 1 < doc->n_toks && doc->toks[i + 1].kind == TOK_WORD &&
			    doc->toks[i + 1].sent == t->sent && (doc->toks[i + 1].flags & TOKF_CAP) &&
			    !at_start(doc, i + 1))
				continue;
			int around = quote_around(doc, t);
			if (elided(doc, t, around) || cut_off_or_mentioned(doc, t))
				continue;
			/* each part of a compound on its own; report the parts that fail */
			int addr = -1;
			for (size_t a = 0; a < n;) {
				size_t b = a;
				while (b < n && w[b] != '-')
					b++;
				bool cap = isupper((unsigned char)w[a]);
				int q = (a == 0 ? around & 1 : 0) | (b == n ? around & 2 : 0);
				/* a capitalized part after a hyphen is a name ("Anglo-Saxon") */
				char part[MAX_WORD + 8];
				lower(w + a, b - a, part);
				if (a == 0 && b < n && is_prefix(part)) {
					a = b + 1; /* "mis-judged", "un-" */
					continue;
				}
				if (b > a && (!cap || a == 0) && bad_word(T, w + a, b - a, cap, q)) {
					if (addr < 0)
						addr = in_address(doc, t) || in_italics(doc, t);
					if (addr)
						break;
					uint32_t po = t->off + src[a];
					uint32_t pe = b < n ? t->off + src[b] : t->off + t->len;
					struct went *e = wtab_get(&T->exact, &T->arena, w + a, b - a, true);
					if (np < MAXP)
						pend[np++] = (struct pending){ po, pe - po, e,
									       (t->flags & TOKF_DIALOGUE) != 0 };
				}
				a = b + 1;
			}
		}
	}
}

static int run(struct sm_book *book, struct sm_findings *out, struct sm_err *err)
{
	(void)err;
	/* language.anomaly gives way to the dictionaries whether this rule is
	 * on or not (--only language.anomaly must not bring its false alarms back) */
	bool typo_on = config_rule_level(book->cfg, RULE, SM_SEV_WARNING) >= 0;
	bool anomalies = false;
	for (size_t i = 0; i < out->n && !anomalies; i++)
		anomalies = !strcmp(out->v[i].rule, "language.anomaly");
	if ((!typo_on && !anomalies) || !book->n_docs)
		return SM_OK;
	struct typo T = { .book = book };
	arena_init(&T.arena);
	struct span2 *sp = NULL;
	size_t n_sp = 0, cap_sp = 0;
	bool opened = dict_open(&T.D, book, RULE);
	T.dict[0] = T.D.h[0];
	T.dict[1] = T.D.h[1];
	if (!opened)
		goto done;
	count_words(&T);
	if (!choose_dict(&T))
		goto done;
	count_families(&T);
	if (typo_on)
		check_docs(&T, out, &sp, &n_sp, &cap_sp);
	supersede_anomalies(&T, out, sp, n_sp);
done:
	dict_close(&T.D);
	free(sp);
	wtab_free(&T.low);
	wtab_free(&T.exact);
	wtab_free(&T.fam);
	arena_release(&T.arena);
	return SM_OK;
}

/* The rule ids this analyzer reports, for the catalog (checks/catalog.h):
 * sorted by id; `rules list`, `rules show` and the configuration read them. */
static const struct check_info checks[] = {
	{ "language.typo", "language", "warning", false, false,
	  "a word in no Hunspell dictionary (en_US, en_GB) that is one edit from one that is",
	  "\"qiuet\" is not a word; did you mean \"quiet\"?", APPENDIX_NONE },
};

const struct analyzer an_typo = { "typo", run, checks, SM_ARRAY_LEN(checks) };
