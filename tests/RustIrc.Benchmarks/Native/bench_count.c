/* The native twin of the dispatch benchmarks' counting scripts: counts the messages to #bench. */
#include <string.h>

#include "rustirc/rustirc-plugin.h"

RUSTIRC_PLUGIN_VERSION_EXPORT;

static long count;

static int on_message(const rustirc_event_t *event, void *user_data)
{
    (void)user_data;
    if (event->channel != NULL && strcmp(event->channel, "#bench") == 0) count++;
    return 0;
}

static const rustirc_plugin_info_t info = {RUSTIRC_PLUGIN_API_VERSION, "bench_count", "1.0.0", "RustIrc developers", "Counts messages to #bench", NULL};

RUSTIRC_PLUGIN_EXPORT const rustirc_plugin_info_t *plugin_init(const rustirc_host_api_t *api)
{
    return api->hook_event(api->host, "message", 0, on_message, NULL) > 0 ? &info : NULL;
}

RUSTIRC_PLUGIN_EXPORT void plugin_deinit(void) { count = 0; }
