/* hostile.c: make bench-hostile. Generates hostile documents by mutating
 * seed manuscripts (seeded, so a run can be repeated), runs `storymaster
 * check` on each with a wall-clock limit, and prints what happened: exit
 * codes, crashes (signals, sanitizer reports), hangs (killed at the limit),
 * error output that is not one `storymaster: PATH: reason` line, peak RSS
 * and the slowest inputs.
 *
 *   hostile -b BIN [-n COUNT] [-s SEED] [-j JOBS] [-t SECONDS] [-o DIR] [-k] SEED_FILE...
 *
 * A DOCX seed is taken apart with libzip and its XML parts are mutated
 * before it is zipped again (mutating the compressed bytes would only test
 * the CRC check); 1 in 10 is mutated as raw bytes instead. Text and
 * Markdown seeds get byte-level and markup-aware mutations: flipped bits,
 * inserted tokens (markup, XML, quotes, dashes, invalid UTF-8, control
 * bytes), long runs of one token (deep nesting, endless lines), repeated,
 * cut and spliced ranges. Inputs that crash, hang or print more than one
 * error line are kept in DIR/keep; the rest are deleted unless -k.
 * Exit status: 0 when no input crashed, hung or printed a bad error line. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <zip.h>

#define MAX_OUT (4u << 20) /* bytes of one generated document */
#define N_SLOW 10

/* ---- seeded generator (xorshift64*) ---- */
static uint64_t rng_state;
static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ull;
}
static size_t below(size_t n) { return n ? (size_t)(rnd() % n) : 0; }

struct buf {
	char *p;
	size_t n, cap;
};
static void die(const char *what)
{
	fprintf(stderr, "hostile: %s: %s\n", what, strerror(errno));
	exit(2);
}
static void reserve(struct buf *b, size_t n)
{
	if (n <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 4096;
	while (cap < n)
		cap *= 2;
	b->p = realloc(b->p, cap);
	if (!b->p)
		die("out of memory");
	b->cap = cap;
}
static void insert(struct buf *b, size_t at, const char *s, size_t n)
{
	if (b->n + n > MAX_OUT)
		return;
	reserve(b, b->n + n + 1);
	memmove(b->p + at + n, b->p + at, b->n - at);
	memcpy(b->p + at, s, n);
	b->n += n;
}

static const char *const tokens[] = {
	"\n", "\n\n", "\r\n", "\f", "\t", "# ", "## ", "###### ", "* ", "** ", "_", "__", "`", "```\n",
	"> ", "- ", "1. ", "| a | b |\n|---|---|\n", "[", "]", "](", "![", "<!--", "-->",
	"<!-- storymaster-disable -->", "<!-- storymaster-enable -->", "---\n", "---\ntitle: [\n",
	"\\", "&amp;", "&#0;", "&#xFFFF;", "&", "<", ">", "<w:p>", "</w:p>", "<w:r>", "</w:r>",
	"<w:t>", "</w:t>", "<w:t xml:space=\"preserve\">", "<w:ins w:id=\"1\">", "<w:del w:id=\"2\">",
	"</w:del>", "<w:br/>", "<w:tab/>", "<w:pStyle w:val=\"Heading1\"/>", "<w:commentRangeStart w:id=\"0\"/>",
	"<!DOCTYPE x>", "<![CDATA[", "]]>", "<?xml version=\"1.0\"?>", " a=\"b\"", "xmlns:q=\"x\"",
	"\"", "\u201c", "\u201d", "\u2019", "'", "\u2014", "--", "...", "\u2026", "* * *", "#",
	"CHAPTER I", "Chapter 12", "\xff", "\xfe\xff", "\xc3", "\xe2\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80",
	"\xef\xbb\xbf", "\x00", "\x1b[31m", "\x7f", "\u0301", "\u200d", "\U0001F600", "Mr. ", "the the ",
	"Martha", "Martha's eyes were grey. ", "She had said. ", "yesterday", "tomorrow",
};
#define N_TOKENS (sizeof(tokens) / sizeof(tokens[0]))

static const char *token(size_t *n)
{
	const char *t = tokens[below(N_TOKENS)];
	*n = strlen(t);
	if (*n == 0) /* "\x00" */
		*n = 1;
	return t;
}

/* One mutation of b; splice is another seed's bytes. Appends its name to what. */
static void mutate_once(struct buf *b, const struct buf *splice, char *what, size_t cap)
{
	size_t at = below(b->n + 1), n;
	const char *name;
	switch (below(9)) {
	case 0: /* flip bits */
		for (size_t k = 0, m = 1 + below(16); k < m && b->n; k++)
			b->p[below(b->n)] ^= (char)(1u << below(8));
		name = "flip";
		break;
	case 1:
	case 2: { /* insert a few tokens */
		for (size_t k = 0, m = 1 + below(8); k < m; k++) {
			const char *t = token(&n);
			insert(b, below(b->n + 1), t, n);
		}
		name = "tokens";
		break;
	}
	case 3: { /* a long run of one token: nesting, endless lines */
		const char *t = token(&n);
		size_t reps = 1 + below(below(2) ? 200000 : 5000);
		if (reps * n > MAX_OUT / 2)
			reps = MAX_OUT / 2 / n;
		struct buf run = { 0 };
		reserve(&run, reps * n + 1);
		for (size_t k = 0; k < reps; k++)
			memcpy(run.p + k * n, t, n);
		insert(b, at, run.p, reps * n);
		free(run.p);
		name = "run";
		break;
	}
	case 4: { /* delete a range */
		size_t len = below(b->n - (at < b->n ? at : b->n) + 1);
		if (at < b->n) {
			memmove(b->p + at, b->p + at + len, b->n - at - len);
			b->n -= len;
		}
		name = "cut";
		break;
	}
	case 5: { /* repeat a range */
		if (!b->n) {
			name = "repeat0";
			break;
		}
		size_t from = below(b->n), len = 1 + below(b->n - from < 4096 ? b->n - from : 4096);
		char *copy = malloc(len);
		if (!copy)
			die("out of memory");
		memcpy(copy, b->p + from, len);
		for (size_t k = 0, m = 1 + below(100); k < m; k++)
			insert(b, at, copy, len);
		free(copy);
		name = "repeat";
		break;
	}
	case 6: /* truncate */
		b->n = at;
		name = "truncate";
		break;
	case 7: { /* splice in part of another seed */
		if (splice && splice->n) {
			size_t from = below(splice->n), len = below(splice->n - from + 1);
			insert(b, at, splice->p + from, len);
		}
		name = "splice";
		break;
	}
	default: /* control and invalid bytes */
		for (size_t k = 0, m = 1 + below(32); k < m; k++) {
			char c = (char)(below(2) ? below(32) : 0x80 + below(128));
			insert(b, below(b->n + 1), &c, 1);
		}
		name = "bytes";
		break;
	}
	size_t used = strlen(what);
	snprintf(what + used, cap - used, "%s%s", used ? "+" : "", name);
}

static void mutate(struct buf *b, const struct buf *splice, char *what, size_t cap)
{
	for (size_t k = 0, m = 1 + below(below(4) ? 3 : 10); k < m; k++)
		mutate_once(b, splice, what, cap);
}

static int read_all(const char *path, struct buf *b)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	b->n = 0;
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		reserve(b, b->n + got + 1);
		memcpy(b->p + b->n, chunk, got);
		b->n += got;
	}
	fclose(f);
	return 0;
}

static int write_all(const char *path, const struct buf *b)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	size_t w = fwrite(b->p ? b->p : "", 1, b->n, f);
	return fclose(f) == 0 && w == b->n ? 0 : -1;
}

/* Well-formed fragments for the body of a WordprocessingML part. */
static const char *const fragments[] = {
	"<w:p><w:r><w:t>She said it was on on the table.</w:t></w:r></w:p>",
	"<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>Chapter 3</w:t></w:r></w:p>",
	"<w:p><w:r><w:t xml:space=\"preserve\"> </w:t></w:r></w:p>", "<w:p/>", "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>",
	"<w:p><w:ins w:id=\"9\" w:author=\"x\"><w:r><w:t>inserted</w:t></w:r></w:ins></w:p>",
	"<w:p><w:del w:id=\"8\" w:author=\"x\"><w:r><w:delText>deleted</w:delText></w:r></w:del></w:p>",
	"<w:p><w:r><w:t>\xe2\x80\x9c" "Quoted,\xe2\x80\x9d he said\xe2\x80\x94" "and left.</w:t></w:r></w:p>",
	"<w:p><w:commentRangeStart w:id=\"1\"/><w:r><w:t>noted</w:t></w:r><w:commentRangeEnd w:id=\"1\"/></w:p>",
	"<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>",
	"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
	"<w:p><w:r><w:t>&amp;&lt;&gt;&#8212;&#x1F600;</w:t></w:r></w:p>",
};
#define N_FRAGMENTS (sizeof(fragments) / sizeof(fragments[0]))

/* A mutation that keeps the XML well-formed: fragments (one, or thousands,
 * or nested) inserted after a closing paragraph, or a paragraph repeated. */
static void mutate_xml(struct buf *b, char *what, size_t cap)
{
	size_t n_at = 0;
	for (size_t i = 0; i + 6 <= b->n; i++)
		if (!memcmp(b->p + i, "</w:p>", 6))
			n_at++;
	if (!n_at) {
		mutate(b, NULL, what, cap);
		return;
	}
	size_t pick = below(n_at), at = 0;
	for (size_t i = 0, k = 0; i + 6 <= b->n; i++)
		if (!memcmp(b->p + i, "</w:p>", 6) && k++ == pick) {
			at = i + 6;
			break;
		}
	const char *name;
	struct buf ins = { 0 };
	switch (below(3)) {
	case 0: { /* fragments, up to thousands */
		size_t reps = below(2) ? 1 + below(5) : 1 + below(20000);
		for (size_t k = 0; k < reps && ins.n < MAX_OUT / 2; k++) {
			const char *f = fragments[below(N_FRAGMENTS)];
			reserve(&ins, ins.n + strlen(f) + 1);
			memcpy(ins.p + ins.n, f, strlen(f));
			ins.n += strlen(f);
		}
		name = "fragments";
		break;
	}
	case 1: { /* deep nesting: runs inside insertions inside insertions */
		size_t depth = 1 + below(below(2) ? 100 : 5000);
		const char *open = "<w:ins w:id=\"1\">", *close = "</w:ins>";
		const char *mid = "<w:r><w:t>deep</w:t></w:r>";
		size_t need = depth * (strlen(open) + strlen(close)) + strlen(mid) + 16;
		reserve(&ins, need);
		memcpy(ins.p, "<w:p>", 5);
		ins.n = 5;
		for (size_t k = 0; k < depth; k++, ins.n += strlen(open))
			memcpy(ins.p + ins.n, open, strlen(open));
		memcpy(ins.p + ins.n, mid, strlen(mid));
		ins.n += strlen(mid);
		for (size_t k = 0; k < depth; k++, ins.n += strlen(close))
			memcpy(ins.p + ins.n, close, strlen(close));
		memcpy(ins.p + ins.n, "</w:p>", 6);
		ins.n += 6;
		name = "nesting";
		break;
	}
	default: { /* the paragraph before, repeated */
		size_t start = at - 6;
		while (start > 0 && memcmp(b->p + start, "<w:p>", 5) && memcmp(b->p + start, "<w:p ", 5))
			start--;
		size_t len = at - start, reps = 1 + below(below(2) ? 10 : 3000);
		for (size_t k = 0; k < reps && ins.n + len < MAX_OUT / 2; k++) {
			reserve(&ins, ins.n + len + 1);
			memcpy(ins.p + ins.n, b->p + start, len);
			ins.n += len;
		}
		name = "repeat-paragraph";
		break;
	}
	}
	insert(b, at, ins.p ? ins.p : "", ins.n);
	free(ins.p);
	size_t used = strlen(what);
	snprintf(what + used, cap - used, "%s%s", used ? "+" : "", name);
}

/* A DOCX seed, unzipped, XML parts mutated, zipped again to path. */
static int mutate_docx(const struct buf *seed, const struct buf *splice, const char *path,
		       char *what, size_t cap)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(seed->p, seed->n, 0, &ze);
	zip_t *in = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
	zip_error_fini(&ze);
	if (!in) {
		if (src)
			zip_source_free(src);
		return -1;
	}
	int zerr;
	zip_t *out = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	if (!out) {
		zip_discard(in);
		return -1;
	}
	zip_int64_t n = zip_get_num_entries(in, 0);
	for (zip_int64_t i = 0; i < n; i++) {
		const char *name = zip_get_name(in, (zip_uint64_t)i, 0);
		zip_stat_t st;
		if (!name || zip_stat_index(in, (zip_uint64_t)i, 0, &st) || st.size > MAX_OUT)
			continue;
		struct buf part = { 0 };
		reserve(&part, st.size + 1);
		zip_file_t *zf = zip_fopen_index(in, (zip_uint64_t)i, 0);
		zip_int64_t got = zf ? zip_fread(zf, part.p, st.size) : -1;
		if (zf)
			zip_fclose(zf);
		if (got < 0) {
			free(part.p);
			continue;
		}
		part.n = (size_t)got;
		bool main_part = strstr(name, "document.xml") && !strstr(name, ".rels");
		if (strstr(name, ".xml") && (main_part ? below(10) < 7 : below(10) < 2)) {
			char sub[200] = "";
			if (below(5) < 4)
				mutate_xml(&part, sub, sizeof(sub));
			else
				mutate(&part, splice, sub, sizeof(sub));
			size_t used = strlen(what);
			snprintf(what + used, cap - used, "%s%s:%s", used ? " " : "", name, sub);
		}
		/* libzip takes the buffer and frees it */
		zip_source_t *ps = zip_source_buffer(out, part.p, part.n, 1);
		if (!ps || zip_file_add(out, name, ps, ZIP_FL_OVERWRITE) < 0) {
			if (ps)
				zip_source_free(ps);
			else
				free(part.p);
		}
	}
	zip_discard(in);
	return zip_close(out) == 0 ? 0 : -1;
}

/* ---- running ---- */
struct job {
	pid_t pid;
	size_t index;
	char path[512], err_path[512], what[400];
	double start;
};
struct result {
	double secs;
	char path[512], what[400];
};

/* SIGINT or SIGTERM: stop starting documents, finish the running ones and
 * print the figures of what was done. */
static volatile sig_atomic_t stop_requested;
static void on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static pid_t spawn(const char *bin, const char *path, const char *err_path, double limit)
{
	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (null < 0 || err < 0)
			_exit(120);
		dup2(null, 1);
		dup2(err, 2);
		char lim[32];
		snprintf(lim, sizeof(lim), "%g", limit);
		execl(bin, bin, "check", "--no-model", "--fail-on", "never", "--time-limit", lim, path,
		      (char *)NULL);
		_exit(121);
	}
	return pid;
}

/* Is the error output what a user should see: each line "storymaster: ...",
 * and exactly one line naming the file when the exit status is 2? */
static bool errors_ok(const char *err_path, const char *path, int code, size_t *lines)
{
	struct buf e = { 0 };
	*lines = 0;
	if (read_all(err_path, &e) != 0)
		return false;
	bool ok = true;
	size_t named = 0;
	for (size_t i = 0; i < e.n;) {
		size_t j = i;
		while (j < e.n && e.p[j] != '\n')
			j++;
		(*lines)++;
		size_t len = j - i;
		if (len < 13 || memcmp(e.p + i, "storymaster: ", 13))
			ok = false;
		size_t pl = strlen(path);
		if (len > 13 + pl && !memcmp(e.p + i + 13, path, pl))
			named++;
		i = j + 1;
	}
	if (e.n && e.p[e.n - 1] != '\n')
		ok = false;
	if (code == 2 && (*lines != 1 || named != 1))
		ok = false;
	free(e.p);
	return ok;
}

/* Why files were refused: the reason of each exit-2 line, digits and
 * quoted names blanked, counted. */
#define MAX_REASONS 64
static struct {
	char text[80];
	size_t n;
} reasons[MAX_REASONS];
static size_t n_reasons;

static void count_reason(const char *err_path, const char *path)
{
	struct buf e = { 0 };
	if (read_all(err_path, &e) != 0 || !e.n) {
		free(e.p);
		return;
	}
	reserve(&e, e.n + 1);
	e.p[e.n] = '\0';
	const char *r = strstr(e.p, path);
	r = r ? r + strlen(path) + 2 : e.p;
	char key[80];
	size_t k = 0;
	bool quoted = false;
	for (; *r && *r != '\n' && *r != '(' && *r != ':' && k + 1 < sizeof(key); r++) {
		if (*r == '\'')
			quoted = !quoted;
		else if (!quoted && !(*r >= '0' && *r <= '9'))
			key[k++] = *r;
	}
	while (k && key[k - 1] == ' ')
		k--;
	key[k] = '\0';
	free(e.p);
	for (size_t i = 0; i < n_reasons; i++)
		if (!strcmp(reasons[i].text, key)) {
			reasons[i].n++;
			return;
		}
	if (n_reasons < MAX_REASONS) {
		snprintf(reasons[n_reasons].text, sizeof(reasons[n_reasons].text), "%s", key);
		reasons[n_reasons++].n = 1;
	}
}

static const char *ext_of(const char *p)
{
	const char *dot = strrchr(p, '.');
	return dot ? dot : ".txt";
}

int main(int argc, char **argv)
{
	const char *bin = NULL, *dir = "/tmp/storymaster-hostile";
	size_t count = 10000, jobs = 2;
	uint64_t seed = 1;
	double limit = 20.0;
	bool keep_all = false;
	int c;
	while ((c = getopt(argc, argv, "b:n:s:j:t:o:k")) != -1) {
		switch (c) {
		case 'b': bin = optarg; break;
		case 'n': count = strtoul(optarg, NULL, 10); break;
		case 's': seed = strtoull(optarg, NULL, 10); break;
		case 'j': jobs = strtoul(optarg, NULL, 10); break;
		case 't': limit = strtod(optarg, NULL); break;
		case 'o': dir = optarg; break;
		case 'k': keep_all = true; break;
		default:
			fprintf(stderr, "usage: hostile -b BIN [-n COUNT] [-s SEED] [-j JOBS] [-t SECONDS] "
					"[-o DIR] [-k] SEED_FILE...\n");
			return 2;
		}
	}
	size_t n_seeds = (size_t)(argc - optind);
	if (!bin || !n_seeds || !jobs || jobs > 64) {
		fprintf(stderr, "hostile: need -b BIN and seed files\n");
		return 2;
	}
	rng_state = seed * 0x9E3779B97F4A7C15ull + 1;
	struct buf *seeds = calloc(n_seeds, sizeof(*seeds));
	for (size_t i = 0; i < n_seeds; i++)
		if (read_all(argv[optind + i], &seeds[i]) != 0)
			die(argv[optind + i]);
	char keep[600];
	snprintf(keep, sizeof(keep), "%s/keep", dir);
	mkdir(dir, 0755);
	mkdir(keep, 0755);

	/* The sanitizers report with their own exit codes, never 0, 1 or 2. */
	/* a small quarantine, so that peak RSS says more about us than ASan */
	setenv("ASAN_OPTIONS", "exitcode=99:detect_leaks=1:allocator_may_return_null=0:quarantine_size_mb=16", 1);
	setenv("UBSAN_OPTIONS", "halt_on_error=1:exitcode=98:print_stacktrace=1", 1);
	char lsan[1024];
	const char *given = getenv("LSAN_OPTIONS"); /* suppressions= from run.sh */
	snprintf(lsan, sizeof(lsan), "%s%sexitcode=97", given ? given : "", given && *given ? ":" : "");
	setenv("LSAN_OPTIONS", lsan, 1);
	setenv("NO_COLOR", "1", 1);

	size_t by_code[4] = { 0 }, crashes = 0, hangs = 0, bad_errors = 0, other = 0, done = 0;
	long peak_kb = 0;
	char peak_path[512] = "", peak_what[400] = "";
	struct result slow[N_SLOW];
	size_t n_slow = 0;
	struct job *run = calloc(jobs, sizeof(*run));
	size_t running = 0, next = 0;
	double t0 = now();
	signal(SIGINT, on_stop);
	signal(SIGTERM, on_stop);
	while (done < count) {
		if (stop_requested && !running)
			break;
		while (!stop_requested && running < jobs && next < count) {
			struct job *j = NULL;
			for (size_t k = 0; k < jobs; k++)
				if (!run[k].pid) {
					j = &run[k];
					break;
				}
			size_t s = below(n_seeds);
			const char *sname = argv[optind + s];
			const char *ext = ext_of(sname);
			if (below(20) == 0) /* the wrong extension for the bytes */
				ext = (const char *[]){ ".md", ".txt", ".docx" }[below(3)];
			snprintf(j->path, sizeof(j->path), "%s/h%05zu%s", dir, next, ext);
			snprintf(j->err_path, sizeof(j->err_path), "%s/h%05zu.err", dir, next);
			const char *base = strrchr(sname, '/');
			snprintf(j->what, sizeof(j->what), "%s ", base ? base + 1 : sname);
			const struct buf *splice = &seeds[below(n_seeds)];
			bool zipped = seeds[s].n > 4 && !memcmp(seeds[s].p, "PK\3\4", 4);
			int wrc = -1;
			if (zipped && below(10))
				wrc = mutate_docx(&seeds[s], splice, j->path, j->what, sizeof(j->what));
			if (wrc != 0) { /* raw bytes, or a package libzip would not rewrite */
				struct buf b = { 0 };
				reserve(&b, seeds[s].n + 1);
				memcpy(b.p, seeds[s].p, seeds[s].n);
				b.n = seeds[s].n;
				mutate(&b, splice, j->what, sizeof(j->what));
				wrc = write_all(j->path, &b);
				free(b.p);
			}
			if (wrc != 0)
				die(j->path);
			j->index = next++;
			j->start = now();
			j->pid = spawn(bin, j->path, j->err_path, limit / 4);
			running++;
		}
		/* reap one, or kill what passed the limit */
		int status;
		struct rusage ru;
		pid_t pid = wait4(-1, &status, WNOHANG, &ru);
		if (pid == 0) {
			double t = now();
			for (size_t k = 0; k < jobs; k++)
				if (run[k].pid && t - run[k].start > limit)
					kill(run[k].pid, SIGKILL);
			usleep(2000);
			continue;
		}
		if (pid < 0 && errno == EINTR)
			continue;
		if (pid < 0)
			die("wait");
		struct job *j = NULL;
		for (size_t k = 0; k < jobs; k++)
			if (run[k].pid == pid)
				j = &run[k];
		if (!j)
			continue;
		double secs = now() - j->start;
		bool peak = ru.ru_maxrss > peak_kb;
		char peak_prev[512];
		snprintf(peak_prev, sizeof(peak_prev), "%s", peak_path);
		if (peak) {
			peak_kb = ru.ru_maxrss;
			snprintf(peak_path, sizeof(peak_path), "%s", j->path);
			snprintf(peak_what, sizeof(peak_what), "%s", j->what);
		}
		bool keep_it = false;
		const char *verdict = NULL;
		if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL && secs >= limit) {
			hangs++;
			keep_it = true;
			verdict = "hang";
		} else if (WIFSIGNALED(status)) {
			crashes++;
			keep_it = true;
			verdict = "crash (signal)";
		} else {
			int code = WEXITSTATUS(status);
			size_t lines;
			if (code <= 2) {
				by_code[code]++;
				if (code == 2)
					count_reason(j->err_path, j->path);
				if (!errors_ok(j->err_path, j->path, code, &lines)) {
					bad_errors++;
					keep_it = true;
					verdict = "bad error output";
				}
			} else if (code >= 97 && code <= 99) {
				crashes++;
				keep_it = true;
				verdict = "sanitizer report";
			} else {
				other++;
				keep_it = true;
				verdict = "unexpected exit status";
			}
		}
		/* the slowest N, kept sorted */
		if (n_slow < N_SLOW || secs > slow[n_slow - 1].secs) {
			size_t at = n_slow < N_SLOW ? n_slow++ : N_SLOW - 1;
			while (at > 0 && slow[at - 1].secs < secs) {
				slow[at] = slow[at - 1];
				at--;
			}
			slow[at].secs = secs;
			snprintf(slow[at].path, sizeof(slow[at].path), "%s", j->path);
			snprintf(slow[at].what, sizeof(slow[at].what), "%s", j->what);
		}
		if (keep_it) {
			char dst[700], edst[700];
			snprintf(dst, sizeof(dst), "%s/%s", keep, strrchr(j->path, '/') + 1);
			snprintf(edst, sizeof(edst), "%s/%s", keep, strrchr(j->err_path, '/') + 1);
			rename(j->path, dst);
			rename(j->err_path, edst);
			printf("%s: %s (%s, %.2f s)\n", verdict, dst, j->what, secs);
			fflush(stdout);
		} else {
			unlink(j->err_path);
			if (!keep_all) {
				bool is_slow = peak;
				for (size_t k = 0; k < n_slow; k++)
					is_slow |= !strcmp(slow[k].path, j->path);
				if (!is_slow)
					unlink(j->path);
				else if (peak && peak_prev[0] && strcmp(peak_prev, j->path)) {
					/* the file that held the peak before, unless slow */
					bool slow_too = false;
					for (size_t k = 0; k < n_slow; k++)
						slow_too |= !strcmp(slow[k].path, peak_prev);
					if (!slow_too)
						unlink(peak_prev);
				}
			}
		}
		j->pid = 0;
		running--;
		done++;
		if (isatty(2) && done % 50 == 0) {
			double el = now() - t0;
			fprintf(stderr, "\rhostile: %zu/%zu (%.0f%%), %.0f s left ", done, count,
				100.0 * done / count, el / done * (count - done));
		}
	}
	if (isatty(2))
		fprintf(stderr, "\r\033[K");
	printf("hostile: %zu documents from %zu seeds (seed %llu), %.0f s%s\n", done, n_seeds,
	       (unsigned long long)seed, now() - t0, done < count ? " (stopped early)" : "");
	printf("  exit 0: %zu   exit 1: %zu   exit 2 (refused): %zu   other: %zu\n", by_code[0],
	       by_code[1], by_code[2], other);
	printf("  crashes: %zu   hangs (> %.0f s): %zu   bad error output: %zu\n", crashes, limit, hangs,
	       bad_errors);
	printf("  peak RSS: %.1f MB (sanitizer build)  %s  (%s)\n", peak_kb / 1024.0, peak_path, peak_what);
	printf("  refused, by reason:\n");
	for (size_t a = 0; a < n_reasons; a++) /* most frequent first */
		for (size_t b2 = a + 1; b2 < n_reasons; b2++)
			if (reasons[b2].n > reasons[a].n) {
				size_t t = reasons[a].n;
				char tx[80];
				memcpy(tx, reasons[a].text, sizeof(tx));
				reasons[a] = reasons[b2];
				reasons[b2].n = t;
				memcpy(reasons[b2].text, tx, sizeof(tx));
			}
	for (size_t a = 0; a < n_reasons && a < 12; a++)
		printf("    %6zu  %s\n", reasons[a].n, reasons[a].text);
	printf("  slowest %zu:\n", n_slow);
	for (size_t k = 0; k < n_slow; k++)
		printf("    %6.2f s  %s  (%s)\n", slow[k].secs, slow[k].path, slow[k].what);
	free(run);
	for (size_t i = 0; i < n_seeds; i++)
		free(seeds[i].p);
	free(seeds);
	return crashes || hangs || bad_errors || other ? 1 : 0;
}
