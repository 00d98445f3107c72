/*
 * noisecal-launch: the small process between the JVM and a verifier.
 *
 *   noisecal-launch REPORT_FILE DEADLINE_MS MEMORY_LIMIT_KB PROGRAM [ARG...]
 *
 * It starts PROGRAM in a new process group (PROGRAM's pid is its group id), makes itself a child subreaper (so
 * every orphaned descendant is re-parented to it instead of init), and then waits for whichever comes first:
 *   - PROGRAM exits: any descendant still alive is killed;
 *   - DEADLINE_MS milliseconds pass since PROGRAM was started (0: no deadline): the tree is killed;
 *   - the summed resident memory of the tree, sampled every SAMPLE_PERIOD_MS, exceeds MEMORY_LIMIT_KB (0: no
 *     limit): the tree is killed;
 *   - the supervisor writes 'C' (cancel) to our stdin, or our stdin reaches end of file (the JVM is gone, even by
 *     SIGKILL): the tree is killed;
 *   - we receive SIGTERM, SIGINT or SIGHUP: the tree is killed.
 * Killing is SIGKILL to PROGRAM's process group plus SIGKILL to every child of ours (orphans re-parented to us,
 * including those that left the group with setsid), repeated until wait reports no children left. There is no
 * SIGTERM grace period: Lean has no SIGTERM handler, so SIGTERM would end it just as abruptly, only later.
 *
 * Only then does it write REPORT_FILE (key=value lines) with the exit status, the sampled memory, and the
 * kernel's accounting of the whole finished tree (getrusage(RUSAGE_CHILDREN): every descendant was waited for by
 * its parent or by us). Because this process is tiny, ru_maxrss is not polluted by the JVM's high-water mark,
 * which exec would otherwise carry over into the child.
 *
 * Sampling happens here rather than in the JVM because a wake-up of this process costs a fraction of a JVM
 * thread's, and because the limit is then enforced even while the JVM is paused.
 *
 * Exit status: 0 when the report was written, 2 for bad usage, 70 when the report could not be written.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
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

/*
 * Runs shorter than the first sample are not sampled at all (their peak still comes from the kernel); later
 * samples come at a rate whose cost stays far below 1% of a core.
 */
#define FIRST_SAMPLE_MS 20
#define SAMPLE_PERIOD_MS 50
/* Children are read from every thread of each process on this many-th sample, from the main thread always. */
#define FULL_SCAN_EVERY 20
#define MAX_TREE 4096

static pid_t main_child;
static int main_reaped;
static int main_status;
static long long main_end_ns;
static int signal_fd = -1;
static long strays_killed;
static long samples_taken;
static long long sampled_peak_kb = -1;
static long long last_sample_kb = -1;

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Reads a small /proc file into buffer (NUL-terminated); returns its length, or -1. */
static ssize_t read_small_file(const char *path, char *buffer, size_t size) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return -1;
    }
    ssize_t n = pread(fd, buffer, size - 1, 0);
    close(fd);
    buffer[n > 0 ? n : 0] = '\0';
    return n;
}

/* Re-reads an open /proc file from its start; returns its length, or -1 once its process is gone. */
static ssize_t reread(int fd, char *buffer, size_t size) {
    ssize_t n = fd < 0 ? -1 : pread(fd, buffer, size - 1, 0);
    buffer[n > 0 ? n : 0] = '\0';
    return n;
}

/* Appends the pids listed in a children file's text to tree[], skipping ones already there. */
static void add_pids(const char *text, pid_t *tree, int *count) {
    const char *cursor = text;
    while (*cursor != '\0' && *count < MAX_TREE) {
        char *end;
        long pid = strtol(cursor, &end, 10);
        if (end == cursor) {
            break;
        }
        int known = 0;
        for (int i = 0; i < *count && !known; i++) {
            known = tree[i] == (pid_t) pid;
        }
        if (!known && pid > 0) {
            tree[(*count)++] = (pid_t) pid;
        }
        cursor = end;
    }
}

static void add_children(const char *path, pid_t *tree, int *count) {
    char buffer[8192];
    if (read_small_file(path, buffer, sizeof buffer) > 0) {
        add_pids(buffer, tree, count);
    }
}

/*
 * A process of the tree with its statm and main-thread children files kept open between samples: a sample then
 * costs one pread per file instead of open, read and close. A descriptor of an exited process reads nothing, so a
 * recycled pid is never mistaken for the old process.
 */
struct tracked {
    pid_t pid;
    int statm;
    int children;
    int in_tree;
};

static struct tracked tracked[MAX_TREE];
static int tracked_count;
static int own_children_fd = -1;
static long page_kb = 4;

static struct tracked *track(pid_t pid) {
    for (int i = 0; i < tracked_count; i++) {
        if (tracked[i].pid == pid) {
            return &tracked[i];
        }
    }
    if (tracked_count == MAX_TREE) {
        return NULL;
    }
    char path[64];
    struct tracked *entry = &tracked[tracked_count++];
    entry->pid = pid;
    snprintf(path, sizeof path, "/proc/%d/statm", (int) pid);
    entry->statm = open(path, O_RDONLY | O_CLOEXEC);
    snprintf(path, sizeof path, "/proc/%d/task/%d/children", (int) pid, (int) pid);
    entry->children = open(path, O_RDONLY | O_CLOEXEC);
    return entry;
}

/* Closes the files of processes that have left the tree. */
static void forget_departed(void) {
    int kept = 0;
    for (int i = 0; i < tracked_count; i++) {
        if (tracked[i].in_tree) {
            tracked[kept++] = tracked[i];
        } else {
            if (tracked[i].statm >= 0) close(tracked[i].statm);
            if (tracked[i].children >= 0) close(tracked[i].children);
        }
    }
    tracked_count = kept;
}

/* Sums the resident memory of every descendant in KiB; returns -1 when none is alive. */
static long long sample_tree(int all_threads) {
    static pid_t tree[MAX_TREE];
    char buffer[8192];
    char path[96];
    int count = 0;
    if (own_children_fd < 0) {
        snprintf(path, sizeof path, "/proc/self/task/%d/children", (int) getpid());
        own_children_fd = open(path, O_RDONLY | O_CLOEXEC);
    }
    if (reread(own_children_fd, buffer, sizeof buffer) > 0) {
        add_pids(buffer, tree, &count);
    }
    for (int i = 0; i < tracked_count; i++) {
        tracked[i].in_tree = 0;
    }
    long long total = 0;
    int alive = 0;
    for (int i = 0; i < count; i++) {
        struct tracked *process = track(tree[i]);
        if (process == NULL) {
            continue;
        }
        process->in_tree = 1;
        /* statm: size resident shared ...; a zombie's resident is 0 */
        if (reread(process->statm, buffer, sizeof buffer) > 0) {
            long long resident = 0;
            if (sscanf(buffer, "%*d %lld", &resident) == 1 && resident > 0) {
                total += resident * page_kb;
                alive = 1;
            }
        }
        if (!all_threads) {
            if (reread(process->children, buffer, sizeof buffer) > 0) {
                add_pids(buffer, tree, &count);
            }
            continue;
        }
        /* a multi-threaded verifier may start processes from any of its threads */
        snprintf(path, sizeof path, "/proc/%d/task", (int) tree[i]);
        DIR *tasks = opendir(path);
        if (tasks == NULL) {
            continue;
        }
        for (struct dirent *task = readdir(tasks); task != NULL; task = readdir(tasks)) {
            if (task->d_name[0] != '.') {
                snprintf(path, sizeof path, "/proc/%d/task/%.16s/children", (int) tree[i], task->d_name);
                add_children(path, tree, &count);
            }
        }
        closedir(tasks);
    }
    forget_departed();
    return alive ? total : -1;
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
    static pid_t children[MAX_TREE];
    int count = 0;
    char path[64];
    snprintf(path, sizeof path, "/proc/self/task/%d/children", (int) getpid());
    add_children(path, children, &count);
    long signalled = 0;
    for (int i = 0; i < count; i++) {
        if (children[i] != spared && kill(children[i], SIGKILL) == 0) {
            signalled++;
        }
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

/* Set by the vfork child (which shares our memory) when exec fails. */
static volatile int exec_error;

/*
 * Starts PROGRAM as main_child: in a new process group (its pid is the group id), stdin from /dev/null, signals
 * unblocked, SIGPIPE back to its default. vfork plus exec does only that, where posix_spawn would also query and
 * reset every one of the 64 signal dispositions, a hundred-odd system calls that cost milliseconds on a busy VM.
 *
 * A new process group, not a new session: with the scheduler's autogroups a new session is also a new scheduling
 * group, so the verifier would compete with the machine's other sessions unlike a verifier started by hand.
 */
static int spawn_program(char **program) {
    int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (null_fd < 0) {
        return errno;
    }
    sigset_t empty;
    sigemptyset(&empty);
    exec_error = 0;
    pid_t pid = vfork();
    if (pid == 0) {
        setpgid(0, 0);
        dup2(null_fd, STDIN_FILENO);
        signal(SIGPIPE, SIG_DFL);
        sigprocmask(SIG_SETMASK, &empty, NULL);
        execve(program[0], program, environ);
        exec_error = errno;
        _exit(127);
    }
    int error = pid < 0 ? errno : 0;
    close(null_fd);
    if (pid > 0 && exec_error != 0) {
        waitpid(pid, NULL, 0);
        error = exec_error;
    }
    main_child = pid;
    return error;
}

static int parse_count(const char *text, long long *value, const char *name) {
    char *end;
    *value = strtoll(text, &end, 10);
    if (*text == '\0' || *end != '\0' || *value < 0) {
        fprintf(stderr, "noisecal-launch: %s must be a non-negative whole number, got '%s'\n", name, text);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: noisecal-launch REPORT_FILE DEADLINE_MS MEMORY_LIMIT_KB PROGRAM [ARG...]\n");
        return 2;
    }
    const char *report_path = argv[1];
    long long deadline_ms;
    long long memory_limit_kb;
    if (parse_count(argv[2], &deadline_ms, "DEADLINE_MS") != 0
        || parse_count(argv[3], &memory_limit_kb, "MEMORY_LIMIT_KB") != 0) {
        return 2;
    }

    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    page_kb = sysconf(_SC_PAGESIZE) / 1024;

    sigset_t handled;
    sigemptyset(&handled);
    sigaddset(&handled, SIGCHLD);
    sigaddset(&handled, SIGTERM);
    sigaddset(&handled, SIGINT);
    sigaddset(&handled, SIGHUP);
    sigprocmask(SIG_BLOCK, &handled, NULL);
    signal_fd = signalfd(-1, &handled, SFD_NONBLOCK | SFD_CLOEXEC);
    signal(SIGPIPE, SIG_IGN);

    char report[1024];
    long long start_ns = now_ns();
    int spawn_error = spawn_program(&argv[4]);
    if (spawn_error != 0) {
        snprintf(report, sizeof report, "status=spawn_failed\nerrno=%d\nerror=%s\n", spawn_error,
                 strerror(spawn_error));
        return write_report(report_path, report) == 0 ? 0 : 70;
    }

    enum kill_reason reason = KILL_NONE;
    long long deadline_ns = deadline_ms > 0 ? start_ns + deadline_ms * 1000000LL : 0;
    long long next_sample_ns = start_ns + FIRST_SAMPLE_MS * 1000000LL;
    long long kill_start_ns = 0;
    while (reason == KILL_NONE) {
        if (main_child_exited()) {
            break;
        }
        long long now = now_ns();
        if (deadline_ns != 0 && now >= deadline_ns) {
            reason = KILL_DEADLINE;
            break;
        }
        if (now >= next_sample_ns) {
            long long kb = sample_tree((samples_taken + 1) % FULL_SCAN_EVERY == 0);
            samples_taken++;
            next_sample_ns = now + SAMPLE_PERIOD_MS * 1000000LL;
            if (kb >= 0) {
                last_sample_kb = kb;
                sampled_peak_kb = kb > sampled_peak_kb ? kb : sampled_peak_kb;
                if (memory_limit_kb > 0 && kb > memory_limit_kb) {
                    reason = KILL_MEMORY;
                    break;
                }
            }
        }
        long long wake_ns = deadline_ns != 0 && deadline_ns < next_sample_ns ? deadline_ns : next_sample_ns;
        /* round up so we never wake just before the deadline or the sample and spin */
        int timeout_ms = (int) ((wake_ns - now + 999999LL) / 1000000LL);
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
                if (command[i] == 'C') {
                    reason = KILL_CANCEL;
                }
            }
        }
    }
    if (reason != KILL_NONE) {
        /* For the deadline, latency counts from the deadline itself, so it includes our own wake-up delay. */
        kill_start_ns = reason == KILL_DEADLINE ? deadline_ns : now_ns();
        kill_tree();
    } else {
        /* PROGRAM exited on its own; whatever it left running is killed, and its orphans are counted. */
        strays_killed = kill_our_children(main_child);
        kill_tree();
    }
    long long tree_gone_ns = now_ns();

    struct rusage usage;
    getrusage(RUSAGE_CHILDREN, &usage);
    struct rusage own;
    getrusage(RUSAGE_SELF, &own);
    const char *status_kind = WIFSIGNALED(main_status) ? "signalled" : "exited";
    int status_value = WIFSIGNALED(main_status) ? WTERMSIG(main_status) : WEXITSTATUS(main_status);
    snprintf(report, sizeof report,
             "status=%s\nvalue=%d\nkilled=%s\nwall_us=%lld\nkill_us=%lld\nuser_us=%lld\nsystem_us=%lld\n"
             "maxrss_kb=%ld\nsampled_peak_kb=%lld\nlast_sample_kb=%lld\nsamples=%ld\nstrays=%ld\nchild_pid=%d\n"
             "launcher_cpu_us=%lld\n",
             status_kind, status_value, REASON_NAMES[reason], (main_end_ns - start_ns) / 1000LL,
             kill_start_ns == 0 ? 0LL : (tree_gone_ns - kill_start_ns) / 1000LL, micros(usage.ru_utime),
             micros(usage.ru_stime), usage.ru_maxrss, sampled_peak_kb, last_sample_kb, samples_taken,
             strays_killed, (int) main_child, micros(own.ru_utime) + micros(own.ru_stime));
    return write_report(report_path, report) == 0 ? 0 : 70;
}
