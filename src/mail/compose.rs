//! Building a message's bytes (RFC 5322 with MIME), the same bytes for the same letter.
//!
//! Mail libraries put the clock and a random number into every message (the `Date`, the
//! `Message-ID`, the multipart boundary). Here all three are inputs or derived from the
//! content, so a rerun writes the same `.eml` and a send ledger can key on the message id.
//! File names are written twice, as Outlook and Foxmail read them: RFC 2231 (`filename*=`)
//! and RFC 2047 (`name="=?UTF-8?B?…?="`).
//!
//! ```
//! use xxgk::mail::compose::{Letter, build};
//! let letter = Letter {
//!     from: "办公室 <gk@example.gov.cn>".into(),
//!     to: "qj@example.gov.cn".into(),
//!     subject: "关于报送的通知".into(),
//!     date: 1_767_225_600, // 2026-01-01 08:00 +0800
//!     body: "请于1月15日前报送。".into(),
//!     attachments: vec![("前进街道_2025.xlsx".into(), b"PK..".to_vec())],
//!     reply_to: None,
//! };
//! let a = build(&letter);
//! assert_eq!(a, build(&letter));
//! let text = String::from_utf8(a).unwrap();
//! assert!(text.contains("Date: Thu, 1 Jan 2026 08:00:00 +0800\r\n"));
//! assert!(text.contains("filename*=UTF-8''%E5%89%8D"));
//! ```

use sha2::{Digest, Sha256};

/// One message: who, what, when (seconds since 1970, UTC) and the attached files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    /// `From`, an address or `名称 <address>`.
    pub from: String,
    /// `To`, one address.
    pub to: String,
    pub subject: String,
    /// Seconds since 1970-01-01 UTC; written in China's time zone (+0800).
    pub date: i64,
    /// Plain text, lines separated by `\n`.
    pub body: String,
    /// (file name, bytes).
    pub attachments: Vec<(String, Vec<u8>)>,
    /// `In-Reply-To` and `References`, for a receipt that answers a message.
    pub reply_to: Option<String>,
}

impl Letter {
    /// The message id: a digest of everything but the date, at the sender's domain. The same
    /// letter (to the same unit, with the same file) always has the same id, which is what
    /// the send ledger remembers.
    ///
    /// ```
    /// # use xxgk::mail::compose::Letter;
    /// let mut l = Letter { from: "a@b.cn".into(), to: "c@d.cn".into(), subject: "s".into(),
    ///     date: 0, body: String::new(), attachments: vec![], reply_to: None };
    /// let id = l.message_id();
    /// l.date = 99;
    /// assert_eq!(id, l.message_id());
    /// assert!(id.ends_with("@b.cn>"));
    /// ```
    pub fn message_id(&self) -> String {
        let mut h = Sha256::new();
        for part in [&self.from, &self.to, &self.subject, &self.body] {
            h.update(part.as_bytes());
            h.update([0]);
        }
        for (name, bytes) in &self.attachments {
            h.update(name.as_bytes());
            h.update([0]);
            h.update(Sha256::digest(bytes));
        }
        let hex = hex(&h.finalize()[..16]);
        let domain = address_of(&self.from)
            .rsplit_once('@')
            .map_or("xxgk.invalid".to_string(), |(_, d)| d.to_string());
        format!("<{hex}.xxgk@{domain}>")
    }
}

/// The bare address of `名称 <a@b.cn>` or `a@b.cn`.
///
/// ```
/// assert_eq!(xxgk::mail::compose::address_of("办公室 <a@b.cn>"), "a@b.cn");
/// assert_eq!(xxgk::mail::compose::address_of(" a@b.cn "), "a@b.cn");
/// ```
pub fn address_of(mailbox: &str) -> &str {
    match (mailbox.rfind('<'), mailbox.rfind('>')) {
        (Some(l), Some(r)) if l < r => mailbox[l + 1..r].trim(),
        _ => mailbox.trim(),
    }
}

/// Whether text looks like one mail address: `x@y.z`, no spaces, no angle brackets.
///
/// ```
/// assert!(xxgk::mail::compose::is_address("qj@example.gov.cn"));
/// assert!(!xxgk::mail::compose::is_address("前进街道"));
/// assert!(!xxgk::mail::compose::is_address("a@b"));
/// ```
pub fn is_address(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !text
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>,;\"()[]\\".contains(c))
}

/// The message's bytes, CRLF line ends, 7-bit clean.
pub fn build(letter: &Letter) -> Vec<u8> {
    let id = letter.message_id();
    let boundary = format!("=_xxgk_{}", &id[1..25]);
    let mut out = String::new();
    let mut header = |name: &str, value: &str| {
        out.push_str(name);
        out.push_str(": ");
        out.push_str(value);
        out.push_str("\r\n");
    };
    header("From", &mailbox_header(&letter.from));
    header("To", &mailbox_header(&letter.to));
    header("Subject", &encode_words(&letter.subject));
    header("Date", &rfc2822_date(letter.date));
    header("Message-ID", &id);
    if let Some(parent) = &letter.reply_to {
        header("In-Reply-To", parent);
        header("References", parent);
    }
    header("MIME-Version", "1.0");
    let text = base64_lines(letter.body.replace('\n', "\r\n").as_bytes());
    if letter.attachments.is_empty() {
        header("Content-Type", "text/plain; charset=UTF-8");
        header("Content-Transfer-Encoding", "base64");
        out.push_str("\r\n");
        out.push_str(&text);
        return out.into_bytes();
    }
    header(
        "Content-Type",
        &format!("multipart/mixed; boundary=\"{boundary}\""),
    );
    out.push_str("\r\n");
    out.push_str(&format!(
        "--{boundary}\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{text}"
    ));
    for (name, bytes) in &letter.attachments {
        let mime = mime_type(name);
        out.push_str(&format!(
            "--{boundary}\r\nContent-Type: {mime};\r\n name=\"{}\"\r\nContent-Disposition: attachment;\r\n{}\r\nContent-Transfer-Encoding: base64\r\n\r\n{}",
            encode_words(name),
            rfc2231_filename(name),
            base64_lines(bytes)
        ));
    }
    out.push_str(&format!("--{boundary}--\r\n"));
    out.into_bytes()
}

/// A `From`/`To` value with its display name encoded.
fn mailbox_header(mailbox: &str) -> String {
    let address = address_of(mailbox);
    let name = match mailbox.rfind('<') {
        Some(l) => mailbox[..l].trim().trim_matches('"'),
        None => "",
    };
    if name.is_empty() {
        address.to_string()
    } else {
        format!("{} <{address}>", encode_words(name))
    }
}

/// The MIME type by extension, for the attachment's `Content-Type`.
fn mime_type(name: &str) -> &'static str {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("xls" | "et") => "application/vnd.ms-excel",
        Some("ods") => "application/vnd.oasis.opendocument.spreadsheet",
        Some("pdf") => "application/pdf",
        Some("txt") => "text/plain",
        _ => "application/octet-stream",
    }
}

/// Text for a header: as is when it is printable ASCII, else RFC 2047 encoded words in
/// UTF-8, each at most 75 characters and never splitting a character.
///
/// ```
/// use xxgk::mail::compose::encode_words;
/// assert_eq!(encode_words("Report"), "Report");
/// assert_eq!(encode_words("通知"), "=?UTF-8?B?6YCa55+l?=");
/// let long = encode_words(&"关".repeat(40));
/// assert!(long.split("\r\n ").all(|w| w.len() <= 75));
/// ```
pub fn encode_words(text: &str) -> String {
    if text.chars().all(|c| (' '..='~').contains(&c)) && !text.contains("=?") {
        return text.to_string();
    }
    let mut words = Vec::new();
    let mut chunk = String::new();
    for c in text.chars() {
        // 45 bytes of UTF-8 give 60 characters of base64, plus 12 for "=?UTF-8?B??=".
        if chunk.len() + c.len_utf8() > 45 {
            words.push(std::mem::take(&mut chunk));
        }
        chunk.push(c);
    }
    if !chunk.is_empty() {
        words.push(chunk);
    }
    words
        .iter()
        .map(|w| format!("=?UTF-8?B?{}?=", base64(w.as_bytes())))
        .collect::<Vec<_>>()
        .join("\r\n ")
}

/// `filename*0*=UTF-8''…` continuations (RFC 2231), each line short.
fn rfc2231_filename(name: &str) -> String {
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
            encoded.push(char::from(b));
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    if encoded.len() <= 60 {
        return format!(" filename*=UTF-8''{encoded}");
    }
    let mut pieces = Vec::new();
    let mut rest = encoded.as_str();
    while !rest.is_empty() {
        let mut cut = rest.len().min(60);
        // Never split a %XX escape.
        while cut < rest.len() && rest[..cut].rfind('%').is_some_and(|p| p + 3 > cut) {
            cut -= 1;
        }
        pieces.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    pieces
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let charset = if i == 0 { "UTF-8''" } else { "" };
            format!(" filename*{i}*={charset}{p}")
        })
        .collect::<Vec<_>>()
        .join(";\r\n")
}

/// `Thu, 1 Jan 2026 08:00:00 +0800` for seconds since 1970 (UTC).
///
/// ```
/// assert_eq!(xxgk::mail::compose::rfc2822_date(0), "Thu, 1 Jan 1970 08:00:00 +0800");
/// ```
pub fn rfc2822_date(seconds: i64) -> String {
    let local = seconds + 8 * 3600;
    let (y, m, d) = civil(local.div_euclid(86_400));
    let secs = local.rem_euclid(86_400);
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{}, {d} {} {y} {:02}:{:02}:{:02} +0800",
        DAYS[local.div_euclid(86_400).rem_euclid(7) as usize],
        MONTHS[(m - 1) as usize],
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// `20260110-0930`, China time: the 收到时间 in a saved file's name.
///
/// ```
/// assert_eq!(xxgk::mail::compose::stamp(1_767_225_600), "20260101-0800");
/// ```
pub fn stamp(seconds: i64) -> String {
    let local = seconds + 8 * 3600;
    let (y, m, d) = civil(local.div_euclid(86_400));
    let secs = local.rem_euclid(86_400);
    format!("{y:04}{m:02}{d:02}-{:02}{:02}", secs / 3600, secs / 60 % 60)
}

/// Seconds since 1970 of a China-time date `2026-01-15` (midnight), or with a time
/// `2026-01-15 09:30`.
///
/// ```
/// assert_eq!(xxgk::mail::compose::parse_date("2026-01-01 08:00"), Some(1_767_225_600));
/// assert_eq!(xxgk::mail::compose::parse_date("2026-13-01"), None);
/// ```
pub fn parse_date(text: &str) -> Option<i64> {
    let text = text.trim();
    let (day, time) = text.split_once([' ', 'T']).unwrap_or((text, "00:00"));
    let mut parts = day.split(['-', '/', '.']).map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    let (h, min) = time.split_once(':')?;
    let (h, min) = (h.parse::<i64>().ok()?, min.parse::<i64>().ok()?);
    if !(1970..=9999).contains(&y)
        || !(1..=12).contains(&m)
        || !(1..=31).contains(&d)
        || !(0..24).contains(&h)
        || !(0..60).contains(&min)
        || civil(days_from_civil(y, m, d)) != (y, m, d)
    {
        return None;
    }
    Some(days_from_civil(y, m, d) * 86_400 + h * 3600 + min * 60 - 8 * 3600)
}

/// `2026年1月15日` for the letters' text.
///
/// ```
/// let t = xxgk::mail::compose::parse_date("2026-01-15").unwrap();
/// assert_eq!(xxgk::mail::compose::chinese_date(t), "2026年1月15日");
/// ```
pub fn chinese_date(seconds: i64) -> String {
    let (y, m, d) = civil((seconds + 8 * 3600).div_euclid(86_400));
    format!("{y}年{m}月{d}日")
}

/// Year, month, day of a day number (days since 1970-01-01); Howard Hinnant's algorithm.
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Standard base64 without line breaks.
pub fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(TABLE[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Base64 in lines of 76 characters, each ended by CRLF.
fn base64_lines(bytes: &[u8]) -> String {
    let flat = base64(bytes);
    let mut out = String::with_capacity(flat.len() + flat.len() / 38 + 2);
    for line in flat.as_bytes().chunks(76) {
        out.push_str(std::str::from_utf8(line).unwrap_or_default());
        out.push_str("\r\n");
    }
    out
}
