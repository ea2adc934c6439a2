/* tscompose-monitor: the per-container monitor (monitor.c) and exec helper (exec.c). */
#include "args.h"
#include "monitor.h"

int main(int argc, char **argv) {
  struct options o;
  if (parse_options(argc, argv, &o) < 0) return 2;
  return o.exec_mode ? exec_main(&o) : monitor_main(&o);
}
