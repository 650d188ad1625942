/* characters.c: the character registry (stage 3, consistency). Proper names
 * are capitalized words that are rarely or never written in lower case and
 * occur capitalized inside sentences; mentions are runs of up to three such
 * words, optionally after an honorific. Mentions are keyed as full names
 * ("Emma Woodhouse"), honorific + name ("Miss Woodhouse") and bare names
 * ("Emma"), and the keys are clustered into characters:
 *   - an honorific + first name joins the full name with that first name;
 *   - an honorific + surname joins the only full name with that surname whose
 *     gender fits, unless it is far more frequent (then it is someone else:
 *     "Mr. Knightley" is not "John Knightley");
 *   - a bare first name joins the most frequent full name with it; a bare
 *     surname the most frequent full or honorific name with it.
 * Clusters that behave like places ("at Highbury", no honorific, no
 * pronoun agreement) are left out. Gender comes from honorifics and from the
 * first personal pronoun after a mention in the narration. */
#include "checks/consistency/consistency_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum key_type { K_FULL = 1, K_HON = 2, K_BARE = 3 };

struct nkey {
	uint64_t code;      /* type, honorific class and word ids */
	uint8_t type;       /* enum key_type */
	uint8_t hc;         /* honorific class (K_HON) */
	uint32_t a, b;      /* K_FULL: first and last word id; else a = the word */
	uint32_t n;         /* mentions */
	uint32_t n_hon;     /* mentions with an honorific */
	uint32_t n_prep;    /* mentions after "at", "in", "from", ... */
	uint32_t n_act;     /* mentions that act: a verb follows, a possessive, "said NAME" */
	uint32_t vm, vf;    /* gender votes */
	uint32_t first;     /* index of its first raw mention */
	bool surname;       /* used after "Mr." or "Mrs.": a surname, never a first name */
	uint8_t hc_seen;    /* bit per honorific class seen before this key's mentions */
	uint32_t parent;    /* union-find */
};

struct rawm {
	uint32_t doc, off, len;
	uint32_t wfirst, wlast; /* word indexes of the name words (honorific excluded) */
	uint32_t whon;          /* word index of the honorific, or UINT32_MAX */
	uint32_t key;
};

struct cstate {
	struct cbook *cb;
	struct nkey *k;
	size_t nk, capk;
	struct rawm *m;
	size_t nm, capm;
	struct sm_map map;   /* nkey code -> key index (the order of k) */
	uint8_t *isname; /* per id */
};

static uint32_t key_get(struct cstate *cs, uint8_t type, uint8_t hc, uint32_t a, uint32_t b)
{
	uint64_t code = ((uint64_t)type << 62) | ((uint64_t)hc << 58) | ((uint64_t)a << 29) | b;
	bool added;
	uint32_t i = sm_map_int_add(&cs->map, code, &added);
	if (!added)
		return i;
	SM_ASSERT(i == cs->nk);
	SM_GROW(cs->k, cs->capk, cs->nk + 1);
	struct nkey *nk = &cs->k[cs->nk];
	memset(nk, 0, sizeof(*nk));
	nk->code = code;
	nk->type = type;
	nk->hc = hc;
	nk->a = a;
	nk->b = b;
	nk->first = UINT32_MAX;
	nk->parent = (uint32_t)cs->nk;
	return (uint32_t)cs->nk++;
}

static uint32_t find_root(struct cstate *cs, uint32_t x)
{
	while (cs->k[x].parent != x) {
		cs->k[x].parent = cs->k[cs->k[x].parent].parent;
		x = cs->k[x].parent;
	}
	return x;
}

static void unite(struct cstate *cs, uint32_t a, uint32_t b)
{
	a = find_root(cs, a);
	b = find_root(cs, b);
	if (a != b)
		cs->k[a].parent = b;
}

static bool stopword(const char *w)
{
	static const char *const s[] = {
		"i", "o", "oh", "ah", "yes", "no", "god", "heaven", "heavens", "sir", "madam",
		"ma'am", "dear", "english", "french", "christmas", "michaelmas", "easter", "monday",
		"tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
		"february", "march", "july", "august", "september", "october", "november",
		"december", "chapter", "volume", "book", "part", "mama", "papa", "mamma", "pappa",
		"ii", "iii", "iv", "vi", "vii", "viii", "ix", "xi", "xii", "ok", "tv", "mr", "mrs",
		"miss", "ms", "dr", "esq", "lady", "lord", "bless", "pray", "nay", "aye", "alas",
		"hush", "hurrah", "bravo", "adieu", "well", "now", "then", "but", "and",
		"i'm", "i've", "i'll", "i'd", "i\u2019m", "i\u2019ve", "i\u2019ll", "i\u2019d",
	};
	for (size_t i = 0; i < SM_ARRAY_LEN(s); i++)
		if (s[i][0] == w[0] && !strcmp(s[i], w)) /* first letter first: called per word */
			return true;
	return false;
}

static bool is_name_id(const struct cbook *cb, uint32_t id)
{
	const char *w = cbook_str(cb, id);
	size_t n = strlen(w);
	if (n < 2 || stopword(w) || cons_honorific(w) || strpbrk(w, "0123456789"))
		return false;
	uint32_t cap = cb->n_capmid[id];
	return cap >= 2 && cb->n_low[id] * 8 <= cap;
}

static bool is_prep(const struct cbook *cb, uint32_t id)
{
	static const char *const p[] = { "at", "in", "to", "from", "into", "near", "towards",
					 "toward", "through", "round", "reach", "reached", "around",
					 "leave", "left", "quit", "quitted" };
	const char *w = cbook_str(cb, id);
	for (size_t i = 0; i < SM_ARRAY_LEN(p); i++)
		if (!strcmp(p[i], w))
			return true;
	return false;
}

/* Gender vote of the first personal pronoun after word index i (same
 * sentence, narration, before any other name): 1 male, 2 female, 0 none. */
static int pronoun_after(struct cstate *cs, const struct cdoc *d, size_t i, uint32_t sent)
{
	static const char *const male[] = { "he", "him", "his", "himself" };
	static const char *const fem[] = { "she", "her", "hers", "herself" };
	for (size_t j = i + 1; j < d->n && j <= i + 12; j++) {
		const struct cw *x = &d->w[j];
		if (x->sent != sent || (x->fl & CW_SSTART))
			return 0;
		if (x->fl & CW_DLG)
			continue;
		if ((x->fl & CW_CAP) && cs->isname[x->id])
			return 0;
		const char *w = cbook_str(cs->cb, x->id);
		for (int k = 0; k < 4; k++) {
			if (!strcmp(w, male[k]))
				return 1;
			if (!strcmp(w, fem[k]))
				return 2;
		}
		if (d->w[j].fl & CW_DOT)
			return 0;
	}
	return 0;
}

static bool subject_verb(const char *w, size_t n);

/* Whether the mention of words s..e acts like a person: a possessive, a
 * verb after it ("Martha walked"), or a speech verb before it ("said Tom"). */
static bool acts(const struct cbook *cb, const struct cdoc *d, size_t s, size_t e)
{
	static const char *const speech[] = { "said", "asked", "replied", "answered", "cried",
					      "whispered", "added", "says", "asks", "shouted" };
	const struct cw *x = &d->w[e];
	if (x->fl & CW_POSS)
		return true;
	/* a vocative: "Listen, Dana." "Dana, come here." */
	if ((x->fl & CW_DLG) && (x->fl & CW_PUNCT) &&
	    ((s > 0 && (d->w[s - 1].fl & CW_COMMA) && d->w[s - 1].sent == x->sent) ||
	     ((d->w[s].fl & CW_SSTART) && (x->fl & CW_COMMA))))
		return true;
	if (!(x->fl & CW_PUNCT) && e + 1 < d->n && d->w[e + 1].sent == x->sent &&
	    !(d->w[e + 1].fl & CW_CAP)) {
		const char *w = cbook_str(cb, d->w[e + 1].id);
		if (subject_verb(w, strlen(w)))
			return true;
	}
	if (s > 0 && d->w[s - 1].sent == x->sent && !(d->w[s - 1].fl & CW_PUNCT)) {
		const char *w = cbook_str(cb, d->w[s - 1].id);
		for (size_t i = 0; i < SM_ARRAY_LEN(speech); i++)
			if (!strcmp(w, speech[i]))
				return true;
	}
	return false;
}

static void collect(struct cstate *cs)
{
	struct cbook *cb = cs->cb;
	for (size_t k = 0; k < cb->n_docs; k++) {
		const struct cdoc *d = &cb->d[k];
		for (size_t i = 0; i < d->n; i++) {
			const struct cw *x = &d->w[i];
			if (!(x->fl & CW_CAP) || (x->fl & (CW_HEAD | CW_UPPER)))
				continue;
			int hc = 0;
			size_t s = i, orig = i;
			const char *w = cbook_str(cb, x->id);
			if ((hc = cons_honorific(w)) != 0) {
				if (i + 1 >= d->n || !(d->w[i + 1].fl & CW_CAP) ||
				    !cs->isname[d->w[i + 1].id] || (x->fl & CW_POSS) ||
				    ((x->fl & CW_PUNCT) && !(x->fl & CW_DOT)))
					continue;
				s = i + 1;
			} else if (!cs->isname[x->id]) {
				continue;
			}
			/* "Harriet Smith" at a sentence start: a capitalized word
			 * never written in lower case joins the name after it */
			if (s == i && s > 0 && i > 0 && (d->w[s - 1].fl & CW_CAP) &&
			    (d->w[s - 1].fl & CW_SSTART) &&
			    !(d->w[s - 1].fl & (CW_PUNCT | CW_POSS | CW_UPPER | CW_HYNEXT)) &&
			    d->w[s - 1].block == x->block && !cb->n_low[d->w[s - 1].id] &&
			    !stopword(cbook_str(cb, d->w[s - 1].id)) &&
			    !cons_honorific(cbook_str(cb, d->w[s - 1].id)) &&
			    (i < 2 || !(d->w[i - 2].fl & CW_CAP) || d->w[i - 2].block != x->block)) {
				/* only when the previous word was not itself consumed */
				s = i - 1;
				i = s;
				x = &d->w[i];
			}
			size_t e = s;
			while (e + 1 < d->n && e - s < 2 && !(d->w[e].fl & (CW_PUNCT | CW_POSS)) &&
			       (d->w[e + 1].fl & CW_CAP) && !(d->w[e + 1].fl & CW_UPPER) &&
			       cs->isname[d->w[e + 1].id] && !(d->w[e].fl & CW_HYNEXT) &&
			       d->w[e + 1].block == d->w[e].block)
				e++;
			uint32_t key;
			if (e > s)
				key = key_get(cs, K_FULL, 0, d->w[s].id, d->w[e].id);
			else if (hc)
				key = key_get(cs, K_HON, (uint8_t)hc, d->w[s].id, 0);
			else
				key = key_get(cs, K_BARE, 0, d->w[s].id, 0);
			struct nkey *nk = &cs->k[key];
			uint32_t end = d->w[e].off + cw_base_len(d->doc, &d->w[e]);
			SM_GROW(cs->m, cs->capm, cs->nm + 1);
			struct rawm *m = &cs->m[cs->nm];
			m->doc = (uint32_t)k;
			m->off = d->w[hc ? i : s].off;
			m->len = end - m->off;
			m->wfirst = (uint32_t)s;
			m->wlast = (uint32_t)e;
			m->whon = hc ? (uint32_t)i : UINT32_MAX;
			m->key = key;
			if (nk->first == UINT32_MAX)
				nk->first = (uint32_t)cs->nm;
			cs->nm++;
			nk->n++;
			if (hc) {
				nk->hc_seen |= (uint8_t)(1u << hc);
				if (!strcmp(w, "mr") || !strcmp(w, "mrs"))
					nk->surname = true;
				nk->n_hon++;
				if (hc == 1)
					nk->vm += 10;
				else if (hc == 2 || hc == 3)
					nk->vf += 10;
			}
			if (acts(cb, d, hc ? i : s, e))
				nk->n_act++;
			size_t before = hc ? i : s;
			if (before > 0 && d->w[before - 1].block == x->block &&
			    is_prep(cb, d->w[before - 1].id))
				nk->n_prep++;
			if (!(x->fl & CW_DLG)) {
				int g = pronoun_after(cs, d, e, d->w[e].sent);
				if (g == 1)
					nk->vm++;
				else if (g == 2)
					nk->vf++;
			}
			/* never step back: the scan must move past the word it started at */
			i = e < orig ? orig : e;
		}
	}
}

static enum cons_gender gender_of(uint32_t vm, uint32_t vf)
{
	if (vm >= 2 && vm * 2 > vf * 3)
		return CONS_G_MALE;
	if (vf >= 2 && vf * 2 > vm * 3)
		return CONS_G_FEMALE;
	return CONS_G_UNKNOWN;
}

static bool fits(int hc, enum cons_gender g)
{
	if (hc == 1)
		return g != CONS_G_FEMALE;
	if (hc == 2 || hc == 3)
		return g != CONS_G_MALE;
	return true;
}

/* Text of a mention's name words joined by single spaces, honorific
 * normalized ("Mr" -> "Mr."), into the registry arena. */
static const char *render(struct cstate *cs, struct cons_registry *reg, const struct rawm *m,
			  bool with_hon)
{
	const struct cdoc *d = &cs->cb->d[m->doc];
	char buf[256];
	size_t n = 0;
	uint32_t from = with_hon && m->whon != UINT32_MAX ? m->whon : m->wfirst;
	for (uint32_t i = from; i <= m->wlast; i++) {
		const struct cw *x = &d->w[i];
		uint32_t len = cw_base_len(d->doc, x);
		if (n + len + 3 >= sizeof(buf))
			break;
		if (n)
			buf[n++] = ' ';
		memcpy(buf + n, d->doc->text + x->off, len);
		n += len;
		if (i == m->whon && (x->fl & CW_DOT))
			buf[n++] = '.';
	}
	return arena_strndup(&reg->arena, buf, n);
}

struct cl {
	uint32_t root;
	uint32_t n, n_hon, n_prep, n_act, vm, vf;
	uint32_t best_full, best_hon, best_any; /* key indexes or UINT32_MAX */
	int32_t idx;                             /* character index or -1 */
};

static int cmp_chars(const void *pa, const void *pb)
{
	const struct cons_character *a = pa, *b = pb;
	if (a->n_mentions != b->n_mentions)
		return a->n_mentions > b->n_mentions ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* Words that open sentences and take a verb like a name does ("Nothing
 * happened.", "Everyone laughed.") but never are one. */
static bool sentence_opener(const char *w)
{
	static const char *const s[] = {
		"nothing", "nobody", "everyone", "everybody", "someone", "somebody", "something",
		"everything", "anyone", "anybody", "anything", "none", "neither", "either", "each",
		"both", "all", "most", "many", "several", "few", "some", "such", "this", "that",
		"these", "those", "there", "here", "it", "they", "we", "you", "he", "she", "what",
		"who", "which", "when", "where", "why", "how", "suddenly", "later", "still",
		"perhaps", "maybe", "finally", "meanwhile", "afterwards", "afterward", "outside",
		"inside", "somewhere", "nowhere", "everywhere", "tonight", "today", "yesterday",
		"tomorrow", "once", "twice", "again", "soon", "instead", "yet", "so", "thus",
		"however", "although", "though", "because", "since", "while", "until", "if", "as",
		"after", "before", "one", "two", "three", "another", "other", "others", "nor",
		"his", "her", "their", "my", "our", "your", "its", "the", "a", "an", "no", "not",
		"just", "only", "even", "also", "too", "very", "slowly", "quickly", "quietly",
		"eventually", "sometimes", "usually", "always", "never", "behind", "above", "below",
		"upstairs", "downstairs", "overhead", "nearby", "beyond", "something's", "nobody's",
	};
	for (size_t i = 0; i < SM_ARRAY_LEN(s); i++)
		if (s[i][0] == w[0] && !strcmp(s[i], w))
			return true;
	return false;
}

/* Common verbs that follow a subject: "Martha walked", "Tom said". */
static bool subject_verb(const char *w, size_t n)
{
	static const char *const v[] = {
		"was", "is", "had", "has", "said", "says", "did", "does", "went", "goes", "came",
		"comes", "took", "takes", "sat", "sits", "stood", "stands", "saw", "sees", "knew",
		"knows", "thought", "thinks", "felt", "feels", "made", "makes", "got", "gets",
		"gave", "gives", "ran", "runs", "left", "leaves", "told", "tells", "found", "finds",
		"would", "could", "will", "can", "should", "might", "must", "shook", "shakes",
		"held", "holds", "kept", "keeps", "began", "begins", "drew", "draws", "put", "puts",
		"let", "lets", "set", "sets", "wore", "wears", "hung", "hangs", "lay", "lies",
		"rose", "rises", "spoke", "speaks", "grinned", "grins", "nodded", "nods", "never",
		"didn't", "doesn't", "wasn't", "isn't", "hadn't", "hasn't", "couldn't", "wouldn't",
		"won't", "can't", "always", "just", "still", "also",
	};
	if (n > 3 && w[n - 2] == 'e' && w[n - 1] == 'd')
		return true;
	for (size_t i = 0; i < SM_ARRAY_LEN(v); i++)
		if (v[i][0] == w[0] && strlen(v[i]) == n && !memcmp(v[i], w, n))
			return true;
	return false;
}

/* Names a book writes mostly at the start of sentences ("Martha walked in.
 * Martha poured coffee."): capitalized, never in lower case, and acting as
 * a subject (a verb follows) or owning something ("Martha's") in most of
 * those places. Marks them in cs->isname. */
static void sentence_start_names(struct cstate *cs)
{
	struct cbook *cb = cs->cb;
	uint32_t *ev = xcalloc(cb->n_ids + 1, sizeof(uint32_t));
	uint32_t *st = xcalloc(cb->n_ids + 1, sizeof(uint32_t));
	for (size_t k = 0; k < cb->n_docs; k++) {
		const struct cdoc *d = &cb->d[k];
		for (size_t i = 0; i < d->n; i++) {
			const struct cw *x = &d->w[i];
			if ((x->fl & (CW_CAP | CW_SSTART)) != (CW_CAP | CW_SSTART) ||
			    (x->fl & (CW_UPPER | CW_HEAD)))
				continue;
			st[x->id]++;
			if (x->fl & CW_POSS) {
				ev[x->id]++;
				continue;
			}
			if ((x->fl & CW_PUNCT) || i + 1 >= d->n || d->w[i + 1].sent != x->sent)
				continue;
			const struct cw *y = &d->w[i + 1];
			if (y->fl & CW_CAP)
				continue;
			const char *w = cbook_str(cb, y->id);
			if (subject_verb(w, strlen(w)))
				ev[x->id]++;
		}
	}
	for (uint32_t id = 0; id < cb->n_ids; id++) {
		if (cs->isname[id] || st[id] < 2 || cb->n_low[id] || ev[id] < 2 || ev[id] * 3 < st[id] * 2)
			continue;
		const char *w = cbook_str(cb, id);
		if (strlen(w) < 2 || stopword(w) || cons_honorific(w) || sentence_opener(w) ||
		    (w[0] >= '0' && w[0] <= '9'))
			continue;
		cs->isname[id] = 1;
	}
	free(ev);
	free(st);
}

void cons_characters(struct cbook *cb, struct cons_registry *reg)
{
	struct cstate cs;
	memset(&cs, 0, sizeof(cs));
	cs.cb = cb;
	cs.isname = xcalloc(cb->n_ids + 1, 1);
	for (uint32_t id = 0; id < cb->n_ids; id++)
		cs.isname[id] = is_name_id(cb, id);
	sentence_start_names(&cs);
	collect(&cs);

	/* genders of full names, counting the bare first name's votes too */
	uint32_t *bare_of = xcalloc(cb->n_ids + 1, sizeof(uint32_t)); /* id -> bare key + 1 */
	for (size_t i = 0; i < cs.nk; i++)
		if (cs.k[i].type == K_BARE)
			bare_of[cs.k[i].a] = (uint32_t)i + 1;
	/* per word id: most frequent full key with it as first / last name */
	uint32_t *full_first = xcalloc(cb->n_ids + 1, sizeof(uint32_t));
	uint32_t *full_last = xcalloc(cb->n_ids + 1, sizeof(uint32_t));
	uint32_t *n_last = xcalloc(cb->n_ids + 1, sizeof(uint32_t));
	uint32_t *hon_best = xcalloc(cb->n_ids + 1, sizeof(uint32_t));
	for (size_t i = 0; i < cs.nk; i++) {
		struct nkey *k = &cs.k[i];
		if (k->type == K_FULL) {
			uint32_t f = full_first[k->a];
			if (!f || cs.k[f - 1].n < k->n)
				full_first[k->a] = (uint32_t)i + 1;
			f = full_last[k->b];
			if (!f || cs.k[f - 1].n < k->n)
				full_last[k->b] = (uint32_t)i + 1;
		} else if (k->type == K_HON) {
			uint32_t f = hon_best[k->a];
			if (!f || cs.k[f - 1].n < k->n)
				hon_best[k->a] = (uint32_t)i + 1;
		}
	}
	enum cons_gender *fg = xcalloc(cs.nk + 1, sizeof(*fg));
	for (size_t i = 0; i < cs.nk; i++) {
		struct nkey *k = &cs.k[i];
		if (k->type != K_FULL)
			continue;
		uint32_t vm = k->vm, vf = k->vf, bk = bare_of[k->a];
		if (bk) {
			vm += cs.k[bk - 1].vm;
			vf += cs.k[bk - 1].vf;
		}
		fg[i] = gender_of(vm, vf);
	}
	/* honorific keys */
	for (size_t i = 0; i < cs.nk; i++) {
		struct nkey *k = &cs.k[i];
		if (k->type != K_HON)
			continue;
		if (full_first[k->a] && !k->surname && cs.k[full_first[k->a] - 1].n >= 2) {
			uint32_t f = full_first[k->a] - 1;
			if (fits(k->hc, fg[f]))
				unite(&cs, (uint32_t)i, f);
			continue;
		}
		/* the only full name with this surname whose gender fits */
		uint32_t cand = UINT32_MAX;
		int n_cand = 0;
		for (size_t j = 0; j < cs.nk; j++) {
			if (cs.k[j].type != K_FULL || cs.k[j].b != k->a || !fits(k->hc, fg[j]) ||
			    cs.k[j].n < 2)
				continue;
			if (cand == UINT32_MAX || cs.k[j].a != cs.k[cand].a)
				n_cand++;
			if (cand == UINT32_MAX || cs.k[j].n > cs.k[cand].n)
				cand = (uint32_t)j;
		}
		/* "Mrs. Price" is Fanny Price's mother unless Fanny is once
		 * called "Mrs. Fanny Price"; "Miss X" never joins a married name */
		if (n_cand == 1 && k->hc == 2 && !(cs.k[cand].hc_seen & (1u << 2)))
			n_cand = 0;
		if (n_cand == 1 && k->hc == 3 && (cs.k[cand].hc_seen & (1u << 2)))
			n_cand = 0;
		if (n_cand == 1) {
			uint32_t own = cs.k[cand].n;
			uint32_t bk = bare_of[cs.k[cand].a];
			if (bk && full_first[cs.k[cand].a] == cand + 1)
				own += cs.k[bk - 1].n;
			if (k->n <= 3 * own)
				unite(&cs, (uint32_t)i, cand);
		}
	}
	/* bare keys */
	for (size_t i = 0; i < cs.nk; i++) {
		struct nkey *k = &cs.k[i];
		if (k->type != K_BARE)
			continue;
		/* the most frequent of: full name with it as first name, full name
		 * with it as surname, honorific + it */
		uint32_t c3[3] = { full_first[k->a], full_last[k->a], hon_best[k->a] };
		uint32_t best = 0;
		for (int q = 0; q < 3; q++)
			if (c3[q] && (!best || cs.k[c3[q] - 1].n > cs.k[best - 1].n))
				best = c3[q];
		if (best)
			unite(&cs, (uint32_t)i, best - 1);
	}
	/* also count surnames of full names for the "last names" index */
	(void)n_last;

	/* clusters */
	struct cl *cls = xcalloc(cs.nk + 1, sizeof(*cls));
	for (size_t i = 0; i < cs.nk; i++) {
		cls[i].best_full = cls[i].best_hon = cls[i].best_any = UINT32_MAX;
		cls[i].idx = -1;
	}
	for (size_t i = 0; i < cs.nk; i++) {
		struct nkey *k = &cs.k[i];
		struct cl *c = &cls[find_root(&cs, (uint32_t)i)];
		c->n += k->n;
		c->n_hon += k->n_hon;
		c->n_prep += k->n_prep;
		c->n_act += k->n_act;
		c->vm += k->vm;
		c->vf += k->vf;
		uint32_t *slot = k->type == K_FULL ? &c->best_full :
				 k->type == K_HON ? &c->best_hon : &c->best_any;
		if (*slot == UINT32_MAX || cs.k[*slot].n < k->n)
			*slot = (uint32_t)i;
		if (c->best_any == UINT32_MAX || (k->type == K_BARE && cs.k[c->best_any].n < k->n))
			c->best_any = (uint32_t)i;
	}
	/* keep persons: an honorific, or pronoun agreement, and not place-like */
	size_t n_chars = 0;
	for (size_t i = 0; i < cs.nk; i++) {
		struct cl *c = &cls[i];
		if (!c->n || find_root(&cs, (uint32_t)i) != i)
			continue;
		bool person = c->n_hon > 0 || (c->vm + c->vf) * 10 >= c->n * 2 ||
			      c->n_act * 10 >= c->n * 4;
		bool place = c->n_prep * 10 >= c->n * 3 && c->n_hon * 10 < c->n;
		if (!person || place || c->n < 2)
			continue;
		c->idx = (int32_t)n_chars++;
	}
	reg->chars = xcalloc(n_chars + 1, sizeof(*reg->chars));
	reg->n_chars = n_chars;
	uint32_t nch = cb->n_chapters ? cb->n_chapters : 1;
	uint32_t *per = xcalloc((size_t)n_chars * nch + 1, sizeof(uint32_t));
	for (size_t i = 0; i < cs.nk; i++) {
		struct cl *c = &cls[i];
		if (c->idx < 0)
			continue;
		struct cons_character *ch = &reg->chars[c->idx];
		uint32_t disp = c->best_full != UINT32_MAX ? c->best_full :
				c->best_hon != UINT32_MAX ? c->best_hon : c->best_any;
		ch->name = render(&cs, reg, &cs.m[cs.k[disp].first], false);
		if (cs.k[disp].type == K_HON)
			ch->name = render(&cs, reg, &cs.m[cs.k[disp].first], true);
		ch->gender = gender_of(c->vm, c->vf);
		ch->n_mentions = c->n;
	}
	/* aliases */
	for (size_t i = 0; i < cs.nk; i++) {
		int32_t idx = cls[find_root(&cs, (uint32_t)i)].idx;
		if (idx < 0)
			continue;
		reg->chars[idx].n_aliases++;
	}
	for (size_t c = 0; c < n_chars; c++) {
		reg->chars[c].aliases = arena_alloc(&reg->arena, sizeof(struct cons_alias) *
								 (reg->chars[c].n_aliases + 1));
		reg->chars[c].n_aliases = 0;
	}
	for (size_t i = 0; i < cs.nk; i++) {
		int32_t idx = cls[find_root(&cs, (uint32_t)i)].idx;
		if (idx < 0)
			continue;
		struct cons_character *ch = &reg->chars[idx];
		struct cons_alias *al = &ch->aliases[ch->n_aliases++];
		al->text = render(&cs, reg, &cs.m[cs.k[i].first], cs.k[i].type == K_HON);
		al->n = cs.k[i].n;
		/* most frequent first */
		for (uint32_t j = ch->n_aliases - 1; j > 0 && ch->aliases[j].n > ch->aliases[j - 1].n; j--) {
			struct cons_alias t = ch->aliases[j];
			ch->aliases[j] = ch->aliases[j - 1];
			ch->aliases[j - 1] = t;
		}
		const struct nkey *k = &cs.k[i];
		cb->name_char[k->a] = (uint32_t)idx + 1;
		if (k->type == K_FULL)
			cb->name_char[k->b] = (uint32_t)idx + 1;
	}
	/* mentions, in book order */
	reg->mentions = xcalloc(cs.nm + 1, sizeof(*reg->mentions));
	for (size_t i = 0; i < cs.nm; i++) {
		const struct rawm *m = &cs.m[i];
		int32_t idx = cls[find_root(&cs, m->key)].idx;
		if (idx < 0)
			continue;
		struct cons_mention *cm = &reg->mentions[reg->n_mentions++];
		cm->at.doc = m->doc;
		cm->at.off = m->off;
		cm->at.len = m->len;
		cm->at.chapter = cbook_chapter(cb, m->doc, cb->d[m->doc].w[m->wfirst].block);
		cm->character = (uint32_t)idx;
		struct cons_character *ch = &reg->chars[idx];
		if (!ch->first.len)
			ch->first = cm->at;
		if (cm->at.chapter < nch)
			per[(size_t)idx * nch + cm->at.chapter]++;
	}
	for (size_t c = 0; c < n_chars; c++) {
		struct cons_character *ch = &reg->chars[c];
		uint32_t n = 0;
		for (uint32_t j = 0; j < nch; j++)
			n += per[c * nch + j] != 0;
		ch->chapters = arena_alloc(&reg->arena, sizeof(uint32_t) * (n + 1));
		ch->chapter_counts = arena_alloc(&reg->arena, sizeof(uint32_t) * (n + 1));
		for (uint32_t j = 0; j < nch; j++) {
			if (!per[c * nch + j])
				continue;
			ch->chapters[ch->n_chapters] = j;
			ch->chapter_counts[ch->n_chapters++] = per[c * nch + j];
		}
	}
	/* sort by mentions and remap */
	if (n_chars > 1) {
		struct cons_character *old = xmalloc(sizeof(*old) * n_chars);
		memcpy(old, reg->chars, sizeof(*old) * n_chars);
		/* names are distinct arena pointers: they identify the old index */
		qsort(reg->chars, n_chars, sizeof(*reg->chars), cmp_chars);
		uint32_t *remap = xmalloc(sizeof(uint32_t) * n_chars);
		for (size_t o = 0; o < n_chars; o++)
			for (size_t c = 0; c < n_chars; c++)
				if (reg->chars[c].name == old[o].name) {
					remap[o] = (uint32_t)c;
					break;
				}
		for (size_t i = 0; i < reg->n_mentions; i++)
			reg->mentions[i].character = remap[reg->mentions[i].character];
		for (uint32_t id = 0; id < cb->n_ids; id++)
			if (cb->name_char[id])
				cb->name_char[id] = remap[cb->name_char[id] - 1] + 1;
		free(remap);
		free(old);
	}
	free(per);
	free(cls);
	free(fg);
	free(bare_of);
	free(full_first);
	free(full_last);
	free(n_last);
	free(hon_best);
	free(cs.k);
	free(cs.m);
	sm_map_free(&cs.map);
	free(cs.isname);
}
