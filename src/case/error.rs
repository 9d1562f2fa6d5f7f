//! Errors of case loading: every message names the file, the line or field, and the fix.

use std::fmt;

/// One thing wrong with a case, with where it is and how to fix it.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// Where: a TOML field path such as `streams[2].q_kw` (with the stream's name), or `file.csv:14`.
    pub location: String,
    pub message: String,
    pub fix: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} (fix: {})", self.location, self.message, self.fix)
    }
}

/// Why a case could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    /// `cause` is part of the message, so it is not also exposed as the error source.
    #[error("cannot read {file}: {cause}")]
    Io { file: String, cause: std::io::Error },
    #[error("{file}: {message}")]
    Syntax { file: String, message: String },
    #[error("{file}: {} problem(s):\n{}", problems.len(), problems.iter().map(|p| format!("  - {p}")).collect::<Vec<_>>().join("\n"))]
    Invalid {
        file: String,
        problems: Vec<Problem>,
    },
}
