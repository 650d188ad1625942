/* structure.c: the structural checks that need only the segmented book:
 * structure.chapter-numbering, structure.empty-chapter and
 * style.doubled-word (a repeated word, across a line break too, unless the
 * pair is grammatical where it stands: "had had", "gave her her book"). */
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

/* Doubles that are grammatical or idiomatic wherever they stand: "had had",
 * "that that" (conjunction + demonstrative), "what they do do", and the
 * reduplications of speech ("very very", "no no", "bye bye", "now now").
 * "the the", "in in", "was was", "is is", "to to" are always reported. */
static const char *const ok_doubles[] = {
	"had", "that", "do", "does", "did", "very", "no", "yes", "ha", "so", "now", "there",
	"well", "tut", "far", "many", "long", "too", "again", "oh", "ah", "bye", "knock", "more",
	"round", "over", "out", "really", "come", "go", "hush", "poor", "dear", "little",
	"away", "back", "down", "up", "hear", "ho", "hi", "hey", "boo", "la", "fie", "hm", "pooh",
	"yeah", "nah", "please", "quick", "wait", "stop", "run", "faster", "higher", "closer",
	"who", "what", "why", "murder", "help", "fire", "ok", "okay", "yep", "nope", "uh", "um",
	"huh", "wow", "aye", "ooh", "hmm", "oops", "sure",
};

static bool ok_double(const char *w, size_t n)
{
	for (size_t i = 0; i < SM_ARRAY_LEN(ok_doubles); i++)
		if (strlen(ok_doubles[i]) == n && !strncasecmp(ok_doubles[i], w, n))
			return true;
	return false;
}

/* Verbs that take two objects: "gave her her book", "asked her her name". */
static const char *const two_object_verbs[] = {
	"give", "gives", "gave", "given", "giving", "hand", "hands", "handed", "handing",
	"show", "shows", "showed", "shown", "showing", "tell", "tells", "told", "telling",
	"bring", "brings", "brought", "bringing", "send", "sends", "sent", "sending", "lend",
	"lends", "lent", "lending", "offer", "offers", "offered", "offering", "buy", "buys",
	"bought", "buying", "make", "makes", "made", "making", "pass", "passes", "passed",
	"passing", "teach", "teaches", "taught", "teaching", "ask", "asks", "asked", "asking",
	"get", "gets", "got", "getting", "find", "finds", "found", "pour", "poured", "fetch",
	"fetched", "throw", "threw", "toss", "tossed", "pay", "paid", "sell", "sold", "owe",
	"owed", "wish", "wished", "promise", "promised", "leave", "left", "allow", "allowed",
	"deny", "denied", "grant", "granted", "save", "saved", "cost", "read", "write", "wrote",
	"feed", "fed", "serve", "served",
};

/* Words before "you you" that make the first "you" a subject ("did you you"). */
static const char *const auxiliaries[] = {
	"do", "does", "did", "are", "were", "will", "would", "can", "could", "should", "shall",
	"have", "has", "had", "may", "might", "must", "thank", "and", "or", "if", "when",
};

/* Verbs before a particle "on": "went on on foot", "carried on on the train". */
static const char *const on_verbs[] = {
	"go", "goes", "went", "going", "gone", "carry", "carries", "carried", "carrying",
	"keep", "keeps", "kept", "keeping", "move", "moves", "moved", "moving", "hold", "holds",
	"held", "holding", "later", "so", "come", "came", "coming", "get", "got", "getting",
};

/* Function words are never names: "I I", "The The" are typos. */
static const char *const function_words[] = {
	"i", "a", "an", "the", "and", "or", "but", "to", "of", "in", "on", "at", "by", "for",
	"with", "from", "is", "was", "it", "he", "she", "we", "they", "you", "his", "her", "my",
	"our", "their", "as", "if", "be", "are", "were", "not",
};

static bool word_in(const char *w, size_t n, const char *const *list, size_t nl)
{
	for (size_t i = 0; i < nl; i++)
		if (strlen(list[i]) == n && !strncasecmp(list[i], w, n))
			return true;
	return false;
}
#define WORD_IN(d, t, l) word_in((d)->text + (t)->off, (t)->len, (l), SM_ARRAY_LEN(l))

/* Only white space between two tokens: a line break, a no-break or a
 * zero-width space count too. */
static bool only_space(const char *t, uint32_t a, uint32_t b)
{
	for (uint32_t i = a; i < b; i++) {
		unsigned char c = (unsigned char)t[i];
		if (isspace(c))
			continue;
		if (c == 0xC2 && i + 1 < b && (unsigned char)t[i + 1] == 0xA0) {
			i++;
			continue;
		}
		if (c == 0xE2 && i + 2 < b && (unsigned char)t[i + 1] == 0x80 &&
		    ((unsigned char)t[i + 2] == 0x8B || (unsigned char)t[i + 2] == 0xA8 ||
		     (unsigned char)t[i + 2] == 0xAF)) {
			i += 2;
			continue;
		}
		return false;
	}
	return true;
}

/* The word token at index i, or NULL (out of range, another paragraph, not a word). */
static const struct token *word_at(const struct sm_doc *d, size_t i, uint32_t block)
{
	if (i >= d->n_toks || d->toks[i].block != block || d->toks[i].kind != TOK_WORD)
		return NULL;
	return &d->toks[i];
}

static bool is_article(const char *w, size_t n)
{
	return (n == 1 && (*w == 'a' || *w == 'A')) || (n == 2 && !strncasecmp(w, "an", 2)) ||
	       (n == 3 && !strncasecmp(w, "the", 3));
}

/* Is the pair toks[i-1], toks[i] a clause by itself: nothing but an
 * opening quote or bracket, a dash, an ellipsis or a comma before it in its
 * sentence (or it opens the sentence), and a mark of punctuation, a closing
 * bracket (or the paragraph's end) after? */
static bool alone_in_clause(const struct sm_doc *d, size_t i)
{
	const struct token *a = &d->toks[i - 1], *b = &d->toks[i];
	bool start = (a->flags & TOKF_SSTART) || i < 2 || d->toks[i - 2].block != a->block;
	if (!start) {
		const struct token *p = &d->toks[i - 2];
		const char *s = d->text + p->off;
		start = p->kind == TOK_PUNCT &&
			(strchr(",\";:([.!?", *s) || !strncmp(s, "\xE2\x80\x9C", 3) ||
			 !strncmp(s, "\xE2\x80\x94", 3) || !strncmp(s, "\xE2\x80\x93", 3) ||
			 !strncmp(s, "\xE2\x80\xA6", 3) || !strncmp(s, "\xE2\x80\x98", 3));
	}
	if (!start)
		return false;
	if (i + 1 >= d->n_toks || d->toks[i + 1].block != b->block)
		return true;
	const struct token *n = &d->toks[i + 1];
	if (n->kind != TOK_PUNCT)
		return false;
	const char *s = d->text + n->off;
	return strchr(",.!?;:)]", *s) || !strncmp(s, "\xE2\x80\xA6", 3) || !strncmp(s, "\xE2\x80\x94", 3) ||
	       !strncmp(s, "\xE2\x80\x9D", 3) || *s == '"';
}

/* True when the pair toks[i-1], toks[i] is grammatical where it stands. */
static bool ok_in_context(const struct sm_doc *d, size_t i)
{
	const struct token *a = &d->toks[i - 1], *b = &d->toks[i];
	const struct token *prev = i >= 2 ? word_at(d, i - 2, a->block) : NULL;
	const struct token *next = word_at(d, i + 1, b->block);
	if (prev && !only_space(d->text, prev->off + prev->len, a->off))
		prev = NULL;
	if (next && !only_space(d->text, b->off + b->len, next->off))
		next = NULL;
	/* part of a compound: "to to-morrow", "well-to to" */
	if (b->off + b->len < d->len && d->text[b->off + b->len] == '-')
		return true;
	if (a->off > 0 && d->text[a->off - 1] == '-')
		return true;
	if (ok_double(d->text + a->off, a->len))
		return true;
	const char *w = d->text + a->off;
	/* "gave her her book": object, then possessive before a noun */
	if (a->len == 3 && !strncasecmp(w, "her", 3))
		return prev && next && WORD_IN(d, prev, two_object_verbs);
	/* "I assure you you are wrong": object, then subject */
	if (a->len == 3 && !strncasecmp(w, "you", 3))
		return prev && next && !WORD_IN(d, prev, auxiliaries) && !(a->flags & TOKF_SSTART);
	/* "he went on on foot" */
	if (a->len == 2 && !strncasecmp(w, "on", 2))
		return prev && WORD_IN(d, prev, on_verbs);
	/* shouted ("DIE DIE"), a letter that is not a word ("o o") */
	if ((a->flags & TOKF_UPPER) && (b->flags & TOKF_UPPER))
		return true;
	if (a->len == 1 && !strchr("aAI", *w))
		return true;
	/* a pair that is a clause of its own is a sound or a cry: "Heh heh.",
	 * "Wink wink.", "Gone, gone gone!" (not "the the.") */
	if (alone_in_clause(d, i) && !is_article(w, a->len))
		return true;
	/* "Walla Walla", "Bora Bora": a capitalized pair inside a sentence is a name */
	if ((a->flags & TOKF_CAP) && (b->flags & TOKF_CAP) && !(a->flags & TOKF_SSTART) &&
	    a->len > 1 && !WORD_IN(d, a, function_words))
		return true;
	return false;
}

/* Source offset of text offset off in block bl, or UINT32_MAX. The block's
 * pieces come in text order: a binary search for the last one at or
 * before off (a paragraph of a million words has as many pieces). */
static uint32_t src_of(const struct sm_doc *d, const struct block *bl, uint32_t off)
{
	uint32_t lo = bl->map_first, hi = bl->map_first + bl->n_map;
	while (lo < hi) { /* first piece after off */
		uint32_t mid = lo + (hi - lo) / 2;
		if (d->map[mid].text_off > off)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (lo == bl->map_first)
		return UINT32_MAX;
	const struct srcmap *m = &d->map[lo - 1];
	return m->src_off == UINT32_MAX ? UINT32_MAX : m->src_off + (off - m->text_off);
}

/* True when the source has a line break between tokens a and b: a hard
 * wrap that the reader turned into a space, or a Markdown soft break. */
static bool line_between(const struct sm_doc *d, const struct token *a, const struct token *b)
{
	uint32_t from = a->off + a->len;
	if (memchr(d->text + from, '\n', b->off - from))
		return true;
	if (!d->src)
		return false;
	const struct block *bl = &d->blocks[a->block];
	uint32_t s0 = src_of(d, bl, from), s1 = src_of(d, bl, b->off);
	if (s0 == UINT32_MAX || s1 == UINT32_MAX || s1 < s0 || s1 - s0 > 256 || s1 > d->src_len)
		return false;
	return memchr(d->src + s0, '\n', s1 - s0) != NULL;
}

/* True when Markdown emphasis marks stand between a and b in the source
 * ("the *the*" stresses the second, as "the _the_" in plain text does). */
static bool markup_between(const struct sm_doc *d, const struct token *a, const struct token *b)
{
	if (!d->src || strcmp(d->format, "markdown"))
		return false;
	const struct block *bl = &d->blocks[a->block];
	uint32_t s0 = src_of(d, bl, a->off + a->len), s1 = src_of(d, bl, b->off);
	if (s0 == UINT32_MAX || s1 == UINT32_MAX || s1 < s0 || s1 - s0 > 256 || s1 > d->src_len)
		return false;
	for (uint32_t i = s0; i < s1; i++)
		if (d->src[i] == '*' || d->src[i] == '_')
			return true;
	return false;
}

/* Is b the word a again, right after it in the same paragraph (only
 * spaces between, case aside)? */
static bool repeats(const struct sm_doc *d, const struct token *a, const struct token *b)
{
	return a->kind == TOK_WORD && b->kind == TOK_WORD && a->block == b->block && a->len == b->len &&
	       !strncasecmp(d->text + a->off, d->text + b->off, a->len) &&
	       only_space(d->text, a->off + a->len, b->off);
}

static void check_doubled(struct sm_book *book, struct sm_findings *out)
{
	for (uint32_t di = 0; di < book->n_docs; di++) {
		const struct sm_doc *d = book->docs[di];
		for (size_t i = 1; i < d->n_toks; i++) {
			const struct token *a = &d->toks[i - 1], *b = &d->toks[i];
			if (!repeats(d, a, b))
				continue;
			/* three or more in a row are a sound or a cry, never a
			 * slip of the keyboard: "Haw haw haw!", "no, no no no" */
			if (i + 1 < d->n_toks && repeats(d, b, &d->toks[i + 1]) &&
			    !is_article(d->text + a->off, a->len)) {
				while (i + 1 < d->n_toks && repeats(d, &d->toks[i], &d->toks[i + 1]))
					i++;
				continue;
			}
			if (ok_in_context(d, i) || markup_between(d, a, b))
				continue;
			char sugg[128];
			snprintf(sugg, sizeof(sugg), "%.*s", (int)SM_MIN(a->len, 100u), d->text + a->off);
			/* In speech a doubled word may be the character's ("or half half a
			 * mile"): a warning there, an error in narration. */
			enum sm_sev sev = (a->flags & TOKF_DIALOGUE) ? SM_SEV_WARNING : SM_SEV_ERROR;
			bool nl = (b->flags & TOKF_NEWLINE) || line_between(d, a, b);
			findings_add(out, book, "style.doubled-word", sev, di, a->off,
				     b->off + b->len - a->off, sugg, "the word \"%.*s\" is doubled%s",
				     (int)SM_MIN(a->len, 100u), d->text + a->off,
				     nl ? " across a line break" : "");
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

/* The rule ids this analyzer reports, for the catalog (checks/catalog.h):
 * sorted by id; `rules list`, `rules show` and the configuration read them. */
static const struct check_info checks[] = {
	{ "structure.chapter-numbering", "structure", "error", false, false,
	  "a chapter number skipped, repeated or out of order (digits, words, roman numerals)",
	  "chapter 7 follows chapter 5: chapter 6 is missing", APPENDIX_NONE },
	{ "structure.empty-chapter", "structure", "warning", false, false,
	  "a chapter heading with no text after it", "chapter 12 (\"The Fair\") has a heading but no text", APPENDIX_NONE },
	{ "style.doubled-word", "structure", "error", false, false,
	  "the same word twice in a row, unless grammatical where it stands (had had)",
	  "\"hugging her her close\": 'her' twice", APPENDIX_NONE },
};

const struct analyzer an_structure = { "structure", structure_run, checks, SM_ARRAY_LEN(checks) };
