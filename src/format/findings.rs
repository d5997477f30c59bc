//! Findings: what a check says about a filing, in Chinese, with the place it concerns.
//!
//! Besides the rules of the format (G1–G4, X1–X3, W1), the reader and checker report with
//! these fixed ids, which appear in messages, JSON and the 情况说明 sheet:
//!
//! | id | severity | meaning |
//! |---|---|---|
//! | F1 | 错误 | the file cannot be read |
//! | L1 | 错误 | a table label cannot be found |
//! | L2 | 警告 | a label differs from the official text (typo, variant) |
//! | L3 | 警告 | a table is not where the template puts it (rows inserted, table moved) |
//! | L4 | 警告 | 表三（六） has a different number of rows than this format |
//! | L5 | 错误 | a table is in the workbook twice (only the first copy is read) |
//! | V1 | 警告 | a blank cell, counted as 0 |
//! | V2 | 警告 | numeric text (`12件`, `１２`), read as a number |
//! | V3 | 警告 | `无`, `-`, `—`, `/`, read as 0 |
//! | V4 | 错误 | a value this cell cannot hold (text, negative count, fraction) |
//! | V5 | 错误 | a spreadsheet error value (`#REF!`) |
//! | V6 | 错误 | numeric text that the workbook's own SUM formulas over it skip (the sheet shows another total) |
//! | C1 | 错误 | 填报单位 missing |
//! | C2 | 错误 | 报告年度 missing or implausible |
//! | C3 | 警告 | the format version does not match the report year |
//! | C4 | 警告 | the prior report (`--prior`) is another unit's or not last year's |
//! | C5 | 错误 | two covers or identification records that disagree |
//! | M1 | 错误 | one unit sent several files, by name or by one roster unit's 单位代码 (a 警告 with `--keep-latest`) |
//! | M2 | 警告 | a file matched to the roster by 单位代码 under another name, or by name under another code |
//! | M3 | 警告 | a file off the roster whose name is like a missing roster unit's (suggested, not merged) |
//! | M4 | 警告 | a unit in last year's consolidation (`merge --prior`) sent nothing this year |
//! | E1 | 警告 | a 情况说明 row explains no warning (or tries to explain an error) |
//! | N1 | 警告 | a number stated in an imported report's text differs from its tables |

use crate::format::rules::Severity;

/// The checks made by the reader, checker and merger themselves, besides the format's rules:
/// id, severity and short Chinese name.
pub const CHECKS: &[(&str, Severity, &str)] = &[
    ("F1", Severity::Error, "文件无法读取"),
    ("L1", Severity::Error, "找不到标签"),
    ("L2", Severity::Warning, "标签与官方文字不一致"),
    ("L3", Severity::Warning, "表格不在模板的位置"),
    ("L4", Severity::Warning, "（六）其他处理的行数不同"),
    ("L5", Severity::Error, "同一张表有两份"),
    ("V1", Severity::Warning, "未填写"),
    ("V2", Severity::Warning, "文本格式的数字"),
    ("V3", Severity::Warning, "填写“无”或横线"),
    ("V4", Severity::Error, "无效的值"),
    ("V5", Severity::Error, "错误值"),
    ("V6", Severity::Error, "表格公式不计入的文本数字"),
    ("C1", Severity::Error, "填报单位"),
    ("C2", Severity::Error, "报告年度"),
    ("C3", Severity::Warning, "格式与年度不符"),
    ("C4", Severity::Warning, "上年报告不对应"),
    ("C5", Severity::Error, "封面或标识有两份且不一致"),
    ("M1", Severity::Error, "同一单位有多份表格"),
    ("M2", Severity::Warning, "单位代码与名称对不上"),
    ("M3", Severity::Warning, "名单外的单位可能是名单中的单位"),
    ("M4", Severity::Warning, "上年报送、本年未报送"),
    ("E1", Severity::Warning, "情况说明没有对应的警告"),
    ("N1", Severity::Warning, "正文数字与表格不一致"),
];

/// The short name of a check or rule id, looking in the format's rules too.
///
/// ```
/// let f = xxgk::format::Format::for_year(2025);
/// assert_eq!(xxgk::findings::check_name("G1", f), "表三按列平衡");
/// assert_eq!(xxgk::findings::check_name("V1", f), "未填写");
/// ```
pub fn check_name(id: &str, format: &crate::format::Format) -> String {
    format
        .rules
        .iter()
        .find(|r| r.id == id)
        .map(|r| r.name.clone())
        .or_else(|| CHECKS.iter().find(|c| c.0 == id).map(|c| c.2.to_string()))
        .unwrap_or_default()
}

/// One problem found in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    /// Rule or check id: `G1`, `V4`, `L1` …
    pub rule: String,
    /// Sheet name, or empty when the finding is about the whole file.
    pub sheet: String,
    /// A1 cell, or empty.
    pub cell: String,
    /// Data cell code, or empty.
    pub code: String,
    /// Row and column labels of the cell, for people.
    pub row_label: String,
    pub column_label: String,
    /// The full message, in Chinese.
    pub message: String,
    /// What the cell should hold, and what it holds (as text).
    pub expected: String,
    pub actual: String,
    /// The arithmetic behind a rule finding, e.g. `一+二 = 30+2 = 32，…，相差 2`.
    pub arithmetic: String,
    /// One-line advice on how to fix it.
    pub hint: String,
    /// The unit's explanation from 情况说明, when a warning has one.
    pub explanation: Option<String>,
}

impl Finding {
    /// A finding with just a severity, id and message; the rest is filled in by the caller.
    ///
    /// ```
    /// use xxgk::findings::Finding;
    /// use xxgk::rules::Severity;
    /// let f = Finding::new(Severity::Error, "F1", "文件为空");
    /// assert!(f.is_open_error());
    /// ```
    pub fn new(severity: Severity, rule: &str, message: impl Into<String>) -> Finding {
        Finding {
            severity,
            rule: rule.to_string(),
            sheet: String::new(),
            cell: String::new(),
            code: String::new(),
            row_label: String::new(),
            column_label: String::new(),
            message: message.into(),
            expected: String::new(),
            actual: String::new(),
            arithmetic: String::new(),
            hint: String::new(),
            explanation: None,
        }
    }

    /// Sets the place: sheet and cell from a reference such as `表三!D7`.
    pub fn at(mut self, place: &str) -> Finding {
        match place.rsplit_once('!') {
            Some((sheet, cell)) => {
                self.sheet = sheet.to_string();
                self.cell = cell.to_string();
            }
            None => self.sheet = place.to_string(),
        }
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Finding {
        self.hint = hint.into();
        self
    }

    /// `表三!D7`, or the sheet alone, or empty.
    pub fn place(&self) -> String {
        match (self.sheet.is_empty(), self.cell.is_empty()) {
            (false, false) => format!("{}!{}", self.sheet, self.cell),
            (false, true) => self.sheet.clone(),
            _ => String::new(),
        }
    }

    /// An error; errors cannot be explained away.
    pub fn is_open_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// A warning without an explanation from the unit.
    pub fn is_open_warning(&self) -> bool {
        self.severity == Severity::Warning && self.explanation.is_none()
    }
}
