//! A .zip of named files: a roster's templates as one download, where a front end has no
//! folder to write them into (the browser page).
//!
//! The archive's bytes depend on the files alone: every entry has the same fixed time
//! (1980-01-01, the earliest a zip can record) and is marked as made on Unix with the
//! permissions `rw-r--r--`, whatever system builds it. The files inside are the bytes that
//! `template --roster` writes into its folder.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;

/// Zips `files` (name, bytes) in the given order, each deflated.
///
/// ```
/// let files = vec![("前进街道_2025.xlsx".to_string(), b"PK".to_vec())];
/// let zipped = xxgk::write::archive::zip(&files).unwrap();
/// assert_eq!(zipped, xxgk::write::archive::zip(&files).unwrap());
/// let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zipped)).unwrap();
/// assert_eq!(archive.by_index(0).unwrap().name().unwrap(), "前进街道_2025.xlsx");
/// ```
pub fn zip(files: &[(String, Vec<u8>)]) -> zip::result::ZipResult<Vec<u8>> {
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .system(crate::write::zip_system::SYSTEM)
        .unix_permissions(0o644);
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in files {
        out.start_file(name.as_str(), options)?;
        out.write_all(bytes)?;
    }
    Ok(out.finish()?.into_inner())
}
