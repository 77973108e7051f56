/* main.c - options, the command table and exit codes */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmdline.h"
#include "config.h"
#include "engine.h"
#include "export.h"
#include "import.h"
#include "log.h"
#include "wait-online.h"
#include "state.h"
#include "trust.h"

#define DEFAULT_CONFIG "/etc/earlynet/earlynet.ini"

struct args {
	const char *config;     /* -c, or NULL */
	int verbosity;
	bool yes, json;
	const char *udev_rules;
	const char *links_dir;  /* export --links DIR */
	const char *timeout;    /* wait-online --timeout S */
	bool bonds;             /* wait-online --bonds */
	const char *cmdline_file; /* --cmdline, or NULL: /proc/cmdline */
	const char *root;       /* import --root DIR */
	bool from_system;       /* import --from-system */
	bool reverter;          /* run as "earlynet-try": try's detached part */
	int argc;               /* operands after the command */
	char **argv;
};

struct command {
	const char *name;
	int (*fn)(struct args *a, const char *config_path, struct cmdline *cl);
	const char *synopsis;
	const char *summary;    /* one line, for the command list */
	const char *help;
};

static const struct command commands[];

/* Load and validate the file, refusing one anybody but root could have
 * written or swapped (trust.h): it is parsed from the descriptor that was
 * checked. Every problem is printed; EXIT_CONFIG when there was any. */
static int load(const char *path, struct config *c)
{
	char msg[TRUST_MSG_MAX];
	int ret, fd = trust_open(path, TRUST_FILE, "config file", msg, sizeof(msg));

	if (fd < 0) {
		fprintf(stderr, "%s\n", msg);
		return EXIT_CONFIG;
	}
	ret = config_load_fd(fd, path, c, stderr);
	close(fd);
	if (ret > 0)
		fprintf(stderr, "earlynet: %s: %d problem%s, nothing was changed\n", path, ret,
		        ret == 1 ? "" : "s");
	return ret ? EXIT_CONFIG : EXIT_OK;
}

static void apply_cmdline(struct config *c, const struct cmdline *cl)
{
	if (cl->carrier_timeout != EN_UNSET)
		c->carrier_timeout = cl->carrier_timeout;
	if (cl->lacp_timeout != EN_UNSET) {
		/* The command line wins over every bond's own lacp_timeout too. */
		c->lacp_timeout = cl->lacp_timeout;
		for (int i = 0; i < c->n_ifaces; i++)
			if (c->ifaces[i].kind == IF_KIND_BOND)
				c->ifaces[i].bond.lacp_timeout = EN_UNSET;
	}
}

/* Load and validate the file, then run fn with it. A command that changes
 * the network (named in changes) is refused while a try is pending: the
 * try's revert would undo it. */
static int with_config(struct args *a, const char *path, struct cmdline *cl,
                       int (*fn)(const struct config *, const struct engine_opts *),
                       const char *changes)
{
	struct config c;
	struct engine_opts o = { .cmdline = cl, .yes = a->yes, .json = a->json };
	int code = load(path, &c);

	if (code)
		return code;
	apply_cmdline(&c, cl);
	code = changes ? engine_try_guard(changes) : EXIT_OK;
	if (code == EXIT_OK)
		code = fn(&c, &o);
	config_free(&c);
	return code;
}

static int cmd_up(struct args *a, const char *path, struct cmdline *cl)
{
	if (cl->off) {
		log_info("earlynet=off on the kernel command line: doing nothing");
		return EXIT_OK;
	}
	return with_config(a, path, cl, engine_up, "up");
}

static int cmd_check(struct args *a, const char *path, struct cmdline *cl)
{
	struct config c;
	int code = load(path, &c);

	(void)cl;
	if (code)
		return code;
	if (a->verbosity >= 0)
		printf("%s: ok, %d interface%s\n", path, c.n_ifaces, c.n_ifaces == 1 ? "" : "s");
	config_free(&c);
	return EXIT_OK;
}

static int cmd_plan(struct args *a, const char *path, struct cmdline *cl)
{
	return with_config(a, path, cl, engine_plan, NULL);
}

static int cmd_down(struct args *a, const char *path, struct cmdline *cl)
{
	return with_config(a, path, cl, engine_down, "down");
}

static int cmd_fallback(struct args *a, const char *path, struct cmdline *cl)
{
	return with_config(a, path, cl, engine_fallback, "fallback");
}

static int cmd_status(struct args *a, const char *path, struct cmdline *cl)
{
	struct engine_opts o = { .cmdline = cl, .json = a->json };

	/* Without a file (none given and none installed) show everything:
	 * this is what an operator types first on a broken node. */
	if (!a->config && access(path, F_OK) < 0 && errno == ENOENT)
		return engine_status(NULL, &o);
	return with_config(a, path, cl, engine_status, NULL);
}

static int cmd_import(struct args *a, const char *path, struct cmdline *cl)
{
	/* MACs come from this machine only when asked: the file is often
	 * another node's, copied off it. */
	struct import_opts o = { .udev_rules = a->udev_rules,
				 .sysfs_root = a->from_system ? "/sys" : NULL, .root = a->root };
	const char *file = a->argc > 0 ? a->argv[0] : "/etc/network/interfaces";
	char *in_root = NULL, *rules = NULL;
	int ret;

	(void)path;
	(void)cl;
	if (a->argc > 1) {
		fprintf(stderr, "earlynet: import takes one FILE\n");
		return EXIT_CONFIG;
	}
	if (a->root && a->from_system) {
		fprintf(stderr, "earlynet: import: --root reads another node's files and "
			"--from-system this machine's NICs; give one of them\n");
		return EXIT_CONFIG;
	}
	if (a->root) {
		if (a->argc == 0) {
			if (asprintf(&in_root, "%s/etc/network/interfaces", a->root) < 0)
				return EXIT_CONFIG;
			file = in_root;
		}
		if (!o.udev_rules &&
		    asprintf(&rules, "%s/etc/udev/rules.d/70-persistent-net.rules", a->root) >= 0 &&
		    access(rules, R_OK) == 0)
			o.udev_rules = rules;
	}
	ret = import_file(file, &o, stdout, stderr);
	free(in_root);
	free(rules);
	return ret == 0 ? EXIT_OK : EXIT_CONFIG;
}

static int cmd_export(struct args *a, const char *path, struct cmdline *cl)
{
	struct config c;
	int code = load(path, &c), n;

	(void)cl;
	if (code)
		return code;
	if (a->links_dir) {
		n = export_links_dir(&c, a->links_dir, stderr);
		if (n < 0) {
			config_free(&c);
			return EXIT_CONFIG;
		}
		if (a->verbosity >= 0)
			fprintf(stderr, "earlynet: %d .link file%s written to %s\n", n,
			        n == 1 ? "" : "s", a->links_dir);
	}
	export_interfaces(&c, stdout);
	config_free(&c);
	return fflush(stdout) ? EXIT_CONFIG : EXIT_OK;
}

static int cmd_wait_online(struct args *a, const char *path, struct cmdline *cl)
{
	struct config c;
	char *end;
	long s = 60;
	int code;

	(void)cl;
	if (a->timeout) {
		errno = 0;
		s = strtol(a->timeout, &end, 10);
		if (errno || end == a->timeout || *end || s < 1 || s > 86400) {
			fprintf(stderr, "earlynet: wait-online: --timeout %s: give whole seconds, "
			        "1 to 86400\n", a->timeout);
			return EXIT_CONFIG;
		}
	}
	code = load(path, &c);
	if (code)
		return code;
	code = wait_online(&c, (int)s, a->bonds);
	config_free(&c);
	return code;
}

/* whole seconds, 1 to 86400, or -1 (said why) */
static long seconds(const char *cmd, const char *text)
{
	char *end;
	long s;

	errno = 0;
	s = strtol(text, &end, 10);
	if (errno || end == text || *end || s < 1 || s > 86400) {
		fprintf(stderr, "earlynet: %s: --timeout %s: give whole seconds, 1 to 86400\n", cmd,
		        text);
		return -1;
	}
	return s;
}

static int cmd_try(struct args *a, const char *path, struct cmdline *cl)
{
	struct config old, new_;
	struct engine_opts o = { .cmdline = cl, .yes = true };
	long s = a->timeout ? seconds("try", a->timeout) : 120;
	char ts[16];
	int code;

	if (s < 0)
		return EXIT_CONFIG;
	if (a->argc != 1) {
		fprintf(stderr, "earlynet: try takes one NEWFILE: earlynet try NEWFILE "
		        "[--timeout S]\n");
		return EXIT_CONFIG;
	}
	/* Both files whole and valid before anything is touched: the old
	 * one is what a revert brings back. */
	if ((code = load(a->argv[0], &new_)))
		return code;
	if ((code = load(path, &old))) {
		fprintf(stderr, "earlynet: try: the installed file %s is what a revert brings back: "
		        "it must be valid (or use `earlynet up` with a file of your choice)\n", path);
		config_free(&new_);
		return code;
	}
	apply_cmdline(&new_, cl);
	apply_cmdline(&old, cl);
	if (a->reverter) {
		code = engine_try_run(&old, &new_, (int)s, a->bonds, &o);
	} else {
		char *argv[16];
		int n = 0;

		snprintf(ts, sizeof(ts), "%ld", s);
		argv[n++] = (char *)"earlynet-try";
		argv[n++] = (char *)"-c";
		argv[n++] = (char *)path;
		argv[n++] = (char *)"--state";
		argv[n++] = (char *)state_path();
		if (a->cmdline_file) {
			argv[n++] = (char *)"--cmdline";
			argv[n++] = (char *)a->cmdline_file;
		}
		if (a->verbosity)
			argv[n++] = (char *)(a->verbosity > 0 ? "-v" : "-q");
		if (a->bonds)
			argv[n++] = (char *)"--bonds";
		argv[n++] = (char *)"--timeout";
		argv[n++] = ts;
		argv[n++] = (char *)"try";
		argv[n++] = a->argv[0];
		argv[n] = NULL;
		code = engine_try(&old, &new_, (int)s, argv);
	}
	config_free(&old);
	config_free(&new_);
	return code;
}

static int cmd_confirm(struct args *a, const char *path, struct cmdline *cl)
{
	(void)a;
	(void)path;
	(void)cl;
	return engine_confirm();
}

static int cmd_version(struct args *a, const char *path, struct cmdline *cl)
{
	(void)a;
	(void)path;
	(void)cl;
	printf("earlynet %s\n", EARLYNET_VERSION);
	return EXIT_OK;
}

static const struct command commands[] = {
	{ "up", cmd_up, "up", "apply the file (the default)",
	  "Apply the file: rename NICs by MAC, set MTU, offloads and rings, bring up\n"
	  "management first, then bonds, bridges, VLANs, addresses and routes; wait\n"
	  "for carrier and LACP; fall back to management only when a bond does not\n"
	  "converge. Exit 0 up, 1 bad file, 2 fallback taken, 3 management failed." },
	{ "check", cmd_check, "check", "validate the file, touch nothing",
	  "Validate the file and print every problem as FILE:LINE: message.\n"
	  "Touches nothing. Exit 0 or 1." },
	{ "plan", cmd_plan, "plan", "print the changes up would make",
	  "Print, in order, the changes `up` would make to this system." },
	{ "status", cmd_status, "status [--json]", "the live tree and the last run",
	  "Show the configured interfaces as they are now, as a tree, and the result\n"
	  "of the last run. Without a file, every link, bond and bridge." },
	{ "down", cmd_down, "down [--yes]", "remove the file's VLANs, bridges, bonds",
	  "Remove the file's VLANs, bridges and bonds; leave the NICs renamed and down." },
	{ "fallback", cmd_fallback, "fallback [--yes]", "management only, now",
	  "Management only, now: remove what management does not need, make sure\n"
	  "management is up. Exit 2 when done." },
	{ "import", cmd_import, "import [FILE] [--udev-rules FILE] [--root DIR|--from-system]",
	  "convert ifupdown interfaces to INI",
	  "Convert an ifupdown/ifupdown2 interfaces file (default\n"
	  "/etc/network/interfaces) to earlynet's format on stdout. MACs come from\n"
	  "--udev-rules FILE; from this machine's /sys only with --from-system.\n"
	  "--root DIR reads another node's tree: DIR/etc/network/interfaces, its\n"
	  "source lines below DIR, DIR/etc/udev/rules.d/70-persistent-net.rules." },
	{ "export", cmd_export, "export [--links DIR]", "the file as ifupdown2 interfaces",
	  "Write the file as an ifupdown2 interfaces file on stdout (every value\n"
	  "earlynet sets, so that ifup/ifreload change nothing). With --links DIR,\n"
	  "also one systemd .link file per NIC into DIR, pinning its name by its\n"
	  "permanent MAC (for /etc/systemd/network). Touches no network." },
	{ "wait-online", cmd_wait_online, "wait-online [--timeout S] [--bonds]",
	  "wait until management answers",
	  "Return when management is up and its IPv4 gateway answers ARP (with\n"
	  "--bonds, also when every 802.3ad bond converged). Changes nothing.\n"
	  "Exit 0 online, 2 when S seconds (default 60) passed first, saying what\n"
	  "is missing." },
	{ "try", cmd_try, "try NEWFILE [--timeout S] [--bonds]",
	  "apply NEWFILE, revert unless confirmed",
	  "Change a live node safely: validate NEWFILE (nothing touched on a problem),\n"
	  "record the live state, apply NEWFILE as up would, probe (management up,\n"
	  "its gateway answers ARP; with --bonds, every 802.3ad bond converged),\n"
	  "then wait up to S seconds (default 120) for\n"
	  "`earlynet confirm` or y on this terminal. A failed probe, or no\n"
	  "confirmation in time, reverts to the recorded state. The waiting and\n"
	  "reverting run detached: killing try or losing the SSH session still\n"
	  "reverts. Confirmed, NEWFILE replaces the file (atomically, root, 0600).\n"
	  "Exit 0 confirmed, 1 bad NEWFILE or a try pending, 2 reverted (management\n"
	  "back), 3 management could not be brought back." },
	{ "confirm", cmd_confirm, "confirm", "keep the change of the pending try",
	  "Confirm the pending try: its NEWFILE is kept and installed. Exit 0, or 1\n"
	  "when none is pending (or it was reverted already)." },
	{ "version", cmd_version, "version", "print the version", "Print the version." },
	{ NULL, NULL, NULL, NULL, NULL },
};

static void usage(FILE *f)
{
	fprintf(f, "usage: earlynet [-c FILE] [-v|-q] [COMMAND] [ARGS]\n\n"
	           "Boot-time early networking: NIC names, management bridge, LACP bonds,\n"
	           "VLANs, with a fallback to management only.\n\ncommands:\n");
	for (const struct command *c = commands; c->name; c++)
		fprintf(f, "  %-36s %s\n", c->synopsis, c->summary);
	fprintf(f, "\noptions:\n"
	           "  -c, --config FILE  the file (default %s)\n"
	           "  -v, --verbose      debug messages\n"
	           "  -q, --quiet        errors and warnings only\n"
	           "  -y, --yes          no confirmation (down, fallback)\n"
	           "  --state FILE       the state file (default %s)\n"
	           "  --cmdline FILE     read FILE instead of /proc/cmdline\n"
	           "  -h, --help         this, or COMMAND --help\n"
	           "\nSee earlynet(8) and earlynet.ini(5).\n", DEFAULT_CONFIG, STATE_PATH);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "yes", no_argument, NULL, 'y' },
		{ "json", no_argument, NULL, 'j' },
		{ "udev-rules", required_argument, NULL, 'u' },
		{ "links", required_argument, NULL, 'L' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "bonds", no_argument, NULL, 'B' },
		{ "state", required_argument, NULL, 'S' },
		{ "cmdline", required_argument, NULL, 'K' },
		{ "root", required_argument, NULL, 'R' },
		{ "from-system", no_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct args a = { 0 };
	const char *base = strrchr(argv[0] ? argv[0] : "", '/');
	struct cmdline cl;
	const struct command *cmd = &commands[0];
	const char *bad = NULL, *path;
	bool help = false, have_cmd = false;
	int opt;

	a.reverter = !strcmp(base ? base + 1 : argv[0] ? argv[0] : "", "earlynet-try");
	/* Options may come before or after the command: "status --json". */
	while ((opt = getopt_long(argc, argv, "c:vqyh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c': a.config = optarg; break;
		case 'v': a.verbosity = 1; break;
		case 'q': a.verbosity = -1; break;
		case 'y': a.yes = true; break;
		case 'j': a.json = true; break;
		case 'u': a.udev_rules = optarg; break;
		case 'L': a.links_dir = optarg; break;
		case 'T': a.timeout = optarg; break;
		case 'B': a.bonds = true; break;
		case 'S': state_set_path(optarg); break;
		case 'K': a.cmdline_file = optarg; break;
		case 'R': a.root = optarg; break;
		case 'F': a.from_system = true; break;
		case 'h': help = true; break;
		default:
			usage(stderr);
			return EXIT_CONFIG;
		}
	}
	if (optind < argc) {
		for (cmd = commands; cmd->name && strcmp(cmd->name, argv[optind]); cmd++)
			;
		if (!cmd->name) {
			fprintf(stderr, "earlynet: unknown command \"%s\"\n", argv[optind]);
			usage(stderr);
			return EXIT_CONFIG;
		}
		optind++;
		have_cmd = true;
	}
	a.argc = argc - optind;
	a.argv = argv + optind;
	if (help) {
		if (have_cmd)
			printf("usage: earlynet [-c FILE] %s\n\n%s\n", cmd->synopsis, cmd->help);
		else
			usage(stdout);
		return EXIT_OK;
	}
	if (a.argc > 0 && cmd->fn != cmd_import && cmd->fn != cmd_try) {
		fprintf(stderr, "earlynet: %s: unexpected \"%s\"\n", cmd->name, a.argv[0]);
		return EXIT_CONFIG;
	}
	if ((a.timeout && cmd->fn != cmd_wait_online && cmd->fn != cmd_try) ||
	    (a.bonds && cmd->fn != cmd_wait_online && cmd->fn != cmd_try)) {
		fprintf(stderr, "earlynet: --timeout and --bonds go with wait-online and try\n");
		return EXIT_CONFIG;
	}
	if (a.links_dir && cmd->fn != cmd_export) {
		fprintf(stderr, "earlynet: --links goes with export\n");
		return EXIT_CONFIG;
	}
	if (a.json && cmd->fn != cmd_status) {
		fprintf(stderr, "earlynet: --json goes with status\n");
		return EXIT_CONFIG;
	}

	if (cmdline_read(a.cmdline_file, &cl, &bad) < 0)
		fprintf(stderr, "earlynet: warning: kernel command line: %s, ignoring it\n", bad);
	if (cl.debug && a.verbosity == 0)
		a.verbosity = 1;
	log_init(a.verbosity, log_want_kmsg());
	path = a.config ? a.config : cl.config[0] ? cl.config : DEFAULT_CONFIG;
	return cmd->fn(&a, path, &cl);
}
