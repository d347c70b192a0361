/*
 * utf8 — small UTF-8 helpers shared by every layer: validation, decoding, and
 * making untrusted text inert before it reaches a terminal or a log.
 */
#ifndef EJ_UTF8_H
#define EJ_UTF8_H
#include <stddef.h>
#include <stdint.h>
#include "err.h"
#include <stdbool.h>

/* Decode one code point at s; returns its length in bytes, 0 if s is not valid UTF-8 there
 * (overlong forms, surrogates and values above U+10FFFF are invalid). */
size_t utf8_decode(const char *s, uint32_t *cp);
/* Length of the valid sequence at s (1 for ASCII, 0 for an invalid byte or NUL). */
size_t utf8_valid_prefix(const char *s);
/* Whole string valid UTF-8? */
bool utf8_valid(const char *s);
/* Number of code points in a valid string. */
size_t utf8_len(const char *s);
/* True for C0/C1 controls and DEL: never written raw to a terminal. */
bool utf8_is_control(uint32_t cp);
/* A new string where control characters become U+FFFD (except '\n' and '\t' when
 * keep_newlines) and invalid bytes become U+FFFD.  The caller frees it. */
char *utf8_inert(const char *s, bool keep_newlines);
/* Latin transliteration of Cyrillic text for a login: lower case, only [a-z] kept
 * (ё → e, ъ/ь dropped, х → kh, щ → shch).  The caller frees it. */
char *utf8_translit(const char *s);
/* A search key: Latin and Cyrillic letters in lower case, ё as е («Семёнов» and
 * «семенов» fold alike); invalid bytes dropped.  The caller frees it. */
char *utf8_fold(const char *s);
/* A one-line text field a user typed (a name, an order number): valid UTF-8, no
 * control characters, at most max characters, and (required) not blank.  EJ_EINVAL
 * with the field named by `what` (translated). */
enum ej_err utf8_field_check(const char *v, const char *what, size_t max, bool required,
                             struct ej_error *err);
/* Encode cp into out (at least 4 bytes); returns the length. */
size_t utf8_encode(uint32_t cp, char *out);
#endif
