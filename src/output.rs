//! Writing output files safely: names derived from unit names, atomic writes, and never
//! overwriting a file the user did not ask to replace.
//!
//! ```
//! use xxgk::output::safe_file_stem;
//! assert_eq!(safe_file_stem("../evil").unwrap(), "evil");
//! assert_eq!(safe_file_stem("a/b").unwrap(), "a_b");
//! assert_eq!(safe_file_stem("CON").unwrap(), "_CON");
//! assert!(safe_file_stem(" / ").is_err());
//! ```

use std::io::Write;
use std::path::Path;

/// Longest file stem we produce, in characters; leaves room for `_2025.xlsx` within the
/// 255-byte limit of common file systems even for 3-byte UTF-8 characters.
const MAX_STEM_CHARS: usize = 60;

/// Names Windows reserves for devices, with or without an extension.
const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// An output that could not be written, in Chinese.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("单位名称“{0}”去掉不能用于文件名的字符后为空，无法生成文件名。请修改单位名称。")]
    EmptyName(String),
    #[error("{0} 已存在，未覆盖。如确需覆盖，请加 --force；或换一个输出位置。")]
    Exists(String),
    #[error("无法写入 {path}：{}", io_message(source))]
    Io {
        path: String,
        source: std::io::Error,
    },
}

/// A system I/O error in Chinese, with what to do.
///
/// ```
/// let e = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
/// assert!(xxgk::output::io_message(&e).starts_with("没有权限"));
/// ```
pub fn io_message(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match (e.kind(), e.raw_os_error()) {
        (K::NotFound, _) => "文件或文件夹不存在，请检查路径".to_string(),
        (K::PermissionDenied, _) | (_, Some(30)) => {
            "没有权限（只读或被保护的位置），请换一个可以写入的文件夹".to_string()
        }
        (K::AlreadyExists, _) => "已存在同名文件".to_string(),
        (_, Some(36)) | (K::InvalidFilename, _) => {
            "文件名太长，请缩短名称或换一个较短的路径".to_string()
        }
        (_, Some(21)) | (K::IsADirectory, _) => "这是一个文件夹，不是文件".to_string(),
        (_, Some(20)) | (K::NotADirectory, _) => "路径中有一部分是文件而不是文件夹".to_string(),
        (_, Some(28)) | (K::StorageFull, _) => "磁盘已满，请清理空间后重试".to_string(),
        _ => format!("系统错误（{e}）"),
    }
}

/// Makes sure `dir` exists and can be written, before any file is written there, so an
/// unwritable folder is reported once rather than for every unit.
pub fn ensure_writable_dir(dir: &Path) -> Result<(), OutputError> {
    let io = |source| OutputError::Io {
        path: dir.display().to_string(),
        source,
    };
    not_under_a_file(dir).map_err(io)?;
    std::fs::create_dir_all(dir).map_err(io)?;
    tempfile::Builder::new()
        .prefix(".xxgk-")
        .tempfile_in(dir)
        .map(drop)
        .map_err(io)
}

/// Fails with “not a directory” when `dir` or a folder above it is an existing file: creating
/// the folder would otherwise fail with a misleading “already exists”.
fn not_under_a_file(dir: &Path) -> std::io::Result<()> {
    match dir.ancestors().find(|a| a.exists()) {
        Some(a) if !a.is_dir() => Err(std::io::Error::new(
            std::io::ErrorKind::NotADirectory,
            a.display().to_string(),
        )),
        _ => Ok(()),
    }
}

/// Turns a unit name into a file name stem that is safe on Windows, macOS and Linux: path
/// separators and characters Windows rejects become `_`, leading dots and spaces are dropped
/// (so `../x` cannot climb out of the output folder), reserved device names get a `_` prefix,
/// and the result is shortened to a safe length.
pub fn safe_file_stem(name: &str) -> Result<String, OutputError> {
    let replaced: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let trimmed = replaced
        .trim_start_matches(['.', ' ', '_'])
        .trim_end_matches(['.', ' ']);
    let stem: String = trimmed.chars().take(MAX_STEM_CHARS).collect();
    let stem = stem.trim_end_matches(['.', ' ']).to_string();
    if stem.is_empty() {
        return Err(OutputError::EmptyName(name.to_string()));
    }
    let base = stem.split('.').next().unwrap_or("").to_ascii_uppercase();
    if RESERVED.contains(&base.as_str()) {
        return Ok(format!("_{stem}"));
    }
    Ok(stem)
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder is renamed into
/// place, so a crash never leaves a half-written workbook. Refuses to replace an existing file
/// unless `overwrite` is set.
pub fn write_atomic(path: &Path, bytes: &[u8], overwrite: bool) -> Result<(), OutputError> {
    write_atomic_with(path, overwrite, |w| w.write_all(bytes))
}

/// [`write_atomic`] for output produced piece by piece: `write` streams into the temporary
/// file, so a large CSV is never held in memory.
///
/// ```
/// use std::io::Write;
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("a.csv");
/// xxgk::output::write_atomic_with(&path, false, |w| {
///     for i in 0..3 {
///         writeln!(w, "{i}")?;
///     }
///     Ok(())
/// })
/// .unwrap();
/// assert_eq!(std::fs::read_to_string(&path).unwrap(), "0\n1\n2\n");
/// ```
pub fn write_atomic_with(
    path: &Path,
    overwrite: bool,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), OutputError> {
    let io = |source| OutputError::Io {
        path: path.display().to_string(),
        source,
    };
    if !overwrite && path.exists() {
        return Err(OutputError::Exists(path.display().to_string()));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    not_under_a_file(dir).map_err(io)?;
    std::fs::create_dir_all(dir).map_err(io)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".xxgk-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io)?;
    {
        let mut buffered = std::io::BufWriter::with_capacity(1 << 16, tmp.as_file_mut());
        write(&mut buffered).map_err(io)?;
        buffered.flush().map_err(io)?;
    }
    // Temporary files are private (0600); an output is an ordinary document.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(io)?;
    }
    tmp.as_file().sync_all().map_err(io)?;
    if overwrite {
        tmp.persist(path).map_err(|e| io(e.error))?;
    } else {
        // persist_noclobber fails instead of replacing a file that appeared meanwhile.
        tmp.persist_noclobber(path)
            .map_err(|e| match e.error.kind() {
                std::io::ErrorKind::AlreadyExists => {
                    OutputError::Exists(path.display().to_string())
                }
                _ => io(e.error),
            })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_rejected_characters_are_replaced() {
        assert_eq!(
            safe_file_stem("a:b*c?d\"e<f>g|h").unwrap(),
            "a_b_c_d_e_f_g_h"
        );
        assert_eq!(safe_file_stem("街道。 ").unwrap(), "街道。");
        assert_eq!(safe_file_stem("lpt1.txt").unwrap(), "_lpt1.txt");
    }

    #[test]
    fn long_names_are_shortened() {
        let long = "很".repeat(100);
        assert_eq!(
            safe_file_stem(&long).unwrap().chars().count(),
            MAX_STEM_CHARS
        );
    }

    #[test]
    fn existing_files_are_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.xlsx");
        write_atomic(&path, b"one", false).unwrap();
        let err = write_atomic(&path, b"two", false).unwrap_err();
        assert!(matches!(err, OutputError::Exists(_)));
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        write_atomic(&path, b"two", true).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
    }
}
