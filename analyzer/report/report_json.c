/* report_json.c: the one JSON writer of findings and documents, for
 * `check --format json` (out_findings_json, live data) and
 * `report --format json` (stage 5): every current document
 * with its chapters and scenes, every current finding with the field names
 * of the `check` JSON contract (plus fingerprint, run and change), the fixed
 * findings when an earlier version is stored, the runs, a summary, and the
 * characters of the registry a scan stored (names, aliases, mentions per
 * chapter, facts; [] when none). Chapters and scenes carry the pacing
 * metrics the scan stored ("metrics", null when none), with the information
 * rate null when the language model did not score the book. */
#include <math.h>
#include <string.h>

#include "checks/registry.h"
#include <utf8proc.h>

#include "checks/pace_data.h"
#include "report/report_chars.h"
#include "report/report.h"
#include "report/report_data.h"
#include "store/store_metrics.h"

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
			if (c < 0x20) {
				fprintf(out, "\\u%04x", c);
			} else if (c < 0x80) {
				fputc(c, out);
			} else {
				/* a byte that starts no valid UTF-8 character (a file
				 * name in another encoding) is written as U+FFFD, so
				 * the output stays JSON */
				utf8proc_int32_t cp;
				utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
								      (utf8proc_ssize_t)(n - i), &cp);
				if (k <= 0) {
					fputs("\xef\xbf\xbd", out);
				} else {
					fwrite(s + i, 1, (size_t)k, out);
					i += (size_t)k - 1;
				}
			}
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

/* An integer, or null when it is null_value. */
static void jint_or_null(FILE *out, int64_t v, int64_t null_value)
{
	if (v == null_value)
		fputs("null", out);
	else
		fprintf(out, "%lld", (long long)v);
}

static const char *change_name(enum rd_change c)
{
	switch (c) {
	case RD_NEW: return "new";
	case RD_PERSISTING: return "persisting";
	case RD_FIXED: return "fixed";
	case RD_UNCOMPARED: break;
	}
	return NULL;
}

/* JSON keys of the pace score components, in enum pace_comp order. */
static const char *const comp_keys[PACE_N_COMP] = {
	"dialogue_share", "action_verbs", "perception_verbs", "past_perfect",
	"sentence_length", "paragraph_length", "information_rate",
};

/* A finite number, or null. */
static void jnum(FILE *out, const char *fmt, double v)
{
	if (isfinite(v))
		fprintf(out, fmt, v);
	else
		fputs("null", out);
}

/* ,"metrics":{...} of a chapter or scene row (null when none stored); scenes
 * add their pace score and the signed z of each component. */
static void json_metrics(FILE *out, const struct pm_row *r)
{
	fputs(",\"metrics\":", out);
	if (!r) {
		fputs("null", out);
		return;
	}
	int64_t narr = r->words - r->dlg_words;
	fprintf(out, "{\"words\":%lld,\"sentences\":%lld,\"paragraphs\":%lld,"
		     "\"dialogue_words\":%lld,\"dialogue_share\":%.4f,\"action_verbs\":%lld,"
		     "\"perception_verbs\":%lld,\"past_perfect\":%lld,"
		     "\"action_per_100\":%.3f,\"perception_per_100\":%.3f,"
		     "\"past_perfect_per_1000\":%.3f,\"max_dry_words\":%lld,"
		     "\"max_beatless\":%lld,\"sentence_mean\":%.3f,\"sentence_sd\":%.3f,"
		     "\"paragraph_mean\":%.3f,\"information_rate\":",
		(long long)r->words, (long long)r->sents, (long long)r->paras,
		(long long)r->dlg_words, r->words ? (double)r->dlg_words / (double)r->words : 0.0,
		(long long)r->action, (long long)r->percept, (long long)r->pastperf,
		narr > 0 ? 100.0 * (double)r->action / (double)narr : 0.0,
		narr > 0 ? 100.0 * (double)r->percept / (double)narr : 0.0,
		narr > 0 ? 1000.0 * (double)r->pastperf / (double)narr : 0.0,
		(long long)r->max_dry_words, (long long)r->max_beatless, r->sent_mean, r->sent_sd,
		r->para_mean);
	if (r->has_surprisal)
		jnum(out, "%.4f", r->surprisal);
	else
		fputs("null", out);
	fputs(",\"sentence_hist\":[", out);
	for (int b = 0; b < PACE_HIST_BINS; b++)
		fprintf(out, "%s%lld", b ? "," : "", (long long)r->hist[b]);
	fputc(']', out);
	if (r->scene > 0) {
		fputs(",\"pace_score\":", out);
		jnum(out, "%.4f", r->score);
		fputs(",\"z\":{", out);
		for (int c = 0; c < PACE_N_COMP; c++) {
			fprintf(out, "%s\"%s\":", c ? "," : "", comp_keys[c]);
			if (c == PACE_C_SURPRISAL && !r->has_surprisal)
				fputs("null", out); /* not part of the score */
			else
				jnum(out, "%.4f", r->z[c]);
		}
		fputc('}', out);
	}
	fputc('}', out);
}

/* One finding, with the field names of the public contract (storymaster(1)).
 * The data decides the optional fields: chapter_paragraph when known (live
 * findings of check), fingerprint, run and change when stored. */
static void json_finding(FILE *out, const struct rd_finding *x)
{
	fputs("{\"path\":", out);
	out_json_cstr(out, x->path);
	fprintf(out, ",\"paragraph\":%lld", (long long)x->paragraph);
	if (x->chapter_paragraph >= 0)
		fprintf(out, ",\"chapter_paragraph\":%lld", (long long)x->chapter_paragraph);
	fprintf(out, ",\"start\":%lld,\"end\":%lld,\"line\":", (long long)x->start, (long long)x->end);
	jint_or_null(out, x->line, 0);
	fprintf(out, ",\"column\":%lld,\"chapter\":", (long long)x->column);
	jint_or_null(out, x->chapter, -1);
	fputs(",\"scene\":", out);
	jint_or_null(out, x->scene, -1);
	fputs(",\"rule\":", out);
	out_json_cstr(out, x->rule);
	fputs(",\"category\":", out);
	out_json_cstr(out, x->category);
	fputs(",\"severity\":", out);
	out_json_cstr(out, sev_name(x->sev));
	fputs(",\"message\":", out);
	out_json_cstr(out, x->message);
	fputs(",\"text\":", out);
	out_json_cstr(out, x->text);
	fputs(",\"suggestion\":", out);
	out_json_cstr(out, x->suggestion);
	fputs(",\"related\":[", out);
	for (size_t i = 0; i < x->n_rel; i++) {
		const struct rd_related *r = &x->rel[i];
		fputs(i ? ",{\"path\":" : "{\"path\":", out);
		out_json_cstr(out, r->path);
		fprintf(out, ",\"paragraph\":%lld", (long long)r->paragraph);
		if (r->chapter_paragraph >= 0)
			fprintf(out, ",\"chapter_paragraph\":%lld", (long long)r->chapter_paragraph);
		fprintf(out, ",\"start\":%lld,\"end\":%lld,\"text\":", (long long)r->start,
			(long long)r->end);
		out_json_cstr(out, r->text);
		fputc('}', out);
	}
	fputc(']', out);
	if (x->fingerprint) {
		fputs(",\"fingerprint\":", out);
		out_json_cstr(out, x->fingerprint);
		fprintf(out, ",\"run\":%lld,\"change\":", (long long)x->run_id);
		out_json_cstr(out, change_name(x->change));
	}
	fputc('}', out);
}

/* One document with its chapters and scenes: check's form for live data
 * (path, format, words, chapters), the report's (hash, size, runs, counts
 * and pacing metrics besides) for stored data. */
static void json_document(FILE *out, const struct report_data *rd, const struct rd_document *d)
{
	size_t di = (size_t)(d - rd->docs); /* for the stored metrics */
	bool stored = !rd->live;
	fputs("{\"path\":", out);
	out_json_cstr(out, d->path);
	fputs(",\"format\":", out);
	out_json_cstr(out, d->format);
	if (stored) {
		fputs(",\"hash\":", out);
		out_json_cstr(out, d->hash);
		fprintf(out, ",\"size\":%lld", (long long)d->size);
	}
	fprintf(out, ",\"words\":%lld", (long long)d->words);
	if (stored) {
		fprintf(out, ",\"paragraphs\":%lld,\"title\":", (long long)d->n_blocks);
		out_json_cstr(out, d->title);
		fputs(",\"author\":", out);
		out_json_cstr(out, d->author);
		fprintf(out, ",\"run\":%lld,\"previous_run\":", (long long)d->run_id);
		jint_or_null(out, d->prev_run, 0);
		fputs(",\"scanned_at\":", out);
		out_json_cstr(out, d->scanned_at);
		fprintf(out, ",\"findings\":%zu", d->n_findings);
	}
	fputs(",\"chapters\":[", out);
	for (size_t k = 0; k < d->n_chapters; k++) {
		const struct rd_chapter *c = &rd->chapters[d->chapter_first + k];
		fprintf(out, "%s{\"number\":%lld", k ? (stored ? ",\n    " : ",") : (stored ? "\n    " : ""),
			(long long)c->number);
		if (stored) {
			fputs(",\"declared_number\":", out);
			jint_or_null(out, c->declared_num, -1);
		}
		fputs(",\"title\":", out);
		out_json_cstr(out, c->title);
		if (stored)
			fprintf(out, ",\"part\":%lld", (long long)c->part);
		fprintf(out, ",\"first_paragraph\":%lld,\"last_paragraph\":%lld,\"words\":%lld",
			(long long)c->first_paragraph, (long long)c->last_paragraph, (long long)c->words);
		if (stored) {
			fprintf(out, ",\"findings\":%zu", c->n_findings);
			json_metrics(out, report_data_metrics(rd, di, c->number, 0));
		}
		fputs(",\"scenes\":[", out);
		for (size_t j = 0; j < c->n_scenes; j++) {
			const struct rd_scene *s = &rd->scenes[c->scene_first + j];
			fprintf(out, "%s{\"number\":%lld,\"first_paragraph\":%lld,"
				     "\"last_paragraph\":%lld,\"words\":%lld",
				j ? "," : "", (long long)s->number, (long long)s->first_paragraph,
				(long long)s->last_paragraph, (long long)s->words);
			if (stored)
				json_metrics(out, report_data_metrics(rd, di, c->number, s->number));
			fputc('}', out);
		}
		fputs("]}", out);
	}
	fputs(stored && d->n_chapters ? "\n  ]}" : "]}", out);
}

/* `check --format json`: the documents and the findings of one book. */
void out_findings_json(FILE *out, const struct report_data *rd)
{
	fputs("{\"tool\":\"storymaster\",\"version\":\"" SM_VERSION "\",\"documents\":[", out);
	for (size_t i = 0; i < rd->n_docs; i++) {
		fputs(i ? ",\n" : "\n", out);
		json_document(out, rd, &rd->docs[i]);
	}
	fputs("],\n\"findings\":[", out);
	for (size_t i = 0; i < rd->n_findings; i++) {
		fputs(i ? ",\n" : "\n", out);
		json_finding(out, &rd->findings[i]);
	}
	fputs("]}\n", out);
}

/* The registry a scan stored: each character with aliases, mentions per
 * chapter (book-wide ordinal, 1-based, with the document and its chapter
 * number) and facts. */
static void json_characters(FILE *out, const struct report_data *rd)
{
	struct rc_book b;
	rc_book_init(&b, rd);
	const struct cons_registry *reg = b.reg;
	char lb[64];
	for (size_t i = 0; reg && i < reg->n_chars; i++) {
		const struct cons_character *c = &reg->chars[i];
		fputs(i ? ",\n  {\"name\":" : "\n  {\"name\":", out);
		out_json_cstr(out, c->name);
		fputs(",\"gender\":", out);
		out_json_cstr(out, cons_gender_name(c->gender));
		fprintf(out, ",\"mentions\":%u,\"aliases\":[", c->n_mentions);
		for (uint32_t a = 0; a < c->n_aliases; a++) {
			fputs(a ? ",{\"text\":" : "{\"text\":", out);
			out_json_cstr(out, c->aliases[a].text);
			fprintf(out, ",\"mentions\":%u}", c->aliases[a].n);
		}
		fputs("],\"chapters\":[", out);
		for (uint32_t q = 0; q < c->n_chapters; q++) {
			uint32_t o = c->chapters[q];
			const struct rc_chapter *ch = o < b.n_chapters ? &b.chapters[o] : NULL;
			fprintf(out, "%s{\"chapter\":%u,\"path\":", q ? "," : "", o + 1);
			out_json_cstr(out, ch && ch->doc < rd->n_docs ? rd->docs[ch->doc].path : NULL);
			fputs(",\"number\":", out);
			if (ch && ch->ch)
				fprintf(out, "%lld", (long long)ch->ch->number);
			else
				fputs("null", out);
			fputs(",\"label\":", out);
			out_json_cstr(out, rc_chapter_label(&b, o, lb, sizeof(lb)));
			fprintf(out, ",\"mentions\":%u}", c->chapter_counts[q]);
		}
		fputs("],\"facts\":[", out);
		bool first = true;
		for (size_t f = 0; f < reg->n_facts; f++) {
			const struct cons_fact *x = &reg->facts[f];
			if (x->character != i)
				continue;
			fputs(first ? "{\"attribute\":" : ",{\"attribute\":", out);
			out_json_cstr(out, cons_attr_name(x->attr));
			fputs(",\"value\":", out);
			out_json_cstr(out, x->value);
			fprintf(out, ",\"chapter\":%u,\"label\":", x->at.chapter + 1);
			out_json_cstr(out, rc_chapter_label(&b, x->at.chapter, lb, sizeof(lb)));
			fputc('}', out);
			first = false;
		}
		fputs("]}", out);
	}
	rc_book_release(&b);
}

void report_json(FILE *out, const struct report_data *rd)
{
	fputs("{\"tool\":\"storymaster\",\"version\":\"" SM_VERSION "\",\n\"runs\":[", out);
	for (size_t i = 0; i < rd->n_runs; i++) {
		const struct rd_run *r = &rd->runs[i];
		fprintf(out, "%s\n  {\"id\":%lld,\"started\":", i ? "," : "", (long long)r->id);
		out_json_cstr(out, r->started);
		fputs(",\"ended\":", out);
		out_json_cstr(out, r->ended);
		fputs(",\"tool_version\":", out);
		out_json_cstr(out, r->tool_version);
		fputs(",\"status\":", out);
		out_json_cstr(out, r->status);
		fprintf(out, ",\"documents\":%lld}", (long long)r->n_documents);
	}
	fputs("],\n\"summary\":{", out);
	fprintf(out, "\"documents\":%zu,\"words\":%lld,\"chapters\":%zu,\"scenes\":%zu,"
		     "\"findings\":%zu,\"by_severity\":{\"error\":%zu,\"warning\":%zu,\"info\":%zu},"
		     "\"by_category\":{",
		rd->n_docs, (long long)rd->words, rd->n_story, rd->n_scenes, rd->n_findings,
		rd->by_sev[SM_SEV_ERROR], rd->by_sev[SM_SEV_WARNING], rd->by_sev[SM_SEV_INFO]);
	for (size_t i = 0; i < rd->n_cats; i++) {
		const struct rd_category *c = &rd->cats[i];
		fputs(i ? "," : "", out);
		out_json_cstr(out, c->name);
		fprintf(out, ":{\"error\":%zu,\"warning\":%zu,\"info\":%zu}", c->n[SM_SEV_ERROR],
			c->n[SM_SEV_WARNING], c->n[SM_SEV_INFO]);
	}
	fputs("}", out);
	if (rd->compared)
		fprintf(out, ",\"new\":%zu,\"fixed\":%zu,\"persisting\":%zu", rd->n_new, rd->n_fixed,
			rd->n_persisting);
	fputs("},\n\"documents\":[", out);
	for (size_t i = 0; i < rd->n_docs; i++) {
		fputs(i ? ",\n  " : "\n  ", out);
		json_document(out, rd, &rd->docs[i]);
	}
	fputs("],\n\"findings\":[", out);
	for (size_t i = 0; i < rd->n_findings; i++) {
		fputs(i ? ",\n  " : "\n  ", out);
		json_finding(out, &rd->findings[i]);
	}
	fputs("],\n\"fixed\":[", out);
	for (size_t i = 0; i < rd->n_fixed; i++) {
		fputs(i ? ",\n  " : "\n  ", out);
		json_finding(out, &rd->fixed[i]);
	}
	fputs("],\n\"characters\":[", out);
	json_characters(out, rd);
	fputs("]}\n", out);
}
