/* structure.c: the structural checks that need only the segmented book:
 * structure.chapter-numbering, structure.empty-chapter and
 * style.doubled-word (a repeated word, across a line break too). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "checks/check.h"

/* Chapter numbers run on across the files of a book; a part or volume
 * heading may restart them at 1 (Emma's volumes do). */
static void check_numbering(struct sm_book *book, struct sm_findings *out)
{
	int32_t prev = -1;
	uint32_t prev_doc = 0, prev_part = 0, prev_off = 0, prev_len = 0;
	for (uint32_t di = 0; di < book->n_docs; di++) {
		const struct sm_doc *d = book->docs[di];
		for (size_t c = 0; c < d->n_chapters; c++) {
			const struct chapter *ch = &d->chapters[c];
			if (ch->heading < 0 || ch->declared_num < 0)
				continue;
			const struct block *h = &d->blocks[ch->heading];
			int32_t n = ch->declared_num;
			bool new_part = di != prev_doc ? false : ch->part != prev_part;
			struct sm_finding *x = NULL;
			char sugg[32];
			if (prev < 0 || n == prev + 1 || (n == 1 && new_part)) {
				/* in order */
			} else if (n == prev) {
				x = findings_add(out, book, "structure.chapter-numbering", SM_SEV_ERROR, di, h->off,
						 h->len, NULL, "chapter number %d is repeated", n);
				findings_relate(out, x, prev_doc, prev_off, prev_len, book);
			} else if (n > prev + 1) {
				snprintf(sugg, sizeof(sugg), "chapter %d", prev + 1);
				if (n == prev + 2)
					x = findings_add(out, book, "structure.chapter-numbering", SM_SEV_ERROR, di,
							 h->off, h->len, sugg,
							 "chapter %d follows chapter %d: chapter %d is missing", n,
							 prev, prev + 1);
				else
					x = findings_add(out, book, "structure.chapter-numbering", SM_SEV_ERROR, di,
							 h->off, h->len, sugg,
							 "chapter %d follows chapter %d: chapters %d to %d are missing",
							 n, prev, prev + 1, n - 1);
				findings_relate(out, x, prev_doc, prev_off, prev_len, book);
			} else {
				snprintf(sugg, sizeof(sugg), "chapter %d", prev + 1);
				x = findings_add(out, book, "structure.chapter-numbering", SM_SEV_ERROR, di, h->off,
						 h->len, sugg, "chapter %d comes after chapter %d (out of order)", n,
						 prev);
				findings_relate(out, x, prev_doc, prev_off, prev_len, book);
			}
			prev = n;
			prev_doc = di;
			prev_part = ch->part;
			prev_off = h->off;
			prev_len = h->len;
		}
	}
}

static void check_empty(struct sm_book *book, struct sm_findings *out)
{
	for (uint32_t di = 0; di < book->n_docs; di++) {
		const struct sm_doc *d = book->docs[di];
		for (size_t c = 0; c < d->n_chapters; c++) {
			const struct chapter *ch = &d->chapters[c];
			if (ch->heading < 0 || ch->n_words > 0)
				continue;
			const struct block *h = &d->blocks[ch->heading];
			findings_add(out, book, "structure.empty-chapter", SM_SEV_WARNING, di, h->off, h->len,
				     "write the chapter or remove its heading",
				     "chapter %u (\"%s\") has a heading but no text", ch->number, ch->title);
		}
	}
}

/* Doubles that are grammatical or idiomatic ("had had", "that that",
 * "very very", "no no"): never reported. */
static const char *const ok_doubles[] = {
	"had", "that", "is", "do", "does", "did", "very", "no", "yes", "ha", "so", "now", "there",
	"well", "tut", "far", "many", "long", "too", "again", "oh", "ah", "bye", "knock", "more",
	"round", "over", "out", "really", "come", "go", "hush", "poor", "dear", "on", "little",
	"away", "back", "down", "up", "hear", "ho", "hi", "hey", "boo", "la", "fie", "hm", "pooh",
	"yeah", "nah", "please", "quick", "wait", "stop", "run", "faster", "higher", "closer",
	"who", "what", "why", "murder", "help", "fire", "to", "be",
	/* object pronoun then subject or possessive: "I assure you you are", "gave her her salts" */
	"you", "her",
};

static bool ok_double(const char *w, size_t n)
{
	for (size_t i = 0; i < SM_ARRAY_LEN(ok_doubles); i++)
		if (strlen(ok_doubles[i]) == n && !strncasecmp(ok_doubles[i], w, n))
			return true;
	return false;
}

/* Only white space between two tokens (a line break counts). */
static bool only_space(const char *t, uint32_t a, uint32_t b)
{
	for (uint32_t i = a; i < b; i++)
		if (!isspace((unsigned char)t[i]))
			return false;
	return true;
}

static void check_doubled(struct sm_book *book, struct sm_findings *out)
{
	for (uint32_t di = 0; di < book->n_docs; di++) {
		const struct sm_doc *d = book->docs[di];
		for (size_t i = 1; i < d->n_toks; i++) {
			const struct token *a = &d->toks[i - 1], *b = &d->toks[i];
			if (a->kind != TOK_WORD || b->kind != TOK_WORD || a->block != b->block)
				continue;
			if (a->len != b->len || strncasecmp(d->text + a->off, d->text + b->off, a->len))
				continue;
			if (!only_space(d->text, a->off + a->len, b->off))
				continue;
			if (ok_double(d->text + a->off, a->len))
				continue;
			/* "Walla Walla", "Bora Bora": a capitalized pair inside a sentence is a name. */
			if ((a->flags & TOKF_CAP) && (b->flags & TOKF_CAP) && !(a->flags & TOKF_SSTART))
				continue;
			char sugg[128];
			snprintf(sugg, sizeof(sugg), "%.*s", (int)SM_MIN(a->len, 100u), d->text + a->off);
			/* In speech a doubled word may be the character's ("or half half a
			 * mile"): a warning there, an error in narration. */
			enum sm_sev sev = (a->flags & TOKF_DIALOGUE) ? SM_SEV_WARNING : SM_SEV_ERROR;
			findings_add(out, book, "style.doubled-word", sev, di, a->off,
				     b->off + b->len - a->off, sugg, "the word \"%.*s\" is doubled%s",
				     (int)SM_MIN(a->len, 100u), d->text + a->off,
				     (b->flags & TOKF_NEWLINE) ? " across a line break" : "");
			i++; /* "the the the" is one finding */
		}
	}
}

static int structure_run(struct sm_book *book, struct sm_findings *out, struct sm_err *err)
{
	(void)err;
	check_numbering(book, out);
	check_empty(book, out);
	check_doubled(book, out);
	return SM_OK;
}

const struct analyzer an_structure = { "structure", structure_run };
