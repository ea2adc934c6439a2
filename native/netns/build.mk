# tscompose-netns: a small resident helper the network driver talks to over a
# pipe. It creates and removes persistent network namespaces (bind mounts of
# nsfs files) and runs netlink batches *inside* a namespace, which Node cannot
# do from its own multi-threaded process (setns would move one libuv thread).
PROGRAMS += $(OUT)/tscompose-netns
$(OUT)/tscompose-netns: $(wildcard netns/*.c netns/*.h) | $(OUT)
	$(CC) $(CFLAGS) -static -o $@ $(filter %.c,$^)
