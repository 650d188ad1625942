/* rules_check.c: the "rules" analyzer: runs the rule packs (rules/rules.h)
 * over the book. The CLI usually loads the ruleset (with --rules folders)
 * and puts it in book->rules; when it is NULL the embedded packs are loaded
 * here, used and freed. */
#include "checks/check.h"
#include "rules/rules.h"

static int run(struct sm_book *book, struct sm_findings *out, struct sm_err *err)
{
	struct ruleset *rs = book->rules;
	bool own = false;
	if (!rs) {
		int rc = ruleset_load_embedded(&rs, err);
		if (rc)
			return rc;
		own = true;
		for (size_t i = 0; i < ruleset_n_warnings(rs); i++)
			book_warn(book, "%s", ruleset_warning(rs, i));
		for (size_t i = 0; i < book->cfg->n_rule_dirs; i++) {
			struct sm_err e;
			size_t before = ruleset_n_warnings(rs);
			if (ruleset_load_dir(rs, book->cfg->rule_dirs[i], &e) != SM_OK)
				book_warn(book, "%s", e.msg);
			for (size_t w = before; w < ruleset_n_warnings(rs); w++)
				book_warn(book, "%s", ruleset_warning(rs, w));
		}
	}
	int rc = ruleset_run(rs, book, out, -1, err);
	if (own)
		ruleset_free(rs);
	return rc;
}

const struct analyzer an_rules = { "rules", run, NULL, 0 }; /* its rule ids are the packs' */
