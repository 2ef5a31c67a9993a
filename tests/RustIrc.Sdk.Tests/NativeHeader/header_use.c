/* Uses every type and function of rustirc-plugin.h, so that compiling it (as C99 and as C++, with every
 * warning an error) checks the header is what it claims. Compiled by NativeHeaderTests.cs. */
#include <rustirc/rustirc-plugin.h>

RUSTIRC_PLUGIN_VERSION_EXPORT;

static const rustirc_host_api_t *host_api;
static int64_t hook, timer;

static const char *const asked[] = {"irc.send", "irc.read", NULL};
static const rustirc_plugin_info_t info = {
    RUSTIRC_PLUGIN_API_VERSION, "check", "1.0.0", "RustIrc", "Uses the whole header", asked,
};

static int on_event(const rustirc_event_t *event, void *user_data)
{
    (void)user_data;
    return event->struct_size >= sizeof(rustirc_event_t) && event->own && event->time_ms > 0 && event->name != NULL;
}

static void on_item(const char *item, void *user_data)
{
    (void)item;
    (void)user_data;
}

static void on_command(const char *args, const char *buffer, void *user_data)
{
    char nick[64];
    size_t length = host_api->current_nick(host_api->host, NULL, nick, sizeof nick);
    (void)user_data;
    (void)length;
    if (host_api->send_message(host_api->host, NULL, buffer, args) == RUSTIRC_DENIED) {
        host_api->print(host_api->host, NULL, host_api->last_error(host_api->host));
    }
    host_api->get_channels(host_api->host, NULL, on_item, NULL);
    host_api->get_users(host_api->host, NULL, "#c", on_item, NULL);
    host_api->send_raw(host_api->host, NULL, "PING x");
    host_api->current_channel(host_api->host, nick, sizeof nick);
    host_api->storage_set(host_api->host, "k", "v");
    host_api->storage_get(host_api->host, "k", nick, sizeof nick);
    host_api->get_setting(host_api->host, "k", nick, sizeof nick);
}

static void on_timer(void *user_data)
{
    (void)user_data;
    host_api->cancel_timer(host_api->host, timer);
    host_api->unhook(host_api->host, hook);
}

RUSTIRC_PLUGIN_EXPORT const rustirc_plugin_info_t *plugin_init(const rustirc_host_api_t *api)
{
    if (api->api_version != RUSTIRC_PLUGIN_API_VERSION || api->struct_size < sizeof(rustirc_host_api_t)) return NULL;
    host_api = api;
    api->register_command(api->host, "check", "Checks.", on_command, NULL);
    hook = api->hook_event(api->host, "message", 0, on_event, NULL);
    timer = api->add_timer(api->host, 1000, 1, on_timer, NULL);
    return &info;
}

RUSTIRC_PLUGIN_EXPORT void plugin_deinit(void)
{
    host_api = NULL;
}
