/* Helpers shared by the config.json readers (spec*.c). */
#ifndef RT_SPEC_PARSE_H
#define RT_SPEC_PARSE_H

#include "spec.h"

#define WHERE "config.json"

int spec_type_err(struct rt_err *e, const char *path, const char *want, const struct json *v);
/* An optional string member: *out stays NULL when absent. */
int spec_opt_str(const struct json *obj, const char *key, const char *path, const char **out, struct rt_err *e);
int spec_opt_bool(const struct json *obj, const char *key, const char *path, bool *out, struct rt_err *e);
int spec_to_u32(const struct json *v, const char *path, uint32_t *out, struct rt_err *e);
/* An optional array of strings into a NULL-terminated vector. */
int spec_str_array(const struct json *v, const char *path, char ***out, size_t *n, struct rt_err *e);
int spec_parse_mounts(const struct json *m, struct spec *s, struct rt_err *e);
int spec_parse_linux(const struct json *l, struct spec *s, struct rt_err *e);

#endif
