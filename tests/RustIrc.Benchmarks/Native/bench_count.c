/* The native twin of the dispatch benchmarks' counting scripts: counts the messages to #bench (-DASK_NICK: and asks for the nick). */
#include <string.h>

#include "rustirc/rustirc-plugin.h"

RUSTIRC_PLUGIN_VERSION_EXPORT;

static long count;

static const rustirc_host_api_t *host_api;

static int on_message(const rustirc_event_t *event, void *user_data)
{
    (void)user_data;
    if (event->channel != NULL && strcmp(event->channel, "#bench") == 0) count++;
#ifdef ASK_NICK
    /* As a highlight counter does: one host call per message. */
    char nick[64];
    host_api->current_nick(host_api->host, event->server, nick, sizeof nick);
#endif
    return 0;
}

static const rustirc_plugin_info_t info = {RUSTIRC_PLUGIN_API_VERSION, "bench_count", "1.0.0", "RustIrc developers", "Counts messages to #bench", NULL};

RUSTIRC_PLUGIN_EXPORT const rustirc_plugin_info_t *plugin_init(const rustirc_host_api_t *api)
{
    host_api = api;
    return api->hook_event(api->host, "message", 0, on_message, NULL) > 0 ? &info : NULL;
}

RUSTIRC_PLUGIN_EXPORT void plugin_deinit(void) { count = 0; }
