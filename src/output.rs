//! Writing the output, so that it never destroys anything (issue 11).
//!
//! - Standard output: a reader that went away (EPIPE) is success; any
//!   other failure, a closed standard output included, is an error.
//! - `-o FILE`, a regular file or a new one: the bytes go to a temp file
//!   beside it (`.NAME.attain-XXXXXX`), which then replaces it in one
//!   rename, so a failed run never leaves half a report. The replaced
//!   file's mode and owner are kept where the platform allows.
//! - A symlink is followed to its target, and the temp file is made beside
//!   the target, so the link stays a link.
//! - A file with other hard links is written in place, so that every name
//!   sees the new report: first a complete temp copy, then the copy over
//!   the file. Should the copy fail, the error says where the complete temp
//!   copy is.
//! - A FIFO, a character or block device or a socket is opened and written
//!   directly, as `>` would: never replaced.
//! - A file the user could not write to with `>` is refused, although a
//!   rename (which needs only the directory) would succeed.
//! - Errors name the output path, never the hidden temp file.

use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::diagnostic::Said;
use crate::error::{self, Error};

/// How many symlinks to follow before giving up, as the kernel does.
const MAX_LINKS: usize = 40;

/// Was standard output open when attain started?
///
/// A program started with descriptor 1 closed (`>&-`) finds it open on
/// `/dev/null`: the Rust runtime reopens a closed standard descriptor there
/// before `main`, so every write would "succeed" and nothing be written.
/// The `stdout-at-start` crate looks before the runtime does (Linux), so
/// that `/dev/null` handed over by a parent, for writing or for reading and
/// writing (Python's `subprocess.DEVNULL`), is an output like any other.
pub fn stdout_is_open() -> bool {
    !stdout_at_start::was_closed()
}

/// The error of a write to a closed standard output.
pub fn closed_stdout() -> io::Error {
    io::Error::other(
        "standard output is closed, so nothing was written; give -o FILE, or >/dev/null to discard the output",
    )
}

/// Write the whole output at once, to standard output (`None`) or a file.
pub fn write(path: Option<&Path>, bytes: &[u8]) -> Result<(), Error> {
    match path {
        None => to_stdout(bytes),
        Some(path) => to_file(path, bytes),
    }
}

fn to_stdout(bytes: &[u8]) -> Result<(), Error> {
    if !stdout_is_open() {
        return Err(Error::io("<stdout>", closed_stdout()));
    }
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if error::is_broken_pipe(&e) => Ok(()),
        Err(e) => Err(Error::io("<stdout>", e)),
    }
}

/// The file a path finally names, following symlinks (each relative link
/// read from the folder it sits in). A dangling link names the file it
/// points to, which `>` would create.
pub fn resolve(path: &Path) -> Result<PathBuf, Error> {
    let name = path.display().to_string();
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = std::fs::read_link(&current).map_err(|e| Error::io(&name, e))?;
                current = match current.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(Error::output(
        name,
        Said::new(
            format!("more than {MAX_LINKS} symbolic links in a row (a loop?)"),
            format!("quá {MAX_LINKS} liên kết tượng trưng nối nhau (một vòng lặp?)"),
        ),
    ))
}

fn to_file(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let name = path.display().to_string();
    let fail = |e: io::Error| Error::io(&name, plain(e));
    let target = resolve(path)?;
    let meta = match std::fs::metadata(&target) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(fail(e)),
    };
    let Some(meta) = meta else {
        return replace(&target, None, bytes).map_err(fail);
    };
    if meta.is_dir() {
        return Err(Error::output(
            name,
            Said::new(
                "is a folder; name a file in it",
                "là một thư mục; hãy ghi ra một tệp trong đó",
            ),
        ));
    }
    if !meta.is_file() {
        // A FIFO, a device, a socket: written as `>` would, never replaced.
        let mut file = OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(&target)
            .map_err(fail)?;
        return match file.write_all(bytes).and_then(|()| file.flush()) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
            Err(e) => Err(fail(e)),
        };
    }
    // Could `>` write to it? (A rename needs only the folder.)
    let file = OpenOptions::new()
        .write(true)
        .open(&target)
        .map_err(|e| match e.kind() {
            io::ErrorKind::PermissionDenied => Error::output(
                &name,
                Said::new(
                    "the file is not writable by you, so attain leaves it as it is; change its permissions or write elsewhere",
                    "bạn không có quyền ghi tệp này, nên attain để nguyên nó; hãy đổi quyền của tệp hoặc ghi ra chỗ khác",
                ),
            ),
            _ => fail(e),
        })?;
    if links(&meta) > 1 {
        in_place(&target, file, bytes, &name)
    } else {
        drop(file);
        replace(&target, Some(&meta), bytes).map_err(fail)
    }
}

/// A temp file beside `target`, holding `bytes` in full.
fn temp_beside(target: &Path, bytes: &[u8]) -> io::Result<tempfile::NamedTempFile> {
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let base = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut builder = tempfile::Builder::new();
    let prefix = format!(".{base}.attain-");
    builder.prefix(&prefix);
    #[cfg(unix)]
    {
        // A report is a document, not a secret: 0666 less the umask.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

/// Write a temp copy, give it the old file's mode and owner, and rename it
/// over `target`.
fn replace(target: &Path, old: Option<&Metadata>, bytes: &[u8]) -> io::Result<()> {
    let tmp = temp_beside(target, bytes)?;
    if let Some(old) = old {
        tmp.as_file().set_permissions(old.permissions())?;
        keep_owner(tmp.as_file(), old);
    }
    tmp.persist(target).map_err(|e| e.error)?;
    Ok(())
}

/// A file with other hard links: a complete temp copy first, then the bytes
/// over the file itself, so every name sees the new report.
fn in_place(target: &Path, mut file: File, bytes: &[u8], name: &str) -> Result<(), Error> {
    let tmp = temp_beside(target, bytes).map_err(|e| Error::io(name, plain(e)))?;
    let copied = file
        .set_len(0)
        .and_then(|()| file.write_all(bytes))
        .and_then(|()| file.sync_all());
    match copied {
        Ok(()) => Ok(()),
        Err(e) => {
            let e = plain(e).to_string();
            // Keep the complete copy: the file itself may now be cut short.
            let kept = tmp.into_temp_path().keep().ok();
            let where_ = kept
                .as_ref()
                .map(|p| format!("; the complete report is in {}", p.display()))
                .unwrap_or_default();
            let kept_vi = kept
                .map(|p| format!("; báo cáo đầy đủ nằm ở {}", p.display()))
                .unwrap_or_default();
            Err(Error::output(
                name,
                Said::new(
                    format!("writing over a file with several hard links failed: {e}{where_}"),
                    format!("ghi đè lên tệp có nhiều liên kết cứng không thành công: {e}{kept_vi}"),
                ),
            ))
        }
    }
}

#[cfg(unix)]
fn links(meta: &Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    meta.nlink()
}

#[cfg(not(unix))]
fn links(_: &Metadata) -> u64 {
    1
}

/// Give the new file the old one's owner and group; only root may give a
/// file away, so for anyone else this keeps what it can (the group, when
/// the user is in it) and quietly leaves the rest.
#[cfg(unix)]
fn keep_owner(file: &File, old: &Metadata) {
    use std::os::unix::fs::MetadataExt;
    if std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid())).is_err() {
        let _ = std::os::unix::fs::fchown(file, None, Some(old.gid()));
    }
}

#[cfg(not(unix))]
fn keep_owner(_: &File, _: &Metadata) {}

/// The operating system's error without the temp file's path that
/// `tempfile` wraps around it: messages name the output, not `.x.attain-…`.
fn plain(e: io::Error) -> io::Error {
    // tempfile appends ` at path "…"` to the message and drops the OS
    // error code; keep the kind and the operating system's words.
    if e.get_ref().is_none() {
        return e;
    }
    let text = e.to_string();
    match text.rfind(" at path ") {
        Some(at) => io::Error::new(e.kind(), text[..at].to_string()),
        None => e,
    }
}

/// The identity of a file on this machine (device and inode), through any
/// spelling of its path or link to it; `None` when it does not exist.
#[cfg(unix)]
pub fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
pub fn identity(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok()
}
