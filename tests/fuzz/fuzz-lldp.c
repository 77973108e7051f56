/* fuzz-lldp.c - libFuzzer target: the LLDPDU parser, on frames from the wire */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lldp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lldp_neighbour n;
	char text[96];

	if (lldp_parse(data, size, &n) < 0)
		return 0;
	lldp_format(&n, text, sizeof(text));
	/* printable text only: it goes to a console and into JSON */
	for (const char *p = text; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			abort();
	return 0;
}
