//! Reading an `.xlsx` sheet cell by cell, straight into a [`Grid`], with the limits checked
//! as each cell arrives.
//!
//! calamine's `worksheet_range` first gathers a sheet's cells, then allocates one dense
//! rectangle from the first filled cell to the last: two cells at `A1` and `XFD1048576` ask
//! for 17 billion cells and abort the process. Reading through calamine's cell reader
//! instead, xxgk sees every position before anything is allocated for it, refuses a sheet
//! that goes past [`Limits::cells`] or whose texts go past [`Limits::unzipped_bytes`], and
//! builds the rows only once they are known to fit. It is also one pass where there were
//! three (a scan for the limits, the values, and the formulas): formula cells are marked
//! from the same records as the values.

use std::io::Cursor;

use calamine::{DataRef, Reader, SheetVisible, Xlsx};
use rust_xlsxwriter::utility::row_col_to_cell;

use crate::read::error::ReadError;
use crate::read::grid::{Grid, Raw};
use crate::read::limits::{Exceeded, Limits};

/// Rows and columns of an Excel sheet.
const MAX_ROWS: u32 = 1_048_576;
const MAX_COLUMNS: u32 = 16_384;

/// Every sheet of an `.xlsx` workbook as a Grid.
pub(crate) fn load(
    bytes: &[u8],
    limits: &Limits,
    formulas: Formulas,
) -> Result<Vec<Grid>, ReadError> {
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(|e| {
        if e.to_string().to_lowercase().contains("password") {
            ReadError::Encrypted
        } else {
            ReadError::Corrupt("表格内容无法解析".to_string())
        }
    })?;
    let sheets = workbook.sheets_metadata().to_vec();
    let mut budget = Budget::default();
    let mut grids = Vec::with_capacity(sheets.len());
    for (index, sheet) in sheets.iter().enumerate() {
        let corrupt = || ReadError::Corrupt(format!("工作表“{}”的内容无法解析", sheet.name));
        let mut reader = match workbook.worksheet_cells_reader(&sheet.name) {
            Ok(reader) => reader,
            // A chart sheet or dialog sheet has no cells.
            Err(calamine::XlsxError::NotAWorksheet(_)) => continue,
            Err(_) => return Err(corrupt()),
        };
        let mut grid = Grid::new(&sheet.name, Vec::new());
        grid.hidden = sheet.visible != SheetVisible::Visible;
        let mut sheet_budget = SheetBudget::default();
        loop {
            let (pos, value, formula) = match formulas {
                Formulas::Skip => match reader.next_cell().map_err(|_| corrupt())? {
                    Some(cell) => (cell.get_position(), cell.get_value().clone(), false),
                    None => break,
                },
                Formulas::Read => match reader
                    .next_cell_with_formula_metadata()
                    .map_err(|_| corrupt())?
                {
                    Some(record) => (record.pos, record.value, record.formula.is_some()),
                    None => break,
                },
            };
            if formula {
                grid.formulas.push(pos);
            }
            if value == DataRef::Empty {
                continue;
            }
            match budget.admit(&sheet.name, pos, &value, &mut sheet_budget, limits) {
                Ok(()) => put(&mut grid, pos, raw(value)),
                Err(ReadError::Limit(Exceeded::Cells { limit, .. })) => {
                    // Count on without storing anything, so the message gives the whole
                    // sheet's range and a --max-cells that reads the file at the first try.
                    while let Ok(Some(cell)) = reader.next_cell() {
                        if *cell.get_value() != DataRef::Empty {
                            sheet_budget.extend(cell.get_position());
                        }
                    }
                    drop(reader);
                    let later = sheets[index + 1..]
                        .iter()
                        .map(|s| sheet_area(&mut workbook, &s.name))
                        .fold(0u64, u64::saturating_add);
                    return Err(ReadError::Limit(Exceeded::Cells {
                        place: format!("工作表“{}”", sheet.name),
                        range: sheet_budget.range(),
                        area: sheet_budget.area(),
                        found: budget
                            .cells
                            .saturating_add(sheet_budget.area())
                            .saturating_add(later),
                        limit,
                    }));
                }
                Err(e) => return Err(e),
            }
        }
        // Rows as wide as the sheet, as calamine's ranges are: the cell limit has counted them.
        if sheet_budget.rows.is_some() {
            let width = sheet_budget.last_col as usize + 1;
            for row in &mut grid.rows {
                row.resize(width, Raw::Empty);
            }
        }
        budget.close(&sheet_budget);
        grids.push(grid);
    }
    Ok(grids)
}

/// The cells a sheet's Grid would hold, counted without storing them (for a message).
fn sheet_area(workbook: &mut Xlsx<Cursor<&[u8]>>, name: &str) -> u64 {
    let Ok(mut reader) = workbook.worksheet_cells_reader(name) else {
        return 0;
    };
    let mut bounds = SheetBudget::default();
    while let Ok(Some(cell)) = reader.next_cell() {
        if *cell.get_value() != DataRef::Empty {
            bounds.extend(cell.get_position());
        }
    }
    bounds.area()
}

/// Stores a cell, growing its row as far as the cell (rows are evened out at the end).
fn put(grid: &mut Grid, (row, col): (u32, u32), value: Raw) {
    let (row, col) = (row as usize, col as usize);
    if grid.rows.len() <= row {
        grid.rows.resize_with(row + 1, Vec::new);
    }
    let cells = &mut grid.rows[row];
    if cells.len() <= col {
        cells.resize(col + 1, Raw::Empty);
    }
    cells[col] = value;
}

fn raw(value: DataRef<'_>) -> Raw {
    match value {
        DataRef::Empty => Raw::Empty,
        DataRef::Int(i) => Raw::Number(i as f64),
        DataRef::Float(f) => Raw::Number(f),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Raw::Text(s),
        DataRef::SharedString(s) => Raw::Text(s.to_string()),
        DataRef::Bool(b) => Raw::Bool(b),
        DataRef::DateTime(d) => Raw::Date(excel_date(d.as_f64())),
        DataRef::Error(e) => Raw::Error(e.to_string()),
    }
}

/// A column's letters (`A`, `XFD`), for any column number a file may hold.
fn column_letters(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        n -= 1;
        letters.push(b'A' + (n % 26) as u8);
        n /= 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// What the sheets read so far hold.
#[derive(Debug, Default)]
struct Budget {
    /// Cells of the finished sheets: each one's used rows, from column A to its last column.
    cells: u64,
    /// Bytes of text copied into the grids.
    text_bytes: u64,
}

/// The used rectangle of the sheet being read.
#[derive(Debug, Default)]
struct SheetBudget {
    /// First and last used row, and the last used column.
    rows: Option<(u32, u32)>,
    last_col: u32,
}

impl SheetBudget {
    /// Widens the range to a filled cell.
    fn extend(&mut self, (row, col): (u32, u32)) {
        self.rows = Some(match self.rows {
            Some((first, last)) => (first.min(row), last.max(row)),
            None => (row, row),
        });
        self.last_col = self.last_col.max(col);
    }

    /// Cells a Grid of this sheet holds at most: its used rows, from column A.
    fn area(&self) -> u64 {
        self.rows.map_or(0, |(first, last)| {
            u64::from(last - first + 1) * (u64::from(self.last_col) + 1)
        })
    }

    fn range(&self) -> String {
        let (first, last) = self.rows.unwrap_or_default();
        format!(
            "{}:{}",
            row_col_to_cell(first, 0),
            row_col_to_cell(last, self.last_col.min(u32::from(u16::MAX)) as u16)
        )
    }
}

impl Budget {
    /// Admits one filled cell, or refuses the workbook naming the limit it passes.
    fn admit(
        &mut self,
        sheet: &str,
        (row, col): (u32, u32),
        value: &DataRef<'_>,
        bounds: &mut SheetBudget,
        limits: &Limits,
    ) -> Result<(), ReadError> {
        if row >= MAX_ROWS || col >= MAX_COLUMNS {
            let address = format!("{}{}", column_letters(col), u64::from(row) + 1);
            return Err(crate::read::prescan::outside(
                &format!("工作表“{sheet}”"),
                &address,
            ));
        }
        bounds.extend((row, col));
        let found = self.cells.saturating_add(bounds.area());
        if found > limits.cells {
            return Err(ReadError::Limit(Exceeded::Cells {
                place: format!("工作表“{sheet}”"),
                range: bounds.range(),
                area: bounds.area(),
                found,
                limit: limits.cells,
            }));
        }
        let text = match value {
            DataRef::SharedString(s) => s.len(),
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.len(),
            _ => 0,
        };
        self.text_bytes = self.text_bytes.saturating_add(text as u64);
        if self.text_bytes > limits.unzipped_bytes {
            return Err(ReadError::Limit(Exceeded::Texts {
                place: format!(
                    "工作表“{sheet}”（到单元格 {} 为止）",
                    row_col_to_cell(row, col as u16)
                ),
                limit_mb: limits.unzipped_bytes / 1024 / 1024,
            }));
        }
        Ok(())
    }

    /// Counts a finished sheet against the limit for the sheets after it.
    fn close(&mut self, sheet: &SheetBudget) {
        self.cells = self.cells.saturating_add(sheet.area());
    }
}

/// Whether to find out which cells hold formulas.
///
/// Knowing costs a second parse of every sheet (calamine reads values and formulas
/// separately), a seventh of the time of a merge. It only matters for a blank cell — a
/// formula whose result the file does not carry — so the checker first reads without, and
/// again with formulas only when a data cell is blank.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Formulas {
    Read,
    Skip,
}

/// An Excel date serial number as `2025-01-05` (1900 date system; times are dropped).
pub(crate) fn excel_date(serial: f64) -> String {
    if !(1.0..2_958_466.0).contains(&serial) {
        return format!("{serial}");
    }
    // Days since 1899-12-30 (Excel counts a non-existent 1900-02-29, hence this epoch).
    let days = serial.floor() as i64;
    // Civil-from-days (Howard Hinnant), shifted from 1970-01-01.
    let z = days - 25_569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_grow_to_their_last_cell() {
        let mut grid = Grid::new("表三", Vec::new());
        put(&mut grid, (2, 3), Raw::Number(1.0));
        put(&mut grid, (0, 0), Raw::Text("a".into()));
        assert_eq!(grid.rows.len(), 3);
        assert_eq!(grid.rows[1].len(), 0);
        assert_eq!(grid.rows[2].len(), 4);
        assert_eq!(grid.get(2, 3), &Raw::Number(1.0));
    }

    #[test]
    fn columns_are_lettered_past_the_sheet() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(16_383), "XFD");
        assert_eq!(column_letters(321_272_405), "ZZZZZZ");
    }

    #[test]
    fn far_cells_are_refused_before_they_are_stored() {
        let limits = Limits {
            cells: 1000,
            ..Limits::default()
        };
        let mut budget = Budget::default();
        let mut sheet = SheetBudget::default();
        let v = DataRef::Int(1);
        budget
            .admit("表三", (0, 0), &v, &mut sheet, &limits)
            .unwrap();
        let err = budget
            .admit("表三", (1_048_575, 16_383), &v, &mut sheet, &limits)
            .unwrap_err();
        assert!(err.to_string().contains("A1:XFD1048576"), "{err}");
    }
}
