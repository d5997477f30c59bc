//! Writes the consolidated workbook (汇总.xlsx): the official template filled with the totals
//! — so it is itself a valid input to `check` and to a higher-level `merge` — plus three
//! sheets for the coordinator: 报送情况 (every file's fate), 审核结果 (every finding),
//! 分单位明细 (one row per unit, whose 合计 row equals the official tables) and 按表明细 (the
//! same numbers turned for paper: the official rows down the page, the units across).
//!
//! 分单位明细 is hidden: it is two hundred columns wide and printed on seventy pages, but a
//! higher-level merge reads it ([`crate::filing`]), so it stays as it is. 按表明细 is what
//! prints.

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Color, Format as XFormat, FormatAlign, FormatBorder, Formula, Worksheet, XlsxError,
};

use crate::format::findings::Finding;
use crate::format::rules::Severity;
use crate::format::sheets::{
    DETAIL_CODE, DETAIL_ERRORS, DETAIL_PRINT_SHEET, DETAIL_SHEET, DETAIL_TOTAL, DETAIL_UNIT,
    FINDINGS_SHEET, STATUS_SHEET,
};
use crate::merge::{Consolidation, Fate, Member};
use crate::write::template::{Header, Values, workbook};

/// The `.xlsx` bytes of the consolidated workbook.
pub fn workbook_bytes(c: &Consolidation) -> Result<Vec<u8>, XlsxError> {
    workbook_bytes_with_prior(c, None)
}

/// The `.xlsx` bytes of the consolidated workbook, whose chart sheet compares this year with
/// last year's consolidation when it is given.
pub fn workbook_bytes_with_prior(
    c: &Consolidation,
    prior: Option<&crate::filing::Filing>,
) -> Result<Vec<u8>, XlsxError> {
    let header = Header {
        unit: c.unit.clone(),
        year: Some(c.year),
        members: Some(c.unit_count()),
        ..Header::default()
    };
    // Inputs only: the template writes totals as formulas over them.
    let totals = c.format.totals();
    let values: Values = c
        .totals
        .iter()
        .filter(|(code, _)| !totals.is_total(code))
        .map(|(k, v)| (k.clone(), *v))
        .collect();
    let mut book = workbook(c.format, &header, &values)?;
    let styles = Styles::new();
    write_status(book.add_worksheet(), c, &styles)?;
    write_findings(book.add_worksheet(), c, &styles)?;
    // The same in-memory sheets on every front end: a constant-memory sheet (a temporary
    // file, which the browser has not) stores its texts inline rather than in the shared-string
    // table, and so would give other bytes for the same inputs.
    write_details(book.add_worksheet(), c, &styles)?;
    write_printed_details(book.add_worksheet(), c, &styles)?;
    let charts = crate::write::charts::charts(c, prior);
    crate::write::charts::add_chart_sheet(&mut book, &charts)?;
    crate::write::zip_system::save(&mut book)
}

/// Font size of the list sheets; their print scale keeps it at 9 pt or more on paper.
const LIST_PT: f64 = 10.0;
/// Last row of a worksheet (0-based), for a print area of whole columns.
const LAST_ROW: u32 = 1_048_575;

struct Styles {
    title: XFormat,
    section: XFormat,
    /// An official row's heading in 按表明细: unwrapped, so it runs on over the empty cells.
    row_heading: XFormat,
    header: XFormat,
    text: XFormat,
    number: XFormat,
    total: XFormat,
    error: XFormat,
}

impl Styles {
    fn new() -> Styles {
        let base = XFormat::new()
            .set_font_name("宋体")
            .set_font_size(LIST_PT)
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap();
        Styles {
            title: XFormat::new()
                .set_font_name("宋体")
                .set_font_size(14)
                .set_bold(),
            section: XFormat::new()
                .set_font_name("宋体")
                .set_font_size(12)
                .set_bold()
                .set_align(FormatAlign::VerticalCenter),
            row_heading: XFormat::new()
                .set_font_name("宋体")
                .set_font_size(LIST_PT)
                .set_bold()
                .set_align(FormatAlign::VerticalCenter),
            header: base
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_align(FormatAlign::Center),
            text: base.clone(),
            number: base
                .clone()
                .set_num_format("General")
                .set_align(FormatAlign::Right),
            total: base
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(0xE7E6E6))
                .set_num_format("General"),
            error: base.set_font_color(0x9C0006),
        }
    }
}

/// The header row of a list sheet: frozen, repeated on every printed page, and scaled to
/// the page width of its first `printed` columns (the rest are outside the print area).
fn table_header(
    sheet: &mut Worksheet,
    row: u32,
    headers: &[(&str, f64)],
    printed: usize,
    styles: &Styles,
) -> Result<(), XlsxError> {
    for (c, (h, w)) in headers.iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
        sheet.write_with_format(row, c as u16, *h, &styles.header)?;
    }
    sheet.set_freeze_panes(row + 1, 0)?;
    sheet.set_repeat_rows(0, row)?;
    let widths: Vec<f64> = headers[..printed].iter().map(|(_, w)| *w).collect();
    // The rows go on to further pages; only the width decides the scale.
    crate::write::print::setup(sheet, &widths, 0.0, LIST_PT);
    if printed < headers.len() {
        sheet.set_print_area(0, 0, LAST_ROW, printed as u16 - 1)?;
    }
    Ok(())
}

/// The Chinese status of a member for tables: 通过 / 有警告 / 有错误 / 无法读取, plus 名单外.
pub fn member_status(c: &Consolidation, m: &Member) -> String {
    let mut s = m.report.status().label().to_string();
    if c.has_roster && m.filing().is_some() && m.roster_line.is_none() {
        s.push_str("，名单外");
    }
    s
}

/// The status and 说明 of a unit of last year's consolidation that sent nothing this year.
pub const GONE: &str = "上年报送，本年未报送";
pub const GONE_NOTE: &str = "上年汇总表的分单位明细中有这个单位，本年没有收到它的表格";

/// The 说明 of a member: why it is not counted, and how it was matched to the roster.
pub fn member_note(m: &Member) -> String {
    let reason = match &m.fate {
        Fate::Included => None,
        Fate::Excluded(reason) => Some(reason.clone()),
    };
    reason
        .into_iter()
        .chain(m.notes.iter().cloned())
        .collect::<Vec<_>>()
        .join("；")
}

fn write_status(
    sheet: &mut Worksheet,
    c: &Consolidation,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name(STATUS_SHEET)?;
    let flawed = c.flawed_included();
    let note = if flawed.is_empty() {
        String::new()
    } else {
        format!(
            "（注意：计入汇总的 {} 个单位有未改正的错误：{}）",
            flawed.len(),
            flawed.join("、")
        )
    };
    sheet.write_with_format(
        0,
        0,
        format!("{}{}年度 报送情况{note}", c.unit, c.year),
        &styles.title,
    )?;
    let headers = [
        ("序号", 4.0),
        ("单位", 14.0),
        ("状态", 10.0),
        ("计入汇总", 5.0),
        ("说明", 22.0),
        ("格式", 10.0),
        ("报告年度", 5.0),
        ("文件", 22.0),
        ("错误", 4.0),
        ("警告", 4.0),
        ("已说明", 4.0),
    ];
    table_header(sheet, 1, &headers, headers.len(), styles)?;
    let mut row = 2;
    for (i, m) in c.members.iter().enumerate() {
        let filing = m.filing();
        let cells = [
            Out::N(i + 1),
            Out::T(m.unit()),
            Out::T(member_status(c, m)),
            Out::T(if m.included() { "是" } else { "否" }.to_string()),
            Out::T(member_note(m)),
            Out::T(filing.map(|f| f.format.name.clone()).unwrap_or_default()),
            Out::T(
                filing
                    .and_then(|f| f.year)
                    .map(|y| y.to_string())
                    .unwrap_or_default(),
            ),
            Out::T(m.report.path.display().to_string()),
            Out::N(m.report.errors()),
            Out::N(m.report.open_warnings()),
            Out::N(m.report.explained()),
        ];
        write_row(
            sheet,
            row,
            &cells,
            &headers,
            styles,
            (m.report.errors() > 0).then_some(2),
        )?;
        row += 1;
    }
    for missing in &c.missing {
        let cells = [
            Out::T(String::new()),
            Out::T(missing.unit.clone()),
            Out::T("未报送".to_string()),
            Out::T("否".to_string()),
            Out::T(
                std::iter::once(format!("名单第{}行的单位没有报送表格", missing.line))
                    .chain(missing.notes.iter().cloned())
                    .collect::<Vec<_>>()
                    .join("；"),
            ),
        ];
        write_row(sheet, row, &cells, &headers, styles, Some(2))?;
        row += 1;
    }
    for unit in c.last_year.iter().flat_map(|l| l.gone_off_roster(c)) {
        let cells = [
            Out::T(String::new()),
            Out::T(unit.to_string()),
            Out::T(GONE.to_string()),
            Out::T("否".to_string()),
            Out::T(GONE_NOTE.to_string()),
        ];
        write_row(sheet, row, &cells, &headers, styles, Some(2))?;
        row += 1;
    }
    for s in &c.skipped {
        let cells = [
            Out::T(String::new()),
            Out::T(String::new()),
            Out::T("已跳过".to_string()),
            Out::T("否".to_string()),
            Out::T(s.reason.clone()),
            Out::T(String::new()),
            Out::T(String::new()),
            Out::T(s.path.display().to_string()),
        ];
        write_row(sheet, row, &cells, &headers, styles, None)?;
        row += 1;
    }
    Ok(())
}

/// A cell of the extra sheets: text, or a count written as a number.
enum Out {
    T(String),
    N(usize),
}

/// Writes one table row under `headers`; `red` is a column shown in red (the status or the
/// severity). Wrapped text does not grow rows by itself in every program: the row is sized
/// here to its longest text.
fn write_row(
    sheet: &mut Worksheet,
    row: u32,
    cells: &[Out],
    headers: &[(&str, f64)],
    styles: &Styles,
    red: Option<usize>,
) -> Result<(), XlsxError> {
    let height = cells
        .iter()
        .zip(headers)
        .filter_map(|(cell, (_, w))| match cell {
            Out::T(text) => Some(crate::write::template::text_height(text, *w) * 0.9),
            Out::N(_) => None,
        })
        .fold(15.0, f64::max);
    sheet.set_row_height(row, height)?;
    for (col, cell) in cells.iter().enumerate() {
        let col16 = col as u16;
        match cell {
            Out::N(n) => {
                sheet.write_number_with_format(row, col16, *n as f64, &styles.number)?;
            }
            Out::T(text) => {
                let style = if red == Some(col) {
                    &styles.error
                } else {
                    &styles.text
                };
                sheet.write_with_format(row, col16, text, style)?;
            }
        }
    }
    Ok(())
}

/// Every finding of every file, then the consolidation's own.
fn write_findings(
    sheet: &mut Worksheet,
    c: &Consolidation,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name(FINDINGS_SHEET)?;
    sheet.write_with_format(
        0,
        0,
        format!("{}{}年度 审核结果", c.unit, c.year),
        &styles.title,
    )?;
    // The arithmetic, the file and the cell code come last, outside the print area: on paper
    // the unit and the cell name the place, the 说明 quotes the numbers, and all ten columns
    // would print at 5 pt.
    let headers = [
        ("单位", 12.0),
        ("级别", 5.0),
        ("规则", 4.0),
        ("单元格", 10.0),
        ("位置", 22.0),
        ("说明", 30.0),
        ("提示或单位说明", 22.0),
        ("计算", 24.0),
        ("文件", 24.0),
        ("代码", 14.0),
    ];
    table_header(sheet, 1, &headers, 7, styles)?;
    let mut row = 2;
    let all = c
        .members
        .iter()
        .flat_map(|m| {
            m.report
                .findings
                .iter()
                .map(move |f| (m.unit(), m.file_name(), f))
        })
        .chain(
            c.findings
                .iter()
                .map(|f| ("（汇总）".to_string(), String::new(), f)),
        );
    for (unit, file, f) in all {
        let cells = finding_cells(&unit, &file, f).map(Out::T);
        let red = (f.severity == Severity::Error).then_some(1);
        write_row(sheet, row, &cells, &headers, styles, red)?;
        row += 1;
    }
    if row == 2 {
        sheet.write_with_format(2, 0, "全部通过，没有发现问题。", &styles.text)?;
    }
    Ok(())
}

fn finding_cells(unit: &str, file: &str, f: &Finding) -> [String; 10] {
    let severity = match (f.severity, &f.explanation) {
        (Severity::Error, _) => "错误",
        (Severity::Warning, Some(_)) => "已说明",
        (Severity::Warning, None) => "警告",
    };
    let labels = match (f.row_label.is_empty(), f.column_label.is_empty()) {
        (false, false) => format!("{} × {}", f.row_label, f.column_label),
        _ => format!("{}{}", f.row_label, f.column_label),
    };
    let advice = match &f.explanation {
        Some(text) => format!("单位说明：{text}"),
        None => f.hint.clone(),
    };
    [
        unit.to_string(),
        severity.to_string(),
        f.rule.clone(),
        f.place(),
        labels,
        f.message.clone(),
        advice,
        f.arithmetic.clone(),
        file.to_string(),
        f.code.clone(),
    ]
}

/// One row per unit, one column per data cell, headed by labels and codes; the 合计 row sums
/// the units with formulas whose cached results are the consolidated totals.
fn write_details(
    sheet: &mut Worksheet,
    c: &Consolidation,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name(DETAIL_SHEET)?;
    // Rows are written out in order (constant memory): heights first.
    sheet.set_row_height(1, 96)?;
    sheet.write_with_format(
        0,
        0,
        format!(
            "{}{}年度 分单位明细（最后一行合计等于表二至表四）",
            c.unit, c.year
        ),
        &styles.title,
    )?;
    let fixed = [
        ("序号", 6.0),
        ("来源", 24.0),
        (DETAIL_UNIT, 16.0),
        (DETAIL_CODE, 12.0),
        (DETAIL_ERRORS, 8.0),
    ];
    for (col, (h, w)) in fixed.iter().enumerate() {
        sheet.set_column_width(col as u16, *w)?;
        sheet.merge_range(1, col as u16, 2, col as u16, h, &styles.header)?;
    }
    let first = fixed.len() as u16;
    // Row by row: a row cannot be written to once the next one is begun.
    for (i, cell) in c.format.cells().iter().enumerate() {
        let col = first + i as u16;
        let (table, ..) = c.format.parts(cell);
        sheet.set_column_width(col, 12)?;
        sheet.write_with_format(
            1,
            col,
            format!("{}：{}", table.sheet, c.format.cell_label(cell)),
            &styles.header,
        )?;
    }
    for (i, cell) in c.format.cells().iter().enumerate() {
        sheet.write_with_format(2, first + i as u16, &cell.code, &styles.header)?;
    }
    sheet.set_freeze_panes(3, first)?;
    // Hidden sheets do not print; 按表明细 is the printed form of these numbers.
    sheet.set_hidden(true);
    let mut row = 3;
    for (i, d) in c.details.iter().enumerate() {
        sheet.write_number_with_format(row, 0, (i + 1) as f64, &styles.number)?;
        sheet.write_with_format(row, 1, &d.source, &styles.text)?;
        sheet.write_with_format(row, 2, &d.unit, &styles.text)?;
        sheet.write_with_format(row, 3, &d.code, &styles.text)?;
        sheet.write_with_format(row, 4, if d.has_errors { "是" } else { "" }, &styles.error)?;
        // Plain numbers: a format on each of two million cells costs a hash lookup apiece.
        for (j, v) in d.values.iter().enumerate() {
            sheet.write_number(row, first + j as u16, to_f64(*v))?;
        }
        row += 1;
    }
    sheet.merge_range(row, 0, row, first - 1, DETAIL_TOTAL, &styles.total)?;
    for (j, cell) in c.format.cells().iter().enumerate() {
        let col = first + j as u16;
        let total = c.totals.get(&cell.code).copied().unwrap_or_default();
        let formula = if c.details.is_empty() {
            Formula::new("=0").set_result("0")
        } else {
            let range = rust_xlsxwriter::utility::cell_range(3, col, row - 1, col);
            Formula::new(format!("=SUM({range})")).set_result(total.normalize().to_string())
        };
        sheet.write_formula_with_format(row, col, formula, &styles.total)?;
    }
    Ok(())
}

/// The nearest `f64`: exact for whole numbers, and through the decimal text otherwise, so
/// 0.1 is written as Excel would store 0.1.
fn to_f64(v: Decimal) -> f64 {
    if v.scale() == 0
        && let Ok(n) = i64::try_from(v)
        && n.unsigned_abs() < 1 << 53
    {
        return n as f64;
    }
    v.to_string().parse().unwrap_or(0.0)
}

/// Units shown in 按表明细: more would be hundreds of pages across, and the full list is in
/// 分单位明细 anyway.
const PRINTED_UNITS: usize = 500;
/// Widths of 按表明细's columns: 项目, 合计, and each unit.
const PRINTED_WIDTHS: [f64; 2] = [22.0, 8.0];
const PRINTED_UNIT_WIDTH: f64 = 8.0;
/// Height of a row of 10 pt text, in points.
const LIST_ROW: f64 = 12.0;

/// 分单位明细 for paper: the official cells down the page, table by table under a heading
/// (not each on a page of its own: that costs a page per table); the units across, with the
/// labels and 合计 repeated on every page.
/// Each official row has a heading line of its own, so the cells under it are named by their
/// column alone and every line is one line high. Printed at the smallest legible scale, so
/// that as many lines as possible share a page.
fn write_printed_details(
    sheet: &mut Worksheet,
    c: &Consolidation,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name(DETAIL_PRINT_SHEET)?;
    let shown = &c.details[..c.details.len().min(PRINTED_UNITS)];
    let cut = if shown.len() < c.details.len() {
        format!(
            "；只列前 {PRINTED_UNITS} 个单位，全部 {} 个单位见隐藏的“{DETAIL_SHEET}”表",
            c.details.len()
        )
    } else {
        String::new()
    };
    sheet.write_with_format(
        0,
        0,
        format!(
            "{}{}年度 按表明细（{DETAIL_TOTAL}等于统计表{cut}）",
            c.unit, c.year
        ),
        &styles.title,
    )?;
    let mut widths = PRINTED_WIDTHS.to_vec();
    widths.extend(std::iter::repeat_n(PRINTED_UNIT_WIDTH, shown.len()));
    for (col, w) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, *w)?;
    }
    // A unit of a lower-level consolidation is named with its path (大东区 › 前进街道): two
    // districts may each have a 城关街道.
    let names = shown.iter().map(|d| d.source.as_str());
    let header: Vec<&str> = ["项目", DETAIL_TOTAL].into_iter().chain(names).collect();
    let tallest = header
        .iter()
        .map(|h| crate::write::template::text_height(h, PRINTED_UNIT_WIDTH))
        .fold(LIST_ROW, f64::max);
    sheet.set_row_height(1, tallest.min(5.0 * LIST_ROW))?;
    for (col, h) in header.iter().enumerate() {
        sheet.write_with_format(1, col as u16, *h, &styles.header)?;
    }
    sheet.set_freeze_panes(2, 2)?;
    sheet.set_repeat_rows(1, 1)?;
    sheet.set_repeat_columns(0, 1)?;
    let mut row = 2;
    let mut last_row = None;
    for (t, table) in c.format.tables.iter().enumerate() {
        sheet.set_row_height(row, 20)?;
        let heading = format!("{}　{}", table.sheet, table.title);
        sheet.write_with_format(row, 0, heading, &styles.section)?;
        row += 1;
        for (i, cell) in c.format.cells().iter().enumerate() {
            if cell.table != t {
                continue;
            }
            let label = c.format.row_label(cell);
            if !label.is_empty() && last_row != Some((cell.table, cell.block, cell.row)) {
                sheet.set_row_height(row, LIST_ROW)?;
                sheet.write_with_format(row, 0, label, &styles.row_heading)?;
                row += 1;
            }
            last_row = Some((cell.table, cell.block, cell.row));
            sheet.set_row_height(row, LIST_ROW)?;
            let name = column_name(c.format, cell);
            sheet.write_with_format(row, 0, name, &styles.text)?;
            let total = c.totals.get(&cell.code).copied().unwrap_or_default();
            sheet.write_number_with_format(row, 1, to_f64(total), &styles.total)?;
            for (j, d) in shown.iter().enumerate() {
                let v = to_f64(d.values[i]);
                sheet.write_number_with_format(row, 2 + j as u16, v, &styles.number)?;
            }
            row += 1;
        }
    }
    crate::write::print::setup_at(sheet, crate::write::print::legible_scale(LIST_PT));
    Ok(())
}

/// A column's name in 按表明细: the shortest end of its header path that no other column of
/// its block shares (表三's “商业企业”, 表四's “复议后起诉／结果维持”).
fn column_name(format: &crate::format::Format, cell: &crate::format::Cell) -> String {
    let (_, block, _, column) = format.parts(cell);
    let suffix = |path: &[String], k: usize| path[path.len().saturating_sub(k)..].join("／");
    (1..column.path.len())
        .map(|k| suffix(&column.path, k))
        .find(|name| {
            let k = name.split('／').count();
            block
                .columns
                .iter()
                .filter(|other| suffix(&other.path, k) == *name)
                .count()
                == 1
        })
        .unwrap_or_else(|| format.column_label(cell))
}
