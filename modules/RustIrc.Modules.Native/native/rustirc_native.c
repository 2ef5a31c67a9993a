/*
 * The native loader's helper: the host API tables handed to plugins, and the functions in them.
 *
 * A plugin holds a host handle and a table of function pointers into this file, never into managed code.
 * Each function checks that the handle is still attached (its plugin not unloaded) and that the call comes
 * from the client loop, then forwards to the loader's managed function for the plugin's slot. A late call
 * (during plugin_deinit, from a thread the plugin started, after the loader module itself went) is refused
 * with RUSTIRC_UNLOADED instead of reaching code that is gone.
 */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "rustirc/rustirc-plugin.h"

#define RUSTIRC_NATIVE_ABI 1
#define SLOTS 1024

/* The loader's functions, each taking the plugin's slot first. */
typedef struct {
    rustirc_status_t (*send_message)(int32_t slot, const char *server, const char *target, const char *text);
    rustirc_status_t (*send_raw)(int32_t slot, const char *server, const char *line);
    rustirc_status_t (*print)(int32_t slot, const char *buffer, const char *text);
    rustirc_status_t (*register_command)(int32_t slot, const char *name, const char *help, rustirc_command_fn handler, void *user_data);
    int64_t (*hook_event)(int32_t slot, const char *event, int32_t priority, rustirc_event_fn handler, void *user_data);
    rustirc_status_t (*unhook)(int32_t slot, int64_t handle);
    size_t (*current_nick)(int32_t slot, const char *server, char *buffer, size_t size);
    size_t (*current_channel)(int32_t slot, char *buffer, size_t size);
    rustirc_status_t (*get_channels)(int32_t slot, const char *server, rustirc_item_fn each, void *user_data);
    rustirc_status_t (*get_users)(int32_t slot, const char *server, const char *channel, rustirc_item_fn each, void *user_data);
    int64_t (*add_timer)(int32_t slot, uint32_t milliseconds, int32_t repeat, rustirc_timer_fn callback, void *user_data);
    rustirc_status_t (*cancel_timer)(int32_t slot, int64_t handle);
    size_t (*get_setting)(int32_t slot, const char *key, char *buffer, size_t size);
    size_t (*storage_get)(int32_t slot, const char *key, char *buffer, size_t size);
    rustirc_status_t (*storage_set)(int32_t slot, const char *key, const char *value);
    const char *(*last_error)(int32_t slot);
} Loader;

/* One plugin's place: its table, the loader (of the client) that loaded it, and that client's loop. */
typedef struct {
    rustirc_host_api_t api;
    Loader loader;
    pthread_t loop;
    uint32_t generation;
    int attached;
} Slot;

/* Shared by every client in the process (tests run several), so slots are handed out here, under a lock. */
static Slot slots[SLOTS];
static int32_t next_slot;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static const char unloaded_message[] =
    "the plugin is being unloaded, or called the host from a thread other than the client loop";

/* A handle is not a pointer: the slot (plus one) in the low 16 bits, the slot's generation above them. */
static rustirc_host_t *handle_of(int32_t slot)
{
    return (rustirc_host_t *)(uintptr_t)(((uint64_t)slots[slot].generation << 16) | (uint64_t)(slot + 1));
}

/* The slot of a handle still attached, called on its client's loop; else -1. */
static int32_t slot_of(rustirc_host_t *host)
{
    uint64_t value = (uint64_t)(uintptr_t)host;
    int64_t slot = (int64_t)(value & 0xffff) - 1;
    if (slot < 0 || slot >= SLOTS) return -1;
    Slot *s = &slots[slot];
    if (!s->attached || (uint64_t)s->generation != (value >> 16) || !pthread_equal(pthread_self(), s->loop)) return -1;
    return (int32_t)slot;
}


static rustirc_status_t send_message(rustirc_host_t *host, const char *server, const char *target, const char *text)
{
    int32_t slot = slot_of(host);
    return slot < 0 ? RUSTIRC_UNLOADED : slots[slot].loader.send_message(slot, server, target, text);
}

static rustirc_status_t send_raw(rustirc_host_t *host, const char *server, const char *line)
{
    int32_t slot = slot_of(host);
    return slot < 0 ? RUSTIRC_UNLOADED : slots[slot].loader.send_raw(slot, server, line);
}

static rustirc_status_t print(rustirc_host_t *host, const char *buffer, const char *text)
{
    int32_t slot = slot_of(host);
    return slot < 0 ? RUSTIRC_UNLOADED : slots[slot].loader.print(slot, buffer, text);
}

static rustirc_status_t register_command(rustirc_host_t *host, const char *name, const char *help, rustirc_command_fn handler, void *user_data)
{
    int32_t slot = slot_of(host);
    return slot < 0 ? RUSTIRC_UNLOADED : slots[slot].loader.register_command(slot, name, help, handler, user_data);
}

static int64_t hook_event(rustirc_host_t *host, const char *event, int priority, rustirc_event_fn handler, void *user_data)
{
    int32_t slot = slot_of(host);
    return slot < 0 ? RUSTIRC_UNLOADED : slots[slot].loader.hook_event(slot, event, priority, handler, user_data);
}

static rustirc_status_t unhook(rustirc_host_t *host, int64_t handle)
{
    int32_t slot = slot_of(host);
    return slot < 0 ? RUSTIRC_UNLOADED : slots[slot].loader.unhook(slot, handle);
}

/* Text functions of a detached plugin return no text (0, and an empty buffer). */
static size_t none(char *buffer, size_t size)
{
    if (buffer != NULL && size > 0) buffer[0] = '\0';
    return 0;
}

static size_t current_nick(rustirc_host_t *host, const char *server, char *buffer, size_t size)
{
    int32_t slot = slot_of(host);
    return slot < 0 ? none(buffer, size) : slots[slot].loader.current_nick(slot, server, buffer, size);
}

static size_t current_channel(rustirc_host_t *host, char *buffer, size_t size)
{
    int32_t slot = slot_of(host);
    return slot < 0 ? none(buffer, size) : slots[slot].loader.current_channel(slot, buffer, size);
}

static rustirc_status_t get_channels(rustirc_host_t *host, const char *server, rustirc_item_fn each, void *user_data)
{
    int32_t slot = slot_of(host);
    return slot < 0 ? RUSTIRC_UNLOADED : slots[slot].loader.get_channels(slot, server, each, user_data);
}

static rustirc_status_t get_users(rustirc_host_t *host, const char *server, const char *channel, rustirc_item_fn each, void *user_data)
{
    int32_t slot = slot_of(host);
    return slot < 0 ? RUSTIRC_UNLOADED : slots[slot].loader.get_users(slot, server, channel, each, user_data);
}

static int64_t add_timer(rustirc_host_t *host, uint32_t milliseconds, int repeat, rustirc_timer_fn callback, void *user_data)
{
    int32_t slot = slot_of(host);
    return slot < 0 ? RUSTIRC_UNLOADED : slots[slot].loader.add_timer(slot, milliseconds, repeat, callback, user_data);
}

static rustirc_status_t cancel_timer(rustirc_host_t *host, int64_t handle)
{
    int32_t slot = slot_of(host);
    return slot < 0 ? RUSTIRC_UNLOADED : slots[slot].loader.cancel_timer(slot, handle);
}

static size_t get_setting(rustirc_host_t *host, const char *key, char *buffer, size_t size)
{
    int32_t slot = slot_of(host);
    return slot < 0 ? none(buffer, size) : slots[slot].loader.get_setting(slot, key, buffer, size);
}

static size_t storage_get(rustirc_host_t *host, const char *key, char *buffer, size_t size)
{
    int32_t slot = slot_of(host);
    return slot < 0 ? none(buffer, size) : slots[slot].loader.storage_get(slot, key, buffer, size);
}

static rustirc_status_t storage_set(rustirc_host_t *host, const char *key, const char *value)
{
    int32_t slot = slot_of(host);
    return slot < 0 ? RUSTIRC_UNLOADED : slots[slot].loader.storage_set(slot, key, value);
}

static const char *last_error(rustirc_host_t *host)
{
    int32_t slot = slot_of(host);
    return slot < 0 ? unloaded_message : slots[slot].loader.last_error(slot);
}

int rustirc_native_abi(void) { return RUSTIRC_NATIVE_ABI; }

/*
 * Takes a free slot for a plugin about to be initialised, on the calling client loop, with <functions>
 * (copied) to forward its calls to; returns the slot, or -1 when all are taken. Slots are taken in turn,
 * so a freed one is reused as late as can be. *api receives the plugin's table.
 */
int32_t rustirc_native_attach(const Loader *functions, const rustirc_host_api_t **api)
{
    pthread_mutex_lock(&lock);
    int32_t slot = -1;
    for (int32_t i = 0; i < SLOTS; i++) {
        int32_t candidate = (next_slot + i) % SLOTS;
        if (!slots[candidate].attached) {
            slot = candidate;
            break;
        }
    }
    if (slot >= 0) {
        next_slot = (slot + 1) % SLOTS;
        Slot *s = &slots[slot];
        s->generation = s->generation == 0xffffffffu ? 1 : s->generation + 1;
        s->loader = *functions;
        s->loop = pthread_self();
        rustirc_host_api_t table = {
            sizeof(rustirc_host_api_t), RUSTIRC_PLUGIN_API_VERSION, handle_of(slot),
            send_message, send_raw, print, register_command, hook_event, unhook,
            current_nick, current_channel, get_channels, get_users,
            add_timer, cancel_timer, get_setting, storage_get, storage_set, last_error,
        };
        s->api = table;
        s->attached = 1;
        *api = &s->api;
    }
    pthread_mutex_unlock(&lock);
    return slot;
}

/* Refuses every call made with <slot>'s handle from now on (its plugin is being unloaded) and frees the slot. */
void rustirc_native_detach(int32_t slot)
{
    if (slot < 0 || slot >= SLOTS) return;
    pthread_mutex_lock(&lock);
    slots[slot].attached = 0;
    pthread_mutex_unlock(&lock);
}
