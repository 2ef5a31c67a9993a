/*
 * highlights: a sample native RustIrc plugin. Counts the messages and actions that mention your nick, per
 * channel, for this session; /highlights shows the counts and /highlights reset starts over.
 *
 * The event handler runs for every message the client sees, so it stays cheap: no allocation, no
 * output, a fixed table of channels.
 *
 * Build: gcc -std=c99 -shared -fPIC -O2 -Wall -Wextra -I../../../../sdk/native/include -o highlights.so highlights.c
 */
#include <stdio.h>
#include <string.h>

#include <rustirc/rustirc-plugin.h>

RUSTIRC_PLUGIN_VERSION_EXPORT;

#define MAX_CHANNELS 64
#define MAX_CHANNEL_NAME 200               /* bytes; a longer name counts in the totals only */
#define PRIVATE_KEY "(private)"            /* where private messages are counted */

/* The host's table: set by plugin_init, valid until plugin_deinit returns. */
static const rustirc_host_api_t *api;

static const char *const permissions[] = {"irc.read", NULL};

static const rustirc_plugin_info_t info = {
    RUSTIRC_PLUGIN_API_VERSION,
    "highlights",
    "1.0.0",
    "RustIrc developers",
    "Counts the messages that mention your nick",
    permissions,
};

struct channel_count {
    char name[MAX_CHANNEL_NAME + 1];
    unsigned long long highlights;
};

/* This session's counts. A channel gets a slot at its first highlight; past MAX_CHANNELS, none. */
static unsigned long long total_messages;
static unsigned long long total_highlights;
static struct channel_count channels[MAX_CHANNELS];
static size_t channel_count;

static void reset(void)
{
    total_messages = 0;
    total_highlights = 0;
    channel_count = 0;
    memset(channels, 0, sizeof channels);
}

static unsigned char lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* Whether needle (not empty) occurs in haystack, ASCII letters compared without case. */
static int contains_ignoring_case(const char *haystack, const char *needle, size_t needle_length)
{
    const unsigned char first = lower((unsigned char)needle[0]);
    size_t i;

    for (; *haystack != '\0'; haystack++) {
        if (lower((unsigned char)*haystack) != first) continue;
        for (i = 1; i < needle_length; i++) {
            if (haystack[i] == '\0') return 0; /* the rest of the text is shorter than the nick */
            if (lower((unsigned char)haystack[i]) != lower((unsigned char)needle[i])) break;
        }
        if (i == needle_length) return 1;
    }
    return 0;
}

/* Counts a highlight for channel, when it has (or can get) a slot. */
static void count_for(const char *channel)
{
    size_t i, length;

    for (i = 0; i < channel_count; i++) {
        if (strcmp(channels[i].name, channel) == 0) {
            channels[i].highlights++;
            return;
        }
    }
    length = strlen(channel);
    if (channel_count == MAX_CHANNELS || length > MAX_CHANNEL_NAME) return;
    memcpy(channels[channel_count].name, channel, length + 1);
    channels[channel_count].highlights = 1;
    channel_count++;
}

static int on_message(const rustirc_event_t *event, void *user_data)
{
    char nick[128];
    size_t nick_length;

    (void)user_data;
    if (api == NULL || event == NULL || event->struct_size < sizeof(rustirc_event_t) || event->own != 0) return 0;

    total_messages++;
    if (event->text == NULL) return 0;

    /* Your nick on the event's network, asked each time: it changes with /nick, and the call is cheap.
     * None, or one too long for the buffer (cut short, it would match too much): not a highlight. */
    nick_length = api->current_nick(api->host, event->server, nick, sizeof nick);
    if (nick_length == 0 || nick_length >= sizeof nick) return 0;

    if (contains_ignoring_case(event->text, nick, nick_length)) {
        total_highlights++;
        count_for(event->channel != NULL ? event->channel : PRIVATE_KEY);
    }
    return 0; /* never eaten: other handlers and the window see it too */
}

/* The args without the blanks around them, compared with word. */
static int args_are(const char *args, const char *word)
{
    size_t length = strlen(word);

    while (*args == ' ' || *args == '\t') args++;
    if (strncmp(args, word, length) != 0) return 0;
    args += length;
    while (*args == ' ' || *args == '\t') args++;
    return *args == '\0';
}

static void on_highlights(const char *args, const char *buffer, void *user_data)
{
    /* Room for the totals and every slot in full, so the line is never cut. */
    char line[96 + MAX_CHANNELS * (MAX_CHANNEL_NAME + 32)];
    size_t used, i;

    (void)buffer;
    (void)user_data;
    if (api == NULL) return;

    if (args == NULL || args_are(args, "")) {
        used = (size_t)snprintf(line, sizeof line, "highlights: %llu of %llu messages mentioned you",
                                total_highlights, total_messages);
        for (i = 0; i < channel_count && used < sizeof line; i++) {
            used += (size_t)snprintf(line + used, sizeof line - used, " (%s %llu)", channels[i].name,
                                     channels[i].highlights);
        }
        api->print(api->host, NULL, line);
    } else if (args_are(args, "reset")) {
        reset();
        api->print(api->host, NULL, "highlights: reset");
    } else {
        api->print(api->host, NULL, "usage: /highlights [reset]");
    }
}

RUSTIRC_PLUGIN_EXPORT const rustirc_plugin_info_t *plugin_init(const rustirc_host_api_t *host_api)
{
    static const char *const hooked[] = {"message", "action"};
    int64_t handles[sizeof hooked / sizeof hooked[0]];
    size_t i, j;

    if (host_api == NULL || host_api->api_version != RUSTIRC_PLUGIN_API_VERSION
        || host_api->struct_size < sizeof(rustirc_host_api_t)) {
        return NULL;
    }
    api = host_api;
    reset();

    /* One handler for both events. If anything cannot be registered the plugin refuses to load, taking
     * back the hooks it got first (a command cannot be taken back, so it is registered last). */
    for (i = 0; i < sizeof hooked / sizeof hooked[0]; i++) {
        handles[i] = api->hook_event(api->host, hooked[i], 0, on_message, NULL);
        if (handles[i] <= 0) break;
    }
    if (i == sizeof hooked / sizeof hooked[0]
        && api->register_command(api->host, "highlights",
                                 "/highlights: how many messages this session mentioned your nick, per channel",
                                 on_highlights, NULL) == RUSTIRC_OK) {
        return &info;
    }
    for (j = 0; j < i; j++) api->unhook(api->host, handles[j]);
    api = NULL;
    return NULL;
}

RUSTIRC_PLUGIN_EXPORT void plugin_deinit(void)
{
    reset();
    api = NULL;
}
