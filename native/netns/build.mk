# tscompose-netns: a small resident helper the network driver talks to over a
# pipe. It creates and removes persistent network namespaces (bind mounts of
# nsfs files) and runs netlink batches *inside* a namespace.
# tscompose-netns.node: the same requests as a Node addon, served on the
# driver's main thread (setns moves only that thread, and only for the
# synchronous call); built when Node's headers are installed (Debian's nodejs
# ships them), otherwise the driver uses the helper.
NETNS_COMMON := $(filter-out netns/main.c netns/addon.c,$(wildcard netns/*.c))
PROGRAMS += $(OUT)/tscompose-netns
$(OUT)/tscompose-netns: $(NETNS_COMMON) netns/main.c $(wildcard netns/*.h) | $(OUT)
	$(CC) $(CFLAGS) -static -o $@ $(filter %.c,$^)

NODE_INCLUDE ?= /usr/include/node
ifneq ($(wildcard $(NODE_INCLUDE)/node_api.h),)
PROGRAMS += $(OUT)/tscompose-netns.node
$(OUT)/tscompose-netns.node: $(NETNS_COMMON) netns/addon.c $(wildcard netns/*.h) | $(OUT)
	$(CC) $(CFLAGS) -fPIC -shared -I$(NODE_INCLUDE) -o $@ $(filter %.c,$^)
endif
