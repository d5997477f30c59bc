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
) -> Result<Imported, String> {
    if bytes.starts_with(b"%PDF") {
        return Err(format!(
            "{name} 是 PDF 文件，xxgk 不能直接读取。请先提取文字再导入：pdftotext -layout {name} 报告.txt && xxgk import 报告.txt（pdftotext 在 poppler-utils 中；也可以在 PDF 阅读器中全选、复制，粘贴到记事本另存为 .txt）。"
        ));
    }
    if crate::read::is_workbook(bytes) {
        return Err(format!(
            "{name} 是表格文件（工作簿），不是报告的文字或网页，不需要导入。审核它请用：xxgk check {name}"
        ));
    }
    let imported = crate::read::import::import_bytes(bytes, unit, year)
        .map_err(|e| format!("{name} 无法导入：{e}"))?;
    let title = imported.title.clone();
    let filing = imported
        .into_filing()
        .ok_or_else(|| format!("{name} 中没有找到年度报告的统计表。"))?;
    let header = Header {
        unit: filing.unit.clone(),
        year: filing.year,
        ..Header::default()
    };
    let workbook = published_workbook_bytes(filing.format, &header, &published_cells(&filing))
        .map_err(|e| format!("生成工作簿时出错：{e}"))?;
    let findings = crate::check::check(&filing, None);
    Ok(Imported {
        filing,
        title,
        workbook,
        findings,
    })
}
