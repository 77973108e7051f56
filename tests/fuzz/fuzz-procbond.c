/* fuzz-procbond.c - libFuzzer target: the /proc/net/bonding parser */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "procbond.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct procbond pb;

	procbond_parse((const char *)data, size, &pb);
	if (pb.n_ports < 0 || pb.n_ports > PROCBOND_MAX_PORTS)
		abort();
	for (int i = 0; i < pb.n_ports; i++)
		if (strlen(pb.port[i].name) >= sizeof(pb.port[i].name) ||
		    pb.port[i].actor_state > 0xff || pb.port[i].partner_state > 0xff)
			abort();
	return 0;
}
