/*
 * The Python engine's native helper: the three things a script must be unable to reach or undo, so they
 * live in C rather than in Python.
 *   - The bridge: the one builtin function the irc module's functions call the client through. A builtin
 *     has no globals, closure or module to walk, and acts only as the script that is running.
 *   - The audit hook: while a script runs, every audited operation it was not allowed is refused
 *     (files, sockets, processes, native code, frames, the interpreter's hooks, imports outside the
 *     allow-list). CPython cannot remove an audit hook once added.
 *   - The interrupt: an exception raised into the loop thread when a call runs past its time.
 * CPython's functions come as a table of pointers from PythonNative.cs, so no Python headers are needed
 * and the helper links against nothing but libc. Build: gcc -O2 -std=c11 -shared -fPIC.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define RUSTIRC_PYTHON_ABI 1

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
} py;

static PyObject *permission_error;
static PyObject *limit_error;
static PyObject *(*host_call)(PyObject *args);

/* Whether a script is running now (0: the client itself is calling into Python). Only the loop thread runs Python. */
static int running;
static char running_name[256];

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
    NULL,
};

int rustirc_py_abi(void) { return RUSTIRC_PYTHON_ABI; }

static PyObject *bridge(PyObject *self, PyObject *args)
{
    (void)self;
    /* The client's own work runs unaudited; the script is running again when it returns. */
    if (host_call == NULL) {
        py.PyErr_SetString(permission_error, "the python module is not loaded");
        return NULL;
    }
    int was = running;
    running = 0;
    PyObject *result = host_call(args);
    running = was;
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
            found = strcmp(trusted[i].event, event) == 0 && strcmp(trusted[i].file, name) == 0;
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
        return "touch files or the system directly; open() and irc.read_file/irc.write_file go through the client, which checks your grants";
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
    if (!running) return 0;
    for (const char *const *ok = harmless; *ok != NULL; ok++) {
        if (strcmp(*ok, event) == 0) return 0;
    }
    if (is_trusted_caller(event)) return 0;
    char message[512];
    snprintf(message, sizeof message, "%s may not %s (refused: %s)", running_name, described(event), event);
    py.PyErr_SetString(permission_error, message);
    return -1;
}

/* Takes CPython's functions, the exception refusals raise, and the client's side of the bridge; adds the audit hook. */
int rustirc_py_init(void **functions, PyObject *permission, PyObject *(*host)(PyObject *))
{
    static int hooked;
    memcpy(&py, functions, sizeof py);
    permission_error = permission;
    host_call = host;
    /* The interpreter outlives a reload of the python module, and so does the hook: added once. */
    if (hooked) return 0;
    hooked = 1;
    return py.PySys_AddAuditHook(audit, NULL);
}

/* The python module is going: the bridge refuses until it comes back (a script cannot run meanwhile anyway). */
void rustirc_py_detach(void) { host_call = NULL; }

/* The bridge as a builtin function (a new reference). */
PyObject *rustirc_py_bridge(void) { return py.PyCFunction_NewEx(&bridge_def, NULL, NULL); }

/* The exception a call past its time is interrupted with (kept: the caller holds a reference). */
void rustirc_py_set_limit_error(PyObject *error) { limit_error = error; }

/* Lets the stdlib file <file> do <event> for a script (full path, as its code objects name it). */
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
 * Calls into scripts nest (a script sends a message, and a handler of another script sees it before the
 * send returns), so what runs is a stack: each entry the running script's name (for refusals, e.g.
 * "python 'seen'") and whether it is a script or the client working for one (inside the bridge).
 * Entered and left on the loop thread, holding the GIL.
 */
#define MAX_DEPTH 200
static struct {
    int running;
    char name[256];
} stack[MAX_DEPTH];
static int depth;
static long outermost_call;
static unsigned long interrupted_thread;

/* A script's call begins; <call> numbers the outermost one, for the watchdog. Returns -1 when nested too deep. */
int rustirc_py_enter(const char *name, long call)
{
    if (depth == MAX_DEPTH) return -1;
    stack[depth].running = running;
    snprintf(stack[depth].name, sizeof stack[depth].name, "%s", running_name);
    if (depth++ == 0) outermost_call = call;
    snprintf(running_name, sizeof running_name, "%s", name);
    running = 1;
    return 0;
}

/* The call begun by the last rustirc_py_enter ended. */
void rustirc_py_leave(void)
{
    if (depth == 0) return;
    depth--;
    running = stack[depth].running;
    snprintf(running_name, sizeof running_name, "%s", stack[depth].name);
    if (depth > 0) return;
    outermost_call = 0;
    /* An interrupt that arrived as the call was ending must not go off in the next one. */
    if (interrupted_thread != 0) {
        py.PyThreadState_SetAsyncExc(interrupted_thread, NULL);
        interrupted_thread = 0;
    }
}

/* The loop thread's identity as CPython knows it (its PyThread_get_thread_ident). */
unsigned long rustirc_py_thread_id(void) { return (unsigned long)pthread_self(); }

/*
 * Raises the limit error in <thread> at its next bytecode, if call <call> is still the one running (from
 * the watchdog thread; takes the GIL, which a running script gives up every few milliseconds, so the
 * check and the raise cannot race the call's end). Returns whether it did.
 */
int rustirc_py_interrupt(unsigned long thread, long call)
{
    if (limit_error == NULL) return 0;
    int state = py.PyGILState_Ensure();
    int reached = 0;
    if (depth > 0 && outermost_call == call) {
        reached = py.PyThreadState_SetAsyncExc(thread, limit_error);
        interrupted_thread = thread;
    }
    py.PyGILState_Release(state);
    return reached;
}
