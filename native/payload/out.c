#include "out.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static bool need_comma;

static void sep(void) {
  if (need_comma) putchar(',');
  need_comma = false;
}

void out_begin(char open) {
  sep();
  putchar(open);
}

void out_end(char close) {
  putchar(close);
  need_comma = true;
}

void out_key(const char *key) {
  out_str(key);
  putchar(':');
  need_comma = false;
}

void out_str(const char *s) {
  sep();
  putchar('"');
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\') printf("\\%c", *p);
    else if (*p < 0x20) printf("\\u%04x", *p);
    else putchar(*p);
  }
  putchar('"');
  need_comma = true;
}

void out_num(long long v) {
  sep();
  printf("%lld", v);
  need_comma = true;
}

void out_bool(bool b) {
  sep();
  fputs(b ? "true" : "false", stdout);
  need_comma = true;
}

void out_null(void) {
  sep();
  fputs("null", stdout);
  need_comma = true;
}

void out_kstr(const char *key, const char *s) {
  out_key(key);
  if (s) out_str(s);
  else out_null();
}

void out_knum(const char *key, long long v) {
  out_key(key);
  out_num(v);
}

void out_kbool(const char *key, bool b) {
  out_key(key);
  out_bool(b);
}

char *slurp(const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return NULL;
  size_t cap = 4096, len = 0;
  char *buf = malloc(cap);
  for (;;) {
    if (len + 1 >= cap) buf = realloc(buf, cap *= 2);
    ssize_t n = read(fd, buf + len, cap - len - 1);
    if (n <= 0) break;
    len += (size_t)n;
  }
  close(fd);
  buf[len] = '\0';
  return buf;
}
