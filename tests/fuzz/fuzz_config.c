/* fuzz_config.c: libFuzzer harness for the configuration reader
 * (config/config_file.c): the input is a .storymaster.yml, loaded with
 * config_load from a scratch file. Any input must give SM_OK or SM_EFORMAT
 * with a one-line message, never a crash, a hang or a leak. Seeds in
 * tests/fuzz/corpus/fuzz_config/. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[512];
	if (!path[0]) {
		const char *tmp = getenv("TMPDIR");
		snprintf(path, sizeof(path), "%s/fuzz-config-%ld.yml", tmp && *tmp ? tmp : "/tmp",
			 (long)getpid());
	}
	FILE *f = fopen(path, "wb");
	if (!f)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	struct sm_config cfg;
	config_init(&cfg);
	struct sm_err err;
	sm_err_clear(&err);
	int rc = config_load(&cfg, path, &err);
	if (rc != SM_OK && rc != SM_EFORMAT) {
		fprintf(stderr, "fuzz_config: unexpected code %d (%s)\n", rc, err.msg);
		abort();
	}
	if (rc != SM_OK && (!err.msg[0] || strchr(err.msg, '\n'))) {
		fprintf(stderr, "fuzz_config: not a one-line message: '%s'\n", err.msg);
		abort();
	}
	config_release(&cfg);
	return 0;
}
