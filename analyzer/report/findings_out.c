/* findings_out.c: print the findings of `check` compiler-style, from the
 * report data built of the live findings (report_data_from_book); and
 * file names for a terminal. */
#include <string.h>

#include "report/report.h"
#include "report/report_data.h"

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

/* Print at most max bytes of a span on one line (newlines shown as spaces),
 * cutting at a UTF-8 boundary. */
static void put_quote(FILE *out, const char *s, uint32_t n, uint32_t max)
{
	size_t m = sm_utf8_clip(s, n, max);
	for (size_t i = 0; i < m; i++)
		fputc(s[i] == '\n' || s[i] == '\t' ? ' ' : s[i], out);
	if (m < n)
		fputs("…", out);
}

void out_findings_text(FILE *out, const struct report_data *rd, bool color)
{
	static const char *const sev_color[] = { "\033[36m", "\033[33m", "\033[31m" };
	const char *bold = color ? "\033[1m" : "", *reset = color ? "\033[0m" : "";
	for (size_t i = 0; i < rd->n_findings; i++) {
		const struct rd_finding *x = &rd->findings[i];
		fputs(bold, out);
		out_path(out, x->where ? x->where : x->path);
		fprintf(out, ":%s %s%s:%s %s [%s]\n", reset, color ? sev_color[x->sev] : "", sev_name(x->sev),
			reset, x->message, x->rule);
		if (x->text[0]) {
			fputs("    > ", out);
			put_quote(out, x->text, (uint32_t)strlen(x->text), 160);
			fputc('\n', out);
		}
		if (x->suggestion)
			fprintf(out, "    suggestion: %s\n", x->suggestion);
		for (size_t r = 0; r < x->n_rel; r++) {
			const struct rd_related *rl = &x->rel[r];
			fputs("    see ", out);
			out_path(out, rl->where ? rl->where : rl->path);
			fputs(": ", out);
			put_quote(out, rl->text, (uint32_t)strlen(rl->text), 80);
			fputc('\n', out);
		}
	}
}
