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

use rust_decimal::Decimal;

use crate::filing::{Explanation, Filing};
use crate::findings::Finding;
use crate::rules::{Instance, RuleDef, Severity, Totals};
use crate::value::{State, Value};

/// Every finding for a filing, in a stable order: reading problems, values, rules.
pub fn check(filing: &Filing, prior: Option<&Filing>) -> Vec<Finding> {
    check_with(filing, prior, &[])
}

/// Like [`check`], with extra (local) rules in the same form as the official ones.
pub fn check_with(filing: &Filing, prior: Option<&Filing>, extra: &[RuleDef]) -> Vec<Finding> {
    let totals = filing.format.totals();
    let mut findings = filing.findings.clone();
    findings.extend(value_findings(filing, totals));
    let mismatch = prior.map(|p| prior_mismatch(filing, p)).unwrap_or_default();
    // Last year's report of another unit or year would only give false cross-year errors.
    let prior = prior.filter(|_| mismatch.is_empty());
    findings.extend(mismatch);
    let lookups = Lookups {
        stored: &|code: &str| effective(filing, totals, code),
        recomputed: &|code: &str| recomputed(filing, totals, code),
    };
    let prior_value = prior.map(|p| {
        let prior_totals = p.format.totals();
        move |code: &str| effective(p, prior_totals, code)
    });
    for rule in filing.format.rules.iter().chain(extra) {
        if rule.is_cross_year() && prior.is_none() {
            continue;
        }
        let Ok(instances) = rule.instances(filing.format) else {
            continue;
        };
        for inst in &instances {
            if let Some(f) =
                rule_finding(filing, totals, prior, inst, &lookups, prior_value.as_ref())
            {
                findings.push(f);
            }
        }
    }
    for f in &mut findings {
        if f.severity == Severity::Warning {
            f.explanation = explanation_for(f, &filing.explanations);
        }
    }
    findings.extend(unmatched_explanations(filing, &findings));
    findings
}

/// The two ways a rule reads this year's cells: a total's stored value, and its value
/// recomputed from its parts.
struct Lookups<'a> {
    stored: &'a dyn Fn(&str) -> Decimal,
    recomputed: &'a dyn Fn(&str) -> Decimal,
}

/// A cell's value with every total recomputed from its parts (invalid parts as 0).
fn recomputed(filing: &Filing, totals: &Totals, code: &str) -> Decimal {
    let inputs = |c: &str| {
        (!totals.is_total(c)).then(|| {
            filing
                .entries
                .get(c)
                .map(|e| e.value.sum_value())
                .unwrap_or_default()
        })
    };
    totals.resolve(code, &inputs)
}

/// A warning when last year's report is not this unit's, or not last year's.
fn prior_mismatch(filing: &Filing, prior: &Filing) -> Vec<Finding> {
    let mut out = Vec::new();
    let norm = crate::locate::normalize;
    if !filing.unit.is_empty() && !prior.unit.is_empty() && norm(&filing.unit) != norm(&prior.unit)
    {
        out.push(
            Finding::new(
                Severity::Warning,
                "C4",
                format!("上年报告的单位是“{}”，不是“{}”", prior.unit, filing.unit),
            )
            .hint("请确认 --prior 给的是本单位上一年度的报告。"),
        );
    }
    if let (Some(y), Some(py)) = (filing.year, prior.year)
        && py + 1 != y
    {
        out.push(
            Finding::new(
                Severity::Warning,
                "C4",
                format!("上年报告是{py}年度的，不是{}年度的", y - 1),
            )
            .hint("跨年度审核应使用上一年度的报告。"),
        );
    }
    out
}

/// Every cell's value as a total rule sees it: blank and invalid count as 0, a total keeps its
/// stored value unless it is blank or computed from text (then it is recomputed).
pub fn effective_values(filing: &Filing) -> std::collections::BTreeMap<String, Decimal> {
    let totals = filing.format.totals();
    filing
        .format
        .cells()
        .iter()
        .map(|c| (c.code.clone(), effective(filing, totals, &c.code)))
        .collect()
}

/// Every cell's value for summing into a consolidation: inputs as the rules see them, totals
/// always recomputed from them, so the consolidated tables satisfy every total rule even when
/// a unit typed over a total (that unit's error is still reported).
pub fn summable_values(filing: &Filing) -> std::collections::BTreeMap<String, Decimal> {
    let totals = filing.format.totals();
    filing
        .format
        .cells()
        .iter()
        .map(|c| {
            (
                c.code.clone(),
                recomputed(filing, totals, &c.code).normalize(),
            )
        })
        .collect()
}

/// The value a rule sees: the stored number; for a blank total, or a total whose parts hold
/// invalid values, the recomputed sum (its stored result only repeats the bad part).
fn effective(filing: &Filing, totals: &Totals, code: &str) -> Decimal {
    let stored = |c: &str| {
        let entry = filing.entries.get(c)?;
        let recompute =
            totals.is_total(c) && (entry.value.state == State::Blank || tainted(filing, totals, c));
        (!recompute).then(|| entry.value.sum_value())
    };
    totals.resolve(code, &stored)
}

/// Whether a total's stored result cannot be trusted because a part is not a plain number:
/// an invalid value, or text such as “8件” or “无”, which a spreadsheet's SUM skips. Such a
/// total is recomputed instead, and the part is reported on its own.
fn tainted(filing: &Filing, totals: &Totals, code: &str) -> bool {
    any_part(filing, totals, code, &|v| {
        v.is_invalid() || matches!(v.state, State::Lenient | State::Dash)
    })
}

/// Whether a total sums, directly or through other totals, an invalid or error value.
fn tainted_by_invalid(filing: &Filing, totals: &Totals, code: &str) -> bool {
    any_part(filing, totals, code, &Value::is_invalid)
}

/// Whether any part of a total, followed through nested totals, satisfies `test`.
fn any_part(filing: &Filing, totals: &Totals, code: &str, test: &dyn Fn(&Value) -> bool) -> bool {
    fn walk(
        filing: &Filing,
        totals: &Totals,
        code: &str,
        test: &dyn Fn(&Value) -> bool,
        depth: usize,
    ) -> bool {
        let Some(parts) = totals.parts(code) else {
            return false;
        };
        depth < 16
            && parts.iter().any(|t| {
                filing.entries.get(&t.code).is_some_and(|e| test(&e.value))
                    || walk(filing, totals, &t.code, test, depth + 1)
            })
    }
    walk(filing, totals, code, test, 0)
}

/// Findings about single values: blanks, numeric text, dashes, invalid and error values.
fn value_findings(filing: &Filing, totals: &Totals) -> Vec<Finding> {
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
            _ if tainted_by_invalid(filing, totals, &cell.code) => continue,
            State::Blank if entry.formula => (
                Severity::Warning,
                "V1",
                "这一格是公式，但文件里没有公式的计算结果（文件可能是程序生成的），按0计"
                    .to_string(),
                "请在 Excel 或 WPS 中打开这个文件并保存一次，或直接填写数字。",
            ),
            State::Blank if totals.is_total(&cell.code) => (
                Severity::Warning,
                "V1",
                "总计未填写，按各项之和计".to_string(),
                "请填写总计，或使用模板中的公式。",
            ),
            State::Blank => (
                Severity::Warning,
                "V1",
                "未填写，按0计".to_string(),
                "没有发生的请填0，不要留空。",
            ),
            State::Dash => (
                Severity::Warning,
                "V3",
                v.note.clone(),
                "没有发生的请直接填0。",
            ),
            State::Lenient => (
                Severity::Warning,
                "V2",
                v.note.clone(),
                "请只填写阿拉伯数字，不带单位和空格。",
            ),
            State::Invalid => (
                Severity::Error,
                "V4",
                format!("填写的“{}”无效：{}", v.raw.trim(), v.note),
                "请改为正确的数字。",
            ),
            State::Error => (
                Severity::Error,
                "V5",
                v.note.clone(),
                "请检查这一格的公式，或直接填写数字。",
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

/// A finding when a rule instance fails; `None` when it holds or cannot be evaluated.
fn rule_finding(
    filing: &Filing,
    totals: &Totals,
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
            && !tainted_by_invalid(filing, totals, c)
    });
    let prior_has_cells = inst
        .lhs
        .iter()
        .chain(&inst.rhs)
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
        crate::locate::normalize(s)
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

/// The outcome of checking one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub path: std::path::PathBuf,
    /// SHA-256 of the file's bytes, or empty when it could not be read.
    pub sha256: String,
    /// The filing, when the file could be read as a report.
    pub filing: Option<Filing>,
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

impl FileReport {
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

/// Reads and checks one file. Never fails: an unreadable file gives a report with one F1
/// error saying why.
pub fn check_file(path: &std::path::Path, prior: Option<&Filing>) -> FileReport {
    let unreadable = |message: String| FileReport {
        path: path.to_path_buf(),
        sha256: crate::read::file_sha256(path),
        filing: None,
        findings: vec![Finding::new(Severity::Error, "F1", message)],
    };
    // A panic while reading, locating or checking one file is that file's error (F1), not the
    // end of the batch.
    let (filing, sha256) = match crate::limits::isolated(|| read_filing(path)) {
        Ok(x) => x,
        Err(message) => return unreadable(message),
    };
    let findings = match crate::limits::isolated(|| Ok(check(&filing, prior))) {
        Ok(findings) => findings,
        Err(message) => return unreadable(message),
    };
    FileReport {
        path: path.to_path_buf(),
        sha256,
        filing: Some(filing),
        findings,
    }
}

/// A file as a Filing: a workbook, or a report published as text or a web page. The error is
/// the Chinese reason it cannot be read.
pub fn read_filing(path: &std::path::Path) -> Result<(Filing, String), String> {
    let not_a_report = "没有找到年度报告的统计表（表二、表三、表四的标签都找不到），这可能不是政府信息公开工作年度报告的统计表。请确认文件，或使用 xxgk 生成的模板填写。";
    // The file is read once: as a workbook, or else as a report's text or web page.
    let bytes = crate::read::read_source(path).map_err(|e| e.to_string())?;
    match crate::read::read_named(&bytes, &crate::read::extension(path)) {
        Ok(workbook) => Filing::from_grids(&workbook.grids)
            .map(|f| (f, workbook.sha256))
            .ok_or_else(|| not_a_report.to_string()),
        Err(e @ (crate::read::ReadError::Html(_) | crate::read::ReadError::Text(_))) => {
            // A text that is meant to be a report gets the import's own reason; a web page or
            // an unrelated text gets the advice for its file type.
            let own_reason =
                matches!(e, crate::read::ReadError::Text(_)) && looks_like_report(&bytes);
            match crate::import::import_bytes(&bytes, None, None) {
                Ok(imported) => match imported.into_filing() {
                    Some(filing) => Ok((filing, crate::read::sha256_hex(&bytes))),
                    None if own_reason => Err(not_a_report.to_string()),
                    None => Err(e.to_string()),
                },
                Err(import_error) if own_reason => Err(import_error.to_string()),
                Err(_) => Err(e.to_string()),
            }
        }
        Err(e) => Err(e.to_string()),
    }
}

/// Whether a text or page is meant to be an annual report (so an import error is the right
/// message, rather than “this is a web page”).
fn looks_like_report(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    text.contains("政府信息公开") && text.contains("申请")
}
