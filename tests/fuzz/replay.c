/* replay.c: a main() for any libFuzzer harness, so that gcc builds it
 * without libFuzzer and `make check` (tests/sh/0056-fuzz-replay.sh) feeds
 * it every seed and every saved input of its target, under the plain build
 * and under ASan+UBSan. A crash, a sanitizer report or an abort() in the
 * harness fails the run; the shell test adds a time limit, so a hang fails
 * it too.
 *   usage: replay NAME DIR...   (every regular file of each DIR, sorted)
 * Prints one TAP line per folder: "ok - NAME: N inputs from DIR" (0 for a
 * folder that does not exist). */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0, got;
	unsigned char *buf = malloc(cap);
	while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			unsigned char *nb = realloc(buf, cap *= 2);
			if (!nb)
				free(buf);
			buf = nb;
		}
	}
	fclose(f);
	*len = n;
	return buf;
}

/* Replay every regular file of dir; returns how many (0 for a missing
 * folder: not every target has saved inputs). */
static long replay_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			char **nn = realloc(names, cap * sizeof(*names));
			if (!nn)
				abort();
			names = nn;
		}
		if (!(names[n++] = strdup(e->d_name)))
			abort();
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	long done = 0;
	for (size_t i = 0; i < n; i++) {
		char path[4096];
		struct stat sb;
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
			size_t len = 0;
			unsigned char *buf = slurp(path, &len);
			if (!buf) {
				fprintf(stderr, "replay: %s: cannot read\n", path);
				exit(1);
			}
			/* the name first, so a crash says which input did it */
			fprintf(stderr, "replay: %s\n", path);
			LLVMFuzzerTestOneInput(buf, len);
			free(buf);
			done++;
		}
		free(names[i]);
	}
	free(names);
	return done;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: replay NAME DIR...\n");
		return 2;
	}
	for (int i = 2; i < argc; i++) {
		long n = replay_dir(argv[i]);
		printf("ok - %s: %ld inputs from %s\n", argv[1], n, argv[i]);
		fflush(stdout);
	}
	return 0;
}
