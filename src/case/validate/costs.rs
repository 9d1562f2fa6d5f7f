//! `[costs] set`: the equipment cost set.

use super::checker::Checker;
use crate::costs::CostSet;
use std::path::Path;

/// A data set a case names: a shipped name as it is, or a TOML path relative to the case file.
pub(super) fn relative_to_case(case_path: &Path, name: &str) -> String {
    let is_file = name.ends_with(".toml");
    if !is_file || Path::new(name).is_absolute() {
        name.to_string()
    } else {
        case_path
            .parent()
            .unwrap_or(Path::new("."))
            .join(name)
            .display()
            .to_string()
    }
}

/// The case's cost set: a shipped name, or a TOML path relative to the case file.
pub(super) fn cost_set(check: &mut Checker, case_path: &Path, name: &str) -> Option<CostSet> {
    match CostSet::load(&relative_to_case(case_path, name)) {
        Ok(set) => Some(set),
        Err(e) => {
            check.report(
                "costs.set",
                e.to_string(),
                format!(
                    "name a shipped set ({}) or a cost set TOML relative to the case file; docs/costs.md",
                    CostSet::shipped().join(", ")
                ),
            );
            None
        }
    }
}
