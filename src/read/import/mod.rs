//! Reports that arrive as text or web pages rather than workbooks: the seed's one-cell-per-
//! line text, `pdftotext -layout` output, and saved HTML pages. Each becomes Grids, and from
//! there a Filing like any workbook; the text is kept to compare its stated numbers with the
//! tables.

pub mod html;
pub mod text;
pub mod title;

use crate::read::grid::Grid;

/// A report read from text or HTML.
#[derive(Debug)]
pub struct Imported {
    pub grids: Vec<Grid>,
    /// The report's text, for the narrative check.
    pub text: String,
    /// What its title says, and where it was looked for.
    pub title: title::Title,
}

/// Reads a report from text or HTML bytes (UTF-8 or GBK). `unit` and `year` override what the
/// title says.
pub fn import_bytes(
    bytes: &[u8],
    unit: Option<&str>,
    year: Option<u16>,
) -> Result<Imported, text::TextError> {
    let content = crate::read::decode::decode_text(bytes).ok_or_else(|| {
        text::TextError("文本的编码无法识别，请另存为 UTF-8 编码后重试。".to_string())
    })?;
    let html = content.to_lowercase().contains("<table");
    let (mut grids, plain) = if html {
        html::parse(&content)
    } else {
        (Vec::new(), content)
    };
    // The title gives the unit and year unless the user said otherwise.
    let title = title::read_title(&plain);
    let unit = unit
        .map(str::to_string)
        .or_else(|| title.unit.clone())
        .unwrap_or_default();
    let year = year.or(title.year);
    if html {
        grids.push(text::cover_grid(&unit, year));
    } else {
        grids = text::parse(&plain, &unit, year)?;
    }
    Ok(Imported {
        grids,
        text: plain,
        title,
    })
}
