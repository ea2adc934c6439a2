/* tscompose-runtime-test: the runtime's own modules behind a small command
 * line, so unit tests (no root) can drive them against a fake cgroupfs in a
 * temp dir and check the parser, the hash and the conversions.
 *
 *   cgroup MODE-ROOT CGPATH ID [RESOURCES.json]   create (and apply), print the record
 *   cgroup-destroy ROOT CGPATH ID
 *   json FILE                                      parse strictly, print it back
 *   sha256 FILE
 *   shares-to-weight N
 *   signal NAME
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../runtime/cgroup.h"
#include "../runtime/json.h"
#include "../runtime/log.h"
#include "../runtime/sha256.h"
#include "../runtime/spec.h"

static int fail(struct rt_err *e) {
  fprintf(stderr, "error: %s\n", e->msg);
  return 1;
}

static struct json *load_json(const char *file, struct rt_err *e) {
  char *buf;
  size_t len;
  if (read_file(file, &buf, &len, e) < 0) return NULL;
  struct json *v = json_parse(buf, len, file, e);
  free(buf);
  return v;
}

static int cmd_cgroup(int argc, char **argv, bool destroy) {
  struct rt_err e = {0};
  struct cgroup cg;
  if (argc < 4) return 2;
  setenv("TSCOMPOSE_CGROUP_ROOT", argv[1], 1);
  const char *path = *argv[2] ? argv[2] : NULL;
  if (destroy) {
    if (cgroup_resolve(&cg, path, argv[3], &e) < 0 || cgroup_destroy(&cg, &e) < 0) return fail(&e);
    return 0;
  }
  if (cgroup_create(&cg, path, argv[3], &e) < 0) return fail(&e);
  if (argc > 4) {
    struct json *r = load_json(argv[4], &e);
    struct cg_resources res;
    if (!r || cg_resources_parse(r, argv[4], &res, &e) < 0 || cgroup_apply(&cg, &res, &e) < 0) return fail(&e);
  }
  struct sbuf b = {0};
  cgroup_to_json(&cg, &b);
  printf("%s\n", b.p);
  return 0;
}

int main(int argc, char **argv) {
  struct rt_err e = {0};
  if (argc < 2) return 2;
  log_setup(NULL, false, false);
  const char *cmd = argv[1];
  if (strcmp(cmd, "cgroup") == 0) return cmd_cgroup(argc - 1, argv + 1, false);
  if (strcmp(cmd, "cgroup-destroy") == 0) return cmd_cgroup(argc - 1, argv + 1, true);
  if (strcmp(cmd, "json") == 0 && argc > 2) {
    struct json *v = load_json(argv[2], &e);
    if (!v) return fail(&e);
    struct sbuf b = {0};
    json_write(&b, v);
    printf("%s\n", b.p);
    return 0;
  }
  if (strcmp(cmd, "sha256") == 0 && argc > 2) {
    char *buf, hex[65];
    size_t len;
    if (read_file(argv[2], &buf, &len, &e) < 0) return fail(&e);
    sha256_hex(buf, len, hex);
    printf("%s\n", hex);
    return 0;
  }
  if (strcmp(cmd, "shares-to-weight") == 0 && argc > 2) {
    printf("%llu\n", (unsigned long long)cgroup_shares_to_weight(strtoull(argv[2], NULL, 10)));
    return 0;
  }
  if (strcmp(cmd, "signal") == 0 && argc > 2) {
    printf("%d\n", signal_from_name(argv[2]));
    return 0;
  }
  return 2;
}
