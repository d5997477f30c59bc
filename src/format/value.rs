//! One cell's value as the unit wrote it, and what xxgk makes of it.
//!
//! Real returns are full of “12件”, full-width digits, “无” and blanks. The parse is lenient
//! where the meaning is certain — and every leniency is reported, so nothing is assumed
//! silently. Blank stays blank (it is not 0), though sums count it as 0.
//!
//! ```
//! use xxgk::format::Kind;
//! use xxgk::value::{Value, State};
//! let v = Value::from_text("１２件", Kind::Count, None);
//! assert_eq!(v.state, State::Lenient);
//! assert_eq!(v.number.unwrap(), 12.into());
//! assert!(Value::from_text("-3", Kind::Count, None).is_invalid());
//! assert_eq!(Value::from_text("-3", Kind::Signed, None).number.unwrap(), (-3).into());
//! ```

use std::str::FromStr;

use rust_decimal::Decimal;

use crate::format::Kind;

/// How a cell's content was understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// A number of the right kind.
    Number,
    /// Nothing was written. Counts as 0 in sums, with a warning.
    Blank,
    /// `无`, `-`, `—`, `/`: read as 0, with a warning.
    Dash,
    /// Numeric text such as ` 12 `, `１２`, `1,234`, `12件`: accepted, with a warning.
    Lenient,
    /// Not acceptable for this cell: other text, a negative count, a fraction in a count.
    Invalid,
    /// A spreadsheet error value such as `#REF!`.
    Error,
}

/// A cell value: the original text, the number it stands for, and how it was read.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    /// The content as found, for messages (`"12件"`, `"#REF!"`, `""`).
    pub raw: String,
    pub state: State,
    /// The number used in sums; `None` for blank, invalid and error cells.
    pub number: Option<Decimal>,
    /// What was assumed or why it is invalid, in Chinese; empty for a plain number.
    pub note: String,
}

/// Texts that mean “none”.
const DASHES: &[&str] = &["无", "-", "—", "——", "－", "/", "／", "–", "不适用"];

/// Units people write after counts and amounts.
const COUNT_UNITS: &[&str] = &["件", "个", "项", "次", "条", "宗", "人次"];

impl Value {
    /// A blank cell.
    pub fn blank() -> Value {
        Value {
            raw: String::new(),
            state: State::Blank,
            number: None,
            note: "未填写，按0计".to_string(),
        }
    }

    /// A cell holding a spreadsheet error such as `#REF!`.
    pub fn error(raw: &str) -> Value {
        let cause = match raw.trim().to_uppercase().as_str() {
            "#REF!" => "公式引用了被删除的单元格",
            "#DIV/0!" => "公式中除数为0",
            "#VALUE!" => "公式中有文字参与计算",
            "#NAME?" => "公式中有无法识别的函数名或名称",
            "#N/A" => "公式查找不到数据",
            "#NUM!" => "公式的计算结果无效",
            "#NULL!" => "公式中的区域写法有误",
            _ => "公式出错",
        };
        Value {
            raw: raw.to_string(),
            state: State::Error,
            number: None,
            note: format!("单元格显示错误值 {raw}（{cause}）"),
        }
    }

    /// A numeric cell, checked against the kind (no negative counts, no fractional counts).
    ///
    /// ```
    /// use xxgk::{format::Kind, value::Value};
    /// assert_eq!(Value::from_number(12.0, Kind::Count).number.unwrap(), 12.into());
    /// assert!(Value::from_number(1.5, Kind::Count).is_invalid());
    /// ```
    pub fn from_number(n: f64, kind: Kind) -> Value {
        let raw = format_number(n);
        match Decimal::from_str(&raw).or_else(|_| Decimal::from_str_exact(&n.to_string())) {
            Ok(d) => checked(raw, d, kind, State::Number, String::new()),
            Err(_) => invalid(raw, "数字超出范围".to_string()),
        }
    }

    /// A text cell: numeric text is accepted with a note; anything else is invalid.
    /// `unit` is the column's unit (万元 or 元) for amounts.
    pub fn from_text(text: &str, kind: Kind, unit: Option<&str>) -> Value {
        let raw = text.to_string();
        let trimmed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if trimmed.is_empty() {
            return Value {
                raw,
                ..Value::blank()
            };
        }
        if DASHES.contains(&trimmed.as_str()) {
            return Value {
                raw,
                state: State::Dash,
                number: Some(Decimal::ZERO),
                note: format!("填写的是“{trimmed}”，按0计"),
            };
        }
        if trimmed.starts_with('#') {
            // The error as read, but the text as written (spaces and all).
            return Value {
                raw,
                ..Value::error(&trimmed)
            };
        }
        let ascii = to_ascii_digits(&trimmed);
        let (number_text, suffix) = split_unit(&ascii);
        // “1 234” or “0 0”: digits on both sides of a space could be one number or two.
        let digit_parts = text
            .split_whitespace()
            .filter(|p| {
                p.chars()
                    .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
            })
            .count();
        if digit_parts > 1 {
            return invalid(
                raw,
                format!("“{}”中间有空格，无法确定是哪个数字", text.trim()),
            );
        }
        let mut assumed: Vec<String> = Vec::new();
        if ascii != trimmed {
            assumed.push("全角字符按半角读".to_string());
        }
        if text.trim() != text {
            assumed.push("去掉了前后空格".to_string());
        }
        let without_commas = number_text.replace(',', "");
        if without_commas != number_text {
            if !thousands_grouped(number_text) {
                return invalid(
                    raw,
                    format!(
                        "“{}”中的逗号不是千位分隔符，无法确定是哪个数字",
                        text.trim()
                    ),
                );
            }
            assumed.push("去掉了千位分隔符".to_string());
        }
        let Ok(d) = Decimal::from_str(&without_commas) else {
            return invalid(raw, format!("“{}”不是数字", text.trim()));
        };
        let mut d = d;
        if !suffix.is_empty() {
            match unit_note(suffix, kind, unit) {
                Ok((factor, note)) => {
                    // 万元 × 10000 can pass Decimal's range (“79228162514264337593543950335万元”).
                    let Some(converted) = d.checked_mul(factor) else {
                        return invalid(raw, TOO_LARGE.to_string());
                    };
                    d = converted;
                    assumed.push(note);
                }
                Err(message) => return invalid(raw, message),
            }
        }
        let how = if assumed.is_empty() {
            "单元格是文本格式".to_string()
        } else {
            assumed.join("，")
        };
        let note = format!(
            "填写的是文字“{}”，按数字 {} 读取（{how}）",
            text.trim(),
            d.normalize()
        );
        checked(raw, d, kind, State::Lenient, note)
    }

    /// Whether the value cannot be used (invalid text, negative count, error value).
    pub fn is_invalid(&self) -> bool {
        matches!(self.state, State::Invalid | State::Error)
    }

    /// The number to use in sums: blank, dash, invalid and error count as 0.
    pub fn sum_value(&self) -> Decimal {
        self.number.unwrap_or_default()
    }
}

/// Reads a four-digit year the way people write it: `2025`, `２０２５`, `2025年`, `2025年度`.
///
/// ```
/// use xxgk::value::parse_year;
/// assert_eq!(parse_year(" ２０２５年 "), Some(2025));
/// assert_eq!(parse_year("25"), None);
/// ```
pub fn parse_year(text: &str) -> Option<u16> {
    let digits: String = to_ascii_digits(
        text.trim()
            .trim_end_matches("年度")
            .trim_end_matches('年')
            .trim(),
    );
    (digits.len() == 4 && digits.chars().all(|c| c.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

/// Whether the commas in `1,234,567.5` separate groups of three digits.
fn thousands_grouped(text: &str) -> bool {
    let int = text
        .split('.')
        .next()
        .unwrap_or("")
        .trim_start_matches(['-', '+']);
    let mut groups = int.split(',');
    let first = groups.next().unwrap_or("");
    (1..=3).contains(&first.len()) && groups.all(|g| g.len() == 3)
}

/// Counts and amounts this large are typing mistakes, not statistics.
const IMPLAUSIBLE: i64 = 10_000_000_000;
const TOO_LARGE: &str = "数字过大（超过100亿），请核对是否多打了数字";

/// Applies the kind's constraints to a parsed number.
fn checked(raw: String, d: Decimal, kind: Kind, state: State, note: String) -> Value {
    let problem = match kind {
        _ if d.abs() >= Decimal::from(IMPLAUSIBLE) => Some(TOO_LARGE),
        Kind::Count if d.is_sign_negative() && !d.is_zero() => Some("件数不能为负数"),
        Kind::Count | Kind::Signed if d.fract() != Decimal::ZERO => {
            Some("这里只能填整数，不能有小数")
        }
        Kind::Amount if d.is_sign_negative() && !d.is_zero() => Some("金额不能为负数"),
        _ => None,
    };
    match problem {
        Some(p) => invalid(raw, p.to_string()),
        None => Value {
            raw,
            state,
            number: Some(d.normalize()),
            note,
        },
    }
}

fn invalid(raw: String, note: String) -> Value {
    Value {
        raw,
        state: State::Invalid,
        number: None,
        note,
    }
}

/// What a unit written after a number means for this cell: the factor to apply and a note,
/// or why it cannot be read. 元 in a 万元 cell is converted (÷ 10000) and reported.
fn unit_note(suffix: &str, kind: Kind, unit: Option<&str>) -> Result<(Decimal, String), String> {
    match (kind, unit) {
        (Kind::Amount, Some(expected)) if suffix == expected => {
            Ok((Decimal::ONE, format!("去掉了单位“{suffix}”")))
        }
        (Kind::Amount, Some("万元")) if suffix == "元" => Ok((
            Decimal::new(1, 4),
            "这一格的单位是万元，填写的却是“元”，已按 元 ÷ 10000 换算成万元；如不对请改填万元数"
                .to_string(),
        )),
        (Kind::Amount, Some("元")) if suffix == "万元" => Ok((
            Decimal::from(10_000),
            "这一格的单位是元，填写的却是“万元”，已按 万元 × 10000 换算成元；如不对请改填元数"
                .to_string(),
        )),
        (Kind::Count | Kind::Signed, _) if COUNT_UNITS.contains(&suffix) => {
            Ok((Decimal::ONE, format!("去掉了单位“{suffix}”")))
        }
        _ => Err(format!("数字后面的“{suffix}”无法识别，请只填写数字")),
    }
}

/// Full-width digits, signs and separators to ASCII (`１２．５` → `12.5`).
///
/// ```
/// assert_eq!(xxgk::value::ascii_digits("－１２．５"), "-12.5");
/// ```
pub fn ascii_digits(s: &str) -> String {
    to_ascii_digits(s)
}

fn to_ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            '，' => ',',
            '－' | '−' => '-',
            '＋' => '+',
            c => c,
        })
        .collect()
}

/// Splits `12件` into `12` and `件`; `315424.75元` into the number and `元`.
fn split_unit(s: &str) -> (&str, &str) {
    let end = s
        .char_indices()
        .find(|(i, c)| !(c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+') && *i < s.len()))
        .map_or(s.len(), |(i, _)| i);
    (&s[..end], &s[end..])
}

/// A float as the shortest text that reads back the same (`12`, not `12.0`).
fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(v: &Value) -> String {
        v.number.map(|d| d.to_string()).unwrap_or_default()
    }

    #[test]
    fn numbers_and_numeric_text() {
        assert_eq!(n(&Value::from_number(12.0, Kind::Count)), "12");
        assert_eq!(Value::from_number(12.0, Kind::Count).state, State::Number);
        for text in [" 12 ", "１２", "12件", "12 件"] {
            let v = Value::from_text(text, Kind::Count, None);
            assert_eq!(
                (v.state, n(&v)),
                (State::Lenient, "12".to_string()),
                "{text}"
            );
        }
        let v = Value::from_text("1,234", Kind::Count, None);
        assert_eq!(n(&v), "1234");
        assert!(v.note.contains("千位分隔符"), "{}", v.note);
        let v = Value::from_text("315424.75元", Kind::Amount, Some("元"));
        assert_eq!(n(&v), "315424.75");
    }

    #[test]
    fn dashes_blank_and_errors() {
        for text in ["无", "-", "—", "/"] {
            let v = Value::from_text(text, Kind::Count, None);
            assert_eq!((v.state, n(&v)), (State::Dash, "0".to_string()), "{text}");
        }
        assert_eq!(
            Value::from_text("  ", Kind::Count, None).state,
            State::Blank
        );
        assert_eq!(
            Value::from_text("#REF!", Kind::Count, None).state,
            State::Error
        );
    }

    #[test]
    fn ambiguous_text_is_refused() {
        for text in ["1,2", "1,56", "0 0", "1 234"] {
            assert!(
                Value::from_text(text, Kind::Count, None).is_invalid(),
                "{text}"
            );
        }
        assert_eq!(
            n(&Value::from_text("1,234,567", Kind::Count, None)),
            "1234567"
        );
        assert!(Value::from_number(1e20, Kind::Count).is_invalid());
        assert!(Value::from_number(1e20, Kind::Amount).is_invalid());
    }

    #[test]
    fn refusals() {
        assert!(Value::from_number(-1.0, Kind::Count).is_invalid());
        assert!(Value::from_number(2.5, Kind::Count).is_invalid());
        assert!(!Value::from_number(-18.0, Kind::Signed).is_invalid());
        assert!(!Value::from_number(2.5, Kind::Amount).is_invalid());
        assert!(Value::from_text("见附件", Kind::Count, None).is_invalid());
        assert!(Value::from_text("12万", Kind::Count, None).is_invalid());
        let v = Value::from_text("7730元", Kind::Amount, Some("万元"));
        assert_eq!((v.state, n(&v)), (State::Lenient, "0.773".to_string()));
        assert!(v.note.contains("单位是万元"), "{}", v.note);
    }

    #[test]
    fn a_unit_conversion_past_the_decimal_range_is_refused() {
        // Found by tests/properties.rs: 万元 × 10000 overflowed Decimal and panicked.
        let v = Value::from_text(
            "79228162514264337593543950335万元",
            Kind::Amount,
            Some("元"),
        );
        assert!(v.is_invalid());
        assert!(v.note.contains("数字过大"), "{}", v.note);
    }
}
