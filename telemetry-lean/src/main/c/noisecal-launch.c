/*
 * noisecal-launch: the small process between the JVM and a verifier, and the supervisor's watchdog.
 *
 *   noisecal-launch [--cgroup DIR] REPORT_FILE DEADLINE_MS MEMORY_LIMIT_KB PROGRAM [ARG...]
 *   noisecal-launch --watchdog RUN_DIRECTORY [CGROUP_BASE]
 *
 * As a launcher it leaves the JVM's process group (so that a SIGKILL of that group, as `timeout -s KILL` and
 * batch schedulers send, does not reach it), makes itself a child subreaper (so every orphaned descendant is
 * re-parented to it instead of init), waits for the JVM's go-ahead ('G' on stdin, sent once the watchdog knows the
 * run), starts PROGRAM in a new process group of its own (PROGRAM's pid is its group id) with PR_SET_PDEATHSIG,
 * and, with --cgroup, in the new cgroup v2 DIR, and then waits for whichever comes first:
 *   - PROGRAM exits: any descendant still alive is killed;
 *   - DEADLINE_MS milliseconds pass since PROGRAM was started (0: no deadline): the tree is killed;
 *   - the summed resident memory of the tree, sampled every SAMPLE_PERIOD_MS, exceeds MEMORY_LIMIT_KB (0: no
 *     limit): the tree is killed;
 *   - the supervisor writes 'C' (cancel) to our stdin, or our stdin reaches end of file (the JVM is gone, even by
 *     SIGKILL): the tree is killed;
 *   - we receive SIGTERM, SIGINT or SIGHUP: the tree is killed.
 * Killing is cgroup.kill of DIR (when PROGRAM joined it), SIGKILL to PROGRAM's process group and SIGKILL to every
 * child of ours (orphans re-parented to us, including those that left the group with setsid), repeated until wait
 * reports no children left. There is no SIGTERM grace period: Lean has no SIGTERM handler, so SIGTERM would end it
 * just as abruptly, only later.
 *
 * Only then does it write REPORT_FILE (key=value lines) with the exit status, the sampled memory, and the
 * kernel's accounting of the whole finished tree (getrusage(RUSAGE_CHILDREN): every descendant was waited for by
 * its parent or by us). Because this process is tiny, ru_maxrss is not polluted by the JVM's high-water mark,
 * which exec would otherwise carry over into the child.
 *
 * Sampling happens here rather than in the JVM because a wake-up of this process costs a fraction of a JVM
 * thread's, and because the limit is then enforced even while the JVM is paused.
 *
 * The watchdog (see watchdog_main) covers what a launcher cannot: its own death. It runs in a session of its own,
 * off every verifier's line of ancestors, and kills what is left of a run whose launcher died without reporting.
 *
 * Exit status: 0 when the report was written, 2 for bad usage, 3 when stdin ended (or said something else, or a
 * terminating signal came) before the go-ahead, so that nothing was started and nothing is reported, 70 when the
 * report could not be written.
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
#include <sys/stat.h>
#include <sys/syscall.h>
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

/* The run's cgroup (--cgroup): "none" when not asked for, "joined" when PROGRAM started in it, else "failed". */
static char run_cgroup[4096];
static const char *cgroup_state = "none";
static int cgroup_error;
static int cgroup_procs_fd = -1;
static int cgroup_kill_fd = -1;

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void sleep_ms(long ms) {
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* pidfds (Linux 5.3) name a process, not a number, so a signal can never hit a process that reused a pid. */
static int open_pidfd(pid_t pid) {
#ifdef SYS_pidfd_open
    return (int) syscall(SYS_pidfd_open, pid, 0);
#else
    (void) pid;
    errno = ENOSYS;
    return -1;
#endif
}

static int kill_by_pidfd_or_pid(int pidfd, pid_t pid) {
#ifdef SYS_pidfd_send_signal
    if (pidfd >= 0) {
        return (int) syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
    }
#else
    (void) pidfd;
#endif
    return kill(pid, SIGKILL);
}

static int write_all(int fd, const char *text, size_t length) {
    size_t written = 0;
    while (written < length) {
        ssize_t n = write(fd, text + written, length - written);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        written += (size_t) n;
    }
    return 0;
}

/* Removes an emptied cgroup; its last processes may still be exiting, so busy is retried for a moment. */
static int remove_cgroup(const char *directory) {
    for (int attempt = 0; attempt < 200; attempt++) {
        if (rmdir(directory) == 0 || errno == ENOENT) {
            return 0;
        }
        if (errno != EBUSY) {
            return -1;
        }
        sleep_ms(1);
    }
    return -1;
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
        if (cgroup_kill_fd >= 0) {
            /* atomic for the whole cgroup, including processes forked while we kill and setsid escapees */
            ssize_t ignored = write(cgroup_kill_fd, "1", 1);
            (void) ignored;
        }
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
    if (write_all(fd, text, strlen(text)) != 0) {
        close(fd);
        return -1;
    }
    return close(fd);
}

static long long micros(struct timeval tv) {
    return (long long) tv.tv_sec * 1000000LL + tv.tv_usec;
}

/* Set by the vfork child (which shares our memory) when exec fails, or when it could not join the cgroup. */
static volatile int exec_error;
static volatile int join_error;

/*
 * Creates the run's cgroup DIR and opens the files PROGRAM's start and the kill need. Any failure leaves the run
 * without a cgroup: the process group, the subreaper and the watchdog's marker scan still cover it.
 */
static void prepare_cgroup(const char *directory) {
    char path[sizeof run_cgroup + 32];
    snprintf(run_cgroup, sizeof run_cgroup, "%s", directory);
    cgroup_state = "failed";
    if (mkdir(run_cgroup, 0755) != 0 && errno != EEXIST) {
        cgroup_error = errno;
        run_cgroup[0] = '\0';
        return;
    }
    snprintf(path, sizeof path, "%s/cgroup.procs", run_cgroup);
    cgroup_procs_fd = open(path, O_WRONLY | O_CLOEXEC);
    if (cgroup_procs_fd < 0) {
        cgroup_error = errno;
        remove_cgroup(run_cgroup);
        run_cgroup[0] = '\0';
    }
}

/*
 * Starts PROGRAM as main_child: in a new process group (its pid is the group id), in the run's cgroup if there is
 * one, killed by the kernel if we die (PR_SET_PDEATHSIG), stdin from /dev/null, signals unblocked, SIGPIPE back to
 * its default. vfork plus exec does only that, where posix_spawn would also query and reset every one of the 64
 * signal dispositions, a hundred-odd system calls that cost milliseconds on a busy VM.
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
    join_error = 0;
    pid_t launcher = getpid();
    pid_t pid = vfork();
    if (pid == 0) {
        /* writing "0" to cgroup.procs moves the writer, that is this child, before it runs any verifier code */
        if (cgroup_procs_fd >= 0 && write(cgroup_procs_fd, "0", 1) != 1) {
            join_error = errno;
        }
        setpgid(0, 0);
        prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
        if (getppid() != launcher) {
            _exit(127); /* we were killed before PR_SET_PDEATHSIG took effect */
        }
        dup2(null_fd, STDIN_FILENO);
        signal(SIGPIPE, SIG_DFL);
        sigprocmask(SIG_SETMASK, &empty, NULL);
        execve(program[0], program, environ);
        exec_error = errno;
        _exit(127);
    }
    int error = pid < 0 ? errno : 0;
    close(null_fd);
    if (cgroup_procs_fd >= 0) {
        close(cgroup_procs_fd);
        cgroup_procs_fd = -1;
        if (pid > 0 && join_error == 0) {
            char path[sizeof run_cgroup + 32];
            snprintf(path, sizeof path, "%s/cgroup.kill", run_cgroup);
            cgroup_kill_fd = open(path, O_WRONLY | O_CLOEXEC); /* absent before Linux 5.14: the loop still works */
            cgroup_state = "joined";
        } else {
            cgroup_error = join_error;
        }
    }
    if (pid > 0 && exec_error != 0) {
        waitpid(pid, NULL, 0);
        error = exec_error;
    }
    main_child = pid;
    return error;
}

/*
 * Waits for the JVM's go-ahead, the 'G' it writes once the watchdog knows this run. Until then nothing may be
 * started: a tree started earlier would be orphaned, and known to nobody, if the JVM and this launcher died
 * together before the JVM told the watchdog. Returns -1 when stdin ends or says anything else first, or when a
 * terminating signal comes.
 */
static int await_go(void) {
    for (;;) {
        struct pollfd watched[2] = {
            { .fd = signal_fd, .events = POLLIN },
            { .fd = STDIN_FILENO, .events = POLLIN },
        };
        if (poll(watched, 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        if (watched[0].revents & POLLIN) {
            int terminate = 0;
            drain_signal_fd(&terminate);
            if (terminate) {
                return -1;
            }
        }
        if (watched[1].revents & (POLLIN | POLLHUP | POLLERR)) {
            char command;
            ssize_t n = read(STDIN_FILENO, &command, 1); /* one byte: what follows is for the main loop */
            if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
                continue;
            }
            return n == 1 && command == 'G' ? 0 : -1;
        }
    }
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

static int watchdog_main(int argc, char **argv);

int main(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "--watchdog") == 0) {
        return watchdog_main(argc, argv);
    }
    const char *cgroup = NULL;
    if (argc >= 3 && strcmp(argv[1], "--cgroup") == 0) {
        cgroup = argv[2];
        argv += 2;
        argc -= 2;
    }
    if (argc < 5) {
        fprintf(stderr, "usage: noisecal-launch [--cgroup DIR] REPORT_FILE DEADLINE_MS MEMORY_LIMIT_KB PROGRAM [ARG...]\n"
                        "       noisecal-launch --watchdog RUN_DIRECTORY [CGROUP_BASE]\n");
        return 2;
    }
    const char *report_path = argv[1];
    long long deadline_ms;
    long long memory_limit_kb;
    if (parse_count(argv[2], &deadline_ms, "DEADLINE_MS") != 0
        || parse_count(argv[3], &memory_limit_kb, "MEMORY_LIMIT_KB") != 0) {
        return 2;
    }

    /*
     * Out of the JVM's process group: a SIGKILL of that group then ends the JVM but not us, and our stdin's end of
     * file makes us kill the tree as for any other death of the JVM. Still the JVM's session (see spawn_program).
     */
    setpgid(0, 0);
    if (cgroup != NULL && cgroup[0] != '\0') {
        prepare_cgroup(cgroup);
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

    if (await_go() != 0) {
        if (run_cgroup[0] != '\0') {
            remove_cgroup(run_cgroup);
        }
        return 3;
    }

    char report[1024];
    long long start_ns = now_ns();
    int spawn_error = spawn_program(&argv[4]);
    if (spawn_error != 0) {
        if (run_cgroup[0] != '\0') {
            remove_cgroup(run_cgroup);
        }
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
    if (run_cgroup[0] != '\0' && remove_cgroup(run_cgroup) != 0 && cgroup_error == 0) {
        cgroup_error = errno;
    }

    struct rusage usage;
    getrusage(RUSAGE_CHILDREN, &usage);
    struct rusage own;
    getrusage(RUSAGE_SELF, &own);
    const char *status_kind = WIFSIGNALED(main_status) ? "signalled" : "exited";
    int status_value = WIFSIGNALED(main_status) ? WTERMSIG(main_status) : WEXITSTATUS(main_status);
    snprintf(report, sizeof report,
             "status=%s\nvalue=%d\nkilled=%s\nwall_us=%lld\nkill_us=%lld\nuser_us=%lld\nsystem_us=%lld\n"
             "maxrss_kb=%ld\nsampled_peak_kb=%lld\nlast_sample_kb=%lld\nsamples=%ld\nstrays=%ld\nchild_pid=%d\n"
             "launcher_cpu_us=%lld\ncgroup=%s\ncgroup_error=%s\n",
             status_kind, status_value, REASON_NAMES[reason], (main_end_ns - start_ns) / 1000LL,
             kill_start_ns == 0 ? 0LL : (tree_gone_ns - kill_start_ns) / 1000LL, micros(usage.ru_utime),
             micros(usage.ru_stime), usage.ru_maxrss, sampled_peak_kb, last_sample_kb, samples_taken,
             strays_killed, (int) main_child, micros(own.ru_utime) + micros(own.ru_stime), cgroup_state,
             cgroup_error == 0 ? "" : strerror(cgroup_error));
    return write_report(report_path, report) == 0 ? 0 : 70;
}


/* ================================================================ the watchdog
 *
 *   noisecal-launch --watchdog RUN_DIRECTORY [CGROUP_BASE]
 *
 * One per supervisor, started by the JVM. It calls setsid, so it is neither in the JVM's process group (a group
 * SIGKILL does not reach it) nor among any verifier's ancestors (a verifier walking up its parents to kill its
 * launcher does not find it). The JVM tells it about every run on stdin, one tab-separated line each:
 *
 *   R PID TOKEN REPORT_FILE CGROUP   a launcher (PID) started run TOKEN; CGROUP is its cgroup, or empty. Sent
 *                                    before the JVM lets the launcher start PROGRAM, so no process of a run
 *                                    exists that this watchdog was not told about
 *   D TOKEN                          the run ended with its report: its tree is gone
 *   K TOKEN                          its launcher ended without a report: kill what is left, answer "K TOKEN N"
 *
 * Every process of run TOKEN carries NOISECAL_SUPERVISED_RUN=TOKEN in its environment (the JVM sets it for the
 * launcher, the verifier and its descendants inherit it), and, when cgroups are writable, is in its cgroup. What is
 * left of a run is therefore found even after its launcher died and the orphans went to init: cgroup.kill of its
 * cgroup, then SIGKILL (through a pidfd) to every process whose environment holds the marker, repeated until none
 * is left. A verifier that both empties its environment and escapes a cgroup (or runs where there is none) is out
 * of reach; the README says so.
 *
 * End of file on stdin means the JVM is gone (or closed the supervisor): every run still registered gets up to
 * FINISH_WAIT_MS for its launcher to kill its tree and report, as launchers do when their own stdin ends; a run
 * whose launcher died without reporting, or overran that wait, is killed as for K. Then the reports, the run
 * directory and the cgroups are removed and the watchdog exits.
 */
#define RUN_MARKER "NOISECAL_SUPERVISED_RUN"
#define FINISH_WAIT_MS 10000
#define REAP_WAIT_MS 5000
#define MAX_KILLED 4096

struct watched_run {
    char token[128];
    pid_t launcher;
    int pidfd; /* -1 where pidfds are unavailable */
    char report[4096];
    char cgroup[4096];
};

static struct watched_run *watched;
static int watched_count;
static int watched_capacity;

/* The state letter of a process from /proc/PID/stat (R, S, Z, ...), or 0 when it is gone. */
static char process_state(pid_t pid) {
    char path[64];
    char stat[512];
    snprintf(path, sizeof path, "/proc/%d/stat", (int) pid);
    if (read_small_file(path, stat, sizeof stat) <= 0) {
        return 0;
    }
    char *close = strrchr(stat, ')');
    return close != NULL && close[1] == ' ' ? close[2] : 0;
}

/* Whether the environment of PID has the entry `marker` (NAME=VALUE), compared entry by entry. */
static int environment_has(pid_t pid, const char *marker, size_t marker_length) {
    char path[64];
    char buffer[16384];
    snprintf(path, sizeof path, "/proc/%d/environ", (int) pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return 0; /* gone, or not ours to read */
    }
    size_t matched = 0;
    int matching = 1;
    int found = 0;
    ssize_t n;
    while (!found && (n = read(fd, buffer, sizeof buffer)) > 0) {
        for (ssize_t i = 0; i < n && !found; i++) {
            if (buffer[i] == '\0') {
                found = matching && matched == marker_length;
                matched = 0;
                matching = 1;
            } else if (matching && matched < marker_length && buffer[i] == marker[matched]) {
                matched++;
            } else {
                matching = 0;
            }
        }
    }
    close(fd);
    return found;
}

static void note_killed(pid_t pid, pid_t *killed, int *killed_count) {
    for (int i = 0; i < *killed_count; i++) {
        if (killed[i] == pid) {
            return;
        }
    }
    if (*killed_count < MAX_KILLED) {
        killed[(*killed_count)++] = pid;
    }
}

/* SIGKILLs every live process carrying `marker`; returns how many were signalled. */
static int kill_marked(const char *marker, size_t marker_length, pid_t *killed, int *killed_count) {
    DIR *proc = opendir("/proc");
    if (proc == NULL) {
        return 0;
    }
    pid_t self = getpid();
    int signalled = 0;
    for (struct dirent *entry = readdir(proc); entry != NULL; entry = readdir(proc)) {
        char *end;
        long number = strtol(entry->d_name, &end, 10);
        if (*end != '\0' || number <= 0 || (pid_t) number == self) {
            continue;
        }
        pid_t pid = (pid_t) number;
        /* opened before looking, so that the signal reaches the process looked at or, if it died, nobody */
        int pidfd = open_pidfd(pid);
        if (pidfd < 0 && errno == ESRCH) {
            continue;
        }
        char state = process_state(pid);
        if (state != 0 && state != 'Z' && state != 'X' && environment_has(pid, marker, marker_length)
            && kill_by_pidfd_or_pid(pidfd, pid) == 0) {
            signalled++;
            note_killed(pid, killed, killed_count);
        }
        if (pidfd >= 0) {
            close(pidfd);
        }
    }
    closedir(proc);
    return signalled;
}

/*
 * Kills the members of a run's cgroup: cgroup.kill where the kernel has it (5.14), else each listed process.
 * Returns how many members were alive; they are counted before the kill, which may leave none to see after it.
 */
static int kill_cgroup(const char *cgroup, pid_t *killed, int *killed_count) {
    char path[4096 + 32];
    static char members[65536];
    snprintf(path, sizeof path, "%s/cgroup.procs", cgroup);
    if (read_small_file(path, members, sizeof members) <= 0) {
        return 0;
    }
    static pid_t alive[MAX_KILLED];
    int alive_count = 0;
    for (char *cursor = members; *cursor != '\0' && alive_count < MAX_KILLED;) {
        char *end;
        long pid = strtol(cursor, &end, 10);
        if (end == cursor) {
            break;
        }
        cursor = end;
        char state = process_state((pid_t) pid);
        if (state != 0 && state != 'Z' && state != 'X') {
            alive[alive_count++] = (pid_t) pid;
            note_killed((pid_t) pid, killed, killed_count);
        }
    }
    if (alive_count == 0) {
        return 0;
    }
    snprintf(path, sizeof path, "%s/cgroup.kill", cgroup);
    int kill_fd = open(path, O_WRONLY | O_CLOEXEC);
    int atomic = kill_fd >= 0 && write(kill_fd, "1", 1) == 1;
    if (kill_fd >= 0) {
        close(kill_fd);
    }
    for (int i = 0; !atomic && i < alive_count; i++) {
        kill(alive[i], SIGKILL); /* before Linux 5.14; the pids were members a moment ago */
    }
    return alive_count;
}

/* Kills everything left of run `token`, by its cgroup and by its marker, until nothing is left; returns the count. */
static long reap_run(const char *token, const char *cgroup) {
    static pid_t killed[MAX_KILLED];
    int killed_count = 0;
    char marker[256];
    int marker_length = snprintf(marker, sizeof marker, "%s=%s", RUN_MARKER, token);
    long long give_up = now_ns() + REAP_WAIT_MS * 1000000LL;
    for (;;) {
        int alive = 0;
        if (cgroup[0] != '\0') {
            alive += kill_cgroup(cgroup, killed, &killed_count);
        }
        alive += kill_marked(marker, (size_t) marker_length, killed, &killed_count);
        if (alive == 0 || now_ns() >= give_up) {
            break;
        }
        sleep_ms(2); /* SIGKILLed processes need a moment to exit; their children may only now be orphaned */
    }
    if (cgroup[0] != '\0') {
        remove_cgroup(cgroup);
    }
    return killed_count;
}

static struct watched_run *find_run(const char *token) {
    for (int i = 0; i < watched_count; i++) {
        if (strcmp(watched[i].token, token) == 0) {
            return &watched[i];
        }
    }
    return NULL;
}

static void forget_run(struct watched_run *run) {
    if (run->pidfd >= 0) {
        close(run->pidfd);
    }
    *run = watched[--watched_count];
}

/* Splits `line` at tabs into at most `max` fields; returns how many. */
static int split_fields(char *line, char **fields, int max) {
    int count = 0;
    fields[count++] = line;
    for (char *cursor = line; *cursor != '\0' && count < max; cursor++) {
        if (*cursor == '\t') {
            *cursor = '\0';
            fields[count++] = cursor + 1;
        }
    }
    return count;
}

static void handle_command(char *line) {
    char *fields[5];
    int count = split_fields(line, fields, 5);
    if (strcmp(fields[0], "R") == 0 && count == 5) {
        if (watched_count == watched_capacity) {
            int capacity = watched_capacity == 0 ? 16 : 2 * watched_capacity;
            struct watched_run *grown = realloc(watched, (size_t) capacity * sizeof *watched);
            if (grown == NULL) {
                return;
            }
            watched = grown;
            watched_capacity = capacity;
        }
        struct watched_run *run = &watched[watched_count++];
        run->launcher = (pid_t) atol(fields[1]);
        run->pidfd = open_pidfd(run->launcher);
        snprintf(run->token, sizeof run->token, "%s", fields[2]);
        snprintf(run->report, sizeof run->report, "%s", fields[3]);
        snprintf(run->cgroup, sizeof run->cgroup, "%s", fields[4]);
    } else if (strcmp(fields[0], "D") == 0 && count == 2) {
        struct watched_run *run = find_run(fields[1]);
        if (run != NULL) {
            forget_run(run);
        }
    } else if (strcmp(fields[0], "K") == 0 && count == 2) {
        struct watched_run *run = find_run(fields[1]);
        long killed = reap_run(fields[1], run != NULL ? run->cgroup : "");
        if (run != NULL) {
            forget_run(run);
        }
        char answer[256];
        int length = snprintf(answer, sizeof answer, "K\t%s\t%ld\n", fields[1], killed);
        write_all(STDOUT_FILENO, answer, (size_t) length);
    }
}

static int launcher_gone(const struct watched_run *run) {
    if (run->pidfd >= 0) {
        struct pollfd exited = { .fd = run->pidfd, .events = POLLIN };
        return poll(&exited, 1, 0) > 0;
    }
    char state = process_state(run->launcher);
    return state == 0 || state == 'Z' || state == 'X';
}

/* The JVM is gone: see that every registered run's tree is gone too, then clean up and return. */
static void finish(const char *run_directory, const char *cgroup_base) {
    long long give_up = now_ns() + FINISH_WAIT_MS * 1000000LL;
    while (watched_count > 0) {
        int overdue = now_ns() >= give_up;
        for (int i = watched_count - 1; i >= 0; i--) {
            struct watched_run *run = &watched[i];
            if (access(run->report, F_OK) == 0) {
                /* written only once the tree was gone */
            } else if (launcher_gone(run) || overdue) {
                reap_run(run->token, run->cgroup); /* the launcher carries the marker too, so an overdue one goes */
            } else {
                continue;
            }
            unlink(run->report);
            if (run->cgroup[0] != '\0') {
                remove_cgroup(run->cgroup);
            }
            forget_run(run);
        }
        if (watched_count > 0) {
            struct pollfd exits[64];
            int count = 0;
            for (int i = 0; i < watched_count && count < 64; i++) {
                if (watched[i].pidfd >= 0) {
                    exits[count++] = (struct pollfd) { .fd = watched[i].pidfd, .events = POLLIN };
                }
            }
            if (count > 0) {
                poll(exits, (nfds_t) count, 10);
            } else {
                sleep_ms(10);
            }
        }
    }
    rmdir(run_directory);
    if (cgroup_base != NULL && cgroup_base[0] != '\0') {
        remove_cgroup(cgroup_base);
    }
}

static int watchdog_main(int argc, char **argv) {
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: noisecal-launch --watchdog RUN_DIRECTORY [CGROUP_BASE]\n");
        return 2;
    }
    const char *run_directory = argv[2];
    const char *cgroup_base = argc == 4 ? argv[3] : NULL;
    setsid();
    prctl(PR_SET_NAME, "noisecal-watch", 0, 0, 0);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    signal(SIGINT, SIG_IGN);
    if (chdir("/") != 0) {
        return 70;
    }
    if (write_all(STDOUT_FILENO, "ready\n", 6) != 0) {
        return 70;
    }
    static char buffer[65536];
    size_t length = 0;
    for (;;) {
        ssize_t n = read(STDIN_FILENO, buffer + length, sizeof buffer - 1 - length);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        length += (size_t) n;
        buffer[length] = '\0';
        char *line = buffer;
        for (char *newline = strchr(line, '\n'); newline != NULL; newline = strchr(line, '\n')) {
            *newline = '\0';
            handle_command(line);
            line = newline + 1;
        }
        length -= (size_t) (line - buffer);
        memmove(buffer, line, length);
        if (length == sizeof buffer - 1) {
            length = 0; /* a line this long is no command of ours */
        }
    }
    finish(run_directory, cgroup_base);
    return 0;
}
