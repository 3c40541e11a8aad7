//! The workbench's state: the model it has open (a file, or the built-in model), the text last
//! saved, and the one analysis that may run at a time.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use realpolitik::analysis::AnalyzeRequest;
use realpolitik::embedded::{DEFAULT_MODEL, DEFAULT_MODEL_NAME, DEFAULT_SOURCES};
use realpolitik::model::{LoadError, LoadOptions, Loaded, SourceTexts, load_str};

use crate::edit::Edit;

/// The model open in the workbench.
#[derive(Clone, Debug)]
pub struct Opened {
    /// The file, or `None` for the built-in model (which is read-only).
    pub path: Option<PathBuf>,
    /// The text as last opened or saved (empty for a file not made yet).
    pub saved_text: String,
    /// Whether the file exists: `serve NEW.toml` opens a model to be made, from a template,
    /// and its first save creates the file.
    pub exists: bool,
    /// What loading it may read: its limits, and the folders besides its own its sources may
    /// come from. The analyses it starts run under the same limits.
    pub options: LoadOptions,
}

impl Opened {
    /// The model file at `path`, read now; a model to be made if there is no file there yet
    /// (its folder must exist).
    fn read(path: PathBuf, options: LoadOptions) -> Result<Opened, FileError> {
        let missing = std::fs::symlink_metadata(&path)
            .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound);
        if missing {
            if !folder_of(&path).is_dir() {
                return Err(FileError::Io {
                    path: path.display().to_string(),
                    error: "its folder does not exist".into(),
                });
            }
            return Ok(Opened {
                path: Some(path),
                saved_text: String::new(),
                exists: false,
                options,
            });
        }
        let saved_text = read(&path, &options)?;
        Ok(Opened {
            path: Some(path),
            saved_text,
            exists: true,
            options,
        })
    }

    /// The name diagnostics and the page show: the file's name, or the built-in model's.
    pub fn name(&self) -> String {
        match &self.path {
            Some(p) => p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
            None => DEFAULT_MODEL_NAME.to_owned(),
        }
    }

    /// Where the model's cited texts are read from: its own folder only.
    pub fn texts(&self) -> SourceTexts {
        match &self.path {
            Some(p) => SourceTexts::Directory(folder_of(p)),
            None => SourceTexts::Embedded(DEFAULT_SOURCES),
        }
    }

    /// Reads and checks `text` as this model.
    pub fn load(&self, text: &str) -> Result<Loaded, LoadError> {
        load_str(&self.name(), text, &self.texts(), &self.options)
    }

    /// Applies a structured edit to `text` as this model, and checks it: an edit that would
    /// add an error to the model (a cite of a passage its source does not have, of a source
    /// it does not declare, a value out of range) is refused, saying why and where. Errors
    /// the text already had are the analyst's to fix and do not stop an edit.
    pub fn edit(&self, text: &str, edit: &Edit) -> Result<String, String> {
        let edited = crate::edit::apply(text, edit)?;
        let mut before = self.errors(text);
        for (message, line) in self.errors(&edited) {
            match before.iter().position(|(m, _)| *m == message) {
                Some(k) => {
                    before.swap_remove(k);
                }
                None => {
                    let at = line.map(|l| format!(" (line {l})")).unwrap_or_default();
                    return Err(format!("the edit was not made: {message}{at}"));
                }
            }
        }
        Ok(edited)
    }

    /// The messages of the errors in `text` as this model, each with its line.
    fn errors(&self, text: &str) -> Vec<(String, Option<usize>)> {
        match self.load(text) {
            Err(LoadError::Invalid(found)) => found
                .iter()
                .filter(|d| d.is_error())
                .map(|d| (d.message.clone(), d.line_column().map(|(line, _)| line)))
                .collect(),
            _ => Vec::new(),
        }
    }
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// A short fingerprint of a text, so that a save can tell whether the file changed on disk
/// since the page read it (FNV-1a, 64 bits, as 16 hexadecimal digits).
pub fn version(text: &str) -> String {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}

/// Why a save or an open did not happen.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// The built-in model has no file to write.
    #[error(
        "the built-in model is read-only: export it, or start `realpolitik serve FILE` on a copy"
    )]
    ReadOnly,
    /// The file changed on disk after the page read it.
    #[error(
        "{0} changed on disk since it was opened: reload it (your edits are kept in the \
         editor), or save under another name"
    )]
    Conflict(String),
    /// A new file would replace one.
    #[error("{0} exists: choose another name (a new file never replaces one)")]
    Exists(String),
    /// The client named a file that is not a model in the model's folder.
    #[error("{0:?} is not a model file in the model's folder: give the name of a .toml file there")]
    NotInFolder(String),
    /// Reading or writing failed.
    #[error("{path}: {error}")]
    Io {
        /// The file.
        path: String,
        /// What went wrong.
        error: String,
    },
}

/// The workbench: one open model, and one analysis at a time.
#[derive(Debug)]
pub struct Workbench {
    opened: Mutex<Opened>,
    /// Held while an analysis runs, so that at most one does.
    running: Mutex<()>,
    /// The number of the newest analysis asked for: a queued one that is no longer the newest
    /// is not started (its answer would be stale on arrival).
    newest: AtomicU64,
    /// The seed of every analysis's random draws.
    seed: u64,
}

impl Workbench {
    /// A workbench on the model file at `path`, or on the built-in model, loaded under
    /// `options` (as is every model it switches to).
    /// A file that does not exist yet is opened as a model to be made: the page offers the
    /// templates, and its first save creates the file.
    pub fn open(path: Option<PathBuf>, options: LoadOptions) -> Result<Self, FileError> {
        let opened = match path {
            Some(p) => Opened::read(p, options)?,
            None => Opened {
                path: None,
                saved_text: DEFAULT_MODEL.to_owned(),
                exists: true,
                options,
            },
        };
        Ok(Workbench {
            opened: Mutex::new(opened),
            running: Mutex::new(()),
            newest: AtomicU64::new(0),
            seed: AnalyzeRequest::default().seed,
        })
    }

    /// The same workbench, its analyses drawing from `seed` (`realpolitik serve --seed`).
    pub fn with_seed(self, seed: u64) -> Self {
        Workbench { seed, ..self }
    }

    /// What an analysis of `draws` draws (all the briefing's, by default) asks of the library:
    /// the workbench's seed, and the limits the model was opened under.
    pub fn request(&self, draws: Option<usize>) -> AnalyzeRequest {
        let default = AnalyzeRequest::default();
        AnalyzeRequest {
            draws: draws.unwrap_or(default.draws),
            seed: self.seed,
            limits: self.opened().options.limits,
        }
    }

    /// The open model.
    pub fn opened(&self) -> Opened {
        lock(&self.opened).clone()
    }

    /// The `.toml` files in the model's folder that the page may open, by name.
    pub fn models_in_folder(&self) -> Vec<String> {
        let Some(path) = self.opened().path else {
            return Vec::new();
        };
        let mut names: Vec<String> = std::fs::read_dir(folder_of(&path))
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter_map(|e| e.file_name().to_str().map(str::to_owned))
            .filter(|n| n.ends_with(".toml") && !n.starts_with('.'))
            .collect();
        names.sort();
        names
    }

    /// Opens another model of the same folder, named by its bare file name (no folder part: the
    /// client never chooses where to read).
    pub fn switch_to(&self, name: &str) -> Result<Opened, FileError> {
        if !self.models_in_folder().iter().any(|n| n == name) {
            return Err(FileError::NotInFolder(name.to_owned()));
        }
        let mut opened = lock(&self.opened);
        let folder = opened.path.as_deref().map(folder_of).unwrap_or_default();
        *opened = Opened::read(folder.join(name), opened.options.clone())?;
        Ok(opened.clone())
    }

    /// Reads the model's file again, as it is on disk now (the page's Reload, and every time
    /// the page starts): what another program saved replaces the text last read.
    pub fn reload(&self) -> Result<Opened, FileError> {
        let mut opened = lock(&self.opened);
        if let Some(path) = opened.path.clone() {
            *opened = Opened::read(path, opened.options.clone())?;
        }
        Ok(opened.clone())
    }

    /// Writes `text` to a new file `name` in the model's folder (never over an existing file)
    /// and makes it the open model.
    pub fn save_as(&self, name: &str, text: &str) -> Result<Opened, FileError> {
        let mut opened = lock(&self.opened);
        let Some(current) = opened.path.clone() else {
            return Err(FileError::ReadOnly);
        };
        if !is_bare_model_name(name) {
            return Err(FileError::NotInFolder(name.to_owned()));
        }
        let path = folder_of(&current).join(name);
        create(&path, name, text)?;
        *opened = Opened {
            path: Some(path),
            saved_text: text.to_owned(),
            exists: true,
            options: opened.options.clone(),
        };
        Ok(opened.clone())
    }

    /// Saves `text` over the model's file, if the file on disk is still the version `base`
    /// that the page started from; returns the new version. The write is atomic (a reader sees
    /// the old file or the new one, never a part), and the text is the page's own, so comments
    /// and formatting are kept as the analyst left them.
    pub fn save(&self, text: &str, base: &str) -> Result<String, FileError> {
        let mut opened = lock(&self.opened);
        let Some(path) = opened.path.clone() else {
            return Err(FileError::ReadOnly);
        };
        if opened.exists {
            let on_disk = read(&path, &opened.options)?;
            if version(&on_disk) != base {
                return Err(FileError::Conflict(opened.name()));
            }
            realpolitik::io::write_atomic(&path, text.as_bytes()).map_err(|e| FileError::Io {
                path: opened.name(),
                error: e.to_string(),
            })?;
        } else {
            // The first save of a new model creates its file, unless one appeared meanwhile.
            create(&path, &opened.name(), text)?;
            opened.exists = true;
        }
        opened.saved_text = text.to_owned();
        Ok(version(text))
    }

    /// Runs `work` as the workbench's one analysis, unless a newer one has been asked for by
    /// the time it could start (then `None`).
    pub fn analyze<T>(&self, ticket: u64, work: impl FnOnce() -> T) -> Option<T> {
        let _running = lock(&self.running);
        (self.newest.load(Ordering::SeqCst) == ticket).then(work)
    }

    /// Runs `work` as the workbench's one analysis, whatever was asked for meanwhile (an
    /// export, which no edit makes stale).
    pub fn exclusively<T>(&self, work: impl FnOnce() -> T) -> T {
        let _running = lock(&self.running);
        work()
    }

    /// A ticket for a new analysis: it makes every earlier queued one stale.
    pub fn ticket(&self) -> u64 {
        self.newest.fetch_add(1, Ordering::SeqCst) + 1
    }
}

/// Whether `name` is a bare `.toml` file name (no folder part, not hidden).
fn is_bare_model_name(name: &str) -> bool {
    let bare = Path::new(name).file_name().and_then(|n| n.to_str()) == Some(name);
    bare && name.ends_with(".toml") && name.len() > ".toml".len() && !name.starts_with('.')
}

/// Creates the file at `path` (called `name` in messages) holding `text`, never over one.
fn create(path: &Path, name: &str, text: &str) -> Result<(), FileError> {
    realpolitik::io::create_new(path, text.as_bytes()).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => FileError::Exists(name.to_owned()),
        _ => FileError::Io {
            path: name.to_owned(),
            error: e.to_string(),
        },
    })
}

fn read(path: &Path, options: &LoadOptions) -> Result<String, FileError> {
    realpolitik::io::read_text(path, &options.limits).map_err(|e| FileError::Io {
        path: path.display().to_string(),
        error: std::io::Error::from(e).to_string(),
    })
}

/// Locks, recovering the data of a lock whose holder panicked (the state stays usable: every
/// update above is a single assignment).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_queued_analysis_that_a_newer_one_overtook_is_not_started() {
        let w = Workbench::open(None, Default::default()).unwrap();
        let first = w.ticket();
        let second = w.ticket();
        assert_eq!(w.analyze(first, || 1), None);
        assert_eq!(w.analyze(second, || 2), Some(2));
    }

    #[test]
    fn versions_tell_texts_apart() {
        // 64-bit FNV-1a: the offset basis for no bytes; for "a", (basis ^ 0x61) · prime
        // (0x100000001b3), by hand.
        assert_eq!(version(""), "cbf29ce484222325");
        assert_eq!(version("a"), "af63dc4c8601ec8c");
        assert_ne!(version("a"), version("b"));
    }
}
