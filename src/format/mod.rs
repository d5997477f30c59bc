//! # The format, under every stage
//!
//! What an official table is, as data: the two descriptions (`2019.toml`, `2021.toml`) and
//! their model — tables, rows, columns and cell codes (this module), the grid layout of a
//! table ([`layout`]), the rules ([`rules`]), the sheets beside the tables ([`sheets`]), a
//! cell's value ([`value`]), how labels are compared ([`labels`]) and what a finding is
//! ([`findings`]).
//!
//! **A new rule goes in a format's TOML file** (or as a local rule in the same syntax); a new
//! kind of formula goes in [`rules`]; a new official version is a new TOML file.
//!
//! Depends on nothing else in the crate; every other stage depends on it.
//!
//! The official report formats, described as data.
//!
//! Each official version of the 《政府信息公开工作年度报告格式》 is described once, in a TOML
//! file embedded at build time ([`2019.toml`](../../src/format/2019.toml),
//! [`2021.toml`](../../src/format/2021.toml)). Every stage — templates, reading, checking,
//! merging, Markdown, import — works from a [`Format`] and never names a label itself. A new
//! official version therefore needs a new TOML file and no new code.
//!
//! The description has three layers:
//! - **tables** (表二、表三、表四), each made of **blocks** (the 第二十条第（×）项 sub-tables of
//!   表二; one block for 表三 and 表四);
//! - **rows** and **columns**, each with a stable key and a label *path* from the outermost
//!   header to its own label. Consecutive labels with the same prefix form one merged header
//!   cell, which is how the nested headers of 表三 and 表四 are expressed without nesting;
//! - **data cells**: every row × column, with a stable code such as `T3.R3.3.2.C1`.
//!
//! ```
//! let f = xxgk::format::Format::for_year(2025);
//! assert_eq!(f.id, "2021");
//! let cell = f.cell("T3.R1.C1").unwrap();
//! assert_eq!(f.row_label(cell), "一、本年新收政府信息公开申请数量");
//! assert_eq!(f.column_label(cell), "自然人");
//! ```

pub mod findings;
pub mod labels;
pub mod layout;
pub mod remedy;
pub mod rules;
pub mod sheets;
pub mod value;

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::format::rules::{RuleDef, RuleError};

/// The embedded official descriptions, oldest first.
const BUILTIN: &[(&str, &str)] = &[
    ("2019.toml", include_str!("2019.toml")),
    ("2021.toml", include_str!("2021.toml")),
];

/// One official format version: its tables, data cells and rules.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Format {
    /// Short id used on the command line and in files: `"2019"` or `"2021"`.
    pub id: String,
    /// Chinese name, e.g. `2021版`.
    pub name: String,
    /// The document that issued the format, e.g. `国办公开办函〔2021〕30号`.
    pub source: String,
    /// First report year this version applies to.
    pub first_year: u16,
    /// Last report year this version applies to, if superseded.
    #[serde(default)]
    pub last_year: Option<u16>,
    pub tables: Vec<Table>,
    #[serde(default)]
    pub rules: Vec<RuleDef>,
    /// The six parts of the report text, for the report draft.
    #[serde(default)]
    pub sections: Vec<Section>,
    /// The main figures, for year-on-year tables.
    #[serde(default)]
    pub figures: Vec<Figure>,
    /// How report texts state main figures, for comparing the text with the tables.
    #[serde(default)]
    pub narrative: Vec<Narrative>,
    /// Every data cell in reading order (table, block, row, column); built on load.
    #[serde(skip)]
    cells: Vec<Cell>,
    #[serde(skip)]
    by_code: HashMap<String, usize>,
    #[serde(skip)]
    totals: OnceLock<crate::format::rules::Totals>,
    /// Every label of the tables, normalised once rather than for every workbook.
    #[serde(skip)]
    normalized: OnceLock<HashMap<String, String>>,
    /// The layout of each table, as the template writes it.
    #[serde(skip)]
    layouts: OnceLock<Vec<crate::format::layout::TableLayout>>,
}

/// One of the six parts of the report text: its heading and either a placeholder text or the
/// table that goes there.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub title: String,
    /// Other headings real reports use for this part (the long names of the format's notes).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Placeholder text, as in the official template, e.g. `（文字描述）`.
    #[serde(default)]
    pub text: Option<String>,
    /// Key of the table shown in this part, e.g. `T3`.
    #[serde(default)]
    pub table: Option<String>,
    /// Sentences of the report draft stating this part's numbers, the way published reports
    /// do. `{…}` is a figure's name or a sum of cells (`{T3.R1.C7}`, `{T3.R3.3.*.C7}`); see
    /// [`sentence`].
    #[serde(default)]
    pub sentences: Vec<String>,
}

/// A sentence of the report draft with its `{…}` filled in from the numbers: a figure's name,
/// or a sum of cells written as in rules. Unknown names are left as written, so a mistake in
/// a format description shows in the draft rather than as a wrong number.
///
/// ```
/// let f = xxgk::format::Format::for_year(2025);
/// let text = xxgk::format::sentence(f, "收到申请{本年新收申请}件，自然人{T3.R1.C1}件。", &|code| {
///     if code == "T3.R1.C7" { 3.into() } else { 1.into() }
/// });
/// assert_eq!(text, "收到申请3件，自然人1件。");
/// ```
pub fn sentence(
    format: &Format,
    template: &str,
    value: &dyn Fn(&str) -> rust_decimal::Decimal,
) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let name = &after[..end];
        let number = match format.figures.iter().find(|f| f.name == name) {
            Some(figure) => Some(figure.value(format, value)),
            None => crate::format::rules::parse_side(format, "sentence", name)
                .ok()
                .map(|terms| terms.iter().map(|t| t.coef * value(&t.code)).sum()),
        };
        match number {
            Some(n) => out.push_str(&n.normalize().to_string()),
            None => out.push_str(&rest[start..start + end + 2]),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// How a report's text states a main figure: “共受理政府信息公开申请 3119 件” has the phrase
/// before the number, “103 件顺延到下年度” after it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Narrative {
    /// Name of a [`Figure`] of the same format.
    pub figure: String,
    #[serde(default)]
    pub before: Vec<String>,
    #[serde(default)]
    pub after: Vec<String>,
}

/// A named main figure: a sum of cells, e.g. 不予公开 = `T3.R3.3.*.C7`. Figures with the same
/// name are compared across years, even across format versions.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    pub name: String,
    pub sum: String,
}

impl Figure {
    /// The figure's value, given each cell's value.
    ///
    /// ```
    /// let f = xxgk::format::Format::for_year(2025);
    /// let lawsuits = f.figures.iter().find(|x| x.name == "行政诉讼").unwrap();
    /// let v = lawsuits.value(f, &|code| if code == "T4.B5" { 2.into() } else { 1.into() });
    /// assert_eq!(v, 3.into());
    /// ```
    pub fn value(
        &self,
        format: &Format,
        cell: &dyn Fn(&str) -> rust_decimal::Decimal,
    ) -> rust_decimal::Decimal {
        crate::format::rules::parse_side(format, &self.name, &self.sum)
            .map(|terms| terms.iter().map(|t| t.coef * cell(&t.code)).sum())
            .unwrap_or_default()
    }
}

/// One statistical table (表二, 表三 or 表四), written to its own sheet.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// Code prefix, e.g. `T3`.
    pub key: String,
    /// Sheet name in the template, e.g. `表三`.
    pub sheet: String,
    /// The section heading above the table, word for word.
    pub title: String,
    pub blocks: Vec<Block>,
}

/// A rectangular sub-table with its own header: one 第二十条第（×）项 of 表二, or all of 表三.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Block {
    /// Code segment for this block (`"1"` for 第（一）项); absent when the table has one block.
    #[serde(default)]
    pub key: Option<String>,
    /// A full-width caption row above the block, e.g. `第二十条第（一）项`.
    #[serde(default)]
    pub caption: Option<String>,
    /// The top-left header cell above the row labels, e.g. `信息内容`.
    #[serde(default)]
    pub corner: Vec<String>,
    pub columns: Vec<Column>,
    /// Data rows. Empty means one unlabeled row (表四).
    #[serde(default)]
    pub rows: Vec<Row>,
    /// Rows a report may write as one row; see [`MergedRows`].
    #[serde(default)]
    pub merged: Vec<MergedRows>,
    /// A row a report may split into several; see [`SplitRow`].
    #[serde(default)]
    pub split: Vec<SplitRow>,
}

/// Several rows of the format that a real report may write as a single row labelled `label`
/// (many 2021 reports keep the 2019 single “（六）其他处理” row). That row's numbers are read
/// into `into`; the other rows count as 0.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MergedRows {
    pub label: String,
    pub rows: Vec<String>,
    pub into: String,
}

/// One row of the format that a real report may split into rows labelled `labels` (a 2019
/// report using the 2021 sub-rows of （六）). The row's value is their sum.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SplitRow {
    pub row: String,
    pub labels: Vec<String>,
}

/// A data column: its key, its header path and the kind of value its cells hold.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    pub key: String,
    /// Header labels from the outermost level down to this column's own label.
    pub path: Vec<String>,
    /// How many grid columns the cell spans (the 2021 表二（五） cell spans 3).
    #[serde(default = "one")]
    pub span: u16,
    #[serde(default)]
    pub kind: Kind,
    /// Unit of an amount, e.g. `万元`.
    #[serde(default)]
    pub unit: Option<String>,
}

/// A data row: its key and its label path (outermost first).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Row {
    pub key: String,
    pub path: Vec<String>,
}

fn one() -> u16 {
    1
}

/// What a data cell may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A non-negative integer count (件、个).
    #[default]
    Count,
    /// An integer that may be negative: 2019 `本年增/减`.
    Signed,
    /// A non-negative decimal amount in the column's unit.
    Amount,
}

impl Kind {
    /// Chinese description for help texts and messages.
    ///
    /// ```
    /// assert_eq!(xxgk::format::Kind::Count.describe(None), "非负整数");
    /// assert_eq!(xxgk::format::Kind::Amount.describe(Some("万元")), "金额（万元，可有小数）");
    /// ```
    pub fn describe(self, unit: Option<&str>) -> String {
        match self {
            Kind::Count => "非负整数".to_string(),
            Kind::Signed => "整数（可为负数）".to_string(),
            Kind::Amount => format!("金额（{}，可有小数）", unit.unwrap_or("")),
        }
    }
}

/// One data cell of a format, addressed by its stable code.
#[derive(Debug, Clone)]
pub struct Cell {
    /// Stable code: table, block, row and column keys joined by `.`, e.g. `T3.R3.3.2.C1`.
    pub code: String,
    pub table: usize,
    pub block: usize,
    pub row: usize,
    pub column: usize,
    pub kind: Kind,
}

/// A format description that cannot be used, with the reason in Chinese.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    #[error("格式描述 {file} 无法解析：{source}")]
    Parse {
        file: String,
        source: Box<toml::de::Error>,
    },
    #[error("格式描述 {file} 有误：{reason}")]
    Invalid { file: String, reason: String },
    #[error("格式描述 {file} 的规则有误：{source}")]
    Rule { file: String, source: RuleError },
}

impl Format {
    /// Parses and validates a format description. `file` names it in error messages.
    ///
    /// ```
    /// let text = include_str!("2021.toml");
    /// let f = xxgk::format::Format::from_toml("2021.toml", text).unwrap();
    /// assert_eq!(f.cells().len(), 6 + 1 + 2 + 1 + 25 * 7 + 15);
    /// ```
    pub fn from_toml(file: &str, text: &str) -> Result<Format, FormatError> {
        let mut format: Format = toml::from_str(text).map_err(|e| FormatError::Parse {
            file: file.to_string(),
            source: Box::new(e),
        })?;
        format.index().map_err(|reason| FormatError::Invalid {
            file: file.to_string(),
            reason,
        })?;
        for rule in &format.rules {
            rule.instances(&format)
                .map_err(|source| FormatError::Rule {
                    file: file.to_string(),
                    source,
                })?;
        }
        Ok(format)
    }

    /// All official versions, oldest first.
    pub fn builtin() -> &'static [Format] {
        static FORMATS: OnceLock<Vec<Format>> = OnceLock::new();
        FORMATS.get_or_init(|| {
            BUILTIN
                .iter()
                .map(|(file, text)| {
                    // The embedded files are validated by the test suite, so this cannot fail
                    // in a released binary.
                    Format::from_toml(file, text).unwrap_or_else(|e| panic!("{e}"))
                })
                .collect()
        })
    }

    /// The official version with this id (`"2019"` or `"2021"`).
    ///
    /// ```
    /// assert!(xxgk::format::Format::by_id("2019").is_some());
    /// assert!(xxgk::format::Format::by_id("2018").is_none());
    /// ```
    pub fn by_id(id: &str) -> Option<&'static Format> {
        let id = id.trim().trim_end_matches('版');
        Format::builtin().iter().find(|f| f.id == id)
    }

    /// The version that applies to a report year: 2019试行版 up to 2020, 2021版 from 2021.
    ///
    /// ```
    /// use xxgk::format::Format;
    /// assert_eq!(Format::for_year(2020).id, "2019");
    /// assert_eq!(Format::for_year(2021).id, "2021");
    /// ```
    pub fn for_year(year: u16) -> &'static Format {
        let all = Format::builtin();
        all.iter()
            .rev()
            .find(|f| year >= f.first_year)
            .unwrap_or(&all[0])
    }

    /// A label of this format's tables as [`crate::format::labels::normalize`] makes it, from a
    /// table computed once; any other text is normalised on the spot.
    ///
    /// ```
    /// let f = xxgk::format::Format::by_id("2021").unwrap();
    /// assert_eq!(f.normalized("（七）总计"), xxgk::locate::normalize("（七）总计"));
    /// ```
    pub fn normalized(&self, label: &str) -> std::borrow::Cow<'_, str> {
        let table = self.normalized.get_or_init(|| {
            let mut map = HashMap::new();
            for table in &self.tables {
                let rows = table
                    .blocks
                    .iter()
                    .flat_map(|b| &b.rows)
                    .flat_map(|r| &r.path);
                let columns = table
                    .blocks
                    .iter()
                    .flat_map(|b| &b.columns)
                    .flat_map(|c| &c.path);
                let captions = table.blocks.iter().filter_map(|b| b.caption.as_ref());
                for text in rows.chain(columns).chain(captions).chain([&table.title]) {
                    map.entry(text.clone())
                        .or_insert_with(|| crate::format::labels::normalize(text));
                }
            }
            map
        });
        match table.get(label) {
            Some(n) => std::borrow::Cow::Borrowed(n.as_str()),
            None => std::borrow::Cow::Owned(crate::format::labels::normalize(label)),
        }
    }

    /// The layout of each table, in the order of [`Format::tables`], computed once.
    pub fn layouts(&self) -> &[crate::format::layout::TableLayout] {
        self.layouts.get_or_init(|| {
            self.tables
                .iter()
                .map(crate::format::layout::TableLayout::new)
                .collect()
        })
    }

    /// The total cells of this format and what they sum, computed once.
    pub fn totals(&self) -> &crate::format::rules::Totals {
        self.totals
            .get_or_init(|| crate::format::rules::Totals::new(self))
    }

    /// Every data cell in reading order.
    pub fn cells(&self) -> &[Cell] {
        &self.cells
    }

    /// Where a cell comes in [`Format::cells`], the index of its number in
    /// [`crate::filing::Numbers`].
    ///
    /// ```
    /// let f = xxgk::format::Format::by_id("2021").unwrap();
    /// assert_eq!(f.position(&f.cells()[5].code), Some(5));
    /// assert_eq!(f.position("T9.R1.C1"), None);
    /// ```
    pub fn position(&self, code: &str) -> Option<usize> {
        self.by_code.get(code).copied()
    }

    /// The cell with this code.
    pub fn cell(&self, code: &str) -> Option<&Cell> {
        self.by_code.get(code).map(|&i| &self.cells[i])
    }

    /// The block, row and column a cell belongs to.
    pub fn parts(&self, cell: &Cell) -> (&Table, &Block, &Row, &Column) {
        let table = &self.tables[cell.table];
        let block = &table.blocks[cell.block];
        (
            table,
            block,
            &block.rows[cell.row],
            &block.columns[cell.column],
        )
    }

    /// The cell's row label path joined for people, e.g. `三、本年度办理结果／（三）不予公开／1.属于国家秘密`.
    pub fn row_label(&self, cell: &Cell) -> String {
        let (_, block, row, _) = self.parts(cell);
        let mut parts: Vec<&str> = block.caption.iter().map(String::as_str).collect();
        parts.extend(row.path.iter().map(String::as_str));
        parts.join("／")
    }

    /// The cell's column label path joined for people, e.g. `法人或其他组织／商业企业`. A
    /// top-level header shared by every column of the block (表三's 申请人情况) adds nothing
    /// and is left out.
    pub fn column_label(&self, cell: &Cell) -> String {
        let (_, block, _, column) = self.parts(cell);
        let root = &column.path[0];
        let shared = block.columns.len() > 1
            && column.path.len() > 1
            && block.columns.iter().all(|c| c.path.first() == Some(root));
        column.path[usize::from(shared)..].join("／")
    }

    /// Row and column labels together: `一、本年新收政府信息公开申请数量 × 自然人`, or just the
    /// column for a table without row labels (表四).
    pub fn cell_label(&self, cell: &Cell) -> String {
        match self.row_label(cell) {
            row if row.is_empty() => self.column_label(cell),
            row => format!("{row} × {}", self.column_label(cell)),
        }
    }

    /// Whether `year` is inside the years this version officially applies to.
    pub fn applies_to(&self, year: u16) -> bool {
        year >= self.first_year && self.last_year.is_none_or(|last| year <= last)
    }

    /// Builds the cell list and code index, and checks the description for mistakes a
    /// hand-edited file could contain: duplicate codes, empty paths, ragged blocks.
    fn index(&mut self) -> Result<(), String> {
        for block in self.tables.iter_mut().flat_map(|t| t.blocks.iter_mut()) {
            if block.rows.is_empty() {
                block.rows.push(Row {
                    key: String::new(),
                    path: Vec::new(),
                });
            }
        }
        let mut cells = Vec::new();
        let mut by_code = HashMap::new();
        for (t, table) in self.tables.iter().enumerate() {
            let mut width = None;
            for (b, block) in table.blocks.iter().enumerate() {
                let w = block.label_columns() + block.data_width();
                if *width.get_or_insert(w) != w {
                    return Err(format!("{} 的各小表宽度不一致", table.sheet));
                }
                if let Some(column) = block
                    .columns
                    .iter()
                    .find(|c| c.path.is_empty() || c.span == 0)
                {
                    return Err(format!(
                        "{} 的列 {} 没有标签或宽度为0",
                        table.sheet, column.key
                    ));
                }
                for (r, row) in block.rows.iter().enumerate() {
                    for (c, column) in block.columns.iter().enumerate() {
                        let code = cell_code(table, block, row, column);
                        if by_code.insert(code.clone(), cells.len()).is_some() {
                            return Err(format!("数据格代码 {code} 重复"));
                        }
                        cells.push(Cell {
                            code,
                            table: t,
                            block: b,
                            row: r,
                            column: c,
                            kind: column.kind,
                        });
                    }
                }
            }
        }
        self.cells = cells;
        self.by_code = by_code;
        Ok(())
    }
}

/// The stable code of the cell at `row` × `column`: the non-empty keys joined by `.`.
///
/// ```
/// let f = xxgk::format::Format::for_year(2025);
/// let t4 = &f.tables[2];
/// let block = &t4.blocks[0];
/// assert_eq!(xxgk::format::cell_code(t4, block, &block.rows[0], &block.columns[4]), "T4.A5");
/// ```
pub fn cell_code(table: &Table, block: &Block, row: &Row, column: &Column) -> String {
    [
        table.key.as_str(),
        block.key.as_deref().unwrap_or(""),
        row.key.as_str(),
        column.key.as_str(),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(".")
}

impl Table {
    /// The block whose key is `key` (`None` for a single-block table).
    pub fn block(&self, key: Option<&str>) -> Option<&Block> {
        self.blocks.iter().find(|b| b.key.as_deref() == key)
    }
}

impl Block {
    /// Number of grid columns taken by row labels: the depth of the deepest row path.
    pub fn label_columns(&self) -> u16 {
        self.rows.iter().map(|r| r.path.len()).max().unwrap_or(0) as u16
    }

    /// Number of grid rows taken by column headers: the depth of the deepest column path.
    pub fn header_rows(&self) -> u16 {
        self.columns.iter().map(|c| c.path.len()).max().unwrap_or(0) as u16
    }

    /// Number of grid columns taken by data cells.
    pub fn data_width(&self) -> u16 {
        self.columns.iter().map(|c| c.span).sum()
    }
}
