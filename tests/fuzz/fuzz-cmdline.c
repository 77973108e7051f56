/* fuzz-cmdline.c - libFuzzer target: the kernel command line parser */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cmdline c;
	const char *bad = NULL;
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (cmdline_parse(text, &c, &bad) == -EINVAL && !bad)
		abort(); /* a refusal always says why */
	if (strlen(c.config) >= sizeof(c.config))
		abort();
	free(text);
	return 0;
}
