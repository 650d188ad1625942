/* report_md.c: `report --format md` (stage 5): an editorial letter in
 * Markdown an editor can paste into an email: a summary in prose, tables of
 * documents and categories, then the findings per document and chapter. */
#include <string.h>

#include "report/report_data.h"

/* Markdown text with its syntax characters escaped; newlines become spaces;
 * at most max code points (0: no limit). */
static void md_text(FILE *out, const char *s, size_t max)
{
	size_t cps = 0;
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if ((c & 0xC0) != 0x80 && max && cps++ == max) {
			fputs("\xe2\x80\xa6", out);
			return;
		}
		if (strchr("\\`*_[]<>|#", c))
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
	md_text(out, x->message, 0);
	if (x->text[0]) {
		fputs(" \xe2\x80\x94 \xe2\x80\x9c", out);
		md_text(out, x->text, 200);
		fputs("\xe2\x80\x9d", out);
	}
	if (x->suggestion) {
		fputs(" *Suggestion:* ", out);
		md_text(out, x->suggestion, 0);
	}
	fprintf(out, " `%s`", x->rule);
	if (x->change == RD_NEW)
		fputs(" *(new)*", out);
	fputc('\n', out);
}

static const struct rd_chapter *chapter_of(const struct report_data *rd,
					   const struct rd_document *d, int64_t number)
{
	for (size_t k = 0; k < d->n_chapters; k++)
		if (rd->chapters[d->chapter_first + k].number == number)
			return &rd->chapters[d->chapter_first + k];
	return NULL;
}

static void md_chapter_heading(FILE *out, const struct rd_chapter *c, int64_t number)
{
	fputs("\n### ", out);
	if (!c)
		fputs(number < 0 ? "Outside any chapter" : "Unknown chapter", out);
	else if (c->title[0])
		md_text(out, c->title, 0);
	else if (c->number == 0)
		fputs("Front matter", out);
	else
		fprintf(out, "Chapter %lld", (long long)c->number);
	fputs("\n\n", out);
}

static void md_summary(FILE *out, const struct report_data *rd)
{
	size_t n_ch = rd->n_chapters;
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
		md_text(out, d->path, 0);
		fprintf(out, " | %s | %lld | %zu | %zu |\n", d->format, (long long)d->words,
			d->n_chapters, d->n_findings);
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

	for (size_t i = 0; i < rd->n_docs; i++) {
		const struct rd_document *d = &rd->docs[i];
		fputs("\n## ", out);
		md_text(out, d->path, 0);
		fputs("\n\n", out);
		if (d->title) {
			fputs("*", out);
			md_text(out, d->title, 0);
			if (d->author) {
				fputs("* by ", out);
				md_text(out, d->author, 0);
				fputs("\n\n", out);
			} else {
				fputs("*\n\n", out);
			}
		}
		fprintf(out, "%lld words, %zu %s.", (long long)d->words, d->n_chapters,
			d->n_chapters == 1 ? "chapter" : "chapters");
		if (!d->n_findings)
			fputs(" No findings in this document.", out);
		fputc('\n', out);
		int64_t cur = INT64_MIN;
		for (size_t k = 0; k < d->n_findings; k++) {
			const struct rd_finding *x = &rd->findings[d->finding_first + k];
			if (x->chapter != cur) {
				cur = x->chapter;
				md_chapter_heading(out, chapter_of(rd, d, cur), cur);
			}
			md_finding(out, x, false);
		}
		if (d->n_fixed) {
			fprintf(out, "\n### Fixed since scan %lld\n\n", (long long)d->prev_run);
			for (size_t k = 0; k < d->n_fixed; k++)
				md_finding(out, &rd->fixed[d->fixed_first + k], true);
		}
	}
}
