/* registry.c: the analyzers, in the order they run. To add one: write
 * checks/<family>.c exporting `const struct analyzer an_<family>`, declare it
 * here and list it below. */
#include "checks/check.h"

extern const struct analyzer an_structure;
extern const struct analyzer an_consistency;
extern const struct analyzer an_pacing;
extern const struct analyzer an_rules;
extern const struct analyzer an_language;
extern const struct analyzer an_typo;

const struct analyzer *const analyzers[] = {
	&an_structure,
	&an_consistency,
	&an_pacing,
	&an_rules,
	&an_language,
	&an_typo, /* after language: its findings replace language.anomaly's at the same word */
	NULL,
};
