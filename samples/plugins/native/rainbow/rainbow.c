/*
 * rainbow: a sample native RustIrc plugin. /rainbow TEXT says TEXT in the current channel with every
 * character in the next colour of a rainbow (mIRC colour codes: \x03 and a two-digit colour number).
 *
 * Build: gcc -std=c99 -shared -fPIC -O2 -Wall -Wextra -I../../../../sdk/native/include -o rainbow.so rainbow.c
 */
#include <stdlib.h>
#include <string.h>

#include <rustirc/rustirc-plugin.h>

RUSTIRC_PLUGIN_VERSION_EXPORT;

/* The host's table: set by plugin_init, valid until plugin_deinit returns. */
static const rustirc_host_api_t *api;

static const char *const permissions[] = {"irc.send", NULL};

static const rustirc_plugin_info_t info = {
    RUSTIRC_PLUGIN_API_VERSION,
    "rainbow",
    "1.0.0",
    "RustIrc developers",
    "Says text in rainbow colours",
    permissions,
};

static void say(const char *text)
{
    api->print(api->host, NULL, text);
}

static int is_blank(const char *text)
{
    for (; *text != '\0'; text++) {
        switch (*text) {
        case ' ': case '\t': case '\n': case '\r': case '\v': case '\f':
            break;
        default:
            return 0;
        }
    }
    return 1;
}

/* A byte that continues a UTF-8 sequence (10xxxxxx) rather than starting a code point. */
static int is_continuation(unsigned char byte)
{
    return (byte & 0xC0) == 0x80;
}

/*
 * TEXT with \x03NN before every code point that is not a space, NN running through the colour cycle;
 * spaces are copied bare. The caller frees it; NULL when memory runs out.
 */
static char *colour(const char *text)
{
    static const char *const cycle[] = {"04", "07", "08", "09", "12", "02", "06"};
    const size_t cycle_length = sizeof cycle / sizeof cycle[0];
    size_t length = strlen(text);
    size_t next = 0;
    char *out, *at;

    /* Each code point is at least one byte and gets at most 3 more (\x03 and two digits). */
    if (length > (SIZE_MAX - 1) / 4) return NULL;
    out = malloc(length * 4 + 1);
    if (out == NULL) return NULL;

    at = out;
    while (*text != '\0') {
        /* One code point: its first byte, then the bytes that continue it. */
        if (*text != ' ') {
            *at++ = '\x03';
            memcpy(at, cycle[next], 2);
            at += 2;
            next = (next + 1) % cycle_length;
        }
        *at++ = *text++;
        while (*text != '\0' && is_continuation((unsigned char)*text)) *at++ = *text++;
    }
    *at = '\0';
    return out;
}

/* The current channel's name, in buffer when it fits, else in memory the caller frees; NULL when none. */
static char *current_channel(char *buffer, size_t size, int *allocated)
{
    size_t needed = api->current_channel(api->host, buffer, size);
    char *larger;

    *allocated = 0;
    if (needed == 0) return NULL;
    if (needed < size) return buffer;

    /* Cut short: ask again with room for the whole name. */
    larger = malloc(needed + 1);
    if (larger == NULL) return NULL;
    if (api->current_channel(api->host, larger, needed + 1) == 0) {
        free(larger);
        return NULL;
    }
    *allocated = 1;
    return larger;
}

static void report_failure(void)
{
    static const char prefix[] = "rainbow: ";
    const char *why = api->last_error(api->host);
    char *line;

    if (why == NULL) why = "";
    line = malloc(sizeof prefix + strlen(why));
    if (line == NULL) {
        say("rainbow: the message could not be sent");
        return;
    }
    memcpy(line, prefix, sizeof prefix - 1);
    strcpy(line + sizeof prefix - 1, why);
    say(line);
    free(line);
}

static void on_rainbow(const char *args, const char *buffer, void *user_data)
{
    char channel_buffer[256];
    char *channel, *coloured;
    int allocated;

    (void)buffer;
    (void)user_data;
    if (api == NULL) return;

    if (args == NULL || is_blank(args)) {
        say("usage: /rainbow TEXT");
        return;
    }

    channel = current_channel(channel_buffer, sizeof channel_buffer, &allocated);
    if (channel == NULL) {
        say("rainbow: no current channel; join one or switch to it");
        return;
    }

    coloured = colour(args);
    if (coloured == NULL) {
        say("rainbow: out of memory");
    } else {
        if (api->send_message(api->host, NULL, channel, coloured) != RUSTIRC_OK) report_failure();
        free(coloured);
    }
    if (allocated) free(channel);
}

RUSTIRC_PLUGIN_EXPORT const rustirc_plugin_info_t *plugin_init(const rustirc_host_api_t *host_api)
{
    if (host_api == NULL || host_api->api_version != RUSTIRC_PLUGIN_API_VERSION
        || host_api->struct_size < sizeof(rustirc_host_api_t)) {
        return NULL;
    }
    api = host_api;
    if (api->register_command(api->host, "rainbow", "/rainbow TEXT: says TEXT in rainbow colours in the current channel",
                              on_rainbow, NULL) != RUSTIRC_OK) {
        api = NULL;
        return NULL;
    }
    return &info;
}

RUSTIRC_PLUGIN_EXPORT void plugin_deinit(void)
{
    api = NULL;
}
