//! Last year, per unit: the 历史审核 of 直报 systems. Last year's consolidated workbook holds
//! every unit's numbers in 分单位明细, so each unit's report is checked against its own row
//! there by the format's cross-year rules (X1–X3), run by the rule engine exactly as
//! `check --prior` runs them on a unit's own report. Units are matched by 单位代码 first, then
//! by name ([`crate::filing::names`]); a unit only alike in name is not compared.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::filing::names::same_code;
use crate::filing::{DetailRow, Filing};
use crate::format::findings::Finding;
use crate::format::labels::normalize;
use crate::format::rules::Severity;
use crate::merge::{Consolidation, Member};

/// Whether a workbook is a consolidation (written by `xxgk merge`), not one unit's report.
pub fn is_consolidation(prior: &Filing) -> bool {
    prior.members.is_some()
}

/// Last year's report, with its 分单位明细 rows indexed by 单位代码 and by name, so that ten
/// thousand units each find their row in constant time.
#[derive(Debug)]
pub struct LastYearRows<'p> {
    pub prior: &'p Filing,
    by_code: HashMap<String, usize>,
    by_name: HashMap<String, Vec<usize>>,
}

impl<'p> LastYearRows<'p> {
    /// Indexes the rows of `prior` (none when it is one unit's report).
    pub fn new(prior: &'p Filing) -> LastYearRows<'p> {
        let mut by_code = HashMap::new();
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, d) in prior.details.iter().enumerate() {
            let code = normalize(&d.code);
            if !code.is_empty() {
                by_code.entry(code).or_insert(i);
            }
            by_name.entry(normalize(&d.unit)).or_default().push(i);
        }
        LastYearRows {
            prior,
            by_code,
            by_name,
        }
    }

    /// The row for a unit: the one with its 单位代码, else the one with its name when only
    /// one row has it (units of two districts may share a name).
    ///
    /// ```
    /// use xxgk::filing::{DetailRow, Filing};
    /// let format = xxgk::format::Format::for_year(2024);
    /// let row = |unit: &str, code: &str| DetailRow {
    ///     source: unit.into(), unit: unit.into(), code: code.into(),
    ///     has_errors: false, values: vec![].into(),
    /// };
    /// let prior = Filing {
    ///     details: vec![row("前进街道办事处", "210104001"), row("大东街道", "")],
    ///     members: Some(2),
    ///     ..Filing::of_numbers(format, "大东区", "", Some(2024), &[])
    /// };
    /// let rows = xxgk::prior::LastYearRows::new(&prior);
    /// assert_eq!(rows.find("前进街道", "210104001").unwrap().unit, "前进街道办事处");
    /// assert!(rows.find("大东街道", "210104002").is_some());
    /// assert!(rows.find("小北街道", "").is_none());
    /// ```
    pub fn find(&self, unit: &str, code: &str) -> Option<&'p DetailRow> {
        let details = &self.prior.details;
        if let Some(&i) = self.by_code.get(&normalize(code)) {
            return Some(&details[i]);
        }
        match self.by_name.get(&normalize(unit)).map(Vec::as_slice) {
            Some([i]) if !unit.trim().is_empty() => Some(&details[*i]),
            _ => None,
        }
    }

    /// Last year's report for `filing` (`check --prior`): its own row of last year's
    /// consolidation, or the prior itself when that is a unit's report. A consolidation
    /// without the unit is returned as it is, so the check says plainly that it holds no
    /// numbers of this unit and runs no cross-year rule.
    pub fn for_check(&self, filing: &Filing) -> Cow<'p, Filing> {
        // A consolidation checked against last year's compares its totals.
        if !is_consolidation(self.prior) || filing.members.is_some() {
            return Cow::Borrowed(self.prior);
        }
        match self.find(&filing.unit, &filing.unit_code) {
            Some(row) => Cow::Owned(row_filing(self.prior, row, filing)),
            None => Cow::Borrowed(self.prior),
        }
    }

    /// Last year's report for `filing` in `merge --prior`: the unit's row, when it is there
    /// and the filing is of the year after; nothing otherwise (a new unit, or a file of
    /// another year, which the merge leaves out anyway).
    pub fn for_merge(&self, filing: &Filing) -> Option<Cow<'p, Filing>> {
        let next = self.prior.year.map(|y| y.saturating_add(1));
        if filing.year != next || filing.members.is_some() {
            return None;
        }
        let row = self.find(&filing.unit, &filing.unit_code)?;
        Some(Cow::Owned(row_filing(self.prior, row, filing)))
    }
}

/// One row of 分单位明细 as that unit's report of last year. A row matched by 单位代码 under
/// another name is the same unit: it takes the name of this year's filing.
fn row_filing(prior: &Filing, row: &DetailRow, filing: &Filing) -> Filing {
    let unit = if same_code(&row.code, &filing.unit_code) {
        &filing.unit
    } else {
        &row.unit
    };
    Filing::of_numbers(prior.format, unit, &row.code, prior.year, &row.values)
}

/// An M4 warning for each unit of last year's consolidation that sent nothing this year,
/// matched by 单位代码, then name, against the units read (and the units inside consolidated
/// inputs).
pub fn missing_this_year(prior: &Filing, members: &[Member], year: u16) -> Vec<Finding> {
    gone(prior, members, year)
        .into_iter()
        .map(|d| {
            let code = if d.code.is_empty() {
                String::new()
            } else {
                format!("（单位代码 {}）", d.code)
            };
            Finding::new(
                Severity::Warning,
                "M4",
                format!(
                    "“{}”{code}报送了{}年度的表格（见上年汇总表的分单位明细），本年没有收到它的表格",
                    d.unit,
                    prior.year.map_or("上一".to_string(), |y| y.to_string()),
                ),
            )
            .hint("请确认这个单位是否已撤并或更名；如仍应报送，请督促报送后重新汇总。")
        })
        .collect()
}

/// The rows of last year's 分单位明细 whose unit sent nothing for `year`.
pub fn gone<'p>(prior: &'p Filing, members: &[Member], year: u16) -> Vec<&'p DetailRow> {
    let mut names = HashSet::new();
    let mut codes = HashSet::new();
    for f in members.iter().filter_map(Member::filing) {
        if f.year != Some(year) {
            continue;
        }
        names.insert(normalize(&f.unit));
        codes.insert(normalize(&f.unit_code));
        for d in &f.details {
            names.insert(normalize(&d.unit));
            codes.insert(normalize(&d.code));
        }
    }
    codes.remove("");
    prior
        .details
        .iter()
        .filter(|d| !codes.contains(&normalize(&d.code)) && !names.contains(&normalize(&d.unit)))
        .collect()
}

/// How the units of a consolidation compare with last year's, for the report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LastYear {
    /// Last year's consolidation: its year and path.
    pub year: Option<u16>,
    pub path: String,
    /// Ids of the cross-year rules run.
    pub rules: Vec<String>,
    /// Units summed this year that have a row in last year's 分单位明细.
    pub compared: usize,
    /// Units failing a cross-year rule, with how many findings.
    pub failing: Vec<(String, usize)>,
    /// Units summed this year with no row last year.
    pub new: Vec<String>,
    /// Units of last year that sent nothing this year.
    pub gone: Vec<String>,
}

/// Compares every unit summed in `c` with its own row of last year's consolidation. Units
/// read directly were checked against it when their files were read
/// ([`LastYearRows::for_merge`]); the
/// units inside consolidated inputs are known by their numbers, and are checked here by
/// the cross-year rules alone, their findings going to the input that carries them. Units of
/// last year missing this year get an M4 warning.
pub fn against_last_year(c: &mut Consolidation, prior: &Filing, path: &Path) -> LastYear {
    let mut out = LastYear {
        year: prior.year,
        path: path.display().to_string(),
        rules: c
            .format
            .rules
            .iter()
            .filter(|r| r.is_cross_year())
            .map(|r| r.id.clone())
            .collect(),
        ..LastYear::default()
    };
    let (format, year) = (c.format, c.year);
    let rows = LastYearRows::new(prior);
    for m in c.members.iter_mut().filter(|m| m.included()) {
        let Some(filing) = m.filing() else { continue };
        if filing.details.is_empty() {
            let found = rows.find(&m.unit(), m.code()).is_some();
            let failing = m
                .report
                .findings
                .iter()
                .filter(|f| out.rules.contains(&f.rule))
                .filter(|f| f.is_open_error() || f.is_open_warning())
                .count();
            out.tally(m.unit(), found, failing);
            continue;
        }
        let mut findings = Vec::new();
        for d in &filing.details {
            let Some(row) = rows.find(&d.unit, &d.code) else {
                out.tally(d.unit.clone(), false, 0);
                continue;
            };
            let now = Filing::of_numbers(format, &d.unit, &d.code, Some(year), &d.values);
            let last = Filing::of_numbers(prior.format, &d.unit, &d.code, prior.year, &row.values);
            let found: Vec<Finding> = crate::check::check_cross_year(&now, &last)
                .into_iter()
                .map(|mut f| {
                    f.message = format!("分单位明细中的“{}”：{}", d.source, f.message);
                    f.hint = format!("{}{}", f.hint, source_note(path));
                    f
                })
                .collect();
            out.tally(d.unit.clone(), true, found.len());
            findings.extend(found);
        }
        m.report.findings.extend(findings);
    }
    out.gone = gone(prior, &c.members, year)
        .iter()
        .map(|d| d.unit.clone())
        .collect();
    for miss in &mut c.missing {
        if out
            .gone
            .iter()
            .any(|g| crate::filing::names::same_name(g, &miss.unit))
        {
            miss.notes.push("上年报送了".to_string());
        }
    }
    c.findings
        .extend(missing_this_year(prior, &c.members, year));
    out
}

impl LastYear {
    /// Units of last year that sent nothing and are not on the roster's 未报送 list: they
    /// get their own line in 报送情况.
    pub fn gone_off_roster<'a>(&'a self, c: &'a Consolidation) -> impl Iterator<Item = &'a str> {
        self.gone
            .iter()
            .filter(|g| {
                !c.missing
                    .iter()
                    .any(|m| crate::filing::names::same_name(&m.unit, g))
            })
            .map(String::as_str)
    }

    fn tally(&mut self, unit: String, found: bool, failing: usize) {
        if !found {
            self.new.push(unit);
            return;
        }
        self.compared += 1;
        if failing > 0 {
            self.failing.push((unit, failing));
        }
    }
}

/// Where a unit's last-year numbers came from, appended to a cross-year finding's hint.
///
/// ```
/// let note = xxgk::prior::source_note("2024/汇总.xlsx".as_ref());
/// assert_eq!(note, "（上年数字取自上年汇总表 2024/汇总.xlsx 的分单位明细中本单位的一行。）");
/// ```
pub fn source_note(path: &Path) -> String {
    format!(
        "（上年数字取自上年汇总表 {} 的分单位明细中本单位的一行。）",
        path.display()
    )
}
