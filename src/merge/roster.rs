//! The roster (报送单位名单): which units must report, as a CSV file.
//!
//! Coordinators keep the roster in Excel and save it as CSV, so the file may be UTF-8 with or
//! without a byte-order mark, GBK (Excel on Chinese Windows), or UTF-16 (Excel's “Unicode
//! text”, tab-separated). The header must contain 单位名称; 单位代码, 联系人 and 联系电话 are
//! optional, and so is 邮箱 (for `xxgk mail`). Bad rows are reported with their line number
//! and skipped; the good rows are kept, so one typo does not stop a batch of hundreds.
//!
//! ```
//! let text = "单位名称,联系人\n前进街道,张三\n,李四\n前进街道,王五\n";
//! let roster = xxgk::roster::Roster::parse(text.as_bytes()).unwrap();
//! assert_eq!(roster.units.len(), 1);
//! assert_eq!(roster.units[0].contact, "张三");
//! assert_eq!(roster.problems.len(), 2); // a blank name and a duplicate
//! ```

use std::path::Path;

/// One unit in the roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// 单位名称, trimmed.
    pub name: String,
    /// 单位代码, or empty.
    pub code: String,
    /// 联系人, or empty.
    pub contact: String,
    /// 联系电话, or empty.
    pub phone: String,
    /// 邮箱 (where `xxgk mail` sends the template), or empty.
    pub email: String,
    /// Line in the file (1-based, the header is line 1), for messages.
    pub line: usize,
}

/// A roster row that was skipped, with the reason in Chinese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub message: String,
}

/// The units of a roster and the rows that could not be used.
#[derive(Debug, Clone, Default)]
pub struct Roster {
    pub units: Vec<Unit>,
    pub problems: Vec<Problem>,
}

/// A roster that cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum RosterError {
    #[error("无法读取名单文件 {path}：{}", crate::read::error::io_message(source))]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("名单文件的编码无法识别。请在 Excel 中“另存为”→“CSV UTF-8（逗号分隔）”后重试。")]
    Encoding,
    #[error(
        "名单是 Excel 工作簿，不是 CSV 文件。请在 Excel 中“另存为”→“CSV UTF-8（逗号分隔）”后使用。"
    )]
    Workbook,
    #[error("名单文件是空的。请在第一行写“单位名称”，下面每行写一个单位。")]
    EmptyFile,
    #[error(
        "名单第1行（表头）没有“单位名称”列，现有的列是：{found}。请在第一行写上“单位名称”，可选“单位代码”“联系人”“联系电话”。"
    )]
    NoNameColumn { found: String },
    #[error("名单格式有误：{0}。请用 Excel 另存为 CSV 后重试。")]
    Csv(String),
    #[error("名单里只有表头，没有任何单位。请在表头下面每行写一个单位名称。")]
    Empty,
}

impl Roster {
    /// Reads a roster file.
    pub fn read(path: &Path) -> Result<Roster, RosterError> {
        let bytes = std::fs::read(path).map_err(|source| RosterError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Roster::parse(&bytes)
    }

    /// Parses roster bytes in any of the accepted encodings.
    pub fn parse(bytes: &[u8]) -> Result<Roster, RosterError> {
        if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            return Err(RosterError::Workbook);
        }
        let text = decode_text(bytes)?;
        if text
            .trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
            .is_empty()
        {
            return Err(RosterError::EmptyFile);
        }
        let first_line = text.lines().next().unwrap_or("");
        // Excel saves tab-separated “Unicode text”, and semicolons in some locales.
        let delimiter = [b',', b'\t', b';']
            .into_iter()
            .max_by_key(|d| {
                first_line.matches(char::from(*d)).count() * 2 + usize::from(*d == b',')
            })
            .unwrap_or(b',');
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(true)
            .from_reader(text.as_bytes());
        let headers: Vec<String> = reader
            .headers()
            .map_err(|e| RosterError::Csv(e.to_string()))?
            .iter()
            .map(normalize_header)
            .collect();
        let column = |name: &str| headers.iter().position(|h| h == name);
        let name_col = column("单位名称").ok_or_else(|| RosterError::NoNameColumn {
            found: headers.join("、"),
        })?;
        let (code_col, contact_col, phone_col) =
            (column("单位代码"), column("联系人"), column("联系电话"));
        let email_col = ["邮箱", "电子邮箱", "电子邮件", "Email", "email", "E-mail"]
            .iter()
            .find_map(|name| column(name));

        let mut roster = Roster::default();
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line());
                RosterError::Csv(format!("第{line}行：{e}"))
            })?;
            let line = record.position().map_or(0, |p| p.line() as usize);
            let field = |c: Option<usize>| {
                c.and_then(|c| record.get(c))
                    .map(|s| s.trim().to_string())
                    .unwrap_or_default()
            };
            if record.iter().all(|f| f.trim().is_empty()) {
                continue; // blank lines at the end of an Excel export
            }
            if record
                .iter()
                .map(normalize_header)
                .eq(headers.iter().cloned())
            {
                roster.problems.push(Problem {
                    line,
                    message: format!(
                        "名单第{line}行与表头相同（可能是两份名单拼在了一起），已跳过。"
                    ),
                });
                continue;
            }
            let unit = Unit {
                name: field(Some(name_col)),
                code: field(code_col),
                contact: field(contact_col),
                phone: field(phone_col),
                email: field(email_col),
                line,
            };
            if let Some(message) = roster.problem_with(&unit) {
                roster.problems.push(Problem { line, message });
            } else {
                roster.units.push(unit);
            }
        }
        if roster.units.is_empty() && roster.problems.is_empty() {
            return Err(RosterError::Empty);
        }
        Ok(roster)
    }

    /// Why a row cannot be added: a blank name, or a name already in the roster.
    fn problem_with(&self, unit: &Unit) -> Option<String> {
        if unit.name.is_empty() {
            return Some(format!(
                "名单第{}行的单位名称为空，已跳过。请补上单位名称或删除这一行。",
                unit.line
            ));
        }
        if unit.name.chars().any(char::is_control) {
            return Some(format!(
                "名单第{}行的单位名称“{}”含有换行符等控制字符，已跳过。常见原因是引号不配对，把下一行并进了这一行；请检查这一行和下一行。",
                unit.line,
                unit.name.escape_debug()
            ));
        }
        let first = self.units.iter().find(|u| u.name == unit.name)?;
        Some(format!(
            "名单第{}行的单位“{}”与第{}行重复，已跳过。同一单位只应出现一次。",
            unit.line, unit.name, first.line
        ))
    }
}

/// Header cells as Excel writes them: stray spaces and a BOM removed.
fn normalize_header(h: &str) -> String {
    h.trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Decodes text files as Chinese Windows and web pages save them: UTF-8 (with or without BOM),
/// UTF-16 with BOM, or GBK/GB18030.
///
/// ```
/// let (gbk, _, _) = encoding_rs::GBK.encode("前进街道");
/// assert_eq!(xxgk::roster::decode_text(&gbk).unwrap(), "前进街道");
/// ```
pub fn decode_text(bytes: &[u8]) -> Result<String, RosterError> {
    crate::read::decode::decode_text(bytes).ok_or(RosterError::Encoding)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_and_utf8_with_bom_read_the_same() {
        let text = "单位名称,单位代码,联系人,联系电话\r\n前进街道,001,张三,024-1234\r\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        let a = Roster::parse(&gbk).unwrap();
        let b = Roster::parse(&bom).unwrap();
        assert_eq!(a.units, b.units);
        assert_eq!(a.units[0].phone, "024-1234");
    }

    #[test]
    fn utf16_tab_separated_is_read() {
        let text = "单位名称\t联系人\n前进街道\t张三\n";
        let mut bytes = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let roster = Roster::parse(&bytes).unwrap();
        assert_eq!(roster.units[0].contact, "张三");
    }

    #[test]
    fn missing_name_column_names_the_columns_found() {
        let err = Roster::parse("名称,电话\n甲,1\n".as_bytes()).unwrap_err();
        assert!(err.to_string().contains("现有的列是：名称、电话"), "{err}");
    }

    #[test]
    fn header_with_spaces_is_accepted() {
        let roster = Roster::parse(" 单位 名称 \n 甲街道 \n".as_bytes()).unwrap();
        assert_eq!(roster.units[0].name, "甲街道");
    }
}
