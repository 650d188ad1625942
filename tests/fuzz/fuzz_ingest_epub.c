/* fuzz_ingest_epub.c: libFuzzer harness for the EPUB reader and everything
 * after it (segmenter, checks without a model). Build and run: make fuzz
 * FUZZ_SECONDS=60; seeds in tests/fuzz/corpus/fuzz_ingest_epub/, saved crash
 * inputs in tests/fuzz/regress/fuzz_ingest_epub/ (replayed by test_regress).
 * Input: first byte even = a zip file as is; odd = a content document
 * [+ the package document] packed into a stored zip (fuzz_pipeline.h). */
#include "fuzz_pipeline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int checks = -1; /* FUZZ_NO_CHECKS=1: ingest and segment only (faster) */
	if (checks < 0)
		checks = getenv("FUZZ_NO_CHECKS") == NULL;
	struct fuzz_result r = fuzz_run("epub", data, size, checks != 0);
	if (r.bad) {
		fprintf(stderr, "fuzz_ingest_epub: invariant violated: %s\n", r.bad);
		abort();
	}
	return 0;
}
