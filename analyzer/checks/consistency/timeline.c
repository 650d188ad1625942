/* timeline.c: consistency.timeline (stage 3). Two kinds of error:
 *  - a weekday that does not match its date in the same sentence
 *    ("Monday, 3 March 1812", "Monday, March 3rd, 1812", "Monday the 3rd of
 *    March 1812"), checked with the Gregorian calendar;
 *  - a character's stated age (the fact ledger, facts.c) that goes down
 *    later in the book, or goes up by more than one year plus the time the
 *    narration says has passed in between ("three years later", "a year
 *    after"). */
#include "checks/consistency/consistency_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const wdays[] = { "sunday", "monday", "tuesday", "wednesday", "thursday",
				     "friday", "saturday" };
static const char *const wday_cap[] = { "Sunday", "Monday", "Tuesday", "Wednesday",
					"Thursday", "Friday", "Saturday" };
static const char *const month_cap[] = { "January", "February", "March", "April", "May", "June",
					 "July", "August", "September", "October", "November",
					 "December" };
static const char *const months[] = { "january", "february", "march", "april", "may", "june",
				      "july", "august", "september", "october", "november",
				      "december" };

/* Day of week (0 = Sunday) of a Gregorian date (Sakamoto). */
static int weekday(int y, int m, int d)
{
	static const int t[] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };
	if (m < 3)
		y--;
	return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}

static int days_in(int y, int m)
{
	static const int n[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : n[m - 1];
}

static int find_in(const char *w, const char *const *list, int n)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(w, list[i]))
			return i;
	return -1;
}

/* Day number of "3", "3rd", "21st" (1..31), else -1. */
static int day_num(const char *w)
{
	char *end;
	long v = strtol(w, &end, 10);
	if (end == w || v < 1 || v > 31)
		return -1;
	if (*end && strcmp(end, "st") && strcmp(end, "nd") && strcmp(end, "rd") && strcmp(end, "th"))
		return -1;
	return (int)v;
}

static void check_weekdays(struct cbook *cb, struct sm_findings *out)
{
	for (uint32_t k = 0; k < cb->n_docs; k++) {
		const struct cdoc *d = &cb->d[k];
		for (size_t i = 0; i < d->n; i++) {
			if (!(d->w[i].fl & CW_CAP))
				continue;
			int wd = find_in(cbook_str(cb, d->w[i].id), wdays, 7);
			if (wd < 0)
				continue;
			int day = -1, mon = -1, year = -1;
			size_t last = i;
			for (size_t j = i + 1; j < d->n && j <= i + 7; j++) {
				const struct cw *x = &d->w[j];
				if (x->block != d->w[i].block)
					break;
				const char *w = cbook_str(cb, x->id);
				int v;
				if (mon < 0 && (v = find_in(w, months, 12)) >= 0 && (x->fl & CW_CAP))
					mon = v + 1, last = j;
				else if (day < 0 && year < 0 && (v = day_num(w)) > 0)
					day = v, last = j;
				else if (year < 0 && strlen(w) == 4 && w[0] >= '1' && w[0] <= '2' &&
					 (v = atoi(w)) >= 1583)
					year = v, last = j;
				else if (strcmp(w, "the") && strcmp(w, "of"))
					break;
				if (day > 0 && mon > 0 && year > 0)
					break;
				/* the date ends at a sentence end */
				if ((x->fl & CW_PUNCT) && !(x->fl & CW_COMMA))
					break;
			}
			if (day < 0 || mon < 0 || year < 0 || day > days_in(year, mon))
				continue;
			int real = weekday(year, mon, day);
			if (real == wd)
				continue;
			const struct cw *a = &d->w[i], *z = &d->w[last];
			char sugg[16];
			snprintf(sugg, sizeof(sugg), "%s", wday_cap[real]);
			findings_add(out, cb->book, "consistency.timeline", SM_SEV_WARNING, k, a->off,
				     z->off + z->len - a->off, sugg,
				     "%d %s %d was a %s, not a %s", day, month_cap[mon - 1], year,
				     wday_cap[real], wday_cap[wd]);
			i = last;
		}
	}
}

/* Years the narration says pass between two places: "N years later/after",
 * "a year later". */
static int years_between(struct cbook *cb, const struct cons_place *a, const struct cons_place *b)
{
	int years = 0;
	for (uint32_t k = a->doc; k <= b->doc && k < cb->n_docs; k++) {
		const struct cdoc *d = &cb->d[k];
		for (size_t i = 0; i + 2 < d->n; i++) {
			const struct cw *x = &d->w[i];
			if ((k == a->doc && x->off < a->off) || (k == b->doc && x->off >= b->off))
				continue;
			const char *w1 = cbook_str(cb, d->w[i + 1].id), *w2 = cbook_str(cb, d->w[i + 2].id);
			if (strcmp(w1, "years") && strcmp(w1, "year"))
				continue;
			if (strcmp(w2, "later") && strcmp(w2, "after") && strcmp(w2, "passed") &&
			    strcmp(w2, "went") && strcmp(w2, "had"))
				continue;
			const char *w = cbook_str(cb, x->id);
			static const char *const num[] = { "a", "two", "three", "four", "five", "six",
							   "seven", "eight", "nine", "ten" };
			int v = find_in(w, num, 10);
			if (v >= 0)
				years += v + 1;
			else if (atoi(w) > 0)
				years += atoi(w);
			else if (!strcmp(w, "some") || !strcmp(w, "many") || !strcmp(w, "several"))
				years += 100; /* unknown: anything goes */
		}
	}
	return years;
}

static void check_ages(struct cbook *cb, const struct cons_registry *reg, struct sm_findings *out)
{
	for (size_t i = 0; i < reg->n_facts; i++) {
		const struct cons_fact *f = &reg->facts[i];
		if (f->attr != CONS_ATTR_AGE)
			continue;
		/* the latest earlier statement for this character */
		const struct cons_fact *e = NULL;
		for (size_t j = 0; j < i; j++)
			if (reg->facts[j].character == f->character && reg->facts[j].attr == CONS_ATTR_AGE)
				e = &reg->facts[j];
		if (!e || e->num == f->num)
			continue;
		char where[160];
		cons_where(cb, e->at.doc, e->at.off, where, sizeof(where));
		const char *name = reg->chars[f->character].name;
		struct sm_finding *x = NULL;
		if (f->num < e->num) {
			x = findings_add(out, cb->book, "consistency.timeline", SM_SEV_WARNING, f->at.doc,
					 f->at.off, f->at.len, NULL,
					 "%s is %d here but was already %d earlier (%s): the age goes down",
					 name, f->num, e->num, where);
		} else {
			int passed = years_between(cb, &e->at, &f->at);
			if (f->num - e->num <= passed + 1)
				continue;
			x = findings_add(out, cb->book, "consistency.timeline", SM_SEV_WARNING, f->at.doc,
					 f->at.off, f->at.len, NULL,
					 "%s is %d here but %d in %s, and the narration lets %d year%s pass in between",
					 name, f->num, e->num, where, passed, passed == 1 ? "" : "s");
		}
		findings_relate(out, x, e->at.doc, e->at.off, e->at.len, cb->book);
	}
}

void cons_check_timeline(struct cbook *cb, const struct cons_registry *reg,
			 struct sm_findings *out)
{
	check_weekdays(cb, out);
	check_ages(cb, reg, out);
}
