/*
 * execve(2) for Node: execve(file, argv, env, mask) replaces the process and returns only when the
 * kernel refused, with the errno. It does what Node's own process.execve does in C++ (stdin,
 * stdout and stderr kept open across the exec, then execve) without what process.execve does
 * first in JavaScript: load Node's worker and stream modules to ask whether this is the main
 * thread, on every container start. And it starts the program as exec(1) would: every signal at
 * its default action (Node ignores SIGPIPE and SIGXFSZ for itself, and an ignored signal stays
 * ignored across execve) and the signal mask the caller started uid-entrypoint with, which Node
 * replaced with its own when it started (bin/uid-entrypoint.cjs passes it on).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "napi.h"

static void free_strings(char **list) {
  if (list == NULL) return;
  for (char **p = list; *p != NULL; p++) free(*p);
  free(list);
}

/* A JavaScript array of strings as a NULL-terminated C array, or NULL (see c_string). */
static char **c_strings(napi_env env, napi_value array) {
  unsigned int count;
  if (napi_get_array_length(env, array, &count) != 0) return NULL;
  char **list = calloc((size_t)count + 1, sizeof *list);
  if (list == NULL) return NULL;
  for (unsigned int i = 0; i < count; i++) {
    napi_value item;
    if (napi_get_element(env, array, i, &item) != 0 || (list[i] = c_string(env, item)) == NULL) {
      free_strings(list);
      return NULL;
    }
  }
  return list;
}

/* Clears FD_CLOEXEC on fd (Node sets it on the standard streams), so the new program has it. */
static int keep_across_exec(int fd) {
  int flags = fcntl(fd, F_GETFD);
  if (flags < 0) return errno == EBADF ? 0 : -1; /* closed: nothing to keep */
  return (flags & FD_CLOEXEC) ? fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC) : 0;
}

/*
 * A signal mask as /proc/PID/status spells SigBlk: hexadecimal, bit N-1 for signal N. False when
 * the text is not that.
 */
static int parse_mask(const char *hex, sigset_t *mask) {
  size_t length = strlen(hex);
  if (length == 0 || length > 16) return 0;
  unsigned long long bits = 0;
  for (size_t i = 0; i < length; i++) {
    char c = hex[i];
    int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (digit < 0) return 0;
    bits = bits << 4 | (unsigned long long)digit;
  }
  sigemptyset(mask);
  for (int signal = 1; signal <= 64; signal++) {
    if (bits >> (signal - 1) & 1) sigaddset(mask, signal);
  }
  return 1;
}

/*
 * Every signal to its default action and the mask to `mask`, keeping what was there in `saved` and
 * `saved_mask` for undo_signals. Signals stay blocked meanwhile, so that none arrives half-way.
 */
static void default_signals(const sigset_t *mask, struct sigaction saved[NSIG], sigset_t *saved_mask) {
  sigset_t all;
  sigfillset(&all);
  sigprocmask(SIG_SETMASK, &all, saved_mask);
  struct sigaction dfl;
  memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  /* SIGKILL and SIGSTOP cannot be changed, and the C library keeps a few real-time signals for itself (EINVAL). */
  for (int signal = 1; signal < NSIG; signal++) {
    if (sigaction(signal, &dfl, &saved[signal]) != 0) saved[signal].sa_handler = SIG_ERR;
  }
  sigprocmask(SIG_SETMASK, mask, NULL);
}

/* After a refused exec: Node's own signal handling back, as it was. */
static void undo_signals(struct sigaction saved[NSIG], const sigset_t *saved_mask) {
  sigset_t all;
  sigfillset(&all);
  sigprocmask(SIG_SETMASK, &all, NULL);
  for (int signal = 1; signal < NSIG; signal++) {
    if (saved[signal].sa_handler != SIG_ERR) sigaction(signal, &saved[signal], NULL);
  }
  sigprocmask(SIG_SETMASK, saved_mask, NULL);
}

/*
 * execve(file: string, argv: string[], env: string[], mask?: string): number, the errno, when it
 * returns at all. `mask` is the caller's signal mask (SigBlk's hexadecimal); without one, none is
 * blocked, as a container runtime and tini start their child.
 */
napi_value execve_js(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value args[4];
  int error = EINVAL;
  char *file = NULL;
  char **argv = NULL;
  char **envp = NULL;
  char *mask_text = NULL;
  sigset_t mask;
  sigemptyset(&mask);
  if (napi_get_cb_info(env, info, &argc, args, NULL, NULL) == 0 && (argc == 3 || argc == 4) &&
      (file = c_string(env, args[0])) != NULL && (argv = c_strings(env, args[1])) != NULL &&
      (envp = c_strings(env, args[2])) != NULL &&
      (argc == 3 || ((mask_text = c_string(env, args[3])) != NULL && parse_mask(mask_text, &mask)))) {
    if (keep_across_exec(0) == 0 && keep_across_exec(1) == 0 && keep_across_exec(2) == 0) {
      static struct sigaction saved[NSIG];
      sigset_t saved_mask;
      default_signals(&mask, saved, &saved_mask);
      execve(file, argv, envp);
      error = errno;
      undo_signals(saved, &saved_mask);
    } else {
      error = errno;
    }
  }
  free(file);
  free_strings(argv);
  free_strings(envp);
  free(mask_text);
  return js_int(env, error);
}
