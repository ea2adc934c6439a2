/* A small strict JSON parser (RFC 8259: no comments, no trailing commas, no
 * leading zeros, no control characters in strings, nothing after the value)
 * into a read-only tree, and a serializer for subtrees. Numbers keep their
 * text so 64-bit integers (seccomp argument values) lose no precision. */
#ifndef RT_JSON_H
#define RT_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "util.h"

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json;
struct json_member {
  const char *key;
  struct json *val;
};

struct json {
  enum json_type type;
  int line, col;
  bool b;
  const char *s; /* string value (decoded, NUL-terminated) or number text */
  size_t n;      /* items in an array or members in an object */
  struct json **items;
  struct json_member *members;
};

/* name is used in error messages ("config.json:3:14: ..."). */
struct json *json_parse(const char *buf, size_t len, const char *name, struct rt_err *e);
void json_free(struct json *v);

/* NULL when obj is not an object or has no such key. */
const struct json *json_get(const struct json *obj, const char *key);
const char *json_type_name(enum json_type t);
int json_to_u64(const struct json *v, uint64_t *out);
int json_to_i64(const struct json *v, int64_t *out);
void json_write(struct sbuf *b, const struct json *v);

#endif
