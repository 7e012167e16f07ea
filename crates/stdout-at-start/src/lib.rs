//! Whether standard output was closed when the process started.
//!
//! Before `main`, the Rust runtime reopens a closed standard descriptor on
//! `/dev/null`, for reading and writing, so that no file opened later takes
//! its number. From then on a program started with its output closed
//! (`attain report >&-`) cannot be told from one whose parent handed it
//! `/dev/null` open for reading and writing (Python's `subprocess.DEVNULL`,
//! many daemons): writes to both succeed and go nowhere.
//!
//! The one way to tell them apart is to look before the runtime does: a
//! function in the ELF `.init_array`, which the C runtime runs before
//! `main`. Placing it there takes an unsafe attribute (`link_section`), so it
//! lives in this crate of its own, away from attain's
//! `forbid(unsafe_code)`. The function itself is safe code: it asks
//! `/proc/self/fd` whether descriptor 1 exists.
//!
//! On other systems, or without `/proc`, [`was_closed`] is false: a closed
//! standard output is then not detected, and nothing is refused by mistake.

use std::sync::atomic::{AtomicBool, Ordering};

static CLOSED: AtomicBool = AtomicBool::new(false);

/// Whether descriptor 1 was closed when the process started.
pub fn was_closed() -> bool {
    #[cfg(target_os = "linux")]
    std::hint::black_box(&AT_START); // keep the constructor's object linked in
    CLOSED.load(Ordering::Relaxed)
}

#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static AT_START: extern "C" fn() = look;

/// Runs before `main`: descriptor 1 is closed when `/proc/self/fd` can be
/// read and has no entry 1.
#[cfg(target_os = "linux")]
extern "C" fn look() {
    let fds = std::path::Path::new("/proc/self/fd");
    let closed = fds.is_dir()
        && matches!(
            std::fs::symlink_metadata(fds.join("1")),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound
        );
    CLOSED.store(closed, Ordering::Relaxed);
}
