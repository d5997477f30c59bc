//! Which files of a folder are inputs, decided from a file's name and first bytes alone, so
//! that every front end skips the same files for the same reasons: the command line walking a
//! folder on disk ([`crate::cli::inputs`](../../xxgk/cli/inputs/index.html)), the browser page
//! a folder dropped on it.
//!
//! ```
//! use xxgk::read::source::skip_in_folder;
//! assert!(skip_in_folder("前进街道.xlsx", &|| None).is_none());
//! assert!(skip_in_folder("~$前进街道.xlsx", &|| None).unwrap().contains("锁文件"));
//! assert!(skip_in_folder("说明.txt", &|| Some("请查收".as_bytes().to_vec())).is_some());
//! ```

use std::path::PathBuf;

/// Extensions read when found inside a folder: workbooks, and reports published as text or
/// web pages.
pub const INPUT_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "ods", "txt", "htm", "html"];

/// Extensions of reports published as text or web pages. Inside a folder such a file is read
/// only when it mentions 政府信息公开: a 说明.txt sent with the returns is not a report.
const TEXT_EXTENSIONS: &[&str] = &["txt", "htm", "html"];

/// A file that was not read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

/// Why a file found inside a folder is not read, or `None` to read it. `head` gives the
/// file's first bytes (a few megabytes are plenty), asked for only for a `.txt` or `.html`;
/// `None` from it means the file could not be read, which reading it will report.
pub fn skip_in_folder(name: &str, head: &dyn Fn() -> Option<Vec<u8>>) -> Option<String> {
    let ext = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_lowercase(),
        _ => String::new(),
    };
    if name.starts_with("~$") {
        Some("Office 临时锁文件（表格正被打开时产生），不是报表".to_string())
    } else if name.starts_with('.') {
        Some("隐藏文件".to_string())
    } else if !INPUT_EXTENSIONS.contains(&ext.as_str()) {
        Some(format!(
            "不是表格或报告文件（扩展名 .{ext}），只读取 .xlsx、.xlsm、.xls、.ods 和报告的 .txt、.html"
        ))
    } else if TEXT_EXTENSIONS.contains(&ext.as_str()) && !head().is_none_or(|h| mentions_report(&h))
    {
        Some(format!(
            "不是年度报告（.{ext} 文件中没有“政府信息公开”字样，可能是说明或附言），已跳过；如果它确是报告，请直接给出这个文件"
        ))
    } else {
        None
    }
}

/// Whether bytes mention 政府信息公开, in UTF-8, GBK or UTF-16 (the encodings of Chinese
/// Windows and of Excel's “Unicode text”).
///
/// ```
/// assert!(xxgk::read::source::mentions_report("本单位政府信息公开工作".as_bytes()));
/// ```
pub fn mentions_report(head: &[u8]) -> bool {
    let phrase = "政府信息公开";
    let (gbk, _, _) = encoding_rs::GBK.encode(phrase);
    let utf16: Vec<u8> = phrase.encode_utf16().flat_map(u16::to_le_bytes).collect();
    [phrase.as_bytes(), &gbk, &utf16]
        .iter()
        .any(|needle| head.windows(needle.len()).any(|w| w == *needle))
}
