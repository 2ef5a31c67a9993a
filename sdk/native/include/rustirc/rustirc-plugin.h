/*
 * rustirc-plugin.h: the one header a native RustIrc plugin needs (C99; usable from C++ and, declared by
 * hand, from Rust). A plugin is a shared library that exports:
 *
 *   RUSTIRC_PLUGIN_VERSION_EXPORT;                                   the API version it was built for
 *   const rustirc_plugin_info_t *plugin_init(const rustirc_host_api_t *api);
 *   void plugin_deinit(void);
 *
 * The host reads rustirc_plugin_api_version before it calls anything, and refuses a plugin built for
 * another version. Then plugin_init gets the host's API table (valid until plugin_deinit returns) and
 * returns what the plugin is; the plugin registers its commands, hooks and timers there or later. On
 * unload the host removes everything the plugin registered, then calls plugin_deinit, then unloads it.
 * When plugin_init returns NULL (it refuses to load) the host removes what it registered and unloads it
 * without calling plugin_deinit.
 *
 * Strings: UTF-8, NUL-terminated. A string the plugin passes in is read during the call only (the host
 * copies what it keeps). A string the host passes to a callback is the host's, valid only until the
 * callback returns. Text the host returns is copied into a buffer the plugin passes (see the host API).
 * Threads: the host calls a plugin on its client loop only, and a plugin calls the host from inside those
 * calls (a handler, a command, a timer, plugin_init); calls from other threads are refused, and so are
 * calls made while the plugin is being unloaded (from plugin_deinit too): RUSTIRC_UNLOADED.
 * Permissions: each function below names the permission it needs; the user grants them
 * (/plugin grant NAME PERMISSION). ui_modification, irc.read and irc.send are granted by default.
 */
#ifndef RUSTIRC_PLUGIN_H
#define RUSTIRC_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version of everything in this file. Bump it on any change to a type, a function or what either
 * means: the host refuses plugins built for any other version, since their structs would be misread. */
#define RUSTIRC_PLUGIN_API_VERSION 1

#if defined(_WIN32)
#define RUSTIRC_PLUGIN_EXPORT __declspec(dllexport)
#else
#define RUSTIRC_PLUGIN_EXPORT __attribute__((visibility("default")))
#endif

/* Put this once in a plugin, at file scope: exports the version the plugin was built against. */
#define RUSTIRC_PLUGIN_VERSION_EXPORT \
    RUSTIRC_PLUGIN_EXPORT extern const uint32_t rustirc_plugin_api_version; \
    const uint32_t rustirc_plugin_api_version = RUSTIRC_PLUGIN_API_VERSION

/* What the plugin is. Returned by plugin_init; the host copies it at once. */
typedef struct rustirc_plugin_info {
    uint32_t api_version;            /* RUSTIRC_PLUGIN_API_VERSION */
    const char *name;                /* one word: the plugin's name in /plugin commands ("rainbow") */
    const char *version;             /* "1.0.0" */
    const char *author;
    const char *description;         /* one line */
    const char *const *permissions;  /* what it asks for ("irc.send", "file_write:/path"), NULL-terminated; may be NULL */
} rustirc_plugin_info_t;

/* The host, as the plugin holds it: passed back to every host function. */
typedef struct rustirc_host rustirc_host_t;

/* What a host function reports. A failure's message is given by last_error. */
typedef enum rustirc_status {
    RUSTIRC_OK = 0,
    RUSTIRC_FAILED = -1,    /* it could not be done (no such network, not connected, a bad argument) */
    RUSTIRC_DENIED = -2,    /* the plugin lacks the permission it needs; the message names the grant */
    RUSTIRC_UNLOADED = -3   /* the plugin is being unloaded, or the call came from another thread */
} rustirc_status_t;

/* An event, as a hooked handler sees it. Fields the event does not have are NULL (strings) or 0. */
typedef struct rustirc_event {
    size_t struct_size;        /* sizeof(rustirc_event_t) as the host knows it */
    const char *name;          /* the event's name, as in hook_event: "message", "join", "quit"… */
    const char *server;        /* the network's name */
    const char *nick;          /* who it came from */
    const char *user;
    const char *host;
    const char *target;        /* message, notice, action, mode: a channel, or your nick */
    const char *channel;       /* the channel it is about, NULL for a private message */
    const char *text;          /* the message, reason or topic */
    int64_t time_ms;           /* when it happened, in milliseconds since 1970 */
    int own;                   /* 1 when it is your own (a message you sent, your own join) */
} rustirc_event_t;

/* A hooked handler: returns 1 to eat the event (handlers of lower priority do not see it), else 0. */
typedef int (*rustirc_event_fn)(const rustirc_event_t *event, void *user_data);

/* A command's handler: args is what was typed after the command, buffer where it was typed. */
typedef void (*rustirc_command_fn)(const char *args, const char *buffer, void *user_data);

/* A timer's callback. */
typedef void (*rustirc_timer_fn)(void *user_data);

/* Receives one item of a list the host hands over (a channel, a nick), one call per item. */
typedef void (*rustirc_item_fn)(const char *item, void *user_data);

/*
 * The host's functions. The table is the host's, valid from plugin_init until plugin_deinit returns;
 * struct_size lets a plugin see how many functions this host has. Every function takes the table's
 * `host` first. A function that returns text copies it into buffer (size bytes, NUL included, cut at a
 * character boundary when too small) and returns the length the whole text needs, without the NUL, or 0
 * when there is none.
 */
typedef struct rustirc_host_api {
    size_t struct_size;
    uint32_t api_version;
    rustirc_host_t *host;

    /* Messaging (irc.send). server NULL: the network of the event or command being handled, else the
     * current buffer's, else the only one. */
    rustirc_status_t (*send_message)(rustirc_host_t *host, const char *server, const char *target, const char *text);
    rustirc_status_t (*send_raw)(rustirc_host_t *host, const char *server, const char *line);

    /* Shows text in a buffer ("status", "libera/#rustirc"; NULL: the current one) (ui_modification). */
    rustirc_status_t (*print)(rustirc_host_t *host, const char *buffer, const char *text);

    /* Commands: /name runs handler; help is shown by /help name. Removed with the plugin. */
    rustirc_status_t (*register_command)(rustirc_host_t *host, const char *name, const char *help, rustirc_command_fn handler, void *user_data);

    /* Events (irc.read for IRC events): returns a handle above 0 for unhook, or a negative rustirc_status_t. */
    int64_t (*hook_event)(rustirc_host_t *host, const char *event, int priority, rustirc_event_fn handler, void *user_data);
    rustirc_status_t (*unhook)(rustirc_host_t *host, int64_t handle);

    /* State. current_nick: your nick on server (NULL: as for send_message). current_channel: the
     * channel or query of the current buffer, none in the status buffer (needs no permission).
     * get_channels and get_users (irc.read): each channel's name, each member's nick. */
    size_t (*current_nick)(rustirc_host_t *host, const char *server, char *buffer, size_t size);
    size_t (*current_channel)(rustirc_host_t *host, char *buffer, size_t size);
    rustirc_status_t (*get_channels)(rustirc_host_t *host, const char *server, rustirc_item_fn each, void *user_data);
    rustirc_status_t (*get_users)(rustirc_host_t *host, const char *server, const char *channel, rustirc_item_fn each, void *user_data);

    /* Timers: every milliseconds (at least 1) when repeat is 1, else once; a handle above 0, or a negative
     * rustirc_status_t. */
    int64_t (*add_timer)(rustirc_host_t *host, uint32_t milliseconds, int repeat, rustirc_timer_fn callback, void *user_data);
    rustirc_status_t (*cancel_timer)(rustirc_host_t *host, int64_t handle);

    /* The plugin's settings (DATA/modules/plugin/NAME/config.json, which the user edits) and its own
     * storage (storage.json beside it), both as text, kept across restarts; a NULL value removes a key. */
    size_t (*get_setting)(rustirc_host_t *host, const char *key, char *buffer, size_t size);
    size_t (*storage_get)(rustirc_host_t *host, const char *key, char *buffer, size_t size);
    rustirc_status_t (*storage_set)(rustirc_host_t *host, const char *key, const char *value);

    /* Why the plugin's last failed call failed (the host's text, valid until its next call), or "". */
    const char *(*last_error)(rustirc_host_t *host);
} rustirc_host_api_t;

/* What a plugin exports (besides RUSTIRC_PLUGIN_VERSION_EXPORT). plugin_init returns NULL to refuse to load. */
RUSTIRC_PLUGIN_EXPORT const rustirc_plugin_info_t *plugin_init(const rustirc_host_api_t *api);
RUSTIRC_PLUGIN_EXPORT void plugin_deinit(void);

#ifdef __cplusplus
}
#endif

#endif /* RUSTIRC_PLUGIN_H */
