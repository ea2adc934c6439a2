#include "log.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static const char *log_path;
static bool log_json, log_dbg;
static void (*forward)(const char *level, const char *msg);

void log_setup(const char *path, bool json, bool debug) {
  log_path = path;
  log_json = json;
  log_dbg = debug;
}

bool log_debug_enabled(void) { return log_dbg; }

void log_set_forward(void (*fn)(const char *level, const char *msg)) { forward = fn; }

static void to_file(const char *level, const char *msg) {
  if (!log_path) return;
  int fd = open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return;
  char ts[64];
  struct sbuf b = {0};
  rfc3339_now(ts, sizeof ts);
  if (log_json) {
    sbuf_puts(&b, "{\"level\":");
    sbuf_json_str(&b, level);
    sbuf_puts(&b, ",\"msg\":");
    sbuf_json_str(&b, msg);
    sbuf_puts(&b, ",\"time\":");
    sbuf_json_str(&b, ts);
    sbuf_puts(&b, "}\n");
  } else {
    sbuf_printf(&b, "time=\"%s\" level=%s msg=", ts, level);
    sbuf_json_str(&b, msg);
    sbuf_putc(&b, '\n');
  }
  (void)write_all(fd, b.p, b.len);
  free(b.p);
  close(fd);
}

void log_emit(const char *level, const char *msg) {
  struct sbuf b = {0};
  if (strcmp(level, "error") == 0) sbuf_printf(&b, "tscompose-runtime: %s\n", msg);
  else sbuf_printf(&b, "tscompose-runtime: %s: %s\n", level, msg);
  (void)write_all(2, b.p, b.len);
  free(b.p);
  to_file(level, msg);
}

static void vlog(const char *level, const char *fmt, va_list ap) {
  char msg[4096];
  vsnprintf(msg, sizeof msg, fmt, ap);
  if (forward) forward(level, msg);
  else log_emit(level, msg);
}

void log_error(const char *msg) {
  if (forward) forward("error", msg);
  else log_emit("error", msg);
}

void log_warn(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vlog("warning", fmt, ap);
  va_end(ap);
}

void log_debug(const char *fmt, ...) {
  if (!log_dbg) return;
  va_list ap;
  va_start(ap, fmt);
  vlog("debug", fmt, ap);
  va_end(ap);
}
