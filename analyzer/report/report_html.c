/* report_html.c: the editorial HTML report (stage 5). One self-contained
 * file: inline CSS, inline SVG charts (pacing curve, dialogue per chapter,
 * sentence lengths, character presence), no JavaScript, print-friendly.
 * Each chart is an <svg role="img"> with <title>/<desc> followed by a table
 * of the same numbers. Reads report_data (with the character registry a
 * scan stored) plus the pacing metrics of the store. */
#include "report/report_html.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "checks/catalog.h"
#include "checks/registry.h"
#include "checks/pace_data.h"
#include "report/report_chars.h"
#include "store/store.h"
#include "store/store_metrics.h"

/* ------------------------------------------------------------------------
 * Escaping and small helpers
 * ---------------------------------------------------------------------- */

/* Write s HTML-escaped (text and attribute values alike). */
void html_esc(FILE *out, const char *s)
{
	if (!s)
		return;
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default: fputc(*s, out);
		}
	}
}

/* Escaped, at most max code points, then an ellipsis. */
void html_esc_clip(FILE *out, const char *s, size_t max)
{
	size_t cps = 0;
	const char *p = s;
	for (; *p; p++) {
		if (((unsigned char)*p & 0xC0) != 0x80 && cps++ == max)
			break;
	}
	char *t = xstrndup(s, (size_t)(p - s));
	html_esc(out, t);
	free(t);
	if (*p)
		fputs("\xe2\x80\xa6", out);
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static bool is_pacing_rule(const char *rule)
{
	return !strncmp(rule, "pacing.", 7);
}

static const char *sev_class(enum sm_sev s)
{
	return s == SM_SEV_ERROR ? "sev-error" : s == SM_SEV_WARNING ? "sev-warning" : "sev-info";
}

/* ------------------------------------------------------------------------
 * Model of the page: scenes and chapters over the whole book
 * ---------------------------------------------------------------------- */

struct h_scene {
	size_t doc;                /* rd->docs */
	const struct pm_row *row;
	size_t chapter;            /* index into h.chapters */
	size_t n_pacing;           /* pacing findings in this scene */
};

struct h_chapter {
	size_t doc;
	const struct pm_row *row;  /* the chapter row */
	const struct pm_row *prev; /* the same chapter in the compared run, or NULL */
	size_t scene_first, n_scene;
	size_t ordinal;            /* 1-based over the book; 0: front matter */
};

struct html {
	FILE *out;
	const struct report_data *rd;
	struct pm_rows *cur, *prev;  /* per document */
	struct h_scene *scenes; size_t n_scenes;
	struct h_chapter *chapters; size_t n_chapters;
	int64_t hist[PACE_HIST_BINS];
	bool have_metrics;
	bool have_surprisal;         /* every scene has an information rate (the model scored the book) */
	struct rc_book rc;           /* the character registry over the book's chapters */
	size_t root;                 /* bytes of the book folder every path starts with */
	const char **rules; size_t n_rules; /* the rules of the current findings, sorted */
	size_t *rule_n;              /* findings of each of them */
	size_t (*ch_counts)[3];      /* findings by severity of each rd->chapters entry */
	int64_t *ch_ord;             /* each rd->chapters entry's number over the book; 0: front matter */
};

/* ------------------------------------------------------------------------
 * Places: paths below the book folder, chapters over the whole book
 * ---------------------------------------------------------------------- */

/* The length of the folder all the documents' paths share ("book/" of
 * "book/ch01.md" and "book/ch02.md"; "pp/" of a single "pp/pride.docx"). */
static size_t common_root(const struct report_data *rd)
{
	if (!rd->n_docs)
		return 0;
	const char *p0 = rd->docs[0].path, *s = strrchr(p0, '/');
	size_t n = s ? (size_t)(s - p0) + 1 : 0;
	for (size_t d = 1; d < rd->n_docs && n; d++) {
		const char *p = rd->docs[d].path;
		size_t k = 0;
		while (k < n && p[k] == p0[k])
			k++;
		while (k > 0 && p0[k - 1] != '/')
			k--;
		n = k;
	}
	return n;
}

/* path as it reads from the book folder: what an editor sees in the folder. */
static const char *relpath(const struct html *h, const char *path)
{
	if (h->root && !strncmp(path, h->rd->docs[0].path, h->root))
		return path + h->root;
	return path;
}

/* The index into rd->chapters of chapter `number` of document doc, or SIZE_MAX. */
static size_t chapter_index(const struct report_data *rd, size_t doc, int64_t number)
{
	const struct rd_chapter *c = rd_chapter(rd, doc, number);
	return c ? (size_t)(c - rd->chapters) : SIZE_MAX;
}

/* The anchor of a chapter's findings: "ch-DOC-NUMBER". */
static void chapter_anchor(FILE *out, size_t doc, int64_t number)
{
	fprintf(out, "ch-%zu-%lld", doc, (long long)number);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The index of rule in h->rules (the filter's class "r-N"), or SIZE_MAX. */
static size_t rule_index(const struct html *h, const char *rule)
{
	const char **p = h->n_rules ? bsearch(&rule, h->rules, h->n_rules, sizeof(*h->rules), cmp_str)
				    : NULL;
	return p ? (size_t)(p - h->rules) : SIZE_MAX;
}

/* Paths, chapter numbers over the book, counts per chapter and the rules. */
static void build_places(struct html *h)
{
	const struct report_data *rd = h->rd;
	h->root = common_root(rd);
	h->ch_counts = xcalloc(rd->n_chapters ? rd->n_chapters : 1, sizeof(*h->ch_counts));
	h->ch_ord = xcalloc(rd->n_chapters ? rd->n_chapters : 1, sizeof(*h->ch_ord));
	int64_t ord = 0; /* numbered through the book; ends at rd->n_story */
	for (size_t c = 0; c < rd->n_chapters; c++)
		h->ch_ord[c] = rd->chapters[c].number > 0 ? ++ord : 0;
	h->rules = xcalloc(rd->n_findings ? rd->n_findings : 1, sizeof(*h->rules));
	for (size_t i = 0; i < rd->n_findings; i++) {
		const struct rd_finding *x = &rd->findings[i];
		size_t c = chapter_index(rd, x->doc, x->chapter);
		if (c != SIZE_MAX)
			h->ch_counts[c][x->sev]++;
		h->rules[h->n_rules++] = x->rule;
	}
	qsort(h->rules, h->n_rules, sizeof(*h->rules), cmp_str);
	size_t k = 0;
	for (size_t i = 0; i < h->n_rules; i++)
		if (!k || strcmp(h->rules[k - 1], h->rules[i]))
			h->rules[k++] = h->rules[i];
	h->n_rules = k;
	h->rule_n = xcalloc(k ? k : 1, sizeof(*h->rule_n));
	for (size_t i = 0; i < rd->n_findings; i++)
		h->rule_n[rule_index(h, rd->findings[i].rule)]++;
}

static const struct pm_row *find_row(const struct pm_rows *r, int64_t chapter, int64_t scene)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].chapter == chapter && r->v[i].scene == scene)
			return &r->v[i];
	return NULL;
}

static int build(struct html *h, struct store *st, struct sm_err *err)
{
	const struct report_data *rd = h->rd;
	size_t cap_s = 0, cap_c = 0;
	build_places(h);
	h->cur = xcalloc(rd->n_docs ? rd->n_docs : 1, sizeof(*h->cur));
	h->prev = xcalloc(rd->n_docs ? rd->n_docs : 1, sizeof(*h->prev));
	for (size_t d = 0; d < rd->n_docs; d++) {
		pm_rows_init(&h->cur[d]);
		pm_rows_init(&h->prev[d]);
	}
	if (!st)
		return SM_OK;
	for (size_t d = 0; d < rd->n_docs; d++) {
		const struct rd_document *doc = &rd->docs[d];
		int rc = store_get_metrics(st, doc->path, doc->run_id, &h->cur[d], err);
		if (!rc && doc->prev_run > 0)
			rc = store_get_metrics(st, doc->path, doc->prev_run, &h->prev[d], err);
		if (rc)
			return rc;
		for (size_t i = 0; i < h->cur[d].n; i++) {
			const struct pm_row *r = &h->cur[d].v[i];
			if (r->scene == 0) {
				SM_GROW(h->chapters, cap_c, h->n_chapters + 1);
				struct h_chapter *c = &h->chapters[h->n_chapters++];
				c->doc = d;
				c->row = r;
				c->prev = find_row(&h->prev[d], r->chapter, 0);
				c->scene_first = h->n_scenes;
				c->n_scene = 0;
				size_t ci = chapter_index(rd, d, r->chapter);
				c->ordinal = ci != SIZE_MAX ? (size_t)h->ch_ord[ci] : h->n_chapters;
				for (int b = 0; b < PACE_HIST_BINS; b++)
					h->hist[b] += r->hist[b];
				continue;
			}
			if (!h->n_chapters || h->chapters[h->n_chapters - 1].row->chapter != r->chapter ||
			    h->chapters[h->n_chapters - 1].doc != d)
				continue; /* a scene without its chapter row: cannot happen */
			SM_GROW(h->scenes, cap_s, h->n_scenes + 1);
			struct h_scene *s = &h->scenes[h->n_scenes++];
			s->doc = d;
			s->row = r;
			s->chapter = h->n_chapters - 1;
			s->n_pacing = 0;
			h->chapters[h->n_chapters - 1].n_scene++;
		}
	}
	h->have_metrics = h->n_scenes > 0;
	h->have_surprisal = h->have_metrics;
	for (size_t s = 0; s < h->n_scenes; s++)
		h->have_surprisal = h->have_surprisal && h->scenes[s].row->has_surprisal;
	/* mark the scenes with pacing findings */
	for (size_t i = 0; i < rd->n_findings; i++) {
		const struct rd_finding *x = &rd->findings[i];
		if (!is_pacing_rule(x->rule))
			continue;
		for (size_t s = 0; s < h->n_scenes; s++) {
			struct h_scene *sc = &h->scenes[s];
			if (sc->doc == x->doc && sc->row->chapter == x->chapter &&
			    (sc->row->scene == x->scene || x->scene < 0)) {
				sc->n_pacing++;
				break;
			}
		}
	}
	return SM_OK;
}

static void release(struct html *h)
{
	for (size_t d = 0; d < h->rd->n_docs; d++) {
		pm_rows_release(&h->cur[d]);
		pm_rows_release(&h->prev[d]);
	}
	free(h->cur);
	free(h->prev);
	free(h->scenes);
	free(h->chapters);
	free(h->rules);
	free(h->rule_n);
	free(h->ch_counts);
	free(h->ch_ord);
	rc_book_release(&h->rc);
}

/* ------------------------------------------------------------------------
 * Head, style, summary
 * ---------------------------------------------------------------------- */

static const char css[] =
	":root{--ink:#1d2330;--muted:#5b6474;--line:#d5d9e0;--accent:#2a5d9f;--warn:#b5471b;"
	"--info:#5b6474;--err:#a31621;--good:#2e7d32;--bg:#fff}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0;background:var(--bg);color:var(--ink);font:16px/1.5 Georgia,'DejaVu Serif',serif}\n"
	"main{max-width:60rem;margin:0 auto;padding:2rem 1.5rem 4rem}\n"
	"header.cover{border-bottom:3px solid var(--accent);margin-bottom:1.5rem;padding-bottom:1rem}\n"
	"h1,h2,h3,h4,nav,table,figcaption,.meta,.badge{font-family:'Helvetica Neue',Arial,'DejaVu Sans',sans-serif}\n"
	"h1{font-size:2rem;margin:.2rem 0}h2{font-size:1.4rem;margin:2.2rem 0 .6rem;"
	"border-bottom:1px solid var(--line);padding-bottom:.25rem}h3{font-size:1.1rem;margin:1.6rem 0 .4rem}\n"
	".meta{color:var(--muted);font-size:.9rem}\n"
	"nav ol{columns:2;font-size:.9rem;padding-left:1.2rem}\n"
	"a{color:var(--accent)}\n"
	".cards{display:flex;flex-wrap:wrap;gap:.75rem;margin:1rem 0}\n"
	".card{flex:1 1 9rem;border:1px solid var(--line);border-radius:6px;padding:.6rem .8rem}\n"
	".card b{display:block;font:600 1.5rem 'Helvetica Neue',Arial,sans-serif}\n"
	".card span{color:var(--muted);font:.85rem 'Helvetica Neue',Arial,sans-serif}\n"
	"table{border-collapse:collapse;width:100%;font-size:.85rem;margin:.6rem 0 1rem}\n"
	"caption{text-align:left;font-weight:600;padding:.3rem 0}\n"
	"th,td{border-bottom:1px solid var(--line);padding:.25rem .45rem;text-align:left;vertical-align:top}\n"
	"td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\n"
	"figure{margin:1rem 0;break-inside:avoid}figcaption{font-size:.85rem;color:var(--muted)}\n"
	"svg{max-width:100%;height:auto;font-family:'Helvetica Neue',Arial,'DejaVu Sans',sans-serif}\n"
	"details{margin:.4rem 0 1rem}summary{cursor:pointer;font-family:'Helvetica Neue',Arial,sans-serif;"
	"font-size:.9rem;color:var(--accent)}\n"
	"article.finding{border-left:4px solid var(--line);padding:.3rem .8rem;margin:.8rem 0;break-inside:avoid}\n"
	"article.sev-warning{border-color:var(--warn)}article.sev-error{border-color:var(--err)}"
	"article.sev-info{border-color:var(--info)}\n"
	"article.finding p{margin:.25rem 0}\n"
	"blockquote{margin:.3rem 0;padding:.2rem .8rem;background:#f5f6f8;font-style:italic}\n"
	".badge{display:inline-block;font-size:.72rem;padding:0 .4rem;border-radius:3px;"
	"border:1px solid currentColor;margin-right:.3rem;text-transform:uppercase;letter-spacing:.03em}\n"
	".sev-warning .badge.sev,.badge.sev-warning{color:var(--warn)}.badge.sev-error{color:var(--err)}"
	".badge.sev-info{color:var(--info)}.badge.new{color:var(--accent)}.badge.fixed{color:var(--good)}\n"
	".rule{font-family:'DejaVu Sans Mono',monospace;font-size:.8rem;color:var(--muted)}\n"
	".note{color:var(--muted);font-style:italic}\n"
	".up{color:var(--good)}.down{color:var(--warn)}\n"
	".heat-wrap{overflow-x:auto;margin:.6rem 0}\n"
	"table.heatmap{width:auto;border-collapse:separate;border-spacing:2px}\n"
	"table.heatmap td{min-width:2.2rem;text-align:center;border:0;border-radius:2px;"
	"font-variant-numeric:tabular-nums;padding:.2rem .3rem}\n"
	"table.heatmap th{border:0;white-space:nowrap}table.heatmap th.ch{vertical-align:bottom;"
	"padding:.2rem .1rem;text-align:center}\n"
	"table.heatmap th.ch span{writing-mode:vertical-rl;transform:rotate(180deg);"
	"font-weight:400;font-size:.75rem;color:var(--muted)}\n"
	".h0{background:#f4f5f7}.h1{background:#e1eaf6}.h2{background:#c0d3ed}"
	".h3{background:#8badda}.h4{background:#3f6fb0;color:#fff}.h5{background:#1f4a85;color:#fff}\n"
	".legend{font:.8rem 'Helvetica Neue',Arial,sans-serif;color:var(--muted)}"
	".sw{display:inline-block;width:1.1em;height:1.1em;vertical-align:middle;margin:0 .25em 0 .6em;"
	"border-radius:2px}\n"
	".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}\n"

	"@media print{body{font-size:11pt}main{max-width:none;padding:0}nav{display:none}"
	".fbar{display:none}.heat-wrap{overflow:visible}table.heatmap{break-inside:avoid}"
	"table.heatmap td{min-width:1.5rem;padding:.1rem .15rem;font-size:.7rem}"
	"h2{break-after:avoid}h3{break-after:avoid}details{display:block}a{color:inherit;text-decoration:none}"
	"*{-webkit-print-color-adjust:exact;print-color-adjust:exact}@page{margin:18mm 16mm}}\n";

/* The findings' filters (radio buttons read by CSS) and the chapter index. */
static const char css_filters[] =
	"input.flt{position:absolute;opacity:0;width:1px;height:1px}\n"
	".fbar{font:.85rem 'Helvetica Neue',Arial,sans-serif;margin:.4rem 0 1rem}.fbar p{margin:.3rem 0}\n"
	".fbar label{display:inline-block;border:1px solid var(--line);border-radius:3px;"
	"padding:0 .45rem;margin:.1rem .15rem;cursor:pointer}\n"
	"input.flt:focus-visible+label,input.flt:focus+label{outline:2px solid var(--accent)}\n"
	"#fs-all:checked~.fbar label[for=fs-all],#fs-warning:checked~.fbar label[for=fs-warning],"
	"#fs-error:checked~.fbar label[for=fs-error],#fr-all:checked~.fbar label[for=fr-all]"
	"{background:var(--accent);color:#fff;border-color:var(--accent)}\n"
	"#fs-warning:checked~.flist article.sev-info{display:none}\n"
	"#fs-error:checked~.flist article.finding:not(.sev-error){display:none}\n"
	"#fs-warning:checked~.flist .fch:not(:has(.sev-warning,.sev-error)),"
	"#fs-error:checked~.flist .fch:not(:has(.sev-error)){display:none}\n"
	"table.chapters td.title{max-width:22rem}\n"
	"table.heatmap th.ch a{color:var(--accent)}\n";

static const char *book_title(const struct report_data *rd)
{
	for (size_t d = 0; d < rd->n_docs; d++)
		if (rd->docs[d].title && rd->docs[d].title[0])
			return rd->docs[d].title;
	if (rd->n_docs == 1) {
		const char *p = rd->docs[0].path, *s = strrchr(p, '/');
		return s ? s + 1 : p;
	}
	return rd->n_docs ? "Manuscript" : "(empty store)";
}

static void head(struct html *h)
{
	FILE *out = h->out;
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta name=\"generator\" content=\"storymaster " SM_VERSION "\">\n<title>",
	      out);
	html_esc(out, book_title(h->rd));
	fputs(" \xe2\x80\x94 editorial report</title>\n<style>\n", out);
	fputs(css, out);
	fputs(css_filters, out);
	/* the rule filter of the findings: one radio button per rule, no script */
	for (size_t i = 0; i < h->n_rules; i++)
		fprintf(out, "#fr-%zu:checked~.flist article.finding:not(.r-%zu),"
			     "#fr-%zu:checked~.flist .fch:not(:has(.r-%zu)){display:none}"
			     "#fr-%zu:checked~.fbar label[for=fr-%zu]{background:var(--accent);"
			     "color:#fff;border-color:var(--accent)}\n",
			i, i, i, i, i, i);
	fputs("</style>\n</head>\n<body>\n<main>\n", out);
}

static void cover(struct html *h)
{
	FILE *out = h->out;
	const struct report_data *rd = h->rd;
	fputs("<header class=\"cover\">\n<p class=\"meta\">Editorial report</p>\n<h1>", out);
	html_esc(out, book_title(rd));
	fputs("</h1>\n<p class=\"meta\">", out);
	for (size_t d = 0; d < rd->n_docs && d < 1; d++)
		if (rd->docs[d].author) {
			html_esc(out, rd->docs[d].author);
			fputs(" \xc2\xb7 ", out);
		}
	fprintf(out, "%zu %s", rd->n_docs, plural(rd->n_docs, "file", "files"));
	if (rd->n_runs) {
		const struct rd_run *r = &rd->runs[rd->n_runs - 1];
		fprintf(out, " \xc2\xb7 scan %lld of ", (long long)r->id);
		html_esc(out, r->started);
	}
	fputs(" \xc2\xb7 storymaster " SM_VERSION "</p>\n</header>\n", out);
	fputs("<nav aria-label=\"Contents\"><ol>\n"
	      "<li><a href=\"#summary\">Summary</a></li>\n"
	      "<li><a href=\"#chapters\">Chapters</a></li>\n", out);
	if (rd->compared)
		fputs("<li><a href=\"#drafts\">Changes since the last draft</a></li>\n", out);
	fputs("<li><a href=\"#pacing\">Pacing curve</a></li>\n"
	      "<li><a href=\"#dialogue\">Dialogue and narration</a></li>\n"
	      "<li><a href=\"#sentences\">Sentence lengths</a></li>\n"
	      "<li><a href=\"#characters\">Characters by chapter</a></li>\n"
	      "<li><a href=\"#findings\">Findings by chapter</a></li>\n"
	      "<li><a href=\"#consistency\">Consistency appendix</a></li>\n"
	      "<li><a href=\"#method\">How the numbers are made</a></li>\n"
	      "</ol></nav>\n", out);
}

static void summary(struct html *h)
{
	FILE *out = h->out;
	const struct report_data *rd = h->rd;
	int64_t words = rd->words;
	double minutes = (double)words / 250.0;
	fputs("<section id=\"summary\" aria-labelledby=\"summary-h\">\n"
	      "<h2 id=\"summary-h\">Summary</h2>\n<div class=\"cards\">\n", out);
	fprintf(out, "<div class=\"card\"><b>%lld</b><span>words</span></div>\n", (long long)words);
	fprintf(out, "<div class=\"card\"><b><a href=\"#chapters\">%zu</a></b><span>chapters</span>"
		     "</div>\n", rd->n_story);
	fprintf(out, "<div class=\"card\"><b>%zu</b><span>scenes</span></div>\n", rd->n_scenes);
	if (minutes >= 60)
		fprintf(out, "<div class=\"card\"><b>%.0f h %02.0f min</b><span>reading time at 250 "
			     "words a minute</span></div>\n",
			floor(minutes / 60), fmod(floor(minutes + 0.5), 60));
	else
		fprintf(out, "<div class=\"card\"><b>%.0f min</b><span>reading time at 250 words a "
			     "minute</span></div>\n",
			ceil(minutes));
	fprintf(out, "<div class=\"card\"><b><a href=\"#findings\">%zu</a></b><span>findings</span>"
		     "</div>\n", rd->n_findings);
	fputs("</div>\n", out);
	fputs("<table>\n<caption>Findings by category and severity</caption>\n<thead><tr>"
	      "<th scope=\"col\">Category</th><th scope=\"col\" class=\"n\">Errors</th>"
	      "<th scope=\"col\" class=\"n\">Warnings</th><th scope=\"col\" class=\"n\">Info</th>"
	      "<th scope=\"col\" class=\"n\">Total</th></tr></thead>\n<tbody>\n", out);
	for (size_t i = 0; i < rd->n_cats; i++) {
		const struct rd_category *c = &rd->cats[i];
		fputs("<tr><th scope=\"row\">", out);
		html_esc(out, c->name);
		fprintf(out, "</th><td class=\"n\">%zu</td><td class=\"n\">%zu</td><td class=\"n\">%zu"
			     "</td><td class=\"n\">%zu</td></tr>\n",
			c->n[SM_SEV_ERROR], c->n[SM_SEV_WARNING], c->n[SM_SEV_INFO],
			c->n[0] + c->n[1] + c->n[2]);
	}
	fprintf(out, "</tbody>\n<tfoot><tr><th scope=\"row\">All</th><td class=\"n\">%zu</td>"
		     "<td class=\"n\">%zu</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td></tr>"
		     "</tfoot>\n</table>\n</section>\n",
		rd->by_sev[SM_SEV_ERROR], rd->by_sev[SM_SEV_WARNING], rd->by_sev[SM_SEV_INFO],
		rd->n_findings);
}

/* ------------------------------------------------------------------------
 * Findings
 * ---------------------------------------------------------------------- */

/* "ch07.docx, chapter 7, paragraph 12": the file below the book folder, the
 * chapter as the book numbers it and the paragraph within it (a place a Word
 * user can count to); or the file's paragraph outside any chapter. */
static void place(const struct html *h, const char *path, int64_t paragraph)
{
	FILE *out = h->out;
	const struct report_data *rd = h->rd;
	html_esc(out, relpath(h, path));
	for (size_t d = 0; d < rd->n_docs; d++) {
		if (strcmp(rd->docs[d].path, path))
			continue;
		/* chapters in order, each a range of paragraphs: the last one
		 * that starts at or before the paragraph */
		size_t lo = 0, hi = rd->docs[d].n_chapters;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (rd->chapters[rd->docs[d].chapter_first + mid].first_paragraph > paragraph)
				hi = mid;
			else
				lo = mid + 1;
		}
		if (lo > 0) {
			size_t ci = rd->docs[d].chapter_first + lo - 1;
			const struct rd_chapter *c = &rd->chapters[ci];
			if (paragraph > c->last_paragraph)
				break;
			if (h->ch_ord[ci] > 0)
				fprintf(out, ", chapter %lld", (long long)h->ch_ord[ci]);
			else
				fputs(", front matter", out);
			fprintf(out, ", paragraph %lld", (long long)(paragraph - c->first_paragraph + 1));
			return;
		}
	}
	fprintf(out, ", paragraph %lld", (long long)paragraph);
}

static void location(const struct html *h, const struct rd_finding *x)
{
	FILE *out = h->out;
	place(h, x->path, x->paragraph);
	if (x->line > 0)
		fprintf(out, " (line %lld, column %lld)", (long long)x->line, (long long)x->column);
}

static void finding(const struct html *h, const struct rd_finding *x, bool fixed)
{
	FILE *out = h->out;
	size_t r = rule_index(h, x->rule);
	fprintf(out, "<article class=\"finding %s", sev_class(x->sev));
	if (r != SIZE_MAX)
		fprintf(out, " r-%zu", r);
	fputs("\">\n<p>", out);
	if (fixed)
		fputs("<span class=\"badge fixed\">fixed</span>", out);
	else if (x->change == RD_NEW)
		fputs("<span class=\"badge new\">new</span>", out);
	fprintf(out, "<span class=\"badge sev %s\">%s</span><strong>", sev_class(x->sev),
		sev_name(x->sev));
	html_esc(out, x->message);
	fputs("</strong> <span class=\"rule\">", out);
	html_esc(out, x->rule);
	fputs("</span></p>\n", out);
	if (x->text && x->text[0]) {
		fputs("<blockquote>", out);
		html_esc_clip(out, x->text, 300);
		fputs("</blockquote>\n", out);
	}
	fputs("<p class=\"meta\">", out);
	location(h, x);
	fputs("</p>\n", out);
	if (x->suggestion && !fixed) {
		fputs("<p><em>Suggestion:</em> ", out);
		html_esc(out, x->suggestion);
		fputs("</p>\n", out);
	}
	for (size_t i = 0; i < x->n_rel; i++) {
		fputs("<p class=\"meta\">See also ", out);
		place(h, x->rel[i].path, x->rel[i].paragraph);
		fputs(": \xe2\x80\x9c", out);
		html_esc_clip(out, x->rel[i].text, 120);
		fputs("\xe2\x80\x9d</p>\n", out);
	}
	fputs("</article>\n", out);
}

/* A chapter's name as a reader knows it: its title, "Chapter N" or "Front matter". */
static void chapter_name(FILE *out, const struct rd_chapter *c, int64_t number)
{
	if (!c)
		fputs(number < 0 ? "Outside any chapter" : "Chapter ?", out);
	else if (c->number == 0 && !c->title[0])
		fputs("Front matter", out);
	else if (c->title[0])
		html_esc(out, c->title);
	else
		fprintf(out, "Chapter %lld", (long long)c->number);
}

static void chapter_heading(const struct html *h, size_t doc, int64_t number)
{
	FILE *out = h->out;
	size_t ci = chapter_index(h->rd, doc, number);
	const struct rd_chapter *c = ci != SIZE_MAX ? &h->rd->chapters[ci] : NULL;
	fputs("<h3 id=\"", out);
	chapter_anchor(out, doc, number);
	fputs("\">", out);
	chapter_name(out, c, number);
	if (c && c->title[0] && h->ch_ord[ci] > 0 && strncasecmp(c->title, "chapter", 7))
		fprintf(out, " <span class=\"meta\">(chapter %lld)</span>", (long long)h->ch_ord[ci]);
	fputs("</h3>\n", out);
}

/* The chapter index: every chapter with its words and findings by severity,
 * each linking to its findings. */
static void chapters_section(struct html *h)
{
	FILE *out = h->out;
	const struct report_data *rd = h->rd;
	fputs("<section id=\"chapters\" aria-labelledby=\"chapters-h\">\n"
	      "<h2 id=\"chapters-h\">Chapters</h2>\n", out);
	if (!rd->n_chapters) {
		fputs("<p class=\"note\">No chapters are stored for this scan.</p>\n</section>\n", out);
		return;
	}
	bool files = rd->n_docs > 1;
	fputs("<table class=\"chapters\" id=\"chapter-index\">\n<caption>Chapters in reading order "
	      "with their findings (each links to them)</caption>\n<thead><tr>"
	      "<th scope=\"col\" class=\"n\">#</th><th scope=\"col\">Chapter</th>", out);
	if (files)
		fputs("<th scope=\"col\">File</th>", out);
	fputs("<th scope=\"col\" class=\"n\">Words</th><th scope=\"col\" class=\"n\">Errors</th>"
	      "<th scope=\"col\" class=\"n\">Warnings</th><th scope=\"col\" class=\"n\">Info</th>"
	      "</tr></thead>\n<tbody>\n", out);
	for (size_t d = 0; d < rd->n_docs; d++) {
		const struct rd_document *doc = &rd->docs[d];
		for (size_t k = 0; k < doc->n_chapters; k++) {
			size_t ci = doc->chapter_first + k;
			const struct rd_chapter *c = &rd->chapters[ci];
			const size_t *n = h->ch_counts[ci];
			if (h->ch_ord[ci] > 0)
				fprintf(out, "<tr><td class=\"n\">%lld</td><td class=\"title\">",
					(long long)h->ch_ord[ci]);
			else
				fputs("<tr><td class=\"n\"></td><td class=\"title\">", out);
			if (n[0] + n[1] + n[2]) {
				fputs("<a href=\"#", out);
				chapter_anchor(out, d, c->number);
				fputs("\">", out);
				chapter_name(out, c, c->number);
				fputs("</a>", out);
			} else
				chapter_name(out, c, c->number);
			fputs("</td>", out);
			if (files) {
				fputs("<td>", out);
				html_esc(out, relpath(h, doc->path));
				fputs("</td>", out);
			}
			fprintf(out, "<td class=\"n\">%lld</td><td class=\"n\">%zu</td><td class=\"n\">%zu"
				     "</td><td class=\"n\">%zu</td></tr>\n",
				(long long)c->words, n[SM_SEV_ERROR], n[SM_SEV_WARNING], n[SM_SEV_INFO]);
		}
	}
	fputs("</tbody>\n</table>\n</section>\n", out);
}

/* The filters of the findings: radio buttons that CSS reads (no script),
 * by severity (at or above, as --min-severity) and by rule. */
static void findings_filters(struct html *h)
{
	FILE *out = h->out;
	const struct report_data *rd = h->rd;
	fputs("<input type=\"radio\" class=\"flt\" name=\"fsev\" id=\"fs-all\" checked>"
	      "<input type=\"radio\" class=\"flt\" name=\"fsev\" id=\"fs-warning\">"
	      "<input type=\"radio\" class=\"flt\" name=\"fsev\" id=\"fs-error\">"
	      "<input type=\"radio\" class=\"flt\" name=\"frule\" id=\"fr-all\" checked>", out);
	for (size_t i = 0; i < h->n_rules; i++)
		fprintf(out, "<input type=\"radio\" class=\"flt\" name=\"frule\" id=\"fr-%zu\">", i);
	fprintf(out, "\n<div class=\"fbar\" role=\"group\" aria-label=\"Filter the findings\">\n"
		     "<p>Show: <label for=\"fs-all\">everything (%zu)</label>"
		     "<label for=\"fs-warning\">warnings and errors (%zu)</label>"
		     "<label for=\"fs-error\">errors (%zu)</label></p>\n<p>Rule: "
		     "<label for=\"fr-all\">all rules</label>",
		rd->n_findings, rd->by_sev[SM_SEV_WARNING] + rd->by_sev[SM_SEV_ERROR],
		rd->by_sev[SM_SEV_ERROR]);
	for (size_t i = 0; i < h->n_rules; i++) {
		fprintf(out, "<label for=\"fr-%zu\">", i);
		html_esc(out, h->rules[i]);
		fprintf(out, " (%zu)</label>", h->rule_n[i]);
	}
	fputs("</p>\n</div>\n", out);
}

static void findings_section(struct html *h)
{
	FILE *out = h->out;
	const struct report_data *rd = h->rd;
	fputs("<section id=\"findings\" aria-labelledby=\"findings-h\">\n"
	      "<h2 id=\"findings-h\">Findings by chapter</h2>\n", out);
	if (!rd->n_findings) {
		fputs("<p class=\"note\">No findings.</p>\n</section>\n", out);
		return;
	}
	findings_filters(h);
	fputs("<div class=\"flist\">\n", out);
	for (size_t i = 0; i < rd->n_docs; i++) {
		const struct rd_document *d = &rd->docs[i];
		if (rd->n_docs > 1 && d->n_findings) {
			fputs("<h3>", out);
			html_esc(out, relpath(h, d->path));
			fputs("</h3>\n", out);
		}
		int64_t cur = INT64_MIN;
		for (size_t k = 0; k < d->n_findings; k++) {
			const struct rd_finding *x = &rd->findings[d->finding_first + k];
			if (x->chapter != cur) {
				if (k)
					fputs("</div>\n", out);
				cur = x->chapter;
				fputs("<div class=\"fch\">\n", out); /* a chapter's group: hidden when filtered empty */
				chapter_heading(h, i, cur);
			}
			finding(h, x, false);
		}
		if (d->n_findings)
			fputs("</div>\n", out);
	}
	fputs("</div>\n</section>\n", out);
}

static void drafts_section(struct html *h)
{
	FILE *out = h->out;
	const struct report_data *rd = h->rd;
	if (!rd->compared)
		return;
	fputs("<section id=\"drafts\" aria-labelledby=\"drafts-h\">\n"
	      "<h2 id=\"drafts-h\">Changes since the last draft</h2>\n<p>", out);
	if (rd->since_run > 0)
		fprintf(out, "Compared with scan %lld: ", (long long)rd->since_run);
	else
		fputs("Compared with the previous scan of each file: ", out);
	fprintf(out, "<strong id=\"n-new\">%zu new</strong>, <strong id=\"n-fixed\">%zu fixed"
		     "</strong> and <strong id=\"n-persisting\">%zu persisting</strong> %s.</p>\n",
		rd->n_new, rd->n_fixed, rd->n_persisting,
		plural(rd->n_new + rd->n_fixed + rd->n_persisting, "finding", "findings"));
	if (rd->n_new) {
		fputs("<h3>New findings</h3>\n", out);
		for (size_t i = 0; i < rd->n_findings; i++)
			if (rd->findings[i].change == RD_NEW)
				finding(h, &rd->findings[i], false);
	}
	if (rd->n_fixed) {
		fputs("<h3>Fixed findings</h3>\n", out);
		for (size_t i = 0; i < rd->n_fixed; i++)
			finding(h, &rd->fixed[i], true);
	}
	/* per-chapter metric changes */
	bool any = false;
	for (size_t c = 0; c < h->n_chapters; c++)
		any |= h->chapters[c].prev != NULL;
	if (any) {
		fputs("<table>\n<caption>Chapter metrics, this draft against the compared one"
		      "</caption>\n<thead><tr><th scope=\"col\">Chapter</th>"
		      "<th scope=\"col\" class=\"n\">Words</th><th scope=\"col\" class=\"n\">Change</th>"
		      "<th scope=\"col\" class=\"n\">Dialogue %</th><th scope=\"col\" class=\"n\">Change</th>"
		      "<th scope=\"col\" class=\"n\">Mean sentence</th><th scope=\"col\" class=\"n\">Change"
		      "</th></tr></thead>\n<tbody>\n", out);
		for (size_t c = 0; c < h->n_chapters; c++) {
			const struct pm_row *r = h->chapters[c].row, *p = h->chapters[c].prev;
			double dl = r->words ? 100.0 * r->dlg_words / r->words : 0;
			fprintf(out, "<tr><th scope=\"row\">%llu ", (unsigned long long)h->chapters[c].ordinal);
			html_esc(out, r->title);
			fprintf(out, "</th><td class=\"n\">%lld</td>", (long long)r->words);
			if (!p) {
				fprintf(out, "<td class=\"n\">new</td><td class=\"n\">%.0f</td><td></td>"
					     "<td class=\"n\">%.1f</td><td></td></tr>\n",
					dl, r->sent_mean);
				continue;
			}
			double pdl = p->words ? 100.0 * p->dlg_words / p->words : 0;
			fprintf(out, "<td class=\"n\">%+lld</td><td class=\"n\">%.0f</td>"
				     "<td class=\"n\">%+.0f</td><td class=\"n\">%.1f</td>"
				     "<td class=\"n\">%+.1f</td></tr>\n",
				(long long)(r->words - p->words), dl, dl - pdl, r->sent_mean,
				r->sent_mean - p->sent_mean);
		}
		fputs("</tbody>\n</table>\n", out);
	}
	fputs("</section>\n", out);
}

/* ------------------------------------------------------------------------
 * Charts
 * ---------------------------------------------------------------------- */

#define CW 960.0 /* chart width in SVG units */

/* Does chapter `number` of document doc have findings? */
static bool chapter_has_findings(const struct html *h, size_t doc, int64_t number)
{
	size_t ci = chapter_index(h->rd, doc, number);
	return ci != SIZE_MAX && h->ch_counts[ci][0] + h->ch_counts[ci][1] + h->ch_counts[ci][2];
}

/* A chart's mark of a chapter links to the chapter's findings, when it has any. */
static void chart_link_open(const struct html *h, size_t doc, int64_t number)
{
	if (!chapter_has_findings(h, doc, number))
		return;
	fputs("<a href=\"#", h->out);
	chapter_anchor(h->out, doc, number);
	fputs("\">", h->out);
}

static void chart_link_close(const struct html *h, size_t doc, int64_t number)
{
	if (chapter_has_findings(h, doc, number))
		fputs("</a>", h->out);
	fputs("\n", h->out);
}

static void pacing_section(struct html *h)
{
	FILE *out = h->out;
	fputs("<section id=\"pacing\" aria-labelledby=\"pacing-h\">\n"
	      "<h2 id=\"pacing-h\">Pacing curve</h2>\n", out);
	if (!h->have_metrics) {
		fputs("<p class=\"note\">No pacing metrics are stored for this scan (the pacing "
		      "analyzer was off or the store predates it).</p>\n</section>\n", out);
		return;
	}
	size_t n = h->n_scenes;
	double lo = -1.0, hi = 1.0;
	for (size_t i = 0; i < n; i++) {
		lo = fmin(lo, h->scenes[i].row->score);
		hi = fmax(hi, h->scenes[i].row->score);
	}
	/* grid lines every 0.5, or every whole multiple of 0.5 that keeps them
	 * to about a dozen when an odd scene scores far out */
	double gs = fmax(0.5, ceil((hi - lo) / 12.0 * 2) / 2);
	lo = floor(lo / gs) * gs;
	hi = ceil(hi / gs) * gs;
	const double L = 64, R = 16, T = 40, B = 56, H = 340;
	double pw = CW - L - R, ph = H - T - B;
#define X(i) (L + (n > 1 ? pw * (double)(i) / (double)(n - 1) : pw / 2))
#define Y(v) (T + ph * (hi - (v)) / (hi - lo))
	fprintf(out, "<figure>\n<svg id=\"pacing-chart\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
		     "aria-labelledby=\"pc-t pc-d\" xmlns=\"http://www.w3.org/2000/svg\">\n"
		     "<title id=\"pc-t\">Pace score of each scene across the book</title>\n"
		     "<desc id=\"pc-d\">Line chart of %zu scenes in reading order; higher is faster. "
		     "Dashed lines mark chapter starts; red dots mark scenes with pacing findings. "
		     "The table below gives the same numbers.</desc>\n",
		CW, H, n);
	fprintf(out, "<text x=\"%.0f\" y=\"22\" font-size=\"15\" font-weight=\"600\" fill=\"#1d2330\">"
		     "Pacing curve: pace score by scene</text>\n", L);
	/* y grid and labels */
	for (double v = lo; v <= hi + 1e-9; v += gs) {
		fprintf(out, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
			     "stroke-width=\"1\"/>\n",
			L, L + pw, Y(v), Y(v), fabs(v) < 1e-9 ? "#8a93a3" : "#e3e6eb");
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" "
			     "fill=\"#5b6474\">%+.1f</text>\n",
			L - 6, Y(v) + 4, v);
	}
	/* chapter boundaries, labelled sparsely */
	size_t step = h->n_chapters > 30 ? (h->n_chapters + 29) / 30 : 1;
	fputs("<g class=\"chapters\">\n", out);
	for (size_t c = 0; c < h->n_chapters; c++) {
		const struct h_chapter *ch = &h->chapters[c];
		if (!ch->n_scene)
			continue;
		double x = n > 1 ? X(ch->scene_first) : L;
		fprintf(out, "<line class=\"chapter-boundary\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" "
			     "y2=\"%.1f\" stroke=\"#9aa3b2\" stroke-dasharray=\"3 3\"/>\n",
			x, x, T, T + ph);
		if (c % step == 0 && ch->ordinal) {
			chart_link_open(h, ch->doc, ch->row->chapter);
			fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\" "
				     "fill=\"#5b6474\">%llu</text>",
				x, T + ph + 14, (unsigned long long)ch->ordinal);
			chart_link_close(h, ch->doc, ch->row->chapter);
		}
	}
	fputs("</g>\n", out);
	/* flagged scenes: a shaded band */
	for (size_t i = 0; i < n; i++) {
		if (!h->scenes[i].n_pacing)
			continue;
		double half = n > 1 ? pw / (double)(n - 1) / 2 : 8;
		const struct h_chapter *ch = &h->chapters[h->scenes[i].chapter];
		chart_link_open(h, ch->doc, ch->row->chapter);
		fprintf(out, "<rect class=\"flagged\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			     "height=\"%.1f\" fill=\"#b5471b\" fill-opacity=\"0.10\"/>",
			fmax(L, X(i) - half), T, fmin(2 * half, L + pw - fmax(L, X(i) - half)), ph);
		chart_link_close(h, ch->doc, ch->row->chapter);
	}
	/* the curve */
	fputs("<polyline class=\"curve\" fill=\"none\" stroke=\"#2a5d9f\" stroke-width=\"2\" "
	      "points=\"", out);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%s%.1f,%.1f", i ? " " : "", X(i), Y(h->scenes[i].row->score));
	fputs("\"/>\n", out);
	for (size_t i = 0; i < n; i++) {
		const struct h_scene *s = &h->scenes[i];
		char info[64] = "";
		if (h->have_surprisal)
			snprintf(info, sizeof(info), ", %.2f bits/word", s->row->surprisal);
		fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%s\" fill=\"%s\"><title>Chapter %llu, "
			     "scene %lld: score %+.2f, %lld words%s%s</title></circle>\n",
			X(i), Y(s->row->score), s->n_pacing ? "4.5" : "2.5",
			s->n_pacing ? "#b5471b" : "#2a5d9f",
			(unsigned long long)h->chapters[s->chapter].ordinal,
			(long long)s->row->scene, s->row->score, (long long)s->row->words, info,
			s->n_pacing ? ", flagged" : "");
	}
	/* axes */
	fprintf(out, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#1d2330\"/>\n",
		L, L, T, T + ph);
	fprintf(out, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#1d2330\"/>\n",
		L, L + pw, T + ph, T + ph);
	fprintf(out, "<text class=\"axis-label\" x=\"%.1f\" y=\"%.1f\" font-size=\"12\" "
		     "text-anchor=\"middle\" fill=\"#1d2330\">Scenes in reading order (numbers: "
		     "chapter starts)</text>\n",
		L + pw / 2, H - 12);
	fprintf(out, "<text class=\"axis-label\" x=\"16\" y=\"%.1f\" font-size=\"12\" "
		     "text-anchor=\"middle\" fill=\"#1d2330\" transform=\"rotate(-90 16 %.1f)\">"
		     "Pace score (faster \xe2\x86\x91)</text>\n",
		T + ph / 2, T + ph / 2);
	fprintf(out, "</svg>\n<figcaption>Pace score of each scene: the mean of the signed z-scores of "
		     "dialogue share, action verbs, perception/cognition verbs, past perfect, sentence "
		     "length%s paragraph length%s against the book's own scenes (0 = the book's "
		     "average). Shaded: scenes with pacing findings.</figcaption>\n</figure>\n",
		h->have_surprisal ? "," : " and",
		h->have_surprisal ? " and information rate (the language model's mean surprisal per word)" : "");
#undef X
#undef Y
	fputs("<details>\n<summary>Scene table (the same numbers)</summary>\n<table>\n"
	      "<caption>Pace score by scene</caption>\n<thead><tr><th scope=\"col\">Chapter</th>"
	      "<th scope=\"col\">Scene</th><th scope=\"col\" class=\"n\">Words</th>"
	      "<th scope=\"col\" class=\"n\">Dialogue %</th><th scope=\"col\" class=\"n\">Mean sentence"
	      "</th>", out);
	if (h->have_surprisal)
		fputs("<th scope=\"col\" class=\"n\">Information rate (bits/word)</th>", out);
	fputs("<th scope=\"col\" class=\"n\">Score</th><th scope=\"col\">Slowed by</th>"
	      "<th scope=\"col\" class=\"n\">Pacing findings</th></tr></thead>\n<tbody>\n",
	      out);
	for (size_t i = 0; i < n; i++) {
		const struct pm_row *r = h->scenes[i].row;
		fprintf(out, "<tr><td>%llu</td><td>%lld</td><td class=\"n\">%lld</td>"
			     "<td class=\"n\">%.0f</td><td class=\"n\">%.1f</td>",
			(unsigned long long)h->chapters[h->scenes[i].chapter].ordinal,
			(long long)r->scene, (long long)r->words,
			r->words ? 100.0 * r->dlg_words / r->words : 0, r->sent_mean);
		if (h->have_surprisal)
			fprintf(out, "<td class=\"n\">%.2f</td>", r->surprisal);
		fprintf(out, "<td class=\"n\">%+.2f</td><td>", r->score);
		/* the components that pulled the score down the most */
		bool used[PACE_N_COMP] = { false };
		int shown = 0;
		for (int k = 0; k < 2; k++) {
			int best = -1;
			for (int c = 0; c < PACE_N_COMP; c++)
				if (!used[c] && r->z[c] < -0.5 && (best < 0 || r->z[c] < r->z[best]))
					best = c;
			if (best < 0)
				break;
			used[best] = true;
			fprintf(out, "%s%s (z %+.1f)", shown++ ? ", " : "",
				pace_comp_name((enum pace_comp)best), r->z[best]);
		}
		fprintf(out, "</td><td class=\"n\">%zu</td></tr>\n", h->scenes[i].n_pacing);
	}
	fputs("</tbody>\n</table>\n</details>\n</section>\n", out);
}

static void dialogue_section(struct html *h)
{
	FILE *out = h->out;
	fputs("<section id=\"dialogue\" aria-labelledby=\"dialogue-h\">\n"
	      "<h2 id=\"dialogue-h\">Dialogue and narration by chapter</h2>\n", out);
	if (!h->have_metrics) {
		fputs("<p class=\"note\">No metrics stored.</p>\n</section>\n", out);
		return;
	}
	size_t n = h->n_chapters;
	const double L = 64, R = 16, T = 40, B = 56, H = 300;
	double pw = CW - L - R, ph = H - T - B;
	double bw = pw / (double)(n ? n : 1);
	fprintf(out, "<figure>\n<svg id=\"dialogue-chart\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
		     "aria-labelledby=\"dc-t dc-d\" xmlns=\"http://www.w3.org/2000/svg\">\n"
		     "<title id=\"dc-t\">Share of words in dialogue and in narration, by chapter</title>\n"
		     "<desc id=\"dc-d\">Stacked bars, one per chapter: dialogue (dark) over narration "
		     "(light), as percentages of the chapter's words. The table below gives the "
		     "numbers.</desc>\n",
		CW, H);
	fprintf(out, "<text x=\"%.0f\" y=\"22\" font-size=\"15\" font-weight=\"600\" fill=\"#1d2330\">"
		     "Dialogue vs narration per chapter</text>\n", L);
	fprintf(out, "<rect x=\"%.0f\" y=\"12\" width=\"10\" height=\"10\" fill=\"#2a5d9f\"/>"
		     "<text x=\"%.0f\" y=\"21\" font-size=\"11\" fill=\"#1d2330\">dialogue</text>"
		     "<rect x=\"%.0f\" y=\"12\" width=\"10\" height=\"10\" fill=\"#c9d6ea\"/>"
		     "<text x=\"%.0f\" y=\"21\" font-size=\"11\" fill=\"#1d2330\">narration</text>\n",
		CW - 190, CW - 176, CW - 110, CW - 96);
	for (int v = 0; v <= 100; v += 25) {
		double y = T + ph * (100 - v) / 100.0;
		fprintf(out, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e6eb\"/>"
			     "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" "
			     "fill=\"#5b6474\">%d%%</text>\n",
			L, L + pw, y, y, L - 6, y + 4, v);
	}
	size_t step = n > 30 ? (n + 29) / 30 : 1;
	for (size_t c = 0; c < n; c++) {
		const struct pm_row *r = h->chapters[c].row;
		double share = r->words ? (double)r->dlg_words / (double)r->words : 0;
		double x = L + bw * (double)c + bw * 0.1, w = bw * 0.8;
		double yd = T + ph * (1 - share);
		chart_link_open(h, h->chapters[c].doc, r->chapter);
		fprintf(out, "<g class=\"bar\"><title>Chapter %llu: %.0f%% dialogue, %.0f%% narration, "
			     "%lld words</title>"
			     "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#c9d6ea\"/>"
			     "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#2a5d9f\"/></g>",
			(unsigned long long)h->chapters[c].ordinal, 100 * share, 100 * (1 - share),
			(long long)r->words, x, T,
			w, yd - T, x, yd, w, T + ph - yd);
		chart_link_close(h, h->chapters[c].doc, r->chapter);
		if (c % step == 0)
			fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\" "
				     "fill=\"#5b6474\">%llu</text>\n",
				x + w / 2, T + ph + 14, (unsigned long long)h->chapters[c].ordinal);
	}
	fprintf(out, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#1d2330\"/>\n",
		L, L + pw, T + ph, T + ph);
	fprintf(out, "<text class=\"axis-label\" x=\"%.1f\" y=\"%.1f\" font-size=\"12\" "
		     "text-anchor=\"middle\" fill=\"#1d2330\">Chapter</text>\n", L + pw / 2, H - 12);
	fprintf(out, "<text class=\"axis-label\" x=\"16\" y=\"%.1f\" font-size=\"12\" "
		     "text-anchor=\"middle\" fill=\"#1d2330\" transform=\"rotate(-90 16 %.1f)\">"
		     "Share of words</text>\n</svg>\n</figure>\n",
		T + ph / 2, T + ph / 2);
	fputs("<details>\n<summary>Chapter table (the same numbers)</summary>\n<table>\n"
	      "<caption>Dialogue and narration by chapter</caption>\n<thead><tr>"
	      "<th scope=\"col\">Chapter</th><th scope=\"col\">Title</th>"
	      "<th scope=\"col\" class=\"n\">Words</th><th scope=\"col\" class=\"n\">Dialogue words</th>"
	      "<th scope=\"col\" class=\"n\">Dialogue %</th><th scope=\"col\" class=\"n\">Action verbs"
	      "</th><th scope=\"col\" class=\"n\">Perception verbs</th><th scope=\"col\" class=\"n\">"
	      "Past perfect</th></tr></thead>\n<tbody>\n", out);
	for (size_t c = 0; c < n; c++) {
		const struct pm_row *r = h->chapters[c].row;
		fprintf(out, "<tr><td>%llu</td><td>", (unsigned long long)h->chapters[c].ordinal);
		html_esc(out, r->title);
		fprintf(out, "</td><td class=\"n\">%lld</td><td class=\"n\">%lld</td><td class=\"n\">%.0f"
			     "</td><td class=\"n\">%lld</td><td class=\"n\">%lld</td><td class=\"n\">%lld"
			     "</td></tr>\n",
			(long long)r->words, (long long)r->dlg_words,
			r->words ? 100.0 * r->dlg_words / r->words : 0, (long long)r->action,
			(long long)r->percept, (long long)r->pastperf);
	}
	fputs("</tbody>\n</table>\n</details>\n</section>\n", out);
}

static void sentences_section(struct html *h)
{
	FILE *out = h->out;
	fputs("<section id=\"sentences\" aria-labelledby=\"sentences-h\">\n"
	      "<h2 id=\"sentences-h\">Sentence lengths</h2>\n", out);
	if (!h->have_metrics) {
		fputs("<p class=\"note\">No metrics stored.</p>\n</section>\n", out);
		return;
	}
	int64_t max = 1, total = 0;
	for (int b = 0; b < PACE_HIST_BINS; b++) {
		max = h->hist[b] > max ? h->hist[b] : max;
		total += h->hist[b];
	}
	const double L = 64, R = 16, T = 40, B = 56, H = 280;
	double pw = CW - L - R, ph = H - T - B, bw = pw / PACE_HIST_BINS;
	fprintf(out, "<figure>\n<svg id=\"sentence-chart\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
		     "aria-labelledby=\"sc-t sc-d\" xmlns=\"http://www.w3.org/2000/svg\">\n"
		     "<title id=\"sc-t\">Histogram of sentence lengths in words</title>\n"
		     "<desc id=\"sc-d\">Bars count the book's %lld sentences by length, in bins of %d "
		     "words. The table below gives the numbers.</desc>\n",
		CW, H, (long long)total, PACE_HIST_WIDTH);
	fprintf(out, "<text x=\"%.0f\" y=\"22\" font-size=\"15\" font-weight=\"600\" fill=\"#1d2330\">"
		     "Sentence-length histogram</text>\n", L);
	for (int k = 0; k <= 4; k++) {
		double v = (double)max * k / 4, y = T + ph * (1 - (double)k / 4);
		fprintf(out, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e6eb\"/>"
			     "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" "
			     "fill=\"#5b6474\">%.0f</text>\n",
			L, L + pw, y, y, L - 6, y + 4, v);
	}
	for (int b = 0; b < PACE_HIST_BINS; b++) {
		double hh = ph * (double)h->hist[b] / (double)max;
		double x = L + bw * b + 3;
		char label[32];
		if (b == PACE_HIST_BINS - 1)
			snprintf(label, sizeof(label), "%d+", b * PACE_HIST_WIDTH + 1);
		else
			snprintf(label, sizeof(label), "%d\xe2\x80\x93%d", b * PACE_HIST_WIDTH + 1,
				 (b + 1) * PACE_HIST_WIDTH);
		fprintf(out, "<g class=\"bar\"><title>%s words: %lld sentences</title><rect x=\"%.1f\" "
			     "y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#2a5d9f\"/></g>"
			     "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\" "
			     "fill=\"#5b6474\">%s</text>\n",
			label, (long long)h->hist[b], x, T + ph - hh, bw - 6, hh, x + (bw - 6) / 2,
			T + ph + 14, label);
	}
	fprintf(out, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#1d2330\"/>\n",
		L, L + pw, T + ph, T + ph);
	fprintf(out, "<text class=\"axis-label\" x=\"%.1f\" y=\"%.1f\" font-size=\"12\" "
		     "text-anchor=\"middle\" fill=\"#1d2330\">Sentence length (words)</text>\n",
		L + pw / 2, H - 12);
	fprintf(out, "<text class=\"axis-label\" x=\"16\" y=\"%.1f\" font-size=\"12\" "
		     "text-anchor=\"middle\" fill=\"#1d2330\" transform=\"rotate(-90 16 %.1f)\">"
		     "Sentences</text>\n</svg>\n</figure>\n",
		T + ph / 2, T + ph / 2);
	fputs("<details>\n<summary>Histogram table (the same numbers)</summary>\n<table>\n"
	      "<caption>Sentences by length</caption>\n<thead><tr><th scope=\"col\">Words</th>"
	      "<th scope=\"col\" class=\"n\">Sentences</th></tr></thead>\n<tbody>\n", out);
	for (int b = 0; b < PACE_HIST_BINS; b++) {
		if (b == PACE_HIST_BINS - 1)
			fprintf(out, "<tr><td>%d or more</td>", b * PACE_HIST_WIDTH + 1);
		else
			fprintf(out, "<tr><td>%d\xe2\x80\x93%d</td>", b * PACE_HIST_WIDTH + 1,
				(b + 1) * PACE_HIST_WIDTH);
		fprintf(out, "<td class=\"n\">%lld</td></tr>\n", (long long)h->hist[b]);
	}
	fputs("</tbody>\n</table>\n</details>\n</section>\n", out);
}

/* ------------------------------------------------------------------------
 * Character presence and the consistency appendix (store tables of the
 * consistency registry, when a scan stored them)
 * ---------------------------------------------------------------------- */

static bool has_registry(const struct html *h)
{
	return h->rc.reg && h->rc.reg->n_chars;
}

/* Heat level 1..5 of n mentions against the most in any cell (log scale:
 * the main character's hundreds and a minor one's few both show). */
static int heat_level(uint32_t n, uint32_t max)
{
	if (!n)
		return 0;
	int lv = 1 + (int)floor(5.0 * log((double)n) / log((double)max + 1.0));
	return lv < 1 ? 1 : lv > 5 ? 5 : lv;
}

/* The fewest mentions that reach heat level lv (1..5). */
static uint32_t heat_floor(int lv, uint32_t max)
{
	uint32_t n = 1;
	while (n < max && heat_level(n, max) < lv)
		n++;
	return n;
}

/* "Catherine (51), Miss Morland (10)": the forms a character is written in. */
static void aliases_text(FILE *out, const struct cons_character *c, uint32_t max)
{
	for (uint32_t a = 0; a < c->n_aliases && a < max; a++) {
		fputs(a ? ", " : "", out);
		html_esc(out, c->aliases[a].text);
		fprintf(out, " (%u)", c->aliases[a].n);
	}
	if (c->n_aliases > max)
		fprintf(out, " and %u more", c->n_aliases - max);
}

#define HEAT_ROWS 15 /* characters in the heatmap */
#define HEAT_COLS 15 /* chapters in one table of it: one printed page wide */

static void characters_section(struct html *h)
{
	FILE *out = h->out;
	fputs("<section id=\"characters\" aria-labelledby=\"characters-h\">\n"
	      "<h2 id=\"characters-h\">Characters by chapter</h2>\n", out);
	if (!has_registry(h) || !h->rc.n_chapters) {
		fputs("<p class=\"note\">The character registry is not in the store for this scan, so "
		      "the character \xc3\x97 chapter heatmap is omitted.</p>\n</section>\n", out);
		return;
	}
	const struct cons_registry *reg = h->rc.reg;
	size_t rows = reg->n_chars < HEAT_ROWS ? reg->n_chars : HEAT_ROWS;
	size_t cols = h->rc.n_chapters;
	uint32_t max = 1;
	for (size_t i = 0; i < rows; i++)
		for (uint32_t q = 0; q < reg->chars[i].n_chapters; q++)
			max = reg->chars[i].chapter_counts[q] > max ? reg->chars[i].chapter_counts[q] : max;
	if (rows == reg->n_chars)
		fprintf(out, "<p>Who appears where: the book\xe2\x80\x99s %zu characters", rows);
	else
		fprintf(out, "<p>Who appears where: the %zu most mentioned of the book\xe2\x80\x99s "
			     "%zu characters", rows, reg->n_chars);
	fputs(", with their mentions in each chapter (all the names and forms "
	      "a character goes by together). Darker cells mean more mentions; the "
	      "numbers are in the cells. Hover over a name for the forms it is written "
	      "in; the <a href=\"#consistency\">consistency appendix</a> lists them all."
	      "</p>\n", out);
	/* the columns: every chapter but front matter (which names no one) */
	size_t *col = xcalloc(cols ? cols : 1, sizeof(*col));
	size_t n_col = 0;
	for (size_t c = 0; c < cols; c++)
		if (!(h->rc.chapters[c].ch && h->rc.chapters[c].ch->number == 0))
			col[n_col++] = c;
	/* HEAT_COLS chapters a table, each whole on a printed page; the tables
	 * follow one another, so a book of any length prints every chapter */
	for (size_t t0 = 0, part = 1; t0 < n_col; t0 += HEAT_COLS, part++) {
		size_t t1 = t0 + HEAT_COLS < n_col ? t0 + HEAT_COLS : n_col;
		fputs("<div class=\"heat-wrap\">\n<table ", out);
		if (part == 1)
			fputs("id=\"character-heatmap\" ", out);
		else
			fprintf(out, "id=\"character-heatmap-%zu\" ", part);
		fputs("class=\"heatmap\">\n", out);
		fputs("<caption>", out);
		if (n_col > HEAT_COLS && t1 > t0 + 1)
			fprintf(out, "Chapters %zu\xe2\x80\x93%zu of %zu: m", t0 + 1, t1, n_col);
		else if (n_col > HEAT_COLS)
			fprintf(out, "Chapter %zu of %zu: m", t1, n_col);
		else
			fputs("M", out);
		fprintf(out, "entions per chapter of the %zu most mentioned characters "
			     "(darker = more mentions)", rows);
		fputs("</caption>\n<thead><tr><th scope=\"col\">Character</th>"
		      "<th scope=\"col\" class=\"n\">All</th>", out);
		for (size_t j = t0; j < t1; j++) {
			const struct rc_chapter *ch = &h->rc.chapters[col[j]];
			fputs("<th scope=\"col\" class=\"ch\" title=\"", out);
			html_esc(out, ch->label);
			if (ch->ch && ch->ch->title[0]) {
				fputs(": ", out);
				html_esc(out, ch->ch->title);
			}
			fputs("\">", out);
			if (ch->ch && chapter_has_findings(h, ch->doc, ch->ch->number)) {
				fputs("<a href=\"#", out);
				chapter_anchor(out, ch->doc, ch->ch->number);
				fprintf(out, "\">%zu</a>", j + 1);
			} else
				fprintf(out, "%zu", j + 1);
			fputs("</th>", out);
		}
		fputs("</tr></thead>\n<tbody>\n", out);
		for (size_t i = 0; i < rows; i++) {
			const struct cons_character *x = &reg->chars[i];
			fputs("<tr><th scope=\"row\" title=\"Written as: ", out);
			aliases_text(out, x, 12);
			fprintf(out, "; %s\">", cons_gender_name(x->gender));
			html_esc(out, x->name);
			fprintf(out, "</th><td class=\"n\">%u</td>", x->n_mentions);
			uint32_t q = 0;
			for (size_t j = t0; j < t1; j++) {
				size_t c = col[j];
				while (q < x->n_chapters && x->chapters[q] < c)
					q++;
				uint32_t n = q < x->n_chapters && x->chapters[q] == c ? x->chapter_counts[q] : 0;
				fprintf(out, "<td class=\"h%d\" title=\"", heat_level(n, max));
				html_esc(out, x->name);
				fputs(", ", out);
				html_esc(out, h->rc.chapters[c].label);
				fprintf(out, ": %u %s\">", n, plural(n, "mention", "mentions"));
				if (n)
					fprintf(out, "%u</td>", n);
				else
					fputs("<span class=\"sr\">0</span></td>", out);
			}
			fputs("</tr>\n", out);
		}
		fputs("</tbody>\n</table>\n</div>\n", out);
	}
	free(col);
	fputs("<p class=\"legend\" aria-hidden=\"true\">Mentions in a chapter: "
	      "<span class=\"sw h0\"></span>none", out);
	uint32_t last = 0;
	for (int lv = 1; lv <= 5; lv++) {
		uint32_t lo = heat_floor(lv, max);
		if (lo == last || heat_level(lo, max) != lv)
			continue;
		fprintf(out, " <span class=\"sw h%d\"></span>%u%s", lv, lo, lo < max ? "+" : "");
		last = lo;
	}
	fputs(" (log scale)</p>\n</section>\n", out);
}

/* "chapter-04.md, line 78" (or paragraph for DOCX). */
static void short_loc(FILE *out, const char *path, int64_t line, int64_t paragraph)
{
	html_esc(out, rc_base_name(path));
	if (line > 0)
		fprintf(out, ", line %lld", (long long)line);
	else
		fprintf(out, ", paragraph %lld", (long long)paragraph);
}

/* The places of a group of findings, at most 5. */
static void group_places(FILE *out, const struct report_data *rd, const struct rc_group *g)
{
	for (size_t k = 0; k < g->n && k < 5; k++) {
		const struct rd_finding *x = &rd->findings[g->idx[k]];
		fputs(k ? "; " : "", out);
		short_loc(out, x->path, x->line, x->paragraph);
	}
	if (g->n > 5)
		fprintf(out, " and %zu more", g->n - 5);
}

static void names_part(struct html *h)
{
	FILE *out = h->out;
	const struct report_data *rd = h->rd;
	fputs("<h3 id=\"names\">Names and their variants</h3>\n", out);
	if (!has_registry(h)) {
		fputs("<p class=\"note\">The character registry is not in the store for this scan "
		      "(scan again to store it), so the names and the fact ledger are omitted.</p>\n",
		      out);
	} else {
		const struct cons_registry *reg = h->rc.reg;
		size_t shown = reg->n_chars < 60 ? reg->n_chars : 60;
		fprintf(out, "<table id=\"name-table\">\n<caption>Characters and the forms of their "
			     "names, most mentioned first%s</caption>\n<thead><tr>"
			     "<th scope=\"col\">Character</th><th scope=\"col\">Gender</th>"
			     "<th scope=\"col\" class=\"n\">Mentions</th><th scope=\"col\">Written as "
			     "(mentions)</th><th scope=\"col\">Chapters</th></tr></thead>\n<tbody>\n",
			shown < reg->n_chars ? " (the first 60)" : "");
		char buf[400], lb[64];
		for (size_t i = 0; i < shown; i++) {
			const struct cons_character *x = &reg->chars[i];
			fputs("<tr><th scope=\"row\">", out);
			html_esc(out, x->name);
			fprintf(out, "</th><td>%s</td><td class=\"n\">%u</td><td>",
				cons_gender_name(x->gender), x->n_mentions);
			aliases_text(out, x, 20);
			fprintf(out, "</td><td>%u: ", x->n_chapters);
			html_esc(out, rc_ranges(x->chapters, x->n_chapters, buf, sizeof(buf)));
			if (x->n_chapters) {
				fputs(" <span class=\"meta\">(from ", out);
				html_esc(out, rc_chapter_label(&h->rc, x->chapters[0], lb, sizeof(lb)));
				fputs(")</span>", out);
			}
			fputs("</td></tr>\n", out);
		}
		fputs("</tbody>\n</table>\n<p class=\"meta\">Chapters are numbered through the "
		      "whole book, in reading order (the column heads of the heatmap).</p>\n", out);
	}
	struct rc_group *g;
	const char *names_rule = NULL;
	catalog_appendix_rules(APPENDIX_NAMES, &names_rule, 1);
	size_t n = names_rule ? rc_groups(rd, names_rule, &g) : 0;
	if (!n) {
		fputs("<p>No name is spelled in a rare variant of another.</p>\n", out);
	} else {
		fputs("<table id=\"name-variants\">\n<caption>Rare spellings of frequent names "
		      "(consistency.name-variant)</caption>\n<thead><tr><th scope=\"col\">Written"
		      "</th><th scope=\"col\">Frequent form</th><th scope=\"col\">Counts</th>"
		      "<th scope=\"col\">Where</th></tr></thead>\n<tbody>\n", out);
		for (size_t i = 0; i < n; i++) {
			const struct rd_finding *x = g[i].first;
			fputs("<tr><th scope=\"row\">", out);
			html_esc(out, x->text);
			fputs("</th><td>", out);
			html_esc(out, x->suggestion ? x->suggestion : "");
			fputs("</td><td>", out);
			html_esc(out, x->message);
			fputs("</td><td>", out);
			group_places(out, rd, &g[i]);
			if (x->n_rel) {
				fputs(" <span class=\"meta\">(the frequent form first at ", out);
				short_loc(out, x->rel[0].path, 0, x->rel[0].paragraph);
				fputs(")</span>", out);
			}
			fputs("</td></tr>\n", out);
		}
		fputs("</tbody>\n</table>\n", out);
	}
	rc_groups_free(g, n);
}

static const char *spelling_kind(const struct rd_finding *x)
{
	if (!strcmp(x->rule, "consistency.punctuation-style"))
		return "punctuation";
	if (strstr(x->message, "house style"))
		return "house style";
	if (strstr(x->message, "is written"))
		return "compound";
	if (strstr(x->message, "capitalized"))
		return "capitals";
	return "spelling";
}

static void spelling_part(struct html *h)
{
	FILE *out = h->out;
	const struct report_data *rd = h->rd;
	const char *rules[8];
	size_t n_rules = catalog_appendix_rules(APPENDIX_SPELLING, rules, SM_ARRAY_LEN(rules));
	fputs("<h3 id=\"spelling\">Spelling choices</h3>\n", out);
	size_t total = 0;
	for (size_t r = 0; r < n_rules && r < SM_ARRAY_LEN(rules); r++) {
		struct rc_group *g;
		size_t n = rc_groups(rd, rules[r], &g);
		if (n && !total)
			fputs("<table id=\"spelling-choices\">\n<caption>Words and punctuation written "
			      "two ways: the minority form, the book\xe2\x80\x99s majority (or house) "
			      "form and the counts</caption>\n<thead><tr><th scope=\"col\">Kind</th>"
			      "<th scope=\"col\">Minority form</th><th scope=\"col\">Majority form</th>"
			      "<th scope=\"col\">Counts</th><th scope=\"col\">Where</th></tr></thead>\n"
			      "<tbody>\n", out);
		for (size_t i = 0; i < n; i++) {
			const struct rd_finding *x = g[i].first;
			fprintf(out, "<tr><td>%s</td><th scope=\"row\"><code>", spelling_kind(x));
			html_esc(out, x->text);
			fputs("</code></th><td><code>", out);
			html_esc(out, x->suggestion ? x->suggestion : "");
			fputs("</code></td><td>", out);
			html_esc(out, x->message);
			fputs("</td><td>", out);
			group_places(out, rd, &g[i]);
			fputs("</td></tr>\n", out);
		}
		total += n;
		rc_groups_free(g, n);
	}
	if (total)
		fputs("</tbody>\n</table>\n", out);
	else
		fputs("<p>Every word and punctuation mark the checks compare (US/UK spellings, "
		      "compounds, capitals, quotes, dashes, ellipses) is written one way "
		      "throughout.</p>\n", out);
}

static void facts_part(struct html *h)
{
	FILE *out = h->out;
	fputs("<h3 id=\"facts\">Fact ledger</h3>\n", out);
	if (!has_registry(h)) {
		fputs("<p class=\"note\">The fact ledger is not in the store for this scan.</p>\n", out);
		return;
	}
	const struct cons_registry *reg = h->rc.reg;
	if (!reg->n_facts) {
		fputs("<p>The narration states no eye colour, hair colour or age of a named "
		      "character.</p>\n", out);
		return;
	}
	fputs("<table id=\"fact-ledger\">\n<caption>Physical facts stated in the narration, per "
	      "character</caption>\n<thead><tr><th scope=\"col\">Character</th>"
	      "<th scope=\"col\">Attribute</th><th scope=\"col\">Value</th>"
	      "<th scope=\"col\">Where</th><th scope=\"col\">Note</th></tr></thead>\n<tbody>\n", out);
	char lb[64], lb2[64];
	for (size_t i = 0; i < reg->n_facts; i++) {
		const struct cons_fact *f = &reg->facts[i];
		const char *name = f->character < reg->n_chars ? reg->chars[f->character].name : "?";
		fputs("<tr><th scope=\"row\">", out);
		html_esc(out, name);
		fprintf(out, "</th><td>%s</td><td>", cons_attr_name(f->attr));
		html_esc(out, f->value);
		fputs("</td><td>", out);
		html_esc(out, rc_chapter_label(&h->rc, f->at.chapter, lb, sizeof(lb)));
		fputs("</td><td>", out);
		/* an earlier, different value of the same attribute */
		for (size_t j = 0; j < i; j++) {
			const struct cons_fact *e = &reg->facts[j];
			if (e->character != f->character || e->attr != f->attr ||
			    !strcmp(e->value, f->value) || f->attr == CONS_ATTR_AGE)
				continue;
			fputs("<span class=\"down\">differs from ", out);
			html_esc(out, e->value);
			fputs(" (", out);
			html_esc(out, rc_chapter_label(&h->rc, e->at.chapter, lb2, sizeof(lb2)));
			fputs(")</span>", out);
			break;
		}
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody>\n</table>\n", out);
}

static void consistency_section(struct html *h)
{
	FILE *out = h->out;
	const struct report_data *rd = h->rd;
	fputs("<section id=\"consistency\" aria-labelledby=\"consistency-h\">\n"
	      "<h2 id=\"consistency-h\">Consistency appendix</h2>\n", out);
	names_part(h);
	spelling_part(h);
	facts_part(h);
	/* the other consistency findings: tense, POV, timeline, attributes */
	size_t n = 0;
	for (size_t i = 0; i < rd->n_findings; i++) {
		const char *r = rd->findings[i].rule;
		if (!strncmp(r, "consistency.", 12) && catalog_appendix(r) == APPENDIX_NONE)
			n++;
	}
	fputs("<h3 id=\"other-consistency\">Tense, point of view, timeline and facts</h3>\n", out);
	if (!n) {
		fputs("<p>No tense or point-of-view shifts, timeline slips or contradicted facts were "
		      "found.</p>\n</section>\n", out);
		return;
	}
	fputs("<table>\n<caption>Other consistency findings</caption>\n<thead><tr>"
	      "<th scope=\"col\">Rule</th><th scope=\"col\">Where</th>"
	      "<th scope=\"col\">Finding</th></tr></thead>\n<tbody>\n", out);
	for (size_t i = 0; i < rd->n_findings; i++) {
		const struct rd_finding *x = &rd->findings[i];
		if (strncmp(x->rule, "consistency.", 12) || catalog_appendix(x->rule) != APPENDIX_NONE)
			continue;
		fputs("<tr><td class=\"rule\">", out);
		html_esc(out, x->rule);
		fputs("</td><td>", out);
		location(h, x);
		fputs("</td><td>", out);
		html_esc(out, x->message);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody>\n</table>\n</section>\n", out);
}

static void method_section(struct html *h)
{
	fputs("<section id=\"method\" aria-labelledby=\"method-h\">\n"
	      "<h2 id=\"method-h\">How the numbers are made</h2>\n"
	      "<p>Words are counted in paragraphs; dialogue is text inside quotation marks. Action "
	      "verbs and perception/cognition verbs are counted in narration only, from the lexicons "
	      "shipped in <code>rules/pacing/</code>. Past perfect is \xe2\x80\x9chad\xe2\x80\x9d "
	      "followed by a past participle, in narration. The pace score of a scene is the mean of "
	      "the signed z-scores (clamped to \xc2\xb1" "3) of: dialogue share (+), action verbs per "
	      "100 narration words (+), perception/cognition verbs per 100 narration words "
	      "(\xe2\x88\x92), past perfect per 1,000 narration words (\xe2\x88\x92), mean sentence "
	      "length (\xe2\x88\x92) and mean paragraph length (\xe2\x88\x92), each measured against "
	      "the book's own scenes. Information rate, the mean surprisal per word under the "
	      "language model in bits (\xe2\x88\x92: dense, unpredictable prose reads slower), "
	      "joins the score only when the language model scored the book. Reading time assumes "
	      "250 words a minute.</p>\n</section>\n", h->out);
}

int report_html(FILE *out, const struct report_data *rd, struct store *st, struct sm_err *err)
{
	struct html h;
	memset(&h, 0, sizeof(h));
	h.out = out;
	h.rd = rd;
	rc_book_init(&h.rc, rd);
	int rc = build(&h, st, err);
	if (rc) {
		release(&h);
		return rc;
	}
	head(&h);
	cover(&h);
	summary(&h);
	chapters_section(&h);
	drafts_section(&h);
	pacing_section(&h);
	dialogue_section(&h);
	sentences_section(&h);
	characters_section(&h);
	findings_section(&h);
	consistency_section(&h);
	method_section(&h);
	fputs("<footer class=\"meta\"><p>Written by storymaster " SM_VERSION
	      ". This page needs no network and no scripts.</p></footer>\n</main>\n</body>\n</html>\n",
	      out);
	release(&h);
	return SM_OK;
}
