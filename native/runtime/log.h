/* Where the runtime's messages go. Errors and warnings are printed on stderr
 * and, with the global --log FILE, appended there too, as runc does, in
 * logrus' text format or, with --log-format json, one JSON object per line
 * ({"level":"error","msg":"...","time":"..."}) which podman and conmon read.
 * Inside the container process before exec, messages are forwarded to the
 * runtime parent instead (log_set_forward), so they never reach the
 * container's own stderr. */
#ifndef RT_LOG_H
#define RT_LOG_H

#include <stdbool.h>

void log_setup(const char *path, bool json, bool debug);
bool log_debug_enabled(void);
void log_error(const char *msg);
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Emits one message at a level ("error", "warning", "debug") without forwarding. */
void log_emit(const char *level, const char *msg);
void log_set_forward(void (*fn)(const char *level, const char *msg));

#endif
