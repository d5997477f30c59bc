//! Taking a received message apart: every spreadsheet attached to it, also inside a .zip and
//! inside a forwarded message, with its file name decoded as the sender's client wrote it.
//!
//! Chinese clients write attachment names in every form there is: RFC 2047 words in UTF-8,
//! GBK, GB2312 or GB18030 (Foxmail: `=?GB2312?B?…?=`), RFC 2231 continuations (Outlook:
//! `filename*0*=utf-8''%E5…`), or raw GBK bytes in the header. All are decoded here, and the
//! name is made safe to save (no folders, no `..`, no `:`, no reserved Windows names).
//!
//! ```
//! let eml = b"From: a@b.cn\r\nSubject: t\r\nMessage-ID: <1@b.cn>\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nhi\r\n--x\r\nContent-Type: application/octet-stream; name=\"=?GB2312?B?saix7S54bHN4?=\"\r\nContent-Transfer-Encoding: base64\r\n\r\nUEsDBA==\r\n--x--\r\n";
//! let got = xxgk::mail::extract::extract(eml);
//! assert_eq!(got.message_id.as_deref(), Some("<1@b.cn>"));
//! assert_eq!(got.spreadsheets[0].name, "报表.xlsx");
//! assert_eq!(got.spreadsheets[0].bytes, b"PK\x03\x04");
//!
//! // A workbook whose name lost its extension is still a workbook.
//! let bare = b"From: a@b.cn\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: application/vnd.ms-excel; name=\"nianbao\"\r\nContent-Transfer-Encoding: base64\r\n\r\nUEsDBA==\r\n--x--\r\n";
//! assert_eq!(xxgk::mail::extract::extract(bare).spreadsheets[0].name, "nianbao.xlsx");
//! ```

use mail_parser::{Message, MessageParser, MimeHeaders};

/// Extensions saved from the mail: Excel, WPS and LibreOffice workbooks.
pub const SPREADSHEET_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "et", "ods"];

/// Largest file taken out of a .zip attachment; a bigger entry is listed, not unpacked (a
/// filled template is well under 1 MB).
pub const MAX_ZIP_ENTRY: u64 = 64 << 20;

/// One spreadsheet found in a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spreadsheet {
    /// The file name as the sender wrote it, decoded and made safe.
    pub name: String,
    pub bytes: Vec<u8>,
    /// Where it was: empty for a plain attachment, else `压缩包 x.zip` or `转发的邮件“主题”`.
    pub inside: String,
}

/// What a message held.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Received {
    pub message_id: Option<String>,
    /// The sender's address.
    pub from: String,
    pub subject: String,
    /// `Date`, seconds since 1970, when it could be read.
    pub date: Option<i64>,
    pub spreadsheets: Vec<Spreadsheet>,
    /// Attachments that are not spreadsheets (names), and entries skipped with why.
    pub others: Vec<String>,
    /// Why the message could not be read, if it could not.
    pub problem: Option<String>,
}

/// Everything spreadsheet-like in one message's bytes. Never panics: a message that cannot
/// be parsed comes back with `problem` set.
pub fn extract(bytes: &[u8]) -> Received {
    let parsed = std::panic::catch_unwind(|| {
        let message = MessageParser::default().parse(bytes)?;
        let mut got = Received {
            message_id: message.message_id().map(|id| format!("<{id}>")),
            from: message
                .from()
                .and_then(|a| a.first())
                .and_then(|a| a.address())
                .unwrap_or_default()
                .to_string(),
            subject: message.subject().unwrap_or_default().to_string(),
            date: message.date().map(|d| d.to_timestamp()),
            ..Received::default()
        };
        // A mail has at least one of these; bytes without any are not a message.
        let known = [
            mail_parser::HeaderName::From,
            mail_parser::HeaderName::Date,
            mail_parser::HeaderName::MessageId,
            mail_parser::HeaderName::Subject,
            mail_parser::HeaderName::ContentType,
        ];
        if !message.headers().iter().any(|h| known.contains(&h.name)) {
            return None;
        }
        walk(&message, "", &mut got, 0);
        Some(got)
    });
    match parsed {
        Ok(Some(got)) => got,
        _ => Received {
            problem: Some("邮件格式无法解析（不是有效的 MIME 邮件）".to_string()),
            ..Received::default()
        },
    }
}

/// The attachments of one message, recursing into forwarded messages (at most 5 deep).
fn walk(message: &Message, inside: &str, got: &mut Received, depth: usize) {
    for part in message.attachments() {
        if let Some(inner) = part.message() {
            if depth < 5 {
                let subject = inner.subject().unwrap_or_default();
                walk(inner, &format!("转发的邮件“{subject}”"), got, depth + 1);
            }
            continue;
        }
        let mut name = part_name(message, part);
        let mut ext = extension(&name);
        if !SPREADSHEET_EXTENSIONS.contains(&ext.as_str())
            && ext != "zip"
            && let Some(sniffed) = spreadsheet_without_extension(part)
        {
            // `年报` sent as a workbook without its extension (some webmail does this).
            name = format!("{}.{sniffed}", if name.is_empty() { "附件" } else { &name });
            ext = sniffed.to_string();
        }
        if SPREADSHEET_EXTENSIONS.contains(&ext.as_str()) {
            got.spreadsheets.push(Spreadsheet {
                name: safe_name(&name),
                bytes: part.contents().to_vec(),
                inside: inside.to_string(),
            });
        } else if ext == "zip" {
            unzip(&name, part.contents(), got);
        } else {
            got.others.push(if name.is_empty() {
                "（无名附件）".to_string()
            } else {
                name
            });
        }
    }
}

/// The extension of an attachment whose type says workbook but whose name has no workbook
/// extension, judged from its first bytes.
fn spreadsheet_without_extension(part: &mail_parser::MessagePart) -> Option<&'static str> {
    let ct = part.content_type()?;
    let subtype = ct.subtype().unwrap_or_default().to_ascii_lowercase();
    let bytes = part.contents();
    if !(subtype.contains("spreadsheet") || subtype.contains("excel")) {
        None
    } else if bytes.starts_with(b"PK\x03\x04") {
        Some("xlsx")
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Some("xls")
    } else {
        None
    }
}

/// An attachment's name: what mail-parser decoded, unless the header held raw GBK bytes,
/// which it cannot know; those are read again from the raw header as GB18030.
fn part_name(message: &Message, part: &mail_parser::MessagePart) -> String {
    let decoded = part.attachment_name().unwrap_or_default().to_string();
    if !decoded.contains('\u{FFFD}') && !decoded.is_empty() {
        return decoded;
    }
    let raw = message.raw_message();
    let (start, end) = (
        part.raw_header_offset() as usize,
        part.raw_body_offset() as usize,
    );
    let Some(header) = raw.get(start..end.min(raw.len())) else {
        return decoded;
    };
    raw_param(header, b"filename=")
        .or_else(|| raw_param(header, b"name="))
        .unwrap_or(decoded)
}

/// A parameter value in raw header bytes, decoded as UTF-8 if it is, else GB18030.
fn raw_param(header: &[u8], key: &[u8]) -> Option<String> {
    let lower: Vec<u8> = header.to_ascii_lowercase();
    let at = lower.windows(key.len()).position(|w| w == key)? + key.len();
    let rest = &header[at..];
    let value = match rest.first() {
        Some(b'"') => rest[1..].split(|b| *b == b'"').next()?,
        _ => rest.split(|b| b";\r\n".contains(b)).next()?,
    };
    let text = match std::str::from_utf8(value) {
        Ok(t) => t.to_string(),
        Err(_) => encoding_rs::GB18030.decode(value).0.into_owned(),
    };
    (!text.trim().is_empty()).then(|| text.trim().to_string())
}

/// The spreadsheets inside a .zip attachment; names not marked UTF-8 are GBK (Windows'
/// “发送到压缩文件夹” on a Chinese system).
fn unzip(zip_name: &str, bytes: &[u8], got: &mut Received) {
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        got.others
            .push(format!("{zip_name}（压缩包无法打开，请单位直接发送表格）"));
        return;
    };
    let mut found = false;
    for i in 0..archive.len() {
        let Ok(mut entry) = archive.by_index(i) else {
            continue;
        };
        let raw = entry.name_raw().to_vec();
        let name = match std::str::from_utf8(&raw) {
            Ok(t) => t.to_string(),
            Err(_) => encoding_rs::GB18030.decode(&raw).0.into_owned(),
        };
        if entry.is_dir() || !SPREADSHEET_EXTENSIONS.contains(&extension(&name).as_str()) {
            continue;
        }
        if entry.encrypted() {
            got.others
                .push(format!("{zip_name} 中的 {name}（加密，无法取出）"));
            continue;
        }
        if entry.size() > MAX_ZIP_ENTRY {
            got.others
                .push(format!("{zip_name} 中的 {name}（解压后过大，未取出）"));
            continue;
        }
        let mut out = Vec::new();
        let read = std::io::Read::read_to_end(
            &mut std::io::Read::take(&mut entry, MAX_ZIP_ENTRY + 1),
            &mut out,
        );
        if read.is_err() || out.len() as u64 > MAX_ZIP_ENTRY {
            got.others
                .push(format!("{zip_name} 中的 {name}（无法解压）"));
            continue;
        }
        found = true;
        got.spreadsheets.push(Spreadsheet {
            name: safe_name(&name),
            bytes: out,
            inside: format!("压缩包 {}", safe_name(zip_name)),
        });
    }
    if !found {
        got.others.push(format!("{zip_name}（压缩包中没有表格）"));
    }
}

/// The lower-case extension of a name.
fn extension(name: &str) -> String {
    name.rsplit_once('.')
        .map(|(_, e)| e.trim().to_ascii_lowercase())
        .unwrap_or_default()
}

/// A received file name made safe to save: only the last path component, and no character,
/// leading dot or reserved name that a file system would refuse or misread.
///
/// ```
/// use xxgk::mail::extract::safe_name;
/// assert_eq!(safe_name("../../x.xlsx"), "x.xlsx");
/// assert_eq!(safe_name("C:\\a\\CON.xlsx"), "_CON.xlsx");
/// assert_eq!(safe_name("表.xlsx:stream"), "表.xlsx_stream");
/// assert_eq!(safe_name(""), "附件");
/// ```
pub fn safe_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let (stem, ext) = match base.rsplit_once('.') {
        Some((s, e)) if e.chars().all(|c| c.is_ascii_alphanumeric()) && !e.is_empty() => (s, e),
        _ => (base, ""),
    };
    let stem = crate::write::file_names::safe_file_stem(stem).unwrap_or_else(|_| "附件".into());
    if ext.is_empty() {
        stem
    } else {
        format!("{stem}.{}", ext.to_ascii_lowercase())
    }
}

/// `<单位名称>_<收到时间>_<原文件名>`: the name a return is saved under.
///
/// ```
/// let name = xxgk::mail::extract::saved_name("前进街道", 1_767_225_600, "副本 年报(1).xlsx");
/// assert_eq!(name, "前进街道_20260101-0800_副本 年报(1).xlsx");
/// let long = xxgk::mail::extract::saved_name(&"很".repeat(99), 0, &format!("{}.xlsx", "长".repeat(99)));
/// assert!(long.len() < 255 && long.ends_with("长.xlsx"));
/// ```
pub fn saved_name(unit: &str, received: i64, original: &str) -> String {
    let unit =
        crate::write::file_names::safe_file_stem(unit).unwrap_or_else(|_| "未识别单位".into());
    // Within the 255 bytes of common file systems even for 3-byte characters.
    let unit: String = unit.chars().take(30).collect();
    let original = safe_name(original);
    let original = match original.rsplit_once('.') {
        Some((stem, ext)) if stem.chars().count() > 40 => {
            format!("{}.{ext}", stem.chars().take(40).collect::<String>())
        }
        _ => original,
    };
    format!("{unit}_{}_{original}", super::compose::stamp(received))
}

/// The messages of an .mbox file (as Thunderbird and Foxmail export them), each as bytes.
///
/// ```
/// let mbox = b"From a@b Thu Jan  1 00:00:00 2026\nSubject: 1\n\nx\nFrom a@b Thu Jan  1 00:00:00 2026\nSubject: 2\n\ny\n";
/// assert_eq!(xxgk::mail::extract::split_mbox(mbox).len(), 2);
/// ```
pub fn split_mbox(bytes: &[u8]) -> Vec<Vec<u8>> {
    mail_parser::mailbox::mbox::MessageIterator::new(std::io::Cursor::new(bytes))
        .filter_map(Result::ok)
        .map(|m| m.contents().to_vec())
        .collect()
}
