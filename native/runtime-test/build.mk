# tscompose-runtime-test: the runtime's modules with a test driver instead of
# main.c, for unit tests without root (fake cgroupfs, parser, hash).
PROGRAMS += $(OUT)/tscompose-runtime-test
RUNTIME_TEST_SRC := $(filter-out runtime/main.c,$(sort $(wildcard runtime/*.c))) runtime-test/main.c
$(OUT)/tscompose-runtime-test: $(RUNTIME_TEST_SRC) $(wildcard runtime/*.h) | $(OUT)
	$(CC) $(CFLAGS) -o $@ $(RUNTIME_TEST_SRC) -lseccomp -lm
