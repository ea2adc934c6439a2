/* A tiny JSON writer on stdout for the payload's reports. */
#ifndef PAYLOAD_OUT_H
#define PAYLOAD_OUT_H

#include <stdbool.h>

void out_begin(char open);
void out_end(char close);
void out_key(const char *key);
void out_str(const char *s);
void out_num(long long v);
void out_bool(bool b);
void out_null(void);
/* "key": value pairs. */
void out_kstr(const char *key, const char *s);
void out_knum(const char *key, long long v);
void out_kbool(const char *key, bool b);
/* Reads a whole small file; NULL when it cannot. */
char *slurp(const char *path);

#endif
