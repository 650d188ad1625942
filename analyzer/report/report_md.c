/* report_md.c: `report --format md` (stage 5): an editorial letter in
 * Markdown an editor can paste into an email: a summary in prose, tables of
 * documents, categories and characters, then the findings per document and
 * chapter, and a consistency appendix (name variants, spelling choices, the
 * fact ledger). */
#include <string.h>

#include "checks/registry.h"
#include "report/report_chars.h"
#include "checks/catalog.h"
#include "report/report_data.h"

/* Markdown text with its syntax characters escaped; newlines become spaces;
 * at most max code points (0: no limit). */
void report_md_text(FILE *out, const char *s, size_t max)
{
	size_t cps = 0;
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if ((c & 0xC0) != 0x80 && max && cps++ == max) {
			fputs("\xe2\x80\xa6", out);
			return;
		}
		if (strchr("\\`*_[]<>|#&", c))
			fputc('\\', out);
		fputc(c == '\n' || c == '\r' || c == '\t' ? ' ' : c, out);
	}
}

static const char *sev_title(enum sm_sev s)
{
	switch (s) {
	case SM_SEV_ERROR: return "Error";
	case SM_SEV_WARNING: return "Warning";
	case SM_SEV_INFO: break;
	}
	return "Note";
}

static void md_location(FILE *out, const struct rd_finding *x)
{
	fprintf(out, "\xc2\xb6%lld", (long long)x->paragraph);
	if (x->line > 0)
		fprintf(out, ", line %lld:%lld", (long long)x->line, (long long)x->column);
}

static void md_finding(FILE *out, const struct rd_finding *x, bool fixed)
{
	fprintf(out, "- **%s** (", fixed ? "Fixed" : sev_title(x->sev));
	md_location(out, x);
	fputs("): ", out);
	report_md_text(out, x->message, 0);
	if (x->text[0]) {
		fputs(" \xe2\x80\x94 \xe2\x80\x9c", out);
		report_md_text(out, x->text, 200);
		fputs("\xe2\x80\x9d", out);
	}
	if (x->suggestion) {
		fputs(" *Suggestion:* ", out);
		report_md_text(out, x->suggestion, 0);
	}
	fprintf(out, " `%s`", x->rule);
	if (x->change == RD_NEW)
		fputs(" *(new)*", out);
	fputc('\n', out);
}

static void md_chapter_heading(FILE *out, const struct rd_chapter *c, int64_t number)
{
	fputs("\n### ", out);
	if (!c)
		fputs(number < 0 ? "Outside any chapter" : "Unknown chapter", out);
	else if (c->title[0])
		report_md_text(out, c->title, 0);
	else if (c->number == 0)
		fputs("Front matter", out);
	else
		fprintf(out, "Chapter %lld", (long long)c->number);
	fputs("\n\n", out);
}

static void md_summary(FILE *out, const struct report_data *rd)
{
	size_t n_ch = rd->n_story;
	fprintf(out, "This manuscript runs to **%lld words** in %zu %s across %zu %s",
		(long long)rd->words, n_ch, n_ch == 1 ? "chapter" : "chapters", rd->n_docs,
		rd->n_docs == 1 ? "document" : "documents");
	if (rd->n_findings == 0) {
		fputs(". The checks found nothing to flag.\n", out);
		return;
	}
	fprintf(out, ". The checks flagged **%zu %s**: %zu %s, %zu %s and %zu %s.\n",
		rd->n_findings, rd->n_findings == 1 ? "passage" : "passages",
		rd->by_sev[SM_SEV_ERROR], rd->by_sev[SM_SEV_ERROR] == 1 ? "error" : "errors",
		rd->by_sev[SM_SEV_WARNING], rd->by_sev[SM_SEV_WARNING] == 1 ? "warning" : "warnings",
		rd->by_sev[SM_SEV_INFO], rd->by_sev[SM_SEV_INFO] == 1 ? "note" : "notes");
	if (rd->compared)
		fprintf(out, "\nCompared with the previous draft: **%zu new**, **%zu fixed**, "
			     "%zu unchanged.\n", rd->n_new, rd->n_fixed, rd->n_persisting);
}

/* ------------------------------------------------------------------------
 * Characters and the consistency appendix
 * ---------------------------------------------------------------------- */

#define MD_CHAR_ROWS 25 /* characters in the letter's table */

static void md_characters(FILE *out, const struct rc_book *b)
{
	const struct cons_registry *reg = b->reg;
	fputs("\n## Characters\n\n", out);
	if (!reg || !reg->n_chars) {
		fputs("The character registry is not in the store for this scan.\n", out);
		return;
	}
	size_t rows = reg->n_chars < MD_CHAR_ROWS ? reg->n_chars : MD_CHAR_ROWS;
	if (rows < reg->n_chars)
		fprintf(out, "The %zu most mentioned of %zu characters", rows, reg->n_chars);
	else
		fprintf(out, "The book's %zu %s", rows, rows == 1 ? "character" : "characters");
	fputs(", with every form of the name counted together.", out);
	char lb[64], lb2[64];
	if (b->n_chapters > 1)
		fprintf(out, " Chapters are numbered through the whole book in reading order "
			     "(1 is %s; %zu is %s).",
			rc_chapter_label(b, 0, lb, sizeof(lb)), b->n_chapters,
			rc_chapter_label(b, (uint32_t)(b->n_chapters - 1), lb2, sizeof(lb2)));
	fputs("\n\n| Character | Written as | Mentions | Chapters |\n|---|---|---:|---|\n", out);
	char buf[400];
	for (size_t i = 0; i < rows; i++) {
		const struct cons_character *c = &reg->chars[i];
		fputs("| ", out);
		report_md_text(out, c->name, 0);
		fputs(" | ", out);
		for (uint32_t a = 0; a < c->n_aliases && a < 12; a++) {
			fputs(a ? ", " : "", out);
			report_md_text(out, c->aliases[a].text, 0);
			fprintf(out, " (%u)", c->aliases[a].n);
		}
		fprintf(out, " | %u | %u: %s |\n", c->n_mentions, c->n_chapters,
			rc_ranges(c->chapters, c->n_chapters, buf, sizeof(buf)));
	}
}

/* Up to 5 places of a group: "chapter-04.md line 78". */
static void md_places(FILE *out, const struct report_data *rd, const struct rc_group *g)
{
	for (size_t k = 0; k < g->n && k < 5; k++) {
		const struct rd_finding *x = &rd->findings[g->idx[k]];
		fputs(k ? "; " : "", out);
		report_md_text(out, rc_base_name(x->path), 0);
		if (x->line > 0)
			fprintf(out, " line %lld", (long long)x->line);
		else
			fprintf(out, " \xc2\xb6%lld", (long long)x->paragraph);
	}
	if (g->n > 5)
		fprintf(out, " and %zu more", g->n - 5);
}

/* Inline code that holds any text (a table cell): a fence longer than its
 * backtick runs. */
static void md_code(FILE *out, const char *s)
{
	if (!s[0])
		return;
	size_t run = 0, longest = 0;
	for (const char *p = s; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		longest = run > longest ? run : longest;
	}
	for (size_t i = 0; i <= longest; i++)
		fputc('`', out);
	fputc(' ', out);
	for (const char *p = s; *p; p++) {
		if (*p == '|')
			fputs("\\|", out); /* GFM: a pipe ends the cell even in code */
		else
			fputc(*p == '\n' || *p == '\r' ? ' ' : *p, out);
	}
	fputc(' ', out);
	for (size_t i = 0; i <= longest; i++)
		fputc('`', out);
}

static void md_appendix(FILE *out, const struct report_data *rd, const struct rc_book *b)
{
	fputs("\n## Consistency appendix\n\n### Names and their variants\n\n", out);
	struct rc_group *g;
	const char *names_rule = NULL;
	catalog_appendix_rules(APPENDIX_NAMES, &names_rule, 1);
	size_t n = names_rule ? rc_groups(rd, names_rule, &g) : 0;
	if (!n)
		fputs("No name is spelled in a rare variant of another.\n", out);
	for (size_t i = 0; i < n; i++) {
		const struct rd_finding *x = g[i].first;
		fputs("- **", out);
		report_md_text(out, x->text, 0);
		fputs("** for **", out);
		report_md_text(out, x->suggestion ? x->suggestion : "?", 0);
		fputs("**: ", out);
		report_md_text(out, x->message, 0);
		fputs(" (", out);
		md_places(out, rd, &g[i]);
		fputs(")\n", out);
	}
	rc_groups_free(g, n);
	if (b->reg && b->reg->n_chars)
		fputs("\nThe forms each character is written in are in the Characters table.\n", out);

	fputs("\n### Spelling choices\n\n", out);
	const char *rules[8];
	size_t n_rules = catalog_appendix_rules(APPENDIX_SPELLING, rules, SM_ARRAY_LEN(rules));
	size_t total = 0;
	for (size_t r = 0; r < n_rules && r < SM_ARRAY_LEN(rules); r++) {
		n = rc_groups(rd, rules[r], &g);
		if (n && !total)
			fputs("| Minority form | Majority form | Counts | Where |\n|---|---|---|---|\n",
			      out);
		for (size_t i = 0; i < n; i++) {
			const struct rd_finding *x = g[i].first;
			fputs("| ", out);
			md_code(out, x->text);
			fputs(" | ", out);
			md_code(out, x->suggestion ? x->suggestion : "");
			fputs(" | ", out);
			report_md_text(out, x->message, 0);
			fputs(" | ", out);
			md_places(out, rd, &g[i]);
			fputs(" |\n", out);
		}
		total += n;
		rc_groups_free(g, n);
	}
	if (!total)
		fputs("Every word and punctuation mark the checks compare is written one way "
		      "throughout.\n", out);

	fputs("\n### Fact ledger\n\n", out);
	const struct cons_registry *reg = b->reg;
	if (!reg || !reg->n_chars) {
		fputs("The fact ledger is not in the store for this scan.\n", out);
		return;
	}
	if (!reg->n_facts) {
		fputs("The narration states no eye colour, hair colour or age of a named "
		      "character.\n", out);
		return;
	}
	fputs("| Character | Attribute | Value | Where |\n|---|---|---|---|\n", out);
	char lb[64];
	for (size_t i = 0; i < reg->n_facts; i++) {
		const struct cons_fact *f = &reg->facts[i];
		fputs("| ", out);
		report_md_text(out, f->character < reg->n_chars ? reg->chars[f->character].name : "?", 0);
		fprintf(out, " | %s | ", cons_attr_name(f->attr));
		report_md_text(out, f->value, 0);
		fputs(" | ", out);
		report_md_text(out, rc_chapter_label(b, f->at.chapter, lb, sizeof(lb)), 0);
		fputs(" |\n", out);
	}
}

void report_md(FILE *out, const struct report_data *rd)
{
	fputs("# Editorial report\n\n", out);
	if (rd->n_runs) {
		const struct rd_run *r = &rd->runs[rd->n_runs - 1];
		fprintf(out, "*storymaster %s, scan %lld of %s.*\n\n", SM_VERSION, (long long)r->id,
			r->started);
	}
	md_summary(out, rd);

	fputs("\n## Documents\n\n| Document | Format | Words | Chapters | Findings |\n"
	      "|---|---|---:|---:|---:|\n", out);
	for (size_t i = 0; i < rd->n_docs; i++) {
		const struct rd_document *d = &rd->docs[i];
		fputs("| ", out);
		report_md_text(out, d->path, 0);
		fprintf(out, " | %s | %lld | %zu | %zu |\n", d->format, (long long)d->words,
			d->n_story, d->n_findings);
	}

	if (rd->n_cats) {
		fputs("\n## Findings by category\n\n| Category | Errors | Warnings | Notes | Total |\n"
		      "|---|---:|---:|---:|---:|\n", out);
		for (size_t i = 0; i < rd->n_cats; i++) {
			const struct rd_category *c = &rd->cats[i];
			fprintf(out, "| %s | %zu | %zu | %zu | %zu |\n", c->name, c->n[SM_SEV_ERROR],
				c->n[SM_SEV_WARNING], c->n[SM_SEV_INFO],
				c->n[0] + c->n[1] + c->n[2]);
		}
	}

	struct rc_book b;
	rc_book_init(&b, rd);
	md_characters(out, &b);

	for (size_t i = 0; i < rd->n_docs; i++) {
		const struct rd_document *d = &rd->docs[i];
		fputs("\n## ", out);
		report_md_text(out, d->path, 0);
		fputs("\n\n", out);
		if (d->title) {
			fputs("*", out);
			report_md_text(out, d->title, 0);
			if (d->author) {
				fputs("* by ", out);
				report_md_text(out, d->author, 0);
				fputs("\n\n", out);
			} else {
				fputs("*\n\n", out);
			}
		}
		fprintf(out, "%lld words, %zu %s.", (long long)d->words, d->n_story,
			d->n_story == 1 ? "chapter" : "chapters");
		if (!d->n_findings)
			fputs(" No findings in this document.", out);
		fputc('\n', out);
		int64_t cur = INT64_MIN;
		for (size_t k = 0; k < d->n_findings; k++) {
			const struct rd_finding *x = &rd->findings[d->finding_first + k];
			if (x->chapter != cur) {
				cur = x->chapter;
				md_chapter_heading(out, rd_chapter(rd, (size_t)(d - rd->docs), cur), cur);
			}
			md_finding(out, x, false);
		}
		if (d->n_fixed) {
			fprintf(out, "\n### Fixed since scan %lld\n\n", (long long)d->prev_run);
			for (size_t k = 0; k < d->n_fixed; k++)
				md_finding(out, &rd->fixed[d->fixed_first + k], true);
		}
	}
	md_appendix(out, rd, &b);
	rc_book_release(&b);
}
