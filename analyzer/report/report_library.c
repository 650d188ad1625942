/* report_library.c: `storymaster report --library` (issue 15): one row per
 * book of a library store (store_library.h), in text, JSON, Markdown or
 * HTML. Rates are findings per 10,000 words, so that books of any length
 * compare. The HTML page sorts without a script: one copy of the table per
 * sort order, the one named in the address (#by-words, ...) shown, by title
 * when none is; it prints the table by title. */
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

#include "report/report_data.h"
#include "report/report_html.h"
#include "store/store_library.h"

static double per10k(int64_t n, int64_t words)
{
	return words > 0 ? 1e4 * (double)n / (double)words : 0.0;
}

static const char *shown_title(const struct lib_row *r)
{
	return r->title && *r->title ? r->title : r->key;
}

/* ------------------------------------------------------------------------
 * Text
 * ---------------------------------------------------------------------- */

static void lib_text(FILE *out, const struct library_data *ld)
{
	fprintf(out, "Library: %zu book%s, %lld words, %lld findings (%.1f per 10,000 words)\n\n", ld->n,
		ld->n == 1 ? "" : "s", (long long)ld->words, (long long)ld->findings,
		per10k(ld->findings, ld->words));
	fprintf(out, "%4s  %-32s %8s %5s %8s %6s %6s %6s %6s %6s  %s\n", "id", "book", "words", "chap",
		"find/10k", "cons", "lang", "pace", "struct", "style", "status");
	for (size_t i = 0; i < ld->n; i++) {
		const struct lib_row *r = &ld->rows[i];
		fprintf(out, "%4lld  ", (long long)r->id);
		/* the key, clipped to the column, control characters shown safely */
		char key[33];
		size_t kl = sm_utf8_clip(r->key, strlen(r->key), sizeof(key) - 1);
		memcpy(key, r->key, kl);
		key[kl] = '\0';
		out_path(out, key);
		int pad = 32 - (int)strlen(key);
		fprintf(out, "%*s %8lld %5lld %8.1f", pad > 0 ? pad + 1 : 1, "", (long long)r->words,
			(long long)r->chapters, per10k(r->findings, r->words));
		for (int f = 0; f < LIB_N_FAMILIES; f++)
			fprintf(out, " %6.1f", per10k(r->by_family[f], r->words));
		fprintf(out, "  %s\n", r->status);
	}
	bool any = false;
	for (size_t i = 0; i < ld->n; i++) {
		const struct lib_row *r = &ld->rows[i];
		if (!r->n_top)
			continue;
		if (!any)
			fputs("\nTop consistency findings\n", out);
		any = true;
		fprintf(out, "\n%lld ", (long long)r->id);
		out_path(out, r->key);
		fputs("\n", out);
		for (size_t k = 0; k < r->n_top; k++) {
			const struct lib_top *t = &r->top[k];
			fputs("  ", out);
			out_path(out, t->path);
			fprintf(out, ":\xc2\xb6%lld: ", (long long)t->paragraph);
			out_path(out, t->message);
			fprintf(out, " [%s]\n", t->rule);
		}
	}
	fputs("\nOne book's report: storymaster report --book ID\n", out);
}

/* ------------------------------------------------------------------------
 * JSON
 * ---------------------------------------------------------------------- */

static void json_num(FILE *out, double v)
{
	if (v < 0)
		fputs("null", out);
	else
		fprintf(out, "%.4f", v);
}

static void lib_json(FILE *out, const struct library_data *ld)
{
	fprintf(out, "{\"version\":\"%s\",\"books\":%zu,\"words\":%lld,\"findings\":%lld,\"library\":[",
		SM_VERSION, ld->n, (long long)ld->words, (long long)ld->findings);
	for (size_t i = 0; i < ld->n; i++) {
		const struct lib_row *r = &ld->rows[i];
		fprintf(out, "%s\n{\"id\":%lld,\"key\":", i ? "," : "", (long long)r->id);
		out_json_cstr(out, r->key);
		fputs(",\"title\":", out);
		out_json_cstr(out, r->title);
		fputs(",\"author\":", out);
		out_json_cstr(out, r->author);
		fprintf(out, ",\"documents\":%lld,\"words\":%lld,\"chapters\":%lld,\"scenes\":%lld,"
			     "\"findings\":%lld,\"per_10k_words\":%.4f,\"by_severity\":{\"error\":%lld,"
			     "\"warning\":%lld,\"info\":%lld},\"by_family\":{",
			(long long)r->docs, (long long)r->words, (long long)r->chapters, (long long)r->scenes,
			(long long)r->findings, per10k(r->findings, r->words), (long long)r->by_sev[SM_SEV_ERROR],
			(long long)r->by_sev[SM_SEV_WARNING], (long long)r->by_sev[SM_SEV_INFO]);
		for (int f = 0; f < LIB_N_FAMILIES; f++)
			fprintf(out, "%s\"%s\":%lld", f ? "," : "", lib_families[f], (long long)r->by_family[f]);
		fprintf(out, ",\"other\":%lld},\"pace\":{\"dialogue_share\":", (long long)r->other);
		json_num(out, r->dialogue);
		fputs(",\"sentence_words\":", out);
		json_num(out, r->sent_mean);
		fprintf(out, ",\"slow_stretches\":%lld},\"status\":\"%s\",\"scanned\":",
			(long long)r->slow_stretches, r->status);
		out_json_cstr(out, r->scanned);
		fputs(",\"top_consistency\":[", out);
		for (size_t k = 0; k < r->n_top; k++) {
			const struct lib_top *t = &r->top[k];
			fprintf(out, "%s{\"rule\":", k ? "," : "");
			out_json_cstr(out, t->rule);
			fputs(",\"path\":", out);
			out_json_cstr(out, t->path);
			fprintf(out, ",\"paragraph\":%lld,\"message\":", (long long)t->paragraph);
			out_json_cstr(out, t->message);
			fputs(",\"text\":", out);
			out_json_cstr(out, t->text);
			fputs("}", out);
		}
		fputs("]}", out);
	}
	fputs("\n]}\n", out);
}

/* ------------------------------------------------------------------------
 * Markdown
 * ---------------------------------------------------------------------- */

static void lib_md(FILE *out, const struct library_data *ld)
{
	fprintf(out, "# Library report\n\n%zu book%s, %lld words, %lld findings (%.1f per 10,000 words).\n\n",
		ld->n, ld->n == 1 ? "" : "s", (long long)ld->words, (long long)ld->findings,
		per10k(ld->findings, ld->words));
	fputs("Rates are findings per 10,000 words. One book's report: "
	      "`storymaster report --book ID`.\n\n"
	      "| ID | Book | Author | Words | Chapters | All | Consistency | Language | Pacing | "
	      "Structure | Style | Dialogue | Status |\n"
	      "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n",
	      out);
	for (size_t i = 0; i < ld->n; i++) {
		const struct lib_row *r = &ld->rows[i];
		fprintf(out, "| %lld | ", (long long)r->id);
		report_md_text(out, shown_title(r), 80);
		fputs(" | ", out);
		if (r->author)
			report_md_text(out, r->author, 60);
		fprintf(out, " | %lld | %lld | %.1f", (long long)r->words, (long long)r->chapters,
			per10k(r->findings, r->words));
		for (int f = 0; f < LIB_N_FAMILIES; f++)
			fprintf(out, " | %.1f", per10k(r->by_family[f], r->words));
		if (r->dialogue >= 0)
			fprintf(out, " | %.0f %%", 100.0 * r->dialogue);
		else
			fputs(" | ", out);
		fprintf(out, " | %s |\n", r->status);
	}
	bool any = false;
	for (size_t i = 0; i < ld->n; i++) {
		const struct lib_row *r = &ld->rows[i];
		if (!r->n_top)
			continue;
		if (!any)
			fputs("\n## Top consistency findings\n", out);
		any = true;
		fprintf(out, "\n### %lld. ", (long long)r->id);
		report_md_text(out, shown_title(r), 0);
		fputs("\n\n", out);
		for (size_t k = 0; k < r->n_top; k++) {
			const struct lib_top *t = &r->top[k];
			fputs("- ", out);
			report_md_text(out, t->message, 200);
			fputs(" (", out);
			report_md_text(out, t->path, 0);
			fprintf(out, ", paragraph %lld; `%s`)\n", (long long)t->paragraph, t->rule);
		}
	}
}

/* ------------------------------------------------------------------------
 * HTML
 * ---------------------------------------------------------------------- */

/* The sort orders of the HTML page: the first is the default. */
enum { S_TITLE, S_WORDS, S_RATE, S_CONS, S_STYLE, S_DIALOGUE, N_SORTS };
static const char *const sort_id[N_SORTS] = { "title", "words", "rate", "consistency", "style",
					     "dialogue" };
static const char *const sort_caption[N_SORTS] = {
	"title (a column\xe2\x80\x99s underlined heading sorts by it)", "words, most first",
	"findings per 10,000 words, most first", "consistency findings per 10,000 words, most first",
	"style findings per 10,000 words, most first", "share of dialogue, most first",
};

static const struct library_data *sort_ld;
static int sort_by;

static double sort_value(const struct lib_row *r)
{
	switch (sort_by) {
	case S_WORDS: return (double)r->words;
	case S_RATE: return per10k(r->findings, r->words);
	case S_CONS: return per10k(r->by_family[0], r->words);
	case S_STYLE: return per10k(r->by_family[4], r->words);
	case S_DIALOGUE: return r->dialogue;
	default: return 0;
	}
}

static int cmp_rows(const void *a, const void *b)
{
	const struct lib_row *x = &sort_ld->rows[*(const size_t *)a];
	const struct lib_row *y = &sort_ld->rows[*(const size_t *)b];
	if (sort_by == S_TITLE) {
		int c = sm_natcmp(shown_title(x), shown_title(y));
		if (c)
			return c;
	} else {
		double u = sort_value(x), v = sort_value(y);
		if (u != v)
			return u < v ? 1 : -1; /* largest first */
	}
	return x->id < y->id ? -1 : x->id > y->id;
}

static const char lib_css[] =
	"body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;"
	"color:#222}h1{font-size:1.6rem}table{border-collapse:collapse;width:100%}"
	"th,td{padding:.3rem .5rem;border-bottom:1px solid #ddd;text-align:right}"
	"th:nth-child(2),td:nth-child(2),td:nth-child(3),th:nth-child(3){text-align:left}"
	"th a{color:inherit}caption{text-align:left;color:#666;padding:.3rem 0}"
	".sorted{display:none}.sorted:target{display:table}#by-title{display:table}"
	".sorted:target~#by-title{display:none}.top li{margin:.2rem 0}.muted{color:#666}"
	"@media print{.sorted{display:none!important}#by-title{display:table!important}"
	"caption a{display:none}}\n";

static void html_row(FILE *out, const struct lib_row *r)
{
	fprintf(out, "<tr><td>%lld</td><td><a href=\"book-%lld.html\">", (long long)r->id, (long long)r->id);
	html_esc_clip(out, shown_title(r), 90);
	fputs("</a></td><td>", out);
	if (r->author)
		html_esc_clip(out, r->author, 60);
	fprintf(out, "</td><td>%lld</td><td>%lld</td><td>%.1f</td>", (long long)r->words,
		(long long)r->chapters, per10k(r->findings, r->words));
	for (int f = 0; f < LIB_N_FAMILIES; f++)
		fprintf(out, "<td>%.1f</td>", per10k(r->by_family[f], r->words));
	if (r->dialogue >= 0)
		fprintf(out, "<td>%.0f&#8239;%%</td>", 100.0 * r->dialogue);
	else
		fputs("<td></td>", out);
	fprintf(out, "<td>%s</td></tr>\n", r->status);
}

static void lib_html(FILE *out, const struct library_data *ld)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta name=\"generator\" content=\"storymaster " SM_VERSION "\">\n"
	      "<title>Library report</title>\n<style>\n",
	      out);
	fputs(lib_css, out);
	fputs("</style>\n</head>\n<body>\n<main>\n<h1>Library report</h1>\n", out);
	fprintf(out, "<p>%zu book%s, %lld words, %lld findings (%.1f per 10,000 words). Rates are "
		     "findings per 10,000 words. Each title links to the book&#8217;s own report, "
		     "<code>storymaster report --book ID -f html -o book-ID.html</code> (or "
		     "<code>report --library --books</code>).</p>\n",
		ld->n, ld->n == 1 ? "" : "s", (long long)ld->words, (long long)ld->findings,
		per10k(ld->findings, ld->words));
	static const char *const head[] = { "ID", "Book", "Author", "Words", "Chapters", "All",
					    "Consistency", "Language", "Pacing", "Structure", "Style",
					    "Dialogue", "Status" };
	static const int head_sort[] = { -1, S_TITLE, -1, S_WORDS, -1, S_RATE, S_CONS, -1, -1, -1,
					 S_STYLE, S_DIALOGUE, -1 };
	size_t *order = xcalloc(ld->n ? ld->n : 1, sizeof(*order));
	/* the default order last, so that a targeted table can hide it (~) */
	for (int k = 1; k <= N_SORTS; k++) {
		int s = k == N_SORTS ? S_TITLE : k;
		for (size_t i = 0; i < ld->n; i++)
			order[i] = i;
		sort_ld = ld;
		sort_by = s;
		qsort(order, ld->n, sizeof(*order), cmp_rows);
		fprintf(out, "<table class=\"sorted\" id=\"by-%s\">\n<caption>Sorted by %s</caption>\n"
			     "<thead><tr>",
			sort_id[s], sort_caption[s]);
		for (size_t h = 0; h < SM_ARRAY_LEN(head); h++) {
			if (head_sort[h] >= 0)
				fprintf(out, "<th scope=\"col\"><a href=\"#by-%s\">%s</a></th>",
					sort_id[head_sort[h]], head[h]);
			else
				fprintf(out, "<th scope=\"col\">%s</th>", head[h]);
		}
		fputs("</tr></thead>\n<tbody>\n", out);
		for (size_t i = 0; i < ld->n; i++)
			html_row(out, &ld->rows[order[i]]);
		fputs("</tbody>\n</table>\n", out);
	}
	free(order);
	bool any = false;
	for (size_t i = 0; i < ld->n; i++) {
		const struct lib_row *r = &ld->rows[i];
		if (!r->n_top)
			continue;
		if (!any)
			fputs("<h2>Top consistency findings</h2>\n", out);
		any = true;
		fprintf(out, "<h3><a href=\"book-%lld.html\">", (long long)r->id);
		html_esc(out, shown_title(r));
		fputs("</a></h3>\n<ul class=\"top\">\n", out);
		for (size_t k = 0; k < r->n_top; k++) {
			const struct lib_top *t = &r->top[k];
			fputs("<li>", out);
			html_esc_clip(out, t->message, 240);
			fputs(" <span class=\"muted\">(", out);
			html_esc(out, t->path);
			fprintf(out, ", paragraph %lld; %s)</span></li>\n", (long long)t->paragraph, t->rule);
		}
		fputs("</ul>\n", out);
	}
	fputs("</main>\n</body>\n</html>\n", out);
}

int report_library(struct store *st, enum report_format format, FILE *out, struct sm_err *err)
{
	struct library_data ld;
	int rc = library_data_load(st, &ld, err);
	if (rc)
		return rc;
	switch (format) {
	case REPORT_JSON: lib_json(out, &ld); break;
	case REPORT_MD: lib_md(out, &ld); break;
	case REPORT_HTML: lib_html(out, &ld); break;
	case REPORT_TEXT:
	default: lib_text(out, &ld); break;
	}
	library_data_release(&ld);
	return SM_OK;
}
