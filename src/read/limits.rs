//! Limits on what one input file may cost before it is refused: its size on disk, the size of
//! its zip entries once inflated, the number of cells of its sheets, and the length of one
//! cell's text. Returned files come from anywhere; a crafted or broken file must cost a
//! bounded amount of memory and time and become one clear error, while the rest of a batch
//! goes on.
//!
//! Every limit is checked before the expensive work (inflating, parsing with calamine,
//! building grids): the file size from the file system, the inflated size and the cells and
//! texts by streaming each zip entry once ([`crate::read::prescan`]). The defaults are far above any
//! real report — a consolidated workbook of 10,000 units included — and a front end may raise
//! them (`check` and `merge` take flags). The limits are passed to every reader: there is no global state, so
//! two batches with different limits can run side by side (a page and its worker, two tests).
//!
//! ```
//! use xxgk::limits::{Exceeded, Limits};
//! let limits = Limits::default();
//! assert_eq!(limits.file_bytes, 64 * 1024 * 1024);
//! assert_eq!(limits.text_chars, 32_767); // Excel's own maximum for one cell
//! let err = limits.check_file_size(65 * 1024 * 1024).unwrap_err();
//! assert!(matches!(err, Exceeded::FileSize { .. }));
//! assert!(err.to_string().contains("超过文件大小上限 64 MB"));
//! ```

use crate::format::remedy::{Remedies, Setting};

/// Bytes in a megabyte, as the flags count them.
pub const MB: u64 = 1024 * 1024;

/// What one input file may cost. See the module documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest input file, in bytes (`--max-file-mb`, default 64 MB).
    pub file_bytes: u64,
    /// Largest total size of a workbook's zip entries once inflated, in bytes; also the most
    /// text its cells may hold together, a long shared string counted once for each cell
    /// using it (`--max-unzipped-mb`, default 256 MB).
    pub unzipped_bytes: u64,
    /// Most cells in a workbook: over all sheets, the rectangle from the first to the last
    /// filled cell, which is what reading a sheet allocates (`--max-cells`, default 5,000,000;
    /// a consolidated workbook of 10,000 units has about 2,500,000).
    pub cells: u64,
    /// Longest text of one cell or shared string, in characters (`--max-text-chars`, default
    /// 32,767, the most Excel lets a cell hold).
    pub text_chars: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            file_bytes: 64 * MB,
            unzipped_bytes: 256 * MB,
            cells: 5_000_000,
            text_chars: 32_767,
        }
    }
}

impl Limits {
    /// Refuses a file larger than [`Limits::file_bytes`].
    pub fn check_file_size(&self, bytes: u64) -> Result<(), Exceeded> {
        if bytes > self.file_bytes {
            return Err(Exceeded::FileSize {
                found_mb: bytes.div_ceil(MB),
                limit_mb: self.file_bytes / MB,
            });
        }
        Ok(())
    }

    /// The error for inflated zip entries past [`Limits::unzipped_bytes`].
    pub fn unzipped_exceeded(&self) -> Exceeded {
        Exceeded::Unzipped {
            limit_mb: self.unzipped_bytes / MB,
        }
    }
}

/// A limit that a file went past: which limit, and what was found. Its message names the
/// setting that raises the limit in the words of the front end ([`Exceeded::message`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exceeded {
    FileSize {
        found_mb: u64,
        limit_mb: u64,
    },
    Unzipped {
        limit_mb: u64,
    },
    Cells {
        /// Where: `工作表“表三”`, or the zip entry when the sheet name is unknown.
        place: String,
        /// The sheet's used range, as `A1:XFD1048576`.
        range: String,
        /// Cells in that range.
        area: u64,
        /// Cells of all sheets so far, this one included.
        found: u64,
        limit: u64,
    },
    Texts {
        /// Where the total went past the limit.
        place: String,
        limit_mb: u64,
    },
    Text {
        /// Where: `工作表“表三”的单元格 A5`, or `共享字符串表第 3 项`.
        place: String,
        found: u64,
        limit: u64,
    },
}

impl Exceeded {
    /// The message, in Chinese, with the remedy named as the front end names it.
    ///
    /// ```
    /// use xxgk::format::remedy::Plain;
    /// let err = xxgk::limits::Limits::default().check_file_size(65 << 20).unwrap_err();
    /// assert!(err.message(&Plain).ends_with("可把“文件大小上限”提高到 66 MB。"));
    /// ```
    pub fn message(&self, r: &dyn Remedies) -> String {
        match self {
            Exceeded::FileSize { found_mb, limit_mb } => format!(
                "文件大小约 {found_mb} MB，超过文件大小上限 {limit_mb} MB，没有读取，不像是年度报告统计表。请确认是否发错了文件；确实需要读取时，{}。",
                r.raise(Setting::MaxFileMb, found_mb + 1)
            ),
            Exceeded::Unzipped { limit_mb } => format!(
                "文件内的压缩数据大小异常：解压后超过解压大小上限 {limit_mb} MB，为安全起见没有继续解压。请用 Excel 重新保存后报送；确实需要读取时，{}。",
                r.raise(Setting::MaxUnzippedMb, limit_mb * 4)
            ),
            Exceeded::Cells {
                place,
                range,
                area,
                found,
                limit,
            } => format!(
                "{place}的已用范围是 {range}（{area} 个单元格），全部工作表合计至少 {found} 个单元格，超过单元格数上限 {limit} 个，没有读取。常见原因是在很远的行或列（如第1048576行）误填了内容，请删除多余的内容、用 Excel 重新保存后报送{}。",
                cells_hint(*found, r)
            ),
            Exceeded::Texts { place, limit_mb } => format!(
                "{place}的单元格中的文字合计超过 {limit_mb} MB（常见原因是很多单元格重复引用同一段很长的文字），没有读取。请删除多余的内容、用 Excel 重新保存后报送；确实需要读取时，{}。",
                r.raise(Setting::MaxUnzippedMb, limit_mb * 4)
            ),
            Exceeded::Text {
                place,
                found,
                limit,
            } => format!(
                "{place}的文字有 {found} 个字符，超过单元格文字长度上限 {limit} 个字符，没有读取。请删除或缩短这段文字后重新保存报送；确实需要读取时，{}。",
                r.raise(Setting::MaxTextChars, *found)
            ),
        }
    }
}

/// In the plain words of [`crate::format::remedy::Plain`].
impl std::fmt::Display for Exceeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(&crate::format::remedy::Plain))
    }
}

impl std::error::Error for Exceeded {}

/// The most cells that can be allowed: 100 million cells are already gigabytes of memory.
pub const MAX_CELLS_FLAG: u64 = 100_000_000;

/// How to read a file with `found` cells anyway, when that is possible at all.
fn cells_hint(found: u64, r: &dyn Remedies) -> String {
    if found <= MAX_CELLS_FLAG {
        format!("；确实需要读取时，{}", r.raise(Setting::MaxCells, found))
    } else {
        format!(
            "（这么大的范围即使提高上限也无法读取，{} 最多为 {MAX_CELLS_FLAG}）",
            r.name(Setting::MaxCells)
        )
    }
}

/// Runs `f`, turning a panic into a Chinese error, so one file that trips a bug in this
/// program or a library becomes that file's error and the rest of the batch goes on.
///
/// ```
/// let r: Result<(), String> = xxgk::limits::isolated(|| panic!("boom"));
/// assert!(r.unwrap_err().contains("程序内部出错（boom）"));
/// ```
pub fn isolated<T>(f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(format!(
            "处理这个文件时程序内部出错（{}），这个文件没有审核，其余文件照常处理。请用 Excel 打开检查、重新保存后再试；如仍出错，请把这个文件发给 xxgk 的维护人员。",
            if what.is_empty() {
                "未知原因".to_string()
            } else {
                what.chars().take(200).collect()
            }
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_limit_the_value_and_the_setting() {
        let l = Limits::default();
        let size = l.check_file_size(100 * MB + 1).unwrap_err().to_string();
        assert!(
            size.contains("约 101 MB") && size.contains("上限 64 MB"),
            "{size}"
        );
        assert!(size.contains("“文件大小上限”提高到 102 MB"), "{size}");
        let unzipped = l.unzipped_exceeded().to_string();
        assert!(
            unzipped.contains("“解压大小上限”提高到 1024 MB"),
            "{unzipped}"
        );
        assert!(l.check_file_size(64 * MB).is_ok());
    }
}
