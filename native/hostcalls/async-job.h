/* A system call (or a few) run in libuv's thread pool and settled as a
 * Promise on the main thread: the pattern every *Async call of the addon
 * shares. A job embeds struct async_job first and fills in its hooks. */
#ifndef TSCOMPOSE_ASYNC_JOB_H
#define TSCOMPOSE_ASYNC_JOB_H
#include <node_api.h>

struct async_job
{
  napi_async_work work;
  napi_deferred deferred;
  /* In a pool thread: does the work, sets err (an errno) and err_path on failure. */
  void (*execute) (struct async_job *j);
  /* On the main thread after success: the resolved value (NULL: undefined). */
  napi_value (*result) (napi_env env, struct async_job *j);
  /* Frees the job and what it owns. */
  void (*release) (struct async_job *j);
  const char *what;
  const char *err_path;
  int err;
};

/* The call's `want` arguments into argv and a zeroed job of `size` bytes; NULL with an exception pending. */
void *new_job (napi_env env, napi_callback_info info, size_t want, napi_value *argv, size_t size);

/* Queues j and returns its promise; on failure throws, releases j and returns NULL. */
napi_value queue_job (napi_env env, struct async_job *j);

#endif
