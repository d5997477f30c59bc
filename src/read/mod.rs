//! # Stage 1: read — bytes to Grids
//!
//! A file's bytes become [`grid::Grid`]s, one per sheet, and nothing here knows which cell is
//! which: sniffing and the safety limits ([`limits`], [`prescan`] before anything is
//! inflated), the streaming .xlsx reader ([`cells`]), calamine for .xls and .ods (this
//! module), the one error of the stage ([`error`]), text decoding ([`decode`]), the report
//! texts and web pages ([`import`]), and which files of a folder are inputs ([`source`]).
//!
//! **A new input shape goes here**: a reader that turns its bytes into Grids; the stages
//! above then work on it unchanged.
//!
//! Depends on [`crate::format`] only (the text importer knows the official labels).
//!
//! Reading a spreadsheet file into Grids, safely.
//!
//! Returned files are whatever people email back: Excel, WPS and LibreOffice files, web pages
//! and CSV files renamed to `.xls`, password-protected workbooks, truncated downloads. The file
//! is sniffed by its content (not its name), zip archives are checked for absurd sizes before
//! anything is inflated, and every failure becomes one Chinese message naming the cause and
//! the fix. Nothing here panics on bad input; a panic inside the spreadsheet library is caught
//! and reported the same way.
//!
//! ```
//! let err = xxgk::read::read_bytes(b"<html><table><tr><td>1</td></tr></table></html>").unwrap_err();
//! assert!(err.to_string().contains("网页"));
//! ```

pub mod cells;
pub mod decode;
pub mod error;
#[cfg(feature = "cli")]
pub mod file;
pub mod grid;
pub mod import;
pub mod limits;
pub mod prescan;
pub mod source;

use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{Data, Reader, SheetVisible, open_workbook_auto_from_rs};
use sha2::{Digest, Sha256};

pub use crate::read::cells::Formulas;
use crate::read::cells::excel_date;
pub use crate::read::error::{ReadError, io_message};
#[cfg(feature = "cli")]
pub use crate::read::file::{file_sha256, read_file, read_source};
use crate::read::grid::{Grid, Raw};
use crate::read::limits::Limits;

// The file size, inflated size, cell and text limits are in `crate::read::limits` (flags of `check`
// and `merge`); these two are fixed.
/// The most a deflate stream can expand: 258 bytes from about 2 bits.
const MAX_DEFLATE_RATIO: u64 = 1032;
/// Largest compression ratio accepted for a sizeable zip entry.
const MAX_RATIO: u64 = 200;
/// Most zip entries accepted.
const MAX_ENTRIES: usize = 10_000;

/// A workbook read into grids, with the hash of its bytes.
#[derive(Debug, Clone)]
pub struct Workbook {
    pub grids: Vec<Grid>,
    /// SHA-256 of the file, hex.
    pub sha256: String,
    /// What kind of file it was: `xlsx`, `xls` or `ods`.
    pub kind: &'static str,
}

/// `.xlsx`, or a note that there is none, for messages about a file's type; `name` is the
/// file's name or path as the user gave it.
///
/// ```
/// assert_eq!(xxgk::read::extension("报表/前进街道_2025.xlsx"), ".xlsx");
/// assert_eq!(xxgk::read::extension("名单"), "（无扩展名）");
/// ```
pub fn extension(name: &str) -> String {
    Path::new(name)
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_else(|| "（无扩展名）".to_string())
}

/// SHA-256 of bytes, hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Reads a workbook from memory.
pub fn read_bytes(bytes: &[u8]) -> Result<Workbook, ReadError> {
    read_named(bytes, ".xls")
}

/// Reads a workbook from bytes; `ext` (`.xls`) names the file's type in messages. Uses the
/// limits in force ([`Limits::current`]).
pub fn read_named(bytes: &[u8], ext: &str) -> Result<Workbook, ReadError> {
    read_with(bytes, ext, Formulas::Read)
}

/// [`read_named`], choosing whether formula cells are marked in the grids.
///
/// ```
/// use xxgk::read::{Formulas, read_with};
/// let err = read_with(b"", ".xlsx", Formulas::Skip).unwrap_err();
/// assert_eq!(err, xxgk::read::ReadError::Empty);
/// ```
pub fn read_with(bytes: &[u8], ext: &str, formulas: Formulas) -> Result<Workbook, ReadError> {
    read_named_with(bytes, ext, &Limits::default(), formulas)
}

/// Like [`read_with`], with explicit limits.
///
/// ```
/// use xxgk::limits::Limits;
/// use xxgk::read::Formulas;
/// let limits = Limits { file_bytes: 4, ..Limits::default() };
/// let err = xxgk::read::read_named_with(b"PK\x03\x04....", ".xlsx", &limits, Formulas::Read)
///     .unwrap_err();
/// assert!(err.to_string().contains("“文件大小上限”"));
/// ```
pub fn read_named_with(
    bytes: &[u8],
    ext: &str,
    limits: &Limits,
    formulas: Formulas,
) -> Result<Workbook, ReadError> {
    limits.check_file_size(bytes.len() as u64)?;
    let kind = sniff(bytes, ext, limits)?;
    let sha256 = sha256_hex(bytes);
    // calamine is not written for hostile input; a panic in it must not stop a batch.
    let mut why = None;
    let grids = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        load_grids(bytes, limits, formulas, kind)
    }))
    .map_err(|_| ReadError::Corrupt("表格解析程序内部出错".to_string()))?
    .inspect_err(|e| {
        if kind == "xlsx" && matches!(e, ReadError::Corrupt(_)) {
            why = refuse_doctypes(bytes).err();
        }
    })
    .map_err(|e| why.take().unwrap_or(e))?;
    crate::read::prescan::check_texts(&grids, limits)?;
    Ok(Workbook {
        grids,
        sha256,
        kind,
    })
}

/// Whether the bytes are a zip package (.xlsx, .ods) or an OLE compound file (.xls): a
/// workbook, not a report's text or web page.
///
/// ```
/// assert!(xxgk::read::is_workbook(b"PK\x03\x04..."));
/// assert!(!xxgk::read::is_workbook("政府信息公开".as_bytes()));
/// ```
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(b"PK\x05\x06")
        || bytes.starts_with(&OLE_MAGIC)
}

/// The first bytes of an OLE compound file (.xls, and old .doc).
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Decides what the bytes are, refusing everything that is not a readable spreadsheet.
fn sniff(bytes: &[u8], ext: &str, limits: &Limits) -> Result<&'static str, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return check_zip(bytes, limits);
    }
    if bytes.starts_with(&OLE_MAGIC) {
        let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(u16::to_le_bytes).collect() };
        if contains(bytes, &utf16("EncryptedPackage")) {
            return Err(ReadError::Encrypted);
        }
        if contains(bytes, &utf16("WordDocument")) {
            return Err(ReadError::Word);
        }
        crate::read::prescan::check_xls(bytes, limits)?;
        return Ok("xls");
    }
    if bytes.starts_with(b"%PDF") {
        return Err(ReadError::Pdf);
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(ReadError::Text(ext.to_string())); // Excel's “Unicode text”
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with("<?xml") && head.contains("office:document") {
        return Err(ReadError::Fods);
    }
    if head.starts_with('<')
        && ["<html", "<table", "<!doctype", "<meta", "<?xml"]
            .iter()
            .any(|t| head.contains(t))
    {
        return Err(ReadError::Html(ext.to_string()));
    }
    let sample = &bytes[..bytes.len().min(4096)];
    // The sample may end inside a multi-byte character; that is still text.
    let utf8 = match std::str::from_utf8(sample) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    };
    let textual = !sample.contains(&0)
        && (utf8 || !encoding_rs::GB18030.decode_without_bom_handling(sample).1);
    if textual {
        return Err(ReadError::Text(ext.to_string()));
    }
    Err(ReadError::NotSpreadsheet)
}

/// Checks a zip before anything is inflated by calamine: entry count, declared sizes,
/// ratios and encryption from the directory alone; then, unless the packed data is too
/// small to inflate past the limit whatever it declares, the actual inflated size of every
/// entry, read with a cap, with the XML parts scanned on the way for the cell and text
/// limits ([`crate::read::prescan`]).
///
/// An ordinary `.xlsx` (under a quarter of a megabyte packed) takes the short way: its cells
/// are checked as they are read ([`crate::read::cells`]), and only the first bytes of its XML
/// parts are inflated here, for a document type declaration. Inflating everything twice was
/// a fifth of the time of a merge.
fn check_zip(bytes: &[u8], limits: &Limits) -> Result<&'static str, ReadError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| {
        ReadError::Corrupt("压缩结构不完整，文件可能只下载或复制了一部分".to_string())
    })?;
    if zip.len() > MAX_ENTRIES {
        return Err(ReadError::ZipBomb(format!(
            "压缩包内有 {} 个条目，表格文件不会超过 {MAX_ENTRIES} 个",
            zip.len()
        )));
    }
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    let kind = zip_kind(&names)?;
    let (mut total, mut packed_total) = (0u64, 0u64);
    for i in 0..zip.len() {
        let entry = zip
            .by_index_raw(i)
            .map_err(|_| ReadError::Corrupt("压缩数据有误".to_string()))?;
        if entry.encrypted() {
            return Err(ReadError::Encrypted);
        }
        let declared = entry.size();
        let packed = entry.compressed_size().max(1);
        total = total.saturating_add(declared);
        packed_total = packed_total.saturating_add(packed);
        if total > limits.unzipped_bytes {
            return Err(limits.unzipped_exceeded().into());
        }
        if declared > 1024 * 1024 && declared / packed > MAX_RATIO {
            let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
            return Err(ReadError::ZipBomb(format!(
                "{name} 的压缩比超过 {MAX_RATIO} 倍"
            )));
        }
    }
    if kind == "xlsx" && packed_total.saturating_mul(MAX_DEFLATE_RATIO) <= limits.unzipped_bytes {
        return Ok(kind);
    }
    inflate_all(&mut zip, limits)?;
    Ok(kind)
}

/// What a zip holds, from its entry names: a workbook, an OpenDocument spreadsheet, or a
/// Word document.
fn zip_kind(names: &[String]) -> Result<&'static str, ReadError> {
    let has = |name: &str| names.iter().any(|n| n == name);
    if has("word/document.xml") {
        Err(ReadError::Word)
    } else if has("content.xml") && has("mimetype") {
        Ok("ods")
    } else if has("xl/workbook.xml") {
        Ok("xlsx")
    } else if has("xl/workbook.bin") {
        Ok("xlsb")
    } else {
        Err(ReadError::NotSpreadsheet)
    }
}

/// Refuses an XML part with a document type declaration (the way to an entity expansion
/// attack; Excel, WPS and LibreOffice never write one). It can only stand in the prolog,
/// before the root element, so the first bytes of each part tell.
///
/// quick-xml, which calamine reads with, never expands a declared entity: an `&lol9;` in a
/// cell only makes the part unreadable. So this looks only when calamine could not read a
/// small workbook, to say why, and costs nothing for the files that read.
fn refuse_doctypes(bytes: &[u8]) -> Result<(), ReadError> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    for name in &names {
        if crate::read::prescan::Part::of(name) != crate::read::prescan::Part::Excel {
            continue;
        }
        let Ok(entry) = zip.by_name(name) else {
            continue;
        };
        let mut head = Vec::with_capacity(4096);
        // A broken part is calamine's to report, with the sheet's name.
        let _ = entry.take(4096).read_to_end(&mut head);
        let head = String::from_utf8_lossy(&head).to_ascii_lowercase();
        let root = head
            .match_indices('<')
            .find(|(i, _)| !head[i + 1..].starts_with(['?', '!']))
            .map_or(head.len(), |(i, _)| i);
        if head[..root].contains("<!doctype") {
            return Err(crate::read::prescan::doctype(name));
        }
    }
    Ok(())
}

/// Inflates every entry with a cap, never past its declared size or the limit, scanning the
/// XML parts on the way ([`crate::read::prescan`]).
fn inflate_all<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    limits: &Limits,
) -> Result<(), ReadError> {
    let sheets = crate::read::prescan::sheet_names(zip);
    let mut tally = crate::read::prescan::Tally::default();
    let scanned = crate::read::prescan::shared_strings(zip, limits, &mut tally)?;
    for i in 0..zip.len() {
        let mut entry = zip
            .by_index(i)
            .map_err(|_| ReadError::Corrupt("压缩数据有误".to_string()))?;
        let name = entry
            .name()
            .map(|n| n.into_owned())
            .unwrap_or_else(|_| format!("第 {} 个条目", i + 1));
        let declared = entry.size();
        // The declared size can lie: inflate with a cap, never past it.
        let cap = declared.min(limits.unzipped_bytes) + 1;
        let mut inflated = CountingReader {
            inner: (&mut entry).take(cap),
            count: 0,
            failed: false,
        };
        let part = match crate::read::prescan::Part::of(&name) {
            _ if scanned == Some(name.as_str()) => crate::read::prescan::Part::Other,
            part => part,
        };
        let sheet = sheets.get(&name).map(String::as_str);
        crate::read::prescan::scan(&name, part, sheet, &mut inflated, limits, &mut tally)?;
        std::io::copy(&mut inflated, &mut std::io::sink())
            .map_err(|_| ReadError::Corrupt("压缩数据有误，文件可能已损坏".to_string()))?;
        if inflated.failed {
            return Err(ReadError::Corrupt(
                "压缩数据有误，文件可能已损坏".to_string(),
            ));
        }
        if inflated.count > declared {
            return Err(ReadError::ZipBomb(format!("{name} 解压后比声明的大小更大")));
        }
    }
    Ok(())
}

/// A reader that counts the bytes read through it and remembers a read error (which the XML
/// scan would otherwise take for the end of the part).
struct CountingReader<R> {
    inner: R,
    count: u64,
    failed: bool,
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self.inner.read(buf) {
            Ok(n) => {
                self.count += n as u64;
                Ok(n)
            }
            Err(e) => {
                if e.kind() != std::io::ErrorKind::Interrupted {
                    self.failed = true;
                }
                Err(e)
            }
        }
    }
}

/// Opens the workbook with calamine and converts every sheet to a Grid.
fn load_grids(
    bytes: &[u8],
    limits: &Limits,
    formulas: Formulas,
    kind: &str,
) -> Result<Vec<Grid>, ReadError> {
    if kind == "xlsx" {
        return crate::read::cells::load(bytes, limits, formulas);
    }
    let mut workbook = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        let text = e.to_string();
        if text.to_lowercase().contains("password") || text.contains("FILEPASS") {
            ReadError::Encrypted
        } else {
            ReadError::Corrupt("表格内容无法解析".to_string())
        }
    })?;
    let sheets = workbook.sheets_metadata().to_vec();
    let mut grids = Vec::new();
    let mut cells = 0;
    let mut xls_formulas = match (formulas, &workbook) {
        (Formulas::Read, calamine::Sheets::Xls(_)) => crate::read::prescan::xls_formulas(bytes),
        _ => Default::default(),
    };
    for sheet in sheets {
        let range = workbook
            .worksheet_range(&sheet.name)
            .map_err(|_| ReadError::Corrupt(format!("工作表“{}”的内容无法解析", sheet.name)))?;
        crate::read::prescan::check_grid(
            &sheet.name,
            range.start(),
            range.end(),
            &mut cells,
            limits,
        )?;
        let mut grid = Grid::new(&sheet.name, Vec::new());
        grid.hidden = sheet.visible != SheetVisible::Visible;
        if let Some((r0, c0)) = range.start() {
            let mut rows = vec![Vec::new(); r0 as usize];
            for row in range.rows() {
                let mut cells = vec![Raw::Empty; c0 as usize];
                cells.extend(row.iter().map(raw));
                rows.push(cells);
            }
            grid.rows = rows;
        }
        if let Some(cells) = xls_formulas.remove(&sheet.name) {
            grid.formulas = cells;
        } else if formulas == Formulas::Read
            && let Ok(formulas) = workbook.worksheet_formula(&sheet.name)
            && let Some((r0, c0)) = formulas.start()
        {
            grid.formulas = formulas
                .used_cells()
                .filter(|(_, _, f)| !f.is_empty())
                .map(|(r, c, _)| (r0 + r as u32, c0 + c as u32))
                .collect();
        }
        grids.push(grid);
    }
    Ok(grids)
}

fn raw(data: &Data) -> Raw {
    match data {
        Data::Empty => Raw::Empty,
        Data::Int(i) => Raw::Number(*i as f64),
        Data::Float(f) => Raw::Number(*f),
        Data::String(s) => Raw::Text(s.clone()),
        Data::Bool(b) => Raw::Bool(*b),
        Data::DateTime(d) => Raw::Date(excel_date(d.as_f64())),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Raw::Text(s.clone()),
        Data::Error(e) => Raw::Error(e.to_string()),
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_dates_read_as_dates() {
        assert_eq!(excel_date(45662.0), "2025-01-05");
        assert_eq!(excel_date(45728.5), "2025-03-12");
    }

    #[test]
    fn refusals_are_specific() {
        assert_eq!(read_bytes(b"").unwrap_err(), ReadError::Empty);
        assert!(matches!(
            read_bytes("单位,数量\n甲,1\n".as_bytes()),
            Err(ReadError::Text(_))
        ));
        assert!(matches!(
            read_bytes(b"PK\x03\x04garbage"),
            Err(ReadError::Corrupt(_))
        ));
        assert_eq!(
            read_bytes(&[0u8, 1, 2, 3, 255, 254]).unwrap_err(),
            ReadError::NotSpreadsheet
        );
    }

    #[test]
    fn a_zip_bomb_is_refused_before_inflating() {
        use std::io::Write;
        let mut buf = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut buf);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("xl/workbook.xml", options).unwrap();
        let zeros = vec![0u8; 1024 * 1024];
        for _ in 0..3 {
            zip.write_all(&zeros).unwrap();
        }
        zip.finish().unwrap();
        let err = read_bytes(buf.get_ref()).unwrap_err();
        assert!(matches!(err, ReadError::ZipBomb(_)), "{err}");
        assert!(err.to_string().contains("压缩比超过 200 倍"), "{err}");
    }
}
