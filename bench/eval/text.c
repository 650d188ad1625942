/* bench/eval/text.c: clean texts for the evaluation: reading (.md, .txt,
 * .xz), a light analysis of their own (names, tense, person, quotes), and the
 * writers of the planted copies (Markdown or text, DOCX with and without
 * tracked changes and comments). */
#include "text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <zip.h>

const char *const decoys[N_DECOYS] = { "wrold", "Qzebulon", "thhe thhe", "recieved recieved" };

size_t count_words(const char *s)
{
	size_t n = 0;
	bool in = false;
	for (; *s; s++) {
		bool sp = isspace((unsigned char)*s);
		if (!sp && !in)
			n++;
		in = !sp;
	}
	return n;
}

static char *xdup(const char *s)
{
	size_t n = strlen(s);
	char *d = malloc(n + 1);
	if (!d)
		abort();
	memcpy(d, s, n + 1);
	return d;
}

static void push(struct text *t, char *s, int kind)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 256;
		t->p = realloc(t->p, t->cap * sizeof(*t->p));
		if (!t->p)
			abort();
	}
	t->p[t->n++] = (struct para){ .s = s, .kind = kind };
}

static bool has(const char *s, const char *sub) { return strstr(s, sub) != NULL; }

static int classify(const struct text *t, const char *s)
{
	if (t->md && s[0] == '#')
		return PK_HEAD;
	if (!t->md && (!strncmp(s, "CHAPTER ", 8) || !strncmp(s, "Chapter ", 8) ||
		       !strncmp(s, "VOLUME ", 7)))
		return PK_HEAD;
	size_t n = strlen(s);
	bool glyphs = n <= 24;
	for (const char *q = s; *q && glyphs; q++)
		if (!strchr("*-_~# ", *q))
			glyphs = false;
	if (glyphs)
		return PK_BREAK;
	if (has(s, "\"") || has(s, "\u201c") || has(s, "\u201d") || has(s, "\u2018"))
		return PK_DIALOGUE;
	if (t->md && (s[0] == '>' || s[0] == '-' || s[0] == '|' || !strncmp(s, "```", 3)))
		return PK_OTHER;
	return count_words(s) >= 25 ? PK_NARR : PK_OTHER;
}

struct text *text_load(const char *path, const char *family)
{
	size_t pl = strlen(path);
	bool xz = pl > 3 && !strcmp(path + pl - 3, ".xz");
	FILE *f;
	if (xz) {
		char cmd[4200];
		snprintf(cmd, sizeof(cmd), "xz -dc '%s'", path);
		f = popen(cmd, "r");
	} else {
		f = fopen(path, "rb");
	}
	if (!f) {
		fprintf(stderr, "eval: %s: cannot read\n", path);
		return NULL;
	}
	size_t cap = 1 << 20, len = 0;
	char *buf = malloc(cap);
	size_t r;
	while (buf && (r = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += r;
		if (cap - len < 2) {
			cap *= 2;
			buf = realloc(buf, cap);
		}
	}
	if (xz)
		pclose(f);
	else
		fclose(f);
	if (!buf || !len) {
		fprintf(stderr, "eval: %s: empty\n", path);
		free(buf);
		return NULL;
	}
	buf[len] = 0;
	struct text *t = calloc(1, sizeof(*t));
	t->path = xdup(path);
	t->family = xdup(family);
	const char *base = strrchr(path, '/');
	t->label = xdup(base ? base + 1 : path);
	char *dot = strchr(t->label, '.');
	t->md = dot && !strncmp(dot, ".md", 3);
	if (dot)
		*dot = 0;
	/* Paragraphs: runs of non-blank lines. */
	char *p = buf;
	if (t->md && !strncmp(p, "---\n", 4)) { /* front matter: skip it */
		char *e = strstr(p + 4, "\n---\n");
		if (e)
			p = e + 5;
	}
	while (*p) {
		while (*p == '\n' || *p == '\r' || *p == ' ' || *p == '\t') {
			/* skip blank lines (only up to the start of a non-blank line) */
			char *q = p;
			while (*q == ' ' || *q == '\t' || *q == '\r')
				q++;
			if (*q == '\n')
				p = q + 1;
			else if (!*q)
				p = q;
			else
				break;
		}
		if (!*p)
			break;
		char *start = p;
		for (;;) {
			char *nl = strchr(p, '\n');
			if (!nl) {
				p += strlen(p);
				break;
			}
			char *q = nl + 1;
			while (*q == ' ' || *q == '\t' || *q == '\r')
				q++;
			p = nl + 1;
			if (*q == '\n' || !*q)
				break;
		}
		size_t n = (size_t)(p - start);
		while (n && isspace((unsigned char)start[n - 1]))
			n--;
		while (n && (*start == ' ' || *start == '\t'))
			start++, n--;
		if (!n)
			continue;
		char *s = malloc(n + 1);
		memcpy(s, start, n);
		s[n] = 0;
		for (char *c = s; *c; c++)
			if (*c == '\r')
				*c = ' ';
		push(t, s, classify(t, s));
		t->words += count_words(s);
	}
	free(buf);
	return t;
}

struct text *text_copy(const struct text *t)
{
	struct text *c = calloc(1, sizeof(*c));
	*c = *t;
	c->path = xdup(t->path);
	c->label = xdup(t->label);
	c->family = xdup(t->family);
	c->p = malloc(t->cap * sizeof(*c->p));
	for (size_t i = 0; i < t->n; i++) {
		c->p[i] = t->p[i];
		c->p[i].s = xdup(t->p[i].s);
	}
	c->vocab = NULL; /* shared vocabulary stays with the original */
	c->n_vocab = 0;
	return c;
}

void text_free(struct text *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		free(t->p[i].s);
	free(t->p);
	for (size_t i = 0; i < t->n_vocab; i++)
		free(t->vocab[i]);
	free(t->vocab);
	free(t->path);
	free(t->label);
	free(t->family);
	free(t);
}

void text_insert(struct text *t, size_t i, const char *s, int kind)
{
	push(t, NULL, kind);
	memmove(&t->p[i + 1], &t->p[i], (t->n - 1 - i) * sizeof(*t->p));
	t->p[i] = (struct para){ .s = xdup(s), .kind = kind };
	t->words += count_words(s);
}

void text_set(struct text *t, size_t i, const char *s)
{
	t->words -= count_words(t->p[i].s);
	free(t->p[i].s);
	t->p[i].s = xdup(s);
	t->words += count_words(s);
}

/* ---- analysis -------------------------------------------------------- */

struct occ {
	const char *w;
	uint16_t len;
	uint8_t cap, sstart;
	uint32_t para;
};

static int cmp_occ(const void *a, const void *b)
{
	const struct occ *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = strncasecmp(x->w, y->w, n);
	return c ? c : (int)x->len - (int)y->len;
}

/* Whether the word at s[i] starts a sentence: only white space, quotes and
 * brackets between it and the paragraph start or a . ! ? */
static bool at_sentence_start(const char *s, size_t i)
{
	while (i > 0) {
		unsigned char c = (unsigned char)s[i - 1];
		if (c == ' ' || c == '\n' || c == '"' || c == '\'' || c == '(' || c == '_' || c == '*') {
			i--;
			continue;
		}
		if (c >= 0x80) { /* a curly quote is E2 80 98..9D */
			if (i >= 3 && (unsigned char)s[i - 3] == 0xE2 && (unsigned char)s[i - 2] == 0x80 &&
			    (unsigned char)s[i - 1] >= 0x98 && (unsigned char)s[i - 1] <= 0x9D) {
				i -= 3;
				continue;
			}
			return false;
		}
		if (c == '.') { /* "Mr. Knightley" is not a sentence start */
			size_t e = i - 1, b = e;
			while (b > 0 && isalpha((unsigned char)s[b - 1]))
				b--;
			static const char *const abbr[] = { "Mr", "Mrs", "Ms", "Dr", "St", "Mx" };
			for (size_t k = 0; k < sizeof(abbr) / sizeof(abbr[0]); k++)
				if (e - b == strlen(abbr[k]) && !strncmp(s + b, abbr[k], e - b))
					return false;
		}
		return c == '.' || c == '!' || c == '?';
	}
	return true;
}

static const char *const not_names[] = {
	"I", "Mr", "Mrs", "Miss", "Ms", "Dr", "Sir", "Lady", "Lord", "Captain", "Colonel", "Aunt",
	"Uncle", "God", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
	"January", "February", "March", "April", "May", "June", "July", "August", "September",
	"October", "November", "December", "English", "French", "Christmas", "Chapter", "CHAPTER",
	"Street", "Road", "House", "Hall", "Park", "Doctor", "Mister", "Madam", "Mum", "Mom",
	"Dad", "Father", "Mother", "OK", "Okay", "TV", "Heaven", "Lieutenant", "Sergeant",
	"Detective", "Officer", "Professor", "King", "Queen", "Prince", "Princess", "Reverend",
	"Ma", "Pa", "Grandma", "Grandpa", "Granny", "Sister", "Brother", "Saint", "Jesus", "Christ",
	"Mars", "Earth", "London", "America", "England", "The", "And", "But", "Oh", "Yes", "No",
};

static bool is_not_name(const char *w, size_t n)
{
	for (size_t i = 0; i < sizeof(not_names) / sizeof(not_names[0]); i++)
		if (strlen(not_names[i]) == n && !strncmp(not_names[i], w, n))
			return true;
	return false;
}

/* Count the whole words of list in s outside double quotes (a rough view of
 * narration). */
static void count_outside(const char *s, const char *const *list, size_t nl, int *cnt)
{
	bool inq = false;
	for (size_t i = 0; s[i];) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"') {
			inq = !inq;
			i++;
			continue;
		}
		if (c == 0xE2 && (unsigned char)s[i + 1] == 0x80) {
			unsigned char d = (unsigned char)s[i + 2];
			if (d == 0x9C)
				inq = true;
			else if (d == 0x9D)
				inq = false;
			else if (d == 0x98 && (i == 0 || !isalpha((unsigned char)s[i - 1])))
				inq = true;
			else if (d == 0x99 && !isalpha((unsigned char)s[i + 3]))
				inq = false;
			i += 3;
			continue;
		}
		if (isalpha(c)) {
			size_t j = i;
			while (isalpha((unsigned char)s[j]))
				j++;
			if (!inq)
				for (size_t k = 0; k < nl; k++)
					if (strlen(list[k]) == j - i && !strncmp(list[k], s + i, j - i))
						cnt[k]++;
			i = j;
			continue;
		}
		i++;
	}
}

void text_analyze(struct text *t)
{
	size_t n = 0, cap = 1 << 16;
	struct occ *o = malloc(cap * sizeof(*o));
	for (size_t pi = 0; pi < t->n; pi++) {
		const char *s = t->p[pi].s;
		if (t->p[pi].kind == PK_HEAD || t->p[pi].kind == PK_BREAK)
			continue;
		for (size_t i = 0; s[i];) {
			if (!isalpha((unsigned char)s[i]) || (i && isalpha((unsigned char)s[i - 1]))) {
				i++;
				continue;
			}
			size_t j = i;
			while (isalpha((unsigned char)s[j]))
				j++;
			if (j - i < 48 && !((unsigned char)s[j] >= 0x80 && s[j] != (char)0xE2)) {
				if (n == cap)
					o = realloc(o, (cap *= 2) * sizeof(*o));
				o[n++] = (struct occ){ s + i, (uint16_t)(j - i), (uint8_t)(isupper((unsigned char)s[i]) != 0),
						       at_sentence_start(s, i), (uint32_t)pi };
			}
			i = j;
		}
	}
	qsort(o, n, sizeof(*o), cmp_occ);
	/* vocabulary and names */
	t->vocab = malloc((n + 1) * sizeof(char *));
	t->n_vocab = 0;
	struct name cand[4096];
	int nc = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i, rep = i;
		int capmid = 0, lower = 0;
		while (j < n && !cmp_occ(&o[i], &o[j])) {
			if (o[j].cap && !o[j].sstart) {
				capmid++;
				rep = j;
			}
			if (!o[j].cap)
				lower++;
			j++;
		}
		char *w = malloc(o[i].len + 1);
		for (size_t k = 0; k < o[i].len; k++)
			w[k] = (char)tolower((unsigned char)o[i].w[k]);
		w[o[i].len] = 0;
		t->vocab[t->n_vocab++] = w;
		if (capmid >= 8 && lower == 0 && o[i].len >= 3 && nc < 4096 &&
		    !is_not_name(o[rep].w, o[rep].len) && isupper((unsigned char)o[rep].w[0]) &&
		    !isupper((unsigned char)o[rep].w[1])) {
			struct name *c = &cand[nc++];
			memcpy(c->w, o[rep].w, o[i].len);
			c->w[o[i].len] = 0;
			c->n = capmid;
			/* gender: she/her against he/him/his in the paragraphs naming it */
			int fem = 0, mas = 0;
			uint32_t last = UINT32_MAX;
			for (size_t k = i; k < j; k++) {
				if (o[k].para == last)
					continue;
				last = o[k].para;
				static const char *const pr[] = { "she", "her", "he", "him", "his" };
				int cnt[5] = { 0 };
				count_outside(t->p[last].s, pr, 5, cnt);
				fem += cnt[0] + cnt[1];
				mas += cnt[2] + cnt[3] + cnt[4];
			}
			c->gender = 10 * fem > 13 * mas ? 1 : 10 * mas > 13 * fem ? 2 : 0;
			static const char *const acts[] = { " said", " says", " asked", " asks",
				" replied", " whispered", " shouted", " nodded", " nods", " smiled",
				" smiles", " laughed", " laughs", " shrugged", " shrugs", " sighed" };
			c->n_say = 0;
			for (size_t k = i; k < j; k++) {
				const char *after = o[k].w + o[k].len;
				for (size_t m = 0; m < sizeof(acts) / sizeof(acts[0]); m++)
					if (!strncmp(after, acts[m], strlen(acts[m])))
						c->n_say++;
				const char *para = t->p[o[k].para].s;
				if (o[k].w - para >= 5 && (!strncmp(o[k].w - 5, "said ", 5) ||
							    !strncmp(o[k].w - 5, "says ", 5)))
					c->n_say++;
			}
		}
		i = j;
	}
	free(o);
	/* the most frequent candidates */
	for (int k = 0; k < nc && t->n_names < 16; k++) {
		int best = -1;
		for (int m = 0; m < nc; m++)
			if (cand[m].n > 0 && (best < 0 || cand[m].n > cand[best].n))
				best = m;
		if (best < 0)
			break;
		t->names[t->n_names++] = cand[best];
		cand[best].n = -1;
	}
	/* tense and person of the narration, quote style */
	static const char *const tw[] = { "was", "were", "had", "said", "did", "is", "are", "has",
					  "says", "does", "am", "I", "my", "me", "he", "she", "his",
					  "her" };
	int cnt[18] = { 0 };
	size_t curly = 0, straight = 0, sq = 0, dq = 0;
	for (size_t pi = 0; pi < t->n; pi++) {
		const char *s = t->p[pi].s;
		if (t->p[pi].kind != PK_NARR && t->p[pi].kind != PK_DIALOGUE)
			continue;
		count_outside(s, tw, 18, cnt);
		for (const char *q = s; *q; q++) {
			if (*q == '"')
				straight++, dq++;
			else if (!strncmp(q, "\u201c", 3))
				curly++, dq++;
			else if (!strncmp(q, "\u2018", 3) && (q == s || q[-1] == ' ' || q[-1] == '\n'))
				sq++;
		}
	}
	int past = cnt[0] + cnt[1] + cnt[2] + cnt[3] + cnt[4];
	int pres = cnt[5] + cnt[6] + cnt[7] + cnt[8] + cnt[9] + cnt[10];
	t->present = pres > past;
	/* first person: I/my/me outnumber he/she/his/her and are frequent
	 * (dialogue scripts have few pronouns outside quotes of either kind) */
	int n1 = cnt[11] + cnt[12] + cnt[13], n3 = cnt[14] + cnt[15] + cnt[16] + cnt[17];
	t->first = n1 * 2 > n3 && (size_t)n1 * 150 > t->words;
	t->curly = curly > straight;
	t->single_dq = sq > dq;
}

void text_para_voice(const char *s, struct voice *v)
{
	static const char *const tw[] = { "was", "were", "had", "did", "is", "are", "has", "does",
					  "am", "I", "my", "me", "he", "she", "his", "her", "him" };
	int cnt[17] = { 0 };
	count_outside(s, tw, 17, cnt);
	v->past = cnt[0] + cnt[1] + cnt[2] + cnt[3];
	v->present = cnt[4] + cnt[5] + cnt[6] + cnt[7] + cnt[8];
	v->first = cnt[9] + cnt[10] + cnt[11];
	v->third = cnt[12] + cnt[13] + cnt[14] + cnt[15] + cnt[16];
}

bool text_has_word(const struct text *t, const char *w)
{
	size_t lo = 0, hi = t->n_vocab;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(t->vocab[mid], w);
		if (!c)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* ---- writers --------------------------------------------------------- */

int text_write(const struct text *t, const char *path)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	for (size_t i = 0; i < t->n; i++)
		fprintf(f, "%s%s\n", i ? "\n" : "", t->p[i].s);
	return fclose(f) ? -1 : 0;
}

void xput(struct xb *x, const char *s, size_t n)
{
	if (x->n + n + 1 > x->cap) {
		while (x->n + n + 1 > x->cap)
			x->cap = x->cap ? 2 * x->cap : 1 << 16;
		x->b = realloc(x->b, x->cap);
	}
	memcpy(x->b + x->n, s, n);
	x->n += n;
	x->b[x->n] = 0;
}

void xs(struct xb *x, const char *s) { xput(x, s, strlen(s)); }

static void xesc(struct xb *x, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': xs(x, "&amp;"); break;
		case '<': xs(x, "&lt;"); break;
		case '>': xs(x, "&gt;"); break;
		case '\n': xs(x, " "); break;
		default: xput(x, s + i, 1);
		}
	}
}

/* Runs of a paragraph: _x_ and *x* become italic runs; a Markdown heading's
 * marks and a block quote's ">" are dropped. */
static void runs(struct xb *x, const char *s, bool md)
{
	if (md)
		while (*s == '#' || *s == '>' || (*s == ' ' && s[-1] == '#'))
			s++;
	while (*s == ' ')
		s++;
	bool ital = false;
	const char *seg = s;
	for (const char *q = s;; q++) {
		bool mark = (*q == '_' || *q == '*') &&
			    (ital ? (q[1] == 0 || !isalnum((unsigned char)q[1]))
				  : (q == s || !isalnum((unsigned char)q[-1])) && q[1] && q[1] != ' ' &&
					    q[1] != '*');
		if (*q && !mark)
			continue;
		if (q > seg) {
			xs(x, ital ? "<w:r><w:rPr><w:i/></w:rPr><w:t xml:space=\"preserve\">"
				   : "<w:r><w:t xml:space=\"preserve\">");
			xesc(x, seg, (size_t)(q - seg));
			xs(x, "</w:t></w:r>");
		}
		if (!*q)
			break;
		ital = !ital;
		seg = q + 1;
	}
}

static int add_entry(zip_t *z, const char *name, struct xb *x)
{
	zip_source_t *src = zip_source_buffer(z, x->b, x->n, 0);
	if (!src || zip_file_add(z, name, src, ZIP_FL_OVERWRITE) < 0) {
		zip_source_free(src);
		return -1;
	}
	return 0;
}

static const char ct_xml[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
	"<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
	"<Override PartName=\"/word/comments.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml\"/>"
	"</Types>";
static const char rels_xml[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
	"</Relationships>";
static const char doc_rels_xml[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments\" Target=\"comments.xml\"/>"
	"</Relationships>";
static const char styles_xml[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
	"<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/>"
	"<w:basedOn w:val=\"Normal\"/><w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr></w:style>"
	"</w:styles>";
#define W_NS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
#define REV "w:author=\"Editor\" w:date=\"2026-01-01T00:00:00Z\""

int text_write_docx(const struct text *t, const char *path, bool tracked)
{
	struct xb parts[6] = { { 0 } };
	struct xb *doc = &parts[0], *com = &parts[1];
	xs(doc, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document " W_NS "><w:body>");
	xs(com, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:comments " W_NS ">");
	int id = 1, n_narr = 0;
	char tmp[512];
	for (size_t i = 0; i < t->n; i++) {
		const struct para *p = &t->p[i];
		xs(doc, "<w:p>");
		if (p->kind == PK_HEAD)
			xs(doc, "<w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr>");
		bool comment = false;
		if (tracked && p->kind == PK_NARR && !p->planted && ++n_narr % 30 == 7) {
			comment = true;
			snprintf(tmp, sizeof(tmp), "<w:commentRangeStart w:id=\"%d\"/>", id);
			xs(doc, tmp);
		}
		if (tracked && p->tracked) {
			snprintf(tmp, sizeof(tmp), "<w:ins w:id=\"%d\" " REV ">", 1000000 + id++);
			xs(doc, tmp);
		}
		runs(doc, p->s, t->md);
		if (tracked && p->tracked)
			xs(doc, "</w:ins>");
		if (comment) {
			snprintf(tmp, sizeof(tmp),
				 "<w:commentRangeEnd w:id=\"%d\"/><w:r><w:commentReference w:id=\"%d\"/></w:r>",
				 id, id);
			xs(doc, tmp);
			snprintf(tmp, sizeof(tmp),
				 "<w:comment w:id=\"%d\" " REV "><w:p><w:r><w:t xml:space=\"preserve\">"
				 "Check this: %s and %s, the the wrold is %s.</w:t></w:r></w:p></w:comment>",
				 id, decoys[1], decoys[3], decoys[0]);
			xs(com, tmp);
			id++;
		} else if (tracked && p->kind == PK_NARR && !p->planted && n_narr % 30 == 19) {
			/* a deletion carrying defects that must never be reported */
			snprintf(tmp, sizeof(tmp),
				 "<w:del w:id=\"%d\" " REV "><w:r><w:delText xml:space=\"preserve\"> %s saw"
				 " %s and %s, the %s.</w:delText></w:r></w:del>",
				 1000000 + id++, decoys[1], decoys[2], decoys[3], decoys[0]);
			xs(doc, tmp);
		}
		xs(doc, "</w:p>");
	}
	xs(doc, "<w:sectPr/></w:body></w:document>");
	xs(com, "</w:comments>");
	xs(&parts[2], ct_xml);
	xs(&parts[3], rels_xml);
	xs(&parts[4], doc_rels_xml);
	xs(&parts[5], styles_xml);
	int zerr = 0, rc = -1;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	if (!z)
		goto done;
	if (add_entry(z, "[Content_Types].xml", &parts[2]) || add_entry(z, "_rels/.rels", &parts[3]) ||
	    add_entry(z, "word/_rels/document.xml.rels", &parts[4]) ||
	    add_entry(z, "word/styles.xml", &parts[5]) || add_entry(z, "word/document.xml", doc) ||
	    add_entry(z, "word/comments.xml", com)) {
		zip_discard(z);
		goto done;
	}
	rc = zip_close(z) ? -1 : 0;
	if (rc)
		zip_discard(z);
done:
	for (int k = 0; k < 6; k++)
		free(parts[k].b);
	return rc;
}
