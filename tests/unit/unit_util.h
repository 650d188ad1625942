/* unit_util.h: small helpers shared by the unit tests of the checks. */
#ifndef SM_UNIT_UTIL_H
#define SM_UNIT_UTIL_H

#include "checks/check.h"

#include <string.h>

/* Number of findings of rule in f. */
static inline size_t unit_count_rule(const struct sm_findings *f, const char *rule)
{
	size_t n = 0;
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->v[i].rule, rule))
			n++;
	return n;
}

#endif
