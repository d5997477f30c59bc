//! Checking files on disk: the path front of [`crate::check`], for the command line. Each
//! function reads the file's bytes under the limits ([`crate::read::read_source`]) and hands
//! them to the byte functions; a file that cannot even be read gets the same F1 finding as a
//! file whose bytes are unreadable. Built only with the `cli` feature.

use std::borrow::Cow;
use std::path::Path;

use crate::check::summary::{Keep, Summary};
use crate::check::{FileError, FileReport, Input, check_bytes, check_summarized_bytes};
use crate::filing::Filing;
use crate::format::findings::Finding;
use crate::format::remedy::{Plain, Remedies};
use crate::format::rules::Severity;
use crate::read::limits::Limits;

/// [`check_summarized_bytes`] on a file: what `check` and `merge` do for each file.
///
/// ```
/// use xxgk::check::{check_summarized_by, summary::Keep};
/// use xxgk::format::remedy::Plain;
/// let path = "samples/报表/前进街道_2025.xlsx".as_ref();
/// let report = check_summarized_by(path, &Default::default(), &Plain, &|_| None, Keep::Header);
/// assert_eq!(report.filing.unwrap().unit, "前进街道");
/// ```
pub fn check_summarized_by<'p>(
    path: &Path,
    limits: &Limits,
    r: &dyn Remedies,
    prior_for: &(dyn Fn(&Filing) -> Option<Cow<'p, Filing>> + Sync),
    keep: Keep,
) -> FileReport<Summary> {
    match load(path, limits) {
        Ok(input) => as_given(
            path,
            check_summarized_bytes(&input, limits, r, prior_for, keep),
        ),
        Err(e) => unreadable(path, e, r),
    }
}

/// Reads and checks one file under the default limits, keeping the whole filing. Never
/// fails: an unreadable file gives a report with one F1 error saying why.
///
/// ```
/// let report = xxgk::check::check_file("没有这个文件.xlsx".as_ref(), None);
/// assert_eq!(report.findings[0].rule, "F1");
/// ```
pub fn check_file(path: &Path, prior: Option<&Filing>) -> FileReport {
    check_file_with(path, &Limits::default(), &Plain, prior)
}

/// [`check_file`] under the given limits, naming settings as the front end `r` names them.
pub fn check_file_with(
    path: &Path,
    limits: &Limits,
    r: &dyn Remedies,
    prior: Option<&Filing>,
) -> FileReport {
    match load(path, limits) {
        Ok(input) => as_given(path, check_bytes(&input, limits, r, prior)),
        Err(e) => unreadable(path, e, r),
    }
}

/// A file as a Filing, under the default limits. See [`crate::check::read_filing_bytes`].
///
/// ```
/// let (filing, _) = xxgk::check::read_filing("samples/报表/前进街道_2025.xlsx".as_ref()).unwrap();
/// assert_eq!(filing.year, Some(2025));
/// ```
pub fn read_filing(path: &Path) -> Result<(Filing, String), FileError> {
    read_filing_with(path, &Limits::default())
}

/// A file as a Filing, under the given limits.
pub fn read_filing_with(path: &Path, limits: &Limits) -> Result<(Filing, String), FileError> {
    let bytes = crate::read::read_source(path, limits)?;
    crate::check::read_filing_bytes(&bytes, &shown_extension(path), limits)
}

/// The file's bytes and modification time, or why it could not be read.
fn load(path: &Path, limits: &Limits) -> Result<Input, FileError> {
    let bytes = crate::read::read_source(path, limits)?;
    let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
    Ok(Input {
        name: path.to_string_lossy().into_owned(),
        bytes,
        modified,
    })
}

/// The report of a file whose bytes could not be read at all: its F1 finding, and no hash.
fn unreadable<F>(path: &Path, e: FileError, r: &dyn Remedies) -> FileReport<F> {
    FileReport {
        path: path.to_path_buf(),
        sha256: String::new(),
        modified: None,
        filing: None,
        findings: vec![Finding::new(Severity::Error, "F1", e.message(r))],
    }
}

/// The report named by the path exactly as given (a path that is not UTF-8 stays itself).
fn as_given<F>(path: &Path, mut report: FileReport<F>) -> FileReport<F> {
    report.path = path.to_path_buf();
    report
}

fn shown_extension(path: &Path) -> String {
    crate::read::extension(&path.to_string_lossy())
}
