/* fuzz_store_read.c: libFuzzer harness for the store's read path
 * (store/store.c opening, store/store_read.c): the input is a store file,
 * written to a scratch path and opened with store_open_existing, then read
 * whole as the report reads it (report_data_load, report_data_count) and
 * rendered in the four report formats to /dev/null. A
 * damaged or hostile store (wrong values, offsets past the text, missing
 * rows, a corrupt page) must give an error, never a crash or a leak. Seeds
 * in tests/fuzz/corpus/fuzz_store_read/ (a small scanned book). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/report.h"
#include "store/store.h"
#include "store/store_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[512], wal[520], shm[520];
	if (!path[0]) {
		const char *tmp = getenv("TMPDIR");
		snprintf(path, sizeof(path), "%s/fuzz-store-%ld.db", tmp && *tmp ? tmp : "/tmp",
			 (long)getpid());
		snprintf(wal, sizeof(wal), "%s-wal", path);
		snprintf(shm, sizeof(shm), "%s-shm", path);
	}
	unlink(wal);
	unlink(shm);
	FILE *f = fopen(path, "wb");
	if (!f)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	struct store *st = NULL;
	struct sm_err err;
	sm_err_clear(&err);
	if (store_open_existing(path, &st, &err) == SM_OK) {
		struct report_data rd;
		if (report_data_load(st, 0, 0, &rd, &err) == SM_OK) {
			report_data_count(&rd);
			report_data_release(&rd);
			FILE *null = fopen("/dev/null", "w");
			for (int fmt = REPORT_TEXT; null && fmt <= REPORT_HTML; fmt++) {
				struct report_opts o = { .format = (enum report_format)fmt };
				sm_err_clear(&err);
				report_write(st, &o, null, &err);
				sm_err_clear(&err);
				report_library(st, o.format, null, &err);
			}
			if (null)
				fclose(null);
		}
		store_free(st);
	}
	if (strchr(err.msg, '\n')) {
		fprintf(stderr, "fuzz_store_read: not a one-line message: '%s'\n", err.msg);
		abort();
	}
	return 0;
}
