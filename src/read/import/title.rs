//! The unit and year from a report's title, as web pages and PDFs lay it out.
//!
//! A title is “<unit><year>年（度）政府信息公开工作年度报告”. `pdftotext -layout` centres it
//! and often breaks it over two lines with spaces inside (“洪泽区人民政府” / “2023 年政府信息
//! 公开工作年度报告”); a web page may put “标题：” before it; an office may publish it “关于” the
//! body that reports (“XX区人民政府办公室关于XX区2023年…”), and then the unit is that body. So
//! the first non-empty lines are read without their spaces, alone and then joined two or three
//! at a time, and the text before “政府信息公开” gives the year and the unit.

/// How many non-empty lines at the top of a report may hold its title.
const TOP_LINES: usize = 15;
/// How many consecutive lines one title may be broken over.
const MAX_SPLIT: usize = 3;
/// A line longer than this (without spaces) is a paragraph, not (part of) a title.
const TITLE_LINE_CHARS: usize = 60;
/// What follows “政府信息公开” in a title (rather than in a sentence about the 条例).
const TITLE_ENDS: &[&str] = &["工作年度报告", "年度报告", "工作年报"];
/// The words every title has.
const MARK: &str = "政府信息公开";

/// What the title of a report says, and where it was looked for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Title {
    pub unit: Option<String>,
    pub year: Option<u16>,
    /// The lines read as the title (1-based number, text as written); when no title was found,
    /// every line looked at.
    pub lines: Vec<(usize, String)>,
    /// Whether a line naming a 政府信息公开 annual report was found at all.
    pub found: bool,
}

impl Title {
    /// “第7–8行（洪泽区人民政府 / 2023 年政府信息公开工作年度报告）”, for messages.
    pub fn where_looked(&self) -> String {
        let (Some(first), Some(last)) = (self.lines.first(), self.lines.last()) else {
            return "报告开头没有文字".to_string();
        };
        let span = if first.0 == last.0 {
            format!("第{}行", first.0)
        } else {
            format!("第{}–{}行", first.0, last.0)
        };
        if !self.found {
            return format!("报告开头{span}中没有“××区2023年政府信息公开工作年度报告”样式的标题");
        }
        let text: Vec<&str> = self.lines.iter().map(|(_, t)| t.as_str()).collect();
        format!("标题在{span}：“{}”", text.join(" / "))
    }
}

/// The unit and year from a title such as “大东区前进街道2020年度政府信息公开工作年度报告”.
///
/// ```
/// use xxgk::import::text::title;
/// assert_eq!(title("标题：淮安市人民政府2024年政府信息公开工作年度报告"), Some(("淮安市人民政府".to_string(), 2024)));
/// assert_eq!(
///     title("                洪泽区人民政府\n      2023 年政府信息公开工作年度报告\n"),
///     Some(("洪泽区人民政府".to_string(), 2023))
/// );
/// ```
pub fn title(text: &str) -> Option<(String, u16)> {
    let t = read_title(text);
    Some((t.unit?, t.year?))
}

/// Reads the title: the first window of one to three consecutive non-empty lines near the top
/// that gives both unit and year; else the first that gives either, to say what is missing.
///
/// ```
/// use xxgk::import::title::read_title;
/// let t = read_title("\n  2023 年政府信息公开工作年度报告\n");
/// assert_eq!((t.unit.as_deref(), t.year), (None, Some(2023)));
/// assert_eq!(t.where_looked(), "标题在第2行：“2023 年政府信息公开工作年度报告”");
/// ```
pub fn read_title(text: &str) -> Title {
    let lines: Vec<(usize, String)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .take(TOP_LINES)
        .map(|(i, l)| (i + 1, l.trim().to_string()))
        .collect();
    let mut partial: Option<Title> = None;
    for width in 1..=MAX_SPLIT {
        for window in lines.windows(width) {
            let Some((unit, year)) = read_window(window) else {
                continue;
            };
            let t = Title {
                unit,
                year,
                lines: window.to_vec(),
                found: true,
            };
            if t.unit.is_some() && t.year.is_some() {
                return t;
            }
            partial.get_or_insert(t);
        }
    }
    partial.unwrap_or(Title {
        lines,
        ..Title::default()
    })
}

/// The unit and year that a window of lines gives as a title, if it holds one. The lines must
/// be title-like, and a window of several lines needs each of its lines: the first line
/// starts before “政府信息公开”, and the last line reaches into the title's words.
fn read_window(window: &[(usize, String)]) -> Option<(Option<String>, Option<u16>)> {
    let parts: Vec<String> = window.iter().map(|(_, l)| compact(l)).collect();
    if !parts.iter().all(|p| title_like(p)) {
        return None;
    }
    let joined: String = parts.concat();
    let (at, end) = marker(&joined)?;
    let before_last = joined.len() - parts[parts.len() - 1].len();
    if window.len() > 1 && (at == 0 || end <= before_last) {
        return None;
    }
    let (unit, year) = head(&joined[..at]);
    (unit.is_some() || year.is_some()).then_some((unit, year))
}

/// A line without its spaces and with ASCII digits: “2 0 2 3 年” and “２０２３年” are “2023年”.
fn compact(line: &str) -> String {
    let line: String = line.split_whitespace().collect();
    crate::format::value::ascii_digits(&line)
}

/// Whether a line may be (part of) a title: short, no sentence punctuation, no address.
fn title_like(line: &str) -> bool {
    let line = strip_label(line);
    line.chars().count() <= TITLE_LINE_CHARS
        && !line.contains("http")
        && !line.contains("www")
        && !line.contains(['。', ',', '；', ';', '：', ':'])
}

/// “标题：…” without its label.
fn strip_label(line: &str) -> &str {
    for label in ["标题", "题目", "文章标题", "名称"] {
        if let Some(rest) = line.strip_prefix(label)
            && let Some(rest) = rest.strip_prefix(['：', ':'])
        {
            return rest;
        }
    }
    line
}

/// Where the title's words “政府信息公开（工作）年度报告” start and end; or “政府信息公开”
/// right after a year.
fn marker(text: &str) -> Option<(usize, usize)> {
    let mut any = None;
    for (at, _) in text.match_indices(MARK) {
        let end = at + MARK.len();
        if let Some(e) = TITLE_ENDS.iter().find(|e| text[end..].starts_with(*e)) {
            return Some((at, end + e.len()));
        }
        let before = text[..at].trim_end_matches("年度").trim_end_matches('年');
        if any.is_none() && before.ends_with(|c: char| c.is_ascii_digit()) {
            any = Some((at, end));
        }
    }
    any
}

/// The unit and year from the text before “政府信息公开”: “标题：”, “…关于”, “印发《” are
/// dropped; the year comes right before (“洪泽区2023年”) or first (“2023年度洪泽区”).
fn head(text: &str) -> (Option<String>, Option<u16>) {
    let mut h = strip_label(text);
    for cut in ["：", ":", "《", "关于"] {
        if let Some((_, rest)) = h.rsplit_once(cut) {
            h = rest;
        }
    }
    let h = h.strip_prefix("印发").unwrap_or(h);
    let bare = h.trim_end_matches("年度").trim_end_matches('年');
    let (unit, year) = if let Some((unit, year)) = year_at_end(bare) {
        (unit, Some(year))
    } else if let Some((year, unit)) = year_at_start(h) {
        (unit, Some(year))
    } else {
        (h, None)
    };
    let unit = unit.trim_matches(|c: char| "“”\"'《》（）()【】[]".contains(c));
    ((!unit.is_empty()).then(|| unit.to_string()), year)
}

/// “洪泽区2023” → (“洪泽区”, 2023).
fn year_at_end(text: &str) -> Option<(&str, u16)> {
    let digits = text.len() - text.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    (digits == 4)
        .then(|| plausible(&text[text.len() - 4..]))
        .flatten()
        .map(|y| (&text[..text.len() - 4], y))
}

/// “2023年度洪泽区” → (2023, “洪泽区”).
fn year_at_start(text: &str) -> Option<(u16, &str)> {
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits != 4 {
        return None;
    }
    let rest = &text[4..];
    let unit = rest
        .strip_prefix("年度")
        .or_else(|| rest.strip_prefix('年'))?;
    Some((plausible(&text[..4])?, unit))
}

/// A year a report may be about.
fn plausible(digits: &str) -> Option<u16> {
    digits
        .parse::<u16>()
        .ok()
        .filter(|y| (2000..=2100).contains(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(text: &str) -> (Option<String>, Option<u16>) {
        let t = read_title(text);
        (t.unit, t.year)
    }

    fn some(unit: &str, year: u16) -> (Option<String>, Option<u16>) {
        (Some(unit.to_string()), Some(year))
    }

    #[test]
    fn one_line_titles() {
        for (text, unit, year) in [
            (
                "大东区前进街道2020年度政府信息公开工作年度报告",
                "大东区前进街道",
                2020,
            ),
            (
                "标题：淮安市人民政府2024年政府信息公开工作年度报告",
                "淮安市人民政府",
                2024,
            ),
            (
                "标题:淮安市人民政府2024年政府信息公开工作年度报告",
                "淮安市人民政府",
                2024,
            ),
            (
                "洪泽区人民政府 2023 年政府信息公开工作年度报告",
                "洪泽区人民政府",
                2023,
            ),
            (
                "洪泽区人民政府２０２３年度政府信息公开年度报告",
                "洪泽区人民政府",
                2023,
            ),
            ("2023年度洪泽区政府信息公开工作年度报告", "洪泽区", 2023),
            (
                "洪泽区人民政府办公室关于洪泽区2023年政府信息公开工作年度报告",
                "洪泽区",
                2023,
            ),
            (
                "关于印发《洪泽区2023年政府信息公开工作年度报告》的通知",
                "洪泽区",
                2023,
            ),
            ("“洪泽区2023年政府信息公开工作年度报告”", "洪泽区", 2023),
        ] {
            assert_eq!(both(text), some(unit, year), "{text}");
        }
    }

    #[test]
    fn titles_broken_over_lines() {
        for text in [
            "                洪泽区人民政府\n      2023 年政府信息公开工作年度报告\n\n   本报告…",
            "洪泽区人民政府\n\n2023年\n政府信息公开工作年度报告",
            "洪泽区人民政府2023年政府信\n息公开工作年度报告",
            "http://www.hongze.gov.cn/art/1.html\n\n  洪泽区人民政府\n  2023 年政府信息公开工作年度报告",
        ] {
            assert_eq!(both(text), some("洪泽区人民政府", 2023), "{text}");
        }
    }

    #[test]
    fn a_sentence_or_an_address_is_not_a_title() {
        let text = "http://www.hongze.gov.cn/\n2023 年政府信息公开工作年度报告\n根据《中华人民共和国政府信息公开条例》，现公布2023年报告。";
        let t = read_title(text);
        assert_eq!((t.unit, t.year), (None, Some(2023)));
        assert_eq!(
            t.lines,
            vec![(2, "2023 年政府信息公开工作年度报告".to_string())]
        );
        let t = read_title(
            "我街道按照《关于做好2020年度政府信息公开工作报告编制发布等工作的通知》，完成了编制。\n\n一、总体情况\n",
        );
        assert!(!t.found && t.unit.is_none() && t.year.is_none());
        assert_eq!(t.lines.len(), 2);
        assert!(t.where_looked().contains("第1–3行"), "{}", t.where_looked());
    }

    #[test]
    fn a_title_without_a_year_gives_the_unit() {
        let t = read_title("洪泽区人民政府政府信息公开工作年度报告");
        assert_eq!((t.unit.as_deref(), t.year), (Some("洪泽区人民政府"), None));
    }
}
