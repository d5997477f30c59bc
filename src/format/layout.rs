//! The official grid layout of a table, derived from its description.
//!
//! Rows and columns carry label *paths*; this module turns them into the merged header cells
//! of the official template: consecutive labels with the same prefix merge into one cell, and a
//! label shallower than the deepest level fills the remaining levels (down for column headers,
//! right for row labels). That one rule gives 表三's 3-level header and 20/22-row
//! “三、本年度办理结果” cell, and 表四's header, without any table-specific code.
//!
//! Positions are relative to the table's top-left corner; the template writer adds its offset.
//!
//! ```
//! let f = xxgk::format::Format::for_year(2025);
//! let t3 = xxgk::layout::TableLayout::new(&f.tables[1]);
//! let first = t3.data.iter().find(|d| d.code == "T3.R1.C1").unwrap();
//! assert_eq!((first.row, first.col), (3, 3)); // below a 3-row header, right of 3 label columns
//! ```

use crate::format::{Block, Table, cell_code};

/// Rows above each table on its sheet: title, unit line, hint. The template writes the table
/// below them; a filing reads the explanation rows by them.
pub const TABLE_TOP: u32 = 3;

/// What a placed label is, so the writer can style it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// `第二十条第（一）项`: a full-width caption above a block.
    Caption,
    /// The top-left cell above the row labels.
    Corner,
    /// A column header.
    ColumnHeader,
    /// A row label.
    RowLabel,
}

/// A label cell, possibly merged over a range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub text: String,
    pub role: Role,
    pub row: u32,
    pub col: u16,
    pub last_row: u32,
    pub last_col: u16,
}

/// Where one data cell sits. `last_col > col` when the cell spans several grid columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataPos {
    pub code: String,
    pub row: u32,
    pub col: u16,
    pub last_col: u16,
}

/// The header rows and data rows of one block, for printing and freezing panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockSpan {
    pub first_row: u32,
    pub header_end: u32,
    pub last_row: u32,
    pub label_columns: u16,
}

/// A whole table laid out on a grid.
#[derive(Debug, Clone)]
pub struct TableLayout {
    /// Grid columns used: label columns plus data columns.
    pub width: u16,
    /// Grid rows used.
    pub height: u32,
    pub labels: Vec<Placed>,
    pub data: Vec<DataPos>,
    pub blocks: Vec<BlockSpan>,
    /// Index into `data` by code.
    by_code: std::collections::HashMap<String, usize>,
}

impl TableLayout {
    /// Lays out every block of `table` one below the other.
    pub fn new(table: &Table) -> TableLayout {
        let mut layout = TableLayout {
            width: 0,
            height: 0,
            labels: Vec::new(),
            data: Vec::new(),
            blocks: Vec::new(),
            by_code: std::collections::HashMap::new(),
        };
        for block in &table.blocks {
            layout.width = block.label_columns() + block.data_width();
            layout.add_block(table, block);
        }
        layout.by_code = layout
            .data
            .iter()
            .enumerate()
            .map(|(i, d)| (d.code.clone(), i))
            .collect();
        layout
    }

    /// The position of a data cell by code.
    pub fn position(&self, code: &str) -> Option<&DataPos> {
        self.by_code.get(code).map(|&i| &self.data[i])
    }

    fn add_block(&mut self, table: &Table, block: &Block) {
        let first_row = self.height;
        let mut y = self.height;
        let label_cols = block.label_columns();
        if let Some(caption) = &block.caption {
            self.place(caption, Role::Caption, (y, 0), (y, self.width - 1));
            y += 1;
        }
        let header = u32::from(block.header_rows());
        if label_cols > 0 && header > 0 {
            let corner = block.corner.join("");
            self.place(
                &corner,
                Role::Corner,
                (y, 0),
                (y + header - 1, label_cols - 1),
            );
        }
        self.add_column_headers(block, y, header);
        y += header;
        self.add_row_labels(block, y);
        for (r, row) in block.rows.iter().enumerate() {
            let mut x = label_cols;
            for column in &block.columns {
                let code = cell_code(table, block, row, column);
                self.data.push(DataPos {
                    code,
                    row: y + r as u32,
                    col: x,
                    last_col: x + column.span - 1,
                });
                x += column.span;
            }
        }
        let last_row = y + block.rows.len() as u32 - 1;
        self.blocks.push(BlockSpan {
            first_row,
            header_end: y - 1,
            last_row,
            label_columns: label_cols,
        });
        self.height = last_row + 1;
    }

    /// Column headers: level by level, consecutive columns sharing a prefix merge across, and a
    /// column whose path ends at this level fills down to the last header row.
    fn add_column_headers(&mut self, block: &Block, top: u32, header: u32) {
        let starts: Vec<u16> = block
            .columns
            .iter()
            .scan(block.label_columns(), |x, c| {
                let start = *x;
                *x += c.span;
                Some(start)
            })
            .collect();
        let paths: Vec<&[String]> = block.columns.iter().map(|c| c.path.as_slice()).collect();
        for (level, group) in groups(&paths, header as usize) {
            let (first, last) = (group.start, group.end - 1);
            let leaf = paths[first].len() == level + 1;
            let row = top + level as u32;
            let last_row = if leaf { top + header - 1 } else { row };
            let last_col = starts[last] + block.columns[last].span - 1;
            self.place(
                &paths[first][level],
                Role::ColumnHeader,
                (row, starts[first]),
                (last_row, last_col),
            );
        }
    }

    /// Row labels: the transpose of column headers.
    fn add_row_labels(&mut self, block: &Block, top: u32) {
        let label_cols = block.label_columns();
        let paths: Vec<&[String]> = block.rows.iter().map(|r| r.path.as_slice()).collect();
        for (level, group) in groups(&paths, label_cols as usize) {
            let (first, last) = (group.start, group.end - 1);
            let leaf = paths[first].len() == level + 1;
            let col = level as u16;
            let last_col = if leaf { label_cols - 1 } else { col };
            self.place(
                &paths[first][level],
                Role::RowLabel,
                (top + first as u32, col),
                (top + last as u32, last_col),
            );
        }
    }

    fn place(&mut self, text: &str, role: Role, from: (u32, u16), to: (u32, u16)) {
        self.labels.push(Placed {
            text: text.to_string(),
            role,
            row: from.0,
            col: from.1,
            last_row: to.0,
            last_col: to.1,
        });
    }
}

/// For each level, the runs of consecutive paths that share the same prefix up to that level.
fn groups(paths: &[&[String]], depth: usize) -> Vec<(usize, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    for level in 0..depth {
        let mut i = 0;
        while i < paths.len() {
            if paths[i].len() <= level {
                i += 1;
                continue;
            }
            let prefix = &paths[i][..=level];
            let mut j = i + 1;
            while j < paths.len() && paths[j].len() > level && &paths[j][..=level] == prefix {
                j += 1;
            }
            out.push((level, i..j));
            i = j;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::Format;

    fn label<'a>(layout: &'a TableLayout, text: &str) -> &'a Placed {
        layout
            .labels
            .iter()
            .find(|p| p.text == text)
            .unwrap_or_else(|| panic!("no label {text}"))
    }

    #[test]
    fn table3_headers_merge_as_in_the_official_html() {
        for (id, result_rows) in [("2019", 20), ("2021", 22)] {
            let f = Format::by_id(id).unwrap();
            let t3 = TableLayout::new(&f.tables[1]);
            assert_eq!(t3.width, 10);
            let corner = label(
                &t3,
                "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
            );
            assert_eq!((corner.last_row, corner.last_col), (2, 2));
            let applicant = label(&t3, "申请人情况");
            assert_eq!((applicant.col, applicant.last_col), (3, 9));
            let natural = label(&t3, "自然人");
            assert_eq!((natural.row, natural.last_row), (1, 2));
            let legal = label(&t3, "法人或其他组织");
            assert_eq!((legal.col, legal.last_col, legal.last_row), (4, 8, 1));
            let results = label(&t3, "三、本年度办理结果");
            assert_eq!(results.last_row - results.row + 1, result_rows);
            let first = label(&t3, "一、本年新收政府信息公开申请数量");
            assert_eq!((first.col, first.last_col), (0, 2));
            let open = label(&t3, "（一）予以公开");
            assert_eq!((open.col, open.last_col), (1, 2));
        }
    }

    #[test]
    fn table4_has_three_header_rows_and_one_data_row() {
        let f = Format::by_id("2021").unwrap();
        let t4 = TableLayout::new(&f.tables[2]);
        assert_eq!((t4.width, t4.height), (15, 4));
        let review = label(&t4, "行政复议");
        assert_eq!((review.col, review.last_col, review.last_row), (0, 4, 0));
        let kept = t4
            .labels
            .iter()
            .find(|p| p.text == "结果维持" && p.col == 0)
            .unwrap();
        assert_eq!((kept.row, kept.last_row), (1, 2));
        assert_eq!(t4.position("T4.C5").unwrap().col, 14);
    }

    #[test]
    fn table2_blocks_stack_with_spanning_cells() {
        let f = Format::by_id("2021").unwrap();
        let t2 = TableLayout::new(&f.tables[0]);
        assert_eq!(t2.width, 4);
        let fee = t2.position("T2.8.R1.C1").unwrap();
        assert_eq!((fee.col, fee.last_col), (1, 3));
        assert_eq!(t2.blocks.len(), 4);
        assert_eq!(t2.height, 4 + 3 + 4 + 3);
    }
}
