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
#include "lsp/background.h"
#include "lsp/chapters.h"
#include "lsp/diagnostics.h"
#include "lsp/rpc.h"
#include "segment/segment.h"

/* Seconds of quiet after a change before the book is checked; changes that
 * come while a check runs are read together after it. */
#define DEBOUNCE 0.01

/* Manuscripts checked as one book at most (a press's whole list opened as
 * a folder is not one book). */
#define LSP_MAX_CHAPTERS 2000

/* LSP's error codes */
enum { RPC_PARSE = -32700, RPC_INVALID = -32600, RPC_NO_METHOD = -32601, RPC_BAD_PARAMS = -32602,
       RPC_NOT_INITIALIZED = -32002, RPC_CANCELLED = -32800 };

/* A document the editor has open. */
struct open_doc {
	char *uri, *path, *text;
	size_t len;
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
	bool root_given;     /* by the client (a workspace folder), not the folder of a file */
	struct cli_book cb;  /* configuration and rules (no documents) */
	bool setup, initialized, shutdown;
	struct open_doc *docs;
	size_t n_docs, cap_docs;
	bool dirty;
	double due;
	unsigned gen;         /* the book's generation: one more at each fast check */
	struct diag_set cur;  /* what the client was last sent (for code actions) */
	struct bg *bg;        /* the model's thread; NULL without the model */
	json_t *sub_hash;     /* uri -> hash of the text handed to the model's thread last */
	json_t *model_hash;   /* uri -> hash of the text the shown model findings are of */
	double sub_time;      /* when the last snapshot went to the model's thread */
	struct published *pub;
	size_t n_pub, cap_pub;
	json_t **queue; /* messages read, not yet handled */
	size_t n_queue, cap_queue;
	struct chapters chapters;
};

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
	if (!s->o.no_model)
		s->bg = bg_start(&s->o, s->root); /* the model's checks, on their thread */
	return true;
}

static void teardown(struct server *s)
{
	bg_stop(s->bg);
	s->bg = NULL;
	json_decref(s->model_hash); /* the model's findings are made again */
	s->model_hash = NULL;
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

/* Make ds what the client sees: publish what changed, forget the old set. */
static void show(struct server *s, struct diag_set *ds)
{
	const char *uri;
	json_t *arr;
	json_object_foreach(ds->by_uri, uri, arr)
	{
		publish(s, uri, arr);
	}
	diag_set_free(&s->cur);
	s->cur = *ds;
}

/* Check the whole book without the model, publish every chapter's
 * diagnostics, and hand the same snapshot to the model's thread. */
static void check_book(struct server *s)
{
	s->dirty = false;
	if (!s->root || !setup(s))
		return;
	s->gen++;
	char *root = s->root;
	size_t n_paths = 0;
	/* a workspace folder is the book, with its subfolders; the folder of a
	 * lone file opened without one is taken as it is, not searched below
	 * (it may be a home folder) */
	char **paths = cli_expand(&root, 1, &n_paths, s->root_given);
	if (n_paths > LSP_MAX_CHAPTERS) {
		char msg[200];
		snprintf(msg, sizeof(msg), "storymaster: %zu manuscripts in %s; only the first %d are checked as the book",
			 n_paths, s->root, LSP_MAX_CHAPTERS);
		log_client(s, 2, msg);
		for (size_t i = LSP_MAX_CHAPTERS; i < n_paths; i++)
			free(paths[i]);
		n_paths = LSP_MAX_CHAPTERS;
	}
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
	struct bg_chapter *snap = s->bg ? xcalloc(n_paths + 1, sizeof(*snap)) : NULL;
	size_t nd = 0;
	json_t *bad = json_object(); /* uri -> the reason it could not be read */
	json_t *hashes = json_object(); /* uri -> the hash of its text */
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
			buf = od->text;
			len = od->len;
			doc = chapters_get(&s->chapters, paths[i], r->format, buf, len, &why);
		} else if (sm_read_file(paths[i], INGEST_MAX_FILE, &buf, &len, &err) == SM_OK) {
			doc = chapters_get(&s->chapters, paths[i], r->format, buf, len, &why);
		} else {
			why = err.msg;
		}
		if (doc) {
			char hx[20];
			snprintf(hx, sizeof(hx), "%016llx", (unsigned long long)doc->hash);
			json_object_set_new(hashes, uri, json_string(hx));
		}
		if (doc && snap) {
			struct bg_chapter *c = &snap[nd];
			c->path = xstrdup(paths[i]);
			c->uri = xstrdup(uri);
			c->format = r->format;
			c->text = xmalloc(len + 1);
			memcpy(c->text, buf, len);
			c->len = len;
		}
		if (!od)
			free(buf);
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
	struct diag_set ds;
	diag_set_build(&ds, docs, uris, nd, &f);
	/* the model's findings of the chapters that did not change stay */
	for (size_t i = 0; s->model_hash && i < nd; i++) {
		json_t *was = json_object_get(s->model_hash, uris[i]);
		if (was && json_equal(was, json_object_get(hashes, uris[i])))
			diag_set_carry_model(&ds, &s->cur, uris[i]);
	}
	show(s, &ds);
	if (snap) {
		bg_submit(s->bg, s->gen, snap, nd);
		s->sub_time = sm_now();
		json_decref(s->sub_hash);
		s->sub_hash = json_incref(hashes);
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
		bool here = json_object_get(bad, s->pub[i].uri) || json_object_get(s->cur.by_uri, s->pub[i].uri);
		if (!here && strcmp(s->pub[i].json, "[]")) {
			json_t *none = json_array();
			publish(s, s->pub[i].uri, none);
			json_decref(none);
		}
	}
	json_decref(bad);
	json_decref(hashes);
	findings_release(&f);
	cons_book_release(&book);
	book_release_warnings(&book);
	for (size_t i = 0; i < nd; i++)
		free(uris[i]);
	chapters_sweep(&s->chapters, false);
	free(docs);
	free(uris);
	for (size_t i = 0; i < n_paths; i++)
		free(paths[i]);
	free(paths);
}

/* The model's thread has a result: shown when it is of the text the
 * client has now, dropped when the book changed meanwhile. */
static void model_result(struct server *s)
{
	unsigned gen;
	struct diag_set ds;
	while (bg_take(s->bg, &gen, &ds)) {
		if (gen == s->gen && !s->dirty) {
			size_t n = json_object_size(ds.by_uri);
			show(s, &ds);
			json_decref(s->model_hash);
			s->model_hash = json_incref(s->sub_hash);
			/* for a status line (clients ignore "$/" notifications they do not know) */
			notify(s, "$/storymaster/model", json_pack("{s:i, s:f}", "chapters", (int)n, "seconds",
								   sm_now() - s->sub_time));
		} else {
			diag_set_free(&ds);
		}
	}
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

static json_t *code_actions(struct server *s, json_t *params)
{
	const char *uri = NULL;
	int l0, c0, l1, c1;
	if (json_unpack(params, "{s:{s:s}, s:{s:{s:i, s:i}, s:{s:i, s:i}}}", "textDocument", "uri", &uri, "range",
			"start", "line", &l0, "character", &c0, "end", "line", &l1, "character", &c1))
		return NULL;
	json_t *acts = json_array();
	for (size_t i = 0; i < s->cur.n; i++) {
		const struct diag *d = &s->cur.v[i];
		if (strcmp(d->uri, uri) || !overlaps(d, l0, c0, l1, c1))
			continue;
		if (d->sugg && replaces(d->rule)) {
			char *put = finding_fit_case(d->sugg, d->word);
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

/* Add word to the accepted words of the book's configuration (--config,
 * else the .storymaster.yml that applies to the book, made when there is
 * none): after the last item of a block list "accept:" (or "names:"), at the
 * end of a flow list "accept: [...]" on its line, or as a new key at the
 * end. Any other shape of the key is left alone and refused (-1), so that
 * the file is never written into something it was not. */
static int accept_word(struct server *s, const char *word)
{
	size_t wl = strlen(word);
	if (!wl || wl > 200)
		return -1;
	for (const char *p = word; *p; p++)
		if ((unsigned char)*p < 0x20 || strchr("[]{},:#\"'&*!|>%@`", *p))
			return -1;
	char *path = NULL;
	if (s->o.config) {
		path = xstrdup(s->o.config);
	} else if (!config_find(s->root, &path)) {
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
	size_t at = len;  /* where the item goes */
	char item[300];   /* what goes there */
	bool found = false, ok = true, block = false;
	for (size_t i = 0; buf && i < len && !found;) {
		size_t e = i;
		while (e < len && buf[e] != '\n')
			e++;
		size_t kl = e - i >= 7 && !strncmp(buf + i, "accept:", 7) ? 7 :
			    e - i >= 6 && !strncmp(buf + i, "names:", 6) ? 6 : 0;
		if (kl) {
			found = true;
			const char *v = buf + i + kl, *ve = buf + e;
			while (v < ve && (*v == ' ' || *v == '\t'))
				v++;
			while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t' || ve[-1] == '\r'))
				ve--;
			if (v < ve && *v == '[' && ve[-1] == ']' && !memchr(v + 1, '[', (size_t)(ve - v - 1))) {
				/* a flow list closed on its own line */
				at = (size_t)(ve - 1 - buf);
				bool empty = true;
				for (const char *q = v + 1; q < ve - 1; q++)
					empty = empty && (*q == ' ' || *q == '\t');
				snprintf(item, sizeof(item), "%s%s", empty ? "" : ", ", word);
			} else if (v == ve) {
				/* a block list: its items, at their indentation */
				size_t k = e < len ? e + 1 : e, ind = 0;
				bool seen = false;
				while (k < len) {
					size_t ke = k, sp = 0;
					while (ke < len && buf[ke] != '\n')
						ke++;
					while (k + sp < ke && buf[k + sp] == ' ')
						sp++;
					if (k + sp == ke) { /* a blank line ends nothing yet */
						k = ke < len ? ke + 1 : ke;
						continue;
					}
					if (k + sp + 1 >= ke || buf[k + sp] != '-' || buf[k + sp + 1] != ' ')
						break; /* the next key */
					if (seen && sp != ind) {
						ok = false;
						break;
					}
					seen = true;
					ind = sp;
					k = ke < len ? ke + 1 : ke;
					at = k;
				}
				if (!seen) {
					at = e < len ? e + 1 : e;
					ind = 2;
				}
				snprintf(item, sizeof(item), "%*s- %s\n", (int)ind, "", word);
				block = true;
			} else {
				ok = false; /* a scalar or a list over several lines: not ours to rewrite */
			}
		}
		i = e < len ? e + 1 : e;
	}
	if (!found)
		snprintf(item, sizeof(item), "%saccept:\n  - %s\n", len && buf[len - 1] != '\n' ? "\n" : "", word);
	int rc = -1;
	if (ok) {
		struct sbuf out;
		sbuf_init(&out, 2u << 20);
		if (buf)
			sbuf_add(&out, buf, at);
		if (block && at > 0 && buf[at - 1] != '\n')
			sbuf_add(&out, "\n", 1);
		sbuf_add(&out, item, strlen(item));
		if (buf && at < len)
			sbuf_add(&out, buf + at, len - at);
		FILE *fp = fopen(path, "w");
		rc = fp && fwrite(out.buf, 1, out.len, fp) == out.len ? 0 : -1;
		if (fp && fclose(fp) != 0)
			rc = -1;
		sbuf_release(&out);
	}
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
	/* each may be absent or null */
	json_t *ru = json_object_get(params, "rootUri"), *rp = json_object_get(params, "rootPath");
	json_t *folders = json_object_get(params, "workspaceFolders");
	const char *root_uri = json_is_string(ru) ? json_string_value(ru) : NULL;
	const char *root_path = json_is_string(rp) ? json_string_value(rp) : NULL;
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
	s->root_given = s->root != NULL;
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
	struct rpc r = { .fd = in_fd };
	int status = 1;
	bool running = true;
	while (running) {
		int timeout = -1;
		if (s.dirty) {
			double left = s.due - sm_now();
			timeout = left > 0 ? (int)(left * 1000) + 1 : 0;
		}
		struct pollfd pf[2] = { { .fd = in_fd, .events = POLLIN }, { .fd = -1, .events = POLLIN } };
		if (s.bg)
			pf[1].fd = bg_fd(s.bg);
		int pr = poll(pf, 2, timeout);
		if (pr < 0 && errno != EINTR)
			break;
		if (pr > 0 && (pf[1].revents & POLLIN))
			model_result(&s);
		if (pr > 0 && (pf[0].revents & (POLLIN | POLLHUP | POLLERR))) {
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
	teardown(&s);
	diag_set_free(&s.cur);
	json_decref(s.sub_hash);
	json_decref(s.model_hash);
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
	chapters_sweep(&s.chapters, true);
	free(s.root);
	rpc_release(&r);
	return status;
}
