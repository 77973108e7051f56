/* fuzz-import.c - libFuzzer target: any interfaces text through import_string */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	char *text;

	/* opened once: a FILE per input would dominate the run */
	if (!null)
		null = fopen("/dev/null", "we");
	if (!null)
		abort();
	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	/* no udev rules, no sysfs: the input alone decides */
	import_string(text, "fuzz", NULL, null, null);
	free(text);
	return 0;
}
