/* hooks.h - run the executables in HOOKS_DIR/EVENT.d after a run */
#ifndef EARLYNET_HOOKS_H
#define EARLYNET_HOOKS_H

#define HOOKS_DIR             "/etc/earlynet/hooks"
#define HOOKS_TIMEOUT_DEFAULT 30        /* seconds, per hook */

/*
 * Run the hooks of event ("up", "fallback", "failed") in hooks_dir/EVENT.d/,
 * in name order. Skipped quietly: dotfiles, backup files (*~, *.dpkg-old,
 * *.dpkg-new, *.dpkg-dist, *.dpkg-tmp, *.rpmsave, *.rpmnew, *.bak, *.swp),
 * regular files without an execute bit. hooks_dir, EVENT.d and each hook
 * pass the trust rule (trust.h): root's, writable by nobody else, no
 * symbolic link anywhere from / down, checked on the descriptors that are
 * then used: EVENT.d is listed through its descriptor and each hook is run
 * with fexecve on the descriptor that was checked, never by path again. A
 * hook that is a symbolic link is refused: its target could be anything.
 * Each hook gets argv (path, event), stdin from /dev/null, stdout and
 * stderr inherited, its own file on fd 3 (a script's interpreter reads it
 * through /dev/fd/3) and only EARLYNET_RESULT, EARLYNET_CONFIG,
 * EARLYNET_STATE, EARLYNET_EVENT and PATH in its environment, in a process
 * group of its own that is killed when it runs longer than timeout_s
 * (<= 0: no limit). A failing or killed hook is logged and ignored.
 *
 * Returns how many hooks ran (whatever their outcome); 0 when the directory
 * does not exist; -errno when it cannot be read or is refused.
 */
int hooks_run(const char *hooks_dir, const char *event, const char *result,
	      const char *config_path, const char *state_path, int timeout_s);

#endif
