/* state and list. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"

int cmd_state(struct global *g, int argc, char **argv) {
  struct rt_err e = {0};
  const struct opt opts[] = {{NULL, 0, 0, NULL}};
  int idx = 0;
  const char *id;
  struct ctr_state st;
  if (parse_opts(argc, argv, &idx, opts, "state", &e) < 0 || need_id(argc, argv, idx, "state", &id, &e) < 0 ||
      state_load(g->root, id, &st, &e) < 0)
    return report(&e);
  char *json = state_oci_json(&st, state_status(&st), true);
  printf("%s\n", json);
  free(json);
  return 0;
}

int cmd_list(struct global *g, int argc, char **argv) {
  struct rt_err e = {0};
  const char *format = "table";
  bool quiet = false;
  const struct opt opts[] = {{"format", 'f', OPT_STR, &format}, {"quiet", 'q', OPT_BOOL, &quiet}, {NULL, 0, 0, NULL}};
  int idx = 0;
  if (parse_opts(argc, argv, &idx, opts, "list", &e) < 0) return report(&e);
  bool json = strcmp(format, "json") == 0;
  if (!json && strcmp(format, "table") != 0) {
    rt_errf(&e, 0, "list: --format must be table or json");
    return report(&e);
  }
  DIR *d = opendir(g->root);
  struct dirent *de;
  bool first = true;
  if (json) printf("[");
  else if (!quiet) printf("%-20s %-8s %-10s %-40s %-30s %s\n", "ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER");
  while (d && (de = readdir(d))) {
    struct ctr_state st;
    struct rt_err ign = {0};
    if (de->d_name[0] == '.' || strcmp(de->d_name, "seccomp") == 0) continue;
    if (state_load(g->root, de->d_name, &st, &ign) < 0) continue;
    const char *status = state_status(&st);
    bool alive = strcmp(status, "stopped") != 0;
    if (json) {
      char *one = state_oci_json(&st, status, false);
      printf("%s%s", first ? "" : ",", one);
      free(one);
    } else if (quiet) {
      printf("%s\n", st.id);
    } else {
      printf("%-20s %-8d %-10s %-40s %-30s %s\n", st.id, alive ? (int)st.pid : 0, status, st.bundle, st.created, "root");
    }
    first = false;
  }
  if (d) closedir(d);
  if (json) printf("]\n");
  return 0;
}
