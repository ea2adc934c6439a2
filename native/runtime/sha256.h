/* SHA-256 (FIPS 180-4), for the seccomp cache key: a collision would load the
 * wrong filter, so the key must be a cryptographic hash of the profile. */
#ifndef RT_SHA256_H
#define RT_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
  uint32_t h[8];
  uint64_t len;
  unsigned char buf[64];
  size_t fill;
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t n);
void sha256_final(struct sha256 *s, unsigned char out[32]);
/* Lowercase hex digest of data, into hex[65]. */
void sha256_hex(const void *data, size_t n, char hex[65]);

#endif
