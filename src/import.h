/* import.h - convert an ifupdown/ifupdown2 interfaces file into earlynet's INI format */
#ifndef EARLYNET_IMPORT_H
#define EARLYNET_IMPORT_H

#include <stdio.h>

struct import_opts {
	/* A 70-persistent-net.rules file (ATTR{address}=="..", NAME=".."),
	 * consulted first for the MACs of [link] sections; NULL for none. */
	const char *udev_rules;
	/* Where sysfs is mounted, to read the MACs of the running NICs
	 * (the CLI passes "/sys" only with --from-system); NULL = do not
	 * look: the file may come from another node. */
	const char *sysfs_root;
	/* Another node's tree (--root DIR): absolute source paths are read
	 * below it. NULL or "" for this machine's. */
	const char *root;
};

/*
 * Convert the interfaces file at path (following its source and
 * source-directory lines, relative ones from the including file's
 * directory) and write the INI text to out. Warnings, each as
 * "FILE:LINE: warning: ...", and errors go to err. o may be NULL (no udev
 * rules, no sysfs).
 *
 * Returns 0 when a configuration was written (possibly with warnings), 1
 * when nothing usable was found (nothing is written to out), or -errno
 * when path or the udev rules file cannot be read (printed on err).
 */
int import_file(const char *path, const struct import_opts *o, FILE *out, FILE *err);

/*
 * The same for text already in memory; name is used in messages. source
 * lines are not followed (kept as comments, with a warning), so this never
 * reads the disk except for o->udev_rules and o->sysfs_root.
 */
int import_string(const char *text, const char *name, const struct import_opts *o,
		  FILE *out, FILE *err);

#endif
