//! Reading input files and writing output files safely.
//!
//! Reading ([`read_text`]): only regular files (a FIFO would block forever, `/dev/zero` would
//! never end), at most [`Limits::file_size`](crate::limits::Limits) bytes, read as a stream
//! that stops at the cap, and decoded by their byte-order mark: UTF-8 (with or without BOM),
//! UTF-16 LE/BE with BOM, and otherwise, when the bytes are not UTF-8, Windows-1252 (what
//! Excel and ScenarioWizard write on Windows).
//!
//! Writing ([`write_atomic`]): a regular file (or a new one) is written into a temporary file
//! beside it, named `.NAME.realpolitik-tmp-XXXXXX` so a leftover is recognisable, then renamed
//! over it; a symlink is resolved first, so its target is replaced and the link stays a link;
//! an existing non-regular target (a FIFO, `/dev/stdout`, `/dev/full`) is written through,
//! never replaced. Temporary files in progress are listed so that a signal handler can remove
//! them ([`remove_temporaries`]). A destination is written only where its permission allows:
//! a read-only file is refused (renaming over it needs only the folder's permission, which
//! would silently defeat the file's). [`is_input`] tells whether a file was read as input, so
//! that the command line can refuse `export -o M.toml M.toml`, which would replace the model it
//! reads.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::limits::Limits;

/// Why a file could not be read as text.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("{0}")]
    Io(#[from] io::Error),
    /// The path is not a regular file.
    #[error("not a regular file ({0})")]
    NotRegular(&'static str),
    /// The file is larger than the limit.
    #[error("{}", Limits::exceeded("file-size", format!("a file of {size} bytes"), *limit))]
    TooLarge {
        /// The file's size (or how much was read before stopping).
        size: u64,
        /// The limit.
        limit: u64,
    },
}

impl From<ReadError> for io::Error {
    fn from(e: ReadError) -> Self {
        match e {
            ReadError::Io(e) => e,
            other => io::Error::new(io::ErrorKind::InvalidInput, other.to_string()),
        }
    }
}

/// The files read as input so far, when [`protect_inputs`] is on (canonical paths).
static INPUTS: Mutex<Option<Vec<PathBuf>>> = Mutex::new(None);

/// From now on, remembers every file read as input, for [`is_input`]: a command reads its
/// inputs, then writes its outputs, and should never write one over the other.
pub fn protect_inputs() {
    if let Ok(mut inputs) = INPUTS.lock() {
        inputs.get_or_insert_with(Vec::new);
    }
}

fn remember_input(path: &Path) {
    if let Ok(mut guard) = INPUTS.lock()
        && let Some(inputs) = guard.as_mut()
        && let Ok(path) = fs::canonicalize(path)
        && !inputs.contains(&path)
    {
        inputs.push(path);
    }
}

/// Whether `path` is a file read as input since [`protect_inputs`] (the command line refuses to
/// write an output there).
pub fn is_input(path: &Path) -> bool {
    let Ok(path) = fs::canonicalize(path) else {
        return false;
    };
    INPUTS
        .lock()
        .is_ok_and(|guard| guard.as_ref().is_some_and(|inputs| inputs.contains(&path)))
}

/// Checks that `path` is a regular file no larger than the limit, before anything is read.
pub fn check_input(path: &Path, limits: &Limits) -> Result<fs::Metadata, ReadError> {
    let meta = fs::metadata(path)?;
    remember_input(path);
    let kind = meta.file_type();
    if !kind.is_file() {
        return Err(ReadError::NotRegular(if kind.is_dir() {
            "a folder"
        } else {
            "a device, FIFO or socket"
        }));
    }
    let limit = limits.file_size;
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    Ok(meta)
}

/// Reads a regular file's bytes, at most the file-size limit (checked before and while reading,
/// since a file may grow).
pub fn read_bytes(path: &Path, limits: &Limits) -> Result<Vec<u8>, ReadError> {
    let meta = check_input(path, limits)?;
    let limit = limits.file_size;
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize);
    fs::File::open(path)?
        .take(limit + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// Reads a regular text file (see the module's notes on limits and encodings).
pub fn read_text(path: &Path, limits: &Limits) -> Result<String, ReadError> {
    Ok(decode(&read_bytes(path, limits)?))
}

/// Decodes text by its byte-order mark: UTF-8 or UTF-16 with a BOM, UTF-8 without, and
/// Windows-1252 when the bytes are not UTF-8. The BOM is dropped; decoding never fails.
pub fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return text.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// Temporary files being written, removed by [`remove_temporaries`] on a signal.
static TEMPORARIES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Removes every temporary file still being written (for a SIGINT/SIGTERM handler).
pub fn remove_temporaries() {
    let paths = TEMPORARIES.lock().map(|p| p.clone()).unwrap_or_default();
    for path in paths {
        let _ = fs::remove_file(path);
    }
}

/// Where a write to `path` goes: a regular file to replace (the target of a symlink), or an
/// existing non-regular file to write through.
enum Target {
    Replace(PathBuf),
    WriteThrough(PathBuf),
}

fn target(path: &Path) -> io::Result<Target> {
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Target::Replace(path.to_owned())),
        Err(e) => Err(e),
        Ok(meta) if meta.file_type().is_symlink() => {
            // Never rename over the link: write where it points (which must exist to be found).
            match fs::canonicalize(path) {
                Ok(resolved) => target(&resolved),
                // `/dev/stdout` on a pipe links to `pipe:[N]`, which has no path to resolve,
                // but opens: an existing non-regular target is written through.
                Err(_) if fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) => {
                    Ok(Target::WriteThrough(path.to_owned()))
                }
                Err(e) => Err(io::Error::new(
                    e.kind(),
                    format!("it is a symbolic link whose target cannot be resolved ({e})"),
                )),
            }
        }
        Ok(meta) if meta.is_dir() => Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "it is a folder",
        )),
        Ok(meta) if meta.is_file() && meta.permissions().readonly() => Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "it is read-only; make it writable (chmod u+w) or write elsewhere",
        )),
        Ok(meta) if meta.is_file() => Ok(Target::Replace(path.to_owned())),
        Ok(_) => Ok(Target::WriteThrough(path.to_owned())),
    }
}

/// Writes `contents` to `path` safely (see the module's notes): atomically for regular files,
/// through for existing devices and FIFOs, and through a symlink to its target.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    let path = match target(path)? {
        Target::WriteThrough(path) => {
            let mut file = fs::OpenOptions::new().write(true).open(path)?;
            file.write_all(contents)?;
            return file.flush();
        }
        Target::Replace(path) => path,
    };
    persist(&path, contents, true)
}

/// Writes `contents` to a new file at `path`, atomically, and never over an existing file (or
/// link, or folder): that is an error of kind [`io::ErrorKind::AlreadyExists`]. For files made
/// from nothing (`realpolitik new`), where replacing one would lose the analyst's work.
pub fn create_new(path: &Path, contents: &[u8]) -> io::Result<()> {
    if fs::symlink_metadata(path).is_ok() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "a file of that name exists",
        ));
    }
    persist(path, contents, false)
}

/// Writes `contents` to a temporary file beside `path` and moves it there: over the file at
/// `path` if `replace`, else only if there is none.
fn persist(path: &Path, contents: &[u8], replace: bool) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{name}.realpolitik-tmp-"))
        .tempfile_in(dir)?;
    let registered = temp.path().to_owned();
    if let Ok(mut list) = TEMPORARIES.lock() {
        list.push(registered.clone());
    }
    let result = (|| {
        // A temporary file is private (0600); the result should be as readable as any new file.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(path).map_or(0o644, |m| m.permissions().mode());
            temp.as_file()
                .set_permissions(fs::Permissions::from_mode(mode))?;
        }
        temp.write_all(contents)?;
        temp.as_file().sync_all()?;
        // On error the temporary file is dropped, which removes it.
        let persisted = if replace {
            temp.persist(path)
        } else {
            temp.persist_noclobber(path)
        };
        persisted.map(drop).map_err(|e| e.error)
    })();
    if let Ok(mut list) = TEMPORARIES.lock() {
        list.retain(|p| *p != registered);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "second");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o644);
        }
    }

    #[test]
    fn a_new_file_never_replaces_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("model.toml");
        create_new(&path, b"first").unwrap();
        let e = create_new(&path, b"second").unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read_to_string(&path).unwrap(), "first");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_missing_directory_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no/such/dir/out.json");
        let e = write_atomic(&path, b"x").unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::NotFound);
        assert!(
            !dir.path().join("no").exists(),
            "no folder is made on the way"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_stays_a_link_and_its_target_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.txt");
        let link = dir.path().join("link.dot");
        fs::write(&target, "old").unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_written_through_and_a_full_one_is_an_error() {
        use std::os::unix::fs::FileTypeExt;
        write_atomic(Path::new("/dev/null"), b"x").unwrap();
        assert!(
            fs::metadata("/dev/null")
                .unwrap()
                .file_type()
                .is_char_device()
        );
        if Path::new("/dev/full").exists() {
            let e = write_atomic(Path::new("/dev/full"), b"x").unwrap_err();
            assert_eq!(e.raw_os_error(), Some(28), "{e}"); // ENOSPC
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_file_is_not_replaced() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("locked.txt");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
        let e = write_atomic(&path, b"new").unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::PermissionDenied);
        assert!(e.to_string().contains("read-only"), "{e}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary left"
        );
    }

    #[test]
    fn a_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("kept.txt"), "kept").unwrap();
        let e = write_atomic(dir.path(), b"x").unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::IsADirectory);
        assert_eq!(e.to_string(), "it is a folder");
        // The folder and what it holds are untouched, and no temporary is left beside it.
        assert!(dir.path().is_dir());
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["kept.txt"]);
        assert_eq!(
            fs::read_to_string(dir.path().join("kept.txt")).unwrap(),
            "kept"
        );
    }

    #[test]
    fn texts_are_decoded_by_their_bom_or_as_windows_1252() {
        assert_eq!(decode(b"\xEF\xBB\xBFa,b"), "a,b");
        assert_eq!(decode(b"\xFF\xFEa\0\xe9\0"), "aé");
        assert_eq!(decode(b"\xFE\xFF\0a\0\xe9"), "aé");
        assert_eq!(decode("né".as_bytes()), "né");
        // Windows-1252: 0xE9 is é, 0x93/0x94 are curly quotes.
        assert_eq!(decode(b"caf\xe9 \x93x\x94"), "café \u{201c}x\u{201d}");
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_files_under_the_size_limit_are_read() {
        assert!(matches!(
            read_text(Path::new("/dev/zero"), &Limits::default()),
            Err(ReadError::NotRegular(_))
        ));
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            read_text(dir.path(), &Limits::default()),
            Err(ReadError::NotRegular("a folder"))
        ));
        let path = dir.path().join("a.txt");
        fs::write(&path, "x").unwrap();
        assert_eq!(read_text(&path, &Limits::default()).unwrap(), "x");
        // The limit is the caller's: the same file is refused under a smaller one.
        fs::write(&path, "xyz").unwrap();
        let two_bytes = Limits {
            file_size: 2,
            ..Limits::default()
        };
        assert!(matches!(
            read_text(&path, &two_bytes),
            Err(ReadError::TooLarge { size: 3, limit: 2 })
        ));
        assert_eq!(read_text(&path, &Limits::default()).unwrap(), "xyz");
    }
}
