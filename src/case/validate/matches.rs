//! `[[forbidden_matches]]`: each side names a stream or a utility of the case, of the right kind.

use super::checker::Checker;
use crate::case::file::ForbiddenMatchFile;
use crate::case::{ForbiddenMatch, Stream, StreamKind, Utility};

/// The case's forbidden matches; a name that is no hot (cold) stream or utility is a problem naming the
/// key and the names it could be.
pub(super) fn forbidden(
    check: &mut Checker,
    raw: &[ForbiddenMatchFile],
    streams: &[Stream],
    utilities: &[Utility],
) -> Vec<ForbiddenMatch> {
    let names = |kind: StreamKind| -> Vec<&str> {
        streams
            .iter()
            .filter(|s| s.kind == kind)
            .map(|s| s.name.as_str())
            .chain(
                utilities
                    .iter()
                    .filter(|u| u.kind == kind)
                    .map(|u| u.name.as_str()),
            )
            .collect()
    };
    let (hot, cold) = (names(StreamKind::Hot), names(StreamKind::Cold));
    for (i, m) in raw.iter().enumerate() {
        for (side, name, known) in [("hot", &m.hot, &hot), ("cold", &m.cold, &cold)] {
            if !known.contains(&name.as_str()) {
                check.report(
                    format!("forbidden_matches[{i}].{side}"),
                    format!("\"{name}\" is no {side} stream or {side} utility of the case"),
                    format!("name one of: {}", known.join(", ")),
                );
            }
        }
    }
    raw.iter()
        .map(|m| ForbiddenMatch {
            hot: m.hot.clone(),
            cold: m.cold.clone(),
        })
        .collect()
}
