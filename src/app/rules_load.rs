//! Loading a rules file in the app: read and compiled (with its
//! gazetteers) on a worker thread, so a large gazetteer never freezes the
//! window. A small file is done within a moment and answered at once (a
//! bad file keeps the prompt open with its error); a larger one finishes
//! in the background and says so in the status line.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError};
use std::time::Duration;

use super::App;
use crate::rules::RulesFile;

/// How long a load may hold the window before it goes on in the background.
const ANSWER_WITHIN: Duration = Duration::from_millis(1500);

/// A rules file read and checked, ready to use.
pub(super) struct LoadedRules {
    file: RulesFile,
    dir: PathBuf,
    message: String,
}

/// A rules file being loaded in the background.
pub(super) struct RulesLoad {
    result: Receiver<Result<LoadedRules, String>>,
}

impl App {
    /// Reads a rules file (RON, or spaCy/Prodigy pattern JSONL) for the app
    /// to use from now on; gazetteer paths are relative to its folder. The
    /// rules in use stay when it cannot be read or compiled.
    pub(super) fn load_rules(&mut self, path: &Path) -> Result<(), String> {
        let (tx, rx) = std::sync::mpsc::channel();
        let owned = path.to_path_buf();
        std::thread::Builder::new()
            .name("spanlab-rules".into())
            .spawn(move || {
                let _ = tx.send(read_and_compile(&owned));
            })
            .map_err(|e| format!("cannot start the worker: {e}"))?;
        match rx.recv_timeout(ANSWER_WITHIN) {
            Ok(loaded) => {
                self.use_rules(loaded?);
                Ok(())
            }
            Err(RecvTimeoutError::Timeout) => {
                self.message = Some(format!("Loading rules from {}…", path.display()));
                self.rules_load = Some(RulesLoad { result: rx });
                Ok(())
            }
            Err(RecvTimeoutError::Disconnected) => {
                Err(format!("{}: reading the rules stopped", path.display()))
            }
        }
    }

    /// Takes a rules file loaded in the background, once it is ready.
    pub(super) fn poll_rules_load(&mut self) {
        let Some(load) = &self.rules_load else { return };
        let result = match load.result.try_recv() {
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => Err("reading the rules stopped".to_owned()),
            Ok(result) => result,
        };
        self.rules_load = None;
        match result {
            Ok(loaded) => self.use_rules(loaded),
            Err(message) => self.message = Some(message),
        }
    }

    fn use_rules(&mut self, loaded: LoadedRules) {
        self.message = Some(loaded.message);
        self.rules.file = loaded.file;
        self.rules.dir = Some(loaded.dir);
        self.model.rules_changed(std::time::Instant::now());
    }
}

/// Reads and compiles the rules file at `path` through the size-limited
/// reader (its gazetteers too), naming gazetteers outside its folder.
fn read_and_compile(path: &Path) -> Result<LoadedRules, String> {
    let file = crate::store::read_rules_file(path).map_err(|e| e.to_string())?;
    let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
    crate::store::compile_rules(&file, path).map_err(|e| format!("{}: {e}", path.display()))?;
    let n = file.rules.len();
    let outside = crate::store::outside_message(&crate::store::gazetteers_outside(&file, path))
        .map(|m| format!("; {m}"))
        .unwrap_or_default();
    let message = format!(
        "Loaded {n} rule{} from {}{outside}",
        if n == 1 { "" } else { "s" },
        path.display()
    );
    Ok(LoadedRules { file, dir, message })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rules_file_is_read_and_checked_off_the_ui_thread() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let rules = dir.path().join("rules.ron");
        std::fs::write(
            &rules,
            r#"(rules: [(id: "x", label: "LOC", kind: phrases(list: ["Paris"]))])"#,
        )
        .expect("writes");
        let mut app = App::from_args(&[]);
        app.load_rules(&rules).expect("loads");
        assert_eq!(app.rules.file.rules.len(), 1, "the rule is in use");
        assert!(
            app.message
                .as_deref()
                .is_some_and(|m| m.starts_with("Loaded 1 rule from")),
            "{:?}",
            app.message
        );
        let missing = dir.path().join("missing.ron");
        let err = app.load_rules(&missing).expect_err("no such file");
        assert!(err.contains("missing.ron"), "{err}");
        assert_eq!(app.rules.file.rules.len(), 1, "the rules in use stay");
    }
}
