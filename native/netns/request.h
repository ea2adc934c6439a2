#ifndef TSC_NETNS_REQUEST_H
#define TSC_NETNS_REQUEST_H
#include <stddef.h>

/* Serves one tab-separated request line (modified in place) and writes the
 * reply ("ok" or "err<TAB>errno<TAB>message", no newline) into reply.
 * Returns -1 only when the thread could not return to its starting
 * namespace: nothing may run in it after that. */
int ns_request (char *line, char *reply, size_t size);

#endif
