//! Notices back to units after a merge (`merge --notices`): for each unit whose file has
//! errors or unexplained warnings, a Word 审核意见 that says in plain words what is wrong
//! where and what to do, and a 标注 workbook — the unit's own figures in a fresh official
//! template, the cells with findings filled red with the message as a note — to fix and send
//! back. And the 催报名单 of the units that have not reported or whose file could not be
//! read, with the roster's 联系人 and 联系电话.
//!
//! The 标注 workbook holds what the unit wrote, as written: text stays text (a `１２` or a
//! number stored as text keeps its warning), a wrong total stays wrong, explanations go back
//! into 情况说明. So `check` on it finds what it found on the unit's file, apart from L rules
//! (the fresh template has the official labels and layout).
//!
//! ```
//! assert_eq!(xxgk::write::notices::deadline_text(Some("2026-01-31")).unwrap(), "2026年1月31日");
//! assert!(xxgk::write::notices::deadline_text(Some("1月31日")).is_err());
//! ```

use rust_decimal::Decimal;
use rust_xlsxwriter::{Color, Format as XFormat, FormatBorder, Note, Workbook, XlsxError};

use crate::format::findings::Finding;
use crate::format::rules::Severity;
use crate::format::sheets::EXPLANATIONS;
use crate::merge::{Consolidation, Member};
use crate::write::docx::{BODY_FONT, base, body, body_paragraph, heading, pack, run, title};
use crate::write::template::{Given, Header, Published, TABLE_TOP, published_workbook};

/// The folder under the merge's output folder.
pub const FOLDER: &str = "退回";
/// File name of the 催报名单 workbook in [`FOLDER`].
pub const REMINDERS: &str = "催报名单.xlsx";
/// Fill of a cell with an error, and with a warning.
const ERROR_FILL: u32 = 0xFFC7CE;
const WARNING_FILL: u32 = 0xFFEB9C;

/// Whether a unit gets a notice: its file was read and has errors or unexplained warnings.
pub fn needs_notice(m: &Member) -> bool {
    m.filing().is_some() && (m.report.errors() > 0 || m.report.open_warnings() > 0)
}

/// `2026-01-31` as `2026年1月31日`; anything else is refused with the form to use.
pub fn deadline_text(given: Option<&str>) -> Result<String, String> {
    let Some(given) = given else {
        return Ok(String::new());
    };
    let parts: Vec<&str> = given.trim().split(['-', '/', '.']).collect();
    let parsed = match parts.as_slice() {
        [y, m, d] => match (y.parse::<u16>(), m.parse::<u8>(), d.parse::<u8>()) {
            (Ok(y), Ok(m), Ok(d))
                if (2000..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d) =>
            {
                Some(format!("{y}年{m}月{d}日"))
            }
            _ => None,
        },
        _ => None,
    };
    parsed.ok_or_else(|| {
        format!("重新报送的截止日期“{given}”看不懂，请写成 年-月-日，例如 --deadline 2026-01-31。")
    })
}

/// The file names of a unit's notice and marked workbook: `<单位名称>_审核意见.docx`,
/// `<单位名称>_标注.xlsx`, safe on every system.
pub fn file_names(m: &Member) -> (String, String) {
    let unit =
        crate::write::file_names::safe_file_stem(&m.unit()).unwrap_or_else(|_| "单位".to_string());
    (format!("{unit}_审核意见.docx"), format!("{unit}_标注.xlsx"))
}

/// One finding in plain words: where, what is wrong, what to do.
fn finding_lines(i: usize, f: &Finding) -> Vec<String> {
    let what = match (f.severity, &f.explanation) {
        (Severity::Error, _) => "错误",
        _ => "警告",
    };
    let mut place = f.place();
    let labels = match (f.row_label.is_empty(), f.column_label.is_empty()) {
        (false, false) => format!("{}（{}）", f.row_label, f.column_label),
        _ => format!("{}{}", f.row_label, f.column_label),
    };
    if !labels.is_empty() {
        place = if place.is_empty() {
            labels
        } else {
            format!("{place}　{labels}")
        };
    }
    if place.is_empty() {
        place = "整个文件".to_string();
    }
    let todo = if !f.hint.is_empty() {
        f.hint.clone()
    } else if f.severity == Severity::Error {
        "请在表中改正。".to_string()
    } else {
        "请核实；数字无误的，请在“情况说明”表中写明原因。".to_string()
    };
    vec![
        format!("{i}. 〔{what}〕位置：{place}"),
        format!("问题：{}", f.message),
        format!("修改：{todo}"),
    ]
}

/// The findings a notice lists: errors and unexplained warnings.
fn open_findings(m: &Member) -> Vec<&Finding> {
    let mut list: Vec<&Finding> = m
        .report
        .findings
        .iter()
        .filter(|f| f.is_open_error() || f.is_open_warning())
        .collect();
    // Errors first: they must be corrected; warnings may be explained.
    list.sort_by_key(|f| f.severity != Severity::Error);
    list
}

/// `<单位名称>_审核意见.docx`: who, which file, each finding, the date to resend by, and who
/// sends it (`from`, the merge's unit).
pub fn notice_docx(m: &Member, year: u16, from: &str, deadline: &str) -> Result<Vec<u8>, String> {
    let (_, marked) = file_names(m);
    let unit = m.unit();
    let mut docx = base().add_paragraph(title(&format!(
        "关于{unit}{year}年度政府信息公开工作年度报告统计表的审核意见"
    )));
    docx = docx.add_paragraph(
        crate::write::docx::body_paragraph()
            .indent(None, None, None, None)
            .add_run(run(&format!("{unit}："), BODY_FONT, 32)),
    );
    let findings = open_findings(m);
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    let when = if deadline.is_empty() {
        "请尽快".to_string()
    } else {
        format!("请于{deadline}前")
    };
    docx = docx.add_paragraph(body(&format!(
        "你单位报送的{year}年度政府信息公开工作年度报告统计表（文件：{}）已收到。经审核，发现错误{errors}处、未说明的警告{warnings}处，具体如下。{when}在随附的《{marked}》中改正（有问题的单元格已标红或标黄，并附批注），确有原因的警告在“情况说明”表中写明，重新报送。",
        m.file_name()
    )));
    docx = docx.add_paragraph(heading("审核发现的问题"));
    for (i, f) in findings.iter().enumerate() {
        for (k, line) in finding_lines(i + 1, f).into_iter().enumerate() {
            let p = if k == 0 {
                body_paragraph().add_run(run(&line, BODY_FONT, 32).bold())
            } else {
                body(&line)
            };
            docx = docx.add_paragraph(p);
        }
    }
    docx = docx.add_paragraph(body(""));
    docx = docx.add_paragraph(
        crate::write::docx::body_paragraph()
            .align(docx_rs::AlignmentType::Right)
            .add_run(run(from, BODY_FONT, 32)),
    );
    pack(docx)
}

/// `<单位名称>_标注.xlsx`: the unit's figures, as written, in a fresh official template; each
/// cell with a finding filled and noted; explanations back in 情况说明.
pub fn marked_workbook(m: &Member) -> Result<Vec<u8>, XlsxError> {
    let Some(s) = m.filing() else {
        return Err(XlsxError::ParameterError("文件无法读取".to_string()));
    };
    let format = s.format;
    let as_text: Vec<&str> = m
        .report
        .findings
        .iter()
        .filter(|f| matches!(f.rule.as_str(), "V2" | "V3" | "V4" | "V5" | "V6"))
        .map(|f| f.code.as_str())
        .collect();
    // A total is the template's formula unless the unit's own total has a finding (a wrong
    // total typed over the formula stays wrong, for the unit to see and correct).
    let with_finding: Vec<&str> = m.report.findings.iter().map(|f| f.code.as_str()).collect();
    let mut cells = Published::new();
    for (i, cell) in format.cells().iter().enumerate() {
        let Some(text) = s.text(i) else { continue };
        if text.trim().is_empty() {
            continue;
        }
        if format.totals().is_total(&cell.code) && !with_finding.contains(&cell.code.as_str()) {
            continue;
        }
        let given = match text.parse::<Decimal>() {
            Ok(n) if !as_text.contains(&cell.code.as_str()) => Given::Number(n),
            _ => Given::Text(text.to_string()),
        };
        cells.insert(cell.code.clone(), given);
    }
    let header = Header {
        unit: s.unit.clone(),
        unit_code: s.unit_code.clone(),
        year: s.year,
        date: s.filed.clone().unwrap_or_default(),
        ..Header::default()
    };
    let mut book = published_workbook(format, &header, &cells)?;
    mark(&mut book, m)?;
    explain(&mut book, m)?;
    crate::write::zip_system::save(&mut book)
}

/// Fills each cell with a finding and notes the messages on it.
fn mark(book: &mut Workbook, m: &Member) -> Result<(), XlsxError> {
    let Some(s) = m.filing() else { return Ok(()) };
    let format = s.format;
    let mut notes: std::collections::BTreeMap<(usize, u32, u16), (bool, Vec<String>)> =
        Default::default();
    for f in open_findings(m) {
        let Some(cell) = format.cell(&f.code) else {
            continue;
        };
        let Some(pos) = format.layouts()[cell.table].position(&f.code) else {
            continue;
        };
        let entry = notes
            .entry((cell.table, TABLE_TOP + pos.row, pos.col))
            .or_default();
        entry.0 |= f.severity == Severity::Error;
        let todo = if f.hint.is_empty() {
            String::new()
        } else {
            format!("\n{}", f.hint)
        };
        entry.1.push(format!("{}：{}{todo}", f.rule, f.message));
    }
    for ((table, row, col), (error, messages)) in notes {
        let sheet = book.worksheet_from_name(&format.tables[table].sheet)?;
        let fill = if error { ERROR_FILL } else { WARNING_FILL };
        let highlight = XFormat::new()
            .set_background_color(Color::RGB(fill))
            .set_border(FormatBorder::Medium)
            .set_border_color(Color::RGB(0xC00000));
        // A conditional format that always holds: the fill shows in Excel, WPS and
        // LibreOffice without rewriting the cell, whose value and style stay the unit's.
        let rule = rust_xlsxwriter::ConditionalFormatFormula::new()
            .set_rule("=TRUE")
            .set_format(highlight);
        sheet.add_conditional_format(row, col, row, col, &rule)?;
        let note = Note::new(messages.join("\n\n"))
            .set_author("审核意见")
            .set_width(320)
            .set_height(160);
        sheet.insert_note(row, col, &note)?;
    }
    Ok(())
}

/// Writes the unit's explanations of warnings into 情况说明, so they still count.
fn explain(book: &mut Workbook, m: &Member) -> Result<(), XlsxError> {
    let sheet = book.worksheet_from_name(EXPLANATIONS)?;
    let explained = m
        .report
        .findings
        .iter()
        .filter_map(|f| f.explanation.as_ref().map(|e| (f, e)));
    let mut seen = std::collections::BTreeSet::new();
    let mut row = 3u32;
    for (f, text) in explained {
        let place = if f.code.is_empty() {
            f.place()
        } else {
            f.code.clone()
        };
        if !seen.insert((f.rule.clone(), place.clone())) {
            continue;
        }
        sheet.write_string(row, 1, &f.rule)?;
        sheet.write_string(row, 2, &place)?;
        sheet.write_string(row, 3, text)?;
        row += 1;
    }
    Ok(())
}

/// Every file of 退回/, by name: each unit's 审核意见.docx and 标注.xlsx, and 催报名单.xlsx.
/// Two units whose names make the same file name get their position in the input list
/// added, so neither notice replaces the other.
///
/// The marked workbooks need each unit's texts: the merge must keep them
/// ([`crate::check::summary::Keep::Texts`]).
pub fn files(c: &Consolidation, deadline: &str) -> Result<Vec<(String, Vec<u8>)>, String> {
    let from = if c.unit.is_empty() {
        "汇总单位"
    } else {
        &c.unit
    };
    let mut out = Vec::new();
    let mut used = std::collections::BTreeSet::new();
    for (i, m) in c
        .members
        .iter()
        .enumerate()
        .filter(|(_, m)| needs_notice(m))
    {
        let (mut word, mut marked) = file_names(m);
        if !used.insert(word.clone()) {
            word = word.replace("_审核意见", &format!("_{}_审核意见", i + 1));
            marked = marked.replace("_标注", &format!("_{}_标注", i + 1));
            used.insert(word.clone());
        }
        out.push((word, notice_docx(m, c.year, from, deadline)?));
        let bytes =
            marked_workbook(m).map_err(|e| format!("生成 {} 的标注表格时出错：{e}", m.unit()))?;
        out.push((marked, bytes));
    }
    let title = format!("{from}{}年度政府信息公开工作年度报告催报名单", c.year);
    let bytes = reminders_workbook(&reminders(c), &title)
        .map_err(|e| format!("生成催报名单时出错：{e}"))?;
    out.push((REMINDERS.to_string(), bytes));
    Ok(out)
}

/// A unit to remind: not reported, or its file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    pub unit: String,
    pub reason: String,
    pub contact: String,
    pub phone: String,
}

/// The 催报名单: the roster's units that sent nothing, then the files that could not be read,
/// with 联系人 and 联系电话 from the roster where the unit is on it.
pub fn reminders(c: &Consolidation) -> Vec<Reminder> {
    let contact = |line: Option<usize>, name: &str| {
        c.roster
            .iter()
            .find(|u| Some(u.line) == line)
            .or_else(|| {
                let n = crate::format::labels::normalize(name);
                c.roster
                    .iter()
                    .find(|u| crate::format::labels::normalize(&u.name) == n)
            })
            .map(|u| (u.contact.clone(), u.phone.clone()))
            .unwrap_or_default()
    };
    let mut out: Vec<Reminder> = c
        .missing
        .iter()
        .map(|missing| {
            let (contact, phone) = contact(Some(missing.line), &missing.unit);
            Reminder {
                unit: missing.unit.clone(),
                reason: "未报送".to_string(),
                contact,
                phone,
            }
        })
        .collect();
    for m in c.members.iter().filter(|m| m.filing().is_none()) {
        let (contact, phone) = contact(m.roster_line, &m.unit());
        let why = m
            .report
            .findings
            .first()
            .map_or(String::new(), |f| f.message.clone());
        out.push(Reminder {
            unit: m.unit(),
            reason: format!("文件无法读取（{}）：{why}", m.file_name()),
            contact,
            phone,
        });
    }
    out
}

/// 退回/催报名单.xlsx.
pub fn reminders_workbook(list: &[Reminder], title: &str) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("催报名单")?;
    let bold = XFormat::new().set_bold().set_border(FormatBorder::Thin);
    let cell = XFormat::new()
        .set_border(FormatBorder::Thin)
        .set_text_wrap();
    sheet.write_with_format(0, 0, title, &XFormat::new().set_bold().set_font_size(14))?;
    for (c, (h, w)) in [
        ("序号", 6.0),
        ("单位", 24.0),
        ("原因", 50.0),
        ("联系人", 12.0),
        ("联系电话", 18.0),
    ]
    .iter()
    .enumerate()
    {
        sheet.write_with_format(1, c as u16, *h, &bold)?;
        sheet.set_column_width(c as u16, *w)?;
    }
    for (i, r) in list.iter().enumerate() {
        let row = 2 + i as u32;
        sheet.write_with_format(row, 0, (i + 1) as u32, &cell)?;
        sheet.write_with_format(row, 1, &r.unit, &cell)?;
        sheet.write_with_format(row, 2, &r.reason, &cell)?;
        sheet.write_with_format(row, 3, &r.contact, &cell)?;
        sheet.write_with_format(row, 4, &r.phone, &cell)?;
    }
    book.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_author("xxgk")
            .set_creation_datetime(&rust_xlsxwriter::ExcelDateTime::from_ymd(2019, 11, 23)?),
    );
    crate::write::zip_system::save(&mut book)
}
