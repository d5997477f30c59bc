//! Why a file could not be read: the one error of the read stage, in Chinese, with what to do.
//!
//! Both halves of reading ([`crate::read::prescan`] before inflating, [`crate::read::cells`]
//! while parsing) and the entry points in [`crate::read`] return it, so it stands below them all.

use crate::format::remedy::{Plain, Remedies, Setting};

/// Why a file could not be read, in Chinese, with what to do.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ReadError {
    #[error("无法打开文件：{0}。请检查文件是否存在、是否有读取权限。")]
    Io(String),
    #[error(
        "这是 LibreOffice 的 XML 表格（.fods）。请在 LibreOffice 中“另存为” .ods 或 .xlsx 后再报送。"
    )]
    Fods,
    #[error("文件为空（0字节），可能是下载或复制没有完成。请重新获取这个文件。")]
    Empty,
    /// A limit of [`crate::read::limits::Limits`]: which, the value found, the flag that raises it.
    #[error(transparent)]
    Limit(#[from] crate::read::limits::Exceeded),
    #[error(
        "这是网页（HTML）文件，只是扩展名为 {0}。请用 Excel 或 WPS 打开后“另存为”Excel 工作簿（.xlsx）再报送。"
    )]
    Html(String),
    #[error("{}", text_message(.0, &Plain))]
    Text(String),
    #[error(
        "文件设有打开密码（已加密），无法读取。请在 Excel 中取消密码（文件→信息→保护工作簿→用密码进行加密，清空密码）后重新报送。"
    )]
    Encrypted,
    #[error("{}", pdf_message(&Plain))]
    Pdf,
    #[error("这是 Word 文档，不是 Excel 工作簿。请用 xxgk 模板填写统计表后报送 .xlsx 文件。")]
    Word,
    #[error("文件内的压缩数据大小异常（{0}），为安全起见没有解压。请用 Excel 重新保存后报送。")]
    ZipBomb(String),
    #[error("文件已损坏，无法读取（{0}）。请用 Excel 或 WPS 打开检查，重新保存后报送。")]
    Corrupt(String),
    #[error("不是 Excel、WPS 或 LibreOffice 的表格文件。请报送 .xlsx、.xls 或 .ods 文件。")]
    NotSpreadsheet,
}

impl ReadError {
    /// The message, with a remedy that is a setting of the program named as the front end
    /// names it. [`Display`](std::fmt::Display) gives the same in [`Plain`] words.
    ///
    /// ```
    /// use xxgk::format::remedy::Plain;
    /// use xxgk::read::ReadError;
    /// let err = ReadError::Text(".xlsx".into());
    /// assert!(err.message(&Plain).contains("“报送单位名单”"));
    /// ```
    pub fn message(&self, r: &dyn Remedies) -> String {
        match self {
            ReadError::Limit(e) => e.message(r),
            ReadError::Text(ext) => text_message(ext, r),
            ReadError::Pdf => pdf_message(r),
            other => other.to_string(),
        }
    }
}

fn text_message(ext: &str, r: &dyn Remedies) -> String {
    format!(
        "这是文本或 CSV 文件（扩展名 {ext}），不是统计表工作簿。如果它是报送单位名单，请{}；统计表请用 xxgk 模板填写后报送 .xlsx 文件。",
        r.give(Setting::Roster)
    )
}

fn pdf_message(r: &dyn Remedies) -> String {
    format!(
        "这是 PDF 文件，不是表格。公开发布的报告请先提取文字：pdftotext -layout 报告.pdf 报告.txt，再{}；单位报送请用 xxgk 模板填写的 .xlsx 文件。",
        r.import("报告.txt")
    )
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
