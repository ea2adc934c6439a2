/* tscompose-netns.node: the helper's requests (request.c) served inside the
 * Node process, on its main thread. setns(CLONE_NEWNET) moves only the
 * calling thread, and the call is synchronous: nothing else runs on the
 * main thread while it is in a container's namespace, and it is back before
 * the call returns. An attach then costs system calls instead of two
 * process wake-ups through a pipe, which on a loaded machine were most of
 * its time.
 *
 *   request(line: string): string   same lines and replies as the helper
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <node_api.h>
#include "error.h"
#include "ns.h"
#include "request.h"

static int initialised;

static napi_value
throw_error (napi_env env, const char *msg)
{
  napi_throw_error (env, "E_NETNS_ADDON", msg);
  return NULL;
}

static napi_value
request (napi_env env, napi_callback_info info)
{
  size_t argc = 1;
  napi_value argv[1], out;
  size_t len = 0;
  char reply[600];
  char *line;

  if (napi_get_cb_info (env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 1)
    return throw_error (env, "request(line) takes one string");
  if (napi_get_value_string_utf8 (env, argv[0], NULL, 0, &len) != napi_ok)
    return throw_error (env, "request(line) takes one string");
  line = malloc (len + 1);
  if (line == NULL)
    return throw_error (env, "malloc");
  napi_get_value_string_utf8 (env, argv[0], line, len + 1, &len);
  if (!initialised)
    {
      struct ns_error err = { 0 };
      if (ns_init (&err) < 0)
        {
          free (line);
          return throw_error (env, err.msg);
        }
      initialised = 1;
    }
  if (ns_request (line, reply, sizeof reply) < 0)
    {
      /* The main thread is in a container's namespace and cannot leave it:
       * every later socket, bind or connect of this process would be wrong. */
      fprintf (stderr, "tscompose-netns.node: %s\n", reply);
      abort ();
    }
  free (line);
  if (napi_create_string_utf8 (env, reply, NAPI_AUTO_LENGTH, &out) != napi_ok)
    return throw_error (env, "could not make the reply string");
  return out;
}

NAPI_MODULE_INIT ()
{
  napi_value fn;
  if (napi_create_function (env, "request", NAPI_AUTO_LENGTH, request, NULL, &fn) != napi_ok
      || napi_set_named_property (env, exports, "request", fn) != napi_ok)
    return NULL;
  return exports;
}
