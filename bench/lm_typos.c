/* lm_typos.c: plant N random letter edits (swap, drop, insert, replace) into
 * lower-case words of a text, for the typo benchmark of make bench-model.
 *   usage: lm_typos IN OUT PLANTED [N] [SEED]
 * OUT gets the edited text; PLANTED one line per edit: "LINE COL TYPO ORIGINAL"
 * (1-based line and byte column of the edited word in OUT). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/sm.h"

static uint64_t rng_s = 1;
static uint64_t rnd(void)
{
	uint64_t z = (rng_s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

struct edit {
	size_t off, len; /* word in the input */
	char word[64];   /* edited word */
};

static int cmp_edit(const void *a, const void *b)
{
	const struct edit *x = a, *y = b;
	return x->off < y->off ? -1 : x->off > y->off;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: lm_typos IN OUT PLANTED [N] [SEED]\n");
		return 2;
	}
	int N = argc > 4 ? atoi(argv[4]) : 200;
	rng_s = argc > 5 ? strtoull(argv[5], NULL, 10) : 1;
	char *t;
	size_t n;
	struct sm_err err;
	if (sm_read_file(argv[1], (size_t)1 << 28, &t, &n, &err)) {
		fprintf(stderr, "lm_typos: %s\n", err.msg);
		return 2;
	}
	struct edit *ed = calloc((size_t)N, sizeof(*ed));
	int k = 0, tries = 0;
	while (k < N && tries++ < 1000000) {
		size_t p = (size_t)(rnd() % n);
		/* go to the start of a lower-case word of 4..40 letters */
		while (p > 0 && isalpha((unsigned char)t[p - 1]))
			p--;
		if (!islower((unsigned char)t[p]))
			continue;
		size_t q = p;
		while (q < n && isalpha((unsigned char)t[q]))
			q++;
		if (q - p < 4 || q - p > 40 || (q < n && t[q] == '\''))
			continue;
		int dup = 0;
		for (int j = 0; j < k; j++)
			if (ed[j].off == p)
				dup = 1;
		if (dup)
			continue;
		char w[64];
		size_t m = q - p;
		memcpy(w, t + p, m);
		size_t i = 1 + (size_t)(rnd() % (m - 1)); /* keep the first letter */
		switch (rnd() % 4) {
		case 0: /* swap with the previous letter */
			if (w[i] == w[i - 1] || i == 1)
				continue;
			w[i - 1] = t[p + i];
			w[i] = t[p + i - 1];
			break;
		case 1: /* drop */
			memmove(w + i, w + i + 1, m - i - 1);
			m--;
			break;
		case 2: /* insert */
			memmove(w + i + 1, w + i, m - i);
			w[i] = (char)('a' + rnd() % 26);
			m++;
			break;
		default: /* replace */
			{
				char c = (char)('a' + rnd() % 26);
				if (c == w[i])
					continue;
				w[i] = c;
			}
		}
		w[m] = 0;
		ed[k].off = p;
		ed[k].len = q - p;
		memcpy(ed[k].word, w, m + 1);
		k++;
	}
	qsort(ed, (size_t)k, sizeof(*ed), cmp_edit);
	FILE *fo = fopen(argv[2], "wb"), *fp = fopen(argv[3], "w");
	if (!fo || !fp) {
		fprintf(stderr, "lm_typos: cannot write\n");
		return 2;
	}
	size_t at = 0, line = 1, col = 1;
	for (int j = 0; j < k; j++) {
		for (; at < ed[j].off; at++) {
			fputc(t[at], fo);
			if (t[at] == '\n') {
				line++;
				col = 1;
			} else {
				col++;
			}
		}
		fprintf(fp, "%zu %zu %s %.*s\n", line, col, ed[j].word, (int)ed[j].len, t + ed[j].off);
		fputs(ed[j].word, fo);
		col += strlen(ed[j].word);
		at += ed[j].len;
	}
	fwrite(t + at, 1, n - at, fo);
	fclose(fo);
	fclose(fp);
	free(ed);
	free(t);
	return 0;
}
