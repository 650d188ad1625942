/* check.c: run every analyzer of the registry over a book. */
#include "checks/check.h"

/* An opt-in check (catalog.h) reports only when the configuration or --only
 * asks for it: drop the others of out->v[first..]. Right after each analyzer,
 * so a later one (typo, which replaces language.anomaly at a word) sees only
 * what the user will. */
static void drop_unasked(const struct sm_book *book, struct sm_findings *out, size_t first)
{
	if (first > out->n)
		first = out->n; /* the analyzer removed findings (typo supersedes anomalies) */
	size_t k = first;
	for (size_t i = first; i < out->n; i++) {
		const char *rule = out->v[i].rule;
		if (catalog_opt_in(rule) && !config_rule_asked(book->cfg, rule, NULL))
			continue;
		out->v[k++] = out->v[i];
	}
	out->n = k;
}

/* Can a check of analyzer a report under this configuration? One whose
 * checks are all off (opt-in and not asked for, disabled, or the model's
 * without a model) is not run: the pacing checks are all opt-in, and
 * measuring a novel's pace to report nothing took 23 ms of `check`. An
 * analyzer with no table (the rule packs) always runs. */
static bool may_report(const struct sm_book *book, const struct analyzer *a)
{
	if (!a->n_checks)
		return true;
	for (size_t i = 0; i < a->n_checks; i++) {
		const struct check_info *c = &a->checks[i];
		if (c->model && (book->cfg->no_model || !book->lm))
			continue;
		if (c->opt_in && !config_rule_asked(book->cfg, c->id, NULL))
			continue;
		if (config_rule_level(book->cfg, c->id, sev_parse(c->level)) < 0)
			continue;
		return true;
	}
	return false;
}

int checks_run(struct sm_book *book, struct sm_findings *out, struct sm_err *err)
{
	int rc = SM_OK;
	size_t n = 0;
	while (analyzers[n])
		n++;
	for (size_t i = 0; analyzers[i]; i++) {
		if (book->progress)
			book->progress(book->progress_ctx, analyzers[i]->name, i, n);
		if (!may_report(book, analyzers[i]))
			continue;
		struct sm_err e;
		sm_err_clear(&e);
		size_t first = out->n;
		int r = analyzers[i]->run(book, out, &e);
		drop_unasked(book, out, first);
		if (r != SM_OK) {
			book_warn(book, "analyzer '%s' failed: %s", analyzers[i]->name, e.msg);
			if (rc == SM_OK) {
				rc = r;
				if (err)
					*err = e;
			}
		}
	}
	if (book->progress)
		book->progress(book->progress_ctx, NULL, n, n);
	findings_sort(out);
	return rc;
}
