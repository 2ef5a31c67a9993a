//! rainbow: a sample native RustIrc plugin written in Rust, the twin of ../rainbow/rainbow.c.
//! `/rainbow TEXT` says TEXT in the current channel with every character in the next colour of a
//! rainbow (mIRC colour codes: \x03 and a two-digit colour number).
//!
//! No dependencies: the part of sdk/native/include/rustirc/rustirc-plugin.h this plugin needs is
//! declared below by hand, field for field. Nothing here may panic across the C boundary: the text the
//! user typed is read lossily, and nothing is unwrapped. It builds with Debian 12's Rust (1.63) and newer.

// Rust 1.63 calls an unsafe block inside an unsafe fn needless; newer Rust asks for one. Keep them.
#![allow(unused_unsafe)]

use std::borrow::Cow;
use std::ffi::{CStr, CString};
use std::os::raw::{c_char, c_int, c_void};
use std::ptr;
use std::sync::atomic::{AtomicPtr, Ordering};

/// A NUL-terminated static string as a C pointer (Rust 1.63, Debian 12's, has no c"..." literals).
macro_rules! cstr {
    ($text:expr) => {
        concat!($text, "\0").as_ptr() as *const c_char
    };
}

// ---- rustirc-plugin.h, API version 1 ----

/// RUSTIRC_PLUGIN_API_VERSION
const RUSTIRC_PLUGIN_API_VERSION: u32 = 1;

/// rustirc_status_t (a C enum, an int).
type RustircStatus = c_int;
const RUSTIRC_OK: RustircStatus = 0;
#[allow(dead_code)]
const RUSTIRC_FAILED: RustircStatus = -1;
#[allow(dead_code)]
const RUSTIRC_DENIED: RustircStatus = -2;
#[allow(dead_code)]
const RUSTIRC_UNLOADED: RustircStatus = -3;

/// RUSTIRC_PLUGIN_VERSION_EXPORT: the version the host reads before it calls anything.
#[allow(non_upper_case_globals)]
#[no_mangle]
pub static rustirc_plugin_api_version: u32 = RUSTIRC_PLUGIN_API_VERSION;

/// rustirc_plugin_info_t
#[repr(C)]
pub struct RustircPluginInfo {
    api_version: u32,
    name: *const c_char,
    version: *const c_char,
    author: *const c_char,
    description: *const c_char,
    permissions: *const *const c_char,
}

/// rustirc_host_t: opaque, only ever behind a pointer.
#[repr(C)]
pub struct RustircHost {
    _opaque: [u8; 0],
}

/// rustirc_event_t (needed for the signature of hook_event).
#[repr(C)]
pub struct RustircEvent {
    struct_size: usize,
    name: *const c_char,
    server: *const c_char,
    nick: *const c_char,
    user: *const c_char,
    host: *const c_char,
    target: *const c_char,
    channel: *const c_char,
    text: *const c_char,
    time_ms: i64,
    own: c_int,
}

/// rustirc_event_fn
type RustircEventFn =
    Option<unsafe extern "C" fn(event: *const RustircEvent, user_data: *mut c_void) -> c_int>;
/// rustirc_command_fn
type RustircCommandFn = Option<
    unsafe extern "C" fn(args: *const c_char, buffer: *const c_char, user_data: *mut c_void),
>;
/// rustirc_timer_fn
type RustircTimerFn = Option<unsafe extern "C" fn(user_data: *mut c_void)>;
/// rustirc_item_fn
type RustircItemFn = Option<unsafe extern "C" fn(item: *const c_char, user_data: *mut c_void)>;

/// rustirc_host_api_t: every field, in the header's order.
#[repr(C)]
pub struct RustircHostApi {
    struct_size: usize,
    api_version: u32,
    host: *mut RustircHost,

    send_message: Option<
        unsafe extern "C" fn(
            host: *mut RustircHost,
            server: *const c_char,
            target: *const c_char,
            text: *const c_char,
        ) -> RustircStatus,
    >,
    send_raw: Option<
        unsafe extern "C" fn(
            host: *mut RustircHost,
            server: *const c_char,
            line: *const c_char,
        ) -> RustircStatus,
    >,

    print: Option<
        unsafe extern "C" fn(
            host: *mut RustircHost,
            buffer: *const c_char,
            text: *const c_char,
        ) -> RustircStatus,
    >,

    register_command: Option<
        unsafe extern "C" fn(
            host: *mut RustircHost,
            name: *const c_char,
            help: *const c_char,
            handler: RustircCommandFn,
            user_data: *mut c_void,
        ) -> RustircStatus,
    >,

    hook_event: Option<
        unsafe extern "C" fn(
            host: *mut RustircHost,
            event: *const c_char,
            priority: c_int,
            handler: RustircEventFn,
            user_data: *mut c_void,
        ) -> i64,
    >,
    unhook: Option<unsafe extern "C" fn(host: *mut RustircHost, handle: i64) -> RustircStatus>,

    current_nick: Option<
        unsafe extern "C" fn(
            host: *mut RustircHost,
            server: *const c_char,
            buffer: *mut c_char,
            size: usize,
        ) -> usize,
    >,
    current_channel: Option<
        unsafe extern "C" fn(host: *mut RustircHost, buffer: *mut c_char, size: usize) -> usize,
    >,
    get_channels: Option<
        unsafe extern "C" fn(
            host: *mut RustircHost,
            server: *const c_char,
            each: RustircItemFn,
            user_data: *mut c_void,
        ) -> RustircStatus,
    >,
    get_users: Option<
        unsafe extern "C" fn(
            host: *mut RustircHost,
            server: *const c_char,
            channel: *const c_char,
            each: RustircItemFn,
            user_data: *mut c_void,
        ) -> RustircStatus,
    >,

    add_timer: Option<
        unsafe extern "C" fn(
            host: *mut RustircHost,
            milliseconds: u32,
            repeat: c_int,
            callback: RustircTimerFn,
            user_data: *mut c_void,
        ) -> i64,
    >,
    cancel_timer:
        Option<unsafe extern "C" fn(host: *mut RustircHost, handle: i64) -> RustircStatus>,

    get_setting: Option<
        unsafe extern "C" fn(
            host: *mut RustircHost,
            key: *const c_char,
            buffer: *mut c_char,
            size: usize,
        ) -> usize,
    >,
    storage_get: Option<
        unsafe extern "C" fn(
            host: *mut RustircHost,
            key: *const c_char,
            buffer: *mut c_char,
            size: usize,
        ) -> usize,
    >,
    storage_set: Option<
        unsafe extern "C" fn(
            host: *mut RustircHost,
            key: *const c_char,
            value: *const c_char,
        ) -> RustircStatus,
    >,

    last_error: Option<unsafe extern "C" fn(host: *mut RustircHost) -> *const c_char>,
}

// ---- the plugin ----

/// The host's table: set by plugin_init, valid until plugin_deinit returns (null outside that).
static API: AtomicPtr<RustircHostApi> = AtomicPtr::new(ptr::null_mut());

/// Lets the static info, which holds raw pointers to static strings, be a `static`.
#[repr(transparent)]
struct Shared<T>(T);
// SAFETY: what it wraps points only at immutable 'static data.
unsafe impl<T> Sync for Shared<T> {}

static PERMISSIONS: Shared<[*const c_char; 2]> = Shared([cstr!("irc.send"), ptr::null()]);

static INFO: Shared<RustircPluginInfo> = Shared(RustircPluginInfo {
    api_version: RUSTIRC_PLUGIN_API_VERSION,
    name: cstr!("rainbow"),
    version: cstr!("1.0.0"),
    author: cstr!("RustIrc developers"),
    description: cstr!("Says text in rainbow colours (Rust)"),
    permissions: PERMISSIONS.0.as_ptr(),
});

/// The colours, in turn: red, orange, yellow, light green, light blue, blue, purple.
const CYCLE: [&str; 7] = ["04", "07", "08", "09", "12", "02", "06"];

/// The table, while the plugin is loaded.
fn api() -> Option<&'static RustircHostApi> {
    // SAFETY: the host keeps the table valid from plugin_init until plugin_deinit returns, which clears it.
    unsafe { API.load(Ordering::Acquire).as_ref() }
}

/// Shows text in the current buffer.
fn say(api: &RustircHostApi, text: &str) {
    let (print, text) = match (api.print, CString::new(text)) {
        (Some(print), Ok(text)) => (print, text),
        _ => return,
    };
    // SAFETY: host and a NUL-terminated string, read by the host during the call only.
    unsafe { print(api.host, ptr::null(), text.as_ptr()) };
}

/// The characters rainbow.c counts as blank.
fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0B' | '\x0C')
}

/// The text with \x03NN before every character that is not a space, NN running through CYCLE; spaces
/// are copied bare.
fn colour(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 4);
    let mut next = 0;
    for c in text.chars() {
        if c != ' ' {
            out.push('\x03');
            out.push_str(CYCLE[next]);
            next = (next + 1) % CYCLE.len();
        }
        out.push(c);
    }
    out
}

/// The current channel's name, or None when there is none.
fn current_channel(api: &RustircHostApi) -> Option<CString> {
    let current_channel = api.current_channel?;
    // SAFETY: the host writes at most buffer.len() bytes into buffer, NUL included.
    let ask = |buffer: &mut Vec<u8>| unsafe {
        current_channel(api.host, buffer.as_mut_ptr().cast(), buffer.len())
    };
    let mut buffer = vec![0u8; 256];
    let needed = ask(&mut buffer);
    if needed == 0 {
        return None;
    }
    if needed >= buffer.len() {
        // Cut short: ask again with room for the whole name.
        buffer = vec![0u8; needed.saturating_add(1)];
        if ask(&mut buffer) == 0 {
            return None;
        }
    }
    // Up to the NUL the host wrote; with no NUL inside, CString::new cannot fail.
    let end = buffer.iter().position(|&b| b == 0).unwrap_or(buffer.len());
    buffer.truncate(end);
    CString::new(buffer).ok()
}

/// Prints "rainbow: " and why the last call failed.
fn report_failure(api: &RustircHostApi) {
    let why = match api.last_error {
        // SAFETY: the host's text, valid until its next call; copied out at once.
        Some(last_error) => unsafe {
            let text = last_error(api.host);
            if text.is_null() {
                String::new()
            } else {
                CStr::from_ptr(text).to_string_lossy().into_owned()
            }
        },
        None => String::new(),
    };
    say(api, &format!("rainbow: {why}"));
}

unsafe extern "C" fn on_rainbow(
    args: *const c_char,
    _buffer: *const c_char,
    _user_data: *mut c_void,
) {
    let api = match api() {
        Some(api) => api,
        None => return,
    };

    let text: Cow<'_, str> = if args.is_null() {
        Cow::Borrowed("")
    } else {
        // SAFETY: the host's NUL-terminated string, valid until this returns.
        String::from_utf8_lossy(unsafe { CStr::from_ptr(args) }.to_bytes())
    };
    if text.chars().all(is_blank) {
        say(api, "usage: /rainbow TEXT");
        return;
    }

    let channel = match current_channel(api) {
        Some(channel) => channel,
        None => {
            say(api, "rainbow: no current channel; join one or switch to it");
            return;
        }
    };

    let (send_message, coloured) = match (api.send_message, CString::new(colour(&text))) {
        (Some(send_message), Ok(coloured)) => (send_message, coloured),
        _ => return,
    };
    // SAFETY: host and NUL-terminated strings, read by the host during the call only.
    let status =
        unsafe { send_message(api.host, ptr::null(), channel.as_ptr(), coloured.as_ptr()) };
    if status != RUSTIRC_OK {
        report_failure(api);
    }
}

/// # Safety
/// Called by the host with its API table, valid until plugin_deinit returns.
#[no_mangle]
pub unsafe extern "C" fn plugin_init(api: *const RustircHostApi) -> *const RustircPluginInfo {
    // SAFETY: the host passes its table (or null, refused here).
    let table = match unsafe { api.as_ref() } {
        Some(table) => table,
        None => return ptr::null(),
    };
    if table.api_version != RUSTIRC_PLUGIN_API_VERSION
        || table.struct_size < std::mem::size_of::<RustircHostApi>()
    {
        return ptr::null();
    }
    let register_command = match table.register_command {
        Some(register_command) => register_command,
        None => return ptr::null(),
    };

    API.store(api as *mut RustircHostApi, Ordering::Release);
    let help = cstr!("/rainbow TEXT: says TEXT in rainbow colours in the current channel");
    // SAFETY: host, NUL-terminated strings read during the call, and a handler of the right type.
    let status = unsafe {
        register_command(
            table.host,
            cstr!("rainbow"),
            help,
            Some(on_rainbow),
            ptr::null_mut(),
        )
    };
    if status != RUSTIRC_OK {
        API.store(ptr::null_mut(), Ordering::Release);
        return ptr::null();
    }
    &INFO.0
}

#[no_mangle]
pub extern "C" fn plugin_deinit() {
    API.store(ptr::null_mut(), Ordering::Release);
}
