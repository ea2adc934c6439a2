# tscompose-hostcalls.node: a few system calls (mount, umount2) made in the
# Node process itself, so the engine does not spawn mount(8) and umount(8)
# once per container. Built when Node's headers are installed, like
# tscompose-netns.node; without it the engine runs the programs as before.
NODE_INCLUDE ?= /usr/include/node
ifneq ($(wildcard $(NODE_INCLUDE)/node_api.h),)
PROGRAMS += $(OUT)/tscompose-hostcalls.node
$(OUT)/tscompose-hostcalls.node: $(wildcard hostcalls/*.c hostcalls/*.h) | $(OUT)
	$(CC) $(CFLAGS) -fPIC -shared -I$(NODE_INCLUDE) -o $@ $(filter %.c,$^)
endif
