//! The report as a document model, rendered three ways: Markdown ([`Document::to_markdown`]),
//! Word ([`crate::write::docx`]) and HTML ([`crate::write::html`]).
//!
//! The report's content is decided once, in [`crate::write::markdown`], as blocks (headings,
//! paragraphs, lists, tables, the official tables, charts). Each renderer only decides how a
//! block looks, so the three files say the same thing by construction: a sentence of the
//! 年度报告草稿 and the table below it are computed from the same numbers, whatever the output.
//!
//! ```
//! use xxgk::write::document::{Block, Document, Span};
//! let mut doc = Document::new("大东区2025年度汇总");
//! doc.blocks.push(Block::Heading(2, "报送概况".into()));
//! doc.blocks.push(Block::Para(vec![Span::Bold("注意".into()), Span::Text("：甲|乙".into())]));
//! assert_eq!(doc.to_markdown(), "# 大东区2025年度汇总\n\n## 报送概况\n\n**注意**：甲\\|乙\n\n");
//! ```

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use unicode_width::UnicodeWidthStr;

use crate::format::Format;

/// A run of text with its look. `Text` is escaped in Markdown; `Raw` is written as is (the
/// tool's own fixed wording and arithmetic, which never hold Markdown's special characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span {
    Text(String),
    Raw(String),
    Bold(String),
    Code(String),
}

impl Span {
    /// The text without any look, for renderers that style by span kind.
    pub fn text(&self) -> &str {
        match self {
            Span::Text(t) | Span::Raw(t) | Span::Bold(t) | Span::Code(t) => t,
        }
    }
}

/// One list item and its indented sub-items (计算、提示、单位说明).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub spans: Vec<Span>,
    pub subs: Vec<Vec<Span>>,
}

/// A plain table of the tool's own (报送情况, 同比): one header row, cells as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Which columns are numbers, aligned right.
    pub right: Vec<bool>,
}

/// A bar chart: one series, or two (this year and last) side by side.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub title: String,
    pub labels: Vec<String>,
    /// Each series: its name and one value per label.
    pub series: Vec<(String, Vec<Decimal>)>,
}

/// One block of the document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading of level 2 (`##`) or 3 (`###`); level 1 is the document's title.
    Heading(u8, String),
    Para(Vec<Span>),
    /// A warning set apart (`> ` in Markdown).
    Note(Vec<Span>),
    List(Vec<Item>),
    Grid(Grid),
    /// Pictures for the HTML page; the Markdown and Word files leave them out (the workbook
    /// holds the same charts as native Excel charts).
    Chart(Chart),
}

/// One of the six parts of the 年度报告草稿.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub title: String,
    /// Sentences generated from the numbers, e.g. “本年度共收到政府信息公开申请3件……”.
    pub sentences: Vec<String>,
    /// Where the body writes its own text, e.g. `（文字描述）`.
    pub placeholder: Option<String>,
    /// Index into the format's tables of the official table shown here.
    pub table: Option<usize>,
}

/// The 年度报告草稿: the published report's title, its six parts and every cell's value.
#[derive(Debug, Clone)]
pub struct Draft {
    /// `前进街道2020年度政府信息公开工作年度报告`.
    pub title: String,
    pub format: &'static Format,
    pub sections: Vec<Section>,
    /// Every data cell's value by code, totals included.
    pub values: BTreeMap<String, Decimal>,
    /// Warnings about the tables below (rules that fail, invalid values counted as 0): shown
    /// just before the draft, and in Word at the top of the draft, in red, to be removed
    /// once acted upon.
    pub notes: Vec<Vec<Span>>,
}

/// A whole report: its title, what the tool found, and the draft.
#[derive(Debug, Clone)]
pub struct Document {
    pub title: String,
    pub blocks: Vec<Block>,
    pub draft: Option<Draft>,
}

/// The heading of the draft part in the Markdown and HTML reports.
pub const DRAFT_HEADING: &str = "年度报告草稿（含统计表）";

impl Document {
    /// An empty document with a title.
    pub fn new(title: impl Into<String>) -> Document {
        Document {
            title: title.into(),
            blocks: Vec::new(),
            draft: None,
        }
    }

    /// The Markdown report (汇总报告.md).
    pub fn to_markdown(&self) -> String {
        let mut out = format!("# {}\n\n", escape(&self.title));
        for block in &self.blocks {
            out.push_str(&block_markdown(block));
        }
        if let Some(draft) = &self.draft {
            out.push_str(&draft_markdown(draft));
        }
        out
    }
}

impl Draft {
    /// The draft of a report, with every value given by `value`. Sentences come from the
    /// format's section descriptions, so they hold the same numbers as the tables.
    pub fn new(title: String, format: &'static Format, value: &dyn Fn(&str) -> Decimal) -> Draft {
        let values: BTreeMap<String, Decimal> = format
            .cells()
            .iter()
            .map(|c| (c.code.clone(), value(&c.code)))
            .collect();
        let lookup = |code: &str| values.get(code).copied().unwrap_or_default();
        let sections = format
            .sections
            .iter()
            .map(|s| Section {
                title: s.title.clone(),
                sentences: s
                    .sentences
                    .iter()
                    .map(|t| crate::format::sentence(format, t, &lookup))
                    .collect(),
                placeholder: s.text.clone(),
                table: s
                    .table
                    .as_ref()
                    .and_then(|key| format.tables.iter().position(|t| &t.key == key)),
            })
            .collect();
        Draft {
            title,
            format,
            sections,
            values,
            notes: Vec::new(),
        }
    }

    /// A cell's value, 0 when absent.
    pub fn value(&self, code: &str) -> Decimal {
        self.values.get(code).copied().unwrap_or_default()
    }
}

/// A list in Markdown, as the reports write it: for a front end that writes its own page
/// around findings (the drop report of `check_markdown`).
pub fn list_markdown(items: Vec<Item>) -> String {
    block_markdown(&Block::List(items))
}

fn block_markdown(block: &Block) -> String {
    match block {
        Block::Heading(level, text) => {
            format!("{} {}\n\n", "#".repeat(usize::from(*level)), escape(text))
        }
        Block::Para(spans) => format!("{}\n\n", spans_markdown(spans)),
        Block::Note(spans) => format!("> {}\n\n", spans_markdown(spans)),
        Block::List(items) => {
            let mut out = String::new();
            for item in items {
                out.push_str(&format!("- {}\n", spans_markdown(&item.spans)));
                for sub in &item.subs {
                    out.push_str(&format!("    - {}\n", spans_markdown(sub)));
                }
            }
            out.push('\n');
            out
        }
        Block::Grid(grid) => {
            let rows: Vec<Vec<String>> = grid
                .rows
                .iter()
                .map(|r| r.iter().map(|c| escape(c)).collect())
                .collect();
            format!("{}\n", md_table(&grid.headers, &rows, &grid.right))
        }
        Block::Chart(_) => String::new(),
    }
}

fn spans_markdown(spans: &[Span]) -> String {
    spans
        .iter()
        .map(|s| match s {
            Span::Text(t) => escape(t),
            Span::Raw(t) => t.clone(),
            Span::Bold(t) => format!("**{}**", escape(t)),
            Span::Code(t) => format!("`{t}`"),
        })
        .collect()
}

fn draft_markdown(draft: &Draft) -> String {
    let mut out: String = draft
        .notes
        .iter()
        .map(|n| block_markdown(&Block::Note(n.clone())))
        .collect();
    out.push_str(&format!("## {DRAFT_HEADING}\n\n"));
    for section in &draft.sections {
        out.push_str(&format!("### {}\n\n", section.title));
        if !section.sentences.is_empty() {
            out.push_str(&format!("{}\n\n", section.sentences.concat()));
        }
        if let Some(text) = &section.placeholder {
            out.push_str(&format!("{text}\n\n"));
        }
        if let Some(t) = section.table {
            out.push_str(&table_markdown(&draft.format.tables[t], &|code| {
                draft.value(code)
            }));
        }
    }
    out
}

/// A table in the official layout: one Markdown table per block, nested headers joined with
/// “／”, group rows (三、本年度办理结果) as their own line, rows in official order.
pub fn table_markdown(table: &crate::format::Table, value: &dyn Fn(&str) -> Decimal) -> String {
    let mut out = String::new();
    for block in &table.blocks {
        if let Some(caption) = &block.caption {
            out.push_str(&format!("**{caption}**\n\n"));
        }
        let labelled = block.label_columns() > 0;
        let mut headers = Vec::new();
        if labelled {
            // A long corner note (表三's 勾稽关系) reads better above the table than as a header.
            let corner = block.corner.join("");
            if corner.width() > 20 {
                out.push_str(&format!("{corner}\n\n"));
                headers.push("项目".to_string());
            } else {
                headers.push(corner);
            }
        }
        let shared_root = block.columns.len() > 1
            && block
                .columns
                .iter()
                .all(|c| c.path.len() > 1 && c.path[0] == block.columns[0].path[0]);
        for column in &block.columns {
            headers.push(column.path[usize::from(shared_root)..].join("／"));
        }
        let mut rows = Vec::new();
        let mut group = None;
        for row in &block.rows {
            let mut cells = Vec::new();
            if labelled {
                let label = if row.path.len() > 1 {
                    if group != Some(&row.path[0]) {
                        group = Some(&row.path[0]);
                        let mut heading = vec![row.path[0].clone()];
                        heading.resize(headers.len(), String::new());
                        rows.push(heading);
                    }
                    format!("　{}", row.path[1..].join("／"))
                } else {
                    group = None;
                    row.path.join("／")
                };
                cells.push(label);
            }
            for column in &block.columns {
                let code = crate::format::cell_code(table, block, row, column);
                cells.push(value(&code).normalize().to_string());
            }
            rows.push(cells);
        }
        let mut right = vec![true; headers.len()];
        if labelled {
            right[0] = false;
        }
        out.push_str(&md_table(&headers, &rows, &right));
        out.push('\n');
    }
    out
}

/// A Markdown table with columns padded to equal display width.
pub fn md_table(headers: &[String], rows: &[Vec<String>], right: &[bool]) -> String {
    let widths: Vec<usize> = (0..headers.len())
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .chain(std::iter::once(&headers[c]))
                .map(|s| s.width())
                .max()
                .unwrap_or(0)
                .max(3)
        })
        .collect();
    let pad = |text: &str, c: usize| {
        let fill = " ".repeat(widths[c].saturating_sub(text.width()));
        if right.get(c).copied().unwrap_or(false) {
            format!("{fill}{text}")
        } else {
            format!("{text}{fill}")
        }
    };
    let line = |cells: &[String]| {
        let inner: Vec<String> = (0..headers.len())
            .map(|c| pad(cells.get(c).map_or("", String::as_str), c))
            .collect();
        format!("| {} |\n", inner.join(" | "))
    };
    let mut out = line(headers);
    let rule: Vec<String> = widths
        .iter()
        .enumerate()
        .map(|(c, w)| {
            if right.get(c).copied().unwrap_or(false) {
                format!("{}:", "-".repeat(w.saturating_sub(1).max(2)))
            } else {
                "-".repeat(*w)
            }
        })
        .collect();
    out.push_str(&format!("| {} |\n", rule.join(" | ")));
    for row in rows {
        out.push_str(&line(row));
    }
    out
}

/// Makes text safe inside a Markdown table cell or list item.
///
/// ```
/// assert_eq!(xxgk::markdown::escape("甲|乙\n丙"), "甲\\|乙 丙");
/// ```
pub fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ")
}
