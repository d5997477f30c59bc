//! `merge` on bytes: returned files, a roster and last year's consolidation in; the
//! consolidation, its findings, 汇总.xlsx, 汇总报告.md and 汇总明细.csv out.
//!
//! [`merge`] is the whole task in one call. The command line calls the same steps one by
//! one ([`validate_prior`], [`check_input`], [`consolidate_checked`], [`finish`],
//! [`workbook_and_report`], [`csv`]) so that it can read files on every core, show progress
//! and stream the CSV to disk while the workbook is built.

use std::path::Path;

use crate::check::summary::{Keep, Summary};
use crate::check::{FileReport, Input, check_summarized_bytes};
use crate::filing::Filing;
use crate::format::findings::Finding;
use crate::format::remedy::{Remedies, Setting};
use crate::merge::prior::LastYearRows;
use crate::merge::roster::Roster;
use crate::merge::{Consolidation, Fate, Options, consolidate};
use crate::read::limits::Limits;
use crate::read::source::Skipped;

/// File names of the outputs, the same for every front end.
pub const WORKBOOK: &str = "汇总.xlsx";
pub const REPORT: &str = "汇总报告.md";
pub const CSV: &str = "汇总明细.csv";
pub const WORD: &str = "汇总报告.docx";
pub const HTML: &str = "汇总报告.html";

/// Last year's consolidation, with the name it was given by (`上年汇总/汇总.xlsx`), which the
/// findings and the report cite.
#[derive(Debug, Clone, Copy)]
pub struct Prior<'a> {
    pub filing: &'a Filing,
    pub name: &'a str,
}

/// What a merge is asked for, beyond its files.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub options: Options,
    pub roster: Option<&'a Roster>,
    pub prior: Option<Prior<'a>>,
    /// Also write 汇总明细.csv (and keep every text of every file for it).
    pub csv: bool,
    pub limits: Limits,
}

/// Why no consolidation was written: the message, and the lines to show before it (each
/// file that could not be counted, with its reason).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub lines: Vec<String>,
    pub message: String,
}

impl From<String> for Failure {
    fn from(message: String) -> Failure {
        Failure {
            lines: Vec::new(),
            message,
        }
    }
}

/// A finished merge: the consolidation, the findings on the consolidated tables, and the
/// outputs' bytes.
#[derive(Debug)]
pub struct Merged {
    pub consolidation: Consolidation,
    pub checked: Vec<Finding>,
    /// 汇总.xlsx.
    pub workbook: Vec<u8>,
    /// 汇总报告.md.
    pub report: String,
    /// 汇总明细.csv, when asked for.
    pub csv: Option<Vec<u8>>,
    /// 汇总报告.docx: the same report in Word.
    pub word: Vec<u8>,
    /// 汇总报告.html: the same report as one web page.
    pub html: String,
}

/// The whole merge on bytes, as `xxgk merge` does it on files.
///
/// ```
/// use xxgk::check::Input;
/// use xxgk::tasks::merge::{Request, merge};
/// let bytes = std::fs::read("samples/报表/前进街道_2025.xlsx").unwrap();
/// let request = Request {
///     options: xxgk::merge::Options { unit: "大东区".into(), year: Some(2025), ..Default::default() },
///     roster: None,
///     prior: None,
///     csv: false,
///     limits: Default::default(),
/// };
/// let merged = merge(&[Input::new("报表/前进街道_2025.xlsx", bytes)], Vec::new(), &request).unwrap();
/// assert!(merged.report.contains("大东区"));
/// assert!(merged.workbook.starts_with(b"PK"));
/// ```
pub fn merge(
    inputs: &[Input],
    skipped: Vec<Skipped>,
    request: &Request,
) -> Result<Merged, Failure> {
    let options = &request.options;
    let r = options.remedies;
    if let Some(prior) = request.prior {
        validate_prior(prior, options.year, options.unit.trim(), r)?;
    }
    let rows = request.prior.map(|p| LastYearRows::new(p.filing));
    let keep = keep(request.csv);
    let reports = inputs
        .iter()
        .map(|i| check_input(i, &request.limits, r, keep, rows.as_ref(), request.prior))
        .collect();
    let mut c = consolidate_checked(reports, skipped, request.roster, options)?;
    let checked = finish(&mut c, request.prior, r)?;
    let prior = request.prior.map(|p| p.filing);
    let (workbook, report) = workbook_and_report(&c, &checked, prior)?;
    let csv = request.csv.then(|| csv(&c)).transpose()?;
    let (word, html) = word_and_html(&c, &checked, prior)?;
    Ok(Merged {
        consolidation: c,
        checked,
        workbook,
        report,
        csv,
        word,
        html,
    })
}

/// What of each file a merge keeps: its numbers, and its texts too for the CSV.
pub fn keep(csv: bool) -> Keep {
    if csv { Keep::Texts } else { Keep::Numbers }
}

/// Checks one returned file for a merge, against its own row of last year's consolidation.
pub fn check_input(
    input: &Input,
    limits: &Limits,
    r: &dyn Remedies,
    keep: Keep,
    rows: Option<&LastYearRows>,
    prior: Option<Prior>,
) -> FileReport<Summary> {
    let prior_for = |f: &Filing| rows.and_then(|rows| rows.for_merge(f));
    let mut report = check_summarized_bytes(input, limits, r, &prior_for, keep);
    if let Some(prior) = prior {
        name_the_prior(&mut report, prior.name);
    }
    report
}

/// A cross-year finding says where last year's number came from.
pub fn name_the_prior(report: &mut FileReport<Summary>, prior_name: &str) {
    let Some(format) = report.filing.as_ref().map(|f| f.format) else {
        return;
    };
    for f in &mut report.findings {
        if format
            .rules
            .iter()
            .any(|r| r.id == f.rule && r.is_cross_year())
        {
            f.hint = format!(
                "{}{}",
                f.hint,
                crate::merge::prior::source_note(Path::new(prior_name))
            );
        }
    }
}

/// `--prior` must be last year's consolidation: one unit's workbook would compare the whole
/// district with that unit (+630%) and give no unit its own last year. Refused before any
/// file is read, naming the file and what to give instead.
pub fn validate_prior(
    prior: Prior,
    year: Option<u16>,
    unit: &str,
    r: &dyn Remedies,
) -> Result<(), String> {
    let setting = r.name(Setting::Prior);
    if let (Some(y), Some(py)) = (year, prior.filing.year)
        && py.saturating_add(1) != y
    {
        return Err(wrong_year(&setting, py, y));
    }
    if crate::merge::prior::is_consolidation(prior.filing) {
        return Ok(());
    }
    // The year wanted: the one before the merge's year, else the year of the file given.
    let last = year.map(|y| y.saturating_sub(1)).or(prior.filing.year);
    let whose = if prior.filing.unit.trim().is_empty() {
        "一个单位的表格".to_string()
    } else {
        format!("“{}”一个单位的表格", prior.filing.unit)
    };
    Err(format!(
        "{setting} 给的 {} 是{whose}，不是汇总表：用它作同比会把全区的数字与一个单位比较，也无法逐个单位做跨年度审核。请给上一年度的汇总表，{}。",
        prior.name,
        r.last_year(unit, last)
    ))
}

/// Last year's file is of another year than the one before `year`.
fn wrong_year(setting: &str, prior_year: u16, year: u16) -> String {
    format!(
        "{setting} 给的是{prior_year}年度的表格，本次汇总{year}年度，应给{}年度的汇总表。",
        year.saturating_sub(1)
    )
}

/// Consolidates the checked files; refuses when nothing can be counted, listing each file's
/// reason.
pub fn consolidate_checked(
    reports: Vec<FileReport<Summary>>,
    skipped: Vec<Skipped>,
    roster: Option<&Roster>,
    options: &Options,
) -> Result<Consolidation, Failure> {
    // Kept aside so a failed consolidation can still say why each file could not be read.
    let unreadable: Vec<String> = reports
        .iter()
        .filter(|r| r.filing.is_none())
        .map(|r| {
            format!(
                "  - {}：{}",
                r.path.display(),
                r.findings.first().map_or("", |f| f.message.as_str())
            )
        })
        .collect();
    match consolidate(reports, skipped, roster, options) {
        Ok(c) if c.members.iter().any(|m| m.included()) => Ok(c),
        Ok(c) => Err(Failure {
            lines: fates(&c),
            message: format!(
                "没有任何表格可以计入汇总（原因见上），没有写出汇总结果。可以先{}。",
                options.remedies.see_problems()
            ),
        }),
        Err(e) => Err(Failure {
            lines: unreadable,
            message: format!(
                "{}可以先{}。",
                e.message(options.remedies),
                options.remedies.see_problems()
            ),
        }),
    }
}

/// Every file that was not counted, with the reason.
fn fates(c: &Consolidation) -> Vec<String> {
    c.members
        .iter()
        .filter_map(|m| match &m.fate {
            Fate::Excluded(reason) => Some(format!("  - {}：{reason}", m.shown_path())),
            Fate::Included => None,
        })
        .collect()
}

/// Compares with last year's consolidation (refusing one of the wrong year) and checks the
/// consolidated tables; their V findings are the members' own, already listed by unit.
pub fn finish(
    c: &mut Consolidation,
    prior: Option<Prior>,
    r: &dyn Remedies,
) -> Result<Vec<Finding>, String> {
    if let (Some(p), Some(y)) = (prior, c.filing().year)
        && let Some(py) = p.filing.year.filter(|py| py.saturating_add(1) != y)
    {
        return Err(wrong_year(&r.name(Setting::Prior), py, y));
    }
    if let Some(p) = prior {
        c.last_year = Some(crate::merge::prior::against_last_year(
            c,
            p.filing,
            Path::new(p.name),
        ));
    }
    Ok(
        crate::check::check_advised(&c.filing(), prior.map(|p| p.filing), r)
            .into_iter()
            .filter(|f| !f.rule.starts_with('V'))
            .collect(),
    )
}

/// 汇总.xlsx and 汇总报告.md.
pub fn workbook_and_report(
    c: &Consolidation,
    checked: &[Finding],
    prior: Option<&Filing>,
) -> Result<(Vec<u8>, String), String> {
    let workbook = crate::write::consolidated::workbook_bytes_with_prior(c, prior)
        .map_err(|e| format!("生成汇总表时出错：{e}"))?;
    let report = crate::write::markdown::consolidation_report(c, checked, prior);
    Ok((workbook, report))
}

/// 汇总报告.docx and 汇总报告.html: the report of 汇总报告.md in Word and as a web page.
pub fn word_and_html(
    c: &Consolidation,
    checked: &[Finding],
    prior: Option<&Filing>,
) -> Result<(Vec<u8>, String), String> {
    let doc = crate::write::markdown::consolidation_document(c, checked, prior);
    let word = crate::write::docx::docx_bytes(&doc)?;
    Ok((word, crate::write::html::html(&doc)))
}

/// 汇总明细.csv.
pub fn csv(c: &Consolidation) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    crate::write::export::write_csv(c, &mut out)
        .map_err(|e| format!("生成明细 CSV 时出错：{e}"))?;
    Ok(out)
}

/// The lines that end a merge: how many files were read and counted, errors and warnings,
/// then by name the units not reported, the off-roster units that were counted and the files
/// not counted, and the outputs written (`written`, as the front end names them).
///
/// ```
/// use xxgk::check::Input;
/// use xxgk::tasks::merge::{Request, merge, summary};
/// let bytes = std::fs::read("samples/报表/前进街道_2025.xlsx").unwrap();
/// let request = Request {
///     options: xxgk::merge::Options { unit: "大东区".into(), ..Default::default() },
///     roster: None, prior: None, csv: false, limits: Default::default(),
/// };
/// let merged = merge(&[Input::new("报表/前进街道_2025.xlsx", bytes)], Vec::new(), &request).unwrap();
/// let text = summary(&merged.consolidation, &["汇总.xlsx".to_string()]);
/// assert!(text.starts_with("汇总完成：读取 1 个文件，1 份计入汇总"));
/// ```
pub fn summary(c: &Consolidation, written: &[String]) -> String {
    let errors: usize = c.members.iter().map(|m| m.report.errors()).sum::<usize>()
        + c.findings.iter().filter(|f| f.is_open_error()).count();
    let warnings: usize = c.members.iter().map(|m| m.report.open_warnings()).sum();
    let included = c.members.iter().filter(|m| m.included()).count();
    let mut line = format!(
        "汇总完成：读取 {} 个文件，{} 份计入汇总（{} 个单位），{} 个错误，{} 个警告",
        c.members.len(),
        included,
        c.unit_count(),
        errors,
        warnings
    );
    if c.has_roster {
        line.push_str(&format!("，未报送 {} 个单位", c.missing.len()));
    }
    line.push('。');
    // What the coordinator must act on, by name: the counts alone hid 20 files of another
    // year and an off-roster unit that was counted.
    let missing: Vec<String> = c.missing.iter().map(|m| m.unit.clone()).collect();
    let off_roster: Vec<String> = c
        .members
        .iter()
        .filter(|m| c.has_roster && m.included() && m.roster_line.is_none())
        .map(|m| m.unit())
        .collect();
    let excluded: Vec<String> = c
        .members
        .iter()
        .filter(|m| !m.included())
        .map(|m| m.file_name())
        .collect();
    for (what, note, names) in [
        ("未报送的单位", "", &missing),
        ("名单外的单位", "（已计入汇总）", &off_roster),
        ("没有计入汇总的文件", "（原因见汇总报告）", &excluded),
    ] {
        if !names.is_empty() {
            let n = names.len();
            line.push_str(&format!("\n  {what} {n} 个{note}：{}", first_few(names)));
        }
    }
    line.push_str(&format!("\n结果：{}", written.join("、")));
    line
}

/// How many names a terminal line lists before “等”.
const NAMES_SHOWN: usize = 5;

/// `甲、乙、丙`, or `甲、乙、丙、丁、戊等`.
fn first_few(names: &[String]) -> String {
    let shown = names[..names.len().min(NAMES_SHOWN)].join("、");
    if names.len() > NAMES_SHOWN {
        format!("{shown}等")
    } else {
        shown
    }
}
