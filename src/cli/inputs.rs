//! Collecting input files from the paths a user gives: files as given, folders recursively in
//! a stable order. Inside folders, Office lock files (`~$x.xlsx`) and files that are not
//! spreadsheets are skipped ([`crate::read::source::skip_in_folder`], which the browser page
//! uses for a dropped folder too), and every skip is reported so nothing disappears silently.
//!
//! ```
//! let dir = tempfile::tempdir().unwrap();
//! std::fs::write(dir.path().join("b.xlsx"), b"x").unwrap();
//! std::fs::write(dir.path().join("~$b.xlsx"), b"x").unwrap();
//! std::fs::write(dir.path().join("a.docx"), b"x").unwrap();
//! let found = xxgk::inputs::collect(&[dir.path().to_path_buf()]);
//! assert_eq!(found.files.len(), 1);
//! assert_eq!(found.skipped.len(), 2);
//! ```

use std::path::{Path, PathBuf};

pub use crate::read::source::Skipped;
use crate::read::source::skip_in_folder;

/// The files to read, in order, and the ones passed over.
#[derive(Debug, Default)]
pub struct Inputs {
    pub files: Vec<PathBuf>,
    pub skipped: Vec<Skipped>,
    /// Paths given that do not exist.
    pub missing: Vec<PathBuf>,
}

/// Expands the given paths. Folders are walked recursively, sorted by name, so the same folder
/// always gives the same order.
pub fn collect(paths: &[PathBuf]) -> Inputs {
    let mut inputs = Inputs::default();
    for path in paths {
        let path = shown(path);
        if path.is_dir() {
            walk(&path, &mut inputs);
        } else if path.exists() {
            inputs.files.push(path);
        } else {
            inputs.missing.push(path);
        }
    }
    drop_repeats(&mut inputs);
    inputs
}

/// A path as xxgk shows it in every output and message: folders separated by `/` on every
/// system, and otherwise as the user gave it (relative stays relative). On Windows
/// `收回\前进街道.xlsx` becomes `收回/前进街道.xlsx` and `D:\收回` becomes `D:/收回`, so that
/// 汇总.xlsx and 汇总报告.md made there are the same bytes as on Linux; Windows takes `/` as a
/// separator too, so the path still opens the same file. Paths starting with `\\` (network
/// shares, `\\?\` long paths, where `/` is not always a separator) are left alone, and so is
/// every path elsewhere, where `\` may be part of a file name.
///
/// ```
/// use std::path::Path;
/// let shown = xxgk::inputs::shown(Path::new("收回/前进街道.xlsx"));
/// assert_eq!(shown, Path::new("收回/前进街道.xlsx"));
/// ```
pub fn shown(path: &Path) -> PathBuf {
    match path.to_str().and_then(slashed) {
        Some(text) if cfg!(windows) => PathBuf::from(text),
        _ => path.to_path_buf(),
    }
}

/// `text` with `\` turned into `/`, or `None` when it has none or starts with `\\`.
fn slashed(text: &str) -> Option<String> {
    (text.contains('\\') && !text.starts_with("\\\\")).then(|| text.replace('\\', "/"))
}

/// Reads each file once: the same file given twice, through two paths (`a.xlsx` and
/// `./a.xlsx`, a folder and a file in it, a link) is kept the first time and listed as skipped
/// after that, so a unit is not reported as sending two reports when it sent one.
fn drop_repeats(inputs: &mut Inputs) {
    let mut seen: std::collections::HashMap<FileId, PathBuf> = Default::default();
    let mut kept = Vec::with_capacity(inputs.files.len());
    for path in std::mem::take(&mut inputs.files) {
        let Some(id) = file_id(&path) else {
            kept.push(path);
            continue;
        };
        match seen.get(&id) {
            Some(first) => inputs.skipped.push(Skipped {
                reason: format!("同一个文件已经给出过（{}），只读取一次", first.display()),
                path,
            }),
            None => {
                seen.insert(id, path.clone());
                kept.push(path);
            }
        }
    }
    inputs.files = kept;
}

/// What identifies a file whatever the path to it: device and inode on Unix (hard links
/// too), the canonical path elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum FileId {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg_attr(unix, allow(dead_code))]
    Path(PathBuf),
}

fn file_id(path: &Path) -> Option<FileId> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(path).ok()?;
        Some(FileId::Inode(m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        path.canonicalize().ok().map(FileId::Path)
    }
}

/// The file's first megabytes, for telling a report's text from a note sent with the returns;
/// a file that cannot be read gives nothing (reading it will report the problem).
fn head(path: &Path) -> Option<Vec<u8>> {
    use std::io::Read;
    const LOOK: u64 = 4 << 20;
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(LOOK).read_to_end(&mut head))
        .ok()?;
    Some(head)
}

fn walk(dir: &Path, inputs: &mut Inputs) {
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| shown(&e.path())))
            .collect(),
        Err(e) => {
            inputs.skipped.push(Skipped {
                path: dir.to_path_buf(),
                reason: format!("无法读取文件夹：{}", crate::read::error::io_message(&e)),
            });
            return;
        }
    };
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let is_link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        if path.is_dir() {
            if is_link {
                // Following folder links can loop forever or read the same files twice.
                inputs.skipped.push(Skipped {
                    path,
                    reason: "文件夹快捷方式（链接），为避免重复或循环读取已跳过；如需读取，请直接给出它指向的文件夹".to_string(),
                });
            } else if !name.starts_with('.') {
                walk(&path, inputs);
            }
            continue;
        }
        if is_link && !path.exists() {
            inputs.skipped.push(Skipped {
                path,
                reason: "快捷方式（链接）指向的文件不存在".to_string(),
            });
            continue;
        }
        let reason = skip_in_folder(&name, &|| head(&path));
        match reason {
            Some(reason) => inputs.skipped.push(Skipped { path, reason }),
            None => inputs.files.push(path),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::slashed;

    #[test]
    fn windows_paths_are_shown_with_slashes() {
        assert_eq!(
            slashed(r"收回\前进街道.xlsx").as_deref(),
            Some("收回/前进街道.xlsx")
        );
        assert_eq!(
            slashed(r"Z:\tmp\收回 2025\a.xlsx").as_deref(),
            Some("Z:/tmp/收回 2025/a.xlsx")
        );
        assert_eq!(slashed("收回/前进街道.xlsx"), None);
        assert_eq!(slashed(r"\\?\C:\很长的路径\a.xlsx"), None);
        assert_eq!(slashed(r"\\server\share\a.xlsx"), None);
    }
}
