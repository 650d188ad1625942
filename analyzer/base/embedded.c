/* embedded.c: look-ups in the table of embedded data files. */
#include "base/embedded.h"

#include <string.h>

const struct sm_embedded *embedded_find(const char *name)
{
	for (const struct sm_embedded *e = sm_embedded; e->name; e++)
		if (!strcmp(e->name, name))
			return e;
	return NULL;
}
