/* severity.c: severity names (severity.h). */
#include "config/severity.h"

#include <strings.h>

const char *sev_name(enum sm_sev s)
{
	switch (s) {
	case SM_SEV_INFO: return "info";
	case SM_SEV_WARNING: return "warning";
	case SM_SEV_ERROR: return "error";
	}
	return "info";
}

int sev_parse(const char *s)
{
	if (!strcasecmp(s, "info") || !strcasecmp(s, "suggestion"))
		return SM_SEV_INFO;
	if (!strcasecmp(s, "warning"))
		return SM_SEV_WARNING;
	if (!strcasecmp(s, "error"))
		return SM_SEV_ERROR;
	return -1;
}
