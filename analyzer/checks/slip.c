/* slip.c: see slip.h. */
#include "slip.h"

#include <string.h>

static bool is_vowel(char c)
{
	return c && strchr("aeiou", c) != NULL;
}

bool slip_wrong_letter(char a, char b)
{
	static const char *const rows[] = { "qwertyuiop", "asdfghjkl", "zxcvbnm" };
	if (!a || !b)
		return false;
	if (is_vowel(a) && is_vowel(b))
		return true;
	if ((a == 'c' && (b == 's' || b == 'k')) || (b == 'c' && (a == 's' || a == 'k')))
		return true;
	for (int r = 0; r < 3; r++) {
		const char *pa = strchr(rows[r], a);
		if (!pa)
			continue;
		long ia = pa - rows[r];
		for (int r2 = r > 0 ? r - 1 : 0; r2 <= r + 1 && r2 < 3; r2++) {
			const char *pb = strchr(rows[r2], b);
			if (!pb)
				continue;
			/* the rows are offset by about half a key: same or next column */
			long d = (pb - rows[r2]) - ia;
			if (r2 == r ? (d == 1 || d == -1) : r2 > r ? (d == 0 || d == -1) : (d == 0 || d == 1))
				return true;
		}
	}
	return false;
}

bool slip_extra_letter(const char *w, size_t n, size_t i)
{
	if (i >= n)
		return false;
	char x = w[i];
	bool prev = i > 0, next = i + 1 < n;
	return (prev && x == w[i - 1]) || (next && x == w[i + 1]) || is_vowel(x) ||
	       (prev && slip_wrong_letter(w[i - 1], x)) || (next && slip_wrong_letter(w[i + 1], x));
}
