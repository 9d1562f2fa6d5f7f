//! `[site]`: what a retrofit site has already.

use super::checker::Checker;
use crate::case::file::SiteFile;
use crate::case::{Site, Utility};
use crate::units::kilo_to_si;

/// `[site]`: existing capacities by utility name.
pub(super) fn site(check: &mut Checker, s: &SiteFile, utilities: &[Utility]) -> Site {
    let mut existing_utility_w = vec![0.0; utilities.len()];
    for (name, kw) in &s.existing_utilities_kw {
        let location = format!("site.existing_utilities_kw.\"{name}\"");
        match utilities.iter().position(|u| &u.name == name) {
            Some(i) => {
                existing_utility_w[i] = kilo_to_si(check.number(
                    "site.existing_utilities_kw",
                    &format!("\"{name}\""),
                    *kw,
                    *kw >= 0.0,
                    "an installed capacity in kW >= 0",
                ))
            }
            None if utilities.is_empty() => check.report(
                location,
                format!("no utility named \"{name}\": the case has no [[utilities]]"),
                "define the utility in [[utilities]] first",
            ),
            None => check.report(
                location,
                format!("no utility named \"{name}\""),
                format!(
                    "use the name of a [[utilities]] entry: {}",
                    utilities
                        .iter()
                        .map(|u| format!("\"{}\"", u.name))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
        }
    }
    Site {
        existing_utility_w,
        existing_heat_recovery: s.existing_heat_recovery,
    }
}
