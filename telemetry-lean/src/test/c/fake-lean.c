/*
 * A faithful stand-in for Lean 4's `lean` and `lake` command-line programs, for tests on machines without Lean.
 * It follows /work/shared/reference/lean-cli-contract.md §8: the same argv parsing (GNU getopt_long, options in
 * order, `--version` answered as soon as it is parsed), version output, text and `--json` messages on stdout,
 * driver errors on stderr, exit status 1 iff an error-severity message was printed, import resolution against
 * LEAN_PATH, and `lake env CMD ...` running CMD as a child (no new session) and exiting 128+N when it is killed
 * by signal N.
 *
 * Started as `lake` (by the name it is invoked under) it acts as Lake; otherwise as Lean.
 *
 * What a run does is driven by the file under test: every line `-- fake: VERB ARGS` is a directive, executed in
 * order (see run_directive). A file without directives checks cleanly.
 *
 * Version-dependent behaviour comes from `fake-lean.conf` next to the executable (key=value lines):
 *   version, target, commit, version_line (replaces the whole --version line), json (supported|unsupported),
 *   json_keys (ascending|descending), json_fields (new|mid: mid drops kind and isSilent), named_errors (1|0),
 *   sorry (quote|backtick|named), heartbeats (1|2|3: the message generation), startup_ms, lake_startup_ms.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <dirent.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* ---------------------------------------------------------------- configuration */

static struct {
    char version[128];
    char target[128];
    char commit[128];
    char version_line[512];
    int json_supported;
    int json_descending;
    int json_mid_fields;
    int named_errors;
    char sorry[32];
    int heartbeat_generation;
    long startup_ms;
    long lake_startup_ms;
} conf = {
    "4.21.0", "x86_64-unknown-linux-gnu", "0123456789abcdef0123456789abcdef01234567", "", 1, 0, 0, 1, "backtick", 3,
    0, 0,
};

static char exe_dir[PATH_MAX];
static char exe_path[PATH_MAX];

static void copy_value(char *into, size_t size, const char *value) {
    snprintf(into, size, "%s", value);
}

static void load_config(void) {
    ssize_t n = readlink("/proc/self/exe", exe_path, sizeof exe_path - 1);
    if (n <= 0) {
        return;
    }
    exe_path[n] = '\0';
    char scratch[PATH_MAX];
    copy_value(scratch, sizeof scratch, exe_path);
    copy_value(exe_dir, sizeof exe_dir, dirname(scratch));
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/fake-lean.conf", exe_dir);
    FILE *file = fopen(path, "r");
    if (file == NULL) {
        return;
    }
    char line[1024];
    while (fgets(line, sizeof line, file) != NULL) {
        line[strcspn(line, "\r\n")] = '\0';
        char *equals = strchr(line, '=');
        if (equals == NULL || line[0] == '#') {
            continue;
        }
        *equals = '\0';
        const char *key = line;
        const char *value = equals + 1;
        if (strcmp(key, "version") == 0) copy_value(conf.version, sizeof conf.version, value);
        else if (strcmp(key, "target") == 0) copy_value(conf.target, sizeof conf.target, value);
        else if (strcmp(key, "commit") == 0) copy_value(conf.commit, sizeof conf.commit, value);
        else if (strcmp(key, "version_line") == 0) copy_value(conf.version_line, sizeof conf.version_line, value);
        else if (strcmp(key, "json") == 0) conf.json_supported = strcmp(value, "unsupported") != 0;
        else if (strcmp(key, "json_keys") == 0) conf.json_descending = strcmp(value, "descending") == 0;
        else if (strcmp(key, "json_fields") == 0) conf.json_mid_fields = strcmp(value, "mid") == 0;
        else if (strcmp(key, "named_errors") == 0) conf.named_errors = atoi(value);
        else if (strcmp(key, "sorry") == 0) copy_value(conf.sorry, sizeof conf.sorry, value);
        else if (strcmp(key, "heartbeats") == 0) conf.heartbeat_generation = atoi(value);
        else if (strcmp(key, "startup_ms") == 0) conf.startup_ms = atol(value);
        else if (strcmp(key, "lake_startup_ms") == 0) conf.lake_startup_ms = atol(value);
    }
    fclose(file);
}

static void sleep_ms(long ms) {
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* ---------------------------------------------------------------- options */

static struct {
    int json;
    long max_heartbeats;
    long max_errors;
    int warning_as_error;
    int print_end_pos;
    long memory_mb;
    int exit_on_panic;
    const char *file;
} opt = { 0, 200000, 100, 0, 0, 0, 0, NULL };

#define MAX_UNCHECKED 64
static char *unchecked_options[MAX_UNCHECKED];
static int unchecked_count;

static const char *const BOOL_OPTIONS[] = {
    "warningAsError", "printMessageEndPos", "autoImplicit", "relaxedAutoImplicit", "diagnostics",
    "pp.unicode.fun", "warn.sorry", "debug.moduleNameAtTimeout", "Elab.async", NULL,
};
static const char *const NAT_OPTIONS[] = {
    "maxHeartbeats", "maxRecDepth", "maxErrors", "synthInstance.maxHeartbeats", "maxSynthPendingDepth", NULL,
};

static int listed(const char *const *names, const char *name) {
    for (int i = 0; names[i] != NULL; i++) {
        if (strcmp(names[i], name) == 0) {
            return 1;
        }
    }
    return 0;
}

static void help(FILE *out) {
    fprintf(out, "Lean (version %s)\nMiscellaneous:\n  -h, --help             display this message\n"
                 "  -v, --version          display version number\n"
                 "      --json             report Lean output (e.g., messages) as JSON (one per line)\n"
                 "  -D name=value          set a configuration option (see set_option command)\n", conf.version);
}

static void print_version_line(void) {
    if (conf.version_line[0] != '\0') {
        printf("%s\n", conf.version_line);
    } else {
        printf("Lean (version %s, %s, commit %s, Release)\n", conf.version, conf.target, conf.commit);
    }
}

/* -D name=value, as shell.cpp's set_config_option: options it knows are parsed now, others after the imports. */
static int set_config_option(const char *argument) {
    while (*argument == ' ') {
        argument++;
    }
    const char *equals = strchr(argument, '=');
    if (equals == NULL) {
        fprintf(stderr, "invalid -D parameter, argument must contain '='\n");
        return 1;
    }
    char name[256];
    snprintf(name, sizeof name, "%.*s", (int) (equals - argument), argument);
    const char *value = equals + 1;
    if (listed(BOOL_OPTIONS, name)) {
        if (strcmp(value, "true") != 0 && strcmp(value, "false") != 0) {
            fprintf(stderr, "invalid -D parameter, invalid configuration option '%s' value, it must be true/false\n",
                    name);
            return 1;
        }
        int on = strcmp(value, "true") == 0;
        if (strcmp(name, "warningAsError") == 0) opt.warning_as_error = on;
        if (strcmp(name, "printMessageEndPos") == 0) opt.print_end_pos = on;
    } else if (listed(NAT_OPTIONS, name)) {
        long number = (unsigned) atoi(value); /* C atoi, as in Era A: garbage becomes 0 */
        if (strcmp(name, "maxHeartbeats") == 0) opt.max_heartbeats = number;
        if (strcmp(name, "maxErrors") == 0) opt.max_errors = number;
    } else if (unchecked_count < MAX_UNCHECKED) {
        unchecked_options[unchecked_count++] = strdup(name);
    }
    return 0;
}

/* ---------------------------------------------------------------- messages */

static long error_count;

static void json_string(FILE *out, const char *text) {
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *) text; *p != '\0'; p++) {
        switch (*p) {
            case '"': fputs("\\\"", out); break;
            case '\\': fputs("\\\\", out); break;
            case '\n': fputs("\\n", out); break;
            case '\t': fputs("\\t", out); break;
            case '\r': fputs("\\r", out); break;
            default:
                if (*p < 0x20) fprintf(out, "\\u%04x", *p);
                else fputc(*p, out);
        }
    }
    fputc('"', out);
}

static void json_position(FILE *out, int line, int column) {
    if (conf.json_descending) fprintf(out, "{\"line\":%d,\"column\":%d}", line, column);
    else fprintf(out, "{\"column\":%d,\"line\":%d}", column, line);
}

static void print_json(const char *severity, int line, int column, const char *kind, const char *data) {
    FILE *out = stdout;
    const char *file = opt.file;
    fputc('{', out);
    if (conf.json_descending) {
        fprintf(out, "\"severity\":\"%s\",\"pos\":", severity);
        json_position(out, line, column);
        if (!conf.json_mid_fields) {
            fputs(",\"kind\":", out);
            json_string(out, kind);
        }
        fputs(",\"keepFullRange\":false", out);
        if (!conf.json_mid_fields) fputs(",\"isSilent\":false", out);
        fputs(",\"fileName\":", out);
        json_string(out, file);
        fputs(",\"endPos\":", out);
        json_position(out, line, column + 1);
        fputs(",\"data\":", out);
        json_string(out, data);
        fputs(",\"caption\":\"\"", out);
    } else {
        fputs("\"caption\":\"\",\"data\":", out);
        json_string(out, data);
        fputs(",\"endPos\":", out);
        json_position(out, line, column + 1);
        fputs(",\"fileName\":", out);
        json_string(out, file);
        if (!conf.json_mid_fields) fputs(",\"isSilent\":false", out);
        fputs(",\"keepFullRange\":false", out);
        if (!conf.json_mid_fields) {
            fputs(",\"kind\":", out);
            json_string(out, kind);
        }
        fputs(",\"pos\":", out);
        json_position(out, line, column);
        fprintf(out, ",\"severity\":\"%s\"", severity);
    }
    fputs("}\n", out);
}

/* One message, as Lean prints it; an error beyond maxErrors stops the run as Lean does. */
static void emit_message(const char *severity, int line, int column, const char *kind, const char *error_name,
                         const char *data) {
    if (strcmp(severity, "warning") == 0 && opt.warning_as_error) {
        severity = "error";
    }
    if (strcmp(severity, "error") == 0) {
        if (opt.max_errors > 0 && error_count == opt.max_errors) {
            char limit[160];
            snprintf(limit, sizeof limit, "maximum number of errors (%ld; from option `maxErrors`) reached, exiting",
                     opt.max_errors);
            error_count++;
            emit_message("error", line, column, "[anonymous]", NULL, limit);
            fflush(stdout);
            exit(1);
        }
        error_count++;
    }
    if (opt.json) {
        print_json(severity, line, column, kind == NULL ? "[anonymous]" : kind, data);
        return;
    }
    size_t length = strlen(data);
    const char *newline = length > 0 && data[length - 1] == '\n' ? "" : "\n";
    if (strcmp(severity, "information") == 0) {
        printf("%s%s", data, newline);
        return;
    }
    char end[48] = "";
    if (opt.print_end_pos) {
        snprintf(end, sizeof end, "-%d:%d", line, column + 1);
    }
    char name[160] = "";
    if (error_name != NULL && conf.named_errors) {
        snprintf(name, sizeof name, "(%s)", error_name);
    }
    printf("%s:%d:%d%s: %s%s: %s%s", opt.file, line, column, end, severity, name, data, newline);
}

static void error_at(int line, const char *kind, const char *data) {
    emit_message("error", line, 0, kind, NULL, data);
}

/* ---------------------------------------------------------------- imports */

static int is_directory(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_file(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Resolves one import as modToFilePath does; on failure prints Lean's header error and exits 1. */
static void check_import(const char *module) {
    char root[256];
    snprintf(root, sizeof root, "%.*s", (int) strcspn(module, "."), module);
    if (strcmp(root, "Init") == 0 || strcmp(root, "Lean") == 0 || strcmp(root, "Std") == 0
        || strcmp(root, "Lake") == 0) {
        return; /* shipped with the toolchain */
    }
    char sysroot_lib[PATH_MAX + 16];
    snprintf(sysroot_lib, sizeof sysroot_lib, "%s/../lib/lean", exe_dir);
    char search[8192];
    const char *lean_path = getenv("LEAN_PATH");
    snprintf(search, sizeof search, "%s%s%s", lean_path != NULL ? lean_path : "", lean_path != NULL ? ":" : "",
             sysroot_lib);
    char entries[8192];
    copy_value(entries, sizeof entries, search);
    char listing[8192] = "";
    for (char *entry = strtok(entries, ":"); entry != NULL; entry = strtok(NULL, ":")) {
        if (*entry == '\0') {
            continue;
        }
        char candidate[PATH_MAX * 2];
        snprintf(candidate, sizeof candidate, "%s/%s", entry, root);
        char candidate_olean[PATH_MAX * 2];
        snprintf(candidate_olean, sizeof candidate_olean, "%s/%s.olean", entry, root);
        size_t used = strlen(listing);
        snprintf(listing + used, sizeof listing - used, "%s\n", entry);
        if (!is_directory(candidate) && !is_file(candidate_olean)) {
            continue;
        }
        char olean[PATH_MAX * 2];
        size_t at = (size_t) snprintf(olean, sizeof olean, "%s/", entry);
        for (const char *p = module; *p != '\0' && at < sizeof olean - 8; p++) {
            olean[at++] = *p == '.' ? '/' : *p;
        }
        snprintf(olean + at, sizeof olean - at, ".olean");
        char message[PATH_MAX * 3];
        if (!is_file(olean)) {
            snprintf(message, sizeof message, "object file '%s' of module %s does not exist", olean, module);
            error_at(1, "[anonymous]", message);
            fflush(stdout);
            exit(1);
        }
        FILE *file = fopen(olean, "r");
        char magic[4] = "";
        if (file != NULL) {
            size_t got = fread(magic, 1, 3, file);
            magic[got] = '\0';
            fclose(file);
        }
        if (strcmp(magic, "BAD") == 0) {
            snprintf(message, sizeof message, "failed to read file '%s', incompatible header", olean);
            error_at(1, "[anonymous]", message);
            fflush(stdout);
            exit(1);
        }
        return;
    }
    char message[16384];
    snprintf(message, sizeof message,
             "unknown module prefix '%s'\n\nNo directory '%s' or file '%s.olean' in the search path entries:\n%s",
             root, root, root, listing);
    error_at(1, "[anonymous]", message);
    fflush(stdout);
    exit(1);
}

/* The header: `import` lines before the first other command (blank lines and line comments are skipped). */
static void check_imports(char *source) {
    char *copy = strdup(source);
    for (char *line = strtok(copy, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        while (*line == ' ' || *line == '\t') line++;
        if (*line == '\0' || strncmp(line, "--", 2) == 0) continue;
        if (strncmp(line, "import ", 7) != 0) break;
        char *rest = line + 7;
        for (char *module = strtok_r(rest, " \t", &rest); module != NULL; module = strtok_r(NULL, " \t", &rest)) {
            check_import(module);
        }
    }
    free(copy);
}

/* ---------------------------------------------------------------- scenarios */

static void busy_forever(void) {
    volatile unsigned long spin = 0;
    for (;;) spin++;
}

static void pause_forever(void) {
    for (;;) pause();
}

static void write_all(int fd, const char *data, size_t length) {
    while (length > 0) {
        ssize_t n = write(fd, data, length);
        if (n < 0) {
            if (errno == EINTR) continue;
            _exit(120);
        }
        data += n;
        length -= (size_t) n;
    }
}

/* MB megabytes: first a 1 MiB burst with no newline, then 100-byte lines. */
static void flood(int fd, long megabytes) {
    static char block[65536];
    fflush(stdout);
    memset(block, 'x', sizeof block);
    long remaining = megabytes * 1024 * 1024;
    for (int i = 0; i < 16 && remaining > 0; i++, remaining -= (long) sizeof block) {
        write_all(fd, block, sizeof block);
    }
    for (size_t i = 99; i < sizeof block; i += 100) block[i] = '\n';
    for (; remaining > 0; remaining -= (long) sizeof block) {
        write_all(fd, block, sizeof block);
    }
}

static char *touch_memory(long megabytes) {
    size_t bytes = (size_t) megabytes * 1024 * 1024;
    char *memory = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) {
        fprintf(stderr, "INTERNAL PANIC: out of memory\n");
        exit(1);
    }
    for (size_t i = 0; i < bytes; i += 4096) memory[i] = 1;
    return memory;
}

static double cpu_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double) ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Descendants that ignore SIGTERM and hold our stdout/stderr; odd ones leave the session and are orphaned. */
static void spawn_descendants(int count, int ignore_term) {
    for (int i = 0; i < count; i++) {
        pid_t pid = fork();
        if (pid < 0) {
            return;
        }
        if (pid == 0) {
            if (ignore_term) signal(SIGTERM, SIG_IGN);
            if (i % 2 == 1) {
                setsid();
                if (fork() != 0) _exit(0);
            }
            pause_forever();
        }
        if (i % 2 == 1) waitpid(pid, NULL, 0);
    }
}

/*
 * A tree that sleeps: COUNT children, each with a child of its own, all ignoring SIGTERM. Every second child first
 * calls setsid, so it and its child live in another session and process group than the verifier.
 */
static void spawn_tree(int count) {
    for (int i = 0; i < count; i++) {
        pid_t pid = fork();
        if (pid < 0) {
            return;
        }
        if (pid == 0) {
            signal(SIGTERM, SIG_IGN);
            if (i % 2 == 1) setsid();
            if (fork() < 0) _exit(1);
            pause_forever();
        }
    }
}

/*
 * COUNT daemons that leave every trace a supervisor could follow short of a cgroup: each calls setsid, is orphaned
 * by a double fork, and execs sleep(1) with an empty environment. Returns once every one has exec'd: each holds the
 * write end of a close-on-exec pipe until then, so the read end reaches end of file only after the last exec.
 */
static void spawn_escapees(int count) {
    int exec_done[2];
    if (pipe2(exec_done, O_CLOEXEC) != 0) {
        return;
    }
    for (int i = 0; i < count; i++) {
        pid_t pid = fork();
        if (pid < 0) {
            break;
        }
        if (pid == 0) {
            close(exec_done[0]);
            setsid();
            if (fork() != 0) _exit(0);
            char *const argv[] = { "sleep", "600", NULL };
            char *const no_environment[] = { NULL };
            execve("/bin/sleep", argv, no_environment);
            _exit(127);
        }
        waitpid(pid, NULL, 0);
    }
    close(exec_done[1]);
    char ignored;
    while (read(exec_done[0], &ignored, 1) < 0 && errno == EINTR) {
    }
    close(exec_done[0]);
}

/* The parent of `pid` from /proc/PID/stat (the field after the parenthesised command name), or -1. */
static pid_t parent_of(pid_t pid) {
    char path[64];
    char stat[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int) pid);
    FILE *file = fopen(path, "r");
    if (file == NULL) return -1;
    size_t n = fread(stat, 1, sizeof stat - 1, file);
    fclose(file);
    stat[n] = '\0';
    char *close = strrchr(stat, ')');
    int parent;
    return close != NULL && sscanf(close + 2, "%*c %d", &parent) == 1 ? (pid_t) parent : -1;
}

/* SIGKILLs the nearest ancestor whose command name is `name` (as Lean code can through #eval); 0 when found. */
static int kill_ancestor_named(const char *name) {
    for (pid_t pid = getppid(); pid > 1; pid = parent_of(pid)) {
        char path[64];
        char comm[64] = "";
        snprintf(path, sizeof path, "/proc/%d/comm", (int) pid);
        FILE *file = fopen(path, "r");
        if (file == NULL) return -1;
        if (fgets(comm, sizeof comm, file) == NULL) comm[0] = '\0';
        fclose(file);
        comm[strcspn(comm, "\n")] = '\0';
        if (strcmp(comm, name) == 0) return kill(pid, SIGKILL);
    }
    return -1;
}

static void copy_file_to(FILE *out, const char *path) {
    FILE *in = fopen(path, "rb");
    if (in == NULL) {
        fprintf(stderr, "fake-lean: cannot read %s\n", path);
        exit(98);
    }
    char buffer[8192];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, in)) > 0) fwrite(buffer, 1, n, out);
    fclose(in);
}

static const char *sorry_text(const char *wording) {
    if (strcmp(wording, "quote") == 0) return "declaration uses 'sorry'";
    if (strcmp(wording, "named") == 0) return "declaration `fake_theorem` uses `sorry`";
    return "declaration uses `sorry`";
}

static void heartbeat_error(int line, int generation) {
    if (opt.max_heartbeats == 0) {
        busy_forever(); /* maxHeartbeats 0 means no limit: the search never stops */
    }
    char text[1024];
    long n = opt.max_heartbeats;
    if (generation == 1) {
        snprintf(text, sizeof text, "(deterministic) timeout at 'whnf', maximum number of heartbeats (%ld) has been "
                 "reached (use 'set_option maxHeartbeats <num>' to set the limit)", n);
    } else if (generation == 2) {
        snprintf(text, sizeof text, "(deterministic) timeout at `whnf`, maximum number of heartbeats (%ld) has been "
                 "reached\nuse `set_option maxHeartbeats <num>` to set the limit\n"
                 "use `set_option diagnostics true` to get diagnostic information", n);
    } else {
        snprintf(text, sizeof text, "(deterministic) timeout at `whnf`, maximum number of heartbeats (%ld) has been "
                 "reached\nUse `set_option maxHeartbeats <num>` to set the limit.\n"
                 "Additional diagnostic information may be available using the `set_option diagnostics true` "
                 "command.", n);
    }
    error_at(line, generation == 3 ? "runtime.maxHeartbeats" : "[anonymous]", text);
}

static void run_directive(int line, char *verb, char *rest) {
    char *arg = rest;
    while (*arg == ' ') arg++;
    long number = atol(arg);
    if (strcmp(verb, "ok") == 0) {
    } else if (strcmp(verb, "info") == 0) {
        emit_message("information", line, 0, NULL, NULL, arg);
    } else if (strcmp(verb, "warning") == 0) {
        emit_message("warning", line, 0, NULL, NULL, arg);
    } else if (strcmp(verb, "sorry") == 0) {
        emit_message("warning", line, 8, "hasSorry", NULL, sorry_text(*arg != '\0' ? arg : conf.sorry));
    } else if (strcmp(verb, "error") == 0) {
        if (strcmp(arg, "type-mismatch") == 0) {
            error_at(line, "[anonymous]", "type mismatch\n  rfl\nhas type\n  1 = 1 : Prop\n"
                     "but is expected to have type\n  1 = 2 : Prop");
        } else if (strcmp(arg, "unsolved-goals") == 0) {
            error_at(line, "[anonymous]", "unsolved goals\nx : Nat\n\xe2\x8a\xa2 x + 0 = x");
        } else if (strcmp(arg, "unknown-identifier") == 0) {
            if (conf.named_errors) {
                emit_message("error", line, 6, "lean.unknownIdentifier._namedError", "lean.unknownIdentifier",
                             "Unknown identifier `foo`");
            } else {
                error_at(line, "[anonymous]", "unknown identifier 'foo'");
            }
        } else {
            error_at(line, "[anonymous]", arg);
        }
    } else if (strcmp(verb, "errors") == 0) {
        for (long i = 0; i < number; i++) {
            char text[64];
            snprintf(text, sizeof text, "unknown identifier 'x%ld'", i);
            error_at(line, "[anonymous]", text);
        }
    } else if (strcmp(verb, "heartbeats") == 0) {
        heartbeat_error(line, *arg != '\0' ? (int) number : conf.heartbeat_generation);
    } else if (strcmp(verb, "kernel-timeout") == 0) {
        error_at(line, "[anonymous]", "(kernel) deterministic timeout");
    } else if (strcmp(verb, "kernel-deep-recursion") == 0) {
        error_at(line, "[anonymous]", "(kernel) deep recursion detected");
    } else if (strcmp(verb, "recursion") == 0) {
        if (strcmp(arg, "old") == 0) {
            error_at(line, "[anonymous]", "maximum recursion depth has been reached (use `set_option maxRecDepth "
                     "<num>` to increase limit)");
        } else {
            error_at(line, "runtime.maxRecDepth", "maximum recursion depth has been reached\nuse `set_option "
                     "maxRecDepth <num>` to increase limit\nuse `set_option diagnostics true` to get diagnostic "
                     "information");
        }
    } else if (strcmp(verb, "panic") == 0) {
        fprintf(stderr, "PANIC at Fake.boom Fake:%d:4: index out of bounds\n", line);
        const char *backtrace = getenv("LEAN_BACKTRACE");
        if (backtrace == NULL || strcmp(backtrace, "0") != 0) {
            fprintf(stderr, "backtrace:\n/opt/lean/bin/lean(lean_panic_fn+0x8e) [0x55d0c0a1b2ce]\n");
        }
        if (opt.exit_on_panic) exit(1);
        if (getenv("LEAN_ABORT_ON_PANIC") != NULL) abort();
    } else if (strcmp(verb, "stack-overflow") == 0) {
        const char text[] = "\nStack overflow detected. Aborting.\n";
        write_all(STDERR_FILENO, text, sizeof text - 1);
        abort();
    } else if (strcmp(verb, "oom-internal") == 0) {
        fprintf(stderr, "INTERNAL PANIC: out of memory\n");
        exit(1);
    } else if (strcmp(verb, "oom-badalloc") == 0) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    } else if (strcmp(verb, "oom-kernel") == 0) {
        if (opt.memory_mb > 0) error_at(line, "[anonymous]", "(kernel) excessive memory consumption detected");
    } else if (strcmp(verb, "sigkill") == 0) {
        fflush(stdout);
        raise(SIGKILL);
    } else if (strcmp(verb, "abort") == 0) {
        abort();
    } else if (strcmp(verb, "exit") == 0) {
        exit((int) number);
    } else if (strcmp(verb, "grow") == 0) {
        long step = number > 0 ? number : 16;
        for (long total = 0; total < 4096; total += step) {
            touch_memory(step);
            sleep_ms(5);
        }
        pause_forever();
    } else if (strcmp(verb, "hang") == 0) {
        pause_forever(); /* messages so far stay in stdio's buffer and are lost on a kill, as with Lean */
    } else if (strcmp(verb, "hang-busy") == 0) {
        busy_forever();
    } else if (strcmp(verb, "hang-ignore-term") == 0) {
        signal(SIGTERM, SIG_IGN);
        spawn_descendants(number > 0 ? (int) number : 2, 1);
        pause_forever();
    } else if (strcmp(verb, "tree") == 0) {
        spawn_tree(number > 0 ? (int) number : 2);
    } else if (strcmp(verb, "escape") == 0) {
        spawn_escapees(number > 0 ? (int) number : 1);
    } else if (strcmp(verb, "kill-launcher") == 0) {
        if (kill_ancestor_named("noisecal-launch") != 0) {
            fprintf(stderr, "fake-lean: no noisecal-launch among my ancestors\n");
            exit(97);
        }
    } else if (strcmp(verb, "stray") == 0) {
        spawn_descendants(number > 0 ? (int) number : 1, 0);
    } else if (strcmp(verb, "flood-stdout") == 0) {
        flood(STDOUT_FILENO, number);
    } else if (strcmp(verb, "flood-stderr") == 0) {
        flood(STDERR_FILENO, number);
    } else if (strcmp(verb, "sleep") == 0) {
        sleep_ms(number);
    } else if (strcmp(verb, "hold") == 0) {
        char *end;
        long megabytes = strtol(arg, &end, 10);
        long ms = strtol(end, NULL, 10);
        char *memory = touch_memory(megabytes);
        sleep_ms(ms);
        munmap(memory, (size_t) megabytes * 1024 * 1024);
    } else if (strcmp(verb, "spike") == 0) {
        /* spike BASE_MB HOLD_MS EXTRA_MB EXTRA_MS: hold BASE for HOLD, with EXTRA more for EXTRA_MS in the middle */
        long values[4] = { 0, 0, 0, 0 };
        char *cursor = arg;
        for (int i = 0; i < 4; i++) values[i] = strtol(cursor, &cursor, 10);
        char *base = touch_memory(values[0]);
        sleep_ms(values[1] / 2);
        char *extra = touch_memory(values[2]);
        sleep_ms(values[3]);
        munmap(extra, (size_t) values[2] * 1024 * 1024);
        sleep_ms(values[1] / 2);
        munmap(base, (size_t) values[0] * 1024 * 1024);
    } else if (strcmp(verb, "burn") == 0) {
        double until = cpu_seconds() + number / 1000.0;
        volatile unsigned long spin = 0;
        while (cpu_seconds() < until) spin++;
    } else if (strcmp(verb, "replay-stdout") == 0) {
        copy_file_to(stdout, arg);
    } else if (strcmp(verb, "replay-stderr") == 0) {
        fflush(stdout);
        copy_file_to(stderr, arg);
        fflush(stderr);
    } else if (strcmp(verb, "stdout") == 0) {
        printf("%s\n", arg);
    } else if (strcmp(verb, "stderr") == 0) {
        fprintf(stderr, "%s\n", arg);
    } else {
        fprintf(stderr, "fake-lean: unknown directive '%s'\n", verb);
        exit(99);
    }
}

static char *read_source(const char *path) {
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        return NULL;
    }
    size_t capacity = 65536, length = 0;
    char *text = malloc(capacity);
    size_t n;
    while ((n = fread(text + length, 1, capacity - length - 1, file)) > 0) {
        length += n;
        if (capacity - length < 4096) text = realloc(text, capacity *= 2);
    }
    fclose(file);
    text[length] = '\0';
    return text;
}

static int lean_main(int argc, char **argv) {
    static int json_flag;
    int use_stdin = 0;
    struct option long_options[] = {
        { "version", no_argument, 0, 'v' },
        { "help", no_argument, 0, 'h' },
        { "githash", no_argument, 0, 'g' },
        { "short-version", no_argument, 0, 'V' },
        { "stdin", no_argument, 0, 'I' },
        { "root", required_argument, 0, 'R' },
        { "memory", required_argument, 0, 'M' },
        { "timeout", optional_argument, 0, 'T' },
        { "threads", required_argument, 0, 'j' },
        { "tstack", required_argument, 0, 's' },
        { "profile", no_argument, 0, 'P' },
        { "stats", no_argument, 0, 'a' },
        { "quiet", no_argument, 0, 'q' },
        { "error", required_argument, 0, 'E' },
        { "exitOnPanic", no_argument, 0, 'e' },
        { "json", no_argument, &json_flag, 1 }, /* last, so that an older Lean can drop it */
        { 0, 0, 0, 0 },
    };
    if (!conf.json_supported) {
        long_options[sizeof long_options / sizeof long_options[0] - 2] = long_options[sizeof long_options
                                                                                   / sizeof long_options[0] - 1];
    }
    int c;
    while ((c = getopt_long(argc, argv, "PdD:o:i:qgvVht:j:R:M:T:ap:eE:s:", long_options, NULL)) != -1) {
        switch (c) {
            case 0: break;
            case 'v': print_version_line(); return 0;
            case 'V': printf("%s\n", conf.version); return 0;
            case 'g': printf("%s\n", conf.commit); return 0;
            case 'h': help(stdout); return 0;
            case 'I': use_stdin = 1; break;
            case 'M': opt.memory_mb = atoi(optarg); break;
            case 'D': if (set_config_option(optarg) != 0) return 1; break;
            case 'e': opt.exit_on_panic = 1; break;
            case 'T': case 'j': case 'R': case 's': case 'P': case 'a': case 'q': case 'E': case 't': case 'o':
            case 'i': case 'p': case 'd':
                break; /* accepted; -T counts heartbeats, not seconds, and no scenario depends on it */
            default:
                fprintf(stderr, "Unknown command line option\n");
                help(stderr);
                return 1;
        }
    }
    opt.json = json_flag;
    if (use_stdin ? argc - optind > 1 : argc - optind != 1) {
        fprintf(stderr, "Expected exactly one file name\n");
        help(stderr);
        return 1;
    }
    opt.file = optind < argc ? argv[optind] : "<stdin>";
    char *source = use_stdin ? NULL : read_source(opt.file);
    if (source == NULL) {
        fprintf(stderr, "file '%s' not found\n", opt.file);
        return 1;
    }
    if (conf.startup_ms > 0) sleep_ms(conf.startup_ms);
    check_imports(source);
    for (int i = 0; i < unchecked_count; i++) {
        if (strncmp(unchecked_options[i], "weak.", 5) != 0 && strncmp(unchecked_options[i], "linter.", 7) != 0
            && strncmp(unchecked_options[i], "trace.", 6) != 0 && strncmp(unchecked_options[i], "pp.", 3) != 0) {
            fprintf(stderr, "invalid -D parameter, unknown configuration option '%s'\n", unchecked_options[i]);
            return 1;
        }
    }
    int line_number = 0;
    for (char *line = source; line != NULL && *line != '\0';) {
        char *next = strchr(line, '\n');
        if (next != NULL) *next = '\0';
        line_number++;
        if (strncmp(line, "-- fake: ", 9) == 0) {
            char *verb = line + 9;
            char *rest = verb + strcspn(verb, " ");
            if (*rest != '\0') *rest++ = '\0';
            run_directive(line_number, verb, rest);
        }
        line = next != NULL ? next + 1 : NULL;
    }
    fflush(stdout);
    return error_count > 0 ? 1 : 0;
}

/* ---------------------------------------------------------------- lake */

static void append_path(char *into, size_t size, const char *entry) {
    size_t used = strlen(into);
    snprintf(into + used, size - used, "%s%s", used > 0 ? ":" : "", entry);
}

static int lake_main(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
        printf("Lake version 5.0.0-fake (Lean version %s)\n", conf.version);
        return 0;
    }
    if (argc < 2 || strcmp(argv[1], "env") != 0) {
        fprintf(stderr, "error: unknown command '%s'\n", argc >= 2 ? argv[1] : "");
        return 1;
    }
    if (conf.lake_startup_ms > 0) sleep_ms(conf.lake_startup_ms);
    if (!is_file("lakefile.lean") && !is_file("lakefile.toml")) {
        fprintf(stderr, "error: no configuration file with a supported extension:\n./lakefile.lean\n./lakefile.toml\n");
        return 1;
    }
    char cwd[PATH_MAX];
    if (getcwd(cwd, sizeof cwd) == NULL) return 1;
    char lean_path[16384] = "";
    char src_path[16384] = "";
    char entry[PATH_MAX * 2];
    snprintf(entry, sizeof entry, "%s/.lake/build/lib/lean", cwd);
    append_path(lean_path, sizeof lean_path, entry);
    append_path(src_path, sizeof src_path, cwd);
    char packages[PATH_MAX + 32];
    snprintf(packages, sizeof packages, "%s/.lake/packages", cwd);
    DIR *dir = opendir(packages);
    if (dir != NULL) {
        for (struct dirent *d = readdir(dir); d != NULL; d = readdir(dir)) {
            if (d->d_name[0] == '.') continue;
            snprintf(entry, sizeof entry, "%s/%s/.lake/build/lib/lean", packages, d->d_name);
            append_path(lean_path, sizeof lean_path, entry);
            snprintf(entry, sizeof entry, "%s/%s", packages, d->d_name);
            append_path(src_path, sizeof src_path, entry);
        }
        closedir(dir);
    }
    const char *old_lean_path = getenv("LEAN_PATH");
    if (old_lean_path != NULL && *old_lean_path != '\0') append_path(lean_path, sizeof lean_path, old_lean_path);
    char path[16384];
    const char *old_path = getenv("PATH");
    snprintf(path, sizeof path, "%s:%s", exe_dir, old_path != NULL ? old_path : "/usr/bin:/bin");
    char lean[PATH_MAX + 8];
    snprintf(lean, sizeof lean, "%s/lean", exe_dir);
    char sysroot[PATH_MAX + 8];
    snprintf(sysroot, sizeof sysroot, "%s/..", exe_dir);
    setenv("LEAN_PATH", lean_path, 1);
    setenv("LEAN_SRC_PATH", src_path, 1);
    setenv("PATH", path, 1);
    setenv("LAKE", exe_path, 1);
    setenv("LAKE_HOME", sysroot, 1);
    setenv("LEAN", lean, 1);
    setenv("LEAN_SYSROOT", sysroot, 1);
    setenv("LEAN_GITHASH", conf.commit, 1);
    setenv("ELAN_TOOLCHAIN", "fake", 1);
    if (argc == 2) {
        const char *names[] = { "LEAN_PATH", "LEAN_SRC_PATH", "PATH", "LAKE", "LAKE_HOME", "LEAN", "LEAN_SYSROOT",
                                "LEAN_GITHASH", "ELAN_TOOLCHAIN", NULL };
        for (int i = 0; names[i] != NULL; i++) printf("%s=%s\n", names[i], getenv(names[i]));
        return 0;
    }
    pid_t child;
    if (posix_spawnp(&child, argv[2], NULL, NULL, &argv[2], environ) != 0) {
        fprintf(stderr, "could not execute external process '%s'\n", argv[2]);
        return 255;
    }
    int status;
    while (waitpid(child, &status, 0) < 0) {
        if (errno != EINTR) return 1;
    }
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

int main(int argc, char **argv) {
    load_config();
    char invoked_as[PATH_MAX];
    copy_value(invoked_as, sizeof invoked_as, argv[0]);
    if (strcmp(basename(invoked_as), "lake") == 0) {
        return lake_main(argc, argv);
    }
    return lean_main(argc, argv);
}
