//! Gazetteers outside their rules file's folder: allowed (a shared list of
//! names may live elsewhere), but named in the summary, so a rules file
//! received from someone else cannot quietly read `/etc/…` or `../../…`.

use std::path::{Path, PathBuf};

use crate::rules::{RuleKind, RulesFile};

/// Each enabled phrase rule of `file` (read from `rules_path`) whose
/// gazetteer lies outside the rules file's folder: the rule's id and the
/// gazetteer's path as it is read.
pub fn gazetteers_outside(file: &RulesFile, rules_path: &Path) -> Vec<(String, PathBuf)> {
    let base = rules_path.parent().unwrap_or(Path::new("."));
    let folder = std::fs::canonicalize(base).unwrap_or_else(|_| base.to_path_buf());
    file.rules
        .iter()
        .filter(|rule| rule.enabled)
        .filter_map(|rule| match &rule.kind {
            RuleKind::Phrases {
                file: Some(gazetteer),
                ..
            } => {
                let path = base.join(gazetteer);
                // A path that cannot be resolved is reported by the read;
                // `..` is judged from the name then.
                let inside = match std::fs::canonicalize(&path) {
                    Ok(real) => real.starts_with(&folder),
                    Err(_) => {
                        gazetteer.is_relative()
                            && !gazetteer
                                .components()
                                .any(|c| c == std::path::Component::ParentDir)
                    }
                };
                (!inside).then(|| (rule.id.clone(), path))
            }
            _ => None,
        })
        .collect()
}

/// One line per gazetteer outside the folder, for the summary.
pub fn outside_message(outside: &[(String, PathBuf)]) -> Option<String> {
    if outside.is_empty() {
        return None;
    }
    let each: Vec<String> = outside
        .iter()
        .map(|(rule, path)| format!("{} (rule {rule})", path.display()))
        .collect();
    Some(format!(
        "read a gazetteer outside the rules file's folder: {}",
        each.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gazetteer_outside_the_rules_folder_is_named_and_one_inside_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let rules_dir = dir.path().join("rules");
        std::fs::create_dir_all(rules_dir.join("lists")).unwrap();
        std::fs::write(rules_dir.join("lists/in.txt"), "Kim\n").unwrap();
        std::fs::write(dir.path().join("out.txt"), "Moon\n").unwrap();
        let text = format!(
            "(rules: [(id: \"in\", label: \"PERSON\", kind: phrases(file: Some(\"lists/in.txt\"))),
                      (id: \"up\", label: \"PERSON\", kind: phrases(file: Some(\"../out.txt\"))),
                      (id: \"abs\", label: \"PERSON\", kind: phrases(file: Some({:?})))])",
            dir.path().join("out.txt")
        );
        let rules_path = rules_dir.join("rules.ron");
        let file = crate::rules::parse_rules_file(&text, &rules_path).unwrap();
        let outside = gazetteers_outside(&file, &rules_path);
        let ids: Vec<&str> = outside.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["up", "abs"]);
        let message = outside_message(&outside).unwrap();
        assert!(message.contains("out.txt (rule up)"), "{message}");
    }
}
