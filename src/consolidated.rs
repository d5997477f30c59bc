//! Writes the consolidated workbook (汇总.xlsx): the official template filled with the totals
//! — so it is itself a valid input to `check` and to a higher-level `merge` — plus three
//! sheets for the coordinator: 报送情况 (every file's fate), 审核结果 (every finding) and
//! 分单位明细 (one row per unit, whose 合计 row equals the official tables).

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Color, Format as XFormat, FormatAlign, FormatBorder, Formula, Worksheet, XlsxError,
};

use crate::findings::Finding;
use crate::merge::{Consolidation, Fate, Member};
use crate::rules::Severity;
use crate::sheets::{
    DETAIL_CODE, DETAIL_ERRORS, DETAIL_SHEET, DETAIL_TOTAL, DETAIL_UNIT, FINDINGS_SHEET,
    STATUS_SHEET,
};
use crate::template::{Header, Values, workbook};

/// The `.xlsx` bytes of the consolidated workbook.
pub fn workbook_bytes(c: &Consolidation) -> Result<Vec<u8>, XlsxError> {
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
    // Two million cells for ten thousand units: written row by row to a temporary file
    // rather than held in memory.
    write_details(book.add_worksheet_with_constant_memory()?, c, &styles)?;
    book.save_to_buffer()
}

struct Styles {
    title: XFormat,
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
            .set_font_size(10)
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap();
        Styles {
            title: XFormat::new()
                .set_font_name("宋体")
                .set_font_size(14)
                .set_bold(),
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

/// The header row of a list sheet: frozen, repeated on every printed page, fitted to A4.
fn table_header(
    sheet: &mut Worksheet,
    row: u32,
    headers: &[(&str, f64)],
    styles: &Styles,
) -> Result<(), XlsxError> {
    for (c, (h, w)) in headers.iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
        sheet.write_with_format(row, c as u16, *h, &styles.header)?;
    }
    sheet.set_freeze_panes(row + 1, 0)?;
    sheet.set_repeat_rows(0, row)?;
    crate::template::print_setup(sheet);
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
        ("序号", 6.0),
        ("单位", 18.0),
        ("状态", 14.0),
        ("计入汇总", 9.0),
        ("说明", 36.0),
        ("格式", 14.0),
        ("报告年度", 9.0),
        ("文件", 36.0),
        ("错误", 6.0),
        ("警告", 6.0),
        ("已说明", 7.0),
    ];
    table_header(sheet, 1, &headers, styles)?;
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
        write_row(sheet, row, &cells, styles, m.report.errors() > 0)?;
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
        write_row(sheet, row, &cells, styles, true)?;
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
        write_row(sheet, row, &cells, styles, true)?;
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
        write_row(sheet, row, &cells, styles, false)?;
        row += 1;
    }
    Ok(())
}

/// A cell of the extra sheets: text, or a count written as a number.
enum Out {
    T(String),
    N(usize),
}

/// Writes one table row; `bad` shows the status column (col 2) in red.
fn write_row(
    sheet: &mut Worksheet,
    row: u32,
    cells: &[Out],
    styles: &Styles,
    bad: bool,
) -> Result<(), XlsxError> {
    for (col, cell) in cells.iter().enumerate() {
        let col16 = col as u16;
        match cell {
            Out::N(n) => {
                sheet.write_number_with_format(row, col16, *n as f64, &styles.number)?;
            }
            Out::T(text) => {
                let style = if bad && col == 2 {
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
    let headers = [
        ("单位", 16.0),
        ("文件", 24.0),
        ("级别", 7.0),
        ("规则", 6.0),
        ("单元格", 12.0),
        ("代码", 12.0),
        ("位置", 30.0),
        ("说明", 44.0),
        ("计算", 36.0),
        ("提示或单位说明", 36.0),
    ];
    table_header(sheet, 1, &headers, styles)?;
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
        let texts = finding_cells(&unit, &file, f);
        // Wrapped text does not grow rows by itself in every program: size them here.
        let height = texts
            .iter()
            .zip(headers.iter())
            .map(|(t, (_, w))| crate::template::text_height(t, *w) * 0.9)
            .fold(15.0, f64::max);
        sheet.set_row_height(row, height)?;
        let cells = texts.map(Out::T);
        write_row(sheet, row, &cells, styles, f.severity == Severity::Error)?;
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
        file.to_string(),
        severity.to_string(),
        f.rule.clone(),
        f.place(),
        f.code.clone(),
        labels,
        f.message.clone(),
        f.arithmetic.clone(),
        advice,
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
    sheet.set_repeat_rows(1, 2)?;
    sheet.set_repeat_columns(0, first - 1)?;
    sheet.set_landscape();
    sheet.set_paper_size(9);
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
