//! Published reports as plain text: copied from a web page (one cell per line, or rows with
//! tabs) or extracted from a PDF by `pdftotext -layout` (rows as lines, cells separated by
//! runs of spaces, long labels broken over several lines).
//!
//! The text is cut into label and number items. Each table's section heading and each 表二
//! caption bound a region; inside it, every run of numbers is one row of the table, in the
//! official order. The run's length must be the number of columns, and the label text around
//! it must contain the start of the row's official label. Anything else stops the import with
//! a message naming the table and the row: numbers are never guessed.

use std::collections::HashMap;

use crate::format::findings::Finding;
use crate::format::labels::normalize;
use crate::format::rules::Severity;
use crate::format::sheets::CoverField;
use crate::format::{Block, Format, Kind, Table};
use crate::read::grid::{Grid, Raw};

/// One piece of the text: a label fragment or a number, with its line (1-based).
#[derive(Debug, Clone, PartialEq)]
enum Item {
    Label(String, usize),
    Number(String, usize),
}

/// A report text that cannot be read, in Chinese, naming the table and row.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct TextError(pub String);

/// Reads a report text with whichever format fits it: grids holding its tables (with the
/// report's own （六） rows) and a cover with `unit` and `year`.
pub fn parse(text: &str, unit: &str, year: Option<u16>) -> Result<Vec<Grid>, TextError> {
    let items = tokenize(text);
    let mut best: Option<(usize, TextError)> = None;
    for format in Format::builtin().iter().rev() {
        match tables(format, &items) {
            Ok(mut grids) => {
                grids.push(cover_grid(unit, year));
                return Ok(grids);
            }
            Err((progress, e)) => {
                if best.as_ref().is_none_or(|(p, _)| progress > *p) {
                    best = Some((progress, e));
                }
            }
        }
    }
    Err(best.map_or_else(
        || TextError("没有找到年度报告的统计表".to_string()),
        |(_, e)| e,
    ))
}

pub use super::title::title;

/// Cuts the text into labels and numbers. Cells are separated by tabs, by runs of two or more
/// spaces, or (for numbers) by single spaces; words of a label are joined.
fn tokenize(text: &str) -> Vec<Item> {
    let mut items = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = line.replace('\u{3000}', "  ");
        for fragment in line.split('\t').flat_map(|f| f.split("  ")) {
            let mut label = String::new();
            for word in fragment.split_whitespace() {
                if is_number(word) {
                    if !label.is_empty() {
                        items.push(Item::Label(std::mem::take(&mut label), line_no));
                    }
                    items.push(Item::Number(word.to_string(), line_no));
                } else {
                    label.push_str(word);
                }
            }
            if !label.is_empty() {
                items.push(Item::Label(label, line_no));
            }
        }
    }
    items
}

/// `12`, `-18`, `24252.311082`, `315424.75元`, full-width digits.
fn is_number(word: &str) -> bool {
    let ascii = crate::format::value::ascii_digits(word);
    let body = ascii
        .trim_end_matches("万元")
        .trim_end_matches('元')
        .trim_end_matches('件');
    let body = body.strip_prefix('-').unwrap_or(body);
    !body.is_empty()
        && body.chars().all(|c| c.is_ascii_digit() || c == '.')
        && body.chars().next().is_some_and(|c| c.is_ascii_digit())
        && body.matches('.').count() <= 1
        && !body.ends_with('.')
}

/// Where each table's region starts and ends: from its section heading to the next heading.
fn regions(format: &Format, items: &[Item]) -> HashMap<String, (usize, usize)> {
    let heading = |i: usize, s: &crate::format::Section| {
        matches!(&items[i], Item::Label(t, _)
            if std::iter::once(&s.title).chain(&s.aliases).any(|h| normalize(h) == normalize(t)))
    };
    let mut found: Vec<(usize, usize)> = Vec::new(); // (section index, item index)
    let mut from = 0;
    for (si, section) in format.sections.iter().enumerate() {
        if let Some(i) = (from..items.len()).find(|&i| heading(i, section)) {
            found.push((si, i));
            from = i + 1;
        }
    }
    let mut out = HashMap::new();
    for (k, &(si, start)) in found.iter().enumerate() {
        let end = found.get(k + 1).map_or(items.len(), |&(_, i)| i);
        if let Some(key) = &format.sections[si].table {
            out.insert(key.clone(), (start + 1, end));
        }
    }
    out
}

/// Reads every table; on failure, how far it got (for choosing the format) and why.
fn tables(format: &Format, items: &[Item]) -> Result<Vec<Grid>, (usize, TextError)> {
    let regions = regions(format, items);
    let mut grids = Vec::new();
    let mut progress = 0;
    for table in &format.tables {
        let Some(&(start, end)) = regions.get(&table.key) else {
            return Err((progress, missing_heading(table, items)));
        };
        let mut rows = Vec::new();
        let blocks = block_regions(table, &items[start..end]).map_err(|e| (progress, e))?;
        for (block, region) in table.blocks.iter().zip(blocks) {
            let block_rows = read_block(table, block, region).map_err(|e| (progress, e))?;
            progress += block_rows.len();
            rows.push((block, block_rows));
        }
        grids.push(table_grid(table, &rows));
    }
    Ok(grids)
}

/// Why a table's heading is not an item of its own: usually a page flattened into one line,
/// where the digits of neighbouring cells ran together.
fn missing_heading(table: &Table, items: &[Item]) -> TextError {
    let heading = normalize(&table.title);
    let flat = items.iter().find_map(|i| match i {
        Item::Label(t, _) if normalize(t).contains(&heading) => Some(t.clone()),
        _ => None,
    });
    let Some(flat) = flat else {
        return TextError(format!(
            "没有找到{}“{}”这一部分的标题",
            table.sheet, table.title
        ));
    };
    // Name the first row whose label is followed directly by digits.
    let example = table
        .blocks
        .iter()
        .flat_map(|b| b.rows.iter())
        .filter_map(|r| r.path.last())
        .find_map(|label| {
            let at = flat.find(label.as_str())? + label.len();
            let digits: String = flat[at..]
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            (!digits.is_empty()).then(|| format!("（如“{label}”一行后面是连在一起的“{digits}”）"))
        })
        .unwrap_or_default();
    TextError(format!(
        "{}的表格在文本中被压平了，单元格之间没有分隔{example}，无法确定每个数字属于哪一格，没有导入。请从原始网页复制时保留表格（每格一行或用制表符分隔），或使用网页（HTML）文件。",
        table.sheet
    ))
}

/// The items of each block: 表二's blocks run from caption to caption.
fn block_regions<'a>(table: &Table, items: &'a [Item]) -> Result<Vec<&'a [Item]>, TextError> {
    if table.blocks.len() == 1 {
        return Ok(vec![items]);
    }
    let mut starts = Vec::new();
    for block in &table.blocks {
        let caption = block.caption.as_deref().unwrap_or("");
        let from = starts.last().map_or(0, |s| s + 1);
        let at = (from..items.len())
            .find(|&i| matches!(&items[i], Item::Label(t, _) if normalize(t) == normalize(caption)))
            .ok_or_else(|| TextError(format!("{}中没有找到“{caption}”", table.sheet)))?;
        starts.push(at);
    }
    Ok(starts
        .iter()
        .enumerate()
        .map(|(k, &s)| &items[s + 1..starts.get(k + 1).copied().unwrap_or(items.len())])
        .collect())
}

/// A row as read from the text: its label path (official, or the report's own for （六）),
/// its numbers and their lines.
struct TextRow {
    path: Vec<String>,
    values: Vec<(String, usize)>,
}

/// A run of numbers and the label text just before it.
struct Run {
    before: String,
    values: Vec<(String, usize)>,
}

/// Reads a block's rows. Each row takes the next run of numbers whose label text contains the
/// start of the row's label; runs in between that belong to no row (a page number, a sentence
/// with numbers) are passed over. The block's own shape is tried first, then the shapes real
/// reports use for （六） (see `merged` and `split` in the format).
fn read_block(table: &Table, block: &Block, items: &[Item]) -> Result<Vec<TextRow>, TextError> {
    let runs = runs(items);
    let mut first_error = None;
    for shape in shapes(block) {
        match align(table, block, &shape, &runs) {
            Ok(rows) => return Ok(rows),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    Err(first_error.unwrap_or_else(|| TextError(format!("{}中没有找到数字", table.sheet))))
}

/// Splits items into runs of numbers with the label text before each.
fn runs(items: &[Item]) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    let mut label = String::new();
    let mut values: Vec<(String, usize)> = Vec::new();
    for item in items {
        match item {
            Item::Number(n, line) => values.push((n.clone(), *line)),
            Item::Label(t, _) => {
                if !values.is_empty() {
                    runs.push(Run {
                        before: std::mem::take(&mut label),
                        values: std::mem::take(&mut values),
                    });
                }
                label.push_str(t);
            }
        }
    }
    if !values.is_empty() {
        runs.push(Run {
            before: label,
            values,
        });
    }
    runs
}

/// The row label paths a block may show: its own, then each merged or split variant.
fn shapes(block: &Block) -> Vec<Vec<Vec<String>>> {
    let official: Vec<Vec<String>> = block.rows.iter().map(|r| r.path.clone()).collect();
    let mut shapes = vec![official.clone()];
    for merged in &block.merged {
        let keys: Vec<usize> = merged
            .rows
            .iter()
            .filter_map(|k| block.rows.iter().position(|r| &r.key == k))
            .collect();
        let Some(&first) = keys.iter().min() else {
            continue;
        };
        let mut rows = Vec::new();
        for (i, path) in official.iter().enumerate() {
            if i == first {
                rows.push(vec![path[0].clone(), merged.label.clone()]);
            } else if !keys.contains(&i) {
                rows.push(path.clone());
            }
        }
        shapes.push(rows);
    }
    for split in &block.split {
        let Some(i) = block.rows.iter().position(|r| r.key == split.row) else {
            continue;
        };
        let mut rows = official.clone();
        let parts: Vec<Vec<String>> = split
            .labels
            .iter()
            .map(|l| {
                let mut p = official[i].clone();
                p.push(l.clone());
                p
            })
            .collect();
        rows.splice(i..=i, parts);
        shapes.push(rows);
    }
    shapes
}

/// The start of a label that must appear in the text around its numbers: six characters are
/// enough to tell the rows apart and to survive a typo further on.
fn label_start(path: &[String]) -> String {
    normalize(path.last().map_or("", String::as_str))
        .chars()
        .take(6)
        .collect()
}

/// Assigns runs to rows in order, or says which row has no numbers or which numbers are extra.
fn align(
    table: &Table,
    block: &Block,
    rows: &[Vec<String>],
    runs: &[Run],
) -> Result<Vec<TextRow>, TextError> {
    let width = block.columns.len();
    let labelled = block.label_columns() > 0;
    let starts: Vec<String> = rows.iter().map(|p| label_start(p)).collect();
    let names_a_row = |text: &str| {
        let text = normalize(text);
        starts
            .iter()
            .any(|s| !s.is_empty() && text.contains(s.as_str()))
    };
    let caption = block.caption.clone().unwrap_or_default();
    let what = |path: &[String]| {
        if path.is_empty() {
            format!("{}{caption}", table.sheet)
        } else {
            format!(
                "{}{caption}“{}”一行",
                table.sheet,
                crate::format::rules::short_label(path)
            )
        }
    };
    let mut out = Vec::new();
    let mut next = 0;
    for (path, start) in rows.iter().zip(&starts) {
        let found = (next..runs.len()).find(|&k| {
            let run = &runs[k];
            if !labelled {
                return run.values.len() == width;
            }
            // A label broken around its numbers (pdftotext) still starts before them. A number
            // with no row label before it (a page number, a sentence) belongs to no row.
            normalize(&run.before).contains(start.as_str())
        });
        let Some(k) = found else {
            return Err(TextError(format!(
                "{}：文本中没有找到这一行的数字（或标签与“{}”相差太多），无法确定各行怎样对应，没有导入。请核对原文。",
                what(path),
                path.last().map_or("", String::as_str)
            )));
        };
        // A run passed over that looks like a table row is a row too many.
        if let Some(extra) = runs[next..k]
            .iter()
            .find(|r| r.values.len() == width && (names_a_row(&r.before) || !labelled))
        {
            return Err(TextError(format!(
                "{}多出一组数字（文本第{}行），与表格的行对不上，没有导入。请核对原文是否有重复的行。",
                what(path),
                extra.values[0].1
            )));
        }
        let run = &runs[k];
        if run.values.len() != width {
            let joined: Vec<&str> = run.values.iter().map(|(v, _)| v.as_str()).collect();
            return Err(TextError(format!(
                "{}应有{width}个数字，文本第{}行找到{}个（{}）。相邻单元格的数字可能连在了一起，无法确定怎样拆分，没有导入。请从原始网页或 PDF 重新复制，或改用网页（HTML）文件。",
                what(path),
                run.values[0].1,
                run.values.len(),
                joined.join(" ")
            )));
        }
        out.push(TextRow {
            path: path.clone(),
            values: run.values.clone(),
        });
        next = k + 1;
    }
    if let Some(extra) = runs[next..]
        .iter()
        .find(|r| r.values.len() == width && names_a_row(&r.before))
    {
        return Err(TextError(format!(
            "{}{caption}的最后一行之后还有一组数字（文本第{}行），与表格的行对不上，没有导入。请核对原文是否有重复的行。",
            table.sheet, extra.values[0].1
        )));
    }
    Ok(out)
}

/// A grid holding one table in a plain layout: a header row of column labels, then one row
/// per text row with its label path and numbers. The locator reads it like any sheet.
fn table_grid(table: &Table, blocks: &[(&Block, Vec<TextRow>)]) -> Grid {
    let mut rows: Vec<Vec<Raw>> = vec![vec![Raw::Text(table.title.clone())]];
    let mut sources = HashMap::new();
    for (block, text_rows) in blocks {
        let label_cols = block.label_columns() as usize;
        if let Some(caption) = &block.caption {
            rows.push(vec![Raw::Text(caption.clone())]);
        }
        // One header row per level, so nested headers keep their parents.
        let depth = block.header_rows() as usize;
        for level in 0..depth {
            let mut header = vec![Raw::Empty; label_cols + block.columns.len()];
            if level == 0 && label_cols > 0 {
                header[0] = Raw::Text(block.corner.join(""));
            }
            for (c, column) in block.columns.iter().enumerate() {
                if let Some(label) = column.path.get(level) {
                    let shallow = column.path.len() == level + 1;
                    if shallow || level + 1 < depth {
                        header[label_cols + c] = Raw::Text(label.clone());
                    }
                }
            }
            rows.push(header);
        }
        let mut last_group: Option<&String> = None;
        for text_row in text_rows {
            let mut row = vec![Raw::Empty; label_cols + block.columns.len()];
            for (level, label) in text_row.path.iter().enumerate() {
                let is_leaf = level + 1 == text_row.path.len();
                if is_leaf || last_group != Some(label) {
                    row[level] = Raw::Text(label.clone());
                }
                if level == 0 {
                    last_group = Some(label);
                }
            }
            let r = rows.len() as u32;
            for (c, (value, line)) in text_row.values.iter().enumerate() {
                let column = &block.columns[c];
                row[label_cols + c] = number_cell(value, column.kind, column.unit.as_deref());
                sources.insert((r, (label_cols + c) as u32), format!("报告文本第{line}行"));
            }
            rows.push(row);
        }
    }
    let mut grid = Grid::new(&table.sheet, rows);
    grid.sources = sources;
    grid
}

/// A number as a cell: the column's own unit is dropped; anything else stays text, so the
/// value check reports it.
fn number_cell(text: &str, kind: Kind, unit: Option<&str>) -> Raw {
    let ascii = crate::format::value::ascii_digits(text);
    let bare = match unit {
        Some(u) => ascii.strip_suffix(u).unwrap_or(&ascii).to_string(),
        None if kind != Kind::Amount => ascii.strip_suffix('件').unwrap_or(&ascii).to_string(),
        None => ascii.clone(),
    };
    match bare.parse::<f64>() {
        Ok(n) => Raw::Number(n),
        Err(_) => Raw::Text(text.to_string()),
    }
}

/// A cover with the unit and year, so the filing is identified like a workbook.
pub fn cover_grid(unit: &str, year: Option<u16>) -> Grid {
    Grid::new(
        crate::format::sheets::COVER,
        vec![
            vec![
                Raw::Text(CoverField::Unit.label().to_string()),
                Raw::Text(unit.to_string()),
            ],
            vec![
                Raw::Text(CoverField::Year.label().to_string()),
                year.map_or(Raw::Empty, |y| Raw::Number(f64::from(y))),
            ],
        ],
    )
}

/// Compares the figures the text states (“共受理政府信息公开申请 3119 件”) with the tables.
pub fn narrative_findings(
    format: &Format,
    text: &str,
    value: &dyn Fn(&str) -> rust_decimal::Decimal,
) -> Vec<Finding> {
    let flat: String = text.split_whitespace().collect();
    let mut out = Vec::new();
    for n in &format.narrative {
        let Some(figure) = format.figures.iter().find(|f| f.name == n.figure) else {
            continue;
        };
        let table_value = figure.value(format, value);
        let mut stated = Vec::new();
        for phrase in &n.before {
            for (at, _) in flat.match_indices(phrase.as_str()) {
                let rest = &flat[at + phrase.len()..];
                let rest = rest.strip_prefix('共').unwrap_or(rest);
                let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                if !digits.is_empty() && rest[digits.len()..].starts_with('件') {
                    stated.push((format!("{phrase}{digits}件"), digits));
                }
            }
        }
        for phrase in &n.after {
            for (at, _) in flat.match_indices(phrase.as_str()) {
                let head = &flat[..at];
                let digits: String = head
                    .chars()
                    .rev()
                    .take_while(char::is_ascii_digit)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                if !digits.is_empty() {
                    stated.push((format!("{digits}{phrase}"), digits));
                }
            }
        }
        for (quote, digits) in stated {
            let Ok(number) = digits.parse::<rust_decimal::Decimal>() else {
                continue;
            };
            if number != table_value {
                out.push(
                    Finding::new(
                        Severity::Warning,
                        "N1",
                        format!(
                            "正文写“{quote}”，表格中的{}为{}",
                            n.figure,
                            table_value.normalize()
                        ),
                    )
                    .hint("请核对正文与表格，改正其中错误的一处。"),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_labels_are_told_apart() {
        let items = tokenize(
            "规章            1          0        11\n第二十条 第（一）项\n-3-\n315424.75元",
        );
        let kinds: Vec<String> = items
            .iter()
            .map(|i| match i {
                Item::Label(t, _) => format!("L:{t}"),
                Item::Number(n, _) => format!("N:{n}"),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "L:规章",
                "N:1",
                "N:0",
                "N:11",
                "L:第二十条第（一）项",
                "L:-3-",
                "N:315424.75元"
            ]
        );
    }
}
