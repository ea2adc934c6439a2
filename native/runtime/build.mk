# tscompose-runtime: the OCI runtime (and, invoked as tscompose-init, the
# containers' PID 1). Linked statically so it can be bind-mounted into any
# image as its init and so no dynamic loader runs on each container start.
PROGRAMS += $(OUT)/tscompose-runtime
RUNTIME_SRC := $(sort $(wildcard runtime/*.c))
RUNTIME_HDR := $(wildcard runtime/*.h)
$(OUT)/tscompose-runtime: $(RUNTIME_SRC) $(RUNTIME_HDR) | $(OUT)
	$(CC) $(CFLAGS) -static -o $@ $(RUNTIME_SRC) -lseccomp -lm
