//! `check`'s findings as a Markdown document: what a workbook dropped on the Windows program
//! leaves beside it (`审核结果.md`, `cli::desktop`), for someone who will read it in
//! Notepad or forward it. One section per file, in input order, with each finding as the
//! Markdown reports list it ([`crate::write::markdown::finding_item`]).
//!
//! ```
//! use xxgk::check::Input;
//! let bytes = std::fs::read("samples/报表/小北街道_2025.xlsx").unwrap();
//! let inputs = [Input::new("报表/小北街道_2025.xlsx", bytes)];
//! let plain = xxgk::format::remedy::Plain;
//! let reports = xxgk::tasks::check::check_all(&inputs, &Default::default(), &plain, None);
//! let text = xxgk::write::check_markdown::report(&reports, &[]);
//! assert!(text.starts_with("# 审核结果\n"));
//! assert!(text.contains("## 报表/小北街道_2025.xlsx"));
//! ```

use crate::check::summary::Summary;
use crate::check::{FileReport, Status};
use crate::read::source::Skipped;
use crate::write::check_report::{duplicates, file_summary};
use crate::write::markdown::{escape, finding_item};

/// The whole document: the overall count, then each file, then what was passed over.
pub fn report(reports: &[FileReport<Summary>], skipped: &[Skipped]) -> String {
    let mut out = format!("# 审核结果\n\n{}\n\n", overall(reports));
    for (unit, year, paths) in duplicates(reports) {
        out.push_str(&format!(
            "> **注意：“{}”{year}年度有 {} 份表格：{}。汇总时只能计入一份。**\n\n",
            escape(&unit),
            paths.len(),
            escape(&paths.join("、"))
        ));
    }
    for r in reports {
        out.push_str(&file_section(r));
    }
    if !skipped.is_empty() {
        out.push_str("## 已跳过的文件\n\n");
        for s in skipped {
            out.push_str(&format!(
                "- {}：{}\n",
                escape(&s.path.display().to_string()),
                escape(&s.reason)
            ));
        }
        out.push('\n');
    }
    out
}

/// `xxgk 审核了 3 个文件：1 个通过，……`
fn overall(reports: &[FileReport<Summary>]) -> String {
    let count = |s: Status| reports.iter().filter(|r| r.status() == s).count();
    format!(
        "xxgk 审核了 {} 个文件：{} 个通过，{} 个有警告，{} 个有错误，{} 个无法读取。",
        reports.len(),
        count(Status::Ok),
        count(Status::Warnings),
        count(Status::Errors),
        count(Status::Unreadable)
    )
}

/// A file's heading, what it was read as, its summary and its findings.
fn file_section(r: &FileReport<Summary>) -> String {
    let mut out = format!("## {}\n\n", escape(&r.path.display().to_string()));
    if let Some(f) = &r.filing {
        let unit = if f.unit.is_empty() {
            "（未填单位）".to_string()
        } else {
            escape(&f.unit)
        };
        let year = f
            .year
            .map_or("（未填年度）".to_string(), |y| format!("{y}年度"));
        out.push_str(&format!("{unit}，{year}，{}。", f.format.name));
    }
    out.push_str(&format!("审核结果：{}。\n\n", file_summary(r)));
    // A list ends with its blank line.
    if !r.findings.is_empty() {
        out.push_str(&crate::write::document::list_markdown(
            r.findings.iter().map(finding_item).collect(),
        ));
    }
    out
}
