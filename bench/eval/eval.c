/* bench/eval/eval.c: `make eval`, the evaluation of our own. Plants defects
 * of every type, in many shapes and at random places, into copies of clean
 * texts, writes each copy as Markdown or text, as DOCX and as DOCX with
 * tracked changes and comments, runs every analyzer on it through the library
 * (as `check` does) and prints recall per defect type and false alarms per
 * 10,000 words on the clean copies, per text family. A benchmark, not a test:
 * it prints figures and never fails on a number.
 *   usage: eval [-v] [--no-model] [--seed N] [--formats md,docx,tracked]
 *               FAMILY:FILE...
 * -v lists every missed defect and every false alarm. */
#define _GNU_SOURCE /* memmem, strcasestr */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <hunspell/hunspell.h>

#include "checks/catalog.h"
#include "checks/check.h"
#include "checks/consistency/consistency.h"
#include "ingest/ingest.h"
#include "lm.h"
#include "segment/segment.h"
#include "templates.h"
#include "text.h"

#define NA(a) (sizeof(a) / sizeof((a)[0]))

/* ---- defect types --------------------------------------------------- */

enum dtype {
	D_TYPO, D_DOUBLED, D_NAME, D_SPELL, D_PUNCT, D_POV, D_TENSE, D_ATTR, D_DUMP,
	D_CHAPTER, D_VOICE, N_TYPES
};
static const char *const type_name[N_TYPES] = {
	"typo", "doubled-word", "name-variant", "spelling-variant", "punctuation-style",
	"pov-shift", "tense-shift", "character-attribute", "info-dump", "chapter-numbering",
	"voice-drift",
};
static const char *const type_rules[N_TYPES][3] = {
	{ "language.typo", "language.anomaly", NULL }, { "style.doubled-word", NULL, NULL },
	{ "consistency.name-variant", NULL, NULL },    { "consistency.spelling-variant", NULL, NULL },
	{ "consistency.punctuation-style", NULL, NULL }, { "consistency.pov-shift", NULL, NULL },
	{ "consistency.tense-shift", NULL, NULL },     { "consistency.character-attribute", "consistency.timeline", NULL },
	{ "pacing.info-dump", NULL, NULL },            { "structure.chapter-numbering", NULL, NULL },
	{ "style.voice-drift", NULL, NULL },
};

enum sp_mode { SP_BLOCK, SP_CHAPTER, SP_CHAPTER_NEAR };

struct defect {
	int type, shape;
	int span;            /* enum sp_mode */
	char needle[2][200]; /* text that locates it (one or two places) */
	int occ[2];          /* which occurrence of the needle (0-based) */
	int n_needle;
	char desc[240];      /* what was planted, for -v */
};

struct plan {
	struct text *t;      /* the planted copy */
	struct defect *d;
	size_t n, cap;
};

static int verbose;
static uint64_t rng_s;

static uint64_t rnd(void)
{
	uint64_t z = (rng_s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}
static size_t rn(size_t n) { return n ? (size_t)(rnd() % n) : 0; }

static Hunhandle *hun_us, *hun_gb;

static bool is_dict_word(const char *w)
{
	if (hun_us && Hunspell_spell(hun_us, w))
		return true;
	if (hun_gb && Hunspell_spell(hun_gb, w))
		return true;
	return false;
}

/* ---- small string helpers ------------------------------------------ */


/* Replace s[off..off+len) with rep; returns a new string. */
static char *splice(const char *s, size_t off, size_t len, const char *rep)
{
	struct xb b = { 0 };
	xput(&b, s, off);
	xs(&b, rep);
	xs(&b, s + off + len);
	return b.b;
}

static const char *she[3][7] = {
	/* P, p, o, d, D, r, W */
	{ "She", "she", "her", "her", "Her", "herself", "woman" },
	{ "She", "she", "her", "her", "Her", "herself", "woman" },
	{ "He", "he", "him", "his", "His", "himself", "man" },
};

static const char *const num_words[] = { "", "one", "two", "three", "four", "five", "six",
	"seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
	"sixteen", "seventeen", "eighteen", "nineteen" };
static const char *const tens_words[] = { "", "", "twenty", "thirty", "forty", "fifty", "sixty",
	"seventy" };

static void age_words(int a, char *out, size_t n)
{
	if (a < 20)
		snprintf(out, n, "%s", num_words[a]);
	else if (a % 10 == 0)
		snprintf(out, n, "%s", tens_words[a / 10]);
	else
		snprintf(out, n, "%s-%s", tens_words[a / 10], num_words[a % 10]);
}

/* Fill a template (templates.h). */
static char *render(const char *tpl, const struct name *nm, bool present, const char *colour,
		    const char *age)
{
	struct xb b = { 0 };
	const char *const *pr = she[nm ? nm->gender : 0];
	for (const char *q = tpl; *q; q++) {
		if (*q == '{' && q[1] && q[2] == '}') {
			switch (q[1]) {
			case 'N': xs(&b, nm ? nm->w : "Alex"); break;
			case 'P': xs(&b, pr[0]); break;
			case 'p': xs(&b, pr[1]); break;
			case 'o': xs(&b, pr[2]); break;
			case 'd': xs(&b, pr[3]); break;
			case 'D': xs(&b, pr[4]); break;
			case 'r': xs(&b, pr[5]); break;
			case 'W': xs(&b, pr[6]); break;
			case 'c': xs(&b, colour ? colour : ""); break;
			case 'a': xs(&b, age ? age : ""); break;
			}
			q += 2;
		} else if (*q == '[') {
			const char *bar = strchr(q, '|'), *end = strchr(q, ']');
			if (!bar || !end || bar > end) {
				xput(&b, q, 1);
				continue;
			}
			if (present)
				xput(&b, bar + 1, (size_t)(end - bar - 1));
			else
				xput(&b, q + 1, (size_t)(bar - q - 1));
			q = end;
		} else {
			xput(&b, q, 1);
		}
	}
	return b.b;
}

/* A needle: up to ~70 bytes of the paragraph around [off, off+len), cut at
 * markup, with line breaks as spaces (as the readers join lines). */
static void make_needle(const char *s, size_t off, size_t len, char *out, size_t cap)
{
	size_t a = off, b = off + len, n = strlen(s);
	while (a > 0 && off - a < 36 && !strchr("_*#>\\", s[a - 1]))
		a--;
	while (b < n && b - (off + len) < 36 && !strchr("_*\\", s[b]))
		b++;
	/* whole UTF-8 characters and whole words at both ends */
	while (a < off && ((unsigned char)s[a] & 0xC0) == 0x80)
		a++;
	while (b > off + len && b < n && ((unsigned char)s[b] & 0xC0) == 0x80)
		b--;
	while (a < off && s[a] != ' ' && a > 0 && s[a - 1] != ' ' && s[a - 1] != '\n')
		a++;
	while (a < off && (s[a] == ' ' || s[a] == '\n'))
		a++;
	size_t k = 0;
	for (size_t i = a; i < b && k + 1 < cap; i++)
		out[k++] = s[i] == '\n' ? ' ' : s[i];
	while (k && out[k - 1] == ' ')
		k--;
	out[k] = 0;
}

/* How many times needle occurs in the copy before paragraph pi (and in pi
 * before byte off), with lines joined as the readers join them. */
static int occurrence(const struct text *t, size_t pi, size_t off, const char *needle)
{
	int n = 0;
	size_t nl = strlen(needle);
	for (size_t i = 0; i <= pi && i < t->n; i++) {
		char *s = strdup(t->p[i].s);
		for (char *c = s; *c; c++)
			if (*c == '\n')
				*c = ' ';
		size_t lim = i == pi ? off : strlen(s);
		for (char *q = strstr(s, needle); q && (size_t)(q - s) < lim; q = strstr(q + 1, needle))
			n++;
		(void)nl;
		free(s);
	}
	return n;
}

static struct defect *add_defect(struct plan *pl, int type, int shape, int span)
{
	if (pl->n == pl->cap) {
		pl->cap = pl->cap ? 2 * pl->cap : 64;
		pl->d = realloc(pl->d, pl->cap * sizeof(*pl->d));
	}
	struct defect *d = &pl->d[pl->n++];
	memset(d, 0, sizeof(*d));
	d->type = type;
	d->shape = shape;
	d->span = span;
	return d;
}

/* Record the place [off, off+len) of paragraph pi as needle k of d. */
static void locate(struct plan *pl, struct defect *d, size_t pi, size_t off, size_t len)
{
	int k = d->n_needle++;
	make_needle(pl->t->p[pi].s, off, len, d->needle[k], sizeof(d->needle[k]));
	/* the needle starts at or before off; count occurrences before its start */
	const char *s = pl->t->p[pi].s;
	const char *hit = NULL;
	char *flat = strdup(s);
	for (char *c = flat; *c; c++)
		if (*c == '\n')
			*c = ' ';
	for (const char *q = strstr(flat, d->needle[k]); q; q = strstr(q + 1, d->needle[k]))
		if ((size_t)(q - flat) <= off)
			hit = q;
	d->occ[k] = occurrence(pl->t, pi, hit ? (size_t)(hit - flat) : 0, d->needle[k]);
	free(flat);
	pl->t->p[pi].planted = (int)pl->n;
	pl->t->p[pi].tracked = 1;
}

/* A paragraph of kind (or any prose kind when kind is 0) with no planted
 * paragraph within two of it; -1 when none is found. */
static long pick_para(const struct text *t, int kind, const char *must_contain)
{
	for (int tries = 0; tries < 400; tries++) {
		size_t i = rn(t->n);
		int k = t->p[i].kind;
		if (kind ? k != kind : (k != PK_NARR && k != PK_DIALOGUE))
			continue;
		bool near = false;
		for (size_t j = i > 2 ? i - 2 : 0; j <= i + 2 && j < t->n; j++)
			if (t->p[j].planted)
				near = true;
		if (near)
			continue;
		if (must_contain) {
			const char *q = strstr(t->p[i].s, must_contain);
			size_t nl = strlen(must_contain);
			if (!q || (q > t->p[i].s && isalpha((unsigned char)q[-1])) || isalpha((unsigned char)q[nl]))
				continue;
		}
		return (long)i;
	}
	return -1;
}

/* Whole lower-case ASCII words of s: offsets into s. */
struct wspan {
	size_t off, len;
};
static size_t words_of(const char *s, struct wspan *w, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; s[i] && n < cap;) {
		if (!isalpha((unsigned char)s[i])) {
			i++;
			continue;
		}
		size_t j = i;
		while (isalpha((unsigned char)s[j]))
			j++;
		bool clean_edge = (i == 0 || !((unsigned char)s[i - 1] & 0x80 || strchr("_*'-", s[i - 1]))) &&
				  !((unsigned char)s[j] & 0x80 && strncmp(s + j, "\u201d", 3) &&
				    strncmp(s + j, "\u2014", 3) && strncmp(s + j, "\u2019 ", 4)) &&
				  !strchr("_*'-", s[j] ? s[j] : ' ');
		if (clean_edge)
			w[n++] = (struct wspan){ i, j - i };
		i = j;
	}
	return n;
}

static bool in_quotes(const char *s, size_t off)
{
	int dq = 0, cq = 0;
	for (size_t i = 0; i < off; i++) {
		if (s[i] == '"')
			dq ^= 1;
		else if (!strncmp(s + i, "\u201c", 3))
			cq = 1;
		else if (!strncmp(s + i, "\u201d", 3))
			cq = 0;
	}
	return dq || cq;
}

/* ---- planters: each plants one defect of its type in shape `shape`,
 * returns 0 when it did, -1 when the text offers no place for it --------- */

static const char kb_near[26][5] = {
	"qsz", "vgn", "xdv", "sfe", "wrd", "dgr", "fht", "gjy", "uko", "hkn", "jlm", "kop", "njk",
	"bmh", "ipl", "ol", "wa", "etf", "adw", "ryg", "yij", "cbf", "qes", "zcs", "tuh", "xas",
};

static int plant_typo(struct plan *pl, int shape)
{
	struct text *t = pl->t;
	for (int tries = 0; tries < 60; tries++) {
		long pi = pick_para(t, 0, NULL);
		if (pi < 0)
			return -1;
		const char *s = t->p[pi].s;
		struct wspan w[400];
		size_t nw = words_of(s, w, 400);
		if (!nw)
			continue;
		size_t k = rn(nw);
		size_t off = w[k].off, len = w[k].len;
		bool cap = isupper((unsigned char)s[off]);
		if (len < 4 || len > 20)
			continue;
		if (shape == 7 ? !cap : cap)
			continue;
		char word[32], ed[40];
		memcpy(word, s + off, len);
		word[len] = 0;
		if (shape == 7) { /* a capitalized word at a sentence start, not a name */
			bool name = false;
			for (int m = 0; m < t->n_names; m++)
				if (!strcmp(t->names[m].w, word))
					name = true;
			char low[32];
			for (size_t i = 0; i <= len; i++)
				low[i] = (char)tolower((unsigned char)word[i]);
			if (name || !is_dict_word(low) || off > 0)
				continue;
		}
		size_t p;
		strcpy(ed, word);
		switch (shape % 8) {
		case 0: case 7: /* swap two inner letters */
			p = 1 + rn(len - 3);
			ed[p] = word[p + 1];
			ed[p + 1] = word[p];
			break;
		case 1: /* swap the first two */
			ed[0] = word[1];
			ed[1] = word[0];
			break;
		case 2: /* drop an inner letter */
			p = 1 + rn(len - 2);
			memmove(ed + p, ed + p + 1, len - p);
			break;
		case 3: /* drop the last letter */
			ed[len - 1] = 0;
			break;
		case 4: /* double a letter */
			p = 1 + rn(len - 1);
			memmove(ed + p + 1, ed + p, len - p + 1);
			break;
		case 5: /* insert a neighbouring key */
			p = 1 + rn(len - 1);
			memmove(ed + p + 1, ed + p, len - p + 1);
			ed[p] = kb_near[tolower((unsigned char)word[p]) - 'a'][0];
			break;
		case 6: /* replace with a neighbouring key */
			p = 1 + rn(len - 1);
			ed[p] = kb_near[tolower((unsigned char)word[p]) - 'a'][rn(strlen(kb_near[tolower((unsigned char)word[p]) - 'a']))];
			break;
		}
		if (!strcmp(ed, word))
			continue;
		char low[40];
		for (size_t i = 0; i <= strlen(ed); i++)
			low[i] = (char)tolower((unsigned char)ed[i]);
		if (is_dict_word(ed) || is_dict_word(low) || text_has_word(t, low))
			continue;
		char *ns = splice(s, off, len, ed);
		text_set(t, (size_t)pi, ns);
		free(ns);
		struct defect *d = add_defect(pl, D_TYPO, shape, SP_BLOCK);
		snprintf(d->desc, sizeof(d->desc), "%s -> %s", word, ed);
		locate(pl, d, (size_t)pi, off, strlen(ed));
		return 0;
	}
	return -1;
}

static int plant_doubled(struct plan *pl, int shape)
{
	static const char *const preps[] = { "to", "on", "in", "of", "at", "for", "with", "from" };
	static const char *const objs[] = { "him", "them", "me", "us" };
	static const char *const verbs[] = { "was", "were", "is", "said", "could", "would" };
	struct text *t = pl->t;
	for (int tries = 0; tries < 200; tries++) {
		long pi = pick_para(t, shape == 8 ? PK_DIALOGUE : 0, NULL);
		if (pi < 0)
			return -1;
		const char *s = t->p[pi].s;
		struct wspan w[400];
		size_t nw = words_of(s, w, 400);
		if (nw < 4)
			continue;
		size_t k = 1 + rn(nw - 2);
		const char *x = s + w[k].off;
		size_t xl = w[k].len;
		bool ok = false;
#define IS(lit) (xl == strlen(lit) && !strncmp(x, lit, xl))
		switch (shape) {
		case 0: ok = IS("the"); break;
		case 1: ok = IS("a"); break;
		case 2: for (size_t i = 0; i < NA(preps); i++) ok |= IS(preps[i]); break;
		case 3: ok = IS("and"); break;
		case 4:
			for (size_t i = 0; i < NA(objs); i++)
				ok |= IS(objs[i]);
			if (IS("her")) { /* "her" only where no noun follows */
				const char *nx = x + 3;
				ok = *nx == ',' || *nx == '.' || !strncmp(nx, " close", 6) ||
				     !strncmp(nx, " up", 3) || !strncmp(nx, " back", 5) ||
				     !strncmp(nx, " away", 5) || !strncmp(nx, " again", 6);
			}
			break;
		case 5: for (size_t i = 0; i < NA(verbs); i++) ok |= IS(verbs[i]); break;
		case 6: ok = xl >= 3 && islower((unsigned char)x[0]); break; /* across a line break */
		case 7:
			k = 0;
			x = s + w[0].off;
			xl = w[0].len;
			ok = w[0].off == 0 && IS("The");
			break;
		case 8: ok = xl >= 2 && islower((unsigned char)x[0]) && in_quotes(s, w[k].off); break;
		}
#undef IS
		if (!ok || (w[k].off > 0 && s[w[k].off - 1] != ' ' && shape != 7 && shape != 8))
			continue;
		if (x[xl] != ' ' && x[xl] != ',' && x[xl] != '.' && x[xl] != ';')
			continue;
		char rep[64];
		if (shape == 7)
			snprintf(rep, sizeof(rep), "The the");
		else
			snprintf(rep, sizeof(rep), "%.*s%s%.*s", (int)xl, x, shape == 6 ? "\n" : " ", (int)xl, x);
		char *ns = splice(s, w[k].off, xl, rep);
		text_set(t, (size_t)pi, ns);
		free(ns);
		struct defect *d = add_defect(pl, D_DOUBLED, shape, SP_BLOCK);
		snprintf(d->desc, sizeof(d->desc), "%s", rep);
		locate(pl, d, (size_t)pi, w[k].off, strlen(rep));
		return 0;
	}
	return -1;
}

static int plant_name(struct plan *pl, int shape)
{
	struct text *t = pl->t;
	for (int tries = 0; tries < 40; tries++) {
		if (!t->n_names)
			return -1;
		const struct name *nm = &t->names[rn((size_t)(t->n_names < 8 ? t->n_names : 8))];
		if (nm->n < 10 || nm->n_say < 2)
			continue;
		const char *w = nm->w;
		size_t len = strlen(w);
		if (len < 4)
			continue;
		char v[64];
		strcpy(v, w);
		const char *vow = "aeiouy", *swp = "eaiyuo";
		size_t p;
		switch (shape) {
		case 0: /* double a consonant */
			for (p = 1; p < len && strchr(vow, v[p]); p++) {}
			if (p >= len)
				continue;
			memmove(v + p + 1, v + p, len - p + 1);
			break;
		case 1: /* drop an inner letter */
			p = 1 + rn(len - 2);
			memmove(v + p, v + p + 1, len - p);
			break;
		case 2: /* another vowel */
			for (p = 1; p < len && !strchr(vow, v[p]); p++) {}
			if (p >= len)
				continue;
			v[p] = swp[strchr(vow, v[p]) - vow];
			break;
		case 3: /* a final e added or dropped */
			if (v[len - 1] == 'e')
				v[len - 1] = 0;
			else
				strcat(v, "e");
			break;
		case 4: /* two inner letters swapped */
			p = 1 + rn(len - 3);
			v[p] = w[p + 1];
			v[p + 1] = w[p];
			break;
		case 5: { /* c/k, ph/f, s/z */
			char *q;
			if ((q = strstr(v, "ph")))
				memmove(q + 1, q + 2, strlen(q + 2) + 1), *q = 'f';
			else if ((q = strchr(v + 1, 'c')))
				*q = 'k';
			else if ((q = strchr(v + 1, 'k')))
				*q = 'c';
			else if ((q = strchr(v + 1, 's')))
				*q = 'z';
			else
				continue;
			break;
		}
		case 6: /* the ending */
			if (v[len - 1] == 'h')
				v[len - 1] = 0;
			else if (strchr(vow, v[len - 1]))
				strcat(v, "h");
			else
				v[len] = v[len - 1], v[len + 1] = 0;
			break;
		case 7: /* an h after the first letter */
			if (strchr(vow, tolower((unsigned char)v[0])) || v[1] == 'h')
				continue;
			memmove(v + 2, v + 1, len);
			v[1] = 'h';
			break;
		}
		char low[64];
		for (size_t i = 0; i <= strlen(v); i++)
			low[i] = (char)tolower((unsigned char)v[i]);
		if (!strcmp(v, w) || text_has_word(t, low) || strlen(v) < 3)
			continue;
		long pi = pick_para(t, 0, w);
		if (pi < 0)
			continue;
		const char *s = t->p[pi].s;
		const char *q = strstr(s, w);
		while (q && ((q > s && isalpha((unsigned char)q[-1])) || isalpha((unsigned char)q[len])))
			q = strstr(q + 1, w);
		if (!q)
			continue;
		size_t off = (size_t)(q - s);
		char *ns = splice(s, off, len, v);
		text_set(t, (size_t)pi, ns);
		free(ns);
		struct defect *d = add_defect(pl, D_NAME, shape, SP_BLOCK);
		snprintf(d->desc, sizeof(d->desc), "%s -> %s", w, v);
		locate(pl, d, (size_t)pi, off, strlen(v));
		return 0;
	}
	return -1;
}

/* US/UK pairs from rules/consistency/us-uk.tsv. */
static char (*pairs)[2][40];
static size_t n_pairs;

static void load_pairs(void)
{
	FILE *f = fopen("rules/consistency/us-uk.tsv", "r");
	char line[256];
	size_t cap = 0;
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#')
			continue;
		char *tab = strchr(line, '\t');
		if (!tab)
			continue;
		*tab = 0;
		char *b = tab + 1;
		b[strcspn(b, "\r\n")] = 0;
		if (strlen(line) >= 40 || strlen(b) >= 40)
			continue;
		if (n_pairs == cap)
			pairs = realloc(pairs, (cap = cap ? 2 * cap : 2048) * sizeof(*pairs));
		strcpy(pairs[n_pairs][0], line);
		strcpy(pairs[n_pairs][1], b);
		n_pairs++;
	}
	fclose(f);
}

/* Lower-case whole-word occurrences of w in the text. */
static int count_word(const struct text *t, const char *w)
{
	int n = 0;
	size_t len = strlen(w);
	for (size_t i = 0; i < t->n; i++)
		for (const char *q = strcasestr(t->p[i].s, w); q; q = strcasestr(q + 1, w))
			if ((q == t->p[i].s || !isalpha((unsigned char)q[-1])) && !isalpha((unsigned char)q[len]) &&
			    q[len] != '-' && (q == t->p[i].s || q[-1] != '-'))
				n++;
	return n;
}

static int plant_spelling(struct plan *pl, int shape, size_t *used, size_t n_used)
{
	struct text *t = pl->t;
	(void)shape;
	for (int tries = 0; tries < 3000; tries++) {
		size_t k = rn(n_pairs);
		const char *a = pairs[k][0], *b = pairs[k][1];
		if (!text_has_word(t, a) && !text_has_word(t, b))
			continue;
		bool dup = false;
		for (size_t i = 0; i < n_used; i++)
			if (used[i] == k)
				dup = true;
		if (dup)
			continue;
		int na = count_word(t, a), nb = count_word(t, b);
		const char *from, *to;
		if (na >= 3 && nb == 0)
			from = a, to = b;
		else if (nb >= 3 && na == 0)
			from = b, to = a;
		else
			continue;
		long pi = -1;
		for (int r = 0; r < 100 && pi < 0; r++) {
			pi = pick_para(t, 0, NULL);
			if (pi >= 0) {
				const char *q = strcasestr(t->p[pi].s, from);
				size_t fl = strlen(from);
				if (!q || (q > t->p[pi].s && !isspace((unsigned char)q[-1])) || isalpha((unsigned char)q[fl]) || q[fl] == '-')
					pi = -1;
			}
		}
		if (pi < 0)
			continue;
		const char *s = t->p[pi].s;
		const char *q = strcasestr(s, from);
		char rep[48];
		strcpy(rep, to);
		if (isupper((unsigned char)q[0]))
			rep[0] = (char)toupper((unsigned char)rep[0]);
		size_t off = (size_t)(q - s);
		char *ns = splice(s, off, strlen(from), rep);
		text_set(t, (size_t)pi, ns);
		free(ns);
		used[n_used] = k;
		struct defect *d = add_defect(pl, D_SPELL, shape, SP_BLOCK);
		snprintf(d->desc, sizeof(d->desc), "%s (x%d) -> %s", from, na > nb ? na : nb, rep);
		locate(pl, d, (size_t)pi, off, strlen(rep));
		return 0;
	}
	return -1;
}

static size_t count_str(const struct text *t, const char *x)
{
	size_t n = 0;
	for (size_t i = 0; i < t->n; i++)
		for (const char *q = strstr(t->p[i].s, x); q; q = strstr(q + 1, x))
			n++;
	return n;
}

/* Replace every occurrence of a in s by b (or, when alt is set, alternate
 * between b and alt, for opening and closing quotes). */
static char *replace_all(const char *s, const char *a, const char *b, const char *alt)
{
	struct xb o = { 0 };
	size_t al = strlen(a);
	int k = 0;
	for (const char *q = s; *q;) {
		if (!strncmp(q, a, al)) {
			xs(&o, alt && (k++ & 1) ? alt : b);
			q += al;
		} else {
			xput(&o, q, 1);
			q++;
		}
	}
	return o.b;
}

static int plant_punct(struct plan *pl, int shape)
{
	struct text *t = pl->t;
	const char *from = NULL, *to = NULL, *alt = NULL, *to2 = NULL;
	int kind = 0;
	bool all = false;
	size_t nd_curly = count_str(t, "\u201c"), nd_straight = count_str(t, "\"");
	switch (shape) {
	case 0: /* one dialogue paragraph with the other double quotes */
		if (nd_curly >= 10 && nd_straight == 0)
			from = "\u201c", to = "\"", to2 = "\u201d";
		else if (nd_straight >= 20 && nd_curly == 0)
			from = "\"", to = "\u201c", alt = "\u201d";
		kind = PK_DIALOGUE, all = true;
		break;
	case 1: /* em dash against double hyphens */
		if (count_str(t, "\u2014") >= 5 && count_str(t, "--") == 0)
			from = "\u2014", to = "--";
		else if (count_str(t, "--") >= 5 && count_str(t, "\u2014") == 0)
			from = "--", to = "\u2014";
		break;
	case 2: /* ellipses */
		if (count_str(t, "\u2026") >= 3 && count_str(t, "...") == 0)
			from = "\u2026", to = "...";
		else if (count_str(t, "...") >= 3 && count_str(t, "\u2026") == 0)
			from = "...", to = "\u2026";
		break;
	case 3: /* apostrophes */
		if (count_str(t, "n\u2019t") >= 5 && count_str(t, "n't") == 0)
			from = "n\u2019t", to = "n't";
		else if (count_str(t, "n't") >= 5 && count_str(t, "n\u2019t") == 0)
			from = "n't", to = "n\u2019t";
		break;
	case 4: /* spaced dash */
		if (count_str(t, "\u2014") >= 5 && count_str(t, " \u2014 ") == 0)
			from = "\u2014", to = " \u2014 ";
		else if (count_str(t, "--") >= 5 && count_str(t, " -- ") == 0)
			from = "--", to = " -- ";
		break;
	case 5: /* dialogue in single quotes */
		if (nd_curly >= 10 && nd_straight == 0 && !t->single_dq)
			from = "\u201c", to = "\u2018", to2 = "\u2019";
		else if (t->single_dq && nd_curly == 0 && nd_straight == 0)
			from = "\u2018", to = "\u201c", to2 = "\u201d";
		kind = PK_DIALOGUE, all = true;
		break;
	default:
		return -1;
	}
	if (!from)
		return -1;
	for (int tries = 0; tries < 200; tries++) {
		long pi = pick_para(t, kind, NULL);
		if (pi < 0)
			return -1;
		const char *s = t->p[pi].s;
		const char *q = strstr(s, from);
		if (!q)
			continue;
		char *ns;
		size_t off = (size_t)(q - s), len;
		if (all) {
			char *t1 = replace_all(s, from, to, alt);
			if (to2) {
				/* the matching closing marks */
				const char *close = !strcmp(from, "\u201c") ? "\u201d" : "\u2019";
				if (!strcmp(from, "\u2018"))
					close = "\u2019";
				ns = replace_all(t1, close, to2 ? (strcmp(to, "\"") ? to2 : "\"") : to, NULL);
				free(t1);
			} else {
				ns = t1;
			}
			len = strlen(to);
		} else {
			ns = splice(s, off, strlen(from), to);
			len = strlen(to);
		}
		/* a closing curly single quote is also an apostrophe: skip paragraphs with apostrophes */
		if (shape == 5 && (strstr(s, "\u2019") && strcmp(from, "\u2018"))) {
			free(ns);
			continue;
		}
		text_set(t, (size_t)pi, ns);
		free(ns);
		struct defect *d = add_defect(pl, D_PUNCT, shape, SP_BLOCK);
		snprintf(d->desc, sizeof(d->desc), "%s -> %s", from, to);
		locate(pl, d, (size_t)pi, off, len);
		return 0;
	}
	return -1;
}

/* Names usable in sentences: known gender, frequent. */
static const struct name *pick_name(const struct text *t)
{
	for (int tries = 0; tries < 50; tries++) {
		if (!t->n_names)
			return NULL;
		const struct name *nm = &t->names[rn((size_t)(t->n_names < 6 ? t->n_names : 6))];
		if (nm->gender && nm->n >= 8 && nm->n_say >= 2)
			return nm;
	}
	return NULL;
}

/* Is the narration around a site between paragraphs i and i + 1 clearly in
 * the book's person and tense? A shift of point of view or tense is a
 * defect only against a scene that has one: the narration paragraphs
 * within four of the site (not past a heading or a scene break) must be at
 * least two, and together show the book's voice with none of the other
 * (person: no pronoun of the other person; tense: the other tense's forms
 * at most a quarter of the book's, and at least three of the book's).
 * Mixed-voice texts (game scripts where characters narrate in turn) so get
 * fewer sites of these two kinds, not defects that are not defects. */
static bool voice_clear(const struct text *t, size_t i, int type, bool first, bool present)
{
	struct voice sum = { 0, 0, 0, 0 };
	int n = 0;
	for (int dir = -1; dir <= 1; dir += 2)
		for (int k = 0; k < 4; k++) {
			long j = dir < 0 ? (long)i - k : (long)i + 1 + k;
			if (j < 0 || (size_t)j >= t->n)
				break;
			int kind = t->p[j].kind;
			if (kind == PK_HEAD || kind == PK_BREAK)
				break;
			if (kind != PK_NARR)
				continue;
			struct voice v;
			text_para_voice(t->p[j].s, &v);
			sum.past += v.past;
			sum.present += v.present;
			sum.first += v.first;
			sum.third += v.third;
			n++;
		}
	if (n < 2)
		return false;
	if (type == D_POV)
		return first ? sum.first >= 2 && sum.third * 4 <= sum.first
			     : sum.third >= 2 && sum.first == 0;
	int mine = present ? sum.present : sum.past, other = present ? sum.past : sum.present;
	return mine >= 3 && other * 4 <= mine;
}

/* Insert a paragraph between two paragraphs of kind `around` (dialogue for
 * info dumps, narration otherwise). */
static int plant_insert(struct plan *pl, int type, int shape, const char *para_text, int around)
{
	struct text *t = pl->t;
	for (int tries = 0; tries < 400; tries++) {
		long pi = pick_para(t, around, NULL);
		if (pi < 1 || (size_t)pi + 1 >= t->n)
			continue;
		size_t i = (size_t)pi;
		if ((type == D_POV || type == D_TENSE) && !voice_clear(t, i, type, t->first, t->present))
			continue;
		if (around == PK_DIALOGUE) {
			/* a dialogue-driven stretch: most of the six paragraphs around */
			int nd = 0;
			for (size_t j = i > 3 ? i - 3 : 0; j < i + 3 && j < t->n; j++)
				nd += t->p[j].kind == PK_DIALOGUE;
			if (nd < 4 || t->p[i + 1].kind != PK_DIALOGUE)
				continue;
		} else if (t->p[i + 1].kind != PK_NARR) {
			continue;
		}
		bool near = false;
		for (size_t j = i > 2 ? i - 2 : 0; j <= i + 3 && j < t->n; j++)
			if (t->p[j].planted || t->p[j].kind == PK_HEAD || t->p[j].kind == PK_BREAK)
				near = true;
		if (near)
			continue;
		text_insert(t, i + 1, para_text, around == PK_DIALOGUE ? PK_NARR : PK_NARR);
		struct defect *d = add_defect(pl, type, shape, SP_BLOCK);
		snprintf(d->desc, sizeof(d->desc), "%.200s", para_text);
		locate(pl, d, i + 1, 0, 60);
		return 0;
	}
	return -1;
}

static const char *const eye_c[] = { "blue", "green", "grey", "brown", "hazel", "black" };
static const char *const hair_c[] = { "black", "red", "blond", "brown", "white" };

static int plant_attr(struct plan *pl, int shape)
{
	struct text *t = pl->t;
	const struct name *nm = pick_name(t);
	if (!nm)
		return -1;
	int cat = shape % 3; /* eyes, hair, age */
	const char *const *tp = cat == 0 ? tpl_eyes : cat == 1 ? tpl_hair : tpl_age;
	size_t ntp = cat == 0 ? NA(tpl_eyes) : cat == 1 ? NA(tpl_hair) : NA(tpl_age);
	char v1[32], v2[32];
	if (cat == 0) {
		size_t a = rn(NA(eye_c)), b = (a + 1 + rn(NA(eye_c) - 1)) % NA(eye_c);
		strcpy(v1, eye_c[a]);
		strcpy(v2, eye_c[b]);
	} else if (cat == 1) {
		size_t a = rn(NA(hair_c)), b = (a + 1 + rn(NA(hair_c) - 1)) % NA(hair_c);
		strcpy(v1, hair_c[a]);
		strcpy(v2, hair_c[b]);
	} else {
		int a = 18 + (int)rn(40), b = a + 7 + (int)rn(20);
		if (rn(2)) {
			int x = a;
			a = b;
			b = x;
		}
		age_words(a, v1, sizeof(v1));
		age_words(b, v2, sizeof(v2));
	}
	/* two narration paragraphs that name the character, far apart */
	long p1 = -1, p2 = -1;
	for (int tries = 0; tries < 200 && (p1 < 0 || p2 < 0 || p2 < p1 + 8); tries++) {
		p1 = pick_para(t, PK_NARR, nm->w);
		p2 = pick_para(t, PK_NARR, nm->w);
		if (p1 > p2) {
			long x = p1;
			p1 = p2;
			p2 = x;
		}
	}
	if (p1 < 0 || p2 < 0 || p2 < p1 + 8)
		return -1;
	size_t s1 = rn(ntp), s2 = (s1 + 1 + rn(ntp - 1)) % ntp;
	char *a = render(tp[s1], nm, t->present, cat < 2 ? v1 : NULL, cat == 2 ? v1 : NULL);
	char *b = render(tp[s2], nm, t->present, cat < 2 ? v2 : NULL, cat == 2 ? v2 : NULL);
	struct defect *d = add_defect(pl, D_ATTR, shape, SP_BLOCK);
	snprintf(d->desc, sizeof(d->desc), "%s ... %s", a, b);
	const char *add[2] = { a, b };
	long at[2] = { p1, p2 };
	for (int k = 0; k < 2; k++) {
		const char *s = t->p[at[k]].s;
		size_t off = strlen(s) + 1;
		struct xb nb = { 0 };
		xs(&nb, s);
		xs(&nb, " ");
		xs(&nb, add[k]);
		text_set(t, (size_t)at[k], nb.b);
		free(nb.b);
		locate(pl, d, (size_t)at[k], off, strlen(add[k]));
	}
	free(a);
	free(b);
	return 0;
}

/* ---- chapter numbering and voice drift (one per copy) --------------- */

static const char *const roman_tab[] = { "M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I" };
static const int roman_val[] = { 1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1 };

static int parse_roman(const char *s, size_t *len)
{
	int v = 0;
	size_t i = 0;
	for (size_t k = 0; k < NA(roman_tab);) {
		size_t l = strlen(roman_tab[k]);
		if (!strncmp(s + i, roman_tab[k], l)) {
			v += roman_val[k];
			i += l;
		} else {
			k++;
		}
	}
	*len = i;
	return i ? v : -1;
}

static void fmt_roman(int v, char *out)
{
	out[0] = 0;
	for (size_t k = 0; k < NA(roman_tab); k++)
		while (v >= roman_val[k]) {
			strcat(out, roman_tab[k]);
			v -= roman_val[k];
		}
}

/* The number of a chapter heading: its value, where it is and its notation
 * (0 digits, 1 roman); -1 when the heading has none. */
static int heading_num(const char *s, size_t *off, size_t *len, int *notation)
{
	const char *q = s;
	while (*q == '#' || *q == ' ')
		q++;
	if (strncasecmp(q, "chapter ", 8))
		return -1;
	q += 8;
	*off = (size_t)(q - s);
	if (isdigit((unsigned char)*q)) {
		*notation = 0;
		int v = atoi(q);
		*len = strspn(q, "0123456789");
		return v;
	}
	*notation = 1;
	int v = parse_roman(q, len);
	if (v < 0 || isalpha((unsigned char)q[*len]))
		return -1;
	return v;
}

static void set_heading(struct text *t, size_t i, int v)
{
	size_t off, len;
	int nt;
	if (heading_num(t->p[i].s, &off, &len, &nt) < 0)
		return;
	char num[32];
	if (nt == 0)
		snprintf(num, sizeof(num), "%d", v);
	else
		fmt_roman(v, num);
	char *ns = splice(t->p[i].s, off, len, num);
	text_set(t, i, ns);
	free(ns);
}

static int plant_chapter(struct plan *pl, int shape)
{
	struct text *t = pl->t;
	size_t h[4096];
	int v[4096];
	size_t nh = 0;
	for (size_t i = 0; i < t->n && nh < 4096; i++) {
		size_t off, len;
		int nt;
		if (t->p[i].kind != PK_HEAD)
			continue;
		if (!strncmp(t->p[i].s, "VOLUME", 6) || strcasestr(t->p[i].s, "part "))
			nh = 0; /* numbering restarts: use the last run */
		int x = heading_num(t->p[i].s, &off, &len, &nt);
		if (x >= 0) {
			h[nh] = i;
			v[nh++] = x;
		}
	}
	if (nh < 4)
		return -1;
	size_t k = 1 + rn(nh - 2); /* not the first or the last */
	struct defect *d = add_defect(pl, D_CHAPTER, shape, SP_CHAPTER_NEAR);
	size_t at = h[k];
	switch (shape % 5) {
	case 0: /* skipped: every later number one higher */
		for (size_t j = k; j < nh; j++)
			set_heading(t, h[j], v[j] + 1);
		snprintf(d->desc, sizeof(d->desc), "skip after %d", v[k - 1]);
		break;
	case 1: /* repeated */
		set_heading(t, h[k], v[k - 1]);
		snprintf(d->desc, sizeof(d->desc), "repeat %d", v[k - 1]);
		break;
	case 2: /* two swapped */
		set_heading(t, h[k], v[k + 1]);
		set_heading(t, h[k + 1], v[k]);
		snprintf(d->desc, sizeof(d->desc), "swap %d and %d", v[k], v[k + 1]);
		break;
	case 3: /* a heading dropped (two chapters run together) */
		text_set(t, h[k], "* * *");
		t->p[h[k]].kind = PK_BREAK;
		at = h[k + 1];
		snprintf(d->desc, sizeof(d->desc), "heading %d removed", v[k]);
		break;
	case 4: /* a wrong number */
		set_heading(t, h[k], v[k] + 10);
		snprintf(d->desc, sizeof(d->desc), "%d written as %d", v[k], v[k] + 10);
		break;
	}
	const char *s = t->p[at].s;
	size_t o = 0;
	while (s[o] == '#' || s[o] == ' ')
		o++;
	locate(pl, d, at, o, strlen(s) - o);
	return 0;
}

static int plant_voice(struct plan *pl, const struct text *other)
{
	struct text *t = pl->t;
	/* the chapter nearest the middle with at least 1,500 words */
	size_t best = 0, best_end = 0;
	for (size_t i = 0; i < t->n; i++) {
		if (t->p[i].kind != PK_HEAD)
			continue;
		size_t j = i + 1, w = 0;
		while (j < t->n && t->p[j].kind != PK_HEAD)
			w += count_words(t->p[j++].s);
		if (w >= 1500 && (!best || (i > best && i < t->n / 2 + t->n / 8))) {
			best = i;
			best_end = j;
		}
	}
	if (!best || !other || other->n < 50)
		return -1;
	size_t w = 0;
	for (size_t j = best + 1; j < best_end; j++)
		w += count_words(t->p[j].s);
	/* paragraphs of the other text, from a random place, about as many words */
	size_t from = rn(other->n / 2), got = 0;
	struct text *c = t;
	for (size_t j = best_end; j-- > best + 1;) {
		c->words -= count_words(c->p[j].s);
		free(c->p[j].s);
		memmove(&c->p[j], &c->p[j + 1], (c->n - j - 1) * sizeof(*c->p));
		c->n--;
	}
	size_t at = best + 1, first = at;
	for (size_t j = from; j < other->n && got < w; j++) {
		int k = other->p[j].kind;
		if (k != PK_NARR && k != PK_DIALOGUE)
			continue;
		text_insert(c, at++, other->p[j].s, k);
		got += count_words(other->p[j].s);
	}
	struct defect *d = add_defect(pl, D_VOICE, 0, SP_CHAPTER);
	snprintf(d->desc, sizeof(d->desc), "chapter at paragraph %zu replaced by %zu words of %s", best, got,
		 other->label);
	locate(pl, d, first, 0, 40);
	return 0;
}

/* ---- running the analyzers ----------------------------------------- */

struct run {
	struct sm_doc *doc;
	struct sm_findings f;
	struct sm_book book;
	struct sm_config cfg;
};

static struct lm *model;

static int run_file(const char *path, struct run *r, bool use_lm)
{
	struct sm_err err;
	sm_err_clear(&err);
	memset(r, 0, sizeof(*r));
	config_init(&r->cfg);
	r->cfg.all_rules = true; /* the opt-in checks are evaluated too (voice drift) */
	if (!model || !use_lm)
		r->cfg.no_model = true;
	if (ingest_file(path, &r->doc, &err) != SM_OK || seg_document(r->doc, &err) != SM_OK) {
		fprintf(stderr, "eval: %s: %s\n", path, err.msg);
		doc_free(r->doc);
		config_release(&r->cfg);
		return -1;
	}
	r->book.docs = &r->doc;
	r->book.n_docs = 1;
	r->book.cfg = &r->cfg;
	r->book.lm = use_lm ? model : NULL;
	findings_init(&r->f);
	if (checks_run(&r->book, &r->f, &err) != SM_OK)
		fprintf(stderr, "eval: %s: %s\n", path, err.msg);
	return 0;
}

static void run_release(struct run *r)
{
	findings_release(&r->f);
	book_release_warnings(&r->book);
	book_release_scores(&r->book);
	cons_book_release(&r->book);
	doc_free(r->doc);
	config_release(&r->cfg);
}

static uint32_t block_at(const struct sm_doc *doc, uint32_t off)
{
	size_t lo = 0, hi = doc->n_blocks;
	while (lo + 1 < hi) {
		size_t mid = (lo + hi) / 2;
		if (doc->blocks[mid].off <= off)
			lo = mid;
		else
			hi = mid;
	}
	return (uint32_t)lo;
}

/* Block of the occ-th occurrence of needle in doc->text; -1 when absent. */
static long find_block(const struct sm_doc *doc, const char *needle, int occ)
{
	size_t nl = strlen(needle);
	if (!nl)
		return -1;
	const char *q = doc->text, *end = doc->text + doc->len;
	int n = 0;
	while ((q = memmem(q, (size_t)(end - q), needle, nl))) {
		if (n++ == occ)
			return block_at(doc, (uint32_t)(q - doc->text));
		q++;
	}
	return -1;
}

static bool rule_is(const char *rule, int type)
{
	for (int k = 0; k < 3 && type_rules[type][k]; k++)
		if (!strcmp(rule, type_rules[type][k]))
			return true;
	return false;
}

static bool block_match(const struct sm_doc *doc, uint32_t fb, long want, int span)
{
	if (want < 0)
		return false;
	if (span == SP_BLOCK)
		return fb == (uint32_t)want;
	long cf = (long)doc->blocks[fb].chapter, cw = (long)doc->blocks[want].chapter;
	if (span == SP_CHAPTER)
		return cf == cw;
	return labs(cf - cw) <= 1;
}

/* ---- scores --------------------------------------------------------- */

enum { F_MD, F_DOCX, F_TRACKED, N_FMT };
static const char *const fmt_name[N_FMT] = { "md/txt", "docx", "docx+changes" };

#define MAX_FAM 4
struct score {
	char family[32];
	size_t planted[N_TYPES][N_FMT], found[N_TYPES][N_FMT], lost[N_TYPES][N_FMT];
	size_t shape_planted[N_TYPES][10], shape_found[N_TYPES][10];
	double clean_words[N_FMT];
	size_t fa[N_FMT][6]; /* consistency, language, structure, info-dump, all of the
			      * first three; then the opt-in rules (not in `check`'s output) */
	size_t decoy_leaks;
	size_t n_texts;
};
static struct score fam[MAX_FAM];
static int n_fam;

static struct score *fam_of(const char *name)
{
	for (int i = 0; i < n_fam; i++)
		if (!strcmp(fam[i].family, name))
			return &fam[i];
	if (n_fam == MAX_FAM)
		return &fam[MAX_FAM - 1];
	snprintf(fam[n_fam].family, sizeof(fam[n_fam].family), "%s", name);
	return &fam[n_fam++];
}

/* Families of false alarms: which evaluated rules count. */
static int fa_class(const char *rule)
{
	if (!strncmp(rule, "consistency.", 12))
		return 0;
	if (!strncmp(rule, "language.", 9) || !strcmp(rule, "style.voice-drift"))
		return 1;
	if (!strncmp(rule, "structure.", 10) || !strcmp(rule, "style.doubled-word"))
		return 2;
	if (!strcmp(rule, "pacing.info-dump"))
		return 3;
	return -1;
}

static char tmpdir[256];

static const char *ext_of(const struct text *t, int fmt)
{
	return fmt == F_MD ? (t->md ? "md" : "txt") : "docx";
}

static int write_copy(const struct text *t, int fmt, const char *tag, char *path, size_t cap)
{
	snprintf(path, cap, "%s/%s-%s.%s", tmpdir, t->label, tag, ext_of(t, fmt));
	if (fmt == F_MD)
		return text_write(t, path);
	return text_write_docx(t, path, fmt == F_TRACKED);
}

static void quote_of(const struct sm_doc *doc, const struct sm_finding *f, char *out, size_t cap)
{
	size_t n = f->len < cap - 1 ? f->len : cap - 1;
	memcpy(out, doc->text + f->off, n);
	out[n] = 0;
	for (char *c = out; *c; c++)
		if (*c == '\n')
			*c = ' ';
}

/* Score the planted copy in one format. */
static void score_plan(struct score *sc, const struct plan *pl, int fmt, const char *tag)
{
	char path[512];
	if (write_copy(pl->t, fmt, tag, path, sizeof(path))) {
		fprintf(stderr, "eval: cannot write %s\n", path);
		return;
	}
	struct run r;
	if (run_file(path, &r, fmt == F_MD))
		return;
	for (size_t i = 0; i < pl->n; i++) {
		const struct defect *d = &pl->d[i];
		long want[2] = { -1, -1 };
		for (int k = 0; k < d->n_needle; k++)
			want[k] = find_block(r.doc, d->needle[k], d->occ[k]);
		sc->planted[d->type][fmt]++;
		if (fmt == F_MD)
			sc->shape_planted[d->type][d->shape % 10]++;
		if (want[0] < 0 && want[1] < 0) {
			sc->lost[d->type][fmt]++;
			if (verbose)
				printf("  lost   %-20s %s [%s] needle \"%s\"\n", type_name[d->type], pl->t->label,
				       fmt_name[fmt], d->needle[0]);
			continue;
		}
		bool hit = false;
		for (size_t j = 0; j < r.f.n && !hit; j++) {
			const struct sm_finding *f = &r.f.v[j];
			if (!rule_is(f->rule, d->type))
				continue;
			for (int k = 0; k < d->n_needle; k++) {
				if (block_match(r.doc, f->block, want[k], d->span))
					hit = true;
				for (uint32_t m = 0; m < f->n_rel; m++)
					if (block_match(r.doc, f->rel[m].block, want[k], d->span))
						hit = true;
			}
		}
		if (hit) {
			sc->found[d->type][fmt]++;
			if (fmt == F_MD)
				sc->shape_found[d->type][d->shape % 10]++;
		} else if (verbose) {
			printf("  missed %-20s %s [%s] shape %d: %s\n", type_name[d->type], pl->t->label,
			       fmt_name[fmt], d->shape, d->desc);
		}
	}
	/* deleted text and comments never reach the text or a finding */
	if (fmt == F_TRACKED)
		for (int k = 0; k < N_DECOYS; k++)
			if (memmem(r.doc->text, r.doc->len, decoys[k], strlen(decoys[k])))
				sc->decoy_leaks++;
	run_release(&r);
}

static void score_clean(struct score *sc, const struct text *t, int fmt)
{
	char path[512];
	if (write_copy(t, fmt, "clean", path, sizeof(path)))
		return;
	struct run r;
	if (run_file(path, &r, fmt == F_MD))
		return;
	sc->clean_words[fmt] += r.doc->n_words;
	for (size_t j = 0; j < r.f.n; j++) {
		const struct sm_finding *f = &r.f.v[j];
		int c = fa_class(f->rule);
		if (c < 0)
			continue;
		/* the opt-in rules run (voice drift is a planted type) but are no
		 * part of what `check` prints: counted apart */
		if (catalog_opt_in(f->rule)) {
			sc->fa[fmt][5]++;
			if (c == 3) /* its own row: the planted type it is evaluated for */
				sc->fa[fmt][3]++;
			continue;
		}
		sc->fa[fmt][c]++;
		if (c != 3)
			sc->fa[fmt][4]++;
		if (verbose && fmt == F_MD) {
			char q[90];
			quote_of(r.doc, f, q, sizeof(q));
			printf("  false  %-32s %s: %s \"%s\"\n", f->rule, t->label, f->message, q);
		}
	}
	if (fmt == F_TRACKED)
		for (int k = 0; k < N_DECOYS; k++)
			if (memmem(r.doc->text, r.doc->len, decoys[k], strlen(decoys[k])))
				sc->decoy_leaks++;
	run_release(&r);
}

/* ---- main ----------------------------------------------------------- */

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void plan_free(struct plan *pl)
{
	text_free(pl->t);
	free(pl->d);
}

/* The copy with local defects: every type but chapter numbering and voice. */
static void plan_local(struct plan *pl, const struct text *clean)
{
	memset(pl, 0, sizeof(*pl));
	pl->t = text_copy(clean);
	pl->t->vocab = clean->vocab; /* borrowed */
	pl->t->n_vocab = clean->n_vocab;
	int per = (int)(clean->words / 6000);
	per = per < 2 ? 2 : per > 10 ? 10 : per;
	size_t used[64];
	size_t n_used = 0;
	for (int i = 0; i < per; i++) {
		plant_typo(pl, i % 8);
		plant_doubled(pl, i % 9);
		plant_name(pl, i % 8);
		if (n_used < 64 && plant_spelling(pl, i, used, n_used) == 0)
			n_used++;
		plant_punct(pl, i % 6);
		plant_attr(pl, i);
		const struct name *nm = pick_name(pl->t);
		if (nm) {
			const char *const *tp = clean->first ? tpl_pov_third : tpl_pov_first;
			char *s = render(tp[(size_t)i % 8], nm, clean->present, NULL, NULL);
			plant_insert(pl, D_POV, i % 8, s, PK_NARR);
			free(s);
			s = render(tpl_tense[(size_t)i % NA(tpl_tense)], nm, !clean->present, NULL, NULL);
			plant_insert(pl, D_TENSE, i % (int)NA(tpl_tense), s, PK_NARR);
			free(s);
		}
		char *s = render(tpl_dump[(size_t)i % NA(tpl_dump)], nm, clean->present, NULL, NULL);
		plant_insert(pl, D_DUMP, i % (int)NA(tpl_dump), s, PK_DIALOGUE);
		free(s);
	}
}

static void usage(void)
{
	fputs("usage: eval [-v] [--keep] [--no-model] [--seed N] [--formats md,docx,tracked] FAMILY:FILE...\n",
	      stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	uint64_t seed = 1;
	bool use_model = true, keep = false, fmts[N_FMT] = { true, true, true };
	int ai = 1;
	for (; ai < argc && argv[ai][0] == '-'; ai++) {
		if (!strcmp(argv[ai], "-v"))
			verbose = 1;
		else if (!strcmp(argv[ai], "--keep"))
			keep = true; /* leave the planted copies in the temporary folder */
		else if (!strcmp(argv[ai], "--no-model"))
			use_model = false;
		else if (!strcmp(argv[ai], "--seed") && ai + 1 < argc)
			seed = strtoull(argv[++ai], NULL, 10);
		else if (!strcmp(argv[ai], "--formats") && ai + 1 < argc) {
			const char *f = argv[++ai];
			fmts[F_MD] = strstr(f, "md") != NULL;
			fmts[F_DOCX] = strstr(f, "docx") != NULL;
			fmts[F_TRACKED] = strstr(f, "tracked") != NULL;
		} else
			usage();
	}
	if (ai >= argc)
		usage();
	setvbuf(stdout, NULL, _IOLBF, 0);
	double t0 = now();
	hun_us = Hunspell_create("/usr/share/hunspell/en_US.aff", "/usr/share/hunspell/en_US.dic");
	hun_gb = Hunspell_create("/usr/share/hunspell/en_GB.aff", "/usr/share/hunspell/en_GB.dic");
	load_pairs();
	struct sm_err err;
	if (use_model && lm_load_default(&model, &err) != SM_OK) {
		fprintf(stderr, "eval: no model: %s (the model's checks are skipped)\n", err.msg);
		model = NULL;
	}
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/sm-eval-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("eval: mkdtemp");
		return 2;
	}
	size_t nt = (size_t)(argc - ai);
	struct text **texts = calloc(nt, sizeof(*texts));
	for (size_t i = 0; i < nt; i++) {
		char *arg = argv[ai + (int)i], *colon = strchr(arg, ':');
		if (!colon)
			usage();
		*colon = 0;
		texts[i] = text_load(colon + 1, arg);
		if (texts[i])
			text_analyze(texts[i]);
	}
	printf("== storymaster eval: seed %llu, model %s, %zu texts, tmp %s\n", (unsigned long long)seed,
	       model ? "on for md/txt copies (DOCX copies without it, to keep the run short)" : "off",
	       nt, tmpdir);
	for (size_t i = 0; i < nt; i++) {
		struct text *t = texts[i];
		if (!t)
			continue;
		struct score *sc = fam_of(t->family);
		sc->n_texts++;
		rng_s = seed * 0x9e3779b97f4a7c15ULL;
		for (const char *c = t->label; *c; c++)
			rng_s = rng_s * 31 + (unsigned char)*c;
		if (verbose)
			printf("-- %s (%s): %zu words, %zu paragraphs, %s, %s person, %s quotes; names:",
			       t->label, t->family, t->words, t->n, t->present ? "present" : "past",
			       t->first ? "first" : "third", t->curly ? "curly" : "straight");
		for (int k = 0; verbose && k < t->n_names && k < 8; k++)
			printf(" %s(%d/%d%s)", t->names[k].w, t->names[k].n, t->names[k].n_say,
			       t->names[k].gender == 1 ? "f" : t->names[k].gender == 2 ? "m" : "");
		if (verbose)
			printf("\n");
		for (int f = 0; f < N_FMT; f++)
			if (fmts[f])
				score_clean(sc, t, f);
		struct plan pl;
		plan_local(&pl, t);
		for (int f = 0; f < N_FMT; f++)
			if (fmts[f])
				score_plan(sc, &pl, f, "planted");
		pl.t->vocab = NULL;
		pl.t->n_vocab = 0;
		plan_free(&pl);
		/* chapter numbering: one copy per shape group */
		for (int s = 0; s < 2; s++) {
			memset(&pl, 0, sizeof(pl));
			pl.t = text_copy(t);
			if (plant_chapter(&pl, (int)((i * 2 + (size_t)s) % 5)) == 0)
				score_plan(sc, &pl, F_MD, "chapter");
			plan_free(&pl);
		}
		/* voice drift: a chapter of another family's text */
		if (model) {
			const struct text *other = NULL;
			for (size_t j = 0; j < nt; j++)
				if (texts[j] && strcmp(texts[j]->family, t->family) &&
				    (!other || texts[j]->words > other->words))
					other = texts[j];
			memset(&pl, 0, sizeof(pl));
			pl.t = text_copy(t);
			if (plant_voice(&pl, other) == 0)
				score_plan(sc, &pl, F_MD, "voice");
			plan_free(&pl);
		}
		fprintf(stderr, "eval: %s done (%.0f s)\n", t->label, now() - t0);
	}
	/* report */
	for (int fi = 0; fi < n_fam; fi++) {
		struct score *sc = &fam[fi];
		printf("\n-- family %s: %zu texts, %.0f words (clean copy)\n", sc->family, sc->n_texts,
		       sc->clean_words[F_MD]);
		printf("%-20s", "recall");
		for (int f = 0; f < N_FMT; f++)
			if (fmts[f])
				printf(" %16s", fmt_name[f]);
		printf("   shapes found/planted (md/txt)\n");
		for (int ty = 0; ty < N_TYPES; ty++) {
			size_t any = 0;
			for (int f = 0; f < N_FMT; f++)
				any += sc->planted[ty][f];
			if (!any)
				continue;
			/* a type found by an opt-in rule: not in `check`'s default output */
			char nm[40];
			snprintf(nm, sizeof(nm), "%s%s", type_name[ty],
				 catalog_opt_in(type_rules[ty][0]) ? " (opt-in)" : "");
			printf("%-20s", nm);
			for (int f = 0; f < N_FMT; f++) {
				if (!fmts[f])
					continue;
				size_t p = sc->planted[ty][f] - sc->lost[ty][f];
				if (!sc->planted[ty][f])
					printf(" %16s", "-");
				else
					printf("   %3zu/%3zu %4.0f %%", sc->found[ty][f], p,
					       p ? 100.0 * (double)sc->found[ty][f] / (double)p : 0.0);
			}
			printf("  ");
			for (int s = 0; s < 10; s++)
				if (sc->shape_planted[ty][s])
					printf(" %zu/%zu", sc->shape_found[ty][s], sc->shape_planted[ty][s]);
			size_t lost = 0;
			for (int f = 0; f < N_FMT; f++)
				lost += sc->lost[ty][f];
			if (lost)
				printf("  (%zu not located)", lost);
			printf("\n");
		}
		printf("%-20s", "false alarms /10k");
		for (int f = 0; f < N_FMT; f++)
			if (fmts[f])
				printf(" %16s", fmt_name[f]);
		printf("\n");
		static const char *const cls[6] = { "consistency", "language", "structure", "info-dump",
						    "cons+lang+struct", "opt-in rules" };
		for (int c = 0; c < 6; c++) {
			printf("%-20s", cls[c]);
			for (int f = 0; f < N_FMT; f++)
				if (fmts[f])
					printf(" %10zu %5.2f", sc->fa[f][c],
					       sc->clean_words[f] ? 1e4 * (double)sc->fa[f][c] / sc->clean_words[f] : 0.0);
			printf("\n");
		}
		if (fmts[F_TRACKED])
			printf("decoys from deleted text or comments that reached the text: %zu\n", sc->decoy_leaks);
	}
	printf("\ntime: %.1f s\n", now() - t0);
	for (size_t i = 0; i < nt; i++)
		text_free(texts[i]);
	free(texts);
	free(pairs);
	lm_free(model);
	if (hun_us)
		Hunspell_destroy(hun_us);
	if (hun_gb)
		Hunspell_destroy(hun_gb);
	if (keep) {
		printf("planted copies kept in %s\n", tmpdir);
		return 0;
	}
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "eval: could not remove %s\n", tmpdir);
	return 0;
}
