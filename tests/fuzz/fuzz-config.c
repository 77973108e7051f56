/* fuzz-config.c - libFuzzer target: the INI parser and the whole-file checks */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	struct config c;
	char *text;

	if (!null)
		null = fopen("/dev/null", "w");
	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (config_load_string(text, "fuzz.ini", &c, null) == 0) {
		bool *need = calloc((size_t)c.n_ifaces + 1, sizeof(*need));

		/* a valid model must survive the walks the planner makes */
		for (int i = 0; i < c.n_ifaces; i++) {
			if (config_find(&c, c.ifaces[i].name) != i)
				abort();
			if (!config_depends_on(&c, i, i))
				abort();
		}
		if (need)
			config_management_closure(&c, need);
		free(need);
		config_free(&c);
	}
	free(text);
	return 0;
}
