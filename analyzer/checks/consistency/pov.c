/* pov.c: consistency.pov-shift (stage 3). The narrating person of each
 * paragraph comes from its pronouns outside dialogue, letters and italics:
 * first person (I, me, my, myself, mine) against third (he, she, him, her,
 * ...). A paragraph in the first person inside a scene and book told in the
 * third person is reported, and the reverse for first-person books (with a
 * higher bar: first-person narrators describe others at length). A scene that
 * keeps one person throughout is left alone, so multi-POV books whose scenes
 * each keep their person do not trigger it, and a chapter that keeps its own
 * person (a diary between third-person chapters) is judged against itself.
 * Whatever the book's and chapter's person, a first-person paragraph whose
 * neighbours in its scene are all told in the third person is reported:
 * books whose parts have narrators of their own are mixed as a whole. */
#include "checks/consistency/consistency_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pp {
	uint32_t doc, block, scene, chapter;
	uint32_t n1, n3;
	uint32_t n_we;        /* we, us, our, ours, ourselves: the narrator among others */
	uint32_t n2;          /* you, your, yours, yourself: second person */
	uint32_t n_narr;      /* words of narration (outside dialogue, letters, italics) */
	uint32_t off1, len1;  /* first first-person pronoun */
	uint32_t off3, len3;  /* first third-person pronoun */
	uint32_t n_inner;     /* he/she + a verb of thought or feeling ("she wondered") */
	int kind;             /* 1 first, 3 third, 0 undecided */
};

/* Whether word i (after he/she) is a verb of thought or feeling, after at
 * most one adverb: what a first-person narrator cannot know of another. */
static bool inner_verb(const struct cbook *cb, const struct cdoc *d, size_t i)
{
	static const char *const v[] = {
		"thought", "wondered", "knew", "felt", "remembered", "hated", "wanted", "realized",
		"realised", "feared", "hoped", "decided", "believed", "wished", "longed", "dreaded",
		"thinks", "wonders", "knows", "feels", "remembers", "hates", "wants", "realizes",
		"realises", "fears", "hopes", "decides", "believes", "wishes", "longs", "dreads",
	};
	for (size_t k = i; k < i + 2 && k < d->n; k++) {
		if (d->w[k].fl & (CW_DLG | CW_CAP))
			return false;
		const char *w = cbook_str(cb, d->w[k].id);
		for (size_t q = 0; q < SM_ARRAY_LEN(v); q++)
			if (!strcmp(w, v[q]))
				return true;
	}
	return false;
}

/* The person a set of paragraphs is told in, from its counts of first- and
 * third-person paragraphs: 3, 1, or 0 when mixed or too few (under min). */
static int person_of(const uint32_t k[4], uint32_t min)
{
	if (k[3] >= 3 * k[1] && k[3] >= min)
		return 3;
	if (2 * k[1] >= 3 * k[3] && k[1] >= min)
		return 1;
	return 0;
}

/* Report the paragraphs of one chapter (p[0..np)) whose person is not the
 * one the chapter is told in (person, from counts nk over what). */
static void check_chapter(struct cbook *cb, struct sm_findings *out, const struct pp *p, size_t np,
			  int person, const uint32_t nk[4], const char *what)
{
	size_t s = 0;
	while (s < np) {
		size_t e = s;
		while (e < np && p[e].doc == p[s].doc && p[e].scene == p[s].scene)
			e++;
		uint32_t sc[4] = { 0, 0, 0, 0 };
		for (size_t i = s; i < e; i++)
			sc[p[i].kind]++;
		for (size_t i = s; i < e; i++) {
			const struct pp *r = &p[i];
			bool shift = false;
			if (person == 3 && r->kind == 1)
				shift = sc[3] + 1 > sc[1]; /* the rest of the scene is third person */
			else if (person == 1 && r->kind == 3 && r->n3 >= 8 && r->n_inner >= 1)
				shift = sc[1] + 1 > sc[3]; /* the rest is first person */
			else if (person == 1 && r->kind == 3 && r->n3 >= 3 && r->n_inner >= 2)
				shift = sc[1] >= 1; /* thoughts the narrator cannot know, in a scene of theirs */
			/* alone in a scene whose other paragraphs say neither (dialogue,
			 * description): the chapter's person decides */
			if (!shift && ((person == 3 && r->kind == 1 && sc[1] == 1 && sc[3] == 0) ||
				       (person == 1 && r->kind == 3 && sc[3] == 1 && sc[1] == 0 &&
					r->n_inner >= 2)))
				shift = true;
			if (!shift)
				continue;
			if (person == 3)
				findings_add(out, cb->book, "consistency.pov-shift", SM_SEV_WARNING, r->doc,
					     r->off1, r->len1, NULL,
					     "this paragraph is narrated in the first person (I/me/my %u time%s, he/she %u) in a scene and %s told in the third person (%u third-person and %u first-person paragraphs in the %s)",
					     r->n1, r->n1 == 1 ? "" : "s", r->n3, what, nk[3], nk[1], what);
			else
				findings_add(out, cb->book, "consistency.pov-shift", SM_SEV_WARNING, r->doc,
					     r->off3, r->len3, NULL,
					     "this paragraph is narrated in the third person (he/she %u times, no I/me/my) in a scene and %s told in the first person (%u first-person and %u third-person paragraphs in the %s)",
					     r->n3, what, nk[1], nk[3], what);
		}
		s = e;
	}
}

/* Report the first-person paragraphs of one chapter (p[0..np)) whose
 * neighbours are plainly told in the third person: the narration of the
 * paragraphs around it (up to four with narration among the eight on each
 * side, within its scene) has he/she and no first-person pronoun at all
 * (I, me, my, we, us, our), and there is such narration on both sides. This holds whatever the person of
 * the book or chapter, so it finds the slip in books whose parts have
 * narrators of their own (an anthology, a game's campaigns), where the book
 * as a whole is mixed; a first-person narrator, even one who describes
 * others at length, says "I" or "we" again within a few paragraphs.
 * Second-person narration ("you walk in") is not third person, so it does
 * not count as such. */
static void check_island(struct cbook *cb, struct sm_findings *out, const struct pp *p, size_t np)
{
	for (size_t i = 0; i < np; i++) {
		const struct pp *r = &p[i];
		if (r->kind != 1)
			continue;
		uint32_t f = 0, t = 0, y = 0, side[2] = { 0, 0 }; /* side: narration words before, after */
		for (int dir = 0; dir < 2; dir++) {
			int seen = 0;
			for (size_t k = 1; k <= 8 && seen < 4; k++) {
				if (dir ? i + k >= np : k > i)
					break;
				size_t j = dir ? i + k : i - k;
				if (p[j].scene != r->scene || p[j].doc != r->doc)
					break;
				if (p[j].n_narr < 5)
					continue; /* dialogue with no narration */
				seen++;
				f += p[j].n1 + p[j].n_we;
				t += p[j].n3;
				y += p[j].n2;
				side[dir] += p[j].n_narr;
			}
		}
		if (f || t < 4 || side[0] < 10 || side[1] < 10 || 2 * y > t)
			continue;
		findings_add(out, cb->book, "consistency.pov-shift", SM_SEV_WARNING, r->doc, r->off1,
			     r->len1, NULL,
			     "this paragraph is narrated in the first person (I/me/my %u time%s, he/she %u) between paragraphs told in the third person (he/she %u times and no I/me/my/we in the narration around it)",
			     r->n1, r->n1 == 1 ? "" : "s", r->n3, t);
	}
}

void cons_check_pov(struct cbook *cb, struct sm_findings *out)
{
	static const char *const first[] = { "i", "me", "my", "myself", "mine" };
	static const char *const third[] = { "he", "him", "his", "himself", "she", "her", "hers",
					     "herself" };
	static const char *const we[] = { "we", "us", "our", "ours", "ourselves" };
	static const char *const you[] = { "you", "your", "yours", "yourself", "yourselves" };
	uint32_t id1[SM_ARRAY_LEN(first)], id3[SM_ARRAY_LEN(third)];
	uint32_t idwe[SM_ARRAY_LEN(we)], idyou[SM_ARRAY_LEN(you)];
	for (size_t i = 0; i < SM_ARRAY_LEN(we); i++)
		idwe[i] = cbook_id(cb, we[i]);
	for (size_t i = 0; i < SM_ARRAY_LEN(you); i++)
		idyou[i] = cbook_id(cb, you[i]);
	for (size_t i = 0; i < SM_ARRAY_LEN(first); i++)
		id1[i] = cbook_id(cb, first[i]);
	for (size_t i = 0; i < SM_ARRAY_LEN(third); i++)
		id3[i] = cbook_id(cb, third[i]);
	struct pp *p = NULL;
	size_t np = 0, cap = 0;
	uint32_t nk[4] = { 0, 0, 0, 0 };
	for (uint32_t k = 0; k < cb->n_docs; k++) {
		const struct cdoc *d = &cb->d[k];
		size_t i = 0;
		while (i < d->n) {
			uint32_t b = d->w[i].block;
			struct pp r = { k, b, d->doc->n_scenes ? d->doc->blocks[b].scene : 0,
					d->doc->n_chapters ? d->doc->blocks[b].chapter : 0,
					0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
			for (; i < d->n && d->w[i].block == b; i++) {
				const struct cw *x = &d->w[i];
				if (x->fl & (CW_DLG | CW_LETTER | CW_ITAL | CW_HEAD))
					continue;
				r.n_narr++;
				for (size_t q = 0; q < SM_ARRAY_LEN(first); q++)
					if (x->id == id1[q]) {
						/* "I" must be the capital pronoun */
						if (q == 0 && !(x->fl & CW_CAP))
							break;
						if (!r.n1++) {
							r.off1 = x->off;
							r.len1 = x->len;
						}
					}
				for (size_t q = 0; q < SM_ARRAY_LEN(we); q++)
					if (x->id == idwe[q])
						r.n_we++;
				for (size_t q = 0; q < SM_ARRAY_LEN(you); q++)
					if (x->id == idyou[q])
						r.n2++;
				for (size_t q = 0; q < SM_ARRAY_LEN(third); q++)
					if (x->id == id3[q]) {
						if (!r.n3++) {
							r.off3 = x->off;
							r.len3 = x->len;
						}
						if ((q == 0 || q == 4) && inner_verb(cb, d, i + 1))
							r.n_inner++;
					}
			}
			if (d->doc->blocks[b].kind != BLK_PARAGRAPH || d->letter[b])
				continue;
			if (r.n1 >= 3 && r.n1 >= r.n3)
				r.kind = 1;
			else if (r.n1 == 0 && r.n3 >= 3)
				r.kind = 3;
			nk[r.kind]++;
			SM_GROW(p, cap, np + 1);
			p[np++] = r;
		}
	}
	/* first-person narrators describe others at length, so a first-person
	 * book (or chapter) has fewer first-person paragraphs over third than
	 * the reverse */
	int book = person_of(nk, 5);
	size_t s = 0;
	while (s < np) {
		/* a chapter that keeps its own person decides for itself, so books
		 * whose chapters alternate narrators (a diary between third-person
		 * chapters) are judged chapter by chapter */
		size_t ce = s;
		uint32_t ck[4] = { 0, 0, 0, 0 };
		while (ce < np && p[ce].doc == p[s].doc && p[ce].chapter == p[s].chapter)
			ck[p[ce++].kind]++;
		int chap = person_of(ck, 5);
		/* but a first-person narrator may describe others for a whole
		 * chapter: in a first-person book the book decides */
		if (!chap || book == 1)
			chap = book;
		if (chap)
			check_chapter(cb, out, p + s, ce - s, chap, chap == book ? nk : ck,
				      chap == book ? "book" : "chapter");
		if (chap != 3)
			check_island(cb, out, p + s, ce - s);
		s = ce;
	}
	free(p);
}
