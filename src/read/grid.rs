//! A Grid is any input seen as a rectangle of cells: a workbook sheet now, and later pasted
//! text, pdftotext output or an HTML table. Everything downstream — locating labels, reading
//! values — works on Grids, so each input shape only has to build one.
//!
//! ```
//! use xxgk::grid::{Grid, Raw};
//! let grid = Grid::new("表三", vec![vec![Raw::Text("自然人".into()), Raw::Number(3.0)]]);
//! assert_eq!(grid.text(0, 0), Some("自然人"));
//! assert_eq!(grid.place(0, 1), "表三!B1");
//! ```

use rust_xlsxwriter::utility::row_col_to_cell;

/// What a cell holds, as read.
#[derive(Debug, Clone, PartialEq)]
pub enum Raw {
    Empty,
    Number(f64),
    Text(String),
    Bool(bool),
    /// A spreadsheet error value, e.g. `#REF!`.
    Error(String),
    /// A date or time (the cell is formatted as one), as display text.
    Date(String),
}

/// One sheet (or other source) as rows of cells, from (0, 0).
#[derive(Debug, Clone, Default)]
pub struct Grid {
    /// Sheet name, used in cell references (`表三!C12`).
    pub name: String,
    pub rows: Vec<Vec<Raw>>,
    /// Cells that hold a formula, as (row, col); filled only when formulas were read.
    pub formulas: Vec<(u32, u32)>,
    /// Whether the sheet is hidden in the workbook.
    pub hidden: bool,
    /// For grids built from a report's text: where each cell came from (`报告文本第57行`),
    /// used instead of a sheet reference in messages.
    pub sources: std::collections::HashMap<(u32, u32), String>,
}

impl Grid {
    pub fn new(name: &str, rows: Vec<Vec<Raw>>) -> Grid {
        Grid {
            name: name.to_string(),
            rows,
            ..Grid::default()
        }
    }

    /// The cell at (row, col), or `Empty` outside the grid.
    pub fn get(&self, row: u32, col: u32) -> &Raw {
        self.rows
            .get(row as usize)
            .and_then(|r| r.get(col as usize))
            .unwrap_or(&Raw::Empty)
    }

    /// The cell's text when it holds text.
    pub fn text(&self, row: u32, col: u32) -> Option<&str> {
        match self.get(row, col) {
            Raw::Text(s) => Some(s.as_str()),
            _ => None,
        }
    }

    /// Every text cell with its position, row by row.
    pub fn texts(&self) -> impl Iterator<Item = (u32, u32, &str)> {
        self.rows.iter().enumerate().flat_map(|(r, row)| {
            row.iter()
                .enumerate()
                .filter_map(move |(c, cell)| match cell {
                    Raw::Text(s) if !s.trim().is_empty() => Some((r as u32, c as u32, s.as_str())),
                    _ => None,
                })
        })
    }

    /// Number of rows.
    pub fn height(&self) -> u32 {
        self.rows.len() as u32
    }

    /// A human reference to a cell: `表三!C12`, or for a text, its line.
    pub fn place(&self, row: u32, col: u32) -> String {
        match self.sources.get(&(row, col)) {
            Some(source) => source.clone(),
            None => {
                let mut place = String::with_capacity(self.name.len() + 8);
                place.push_str(&self.name);
                place.push('!');
                place.push_str(&row_col_to_cell(row, col as u16));
                place
            }
        }
    }

    /// Whether the grid was built from a report's text rather than read from a sheet.
    pub fn from_text(&self) -> bool {
        !self.sources.is_empty()
    }

    /// Whether the cell holds a formula (only known when formulas were read).
    pub fn is_formula(&self, row: u32, col: u32) -> bool {
        self.formulas.contains(&(row, col))
    }
}

/// The content of a cell as display text, for labels and messages.
pub fn display(raw: &Raw) -> String {
    match raw {
        Raw::Empty => String::new(),
        Raw::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
        Raw::Number(n) => n.to_string(),
        Raw::Text(s) => s.clone(),
        Raw::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Raw::Error(e) | Raw::Date(e) => e.clone(),
    }
}
