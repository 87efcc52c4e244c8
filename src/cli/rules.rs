//! The rules a command reads: the file given with `--rules`, or the
//! default rules fitted to the labels at hand (`suggest` runs them,
//! `train` reads their matches as features; `suggest --model` must read
//! the same rules as `train` did, which both defaults give).

#![expect(clippy::print_stderr, reason = "the CLI reports to the terminal")]

use std::collections::BTreeSet;
use std::path::Path;

use crate::model::{Dataset, LabelSet, Name};
use crate::rules::{Compiled, RulesFile};
use crate::store;

/// The rules file at `path`, compiled; what it reads from outside its
/// folder is named on stderr.
pub fn from_file(path: &Path) -> anyhow::Result<Compiled> {
    let file = store::read_rules_file(path)?;
    let compiled = store::compile_rules(&file, path)?;
    if let Some(m) = store::outside_message(&store::gazetteers_outside(&file, path)) {
        eprintln!("{}: {m}", path.display());
    }
    Ok(compiled)
}

/// The default rules fitted to `dataset`'s labels: a rule proposes the
/// set's own name for its label (PER, not PERSON, on a CoNLL corpus), or
/// is switched off. Each change is named on stderr.
pub fn default_for_dataset(dataset: &Dataset) -> anyhow::Result<Compiled> {
    compile_fitted(crate::rules::default_rules_file().for_dataset(dataset))
}

/// The default rules fitted to the labels a model tags with (what
/// `train` fitted them to, when it trained on its dataset's labels).
pub fn default_for_model(labels: &[Name]) -> anyhow::Result<Compiled> {
    let mut set = LabelSet {
        labels: Vec::new(),
        ..LabelSet::default()
    };
    for l in labels {
        set.ensure(l);
    }
    let used: BTreeSet<&str> = labels.iter().map(Name::as_str).collect();
    compile_fitted(crate::rules::default_rules_file().for_labels(&set, &used))
}

fn compile_fitted((fitted, changes): (RulesFile, Vec<String>)) -> anyhow::Result<Compiled> {
    if !changes.is_empty() {
        eprintln!(
            "default rules fitted to the label set: {}",
            changes.join("; ")
        );
    }
    Ok(Compiled::new(&fitted, &|p: &Path| {
        crate::rules::embedded_gazetteer(p)
    })?)
}
