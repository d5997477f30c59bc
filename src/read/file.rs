//! Reading from the file system: the one place in the reading stage that knows paths. The
//! command line reads a file's bytes here, under the size limit, and hands them to the byte
//! readers of [`crate::read`]; the browser page hands over the bytes it was given instead.
//! Built only with the `cli` feature.

use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::read::limits::Limits;
use crate::read::{ReadError, Workbook, io_message};

/// Reads a workbook file from disk, under the default [`Limits`].
///
/// ```
/// let workbook = xxgk::read::read_file("samples/报表/前进街道_2025.xlsx".as_ref()).unwrap();
/// assert_eq!(workbook.kind, "xlsx");
/// ```
pub fn read_file(path: &Path) -> Result<Workbook, ReadError> {
    let bytes = read_source(path, &Limits::default())?;
    crate::read::read_named(&bytes, &crate::read::extension(&path.to_string_lossy()))
}

/// A file's bytes, refusing one too large to be a report (see [`Limits`]) before reading it.
///
/// ```
/// use xxgk::limits::Limits;
/// let err = xxgk::read::read_source("没有这个文件.xlsx".as_ref(), &Limits::default()).unwrap_err();
/// assert!(err.to_string().contains("文件不存在"));
/// ```
pub fn read_source(path: &Path, limits: &Limits) -> Result<Vec<u8>, ReadError> {
    let size = std::fs::metadata(path)
        .map_err(|e| ReadError::Io(io_reason(&e)))?
        .len();
    limits.check_file_size(size)?;
    let mut bytes = Vec::new();
    // The file may grow between the two looks; never read past the limit.
    std::fs::File::open(path)
        .and_then(|f| f.take(limits.file_bytes + 1).read_to_end(&mut bytes))
        .map_err(|e| ReadError::Io(io_reason(&e)))?;
    limits.check_file_size(bytes.len() as u64)?;
    Ok(bytes)
}

/// SHA-256 of a file's bytes, hex, or empty when it cannot be read or is larger than the file
/// size limit. Streams the file.
pub fn file_sha256(path: &Path, limits: &Limits) -> String {
    let Ok(mut file) = std::fs::File::open(path) else {
        return String::new();
    };
    // A file refused for its size is not read at all, not even to hash it.
    if file
        .metadata()
        .is_ok_and(|m| limits.check_file_size(m.len()).is_err())
    {
        return String::new();
    }
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => hasher.update(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return String::new(),
        }
    }
    crate::read::hex(&hasher.finalize())
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "文件不存在".to_string(),
        std::io::ErrorKind::PermissionDenied => "没有读取权限".to_string(),
        _ => io_message(e),
    }
}
