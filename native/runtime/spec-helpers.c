/* Typed access to config.json members, with errors that name the key. */
#include <stdio.h>
#include <stdlib.h>

#include "spec-parse.h"
#include "util.h"

int spec_type_err(struct rt_err *e, const char *path, const char *want, const struct json *v) {
  return rt_errf(e, 0, WHERE ": %s: must be %s, not %s (line %d)", path, want, json_type_name(v->type), v->line);
}

/* An optional string member: *out stays NULL when absent. */
int spec_opt_str(const struct json *obj, const char *key, const char *path, const char **out, struct rt_err *e) {
  const struct json *v = json_get(obj, key);
  if (!v || v->type == JSON_NULL) return 0;
  if (v->type != JSON_STRING) return spec_type_err(e, path, "a string", v);
  *out = v->s;
  return 0;
}

int spec_opt_bool(const struct json *obj, const char *key, const char *path, bool *out, struct rt_err *e) {
  const struct json *v = json_get(obj, key);
  if (!v || v->type == JSON_NULL) return 0;
  if (v->type != JSON_BOOL) return spec_type_err(e, path, "a boolean", v);
  *out = v->b;
  return 0;
}

int spec_to_u32(const struct json *v, const char *path, uint32_t *out, struct rt_err *e) {
  uint64_t n;
  if (v->type != JSON_NUMBER) return spec_type_err(e, path, "a number", v);
  if (json_to_u64(v, &n) < 0 || n > UINT32_MAX)
    return rt_errf(e, 0, WHERE ": %s: %s is not an unsigned 32-bit integer", path, v->s);
  *out = (uint32_t)n;
  return 0;
}

/* An optional array of strings into a NULL-terminated vector. */
int spec_str_array(const struct json *v, const char *path, char ***out, size_t *n, struct rt_err *e) {
  *out = NULL;
  *n = 0;
  if (!v || v->type == JSON_NULL) return 0;
  if (v->type != JSON_ARRAY) return spec_type_err(e, path, "an array of strings", v);
  char **a = xcalloc(v->n + 1, sizeof *a);
  for (size_t i = 0; i < v->n; i++) {
    if (v->items[i]->type != JSON_STRING) {
      char p[256];
      snprintf(p, sizeof p, "%s.%zu", path, i);
      free(a);
      return spec_type_err(e, p, "a string", v->items[i]);
    }
    a[i] = (char *)v->items[i]->s;
  }
  *out = a;
  *n = v->n;
  return 0;
}

