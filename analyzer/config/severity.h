/* severity.h: the three levels of a finding, and their names, shared by the
 * findings (check.h) and the configuration (config.h) without either
 * including the other. Static data; no errors. */
#ifndef SM_SEVERITY_H
#define SM_SEVERITY_H

enum sm_sev { SM_SEV_INFO = 0, SM_SEV_WARNING = 1, SM_SEV_ERROR = 2 };

/** "info", "warning", "error". */
const char *sev_name(enum sm_sev s);
/** Parse a severity name (also "suggestion" = info); -1 when unknown. */
int sev_parse(const char *s);

#endif
