# tscompose-monitor: one small static process per container (and per exec
# session); static so that it maps no shared libraries and stays near 1 MiB RSS.
PROGRAMS += $(OUT)/tscompose-monitor
$(OUT)/tscompose-monitor: $(wildcard monitor/*.c monitor/*.h) | $(OUT)
	$(CC) $(CFLAGS) -Os -static -o $@ $(filter %.c,$^)
