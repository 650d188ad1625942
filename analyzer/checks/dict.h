/* dict.h: the Hunspell dictionaries (en_US and en_GB) for the checks that
 * ask whether a word is English: language.typo, and consistency's
 * name-variant (a capitalized common word is no misspelled name).
 * Reading a pair takes about 90 ms, so the pair is read once per process
 * and lent to one run at a time (a second run at the same time reads a
 * private pair); dict_close gives it back. Dictionaries come from
 * /usr/share/hunspell or $STORYMASTER_DICT_DIR. */
#ifndef SM_CHECKS_DICT_H
#define SM_CHECKS_DICT_H

#include <stdbool.h>

struct sm_book;

enum { DICT_US = 0, DICT_GB = 1 };

struct sm_dict {
	void *h[2];   /* Hunhandle *: en_US, en_GB */
	bool cached;  /* the process's pair, lent to this run */
};

/** Open the pair into *d. false when a dictionary is missing or not UTF-8:
 * then, when book and rule are non-NULL, a warning "RULE skipped: ..."
 * goes to the book (book_warn). Close with dict_close either way. */
bool dict_open(struct sm_dict *d, struct sm_book *book, const char *rule);
/** Give the pair back (or free a private one). */
void dict_close(struct sm_dict *d);
/** Is the UTF-8 word w (NUL-terminated, as the dictionaries spell:
 * straight apostrophes) correct in dictionary which (DICT_US, DICT_GB)? */
bool dict_spell(const struct sm_dict *d, int which, const char *w);

#endif
