/* server.c: see lsp.h. One thread: read what stdin has, handle each
 * message, and when the book changed and the editor has been quiet for
 * DEBOUNCE seconds, check the whole book and publish what changed. */
#include "lsp/lsp.h"

#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checks/consistency/consistency.h"
#include "ingest/ingest.h"
#include "lsp/rpc.h"
#include "segment/segment.h"

/* Seconds of quiet after a change before the book is checked; changes that
 * come while a check runs are read together after it. */
#define DEBOUNCE 0.01

/* LSP's error codes */
enum { RPC_PARSE = -32700, RPC_INVALID = -32600, RPC_NO_METHOD = -32601, RPC_BAD_PARAMS = -32602,
       RPC_NOT_INITIALIZED = -32002, RPC_CANCELLED = -32800 };

/* A document the editor has open. */
struct open_doc {
	char *uri, *path, *text;
	size_t len;
};

/* A published diagnostic, kept for code actions. */
struct diag {
	char *uri, *rule, *sugg, *word;
	int l0, c0, l1, c1; /* 0-based line, UTF-16 character */
	int para_line;      /* 0-based line where its paragraph starts (Markdown) */
	bool markdown;
	json_t *json;       /* as published (borrowed from the published array) */
};

/* A chapter read and segmented, kept while its bytes stay the same. */
struct cached {
	char *path;
	uint64_t hash;
	size_t len;
	struct sm_doc *doc;
	char *error; /* why it could not be read, or NULL */
	bool seen;   /* in the book this time */
};

/* What was last published for one URI (to send only what changed). */
struct published {
	char *uri;
	char *json; /* the diagnostics array, serialized */
};

struct server {
	FILE *out;
	struct cli_opts o;
	char *root;          /* the book's folder */
	struct cli_book cb;  /* configuration and rules (no documents) */
	bool setup, initialized, shutdown;
	struct open_doc *docs;
	size_t n_docs, cap_docs;
	bool dirty;
	double due;
	struct diag *diags;
	size_t n_diags, cap_diags;
	json_t *keep; /* the arrays the diags point into */
	struct published *pub;
	size_t n_pub, cap_pub;
	json_t **queue; /* messages read, not yet handled */
	size_t n_queue, cap_queue;
	struct cached *cache;
	size_t n_cache, cap_cache;
};

/* The chapter at path with these bytes, read and segmented once: the
 * document (owned by the cache), or NULL with *why. */
static struct sm_doc *cached_doc(struct server *s, const char *path, const char *format, const char *buf,
				 size_t len, const char **why)
{
	uint64_t h = sm_hash(0, buf, len);
	struct cached *c = NULL;
	for (size_t i = 0; i < s->n_cache; i++)
		if (!strcmp(s->cache[i].path, path))
			c = &s->cache[i];
	if (c && c->hash == h && c->len == len) {
		c->seen = true;
		*why = c->error;
		return c->doc;
	}
	if (!c) {
		SM_GROW(s->cache, s->cap_cache, s->n_cache + 1);
		c = &s->cache[s->n_cache++];
		memset(c, 0, sizeof(*c));
		c->path = xstrdup(path);
	}
	doc_free(c->doc);
	free(c->error);
	c->doc = NULL;
	c->error = NULL;
	c->hash = h;
	c->len = len;
	c->seen = true;
	struct sm_err err;
	sm_err_clear(&err);
	struct sm_doc *doc = NULL;
	int rc = ingest_buffer(path, format, buf, len, &doc, &err);
	if (rc == SM_OK)
		rc = seg_document(doc, &err);
	if (rc != SM_OK) {
		doc_free(doc);
		c->error = xstrdup(err.msg);
	} else {
		c->doc = doc;
	}
	*why = c->error;
	return c->doc;
}

/* Forget the chapters that left the book. */
static void cache_sweep(struct server *s, bool all)
{
	for (size_t i = 0; i < s->n_cache;) {
		struct cached *c = &s->cache[i];
		if (all || !c->seen) {
			doc_free(c->doc);
			free(c->error);
			free(c->path);
			s->cache[i] = s->cache[--s->n_cache];
		} else {
			c->seen = false;
			i++;
		}
	}
}

/* ---- URIs and paths ---- */

static char *uri_to_path(const char *uri)
{
	if (strncmp(uri, "file://", 7))
		return NULL;
	const char *p = uri + 7;
	if (strncmp(p, "localhost/", 10) == 0)
		p += 9;
	if (*p != '/')
		return NULL;
	char *out = xmalloc(strlen(p) + 1);
	size_t o = 0;
	for (; *p && *p != '?' && *p != '#'; p++) {
		if (*p == '%' && isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2])) {
			char h[3] = { p[1], p[2], 0 };
			out[o++] = (char)strtol(h, NULL, 16);
			p += 2;
		} else {
			out[o++] = *p;
		}
	}
	out[o] = 0;
	return out;
}

static char *path_to_uri(const char *path)
{
	size_t n = strlen(path);
	char *out = xmalloc(n * 3 + 8);
	size_t o = (size_t)sprintf(out, "file://");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (isalnum(*p) || strchr("/-._~!$&'()*+,;=:@", *p))
			out[o++] = (char)*p;
		else
			o += (size_t)sprintf(out + o, "%%%02X", *p);
	}
	out[o] = 0;
	return out;
}

static struct open_doc *find_doc(struct server *s, const char *path)
{
	for (size_t i = 0; i < s->n_docs; i++)
		if (!strcmp(s->docs[i].path, path))
			return &s->docs[i];
	return NULL;
}

/* ---- replies ---- */

static void reply(struct server *s, json_t *id, json_t *result)
{
	rpc_send(s->out, json_pack("{s:s, s:O, s:o}", "jsonrpc", "2.0", "id", id, "result",
				   result ? result : json_null()));
}

static void reply_error(struct server *s, json_t *id, int code, const char *msg)
{
	rpc_send(s->out, json_pack("{s:s, s:O, s:{s:i, s:s}}", "jsonrpc", "2.0", "id", id ? id : json_null(),
				   "error", "code", code, "message", msg));
}

static void notify(struct server *s, const char *method, json_t *params)
{
	rpc_send(s->out, json_pack("{s:s, s:s, s:o}", "jsonrpc", "2.0", "method", method, "params", params));
}

static void log_client(struct server *s, int type, const char *msg)
{
	notify(s, "window/logMessage", json_pack("{s:i, s:s}", "type", type, "message", msg));
}

/* ---- positions ---- */

/* The UTF-16 column of the code-point column col (1-based) on source line
 * line (1-based) of doc; 0-based, as LSP counts. */
static int utf16_col(const struct sm_doc *doc, uint32_t line, uint32_t col)
{
	if (!doc->src || !line || line > doc->n_lines)
		return col ? (int)col - 1 : 0;
	const unsigned char *p = (const unsigned char *)doc->src + doc->line_starts[line - 1];
	const unsigned char *end = (const unsigned char *)doc->src + doc->src_len;
	int units = 0;
	for (uint32_t k = 1; k < col && p < end && *p != '\n'; k++) {
		int w = *p < 0x80 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;
		units += w == 4 ? 2 : 1;
		p += w;
	}
	return units;
}

static json_t *position(const struct sm_doc *doc, uint32_t b, uint32_t off, int *l, int *c)
{
	uint32_t line = 0, col = 0;
	doc_locate(doc, b, off, &line, &col);
	*l = line ? (int)line - 1 : 0;
	*c = utf16_col(doc, line, col);
	return json_pack("{s:i, s:i}", "line", *l, "character", *c);
}

static json_t *range_of(const struct sm_doc *doc, uint32_t b, uint32_t off, uint32_t len, int *l0, int *c0,
			int *l1, int *c1)
{
	json_t *a = position(doc, b, off, l0, c0);
	json_t *z = position(doc, b, off + len, l1, c1);
	if (*l1 < *l0 || (*l1 == *l0 && *c1 < *c0)) {
		*l1 = *l0;
		*c1 = *c0;
		json_decref(z);
		z = json_pack("{s:i, s:i}", "line", *l1, "character", *c1);
	}
	return json_pack("{s:o, s:o}", "start", a, "end", z);
}

/* ---- the book ---- */

/* The rules whose suggestion replaces the quoted text as it is. */
static bool replaces(const char *rule)
{
	return !strcmp(rule, "style.doubled-word") || !strcmp(rule, "consistency.spelling-variant") ||
	       !strcmp(rule, "language.typo");
}

/* The rules that flag a word the book may simply use: accepting it is an answer. */
static bool acceptable(const char *rule)
{
	return !strcmp(rule, "language.typo") || !strcmp(rule, "language.anomaly") ||
	       !strcmp(rule, "consistency.name-variant");
}

static void diags_clear(struct server *s)
{
	for (size_t i = 0; i < s->n_diags; i++) {
		free(s->diags[i].uri);
		free(s->diags[i].rule);
		free(s->diags[i].sugg);
		free(s->diags[i].word);
	}
	s->n_diags = 0;
	json_decref(s->keep);
	s->keep = json_array();
}

static bool setup(struct server *s)
{
	if (s->setup)
		return true;
	cli_book_init(&s->cb);
	struct cli_opts o = s->o;
	o.no_model = true;
	if (cli_book_setup(&s->cb, &o, s->root) != SM_OK) {
		cli_book_release(&s->cb);
		log_client(s, 1, "storymaster: the book's configuration could not be read (see the server's log)");
		return false;
	}
	s->setup = true;
	return true;
}

static void teardown(struct server *s)
{
	if (!s->setup)
		return;
	cli_book_teardown(&s->cb);
	cli_book_release(&s->cb);
	s->setup = false;
}

/* Publish arr for uri unless it is what the client already has. */
static void publish(struct server *s, const char *uri, json_t *arr)
{
	char *js = json_dumps(arr, JSON_COMPACT);
	struct published *p = NULL;
	for (size_t i = 0; i < s->n_pub; i++)
		if (!strcmp(s->pub[i].uri, uri))
			p = &s->pub[i];
	if (p && !strcmp(p->json, js)) {
		free(js);
		return;
	}
	if (!p) {
		SM_GROW(s->pub, s->cap_pub, s->n_pub + 1);
		p = &s->pub[s->n_pub++];
		p->uri = xstrdup(uri);
		p->json = NULL;
	}
	free(p->json);
	p->json = js;
	notify(s, "textDocument/publishDiagnostics", json_pack("{s:s, s:O}", "uri", uri, "diagnostics", arr));
}

/* Check the whole book and publish every chapter's diagnostics. */
static void check_book(struct server *s)
{
	s->dirty = false;
	if (!s->root || !setup(s))
		return;
	char *root = s->root;
	size_t n_paths = 0;
	char **paths = cli_expand(&root, 1, &n_paths, true);
	/* open documents outside the folder are chapters of the book too */
	for (size_t i = 0; i < s->n_docs; i++) {
		bool in = false;
		for (size_t k = 0; k < n_paths && !in; k++)
			in = !strcmp(paths[k], s->docs[i].path);
		if (!in) {
			paths = xrealloc(paths, (n_paths + 1) * sizeof(*paths));
			paths[n_paths++] = xstrdup(s->docs[i].path);
		}
	}
	struct sm_doc **docs = xcalloc(n_paths + 1, sizeof(*docs));
	char **uris = xcalloc(n_paths + 1, sizeof(*uris));
	size_t nd = 0;
	json_t *bad = json_object(); /* uri -> the reason it could not be read */
	for (size_t i = 0; i < n_paths; i++) {
		const struct ingest_reader *r = ingest_reader_for(paths[i]);
		if (!r)
			continue;
		struct open_doc *od = find_doc(s, paths[i]);
		char *uri = od ? xstrdup(od->uri) : path_to_uri(paths[i]);
		struct sm_err err;
		sm_err_clear(&err);
		char *buf = NULL;
		size_t len = 0;
		const char *why = NULL;
		struct sm_doc *doc = NULL;
		if (od) {
			doc = cached_doc(s, paths[i], r->format, od->text, od->len, &why);
		} else if (sm_read_file(paths[i], INGEST_MAX_FILE, &buf, &len, &err) == SM_OK) {
			doc = cached_doc(s, paths[i], r->format, buf, len, &why);
			free(buf);
		} else {
			why = err.msg;
		}
		if (!doc) {
			json_object_set_new(bad, uri, json_string(why ? why : "cannot be read"));
			free(uri);
			continue;
		}
		docs[nd] = doc;
		uris[nd++] = uri;
	}
	struct sm_book book = { 0 };
	book.docs = docs;
	book.n_docs = nd;
	book.cfg = &s->cb.cfg;
	book.rules = s->cb.book.rules;
	struct sm_findings f;
	findings_init(&f);
	struct sm_err err;
	sm_err_clear(&err);
	if (nd && checks_run(&book, &f, &err) != SM_OK)
		log_client(s, 1, err.msg);
	/* one array of diagnostics per document */
	diags_clear(s);
	json_t **arrs = xcalloc(nd + 1, sizeof(*arrs));
	for (size_t i = 0; i < nd; i++)
		arrs[i] = json_array();
	for (size_t i = 0; i < f.n; i++) {
		const struct sm_finding *x = &f.v[i];
		if (x->doc >= nd)
			continue;
		const struct sm_doc *doc = docs[x->doc];
		struct diag d = { 0 };
		json_t *range = range_of(doc, x->block, x->off, x->len, &d.l0, &d.c0, &d.l1, &d.c1);
		int sev = x->sev == SM_SEV_ERROR ? 1 : x->sev == SM_SEV_WARNING ? 2 : 3;
		json_t *dj = json_pack("{s:o, s:i, s:s, s:s, s:s}", "range", range, "severity", sev, "code", x->rule,
				       "source", "storymaster", "message", x->message);
		if (x->suggestion)
			json_object_set_new(dj, "data", json_pack("{s:s}", "suggestion", x->suggestion));
		if (x->n_rel) {
			json_t *rel = json_array();
			for (uint32_t k = 0; k < x->n_rel; k++) {
				const struct sm_related *rr = &x->rel[k];
				if (rr->doc >= nd)
					continue;
				int a, b, c, e;
				json_array_append_new(
					rel, json_pack("{s:{s:s, s:o}, s:s}", "location", "uri", uris[rr->doc], "range",
						       range_of(docs[rr->doc], rr->block, rr->off, rr->len, &a, &b, &c, &e),
						       "message", "see also"));
			}
			json_object_set_new(dj, "relatedInformation", rel);
		}
		json_array_append_new(arrs[x->doc], dj);
		d.uri = xstrdup(uris[x->doc]);
		d.rule = xstrdup(x->rule);
		d.sugg = x->suggestion ? xstrdup(x->suggestion) : NULL;
		d.word = x->len ? strndup(doc->text + x->off, x->len) : NULL;
		d.markdown = !strcmp(doc->format, "markdown");
		d.para_line = doc->blocks[x->block].line ? (int)doc->blocks[x->block].line - 1 : -1;
		d.json = dj;
		SM_GROW(s->diags, s->cap_diags, s->n_diags + 1);
		s->diags[s->n_diags++] = d;
	}
	for (size_t i = 0; i < nd; i++) {
		publish(s, uris[i], arrs[i]);
		json_array_append_new(s->keep, arrs[i]); /* the diags point into it */
	}
	/* a file that cannot be read: one diagnostic saying why */
	const char *key;
	json_t *val;
	json_object_foreach(bad, key, val)
	{
		json_t *arr = json_pack("[{s:{s:{s:i,s:i},s:{s:i,s:i}}, s:i, s:s, s:s}]", "range", "start", "line",
					0, "character", 0, "end", "line", 0, "character", 0, "severity", 1, "source",
					"storymaster", "message", json_string_value(val));
		publish(s, key, arr);
		json_decref(arr);
	}
	/* documents that left the book: nothing to show any more */
	for (size_t i = 0; i < s->n_pub; i++) {
		bool here = json_object_get(bad, s->pub[i].uri) != NULL;
		for (size_t k = 0; k < nd && !here; k++)
			here = !strcmp(uris[k], s->pub[i].uri);
		if (!here && strcmp(s->pub[i].json, "[]")) {
			json_t *none = json_array();
			publish(s, s->pub[i].uri, none);
			json_decref(none);
		}
	}
	json_decref(bad);
	free(arrs);
	findings_release(&f);
	cons_book_release(&book);
	book_release_warnings(&book);
	book_release_scores(&book);
	for (size_t i = 0; i < nd; i++)
		free(uris[i]);
	cache_sweep(s, false);
	free(docs);
	free(uris);
	for (size_t i = 0; i < n_paths; i++)
		free(paths[i]);
	free(paths);
}

/* ---- code actions ---- */

static bool overlaps(const struct diag *d, int l0, int c0, int l1, int c1)
{
	/* [d.start, d.end] meets [start, end] (a cursor is an empty range) */
	bool before = d->l1 < l0 || (d->l1 == l0 && d->c1 < c0);
	bool after = d->l0 > l1 || (d->l0 == l1 && d->c0 > c1);
	return !before && !after;
}

static json_t *text_edit(const char *uri, int l0, int c0, int l1, int c1, const char *text)
{
	return json_pack("{s:{s:[{s:{s:{s:i,s:i},s:{s:i,s:i}}, s:s}]}}", "changes", uri, "range", "start", "line", l0,
			 "character", c0, "end", "line", l1, "character", c1, "newText", text);
}

static char *fit_case(const char *sugg, const char *word)
{
	char *s = xstrdup(sugg);
	if (word && isupper((unsigned char)word[0]) && islower((unsigned char)s[0]))
		s[0] = (char)toupper((unsigned char)s[0]);
	return s;
}

static json_t *code_actions(struct server *s, json_t *params)
{
	const char *uri = NULL;
	int l0, c0, l1, c1;
	if (json_unpack(params, "{s:{s:s}, s:{s:{s:i, s:i}, s:{s:i, s:i}}}", "textDocument", "uri", &uri, "range",
			"start", "line", &l0, "character", &c0, "end", "line", &l1, "character", &c1))
		return NULL;
	json_t *acts = json_array();
	for (size_t i = 0; i < s->n_diags; i++) {
		const struct diag *d = &s->diags[i];
		if (strcmp(d->uri, uri) || !overlaps(d, l0, c0, l1, c1))
			continue;
		if (d->sugg && replaces(d->rule)) {
			char *put = fit_case(d->sugg, d->word);
			char title[300];
			snprintf(title, sizeof(title), "Replace with \"%.200s\"", put);
			json_array_append_new(acts, json_pack("{s:s, s:s, s:[O], s:b, s:o}", "title", title, "kind",
							      "quickfix", "diagnostics", d->json, "isPreferred", 1,
							      "edit",
							      text_edit(uri, d->l0, d->c0, d->l1, d->c1, put)));
			free(put);
		}
		if (d->markdown && d->para_line >= 0) {
			char title[200], line[200];
			snprintf(title, sizeof(title), "Ignore %s in this paragraph", d->rule);
			snprintf(line, sizeof(line), "<!-- storymaster-disable-next-line %s -->\n", d->rule);
			json_array_append_new(acts, json_pack("{s:s, s:s, s:[O], s:o}", "title", title, "kind",
							      "quickfix", "diagnostics", d->json, "edit",
							      text_edit(uri, d->para_line, 0, d->para_line, 0, line)));
		}
		if (d->word && acceptable(d->rule) && strlen(d->word) < 100) {
			char title[200];
			snprintf(title, sizeof(title), "Add \"%s\" to the book's accepted words", d->word);
			json_array_append_new(acts, json_pack("{s:s, s:s, s:[O], s:{s:s, s:s, s:[s]}}", "title", title,
							      "kind", "quickfix", "diagnostics", d->json, "command",
							      "title", title, "command", "storymaster.acceptWord",
							      "arguments", d->word));
		}
	}
	return acts;
}

/* Add word to the accepted words of the book's .storymaster.yml (made when
 * there is none): after the last item of a block list "accept:", inside a
 * flow list "accept: [...]", or a new key at the end. */
static int accept_word(struct server *s, const char *word)
{
	for (const char *p = word; *p; p++)
		if ((unsigned char)*p < 0x20 || strchr("[]{},:#\"'", *p))
			return -1;
	char *path = NULL;
	if (!config_find(s->root, &path)) {
		size_t n = strlen(s->root) + 20;
		path = xmalloc(n);
		snprintf(path, n, "%s/.storymaster.yml", s->root);
	}
	char *buf = NULL;
	size_t len = 0;
	struct sm_err err;
	sm_err_clear(&err);
	if (access(path, F_OK) == 0 && sm_read_file(path, 1u << 20, &buf, &len, &err) != SM_OK) {
		free(path);
		return -1;
	}
	struct sbuf out;
	sbuf_init(&out, 2u << 20);
	size_t at = len; /* where the item goes */
	const char *item_fmt = NULL;
	for (size_t i = 0; buf && i < len;) {
		size_t e = i;
		while (e < len && buf[e] != '\n')
			e++;
		bool key = (e - i >= 7 && !strncmp(buf + i, "accept:", 7)) ||
			   (e - i >= 6 && !strncmp(buf + i, "names:", 6));
		if (key) {
			const char *br = memchr(buf + i, '[', e - i);
			const char *cl = br ? memchr(br, ']', (size_t)(buf + e - br)) : NULL;
			if (cl) {
				at = (size_t)(cl - buf);
				item_fmt = cl > br + 1 ? ", %s" : "%s";
			} else {
				size_t k = e < len ? e + 1 : e;
				while (k < len && (buf[k] == ' ' || buf[k] == '\t')) {
					size_t ke = k;
					while (ke < len && buf[ke] != '\n')
						ke++;
					k = ke < len ? ke + 1 : ke;
				}
				at = k;
				item_fmt = "  - %s\n";
			}
			break;
		}
		i = e < len ? e + 1 : e;
	}
	if (buf)
		sbuf_add(&out, buf, at);
	if (!item_fmt) {
		if (len && buf[len - 1] != '\n')
			sbuf_add(&out, "\n", 1);
		item_fmt = "accept:\n  - %s\n";
	} else if (item_fmt[0] == ' ' && at > 0 && buf[at - 1] != '\n') {
		sbuf_add(&out, "\n", 1);
	}
	char item[256];
	snprintf(item, sizeof(item), item_fmt, word);
	sbuf_add(&out, item, strlen(item));
	if (buf && at < len)
		sbuf_add(&out, buf + at, len - at);
	FILE *fp = fopen(path, "w");
	int rc = fp && fwrite(out.buf, 1, out.len, fp) == out.len ? 0 : -1;
	if (fp && fclose(fp) != 0)
		rc = -1;
	sbuf_release(&out);
	free(buf);
	free(path);
	return rc;
}

/* ---- messages ---- */

static void set_root(struct server *s, const char *path)
{
	if (s->root || !path)
		return;
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		s->root = xstrdup(path);
	} else {
		char *slash = strrchr(path, '/');
		s->root = slash && slash != path ? strndup(path, (size_t)(slash - path)) : xstrdup("/");
	}
}

static void on_initialize(struct server *s, json_t *id, json_t *params)
{
	const char *root_uri = NULL, *root_path = NULL;
	json_t *folders = NULL;
	json_unpack(params, "{s?s, s?s, s?o}", "rootUri", &root_uri, "rootPath", &root_path, "workspaceFolders",
		    &folders);
	char *p = NULL;
	if (json_is_array(folders) && json_array_size(folders)) {
		const char *u = NULL;
		if (!json_unpack(json_array_get(folders, 0), "{s:s}", "uri", &u))
			p = uri_to_path(u);
	}
	if (!p && root_uri)
		p = uri_to_path(root_uri);
	if (!p && root_path)
		p = xstrdup(root_path);
	set_root(s, p);
	free(p);
	s->initialized = true;
	reply(s, id,
	      json_pack("{s:{s:{s:b, s:i, s:{s:b}}, s:{s:[s]}, s:{s:[s]}}, s:{s:s, s:s}}", "capabilities",
			"textDocumentSync", "openClose", 1, "change", 1, "save", "includeText", 0,
			"codeActionProvider", "codeActionKinds", "quickfix", "executeCommandProvider", "commands",
			"storymaster.acceptWord", "serverInfo", "name", "storymaster", "version", SM_VERSION));
}

static void on_open_or_change(struct server *s, json_t *params, bool open)
{
	const char *uri = NULL, *text = NULL;
	if (open) {
		if (json_unpack(params, "{s:{s:s, s:s}}", "textDocument", "uri", &uri, "text", &text))
			return;
	} else {
		json_t *changes = NULL;
		if (json_unpack(params, "{s:{s:s}, s:o}", "textDocument", "uri", &uri, "contentChanges", &changes) ||
		    !json_is_array(changes) || !json_array_size(changes))
			return;
		/* full sync: the last change holds the whole text */
		if (json_unpack(json_array_get(changes, json_array_size(changes) - 1), "{s:s}", "text", &text))
			return;
	}
	char *path = uri_to_path(uri);
	if (!path)
		return;
	set_root(s, path);
	struct open_doc *d = find_doc(s, path);
	if (!d) {
		SM_GROW(s->docs, s->cap_docs, s->n_docs + 1);
		d = &s->docs[s->n_docs++];
		memset(d, 0, sizeof(*d));
		d->uri = xstrdup(uri);
		d->path = path;
	} else {
		free(path);
	}
	free(d->text);
	d->len = strlen(text);
	d->text = xstrdup(text);
	s->dirty = true;
	s->due = sm_now() + (open ? 0 : DEBOUNCE);
}

static void on_close(struct server *s, json_t *params)
{
	const char *uri = NULL;
	if (json_unpack(params, "{s:{s:s}}", "textDocument", "uri", &uri))
		return;
	char *path = uri_to_path(uri);
	for (size_t i = 0; path && i < s->n_docs; i++)
		if (!strcmp(s->docs[i].path, path)) {
			free(s->docs[i].uri);
			free(s->docs[i].path);
			free(s->docs[i].text);
			s->docs[i] = s->docs[--s->n_docs];
			break;
		}
	free(path);
	s->dirty = true; /* the file on disk stands for it again */
	s->due = sm_now();
}

static bool is_cancelled(json_t *cancelled, json_t *id)
{
	size_t i;
	json_t *v;
	json_array_foreach(cancelled, i, v)
	{
		if (json_equal(v, id))
			return true;
	}
	return false;
}

/* Handle one message; false when the client said exit. */
static bool handle(struct server *s, json_t *msg, json_t *cancelled, int *status)
{
	const char *method = NULL;
	json_t *id = json_object_get(msg, "id");
	json_t *params = json_object_get(msg, "params");
	if (json_unpack(msg, "{s:s}", "method", &method)) {
		if (id && !json_object_get(msg, "result") && !json_object_get(msg, "error"))
			reply_error(s, id, RPC_INVALID, "a request without a method");
		return true; /* a response to us (none is asked for) */
	}
	if (id && is_cancelled(cancelled, id)) {
		reply_error(s, id, RPC_CANCELLED, "cancelled");
		return true;
	}
	if (!strcmp(method, "exit")) {
		*status = s->shutdown ? 0 : 1;
		return false;
	}
	if (!strcmp(method, "initialize")) {
		on_initialize(s, id, params);
	} else if (!s->initialized) {
		if (id)
			reply_error(s, id, RPC_NOT_INITIALIZED, "initialize first");
	} else if (!strcmp(method, "initialized") || !strcmp(method, "$/setTrace") ||
		   !strcmp(method, "workspace/didChangeConfiguration")) {
		/* nothing to do */
	} else if (!strcmp(method, "shutdown")) {
		s->shutdown = true;
		reply(s, id, NULL);
	} else if (!strcmp(method, "textDocument/didOpen")) {
		on_open_or_change(s, params, true);
	} else if (!strcmp(method, "textDocument/didChange")) {
		on_open_or_change(s, params, false);
	} else if (!strcmp(method, "textDocument/didSave")) {
		s->dirty = true;
		s->due = sm_now();
	} else if (!strcmp(method, "textDocument/didClose")) {
		on_close(s, params);
	} else if (!strcmp(method, "workspace/didChangeWatchedFiles")) {
		teardown(s); /* .storymaster.yml may have changed */
		s->dirty = true;
		s->due = sm_now();
	} else if (!strcmp(method, "textDocument/codeAction")) {
		if (s->dirty)
			check_book(s); /* actions for what is on screen now */
		json_t *acts = code_actions(s, params);
		if (acts)
			reply(s, id, acts);
		else
			reply_error(s, id, RPC_BAD_PARAMS, "textDocument/codeAction wants textDocument and range");
	} else if (!strcmp(method, "workspace/executeCommand")) {
		const char *cmd = NULL, *word = NULL;
		if (json_unpack(params, "{s:s, s:[s]}", "command", &cmd, "arguments", &word) ||
		    strcmp(cmd, "storymaster.acceptWord")) {
			reply_error(s, id, RPC_BAD_PARAMS, "unknown command");
		} else if (!s->root || accept_word(s, word) != 0) {
			reply_error(s, id, RPC_BAD_PARAMS, "the word could not be added to .storymaster.yml");
		} else {
			teardown(s);
			reply(s, id, NULL);
			check_book(s);
		}
	} else if (id) {
		reply_error(s, id, RPC_NO_METHOD, "method not handled");
	}
	return true;
}

int lsp_serve(int in_fd, FILE *out, const struct cli_opts *o)
{
	struct server s = { .out = out, .o = *o };
	s.keep = json_array();
	struct rpc r = { .fd = in_fd };
	int status = 1;
	bool running = true;
	while (running) {
		int timeout = -1;
		if (s.dirty) {
			double left = s.due - sm_now();
			timeout = left > 0 ? (int)(left * 1000) + 1 : 0;
		}
		struct pollfd pf = { .fd = in_fd, .events = POLLIN };
		int pr = poll(&pf, 1, timeout);
		if (pr < 0 && errno != EINTR)
			break;
		if (pr > 0) {
			int fr = rpc_fill(&r);
			if (fr <= 0)
				break; /* end of input: the editor is gone */
			/* take every complete message; cancellations first */
			json_t *msg;
			const char *why;
			int k;
			while ((k = rpc_next(&r, &msg, &why)) != 0) {
				if (k < 0) {
					fprintf(stderr, "storymaster lsp: %s\n", why);
					reply_error(&s, NULL, RPC_PARSE, why);
					continue;
				}
				SM_GROW(s.queue, s.cap_queue, s.n_queue + 1);
				s.queue[s.n_queue++] = msg;
			}
			json_t *cancelled = json_array();
			for (size_t i = 0; i < s.n_queue; i++) {
				const char *m = NULL;
				json_t *cid = NULL;
				if (!json_unpack(s.queue[i], "{s:s, s:{s:o}}", "method", &m, "params", "id", &cid) &&
				    !strcmp(m, "$/cancelRequest"))
					json_array_append(cancelled, cid);
			}
			for (size_t i = 0; i < s.n_queue; i++) {
				if (running && !handle(&s, s.queue[i], cancelled, &status))
					running = false;
				json_decref(s.queue[i]);
			}
			s.n_queue = 0;
			json_decref(cancelled);
		}
		if (running && s.dirty && sm_now() >= s.due)
			check_book(&s);
	}
	diags_clear(&s);
	free(s.diags);
	json_decref(s.keep);
	for (size_t i = 0; i < s.n_docs; i++) {
		free(s.docs[i].uri);
		free(s.docs[i].path);
		free(s.docs[i].text);
	}
	free(s.docs);
	for (size_t i = 0; i < s.n_pub; i++) {
		free(s.pub[i].uri);
		free(s.pub[i].json);
	}
	free(s.pub);
	free(s.queue);
	cache_sweep(&s, true);
	free(s.cache);
	free(s.root);
	teardown(&s);
	rpc_release(&r);
	return status;
}
