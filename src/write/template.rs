//! Writes the official template workbook for one unit, driven entirely by a [`Format`].
//!
//! The workbook has a cover (封面), one protected sheet per table in the official layout, a
//! 情况说明 sheet for explaining warnings, and a hidden identification record. Totals are
//! formulas with their results cached, so programs that never recalculate still read correct
//! values; a check area under each table evaluates the format's rules live while the unit types.
//!
//! ```
//! use xxgk::format::Format;
//! use xxgk::template::{Header, workbook_bytes};
//! let header = Header { unit: "前进街道".into(), year: Some(2025), ..Header::default() };
//! let bytes = workbook_bytes(Format::for_year(2025), &header, &Default::default()).unwrap();
//! assert_eq!(&bytes[..2], b"PK"); // an .xlsx is a zip file
//! ```

use std::collections::HashMap;

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Color, ConditionalFormatText, ConditionalFormatTextRule, DataValidation,
    DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime, Format as XFormat,
    FormatAlign, FormatBorder, Formula, ProtectionOptions, Workbook, Worksheet, XlsxError,
    utility::{cell_range, row_col_to_cell},
};
use unicode_width::UnicodeWidthStr;

use crate::format::layout::{Placed, Role, TableLayout};
use crate::format::rules::{Each, Instance, Op, Term, Totals};
use crate::format::sheets::{
    COVER, CoverField, EXPLANATION_HEADERS, EXPLANATION_ROWS, EXPLANATIONS, IDENT, IDENT_KEYS,
    IDENT_MARK, IDENT_VERSION, MEMBERS_LABEL,
};
use crate::format::{Format, Kind};

pub use crate::format::layout::TABLE_TOP;
/// Height of one line of 11pt text, in points.
const LINE_HEIGHT: f64 = 15.0;
/// Fill of cells the unit types into.
const INPUT_FILL: u32 = 0xFFF2CC;
/// Fill of computed cells.
const TOTAL_FILL: u32 = 0xE7E6E6;
/// Fill of the check area.
const CHECK_FILL: u32 = 0xF2F2F2;
/// Font of every cell; spreadsheet programs substitute a local CJK font where it is missing.
const FONT: &str = "宋体";
/// Size of the body text, and the smallest font on every printed sheet of the workbook.
const BODY_PT: f64 = 11.0;
/// Widths of the cover's label and value columns; the value column is wide enough that most
/// instructions take one line and the cover prints on one landscape page.
const COVER_WIDTHS: [f64; 2] = [16.0, 100.0];

/// Who the workbook is for. Empty fields are left for the unit to fill in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    pub unit: String,
    pub unit_code: String,
    pub preparer: String,
    pub phone: String,
    /// Report year; `None` for a blank template.
    pub year: Option<u16>,
    /// 填报日期, when known (`2026-01-15`).
    pub date: String,
    /// For a consolidated workbook: how many units it sums. Shown on the cover and recorded
    /// in the identification record, so a higher-level merge knows what it reads.
    pub members: Option<usize>,
}

/// Values of input cells by code. A template has none; a filled or consolidated workbook
/// written from a filing has some. Totals are always recomputed.
pub type Values = HashMap<String, Decimal>;

/// A cell as a report published it: a number, or its text as printed (“无”, “１２”), so a
/// reader of the workbook finds what the reader of the report found.
#[derive(Debug, Clone, PartialEq)]
pub enum Given {
    Number(Decimal),
    Text(String),
}

/// Every cell of a report as published, totals included, by code. A cell without an entry
/// was blank in the report and stays blank.
pub type Published = HashMap<String, Given>;

/// The cells of a filing exactly as it was read: numbers as numbers, anything else as the
/// text found, blanks left out. A cell the report leaves out by its own row shape (a （六）
/// written as one row) holds the 0 it was read as.
///
/// ```
/// let text = std::fs::read_to_string("samples/真实报告/前进街道_2020年度报告.txt").unwrap();
/// let imported = xxgk::import::import_bytes(text.as_bytes(), None, None).unwrap();
/// let filing = imported.into_filing().unwrap();
/// let cells = xxgk::template::published_cells(&filing);
/// assert_eq!(cells["T2.9.R1.C2"], xxgk::template::Given::Number("315424.75".parse().unwrap()));
/// ```
pub fn published_cells(filing: &crate::filing::Filing) -> Published {
    use crate::format::value::State;
    filing
        .entries
        .iter()
        .filter_map(|(code, e)| {
            // A number the check refuses (a negative count, a fraction) is still a number.
            let given = match (e.value.state, e.value.number) {
                (State::Blank, _) => return None,
                (State::Number, Some(n)) => Given::Number(n),
                _ => match e.value.raw.parse::<Decimal>() {
                    Ok(n) => Given::Number(n),
                    Err(_) => Given::Text(e.value.raw.clone()),
                },
            };
            Some((code.clone(), given))
        })
        .collect()
}

/// Builds the workbook and returns the `.xlsx` bytes. Identical arguments give identical bytes.
pub fn workbook_bytes(
    format: &Format,
    header: &Header,
    values: &Values,
) -> Result<Vec<u8>, XlsxError> {
    crate::write::zip_system::save(&mut workbook(format, header, values)?)
}

/// Builds the workbook of a published report and returns the `.xlsx` bytes: every cell holds
/// what the report printed — a wrong total stays wrong, a blank stays blank — and totals are
/// plain numbers rather than formulas. The 自动校验 under each table still works, and its
/// cached results are what a spreadsheet computes from the cells as written (blank and text
/// count as 0), so it shows ✗ where the report is wrong.
///
/// ```
/// use xxgk::format::Format;
/// use xxgk::template::{Given, Header, Published, published_workbook_bytes};
/// let mut cells = Published::new();
/// cells.insert("T4.1.5".into(), Given::Number(0.into())); // a total printed as 0
/// let header = Header { unit: "洪泽区人民政府".into(), year: Some(2023), ..Header::default() };
/// let bytes = published_workbook_bytes(Format::for_year(2023), &header, &cells).unwrap();
/// assert_eq!(&bytes[..2], b"PK");
/// ```
pub fn published_workbook_bytes(
    format: &Format,
    header: &Header,
    cells: &Published,
) -> Result<Vec<u8>, XlsxError> {
    let inputs = Values::new();
    let model = Model::published(format, &inputs, cells);
    crate::write::zip_system::save(&mut build(&model, header)?)
}

/// A unit's cells as written in a fresh template, without saving, so a caller (a notice back
/// to a unit) can mark cells and add notes. Unlike [`published_workbook_bytes`], a total
/// not in `cells` is the template's formula, as the unit's own template had it.
pub fn published_workbook(
    format: &Format,
    header: &Header,
    cells: &Published,
) -> Result<Workbook, XlsxError> {
    let inputs = Values::new();
    let mut model = Model::published(format, &inputs, cells);
    model.formula_totals = true;
    build(&model, header)
}

/// Builds the workbook without saving it, so a caller (the merge) can add sheets of its own.
pub fn workbook(format: &Format, header: &Header, values: &Values) -> Result<Workbook, XlsxError> {
    build(&Model::new(format, values), header)
}

fn build(model: &Model, header: &Header) -> Result<Workbook, XlsxError> {
    let format = model.format;
    let mut workbook = Workbook::new();
    // The fastest deflate level: a template is 30 KB either way, and the default level spent
    // a fifth of the time of writing a thousand templates searching for longer matches.
    workbook.set_zip_compression_level(1);
    let styles = Styles::new();
    workbook.set_properties(&properties(format, header)?);
    write_cover(workbook.add_worksheet(), model, header, &styles)?;
    for (t, table) in format.tables.iter().enumerate() {
        let sheet = workbook.add_worksheet();
        sheet.set_name(&table.sheet)?;
        write_table(sheet, model, t, header, &styles)?;
    }
    write_explanations(workbook.add_worksheet(), &styles)?;
    write_ident(workbook.add_worksheet(), format, header)?;
    Ok(workbook)
}

/// Fixed document properties: a fixed creation time keeps the output byte-identical.
fn properties(format: &Format, header: &Header) -> Result<DocProperties, XlsxError> {
    let year = header.year.map(|y| format!("{y}年度")).unwrap_or_default();
    Ok(DocProperties::new()
        .set_title(format!(
            "{}{year}政府信息公开工作年度报告统计表",
            header.unit
        ))
        .set_subject(format!("{}（{}）", format.name, format.source))
        .set_author("xxgk")
        .set_creation_datetime(&ExcelDateTime::from_ymd(2019, 11, 23)?))
}

/// Everything the table sheets need to know about cells: positions, totals and values.
struct Model<'f> {
    format: &'f Format,
    layouts: Vec<TableLayout>,
    totals: &'f Totals,
    /// Every cell's value, totals recomputed from their parts.
    values: HashMap<String, Decimal>,
    /// The input values the caller gave; cells without one are written blank.
    inputs: &'f Values,
    /// A published report's cells, totals included, written as given instead of `inputs`
    /// and formulas.
    published: Option<&'f Published>,
    /// With `published`: totals not given are formulas, as in a template.
    formula_totals: bool,
    instances: Vec<Instance<'f>>,
}

impl<'f> Model<'f> {
    fn new(format: &'f Format, inputs: &'f Values) -> Model<'f> {
        let layouts = format.tables.iter().map(TableLayout::new).collect();
        let instances: Vec<Instance> = format
            .rules
            .iter()
            .flat_map(|r| r.instances(format).unwrap_or_default())
            .collect();
        let totals = format.totals();
        // A total is always recomputed: a value given for it is ignored.
        let stored = |code: &str| {
            (!totals.is_total(code))
                .then(|| inputs.get(code).copied())
                .flatten()
        };
        let values = format
            .cells()
            .iter()
            .map(|c| (c.code.clone(), totals.resolve(&c.code, &stored)))
            .collect();
        Model {
            format,
            layouts,
            totals,
            values,
            inputs,
            published: None,
            formula_totals: false,
            instances,
        }
    }

    /// The model of a published report: every cell's value is what it holds, as a
    /// spreadsheet sums it — a number, or 0 for blank and text.
    fn published(format: &'f Format, inputs: &'f Values, cells: &'f Published) -> Model<'f> {
        let mut model = Model::new(format, inputs);
        model.values = format
            .cells()
            .iter()
            .map(|c| {
                (
                    c.code.clone(),
                    published_value(model.totals, cells, &c.code, 16),
                )
            })
            .collect();
        model.published = Some(cells);
        model
    }

    fn value(&self, code: &str) -> Decimal {
        self.values.get(code).copied().unwrap_or_default()
    }

    /// Whether a total of a unit's workbook written with `formula_totals` is a formula.
    fn is_formula(&self, code: &str) -> bool {
        self.formula_totals
            && self.totals.parts(code).is_some()
            && !self.published.is_some_and(|p| p.contains_key(code))
    }

    /// Whether a cell shows a number: an input that was given, or a total over at least one.
    fn filled(&self, code: &str) -> bool {
        self.filled_within(code, 16)
    }

    /// [`Model::filled`], looking at most `depth` totals down (a circular local rule ends).
    fn filled_within(&self, code: &str, depth: usize) -> bool {
        // A published report's totals are numbers as printed, not formulas: a cell shows a
        // number exactly when the report printed one (text is not counted, as by COUNT).
        if let Some(published) = self.published
            && !self.is_formula(code)
        {
            return matches!(published.get(code), Some(Given::Number(_)));
        }
        match self.totals.parts(code) {
            Some(terms) => {
                depth > 0 && terms.iter().any(|t| self.filled_within(&t.code, depth - 1))
            }
            None => self.inputs.contains_key(code),
        }
    }

    /// An Excel expression counting the numbers among the cells of `terms`, seen from `from`.
    fn excel_count(&self, terms: &[Term], from: usize) -> String {
        let places: Vec<_> = terms.iter().map(|t| self.place_of(&t.code)).collect();
        format!("COUNT({})", self.reference(&places, from))
    }

    /// Where a data cell is written: its table and sheet row/column.
    fn place_of(&self, code: &str) -> (usize, u32, u16) {
        let cell = self.format.cell(code).expect("rule cells exist");
        let pos = self.layouts[cell.table]
            .position(code)
            .expect("every cell is laid out");
        (cell.table, TABLE_TOP + pos.row, pos.col)
    }

    /// An Excel expression for a sum of terms as seen from table `from`:
    /// `SUM(D7:I7)-SUM(C9)+(0.5)*N(C3)`. Blank and text cells count as 0, like the checker.
    fn excel_sum(&self, terms: &[Term], from: usize) -> String {
        self.excel_sum_within(terms, from, 16)
    }

    /// [`Model::excel_sum`], at most `depth` totals down. In a published report's workbook a
    /// total is a number the report printed, or blank where it printed none; `check` reads a
    /// blank total as the sum of its items, so the sheet's checks do the same:
    /// `IF(COUNT(J9)=0,SUM(D9:I9),J9)` in place of `J9`.
    fn excel_sum_within(&self, terms: &[Term], from: usize, depth: usize) -> String {
        let mut plus = Vec::new();
        let mut minus = Vec::new();
        let mut other = String::new();
        for t in terms {
            let place = self.place_of(&t.code);
            if let (Some(_), Some(parts), true) =
                (self.published, self.totals.parts(&t.code), depth > 0)
            {
                let a1 = self.reference(&[place], from);
                let sum = self.excel_sum_within(parts, from, depth - 1);
                other.push_str(&format!(
                    "+({})*IF(COUNT({a1})=0,{sum},N({a1}))",
                    t.coef.normalize()
                ));
                continue;
            }
            if t.coef == Decimal::ONE {
                plus.push(place);
            } else if t.coef == Decimal::NEGATIVE_ONE {
                minus.push(place);
            } else {
                let a1 = self.reference(&[place], from);
                other.push_str(&format!("+({})*N({a1})", t.coef.normalize()));
            }
        }
        let mut out = format!("SUM({})", self.reference(&plus, from));
        if !minus.is_empty() {
            out.push_str(&format!("-SUM({})", self.reference(&minus, from)));
        }
        out + &other
    }

    /// Comma-separated A1 references, with runs of adjacent cells joined into ranges and a
    /// sheet prefix for cells on another table's sheet.
    fn reference(&self, places: &[(usize, u32, u16)], from: usize) -> String {
        compress_runs(places)
            .into_iter()
            .map(|(t, (r0, c0), (r1, c1))| {
                let a1 = if (r0, c0) == (r1, c1) {
                    row_col_to_cell(r0, c0)
                } else {
                    cell_range(r0, c0, r1, c1)
                };
                if t == from {
                    a1
                } else {
                    format!("'{}'!{a1}", self.format.tables[t].sheet)
                }
            })
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// A run of adjacent cells on one sheet: table, first (row, col), last (row, col).
type Run = (usize, (u32, u16), (u32, u16));

/// Joins consecutive cells that continue down a column or along a row into runs, keeping order.
fn compress_runs(places: &[(usize, u32, u16)]) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for &(t, r, c) in places {
        if let Some((rt, first, last)) = runs.last_mut() {
            let down = first.1 == last.1 && last.1 == c && last.0 + 1 == r;
            let along = first.0 == last.0 && last.0 == r && last.1 + 1 == c;
            if *rt == t && (down || along) {
                *last = (r, c);
                continue;
            }
        }
        runs.push((t, (r, c), (r, c)));
    }
    runs
}

/// All cell formats used in the workbook, built once.
struct Styles {
    title: XFormat,
    subtitle: XFormat,
    hint: XFormat,
    header: XFormat,
    row_label: XFormat,
    count: XFormat,
    amount: XFormat,
    total: XFormat,
    total_amount: XFormat,
    /// A published total: grey like a total, but a number the user may correct.
    given_total: XFormat,
    given_total_amount: XFormat,
    check_label: XFormat,
    check: XFormat,
    cover_label: XFormat,
    cover_input: XFormat,
    cover_fixed: XFormat,
    note: XFormat,
    ok: XFormat,
    fail: XFormat,
}

impl Styles {
    fn new() -> Styles {
        let base = XFormat::new()
            .set_font_name(FONT)
            .set_font_size(BODY_PT)
            .set_align(FormatAlign::VerticalCenter);
        let boxed = base.clone().set_border(FormatBorder::Thin).set_text_wrap();
        let centered = boxed.clone().set_align(FormatAlign::Center);
        let input = centered
            .clone()
            .set_background_color(Color::RGB(INPUT_FILL))
            .set_unlocked();
        let total = centered
            .clone()
            .set_background_color(Color::RGB(TOTAL_FILL))
            .set_bold();
        Styles {
            title: base
                .clone()
                .set_font_size(16)
                .set_bold()
                .set_align(FormatAlign::Center),
            subtitle: base.clone(),
            hint: base.clone().set_font_color(0x595959).set_text_wrap(),
            header: centered.clone(),
            row_label: boxed.clone().set_align(FormatAlign::Left),
            count: input.clone().set_num_format("0"),
            amount: input.clone().set_num_format("General"),
            total: total.clone().set_num_format("0"),
            total_amount: total.clone().set_num_format("General"),
            given_total: total.clone().set_num_format("0").set_unlocked(),
            given_total_amount: total.set_num_format("General").set_unlocked(),
            check_label: boxed.clone().set_background_color(Color::RGB(CHECK_FILL)),
            check: centered
                .clone()
                .set_background_color(Color::RGB(CHECK_FILL)),
            cover_label: boxed.clone().set_bold(),
            cover_input: boxed
                .clone()
                .set_align(FormatAlign::Left)
                .set_background_color(Color::RGB(INPUT_FILL))
                .set_unlocked(),
            cover_fixed: boxed.clone().set_align(FormatAlign::Left),
            note: base.clone().set_text_wrap().set_align(FormatAlign::Top),
            ok: XFormat::new().set_font_color(0x006100),
            fail: XFormat::new()
                .set_font_color(0x9C0006)
                .set_background_color(0xFFC7CE),
        }
    }
}

/// Protection that keeps labels and formulas safe but lets the unit resize rows and columns.
/// There is no password: it prevents accidents, not determined edits.
fn protect(sheet: &mut Worksheet) {
    let options = ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::new()
    };
    sheet.protect_with_options(&options);
}

fn write_cover(
    sheet: &mut Worksheet,
    model: &Model,
    header: &Header,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let format = model.format;
    sheet.set_name(COVER)?;
    for (c, w) in COVER_WIDTHS.iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    sheet.merge_range(0, 0, 0, 1, "政府信息公开工作年度报告统计表", &styles.title)?;
    sheet.set_row_height(0, 30)?;
    // Rows without a height set are 15 points: the two blank rows, the members row.
    let mut height = 30.0 + 15.0 * 3.0;
    for field in CoverField::ALL {
        let row = field.row();
        sheet.write_with_format(row, 0, field.label(), &styles.cover_label)?;
        sheet.set_row_height(row, 20)?;
        height += 20.0;
        let text = match field {
            CoverField::Unit => header.unit.clone(),
            CoverField::UnitCode => header.unit_code.clone(),
            CoverField::Preparer => header.preparer.clone(),
            CoverField::Phone => header.phone.clone(),
            CoverField::Format => format!("{}（{}）", format.name, format.source),
            CoverField::Date => header.date.clone(),
            CoverField::Year | CoverField::Reviewer => String::new(),
        };
        match (field, header.year) {
            (CoverField::Format, _) => {
                sheet.write_with_format(row, 1, text, &styles.cover_fixed)?;
            }
            (CoverField::Year, Some(year)) => {
                sheet.write_with_format(row, 1, year, &styles.cover_input)?;
            }
            _ if text.is_empty() => {
                sheet.write_blank(row, 1, &styles.cover_input)?;
            }
            _ => {
                sheet.write_with_format(row, 1, text, &styles.cover_input)?;
            }
        }
    }
    let year_row = CoverField::Year.row();
    let validation = DataValidation::new()
        .allow_whole_number(DataValidationRule::Between(2019, 2100))
        .set_input_title("报告年度")?
        .set_input_message("填写四位数字年份，如 2025。")?
        .set_error_title("报告年度有误")?
        .set_error_message("报告年度应为2019至2100之间的四位数字年份，如 2025。")?;
    sheet.add_data_validation(year_row, 1, year_row, 1, &validation)?;

    let mut row = CoverField::ALL.len() as u32 + 3;
    if let Some(n) = header.members {
        let r = CoverField::ALL.len() as u32 + 2;
        sheet.write_with_format(r, 0, MEMBERS_LABEL, &styles.cover_label)?;
        sheet.write_with_format(r, 1, n as u32, &styles.cover_fixed)?;
        row += 1;
    }
    sheet.merge_range(row, 0, row, 1, "填报说明", &styles.cover_label)?;
    let text_width = COVER_WIDTHS.iter().sum::<f64>() - 4.0;
    let lines = instructions(
        format,
        header.members,
        model.published.is_some() && !model.formula_totals,
    );
    for (i, line) in lines.iter().enumerate() {
        row += 1;
        let line = format!("{}. {line}", i + 1);
        sheet.merge_range(row, 0, row, 1, &line, &styles.note)?;
        sheet.set_row_height(row, text_height(&line, text_width))?;
        height += text_height(&line, text_width);
    }
    protect(sheet);
    crate::write::print::setup(sheet, &COVER_WIDTHS, height, BODY_PT);
    sheet.set_active(true);
    Ok(())
}

/// The 填报说明 on the cover, including every rule of the format in Chinese.
/// The 填报说明: for a unit's template, how to fill it in; for a consolidation or an imported
/// report, what it holds. All list every rule of the format.
fn instructions(format: &Format, members: Option<usize>, published: bool) -> Vec<String> {
    let sheets: Vec<&str> = format.tables.iter().map(|t| t.sheet.as_str()).collect();
    let mut lines = vec![format!(
        "本表按《中华人民共和国政府信息公开工作年度报告格式》{}（{}）制作，共{}张统计表：{}。",
        format.name,
        format.source,
        sheets.len(),
        sheets.join("、")
    )];
    match members {
        _ if published => lines.extend([
            "本表由 xxgk 从公开发布的年度报告导入：每一格照录报告原文，报告中空白的格仍为空白。".to_string(),
            "灰色格的总计是报告公布的数字，不是公式；报告的总计与各项之和不符时照录不改，由“自动校验”和 xxgk check 指出。".to_string(),
            "每张表下方的“自动校验”按表中的数字计算（空白和文字按0计）：✓ 表示该项勾稽关系成立，✗ 表示报告中不成立。".to_string(),
        ]),
        Some(n) => lines.extend([
            format!("本表由 xxgk 汇总生成：{} 中的数字是 {n} 个单位报送数字之和，总计为公式。", sheets.join("、")),
            "“报送情况”列出每个收到的文件和它是否计入汇总，“审核结果”列出各单位的问题，“按表明细”按统计表的顺序列出每个单位的数字，合计与统计表相同。".to_string(),
            "隐藏的“分单位明细”表每个单位一行，供上一级汇总读取，不打印；需要时可取消隐藏查看。".to_string(),
            "本表可直接报送上一级，上一级用 xxgk merge 汇总时会保留各单位的明细。".to_string(),
        ]),
        None => lines.extend([
            "请只在浅黄色格中填写。白色格为表格标签，灰色格为自动计算的总计，都不能修改。".to_string(),
            "一律填写阿拉伯数字，不要写“件”“元”等单位；没有发生的请填 0，不要留空。金额按表头注明的单位填写，可带小数。".to_string(),
            "每张表下方的“自动校验”区随填随算：✓ 表示该项勾稽关系成立，✗ 表示不成立，请修改到全部为 ✓ 后再报送。未填写数字时，总计和校验都显示为空白。".to_string(),
        ]),
    }
    for rule in format.rules.iter().filter(|r| !r.is_cross_year()) {
        lines.push(format!(
            "审核规则 {}（{}）{}：{}",
            rule.id,
            rule.severity.label(),
            rule.name,
            rule.basis
        ));
    }
    for rule in format.rules.iter().filter(|r| r.is_cross_year()) {
        lines.push(format!(
            "跨年度审核 {}（{}）{}：{}。汇总单位会与上年报告比对。",
            rule.id,
            rule.severity.label(),
            rule.name,
            rule.basis
        ));
    }
    lines.push(format!(
        "审核结果为“错误”的必须改正；为“警告”的，如确有原因，请在“{EXPLANATIONS}”表中写明规则编号、单元格和原因。"
    ));
    lines.push(
        "各表已设保护（无密码），以免误改表格结构。请不要插入、删除行列，不要修改工作表名称。"
            .to_string(),
    );
    lines
}

fn write_table(
    sheet: &mut Worksheet,
    model: &Model,
    t: usize,
    header: &Header,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let table = &model.format.tables[t];
    let layout = &model.layouts[t];
    let checks = check_slots(model, t);
    let right_cols = checks.iter().filter(|s| s.right).count() as u16;
    let full_width = layout.width + right_cols;
    let widths = column_widths(layout, right_cols);
    // An empty cached result is written as blank text, not as the default 0: a blank total
    // and an unchecked check show nothing until the program recalculates.
    sheet.set_formula_result_default("");
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }

    sheet.merge_range(0, 0, 0, full_width - 1, &table.title, &styles.title)?;
    sheet.set_row_height(0, 28)?;
    let unit_line = format!(
        "=\"填报单位：\"&{}&\"　　报告年度：\"&{}",
        CoverField::Unit.reference(),
        CoverField::Year.reference()
    );
    let unit_value = format!(
        "填报单位：{}　　报告年度：{}",
        header.unit,
        header.year.map(|y| y.to_string()).unwrap_or_default()
    );
    sheet.merge_range(1, 0, 1, full_width - 1, "", &styles.subtitle)?;
    sheet.write_formula_with_format(
        1,
        0,
        Formula::new(unit_line).set_result(unit_value),
        &styles.subtitle,
    )?;
    let hint = table_hint(model, t, !checks.is_empty());
    sheet.merge_range(2, 0, 2, full_width - 1, &hint, &styles.hint)?;
    sheet.set_row_height(2, text_height(&hint, widths.iter().sum::<f64>()))?;

    let mut heights = vec![20.0_f64; (TABLE_TOP + layout.height) as usize];
    for label in &layout.labels {
        write_label(sheet, label, styles)?;
        spread_height(&mut heights, label, &widths);
    }
    write_data_cells(sheet, model, t, styles)?;
    for (r, h) in heights.iter().enumerate().skip(TABLE_TOP as usize) {
        sheet.set_row_height(r as u32, *h)?;
    }
    let check_height = write_checks(sheet, model, t, &checks, &widths, styles)?;
    let height = 28.0 + 15.0 + heights.iter().skip(2).sum::<f64>() + check_height;

    let block = layout.blocks[0];
    if layout.blocks.len() == 1 {
        sheet.set_freeze_panes(TABLE_TOP + block.header_end + 1, block.label_columns)?;
        sheet.set_repeat_rows(0, TABLE_TOP + block.header_end)?;
    } else {
        sheet.set_repeat_rows(0, 1)?;
    }
    protect(sheet);
    crate::write::print::setup(sheet, &widths, height, BODY_PT);
    Ok(())
}

/// The one-line hint under a table's title, mentioning only what the table has.
fn table_hint(model: &Model, t: usize, has_checks: bool) -> String {
    let published = model.published.is_some() && !model.formula_totals;
    let mut parts = vec![if published {
        "各格照录公开发布的报告，报告中空白的格仍为空白".to_string()
    } else {
        "浅黄色格填写数字，没有发生的请填0".to_string()
    }];
    if model.formula_totals {
        // A unit's own figures sent back with its findings (merge --notices).
        parts.insert(
            0,
            "退回修改：标红的格有错误、标黄的格有警告，批注中写明问题和改法".to_string(),
        );
    }
    let has_totals = model
        .format
        .cells()
        .iter()
        .any(|c| c.table == t && model.totals.is_total(&c.code));
    if has_totals && published {
        parts.push("灰色格为报告公布的总计（照录原数，不是自动计算）".to_string());
    } else if has_totals {
        parts.push("灰色格为自动计算的总计".to_string());
    }
    if has_checks {
        parts.push("表下“自动校验”随填随算，✗ 表示勾稽关系不成立".to_string());
    }
    parts.join("；") + "。"
}

fn write_label(sheet: &mut Worksheet, label: &Placed, styles: &Styles) -> Result<(), XlsxError> {
    let style = match label.role {
        Role::RowLabel => &styles.row_label,
        Role::Caption | Role::Corner | Role::ColumnHeader => &styles.header,
    };
    let (r0, r1) = (TABLE_TOP + label.row, TABLE_TOP + label.last_row);
    if r0 == r1 && label.col == label.last_col {
        sheet.write_with_format(r0, label.col, &label.text, style)?;
    } else {
        sheet.merge_range(r0, label.col, r1, label.last_col, &label.text, style)?;
    }
    Ok(())
}

/// Input cells (unlocked, shaded, validated) and totals (formulas with cached results).
fn write_data_cells(
    sheet: &mut Worksheet,
    model: &Model,
    t: usize,
    styles: &Styles,
) -> Result<(), XlsxError> {
    for pos in &model.layouts[t].data {
        let cell = model.format.cell(&pos.code).expect("laid-out cells exist");
        let row = TABLE_TOP + pos.row;
        let amount = cell.kind == Kind::Amount;
        if let Some(published) = model.published
            && !model.is_formula(&pos.code)
        {
            write_given(sheet, model, published, (row, pos), styles)?;
            continue;
        }
        if let Some(terms) = model.totals.parts(&pos.code) {
            let style = if amount {
                &styles.total_amount
            } else {
                &styles.total
            };
            let formula = total_formula(model, &pos.code, terms, t);
            if pos.last_col > pos.col {
                sheet.merge_range(row, pos.col, row, pos.last_col, "", style)?;
            }
            sheet.write_formula_with_format(row, pos.col, formula, style)?;
            continue;
        }
        let style = if amount {
            &styles.amount
        } else {
            &styles.count
        };
        if pos.last_col > pos.col {
            sheet.merge_range(row, pos.col, row, pos.last_col, "", style)?;
        }
        // A cell with no input stays blank: “not filled in” must not turn into “0”.
        match model.inputs.get(&pos.code) {
            Some(v) => sheet.write_number_with_format(row, pos.col, to_f64(*v), style)?,
            None => sheet.write_blank(row, pos.col, style)?,
        };
        let validation = validation_for(model, &pos.code)?;
        sheet.add_data_validation(row, pos.col, row, pos.last_col, &validation)?;
    }
    Ok(())
}

/// One cell of a published report, as printed: a total is a plain number (or blank) in the
/// totals' grey, not a formula; an input keeps its validation, so a correction is checked.
fn write_given(
    sheet: &mut Worksheet,
    model: &Model,
    published: &Published,
    (row, pos): (u32, &crate::format::layout::DataPos),
    styles: &Styles,
) -> Result<(), XlsxError> {
    let cell = model.format.cell(&pos.code).expect("laid-out cells exist");
    let total = model.totals.is_total(&pos.code);
    let style = match (total, cell.kind == Kind::Amount) {
        (true, true) => &styles.given_total_amount,
        (true, false) => &styles.given_total,
        (false, true) => &styles.amount,
        (false, false) => &styles.count,
    };
    if pos.last_col > pos.col {
        sheet.merge_range(row, pos.col, row, pos.last_col, "", style)?;
    }
    match published.get(&pos.code) {
        Some(Given::Number(n)) => {
            sheet.write_number_with_format(row, pos.col, to_f64(*n), style)?
        }
        Some(Given::Text(t)) => sheet.write_string_with_format(row, pos.col, t, style)?,
        None => sheet.write_blank(row, pos.col, style)?,
    };
    if !total {
        let validation = validation_for(model, &pos.code)?;
        sheet.add_data_validation(row, pos.col, row, pos.last_col, &validation)?;
    }
    Ok(())
}

/// A total's formula, blank while every cell it sums is blank, so that a form printed to be
/// filled in by hand shows no 0 in its totals. `COUNT` skips the blank text of a blank total
/// among the parts, so the blank spreads up through totals of totals.
fn total_formula(model: &Model, code: &str, terms: &[Term], t: usize) -> Formula {
    let cached = if model.filled(code) {
        plain(model.value(code))
    } else {
        String::new()
    };
    Formula::new(format!(
        "=IF({}=0,\"\",{})",
        model.excel_count(terms, t),
        model.excel_sum(terms, t)
    ))
    .set_result(cached)
}

/// Data validation for one input cell, with Chinese prompts naming the cell.
fn validation_for(model: &Model, code: &str) -> Result<DataValidation, XlsxError> {
    let cell = model.format.cell(code).expect("cell exists");
    let (_, _, _, column) = model.format.parts(cell);
    let place = match model.format.row_label(cell) {
        row if row.is_empty() => model.format.column_label(cell),
        row => format!("{row}\n{}", model.format.column_label(cell)),
    };
    let (rule, prompt, error) = match cell.kind {
        Kind::Count => (
            Some(DataValidationRule::Between(0, i32::MAX)),
            "请填写件数：0或正整数。没有发生请填0。",
            "这一格只能填写0或正整数，不能填写小数、负数、文字或单位。没有发生请填0。",
        ),
        Kind::Signed => (
            Some(DataValidationRule::Between(i32::MIN, i32::MAX)),
            "请填写整数；比上一年减少时填负数，如 -3。",
            "这一格只能填写整数（减少时填负数，如 -3），不能填写小数、文字或单位。",
        ),
        Kind::Amount => (None, "", ""),
    };
    let validation = match rule {
        Some(rule) => DataValidation::new()
            .allow_whole_number(rule)
            .set_input_message(format!("{place}\n{prompt}"))?
            .set_error_message(error)?,
        None => {
            let unit = column.unit.as_deref().unwrap_or("");
            DataValidation::new()
                .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
                .set_input_message(format!(
                    "{place}\n请填写金额，单位：{unit}，可带小数。不要写“{unit}”二字。"
                ))?
                .set_error_message(format!(
                    "这一格只能填写不小于0的数字金额（单位：{unit}），不要写文字或单位。"
                ))?
        }
    };
    Ok(validation
        .set_input_title(code)?
        .set_error_title("填写有误")?
        .set_error_style(DataValidationErrorStyle::Stop))
}

/// One rule's place in the check area: a row below the table, or a column to its right.
struct CheckSlot<'m> {
    right: bool,
    label: String,
    instances: Vec<&'m Instance<'m>>,
}

/// The rules shown in a table's check area: those with ok/fail texts, about this table, and
/// not needing last year's report. Rules that run over rows go in a column to the right.
fn check_slots<'m>(model: &'m Model, t: usize) -> Vec<CheckSlot<'m>> {
    let mut slots: Vec<CheckSlot> = Vec::new();
    for rule in &model.format.rules {
        if rule.ok.is_none() || rule.fail.is_none() || rule.is_cross_year() {
            continue;
        }
        let instances: Vec<&Instance> = model
            .instances
            .iter()
            .filter(|i| std::ptr::eq(i.rule, rule))
            .filter(|i| model.format.cell(&i.lhs[0].code).map(|c| c.table) == Some(t))
            .collect();
        if instances.is_empty() {
            continue;
        }
        let right = rule
            .each
            .values()
            .any(|e| matches!(e, Each::Spec(s) if s.ends_with(".rows")));
        slots.push(CheckSlot {
            right,
            label: format!("{} {}", rule.id, rule.name),
            instances,
        });
    }
    slots
}

/// Writes the check area and returns the height in points of the rows it adds below the
/// table (the blank row above it included).
fn write_checks(
    sheet: &mut Worksheet,
    model: &Model,
    t: usize,
    slots: &[CheckSlot],
    widths: &[f64],
    styles: &Styles,
) -> Result<f64, XlsxError> {
    let layout = &model.layouts[t];
    let label_cols = layout.blocks[0].label_columns;
    let mut right_col = layout.width;
    let mut row = TABLE_TOP + layout.height + 1;
    let mut height = 0.0;
    if slots.iter().any(|s| !s.right) {
        height += 2.0 * 15.0;
        sheet.merge_range(
            row,
            0,
            row,
            layout.width - 1,
            "自动校验（勾稽关系，随填随算）",
            &styles.check_label,
        )?;
        row += 1;
    }
    for slot in slots {
        if slot.right {
            let block = layout.blocks[0];
            sheet.merge_range(
                TABLE_TOP + block.first_row,
                right_col,
                TABLE_TOP + block.header_end,
                right_col,
                &format!("自动校验\n{}", slot.label),
                &styles.check_label,
            )?;
            for inst in &slot.instances {
                let pos = model.layouts[t]
                    .position(&inst.lhs[0].code)
                    .expect("laid out");
                write_check(
                    sheet,
                    model,
                    t,
                    inst,
                    (TABLE_TOP + pos.row, right_col, right_col),
                    styles,
                )?;
            }
            right_col += 1;
            continue;
        }
        if label_cols > 0 {
            sheet.merge_range(
                row,
                0,
                row,
                label_cols - 1,
                &slot.label,
                &styles.check_label,
            )?;
        } else {
            sheet.merge_range(
                row,
                0,
                row,
                layout.width - 1,
                &slot.label,
                &styles.check_label,
            )?;
            row += 1;
            height += 15.0;
        }
        // The row is as tall as the longest result needs in its cells, so a ✗ text that
        // wraps is shown whole rather than cut off.
        let mut row_height: f64 = 20.0;
        for inst in &slot.instances {
            let cols: Vec<(u16, u16)> = inst
                .current_cells()
                .filter_map(|c| layout.position(c))
                .map(|p| (p.col, p.last_col))
                .collect();
            let first = cols.iter().map(|c| c.0).min().unwrap_or(0);
            let last = cols.iter().map(|c| c.1).max().unwrap_or(first);
            write_check(sheet, model, t, inst, (row, first, last), styles)?;
            let width: f64 = widths[first as usize..=last as usize].iter().sum();
            for text in [&inst.rule.ok, &inst.rule.fail].into_iter().flatten() {
                row_height = row_height.max(text_height(text, width));
            }
        }
        sheet.set_row_height(row, row_height)?;
        height += row_height;
        row += 1;
    }
    Ok(height)
}

/// A published cell's value as the sheet's checks compute it: a number as printed, 0 for text
/// and blank, and for a blank total the sum of its items (as `check` reads it).
fn published_value(totals: &Totals, cells: &Published, code: &str, depth: usize) -> Decimal {
    match (cells.get(code), totals.parts(code)) {
        (Some(Given::Number(n)), _) => *n,
        (None, Some(parts)) if depth > 0 => parts
            .iter()
            .map(|t| t.coef * published_value(totals, cells, &t.code, depth - 1))
            .sum(),
        _ => Decimal::ZERO,
    }
}

/// What a published report's check shows where the report left the total blank.
const BLANK_TOTAL: &str = "○ 总计空白";

/// One live check: `=IF(lhs=rhs,"✓ …","✗ …")` with its result cached, highlighted by
/// conditional formatting.
fn write_check(
    sheet: &mut Worksheet,
    model: &Model,
    t: usize,
    inst: &Instance,
    (row, first, last): (u32, u16, u16),
    styles: &Styles,
) -> Result<(), XlsxError> {
    let ok = inst.rule.ok.as_deref().unwrap_or("✓");
    let fail = inst.rule.fail.as_deref().unwrap_or("✗");
    let op = match inst.op {
        Op::Eq => "=",
        Op::Le => "<=",
        Op::Ge => ">=",
    };
    let terms: Vec<Term> = inst.lhs.iter().chain(inst.rhs.iter()).cloned().collect();
    let compare = format!(
        "IF({}{op}{},\"{ok}\",\"{fail}\")",
        model.excel_sum(&inst.lhs, t),
        model.excel_sum(&inst.rhs, t)
    );
    // A report that left a total blank is not wrong there: `check` reads the blank total as
    // the sum of its items (a V1 warning), so the sheet says that instead of ✗.
    let blank_total = model.published.is_some() && inst.rule.total;
    let compare = if blank_total {
        format!(
            "IF({}=0,\"{BLANK_TOTAL}\",{compare})",
            model.excel_count(&inst.lhs, t)
        )
    } else {
        compare
    };
    // An empty form shows no result: a column of ✓ over blank cells would read as checked.
    let formula = format!("=IF({}=0,\"\",{compare})", model.excel_count(&terms, t));
    let holds = inst
        .evaluate(&|code| model.value(code), None)
        .is_none_or(|o| o.holds);
    let lhs_blank = !inst.lhs.iter().any(|c| model.filled(&c.code));
    let cached = match (terms.iter().any(|c| model.filled(&c.code)), holds) {
        (false, _) => "",
        _ if blank_total && lhs_blank => BLANK_TOTAL,
        (true, true) => ok,
        (true, false) => fail,
    };
    if last > first {
        sheet.merge_range(row, first, row, last, "", &styles.check)?;
    }
    sheet.write_formula_with_format(
        row,
        first,
        Formula::new(formula).set_result(cached),
        &styles.check,
    )?;
    for (prefix, style) in [("✗", &styles.fail), ("✓", &styles.ok)] {
        let rule = ConditionalFormatText::new()
            .set_rule(ConditionalFormatTextRule::BeginsWith(prefix.to_string()))
            .set_format(style);
        sheet.add_conditional_format(row, first, row, last, &rule)?;
    }
    Ok(())
}

fn write_explanations(sheet: &mut Worksheet, styles: &Styles) -> Result<(), XlsxError> {
    sheet.set_name(EXPLANATIONS)?;
    // Narrow enough to print at full size on one page.
    let widths = [6.0, 12.0, 22.0, 56.0];
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    sheet.merge_range(0, 0, 0, 3, "情况说明", &styles.title)?;
    sheet.set_row_height(0, 28)?;
    let note = "审核结果为“警告”、确有原因的，请逐条写明：规则编号（如 X2）、单元格（如 表二!D7）或数据格代码（如 T2.1.R2.C3），以及原因。汇总单位审核时会看到这些说明。“错误”必须在表中改正，不能用说明代替。";
    sheet.merge_range(1, 0, 1, 3, note, &styles.note)?;
    let note_height = text_height(note, widths.iter().sum());
    sheet.set_row_height(1, note_height)?;
    let height = 28.0 + note_height + 15.0 + 20.0 * f64::from(EXPLANATION_ROWS);
    for (c, h) in EXPLANATION_HEADERS.iter().enumerate() {
        sheet.write_with_format(2, c as u16, *h, &styles.header)?;
    }
    for i in 0..EXPLANATION_ROWS {
        let row = 3 + i;
        sheet.write_with_format(row, 0, i + 1, &styles.header)?;
        for c in 1..4 {
            sheet.write_blank(row, c, &styles.cover_input)?;
        }
        sheet.set_row_height(row, 20)?;
    }
    sheet.set_freeze_panes(3, 0)?;
    sheet.set_repeat_rows(0, 2)?;
    protect(sheet);
    crate::write::print::setup(sheet, &widths, height, BODY_PT);
    Ok(())
}

/// The hidden record that identifies the workbook; it survives re-saving by Excel, WPS and
/// LibreOffice because it is ordinary cell content.
fn write_ident(sheet: &mut Worksheet, format: &Format, header: &Header) -> Result<(), XlsxError> {
    sheet.set_name(IDENT)?;
    sheet.set_column_width(0, 12)?;
    sheet.set_column_width(1, 40)?;
    sheet.write(0, 0, IDENT_MARK)?;
    let values = [
        IDENT_VERSION.to_string(),
        format.id.clone(),
        header.year.map(|y| y.to_string()).unwrap_or_default(),
        header.unit.clone(),
        header.unit_code.clone(),
        header.members.map(|n| n.to_string()).unwrap_or_default(),
    ];
    for (i, (key, value)) in IDENT_KEYS.iter().zip(values).enumerate() {
        sheet.write(i as u32 + 1, 0, *key)?;
        sheet.write(i as u32 + 1, 1, value)?;
    }
    sheet.set_hidden(true);
    protect(sheet);
    Ok(())
}

/// Limits on column widths, in Excel character units.
struct WidthRule {
    /// Narrowest column.
    min: f64,
    /// Widest column of a group label spanning several rows, which may wrap.
    group: f64,
    /// Widest column of a row label.
    row_label: f64,
    /// Widest column of a column header; narrower headers wrap.
    header: f64,
    /// Width of a check column to the right of the table.
    check: f64,
}

/// Roomy widths, where labels wrap only when very long.
const ROOMY: WidthRule = WidthRule {
    min: 10.0,
    group: 16.0,
    row_label: 44.0,
    header: 44.0,
    check: 14.0,
};

/// Narrow widths for a table that is too wide to print legibly on one page with roomy
/// ones (表三, 表四): labels and headers wrap onto more lines instead.
const COMPACT: WidthRule = WidthRule {
    min: 7.0,
    group: 10.0,
    row_label: 30.0,
    header: 7.0,
    check: 12.0,
};

/// Column widths in Excel character units: label columns fit their labels (wrapping long ones),
/// data columns fit their headers, check columns fit their results. Roomy unless the table
/// would then print below [`crate::write::print::MIN_PRINTED_PT`] or across two pages.
fn column_widths(layout: &TableLayout, right_cols: u16) -> Vec<f64> {
    let roomy = widths_by(layout, right_cols, &ROOMY);
    if crate::write::print::fits_width(&roomy, BODY_PT) {
        roomy
    } else {
        widths_by(layout, right_cols, &COMPACT)
    }
}

fn widths_by(layout: &TableLayout, right_cols: u16, rule: &WidthRule) -> Vec<f64> {
    let mut widths = vec![rule.min; (layout.width + right_cols) as usize];
    for label in &layout.labels {
        if label.col != label.last_col || label.role == Role::Caption {
            continue;
        }
        let text = display_width(&label.text) + 2.0;
        // A group label spanning several rows (“（三）不予公开”) may wrap onto two lines.
        let max = match (label.role, label.last_row > label.row) {
            (Role::RowLabel, true) => rule.group,
            (Role::RowLabel, false) => rule.row_label,
            (_, true) => rule.group.min(rule.header),
            (_, false) => rule.header,
        };
        let w = &mut widths[label.col as usize];
        *w = w.max(text.min(max).max(rule.min));
    }
    for w in widths.iter_mut().skip(layout.width as usize) {
        *w = rule.check;
    }
    widths
}

/// Raises row heights so a wrapped label fits, sharing the height over merged rows.
fn spread_height(heights: &mut [f64], label: &Placed, widths: &[f64]) {
    let width: f64 = widths[label.col as usize..=label.last_col as usize]
        .iter()
        .sum();
    let rows = label.last_row - label.row + 1;
    let needed = text_height(&label.text, width) / f64::from(rows);
    for r in label.row..=label.last_row {
        let h = &mut heights[(TABLE_TOP + r) as usize];
        *h = h.max(needed);
    }
}

/// Height in points that `text` needs when wrapped in a column `width` characters wide.
pub(crate) fn text_height(text: &str, width: f64) -> f64 {
    let lines = (display_width(text) / (width - 1.0).max(2.0))
        .ceil()
        .max(1.0);
    lines * LINE_HEIGHT + 5.0
}

/// Display width in Excel character units: CJK characters count double.
fn display_width(text: &str) -> f64 {
    text.width() as f64
}

/// A decimal as the text Excel stores as a cached formula result.
fn plain(value: Decimal) -> String {
    value.normalize().to_string()
}

fn to_f64(value: Decimal) -> f64 {
    value.to_string().parse().unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_join_down_columns_and_along_rows() {
        let places = [
            (0, 8, 2),
            (0, 9, 2),
            (0, 10, 2),
            (0, 12, 2),
            (0, 1, 3),
            (0, 1, 4),
            (1, 1, 5),
        ];
        assert_eq!(
            compress_runs(&places),
            vec![
                (0, (8, 2), (10, 2)),
                (0, (12, 2), (12, 2)),
                (0, (1, 3), (1, 4)),
                (1, (1, 5), (1, 5)),
            ]
        );
    }

    #[test]
    fn a_published_report_keeps_its_totals_and_blanks() {
        let f = Format::by_id("2021").unwrap();
        let mut cells = Published::new();
        for (code, n) in [("T4.A1", 6), ("T4.A2", 2), ("T4.A3", 3), ("T4.A5", 0)] {
            cells.insert(code.into(), Given::Number(Decimal::from(n)));
        }
        cells.insert("T4.B1".into(), Given::Text("无".into()));
        let inputs = Values::new();
        let model = Model::published(f, &inputs, &cells);
        assert_eq!(model.value("T4.A5"), Decimal::ZERO); // printed 0, not 11
        assert_eq!(model.value("T4.B1"), Decimal::ZERO); // text sums as 0, as in Excel
        assert_eq!(model.value("T4.C5"), Decimal::ZERO); // blank stays blank
        let hint = table_hint(&model, 2, true);
        assert!(hint.contains("报告公布的总计"), "{hint}");
    }

    #[test]
    fn totals_are_recomputed_from_inputs() {
        let f = Format::by_id("2021").unwrap();
        let mut inputs = Values::new();
        inputs.insert("T3.R3.1.C1".into(), Decimal::from(4));
        inputs.insert("T3.R3.6.3.C2".into(), Decimal::from(1));
        inputs.insert("T3.R3.7.C7".into(), Decimal::from(99)); // typed-over total is ignored
        let model = Model::new(f, &inputs);
        assert_eq!(model.value("T3.R3.7.C1"), Decimal::from(4));
        assert_eq!(model.value("T3.R3.7.C7"), Decimal::from(5));
        assert_eq!(model.value("T3.R3.1.C7"), Decimal::from(4));
    }
}
