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

/// An output that could not be written, in Chinese.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("单位名称“{0}”去掉不能用于文件名的字符后为空，无法生成文件名。请修改单位名称。")]
    EmptyName(String),
    #[error("{0} 已存在，未覆盖。如确需覆盖，请加 --force；或换一个输出位置。")]
    Exists(String),
    #[error(
        "输出“{path}”的扩展名是 .{found}，而写出的是 .{expected} 文件。请写成以 .{expected} 结尾的文件名，或写一个以 / 结尾的文件夹。"
    )]
    WrongExtension {
        path: String,
        found: String,
        expected: String,
    },
    #[error(
        "-o 后面应是输出文件夹，而“{0}”是一个已有的文件或像文件的名字（以 .xlsx、.md 等结尾）。请另写一个文件夹名，以 / 结尾，例如 -o 输出/。"
    )]
    NotAFolder(String),
    #[error("无法写入 {path}：{}", io_message(source))]
    Io {
        path: String,
        source: std::io::Error,
    },
}

/// Extensions of documents a user may name as an output. A name with one of them is a file;
/// any other name (`汇总.2025`, `模板.v3`) is what the user wrote, not a document type.
const DOCUMENT_EXTENSIONS: &[&str] = &[
    "xlsx", "xlsm", "xls", "ods", "et", "csv", "md", "txt", "html", "htm", "json", "docx", "doc",
    "wps", "pdf", "zip",
];

/// Whether the user wrote `-o` as a folder: a trailing `/` or `\`, on every system.
///
/// ```
/// use std::path::Path;
/// assert!(xxgk::output::says_folder(Path::new("汇总.2025/")));
/// assert!(xxgk::output::says_folder(Path::new("模板\\")));
/// assert!(!xxgk::output::says_folder(Path::new("汇总.xlsx")));
/// ```
pub fn says_folder(path: &Path) -> bool {
    path.as_os_str().to_string_lossy().ends_with(['/', '\\'])
}

/// A path without the trailing `\` that means “folder” on Windows but is a file name
/// character elsewhere.
fn without_trailing_separator(path: &Path) -> std::path::PathBuf {
    let text = path.as_os_str().to_string_lossy();
    let trimmed = text.trim_end_matches(['/', '\\']);
    if trimmed.is_empty() {
        return path.to_path_buf();
    }
    std::path::PathBuf::from(trimmed)
}

/// The lower-case extension of a path, if it is a document type.
fn document_extension(path: &Path) -> Option<String> {
    let ext = path.extension()?.to_string_lossy().to_lowercase();
    DOCUMENT_EXTENSIONS.contains(&ext.as_str()).then_some(ext)
}

/// What `-o` means for a command that writes one file of type `ext` (`xlsx`, `md`), decided
/// here for every command:
/// - not given: `default`;
/// - a folder (a trailing `/` or `\`, or an existing folder): `default`'s name in it;
/// - a name with extension `ext`: that file;
/// - a name with another document extension (`r.docx` for Markdown): refused, since the
///   file would not be what its name says;
/// - any other name: completed with `.ext` (`平潭输出` → `平潭输出.xlsx`).
///
/// ```
/// use std::path::{Path, PathBuf};
/// use xxgk::output::output_file;
/// let d = Path::new("报告.xlsx");
/// assert_eq!(output_file(None, d, "xlsx").unwrap(), PathBuf::from("报告.xlsx"));
/// assert_eq!(output_file(Some(Path::new("新目录/")), d, "xlsx").unwrap(), PathBuf::from("新目录/报告.xlsx"));
/// assert_eq!(output_file(Some(Path::new("平潭输出")), d, "xlsx").unwrap(), PathBuf::from("平潭输出.xlsx"));
/// assert_eq!(output_file(Some(Path::new("a.XLSX")), d, "xlsx").unwrap(), PathBuf::from("a.XLSX"));
/// assert!(output_file(Some(Path::new("r.docx")), Path::new("r.md"), "md").is_err());
/// ```
pub fn output_file(
    given: Option<&Path>,
    default: &Path,
    ext: &str,
) -> Result<std::path::PathBuf, OutputError> {
    // Shown as it will be in messages: with `/` on Windows too.
    chosen_file(given, default, ext).map(|p| crate::cli::inputs::shown(&p))
}

fn chosen_file(
    given: Option<&Path>,
    default: &Path,
    ext: &str,
) -> Result<std::path::PathBuf, OutputError> {
    let Some(given) = given else {
        return Ok(default.to_path_buf());
    };
    if says_folder(given) || given.is_dir() {
        let name = default.file_name().unwrap_or(default.as_os_str());
        return Ok(without_trailing_separator(given).join(name));
    }
    match document_extension(given) {
        Some(e) if e == ext => Ok(given.to_path_buf()),
        Some(e) => Err(OutputError::WrongExtension {
            path: given.display().to_string(),
            found: e,
            expected: ext.to_string(),
        }),
        None => {
            let mut name = given.as_os_str().to_os_string();
            name.push(".");
            name.push(ext);
            Ok(name.into())
        }
    }
}

/// What `-o` means for a command that writes into a folder (`template --roster`, `merge`):
/// always a folder, whatever dots its name has, unless it is an existing file or it is named
/// like a document (`汇总.xlsx`) without a trailing `/`.
///
/// ```
/// use std::path::{Path, PathBuf};
/// use xxgk::output::output_folder;
/// assert_eq!(output_folder(Path::new("汇总.2025/")).unwrap(), PathBuf::from("汇总.2025"));
/// assert_eq!(output_folder(Path::new("模板.v3")).unwrap(), PathBuf::from("模板.v3"));
/// assert!(output_folder(Path::new("汇总.xlsx")).is_err());
/// ```
pub fn output_folder(given: &Path) -> Result<std::path::PathBuf, OutputError> {
    let folder = without_trailing_separator(given);
    if folder.is_file()
        || (!says_folder(given) && !folder.is_dir() && document_extension(given).is_some())
    {
        return Err(OutputError::NotAFolder(given.display().to_string()));
    }
    Ok(crate::cli::inputs::shown(&folder))
}

pub use crate::read::error::io_message;

/// Makes sure `dir` can be created and written, before any work is done, so an unwritable
/// folder is reported once rather than for every unit. Nothing is created: the folder appears
/// only when the first output is written, so a command that fails leaves no empty folder.
pub fn ensure_writable_dir(dir: &Path) -> Result<(), OutputError> {
    let io = |source| OutputError::Io {
        path: dir.display().to_string(),
        source,
    };
    not_under_a_file(dir).map_err(io)?;
    let existing = dir
        .ancestors()
        .find(|a| a.as_os_str().is_empty() || a.exists())
        .map(|a| {
            if a.as_os_str().is_empty() {
                Path::new(".")
            } else {
                a
            }
        })
        .unwrap_or(Path::new("."));
    tempfile::Builder::new()
        .prefix(".xxgk-")
        .tempfile_in(existing)
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

/// [`crate::write::file_names::safe_file_stem`], as an output error.
pub fn safe_file_stem(name: &str) -> Result<String, OutputError> {
    crate::write::file_names::safe_file_stem(name).map_err(|e| OutputError::EmptyName(e.0))
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
            crate::write::file_names::MAX_STEM_CHARS
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
