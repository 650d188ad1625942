/* store_int.h: for the files of store/ only. The SQLite handle does not
 * leave this folder: every query of the store is behind its API. */
#ifndef SM_STORE_INT_H
#define SM_STORE_INT_H

#include "store/store.h"

/** Borrowed SQLite handle (valid until store_free). */
struct sqlite3 *store_db(struct store *st);

/** Create the tables that sit beside the versioned schema when missing:
 * pace_metrics (store_metrics.c) and the character registry
 * (store_characters.c). Errors: SM_EDB. */
int store_metrics_schema(struct store *st, struct sm_err *err);
int store_characters_schema(struct store *st, struct sm_err *err);

#endif
