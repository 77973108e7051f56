/* export.h - the configuration as an ifupdown2 interfaces file and as
 * systemd .link files that pin each NIC's name by MAC */
#ifndef EARLYNET_EXPORT_H
#define EARLYNET_EXPORT_H

#include <stdio.h>
#include "model.h"

/*
 * Write c (validated) as an ifupdown2 /etc/network/interfaces to out:
 * `auto` for everything earlynet brings up, one stanza per interface in
 * file order, every bond and bridge option written out with the value
 * earlynet sets (its defaults included), so that ifupdown2 finds nothing
 * to change. What the format cannot hold ([global] timeouts, fallback,
 * hooks, require_carrier) is said in a comment at the top.
 */
void export_interfaces(const struct config *c, FILE *out);

/* The .link file for the NIC c->ifaces[i] (a [link]): match on its
 * permanent MAC, set its name. */
void export_link_file(const struct config *c, int i, FILE *out);

/* The file name export_link_file's text goes to in a directory:
 * "10-earlynet-NAME.link". buf holds at least EN_NAME_MAX + 20 bytes. */
char *export_link_name(const struct iface *f, char *buf, size_t len);

/*
 * Write one .link file per [link] of c into dir (which must exist), each
 * atomically (a temporary file, then rename). Problems are printed on err
 * naming the file and the system's words. Returns the number of files
 * written, or -errno of the first failure.
 */
int export_links_dir(const struct config *c, const char *dir, FILE *err);

#endif
