/* background.c: see background.h. */
#include "lsp/background.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "checks/consistency/consistency.h"
#include "lsp/chapters.h"

struct snapshot {
	unsigned gen;
	struct bg_chapter *ch;
	size_t n;
};

struct bg {
	struct cli_opts o;
	char *root;
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int pipe[2];
	bool quit;
	struct snapshot *pending; /* the newest snapshot not started yet */
	atomic_int cancel;        /* the run in progress is outdated */
	bool have_result;
	unsigned result_gen;
	struct diag_set result;
	/* the thread's own */
	struct cli_book cb;
	bool setup;
	struct chapters chapters;
	struct book_scores *scores; /* the model's scores, kept from run to run */
	char **last_paths;          /* the chapters of the last run, in order */
	size_t n_last;
};

static void snapshot_free(struct snapshot *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		free(s->ch[i].path);
		free(s->ch[i].uri);
		free(s->ch[i].text);
	}
	free(s->ch);
	free(s);
}

/* The scores are kept by a document's place in the book: when the chapters
 * or their order change, they are dropped (so that no freed document's
 * place is taken for another's). */
static void keep_scores_if_same(struct bg *b, const struct snapshot *s, struct sm_book *book)
{
	bool same = b->n_last == s->n;
	for (size_t i = 0; same && i < s->n; i++)
		same = !strcmp(b->last_paths[i], s->ch[i].path);
	book->scores = b->scores;
	if (!same) {
		book_release_scores(book);
		for (size_t i = 0; i < b->n_last; i++)
			free(b->last_paths[i]);
		free(b->last_paths);
		b->last_paths = xcalloc(s->n + 1, sizeof(char *));
		for (size_t i = 0; i < s->n; i++)
			b->last_paths[i] = xstrdup(s->ch[i].path);
		b->n_last = s->n;
	}
}

static void run_one(struct bg *b, struct snapshot *s)
{
	if (!b->setup) {
		cli_book_init(&b->cb);
		if (cli_book_setup(&b->cb, &b->o, b->root) != SM_OK || !b->cb.book.lm) {
			cli_book_teardown(&b->cb);
			cli_book_release(&b->cb);
			pthread_mutex_lock(&b->mu);
			b->quit = true; /* no model: nothing for this thread to do */
			pthread_mutex_unlock(&b->mu);
			return;
		}
		b->setup = true;
	}
	struct sm_doc **docs = xcalloc(s->n + 1, sizeof(*docs));
	char **uris = xcalloc(s->n + 1, sizeof(*uris));
	size_t nd = 0;
	for (size_t i = 0; i < s->n; i++) {
		const char *why;
		struct sm_doc *d = chapters_get(&b->chapters, s->ch[i].path, s->ch[i].format, s->ch[i].text,
						s->ch[i].len, &why);
		if (!d)
			continue;
		docs[nd] = d;
		uris[nd++] = s->ch[i].uri;
	}
	struct sm_book book = { 0 };
	book.docs = docs;
	book.n_docs = nd;
	book.cfg = &b->cb.cfg;
	book.rules = b->cb.book.rules;
	book.lm = b->cb.book.lm;
	book.time_limit = b->cb.book.time_limit;
	book.cancel = &b->cancel;
	keep_scores_if_same(b, s, &book);
	struct sm_findings f;
	findings_init(&f);
	struct sm_err err;
	sm_err_clear(&err);
	int rc = nd ? checks_run(&book, &f, &err) : SM_OK;
	b->scores = book.scores;
	if (rc == SM_OK && !atomic_load(&b->cancel)) {
		struct diag_set ds;
		diag_set_build(&ds, docs, uris, nd, &f);
		pthread_mutex_lock(&b->mu);
		if (b->have_result)
			diag_set_free(&b->result);
		b->result = ds;
		b->result_gen = s->gen;
		b->have_result = true;
		pthread_mutex_unlock(&b->mu);
		ssize_t w;
		do
			w = write(b->pipe[1], "r", 1);
		while (w < 0 && errno == EINTR);
	}
	findings_release(&f);
	cons_book_release(&book);
	book_release_warnings(&book);
	chapters_sweep(&b->chapters, false);
	free(docs);
	free(uris);
}

static void *thread_main(void *arg)
{
	struct bg *b = arg;
	/* below the server's priority (the model's own threads inherit it):
	 * the fast checks of what is typed come first */
	setpriority(PRIO_PROCESS, 0, 10);
	for (;;) {
		pthread_mutex_lock(&b->mu);
		while (!b->quit && !b->pending)
			pthread_cond_wait(&b->cv, &b->mu);
		if (b->quit) {
			pthread_mutex_unlock(&b->mu);
			break;
		}
		struct snapshot *s = b->pending;
		b->pending = NULL;
		atomic_store(&b->cancel, 0);
		pthread_mutex_unlock(&b->mu);
		run_one(b, s);
		snapshot_free(s);
		pthread_mutex_lock(&b->mu);
		bool quit = b->quit;
		pthread_mutex_unlock(&b->mu);
		if (quit)
			break;
	}
	return NULL;
}

/* What bg_start made before the thread. */
static void release(struct bg *b)
{
	close(b->pipe[0]);
	close(b->pipe[1]);
	pthread_mutex_destroy(&b->mu);
	pthread_cond_destroy(&b->cv);
	free(b->root);
	free(b);
}

struct bg *bg_start(const struct cli_opts *o, const char *root)
{
	struct bg *b = xcalloc(1, sizeof(*b));
	b->o = *o;
	b->o.no_model = false;
	b->root = xstrdup(root);
	atomic_init(&b->cancel, 0);
	if (pipe(b->pipe) != 0) {
		free(b->root);
		free(b);
		return NULL;
	}
	fcntl(b->pipe[0], F_SETFL, O_NONBLOCK);
	pthread_mutex_init(&b->mu, NULL);
	pthread_cond_init(&b->cv, NULL);
	if (pthread_create(&b->th, NULL, thread_main, b) != 0) {
		release(b);
		return NULL;
	}
	return b;
}

int bg_fd(const struct bg *b)
{
	return b->pipe[0];
}

void bg_submit(struct bg *b, unsigned gen, struct bg_chapter *ch, size_t n)
{
	struct snapshot *s = xcalloc(1, sizeof(*s));
	s->gen = gen;
	s->ch = ch;
	s->n = n;
	pthread_mutex_lock(&b->mu);
	snapshot_free(b->pending);
	b->pending = s;
	atomic_store(&b->cancel, 1); /* the run in progress, if any, is outdated */
	pthread_cond_signal(&b->cv);
	pthread_mutex_unlock(&b->mu);
}

bool bg_take(struct bg *b, unsigned *gen, struct diag_set *ds)
{
	char c[64];
	while (read(b->pipe[0], c, sizeof(c)) > 0)
		;
	pthread_mutex_lock(&b->mu);
	bool have = b->have_result;
	if (have) {
		*gen = b->result_gen;
		*ds = b->result;
		b->have_result = false;
		memset(&b->result, 0, sizeof(b->result));
	}
	pthread_mutex_unlock(&b->mu);
	return have;
}

void bg_stop(struct bg *b)
{
	if (!b)
		return;
	pthread_mutex_lock(&b->mu);
	b->quit = true;
	atomic_store(&b->cancel, 1);
	pthread_cond_signal(&b->cv);
	pthread_mutex_unlock(&b->mu);
	pthread_join(b->th, NULL);
	snapshot_free(b->pending);
	if (b->have_result)
		diag_set_free(&b->result);
	chapters_sweep(&b->chapters, true);
	if (b->setup) {
		struct sm_book book = { 0 };
		book.scores = b->scores;
		book_release_scores(&book);
		cli_book_teardown(&b->cb);
		cli_book_release(&b->cb);
	}
	for (size_t i = 0; i < b->n_last; i++)
		free(b->last_paths[i]);
	free(b->last_paths);
	release(b);
}
