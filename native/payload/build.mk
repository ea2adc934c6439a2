# tscompose-payload: the static entrypoint of runtime test containers.
PROGRAMS += $(OUT)/tscompose-payload
PAYLOAD_SRC := $(sort $(wildcard payload/*.c))
$(OUT)/tscompose-payload: $(PAYLOAD_SRC) $(wildcard payload/*.h) | $(OUT)
	$(CC) $(CFLAGS) -static -o $@ $(PAYLOAD_SRC)
