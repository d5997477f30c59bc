//! The report as a Word document (汇总报告.docx, `xxgk report -o X.docx`), in the manner of
//! GB/T 9704 official documents: A4, margins 37/35/28/26 mm, the title in 小标宋 二号, body
//! text in 仿宋 三号 on a 28 pt line, headings in 黑体 and 楷体, page numbers “— 1 —” at the foot.
//!
//! The published report comes first — its title, the six parts with the generated sentences,
//! the placeholders the body fills in, and the official tables with their merged headers — so
//! it can be edited and published as it is. What the tool found (报送情况, findings by unit,
//! 同比) follows as an 附件 after a page break.
//!
//! Fonts are named as Word and WPS on Chinese Windows know them (`仿宋`, `黑体`, `楷体`,
//! `宋体`, `方正小标宋简体`); the font table lists the older names (`仿宋_GB2312`,
//! `楷体_GB2312`) and 宋体 as alternates, so a machine without one still finds another. That
//! table is the one part written as raw OOXML: docx-rs writes a fixed font table without
//! alternate names ([`font_table`]).
//!
//! ```
//! use xxgk::write::document::Document;
//! let bytes = xxgk::write::docx::docx_bytes(&Document::new("测试")).unwrap();
//! assert_eq!(&bytes[..2], b"PK");
//! ```

use std::io::{Cursor, Read, Write};

use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, LineSpacing, LineSpacingType, PageMargin, PageNum,
    Paragraph, Run, RunFonts, SpecialIndentType, Table, TableCell, TableCellMargins,
    TableLayoutType, TableRow, VAlignType, VMergeType, WidthType,
};

use crate::write::document::{Block, Document, Draft, Grid, Item, Span};
use crate::write::official;

/// 方正小标宋简体, the title font of official documents; 宋体 where it is not installed.
pub const TITLE_FONT: &str = "方正小标宋简体";
/// 仿宋 (Windows Vista and later; 仿宋_GB2312 on older systems).
pub const BODY_FONT: &str = "仿宋";
/// 黑体: first-level headings.
pub const HEADING_FONT: &str = "黑体";
/// 楷体: second-level headings.
pub const SUBHEADING_FONT: &str = "楷体";
/// 宋体: tables and page numbers.
pub const TABLE_FONT: &str = "宋体";
/// Latin letters and digits.
const LATIN_FONT: &str = "Times New Roman";

/// Sizes in half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 小五 9 pt.
const ERHAO: usize = 44;
const SANHAO: usize = 32;
const SIHAO: usize = 28;
const XIAOWU: usize = 18;
/// A 28 pt line, as in GB/T 9704 (22 lines a page).
const LINE: i32 = 560;
/// Two characters of 三号: the first-line indent of body text.
const INDENT: i32 = 640;
/// A4 and its text width, in twentieths of a point.
const PAGE: (u32, u32) = (11906, 16838);
const TEXT_WIDTH: usize = 11906 - 1587 - 1474;

/// The report as `.docx` bytes. The same document gives the same bytes.
pub fn docx_bytes(doc: &Document) -> Result<Vec<u8>, String> {
    let mut docx = base();
    let appendix = !doc.blocks.is_empty();
    match &doc.draft {
        Some(draft) => {
            docx = add_draft(docx, draft);
            if appendix {
                docx = docx.add_paragraph(page_break());
                docx =
                    docx.add_paragraph(Paragraph::new().add_run(run("附件", HEADING_FONT, SANHAO)));
                docx = docx.add_paragraph(title(&doc.title));
            }
        }
        None => docx = docx.add_paragraph(title(&doc.title)),
    }
    for block in &doc.blocks {
        docx = add_block(docx, block);
    }
    pack(docx)
}

/// A page break, as its own empty paragraph.
fn page_break() -> Paragraph {
    Paragraph::new().add_run(Run::new().add_break(BreakType::Page))
}

/// An A4 document with GB/T 9704 margins, 仿宋 三号 as the default and page numbers.
pub fn base() -> Docx {
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(run("— ", TABLE_FONT, SIHAO))
            .add_page_num(PageNum::new())
            .add_run(run(" —", TABLE_FONT, SIHAO))
            .size(SIHAO)
            .fonts(fonts(TABLE_FONT)),
    );
    Docx::new()
        .page_size(PAGE.0, PAGE.1)
        .page_margin(PageMargin {
            top: 2098,
            left: 1587,
            bottom: 1984,
            right: 1474,
            header: 851,
            footer: 992,
            gutter: 0,
        })
        .default_fonts(fonts(BODY_FONT))
        .default_size(SANHAO)
        .footer(footer)
        .created_at("2019-11-23T00:00:00Z")
        .updated_at("2019-11-23T00:00:00Z")
}

/// Packs a document, with the font table that names alternates.
pub fn pack(docx: Docx) -> Result<Vec<u8>, String> {
    let mut cursor = Cursor::new(Vec::new());
    docx.build()
        .pack(&mut cursor)
        .map_err(|e| format!("生成 Word 文件时出错：{e}"))?;
    with_font_table(&cursor.into_inner()).map_err(|e| format!("生成 Word 文件时出错：{e}"))
}

fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(east_asia)
        .ascii(LATIN_FONT)
        .hi_ansi(LATIN_FONT)
        .hint("eastAsia")
}

/// A run of text in a font and size.
pub fn run(text: &str, font: &str, size: usize) -> Run {
    Run::new().add_text(text).fonts(fonts(font)).size(size)
}

fn line() -> LineSpacing {
    LineSpacing::new()
        .line(LINE)
        .line_rule(LineSpacingType::Exact)
}

/// The title: 小标宋 二号, centred, a blank line below.
pub fn title(text: &str) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Center)
        .line_spacing(
            LineSpacing::new()
                .line(700)
                .line_rule(LineSpacingType::Exact)
                .after(LINE as u32),
        )
        .add_run(run(text, TITLE_FONT, ERHAO))
}

/// A first-level heading: 黑体 三号, indented two characters.
pub fn heading(text: &str) -> Paragraph {
    body_paragraph()
        .keep_next(true)
        .add_run(run(text, HEADING_FONT, SANHAO))
}

/// A second-level heading: 楷体 三号.
pub fn subheading(text: &str) -> Paragraph {
    body_paragraph()
        .keep_next(true)
        .add_run(run(text, SUBHEADING_FONT, SANHAO))
}

/// An empty body paragraph: 28 pt lines, the first indented two characters, justified.
pub fn body_paragraph() -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Both)
        .line_spacing(line())
        .indent(None, Some(SpecialIndentType::FirstLine(INDENT)), None, None)
}

/// A body paragraph of plain text: 仿宋 三号.
pub fn body(text: &str) -> Paragraph {
    body_paragraph().add_run(run(text, BODY_FONT, SANHAO))
}

fn add_draft(mut docx: Docx, draft: &Draft) -> Docx {
    docx = docx.add_paragraph(title(&draft.title));
    for note in &draft.notes {
        let mut p = body_paragraph();
        for span in note {
            p = p.add_run(run(span.text(), BODY_FONT, SANHAO).bold().color("C00000"));
        }
        docx = docx.add_paragraph(p);
    }
    for section in &draft.sections {
        docx = docx.add_paragraph(heading(&section.title));
        if !section.sentences.is_empty() {
            docx = docx.add_paragraph(body(&section.sentences.concat()));
        }
        if let Some(text) = &section.placeholder {
            docx = docx.add_paragraph(
                body_paragraph().add_run(run(text, BODY_FONT, SANHAO).highlight("yellow")),
            );
        }
        if let Some(t) = section.table {
            for grid in official::grids(draft.format, t, &|code| draft.value(code)) {
                docx = docx.add_table(official_table(&grid));
                docx = docx.add_paragraph(spacer());
            }
        }
    }
    docx
}

/// A small gap after a table.
fn spacer() -> Paragraph {
    Paragraph::new()
        .line_spacing(
            LineSpacing::new()
                .line(240)
                .line_rule(LineSpacingType::Exact),
        )
        .add_run(run("", TABLE_FONT, XIAOWU))
}

/// Text of a table cell: 宋体 小五, centred (row labels left), single-spaced.
fn cell_paragraph(text: &str, align: AlignmentType, bold: bool) -> Paragraph {
    let mut r = run(text, TABLE_FONT, XIAOWU);
    if bold {
        r = r.bold();
    }
    Paragraph::new()
        .align(align)
        .line_spacing(
            LineSpacing::new()
                .line(240)
                .line_rule(LineSpacingType::Auto),
        )
        .add_run(r)
}

/// Column widths that fill the text width in proportion to `weights`.
fn widths(weights: &[f64]) -> Vec<usize> {
    let total: f64 = weights.iter().sum::<f64>().max(1.0);
    let mut w: Vec<usize> = weights
        .iter()
        .map(|x| (x / total * TEXT_WIDTH as f64).floor() as usize)
        .collect();
    let used: usize = w.iter().sum();
    if let Some(last) = w.last_mut() {
        *last += TEXT_WIDTH.saturating_sub(used);
    }
    w
}

fn table(rows: Vec<TableRow>, grid: Vec<usize>) -> Table {
    Table::new(rows)
        .set_grid(grid)
        .width(TEXT_WIDTH, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .margins(TableCellMargins::new().margin(0, 57, 0, 57))
}

/// An official table block: merged headers across and down, merged row labels, as laid out.
pub fn official_table(grid: &official::Grid) -> Table {
    let w = widths(&grid.weights());
    let span_width = |col: u16, cols: u16| -> usize {
        w[usize::from(col)..usize::from(col + cols)].iter().sum()
    };
    let mut rows = Vec::new();
    for r in 0..grid.height {
        let mut cells = Vec::new();
        let mut c = 0u16;
        while c < grid.width {
            if let Some(cell) = grid.at(r, c) {
                let align = match cell.role {
                    Some(crate::format::layout::Role::RowLabel) if cell.rows == 1 => {
                        AlignmentType::Left
                    }
                    _ => AlignmentType::Center,
                };
                let header = matches!(
                    cell.role,
                    Some(
                        crate::format::layout::Role::ColumnHeader
                            | crate::format::layout::Role::Caption
                    )
                );
                let mut tc = TableCell::new()
                    .add_paragraph(cell_paragraph(&cell.text, align, header))
                    .vertical_align(VAlignType::Center)
                    .width(span_width(c, cell.cols), WidthType::Dxa);
                if cell.cols > 1 {
                    tc = tc.grid_span(usize::from(cell.cols));
                }
                if cell.rows > 1 {
                    tc = tc.vertical_merge(VMergeType::Restart);
                }
                cells.push(tc);
                c += cell.cols;
            } else if let Some(cell) = grid.continued(r, c) {
                let mut tc = TableCell::new()
                    .add_paragraph(cell_paragraph("", AlignmentType::Center, false))
                    .vertical_merge(VMergeType::Continue)
                    .width(span_width(c, cell.cols), WidthType::Dxa);
                if cell.cols > 1 {
                    tc = tc.grid_span(usize::from(cell.cols));
                }
                cells.push(tc);
                c += cell.cols;
            } else {
                cells.push(
                    TableCell::new()
                        .add_paragraph(cell_paragraph("", AlignmentType::Center, false))
                        .width(w[usize::from(c)], WidthType::Dxa),
                );
                c += 1;
            }
        }
        rows.push(TableRow::new(cells).cant_split());
    }
    table(rows, w)
}

/// A table of the tool's own: a bold header row, numbers centred.
fn grid_table(grid: &Grid) -> Table {
    let weights: Vec<f64> = (0..grid.headers.len())
        .map(|c| {
            let longest = grid
                .rows
                .iter()
                .filter_map(|r| r.get(c))
                .chain(std::iter::once(&grid.headers[c]))
                .map(|s| unicode_width::UnicodeWidthStr::width(s.as_str()))
                .max()
                .unwrap_or(0);
            (longest as f64).clamp(4.0, 30.0)
        })
        .collect();
    let w = widths(&weights);
    let row = |cells: &[String], header: bool| {
        TableRow::new(
            (0..grid.headers.len())
                .map(|c| {
                    let text = cells.get(c).map_or("", String::as_str);
                    let align = if header || grid.right.get(c).copied().unwrap_or(false) {
                        AlignmentType::Center
                    } else {
                        AlignmentType::Left
                    };
                    TableCell::new()
                        .add_paragraph(cell_paragraph(text, align, header))
                        .vertical_align(VAlignType::Center)
                        .width(w[c], WidthType::Dxa)
                })
                .collect(),
        )
        .cant_split()
    };
    let mut rows = vec![row(&grid.headers, true)];
    rows.extend(grid.rows.iter().map(|r| row(r, false)));
    table(rows, w)
}

/// Spans as runs of 仿宋 at `size`: bold stays bold, code is set in 宋体.
fn spans_runs(mut p: Paragraph, spans: &[Span], size: usize) -> Paragraph {
    for span in spans {
        p = p.add_run(match span {
            Span::Text(t) | Span::Raw(t) => run(t, BODY_FONT, size),
            Span::Bold(t) => run(t, BODY_FONT, size).bold(),
            Span::Code(t) => run(t, TABLE_FONT, size),
        });
    }
    p
}

fn list_item(item: &Item) -> Vec<Paragraph> {
    let size = SIHAO;
    let para = |indent: i32| {
        Paragraph::new()
            .align(AlignmentType::Left)
            .line_spacing(
                LineSpacing::new()
                    .line(400)
                    .line_rule(LineSpacingType::Exact),
            )
            .indent(
                Some(indent),
                Some(SpecialIndentType::Hanging(280)),
                None,
                None,
            )
    };
    let mut out = vec![spans_runs(
        para(560).add_run(run("· ", BODY_FONT, size)),
        &item.spans,
        size,
    )];
    for sub in &item.subs {
        out.push(spans_runs(para(1120), sub, size));
    }
    out
}

fn add_block(mut docx: Docx, block: &Block) -> Docx {
    match block {
        Block::Heading(2, text) => docx.add_paragraph(heading(text)),
        Block::Heading(_, text) => docx.add_paragraph(subheading(text)),
        // Left-aligned: file names and paths do not break, and justifying them spreads the
        // rest of the line thin.
        Block::Para(spans) => docx.add_paragraph(spans_runs(
            body_paragraph().align(AlignmentType::Left),
            spans,
            SANHAO,
        )),
        Block::Note(spans) => docx.add_paragraph(spans_runs(
            body_paragraph().align(AlignmentType::Left),
            spans,
            SANHAO,
        )),
        Block::List(items) => {
            for p in items.iter().flat_map(list_item) {
                docx = docx.add_paragraph(p);
            }
            docx
        }
        Block::Grid(grid) => docx.add_table(grid_table(grid)).add_paragraph(spacer()),
        Block::Chart(_) => docx,
    }
}

/// The font table, with the alternate names Word and WPS use to find a replacement.
fn font_table() -> String {
    let font = |name: &str, alt: &str, family: &str| {
        let alt = if alt.is_empty() {
            String::new()
        } else {
            format!(r#"<w:altName w:val="{alt}"/>"#)
        };
        format!(
            r#"<w:font w:name="{name}">{alt}<w:charset w:val="86"/><w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>"#
        )
    };
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    );
    for (name, alt, family) in [
        (TITLE_FONT, "宋体", "script"),
        (BODY_FONT, "仿宋_GB2312", "modern"),
        (HEADING_FONT, "SimHei", "modern"),
        (SUBHEADING_FONT, "楷体_GB2312", "modern"),
        (TABLE_FONT, "SimSun", "auto"),
    ] {
        xml.push_str(&font(name, alt, family));
    }
    xml.push_str(
        r#"<w:font w:name="Times New Roman"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>"#,
    );
    xml
}

/// Rewrites the package with [`font_table`] in place of docx-rs's, entry by entry in the same
/// order, with fixed times, so the bytes stay the same from run to run.
fn with_font_table(bytes: &[u8]) -> Result<Vec<u8>, zip::result::ZipError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .system(crate::write::zip_system::SYSTEM);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        let name = entry.name()?.to_string();
        if entry.is_dir() {
            continue;
        }
        let mut data = Vec::new();
        entry.read_to_end(&mut data)?;
        if name == "word/fontTable.xml" {
            data = font_table().into_bytes();
        }
        out.start_file(name, options)?;
        out.write_all(&data)?;
    }
    Ok(out.finish()?.into_inner())
}
