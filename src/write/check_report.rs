//! The report of `check`: findings grouped by file as terminal text, and the same as JSON
//! for other programs (with a stable fingerprint for each finding).
//!
//! The Markdown report of a file ([`crate::write::markdown`]) and `import` use its lines too.

use serde_json::{Value as Json, json};
use sha2::{Digest, Sha256};

use crate::check::summary::Summary;
use crate::check::{FileReport, Status};
use crate::format::findings::Finding;
use crate::format::rules::Severity;
use crate::read::source::Skipped;

/// Which files the text report lists with `--only`; the summary line always counts all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Only {
    /// 有错误或无法读取的文件
    Errors,
    /// 再加上有未说明警告的文件
    Warnings,
}

impl Only {
    /// Whether a file with this status is listed.
    ///
    /// ```
    /// use xxgk::check::Status;
    /// use xxgk::cmd::check::Only;
    /// assert!(Only::Errors.lists(Status::Unreadable));
    /// assert!(!Only::Errors.lists(Status::Warnings));
    /// assert!(Only::Warnings.lists(Status::Warnings));
    /// assert!(!Only::Warnings.lists(Status::Ok));
    /// ```
    pub fn lists(self, status: Status) -> bool {
        match self {
            Only::Errors => matches!(status, Status::Errors | Status::Unreadable),
            Only::Warnings => status != Status::Ok,
        }
    }
}

/// The report for people: findings grouped by file, a summary line per file and overall.
/// With `only`, files without such problems are left out of the listing (not the summary): a
/// check of a thousand returns shows the few that need work.
pub fn render_text(
    reports: &[FileReport<Summary>],
    skipped: &[Skipped],
    only: Option<Only>,
) -> String {
    let mut out = String::new();
    let listed = reports
        .iter()
        .filter(|r| only.is_none_or(|o| o.lists(r.status())));
    for report in listed {
        out.push_str(&file_heading(report));
        out.push('\n');
        for line in finding_lines(&report.findings) {
            out.push_str(&line);
            out.push('\n');
        }
        out.push_str(&format!("  小结：{}\n\n", file_summary(report)));
    }
    for s in skipped {
        out.push_str(&format!("已跳过 {}：{}\n", s.path.display(), s.reason));
    }
    if !skipped.is_empty() {
        out.push('\n');
    }
    for (unit, year, paths) in duplicates(reports) {
        out.push_str(&format!(
            "注意：“{unit}”{year}年度有 {} 份表格：{}。汇总时只能计入一份。\n",
            paths.len(),
            paths.join("、")
        ));
    }
    out.push_str(&overall_summary(reports));
    if let Some(only) = only {
        let hidden = reports.iter().filter(|r| !only.lists(r.status())).count();
        if hidden > 0 {
            let what = match only {
                Only::Errors => "没有错误",
                Only::Warnings => "通过",
            };
            out.push_str(&format!(
                "（按 --only 只列出了有问题的文件，另有 {hidden} 个{what}的文件未列出。）"
            ));
        }
    }
    out.push('\n');
    out
}

/// Units with more than one file for the same year: (unit, year, paths).
pub fn duplicates(reports: &[FileReport<Summary>]) -> Vec<(String, String, Vec<String>)> {
    let mut groups: std::collections::BTreeMap<(String, Option<u16>), Vec<String>> =
        Default::default();
    for r in reports {
        if let Some(f) = &r.filing
            && !f.unit.is_empty()
        {
            groups
                .entry((crate::format::labels::normalize(&f.unit), f.year))
                .or_default()
                .push(r.path.display().to_string());
        }
    }
    groups
        .into_iter()
        .filter(|(_, paths)| paths.len() > 1)
        .map(|((unit, year), paths)| {
            let name = reports
                .iter()
                .filter_map(|r| r.filing.as_ref())
                .find(|f| crate::format::labels::normalize(&f.unit) == unit)
                .map_or(unit.clone(), |f| f.unit.clone());
            (name, year.map(|y| y.to_string()).unwrap_or_default(), paths)
        })
        .collect()
}

fn file_heading(report: &FileReport<Summary>) -> String {
    match &report.filing {
        Some(f) => format!(
            "━━ {}　{}　{}　{}",
            report.path.display(),
            if f.unit.is_empty() {
                "（未填单位）"
            } else {
                &f.unit
            },
            f.year
                .map_or("（未填年度）".to_string(), |y| format!("{y}年度")),
            f.format.name
        ),
        None => format!("━━ {}", report.path.display()),
    }
}

/// `2 个错误，5 个警告（其中 1 个已说明）`, or `通过`.
pub fn file_summary<F>(report: &FileReport<F>) -> String {
    let (errors, warnings, explained) =
        (report.errors(), report.open_warnings(), report.explained());
    let status = report.status();
    if status == Status::Unreadable {
        return "无法读取".to_string();
    }
    let mut parts = Vec::new();
    if errors > 0 {
        parts.push(format!("{errors} 个错误"));
    }
    if warnings > 0 {
        parts.push(format!("{warnings} 个警告"));
    }
    if explained > 0 {
        parts.push(format!("{explained} 个警告已说明"));
    }
    if parts.is_empty() {
        "通过".to_string()
    } else {
        format!("{}（{}）", status.label(), parts.join("，"))
    }
}

fn overall_summary(reports: &[FileReport<Summary>]) -> String {
    let count = |s: Status| reports.iter().filter(|r| r.status() == s).count();
    format!(
        "══ 共 {} 个文件：{} 个通过，{} 个有警告，{} 个有错误，{} 个无法读取。",
        reports.len(),
        count(Status::Ok),
        count(Status::Warnings),
        count(Status::Errors),
        count(Status::Unreadable)
    )
}

/// The lines for a file's findings. A sparse form, whose unit left its zeros blank, would
/// give one V1 per cell: the blank cells of a table are one line, with their count and the
/// first few cells (`--json` keeps every cell); blank totals, read otherwise, are a line of
/// their own. Explained V1s are listed one by one, since
/// each has its own explanation.
pub fn finding_lines(findings: &[Finding]) -> Vec<String> {
    let blank = |f: &Finding| f.rule == "V1" && !f.cell.is_empty() && f.explanation.is_none();
    let mut lines = Vec::new();
    let mut done = std::collections::HashSet::new();
    for f in findings {
        if !blank(f) {
            lines.extend(describe(f));
            continue;
        }
        if !done.insert((f.sheet.as_str(), f.message.as_str())) {
            continue;
        }
        let same: Vec<&Finding> = findings
            .iter()
            .filter(|g| blank(g) && g.sheet == f.sheet && g.message == f.message)
            .collect();
        if same.len() == 1 {
            lines.extend(describe(f));
            continue;
        }
        lines.extend(blank_cells_line(&same));
    }
    lines
}

/// Shown cells of a table's blank cells before “等”.
const BLANK_CELLS_SHOWN: usize = 8;

/// The V1 line of one table's blank cells with one message: count, first cells, one hint.
fn blank_cells_line(same: &[&Finding]) -> Vec<String> {
    let f = same[0];
    let cells: Vec<&str> = same
        .iter()
        .take(BLANK_CELLS_SHOWN)
        .map(|g| g.cell.as_str())
        .collect();
    let more = if same.len() > BLANK_CELLS_SHOWN {
        "等"
    } else {
        ""
    };
    vec![
        format!(
            "  ! [警告] V1 {}：{} 格{}（{}!{}{more}）",
            f.sheet,
            same.len(),
            f.message,
            f.sheet,
            cells.join("、")
        ),
        format!("      提示：{}每一格的位置见 xxgk check --json。", f.hint),
    ]
}

/// One finding as text lines: severity, rule, place, code and labels; the message; the
/// arithmetic; the hint; the unit's explanation.
pub fn describe(f: &Finding) -> Vec<String> {
    let (mark, severity) = match (f.severity, &f.explanation) {
        (Severity::Error, _) => ("✗", "错误"),
        (Severity::Warning, Some(_)) => ("✓", "已说明"),
        (Severity::Warning, None) => ("!", "警告"),
    };
    let mut head = format!("  {mark} [{severity}] {}", f.rule);
    if !f.place().is_empty() {
        head.push_str(&format!(" {}", f.place()));
    }
    if !f.code.is_empty() {
        head.push_str(&format!("（{}）", f.code));
    }
    match (f.row_label.is_empty(), f.column_label.is_empty()) {
        (false, false) => head.push_str(&format!(" {} × {}", f.row_label, f.column_label)),
        (true, false) => head.push_str(&format!(" {}", f.column_label)),
        (false, true) => head.push_str(&format!(" {}", f.row_label)),
        (true, true) => {}
    }
    let mut lines = vec![head, format!("      {}", f.message)];
    if !f.arithmetic.is_empty() {
        lines.push(format!("      {}", f.arithmetic));
    }
    if let Some(text) = &f.explanation {
        lines.push(format!("      单位说明：{text}"));
    } else if !f.hint.is_empty() {
        lines.push(format!("      提示：{}", f.hint));
    }
    lines
}

/// What last year's file (`name`) was read as, the line above check's findings: a C4 under a
/// file then says why its cross-year check was not run.
///
/// ```
/// let (prior, _) = xxgk::check::read_filing("samples/上年/前进街道_2024.xlsx".as_ref()).unwrap();
/// let line = xxgk::write::check_report::prior_line(&prior, "上年/前进街道_2024.xlsx");
/// assert_eq!(line, "跨年度审核的上年报告：上年/前进街道_2024.xlsx，“前进街道”2024年度的报告。");
/// ```
pub fn prior_line(prior: &crate::filing::Filing, name: &str) -> String {
    let year = prior
        .year
        .map_or("年度不明".to_string(), |y| format!("{y}年度"));
    let what = match prior.members {
        Some(n) => format!(
            "“{}”{year}的汇总表（{n}个单位），每个单位与其中本单位的一行比较",
            prior.unit
        ),
        None => format!("“{}”{year}的报告", prior.unit),
    };
    format!("跨年度审核的上年报告：{name}，{what}。")
}

/// A stable id for a finding: the same problem in the same unit's report gives the same
/// fingerprint on every run, even if the unit moves the table, and in every front end.
pub fn fingerprint(f: &Finding, filing: Option<&Summary>) -> String {
    let place = if f.code.is_empty() {
        f.place()
    } else {
        f.code.clone()
    };
    // Without a place, what happened identifies the finding: the message up to its first
    // “。” or “；”. What to do comes after, and each front end words it its own way (a flag on
    // the command line, a field of the page), so it is left out.
    let place = if place.is_empty() {
        f.message
            .split(['。', '；'])
            .next()
            .unwrap_or_default()
            .to_string()
    } else {
        place
    };
    let (unit, year) = filing.map_or((String::new(), String::new()), |x| {
        (
            x.unit.clone(),
            x.year.map(|y| y.to_string()).unwrap_or_default(),
        )
    });
    let digest = Sha256::digest(format!("{}|{place}|{unit}|{year}", f.rule).as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// The `--json` document; its schema is described in README.md.
pub fn to_json(reports: &[FileReport<Summary>], skipped: &[Skipped]) -> Json {
    let files: Vec<Json> = reports
        .iter()
        .map(|r| {
            let filing = r.filing.as_ref();
            json!({
                "path": r.path.display().to_string(),
                "status": r.status().key(),
                "format": filing.map(|f| f.format.id.clone()),
                "year": filing.and_then(|f| f.year),
                "unit": filing.map(|f| f.unit.clone()),
                "sha256": r.sha256,
                "errors": r.errors(),
                "warnings": r.open_warnings(),
                "explained": r.explained(),
                "findings": r.findings.iter().map(|f| finding_json(f, filing)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let count = |s: Status| reports.iter().filter(|r| r.status() == s).count();
    let duplicates: Vec<Json> = duplicates(reports)
        .into_iter()
        .map(|(unit, year, paths)| json!({"unit": unit, "year": year, "paths": paths}))
        .collect();
    json!({
        "files": files,
        "duplicates": duplicates,
        "skipped": skipped.iter().map(|s| json!({"path": s.path.display().to_string(), "reason": s.reason})).collect::<Vec<_>>(),
        "summary": {
            "files": reports.len(),
            "ok": count(Status::Ok),
            "warnings": count(Status::Warnings),
            "errors": count(Status::Errors),
            "unreadable": count(Status::Unreadable),
        },
    })
}

/// `null` for an empty field, so JSON readers need not test for "".
fn non_empty(s: &str) -> Json {
    if s.is_empty() {
        Json::Null
    } else {
        Json::String(s.to_string())
    }
}

fn finding_json(f: &Finding, filing: Option<&Summary>) -> Json {
    json!({
        "severity": match f.severity { Severity::Error => "error", Severity::Warning => "warning" },
        "rule": f.rule,
        "sheet": non_empty(&f.sheet),
        "cell": non_empty(&f.cell),
        "code": non_empty(&f.code),
        "row_label": f.row_label,
        "column_label": f.column_label,
        "message": f.message,
        "expected": f.expected,
        "actual": f.actual,
        "arithmetic": f.arithmetic,
        "hint": f.hint,
        "explained": f.explanation.is_some(),
        "explanation": f.explanation,
        "fingerprint": fingerprint(f, filing),
    })
}
