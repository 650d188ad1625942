/* scan_library.c: `storymaster scan --library DIR` (issue 15). Every folder
 * of DIR is a book (with --one-book-per-file, every manuscript file directly
 * in DIR too). The configuration, rules and model are loaded once; each book
 * that changed is then checked in a worker process of its own (fork: the
 * model's pages are shared, and a book that crashes its worker costs that
 * book only) into a store of its own, which this process, the only writer
 * of the library store, merges in one transaction (store_merge). A killed
 * scan so loses at most the books in flight; the next one goes on from
 * there, since unchanged books are recognized from their files' hashes.
 *
 * Documents are stored by their path relative to DIR ("Emma/ch01.md"), so a
 * library scanned on several machines (--shard) merges into the store one
 * machine would write. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "cli/scan.h"
#include "ingest/ingest.h"
#include "store/store.h"
#include "store/store_library.h"

/* A worker's exit status: stored (0), stored with errors printed (1),
 * nothing stored (2). */
enum { WK_OK = 0, WK_ERRORS = 1, WK_NONE = 2 };

struct book_job {
	char *key;          /* the folder's or file's name in DIR */
	char **paths;       /* its manuscripts, "DIR/key/..." in natural order */
	size_t n;
	bool todo;          /* changed, or --force */
	int64_t bytes;      /* of its files: the largest books start first */
};

bool scan_parse_shard(const char *arg, int *k, int *n)
{
	char *end;
	const char *slash = strchr(arg, '/');
	long kk = -1, nn;
	if (slash) {
		kk = strtol(arg, &end, 10);
		if (end != slash || arg == slash)
			goto bad;
		nn = strtol(slash + 1, &end, 10);
		if (*end || !slash[1])
			goto bad;
	} else {
		nn = strtol(arg, &end, 10);
		if (*end || !*arg)
			goto bad;
		const char *id = getenv("SLURM_ARRAY_TASK_ID");
		const char *from = "SLURM_ARRAY_TASK_ID";
		if (!id || !*id) {
			id = getenv("JOB_COMPLETION_INDEX");
			from = "JOB_COMPLETION_INDEX";
		}
		if (!id || !*id) {
			cli_error(NULL, "--shard %s: no shard number (give K/N, or set "
				  "SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX)", arg);
			return false;
		}
		kk = strtol(id, &end, 10);
		if (*end) {
			cli_error(NULL, "--shard: %s is '%s', not a number", from, id);
			return false;
		}
		const char *min = !strcmp(from, "SLURM_ARRAY_TASK_ID") ? getenv("SLURM_ARRAY_TASK_MIN") : NULL;
		if (min && *min)
			kk -= strtol(min, NULL, 10);
	}
	if (nn < 1 || nn > 100000 || kk < 0 || kk >= nn) {
		cli_error(NULL, "--shard %s: K must be from 0 to N-1, N from 1 to 100000 (got %ld/%ld)",
			  arg, kk, nn);
		return false;
	}
	*k = (int)kk;
	*n = (int)nn;
	return true;
bad:
	cli_error(NULL, "--shard wants K/N (such as 0/8) or N, not '%s'", arg);
	return false;
}

int scan_shard_of(const char *key, int n)
{
	uint64_t h = sm_hash(SM_HASH_INIT, key, strlen(key));
	return (int)(h % (uint64_t)n);
}

static int cmp_name(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	int c = sm_natcmp(x, y);
	return c ? c : strcmp(x, y);
}

/* The names in dir that are books, natural order. NULL (printed) when dir
 * cannot be read. Entries that cannot be followed (a dangling link) go to
 * *gone: they are kept in the store as they are. */
static char **list_books(const char *dir, bool per_file, size_t *n, char ***gone, size_t *n_gone,
			 size_t *cap_gone)
{
	*n = 0;
	DIR *d = opendir(dir);
	if (!d) {
		cli_error(dir, "cannot read the library: %s", strerror(errno));
		return NULL;
	}
	char **v = NULL;
	size_t cap = 0;
	size_t loose = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || !strncmp(e->d_name, "~$", 2))
			continue;
		size_t len = strlen(dir) + strlen(e->d_name) + 2;
		char *p = xmalloc(len);
		snprintf(p, len, "%s/%s", dir, e->d_name);
		struct stat st, lst;
		bool book = false, followed = stat(p, &st) == 0;
		if (!followed && lstat(p, &lst) == 0) {
			/* a dangling link (a book on a volume not mounted): no book to
			 * check now, but not one to drop from the store either */
			SM_GROW(*gone, *cap_gone, *n_gone + 1);
			(*gone)[(*n_gone)++] = xstrdup(e->d_name);
		} else if (followed) {
			if (S_ISDIR(st.st_mode))
				book = true;
			else if (S_ISREG(st.st_mode) && ingest_reader_for(p)) {
				book = per_file;
				loose += !per_file;
			}
		}
		free(p);
		if (book) {
			SM_GROW(v, cap, *n + 1);
			v[(*n)++] = xstrdup(e->d_name);
		}
	}
	closedir(d);
	if (*n > 1)
		qsort(v, *n, sizeof(*v), cmp_name);
	if (loose && !cli_quiet)
		cli_error(dir, "warning: %zu manuscript file%s directly in the library ignored (each folder "
			  "is a book; pass --one-book-per-file to make each file one)",
			  loose, loose == 1 ? "" : "s");
	if (!v)
		v = xcalloc(1, sizeof(*v));
	return v;
}

/* Is the stored version of book b (books[] of the store, by key) the same
 * as its files, checked with the same settings? */
static bool book_unchanged(struct store *st, const struct store_book *b, const struct book_job *j,
			   size_t prefix, const char *settings)
{
	if (!b || strcmp(b->settings, settings) || b->n_docs != (int64_t)j->n)
		return false;
	for (size_t i = 0; i < j->n; i++)
		if (!scan_file_unchanged(st, j->paths[i] + prefix, j->paths[i]))
			return false;
	return true;
}

static const struct book_job *by_size; /* for cmp_size */

static int cmp_size(const void *a, const void *b)
{
	const struct book_job *x = &by_size[*(const size_t *)a], *y = &by_size[*(const size_t *)b];
	if (x->bytes != y->bytes)
		return x->bytes > y->bytes ? -1 : 1;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

/* The book's title: the first document's own (DOCX core properties, EPUB
 * metadata, Markdown front matter), else its name without the extension. */
static char *book_title(const struct cli_book *cb, const char *key, const char **author)
{
	*author = NULL;
	const char *title = NULL;
	for (size_t i = 0; i < cb->n_docs && (!title || !*author); i++) {
		const struct sm_doc *d = cb->docs[i];
		if (!title && d->meta_title && *d->meta_title)
			title = d->meta_title;
		if (!*author && d->meta_author && *d->meta_author)
			*author = d->meta_author;
	}
	if (title)
		return xstrdup(title);
	const char *dot = strrchr(key, '.');
	return dot && dot != key && ingest_reader_for(key) ? xstrndup(key, (size_t)(dot - key)) : xstrdup(key);
}

/* In the worker process: check book j into a new store at tmp. Never returns. */
static void worker(struct cli_book *cb, const struct book_job *j, size_t prefix, const char *tmp,
		   const char *settings, int threads)
{
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGKILL); /* the scan was killed: so is its worker */
#endif
	cli_worker = true;
	store_after_fork();
	cb->book.lm_threads = threads;
	cli_book_load(cb, j->paths, j->n);
	if (cb->n_docs == 0)
		_exit(WK_NONE);
	/* Stored relative to the library, so that any machine's scan of it agrees. */
	for (size_t i = 0; i < cb->n_docs; i++)
		if (strlen(cb->docs[i]->path) > prefix)
			cb->docs[i]->path += prefix;
	struct store *st;
	struct sm_err err;
	if (store_open(tmp, &st, &err) != SM_OK) {
		cli_error(NULL, "%s", err.msg);
		_exit(WK_NONE);
	}
	struct sm_findings f;
	findings_init(&f);
	size_t n_bad = scan_store(st, cb, &f, tmp, settings, false);
	const char *author;
	char *title = book_title(cb, j->key, &author);
	if (n_bad >= cb->n_docs) {
		_exit(WK_NONE);
	}
	if (store_set_book(st, j->key, title, author, &err) != SM_OK) {
		cli_error(NULL, "%s", err.msg);
		_exit(WK_NONE);
	}
	store_free(st);
	_exit(n_bad || cb->n_failed ? WK_ERRORS : WK_OK);
}

/* Ctrl-C or a TERM: the workers are stopped, what they wrote removed, and
 * the books merged so far stay (the next scan goes on from there). */
static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
	stop_signal = sig;
}

struct slot {
	pid_t pid;          /* 0: free */
	size_t job;
	char *tmp;
};

/* Remove a store file and its WAL companions. */
static void remove_store(const char *path)
{
	static const char *const ext[] = { "", "-wal", "-shm", "-journal" };
	for (size_t i = 0; i < SM_ARRAY_LEN(ext); i++) {
		size_t n = strlen(path) + 10;
		char *p = xmalloc(n);
		snprintf(p, n, "%s%s", path, ext[i]);
		unlink(p);
		free(p);
	}
}

/* Remove the worker folders that scans killed outright (SIGKILL, a crash)
 * left in tmp: storymaster-library-PID-XXXXXX whose lock file no process
 * holds any more. A scan holds its folder's lock (flock) as long as it runs,
 * whatever its process namespace, so no live scan's folder goes. */
static void remove_stale(const char *tmp)
{
	DIR *d = opendir(tmp);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		static const char pre[] = "storymaster-library-";
		if (strncmp(e->d_name, pre, sizeof(pre) - 1))
			continue;
		char path[4096], fp[4096 + 300];
		snprintf(path, sizeof(path), "%s/%s", tmp, e->d_name);
		snprintf(fp, sizeof(fp), "%s/lock", path);
		int fd = open(fp, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue; /* not one of ours, or not ours to judge */
		if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
			close(fd); /* a scan at work */
			continue;
		}
		DIR *sub = opendir(path);
		struct dirent *f;
		while (sub && (f = readdir(sub))) {
			if (!strncmp(f->d_name, "book-", 5)) {
				snprintf(fp, sizeof(fp), "%s/%s", path, f->d_name);
				unlink(fp);
			}
		}
		if (sub)
			closedir(sub);
		snprintf(fp, sizeof(fp), "%s/lock", path);
		unlink(fp);
		close(fd);
		rmdir(path);
	}
	closedir(d);
}

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cores(void)
{
	long c = sysconf(_SC_NPROCESSORS_ONLN);
	return c < 1 ? 1 : c > 256 ? 256 : (int)c;
}

int scan_library(const struct cli_opts *o, const char *db, const struct scan_library *lib)
{
	double t0 = now_s();
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s", lib->dir);
	size_t dl = strlen(dir);
	while (dl > 1 && dir[dl - 1] == '/')
		dir[--dl] = '\0';
	struct stat dst;
	if (stat(dir, &dst) != 0 || !S_ISDIR(dst.st_mode)) {
		cli_error(dir, "not a folder (--library wants a folder of books)");
		return EXIT_TROUBLE;
	}
	size_t prefix = dl + 1; /* "DIR/" */
	size_t n_names, n_gone = 0, cap_gone = 0;
	char **gone = NULL;
	char **names = list_books(dir, lib->per_file, &n_names, &gone, &n_gone, &cap_gone);
	if (!names)
		return EXIT_TROUBLE;
	for (size_t i = 0; i < n_gone; i++)
		cli_error(dir, "warning: '%s' cannot be followed (a link to nowhere); its stored book is kept", gone[i]);

	int rc = EXIT_CLEAN;
	struct store *st = NULL;
	struct store_book *stored = NULL;
	size_t n_stored = 0;
	struct book_job *jobs = xcalloc(n_names ? n_names : 1, sizeof(*jobs));
	size_t n_jobs = 0, n_todo = 0, n_failed = 0, n_done = 0;
	struct cli_book cb;
	cli_book_init(&cb);
	char tmpdir[4096];
	const char *tmp_env = getenv("TMPDIR");
	const char *tmp_base = tmp_env && *tmp_env ? tmp_env : "/tmp";
	snprintf(tmpdir, sizeof(tmpdir), "%s/storymaster-library-%ld-XXXXXX", tmp_base, (long)getpid());
	bool have_tmp = false;
	int lock_fd = -1; /* held while the scan runs: its folder is not stale */
	/* Fault injection for the tests (as STORYMASTER_KILL_AT_COMMIT): the
	 * scan kills itself (SIGKILL) once it has merged this many books. */
	const char *kill_env = getenv("STORYMASTER_KILL_AFTER_BOOKS");
	long kill_after = kill_env ? strtol(kill_env, NULL, 10) : 0;
	long merged = 0;
	struct slot *slots = NULL;
	struct sm_err err;

	if (store_open(db, &st, &err) != SM_OK) {
		cli_error(NULL, "%s", err.msg);
		rc = EXIT_TROUBLE;
		goto done;
	}
	bool loose;
	if (store_has_loose_docs(st, &loose, &err) != SM_OK || store_books(st, &stored, &n_stored, &err) != SM_OK) {
		cli_error(NULL, "%s", err.msg);
		rc = EXIT_TROUBLE;
		goto done;
	}
	if (loose) {
		cli_error(db, "holds a book scanned without --library; scan the library into another store with --db");
		rc = EXIT_TROUBLE;
		goto done;
	}
	char settings[17];
	cli_settings_fingerprint(o, dir, settings);
	for (size_t i = 0; i < n_names; i++) {
		if (lib->shard_n && scan_shard_of(names[i], lib->shard_n) != lib->shard_k)
			continue;
		size_t len = strlen(dir) + strlen(names[i]) + 2;
		char *p = xmalloc(len);
		snprintf(p, len, "%s/%s", dir, names[i]);
		struct book_job *j = &jobs[n_jobs];
		j->paths = cli_expand(&p, 1, &j->n, true); /* says so when it has no manuscripts */
		free(p);
		if (j->n == 0) {
			free(j->paths);
			n_failed++;
			continue;
		}
		cli_natural_sort(j->paths, j->n);
		for (size_t k = 0; k < j->n; k++) {
			struct stat fs;
			if (stat(j->paths[k], &fs) == 0)
				j->bytes += (int64_t)fs.st_size;
		}
		j->key = names[i];
		names[i] = NULL;
		j->todo = lib->force || !book_unchanged(st, store_book_find(stored, n_stored, j->key), j, prefix, settings);
		n_todo += j->todo;
		n_jobs++;
	}
	/* Each book folder without manuscripts is counted above: the workers must
	 * not count it again against every book they check. */
	cli_expand_forget();
	/* The configuration, rules and model, once for every book. */
	if (n_todo && cli_book_setup(&cb, o, dir) != SM_OK) {
		rc = EXIT_TROUBLE;
		goto done;
	}
	cli_print_warnings(&cb);
	book_release_warnings(&cb.book);
	int n_cores = cores();
	int workers = lib->jobs ? lib->jobs : n_cores;
	if ((size_t)workers > n_todo)
		workers = n_todo ? (int)n_todo : 1;
	int threads = n_cores / workers < 1 ? 1 : n_cores / workers;
	if (n_todo) {
		remove_stale(tmp_base);
		if (!mkdtemp(tmpdir)) {
			cli_error(tmpdir, "cannot create: %s", strerror(errno));
			rc = EXIT_TROUBLE;
			goto done;
		}
		have_tmp = true;
		char lp[4096 + 8];
		snprintf(lp, sizeof(lp), "%s/lock", tmpdir);
		lock_fd = open(lp, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		if (lock_fd >= 0)
			flock(lock_fd, LOCK_EX);
	}
	slots = xcalloc((size_t)workers, sizeof(*slots));
	/* Longest first, so that no worker is left with a long book while the
	 * other cores sit idle at the end (the greedy rule of scheduling). */
	size_t *order = xcalloc(n_jobs ? n_jobs : 1, sizeof(*order));
	for (size_t i = 0; i < n_jobs; i++)
		order[i] = i;
	by_size = jobs;
	qsort(order, n_jobs, sizeof(*order), cmp_size);
	bool progress = cli_progress() && n_todo > 0;
	size_t next = 0, running = 0;
	struct sigaction sa = { .sa_handler = on_stop }, old_int, old_term;
	sigemptyset(&sa.sa_mask); /* no SA_RESTART: waitpid returns at the signal */
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	size_t findings = 0;
	while (n_done < n_todo && !stop_signal) {
		/* start workers while there are free slots and books to do */
		for (int s = 0; s < workers && next < n_jobs && !stop_signal; s++) {
			if (slots[s].pid)
				continue;
			while (next < n_jobs && !jobs[order[next]].todo)
				next++;
			if (next >= n_jobs)
				break;
			size_t ji = order[next];
			size_t tl = strlen(tmpdir) + 32;
			slots[s].tmp = xmalloc(tl);
			snprintf(slots[s].tmp, tl, "%s/book-%zu.db", tmpdir, ji);
			fflush(stderr);
			pid_t pid = fork();
			if (pid < 0) {
				cli_error(jobs[ji].key, "cannot start a worker: %s", strerror(errno));
				free(slots[s].tmp);
				slots[s].tmp = NULL;
				n_failed++;
				n_done++;
				next++;
				continue;
			}
			if (pid == 0) {
				sigaction(SIGINT, &old_int, NULL);
				sigaction(SIGTERM, &old_term, NULL);
				worker(&cb, &jobs[ji], prefix, slots[s].tmp, settings, threads);
			}
			slots[s].pid = pid;
			slots[s].job = ji;
			next++;
			running++;
		}
		if (!running)
			break;
		int status;
		pid_t pid = waitpid(-1, &status, 0);
		if (pid < 0) {
			if (errno == EINTR)
				continue; /* a signal: the loop's test sees stop_signal */
			cli_error(NULL, "waiting for a worker: %s", strerror(errno));
			rc = EXIT_TROUBLE;
			break;
		}
		int s = 0;
		while (s < workers && slots[s].pid != pid)
			s++;
		if (s == workers)
			continue;
		struct book_job *j = &jobs[slots[s].job];
		running--;
		n_done++;
		slots[s].pid = 0;
		int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		if (code == WK_OK || code == WK_ERRORS) {
			struct store_merge_stats ms;
			if (store_merge(st, slots[s].tmp, STORE_MERGE_REPLACE, &ms, &err) != SM_OK) {
				cli_error(NULL, "%s", err.msg);
				n_failed++;
			} else {
				findings += ms.findings;
				if (++merged == kill_after)
					raise(SIGKILL);
			}
			if (code == WK_ERRORS)
				n_failed++;
		} else {
			if (WIFSIGNALED(status))
				cli_error(j->key, "the check of this book died (signal %d); nothing of it stored",
					  WTERMSIG(status));
			else if (code != WK_NONE)
				cli_error(j->key, "the check of this book failed (exit %d); nothing of it stored", code);
			n_failed++;
		}
		remove_store(slots[s].tmp);
		free(slots[s].tmp);
		slots[s].tmp = NULL;
		if (progress) {
			double el = now_s() - t0;
			double left = el / (double)n_done * (double)(n_todo - n_done);
			fprintf(stderr, "\r[%zu/%zu books, %d %%, %d:%02d left] %s\033[K", n_done, n_todo,
				(int)(100.0 * (double)n_done / (double)n_todo), (int)left / 60, (int)left % 60,
				j->key);
		}
	}
	free(order);
	if (progress)
		fprintf(stderr, "\r\033[K");
	if (stop_signal) {
		for (int s = 0; s < workers; s++)
			if (slots[s].pid)
				kill(slots[s].pid, SIGTERM);
		for (int s = 0; s < workers; s++) {
			if (!slots[s].pid)
				continue;
			while (waitpid(slots[s].pid, NULL, 0) < 0 && errno == EINTR)
				;
			remove_store(slots[s].tmp);
			free(slots[s].tmp);
			slots[s].pid = 0;
		}
		cli_error(NULL, "interrupted: %zu of %zu books stored into %s; the next scan goes on from there",
			  (size_t)merged, n_todo, db);
		rc = 128 + (int)stop_signal;
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	/* Books no longer in the library (of this shard) leave the store. */
	if (rc == EXIT_CLEAN && !stop_signal) {
		char **keep = xcalloc(n_jobs + n_stored + n_names + n_gone + 1, sizeof(*keep));
		size_t nk = 0;
		for (size_t i = 0; i < n_jobs; i++)
			keep[nk++] = jobs[i].key;
		for (size_t i = 0; i < n_stored; i++) /* other shards' books stay */
			if (lib->shard_n && scan_shard_of(stored[i].key, lib->shard_n) != lib->shard_k)
				keep[nk++] = stored[i].key;
		/* a book whose folder is still there but could not be read keeps its old version */
		for (size_t i = 0; i < n_names; i++)
			if (names[i])
				keep[nk++] = names[i];
		for (size_t i = 0; i < n_gone; i++)
			keep[nk++] = gone[i];
		int64_t removed = 0;
		/* a library that lists no book at all while the store has some is
		 * more likely a volume not mounted than a press that sold its list */
		size_t n_here = 0;
		for (size_t i = 0; i < n_stored; i++)
			if (!lib->shard_n || scan_shard_of(stored[i].key, lib->shard_n) == lib->shard_k)
				n_here++;
		if (n_names + n_gone == 0 && n_here && !lib->force) {
			cli_error(dir, "lists no book, but %s holds %zu: nothing removed (is the library mounted? "
				  "--force removes them)", db, n_here);
			rc = EXIT_TROUBLE;
		} else if (store_drop_books(st, keep, nk, &removed, &err) != SM_OK) {
			cli_error(NULL, "%s", err.msg);
			rc = EXIT_TROUBLE;
		} else if (removed && !cli_quiet) {
			cli_error(NULL, "%lld book%s no longer in %s removed from %s", (long long)removed,
				  removed == 1 ? "" : "s", dir, db);
		}
		free(keep);
	}
	if (!cli_quiet && !stop_signal)
		fprintf(stderr,
			"storymaster: library %s: %zu book%s, %zu checked, %zu unchanged, %zu with errors; "
			"%zu finding%s stored into %s in %.1f s\n",
			dir, n_jobs, n_jobs == 1 ? "" : "s", n_todo, n_jobs - n_todo, n_failed, findings,
			findings == 1 ? "" : "s", db, now_s() - t0);
	if (n_failed && !stop_signal)
		rc = EXIT_TROUBLE;
	if (rc == EXIT_CLEAN && o->fail_on <= SM_SEV_ERROR) {
		int64_t k = 0;
		for (size_t i = 0; i < n_jobs && rc == EXIT_CLEAN; i++)
			for (size_t d = 0; d < jobs[i].n; d++) {
				int64_t m;
				if (store_doc_findings_at(st, jobs[i].paths[d] + prefix, (enum sm_sev)o->fail_on, &m,
							  &err) != SM_OK) {
					cli_error(NULL, "%s", err.msg);
					rc = EXIT_TROUBLE;
					break;
				}
				k += m;
			}
		if (rc == EXIT_CLEAN && k > 0)
			rc = EXIT_FINDINGS;
	}
done:
	free(slots);
	if (have_tmp) {
		char lp[4096 + 8];
		snprintf(lp, sizeof(lp), "%s/lock", tmpdir);
		unlink(lp);
		rmdir(tmpdir);
	}
	if (lock_fd >= 0)
		close(lock_fd);
	cli_book_teardown(&cb);
	cli_book_release(&cb);
	for (size_t i = 0; i < n_jobs; i++) {
		free(jobs[i].key);
		for (size_t k = 0; k < jobs[i].n; k++)
			free(jobs[i].paths[k]);
		free(jobs[i].paths);
	}
	free(jobs);
	for (size_t i = 0; i < n_names; i++)
		free(names[i]);
	free(names);
	for (size_t i = 0; i < n_gone; i++)
		free(gone[i]);
	free(gone);
	store_books_free(stored, n_stored);
	store_free(st);
	return rc;
}
