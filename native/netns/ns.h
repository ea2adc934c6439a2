#ifndef TSC_NETNS_NS_H
#define TSC_NETNS_NS_H
#include "error.h"

/* Remembers the calling thread's namespace, so every request can return to it. */
int ns_init (struct ns_error *err);
/* Moves the helper into the namespace bound at path. */
int ns_enter (const char *path, struct ns_error *err);
/* Back to the starting namespace. */
int ns_leave (struct ns_error *err);
/* A fresh namespace, persisted by bind-mounting it onto path (created empty);
 * on success the helper is left inside it so the caller can configure it. */
int ns_create (const char *path, struct ns_error *err);
/* Unmounts and unlinks path; a path that is already gone is success. */
int ns_delete (const char *path, struct ns_error *err);

#endif
