/* fuzz_lm_load.c: libFuzzer harness for the SMLM model loader (model/lmfile.c).
 * The checksum is recomputed over the input first, so that the parser behind
 * it is what gets fuzzed; any input must give SM_OK or SM_EMODEL, never a
 * crash. Seeds in tests/fuzz/corpus/fuzz_lm_load/ (a tiny model). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *buf = malloc(size + 1);
	memcpy(buf, data, size);
	if (size >= 16) {
		uint64_t h = sm_hash(SM_HASH_INIT, buf, size - 8);
		memcpy(buf + size - 8, &h, 8);
	}
	struct lm *lm = NULL;
	struct sm_err err;
	int rc = lm_load_mem(buf, size, &lm, &err);
	if (rc != SM_OK && rc != SM_EMODEL) {
		fprintf(stderr, "fuzz_lm_load: unexpected code %d\n", rc);
		abort();
	}
	if (rc == SM_OK && !lm)
		abort();
	lm_free(lm);
	free(buf);
	return 0;
}
