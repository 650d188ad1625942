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

/* Hunspell keeps one Unicode case table for all its dictionaries, made by
 * the first one created and counted without a lock: two dictionaries
 * created (or freed) at once on two threads race on it (ASan saw the
 * table made twice and one copy lost). Every create and destroy holds
 * this lock, so the two of a pair are read one after the other. */
static pthread_mutex_t hun_mu = PTHREAD_MUTEX_INITIALIZER;

static Hunhandle *hun_create(const char *aff, const char *dic)
{
	pthread_mutex_lock(&hun_mu);
	Hunhandle *h = Hunspell_create(aff, dic);
	pthread_mutex_unlock(&hun_mu);
	return h;
}

static void hun_destroy(void *h)
{
	if (!h)
		return;
	pthread_mutex_lock(&hun_mu);
	Hunspell_destroy((Hunhandle *)h);
	pthread_mutex_unlock(&hun_mu);
}

/* The pair of dictionaries is read once per process and kept (about 130 ms
 * to read and 40 ms to free, against a few ms of looking up a novel's
 * words): the first run to need it installs it here, and a run that finds
 * it in use by another thread reads a private pair. Kept until exit, so
 * still reachable, never leaked. */
static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;
static Hunhandle *cache_dict[2];
static char cache_dir[1024];
static bool cache_busy;

/* Free both dictionaries, or give the cached pair back. */
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
	hun_destroy(d->h[0]);
	hun_destroy(d->h[1]);
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
	d->h[0] = hun_create(aff[0], dic[0]);
	d->h[1] = hun_create(aff[1], dic[1]);
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
