//! The one error type at the edge: a problem in the user's input (exit 1) or our bug (exit 2).

/// Result with the crate's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can stop a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A problem in the user's input: data, templates, options, output folder. Each line
    /// names the file, line and field where it can.
    #[error("{}", .0.iter().map(|line| format!("error: {line}")).collect::<Vec<_>>().join("\n"))]
    Input(Vec<String>),
    /// Something that should never happen: a bug in handout.
    #[error("internal error: {0}\nThis is a bug in handout; please report it.")]
    Internal(String),
}

impl Error {
    /// Create an input error with one message.
    pub fn input(message: impl Into<String>) -> Self {
        Error::Input(vec![message.into()])
    }

    /// Create an internal error.
    pub fn internal(message: impl Into<String>) -> Self {
        Error::Internal(message.into())
    }

    /// Prefix every message, e.g. with the document the problem belongs to.
    pub fn context(self, prefix: &str) -> Self {
        match self {
            Error::Input(lines) => {
                Error::Input(lines.into_iter().map(|l| format!("{prefix}: {l}")).collect())
            }
            Error::Internal(m) => Error::Internal(format!("{prefix}: {m}")),
        }
    }

    /// Merge several errors into one; internal errors win because they need a bug report.
    pub fn merge(errors: Vec<Error>) -> Self {
        let mut lines = Vec::new();
        for error in errors {
            match error {
                Error::Input(more) => lines.extend(more),
                internal @ Error::Internal(_) => return internal,
            }
        }
        if lines.is_empty() {
            return Error::internal("a step failed without saying why");
        }
        Error::Input(lines)
    }

    /// Every value, or every error merged into one: each failure is reported, not only the
    /// first.
    pub fn all<T>(results: impl IntoIterator<Item = Result<T>>) -> Result<Vec<T>> {
        let (values, errors): (Vec<_>, Vec<_>) = results.into_iter().partition(Result::is_ok);
        if !errors.is_empty() {
            return Err(Error::merge(errors.into_iter().filter_map(Result::err).collect()));
        }
        Ok(values.into_iter().filter_map(Result::ok).collect())
    }

    /// The process exit code: 1 for the user's input, 2 for our bugs.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input(_) => 1,
            Error::Internal(_) => 2,
        }
    }
}
