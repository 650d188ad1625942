/* slip.h: which one-letter differences are slips of the fingers or the ear,
 * for the checks that propose a correction (language.typo,
 * language.anomaly). Kernighan, Church and Gale (1990): most typing errors
 * are a key's neighbour, a vowel for a vowel, or a letter doubled; c is
 * typed for the s or k it sounds like. Other one-letter differences are
 * another word ("atmo" is not "ammo", "stdout" not "stout"). Pure
 * functions on lower-case ASCII; no state, no errors. */
#ifndef SM_CHECKS_SLIP_H
#define SM_CHECKS_SLIP_H

#include <stdbool.h>
#include <stddef.h>

/** Is typing b where a was meant (or a for b) a likely slip? */
bool slip_wrong_letter(char a, char b);
/** Is w[i] of the word w[0..n) likely a letter typed too many: doubled,
 * a vowel, or a key's neighbour of a letter beside it? */
bool slip_extra_letter(const char *w, size_t n, size_t i);

#endif
