/* facts.c: the fact ledger (eye colour, hair colour, age per character) and
 * consistency.character-attribute (stage 3). Facts come from the narration
 * only (never dialogue or quoted letters): "Emma's grey eyes", "Emma had grey
 * eyes", "Emma, whose eyes were grey", "her grey eyes" (the pronoun is the
 * most recent named character of that gender), "grey-eyed", and ages such as
 * "Harriet was seventeen" or "Harriet, aged 17". */
#include "checks/consistency/consistency_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Colour words and the group each belongs to: two values contradict when
 * their groups differ and neither is vague ("dark" fits brown and black). */
static const struct { const char *w; const char *norm; int group; } colours[] = {
	{ "blue", "blue", 1 },     { "green", "green", 2 },   { "grey", "grey", 3 },
	{ "gray", "grey", 3 },     { "brown", "brown", 4 },   { "hazel", "hazel", 5 },
	{ "black", "black", 6 },   { "amber", "amber", 7 },   { "violet", "violet", 8 },
	{ "dark", "dark", 20 },    { "light", "light", 21 },  { "fair", "fair", 9 },
	{ "blond", "fair", 9 },    { "blonde", "fair", 9 },   { "golden", "fair", 9 },
	{ "flaxen", "fair", 9 },   { "red", "red", 10 },      { "ginger", "red", 10 },
	{ "auburn", "auburn", 11 }, { "chestnut", "brown", 4 }, { "white", "white", 12 },
	{ "silver", "white", 12 },
};

static int colour_of(const char *w)
{
	for (size_t i = 0; i < SM_ARRAY_LEN(colours); i++)
		if (!strcmp(colours[i].w, w))
			return (int)i;
	return -1;
}

/* True when the two normalized values cannot describe the same thing. */
static bool contradict(enum cons_attr a, const char *x, const char *y)
{
	if (!strcmp(x, y))
		return false;
	int gx = -1, gy = -1;
	for (size_t i = 0; i < SM_ARRAY_LEN(colours); i++) {
		if (!strcmp(colours[i].norm, x))
			gx = colours[i].group;
		if (!strcmp(colours[i].norm, y))
			gy = colours[i].group;
	}
	if (gx < 0 || gy < 0 || gx == gy)
		return false;
	/* hair greys and whitens: grey and white (silver) hair are one state */
	if (a == CONS_ATTR_HAIR && ((gx == 3 && gy == 12) || (gx == 12 && gy == 3)))
		return false;
	/* vague words: dark fits brown/black/hazel (and dark hair auburn);
	 * light fits blue/grey/green (fair for hair) */
	int v = gx >= 20 ? gx : gy >= 20 ? gy : 0, o = gx >= 20 ? gy : gx;
	if (v == 20)
		return !(o == 4 || o == 5 || o == 6 || (a == CONS_ATTR_HAIR && o == 11) || o == 20);
	if (v == 21)
		return !(o == 1 || o == 2 || o == 3 || o == 9 || o == 21);
	return true;
}

/* Number word or digits at word i ("seventeen", "twenty-three", "17");
 * *next receives the index after it. Returns -1 when none. */
static int age_at(const struct cbook *cb, const struct cdoc *d, size_t i, size_t *next)
{
	static const char *const units[] = { "zero", "one", "two", "three", "four", "five", "six",
					     "seven", "eight", "nine", "ten", "eleven", "twelve",
					     "thirteen", "fourteen", "fifteen", "sixteen",
					     "seventeen", "eighteen", "nineteen" };
	static const char *const tens[] = { "", "", "twenty", "thirty", "forty", "fifty", "sixty",
					    "seventy", "eighty", "ninety" };
	if (i >= d->n)
		return -1;
	const char *w = cbook_str(cb, d->w[i].id);
	*next = i + 1;
	if (w[0] >= '0' && w[0] <= '9') {
		int v = atoi(w);
		return strlen(w) <= 3 && v > 0 && v < 130 ? v : -1;
	}
	for (int u = 1; u < 20; u++)
		if (!strcmp(w, units[u]))
			return u;
	for (int t = 2; t < 10; t++) {
		if (strcmp(w, tens[t]))
			continue;
		if ((d->w[i].fl & CW_HYNEXT) && i + 1 < d->n) {
			const char *u2 = cbook_str(cb, d->w[i + 1].id);
			for (int u = 1; u < 10; u++)
				if (!strcmp(u2, units[u])) {
					*next = i + 2;
					return t * 10 + u;
				}
		}
		return t * 10;
	}
	return -1;
}

struct fstate {
	struct cbook *cb;
	struct cons_registry *reg;
	size_t mi;                 /* next mention */
	int32_t last[3];           /* most recent character per gender, -1 none */
	size_t last_at[3];         /* word index of that mention */
	int32_t prev[3];           /* the one mentioned before it (another character), -1 none */
	size_t prev_at[3];
	const struct cdoc *cur_d;  /* the document and word being read */
	size_t cur_i;
	size_t cap_facts;          /* allocated reg->facts */
	int32_t *mention_at;       /* per word of the current doc: character + 1 at a mention's last word */
};

static void add_fact(struct fstate *fs, uint32_t ch, enum cons_attr a, const char *value,
		     int num, uint32_t doc, const struct cw *x)
{
	struct cons_registry *reg = fs->reg;
	SM_GROW(reg->facts, fs->cap_facts, reg->n_facts + 1);
	struct cons_fact *f = &reg->facts[reg->n_facts++];
	f->character = ch;
	f->attr = a;
	f->value = arena_strdup(&reg->arena, value);
	f->num = num;
	f->at.doc = doc;
	f->at.off = x->off;
	f->at.len = x->len;
	f->at.chapter = cbook_chapter(fs->cb, doc, x->block);
}

static bool word_is(const struct cbook *cb, const struct cdoc *d, size_t i, const char *w)
{
	return i < d->n && !strcmp(cbook_str(cb, d->w[i].id), w);
}

/* The character a his/her of gender g refers to: the most recent mention of
 * that gender, or a more recent one whose gender the registry does not know.
 * Returns character + 1 or 0. */
static uint32_t pronoun_owner(const struct fstate *fs, int g)
{
	int32_t c = fs->last[g];
	if (fs->last[CONS_G_UNKNOWN] >= 0 && (c < 0 || fs->last_at[CONS_G_UNKNOWN] > fs->last_at[g]))
		c = fs->last[CONS_G_UNKNOWN];
	if (c < 0)
		return 0;
	/* two characters who fit, both in this sentence ("Szabo watched Owen with
	 * his pale blue eyes"): whose eyes is a guess, and a wrong guess is a
	 * false contradiction, so no fact */
	const struct cdoc *d = fs->cur_d;
	uint32_t sent = d && fs->cur_i < d->n ? d->w[fs->cur_i].sent : UINT32_MAX;
	const int gs[2] = { g, CONS_G_UNKNOWN };
	for (int q = 0; q < 2 && d; q++) {
		int h = gs[q];
		if (fs->last[h] >= 0 && fs->last[h] != c && d->w[fs->last_at[h]].sent == sent)
			return 0;
		if (fs->prev[h] >= 0 && fs->prev[h] != c && d->w[fs->prev_at[h]].sent == sent)
			return 0;
	}
	return (uint32_t)c + 1;
}

/* Owner of the noun phrase ending before index s (exclusive), looking back
 * over at most two adjectives: a name's possessive, his/her, "NAME had",
 * "NAME, whose". Returns character + 1 or 0. */
static uint32_t owner_before(struct fstate *fs, const struct cdoc *d, size_t s)
{
	const struct cbook *cb = fs->cb;
	for (size_t back = 0; back < 3 && s > back; back++) {
		size_t k = s - 1 - back;
		const struct cw *x = &d->w[k];
		if (x->fl & (CW_DLG | CW_PUNCT))
			return 0;
		if (x->fl & CW_POSS)
			return fs->mention_at[k] > 0 ? (uint32_t)fs->mention_at[k] : 0;
		const char *w = cbook_str(cb, x->id);
		if (!strcmp(w, "her") || !strcmp(w, "his")) {
			int g = w[0] == 'h' && w[1] == 'e' ? CONS_G_FEMALE : CONS_G_MALE;
			return pronoun_owner(fs, g);
		}
		/* "Martha, grey-eyed and silent": an apposition to the name */
		if (back == 0 && (x->fl & CW_COMMA) && fs->mention_at[k] > 0)
			return (uint32_t)fs->mention_at[k];
		if ((!strcmp(w, "had") || !strcmp(w, "has")) && k > 0) {
			if (fs->mention_at[k - 1] > 0)
				return (uint32_t)fs->mention_at[k - 1];
			const char *p = cbook_str(cb, d->w[k - 1].id);
			if (!strcmp(p, "she"))
				return pronoun_owner(fs, CONS_G_FEMALE);
			if (!strcmp(p, "he"))
				return pronoun_owner(fs, CONS_G_MALE);
			return 0;
		}
		if (!strcmp(w, "whose") && k > 0 && (d->w[k - 1].fl & CW_COMMA))
			return fs->mention_at[k - 1] > 0 ? (uint32_t)fs->mention_at[k - 1] : 0;
		/* an adjective: lower case, not a verb-like function word */
		if ((x->fl & CW_CAP) || !strcmp(w, "the") || !strcmp(w, "a") || !strcmp(w, "and") ||
		    !strcmp(w, "of") || !strcmp(w, "with") || !strcmp(w, "were") || !strcmp(w, "was"))
			return 0;
	}
	return 0;
}

static bool word_in(const struct cbook *cb, const struct cdoc *d, size_t i,
		    const char *const *list, size_t n)
{
	if (i >= d->n)
		return false;
	const char *w = cbook_str(cb, d->w[i].id);
	for (size_t k = 0; k < n; k++)
		if (!strcmp(w, list[k]))
			return true;
	return false;
}

static const char *const determiners[] = { "a", "an", "the", "her", "his", "their", "my",
					   "your", "its", "our", "whose" };
/* Words that end a noun phrase's modifiers or are not adjectives. */
static const char *const np_stop[] = { "and", "or", "of", "with", "was", "were", "is", "are",
				       "had", "has", "to", "in", "on", "at", "by", "for", "from",
				       "as", "but", "that", "which", "who", "not", "than", "then" };
static const char *const linking[] = { "was", "were", "is", "are", "looked", "look", "looks",
				       "seemed", "seem", "seems", "remained", "stayed", "had been",
				       "turned" };
static const char *const times[] = { "that", "this", "when", "then", "now", "and", "but",
				     "last", "next" };

/* The character whose mention ends at word j, or 0 (character + 1). */
static uint32_t mention_end(const struct fstate *fs, const struct cdoc *d, size_t j)
{
	return j < d->n && fs->mention_at[j] > 0 ? (uint32_t)fs->mention_at[j] : 0;
}

/* The first character named in the sentence of word i, when the sentence
 * starts with that name and no other noun phrase ("a girl", "the man")
 * comes between it and word i: the subject that "with eyes of a pale grey"
 * describes. */
static uint32_t sentence_subject(const struct fstate *fs, const struct cdoc *d, size_t i)
{
	size_t s = i;
	while (s > 0 && d->w[s - 1].sent == d->w[i].sent)
		s--;
	for (size_t j = s; j < i && j < s + 4; j++) {
		uint32_t c = mention_end(fs, d, j);
		if (!c)
			continue;
		for (size_t q = j + 1; q < i; q++) {
			const char *w = cbook_str(fs->cb, d->w[q].id);
			if (!strcmp(w, "a") || !strcmp(w, "an") || !strcmp(w, "the") ||
			    (d->w[q].fl & CW_POSS) || mention_end(fs, d, q))
				return 0;
		}
		return c;
	}
	return 0;
}

/* Eye or hair colour around the noun at word i (or the -eyed / -haired
 * compound): pre-modifiers ("her long, dark hair", "Martha's clear grey
 * eyes"), a linking verb ("eyes were a clear grey", "was a deep, startling
 * green"), an apposition ("eyes, a deep green, ..."), "eyes of a pale grey",
 * "grey-eyed". The owner is a possessive, his/her (resolved to the latest
 * character), "NAME had", "NAME, whose", the name a compound describes, or
 * the sentence's subject for "with eyes of ...". */
static void colour_fact(struct fstate *fs, const struct cdoc *d, uint32_t k, size_t i,
			enum cons_attr a, bool compound)
{
	const struct cbook *cb = fs->cb;
	const struct cw *x = &d->w[i];
	int col = -1;
	size_t cw_i = i, start = i;
	uint32_t owner = 0;
	if (compound) {
		if (i == 0 || !(d->w[i - 1].fl & CW_HYNEXT))
			return;
		col = colour_of(cbook_str(cb, d->w[i - 1].id));
		cw_i = start = i - 1;
		if (col < 0)
			return;
		if (start >= 1 && (d->w[start - 1].fl & CW_HYNEXT))
			start--; /* "dark-brown-eyed" */
		owner = owner_before(fs, d, start);
		if (!owner && !(x->fl & CW_PUNCT)) /* "the grey-eyed Martha" */
			owner = mention_end(fs, d, i + 1) ? mention_end(fs, d, i + 1)
							  : mention_end(fs, d, i + 2);
		if (!owner)
			owner = sentence_subject(fs, d, start);
		goto found;
	}
	/* before the noun: up to four modifiers after a determiner */
	for (size_t back = 1; back <= 4 && back <= i; back++) {
		const struct cw *y = &d->w[i - back];
		if ((y->fl & (CW_DLG | CW_HEAD)) || ((y->fl & CW_PUNCT) && !(y->fl & CW_COMMA)))
			break;
		if (y->fl & CW_POSS) {
			start = i - back + 1;
			break;
		}
		const char *w = cbook_str(cb, y->id);
		int c = colour_of(w);
		if (c >= 0 && col < 0) {
			col = c;
			cw_i = i - back;
		}
		if (word_in(cb, d, i - back, determiners, SM_ARRAY_LEN(determiners))) {
			start = i - back + 1;
			break;
		}
		if ((y->fl & CW_CAP) || word_in(cb, d, i - back, np_stop, SM_ARRAY_LEN(np_stop)))
			break;
		start = i - back;
	}
	if (col >= 0) {
		if (start >= 1 && (d->w[start - 1].fl & CW_HYNEXT))
			start--;
		owner = owner_before(fs, d, start);
		if (!owner && start >= 1 && word_is(cb, d, start - 1, "with"))
			owner = sentence_subject(fs, d, i);
		goto found;
	}
	/* after the noun */
	if ((x->fl & CW_PUNCT) && !(x->fl & CW_COMMA))
		return;
	size_t j = i + 1;
	bool appos = (x->fl & CW_COMMA) != 0;
	if (!appos) {
		if (word_in(cb, d, j, linking, SM_ARRAY_LEN(linking)))
			j++;
		else if (word_is(cb, d, j, "of"))
			j++;
		else if (!(word_is(cb, d, j, "the") && j + 2 < d->n && word_is(cb, d, j + 2, "of")))
			return; /* "eyes the grey of the sea" goes on below */
	}
	for (size_t n = 0; j < d->n && n < 5; n++, j++) {
		const struct cw *y = &d->w[j];
		if ((y->fl & (CW_DLG | CW_HEAD)) || y->block != x->block)
			return;
		const char *w = cbook_str(cb, y->id);
		int c = colour_of(w);
		if (c >= 0) {
			/* "grey" must end the phrase: not "as grey as", "red with" */
			if (!(y->fl & CW_PUNCT) && j + 1 < d->n &&
			    (word_is(cb, d, j + 1, "as") || word_is(cb, d, j + 1, "with") ||
			     word_is(cb, d, j + 1, "from")))
				return;
			if (y->fl & CW_HYNEXT)
				continue; /* "blue-grey": the last colour */
			col = c;
			cw_i = j;
			break;
		}
		if ((y->fl & CW_CAP) || word_in(cb, d, j, np_stop, SM_ARRAY_LEN(np_stop)) ||
		    ((y->fl & CW_PUNCT) && !(y->fl & CW_COMMA)))
			return;
	}
	if (col < 0)
		return;
	owner = owner_before(fs, d, i);
	if (!owner && i >= 1 && word_is(cb, d, i - 1, "with"))
		owner = sentence_subject(fs, d, i);
found:
	if (!owner)
		return;
	add_fact(fs, owner - 1, a, colours[col].norm, 0, k, &d->w[cw_i]);
}

/* A stated age at the mention ending at word i: "NAME was AGE [years old]",
 * "NAME is AGE that year", "NAME, AGE,", "NAME, aged AGE", "NAME, who was
 * AGE", "NAME had just turned AGE", "NAME was a woman of AGE", "At AGE,
 * NAME", "the AGE-year-old NAME". */
static void age_fact(struct fstate *fs, const struct cdoc *d, uint32_t k, size_t i)
{
	const struct cbook *cb = fs->cb;
	const struct cw *x = &d->w[i];
	uint32_t who = mention_end(fs, d, i);
	size_t a = SIZE_MAX, nx = 0;
	int age = -1;
	if (who && !(x->fl & CW_POSS)) {
		size_t j = i + 1;
		if (x->fl & CW_COMMA) {
			if (word_is(cb, d, j, "aged"))
				a = j + 1;
			else if (word_is(cb, d, j, "who") &&
				 (word_is(cb, d, j + 1, "was") || word_is(cb, d, j + 1, "is")))
				a = j + 2;
			else
				a = j; /* "Martha, thirty-two, ..." */
		} else if (!(x->fl & CW_PUNCT)) {
			if (word_is(cb, d, j, "had") || word_is(cb, d, j, "has"))
				j++;
			if (word_is(cb, d, j, "just"))
				j++;
			if (word_is(cb, d, j, "turned") || word_is(cb, d, j, "turns"))
				a = j + 1;
			else if (word_is(cb, d, j, "was") || word_is(cb, d, j, "is")) {
				a = j + 1;
				/* "a woman of thirty" */
				static const char *const persons[] = { "woman", "man", "girl", "boy",
								       "lady", "gentleman", "child",
								       "youth", "widow", "widower" };
				if ((word_is(cb, d, a, "a") || word_is(cb, d, a, "an")) &&
				    word_in(cb, d, a + 1, persons, SM_ARRAY_LEN(persons)) &&
				    word_is(cb, d, a + 2, "of"))
					a += 3;
			}
		}
		if (a != SIZE_MAX)
			age = age_at(cb, d, a, &nx);
		if (age > 0) {
			const struct cw *last = &d->w[nx - 1];
			bool end = (last->fl & CW_PUNCT) ||
				   (word_is(cb, d, nx, "years") && word_is(cb, d, nx + 1, "old")) ||
				   (word_is(cb, d, nx, "years") && word_is(cb, d, nx + 1, "of") &&
				    word_is(cb, d, nx + 2, "age")) ||
				   word_in(cb, d, nx, times, SM_ARRAY_LEN(times));
			/* "Martha, two of the men": a bare number after a comma must
			 * stand alone; "Martha was one of them" is not an age */
			if ((x->fl & CW_COMMA) && a == i + 1 && !(last->fl & CW_COMMA))
				end = false;
			if (!end || (last->fl & CW_DLG) || (last->fl & CW_HYNEXT))
				age = -1;
		}
	}
	/* "At forty, Martha ...": ages in words from thirteen (not clock hours) */
	if (age <= 0 && word_is(cb, d, i, "at") && (x->fl & (CW_SSTART)) && i + 2 < d->n) {
		const char *w = cbook_str(cb, d->w[i + 1].id);
		int v = (w[0] >= '0' && w[0] <= '9') ? -1 : age_at(cb, d, i + 1, &nx);
		if (v >= 13 && (d->w[nx - 1].fl & CW_COMMA) && (who = mention_end(fs, d, nx))) {
			a = i + 1;
			age = v;
		}
	}
	/* "the thirty-year-old Martha" */
	if (age <= 0 && i + 3 < d->n && (x->fl & CW_HYNEXT) &&
	    (i == 0 || !(d->w[i - 1].fl & CW_HYNEXT))) {
		int v = age_at(cb, d, i, &nx);
		if (v > 0 && word_is(cb, d, nx, "year") && (d->w[nx].fl & CW_HYNEXT) &&
		    word_is(cb, d, nx + 1, "old") && (who = mention_end(fs, d, nx + 2))) {
			a = i;
			age = v;
			nx = nx + 2;
		}
	}
	if (age <= 0 || !who || a == SIZE_MAX)
		return;
	char v[16];
	snprintf(v, sizeof(v), "%d", age);
	struct cw span = d->w[a];
	const struct cw *last = &d->w[nx - 1];
	span.len = last->off + last->len - span.off;
	add_fact(fs, who - 1, CONS_ATTR_AGE, v, age, k, &span);
}

static void scan_doc(struct fstate *fs, uint32_t k)
{
	struct cbook *cb = fs->cb;
	const struct cdoc *d = &cb->d[k];
	struct cons_registry *reg = fs->reg;
	fs->mention_at = xcalloc(d->n + 1, sizeof(int32_t));
	/* mark the last word of each mention */
	size_t wi = 0;
	for (size_t m = fs->mi; m < reg->n_mentions && reg->mentions[m].at.doc == k; m++) {
		uint32_t end = reg->mentions[m].at.off + reg->mentions[m].at.len;
		while (wi < d->n && d->w[wi].off + d->w[wi].len < end)
			wi++;
		if (wi < d->n && d->w[wi].off < end)
			fs->mention_at[wi] = (int32_t)reg->mentions[m].character + 1;
	}
	uint32_t id_eyes = cbook_id(cb, "eyes"), id_hair = cbook_id(cb, "hair");
	uint32_t id_eyed = cbook_id(cb, "eyed"), id_haired = cbook_id(cb, "haired");
	uint32_t chapter = UINT32_MAX;
	for (size_t i = 0; i < d->n; i++) {
		const struct cw *x = &d->w[i];
		uint32_t ch = cbook_chapter(cb, k, x->block);
		if (ch != chapter) {
			chapter = ch;
			fs->last[0] = fs->last[1] = fs->last[2] = -1;
			fs->prev[0] = fs->prev[1] = fs->prev[2] = -1;
		}
		if (fs->mention_at[i] && !(x->fl & CW_DLG)) {
			uint32_t c = (uint32_t)fs->mention_at[i] - 1;
			int g = reg->chars[c].gender;
			if (fs->last[g] >= 0 && fs->last[g] != (int32_t)c) {
				fs->prev[g] = fs->last[g];
				fs->prev_at[g] = fs->last_at[g];
			}
			fs->last[g] = (int32_t)c;
			fs->last_at[g] = i;
		}
		fs->cur_d = d;
		fs->cur_i = i;
		if (x->fl & (CW_DLG | CW_LETTER | CW_HEAD | CW_ITAL))
			continue;
		/* ages, in the shapes writers use (age_fact) */
		age_fact(fs, d, k, i);
		/* eyes and hair */
		if (x->id == id_eyes || x->id == id_eyed)
			colour_fact(fs, d, k, i, CONS_ATTR_EYES, x->id == id_eyed);
		else if (x->id == id_hair || x->id == id_haired)
			colour_fact(fs, d, k, i, CONS_ATTR_HAIR, x->id == id_haired);
	}
	while (fs->mi < reg->n_mentions && reg->mentions[fs->mi].at.doc == k)
		fs->mi++;
	free(fs->mention_at);
	fs->mention_at = NULL;
}

void cons_facts(struct cbook *cb, struct cons_registry *reg)
{
	struct fstate fs;
	memset(&fs, 0, sizeof(fs));
	fs.cb = cb;
	fs.reg = reg;
	fs.last[0] = fs.last[1] = fs.last[2] = -1;
	fs.prev[0] = fs.prev[1] = fs.prev[2] = -1;
	for (uint32_t k = 0; k < cb->n_docs; k++)
		scan_doc(&fs, k);
}

/* consistency.character-attribute: a value that contradicts the first one
 * stated for the same character and attribute. */
void cons_check_attributes(struct cbook *cb, const struct cons_registry *reg,
			   struct sm_findings *out)
{
	for (size_t i = 0; i < reg->n_facts; i++) {
		const struct cons_fact *f = &reg->facts[i];
		if (f->attr == CONS_ATTR_AGE)
			continue;
		for (size_t j = 0; j < i; j++) {
			const struct cons_fact *e = &reg->facts[j];
			if (e->character != f->character || e->attr != f->attr)
				continue;
			if (!contradict(f->attr, e->value, f->value))
				break; /* compare with the first statement only */
			uint32_t n_same = 0;
			for (size_t q = 0; q < i; q++)
				if (reg->facts[q].character == f->character &&
				    reg->facts[q].attr == f->attr && !strcmp(reg->facts[q].value, e->value))
					n_same++;
			char where[160];
			cons_where(cb, e->at.doc, e->at.off, where, sizeof(where));
			const char *name = reg->chars[f->character].name;
			struct sm_finding *x = findings_add(
				out, cb->book, "consistency.character-attribute", SM_SEV_WARNING,
				f->at.doc, f->at.off, f->at.len, e->value,
				"%s's %s are %s here, but %s in %s (stated %u time%s before)", name,
				f->attr == CONS_ATTR_EYES ? "eyes" : "hair", f->value, e->value, where,
				n_same, n_same == 1 ? "" : "s");
			if (x && f->attr == CONS_ATTR_HAIR)
				x->message = arena_printf(&out->arena,
							  "%s's hair is %s here, but %s in %s (stated %u time%s before)",
							  name, f->value, e->value, where, n_same,
							  n_same == 1 ? "" : "s");
			findings_relate(out, x, e->at.doc, e->at.off, e->at.len, cb->book);
			break;
		}
	}
}
