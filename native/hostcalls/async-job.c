/* new_job and queue_job: the N-API plumbing of the addon's thread-pool calls. */
#include <errno.h>
#include <stdlib.h>
#include <node_api.h>
#include "async-job.h"
#include "hostcalls.h"

static void run (napi_env env, void *data)
{
  struct async_job *j = data;
  (void) env;
  j->execute (j);
}

/* The resolved value, or NULL with the exception the result hook raised in *error. */
static napi_value resolved (napi_env env, struct async_job *j, napi_value *error)
{
  napi_value v = NULL;
  *error = NULL;
  if (j->result == NULL)
    {
      napi_get_undefined (env, &v);
      return v;
    }
  v = j->result (env, j);
  if (v == NULL)
    napi_get_and_clear_last_exception (env, error);
  return v;
}

static void settle (napi_env env, napi_status status, void *data)
{
  struct async_job *j = data;
  napi_value v = NULL, error = NULL;
  if (status == napi_ok && j->err == 0)
    v = resolved (env, j, &error);
  else
    {
      error = errno_error (env, j->what, j->err_path, status == napi_ok ? j->err : ECANCELED);
      if (error == NULL)
        napi_get_and_clear_last_exception (env, &error);
    }
  if (v != NULL)
    napi_resolve_deferred (env, j->deferred, v);
  else
    napi_reject_deferred (env, j->deferred, error);
  napi_delete_async_work (env, j->work);
  j->release (j);
}

void *new_job (napi_env env, napi_callback_info info, size_t want, napi_value *argv, size_t size)
{
  size_t argc = want;
  void *j;
  if (napi_get_cb_info (env, info, &argc, argv, NULL, NULL) != napi_ok || argc != want)
    {
      napi_throw_type_error (env, NULL, "wrong number of arguments");
      return NULL;
    }
  j = calloc (1, size);
  if (j == NULL)
    napi_throw_error (env, NULL, "calloc");
  return j;
}

napi_value queue_job (napi_env env, struct async_job *j)
{
  napi_value promise, name;
  if (napi_create_string_utf8 (env, j->what, NAPI_AUTO_LENGTH, &name) != napi_ok
      || napi_create_async_work (env, NULL, name, run, settle, j, &j->work) != napi_ok)
    {
      j->release (j);
      napi_throw_error (env, NULL, "could not create the thread-pool work");
      return NULL;
    }
  if (napi_create_promise (env, &j->deferred, &promise) != napi_ok || napi_queue_async_work (env, j->work) != napi_ok)
    {
      /* Queued never: nothing will settle the promise, so it is not handed out. */
      napi_delete_async_work (env, j->work);
      j->release (j);
      napi_throw_error (env, NULL, "could not queue the thread-pool work");
      return NULL;
    }
  return promise;
}
