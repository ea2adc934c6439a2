/* What the hostcalls addon's files share (addon.c and the *-async.c calls). */
#ifndef TSCOMPOSE_HOSTCALLS_H
#define TSCOMPOSE_HOSTCALLS_H
#include <node_api.h>

/* argv[i] as a malloc'd string; NULL (with a JS exception pending) when it is not one. */
char *string_arg (napi_env env, napi_value v);
/* An Error "WHAT PATH: strerror" with errno and code; NULL (an exception pending) when it cannot be made. */
napi_value errno_error (napi_env env, const char *what, const char *path, int err);
napi_value do_umount2_async (napi_env env, napi_callback_info info);
napi_value do_remove_tree_async (napi_env env, napi_callback_info info);
napi_value do_netlink_async (napi_env env, napi_callback_info info);
napi_value do_release_file_pages_async (napi_env env, napi_callback_info info);

#endif
