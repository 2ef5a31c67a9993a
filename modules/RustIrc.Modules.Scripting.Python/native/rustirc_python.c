/*
 * The Python engine's native helper: what a script must be unable to reach or undo, so it lives in C
 * rather than in Python.
 *   - The bridge: the one builtin function the irc module's functions call the client through. A builtin
 *     has no globals, closure or module to walk, and acts only as the script that is running.
 *   - The audit hook: while a script runs, every audited operation it was not allowed is refused
 *     (files, sockets, processes, native code, frames, the interpreter's hooks, imports outside the
 *     allow-list). CPython cannot remove an audit hook once added.
 *   - The interrupt: an exception raised into the loop thread when a call runs past its time, and if the
 *     script keeps swallowing it, a trace function that raises it at every line. A call past its time
 *     also gets no more memory, which ends a long operation in C (a huge multiplication) that holds the
 *     GIL and so never reaches the next bytecode.
 *   - The memory account: CPython's object and memory allocators wrapped, each block tagged with the script
 *     whose code allocated it, and refused past that script's limit (Python then raises MemoryError).
 * CPython's functions come as a table of pointers from PythonNative.cs, so no Python headers are needed
 * and the helper links against nothing but libc. Build: gcc -O2 -std=c11 -shared -fPIC.
 *
 * One process has one interpreter but may have several clients (kernels) using it, each on its own loop
 * thread, taking turns at the GIL: so what runs is kept per thread, and each client has its own bridge.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define RUSTIRC_PYTHON_ABI 6

typedef struct _object PyObject;
typedef PyObject *(*PyCFunction)(PyObject *, PyObject *);
/* The stable ABI's method definition (Include/methodobject.h); its layout has not changed since 3.0. */
typedef struct {
    const char *ml_name;
    PyCFunction ml_meth;
    int ml_flags;
    const char *ml_doc;
} PyMethodDef;
#define METH_VARARGS 0x0001
typedef int (*AuditHook)(const char *, PyObject *, void *);

/* In the order of PythonNative.PythonFunctions. */
static struct {
    PyObject *(*PyCFunction_NewEx)(PyMethodDef *, PyObject *, PyObject *);
    int (*PySys_AddAuditHook)(AuditHook, void *);
    void (*PyErr_SetString)(PyObject *, const char *);
    void *(*PyEval_GetFrame)(void);
    PyObject *(*PyFrame_GetCode)(void *);
    PyObject *(*PyObject_GetAttrString)(PyObject *, const char *);
    const char *(*PyUnicode_AsUTF8)(PyObject *);
    void (*Py_DecRef)(PyObject *);
    int (*PyGILState_Ensure)(void);
    void (*PyGILState_Release)(int);
    int (*PyThreadState_SetAsyncExc)(unsigned long, PyObject *);
    void (*PyErr_Clear)(void);
    PyObject *(*PyLong_FromLong)(long);
    long (*PyLong_AsLong)(PyObject *);
    void *(*PyThreadState_Get)(void);
    /* CPython's own (sys.settrace uses it) and may be missing from a build: then there is no escalation. */
    int (*_PyEval_SetTrace)(void *, int (*)(PyObject *, void *, int, PyObject *), PyObject *);
} py;

static PyObject *permission_error;

/*
 * What runs on this thread. Calls into scripts nest (a script sends a message, and a handler of another
 * script sees it before the send returns), so it is a stack: each entry the script's name (for refusals,
 * e.g. "python 'seen'"), its memory account, and whether its code runs or the client works for it (inside
 * the bridge). Changed on the thread itself, holding the GIL; the watchdog reads it holding the GIL too.
 */
#define MAX_DEPTH 200
typedef struct {
    int running;
    uint32_t account;
    const char *name;
} Frame;

typedef struct {
    int running;           /* a script's own code runs now (0: the client, or no script) */
    uint32_t account;      /* the memory account charged now (0: none) */
    const char *name;      /* the client's copy, alive as long as the script */
    Frame stack[MAX_DEPTH];
    int depth;
    long outermost_call;   /* numbers the outermost call, for the watchdog */
    unsigned long ident;   /* the thread as CPython knows it (PyThread_get_thread_ident) */
    void *tstate;          /* its PyThreadState */
    int interrupted;       /* how many times the watchdog raised into the outermost call */
    PyObject *limit_error; /* what it raised */
    int tracing;           /* the escalation: a trace function raising at every line */
    long overdue;          /* the outermost call the watchdog found past its time (written without the GIL) */
} Thread;

static _Thread_local Thread here;

/*
 * Stdlib files that may do, for a script, what the script itself may not: dataclasses and namedtuple
 * compile the methods they make, enum and namedtuple read their caller's module name from its frame.
 */
#define MAX_TRUSTED 16
static struct {
    char event[32];
    char file[1024];
} trusted[MAX_TRUSTED];
static int trusted_count;

/* Audited operations ordinary scripts do, harmless in themselves. */
static const char *const harmless[] = {
    "exec",               /* runs a code object; making one is what is guarded (compile, code.__new__) */
    "object.__setattr__", /* a class's own attributes, set by decorators and class bodies */
    "object.__delattr__",
    "builtins.id",        /* an object's identity, which dataclasses and reprlib ask for */
    NULL,
};

int rustirc_py_abi(void) { return RUSTIRC_PYTHON_ABI; }

/*
 * The memory account. Every block of the MEM and OBJ domains (all a script's objects: both take the GIL)
 * carries a header naming the account it is charged to: the script whose call was running when it was
 * made (the client's work inside that call included), or the one the client compiled or set up, or none. An account past its limit is refused; the host reads what each account holds.
 * Installed before the interpreter starts, so every block has a header.
 */
typedef struct {
    void *ctx;
    void *(*malloc)(void *, size_t);
    void *(*calloc)(void *, size_t, size_t);
    void *(*realloc)(void *, void *, size_t);
    void (*free)(void *, void *);
} Allocator;

enum { DOMAIN_MEM = 1, DOMAIN_OBJ = 2 };
#define HEADER 16
typedef struct {
    size_t size;
    uint32_t account;
    uint32_t unused;
} Header;
_Static_assert(sizeof(Header) == HEADER, "the header keeps blocks 16-byte aligned");

/* Accounts by id modulo ACCOUNTS; an id is never reused, so a block outliving its script is freed to nobody. */
#define ACCOUNTS 4096
typedef struct {
    uint32_t id;
    int32_t refused;
    int64_t used;
    int64_t limit;
} Account;
static Account accounts[ACCOUNTS];
static Allocator original[3];
static int allocator_installed;

static Account *account_of(uint32_t id)
{
    Account *account = &accounts[id % ACCOUNTS];
    return id != 0 && account->id == id ? account : NULL;
}

/* Numbers calls for the whole process, so a mark the watchdog left for an ended call never matches a later one. */
static long calls;

long rustirc_py_next_call(void) { return __atomic_add_fetch(&calls, 1, __ATOMIC_RELAXED); }

/* Whether the watchdog found this thread's running call past its time. */
int rustirc_py_overdue(void)
{
    return here.outermost_call != 0 && __atomic_load_n(&here.overdue, __ATOMIC_RELAXED) == here.outermost_call;
}

static int may_take(size_t size)
{
    if (rustirc_py_overdue()) return 0;
    Account *account = account_of(here.account);
    if (account == NULL) return 1;
    if (account->used + (int64_t)size > account->limit) {
        account->refused++;
        return 0;
    }
    return 1;
}

static void *tag(void *raw, size_t size)
{
    if (raw == NULL) return NULL;
    Header *header = raw;
    header->size = size;
    header->account = here.account;
    Account *account = account_of(header->account);
    if (account != NULL) account->used += (int64_t)size;
    return (char *)raw + HEADER;
}

static void untag(Header *header)
{
    Account *account = account_of(header->account);
    if (account != NULL) account->used -= (int64_t)header->size;
}

static void *counted_malloc(void *ctx, size_t size)
{
    Allocator *inner = ctx;
    if (size > SIZE_MAX - HEADER || !may_take(size)) return NULL;
    return tag(inner->malloc(inner->ctx, size + HEADER), size);
}

static void *counted_calloc(void *ctx, size_t count, size_t each)
{
    Allocator *inner = ctx;
    if (each != 0 && count > (SIZE_MAX - HEADER) / each) return NULL;
    size_t size = count * each;
    if (!may_take(size)) return NULL;
    /* One zeroed block with room for the header in front. */
    return tag(inner->calloc(inner->ctx, 1, size + HEADER), size);
}

static void *counted_realloc(void *ctx, void *block, size_t size)
{
    Allocator *inner = ctx;
    if (block == NULL) return counted_malloc(ctx, size);
    if (size > SIZE_MAX - HEADER) return NULL;
    Header *header = (Header *)((char *)block - HEADER);
    size_t old = header->size;
    uint32_t owner = header->account;
    if (size > old && !may_take(size - old)) return NULL;
    Header *moved = inner->realloc(inner->ctx, header, size + HEADER);
    if (moved == NULL) return NULL;
    /* The block stays on its account, grown or shrunk. */
    Account *account = account_of(owner);
    if (account != NULL) account->used += (int64_t)size - (int64_t)old;
    moved->size = size;
    return (char *)moved + HEADER;
}

static void counted_free(void *ctx, void *block)
{
    Allocator *inner = ctx;
    if (block == NULL) return;
    Header *header = (Header *)((char *)block - HEADER);
    untag(header);
    inner->free(inner->ctx, header);
}

/* Wraps the allocators, before the interpreter starts; 1 when they are wrapped (now or before), 0 when too late. */
int rustirc_py_install_allocator(void **functions)
{
    if (allocator_installed) return 1;
    void (*get)(int, void *) = (void (*)(int, void *))functions[0];
    void (*set)(int, void *) = (void (*)(int, void *))functions[1];
    int (*initialized)(void) = (int (*)(void))functions[2];
    if (initialized()) return 0;
    for (int domain = DOMAIN_MEM; domain <= DOMAIN_OBJ; domain++) {
        get(domain, &original[domain]);
        Allocator counted = {&original[domain], counted_malloc, counted_calloc, counted_realloc, counted_free};
        set(domain, &counted);
    }
    allocator_installed = 1;
    return 1;
}

/* Charges what is allocated from now on to <account> (0: nobody); returns the account charged before. */
uint32_t rustirc_py_charge(uint32_t account)
{
    uint32_t previous = here.account;
    here.account = account;
    return previous;
}

/* Opens a new account with a limit of <limit> bytes; returns its id (never 0, never one used before in this process). */
uint32_t rustirc_py_account_new(int64_t limit)
{
    static uint32_t last;
    uint32_t id = ++last == 0 ? ++last : last;
    Account *account = &accounts[id % ACCOUNTS];
    account->id = id;
    account->used = 0;
    account->refused = 0;
    account->limit = limit;
    return id;
}

/* Closes account <id>: its blocks still alive are charged to nobody from now on. */
void rustirc_py_account_close(uint32_t id)
{
    Account *account = account_of(id);
    if (account != NULL) account->id = 0;
}

/* What account <id> holds now, in bytes. */
int64_t rustirc_py_account_used(uint32_t id)
{
    Account *account = account_of(id);
    return account != NULL ? account->used : 0;
}

/* How many allocations account <id> was refused since it was last asked (and resets the count). */
int32_t rustirc_py_account_refused(uint32_t id)
{
    Account *account = account_of(id);
    if (account == NULL) return 0;
    int32_t refused = account->refused;
    account->refused = 0;
    return refused;
}


/* The clients' sides of the bridge, by id (ids are never reused: a detached client's bridge finds no one). */
#define HOSTS 64
typedef PyObject *(*HostCall)(PyObject *args);
static struct {
    long id;
    HostCall call;
} hosts[HOSTS];
static long last_host;

static PyObject *bridge(PyObject *self, PyObject *args)
{
    long id = py.PyLong_AsLong(self);
    HostCall call = id > 0 && hosts[id % HOSTS].id == id ? hosts[id % HOSTS].call : NULL;
    if (call == NULL) {
        py.PyErr_SetString(permission_error, "the python module is not loaded");
        return NULL;
    }
    /* The client's own work runs unaudited; the script is running again when it returns. */
    int was = here.running;
    here.running = 0;
    PyObject *result = call(args);
    here.running = was;
    return result;
}

static PyMethodDef bridge_def = {"call", bridge, METH_VARARGS, "The client's side of the irc module."};

static int is_trusted_caller(const char *event)
{
    void *frame = py.PyEval_GetFrame();
    if (frame == NULL) return 0;
    PyObject *code = py.PyFrame_GetCode(frame);
    if (code == NULL) return 0;
    int found = 0;
    PyObject *file = py.PyObject_GetAttrString(code, "co_filename");
    if (file != NULL) {
        const char *name = py.PyUnicode_AsUTF8(file);
        for (int i = 0; name != NULL && i < trusted_count && !found; i++) {
            /* A file ending in '/' is a folder: every file in it. */
            size_t length = strlen(trusted[i].file);
            int folder = length > 0 && trusted[i].file[length - 1] == '/';
            found = strcmp(trusted[i].event, event) == 0 && (folder ? strncmp(trusted[i].file, name, length) == 0 : strcmp(trusted[i].file, name) == 0);
        }
        py.Py_DecRef(file);
    }
    py.PyErr_Clear();
    py.Py_DecRef(code);
    return found;
}

static int starts_with(const char *text, const char *prefix) { return strncmp(text, prefix, strlen(prefix)) == 0; }

/* What the script tried, in words, for the refusal. */
static const char *described(const char *event)
{
    if (strcmp(event, "open") == 0 || starts_with(event, "os.") || starts_with(event, "shutil.") || starts_with(event, "glob."))
        return "touch files or the system directly; open() and irc.file go through the client, which checks your grants";
    if (starts_with(event, "socket.") || starts_with(event, "urllib.") || starts_with(event, "http.") || starts_with(event, "ftplib.") || starts_with(event, "smtplib."))
        return "open network connections";
    if (starts_with(event, "subprocess.") || starts_with(event, "pty.") || starts_with(event, "webbrowser."))
        return "run programs";
    if (starts_with(event, "ctypes.") || starts_with(event, "mmap."))
        return "call native code or map memory";
    if (strcmp(event, "import") == 0)
        return "import modules beyond the allowed ones";
    if (strcmp(event, "compile") == 0 || starts_with(event, "code.") || starts_with(event, "function.") || starts_with(event, "marshal.") || starts_with(event, "pickle."))
        return "make or load code at run time";
    if (strcmp(event, "object.__getattr__") == 0 || strcmp(event, "sys._getframe") == 0 || starts_with(event, "sys._current"))
        return "reach the interpreter's frames or code objects";
    if (starts_with(event, "gc."))
        return "walk the interpreter's objects";
    if (starts_with(event, "sys."))
        return "change the interpreter (its hooks, tracing, limits)";
    if (strcmp(event, "time.sleep") == 0)
        return "sleep, which would stop the whole client; use irc.timer";
    return "do this";
}

static int audit(const char *event, PyObject *args, void *data)
{
    (void)args;
    (void)data;
    if (!here.running) return 0;
    for (const char *const *ok = harmless; *ok != NULL; ok++) {
        if (strcmp(*ok, event) == 0) return 0;
    }
    if (is_trusted_caller(event)) return 0;
    char message[512];
    snprintf(message, sizeof message, "%s may not %s (refused: %s)", here.name != NULL ? here.name : "a script", described(event), event);
    py.PyErr_SetString(permission_error, message);
    return -1;
}

/* Takes CPython's functions and the exception refusals raise; adds the audit hook (once per process). */
int rustirc_py_init(void **functions, PyObject *permission)
{
    static int hooked;
    memcpy(&py, functions, sizeof py);
    permission_error = permission;
    if (hooked) return 0;
    hooked = 1;
    return py.PySys_AddAuditHook(audit, NULL);
}

/* A client's side of the bridge: returns its id, for rustirc_py_bridge and rustirc_py_detach; 0 when all are taken. */
long rustirc_py_attach(HostCall call)
{
    for (int tries = 0; tries < HOSTS; tries++) {
        long id = ++last_host;
        if (hosts[id % HOSTS].call == NULL) {
            hosts[id % HOSTS].id = id;
            hosts[id % HOSTS].call = call;
            return id;
        }
    }
    return 0;
}

/* The client <id> is going: its bridge refuses from now on. */
void rustirc_py_detach(long id)
{
    if (id > 0 && hosts[id % HOSTS].id == id) hosts[id % HOSTS].call = NULL;
}

/* The bridge of client <id> as a builtin function (a new reference); NULL with an exception set on failure. */
PyObject *rustirc_py_bridge(long id)
{
    PyObject *self = py.PyLong_FromLong(id);
    if (self == NULL) return NULL;
    PyObject *function = py.PyCFunction_NewEx(&bridge_def, self, NULL);
    py.Py_DecRef(self);
    return function;
}

/* Lets the stdlib file <file> (a folder when it ends in '/') do <event> for a script (full path, as its code objects name it). */
int rustirc_py_trust(const char *event, const char *file)
{
    for (int i = 0; i < trusted_count; i++) {
        if (strcmp(trusted[i].event, event) == 0 && strcmp(trusted[i].file, file) == 0) return 0;
    }
    if (trusted_count == MAX_TRUSTED || strlen(event) >= sizeof trusted[0].event || strlen(file) >= sizeof trusted[0].file) return -1;
    strcpy(trusted[trusted_count].event, event);
    strcpy(trusted[trusted_count].file, file);
    trusted_count++;
    return 0;
}

/*
 * A script's call begins on this thread: <name> for refusals (kept, not copied: it must outlive the call),
 * <account> charged for its memory, <call> numbering the outermost one for the watchdog. Returns -1 when
 * calls are nested too deep.
 */
int rustirc_py_enter(const char *name, uint32_t account, long call)
{
    if (here.depth == MAX_DEPTH) return -1;
    Frame *saved = &here.stack[here.depth];
    saved->running = here.running;
    saved->account = here.account;
    saved->name = here.name;
    if (here.depth++ == 0) {
        here.outermost_call = call;
        here.ident = (unsigned long)pthread_self();
        here.tstate = py.PyThreadState_Get();
    }
    here.name = name;
    here.account = account;
    here.running = 1;
    return 0;
}

/* The call begun by the last rustirc_py_enter on this thread ended. */
void rustirc_py_leave(void)
{
    if (here.depth == 0) return;
    Frame *saved = &here.stack[--here.depth];
    here.running = saved->running;
    here.account = saved->account;
    here.name = saved->name;
    if (here.depth > 0) return;
    here.outermost_call = 0;
    /* An interrupt that arrived as the call was ending must not go off in the next one. */
    if (here.interrupted) {
        py.PyThreadState_SetAsyncExc(here.ident, NULL);
        here.interrupted = 0;
    }
    if (here.tracing) {
        py._PyEval_SetTrace(here.tstate, NULL, NULL);
        here.tracing = 0;
    }
}

/* The escalation's trace function: every line, call and return raises the limit error again. */
static int trace_limit(PyObject *object, void *frame, int what, PyObject *argument)
{
    (void)object;
    (void)frame;
    (void)what;
    (void)argument;
    py.PyErr_SetString(here.limit_error, "time limit reached");
    return -1;
}

/* This thread's state, for the watchdog to name the call it may interrupt. */
void *rustirc_py_thread(void) { return &here; }

/*
 * Raises <error> in the thread of <state> at its next bytecode, if call <call> is still the one it runs
 * (from the watchdog's thread; takes the GIL, which a running script gives up every few milliseconds, so
 * the check and the raise cannot race the call's end). Returns whether it did.
 */
int rustirc_py_interrupt(void *state, long call, PyObject *error)
{
    Thread *thread = state;
    /* Before waiting for the GIL: a call stuck in C holding it fails its next allocation. */
    __atomic_store_n(&thread->overdue, call, __ATOMIC_RELAXED);
    int gil = py.PyGILState_Ensure();
    int reached = 0;
    if (thread->depth > 0 && thread->outermost_call == call) {
        reached = py.PyThreadState_SetAsyncExc(thread->ident, error);
        thread->limit_error = error;
        /*
         * A script can swallow one exception after another (a context manager whose __exit__ returns True,
         * in a loop). After a few, every line it runs raises: nothing it writes can swallow that.
         */
        if (++thread->interrupted >= 3 && !thread->tracing && py._PyEval_SetTrace != NULL) {
            thread->tracing = py._PyEval_SetTrace(thread->tstate, trace_limit, NULL) == 0;
            py.PyErr_Clear();
        }
    }
    py.PyGILState_Release(gil);
    return reached;
}
