/* findings_out.c: print the findings of `check`: compiler-style text, and
 * the public JSON contract (documented in man/storymaster.1). */
#include <string.h>

#include "report/report.h"

void out_json_str(FILE *out, const char *s, size_t n)
{
	fputc('"', out);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\t': fputs("\\t", out); break;
		case '\r': fputs("\\r", out); break;
		default:
			if (c < 0x20)
				fprintf(out, "\\u%04x", c);
			else
				fputc(c, out);
		}
	}
	fputc('"', out);
}

void out_json_cstr(FILE *out, const char *s)
{
	if (s)
		out_json_str(out, s, strlen(s));
	else
		fputs("null", out);
}

/* Category of a rule id: the part before the first dot. */
static void json_category(FILE *out, const char *rule)
{
	const char *dot = strchr(rule, '.');
	out_json_str(out, rule, dot ? (size_t)(dot - rule) : strlen(rule));
}

void out_path(FILE *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\n')
			fputs("\\n", out);
		else if (c == '\t')
			fputs("\\t", out);
		else if (c == '\r')
			fputs("\\r", out);
		else if (c < 0x20 || c == 0x7f)
			fprintf(out, "\\x%02x", c);
		else
			fputc(c, out);
	}
}

static void json_place(FILE *out, const struct sm_doc *d, const struct doc_place *p)
{
	fputs("\"path\":", out);
	out_json_cstr(out, d->path);
	fprintf(out, ",\"paragraph\":%u,\"chapter_paragraph\":%u,\"start\":%u,\"end\":%u",
		p->paragraph, p->chapter_paragraph, p->start, p->end);
}

void out_findings_json(FILE *out, const struct sm_book *book, const struct sm_findings *f)
{
	fprintf(out, "{\"tool\":\"storymaster\",\"version\":\"%s\",\"documents\":[", SM_VERSION);
	for (size_t i = 0; i < book->n_docs; i++) {
		const struct sm_doc *d = book->docs[i];
		fputs(i ? ",\n{" : "\n{", out);
		fputs("\"path\":", out);
		out_json_cstr(out, d->path);
		fprintf(out, ",\"format\":\"%s\",\"words\":%u,\"chapters\":[", doc_format_name(d->format),
			d->n_words);
		for (size_t c = 0; c < d->n_chapters; c++) {
			const struct chapter *ch = &d->chapters[c];
			fprintf(out, "%s{\"number\":%u,\"title\":", c ? "," : "", ch->number);
			out_json_cstr(out, ch->title);
			fprintf(out, ",\"first_paragraph\":%u,\"last_paragraph\":%u,\"words\":%u,\"scenes\":[",
				ch->block_first + 1, ch->block_last + 1, ch->n_words);
			for (uint32_t s = 0; s < ch->n_scene; s++) {
				const struct scene *sc = &d->scenes[ch->scene_first + s];
				fprintf(out, "%s{\"number\":%u,\"first_paragraph\":%u,\"last_paragraph\":%u,\"words\":%u}",
					s ? "," : "", sc->number, sc->block_first + 1, sc->block_last + 1, sc->n_words);
			}
			fputs("]}", out);
		}
		fputs("]}", out);
	}
	fputs("],\n\"findings\":[", out);
	for (size_t i = 0; i < f->n; i++) {
		const struct sm_finding *x = &f->v[i];
		const struct sm_doc *d = book->docs[x->doc];
		struct doc_place p;
		doc_place(d, x->block, x->off, x->len, &p);
		fputs(i ? ",\n{" : "\n{", out);
		json_place(out, d, &p);
		if (p.line)
			fprintf(out, ",\"line\":%u,\"column\":%u", p.line, p.column);
		else
			fprintf(out, ",\"line\":null,\"column\":%u", p.column);
		/* a block outside any chapter or scene is null, as in the report */
		if (p.chapter)
			fprintf(out, ",\"chapter\":%u", p.chapter->number);
		else
			fputs(",\"chapter\":null", out);
		if (p.scene >= 0)
			fprintf(out, ",\"scene\":%d,\"rule\":", p.scene);
		else
			fputs(",\"scene\":null,\"rule\":", out);
		out_json_cstr(out, x->rule);
		fputs(",\"category\":", out);
		json_category(out, x->rule);
		fprintf(out, ",\"severity\":\"%s\",\"message\":", sev_name(x->sev));
		out_json_cstr(out, x->message);
		fputs(",\"text\":", out);
		out_json_str(out, d->text + x->off, x->len);
		fputs(",\"suggestion\":", out);
		out_json_cstr(out, x->suggestion);
		fputs(",\"related\":[", out);
		for (uint32_t r = 0; r < x->n_rel; r++) {
			const struct sm_related *rl = &x->rel[r];
			const struct sm_doc *rd = book->docs[rl->doc];
			fputs(r ? ",{" : "{", out);
			struct doc_place rp;
			doc_place(rd, rl->block, rl->off, rl->len, &rp);
			json_place(out, rd, &rp);
			fputs(",\"text\":", out);
			out_json_str(out, rd->text + rl->off, rl->len);
			fputc('}', out);
		}
		fputs("]}", out);
	}
	fputs("]}\n", out);
}

/* Print at most max bytes of a span on one line (newlines shown as spaces),
 * cutting at a UTF-8 boundary. */
static void put_quote(FILE *out, const char *s, uint32_t n, uint32_t max)
{
	uint32_t m = n;
	if (m > max) {
		m = max;
		while (m > 0 && ((unsigned char)s[m] & 0xC0) == 0x80)
			m--;
	}
	for (uint32_t i = 0; i < m; i++)
		fputc(s[i] == '\n' || s[i] == '\t' ? ' ' : s[i], out);
	if (m < n)
		fputs("…", out);
}

/* Where a finding is: path:line:col for text files; for DOCX, which has no
 * lines, the chapter as its heading names it, the paragraph within it and
 * the paragraph's first words, which a Word user can find:
 * ch07.docx: Chapter 7, paragraph 12 ("When the train…") */
static void text_place(FILE *out, const struct sm_doc *d, uint32_t block, uint32_t off)
{
	struct doc_place p;
	doc_place(d, block, off, 0, &p);
	if (p.line) {
		out_path(out, d->path);
		fprintf(out, ":%u:%u", p.line, p.column);
		return;
	}
	const struct block *b = &d->blocks[block];
	const struct chapter *ch = p.chapter;
	out_path(out, d->path);
	fputs(": ", out);
	if (ch && ch->number == 0)
		fputs("front matter, ", out);
	else if (ch && ch->declared_num >= 0)
		fprintf(out, "Chapter %d, ", ch->declared_num);
	else if (ch && ch->heading >= 0 && ch->title && *ch->title) {
		fputc('"', out);
		put_quote(out, ch->title, (uint32_t)strlen(ch->title), 40);
		fputs("\", ", out);
	} else if (ch && d->n_chapters > 1)
		fprintf(out, "chapter %u, ", ch->number);
	uint32_t k = p.chapter_paragraph;
	if (k == 0 && ch && ch->heading >= 0) {
		fputs("heading", out);
		return;
	}
	fprintf(out, "paragraph %u (\"", k);
	/* the first words: up to about 24 bytes, cut after a word */
	uint32_t n = b->len < 24 ? b->len : 24;
	while (n < b->len && n < 40 && d->text[b->off + n] != ' ')
		n++;
	put_quote(out, d->text + b->off, n, 40);
	if (n < b->len)
		fputs("…", out);
	fputs("\")", out);
}

void out_findings_text(FILE *out, const struct sm_book *book, const struct sm_findings *f, bool color)
{
	static const char *const sev_color[] = { "\033[36m", "\033[33m", "\033[31m" };
	const char *bold = color ? "\033[1m" : "", *reset = color ? "\033[0m" : "";
	for (size_t i = 0; i < f->n; i++) {
		const struct sm_finding *x = &f->v[i];
		const struct sm_doc *d = book->docs[x->doc];
		fputs(bold, out);
		text_place(out, d, x->block, x->off);
		fprintf(out, ":%s %s%s:%s %s [%s]\n", reset, color ? sev_color[x->sev] : "", sev_name(x->sev),
			reset, x->message, x->rule);
		if (x->len) {
			fputs("    > ", out);
			put_quote(out, d->text + x->off, x->len, 160);
			fputc('\n', out);
		}
		if (x->suggestion)
			fprintf(out, "    suggestion: %s\n", x->suggestion);
		for (uint32_t r = 0; r < x->n_rel; r++) {
			const struct sm_related *rl = &x->rel[r];
			const struct sm_doc *rd = book->docs[rl->doc];
			fputs("    see ", out);
			text_place(out, rd, rl->block, rl->off);
			fputs(": ", out);
			put_quote(out, rd->text + rl->off, rl->len, 80);
			fputc('\n', out);
		}
	}
}
