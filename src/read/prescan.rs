//! A streaming look at a workbook's XML before calamine parses it, so that the [`Limits`] on
//! cells and text are enforced before anything is allocated for them.
//!
//! calamine allocates every sheet as one dense rectangle from its first to its last filled
//! cell: two cells at `A1` and `XFD1048576` ask for 17 billion cells, which aborts the whole
//! process (an allocation failure is not a panic and cannot be caught). A `<dimension>`
//! element alone is harmless (calamine caps what it reserves from it); filled cells are what
//! count. This scan follows the cell positions exactly as calamine does (a cell's `r`, or the
//! one after the previous cell; a row's `r`, or the one after the previous row), and for
//! LibreOffice files the repeated rows and columns, and refuses a workbook whose rectangles
//! add up to more than [`Limits::cells`]; whose cells would hold more text than
//! [`Limits::unzipped_bytes`] (one long shared string used by a million cells is copied into
//! each); that has a cell address outside a sheet; or an XML document type declaration (entity
//! expansion is never needed in a workbook). The length of each cell's text
//! ([`Limits::text_chars`]) is checked on the grids, where the sheet and cell are known
//! ([`check_texts`]).
//!
//! The scan uses quick-xml with calamine's settings, so it reads the XML as calamine will; a
//! part that is not well-formed stops the scan there, and calamine stops at the same place.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};

use quick_xml::events::{BytesStart, Event};
use rust_xlsxwriter::utility::row_col_to_cell;

use crate::read::error::ReadError;
use crate::read::limits::{Exceeded, Limits};

/// Rows and columns of an Excel sheet.
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLUMNS: u64 = 16_384;

/// Which scanner a zip entry gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    /// An Excel part (`xl/…xml`): sheets, shared strings and the rest.
    Excel,
    /// LibreOffice's `content.xml`.
    Ods,
    /// Anything else: only its inflated size counts.
    Other,
}

impl Part {
    /// The scanner for a zip entry name.
    pub(crate) fn of(name: &str) -> Part {
        let lower = name.to_ascii_lowercase();
        if lower == "content.xml" {
            Part::Ods
        } else if lower.starts_with("xl/") && lower.ends_with(".xml") {
            Part::Excel
        } else {
            Part::Other
        }
    }
}

/// What the scan of a whole workbook has counted so far.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    /// Cells of the sheets scanned so far (each sheet's used rectangle).
    pub cells: u64,
    /// Bytes of text the filled cells scanned so far will hold, shared strings counted once for
    /// every cell that uses them.
    pub text_bytes: u64,
    /// Length in bytes of each shared string, read before the sheets.
    pub shared: Vec<u32>,
}

/// Zip entry path of each worksheet → its sheet name, from `xl/workbook.xml` and its
/// relationships, for messages. Empty when they cannot be read.
pub(crate) fn sheet_names<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
) -> HashMap<String, String> {
    const CAP: u64 = 4 * 1024 * 1024;
    let mut read = |name: &str| -> Option<Vec<u8>> {
        let entry = zip.by_name(name).ok()?;
        let mut bytes = Vec::new();
        entry.take(CAP).read_to_end(&mut bytes).ok()?;
        Some(bytes)
    };
    let (Some(workbook), Some(rels)) =
        (read("xl/workbook.xml"), read("xl/_rels/workbook.xml.rels"))
    else {
        return HashMap::new();
    };
    let mut ids = Vec::new(); // (relationship id, sheet name)
    each_start(&workbook, |e| {
        if e.local_name().as_ref() == "sheet" {
            let name = attr(e, |k| k == "name");
            let id = attr(e, |k| k.ends_with(":id"));
            if let (Some(name), Some(id)) = (name, id) {
                ids.push((id, name));
            }
        }
    });
    let mut targets = HashMap::new(); // relationship id → zip path
    each_start(&rels, |e| {
        if e.local_name().as_ref() == "Relationship"
            && let (Some(id), Some(target)) = (attr(e, |k| k == "Id"), attr(e, |k| k == "Target"))
        {
            let path = match target.strip_prefix('/') {
                Some(absolute) => absolute.to_string(),
                None => format!("xl/{target}"),
            };
            targets.insert(id, path);
        }
    });
    ids.into_iter()
        .filter_map(|(id, name)| Some((targets.get(&id)?.clone(), name)))
        .collect()
}

/// Reads the length of every shared string before the sheets are scanned, so that a sheet
/// whose cells use one long string over and over is refused before calamine copies it into
/// every cell. An entry too large or too compressed is left to the size checks. Returns the
/// name of the entry scanned, which need not be scanned again.
pub(crate) fn shared_strings<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    limits: &Limits,
    tally: &mut Tally,
) -> Result<Option<&'static str>, ReadError> {
    const NAME: &str = "xl/sharedStrings.xml";
    let Ok(entry) = zip.by_name(NAME) else {
        return Ok(None);
    };
    let (size, packed) = (entry.size(), entry.compressed_size().max(1));
    if size > limits.unzipped_bytes || (size > 1024 * 1024 && size / packed > 200) {
        return Ok(None);
    }
    let mut reader =
        quick_xml::Reader::from_reader(BufReader::with_capacity(64 * 1024, entry.take(size + 1)));
    configure(&mut reader);
    scan_excel(NAME, None, true, &mut reader, limits, tally)?;
    Ok(Some(NAME))
}

/// Calls `f` for every start tag of a small XML document, until its end or first error.
fn each_start(xml: &[u8], mut f: impl FnMut(&BytesStart)) {
    let mut reader = quick_xml::Reader::from_reader(xml);
    configure(&mut reader);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => f(&e),
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
}

/// An attribute's value, unescaped when possible.
fn attr(e: &BytesStart, key: impl Fn(&str) -> bool) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| key(a.key.as_ref()))
        .map(|a| match quick_xml::escape::unescape(&a.value) {
            Ok(v) => v.into_owned(),
            Err(_) => a.value.into_owned(),
        })
}

/// An attribute's raw text.
fn raw_attr<'a>(e: &'a BytesStart, key: &str) -> Option<std::borrow::Cow<'a, str>> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .map(|a| a.value)
}

/// calamine's reader settings, so the scan sees the same events.
fn configure<R>(reader: &mut quick_xml::Reader<R>) {
    let config = reader.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
}

/// Scans one inflated zip entry. `sheet` is the sheet name of a worksheet part, when known.
pub(crate) fn scan<R: Read>(
    name: &str,
    part: Part,
    sheet: Option<&str>,
    input: R,
    limits: &Limits,
    tally: &mut Tally,
) -> Result<(), ReadError> {
    let mut reader = quick_xml::Reader::from_reader(BufReader::with_capacity(64 * 1024, input));
    configure(&mut reader);
    match part {
        Part::Excel => scan_excel(name, sheet, false, &mut reader, limits, tally),
        Part::Ods => scan_ods(&mut reader, limits, tally),
        Part::Other => Ok(()),
    }
}

/// The used rectangle of one sheet.
#[derive(Debug, Clone, Copy)]
struct Bounds {
    rows: (u64, u64),
    cols: (u64, u64),
}

impl Bounds {
    fn at(row: u64, col: u64) -> Bounds {
        Bounds {
            rows: (row, row),
            cols: (col, col),
        }
    }

    fn add(&mut self, row: u64, col: u64) {
        self.rows = (self.rows.0.min(row), self.rows.1.max(row));
        self.cols = (self.cols.0.min(col), self.cols.1.max(col));
    }

    /// Cells a Grid of this sheet holds: every row of the range from column A (a Grid has no
    /// column offset), which is at least what calamine allocates.
    fn area(&self) -> u64 {
        (self.rows.1 - self.rows.0 + 1).saturating_mul(self.cols.1 + 1)
    }

    /// The range counted, from column A: `A1:XFD1048576`.
    fn range(&self) -> String {
        let cell = |r: u64, c: u64| row_col_to_cell(r as u32, c as u16);
        format!(
            "{}:{}",
            cell(self.rows.0, 0),
            cell(self.rows.1, self.cols.1)
        )
    }
}

/// Checks the cells of a sheet being scanned against what the sheets before it used.
fn check_cells(
    bounds: &Bounds,
    place: &dyn Fn() -> String,
    limits: &Limits,
    tally: &Tally,
) -> Result<(), ReadError> {
    let found = tally.cells.saturating_add(bounds.area());
    if found > limits.cells {
        return Err(ReadError::Limit(Exceeded::Cells {
            place: place(),
            range: bounds.range(),
            area: bounds.area(),
            found,
            limit: limits.cells,
        }));
    }
    Ok(())
}

/// Refuses a cell whose text is longer than [`Limits::text_chars`], naming the sheet and cell.
pub(crate) fn check_texts(
    grids: &[crate::read::grid::Grid],
    limits: &Limits,
) -> Result<(), ReadError> {
    for grid in grids {
        for (r, row) in grid.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if let crate::read::grid::Raw::Text(text) = cell
                    && text.len() as u64 > limits.text_chars
                {
                    let found = text.chars().count() as u64;
                    if found > limits.text_chars {
                        return Err(ReadError::Limit(Exceeded::Text {
                            place: format!(
                                "工作表“{}”的单元格 {}",
                                grid.name,
                                row_col_to_cell(r as u32, c.min(usize::from(u16::MAX)) as u16)
                            ),
                            found,
                            limit: limits.text_chars,
                        }));
                    }
                }
            }
        }
    }
    Ok(())
}

/// After calamine has read a sheet of any format (an `.xls` is not scanned beforehand):
/// refuses a sheet whose Grid would pass the cell limit, counting `used` cells over the
/// workbook. `start` and `end` are the sheet's range.
pub(crate) fn check_grid(
    sheet: &str,
    start: Option<(u32, u32)>,
    end: Option<(u32, u32)>,
    used: &mut u64,
    limits: &Limits,
) -> Result<(), ReadError> {
    let (Some((r0, c0)), Some((r1, c1))) = (start, end) else {
        return Ok(());
    };
    let bounds = Bounds {
        rows: (u64::from(r0), u64::from(r1.max(r0))),
        cols: (u64::from(c0), u64::from(c1.max(c0))),
    };
    let tally = Tally {
        cells: *used,
        ..Tally::default()
    };
    check_cells(&bounds, &|| format!("工作表“{sheet}”"), limits, &tally)?;
    *used = used.saturating_add(bounds.area());
    Ok(())
}

/// A cell address (`AB12`) as 0-based (row, column), the way calamine reads it, without its
/// overflow: `None` when calamine would refuse it, a position past the sheet when it is one.
fn cell_address(text: &str) -> Option<(u64, Option<u64>)> {
    let text = text.as_bytes();
    let letters = text.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let (col, row) = text.split_at(letters);
    if row.is_empty() || !row.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let col = col.iter().fold(0u64, |n, b| {
        n.saturating_mul(26)
            .saturating_add(u64::from(b.to_ascii_uppercase() - b'A') + 1)
    });
    let row = row.iter().fold(0u64, |n, b| {
        n.saturating_mul(10).saturating_add(u64::from(b - b'0'))
    });
    Some((row.checked_sub(1)?, col.checked_sub(1)))
}

pub(crate) fn doctype(name: &str) -> ReadError {
    ReadError::Corrupt(format!(
        "压缩包内的 {name} 含有 XML 文档类型声明（DOCTYPE），Excel、WPS 和 LibreOffice 都不会写出这种内容，可能是被人为构造的文件，为安全起见没有读取"
    ))
}

pub(crate) fn outside(place: &str, address: &str) -> ReadError {
    ReadError::Corrupt(format!(
        "{place}有单元格地址“{}”超出了工作表的范围（最多 1048576 行、16384 列）",
        address.chars().take(40).collect::<String>()
    ))
}

/// An Excel part: cells of worksheets (positions as calamine computes them) and the text they
/// will hold; for the shared strings (when `collect` is set), the length of each.
fn scan_excel<B: BufRead>(
    name: &str,
    sheet: Option<&str>,
    collect: bool,
    reader: &mut quick_xml::Reader<B>,
    limits: &Limits,
    tally: &mut Tally,
) -> Result<(), ReadError> {
    let sheet_place = || match sheet {
        Some(s) => format!("工作表“{s}”"),
        None => format!("压缩包内的 {name} "),
    };
    let mut buf = Vec::new();
    let (mut row, mut col) = (0u64, 0u64);
    // The cell being read: its position, whether it has a value, whether the value is a
    // shared string (and the index text), the bytes of its own text.
    let mut cell: Option<(u64, u64)> = None;
    let mut filled = false;
    let mut shared_ref: Option<String> = None;
    let mut text = 0u64;
    // The shared string being read.
    let mut item: Option<u64> = None;
    let mut bounds: Option<Bounds> = None;
    // An XML error ends the scan: calamine stops at the same error.
    while let Ok(event) = reader.read_event_into(&mut buf) {
        match event {
            Event::DocType(_) => return Err(doctype(name)),
            Event::Start(e) => match e.local_name().as_ref() {
                "row" if cell.is_none() => {
                    if let Some(r) = raw_attr(&e, "r") {
                        match cell_address(&r) {
                            Some((r, _)) if r >= MAX_ROWS => {
                                return Err(outside(&sheet_place(), &format!("第{}行", r + 1)));
                            }
                            Some((r, _)) => row = r,
                            None => {}
                        }
                    }
                }
                "c" if cell.is_none() => {
                    if let Some(r) = raw_attr(&e, "r")
                        && let Some((r_row, Some(r_col))) = cell_address(&r)
                    {
                        if r_row >= MAX_ROWS || r_col >= MAX_COLUMNS {
                            return Err(outside(&sheet_place(), &r));
                        }
                        (row, col) = (r_row, r_col);
                    }
                    cell = Some((row, col));
                    filled = false;
                    text = 0;
                    shared_ref = (raw_attr(&e, "t").as_deref() == Some("s")).then(String::new);
                }
                "si" if item.is_none() => {
                    item = Some(0);
                }
                _ if cell.is_some() => filled = true,
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "row" if cell.is_none() => {
                    row += 1;
                    col = 0;
                }
                "c" => {
                    if let Some((r, c)) = cell.take() {
                        if filled {
                            match &mut bounds {
                                Some(b) => b.add(r, c),
                                None => bounds = Some(Bounds::at(r, c)),
                            }
                            if let Some(b) = &bounds {
                                check_cells(b, &sheet_place, limits, tally)?;
                            }
                            // What the grid will hold: the shared string, or the cell's text.
                            let held = match shared_ref.take() {
                                Some(index) => index
                                    .trim()
                                    .parse::<usize>()
                                    .ok()
                                    .and_then(|i| tally.shared.get(i))
                                    .map_or(0, |n| u64::from(*n)),
                                None => text,
                            };
                            tally.text_bytes = tally.text_bytes.saturating_add(held);
                            if tally.text_bytes > limits.unzipped_bytes {
                                return Err(ReadError::Limit(Exceeded::Texts {
                                    place: format!(
                                        "{}（到单元格 {} 为止）",
                                        sheet_place(),
                                        row_col_to_cell(r as u32, c as u16)
                                    ),
                                    limit_mb: limits.unzipped_bytes / 1024 / 1024,
                                }));
                            }
                        }
                        col = col.saturating_add(1);
                    }
                }
                "si" => {
                    if let Some(bytes) = item.take()
                        && collect
                    {
                        tally.shared.push(u32::try_from(bytes).unwrap_or(u32::MAX));
                    }
                }
                _ => {}
            },
            Event::Text(t) => {
                if let Some(index) = &mut shared_ref {
                    if index.len() < 32 {
                        index.push_str(&t);
                    }
                } else if cell.is_some() {
                    text += t.len() as u64;
                }
                if let Some(n) = &mut item {
                    *n += t.len() as u64;
                }
            }
            Event::CData(t) if cell.is_some() && shared_ref.is_none() => {
                text += t.len() as u64;
            }
            Event::GeneralRef(_) => {
                if cell.is_some() && shared_ref.is_none() {
                    text += 1;
                }
                if let Some(n) = &mut item {
                    *n += 1;
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if let Some(b) = bounds {
        tally.cells = tally.cells.saturating_add(b.area());
    }
    Ok(())
}

/// LibreOffice's content.xml: every table, with repeated rows and columns counted as calamine
/// expands them.
fn scan_ods<B: BufRead>(
    reader: &mut quick_xml::Reader<B>,
    limits: &Limits,
    tally: &mut Tally,
) -> Result<(), ReadError> {
    let mut buf = Vec::new();
    let mut table = String::new();
    // Rows of the current table so far (expanded), the span of filled rows, the widest row.
    let mut rows = 0u64;
    let mut filled_rows: Option<(u64, u64)> = None;
    let mut width = 0u64;
    // The current row: its repeat count, columns so far, empty columns not yet placed.
    let mut row_repeats = 1u64;
    let mut columns = 0u64;
    let mut pending = 0u64;
    let mut row_filled = false;
    let mut row_text = 0u64;
    // The current cell: its repeat count, whether it has a value, its text length.
    let mut cell: Option<u64> = None;
    let mut cell_filled = false;
    let mut text = 0u64;
    let place = |table: &str| format!("工作表“{table}”");
    let count = |table: &str,
                 filled_rows: Option<(u64, u64)>,
                 width: u64,
                 tally: &Tally|
     -> Result<(), ReadError> {
        let Some((first, last)) = filled_rows else {
            return Ok(());
        };
        let bounds = Bounds {
            rows: (first.min(MAX_ROWS - 1), last.min(MAX_ROWS - 1)),
            cols: (0, width.clamp(1, MAX_COLUMNS) - 1),
        };
        check_cells(&bounds, &|| place(table), limits, tally)
    };
    while let Ok(event) = reader.read_event_into(&mut buf) {
        match event {
            Event::DocType(_) => return Err(doctype("content.xml")),
            Event::Start(e) => match e.name().as_ref() {
                "table:table" => {
                    table = attr(&e, |k| k == "table:name").unwrap_or_default();
                    (rows, filled_rows, width) = (0, None, 0);
                }
                "table:table-row" => {
                    row_repeats = repeats(&e, "table:number-rows-repeated");
                    (columns, pending, row_filled, row_text) = (0, 0, false, 0);
                }
                "table:table-cell" | "table:covered-table-cell" if cell.is_none() => {
                    cell = Some(repeats(&e, "table:number-columns-repeated"));
                    cell_filled = raw_attr(&e, "office:value-type").is_some()
                        || raw_attr(&e, "table:formula").is_some();
                    text = raw_attr(&e, "office:string-value").map_or(0, |v| v.len() as u64);
                }
                _ if cell.is_some() => cell_filled = true,
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                "table:table-cell" | "table:covered-table-cell" => {
                    if let Some(n) = cell.take() {
                        if cell_filled {
                            // calamine copies the value into every repeated column.
                            let placed = n.min(MAX_COLUMNS.saturating_sub(columns + pending));
                            row_text = row_text.saturating_add(text.saturating_mul(placed));
                            columns = (columns + pending + n).min(MAX_COLUMNS);
                            pending = 0;
                            row_filled = true;
                        } else {
                            pending = pending.saturating_add(n);
                        }
                    }
                }
                "table:table-row" => {
                    // calamine stops repeating rows at the sheet's last row, but a filled row
                    // past it still widens the range and ends it at the last row.
                    let repeats = row_repeats.min(MAX_ROWS.saturating_sub(rows));
                    if row_filled {
                        tally.text_bytes = tally
                            .text_bytes
                            .saturating_add(row_text.saturating_mul(repeats));
                        if tally.text_bytes > limits.unzipped_bytes {
                            return Err(ReadError::Limit(Exceeded::Texts {
                                place: format!("{}（到第 {} 行为止）", place(&table), rows + 1),
                                limit_mb: limits.unzipped_bytes / 1024 / 1024,
                            }));
                        }
                        width = width.max(columns);
                        let first = filled_rows.map_or(rows, |f| f.0);
                        let last = (rows + repeats.max(1) - 1).min(MAX_ROWS - 1);
                        filled_rows = Some((first.min(last), last));
                        count(&table, filled_rows, width, tally)?;
                    }
                    rows += repeats;
                }
                "table:table" => {
                    count(&table, filled_rows, width, tally)?;
                    if let Some((first, last)) = filled_rows {
                        let area = (last - first + 1).saturating_mul(width.max(1));
                        tally.cells = tally.cells.saturating_add(area);
                    }
                    (rows, filled_rows, width) = (0, None, 0);
                }
                _ => {}
            },
            Event::Text(t) if cell.is_some() => text += t.len() as u64,
            Event::CData(t) if cell.is_some() => text += t.len() as u64,
            Event::GeneralRef(_) if cell.is_some() => text += 1,
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(())
}

/// An `.xls` (BIFF inside a compound file) before calamine reads it. calamine reserves room
/// for the cells a sheet's DIMENSIONS record claims (up to 4 billion rows) and then allocates
/// the rectangle of the cells' positions (up to 65,536 × 65,536): a 90 KB file can make it ask
/// for hundreds of gigabytes, which aborts the process. Every DIMENSIONS record and every cell
/// record of the workbook stream is checked against [`Limits::cells`] first. A file whose
/// container cannot be followed is left to calamine, which refuses it.
pub(crate) fn check_xls(bytes: &[u8], limits: &Limits) -> Result<(), ReadError> {
    let Some(stream) = workbook_stream(bytes) else {
        return Ok(());
    };
    let u16_at = |d: &[u8], i: usize| {
        d.get(i..i + 2)
            .map_or(0, |b| u16::from_le_bytes([b[0], b[1]]))
    };
    let u32_at = |d: &[u8], i: usize| {
        d.get(i..i + 4)
            .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    // The workbook's records from the start to its EOF, then each sheet's from the position
    // its BOUNDSHEET gives, as calamine reads them.
    let mut starts = vec![0usize];
    let mut used = 0u64;
    let mut i = 0;
    while i < starts.len() {
        let mut at = starts[i];
        i += 1;
        let mut sheet: Option<Bounds> = None;
        let place = || format!("第 {} 张工作表", i.saturating_sub(1).max(1));
        let finish = |sheet: &mut Option<Bounds>, used: &mut u64| -> Result<(), ReadError> {
            if let Some(b) = sheet.take() {
                let tally = Tally {
                    cells: *used,
                    ..Tally::default()
                };
                check_cells(&b, &place, limits, &tally)?;
                *used = used.saturating_add(b.area());
            }
            Ok(())
        };
        while at + 4 <= stream.len() {
            let kind = u16_at(&stream, at);
            let len = usize::from(u16_at(&stream, at + 2));
            let data = &stream[at + 4..(at + 4 + len).min(stream.len())];
            at += 4 + len;
            let mut cell = |row: u64, col: u64| -> Result<(), ReadError> {
                match &mut sheet {
                    Some(b) => b.add(row, col),
                    None => sheet = Some(Bounds::at(row, col)),
                }
                if let Some(b) = &sheet {
                    let tally = Tally {
                        cells: used,
                        ..Tally::default()
                    };
                    check_cells(b, &place, limits, &tally)?;
                }
                Ok(())
            };
            match kind {
                // BOUNDSHEET: where a sheet's records start.
                0x0085 if i == 1 => starts.push(u32_at(data, 0) as usize),
                // DIMENSIONS, as calamine reads it.
                0x0200 => {
                    let (rf, rl, mut cf, cl) = match data.len() {
                        10 => (
                            u32::from(u16_at(data, 0)),
                            u32::from(u16_at(data, 2)),
                            u32::from(u16_at(data, 4)),
                            u32::from(u16_at(data, 6)),
                        ),
                        14 | 16 => (
                            u32_at(data, 0),
                            u32_at(data, 4),
                            u32::from(u16_at(data, 8)),
                            u32::from(u16_at(data, 10)),
                        ),
                        _ => continue,
                    };
                    if cf > 0xFF || cl < cf {
                        cf = 0;
                    }
                    if rl >= 1 && cl >= 1 {
                        if rl - 1 < rf {
                            return Err(ReadError::Corrupt(format!(
                                "{}的范围记录有误（起始行在结束行之后）",
                                place()
                            )));
                        }
                        let claimed = Bounds {
                            rows: (u64::from(rf), u64::from(rl - 1)),
                            cols: (u64::from(cf), u64::from(cl - 1)),
                        };
                        let tally = Tally {
                            cells: used,
                            ..Tally::default()
                        };
                        check_cells(&claimed, &place, limits, &tally)?;
                    }
                }
                // Cells: NUMBER, LABEL, RSTRING, BOOLERR, RK, LABELSST, FORMULA: row, column.
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                    cell(u64::from(u16_at(data, 0)), u64::from(u16_at(data, 2)))?;
                }
                // MULRK: row, first column, …, last column.
                0x00BD if data.len() >= 6 => {
                    let first = u64::from(u16_at(data, 2));
                    let last = u64::from(u16_at(data, data.len() - 2));
                    let counted = first + (data.len() as u64 - 6) / 6;
                    cell(u64::from(u16_at(data, 0)), first.max(last).max(counted))?;
                }
                // BOF starts a substream; EOF ends it.
                0x0809 => finish(&mut sheet, &mut used)?,
                0x000A => break,
                _ => {}
            }
        }
        finish(&mut sheet, &mut used)?;
        if starts.len() > 10_000 {
            break;
        }
    }
    Ok(())
}

/// The formula cells of each sheet of an `.xls`, by sheet name. calamine gives a formula's
/// text, and an empty text for a shared formula (one filled down, as Excel and LibreOffice
/// write a column of totals), so those cells cannot be told from cells without a formula;
/// every FORMULA record is one, shared or not. Only BIFF8 sheet names are decoded (every
/// `.xls` since Excel 97); an older file gives no formulas here.
pub(crate) fn xls_formulas(bytes: &[u8]) -> std::collections::HashMap<String, Vec<(u32, u32)>> {
    let mut out = std::collections::HashMap::new();
    let Some(stream) = workbook_stream(bytes) else {
        return out;
    };
    let mut sheets: Vec<(usize, String)> = Vec::new();
    each_record(&stream, 0, |kind, data| {
        if kind == 0x0085 && data.len() >= 8 {
            let start = u32::from_le_bytes([data[0], data[1], data[2], data[3]]) as usize;
            sheets.push((start, biff8_name(usize::from(data[6]), data[7], &data[8..])));
        }
        kind != 0x000A
    });
    for (start, name) in sheets.into_iter().take(10_000) {
        let mut cells = Vec::new();
        // A chart inside the sheet is a substream with cells of its own.
        let mut depth = 0usize;
        each_record(&stream, start, |kind, data| {
            match kind {
                0x0809 => depth += 1,
                0x000A => depth = depth.saturating_sub(1),
                0x0006 if depth == 1 && data.len() >= 4 => cells.push((
                    u32::from(u16::from_le_bytes([data[0], data[1]])),
                    u32::from(u16::from_le_bytes([data[2], data[3]])),
                )),
                _ => {}
            }
            depth > 0
        });
        out.insert(name, cells);
    }
    out
}

/// Calls `each` with the type and data of every BIFF record from `at`, while it says to go on.
fn each_record(stream: &[u8], mut at: usize, mut each: impl FnMut(u16, &[u8]) -> bool) {
    let u16_at = |i: usize| u16::from_le_bytes([stream[i], stream[i + 1]]);
    while at + 4 <= stream.len() {
        let (kind, len) = (u16_at(at), usize::from(u16_at(at + 2)));
        let data = &stream[at + 4..(at + 4 + len).min(stream.len())];
        at += 4 + len;
        if !each(kind, data) {
            break;
        }
    }
}

/// A BIFF8 short string: `cch` characters, UTF-16 when the low bit of `flags` is set, else
/// one byte each.
fn biff8_name(cch: usize, flags: u8, data: &[u8]) -> String {
    if flags & 1 == 1 {
        let units: Vec<u16> = data
            .chunks_exact(2)
            .take(cch)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        data.iter().take(cch).map(|&b| char::from(b)).collect()
    }
}

/// The `Workbook` (or BIFF5 `Book`) stream of a compound file, or `None` when the container
/// cannot be followed.
fn workbook_stream(bytes: &[u8]) -> Option<Vec<u8>> {
    let u16_at = |i: usize| {
        bytes
            .get(i..i + 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
    };
    let u32_at = |i: usize| {
        bytes
            .get(i..i + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let shift = u16_at(0x1E)?;
    if !(7..=16).contains(&shift) {
        return None;
    }
    let size = 1usize << shift;
    let mini_size = 1usize << u16_at(0x20)?.min(12);
    let sectors = bytes.len() / size; // a bound on every chain
    let sector = |id: u32| -> Option<&[u8]> {
        let start = (id as usize + 1).checked_mul(size)?;
        bytes.get(start..start + size)
    };
    // The FAT: sectors listed in the header's DIFAT, then in the DIFAT chain.
    let mut fat_sectors: Vec<u32> = (0..109).filter_map(|k| u32_at(0x4C + 4 * k)).collect();
    let mut difat = u32_at(0x44)?;
    let mut steps = 0;
    while difat < 0xFFFF_FFFA && steps <= sectors {
        let s = sector(difat)?;
        let ids: Vec<u32> = s
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        let (next, list) = ids.split_last()?;
        fat_sectors.extend_from_slice(list);
        difat = *next;
        steps += 1;
    }
    let mut fat: Vec<u32> = Vec::new();
    for id in fat_sectors.into_iter().filter(|id| *id < 0xFFFF_FFFA) {
        fat.extend(
            sector(id)?
                .chunks_exact(4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])),
        );
        if fat.len() > sectors.saturating_mul(2) + 1024 {
            break;
        }
    }
    let chain = |start: u32, limit: usize| -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let mut id = start;
        let mut steps = 0;
        while id < 0xFFFF_FFFA && out.len() < limit {
            out.extend_from_slice(sector(id)?);
            id = *fat.get(id as usize)?;
            steps += 1;
            if steps > sectors {
                return None; // a loop
            }
        }
        out.truncate(limit);
        Some(out)
    };
    let dirs = chain(u32_at(0x30)?, usize::MAX)?;
    let entry = |name: &str| {
        dirs.chunks_exact(128).find(|d| {
            let len = usize::from(u16::from_le_bytes([d[64], d[65]])).min(64);
            let units: Vec<u16> = d[..len.saturating_sub(2)]
                .chunks_exact(2)
                .map(|b| u16::from_le_bytes([b[0], b[1]]))
                .collect();
            d[66] == 2 && String::from_utf16_lossy(&units) == name
        })
    };
    let stream = entry("Workbook").or_else(|| entry("Book"))?;
    let start = u32::from_le_bytes(stream[116..120].try_into().ok()?);
    let len = u32::from_le_bytes(stream[120..124].try_into().ok()?) as usize;
    let cutoff = u32_at(0x38)? as usize;
    if len >= cutoff {
        return chain(start, len.min(bytes.len()));
    }
    // A small stream lives in the mini stream, whose sectors the mini FAT chains.
    let root = dirs.get(..128)?;
    let mini_stream = chain(
        u32::from_le_bytes(root[116..120].try_into().ok()?),
        bytes.len(),
    )?;
    let mini_fat_bytes = chain(u32_at(0x3C)?, bytes.len())?;
    let mini_fat: Vec<u32> = mini_fat_bytes
        .chunks_exact(4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect();
    let mut out = Vec::new();
    let mut id = start;
    let mut steps = 0;
    while id < 0xFFFF_FFFA && out.len() < len {
        let at = (id as usize).checked_mul(mini_size)?;
        out.extend_from_slice(mini_stream.get(at..at + mini_size)?);
        id = *mini_fat.get(id as usize)?;
        steps += 1;
        if steps > mini_fat.len() {
            return None;
        }
    }
    out.truncate(len);
    Some(out)
}

/// A repeat count attribute (1 when absent or unreadable).
fn repeats(e: &BytesStart, key: &str) -> u64 {
    raw_attr(e, key)
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan_str(name: &str, xml: &str, limits: &Limits) -> Result<Tally, ReadError> {
        let mut tally = Tally::default();
        scan(
            name,
            Part::of(name),
            Some("表三"),
            xml.as_bytes(),
            limits,
            &mut tally,
        )?;
        Ok(tally)
    }

    #[test]
    fn addresses_read_as_calamine_reads_them() {
        assert_eq!(cell_address("A1"), Some((0, Some(0))));
        assert_eq!(cell_address("xfd1048576"), Some((1_048_575, Some(16_383))));
        assert_eq!(cell_address("12"), Some((11, None)));
        assert_eq!(cell_address("A0"), None);
        assert_eq!(cell_address("1A"), None);
        assert!(cell_address("ZZZZZZZZZZZZZZ99999999999999999999").is_some());
    }

    #[test]
    fn positions_follow_rows_and_cells_without_addresses() {
        let xml = r#"<worksheet><sheetData><row r="3"><c><v>1</v></c><c r="E3"/><c><v>2</v></c></row><row><c><v>3</v></c></row></sheetData></worksheet>"#;
        let tally = scan_str("xl/worksheets/sheet1.xml", xml, &Limits::default()).unwrap();
        // Filled: A3, F3 (after the empty E3), A4 → rows 3–4, columns A–F.
        assert_eq!(tally.cells, 2 * 6);
    }

    #[test]
    fn far_apart_cells_are_refused_with_the_range() {
        let xml = r#"<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>"#;
        let err = scan_str("xl/worksheets/sheet1.xml", xml, &Limits::default()).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("工作表“表三”的已用范围是 A1:XFD1048576"),
            "{text}"
        );
        assert!(text.contains("“单元格数上限”"), "{text}");
    }

    #[test]
    fn ods_repeats_are_expanded() {
        let xml = r#"<office:document-content><table:table table:name="S"><table:table-row table:number-rows-repeated="1000"><table:table-cell table:number-columns-repeated="1000" office:value-type="float"/></table:table-row><table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table></office:document-content>"#;
        let limits = Limits {
            cells: 999_999,
            ..Limits::default()
        };
        let err = scan_str("content.xml", xml, &limits).unwrap_err();
        assert!(err.to_string().contains("工作表“S”"), "{err}");
        let tally = scan_str("content.xml", xml, &Limits::default()).unwrap();
        assert_eq!(tally.cells, 1_000_000);
    }
}
