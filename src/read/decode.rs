//! Bytes to text, as Chinese Windows and web pages save it: report texts, web pages and rosters.

use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};

/// Decodes UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030; `None` when the
/// bytes are none of these.
pub fn decode_text(bytes: &[u8]) -> Option<String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8(rest.to_vec()).ok();
    }
    for (bom, encoding) in [(b"\xFF\xFE", UTF_16LE), (b"\xFE\xFF", UTF_16BE)] {
        if bytes.starts_with(bom) {
            let (text, _, errors) = encoding.decode(bytes);
            return if errors {
                None
            } else {
                Some(text.into_owned())
            };
        }
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some(text.to_string());
    }
    // GBK, or lines of both (two exports pasted together): each line as UTF-8 when it is,
    // GBK otherwise, so no line turns into mojibake.
    let mut out = String::with_capacity(bytes.len() * 3 / 2);
    for line in bytes.split_inclusive(|b| *b == b'\n') {
        match std::str::from_utf8(line) {
            Ok(text) => out.push_str(text),
            Err(_) => {
                let (text, errors) = GB18030.decode_without_bom_handling(line);
                if errors {
                    return None;
                }
                out.push_str(&text);
            }
        }
    }
    Some(out)
}
