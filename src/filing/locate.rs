//! The one place where labels meet positions: finds every data cell of a format in a set of
//! Grids by its row and column labels, never by fixed coordinates.
//!
//! Units insert rows, move tables, rename sheets and paste tables into their own workbooks;
//! published reports have typos and half-width brackets. The locator normalises labels (see
//! [`normalize`]), matches rows top to bottom and columns left to right in the order the
//! format gives them, and falls back to a close match for a misspelt label. Every deviation
//! becomes a finding; only a label that cannot be found at all is an error.
//!
//! ```
//! use xxgk::grid::{Grid, Raw};
//! use xxgk::format::Format;
//! let t = |s: &str| Raw::Text(s.into());
//! let grid = Grid::new("Sheet1", vec![
//!     vec![t("行政复议"), Raw::Empty, Raw::Empty, Raw::Empty, Raw::Empty, t("行政诉讼")],
//!     vec![t("结果维持"), t("结果纠正"), t("其他结果"), t("尚未审结"), t("总计"), t("未经复议直接起诉")],
//!     vec![Raw::Empty, Raw::Empty, Raw::Empty, Raw::Empty, Raw::Empty, t("结果维持")],
//!     vec![Raw::Number(1.0)],
//! ]);
//! let located = xxgk::locate::locate(Format::for_year(2025), &[grid]);
//! let a1 = &located.cells["T4.A1"][0];
//! assert_eq!((a1.row, a1.col), (3, 0));
//! ```

use std::collections::HashMap;

use crate::format::findings::Finding;
use crate::format::rules::{Severity, short_label};
use crate::format::{Block, Format, Table};
use crate::read::grid::Grid;

/// Similarity above which a label counts as a misspelling of the official one.
const FUZZY_THRESHOLD: f64 = 0.75;

/// Where a data cell was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    /// Index into the grids given to [`locate`].
    pub grid: usize,
    pub row: u32,
    pub col: u32,
}

/// The result of locating a format in some grids.
#[derive(Debug, Default)]
pub struct Located {
    /// Data cell code → where its value is. Usually one place.
    pub cells: HashMap<String, Vec<Placement>>,
    /// Label deviations (警告) and missing labels (错误).
    pub findings: Vec<Finding>,
    /// Labels found exactly or nearly; used to decide which format a file is in.
    pub matched: usize,
    /// Labels not found.
    pub missing: usize,
    /// Cells of rows a report legitimately leaves out (see `merged` in the format): zero.
    pub absent: Vec<String>,
    /// The rectangle each table was read from, per grid: a second copy is looked for outside.
    spans: Vec<Span>,
}

/// The rectangle of a grid that one table's labels and data cells were found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    table: usize,
    grid: usize,
    top: u32,
    left: u32,
    bottom: u32,
    right: u32,
}

impl Span {
    fn contains(&self, grid: usize, (row, col): (u32, u32)) -> bool {
        grid == self.grid
            && (self.top..=self.bottom).contains(&row)
            && (self.left..=self.right).contains(&col)
    }
}

impl Located {
    /// Widens the span of table `table` in grid `grid` to hold `positions`.
    fn cover(
        &mut self,
        table: usize,
        grid: usize,
        positions: impl IntoIterator<Item = (u32, u32)>,
    ) {
        for (row, col) in positions {
            match self
                .spans
                .iter_mut()
                .find(|s| s.table == table && s.grid == grid)
            {
                Some(s) => {
                    s.top = s.top.min(row);
                    s.bottom = s.bottom.max(row);
                    s.left = s.left.min(col);
                    s.right = s.right.max(col);
                }
                None => self.spans.push(Span {
                    table,
                    grid,
                    top: row,
                    left: col,
                    bottom: row,
                    right: col,
                }),
            }
        }
    }
}

pub use crate::format::labels::normalize;

/// Finds every data cell of `format` in `grids`.
pub fn locate(format: &Format, grids: &[Grid]) -> Located {
    let index: Vec<HashMap<String, Vec<(u32, u32)>>> = grids.iter().map(text_index).collect();
    let mut located = Located::default();
    let finder = Finder {
        format,
        grids,
        index: &index,
    };
    for table in &format.tables {
        let mut start: Option<(usize, u32)> = None;
        for block in &table.blocks {
            match finder.block(table, block, start, &mut located) {
                Placed::At(next) => start = next.or(start),
                Placed::NotFound => {
                    // Not even a third of the block's labels anywhere: the sheet or table was
                    // deleted or replaced. One error for the block, not one per label.
                    let what = block.caption.as_deref().unwrap_or(&table.title);
                    located.missing += block.rows.len() * block.columns.len();
                    located.findings.push(
                        Finding::new(
                            Severity::Error,
                            "L1",
                            format!(
                                "找不到{}“{what}”（工作表或表格可能被删除、改名或改动太多）",
                                table.sheet
                            ),
                        )
                        .hint(format!(
                            "请从 xxgk 生成的模板中恢复{}，再填写。",
                            table.sheet
                        )),
                    );
                }
            }
        }
    }
    let copies = finder.second_copies(&located);
    located.findings.extend(copies);
    located
}

/// Whether a block was found.
enum Placed {
    /// Found; where the next block of the table may start.
    At(Option<(usize, u32)>),
    NotFound,
}

/// Normalised text → positions, for one grid.
fn text_index(grid: &Grid) -> HashMap<String, Vec<(u32, u32)>> {
    let mut map: HashMap<String, Vec<(u32, u32)>> = HashMap::new();
    // No official label is longer than this (the longest is about 40 characters): longer
    // texts, such as the cover's instructions, are never looked up, so not normalised.
    const LONGEST: usize = 100 * 3;
    for (r, c, text) in grid.texts().filter(|(_, _, t)| t.len() <= LONGEST) {
        map.entry(normalize(text)).or_default().push((r, c));
    }
    map
}

struct Finder<'a> {
    format: &'a Format,
    grids: &'a [Grid],
    index: &'a [HashMap<String, Vec<(u32, u32)>>],
}

/// A label looked for in one grid: found exactly, found as a near match, or missing.
enum Hit {
    Exact(u32, u32),
    Near(u32, u32, String),
    Missing,
}

impl Hit {
    /// Where the label was found, if it was.
    fn position(&self) -> Option<(u32, u32)> {
        match self {
            Hit::Exact(r, c) | Hit::Near(r, c, _) => Some((*r, *c)),
            Hit::Missing => None,
        }
    }
}

impl<'a> Finder<'a> {
    /// Locates one block, continuing after `start` (the previous block of the same table).
    /// Returns where the block ends, for the next block.
    fn block(
        &self,
        table: &Table,
        block: &Block,
        start: Option<(usize, u32)>,
        out: &mut Located,
    ) -> Placed {
        let g = match start {
            Some((g, _)) if self.block_score(g, block) * 3 >= self.block_labels(block).len() => g,
            _ => match self.best_grid(block) {
                Some(g) => g,
                None => return Placed::NotFound,
            },
        };
        let first_row = match start {
            Some((sg, row)) if sg == g => row,
            _ => 0,
        };
        let mut first = first_row;
        let mut caption_at = None;
        if let Some(caption) = &block.caption {
            let hit = &self.find_rows(g, &[caption.as_str()], first, u32::MAX)[0];
            if let Hit::Near(r, c, text) = hit {
                out.findings
                    .push(near_finding(self.grids[g].place(*r, *c), caption, text));
            }
            caption_at = hit.position();
            if let Some((r, _)) = caption_at {
                first = r + 1;
            }
        }
        let labels: Vec<&str> = block
            .rows
            .iter()
            .filter_map(|r| r.path.last().map(String::as_str))
            .collect();
        let mut row_hits = self.find_rows(g, &labels, first, u32::MAX);
        let absent = self.merged_rows(g, table, block, &mut row_hits, first, out);
        let mut data_rows: Vec<Vec<u32>> = Vec::new();
        for (i, (row, hit)) in block.rows.iter().zip(&row_hits).enumerate() {
            if absent.contains(&i) {
                data_rows.push(Vec::new());
                continue;
            }
            let place = self.record(g, hit, &short_label(&row.path), "行", table, out);
            data_rows.push(place.map(|(r, _)| vec![r]).unwrap_or_default());
        }
        self.split_rows(g, table, block, &mut data_rows, out);
        let first_data = data_rows.iter().flatten().copied().min();
        let header_end = first_data.unwrap_or(u32::MAX);
        let columns: Vec<&str> = block
            .columns
            .iter()
            .map(|c| c.path.last().map_or("", String::as_str))
            .collect();
        let col_hits = self.find_columns(g, &columns, first, header_end, block.header_rows());
        let mut data_cols = Vec::new();
        let mut deepest_header = None;
        for (column, hit) in block.columns.iter().zip(&col_hits) {
            let label = column.path.join("／");
            if let Hit::Exact(r, _) | Hit::Near(r, _, _) = hit {
                deepest_header = deepest_header.max(Some(*r));
            }
            let place = self.record(g, hit, &label, "列", table, out);
            data_cols.push(place.map(|(_, c)| c));
        }
        // A block without row labels (表四) has its data in the row under its deepest header.
        if block.rows.len() == 1 && block.rows[0].path.is_empty() {
            data_rows = vec![deepest_header.map(|r| vec![r + 1]).unwrap_or_default()];
        }
        for (i, (row, rows)) in block.rows.iter().zip(&data_rows).enumerate() {
            for (column, data_col) in block.columns.iter().zip(&data_cols) {
                let code = crate::format::cell_code(table, block, row, column);
                if absent.contains(&i) {
                    out.absent.push(code);
                    continue;
                }
                let Some(c) = data_col else { continue };
                for r in rows {
                    out.cells.entry(code.clone()).or_default().push(Placement {
                        grid: g,
                        row: *r,
                        col: *c,
                    });
                }
            }
        }
        let data = data_rows
            .iter()
            .flatten()
            .flat_map(|&r| data_cols.iter().flatten().map(move |&c| (r, c)));
        let labels = row_hits.iter().chain(&col_hits).filter_map(Hit::position);
        let t = self.table_index(table);
        out.cover(t, g, labels.chain(data).chain(caption_at));
        let last = data_rows.iter().flatten().copied().max();
        Placed::At(last.map(|last| (g, last + 1)))
    }

    /// A report that writes several rows of this format as one row (a 2021 表三 with a single
    /// “（六）其他处理” row): when all of them are missing and the single row is there, its
    /// numbers go to the declared row and the others are absent (counted as 0). Returns the
    /// indices of the absent rows.
    fn merged_rows(
        &self,
        g: usize,
        table: &Table,
        block: &Block,
        hits: &mut [Hit],
        first: u32,
        out: &mut Located,
    ) -> Vec<usize> {
        let mut absent = Vec::new();
        for merged in &block.merged {
            let index = |key: &str| block.rows.iter().position(|r| r.key == key);
            let idx: Vec<usize> = merged.rows.iter().filter_map(|k| index(k)).collect();
            let (Some(&lo), Some(&hi), Some(into)) =
                (idx.iter().min(), idx.iter().max(), index(&merged.into))
            else {
                continue;
            };
            if !idx.iter().all(|&i| matches!(hits[i], Hit::Missing)) {
                continue;
            }
            let row_of = |h: &Hit| match h {
                Hit::Exact(r, _) | Hit::Near(r, _, _) => Some(*r),
                Hit::Missing => None,
            };
            let from = hits[..lo]
                .iter()
                .rev()
                .find_map(row_of)
                .map_or(first, |r| r + 1);
            let to = hits[hi + 1..].iter().find_map(row_of).unwrap_or(u32::MAX);
            if let Hit::Exact(r, c) = self.find_rows(g, &[merged.label.as_str()], from, to)[0] {
                hits[into] = Hit::Exact(r, c);
                absent.extend(idx.iter().copied().filter(|&i| i != into));
                let into_label = short_label(&block.rows[into].path);
                out.findings.push(
                    Finding::new(
                        Severity::Warning,
                        "L4",
                        format!(
                            "{}的“{}”只有一行，没有分项；已按“{into_label}”读取，其余分项按0计",
                            table.sheet, merged.label
                        ),
                    )
                    .at(&self.grids[g].place(r, c))
                    .hint(format!(
                        "本年度格式中“{}”分为{}项，请按分项填写。",
                        merged.label,
                        idx.len()
                    )),
                );
            }
        }
        absent
    }

    /// A report that splits one row of this format into several (a 2019 表三 whose
    /// “（六）其他处理” has the three 2021 sub-rows): the row's value is their sum.
    fn split_rows(
        &self,
        g: usize,
        table: &Table,
        block: &Block,
        rows: &mut [Vec<u32>],
        out: &mut Located,
    ) {
        for split in &block.split {
            let Some(i) = block.rows.iter().position(|r| r.key == split.row) else {
                continue;
            };
            let Some(&r) = rows[i].first() else {
                continue;
            };
            let next = rows[i + 1..]
                .iter()
                .flatten()
                .copied()
                .min()
                .unwrap_or(u32::MAX);
            let labels: Vec<&str> = split.labels.iter().map(String::as_str).collect();
            let hits = self.find_rows(g, &labels, r, next);
            let found: Vec<u32> = hits
                .iter()
                .filter_map(|h| match h {
                    Hit::Exact(r, _) => Some(*r),
                    _ => None,
                })
                .collect();
            if found.len() == labels.len() {
                rows[i] = found;
                let label = short_label(&block.rows[i].path);
                out.findings.push(
                    Finding::new(
                        Severity::Warning,
                        "L4",
                        format!(
                            "{}的“{label}”分成了{}行，已按各行之和读取",
                            table.sheet,
                            labels.len()
                        ),
                    )
                    .at(&self.grids[g].place(r, 0))
                    .hint(format!("本年度格式中“{label}”只有一行，请填写合计数。")),
                );
            }
        }
    }

    /// Turns a hit into its position, recording a finding for a near or missing label.
    /// `what` is 行 or 列, for the message.
    fn record(
        &self,
        g: usize,
        hit: &Hit,
        label: &str,
        what: &str,
        table: &Table,
        out: &mut Located,
    ) -> Option<(u32, u32)> {
        match hit {
            Hit::Exact(r, c) => {
                out.matched += 1;
                Some((*r, *c))
            }
            Hit::Near(r, c, text) => {
                out.matched += 1;
                out.findings
                    .push(near_finding(self.grids[g].place(*r, *c), label, text));
                Some((*r, *c))
            }
            Hit::Missing => {
                out.missing += 1;
                out.findings.push(
                    Finding::new(
                        Severity::Error,
                        "L1",
                        format!("{}中找不到“{label}”", table.sheet),
                    )
                    .at(&self.grids[g].name)
                    .hint(format!(
                        "请按官方模板补上“{label}”这一{what}，或改用 xxgk 生成的模板重新填写。"
                    )),
                );
                None
            }
        }
    }

    /// Position of `table` in the format, for keying its spans.
    fn table_index(&self, table: &Table) -> usize {
        self.format
            .tables
            .iter()
            .position(|t| std::ptr::eq(t, table))
            .unwrap_or(usize::MAX)
    }

    /// One L5 error for every second copy of a table: a corrected 表三 pasted below the old
    /// one, or an old copy kept on another sheet. Only the first copy is read, and nothing
    /// would tell the unit which one that is, so the error names both places.
    fn second_copies(&self, located: &Located) -> Vec<Finding> {
        let mut out = Vec::new();
        for (t, table) in self.format.tables.iter().enumerate() {
            let spans: Vec<&Span> = located.spans.iter().filter(|s| s.table == t).collect();
            let Some(read) = spans.first() else { continue };
            let labels: std::collections::BTreeSet<_> = table
                .blocks
                .iter()
                .flat_map(|b| self.block_labels(b))
                .collect();
            for (g, grid) in self.grids.iter().enumerate() {
                if crate::format::sheets::NOT_TABLES.contains(&grid.name.as_str()) {
                    continue;
                }
                let outside = |p: &&(u32, u32)| !spans.iter().any(|s| s.contains(g, **p));
                let found: Vec<(u32, u32)> = labels
                    .iter()
                    .filter_map(|l| self.index[g].get(l.as_ref())?.iter().filter(outside).min())
                    .copied()
                    .collect();
                if found.len() < 3 || found.len() * 2 < labels.len() {
                    continue;
                }
                // The copy's top-left corner: its first header row, its label column.
                let (Some(r), Some(c)) = (
                    found.iter().map(|p| p.0).min(),
                    found.iter().map(|p| p.1).min(),
                ) else {
                    continue;
                };
                out.push(second_copy(
                    table,
                    self.grids[read.grid].place(read.top, read.left),
                    grid,
                    grid.place(r, c),
                ));
            }
        }
        out
    }

    /// The grid that holds most of the block's labels.
    /// The grid that holds most of the block's labels, if any holds at least a third of them
    /// (a lone “总计” on another sheet is not a table).
    fn best_grid(&self, block: &Block) -> Option<usize> {
        let needed = self.block_labels(block).len();
        (0..self.grids.len())
            .map(|g| (self.block_score(g, block), std::cmp::Reverse(g)))
            .filter(|(score, _)| *score > 0 && score * 3 >= needed)
            .max()
            .map(|(_, std::cmp::Reverse(g))| g)
    }

    /// The normalised labels of a block: its rows, columns and caption.
    fn block_labels(&self, block: &Block) -> Vec<std::borrow::Cow<'a, str>> {
        let mut labels: Vec<std::borrow::Cow<'a, str>> = block
            .rows
            .iter()
            .filter_map(|r| r.path.last())
            .chain(block.columns.iter().filter_map(|c| c.path.last()))
            .chain(block.caption.iter())
            .map(|s| self.format.normalized(s))
            .collect();
        labels.sort();
        labels.dedup();
        labels
    }

    /// How many of a block's labels a grid holds.
    fn block_score(&self, g: usize, block: &Block) -> usize {
        self.block_labels(block)
            .iter()
            .filter(|l| self.index[g].contains_key(l.as_ref()))
            .count()
    }

    /// Finds labels top to bottom: each exact match must lie below the previous one; labels
    /// not found exactly are then looked for as near matches between their neighbours.
    fn find_rows(&self, g: usize, labels: &[&str], from: u32, to: u32) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut cursor = from;
        for label in labels {
            let found = self.index[g]
                .get(self.format.normalized(label).as_ref())
                .and_then(|v| {
                    v.iter()
                        .filter(|(r, _)| *r >= cursor && *r < to)
                        .min()
                        .copied()
                });
            match found {
                Some((r, c)) => {
                    cursor = r + 1;
                    hits.push(Hit::Exact(r, c));
                }
                None => hits.push(Hit::Missing),
            }
        }
        self.fill_near(g, labels, &mut hits, from, to, |(r, _)| r);
        hits
    }

    /// Finds column labels left to right within the header rows above the data.
    fn find_columns(&self, g: usize, labels: &[&str], from: u32, to: u32, depth: u16) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut cursor = 0;
        let mut rows = (from, to);
        for label in labels {
            let found = self.index[g]
                .get(self.format.normalized(label).as_ref())
                .and_then(|v| {
                    v.iter()
                        .filter(|(r, c)| *c >= cursor && *r >= rows.0 && *r < rows.1)
                        .min_by_key(|(r, c)| (*c, *r))
                        .copied()
                });
            match found {
                Some((r, c)) => {
                    if hits.iter().all(|h| matches!(h, Hit::Missing)) {
                        // The header is at most `depth` rows tall around the first label found.
                        let depth = u32::from(depth.max(1));
                        rows = (r.saturating_sub(depth - 1).max(from), (r + depth).min(to));
                    }
                    cursor = c + 1;
                    hits.push(Hit::Exact(r, c));
                }
                None => hits.push(Hit::Missing),
            }
        }
        self.fill_near(g, labels, &mut hits, rows.0, rows.1, |(_, c)| c);
        hits
    }

    /// For each missing label, the most similar unused text between its found neighbours
    /// (by `axis`: row for rows, column for columns), if similar enough.
    fn fill_near(
        &self,
        g: usize,
        labels: &[&str],
        hits: &mut [Hit],
        from: u32,
        to: u32,
        axis: impl Fn((u32, u32)) -> u32,
    ) {
        let pos = |h: &Hit| match h {
            Hit::Exact(r, c) | Hit::Near(r, c, _) => Some((*r, *c)),
            Hit::Missing => None,
        };
        for i in 0..hits.len() {
            if !matches!(hits[i], Hit::Missing) {
                continue;
            }
            let lower = hits[..i]
                .iter()
                .rev()
                .find_map(pos)
                .map_or(0, |p| axis(p) + 1);
            let upper = hits[i + 1..].iter().find_map(pos).map_or(u32::MAX, &axis);
            let used: Vec<(u32, u32)> = hits.iter().filter_map(pos).collect();
            let wanted = self.format.normalized(labels[i]);
            let best = self.grids[g]
                .texts()
                .filter(|(r, c, _)| *r >= from && *r < to && !used.contains(&(*r, *c)))
                .filter(|(r, c, _)| (lower..upper).contains(&axis((*r, *c))))
                .map(|(r, c, text)| (similarity(&wanted, &normalize(text)), r, c, text))
                .filter(|(s, ..)| *s >= FUZZY_THRESHOLD)
                .max_by(|a, b| a.0.total_cmp(&b.0));
            if let Some((_, r, c, text)) = best {
                hits[i] = Hit::Near(r, c, text.to_string());
            }
        }
    }
}

/// The L5 error for a table found twice: which copy was read, where the other is.
fn second_copy(table: &Table, read: String, grid: &Grid, other: String) -> Finding {
    let hidden = if grid.hidden {
        "（隐藏的工作表）"
    } else {
        ""
    };
    Finding::new(
        Severity::Error,
        "L5",
        format!(
            "{}有两份：已读取 {read} 起的一份，{other}{hidden} 起还有一份，没有读取",
            table.sheet
        ),
    )
    .at(&read)
    .hint(format!(
        "请确认哪一份是要报送的数字：把它填入 {read} 起的表格，删除 {other} 起的另一份，只保留一份再报送。"
    ))
}

fn near_finding(place: String, official: &str, found: &str) -> Finding {
    Finding::new(
        Severity::Warning,
        "L2",
        format!(
            "标签“{}”与官方文字“{official}”不一致，已按后者读取",
            found.trim()
        ),
    )
    .at(&place)
    .hint(format!("请把标签改为官方文字“{official}”。"))
}

/// Similarity of two strings: twice the longest common subsequence over the total length.
fn similarity(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    // The common subsequence is at most the shorter string: when even that is too little,
    // skip the quadratic work (a 20,000-character cell against every missing label).
    let bound = 2.0 * a.len().min(b.len()) as f64 / (a.len() + b.len()) as f64;
    if bound < FUZZY_THRESHOLD {
        return bound;
    }
    let mut prev = vec![0usize; b.len() + 1];
    for x in &a {
        let mut cur = vec![0usize; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x == y {
                prev[j] + 1
            } else {
                prev[j + 1].max(cur[j])
            };
        }
        prev = cur;
    }
    2.0 * prev[b.len()] as f64 / (a.len() + b.len()) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_typo_is_similar_enough() {
        let s = similarity(
            &normalize("2.其他法律行政止公开"),
            &normalize("2.其他法律行政法规禁止公开"),
        );
        assert!(s >= FUZZY_THRESHOLD, "{s}");
        assert!(similarity(&normalize("规章"), &normalize("行政许可")) < FUZZY_THRESHOLD);
    }

    #[test]
    fn commas_and_enumeration_commas_match() {
        assert_eq!(
            normalize("1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请"),
            normalize("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")
        );
    }
}
