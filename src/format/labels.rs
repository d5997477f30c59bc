//! How two labels are compared: the one normalisation of a label that every stage matches by —
//! the format's own labels, a sheet's, a report text's, a unit's name.

/// Normalises a label for matching: no whitespace, half-width brackets and punctuation, no
/// quotes, 办结 → 办理, “1、” → “1.”, 顿号 → comma.
///
/// ```
/// use xxgk::locate::normalize;
/// assert_eq!(normalize("（一）予以公开"), normalize("(一) 予以公开"));
/// assert_eq!(normalize("三、本年度办结结果"), normalize("三、本年度办理结果"));
/// assert_eq!(normalize("1、属于国家秘密"), normalize("1.属于国家秘密"));
/// assert_eq!(normalize("3.危及“三安全一稳定”"), normalize("3.危及\"三安全一稳定\""));
/// assert_eq!(normalize("总 计"), "总计");
/// ```
pub fn normalize(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    // The previous character after mapping, quotes included: “1、” reads as “1.”.
    let mut previous = None;
    for c in label.chars().filter(|c| !c.is_whitespace()) {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '。' => '.',
            c => c,
        };
        match c {
            '“' | '”' | '‘' | '’' | '"' | '\'' | '「' | '」' => {}
            '、' if previous.is_some_and(|p: char| p.is_ascii_digit()) => out.push('.'),
            '、' => out.push(','),
            c => out.push(c.to_ascii_lowercase()),
        }
        previous = Some(c);
    }
    if out.contains("办结") {
        out = out.replace("办结", "办理");
    }
    if out.contains('(') {
        out = without_bracketed_years(&out);
    }
    out
}

/// A label without a year in brackets: reports write the header “本年(2023)制发件数” or
/// “本年（2023年）处理决定数量”; no official label holds a year, so the year only says which
/// year “本年” is.
///
/// ```
/// use xxgk::locate::normalize;
/// assert_eq!(normalize("本年(2023)制发件数"), normalize("本年制发件数"));
/// assert_eq!(normalize("本年（2023年度）处理决定数量"), normalize("本年处理决定数量"));
/// assert_eq!(normalize("第二十条第(一)项"), "第二十条第(一)项");
/// ```
fn without_bracketed_years(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    let mut rest = label;
    while let Some(at) = rest.find('(') {
        out.push_str(&rest[..at]);
        let inner = &rest[at + 1..];
        let digits = inner.bytes().take_while(u8::is_ascii_digit).count();
        let after = inner[digits..]
            .strip_prefix("年度")
            .or_else(|| inner[digits..].strip_prefix('年'))
            .unwrap_or(&inner[digits..]);
        let year = digits == 4 && (inner.starts_with("19") || inner.starts_with("20"));
        match after.strip_prefix(')') {
            Some(tail) if year => rest = tail,
            _ => {
                out.push('(');
                rest = inner;
            }
        }
    }
    out.push_str(rest);
    out
}
