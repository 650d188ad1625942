/* catalog.c: the built-in checks (catalog.h), gathered from the tables the
 * analyzers of the registry (registry.c) declare beside their code.
 * Opt-in (off by default): the checks with under 15 % useful findings on the
 * precision set (bench/precision): talking-heads, monotony, scene-length,
 * voice-drift; and the two pacing findings, none of whose sampled findings was
 * useful on published prose (info-dump 0 of 20, slow-stretch 0 of 20: debatable
 * at best), and capitalization (0 of 6). The report's pace chart does not depend on them. */
#include "checks/catalog.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"

/* Every analyzer's table, merged and sorted by id on first use. */
static const struct check_info **table;
static size_t n_table;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static int cmp_id(const void *pa, const void *pb)
{
	const struct check_info *const *a = pa, *const *b = pb;
	return strcmp((*a)->id, (*b)->id);
}

static void build(void)
{
	size_t n = 0;
	for (size_t i = 0; analyzers[i]; i++)
		n += analyzers[i]->n_checks;
	table = xcalloc(n ? n : 1, sizeof(*table));
	for (size_t i = 0; analyzers[i]; i++)
		for (size_t j = 0; j < analyzers[i]->n_checks; j++)
			table[n_table++] = &analyzers[i]->checks[j];
	qsort(table, n_table, sizeof(*table), cmp_id);
}

static void ready(void)
{
	pthread_once(&once, build);
}

size_t catalog_count(void)
{
	ready();
	return n_table;
}

const struct check_info *const *catalog_table(void)
{
	ready();
	return table;
}

bool catalog_opt_in(const char *id)
{
	const struct check_info *c = catalog_find(id);
	return c && c->opt_in;
}

enum check_appendix catalog_appendix(const char *id)
{
	const struct check_info *c = catalog_find(id);
	return c ? c->appendix : APPENDIX_NONE;
}

size_t catalog_appendix_rules(enum check_appendix part, const char **ids, size_t cap)
{
	ready();
	size_t n = 0;
	for (size_t i = 0; i < n_table; i++)
		if (table[i]->appendix == part) {
			if (n < cap)
				ids[n] = table[i]->id;
			n++;
		}
	return n;
}

const struct check_info *catalog_find(const char *id)
{
	ready();
	size_t lo = 0, hi = n_table;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(table[mid]->id, id);
		if (!c)
			return table[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
