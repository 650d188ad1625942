/* report_store.c: `storymaster report` (stage 5): load the store with
 * report_data_load, then hand it to the renderer of the format asked for.
 * The plain-text renderer lives here too: a readable summary followed by
 * the findings grouped by document and chapter, compiler-style locations. */
#include "report/report.h"

#include <string.h>

#include "report/report_data.h"
#include "report/report_html.h"

int report_write(struct store *st, const struct report_opts *o, FILE *out, struct sm_err *err)
{
	struct report_data rd;
	int rc = report_data_load(st, o ? o->book : 0, o ? o->since_run : 0, &rd, err);
	if (rc)
		return rc;
	switch (o->format) {
	case REPORT_HTML: rc = report_html(out, &rd, st, err); break;
	case REPORT_JSON: report_json(out, &rd); break;
	case REPORT_MD: report_md(out, &rd); break;
	case REPORT_TEXT:
	default: report_text(out, &rd); break;
	}
	report_data_release(&rd);
	return rc;
}

/* ------------------------------------------------------------------------
 * Text
 * ---------------------------------------------------------------------- */

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* Print at most max code points of s, then "..." when cut; newlines as spaces. */
static void put_clipped(FILE *out, const char *s, size_t max)
{
	size_t cps = 0;
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if ((c & 0xC0) != 0x80 && cps++ == max) {
			fputs("...", out);
			return;
		}
		fputc(c == '\n' || c == '\t' || c == '\r' ? ' ' : c, out);
	}
}

static void text_location(FILE *out, const struct rd_finding *x)
{
	out_path(out, x->path);
	if (x->line > 0)
		fprintf(out, ":%lld:%lld", (long long)x->line, (long long)x->column);
	else
		fprintf(out, ":\xc2\xb6%lld:%lld", (long long)x->paragraph, (long long)x->column);
}

static void text_finding(FILE *out, const struct rd_finding *x)
{
	text_location(out, x);
	fprintf(out, ": %s: %s [%s]", sev_name(x->sev), x->message, x->rule);
	if (x->change == RD_NEW)
		fputs(" (new)", out);
	fputc('\n', out);
	if (x->text[0]) {
		fputs("    > ", out);
		put_clipped(out, x->text, 160);
		fputc('\n', out);
	}
	if (x->suggestion)
		fprintf(out, "    suggestion: %s\n", x->suggestion);
	for (size_t i = 0; i < x->n_rel; i++) {
		const struct rd_related *r = &x->rel[i];
		fprintf(out, "    see %s:\xc2\xb6%lld: ", r->path, (long long)r->paragraph);
		put_clipped(out, r->text, 80);
		fputc('\n', out);
	}
}

/* The chapter's heading, "chapter N" without one, or "front matter". */
static void chapter_label(FILE *out, const struct rd_chapter *c, int64_t number)
{
	if (!c) {
		fputs(number < 0 ? "outside any chapter" : "chapter ?", out);
		return;
	}
	if (c->number == 0 && !c->title[0]) {
		fputs("front matter", out);
		return;
	}
	if (c->title[0])
		fprintf(out, "%s", c->title);
	else
		fprintf(out, "chapter %lld", (long long)c->number);
}

void report_text(FILE *out, const struct report_data *rd)
{
	size_t n_f = rd->n_findings;
	fprintf(out, "storymaster report: %zu %s, %lld words, %zu %s, %zu %s\n", rd->n_docs,
		plural(rd->n_docs, "document", "documents"), (long long)rd->words, rd->n_story,
		plural(rd->n_story, "chapter", "chapters"), rd->n_scenes,
		plural(rd->n_scenes, "scene", "scenes"));
	if (rd->n_runs) {
		const struct rd_run *r = &rd->runs[rd->n_runs - 1];
		fprintf(out, "last scan: run %lld, %s, %s%s\n", (long long)r->id, r->started,
			r->status, r->ended ? "" : " (not finished)");
	}
	fprintf(out, "findings: %zu (%zu %s, %zu %s, %zu info)\n", n_f,
		rd->by_sev[SM_SEV_ERROR], plural(rd->by_sev[SM_SEV_ERROR], "error", "errors"),
		rd->by_sev[SM_SEV_WARNING], plural(rd->by_sev[SM_SEV_WARNING], "warning", "warnings"),
		rd->by_sev[SM_SEV_INFO]);
	for (size_t i = 0; i < rd->n_cats; i++) {
		const struct rd_category *c = &rd->cats[i];
		fprintf(out, "  %-12s %zu %s, %zu %s, %zu info\n", c->name, c->n[SM_SEV_ERROR],
			plural(c->n[SM_SEV_ERROR], "error", "errors"), c->n[SM_SEV_WARNING],
			plural(c->n[SM_SEV_WARNING], "warning", "warnings"), c->n[SM_SEV_INFO]);
	}
	if (rd->compared) {
		if (rd->since_run > 0)
			fprintf(out, "since run %lld: ", (long long)rd->since_run);
		else
			fputs("since the previous scan: ", out);
		fprintf(out, "%zu new, %zu fixed, %zu persisting\n", rd->n_new, rd->n_fixed,
			rd->n_persisting);
	}

	for (size_t i = 0; i < rd->n_docs; i++) {
		const struct rd_document *d = &rd->docs[i];
		fputs("\n== ", out);
		out_path(out, d->path);
		fprintf(out, " (%s, %lld words, %zu %s, %zu %s)\n", d->format,
			(long long)d->words, d->n_story,
			plural(d->n_story, "chapter", "chapters"), d->n_findings,
			plural(d->n_findings, "finding", "findings"));
		int64_t cur = INT64_MIN;
		for (size_t k = 0; k < d->n_findings; k++) {
			const struct rd_finding *x = &rd->findings[d->finding_first + k];
			if (x->chapter != cur) {
				cur = x->chapter;
				fputs("-- ", out);
				chapter_label(out, rd_chapter(rd, i, cur), cur);
				fputc('\n', out);
			}
			text_finding(out, x);
		}
		if (d->n_fixed) {
			fprintf(out, "-- fixed since run %lld\n", (long long)d->prev_run);
			for (size_t k = 0; k < d->n_fixed; k++) {
				const struct rd_finding *x = &rd->fixed[d->fixed_first + k];
				fprintf(out, "fixed: %s [%s] \"", x->message, x->rule);
				put_clipped(out, x->text, 80);
				fputs("\"\n", out);
			}
		}
	}
}
