//! `check` on many files' bytes: findings per file, in input order, and the JSON that
//! `xxgk check --json` prints.

use crate::check::summary::{Keep, Summary};
use crate::check::{FileReport, Input, check_summarized_bytes};
use crate::filing::Filing;
use crate::format::remedy::Remedies;
use crate::merge::prior::LastYearRows;
use crate::read::limits::Limits;
use crate::read::source::Skipped;

/// Checks every input in order, each against its own row of last year's consolidation (or
/// last year's report) when `prior` is given. A file that cannot be read gets one F1 finding;
/// the rest go on. Settings are named in messages as the front end `r` names them.
///
/// ```
/// use xxgk::check::Input;
/// let bytes = std::fs::read("samples/报表/前进街道_2025.xlsx").unwrap();
/// let inputs = [Input::new("报表/前进街道_2025.xlsx", bytes), Input::new("坏.xlsx", b"PK".to_vec())];
/// let plain = xxgk::format::remedy::Plain;
/// let reports = xxgk::tasks::check::check_all(&inputs, &Default::default(), &plain, None);
/// assert_eq!(reports[0].filing.as_ref().unwrap().unit, "前进街道");
/// assert_eq!(reports[1].findings[0].rule, "F1");
/// ```
pub fn check_all(
    inputs: &[Input],
    limits: &Limits,
    r: &dyn Remedies,
    prior: Option<&Filing>,
) -> Vec<FileReport<Summary>> {
    let rows = prior.map(LastYearRows::new);
    inputs
        .iter()
        .map(|i| check_one(i, limits, r, rows.as_ref()))
        .collect()
}

/// Checks one input as [`check_all`] does; a front end that spreads files over threads or
/// workers calls this for each, with last year's rows indexed once.
pub fn check_one(
    input: &Input,
    limits: &Limits,
    r: &dyn Remedies,
    rows: Option<&LastYearRows>,
) -> FileReport<Summary> {
    let prior_for = |f: &Filing| rows.map(|rows| rows.for_check(f));
    check_summarized_bytes(input, limits, r, &prior_for, Keep::Header)
}

/// The JSON of `xxgk check --json`, with its final newline.
///
/// ```
/// let json = xxgk::tasks::check::json(&[], &[]);
/// assert!(json.ends_with("\n"));
/// ```
pub fn json(reports: &[FileReport<Summary>], skipped: &[Skipped]) -> String {
    let json = crate::write::check_report::to_json(reports, skipped);
    serde_json::to_string_pretty(&json).unwrap_or_default() + "\n"
}
