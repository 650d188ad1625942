/* markdown.c: Markdown reader (ingest stage). md4c parses CommonMark in
 * linear time and hands us pointers into the source buffer, so every text
 * piece keeps its exact source offset. A YAML front-matter block is read
 * with libyaml as metadata; HTML is not text, except the suppression
 * comments <!-- storymaster-disable RULE... --> / <!-- storymaster-enable -->
 * and <!-- storymaster-disable-next-line RULE... --> (as ESLint has; in prose
 * the line that follows is a paragraph or heading: that block). */
#include "ingest/ingest.h"

#include <md4c.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define MAX_OPEN_SUPP 64   /* suppression ranges open at once */
#define MAX_RULE_LEN  127  /* bytes of one rule id in a directive */
#define MAX_YAML_EVENTS 100000

/* ------------------------------------------------------------------ */
/* Front matter                                                         */
/* ------------------------------------------------------------------ */

/* Length of the line at s[i..n) without its terminator, and *next = start
 * of the following line. */
static size_t line_at(const char *s, size_t i, size_t n, size_t *next)
{
	const char *nl = memchr(s + i, '\n', n - i);
	size_t end = nl ? (size_t)(nl - s) : n;
	*next = nl ? end + 1 : n;
	if (end > i && s[end - 1] == '\r')
		end--;
	return end - i;
}

/* Is s[0..len) the delimiter d ("---" or "...") followed only by blanks? */
static bool is_delim(const char *s, size_t len, const char *d)
{
	if (len < 3 || memcmp(s, d, 3) != 0)
		return false;
	for (size_t i = 3; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

static bool is_blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

/* If src starts with a front-matter block, return its byte length
 * (delimiters included) and set *body_off and *body_len to the YAML between
 * them; else 0. As pandoc does, the opening line must not be followed by a
 * blank line, and the block must be closed by a "---" or "..." line. */
static size_t front_matter_len(const char *src, size_t n, size_t *body_off, size_t *body_len)
{
	size_t next;
	size_t l = line_at(src, 0, n, &next);
	if (!is_delim(src, l, "---") || next >= n)
		return 0;
	size_t i = next;
	l = line_at(src, i, n, &next);
	if (is_blank(src + i, l) && !(next >= n && l == 0))
		return 0;
	*body_off = i;
	while (i < n) {
		l = line_at(src, i, n, &next);
		if (is_delim(src + i, l, "---") || is_delim(src + i, l, "...")) {
			*body_len = i - *body_off;
			return next;
		}
		i = next;
	}
	return 0;
}

/* Read title and author from the top-level mapping of a YAML document.
 * An author list is joined with ", ". Errors in the YAML stop the reading
 * quietly: front matter is metadata, never fatal. */
static void read_front_matter(struct sm_doc *doc, const char *y, size_t n)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	enum { K_NONE, K_TITLE, K_AUTHOR } key = K_NONE, seq_key = K_NONE;
	int depth = 0;
	bool expect_key = false, top_map = false;
	struct sbuf authors;

	if (sm_yaml_flow_depth(y, n) > SM_YAML_MAX_DEPTH)
		return; /* nested past reason: not read (libyaml would take minutes) */
	sbuf_init(&authors, 4096);
	if (!yaml_parser_initialize(&parser))
		return;
	yaml_parser_set_input_string(&parser, (const unsigned char *)y, n);
	for (int k = 0; k < MAX_YAML_EVENTS; k++) {
		if (!yaml_parser_parse(&parser, &ev))
			break;
		yaml_event_type_t t = ev.type;
		if (t == YAML_MAPPING_START_EVENT || t == YAML_SEQUENCE_START_EVENT) {
			if (depth == 1 && !expect_key && t == YAML_SEQUENCE_START_EVENT)
				seq_key = key;
			depth++;
			if (depth == 1)
				top_map = expect_key = t == YAML_MAPPING_START_EVENT;
		} else if (t == YAML_MAPPING_END_EVENT || t == YAML_SEQUENCE_END_EVENT) {
			depth--;
			if (depth == 1) {
				/* a complex value ended: the next scalar is a key */
				expect_key = true;
				key = seq_key = K_NONE;
			}
		} else if (t == YAML_SCALAR_EVENT && top_map) {
			const char *v = (const char *)ev.data.scalar.value;
			size_t vlen = ev.data.scalar.length;
			if (depth == 1 && expect_key) {
				key = vlen == 5 && !memcmp(v, "title", 5) ? K_TITLE :
				      vlen == 6 && !memcmp(v, "author", 6) ? K_AUTHOR : K_NONE;
				expect_key = false;
			} else if (depth == 1) {
				if (key == K_TITLE && vlen)
					doc->meta_title = arena_strndup(&doc->arena, v, vlen);
				else if (key == K_AUTHOR && vlen)
					doc->meta_author = arena_strndup(&doc->arena, v, vlen);
				key = K_NONE;
				expect_key = true;
			} else if (depth == 2 && seq_key == K_AUTHOR && vlen) {
				if (authors.len)
					sbuf_add(&authors, ", ", 2);
				sbuf_add(&authors, v, vlen);
			}
		} else if (t == YAML_ALIAS_EVENT && depth == 1 && top_map) {
			expect_key = !expect_key;
			if (expect_key)
				key = K_NONE;
		}
		yaml_event_delete(&ev);
		if (t == YAML_DOCUMENT_END_EVENT || t == YAML_STREAM_END_EVENT)
			break;
	}
	yaml_parser_delete(&parser);
	if (authors.len && authors.buf)
		doc->meta_author = arena_strndup(&doc->arena, authors.buf, authors.len);
	sbuf_release(&authors);
}

/* ------------------------------------------------------------------ */
/* Entities                                                             */
/* ------------------------------------------------------------------ */

static const struct {
	const char *name;
	unsigned cp;
} entities[] = {
	{"AElig", 0xC6}, {"Aacute", 0xC1}, {"Agrave", 0xC0}, {"Auml", 0xC4},
	{"Ccedil", 0xC7}, {"Eacute", 0xC9}, {"Egrave", 0xC8}, {"Ntilde", 0xD1},
	{"OElig", 0x152}, {"Ouml", 0xD6}, {"Uuml", 0xDC},
	{"aacute", 0xE1}, {"acirc", 0xE2}, {"aelig", 0xE6}, {"agrave", 0xE0},
	{"amp", '&'}, {"apos", '\''}, {"auml", 0xE4}, {"bull", 0x2022},
	{"ccedil", 0xE7}, {"cent", 0xA2}, {"copy", 0xA9}, {"dagger", 0x2020},
	{"deg", 0xB0}, {"eacute", 0xE9}, {"ecirc", 0xEA}, {"egrave", 0xE8},
	{"emsp", 0x2003}, {"ensp", 0x2002}, {"euml", 0xEB}, {"euro", 0x20AC},
	{"frac12", 0xBD}, {"gt", '>'}, {"hellip", 0x2026}, {"iacute", 0xED},
	{"icirc", 0xEE}, {"iexcl", 0xA1}, {"iquest", 0xBF}, {"iuml", 0xEF},
	{"laquo", 0xAB}, {"ldquo", 0x201C}, {"lsquo", 0x2018}, {"lt", '<'},
	{"mdash", 0x2014}, {"middot", 0xB7}, {"nbsp", 0xA0}, {"ndash", 0x2013},
	{"ntilde", 0xF1}, {"oacute", 0xF3}, {"ocirc", 0xF4}, {"oelig", 0x153},
	{"ouml", 0xF6}, {"para", 0xB6}, {"pound", 0xA3}, {"quot", '"'},
	{"raquo", 0xBB}, {"rdquo", 0x201D}, {"reg", 0xAE}, {"rsquo", 0x2019},
	{"sect", 0xA7}, {"shy", 0xAD}, {"szlig", 0xDF}, {"thinsp", 0x2009},
	{"times", 0xD7}, {"trade", 0x2122}, {"uacute", 0xFA}, {"ucirc", 0xFB},
	{"uuml", 0xFC}, {"yen", 0xA5},
};

/* Code point of entity text "&...;" (md4c guarantees the shape), or 0 when
 * unknown. Invalid numeric references give U+FFFD, as CommonMark says. */
static unsigned entity_cp(const char *s, size_t n)
{
	if (n < 3 || s[0] != '&' || s[n - 1] != ';')
		return 0;
	if (s[1] == '#') {
		unsigned long v = 0;
		size_t i = 2;
		bool hex = i < n - 1 && (s[i] == 'x' || s[i] == 'X');
		if (hex)
			i++;
		if (i >= n - 1)
			return 0;
		for (; i < n - 1; i++) {
			char c = s[i];
			unsigned d;
			if (c >= '0' && c <= '9')
				d = (unsigned)(c - '0');
			else if (hex && c >= 'a' && c <= 'f')
				d = (unsigned)(c - 'a' + 10);
			else if (hex && c >= 'A' && c <= 'F')
				d = (unsigned)(c - 'A' + 10);
			else
				return 0;
			v = v * (hex ? 16 : 10) + d;
			if (v > 0x10FFFF)
				v = 0x110000; /* stays invalid, no overflow */
		}
		if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
			return 0xFFFD;
		return (unsigned)v;
	}
	size_t lo = 0, hi = SM_ARRAY_LEN(entities), len = n - 2;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const char *e = entities[mid].name;
		int c = strncmp(s + 1, e, len);
		if (c == 0 && e[len] != '\0')
			c = -1;
		if (c == 0)
			return entities[mid].cp;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* The md4c callbacks                                                   */
/* ------------------------------------------------------------------ */

struct open_supp {
	uint32_t off;  /* text offset where the range starts */
	char rule[MAX_RULE_LEN + 1];
};

struct mdstate {
	struct sm_doc *doc;
	const char *src;       /* source (after any BOM); md4c's pointers point into it */
	uint32_t n;            /* bytes of src */
	enum blk_kind kind;    /* kind of the block text should open */
	int level;             /* heading level for kind == BLK_HEADING */
	bool in_text_block;    /* inside P, H or LI: text is prose */
	bool open;             /* a document block is open */
	int skip;              /* depth inside code blocks, HTML blocks, images */
	bool raw_html;         /* inside a pandoc raw block (```{=html}): read its comments */
	uint32_t last_end;     /* source offset after the last text piece */
	uint32_t html_done;    /* source bytes before this were scanned for comments */
	int rc;                /* SM_OK or the first error */
	struct open_supp supp[MAX_OPEN_SUPP];
	int n_supp;
	struct open_supp next[MAX_OPEN_SUPP]; /* disable-next-line: off UINT32_MAX until it begins */
	int n_next;
};

/* Source offset of p, or UINT32_MAX when md4c gave us its own string. */
static uint32_t off_of(const struct mdstate *st, const char *p)
{
	if (p >= st->src && p <= st->src + st->n)
		return (uint32_t)(p - st->src);
	return UINT32_MAX;
}

static void end_block(struct mdstate *st)
{
	if (st->open) {
		/* disable-next-line ranges end with the block they began with */
		uint32_t end = (uint32_t)st->doc->textbuf.len;
		for (int i = 0; i < st->n_next;) {
			struct open_supp *o = &st->next[i];
			if (o->off == UINT32_MAX) {
				i++;
				continue;
			}
			if (end > o->off)
				doc_add_suppress(st->doc, o->off, end - o->off, o->rule);
			st->next[i] = st->next[--st->n_next];
		}
		doc_block_end(st->doc);
	}
	st->open = false;
}

/* Make sure a block is open for text starting at source offset src_off. */
static void need_block(struct mdstate *st, uint32_t src_off)
{
	if (st->open)
		return;
	doc_block_begin(st->doc, st->kind, st->kind == BLK_HEADING ? st->level : 0, src_off);
	st->open = true;
	for (int i = 0; i < st->n_next; i++)
		if (st->next[i].off == UINT32_MAX && st->doc->open_block >= 0)
			st->next[i].off = st->doc->blocks[st->doc->open_block].off;
}

/* <!-- storymaster-disable-next-line RULE... -->: the next block. */
static void next_add(struct mdstate *st, const char *rule, size_t rlen)
{
	if (st->n_next == MAX_OPEN_SUPP)
		return;
	struct open_supp *o = &st->next[st->n_next++];
	o->off = UINT32_MAX;
	memcpy(o->rule, rule, rlen);
	o->rule[rlen] = '\0';
}

static uint32_t text_pos(const struct mdstate *st)
{
	return (uint32_t)st->doc->textbuf.len;
}

static void supp_open(struct mdstate *st, const char *rule, size_t rlen)
{
	for (int i = 0; i < st->n_supp; i++)
		if (strlen(st->supp[i].rule) == rlen && !memcmp(st->supp[i].rule, rule, rlen))
			return; /* already disabled */
	if (st->n_supp == MAX_OPEN_SUPP)
		return;
	struct open_supp *o = &st->supp[st->n_supp++];
	/* between blocks, the range starts after the "\n\n" of the next block */
	o->off = text_pos(st) + (!st->open && text_pos(st) > 0 ? 2 : 0);
	memcpy(o->rule, rule, rlen);
	o->rule[rlen] = '\0';
}

static void supp_close_at(struct mdstate *st, int i, uint32_t end)
{
	struct open_supp *o = &st->supp[i];
	if (end > o->off)
		doc_add_suppress(st->doc, o->off, end - o->off, o->rule);
	st->supp[i] = st->supp[--st->n_supp];
}

/* rule == NULL closes every open range. */
static void supp_close(struct mdstate *st, const char *rule, size_t rlen)
{
	uint32_t end = text_pos(st);
	for (int i = st->n_supp - 1; i >= 0; i--)
		if (!rule || (strlen(st->supp[i].rule) == rlen && !memcmp(st->supp[i].rule, rule, rlen)))
			supp_close_at(st, i, end);
}

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Act on the comment body s[0..n) (between "<!--" and "-->") when it is a
 * storymaster-disable / storymaster-enable directive. */
static void directive(struct mdstate *st, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && is_ws(s[i]))
		i++;
	static const char dis[] = "storymaster-disable", ena[] = "storymaster-enable",
			  nl[] = "storymaster-disable-next-line";
	bool disable, next = false;
	if (n - i >= sizeof(nl) - 1 && !memcmp(s + i, nl, sizeof(nl) - 1)) {
		disable = next = true;
		i += sizeof(nl) - 1;
	} else if (n - i >= sizeof(dis) - 1 && !memcmp(s + i, dis, sizeof(dis) - 1)) {
		disable = true;
		i += sizeof(dis) - 1;
	} else if (n - i >= sizeof(ena) - 1 && !memcmp(s + i, ena, sizeof(ena) - 1)) {
		disable = false;
		i += sizeof(ena) - 1;
	} else {
		return;
	}
	if (i < n && !is_ws(s[i]))
		return; /* "storymaster-disabled": not ours */
	int n_rules = 0;
	while (i < n) {
		while (i < n && (is_ws(s[i]) || s[i] == ','))
			i++;
		size_t b = i;
		while (i < n && !is_ws(s[i]) && s[i] != ',')
			i++;
		if (i == b || i - b > MAX_RULE_LEN)
			continue;
		n_rules++;
		if (next)
			next_add(st, s + b, i - b);
		else if (disable)
			supp_open(st, s + b, i - b);
		else if (i - b == 1 && s[b] == '*')
			supp_close(st, NULL, 0);
		else
			supp_close(st, s + b, i - b);
	}
	if (n_rules == 0) {
		if (next)
			next_add(st, "*", 1);
		else if (disable)
			supp_open(st, "*", 1);
		else
			supp_close(st, NULL, 0);
	}
}

/* Scan HTML source bytes [a, b) for comments; a comment may run past b (md4c
 * splits multi-line HTML into pieces), so its end is looked up in the whole
 * source. html_done keeps every byte from being scanned more than once. */
static void scan_html(struct mdstate *st, uint32_t a, uint32_t b)
{
	if (a < st->html_done)
		a = st->html_done;
	while (a + 4 <= b) {
		const char *p = memchr(st->src + a, '<', b - a);
		if (!p)
			break;
		uint32_t at = (uint32_t)(p - st->src);
		if (at + 4 > st->n || memcmp(p, "<!--", 4) != 0) {
			a = at + 1;
			continue;
		}
		const char *body = p + 4;
		size_t left = st->n - (at + 4);
		const char *close = NULL;
		for (const char *q = body; (q = memchr(q, '-', left - (size_t)(q - body))) != NULL; q++) {
			if ((size_t)(q - body) + 3 <= left && q[1] == '-' && q[2] == '>') {
				close = q;
				break;
			}
		}
		if (!close) {
			st->html_done = st->n; /* unclosed comment: the rest is comment */
			return;
		}
		directive(st, body, (size_t)(close - body));
		a = (uint32_t)(close + 3 - st->src);
		st->html_done = a;
	}
	if (b > st->html_done)
		st->html_done = b;
}

static int on_enter_block(MD_BLOCKTYPE type, void *detail, void *u)
{
	struct mdstate *st = u;
	switch (type) {
	case MD_BLOCK_P:
		end_block(st);
		st->kind = BLK_PARAGRAPH;
		st->in_text_block = true;
		break;
	case MD_BLOCK_H:
		end_block(st);
		st->kind = BLK_HEADING;
		st->level = (int)((MD_BLOCK_H_DETAIL *)detail)->level;
		st->in_text_block = true;
		break;
	case MD_BLOCK_LI:
		/* a tight list item's text comes without a P */
		end_block(st);
		st->kind = BLK_PARAGRAPH;
		st->in_text_block = true;
		break;
	case MD_BLOCK_HR:
		end_block(st);
		doc_mark_break(st->doc);
		break;
	case MD_BLOCK_CODE: {
		/* pandoc writes HTML comments as ```{=html} raw blocks */
		const MD_ATTRIBUTE *info = &((MD_BLOCK_CODE_DETAIL *)detail)->info;
		st->raw_html = info->size == 7 && !memcmp(info->text, "{=html}", 7);
		end_block(st);
		st->skip++;
		break;
	}
	case MD_BLOCK_HTML:
		end_block(st);
		st->skip++;
		break;
	default:
		end_block(st);
		st->in_text_block = false;
		break;
	}
	return 0;
}

static int on_leave_block(MD_BLOCKTYPE type, void *detail, void *u)
{
	struct mdstate *st = u;
	(void)detail;
	switch (type) {
	case MD_BLOCK_CODE:
	case MD_BLOCK_HTML:
		st->skip--;
		st->raw_html = false;
		break;
	case MD_BLOCK_UL:
	case MD_BLOCK_OL:
		/* text after a nested list, still inside the outer item */
		st->kind = BLK_PARAGRAPH;
		st->in_text_block = true;
		break;
	default:
		end_block(st);
		st->kind = BLK_PARAGRAPH;
		st->in_text_block = type == MD_BLOCK_QUOTE || type == MD_BLOCK_LI ? false : st->in_text_block;
		break;
	}
	return 0;
}

static int on_enter_span(MD_SPANTYPE type, void *detail, void *u)
{
	struct mdstate *st = u;
	(void)detail;
	if (type == MD_SPAN_IMG)
		st->skip++;
	return 0;
}

static int on_leave_span(MD_SPANTYPE type, void *detail, void *u)
{
	struct mdstate *st = u;
	(void)detail;
	if (type == MD_SPAN_IMG)
		st->skip--;
	return 0;
}

static int on_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *u)
{
	struct mdstate *st = u;
	struct sm_doc *doc = st->doc;
	uint32_t off = off_of(st, text);
	int rc = SM_OK;

	if (type == MD_TEXT_HTML || (type == MD_TEXT_CODE && st->raw_html)) {
		if (off != UINT32_MAX) {
			scan_html(st, off, off + size);
			st->last_end = off + size;
		}
		return 0;
	}
	if (st->skip > 0 || !st->in_text_block) {
		if (off != UINT32_MAX)
			st->last_end = off + size;
		return 0;
	}
	switch (type) {
	case MD_TEXT_NORMAL:
	case MD_TEXT_CODE:
	case MD_TEXT_LATEXMATH:
		need_block(st, off);
		rc = doc_block_text(doc, text, size, off);
		break;
	case MD_TEXT_NULLCHAR:
		need_block(st, off);
		rc = doc_block_cp(doc, 0xFFFD);
		break;
	case MD_TEXT_SOFTBR: {
		if (!st->open)
			return 0;
		/* the newline after the line's trailing blanks */
		uint32_t nl = st->last_end;
		while (nl < st->n && (st->src[nl] == ' ' || st->src[nl] == '\t'))
			nl++;
		rc = doc_block_text(doc, " ", 1, nl < st->n ? nl : UINT32_MAX);
		return rc == SM_OK ? 0 : (st->rc = rc, 1);
	}
	case MD_TEXT_BR:
		if (!st->open)
			return 0;
		rc = doc_block_cp(doc, '\n');
		return rc == SM_OK ? 0 : (st->rc = rc, 1);
	case MD_TEXT_ENTITY: {
		unsigned cp = entity_cp(text, size);
		need_block(st, off);
		if (cp) {
			char enc[4];
			size_t k;
			if (cp < 0x80) {
				enc[0] = (char)cp;
				k = 1;
			} else if (cp < 0x800) {
				enc[0] = (char)(0xC0 | (cp >> 6));
				enc[1] = (char)(0x80 | (cp & 0x3F));
				k = 2;
			} else if (cp < 0x10000) {
				enc[0] = (char)(0xE0 | (cp >> 12));
				enc[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
				enc[2] = (char)(0x80 | (cp & 0x3F));
				k = 3;
			} else {
				enc[0] = (char)(0xF0 | (cp >> 18));
				enc[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
				enc[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
				enc[3] = (char)(0x80 | (cp & 0x3F));
				k = 4;
			}
			rc = doc_block_text(doc, enc, k, off);
		} else {
			rc = doc_block_text(doc, text, size, off); /* unknown: keep literally */
		}
		break;
	}
	default:
		break;
	}
	if (off != UINT32_MAX)
		st->last_end = off + size;
	if (rc != SM_OK) {
		st->rc = rc;
		return 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* The reader                                                           */
/* ------------------------------------------------------------------ */

int ingest_markdown(struct sm_doc *doc, const char *buf, size_t len, struct sm_err *err)
{
	/* ingest_buffer took off the BOM and checked the size */
	doc_set_source(doc, buf, len);
	size_t skip = 0, y_off = 0, y_len = 0;
	skip = front_matter_len(buf, len, &y_off, &y_len);
	if (skip)
		read_front_matter(doc, buf + y_off, y_len);

	struct mdstate *st = xcalloc(1, sizeof(*st));
	st->doc = doc;
	st->src = buf;
	st->n = (uint32_t)len;
	st->kind = BLK_PARAGRAPH;
	st->rc = SM_OK;

	MD_PARSER parser;
	memset(&parser, 0, sizeof(parser));
	parser.flags = MD_DIALECT_COMMONMARK;
	parser.enter_block = on_enter_block;
	parser.leave_block = on_leave_block;
	parser.enter_span = on_enter_span;
	parser.leave_span = on_leave_span;
	parser.text = on_text;

	int prc = md_parse(buf + skip, (MD_SIZE)(len - skip), &parser, st);
	int rc = SM_OK;
	if (st->rc != SM_OK) {
		rc = sm_fail(err, st->rc, "%s", DOC_MAX_TEXT_MSG);
	} else if (prc != 0) {
		rc = sm_fail(err, SM_EFORMAT, "the Markdown parser failed");
	} else {
		end_block(st);
		supp_close(st, NULL, 0); /* an unclosed disable runs to the end */
	}
	free(st);
	return rc;
}
