/* variants.c: consistency.name-variant and consistency.spelling-variant
 * (stage 3). A name variant is a rare capitalized word close to a frequent
 * character name. A spelling variant is one word written two ways in the
 * book: a US/UK pair from rules/consistency/us-uk.tsv, a hyphenated compound
 * against its closed or open form, or a word capitalized against its usual
 * lower case. The minority form is reported (or the form against the house
 * style), with both counts and the majority's first place as related. */
#include "checks/consistency/consistency_int.h"
#include "checks/dict.h"
#include "lm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/embedded.h"

#define MAX_PER_VARIANT 1 /* findings per minority spelling; the message has the count */
#define MAX_PER_NAME 3    /* findings per misspelled name */

/* First occurrence of id as a word (not in a heading); false when none. */
static bool first_of(const struct cbook *cb, uint32_t id, bool cap_only, uint32_t *doc,
		     const struct cw **w)
{
	for (uint32_t k = 0; k < cb->n_docs; k++)
		for (size_t i = 0; i < cb->d[k].n; i++) {
			const struct cw *x = &cb->d[k].w[i];
			if (x->id == id && !(x->fl & CW_HEAD) && (!cap_only || (x->fl & CW_CAP))) {
				*doc = k;
				*w = x;
				return true;
			}
		}
	return false;
}

/* ---------------------------------------------------------------- names */

static size_t utf8_first_len(const char *s)
{
	unsigned char c = (unsigned char)s[0];
	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

void cons_check_names(struct cbook *cb, const struct cons_registry *reg, struct sm_findings *out)
{
	(void)reg;
	/* frequent name words */
	uint32_t *freq = NULL;
	size_t nf = 0, capf = 0;
	for (uint32_t id = 0; id < cb->n_ids; id++)
		if (cb->name_char[id] && cb->n_capmid[id] + cb->n_capst[id] >= 5) {
			SM_GROW(freq, capf, nf + 1);
			freq[nf++] = id;
		}
	struct sm_dict dict = { { NULL, NULL }, false };
	bool have_dict = false, dict_tried = false;
	for (uint32_t id = 0; id < cb->n_ids; id++) {
		uint32_t n = cb->n_capmid[id] + cb->n_capst[id];
		if (!n || cb->n_low[id] || n > 50)
			continue;
		const char *r = cbook_str(cb, id);
		size_t rl = strlen(r);
		if (rl < 4 || cons_honorific(r) || strchr(r, '\''))
			continue;
		/* a common word capitalized ("Water Street", "the Baron") is no
		 * misspelled name: the model's lexicon knows it in lower case
		 * (and the dictionary, asked below, which spells names with a
		 * capital only) */
		if (cb->book->lm && !cb->book->cfg->no_model && lm_lexicon_count(cb->book->lm, r, rl) >= 5)
			continue;
		/* an established name of its own: several mentions in two chapters */
		bool established = n >= 3;
		uint32_t best = UINT32_MAX;
		for (size_t j = 0; j < nf; j++) {
			uint32_t f = freq[j];
			if (f == id)
				continue;
			const char *fw = cbook_str(cb, f);
			size_t fl = strlen(fw);
			uint32_t fn = cb->n_capmid[f] + cb->n_capst[f];
			if (fn < 5 * n || (established && cb->name_char[f] != cb->name_char[id]))
				continue;
			/* plurals and possessive-less forms are not misspellings */
			if ((rl == fl + 1 && r[rl - 1] == 's' && !strncmp(r, fw, fl)) ||
			    (fl == rl + 1 && fw[fl - 1] == 's' && !strncmp(r, fw, rl)) ||
			    (rl == fl + 2 && !strcmp(r + fl, "es") && !strncmp(r, fw, fl)))
				continue;
			size_t m1 = utf8_first_len(r);
			bool same_start = m1 <= fl && !memcmp(r, fw, m1);
			bool same_end = rl >= 2 && fl >= 2 && !memcmp(r + rl - 2, fw + fl - 2, 2);
			if (!same_start && !same_end)
				continue;
			int maxd = fl < 5 ? 0 : fl < 8 ? 1 : 2;
			/* a short name ("Jane", "Lucy") has near neighbours that are
			 * other names ("June", "Lacy"): one edit only for a form seen
			 * once beside a name seen often */
			if (maxd == 0 && fl == 4 && rl >= 4 && n == 1 && fn >= 15)
				maxd = 1;
			/* a slip is made once; a form written twice or more two edits
			 * from the name is a name of its own ("Altair" beside
			 * "Alastair", the place "Linarius" beside "Linarian") */
			if (n >= 2 && maxd > 1)
				maxd = 1;
			if (maxd == 0)
				continue;
			int dist = sm_edit_distance(r, rl, fw, fl, maxd, false);
			if (dist > maxd)
				continue;
			if (best == UINT32_MAX || fn > cb->n_capmid[best] + cb->n_capst[best])
				best = f;
		}
		if (best == UINT32_MAX)
			continue;
		/* the dictionary knows the form in lower case: a common word;
		 * read only for a form that would be reported (most books have
		 * few or none) */
		if (!dict_tried) {
			have_dict = dict_open(&dict, NULL, NULL);
			dict_tried = true;
		}
		if (have_dict && (dict_spell(&dict, DICT_US, r) || dict_spell(&dict, DICT_GB, r)))
			continue;
		uint32_t fdoc;
		const struct cw *fw;
		if (!first_of(cb, best, true, &fdoc, &fw))
			continue;
		const struct sm_doc *fd = cb->book->docs[fdoc];
		uint32_t fwl = cw_base_len(fd, fw);
		char *sugg = xstrndup(fd->text + fw->off, fwl);
		uint32_t fn = cb->n_capmid[best] + cb->n_capst[best];
		int shown = 0;
		for (uint32_t k = 0; k < cb->n_docs && shown < MAX_PER_NAME; k++)
			for (size_t i = 0; i < cb->d[k].n && shown < MAX_PER_NAME; i++) {
				const struct cw *x = &cb->d[k].w[i];
				if (x->id != id || !(x->fl & CW_CAP) || (x->fl & CW_HEAD))
					continue;
				if (config_is_accepted(cb->book->cfg, cb->book->docs[k]->text + x->off,
						       cw_base_len(cb->book->docs[k], x)))
					continue;
				uint32_t xl = cw_base_len(cb->book->docs[k], x);
				struct sm_finding *f = findings_add(
					out, cb->book, "consistency.name-variant", SM_SEV_WARNING, k,
					x->off, xl, sugg,
					"'%.*s' appears %u time%s, but '%s' %u times: a misspelling of the name?",
					(int)xl, cb->book->docs[k]->text + x->off, n, n == 1 ? "" : "s", sugg,
					fn);
				findings_relate(out, f, fdoc, fw->off, fwl, cb->book);
				shown++;
			}
		free(sugg);
	}
	if (dict_tried)
		dict_close(&dict);
	free(freq);
}

/* ---------------------------------------------------------------- report */

/* Report up to MAX_PER_VARIANT occurrences of a minority form. pred selects
 * the occurrences; msg is the complete message. */
struct occ {
	uint32_t doc;
	uint32_t off, len;
};

struct occs {
	struct occ *v;
	size_t n, cap;
};

static void occ_add(struct occs *o, uint32_t doc, uint32_t off, uint32_t len)
{
	SM_GROW(o->v, o->cap, o->n + 1);
	o->v[o->n++] = (struct occ){ doc, off, len };
}

static void report_as(struct cbook *cb, struct sm_findings *out, const char *rule,
		      const struct occs *minor, const struct occ *major, const char *sugg,
		      const char *msg)
{
	for (size_t i = 0; i < minor->n && i < MAX_PER_VARIANT; i++) {
		const struct occ *o = &minor->v[i];
		struct sm_finding *f = findings_add(out, cb->book, rule,
						    SM_SEV_WARNING, o->doc, o->off, o->len, sugg,
						    "%s", msg);
		if (major)
			findings_relate(out, f, major->doc, major->off, major->len, cb->book);
	}
}

static void report(struct cbook *cb, struct sm_findings *out, const struct occs *minor,
		   const struct occ *major, const char *sugg, const char *msg)
{
	report_as(cb, out, "consistency.spelling-variant", minor, major, sugg, msg);
}

/* ---------------------------------------------------------------- US/UK */

static void check_us_uk(struct cbook *cb, struct sm_findings *out)
{
	const struct sm_embedded *e = embedded_find("rules/consistency/us-uk.tsv");
	if (!e)
		return;
	enum house_style house = cb->book->cfg->house;
	const char *p = (const char *)e->data, *end = (const char *)e->end;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		const char *tab = memchr(p, '\t', (size_t)(nl - p));
		if (*p == '#' || !tab) {
			p = nl + 1;
			continue;
		}
		uint32_t us = cbook_lookup(cb, p, (size_t)(tab - p));
		uint32_t uk = cbook_lookup(cb, tab + 1, (size_t)(nl - tab - 1));
		p = nl + 1;
		if (us == UINT32_MAX && uk == UINT32_MAX)
			continue;
		/* capitalized inside a sentence is a name ("Gray"), not the word */
		uint32_t nus = us == UINT32_MAX ? 0 : cb->n_all[us] - cb->n_capmid[us];
		uint32_t nuk = uk == UINT32_MAX ? 0 : cb->n_all[uk] - cb->n_capmid[uk];
		uint32_t minor, major, nmin, nmaj;
		if (house == HOUSE_US && nuk) {
			minor = uk, major = us, nmin = nuk, nmaj = nus;
		} else if (house == HOUSE_UK && nus) {
			minor = us, major = uk, nmin = nus, nmaj = nuk;
		} else if (house == HOUSE_NONE && nus && nuk && nus != nuk) {
			bool us_min = nus < nuk;
			minor = us_min ? us : uk, major = us_min ? uk : us;
			nmin = us_min ? nus : nuk, nmaj = us_min ? nuk : nus;
		} else {
			continue;
		}
		const char *mw0 = cbook_str(cb, minor);
		if (config_is_accepted(cb->book->cfg, mw0, strlen(mw0)))
			continue;
		struct occs mo = { 0 };
		struct occ maj = { 0, 0, 0 };
		bool have_maj = false;
		for (uint32_t k = 0; k < cb->n_docs; k++)
			for (size_t i = 0; i < cb->d[k].n; i++) {
				const struct cw *x = &cb->d[k].w[i];
				if ((x->fl & CW_HEAD) || ((x->fl & CW_CAP) && !(x->fl & CW_SSTART)))
					continue;
				if (x->id == minor && mo.n < MAX_PER_VARIANT)
					occ_add(&mo, k, x->off, x->len);
				else if (x->id == major && !have_maj) {
					maj = (struct occ){ k, x->off, x->len };
					have_maj = true;
				}
			}
		char msg[400];
		const char *mw = cbook_str(cb, minor), *jw = cbook_str(cb, major);
		if (house != HOUSE_NONE)
			snprintf(msg, sizeof(msg),
				 "'%s' is the %s spelling; the house style is %s ('%s'): %u time%s here, '%s' %u time%s",
				 mw, house == HOUSE_US ? "British" : "American",
				 house == HOUSE_US ? "American" : "British", jw, nmin, nmin == 1 ? "" : "s",
				 jw, nmaj, nmaj == 1 ? "" : "s");
		else
			snprintf(msg, sizeof(msg),
				 "'%s' is spelled '%s' %u time%s in the book but '%s' %u time%s: use one spelling",
				 jw, mw, nmin, nmin == 1 ? "" : "s", jw, nmaj, nmaj == 1 ? "" : "s");
		report(cb, out, &mo, have_maj ? &maj : NULL, jw, msg);
		free(mo.v);
	}
}

/* ---------------------------------------------------------------- compounds */

struct comp {
	uint32_t a, b;       /* parts */
	uint32_t closed;     /* id of the closed form or UINT32_MAX */
	uint32_t n_hy, n_open;
	struct occ first_hy, first_open;
};

static bool function_word(const char *w)
{
	static const char *const f[] = { "any", "every", "some", "no", "all", "a", "an", "the", "in",
					  "on", "may", "be", "to", "for", "at", "by", "of", "up",
					  "out", "over", "with", "so", "as", "not", "one", "re", "de" };
	for (size_t i = 0; i < SM_ARRAY_LEN(f); i++)
		if (!strcmp(f[i], w))
			return true;
	return false;
}

/* Distinct two-part compounds looked at in one book, at most. */
#define MAX_COMPOUNDS 32768

static void check_compounds(struct cbook *cb, struct sm_findings *out)
{
	struct comp *c = NULL;
	size_t nc = 0, capc = 0;
	struct sm_map h = { 0 }; /* (a,b) -> comp */
	char buf[256];
	/* pass 1: two-part hyphenated compounds */
	for (uint32_t k = 0; k < cb->n_docs; k++) {
		const struct cdoc *d = &cb->d[k];
		for (size_t i = 0; i + 1 < d->n; i++) {
			const struct cw *x = &d->w[i];
			if (!(x->fl & CW_HYNEXT) || (i > 0 && (d->w[i - 1].fl & CW_HYNEXT)) ||
			    (d->w[i + 1].fl & CW_HYNEXT) || (x->fl & (CW_HEAD | CW_CAP)) ||
			    (d->w[i + 1].fl & CW_CAP))
				continue;
			uint64_t code = ((uint64_t)x->id << 32) | d->w[i + 1].id;
			uint32_t j = sm_map_int(&h, code);
			if (j == SM_MAP_NONE) {
				if (nc >= MAX_COMPOUNDS)
					break; /* enough: a pathological book */
				j = sm_map_int_add(&h, code, NULL);
				SM_GROW(c, capc, nc + 1);
				memset(&c[nc], 0, sizeof(c[nc]));
				c[nc].a = x->id;
				c[nc].b = d->w[i + 1].id;
				const char *sa = cbook_str(cb, x->id), *sb = cbook_str(cb, d->w[i + 1].id);
				snprintf(buf, sizeof(buf), "%s%s", sa, sb);
				c[nc].closed = cbook_lookup(cb, buf, strlen(buf));
				c[nc].first_hy = (struct occ){ k, x->off,
							       d->w[i + 1].off + d->w[i + 1].len - x->off };
				nc++;
			}
			c[j].n_hy++;
		}
	}
	/* pass 2: open forms "to morrow" (not after function words) */
	for (uint32_t k = 0; k < cb->n_docs; k++) {
		const struct cdoc *d = &cb->d[k];
		for (size_t i = 0; i + 1 < d->n; i++) {
			const struct cw *x = &d->w[i];
			if ((x->fl & (CW_HYNEXT | CW_PUNCT | CW_POSS | CW_HEAD)) ||
			    d->w[i + 1].block != x->block)
				continue;
			uint64_t code = ((uint64_t)x->id << 32) | d->w[i + 1].id;
			uint32_t j = sm_map_int(&h, code);
			if (j == SM_MAP_NONE)
				continue;
			/* only a space between them */
			const char *t = cb->book->docs[k]->text;
			uint32_t gap_s = x->off + x->len, gap_e = d->w[i + 1].off;
			bool space = gap_e > gap_s;
			for (uint32_t g = gap_s; g < gap_e; g++)
				if (t[g] != ' ' && t[g] != '\n')
					space = false;
			if (!space)
				continue;
			struct comp *cp = &c[j];
			if (!cp->n_open)
				cp->first_open = (struct occ){ k, x->off,
							       d->w[i + 1].off + d->w[i + 1].len - x->off };
			cp->n_open++;
		}
	}
	for (size_t i = 0; i < nc; i++) {
		struct comp *cp = &c[i];
		const char *sa = cbook_str(cb, cp->a), *sb = cbook_str(cb, cp->b);
		if (!strcmp(sa, "re") || strlen(sa) + strlen(sb) < 5)
			continue;
		uint32_t n_closed = cp->closed == UINT32_MAX ? 0 :
				    cb->n_all[cp->closed] - cb->n_capmid[cp->closed];
		/* an open form competes only with an established closed word
		 * ("half way" against "halfway"); otherwise "good nature" is
		 * grammar, not spelling */
		uint32_t n_open = function_word(sa) || !n_closed ? 0 : cp->n_open;
		uint32_t n_hy = cp->n_hy;
		/* the three forms; the majority wins, ties are left alone */
		uint32_t n[3] = { n_hy, n_closed, n_open };
		int maj = 0;
		for (int f = 1; f < 3; f++)
			if (n[f] > n[maj])
				maj = f;
		char form[3][160];
		snprintf(form[0], sizeof(form[0]), "%s-%s", sa, sb);
		snprintf(form[1], sizeof(form[1]), "%s%s", sa, sb);
		snprintf(form[2], sizeof(form[2]), "%s %s", sa, sb);
		for (int f = 0; f < 3; f++) {
			if (f == maj || !n[f] || n[f] * 2 > n[maj] ||
			    config_is_accepted(cb->book->cfg, form[f], strlen(form[f])))
				continue;
			struct occs mo = { 0 };
			if (f == 0)
				occ_add(&mo, cp->first_hy.doc, cp->first_hy.off, cp->first_hy.len);
			else if (f == 2)
				occ_add(&mo, cp->first_open.doc, cp->first_open.off, cp->first_open.len);
			else
				for (uint32_t k = 0; k < cb->n_docs && mo.n < MAX_PER_VARIANT; k++)
					for (size_t w = 0; w < cb->d[k].n && mo.n < MAX_PER_VARIANT; w++) {
						const struct cw *x = &cb->d[k].w[w];
						if (x->id == cp->closed && !(x->fl & CW_HEAD) &&
						    !((x->fl & CW_CAP) && !(x->fl & CW_SSTART)))
							occ_add(&mo, k, x->off, x->len);
					}
			if (f == 0 || f == 2) {
				/* more occurrences of the hyphenated/open minority */
				for (uint32_t k = 0; k < cb->n_docs && mo.n < MAX_PER_VARIANT && n[f] > 1; k++) {
					const struct cdoc *d = &cb->d[k];
					for (size_t w = 0; w + 1 < d->n && mo.n < MAX_PER_VARIANT; w++) {
						const struct cw *x = &d->w[w];
						if (x->id != cp->a || d->w[w + 1].id != cp->b ||
						    x->off == mo.v[0].off ||
						    (f == 0) != !!(x->fl & CW_HYNEXT) ||
						    (x->fl & (CW_PUNCT | CW_HEAD)))
							continue;
						occ_add(&mo, k, x->off,
							d->w[w + 1].off + d->w[w + 1].len - x->off);
					}
				}
			}
			struct occ major;
			if (maj == 0)
				major = cp->first_hy;
			else if (maj == 2)
				major = cp->first_open;
			else {
				uint32_t dk;
				const struct cw *fw;
				if (!first_of(cb, cp->closed, false, &dk, &fw)) {
					free(mo.v);
					continue;
				}
				major = (struct occ){ dk, fw->off, fw->len };
			}
			char msg[1024];
			snprintf(msg, sizeof(msg),
				 "'%.150s' is written '%.150s' %u time%s in the book but '%.150s' %u time%s: use one form",
				 form[maj], form[f], n[f], n[f] == 1 ? "" : "s", form[maj], n[maj],
				 n[maj] == 1 ? "" : "s");
			report(cb, out, &mo, &major, form[maj], msg);
			free(mo.v);
		}
	}
	free(c);
	sm_map_free(&h);
}

/* ---------------------------------------------------------------- capitals */

/* A capital after a determiner names a place or an institution ("the
 * Abbey"), and a capitalized possessive personifies ("Folly's"). */
static bool cap_deliberate(const struct cbook *cb, const struct cdoc *d, size_t i)
{
	static const char *const det[] = { "the", "a", "an", "our", "my", "your", "his", "her",
					   "their", "this", "that" };
	if (d->w[i].fl & CW_POSS)
		return true;
	const char *p = cbook_str(cb, d->w[i - 1].id);
	for (size_t k = 0; k < SM_ARRAY_LEN(det); k++)
		if (!strcmp(det[k], p))
			return true;
	return false;
}

/* A capitalized word in speech set off by commas, or by a comma and the end
 * of the sentence, is a form of address ("Move along, Elf, unless",
 * "Thank you, Doctor."): capitalized by right. */
static bool vocative(const struct cdoc *d, size_t i, const char *t, uint32_t end)
{
	const struct cw *x = &d->w[i];
	if (!(x->fl & CW_DLG) || !(d->w[i - 1].fl & CW_COMMA))
		return false;
	uint32_t q = x->off + x->len;
	return q < end && (t[q] == ',' || t[q] == '.' || t[q] == '!' || t[q] == '?');
}

/* Word i of d is capitalized inside a sentence, against the book's usual
 * lower case: not a sentence start, heading, letter, all caps or italics,
 * not beside another capital (a title or name: "the Crown Inn"), not after a
 * determiner, not a form of address, and not where a capital may start a
 * sentence (a verse line, after a colon, dash, quote mark or parenthesis). */
static bool cap_inside(const struct cbook *cb, const struct cdoc *d, uint32_t k, size_t i)
{
	const struct cw *x = &d->w[i];
	if ((x->fl & (CW_SSTART | CW_HEAD | CW_UPPER | CW_ITAL | CW_LINE | CW_LETTER)) ||
	    !(x->fl & CW_CAP))
		return false;
	if ((d->w[i - 1].fl & CW_CAP) || (d->w[i + 1].fl & CW_CAP) || cap_deliberate(cb, d, i))
		return false;
	const struct sm_doc *doc = cb->book->docs[k];
	const char *t = doc->text;
	if (vocative(d, i, t, doc->len))
		return false;
	uint32_t p = x->off;
	while (p > 0 && t[p - 1] == ' ')
		p--;
	if (p > 0 && t[p - 1] == '\n')
		return false; /* a verse line */
	while (p > 0 && (t[p - 1] == ' ' || t[p - 1] == '\n'))
		p--;
	return !(p > 0 && (t[p - 1] == ':' || t[p - 1] == '-' || t[p - 1] == '"' || t[p - 1] == '\'' ||
			   (unsigned char)t[p - 1] >= 0x80 || t[p - 1] == '(' || t[p - 1] == ')'));
}

/* consistency.capitalization (opt-in: none of its sampled findings on the
 * precision set was useful; a capital inside a sentence is most often a name,
 * a title or a sign-off that no word list can tell from a slip): a word
 * capitalized inside sentences against its usual lower case, outside names,
 * titles and dialogue openings. */
static void check_capitals(struct cbook *cb, struct sm_findings *out)
{
	uint32_t *ncap = xcalloc(cb->n_ids + 1, sizeof(uint32_t));
	for (uint32_t k = 0; k < cb->n_docs; k++) {
		const struct cdoc *d = &cb->d[k];
		for (size_t i = 1; i + 1 < d->n; i++)
			if (cap_inside(cb, d, k, i))
				ncap[d->w[i].id]++;
	}
	for (uint32_t id = 0; id < cb->n_ids; id++) {
		uint32_t nc = ncap[id], nl = cb->n_low[id];
		/* very common words capitalized inside a sentence are missed
		 * sentence starts, not spelling */
		if (!nc || !nl || nl >= 100 || cb->name_char[id] || cons_honorific(cbook_str(cb, id)))
			continue;
		const char *w = cbook_str(cb, id);
		if (strlen(w) < 3)
			continue;
		/* the minority must be clearly rare, and capitals that are a usual
		 * name elsewhere (capitalized at most starts too) stay alone */
		bool cap_minor = nc * 10 <= nl && nl >= 10;
		bool low_minor = nl * 10 <= nc && nc >= 10 && cb->n_capmid[id] >= 10;
		if (!cap_minor && !low_minor)
			continue;
		if (low_minor)
			continue; /* a lower-case name or title word: too often deliberate */
		struct occs mo = { 0 };
		struct occ major = { 0, 0, 0 };
		bool have = false;
		for (uint32_t k = 0; k < cb->n_docs; k++) {
			const struct cdoc *d = &cb->d[k];
			for (size_t i = 1; i + 1 < d->n; i++) {
				const struct cw *x = &d->w[i];
				if (x->id != id)
					continue;
				if (!(x->fl & CW_CAP) && !have) {
					major = (struct occ){ k, x->off, x->len };
					have = true;
				}
				if (mo.n < MAX_PER_VARIANT && cap_inside(cb, d, k, i))
					occ_add(&mo, k, x->off, x->len);
			}
		}
		char msg[400];
		snprintf(msg, sizeof(msg),
			 "'%s' is capitalized %u time%s inside sentences but written in lower case %u times",
			 w, nc, nc == 1 ? "" : "s", nl);
		report_as(cb, out, "consistency.capitalization", &mo, have ? &major : NULL, w, msg);
		free(mo.v);
	}
	free(ncap);
}

void cons_check_spelling(struct cbook *cb, const struct cons_registry *reg,
			 struct sm_findings *out)
{
	(void)reg;
	check_us_uk(cb, out);
	check_compounds(cb, out);
}

void cons_check_capitals(struct cbook *cb, struct sm_findings *out)
{
	check_capitals(cb, out);
}
