//! Every `.xlsx` xxgk writes says it was made on Unix, whatever system wrote it.
//!
//! A zip file's central directory records, for each entry, the system that "made" it. The zip
//! crate fills in the system it was compiled for: MS-DOS on Windows, Unix elsewhere. So the
//! same workbook written by `xxgk-windows-x64.exe` and by the Linux programs would differ in
//! one byte per entry, and "same inputs, same bytes" would hold only per system. Where xxgk
//! writes zip entries itself ([`crate::write::stamp`]) it sets [`SYSTEM`] in the options;
//! rust_xlsxwriter offers no such option, so every workbook it saves passes through [`save`],
//! which sets the byte in place. The external attributes stay as written (the file mode
//! `0o600 << 16` either way), so the result is what the zip crate writes on Linux.
//!
//! ```
//! let mut book = rust_xlsxwriter::Workbook::new();
//! book.add_worksheet();
//! let bytes = xxgk::write::zip_system::save(&mut book).unwrap();
//! let zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
//! assert!(zip.len() > 0);
//! ```

use rust_xlsxwriter::{Workbook, XlsxError};

/// The system every entry records as its maker: Unix.
pub const SYSTEM: zip::System = zip::System::Unix;

/// Saves a workbook to bytes that are the same on every system.
pub fn save(book: &mut Workbook) -> Result<Vec<u8>, XlsxError> {
    let mut bytes = book.save_to_buffer()?;
    made_on_unix(&mut bytes);
    Ok(bytes)
}

/// Sets the "version made by" system byte of every central-directory entry to Unix. A zip it
/// cannot follow (which xxgk's writers never produce) is left as it is.
pub fn made_on_unix(bytes: &mut [u8]) {
    let Some((mut at, count)) = central_directory(bytes) else {
        return;
    };
    for _ in 0..count {
        if u32_at(bytes, at) != Some(0x0201_4b50) {
            return;
        }
        let (Some(name), Some(extra), Some(comment)) = (
            u16_at(bytes, at + 28),
            u16_at(bytes, at + 30),
            u16_at(bytes, at + 32),
        ) else {
            return;
        };
        bytes[at + 5] = SYSTEM as u8;
        at += 46 + usize::from(name) + usize::from(extra) + usize::from(comment);
    }
}

/// Where the central directory starts, and how many entries it has (zip64 included).
fn central_directory(bytes: &[u8]) -> Option<(usize, u64)> {
    const END: [u8; 4] = [0x50, 0x4b, 0x05, 0x06];
    let search_from = bytes.len().saturating_sub(22 + 0xffff);
    let end = search_from + bytes[search_from..].windows(4).rposition(|w| w == END)?;
    let count = u64::from(u16_at(bytes, end + 10)?);
    let offset = u64::from(u32_at(bytes, end + 16)?);
    if count != 0xffff && offset != 0xffff_ffff {
        return Some((usize::try_from(offset).ok()?, count));
    }
    // Zip64: the locator just before the end record points at the zip64 end record.
    let locator = end.checked_sub(20)?;
    if u32_at(bytes, locator)? != 0x0706_4b50 {
        return None;
    }
    let end64 = usize::try_from(u64_at(bytes, locator + 8)?).ok()?;
    if u32_at(bytes, end64)? != 0x0606_4b50 {
        return None;
    }
    let count = u64_at(bytes, end64 + 32)?;
    let offset = usize::try_from(u64_at(bytes, end64 + 48)?).ok()?;
    Some((offset, count))
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Write};

    use super::*;

    fn zip_made_by(system: zip::System, large: bool) -> Vec<u8> {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .system(system)
            .large_file(large);
        for name in ["a.xml", "文件夹/b.xml"] {
            out.start_file(name, options).unwrap();
            out.write_all(b"<x/>").unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn a_zip_made_on_windows_becomes_the_zip_made_on_unix() {
        for large in [false, true] {
            let mut dos = zip_made_by(zip::System::Dos, large);
            let unix = zip_made_by(zip::System::Unix, large);
            assert_ne!(dos, unix);
            made_on_unix(&mut dos);
            assert_eq!(dos, unix, "large_file {large}");
        }
    }

    #[test]
    fn what_is_not_a_zip_is_left_alone() {
        for bytes in [
            &b""[..],
            b"PK\x05\x06",
            b"PK\x05\x06\0\0\0\0\xff\xff\0\0\0\0\0\0\0\0",
        ] {
            let mut copy = bytes.to_vec();
            made_on_unix(&mut copy);
            assert_eq!(copy, bytes);
        }
    }
}
