/*
 * A plugin the loader's tests build in several shapes (-D options): it reports what the host gives it.
 *   PROBE_API=N       export API version N instead of the header's
 *   PROBE_NO_VERSION  export no version symbol;  PROBE_NO_INIT  export no plugin_init
 *   PROBE_REFUSE      plugin_init returns NULL after registering a command
 *   PROBE_SAYS="..."  what /probe prints
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rustirc/rustirc-plugin.h"

#ifndef PROBE_API
#define PROBE_API RUSTIRC_PLUGIN_API_VERSION
#endif
#ifndef PROBE_SAYS
#define PROBE_SAYS "probe one"
#endif

#ifndef PROBE_NO_VERSION
RUSTIRC_PLUGIN_EXPORT extern const uint32_t rustirc_plugin_api_version;
const uint32_t rustirc_plugin_api_version = PROBE_API;
#endif

static const rustirc_host_api_t *api;
static char report[512];
static rustirc_status_t thread_status;

static void say(const char *text) { api->print(api->host, NULL, text); }

static void probe(const char *args, const char *buffer, void *user_data)
{
    (void)args; (void)buffer; (void)user_data;
    say(PROBE_SAYS);
}

static int on_event(const rustirc_event_t *e, void *user_data)
{
    char line[1024];
    snprintf(line, sizeof line, "event %s server=%s nick=%s user=%s host=%s target=%s channel=%s text=%s own=%d time=%lld data=%s",
             e->name, e->server ? e->server : "(null)", e->nick ? e->nick : "(null)", e->user ? e->user : "(null)",
             e->host ? e->host : "(null)", e->target ? e->target : "(null)", e->channel ? e->channel : "(null)",
             e->text ? e->text : "(null)", e->own, (long long)e->time_ms, (const char *)user_data);
    say(line);
    return e->text != NULL && strcmp(e->text, "eat me") == 0;
}

static void fired(void *user_data)
{
    char line[128];
    snprintf(line, sizeof line, "timer fired %s", (const char *)user_data);
    say(line);
}

static void timer(const char *args, const char *buffer, void *user_data)
{
    (void)buffer; (void)user_data;
    int64_t handle = api->add_timer(api->host, 20, 0, fired, "once");
    if (args != NULL && strcmp(args, "cancel") == 0) {
        char line[128];
        rustirc_status_t first = api->cancel_timer(api->host, handle);
        rustirc_status_t again = api->cancel_timer(api->host, handle);
        snprintf(line, sizeof line, "cancelled %d, again %d", first, again);
        say(line);
    }
}

/* /probe-store KEY VALUE, /probe-load KEY, /probe-send SERVER TARGET TEXT, /probe-hook EVENT, /probe-nick [SERVER] */
static void store(const char *args, const char *buffer, void *user_data)
{
    (void)buffer; (void)user_data;
    char key[128] = "", value[256] = "";
    sscanf(args, "%127s %255[^\n]", key, value);
    char line[512];
    rustirc_status_t status = api->storage_set(api->host, key, value[0] ? value : NULL);
    snprintf(line, sizeof line, "stored %s: %d", key, status);
    say(line);
}

static void load(const char *args, const char *buffer, void *user_data)
{
    (void)buffer; (void)user_data;
    char value[8], line[512];
    size_t needed = api->storage_get(api->host, args, value, sizeof value);
    snprintf(line, sizeof line, "loaded %s: needs %zu, got '%s'", args, needed, value);
    say(line);
}

static void send_text(const char *args, const char *buffer, void *user_data)
{
    (void)buffer; (void)user_data;
    char server[128] = "", target[128] = "", text[256] = "", line[512];
    sscanf(args, "%127s %127s %255[^\n]", server, target, text);
    rustirc_status_t status = api->send_message(api->host, server, target, text);
    snprintf(line, sizeof line, "send: %d %s", status, status == RUSTIRC_OK ? "" : api->last_error(api->host));
    say(line);
}

static void hook(const char *args, const char *buffer, void *user_data)
{
    (void)buffer; (void)user_data;
    char line[512];
    int64_t handle = api->hook_event(api->host, args, 0, on_event, "hooked");
    snprintf(line, sizeof line, "hook %s: %lld %s", args, (long long)handle, handle > 0 ? "" : api->last_error(api->host));
    say(line);
}

static void nick(const char *args, const char *buffer, void *user_data)
{
    (void)buffer; (void)user_data;
    char name[64], line[512];
    size_t length = api->current_nick(api->host, args[0] ? args : NULL, name, sizeof name);
    snprintf(line, sizeof line, "nick: %zu '%s' %s", length, name, length > 0 ? "" : api->last_error(api->host));
    say(line);
}

static void *from_thread(void *unused)
{
    (void)unused;
    thread_status = api->print(api->host, NULL, "from another thread");
    return NULL;
}

#ifndef PROBE_NO_INIT
static const char *const permissions[] = {"irc.read", "irc.send", NULL};
static const rustirc_plugin_info_t info = {PROBE_API, "probe", "2.0.1", "Test Author", "Reports what the host gives it", permissions};

RUSTIRC_PLUGIN_EXPORT const rustirc_plugin_info_t *plugin_init(const rustirc_host_api_t *host_api)
{
    api = host_api;
    api->register_command(api->host, "probe", "/probe: says which build this is", probe, NULL);
#ifdef PROBE_REFUSE
    return NULL;
#endif
    api->register_command(api->host, "probe-timer", "/probe-timer [cancel]", timer, NULL);
    api->register_command(api->host, "probe-store", "/probe-store KEY [VALUE]", store, NULL);
    api->register_command(api->host, "probe-load", "/probe-load KEY", load, NULL);
    api->register_command(api->host, "probe-send", "/probe-send SERVER TARGET TEXT", send_text, NULL);
    api->register_command(api->host, "probe-hook", "/probe-hook EVENT", hook, NULL);
    api->register_command(api->host, "probe-nick", "/probe-nick [SERVER]", nick, NULL);
    api->get_setting(api->host, "report", report, sizeof report);
    pthread_t thread;
    pthread_create(&thread, NULL, from_thread, NULL);
    pthread_join(thread, NULL);
    char line[128];
    snprintf(line, sizeof line, "init: struct %zu, api %u, call from a thread %d", api->struct_size, api->api_version, thread_status);
    say(line);
    return &info;
}
#endif

RUSTIRC_PLUGIN_EXPORT void plugin_deinit(void)
{
    rustirc_status_t late = api->print(api->host, NULL, "printed while unloading");
    if (report[0] != '\0') {
        FILE *file = fopen(report, "w");
        if (file != NULL) {
            fprintf(file, "deinit print %d: %s", late, api->last_error(api->host));
            fclose(file);
        }
    }
    api = NULL;
}
