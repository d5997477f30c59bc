//! The official tables as grids of merged cells, for the Word and HTML reports.
//!
//! Everything comes from the table's layout ([`TableLayout`]), the same one the template
//! writes: 表二's small tables one grid each, 表三's three-level header and merged left label
//! columns, 表四's header rows. No label or span is written here.
//!
//! ```
//! let f = xxgk::format::Format::for_year(2025);
//! let grids = xxgk::write::official::grids(f, 1, &|_| 0.into());
//! let corner = &grids[0].cells[0];
//! assert_eq!((corner.rows, corner.cols), (3, 3)); // 表三's corner over its 3×3 header
//! ```

use rust_decimal::Decimal;
use unicode_width::UnicodeWidthStr;

use crate::format::Format;
use crate::format::layout::Role;

/// One cell of a grid: its text, where it starts, and how far it spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub row: u32,
    pub col: u16,
    pub rows: u32,
    pub cols: u16,
    /// `None` for a data cell.
    pub role: Option<Role>,
}

/// One block of an official table: 表二 has four or five, 表三 and 表四 one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    pub width: u16,
    pub height: u32,
    /// Rows at the top that are captions and column headers.
    pub header_rows: u32,
    pub label_columns: u16,
    /// Cells in reading order (row by row, left to right).
    pub cells: Vec<Cell>,
}

impl Grid {
    /// The cell that starts at (`row`, `col`), if any.
    pub fn at(&self, row: u32, col: u16) -> Option<&Cell> {
        self.cells.iter().find(|c| c.row == row && c.col == col)
    }

    /// The cell covering (`row`, `col`) that started in a row above, for vertical merges.
    pub fn continued(&self, row: u32, col: u16) -> Option<&Cell> {
        self.cells
            .iter()
            .find(|c| c.col == col && c.row < row && row < c.row + c.rows)
    }

    /// Relative widths of the columns: data columns equal, label columns by the longest label
    /// that ends in them (the last label column takes the long row labels).
    pub fn weights(&self) -> Vec<f64> {
        let mut w = vec![0.0f64; usize::from(self.width)];
        for c in self.cells.iter().filter(|c| c.role == Some(Role::RowLabel)) {
            let last = usize::from(c.col + c.cols - 1);
            if c.cols == 1 {
                let per_line = if c.rows > 1 {
                    8.0
                } else {
                    c.text.width() as f64
                };
                w[last] = w[last].max(per_line.min(40.0));
            }
        }
        for (i, weight) in w.iter_mut().enumerate() {
            if i < usize::from(self.label_columns) {
                *weight = weight.max(8.0);
            } else {
                *weight = 7.0;
            }
        }
        w
    }
}

/// The grids of table `t` of `format`, with each data cell's value.
pub fn grids(format: &Format, t: usize, value: &dyn Fn(&str) -> Decimal) -> Vec<Grid> {
    let table = &format.tables[t];
    let layout = &format.layouts()[t];
    let mut out = Vec::new();
    for (b, span) in layout.blocks.iter().enumerate() {
        let block = &table.blocks[b];
        let top = span.first_row;
        let width = block.label_columns() + block.data_width();
        let mut cells: Vec<Cell> = layout
            .labels
            .iter()
            .filter(|p| p.row >= top && p.last_row <= span.last_row)
            .map(|p| Cell {
                text: p.text.clone(),
                row: p.row - top,
                col: p.col,
                rows: p.last_row - p.row + 1,
                cols: p.last_col - p.col + 1,
                role: Some(p.role),
            })
            .collect();
        cells.extend(
            layout
                .data
                .iter()
                .filter(|d| d.row >= top && d.row <= span.last_row)
                .map(|d| Cell {
                    text: number_text(value(&d.code)),
                    row: d.row - top,
                    col: d.col,
                    rows: 1,
                    cols: d.last_col - d.col + 1,
                    role: None,
                }),
        );
        cells.sort_by_key(|c| (c.row, c.col));
        out.push(Grid {
            width,
            height: span.last_row - top + 1,
            header_rows: span.header_end + 1 - top,
            label_columns: span.label_columns,
            cells,
        });
    }
    out
}

/// A value as the published tables print it: `315424.75`, `-2`, `0`.
fn number_text(v: Decimal) -> String {
    v.normalize().to_string()
}
