/* Reading and writing parsed JSON trees. */
#include <string.h>
#include <stdlib.h>

#include "json.h"

void json_free(struct json *v) {
  if (!v) return;
  for (size_t i = 0; v->type == JSON_ARRAY && i < v->n; i++) json_free(v->items[i]);
  for (size_t i = 0; v->type == JSON_OBJECT && i < v->n; i++) {
    free((char *)v->members[i].key);
    json_free(v->members[i].val);
  }
  free(v->items);
  free(v->members);
  free((char *)v->s);
  free(v);
}

const struct json *json_get(const struct json *obj, const char *key) {
  if (!obj || obj->type != JSON_OBJECT) return NULL;
  /* The last duplicate wins, as in Go's encoding/json which produced most configs. */
  for (size_t i = obj->n; i-- > 0;)
    if (strcmp(obj->members[i].key, key) == 0) return obj->members[i].val;
  return NULL;
}

const char *json_type_name(enum json_type t) {
  static const char *names[] = {"null", "boolean", "number", "string", "array", "object"};
  return names[t];
}

int json_to_u64(const struct json *v, uint64_t *out) {
  if (!v || v->type != JSON_NUMBER) return -1;
  return parse_u64(v->s, out);
}

int json_to_i64(const struct json *v, int64_t *out) {
  if (!v || v->type != JSON_NUMBER) return -1;
  return parse_i64(v->s, out);
}

void json_write(struct sbuf *b, const struct json *v) {
  switch (v->type) {
  case JSON_NULL: sbuf_puts(b, "null"); return;
  case JSON_BOOL: sbuf_puts(b, v->b ? "true" : "false"); return;
  case JSON_NUMBER: sbuf_puts(b, v->s); return;
  case JSON_STRING: sbuf_json_str(b, v->s); return;
  case JSON_ARRAY:
    sbuf_putc(b, '[');
    for (size_t i = 0; i < v->n; i++) {
      if (i) sbuf_putc(b, ',');
      json_write(b, v->items[i]);
    }
    sbuf_putc(b, ']');
    return;
  case JSON_OBJECT:
    sbuf_putc(b, '{');
    for (size_t i = 0; i < v->n; i++) {
      if (i) sbuf_putc(b, ',');
      sbuf_json_str(b, v->members[i].key);
      sbuf_putc(b, ':');
      json_write(b, v->members[i].val);
    }
    sbuf_putc(b, '}');
    return;
  }
}
