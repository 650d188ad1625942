/* tense.c: consistency.tense-shift (stage 3). The tense of each paragraph's
 * narration comes from subject + finite verb pairs outside dialogue, letters
 * and italics: a personal pronoun (I, he, she, we, they) or a character's
 * name, then (after at most one adverb) a verb that an irregular-verb table,
 * auxiliaries or the -ed / -s suffix rules mark as past or present. "It is"
 * and other impersonal statements do not count, so general truths ("It is a
 * truth universally acknowledged...") do not make a paragraph present. A
 * paragraph whose narration runs in the other tense than its scene's and the
 * book's dominant tense is reported, quoting its verbs. */
#include "checks/consistency_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const past_irr[] = {
	"was", "were", "had", "did", "said", "went", "came", "saw", "took", "made", "knew",
	"thought", "told", "felt", "found", "gave", "got", "began", "became", "brought",
	"bought", "caught", "chose", "drew", "drank", "drove", "ate", "fell", "fought", "flew",
	"forgot", "forgave", "froze", "grew", "heard", "held", "hid", "hung", "kept", "knelt",
	"led", "lay", "lost", "meant", "met", "paid", "ran", "rang", "rose", "sat", "sent",
	"shook", "sang", "sank", "slept", "spoke", "spent", "stood", "stole", "struck", "swam",
	"swore", "taught", "tore", "threw", "understood", "woke", "wore", "won", "wrote",
	"could", "would", "should", "might", "left", "sought", "seemed", "looked", "wished",
	"returned", "replied", "cried", "answered", "added", "turned", "smiled", "walked",
};
static const char *const pres_irr[] = {
	"is", "are", "am", "has", "does", "says", "goes", "comes", "sees", "takes", "makes",
	"knows", "thinks", "tells", "feels", "finds", "gives", "gets", "begins", "becomes",
	"brings", "looks", "seems", "stands", "sits", "runs", "walks", "turns", "smiles",
	"will", "can", "shall", "wants", "needs", "hears", "holds", "keeps", "leaves",
	"means", "meets", "pays", "rises", "sends", "speaks", "writes", "tries", "cries",
};
static const char *const adverbs[] = {
	"never", "always", "often", "then", "still", "now", "just", "only", "also", "soon",
	"already", "suddenly", "again", "even", "ever", "almost", "quite", "really", "certainly",
	"instantly", "immediately", "sometimes", "perhaps", "at", "not", "too", "indeed",
	"presently", "slowly", "quickly", "softly", "gently", "finally", "hardly", "scarcely",
};
static const char *const not_verbs_s[] = {
	"always", "perhaps", "sometimes", "nevertheless", "afterwards", "besides", "towards",
	"backwards", "nowadays", "thus", "unless", "whereas", "less", "this", "yes", "its",
	"hers", "his", "himself", "herself", "ourselves", "themselves", "yourselves", "across",
	"upwards", "downwards", "forwards", "homewards", "onwards", "as", "us", "was", "has",
	"is", "does", "alas", "plus", "thus", "else", "nonetheless", "whilst", "amongst",
	"always", "unawares", "sideways", "regardless", "anyways", "ours", "yours", "theirs",
};
static const char *const not_verbs_ed[] = {
	"need", "feed", "seed", "bleed", "breed", "speed", "shed", "wed", "bed", "red", "indeed",
	"proceed", "exceed", "succeed", "creed", "steed", "greed", "heed", "weed", "deed",
	"reed", "embed", "sacred", "hundred", "kindred", "naked", "wicked", "wretched",
	"beloved", "learned", "aged", "blessed", "crooked", "ragged", "rugged", "dogged",
};

static bool in(const char *w, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (w[0] == list[i][0] && !strcmp(w, list[i])) /* first letter first: called per word */
			return true;
	return false;
}
#define IN(w, l) in((w), (l), SM_ARRAY_LEN(l))

/* 1 past, 2 present, 0 neither, for verb v after subject s. */
static int verb_tense(const char *s, const char *v)
{
	if (IN(v, past_irr))
		return 1;
	if (IN(v, pres_irr)) {
		/* "I has", "he are": not a subject-verb pair */
		bool third = strcmp(s, "i") && strcmp(s, "we") && strcmp(s, "they");
		if ((!strcmp(v, "are") && third) || (!strcmp(v, "am") && strcmp(s, "i")))
			return 0;
		if (!third && v[strlen(v) - 1] == 's' && strcmp(v, "is") && strcmp(v, "has") &&
		    strcmp(v, "does"))
			return 0;
		if (!strcmp(v, "is") && !third)
			return 0;
		return 2;
	}
	size_t n = strlen(v);
	if (n >= 5 && v[n - 2] == 'e' && v[n - 1] == 'd' && !IN(v, not_verbs_ed))
		return 1;
	bool third = strcmp(s, "i") && strcmp(s, "we") && strcmp(s, "they");
	if (third && n >= 4 && v[n - 1] == 's' && v[n - 2] != 's' && v[n - 2] != 'u' &&
	    v[n - 2] != 'i' && v[n - 2] != '\'' && !IN(v, not_verbs_s) &&
	    !(n > 4 && !strcmp(v + n - 4, "ness")))
		return 2;
	return 0;
}

struct para_tense {
	uint32_t past, pres;
	uint32_t pres_sents;         /* sentences with a present pair */
	uint32_t first_off[4], first_len[4]; /* quoted verbs of the minority */
	uint32_t past_off[4], past_len[4];
};

static void para_scan(const struct cbook *cb, const struct cdoc *d, size_t s, size_t e,
		      struct para_tense *pt)
{
	static const char *const subj[] = { "i", "he", "she", "we", "they" };
	uint32_t last_sent = UINT32_MAX;
	memset(pt, 0, sizeof(*pt));
	for (size_t i = s; i + 1 < e; i++) {
		const struct cw *x = &d->w[i];
		if (x->fl & (CW_DLG | CW_LETTER | CW_ITAL | CW_HEAD | CW_PUNCT | CW_POSS))
			continue;
		const char *w = cbook_str(cb, x->id);
		const char *sw = w;
		if (!IN(w, subj)) {
			if (!(x->fl & CW_CAP) || !cb->name_char[x->id])
				continue;
			/* the name must be the subject: sentence start, or after a
			 * comma/conjunction; and the next word not another name */
			sw = "he";
		}
		size_t j = i + 1;
		const char *v = cbook_str(cb, d->w[j].id);
		if (IN(v, adverbs) && j + 1 < e && !(d->w[j].fl & CW_PUNCT)) {
			j++;
			v = cbook_str(cb, d->w[j].id);
		}
		if (d->w[j].fl & (CW_DLG | CW_LETTER | CW_ITAL | CW_CAP))
			continue;
		int t = verb_tense(sw, v);
		if (t == 1) {
			if (pt->past < 4) {
				pt->past_off[pt->past] = d->w[j].off;
				pt->past_len[pt->past] = d->w[j].len;
			}
			pt->past++;
		} else if (t == 2) {
			if (pt->pres < 4) {
				pt->first_off[pt->pres] = d->w[j].off;
				pt->first_len[pt->pres] = d->w[j].len;
			}
			pt->pres++;
			if (d->w[j].sent != last_sent)
				pt->pres_sents++;
			last_sent = d->w[j].sent;
		}
	}
}

/* 1 past, 2 present, 0 undecided. */
static int para_kind(const struct para_tense *pt)
{
	if (pt->pres >= 3 && pt->pres >= 3 * pt->past && pt->pres_sents >= 2)
		return 2;
	if (pt->past >= 3 && pt->past >= 3 * pt->pres)
		return 1;
	return 0;
}

struct ptrec {
	uint32_t doc, scene, block;
	int kind;
	struct para_tense pt;
};

void cons_check_tense(struct cbook *cb, const struct cons_registry *reg, struct sm_findings *out)
{
	(void)reg;
	struct ptrec *p = NULL;
	size_t np = 0, cap = 0;
	uint32_t nk[3] = { 0, 0, 0 };
	for (uint32_t k = 0; k < cb->n_docs; k++) {
		const struct cdoc *d = &cb->d[k];
		size_t i = 0;
		while (i < d->n) {
			uint32_t b = d->w[i].block;
			size_t e = i;
			while (e < d->n && d->w[e].block == b)
				e++;
			if (d->doc->blocks[b].kind == BLK_PARAGRAPH && !d->letter[b]) {
				SM_GROW(p, cap, np + 1);
				struct ptrec *r = &p[np++];
				r->doc = k;
				r->block = b;
				r->scene = d->doc->n_scenes ? d->doc->blocks[b].scene : 0;
				para_scan(cb, d, i, e, &r->pt);
				r->kind = para_kind(&r->pt);
				nk[r->kind]++;
			}
			i = e;
		}
	}
	int book = nk[1] >= 3 * nk[2] && nk[1] >= 5 ? 1 : nk[2] >= 3 * nk[1] && nk[2] >= 5 ? 2 : 0;
	if (!book) {
		free(p);
		return;
	}
	int other = 3 - book;
	size_t s = 0;
	while (s < np) {
		size_t e = s;
		while (e < np && p[e].doc == p[s].doc && p[e].scene == p[s].scene)
			e++;
		uint32_t sc[3] = { 0, 0, 0 };
		for (size_t i = s; i < e; i++)
			sc[p[i].kind]++;
		for (size_t i = s; i < e; i++) {
			if (p[i].kind != other)
				continue;
			/* the scene without this paragraph must follow the book */
			uint32_t same = sc[other] - 1, dom = sc[book];
			if (same >= dom && dom + same > 0)
				continue;
			const struct para_tense *pt = &p[i].pt;
			const struct sm_doc *doc = cb->book->docs[p[i].doc];
			const uint32_t *offs = other == 2 ? pt->first_off : pt->past_off;
			const uint32_t *lens = other == 2 ? pt->first_len : pt->past_len;
			uint32_t n = other == 2 ? pt->pres : pt->past, n2 = other == 2 ? pt->past : pt->pres;
			char verbs[200];
			size_t vn = 0;
			for (uint32_t q = 0; q < n && q < 4; q++)
				vn += (size_t)snprintf(verbs + vn, sizeof(verbs) - vn, "%s%.*s",
						       q ? ", " : "", (int)lens[q], doc->text + offs[q]);
			findings_add(out, cb->book, "consistency.tense-shift", SM_SEV_WARNING, p[i].doc,
				     offs[0], lens[0], NULL,
				     "narration in the %s tense (%s%s: %u %s, %u %s verb%s) in a scene and book told in the %s tense (%u %s and %u %s paragraphs in the book)",
				     other == 2 ? "present" : "past", verbs, n > 4 ? ", ..." : "", n,
				     other == 2 ? "present" : "past", n2, other == 2 ? "past" : "present",
				     n2 == 1 ? "" : "s", book == 1 ? "past" : "present", nk[book],
				     book == 1 ? "past-tense" : "present-tense", nk[other],
				     other == 2 ? "present-tense" : "past-tense");
		}
		s = e;
	}
	free(p);
}
