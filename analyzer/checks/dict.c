/* dict.c: the Hunspell pair, read once per process (see dict.h). */
#include "checks/dict.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <hunspell.h>

#include "book/book.h"

#define DICT_DIR "/usr/share/hunspell"
#define DICT_ENV "STORYMASTER_DICT_DIR"

static const char *const dict_names[2] = { "en_US", "en_GB" };

struct dict_job {
	const char *aff, *dic;
	Hunhandle *h;
};

static void *dict_create(void *arg)
{
	struct dict_job *j = arg;
	j->h = Hunspell_create(j->aff, j->dic);
	return NULL;
}

static void *dict_destroy(void *arg)
{
	struct dict_job *j = arg;
	if (j->h)
		Hunspell_destroy(j->h);
	return NULL;
}

/* The pair of dictionaries is read once per process and kept (about 90 ms
 * to read and 40 ms to free, against a few ms of looking up a novel's
 * words): the first run to need it installs it here, and a run that finds
 * it in use by another thread reads a private pair. Kept until exit, so
 * still reachable, never leaked. */
static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;
static Hunhandle *cache_dict[2];
static char cache_dir[1024];
static bool cache_busy;

/* Free both dictionaries, one on a second thread, or give the cached pair back. */
void dict_close(struct sm_dict *d)
{
	if (d->cached) {
		pthread_mutex_lock(&cache_mu);
		cache_busy = false;
		pthread_mutex_unlock(&cache_mu);
		d->cached = false;
		d->h[0] = d->h[1] = NULL;
		return;
	}
	struct dict_job job = { NULL, NULL, d->h[1] };
	pthread_t th;
	bool threaded = job.h && pthread_create(&th, NULL, dict_destroy, &job) == 0;
	if (d->h[0])
		Hunspell_destroy((Hunhandle *)d->h[0]);
	if (threaded)
		pthread_join(th, NULL);
	else
		dict_destroy(&job);
	d->h[0] = d->h[1] = NULL;
}

bool dict_open(struct sm_dict *d, struct sm_book *book, const char *rule)
{
	d->h[0] = d->h[1] = NULL;
	d->cached = false;
	const char *dir = getenv(DICT_ENV);
	if (!dir || !*dir)
		dir = DICT_DIR;
	char aff[2][1024], dic[2][1024];
	for (int i = 0; i < 2; i++) {
		snprintf(aff[i], sizeof(aff[i]), "%s/%s.aff", dir, dict_names[i]);
		snprintf(dic[i], sizeof(dic[i]), "%s/%s.dic", dir, dict_names[i]);
		if (access(aff[i], R_OK) || access(dic[i], R_OK)) {
			if (book && rule)
				book_warn(book,
					  "%s skipped: no Hunspell dictionary '%s' in '%s' (install hunspell-en-us and "
					  "hunspell-en-gb, or set %s)",
					  rule, dict_names[i], dir, DICT_ENV);
			return false;
		}
	}
	bool install = false;
	pthread_mutex_lock(&cache_mu);
	if (!cache_busy && (!cache_dict[0] || !strcmp(cache_dir, dir))) {
		cache_busy = true;
		if (cache_dict[0]) {
			d->h[0] = cache_dict[0];
			d->h[1] = cache_dict[1];
			d->cached = true;
		} else
			install = strlen(dir) < sizeof(cache_dir);
		if (!d->cached && !install)
			cache_busy = false;
	}
	pthread_mutex_unlock(&cache_mu);
	if (d->cached)
		return true; /* checked when it was installed */
	/* en_GB on a second thread while this one reads en_US */
	struct dict_job job = { aff[1], dic[1], NULL };
	pthread_t th;
	bool threaded = pthread_create(&th, NULL, dict_create, &job) == 0;
	d->h[0] = Hunspell_create(aff[0], dic[0]);
	if (threaded)
		pthread_join(th, NULL);
	else
		dict_create(&job);
	d->h[1] = job.h;
	for (int i = 0; i < 2; i++) {
		const char *enc = d->h[i] ? Hunspell_get_dic_encoding((Hunhandle *)d->h[i]) : NULL;
		if (!enc || strcasecmp(enc, "UTF-8")) {
			if (book && rule)
				book_warn(book, "%s skipped: dictionary '%s' in '%s' is not UTF-8", rule,
					  dict_names[i], dir);
			if (install) {
				pthread_mutex_lock(&cache_mu);
				cache_busy = false;
				pthread_mutex_unlock(&cache_mu);
			}
			return false;
		}
	}
	if (install) {
		pthread_mutex_lock(&cache_mu);
		cache_dict[0] = d->h[0];
		cache_dict[1] = d->h[1];
		snprintf(cache_dir, sizeof(cache_dir), "%s", dir);
		d->cached = true; /* busy until dict_close */
		pthread_mutex_unlock(&cache_mu);
	}
	return true;
}

bool dict_spell(const struct sm_dict *d, int which, const char *w)
{
	return d->h[which] && Hunspell_spell((Hunhandle *)d->h[which], w) != 0;
}
