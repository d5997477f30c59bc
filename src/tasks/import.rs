//! `import` on bytes: a published report's text or web page into the official tables, as a
//! workbook, with the findings on it.

use crate::filing::Filing;
use crate::format::findings::Finding;
use crate::read::import::title::Title;
use crate::write::template::{Header, published_cells, published_workbook_bytes};

/// An imported report: its filing, what its title said, the workbook and the findings.
#[derive(Debug)]
pub struct Imported {
    pub filing: Filing,
    pub title: Title,
    /// The official template with the report's figures, as `xxgk import` writes it.
    pub workbook: Vec<u8>,
    pub findings: Vec<Finding>,
}

/// Why a report could not be imported. A PDF or a workbook is not for this task at all,
/// and what to do instead is the front end's to say; the rest carry their message, which
/// names the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// A PDF: its text must be extracted first.
    Pdf,
    /// A workbook: it needs checking, not importing.
    Workbook,
    /// The text or page could not be read as a report.
    Report(String),
}

/// Imports a report's text or web page; `name` names it in messages, `unit` and `year`
/// override what its title says.
///
/// ```
/// let bytes = std::fs::read("samples/真实报告/前进街道_2020年度报告.txt").unwrap();
/// let imported = xxgk::tasks::import::import("前进街道_2020年度报告.txt", &bytes, None, None).unwrap();
/// assert_eq!(imported.filing.year, Some(2020));
/// assert!(imported.workbook.starts_with(b"PK"));
/// ```
pub fn import(
    name: &str,
    bytes: &[u8],
    unit: Option<&str>,
    year: Option<u16>,
) -> Result<Imported, ImportError> {
    if bytes.starts_with(b"%PDF") {
        return Err(ImportError::Pdf);
    }
    if crate::read::is_workbook(bytes) {
        return Err(ImportError::Workbook);
    }
    let imported = crate::read::import::import_bytes(bytes, unit, year)
        .map_err(|e| ImportError::Report(format!("{name} 无法导入：{e}")))?;
    let title = imported.title.clone();
    let filing = imported
        .into_filing()
        .ok_or_else(|| ImportError::Report(format!("{name} 中没有找到年度报告的统计表。")))?;
    let header = Header {
        unit: filing.unit.clone(),
        year: filing.year,
        ..Header::default()
    };
    let workbook = published_workbook_bytes(filing.format, &header, &published_cells(&filing))
        .map_err(|e| ImportError::Report(format!("生成工作簿时出错：{e}")))?;
    let findings = crate::check::check(&filing, None);
    Ok(Imported {
        filing,
        title,
        workbook,
        findings,
    })
}

/// The line that says what was imported, as what, and where it was written.
///
/// ```
/// let bytes = std::fs::read("samples/真实报告/前进街道_2020年度报告.txt").unwrap();
/// let imported = xxgk::tasks::import::import("报告.txt", &bytes, None, None).unwrap();
/// let line = xxgk::tasks::import::done_line("报告.txt", &imported.filing, "报告.xlsx");
/// assert!(line.starts_with("已导入 报告.txt（"));
/// ```
pub fn done_line(name: &str, filing: &Filing, out: &str) -> String {
    format!(
        "已导入 {name}（{}，{}，{}），写出 {out}",
        if filing.unit.is_empty() {
            "未知单位"
        } else {
            &filing.unit
        },
        filing
            .year
            .map_or("未知年度".to_string(), |y| format!("{y}年度")),
        filing.format.name
    )
}
