//! File names made from unit names: the same on every platform, and safe on all of them.
//! Templates, notices and returns are named after units, and a unit name is whatever a
//! roster says (`a/b`, `CON`, `../x`).

/// Longest file stem we produce, in characters; leaves room for `_2025.xlsx` within the
/// 255-byte limit of common file systems even for 3-byte UTF-8 characters.
pub const MAX_STEM_CHARS: usize = 60;

/// Names Windows reserves for devices, whatever the extension.
const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// A unit name with nothing left to name a file by.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("单位名称“{0}”去掉不能用于文件名的字符后为空，无法生成文件名。请修改单位名称。")]
pub struct EmptyName(pub String);

/// Turns a unit name into a file name stem that is safe on Windows, macOS and Linux: path
/// separators and characters Windows rejects become `_`, leading dots and spaces are dropped
/// (so `../x` cannot climb out of the output folder), reserved device names get a `_` prefix,
/// and the result is shortened to a safe length.
///
/// ```
/// use xxgk::write::file_names::safe_file_stem;
/// assert_eq!(safe_file_stem("../民政局/办公室").unwrap(), "民政局_办公室");
/// assert_eq!(safe_file_stem("con").unwrap(), "_con");
/// assert!(safe_file_stem("///").is_err());
/// ```
pub fn safe_file_stem(name: &str) -> Result<String, EmptyName> {
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
        return Err(EmptyName(name.to_string()));
    }
    let base = stem.split('.').next().unwrap_or("").to_ascii_uppercase();
    if RESERVED.contains(&base.as_str()) {
        return Ok(format!("_{stem}"));
    }
    Ok(stem)
}
