/*
 * noisecal-launch: the small process between the JVM and a verifier.
 *
 *   noisecal-launch REPORT_FILE DEADLINE_MS PROGRAM [ARG...]
 *
 * It starts PROGRAM in a new session (so PROGRAM's pid is also its process group id), makes itself a child
 * subreaper (so every orphaned descendant is re-parented to it instead of init), and then waits for whichever
 * comes first:
 *   - PROGRAM exits: any descendant still alive is killed;
 *   - DEADLINE_MS milliseconds pass since PROGRAM was started (0 means no deadline): the tree is killed;
 *   - the supervisor writes 'M' (memory limit) or 'C' (cancel) to our stdin: the tree is killed;
 *   - our stdin reaches end of file (the JVM is gone, even by SIGKILL): the tree is killed;
 *   - we receive SIGTERM, SIGINT or SIGHUP: the tree is killed.
 * Killing is SIGKILL to PROGRAM's process group plus SIGKILL to every child of ours (orphans re-parented to us,
 * including those that left the group with setsid), repeated until wait reports no children left.
 *
 * Only then does it write REPORT_FILE (key=value lines) with the exit status and the kernel's accounting of the
 * whole finished tree (getrusage(RUSAGE_CHILDREN): every descendant was waited for by its parent or by us).
 * Because this process is tiny, ru_maxrss is not polluted by the JVM's high-water mark, which exec would
 * otherwise carry over into the child.
 *
 * Exit status: 0 when the report was written, 2 for bad usage, 70 when the report could not be written.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

enum kill_reason { KILL_NONE, KILL_DEADLINE, KILL_MEMORY, KILL_CANCEL, KILL_SUPERVISOR_GONE, KILL_SIGNAL };

static const char *const REASON_NAMES[] = { "none", "deadline", "memory", "cancel", "supervisor_gone", "signal" };

static pid_t main_child;
static int main_reaped;
static int main_status;
static long long main_end_ns;
static int signal_fd = -1;
static long strays_killed;

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void drain_signal_fd(int *terminate_requested) {
    struct signalfd_siginfo info;
    while (read(signal_fd, &info, sizeof info) == (ssize_t) sizeof info) {
        if (info.ssi_signo != SIGCHLD && terminate_requested != NULL) {
            *terminate_requested = 1;
        }
    }
}

/* Reaps every dead child without blocking. Returns 1 while children remain, 0 when none are left. */
static int reap_dead_children(void) {
    for (;;) {
        int status;
        pid_t pid = waitpid(-1, &status, WNOHANG);
        if (pid > 0) {
            if (pid == main_child) {
                main_reaped = 1;
                main_status = status;
                if (main_end_ns == 0) {
                    main_end_ns = now_ns();
                }
            }
            continue;
        }
        if (pid == 0) {
            return 1;
        }
        if (errno == EINTR) {
            continue;
        }
        return 0; /* ECHILD */
    }
}

/* SIGKILLs each of our children except `spared`; returns how many were signalled. */
static long kill_our_children(pid_t spared) {
    char path[64];
    snprintf(path, sizeof path, "/proc/self/task/%d/children", (int) getpid());
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return 0;
    }
    char buffer[8192];
    long signalled = 0;
    ssize_t length = read(fd, buffer, sizeof buffer - 1);
    close(fd);
    if (length <= 0) {
        return 0;
    }
    buffer[length] = '\0';
    char *cursor = buffer;
    while (*cursor != '\0') {
        char *end;
        long pid = strtol(cursor, &end, 10);
        if (end == cursor) {
            break;
        }
        if (pid > 0 && pid != spared && kill((pid_t) pid, SIGKILL) == 0) {
            signalled++;
        }
        cursor = end;
    }
    return signalled;
}

/*
 * Kills everything below us. The group kill reaches PROGRAM and every descendant that stayed in its group; the
 * children scan reaches orphans re-parented to us, including those that left the group. A descendant whose parent
 * is still alive is reached once that parent dies and it is re-parented to us, hence the loop.
 * The group kill is only sent while PROGRAM is unreaped: its zombie keeps the group id from being reused.
 */
static void kill_tree(void) {
    for (;;) {
        if (!main_reaped) {
            kill(-main_child, SIGKILL);
        }
        kill_our_children(0);
        if (!reap_dead_children()) {
            return;
        }
        struct pollfd wait_for_child = { .fd = signal_fd, .events = POLLIN };
        poll(&wait_for_child, 1, 5);
        drain_signal_fd(NULL);
    }
}

/* True when PROGRAM has exited; it is left unreaped so that its group id stays reserved. */
static int main_child_exited(void) {
    siginfo_t info;
    memset(&info, 0, sizeof info);
    if (waitid(P_PID, (id_t) main_child, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == main_child) {
        if (main_end_ns == 0) {
            main_end_ns = now_ns();
        }
        return 1;
    }
    return 0;
}

/* Reaps dead children other than PROGRAM (orphans re-parented to us), so they do not linger as zombies. */
static void reap_other_dead_children(void) {
    for (;;) {
        siginfo_t info;
        memset(&info, 0, sizeof info);
        if (waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) != 0 || info.si_pid == 0) {
            return;
        }
        if (info.si_pid == main_child) {
            return; /* leave PROGRAM for the caller; other zombies are collected on a later pass */
        }
        waitpid(info.si_pid, NULL, 0);
    }
}

static int write_report(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        return -1;
    }
    size_t length = strlen(text);
    size_t written = 0;
    while (written < length) {
        ssize_t n = write(fd, text + written, length - written);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            close(fd);
            return -1;
        }
        written += (size_t) n;
    }
    return close(fd);
}

static long long micros(struct timeval tv) {
    return (long long) tv.tv_sec * 1000000LL + tv.tv_usec;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: noisecal-launch REPORT_FILE DEADLINE_MS PROGRAM [ARG...]\n");
        return 2;
    }
    const char *report_path = argv[1];
    char *deadline_end;
    long long deadline_ms = strtoll(argv[2], &deadline_end, 10);
    if (*argv[2] == '\0' || *deadline_end != '\0' || deadline_ms < 0) {
        fprintf(stderr, "noisecal-launch: DEADLINE_MS must be a non-negative whole number, got '%s'\n", argv[2]);
        return 2;
    }

    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);

    sigset_t handled;
    sigemptyset(&handled);
    sigaddset(&handled, SIGCHLD);
    sigaddset(&handled, SIGTERM);
    sigaddset(&handled, SIGINT);
    sigaddset(&handled, SIGHUP);
    sigprocmask(SIG_BLOCK, &handled, NULL);
    signal_fd = signalfd(-1, &handled, SFD_NONBLOCK | SFD_CLOEXEC);
    signal(SIGPIPE, SIG_IGN);

    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t empty;
    sigemptyset(&empty);
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    posix_spawnattr_setsigmask(&attributes, &empty);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);

    char report[1024];
    long long start_ns = now_ns();
    int spawn_error = posix_spawn(&main_child, argv[3], &actions, &attributes, &argv[3], environ);
    if (spawn_error != 0) {
        snprintf(report, sizeof report, "status=spawn_failed\nerrno=%d\nerror=%s\n", spawn_error,
                 strerror(spawn_error));
        return write_report(report_path, report) == 0 ? 0 : 70;
    }

    enum kill_reason reason = KILL_NONE;
    long long deadline_ns = deadline_ms > 0 ? start_ns + deadline_ms * 1000000LL : 0;
    long long kill_start_ns = 0;
    while (reason == KILL_NONE) {
        if (main_child_exited()) {
            break;
        }
        int timeout_ms = -1;
        if (deadline_ns != 0) {
            long long remaining = deadline_ns - now_ns();
            if (remaining <= 0) {
                reason = KILL_DEADLINE;
                break;
            }
            /* round up so we never wake just before the deadline and spin */
            timeout_ms = (int) ((remaining + 999999LL) / 1000000LL);
        }
        struct pollfd watched[2] = {
            { .fd = signal_fd, .events = POLLIN },
            { .fd = STDIN_FILENO, .events = POLLIN },
        };
        int ready = poll(watched, 2, timeout_ms);
        if (ready < 0 && errno != EINTR) {
            reason = KILL_SUPERVISOR_GONE;
            break;
        }
        if (watched[0].revents & POLLIN) {
            int terminate = 0;
            drain_signal_fd(&terminate);
            if (terminate) {
                reason = KILL_SIGNAL;
                break;
            }
            reap_other_dead_children();
        }
        if (watched[1].revents & (POLLIN | POLLHUP | POLLERR)) {
            char command[64];
            ssize_t n = read(STDIN_FILENO, command, sizeof command);
            if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) {
                reason = KILL_SUPERVISOR_GONE;
            }
            for (ssize_t i = 0; i < n && reason == KILL_NONE; i++) {
                if (command[i] == 'M') {
                    reason = KILL_MEMORY;
                } else if (command[i] == 'C') {
                    reason = KILL_CANCEL;
                }
            }
        }
    }
    if (reason != KILL_NONE) {
        kill_start_ns = now_ns();
        kill_tree();
    } else {
        /* PROGRAM exited on its own; whatever it left running is killed, and its orphans are counted. */
        strays_killed = kill_our_children(main_child);
        kill_tree();
    }
    long long tree_gone_ns = now_ns();

    struct rusage usage;
    getrusage(RUSAGE_CHILDREN, &usage);
    const char *status_kind = WIFSIGNALED(main_status) ? "signalled" : "exited";
    int status_value = WIFSIGNALED(main_status) ? WTERMSIG(main_status) : WEXITSTATUS(main_status);
    snprintf(report, sizeof report,
             "status=%s\nvalue=%d\nkilled=%s\nwall_us=%lld\nkill_us=%lld\nuser_us=%lld\nsystem_us=%lld\n"
             "maxrss_kb=%ld\nstrays=%ld\nchild_pid=%d\n",
             status_kind, status_value, REASON_NAMES[reason], (main_end_ns - start_ns) / 1000LL,
             kill_start_ns == 0 ? 0LL : (tree_gone_ns - kill_start_ns) / 1000LL, micros(usage.ru_utime),
             micros(usage.ru_stime), usage.ru_maxrss, strays_killed, (int) main_child);
    return write_report(report_path, report) == 0 ? 0 : 70;
}
