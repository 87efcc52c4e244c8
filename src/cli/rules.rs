//! The rules a command reads: the file given with `--rules`, or the
//! default rules fitted to the dataset's labels (`suggest` runs them,
//! `train` reads their matches as features; `suggest --model` should read
//! the rules `train` read: on the same dataset the defaults agree, and the
//! streaming mode, which has no dataset, takes them from the model).

#![expect(clippy::print_stderr, reason = "the CLI reports to the terminal")]

use std::path::Path;

use crate::model::Dataset;
use crate::rules::{Compiled, RulesFile};
use crate::store;
use crate::tagger::Tagger;

/// The rules file at `path`, compiled; what it reads from outside its
/// folder is named on stderr.
pub fn from_file(path: &Path) -> anyhow::Result<Compiled> {
    let file = store::read_rules_file(path)?;
    let compiled = store::compile_rules(&file, path)
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
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

/// The default rules as a model read them in training: each rule it read
/// with the label it had then (what `train` fitted it to); the others off
/// (the model has no weight for them). Without a dataset, this is how the
/// streaming mode reads what `train` read.
pub fn default_for_model(model: &Tagger) -> anyhow::Result<Compiled> {
    let mut file = crate::rules::default_rules_file();
    for rule in &mut file.rules {
        match model.report().rule_matches.get(&rule.id) {
            Some(read) => {
                rule.enabled = true;
                rule.label.clone_from(&read.label);
            }
            None => rule.enabled = false,
        }
    }
    compile_fitted((file, Vec::new()))
}

fn compile_fitted((fitted, changes): (RulesFile, Vec<String>)) -> anyhow::Result<Compiled> {
    if !changes.is_empty() {
        eprintln!("default rules fitted to the label set:");
        for change in &changes {
            eprintln!("  {change}");
        }
    }
    Ok(Compiled::new(&fitted, &|p: &Path| {
        crate::rules::embedded_gazetteer(p)
    })?)
}
