/* punctuation.c: consistency.punctuation-style (stage 3). Counts the book's
 * styles of double quotes (straight/curly), apostrophes and single quotes,
 * dashes (--, em dash, spaced en dash), ellipses (... or …), dash spacing,
 * and dialogue quotes (double/single); the minority style is reported once
 * per paragraph, never inside `code` or _italic_ (foreign) text. */
#include "checks/consistency/consistency_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { P_DQUOTE, P_SQUOTE, P_DASH, P_ELLIPSIS, P_DASHSPACE, P_DIALOGUE, P_NCAT };
#define P_NSTYLE 3

static const char *const cat_name[P_NCAT] = { "double quotes", "apostrophes and single quotes",
					      "dashes", "ellipses", "dash spacing",
					      "dialogue quotes" };
static const char *const style_name[P_NCAT][P_NSTYLE] = {
	{ "straight double quotes (\")", "curly double quotes (\u201c \u201d)", NULL },
	{ "straight apostrophes (')", "curly apostrophes (\u2019)", NULL },
	{ "double hyphens (--)", "em dashes (\u2014)", "spaced en dashes ( \u2013 )" },
	{ "three dots (...)", "ellipsis characters (\u2026)", NULL },
	{ "unspaced dashes", "spaced dashes", NULL },
	{ "double-quoted dialogue", "single-quoted dialogue", NULL },
};
static const char *const style_glyph[P_NCAT][P_NSTYLE] = {
	{ "\"", "\u201c\u201d", NULL }, { "'", "\u2019", NULL }, { "--", "\u2014", "\u2013" },
	{ "...", "\u2026", NULL },      { NULL, NULL, NULL },    { NULL, NULL, NULL },
};

struct pstat {
	uint32_t n[P_NCAT][P_NSTYLE];      /* occurrences */
	struct occ1 { uint32_t doc, off, len; bool set; } first[P_NCAT][P_NSTYLE];
};

/* One occurrence: record it; when block-level reporting is on (pass 2),
 * report the first minority occurrence of each block. */
struct pass {
	struct pstat *st;
	int minority[P_NCAT];       /* style to report, -1 none */
	int majority[P_NCAT];
	bool reported[P_NCAT];      /* in the current block */
	uint32_t n_rep[P_NCAT];
	struct cbook *cb;
	struct sm_findings *out;
	bool report;
};

#define MAX_PUNCT_FINDINGS 25 /* per style and book; the message has the counts */

static void hit(struct pass *ps, int cat, int style, uint32_t doc, uint32_t off, uint32_t len)
{
	if (!ps->report) {
		ps->st->n[cat][style]++;
		struct occ1 *f = &ps->st->first[cat][style];
		if (!f->set)
			*f = (struct occ1){ doc, off, len, true };
		return;
	}
	if (ps->minority[cat] != style || ps->reported[cat] || ps->n_rep[cat] >= MAX_PUNCT_FINDINGS)
		return;
	ps->reported[cat] = true;
	ps->n_rep[cat]++;
	int maj = ps->majority[cat];
	uint32_t nmin = ps->st->n[cat][style], nmaj = ps->st->n[cat][maj];
	struct sm_finding *x = findings_add(
		ps->out, ps->cb->book, "consistency.punctuation-style", SM_SEV_WARNING, doc, off, len,
		style_glyph[cat][maj],
		"%s in a book that uses %s: %u time%s against %u", style_name[cat][style],
		style_name[cat][maj], nmin, nmin == 1 ? "" : "s", nmaj);
	const struct occ1 *f = &ps->st->first[cat][maj];
	if (f->set)
		findings_relate(ps->out, x, f->doc, f->off, f->len, ps->cb->book);
}

static bool sp(char c)
{
	return c == ' ' || c == '\n' || c == '\t';
}

static void scan(struct pass *ps)
{
	struct cbook *cb = ps->cb;
	for (uint32_t k = 0; k < cb->n_docs; k++) {
		const struct sm_doc *doc = cb->book->docs[k];
		const char *t = doc->text;
		size_t di = 0;
		for (uint32_t b = 0; b < doc->n_blocks; b++) {
			const struct block *bl = &doc->blocks[b];
			memset(ps->reported, 0, sizeof(ps->reported));
			if (bl->kind != BLK_PARAGRAPH)
				continue;
			uint32_t s = bl->off, e = bl->off + bl->len;
			bool code = false, ital = false;
			for (uint32_t i = s; i < e; i++) {
				unsigned char c = (unsigned char)t[i];
				if (c == '`') {
					code = !code;
					continue;
				}
				if (c == '_') {
					bool prev_word = i > s && !sp(t[i - 1]) && t[i - 1] != '"' &&
							 t[i - 1] != '(';
					ital = !prev_word;
					continue;
				}
				if (code || ital)
					continue;
				if (c == '"') {
					hit(ps, P_DQUOTE, 0, k, i, 1);
				} else if (c == '\'') {
					hit(ps, P_SQUOTE, 0, k, i, 1);
				} else if (c == 0xE2 && i + 2 < e && (unsigned char)t[i + 1] == 0x80) {
					unsigned char c3 = (unsigned char)t[i + 2];
					if (c3 == 0x9C || c3 == 0x9D)
						hit(ps, P_DQUOTE, 1, k, i, 3);
					else if (c3 == 0x98 || c3 == 0x99)
						hit(ps, P_SQUOTE, 1, k, i, 3);
					else if (c3 == 0x94) { /* em dash */
						hit(ps, P_DASH, 1, k, i, 3);
						bool bsp = i > s && sp(t[i - 1]), asp = i + 3 < e && sp(t[i + 3]);
						if (bsp == asp)
							hit(ps, P_DASHSPACE, bsp, k, i, 3);
					} else if (c3 == 0x93) { /* en dash: a dash only when spaced */
						if (i > s && sp(t[i - 1]) && i + 3 < e && sp(t[i + 3]))
							hit(ps, P_DASH, 2, k, i, 3);
					} else if (c3 == 0xA6) {
						hit(ps, P_ELLIPSIS, 1, k, i, 3);
					}
					i += 2;
				} else if (c == '-' && i + 1 < e && t[i + 1] == '-') {
					uint32_t j = i;
					while (j < e && t[j] == '-')
						j++;
					if (j - i <= 3) {
						hit(ps, P_DASH, 0, k, i, j - i);
						bool bsp = i > s && sp(t[i - 1]), asp = j < e && sp(t[j]);
						if (bsp == asp)
							hit(ps, P_DASHSPACE, bsp, k, i, j - i);
					}
					i = j - 1;
				} else if (c == '.' && i + 2 < e && t[i + 1] == '.' && t[i + 2] == '.') {
					uint32_t j = i;
					while (j < e && t[j] == '.')
						j++;
					hit(ps, P_ELLIPSIS, 0, k, i, j - i);
					i = j - 1;
				}
			}
			/* dialogue quote style from the segmenter's spans */
			for (; di < doc->n_dlgs && doc->dlgs[di].off < e; di++) {
				const struct dialogue *dl = &doc->dlgs[di];
				if (dl->off < s)
					continue;
				unsigned char c = (unsigned char)t[dl->off];
				bool single = c == '\'' ||
					      (c == 0xE2 && (unsigned char)t[dl->off + 1] == 0x80 &&
					       (unsigned char)t[dl->off + 2] == 0x98);
				bool dbl = c == '"' ||
					   (c == 0xE2 && (unsigned char)t[dl->off + 1] == 0x80 &&
					    (unsigned char)t[dl->off + 2] == 0x9C);
				if (single || dbl)
					hit(ps, P_DIALOGUE, single, k, dl->off, c == 0xE2 ? 3 : 1);
			}
		}
	}
}

void cons_check_punct(struct cbook *cb, struct sm_findings *out)
{
	struct pstat st;
	memset(&st, 0, sizeof(st));
	struct pass ps;
	memset(&ps, 0, sizeof(ps));
	ps.st = &st;
	ps.cb = cb;
	ps.out = out;
	scan(&ps);
	bool any = false;
	for (int c = 0; c < P_NCAT; c++) {
		ps.minority[c] = ps.majority[c] = -1;
		int maj = 0;
		for (int s = 1; s < P_NSTYLE; s++)
			if (st.n[c][s] > st.n[c][maj])
				maj = s;
		ps.majority[c] = maj;
		/* single-quoted dialogue inside a double-quoted book may be nested
		 * quotation; apostrophes outnumber the quotes in any book */
		for (int s = 0; s < P_NSTYLE; s++) {
			if (s == maj || !st.n[c][s] || !style_name[c][s])
				continue;
			/* a clear majority: at least four times as frequent, and
			 * seen at least five times */
			if (st.n[c][s] * 4 > st.n[c][maj] || st.n[c][maj] < 5)
				continue;
			if (ps.minority[c] < 0 || st.n[c][s] < st.n[c][ps.minority[c]])
				ps.minority[c] = s;
			any = true;
		}
		(void)cat_name;
	}
	if (!any)
		return;
	ps.report = true;
	scan(&ps);
}
