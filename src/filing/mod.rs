//! # Stage 2: filing — Grids to a Filing
//!
//! Finds every data cell of a format in the Grids by its labels ([`locate`](mod@locate), the one place
//! that matches labels), reads the values and the cover into a [`Filing`] (this module),
//! works out the totals as the rules see them ([`totals`]) and tells which unit a filing is
//! ([`names`]).
//!
//! **A new way to find a cell goes in [`locate`](mod@locate)**; a new field of the cover in
//! [`crate::format::sheets`] and here.
//!
//! Depends on [`crate::format`] and [`crate::read`].
//!
//! A Filing is one unit's report: who, which year, which format, and every data cell's value
//! with the place it came from. Whatever the input shape, everything downstream — checks,
//! merging, writing — works on Filings.
//!
//! [`Filing::from_grids`] identifies the format (from the template's identification record,
//! else by trying each format's labels), locates the cells, reads their values and the cover
//! and 情况说明 sheets. Problems met on the way are kept as findings on the Filing.

pub mod locate;
pub mod names;
pub mod totals;

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::filing::locate::{Located, locate};
use crate::format::findings::Finding;
use crate::format::labels::normalize;
use crate::format::rules::Severity;
use crate::format::sheets::{
    CoverField, DETAIL_CODE, DETAIL_ERRORS, DETAIL_SHEET, DETAIL_TOTAL, DETAIL_UNIT,
    EXPLANATION_HEADERS, IDENT, IDENT_KEYS, IDENT_MARK,
};
use crate::format::value::{State, Value, parse_year};
use crate::format::{Format, Kind};
use crate::read::grid::{Grid, Raw, display};

/// One data cell of a filing.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub value: Value,
    /// Where it was read (`表三!D7`); `None` when its label was not found.
    pub place: Option<String>,
    /// The cell holds a formula (a total in the template).
    pub formula: bool,
    /// Its label was not found (an L1 error), so the value is unknown.
    pub missing: bool,
}

/// A unit's explanation of a warning, from the 情况说明 sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// Rule id as written (`X2`), may be empty.
    pub rule: String,
    /// Cell or code as written (`表二!C5`, `T2.1.R2.C3`), may be empty.
    pub target: String,
    pub text: String,
    /// Where the explanation is written (`情况说明!B4`), for messages.
    pub place: String,
}

/// How the format of a filing was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identified {
    /// From the hidden identification record of an xxgk template.
    Record,
    /// From the table labels.
    Labels,
}

/// One unit's report.
#[derive(Debug, Clone)]
pub struct Filing {
    pub format: &'static Format,
    pub unit: String,
    pub unit_code: String,
    pub year: Option<u16>,
    pub identified: Identified,
    /// Every data cell of the format, by code.
    pub entries: BTreeMap<String, Entry>,
    pub explanations: Vec<Explanation>,
    /// Problems met while reading (labels, layout, cover).
    pub findings: Vec<Finding>,
    /// For a consolidated workbook: how many units it sums.
    pub members: Option<usize>,
    /// 填报日期 from the cover as `YYYY-MM-DD`, when it can be read; for choosing the latest of
    /// two files of one unit.
    pub filed: Option<String>,
    /// For a consolidated workbook: its 分单位明细 rows, so each unit's numbers survive into
    /// the next level's consolidation.
    pub details: Vec<DetailRow>,
}

/// One unit's row in a consolidated workbook's 分单位明细.
#[derive(Debug, Clone, PartialEq)]
pub struct DetailRow {
    /// Where the row came from, outermost first: `大东区 › 前进街道`.
    pub source: String,
    pub unit: String,
    /// 单位代码, or empty (also in consolidations written before the column existed).
    pub code: String,
    /// The unit's report had errors that were not fixed.
    pub has_errors: bool,
    /// The unit's numbers, in the order of the format's cells.
    pub values: Numbers,
}

/// One number per data cell, in the order of [`Format::cells`]: 200 numbers, shared rather
/// than copied between a unit's record and its 分单位明细 row, so a merge of ten thousand
/// units keeps a few megabytes of numbers.
///
/// ```
/// let numbers: xxgk::filing::Numbers = vec![rust_decimal::Decimal::ONE; 3].into();
/// assert_eq!(numbers.len(), 3);
/// ```
pub type Numbers = std::sync::Arc<[Decimal]>;

/// The identification record, when the workbook has one.
#[derive(Debug, Default)]
struct Record {
    format: Option<String>,
    year: Option<u16>,
    unit: String,
    unit_code: String,
    members: Option<usize>,
}

impl Filing {
    /// Builds a filing from the grids of a workbook. `None` when no table of any format can
    /// be found: the file is not an annual report.
    pub fn from_grids(grids: &[Grid]) -> Option<Filing> {
        let (record, record_conflict) = read_record(grids);
        let candidates: Vec<&'static Format> =
            match record.format.as_deref().and_then(Format::by_id) {
                Some(f) => vec![f],
                None => Format::builtin().iter().collect(),
            };
        // The identification sheet holds no table. xxgk writes it last, so it is cut off
        // without copying the grids; a workbook that moved it gets a filtered copy.
        let copied: Vec<Grid>;
        let searchable: &[Grid] = match grids.iter().position(|g| g.name == IDENT) {
            None => grids,
            Some(i) if i + 1 == grids.len() => &grids[..i],
            Some(_) => {
                copied = grids.iter().filter(|g| g.name != IDENT).cloned().collect();
                &copied
            }
        };
        let (format, located) = candidates
            .into_iter()
            .map(|f| (f, locate(f, searchable)))
            .min_by_key(|(f, l)| {
                (
                    l.missing,
                    std::cmp::Reverse(l.matched),
                    std::cmp::Reverse(f.first_year),
                )
            })?;
        if located.matched == 0 {
            return None;
        }
        let cover = read_cover(searchable);
        let text = |v: &Option<CoverValue>| v.as_ref().map_or(String::new(), |v| v.text.clone());
        // The unit as the coordinator named it when sending the template; else the cover.
        let unit = first_nonempty(&[&record.unit, &text(&cover.unit)]);
        let unit_code = first_nonempty(&[&record.unit_code, &text(&cover.unit_code)]);
        // The year as the unit wrote it on the cover; else the template's.
        let year = parse_year(&text(&cover.year)).or(record.year);
        let mut filing = Filing {
            format,
            unit,
            unit_code,
            year,
            identified: if record.format.is_some() {
                Identified::Record
            } else {
                Identified::Labels
            },
            entries: BTreeMap::new(),
            explanations: read_explanations(searchable),
            findings: Vec::new(),
            members: record.members,
            filed: cover.date.as_ref().and_then(|d| parse_date(&d.text)),
            details: read_details(searchable, format),
        };
        filing.read_values(searchable, &located);
        filing.findings.extend(labels_of_another_format(
            format, &located, searchable, &record,
        ));
        filing.findings.extend(located.findings.iter().cloned());
        filing.check_layout(searchable, &located);
        filing.check_cover(&cover, &record);
        filing.findings.extend(record_conflict);
        filing.findings.extend(
            cover
                .conflicts
                .iter()
                .map(|(field, read, other)| cover_conflict(*field, read, other)),
        );
        Some(filing)
    }

    /// A filing of numbers alone, in the order of the format's cells: a consolidation's totals,
    /// or one unit's row of last year's 分单位明细, to check like any report. Its cells have
    /// no place in a workbook.
    ///
    /// ```
    /// let format = xxgk::format::Format::for_year(2025);
    /// let numbers = vec![rust_decimal::Decimal::ONE; format.cells().len()];
    /// let f = xxgk::filing::Filing::of_numbers(format, "前进街道", "210104001", Some(2024), &numbers);
    /// assert_eq!(f.number(&format.cells()[0].code), rust_decimal::Decimal::ONE);
    /// ```
    pub fn of_numbers(
        format: &'static Format,
        unit: &str,
        unit_code: &str,
        year: Option<u16>,
        numbers: &[Decimal],
    ) -> Filing {
        let entries = format
            .cells()
            .iter()
            .zip(numbers.iter().chain(std::iter::repeat(&Decimal::ZERO)))
            .map(|(c, n)| {
                let value = Value {
                    raw: n.to_string(),
                    state: State::Number,
                    number: Some(*n),
                    note: String::new(),
                };
                let entry = Entry {
                    value,
                    place: None,
                    formula: false,
                    missing: false,
                };
                (c.code.clone(), entry)
            })
            .collect();
        Filing {
            format,
            unit: unit.to_string(),
            unit_code: unit_code.to_string(),
            year,
            identified: Identified::Record,
            entries,
            explanations: Vec::new(),
            findings: Vec::new(),
            members: None,
            filed: None,
            details: Vec::new(),
        }
    }

    /// Whether any data cell found in the file is blank (so it may be an uncached formula).
    pub fn has_blank_cells(&self) -> bool {
        self.entries
            .values()
            .any(|e| e.place.is_some() && e.value.state == crate::format::value::State::Blank)
    }

    /// Whether it matters which cells hold formulas: a blank data cell may be a formula
    /// without its result, and a number typed as text is skipped by the sheet's own formulas
    /// over it (see `check`'s V6). Reading formulas costs a second parse, so only then.
    pub fn needs_formulas(&self) -> bool {
        self.entries.values().any(|e| {
            e.place.is_some()
                && matches!(
                    e.value.state,
                    crate::format::value::State::Blank | crate::format::value::State::Lenient
                )
        })
    }

    /// The value used in sums: blank and invalid count as 0.
    pub fn number(&self, code: &str) -> Decimal {
        self.entries
            .get(code)
            .map(|e| e.value.sum_value())
            .unwrap_or_default()
    }

    fn read_values(&mut self, grids: &[Grid], located: &Located) {
        for cell in self.format.cells() {
            let (_, _, _, column) = self.format.parts(cell);
            let unit = column.unit.as_deref();
            let read = |p: &crate::filing::locate::Placement| {
                let grid = &grids[p.grid];
                (
                    read_value(grid.get(p.row, p.col), cell.kind, unit),
                    grid.place(p.row, p.col),
                    grid.is_formula(p.row, p.col),
                )
            };
            let entry = match located.cells.get(&cell.code).map(Vec::as_slice) {
                Some([one]) => {
                    let (value, place, formula) = read(one);
                    Entry {
                        value,
                        place: Some(place),
                        formula,
                        missing: false,
                    }
                }
                Some(several @ [first, ..]) => {
                    let parts: Vec<Value> = several.iter().map(|p| read(p).0).collect();
                    Entry {
                        value: sum_of(&parts),
                        place: Some(read(first).1),
                        formula: false,
                        missing: false,
                    }
                }
                _ if located.absent.contains(&cell.code) => Entry {
                    value: Value::from_number(0.0, cell.kind),
                    place: None,
                    formula: false,
                    missing: false,
                },
                _ => Entry {
                    value: Value::blank(),
                    place: None,
                    formula: false,
                    missing: true,
                },
            };
            self.entries.insert(cell.code.clone(), entry);
        }
    }

    /// One warning per table whose cells are not where the template puts them. A report read
    /// from text has no template positions to compare with.
    fn check_layout(&mut self, grids: &[Grid], located: &Located) {
        if grids.iter().any(Grid::from_text) {
            return;
        }
        for (table, layout) in self.format.tables.iter().zip(self.format.layouts()) {
            let moved = layout.data.iter().find_map(|d| {
                let p = located.cells.get(&d.code)?.first()?;
                let expected = (
                    table.sheet.as_str(),
                    crate::format::layout::TABLE_TOP + d.row,
                    u32::from(d.col),
                );
                let actual = (grids[p.grid].name.as_str(), p.row, p.col);
                (expected != actual).then(|| (d, grids[p.grid].place(p.row, p.col)))
            });
            if let Some((d, found)) = moved {
                let cell = self.format.cell(&d.code).expect("laid-out cell");
                let template_place = format!(
                    "{}!{}",
                    table.sheet,
                    rust_xlsxwriter::utility::row_col_to_cell(
                        crate::format::layout::TABLE_TOP + d.row,
                        d.col
                    )
                );
                self.findings.push(
                    Finding::new(
                        Severity::Warning,
                        "L3",
                        format!(
                            "{}不在模板的位置（例如“{}”在 {found}，模板中为 {template_place}），已按标签找到各数据格",
                            table.sheet,
                            self.format.cell_label(cell),
                        ),
                    )
                    .at(found.rsplit_once('!').map_or("", |(s, _)| s))
                    .hint("可能插入了行列、移动了表格或改了工作表名称。请核对数字是否填在正确的格中；最好使用 xxgk 生成的模板。"),
                );
            }
        }
    }

    fn check_cover(&mut self, cover: &Cover, record: &Record) {
        let unit_place = cover
            .unit
            .as_ref()
            .map_or(String::new(), |v| v.place.clone());
        let year_place = cover
            .year
            .as_ref()
            .map_or(unit_place.clone(), |v| v.place.clone());
        let cover_unit = cover.unit.as_ref().map_or("", |v| v.text.as_str());
        let unit_hint = "请在封面“填报单位”一栏填写单位全称。";
        if self.unit.is_empty() {
            self.push(
                Severity::Error,
                "C1",
                "没有填写填报单位".to_string(),
                &unit_place,
                unit_hint,
            );
        } else if cover_unit.is_empty() && cover.unit.is_some() {
            self.push(
                Severity::Warning,
                "C1",
                format!("封面没有填写填报单位，按模板中的“{}”计", self.unit),
                &unit_place,
                unit_hint,
            );
        } else if !cover_unit.is_empty()
            && !record.unit.is_empty()
            && normalize(cover_unit) != normalize(&record.unit)
        {
            self.push(
                Severity::Warning,
                "C1",
                format!(
                    "封面填报单位“{cover_unit}”与下发模板时的单位“{}”不一致",
                    record.unit
                ),
                &unit_place,
                "请确认报送的是本单位的表格；汇总时按下发模板时的单位名称计。",
            );
        }
        let year_hint = "请在封面“报告年度”一栏填写四位数字年份，例如 2025。";
        let cover_year_text = cover.year.as_ref().map_or("", |v| v.text.as_str());
        let cover_year = parse_year(cover_year_text);
        if let (Some(c), Some(r)) = (cover_year, record.year)
            && c != r
        {
            self.push(
                Severity::Error,
                "C2",
                format!("封面报告年度是{c}，而这份模板是{r}年度下发的"),
                &year_place,
                "如果用的是往年的模板，请用本年度下发的模板重新填写；否则请改正封面的报告年度。",
            );
        }
        match self.year {
            None if !cover_year_text.is_empty() => self.push(
                Severity::Error,
                "C2",
                format!("报告年度“{cover_year_text}”无法识别"),
                &year_place,
                year_hint,
            ),
            None => self.push(
                Severity::Error,
                "C2",
                "没有填写报告年度".to_string(),
                &year_place,
                year_hint,
            ),
            Some(y) if !(2019..=2100).contains(&y) => self.push(
                Severity::Error,
                "C2",
                format!("报告年度 {y} 不合理"),
                &year_place,
                "年度报告格式自2019年度起施行，请填写正确的报告年度。",
            ),
            Some(y) if !self.format.applies_to(y) => {
                let usual = Format::for_year(y);
                // Whether the record or the labels named the format, both say the same
                // here (a contradiction is an L1), so the message does not depend on it: a
                // report and the workbook imported from it read alike.
                self.push(
                    Severity::Warning,
                    "C3",
                    format!(
                        "{y}年度应使用{}，这份表格用的是{}，已按{}读取和审核",
                        usual.name, self.format.name, self.format.name
                    ),
                    &year_place,
                    &format!("请改用{}的模板重新填写，或核对报告年度。", usual.name),
                );
            }
            Some(_) if cover_year.is_none() && cover.year.is_some() => self.push(
                Severity::Warning,
                "C2",
                "封面没有填写报告年度，按模板中的年度计".to_string(),
                &year_place,
                year_hint,
            ),
            _ => {}
        }
    }

    fn push(&mut self, severity: Severity, rule: &str, message: String, place: &str, hint: &str) {
        self.findings
            .push(Finding::new(severity, rule, message).at(place).hint(hint));
    }
}

/// When the identification record names one format but the tables carry another's labels
/// (tables pasted from another template, or the record edited): one error saying so. The
/// record still decides how the file is read — it is what the coordinator sent — so the
/// labels it cannot find are reported too; this says why.
fn labels_of_another_format(
    format: &'static Format,
    located: &Located,
    grids: &[Grid],
    record: &Record,
) -> Option<Finding> {
    if record.format.is_none() || located.missing == 0 {
        return None;
    }
    let (other, _) = Format::builtin()
        .iter()
        .filter(|f| f.id != format.id)
        .map(|f| (f, locate(f, grids)))
        .filter(|(_, l)| l.missing < located.missing)
        .min_by_key(|(_, l)| (l.missing, std::cmp::Reverse(l.matched)))?;
    Some(
        Finding::new(
            Severity::Error,
            "L1",
            format!(
                "表格的标签是{}的，而这份模板的 xxgk 标识是{}：已按{}读取，找不到的标签见下",
                other.name, format.name, format.name
            ),
        )
        .at(IDENT)
        .hint(format!(
            "可能把别的模板（{}）的表格粘贴到了这份模板中。请在下发的{}模板中重新填写，不要粘贴别的模板的表格。",
            other.name, format.name
        )),
    )
}

/// The value of a row that a report split into several: their sum when all are numbers or
/// blank, else the first problem.
fn sum_of(parts: &[Value]) -> Value {
    if let Some(bad) = parts
        .iter()
        .find(|v| !matches!(v.state, State::Number | State::Blank))
    {
        return bad.clone();
    }
    if parts.iter().all(|v| v.state == State::Blank) {
        return Value::blank();
    }
    let total: Decimal = parts.iter().map(Value::sum_value).sum();
    Value {
        raw: parts
            .iter()
            .map(|v| v.raw.clone())
            .collect::<Vec<_>>()
            .join("+"),
        state: State::Number,
        number: Some(total),
        note: String::new(),
    }
}

/// Reads one grid cell as a value of the given kind.
fn read_value(raw: &Raw, kind: Kind, unit: Option<&str>) -> Value {
    match raw {
        Raw::Empty => Value::blank(),
        Raw::Number(n) => Value::from_number(*n, kind),
        Raw::Text(t) => Value::from_text(t, kind, unit),
        Raw::Error(e) => Value::error(e),
        Raw::Bool(_) => Value {
            raw: display(raw),
            state: State::Invalid,
            number: None,
            note: "这里应填数字，填写的是逻辑值".to_string(),
        },
        Raw::Date(d) => Value {
            raw: d.clone(),
            state: State::Invalid,
            number: None,
            note: format!(
                "这里应填数字，单元格却是日期 {d}（常见原因：输入“1-5”之类被表格程序当成了日期）；请把单元格格式设为“常规”后重填数字"
            ),
        },
    }
}

/// The hidden identification record of an xxgk template, and a C5 error when a second record
/// (a copied sheet of another unit's or year's template) says otherwise.
fn read_record(grids: &[Grid]) -> (Record, Option<Finding>) {
    let mut records = grids
        .iter()
        .filter(|g| g.text(0, 0) == Some(IDENT_MARK))
        .map(|g| (g, record_of(g)));
    let Some((first_grid, first)) = records.next() else {
        return (Record::default(), None);
    };
    let conflict = records.find(|(_, r)| !r.same_as(&first)).map(|(g, r)| {
        Finding::new(
            Severity::Error,
            "C5",
            format!(
                "工作簿中有两份 xxgk 标识，内容不一致：已按“{}”（{}，{}）读取，“{}”写的是 {}，{}",
                first_grid.name,
                first.describe(),
                first.format.as_deref().unwrap_or("未知格式"),
                g.name,
                r.describe(),
                r.format.as_deref().unwrap_or("未知格式"),
            ),
        )
        .at(&g.name)
        .hint("可能从别的单位或往年的模板复制了工作表。请在本单位本年度下发的模板中重新填写，不要在模板之间复制整张工作表。")
    });
    (first, conflict)
}

fn record_of(grid: &Grid) -> Record {
    let value = |key: &str| -> String {
        (1..grid.height())
            .find(|&r| grid.text(r, 0) == Some(key))
            .map(|r| display(grid.get(r, 1)).trim().to_string())
            .unwrap_or_default()
    };
    let [_, format, year, unit, code, members] = IDENT_KEYS;
    Record {
        format: Some(value(format)).filter(|s| !s.is_empty()),
        year: parse_year(&value(year)),
        unit: value(unit),
        unit_code: value(code),
        members: value(members).parse().ok(),
    }
}

impl Record {
    fn same_as(&self, other: &Record) -> bool {
        (
            &self.format,
            self.year,
            &self.unit,
            &self.unit_code,
            self.members,
        ) == (
            &other.format,
            other.year,
            &other.unit,
            &other.unit_code,
            other.members,
        )
    }

    /// “前进街道 2025年度”, for messages.
    fn describe(&self) -> String {
        let unit = if self.unit.is_empty() {
            "未填单位"
        } else {
            &self.unit
        };
        match self.year {
            Some(y) => format!("{unit} {y}年度"),
            None => format!("{unit} 未填年度"),
        }
    }
}

/// A value on the cover: its text (possibly empty) and the cell it is in.
#[derive(Debug, Default, Clone)]
struct CoverValue {
    text: String,
    place: String,
}

/// What the cover (or any sheet with the same labels) says.
#[derive(Debug, Default)]
struct Cover {
    unit: Option<CoverValue>,
    unit_code: Option<CoverValue>,
    year: Option<CoverValue>,
    date: Option<CoverValue>,
    /// A field that a second cover fills in otherwise: (field, the value read, the other).
    conflicts: Vec<(CoverField, CoverValue, CoverValue)>,
}

/// Finds 填报单位 / 单位代码 / 报告年度 labels; the value is the first non-empty cell of the
/// three to their right, or the empty cell right next to them. The first sheet that has a
/// label is read; another sheet that says otherwise (a second cover) is a conflict.
fn read_cover(grids: &[Grid]) -> Cover {
    let mut conflicts = Vec::new();
    let mut read = |field: CoverField, same: fn(&str, &str) -> bool| {
        let mut all = grids
            .iter()
            .filter(|g| !crate::format::sheets::NOT_TABLES.contains(&g.name.as_str()))
            .filter(|g| g.text(0, 0) != Some(IDENT_MARK))
            .filter_map(|g| cover_value(g, field.label()));
        let first = all.next()?;
        if let Some(other) = all.find(|o| !same(&first.text, &o.text)) {
            conflicts.push((field, first.clone(), other));
        }
        Some(first)
    };
    let unit = read(CoverField::Unit, |a, b| normalize(a) == normalize(b));
    let unit_code = read(CoverField::UnitCode, |a, b| a == b);
    let year = read(CoverField::Year, |a, b| parse_year(a) == parse_year(b));
    let date = read(CoverField::Date, |_, _| true);
    Cover {
        unit,
        unit_code,
        year,
        date,
        conflicts,
    }
}

/// The value beside `label` in one sheet, if the sheet has the label.
fn cover_value(g: &Grid, label: &str) -> Option<CoverValue> {
    let wanted = normalize(label);
    // Every sheet is searched (a second cover may be anywhere), so only texts that can be the
    // label are normalised: short ones holding its first and last characters (normalising
    // leaves Chinese characters as they are).
    let (first, last) = (label.chars().next()?, label.chars().last()?);
    let (r, c, _) = g.texts().find(|(_, _, t)| {
        t.len() <= 64
            && t.contains(first)
            && t.contains(last)
            && normalize(t).trim_end_matches([':', '：']) == wanted
    })?;
    let filled = (c + 1..c + 4).find(|&cc| !display(g.get(r, cc)).trim().is_empty());
    let cc = filled.unwrap_or(c + 1);
    Some(CoverValue {
        text: display(g.get(r, cc)).trim().to_string(),
        place: g.place(r, cc),
    })
}

/// The C5 error for two covers that disagree on one field.
fn cover_conflict(field: CoverField, read: &CoverValue, other: &CoverValue) -> Finding {
    let shown = |v: &CoverValue| {
        if v.text.is_empty() {
            "空白".to_string()
        } else {
            format!("“{}”", v.text)
        }
    };
    let label = field.label();
    Finding::new(
        Severity::Error,
        "C5",
        format!(
            "{label}有两处且不一致：已按 {} 的{}读取，{} 写的是{}",
            read.place,
            shown(read),
            other.place,
            shown(other)
        ),
    )
    .at(&read.place)
    .hint(format!(
        "工作簿中有两份封面（或两处“{label}”）。请删除多余的一份，只保留一处正确的“{label}”再报送。"
    ))
}

/// Rows of the 情况说明 table: under a header row holding 规则编号 and 情况说明.
fn read_explanations(grids: &[Grid]) -> Vec<Explanation> {
    let [_, rule_h, target_h, text_h] = EXPLANATION_HEADERS;
    let mut out = Vec::new();
    for grid in grids {
        let Some((hr, _, _)) = grid
            .texts()
            .find(|(_, _, t)| normalize(t) == normalize(rule_h))
        else {
            continue;
        };
        let col = |h: &str| {
            grid.texts()
                .find(|(r, _, t)| *r == hr && normalize(t) == normalize(h))
                .map(|(_, c, _)| c)
        };
        let (Some(rc), Some(tc), Some(xc)) = (col(rule_h), col(target_h), col(text_h)) else {
            continue;
        };
        for r in hr + 1..grid.height() {
            let text = display(grid.get(r, xc)).trim().to_string();
            if text.is_empty() {
                continue;
            }
            out.push(Explanation {
                rule: display(grid.get(r, rc)).trim().to_uppercase(),
                target: display(grid.get(r, tc)).trim().to_string(),
                text,
                place: grid.place(r, rc),
            });
        }
    }
    out
}

/// The 分单位明细 rows of a consolidated workbook: under the row of cell codes, up to 合计.
fn read_details(grids: &[Grid], format: &Format) -> Vec<DetailRow> {
    let Some(grid) = grids.iter().find(|g| g.name == DETAIL_SHEET) else {
        return Vec::new();
    };
    let code_row = (0..grid.height()).find(|&r| {
        grid.rows[r as usize]
            .iter()
            .filter(|c| matches!(c, Raw::Text(t) if format.cell(t).is_some()))
            .count()
            >= 10
    });
    let Some(code_row) = code_row else {
        return Vec::new();
    };
    let columns: Vec<(u32, usize)> = grid.rows[code_row as usize]
        .iter()
        .enumerate()
        .filter_map(|(c, cell)| match cell {
            Raw::Text(t) => format.position(t).map(|i| (c as u32, i)),
            _ => None,
        })
        .collect();
    // Columns by their headers; a consolidation written before 单位代码 existed has 来源,
    // 单位, 有未改正的错误 in columns B–D.
    let header = |name: &str| {
        grid.texts()
            .take_while(|(r, _, _)| *r < code_row)
            .find(|(_, c, t)| *c < 8 && t.trim() == name)
            .map(|(_, c, _)| c)
    };
    let unit_col = header(DETAIL_UNIT).unwrap_or(2);
    let code_col = header(DETAIL_CODE);
    let errors_col = header(DETAIL_ERRORS).unwrap_or(3);
    let mut rows = Vec::new();
    for r in code_row + 1..grid.height() {
        let text = |c: u32| display(grid.get(r, c)).trim().to_string();
        if text(0) == DETAIL_TOTAL || text(1) == DETAIL_TOTAL {
            break;
        }
        if text(unit_col).is_empty() {
            continue;
        }
        let mut values = vec![Decimal::ZERO; format.cells().len()];
        for &(c, i) in &columns {
            if let Raw::Number(n) = grid.get(r, c) {
                values[i] = Decimal::try_from(*n).unwrap_or_default().normalize();
            }
        }
        rows.push(DetailRow {
            source: text(1),
            unit: text(unit_col),
            code: code_col.map(text).unwrap_or_default(),
            has_errors: text(errors_col) == "是",
            values: values.into(),
        });
    }
    rows
}

/// A date as people write it on the cover: `2026-01-15`, `2026/1/15`, `2026年1月15日`, or an
/// Excel date cell; as `YYYY-MM-DD` so dates sort as text.
fn parse_date(text: &str) -> Option<String> {
    let numbers: Vec<u32> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.parse().ok())
        .collect();
    match numbers.as_slice() {
        [y, m, d, ..]
            if (2000..2200).contains(y) && (1..=12).contains(m) && (1..=31).contains(d) =>
        {
            Some(format!("{y:04}-{m:02}-{d:02}"))
        }
        _ => None,
    }
}

fn first_nonempty(options: &[&str]) -> String {
    options
        .iter()
        .map(|s| s.trim())
        .find(|s| !s.is_empty())
        .unwrap_or("")
        .to_string()
}

// An imported report becomes a Filing here, where the read stage's grids meet the format.
impl crate::read::import::Imported {
    /// The report as a Filing, with the text's stated numbers compared with its tables.
    pub fn into_filing(self) -> Option<Filing> {
        let mut filing = Filing::from_grids(&self.grids)?;
        let values = totals::effective_values(&filing);
        filing
            .findings
            .extend(crate::read::import::text::narrative_findings(
                filing.format,
                &self.text,
                &|code| values.get(code).copied().unwrap_or_default(),
            ));
        Some(filing)
    }
}
