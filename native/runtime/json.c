#include "json.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSON_MAX_DEPTH 256

struct parser {
  const char *p, *end, *line_start;
  int line;
  const char *name;
  struct rt_err *e;
};

static int fail(struct parser *ps, const char *what) {
  return rt_errf(ps->e, 0, "%s:%d:%d: invalid JSON: %s", ps->name, ps->line, (int)(ps->p - ps->line_start) + 1,
                 what);
}

static void skip_ws(struct parser *ps) {
  while (ps->p < ps->end) {
    char c = *ps->p;
    if (c == '\n') {
      ps->line++;
      ps->line_start = ps->p + 1;
    } else if (c != ' ' && c != '\t' && c != '\r') {
      return;
    }
    ps->p++;
  }
}

static struct json *node(struct parser *ps, enum json_type t) {
  struct json *v = xcalloc(1, sizeof *v);
  v->type = t;
  v->line = ps->line;
  v->col = (int)(ps->p - ps->line_start) + 1;
  return v;
}

static int hex4(struct parser *ps, unsigned *out) {
  if (ps->end - ps->p < 4) return fail(ps, "short \\u escape");
  unsigned v = 0;
  for (int i = 0; i < 4; i++) {
    char c = *ps->p++;
    v <<= 4;
    if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
    else return fail(ps, "bad hex digit in \\u escape");
  }
  *out = v;
  return 0;
}

static void put_utf8(struct sbuf *b, unsigned cp) {
  char u[4];
  if (cp < 0x80) {
    sbuf_putc(b, (char)cp);
  } else if (cp < 0x800) {
    u[0] = (char)(0xC0 | (cp >> 6));
    u[1] = (char)(0x80 | (cp & 0x3F));
    sbuf_putn(b, u, 2);
  } else if (cp < 0x10000) {
    u[0] = (char)(0xE0 | (cp >> 12));
    u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    u[2] = (char)(0x80 | (cp & 0x3F));
    sbuf_putn(b, u, 3);
  } else {
    u[0] = (char)(0xF0 | (cp >> 18));
    u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    u[3] = (char)(0x80 | (cp & 0x3F));
    sbuf_putn(b, u, 4);
  }
}

static int escape(struct parser *ps, struct sbuf *b) {
  char c = *ps->p++;
  switch (c) {
  case '"': sbuf_putc(b, '"'); return 0;
  case '\\': sbuf_putc(b, '\\'); return 0;
  case '/': sbuf_putc(b, '/'); return 0;
  case 'b': sbuf_putc(b, '\b'); return 0;
  case 'f': sbuf_putc(b, '\f'); return 0;
  case 'n': sbuf_putc(b, '\n'); return 0;
  case 'r': sbuf_putc(b, '\r'); return 0;
  case 't': sbuf_putc(b, '\t'); return 0;
  case 'u': break;
  default: ps->p--; return fail(ps, "unknown escape");
  }
  unsigned cp, lo;
  if (hex4(ps, &cp) < 0) return -1;
  if (cp >= 0xD800 && cp <= 0xDBFF) {
    if (ps->end - ps->p < 6 || ps->p[0] != '\\' || ps->p[1] != 'u') return fail(ps, "lone surrogate");
    ps->p += 2;
    if (hex4(ps, &lo) < 0) return -1;
    if (lo < 0xDC00 || lo > 0xDFFF) return fail(ps, "bad surrogate pair");
    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
  } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
    return fail(ps, "lone surrogate");
  }
  if (cp == 0) return fail(ps, "\\u0000 is not allowed in strings");
  put_utf8(b, cp);
  return 0;
}

static char *parse_string_raw(struct parser *ps) {
  struct sbuf b = {0};
  ps->p++; /* opening quote */
  for (;;) {
    if (ps->p >= ps->end) {
      fail(ps, "unterminated string");
      free(b.p);
      return NULL;
    }
    unsigned char c = (unsigned char)*ps->p;
    if (c == '"') {
      ps->p++;
      return sbuf_take(&b);
    }
    if (c < 0x20) {
      fail(ps, "control character in string");
      free(b.p);
      return NULL;
    }
    if (c == '\\') {
      ps->p++;
      if (ps->p >= ps->end) fail(ps, "unterminated string");
      if (ps->p >= ps->end || escape(ps, &b) < 0) {
        free(b.p);
        return NULL;
      }
      continue;
    }
    const char *start = ps->p;
    while (ps->p < ps->end && *ps->p != '"' && *ps->p != '\\' && (unsigned char)*ps->p >= 0x20) ps->p++;
    sbuf_putn(&b, start, (size_t)(ps->p - start));
  }
}

static int digits(struct parser *ps) {
  const char *s = ps->p;
  while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') ps->p++;
  return ps->p > s ? 0 : -1;
}

static struct json *parse_number(struct parser *ps) {
  struct json *v = node(ps, JSON_NUMBER);
  const char *s = ps->p;
  if (*ps->p == '-') ps->p++;
  if (ps->p < ps->end && *ps->p == '0') {
    ps->p++;
    if (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') goto bad;
  } else if (digits(ps) < 0) {
    goto bad;
  }
  if (ps->p < ps->end && *ps->p == '.') {
    ps->p++;
    if (digits(ps) < 0) goto bad;
  }
  if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
    ps->p++;
    if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-')) ps->p++;
    if (digits(ps) < 0) goto bad;
  }
  v->s = xstrndup(s, (size_t)(ps->p - s));
  return v;
bad:
  free(v);
  fail(ps, "malformed number");
  return NULL;
}

static struct json *parse_value(struct parser *ps, int depth);

static struct json *parse_array(struct parser *ps, int depth) {
  struct json *v = node(ps, JSON_ARRAY);
  size_t cap = 0;
  ps->p++;
  skip_ws(ps);
  if (ps->p < ps->end && *ps->p == ']') {
    ps->p++;
    return v;
  }
  for (;;) {
    struct json *item = parse_value(ps, depth + 1);
    if (!item) goto err;
    if (v->n == cap) {
      cap = cap ? cap * 2 : 4;
      v->items = xrealloc(v->items, cap * sizeof *v->items);
    }
    v->items[v->n++] = item;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == ',') {
      ps->p++;
      continue;
    }
    if (ps->p < ps->end && *ps->p == ']') {
      ps->p++;
      return v;
    }
    fail(ps, "expected ',' or ']' in array");
    goto err;
  }
err:
  json_free(v);
  return NULL;
}

static struct json *parse_object(struct parser *ps, int depth) {
  struct json *v = node(ps, JSON_OBJECT);
  size_t cap = 0;
  ps->p++;
  skip_ws(ps);
  if (ps->p < ps->end && *ps->p == '}') {
    ps->p++;
    return v;
  }
  for (;;) {
    skip_ws(ps);
    if (ps->p >= ps->end || *ps->p != '"') {
      fail(ps, "expected a string key");
      goto err;
    }
    char *key = parse_string_raw(ps);
    if (!key) goto err;
    skip_ws(ps);
    if (ps->p >= ps->end || *ps->p != ':') {
      free(key);
      fail(ps, "expected ':' after key");
      goto err;
    }
    ps->p++;
    struct json *val = parse_value(ps, depth + 1);
    if (!val) {
      free(key);
      goto err;
    }
    if (v->n == cap) {
      cap = cap ? cap * 2 : 4;
      v->members = xrealloc(v->members, cap * sizeof *v->members);
    }
    v->members[v->n].key = key;
    v->members[v->n].val = val;
    v->n++;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == ',') {
      ps->p++;
      continue;
    }
    if (ps->p < ps->end && *ps->p == '}') {
      ps->p++;
      return v;
    }
    fail(ps, "expected ',' or '}' in object");
    goto err;
  }
err:
  json_free(v);
  return NULL;
}

static struct json *literal(struct parser *ps, const char *word, enum json_type t, bool b) {
  size_t n = strlen(word);
  if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0) {
    fail(ps, "unexpected character");
    return NULL;
  }
  struct json *v = node(ps, t);
  v->b = b;
  ps->p += n;
  return v;
}

static struct json *parse_value(struct parser *ps, int depth) {
  if (depth > JSON_MAX_DEPTH) {
    fail(ps, "nested too deeply");
    return NULL;
  }
  skip_ws(ps);
  if (ps->p >= ps->end) {
    fail(ps, "unexpected end of input");
    return NULL;
  }
  switch (*ps->p) {
  case '{': return parse_object(ps, depth);
  case '[': return parse_array(ps, depth);
  case '"': {
    struct json *v = node(ps, JSON_STRING);
    v->s = parse_string_raw(ps);
    if (!v->s) {
      free(v);
      return NULL;
    }
    return v;
  }
  case 't': return literal(ps, "true", JSON_BOOL, true);
  case 'f': return literal(ps, "false", JSON_BOOL, false);
  case 'n': return literal(ps, "null", JSON_NULL, false);
  default:
    if (*ps->p == '-' || (*ps->p >= '0' && *ps->p <= '9')) return parse_number(ps);
    fail(ps, "unexpected character");
    return NULL;
  }
}

struct json *json_parse(const char *buf, size_t len, const char *name, struct rt_err *e) {
  struct parser ps = {buf, buf + len, buf, 1, name, e};
  if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
    fail(&ps, "byte order mark");
    return NULL;
  }
  struct json *v = parse_value(&ps, 0);
  if (!v) return NULL;
  skip_ws(&ps);
  if (ps.p != ps.end) {
    fail(&ps, "trailing characters after the value");
    json_free(v);
    return NULL;
  }
  return v;
}
