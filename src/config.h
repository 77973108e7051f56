/* config.h - parse and validate the INI file into a struct config (no kernel I/O) */
#ifndef EARLYNET_CONFIG_H
#define EARLYNET_CONFIG_H

#include <stdio.h>
#include "model.h"

/*
 * Parse and validate a whole file. Every problem is printed to err as
 * "FILE:LINE: message" (FILE is the name given), all of them, not only the
 * first. Returns the number of problems (0: *out is valid and must be freed
 * with config_free), or -errno when the file cannot be read (printed too).
 * On any non-zero return *out holds nothing that needs freeing.
 */
int config_load_file(const char *path, struct config *out, FILE *err);
int config_load_string(const char *text, const char *name, struct config *out, FILE *err);

/*
 * The same from an open descriptor (read from where it is to its end);
 * path names the file in the messages. The caller opens and checks it
 * (trust_open) and closes it.
 */
int config_load_fd(int fd, const char *path, struct config *out, FILE *err);

/* Names for values, shared by plan/status/import output. */
const char *bond_mode_name(enum bond_mode m);
const char *bond_hash_name(enum bond_hash h);
const char *bond_lacp_rate_name(enum bond_lacp_rate r);
const char *bond_ad_select_name(enum bond_ad_select s);
const char *if_kind_name(enum if_kind k);
/* Does xmit_hash_policy mean anything in this bond mode? (balance-xor,
 * 802.3ad, balance-tlb: elsewhere the kernel keeps but ignores it.) */
bool bond_hash_matters(int mode);

/* Format an address as "IP/PREFIX" (prefix omitted when with_prefix is
 * false) into buf of at least 50 bytes; returns buf. */
char *en_addr_fmt(const struct en_addr *a, bool with_prefix, char *buf);
/* Parse "IP/PREFIX" (need_prefix) or "IP"; 0 or -EINVAL. */
int en_addr_parse(const char *s, bool need_prefix, struct en_addr *out);
/* Parse a MAC "aa:bb:cc:dd:ee:ff"; 0 or -EINVAL. */
int en_mac_parse(const char *s, uint8_t mac[6]);

#endif
