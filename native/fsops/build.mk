# tscompose-fsops: the file operations Node cannot do (mknod, whiteouts,
# xattrs) for the layer applier and the layer tar writer of src/images.
PROGRAMS += $(OUT)/tscompose-fsops
$(OUT)/tscompose-fsops: $(wildcard fsops/*.c fsops/*.h) | $(OUT)
	$(CC) $(CFLAGS) -o $@ $(filter %.c,$^)
