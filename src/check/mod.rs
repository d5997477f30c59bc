//! # Stage 3: check — a Filing to findings
//!
//! Every value and every rule of the filing's format, the cover, last year's report
//! (this module), and the [`summary::Summary`] that a checked file keeps for a merge.
//!
//! **A new rule goes in the format's TOML file** ([`crate::format`]); a check that no formula
//! can say goes here.
//!
//! Depends on [`crate::format`], [`crate::read`] and [`crate::filing`].
//!
//! Checking a filing: every value, every rule of its format, the cover, and last year's
//! report when given. Explanations from the 情况说明 sheet are attached to the warnings they
//! explain; errors cannot be explained away.
//!
//! ```no_run
//! let workbook = xxgk::read::read_file("前进街道_2025.xlsx".as_ref()).unwrap();
//! let filing = xxgk::filing::Filing::from_grids(&workbook.grids).unwrap();
//! for finding in xxgk::check::check(&filing, None) {
//!     println!("{} {} {}", finding.rule, finding.place(), finding.message);
//! }
//! ```

#[cfg(feature = "cli")]
pub mod files;
pub mod summary;

#[cfg(feature = "cli")]
pub use files::{check_file, check_file_with, check_summarized_by, read_filing, read_filing_with};

use rust_decimal::Decimal;

use crate::filing::totals::Evaluation;
pub use crate::filing::totals::{effective_values, summable_numbers, summable_values};
use crate::filing::{Explanation, Filing};
use crate::format::findings::Finding;
use crate::format::remedy::{Plain, Remedies, Setting};
use crate::format::rules::{Instance, RuleDef, Severity, Totals};
use crate::format::value::State;

/// Every finding for a filing, in a stable order: reading problems, values, rules. A finding
/// whose remedy is a setting names it in [`Plain`] words; [`check_advised`] takes a front
/// end's.
pub fn check(filing: &Filing, prior: Option<&Filing>) -> Vec<Finding> {
    check_advised(filing, prior, &Plain)
}

/// Like [`check`], naming settings as the front end `r` names them.
pub fn check_advised(filing: &Filing, prior: Option<&Filing>, r: &dyn Remedies) -> Vec<Finding> {
    check_evaluated(filing, &Evaluation::of(filing), prior, &[], r)
}

/// Like [`check`], with extra (local) rules in the same form as the official ones.
pub fn check_with(filing: &Filing, prior: Option<&Filing>, extra: &[RuleDef]) -> Vec<Finding> {
    check_evaluated(filing, &Evaluation::of(filing), prior, extra, &Plain)
}

/// The findings and the [`summable_numbers`], from one evaluation of the filing.
fn check_and_sum(
    filing: &Filing,
    prior: Option<&Filing>,
    r: &dyn Remedies,
) -> (Vec<Finding>, Vec<Decimal>) {
    let evaluation = Evaluation::of(filing);
    let findings = check_evaluated(filing, &evaluation, prior, &[], r);
    (findings, evaluation.summable(filing))
}

fn check_evaluated(
    filing: &Filing,
    evaluation: &Evaluation,
    prior: Option<&Filing>,
    extra: &[RuleDef],
    r: &dyn Remedies,
) -> Vec<Finding> {
    let totals = filing.format.totals();
    let mut findings = filing.findings.clone();
    let mismatch = prior
        .map(|p| prior_mismatch(filing, p, r))
        .unwrap_or_default();
    // Last year's report of another unit or year would only give false cross-year errors.
    let prior = prior.filter(|_| mismatch.is_empty());
    findings.extend(mismatch);
    findings.extend(value_findings(filing, totals, evaluation));
    let rules = filing.format.rules.iter().chain(extra);
    findings.extend(rule_findings(filing, evaluation, prior, rules));
    for f in &mut findings {
        if f.severity == Severity::Warning {
            f.explanation = explanation_for(f, &filing.explanations);
        }
    }
    findings.extend(unmatched_explanations(filing, &findings));
    findings
}

/// The findings of `rules` on a filing; cross-year rules only when `prior` is given.
fn rule_findings<'r>(
    filing: &Filing,
    evaluation: &Evaluation,
    prior: Option<&Filing>,
    rules: impl Iterator<Item = &'r RuleDef>,
) -> Vec<Finding> {
    // Every rule instance reads cells through these, worked out once per filing.
    let lookups = Lookups {
        stored: &|code: &str| evaluation.effective(code),
        recomputed: &|code: &str| evaluation.recomputed(code),
    };
    let prior_evaluation = prior.map(Evaluation::of);
    let prior_value = prior_evaluation
        .as_ref()
        .map(|p| move |code: &str| p.effective(code));
    let mut findings = Vec::new();
    for rule in rules {
        if rule.is_cross_year() && prior.is_none() {
            continue;
        }
        let Ok(instances) = rule.instances(filing.format) else {
            continue;
        };
        for inst in &instances {
            if let Some(f) = rule_finding(
                filing,
                evaluation,
                prior,
                inst,
                &lookups,
                prior_value.as_ref(),
            ) {
                findings.push(f);
            }
        }
    }
    findings
}

/// Only the cross-year rules of the filing's format, against `prior` taken as the same unit's
/// last year: for units known by their numbers alone (the 分单位明细 rows of a consolidated
/// input), whose other rules were checked when their own reports were.
pub fn check_cross_year(filing: &Filing, prior: &Filing) -> Vec<Finding> {
    let evaluation = Evaluation::of(filing);
    let rules = filing.format.rules.iter().filter(|r| r.is_cross_year());
    rule_findings(filing, &evaluation, Some(prior), rules)
}

/// The two ways a rule reads this year's cells: a total's stored value, and its value
/// recomputed from its parts.
struct Lookups<'a> {
    stored: &'a dyn Fn(&str) -> Decimal,
    recomputed: &'a dyn Fn(&str) -> Decimal,
}

/// A warning when last year's report is not this unit's, or not last year's; then no
/// cross-year rule runs, and the warning says so, why, and what to give instead. The unit is
/// the same when the 单位代码 or the name agrees.
fn prior_mismatch(filing: &Filing, prior: &Filing, r: &dyn Remedies) -> Vec<Finding> {
    let prior_name = r.name(Setting::Prior);
    let give = r.give(Setting::Prior);
    let mut out = Vec::new();
    let cross: Vec<&str> = filing
        .format
        .rules
        .iter()
        .filter(|r| r.is_cross_year())
        .map(|r| r.id.as_str())
        .collect();
    let not_run = format!("因此没有进行跨年度审核（{}）", cross.join("、"));
    let wanted = match filing.year {
        Some(y) => format!("{}{}年度", filing.unit, y.saturating_sub(1)),
        None => format!("{}上一年度", filing.unit),
    };
    let same_unit = filing.unit.trim().is_empty()
        || prior.unit.trim().is_empty()
        || crate::filing::names::same_code(&filing.unit_code, &prior.unit_code)
        || crate::filing::names::same_name(&filing.unit, &prior.unit);
    if !same_unit {
        let (what, hint) = match prior.members {
            Some(n) => (
                format!(
                    "上年报告（{prior_name}）是“{}”的汇总表（{n}个单位），其中没有“{}”的数字",
                    prior.unit, filing.unit
                ),
                format!(
                    "请{give}{wanted}的报告，或含有“{}”的上一年度汇总表（xxgk merge 写出的 汇总.xlsx）。",
                    filing.unit
                ),
            ),
            None => (
                format!(
                    "上年报告（{prior_name}）是“{}”的，不是“{}”的",
                    prior.unit, filing.unit
                ),
                format!("请{give}{wanted}的报告。"),
            ),
        };
        out.push(Finding::new(Severity::Warning, "C4", format!("{what}，{not_run}")).hint(hint));
    }
    if let (Some(y), Some(py)) = (filing.year, prior.year)
        && py.saturating_add(1) != y
    {
        out.push(
            Finding::new(
                Severity::Warning,
                "C4",
                format!(
                    "上年报告（{prior_name}）是{py}年度的，不是{}年度的，{not_run}",
                    y.saturating_sub(1)
                ),
            )
            .hint(format!(
                "跨年度审核应使用上一年度的报告：请{give}{wanted}的报告。"
            )),
        );
    }
    out
}

/// Findings about single values: blanks, numeric text, dashes, invalid and error values.
fn value_findings(filing: &Filing, totals: &Totals, evaluation: &Evaluation) -> Vec<Finding> {
    let inputs = filing
        .entries
        .iter()
        .filter(|(code, e)| !totals.is_total(code) && e.place.is_some());
    let mut inputs = inputs.peekable();
    if inputs.peek().is_some() && inputs.all(|(_, e)| e.value.state == State::Blank) {
        // A blank form sent back: one error, not a warning for each of its cells.
        return vec![
            Finding::new(Severity::Error, "V1", "表格中没有填写任何数字")
                .hint("请填写表二至表四后再报送；没有发生的事项请填0。"),
        ];
    }
    let mut out = Vec::new();
    for cell in filing.format.cells() {
        let Some(entry) = filing.entries.get(&cell.code) else {
            continue;
        };
        let Some(place) = &entry.place else {
            continue; // its label is missing, which is reported already
        };
        let v = &entry.value;
        let (severity, rule, message, hint) = match v.state {
            State::Number => continue,
            // An uncached formula (a file written by a script) is simply recomputed.
            State::Blank if totals.is_total(&cell.code) && entry.formula => continue,
            // A total over an invalid part repeats that part's problem (its cached result is
            // computed from it), so only the part is reported.
            _ if evaluation.invalid_inside(&cell.code) => continue,
            State::Blank if entry.formula => (
                Severity::Warning,
                "V1",
                "这一格是公式，但文件里没有公式的计算结果（文件可能是程序生成的），按0计"
                    .to_string(),
                "请在 Excel 或 WPS 中打开这个文件并保存一次，或直接填写数字。".to_string(),
            ),
            State::Blank if totals.is_total(&cell.code) => (
                Severity::Warning,
                "V1",
                "总计未填写，按各项之和计".to_string(),
                "请填写总计，或使用模板中的公式。".to_string(),
            ),
            State::Blank => (
                Severity::Warning,
                "V1",
                "未填写，按0计".to_string(),
                "没有发生的请填0，不要留空。".to_string(),
            ),
            State::Dash => (
                Severity::Warning,
                "V3",
                v.note.clone(),
                "没有发生的请直接填0。".to_string(),
            ),
            State::Lenient => match skipped_by_sheet(filing, totals, &cell.code) {
                Some(shown) => (
                    Severity::Error,
                    "V6",
                    format!(
                        "填写的是文字“{}”：表格自己的总计和自动校验不计入文字，按0计算这一格（{shown}）；xxgk 按 {} 审核，与单位的表格显示的不一致",
                        v.raw.trim(),
                        v.sum_value().normalize()
                    ),
                    format!(
                        "请删除 {place} 中的内容，重新输入数字 {}（只输入阿拉伯数字，不带“件”等单位和空格），表格的总计和自动校验会随之更新。",
                        v.sum_value().normalize()
                    ),
                ),
                None => (
                    Severity::Warning,
                    "V2",
                    v.note.clone(),
                    "请只填写阿拉伯数字，不带单位和空格。".to_string(),
                ),
            },
            State::Invalid => (
                Severity::Error,
                "V4",
                format!("填写的“{}”无效：{}", v.raw.trim(), v.note),
                "请改为正确的数字。".to_string(),
            ),
            State::Error => (
                Severity::Error,
                "V5",
                v.note.clone(),
                "请检查这一格的公式，或直接填写数字。".to_string(),
            ),
        };
        let mut f = Finding::new(severity, rule, message).at(place).hint(hint);
        f.code = cell.code.clone();
        f.row_label = filing.format.row_label(cell);
        f.column_label = filing.format.column_label(cell);
        f.actual = v.raw.clone();
        f.expected = match cell.kind {
            crate::format::Kind::Count => "0或正整数".to_string(),
            crate::format::Kind::Signed => "整数".to_string(),
            crate::format::Kind::Amount => "不小于0的数字".to_string(),
        };
        out.push(f);
    }
    out
}

/// For a cell typed as text, when the workbook's own totals over it are formulas: what those
/// totals show (`表三!J7 的总计显示为 3`). A spreadsheet's SUM skips text, so the unit's sheet
/// sums — and its 自动校验 — count the cell as 0 while xxgk reads the number in it: the unit
/// may publish the sheet's figure. Decided from the cells read, not from the template's
/// identification record: an imported report's workbook has plain-number totals.
fn skipped_by_sheet(filing: &Filing, totals: &Totals, code: &str) -> Option<String> {
    let shown: Vec<String> = totals
        .in_order()
        .iter()
        .filter(|t| {
            totals
                .parts(t)
                .is_some_and(|p| p.iter().any(|p| p.code == code))
        })
        .filter_map(|t| {
            let entry = filing.entries.get(t.as_str()).filter(|e| e.formula)?;
            let value = sheet_value(filing, totals, t).normalize();
            Some(format!("{} 的总计显示为 {value}", entry.place.as_deref()?))
        })
        .collect();
    (!shown.is_empty()).then(|| shown.join("，"))
}

/// A total as the sheet's formulas work it out: text and blanks count 0 (as SUM counts them),
/// a total that is a formula is summed again, one typed over keeps its number.
fn sheet_value(filing: &Filing, totals: &Totals, code: &str) -> Decimal {
    totals.resolve(code, &|c: &str| {
        let entry = filing.entries.get(c)?;
        if totals.is_total(c) && (entry.formula || entry.value.state == State::Blank) {
            return None;
        }
        Some(match entry.value.state {
            State::Number => entry.value.sum_value(),
            _ => Decimal::ZERO,
        })
    })
}

/// A finding when a rule instance fails; `None` when it holds or cannot be evaluated.
fn rule_finding(
    filing: &Filing,
    evaluation: &Evaluation,
    prior: Option<&Filing>,
    inst: &Instance,
    lookups: &Lookups,
    prior_value: Option<&impl Fn(&str) -> Decimal>,
) -> Option<Finding> {
    // A rule over a cell whose label is missing, or over an invalid value (directly or inside
    // a total), would only repeat that error with made-up arithmetic.
    let usable = inst.current_cells().all(|c| {
        filing
            .entries
            .get(c)
            .is_some_and(|e| !e.missing && !e.value.is_invalid())
            && !evaluation.invalid_inside(c)
    });
    let prior_has_cells = inst
        .lhs
        .iter()
        .chain(inst.rhs.iter())
        .filter(|t| t.prior)
        .all(|t| prior.is_some_and(|p| p.format.cell(&t.code).is_some()));
    if !usable || !prior_has_cells {
        return None;
    }
    let prior_fn = prior_value.map(|p| p as &dyn Fn(&str) -> Decimal);
    // A rule is reported only if it fails both with every total as stored and with the totals
    // recomputed from their parts (a total rule keeps its own total as stored). When one of
    // the two holds, the inconsistency is one wrong total or one wrong part, which that
    // total's own rule reports: one typed-over total, or one wrong figure under a published
    // total, gives one finding, not a cascade.
    let as_stored = inst.evaluate_sides(lookups.stored, lookups.stored, prior_fn)?;
    if as_stored.holds {
        return None;
    }
    let (left, right) = if inst.rule.total {
        (lookups.stored, lookups.recomputed)
    } else {
        (lookups.recomputed, lookups.recomputed)
    };
    let recomputed = inst.evaluate_sides(left, right, prior_fn)?;
    if recomputed.holds {
        return None;
    }
    // Show the arithmetic the unit can follow: a total against its parts, else as filled in.
    let (outcome, left, right) = if inst.rule.total {
        (recomputed, left, right)
    } else {
        (as_stored, lookups.stored, lookups.stored)
    };
    let anchor = &inst.lhs[0].code;
    let cell = filing.format.cell(anchor)?;
    let entry = filing.entries.get(anchor)?;
    let rule = inst.rule;
    let mut f = Finding::new(
        rule.severity,
        &rule.id,
        format!("{}：{}", rule.name, inst.message(&outcome)),
    )
    .at(entry.place.as_deref().unwrap_or(""))
    .hint(rule.hint.clone().unwrap_or_default());
    f.code = anchor.clone();
    f.row_label = filing.format.row_label(cell);
    f.column_label = filing.format.column_label(cell);
    f.expected = outcome.rhs.normalize().to_string();
    f.actual = outcome.lhs.normalize().to_string();
    f.arithmetic = inst.arithmetic_sides(&outcome, left, right, prior_fn);
    Some(f)
}

/// The unit's explanation of a warning: same rule and the same cell (as `表三!D7`, `D7` or
/// a cell code), or the same cell with no rule given, or the same rule with no cell given, or
/// the same rule for a whole sheet (`表二`).
fn explanation_for(f: &Finding, explanations: &[Explanation]) -> Option<String> {
    explanations
        .iter()
        .find(|e| explains(e, f))
        .map(|e| e.text.clone())
}

fn explains(e: &Explanation, f: &Finding) -> bool {
    let norm = |s: &str| -> String {
        crate::format::labels::normalize(s)
            .replace(['$', '\'', '!'], "")
            .to_uppercase()
    };
    let rule_ok = e.rule.is_empty() || norm(&e.rule) == norm(&f.rule);
    let target = norm(&e.target);
    let target_ok = if target.is_empty() {
        !e.rule.is_empty()
    } else {
        [norm(&f.place()), norm(&f.cell), norm(&f.code)]
            .iter()
            .any(|t| !t.is_empty() && *t == target)
            || (!e.rule.is_empty() && !f.sheet.is_empty() && target == norm(&f.sheet))
    };
    rule_ok && target_ok
}

/// A warning for each explanation that explains nothing, so the unit learns its note was not
/// understood (a wrong cell, a rule id that did not fire, or an error that must be fixed).
fn unmatched_explanations(filing: &Filing, findings: &[Finding]) -> Vec<Finding> {
    let mut out = Vec::new();
    for e in &filing.explanations {
        if findings
            .iter()
            .any(|f| f.severity == Severity::Warning && explains(e, f))
        {
            continue;
        }
        let what = [e.rule.as_str(), e.target.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        let (message, hint) = match findings.iter().find(|f| f.severity == Severity::Error && explains(e, f)) {
            Some(err) => (
                format!("情况说明“{what}”说明的是错误 {}，错误不能用说明代替", err.rule),
                format!("请在表中改正 {} 的问题。", err.place()),
            ),
            None => (
                format!("情况说明“{what}”没有对应的警告"),
                "请核对规则编号和单元格（如 V1 和 表二!B17，或数据格代码 T2.8.R1.C1）；没有警告时可删除这一行。".to_string(),
            ),
        };
        out.push(
            Finding::new(Severity::Warning, "E1", message)
                .at(&e.place)
                .hint(hint),
        );
    }
    out
}

/// The outcome of checking one file. `F` is the whole [`Filing`] while the file is at hand,
/// or its [`Summary`](crate::check::summary::Summary) once many files are collected.
#[derive(Debug, Clone)]
pub struct FileReport<F = Filing> {
    /// The file's name as shown: the path as the user gave it (or a browser file's relative
    /// path), never made absolute.
    pub path: std::path::PathBuf,
    /// SHA-256 of the file's bytes, or empty when it could not be read.
    pub sha256: String,
    /// When the file was last changed, if known: `--keep-latest` falls back on it.
    pub modified: Option<std::time::SystemTime>,
    /// The filing, when the file could be read as a report.
    pub filing: Option<F>,
    pub findings: Vec<Finding>,
}

/// How a file fared, for summaries and JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Ok,
    Warnings,
    Errors,
    Unreadable,
}

impl Status {
    /// The JSON name.
    pub fn key(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Warnings => "warnings",
            Status::Errors => "errors",
            Status::Unreadable => "unreadable",
        }
    }

    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Status::Ok => "通过",
            Status::Warnings => "有警告",
            Status::Errors => "有错误",
            Status::Unreadable => "无法读取",
        }
    }
}

impl<F> FileReport<F> {
    pub fn status(&self) -> Status {
        if self.filing.is_none() {
            Status::Unreadable
        } else if self.findings.iter().any(Finding::is_open_error) {
            Status::Errors
        } else if self.findings.iter().any(Finding::is_open_warning) {
            Status::Warnings
        } else {
            Status::Ok
        }
    }

    pub fn errors(&self) -> usize {
        self.findings.iter().filter(|f| f.is_open_error()).count()
    }

    pub fn open_warnings(&self) -> usize {
        self.findings.iter().filter(|f| f.is_open_warning()).count()
    }

    pub fn explained(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.explanation.is_some())
            .count()
    }
}

/// A file that cannot be checked, and why, in Chinese with what to do. Its text is the F1
/// finding the file gets.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    /// Not readable as a workbook, text or web page.
    #[error("{0}")]
    Read(#[from] crate::read::ReadError),
    /// Readable, but none of the tables' labels are in it.
    #[error(
        "没有找到年度报告的统计表（表二、表三、表四的标签都找不到），这可能不是政府信息公开工作年度报告的统计表。请确认文件，或使用 xxgk 生成的模板填写。"
    )]
    NotAReport,
    /// A report's text whose tables could not be imported.
    #[error("{0}")]
    Import(#[from] crate::read::import::text::TextError),
    /// A bug in this program or a library, met on this file ([`crate::read::limits::isolated`]).
    #[error("{0}")]
    Internal(String),
}

impl FileError {
    /// The message, naming settings as the front end `r` names them.
    pub fn message(&self, r: &dyn Remedies) -> String {
        match self {
            FileError::Read(e) => e.message(r),
            other => other.to_string(),
        }
    }
}

/// One input file as a front end hands it over: the name to show (the path as the user gave
/// it, or a browser file's relative path), its bytes, and its modification time when known
/// (for `--keep-latest` when two files of one unit have no 填报日期).
///
/// ```
/// let input = xxgk::check::Input::new("报表/前进街道_2025.xlsx", b"PK\x03\x04".to_vec());
/// assert_eq!(input.name, "报表/前进街道_2025.xlsx");
/// assert!(input.modified.is_none());
/// ```
#[derive(Debug, Clone)]
pub struct Input {
    pub name: String,
    pub bytes: Vec<u8>,
    pub modified: Option<std::time::SystemTime>,
}

impl Input {
    /// An input with no known modification time.
    pub fn new(name: impl Into<String>, bytes: Vec<u8>) -> Input {
        Input {
            name: name.into(),
            bytes,
            modified: None,
        }
    }
}

/// Checks one file's bytes and keeps only what `keep` asks for of it: what `check` and
/// `merge` do for each of many files. Last year's report is chosen for the filing once it is
/// read: its own row of last year's consolidation (see
/// [`crate::merge::prior::LastYearRows`]). The filing is evaluated once for both the
/// findings and the numbers. Never fails: an unreadable file gives one F1 error saying why.
///
/// ```
/// use xxgk::check::{Input, check_summarized_bytes, summary::Keep};
/// use xxgk::format::remedy::Plain;
/// let bytes = std::fs::read("samples/报表/前进街道_2025.xlsx").unwrap();
/// let input = Input::new("报表/前进街道_2025.xlsx", bytes);
/// let limits = xxgk::limits::Limits::default();
/// let report = check_summarized_bytes(&input, &limits, &Plain, &|_| None, Keep::Header);
/// assert_eq!(report.filing.unwrap().unit, "前进街道");
/// ```
pub fn check_summarized_bytes<'p>(
    input: &Input,
    limits: &crate::read::limits::Limits,
    r: &dyn Remedies,
    prior_for: &(dyn Fn(&Filing) -> Option<std::borrow::Cow<'p, Filing>> + Sync),
    keep: crate::check::summary::Keep,
) -> FileReport<crate::check::summary::Summary> {
    let read = || read_filing_bytes(&input.bytes, &crate::read::extension(&input.name), limits);
    let mut report = check_read(&input.name, r, read, |filing| {
        let prior = prior_for(&filing);
        let prior = prior.as_deref();
        let (findings, numbers) = match keep {
            crate::check::summary::Keep::Header => (check_advised(&filing, prior, r), Vec::new()),
            _ => check_and_sum(&filing, prior, r),
        };
        let summary = crate::check::summary::Summary::with_numbers(&filing, keep, numbers);
        (findings, summary)
    });
    report.modified = input.modified;
    if report.filing.is_none() {
        report.sha256 = unreadable_sha256(&input.bytes, limits);
    }
    report
}

/// Checks one file's bytes and keeps the whole filing. Never fails, as
/// [`check_summarized_bytes`].
///
/// ```
/// use xxgk::check::{Input, check_bytes};
/// let report = check_bytes(&Input::new("空.xlsx", Vec::new()), &Default::default(), &xxgk::format::remedy::Plain, None);
/// assert_eq!(report.findings[0].rule, "F1");
/// assert!(report.findings[0].message.contains("文件为空"));
/// ```
pub fn check_bytes(
    input: &Input,
    limits: &crate::read::limits::Limits,
    r: &dyn Remedies,
    prior: Option<&Filing>,
) -> FileReport {
    let read = || read_filing_bytes(&input.bytes, &crate::read::extension(&input.name), limits);
    let mut report = check_read(&input.name, r, read, |filing| {
        (check_advised(&filing, prior, r), filing)
    });
    report.modified = input.modified;
    if report.filing.is_none() {
        report.sha256 = unreadable_sha256(&input.bytes, limits);
    }
    report
}

/// The hash of a file that could not be read, as the command line gives it: empty for a file
/// refused for its size, which is not even hashed.
fn unreadable_sha256(bytes: &[u8], limits: &crate::read::limits::Limits) -> String {
    if limits.check_file_size(bytes.len() as u64).is_err() {
        String::new()
    } else {
        crate::read::sha256_hex(bytes)
    }
}

/// A file refused for its size before its bytes are read, with the F1 the command line gives
/// it: a front end that knows only a file's size (a file handed to the browser) need not load
/// a huge file to refuse it. `None` when the size is within the limit.
///
/// ```
/// use xxgk::check::{FileReport, refused_for_size};
/// let limits = xxgk::limits::Limits::default();
/// let r = xxgk::format::remedy::Plain;
/// let refused: FileReport<()> = refused_for_size("大.xlsx", 1 << 40, &limits, &r).unwrap();
/// assert_eq!(refused.findings[0].rule, "F1");
/// assert!(refused_for_size::<()>("小.xlsx", 1000, &limits, &r).is_none());
/// ```
pub fn refused_for_size<F>(
    name: &str,
    size: u64,
    limits: &crate::read::limits::Limits,
    r: &dyn Remedies,
) -> Option<FileReport<F>> {
    let e = limits.check_file_size(size).err()?;
    let message = FileError::Read(e.into()).message(r);
    Some(FileReport {
        path: std::path::PathBuf::from(name),
        sha256: String::new(),
        modified: None,
        filing: None,
        findings: vec![Finding::new(Severity::Error, "F1", message)],
    })
}

/// Reads a file with `read` and runs `work` on its filing. A file that cannot be read, and a
/// panic while reading, locating or checking it, give that file one F1 error, not the end of
/// the batch. The hash of an unreadable file is left to the caller, who has its bytes.
fn check_read<F>(
    name: &str,
    r: &dyn Remedies,
    read: impl FnOnce() -> Result<(Filing, String), FileError>,
    work: impl FnOnce(Filing) -> (Vec<Finding>, F),
) -> FileReport<F> {
    let done = crate::read::limits::isolated(|| read().map_err(|e| e.message(r)))
        .and_then(|(filing, sha256)| crate::read::limits::isolated(|| Ok((work(filing), sha256))));
    match done {
        Ok(((findings, filing), sha256)) => FileReport {
            path: std::path::PathBuf::from(name),
            sha256,
            modified: None,
            filing: Some(filing),
            findings,
        },
        Err(message) => FileReport {
            path: std::path::PathBuf::from(name),
            sha256: String::new(),
            modified: None,
            filing: None,
            findings: vec![Finding::new(Severity::Error, "F1", message)],
        },
    }
}

/// A file's bytes as a Filing and the hash of the bytes: a workbook, or a report published
/// as text or a web page. `ext` (`.xlsx`) names the file's type in messages.
///
/// ```
/// use xxgk::check::{FileError, read_filing_bytes};
/// let err = read_filing_bytes(b"", ".xlsx", &Default::default()).unwrap_err();
/// assert!(matches!(err, FileError::Read(xxgk::read::ReadError::Empty)));
/// ```
pub fn read_filing_bytes(
    bytes: &[u8],
    ext: &str,
    limits: &crate::read::limits::Limits,
) -> Result<(Filing, String), FileError> {
    use crate::read::{Formulas, ReadError, read_named_with};
    // The file is read once: as a workbook, or else as a report's text or web page.
    match read_named_with(bytes, ext, limits, Formulas::Skip) {
        Ok(workbook) => {
            let filing = Filing::from_grids(&workbook.grids).ok_or(FileError::NotAReport)?;
            if !filing.needs_formulas() {
                return Ok((filing, workbook.sha256));
            }
            // A blank cell may be a formula without its result, a text cell may be skipped by
            // the sheet's formulas: read again, marking formulas.
            let workbook = read_named_with(bytes, ext, limits, Formulas::Read)?;
            Filing::from_grids(&workbook.grids)
                .map(|f| (f, workbook.sha256))
                .ok_or(FileError::NotAReport)
        }
        Err(e @ (ReadError::Html(_) | ReadError::Text(_))) => {
            // A text that is meant to be a report gets the import's own reason; a web page or
            // an unrelated text gets the advice for its file type.
            let own_reason = matches!(e, ReadError::Text(_)) && looks_like_report(bytes);
            match crate::read::import::import_bytes(bytes, None, None) {
                Ok(imported) => match imported.into_filing() {
                    Some(filing) => Ok((filing, crate::read::sha256_hex(bytes))),
                    None if own_reason => Err(FileError::NotAReport),
                    None => Err(e.into()),
                },
                Err(import_error) if own_reason => Err(import_error.into()),
                Err(_) => Err(e.into()),
            }
        }
        Err(e) => Err(e.into()),
    }
}

/// Whether a text or page is meant to be an annual report (so an import error is the right
/// message, rather than “this is a web page”).
fn looks_like_report(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    text.contains("政府信息公开") && text.contains("申请")
}
