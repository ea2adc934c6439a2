#ifndef TSCM_MONITOR_H
#define TSCM_MONITOR_H
#include "args.h"
int monitor_main(const struct options *o);
int exec_main(const struct options *o);
#endif
