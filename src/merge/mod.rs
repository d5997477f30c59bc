//! # Stage 4: merge — many checked files to one consolidation
//!
//! Each file's fate and the sums (this module), the roster of units that should report
//! ([`roster`]), and last year's consolidation for the cross-year rules ([`prior`]).
//!
//! **A new reason to leave a file out, or a new comparison across units, goes here.**
//!
//! Depends on [`crate::format`], [`crate::read`], [`crate::filing`] and [`crate::check`].
//!
//! Consolidation: from the checked reports of many units to one set of numbers, with every
//! input file's fate recorded. Nothing is dropped silently: a file is included, or excluded
//! with the reason (unreadable, duplicate, other year or format, errors under `--strict`).
//!
//! A consolidated workbook is itself a Filing; merging consolidations (区 → 市) sums their
//! official tables and carries their 分单位明细 rows along, so each unit's numbers survive to
//! the next level.

pub mod prior;
pub mod roster;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use rust_decimal::Decimal;

use crate::check::summary::Summary;
use crate::check::{FileReport, Status};
use crate::filing::names::{NameIndex, same_code, same_name};
use crate::filing::{DetailRow, Filing, Numbers};
use crate::format::Format;
use crate::format::findings::Finding;
use crate::format::labels::normalize;
use crate::format::remedy::{Plain, Remedies, Setting};
use crate::format::rules::Severity;
use crate::merge::roster::Roster;
use crate::read::source::Skipped;

/// What the user asked for.
#[derive(Debug, Clone)]
pub struct Options {
    /// The consolidating unit, e.g. 大东区.
    pub unit: String,
    /// Report year; by default the year most files report.
    pub year: Option<u16>,
    /// Leave out units whose reports have errors.
    pub strict: bool,
    /// For duplicates, keep the most recent file instead of reporting an error.
    pub keep_latest: bool,
    /// How the front end names its settings in messages ([`crate::format::remedy`]).
    pub remedies: &'static dyn Remedies,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            unit: String::new(),
            year: None,
            strict: false,
            keep_latest: false,
            remedies: &Plain,
        }
    }
}

/// What happened to one input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fate {
    /// Summed into the totals.
    Included,
    /// Not summed, with the reason in Chinese.
    Excluded(String),
}

/// One input file, its report and its fate.
#[derive(Debug, Clone)]
pub struct Member {
    pub report: FileReport<Summary>,
    pub fate: Fate,
    /// The roster line of its unit, when there is a roster and the unit is on it.
    pub roster_line: Option<usize>,
    /// What the coordinator should know about how it was matched to the roster (by 单位代码
    /// under another name, a roster unit it may be), for 报送情况.
    pub notes: Vec<String>,
}

impl Member {
    pub fn filing(&self) -> Option<&Summary> {
        self.report.filing.as_ref()
    }

    pub fn included(&self) -> bool {
        self.fate == Fate::Included
    }

    /// The unit's name, or the file name when the file could not be read.
    pub fn unit(&self) -> String {
        match self.filing() {
            Some(f) if !f.unit.is_empty() => f.unit.clone(),
            _ => self
                .report
                .path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
        }
    }

    /// The unit's 单位代码, or empty.
    pub fn code(&self) -> &str {
        self.filing().map_or("", |f| f.unit_code.as_str())
    }

    /// The path as the user gave it: unambiguous when two folders hold files of one name.
    pub fn shown_path(&self) -> String {
        self.report.path.display().to_string()
    }

    pub fn file_name(&self) -> String {
        self.report
            .path
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// A unit on the roster with no file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub unit: String,
    pub line: usize,
    /// Files that may be this unit's under another name (never counted as it).
    pub notes: Vec<String>,
}

/// The result of a merge.
#[derive(Debug, Clone)]
pub struct Consolidation {
    pub format: &'static Format,
    pub year: u16,
    pub unit: String,
    /// Every input file, in input order.
    pub members: Vec<Member>,
    /// Files passed over without reading (lock files, other file types).
    pub skipped: Vec<Skipped>,
    /// Roster units without a file.
    pub missing: Vec<Missing>,
    /// Whether a roster was given.
    pub has_roster: bool,
    /// How many units the roster lists.
    pub roster_units: usize,
    /// The roster's units, for the 催报名单's 联系人 and 联系电话.
    pub roster: Vec<crate::merge::roster::Unit>,
    /// The consolidated value of every data cell.
    pub totals: BTreeMap<String, Decimal>,
    /// One row per unit summed (or carried from a consolidated input).
    pub details: Vec<DetailRow>,
    /// Findings about the whole consolidation (duplicates, year), not about one file.
    pub findings: Vec<Finding>,
    /// With `--prior`: how each unit compares with its own last year.
    pub last_year: Option<crate::merge::prior::LastYear>,
    /// How the front end names its settings, for the report's advice.
    pub remedies: &'static dyn Remedies,
}

/// Why a merge cannot produce anything.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MergeError {
    #[error("没有任何能读取的年度报告表格，无法汇总。")]
    NothingReadable,
    #[error("{}", self.message(&Plain))]
    NoneForYear(u16),
    #[error("{}", self.message(&Plain))]
    SeveralYears(String),
}

impl MergeError {
    /// The message, naming the year setting as the front end `r` names it.
    ///
    /// ```
    /// let e = xxgk::merge::MergeError::NoneForYear(2025);
    /// assert!(e.message(&xxgk::format::remedy::Plain).contains("“汇总年度”"));
    /// ```
    pub fn message(&self, r: &dyn Remedies) -> String {
        let year = r.name(Setting::Year);
        match self {
            MergeError::NothingReadable => self.to_string(),
            MergeError::NoneForYear(y) => {
                format!("没有{y}年度的报表，无法汇总。请检查 {year} 或收回的文件。")
            }
            MergeError::SeveralYears(years) => {
                format!("收到的表格不是同一年度的（{years}），请用 {year} 指定汇总哪一年度。")
            }
        }
    }
}

/// Decides each file's fate and sums the included ones.
pub fn consolidate(
    reports: Vec<FileReport<Summary>>,
    skipped: Vec<Skipped>,
    roster: Option<&Roster>,
    options: &Options,
) -> Result<Consolidation, MergeError> {
    let year = match options.year {
        Some(y) => y,
        None => only_year(&reports)?,
    };
    if reports.iter().all(|r| r.filing.is_none()) {
        return Err(MergeError::NothingReadable); // not a question of --year
    }
    let format = majority_format(&reports, year).ok_or(MergeError::NoneForYear(year))?;
    let mut members: Vec<Member> = reports
        .into_iter()
        .map(|report| Member {
            fate: Fate::Included,
            roster_line: None,
            notes: Vec::new(),
            report,
        })
        .collect();
    let mut findings = Vec::new();
    for m in &mut members {
        m.fate = first_fate(m, format, year, options);
    }
    // Matched to the roster first: two files for one roster unit (by code or name) are
    // duplicates even under two names.
    let missing = match roster {
        Some(r) => match_roster(&mut members, r),
        None => Vec::new(),
    };
    resolve_duplicates(&mut members, options, &mut findings);
    resolve_overlaps(&mut members, &mut findings);
    let mut sums = vec![Decimal::ZERO; format.cells().len()];
    let mut details = Vec::new();
    for m in members.iter().filter(|m| m.included()) {
        let filing = m.filing().expect("included members were read");
        for (sum, v) in sums.iter_mut().zip(filing.values.iter()) {
            *sum += v;
        }
        details.extend(detail_rows(filing, m.report.errors() > 0));
    }
    let totals: BTreeMap<String, Decimal> = format
        .cells()
        .iter()
        .zip(sums)
        .map(|(c, v)| (c.code.clone(), v))
        .collect();
    Ok(Consolidation {
        format,
        year,
        unit: options.unit.clone(),
        members,
        skipped,
        missing,
        has_roster: roster.is_some(),
        roster_units: roster.map_or(0, |r| r.units.len()),
        roster: roster.map(|r| r.units.clone()).unwrap_or_default(),
        totals: totals
            .into_iter()
            .map(|(k, v)| (k, v.normalize()))
            .collect(),
        details,
        findings,
        last_year: None,
        remedies: options.remedies,
    })
}

/// The fate of a file before duplicates and the roster are considered.
fn first_fate(m: &Member, format: &Format, year: u16, options: &Options) -> Fate {
    let Some(filing) = m.filing() else {
        let reason = m
            .report
            .findings
            .first()
            .map_or(String::new(), |f| f.message.clone());
        return Fate::Excluded(format!("无法读取：{reason}"));
    };
    if filing.year != Some(year) {
        return Fate::Excluded(match filing.year {
            Some(y) => format!("是{y}年度的报表，本次汇总{year}年度"),
            None => "没有填写报告年度".to_string(),
        });
    }
    if filing.format.id != format.id {
        return Fate::Excluded(format!(
            "使用的是{}，本次汇总按{}",
            filing.format.name, format.name
        ));
    }
    if filing.unit.trim().is_empty() {
        return Fate::Excluded("没有填写填报单位，无法确定是哪个单位".to_string());
    }
    if filing.members.is_some() && normalize(&filing.unit) == normalize(&options.unit) {
        return Fate::Excluded(format!(
            "这是{}以前的汇总结果，再计入会重复计算",
            filing.unit
        ));
    }
    if filing.empty_form {
        return Fate::Excluded(EMPTY_FORM.to_string());
    }
    if options.strict && m.report.status() == Status::Errors {
        return Fate::Excluded(format!(
            "有未改正的错误（按 {} 不计入汇总）",
            options.remedies.name(Setting::Strict)
        ));
    }
    Fate::Included
}

/// Why a blank template that came back is not a report.
const EMPTY_FORM: &str = "表格中没有填写任何数字，按未报送处理";

/// A consolidated input that contains units also read directly would count them twice: it is
/// left out, naming them.
fn resolve_overlaps(members: &mut [Member], findings: &mut Vec<Finding>) {
    let direct: Vec<String> = members
        .iter()
        .filter(|m| m.included() && m.filing().is_some_and(|f| f.details.is_empty()))
        .map(|m| normalize(&m.unit()))
        .collect();
    for m in members.iter_mut().filter(|m| m.included()) {
        let Some(filing) = m.filing() else { continue };
        let overlap: Vec<String> = filing
            .details
            .iter()
            .filter(|d| direct.contains(&normalize(&d.unit)))
            .map(|d| d.unit.clone())
            .collect();
        if overlap.is_empty() {
            continue;
        }
        let reason = format!(
            "汇总表中的{}也单独报送了，为避免重复计算未计入",
            overlap.join("、")
        );
        findings.push(
            Finding::new(
                Severity::Error,
                "M1",
                format!("{}（{}）{reason}", filing.unit, m.report.path.display()),
            )
            .hint("请只给出下级单位的表格，或只给出汇总表，不要两者都给。"),
        );
        m.fate = Fate::Excluded(reason);
    }
}

/// Two files for one unit are never both summed: by default neither is (an error naming
/// both); with `--keep-latest` the one with the latest 填报日期, else file time, is kept.
fn resolve_duplicates(members: &mut [Member], options: &Options, findings: &mut Vec<Finding>) {
    for indices in same_units(members).iter().filter(|v| v.len() > 1) {
        let names: Vec<String> = indices.iter().map(|&i| members[i].shown_path()).collect();
        let unit = group_name(members, indices);
        if options.keep_latest {
            let latest = *indices
                .iter()
                .max_by_key(|&&i| {
                    let m = &members[i];
                    (
                        m.filing().and_then(|f| f.filed.clone()),
                        m.report.modified,
                        m.file_name(),
                    )
                })
                .expect("a group has members");
            let kept = match members[latest].filing().and_then(|f| f.filed.clone()) {
                Some(date) => format!("{}（填报日期 {date}）", members[latest].shown_path()),
                None => format!("{}（文件时间最新）", members[latest].shown_path()),
            };
            for &i in indices.iter().filter(|&&i| i != latest) {
                members[i].fate = Fate::Excluded(format!(
                    "与 {kept} 重复，按 {} 保留较新的 {kept}",
                    options.remedies.name(Setting::KeepLatest)
                ));
            }
            findings.push(Finding::new(
                Severity::Warning,
                "M1",
                format!(
                    "{unit}有 {} 份表格（{}），已保留最新的 {kept}",
                    names.len(),
                    names.join("、")
                ),
            ));
        } else {
            for (k, &i) in indices.iter().enumerate() {
                let others: Vec<&str> = names
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != k)
                    .map(|(_, n)| n.as_str())
                    .collect();
                members[i].fate =
                    Fate::Excluded(format!("与 {} 重复，都未计入汇总", others.join("、")));
            }
            findings.push(
                Finding::new(
                    Severity::Error,
                    "M1",
                    format!(
                        "{unit}有 {} 份表格（{}），都未计入汇总",
                        names.len(),
                        names.join("、")
                    ),
                )
                .hint(format!(
                    "请删除多余的文件后重新汇总，或{}。",
                    options.remedies.turn_on(Setting::KeepLatest)
                )),
            );
        }
    }
}

/// The included members in groups of one unit each: the same name, or the same roster unit
/// under different names (matched by 单位代码). Without a roster a 单位代码 alone does not
/// make two files one unit: units type codes on the cover, and a wrong one would leave both
/// out. Groups are in the order of their first member's name.
fn same_units(members: &[Member]) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    let mut by_line: HashMap<usize, usize> = HashMap::new();
    for (i, m) in members.iter().enumerate().filter(|(_, m)| m.included()) {
        let name = normalize(&m.unit());
        let found = by_name
            .get(&name)
            .or_else(|| m.roster_line.and_then(|l| by_line.get(&l)))
            .copied();
        let g = found.unwrap_or_else(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(i);
        by_name.entry(name).or_insert(g);
        if let Some(line) = m.roster_line {
            by_line.entry(line).or_insert(g);
        }
    }
    groups.sort_by_key(|g| normalize(&members[g[0]].unit()));
    groups
}

/// “前进街道”, or “前进街道”“前进街道办事处”（按单位代码都是名单第2行的单位） for one
/// roster unit under several names.
fn group_name(members: &[Member], indices: &[usize]) -> String {
    let mut names: Vec<String> = Vec::new();
    for &i in indices {
        let unit = members[i].unit();
        if !names.iter().any(|n| same_name(n, &unit)) {
            names.push(unit);
        }
    }
    let quoted = format!("“{}”", names.join("”“"));
    match (names.len(), members[indices[0]].roster_line) {
        (1, _) | (_, None) => quoted,
        (_, Some(line)) => format!("{quoted}（按单位代码都是名单第{line}行的单位）"),
    }
}

/// Marks each member with its roster line and lists roster units without a usable file. A
/// unit is matched by 单位代码 first, then by name; a code that names one roster unit and a
/// name that names another, or the same name under another code, is reported (M2). A file
/// whose name is only like a roster unit's (another suffix, one character) is suggested for
/// it (M3) but not counted as it. A blank form does not count as reported; an unreadable
/// file is linked to its unit by name when the file name contains it.
fn match_roster(members: &mut [Member], roster: &Roster) -> Vec<Missing> {
    // One index of the units read, so matching is linear in the number of files.
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_code: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, m) in members.iter().enumerate() {
        if m.filing().is_some() {
            by_name.entry(normalize(&m.unit())).or_default().push(i);
            if !m.code().trim().is_empty() {
                by_code.entry(normalize(m.code())).or_default().push(i);
            }
        }
    }
    let roster_by_name: HashMap<String, &crate::merge::roster::Unit> = roster
        .units
        .iter()
        .map(|u| (normalize(&u.name), u))
        .collect();
    let mut reported = vec![false; roster.units.len()];
    for (k, unit) in roster.units.iter().enumerate() {
        // Only non-empty codes are indexed.
        for &i in by_code.get(&normalize(&unit.code)).into_iter().flatten() {
            let twin = roster_by_name
                .get(&normalize(&members[i].unit()))
                .filter(|u| u.line != unit.line)
                .copied();
            reported[k] |= link(&mut members[i], unit);
            if !same_name(&members[i].unit(), &unit.name) {
                code_under_other_name(&mut members[i], unit, twin);
            }
        }
    }
    for (k, unit) in roster.units.iter().enumerate() {
        for &i in by_name.get(&normalize(&unit.name)).into_iter().flatten() {
            if members[i].roster_line.is_some() {
                continue; // matched by its code
            }
            reported[k] |= link(&mut members[i], unit);
            if !members[i].code().trim().is_empty() && !same_code(members[i].code(), &unit.code) {
                name_under_other_code(&mut members[i], unit);
            }
        }
    }
    let unreadable: Vec<(usize, String)> = members
        .iter()
        .enumerate()
        .filter(|(_, m)| m.filing().is_none())
        .map(|(i, m)| (i, normalize(&m.file_name())))
        .collect();
    for unit in &roster.units {
        let key = normalize(&unit.name);
        for (i, name) in &unreadable {
            if name.contains(&key) {
                members[*i].roster_line = Some(unit.line);
            }
        }
    }
    let mut missing: Vec<Missing> = roster
        .units
        .iter()
        .zip(&reported)
        .filter(|(_, r)| !**r)
        .map(|(unit, _)| Missing {
            unit: unit.name.clone(),
            line: unit.line,
            notes: Vec::new(),
        })
        .collect();
    suggest(members, &mut missing);
    missing
}

/// Links a member to its roster unit; whether it counts as that unit's report.
fn link(m: &mut Member, unit: &crate::merge::roster::Unit) -> bool {
    m.roster_line = Some(unit.line);
    m.fate != Fate::Excluded(EMPTY_FORM.to_string())
}

/// The file's 单位代码 is a roster unit's, under another name: counted as that unit, and said.
fn code_under_other_name(
    m: &mut Member,
    unit: &crate::merge::roster::Unit,
    twin: Option<&crate::merge::roster::Unit>,
) {
    let name = m.unit();
    let mut message = format!(
        "表格的单位代码 {} 是名单第{}行的“{}”，表格中的填报单位写的是“{name}”；已按单位代码计为“{}”报送",
        m.code(),
        unit.line,
        unit.name,
        unit.name
    );
    if let Some(t) = twin {
        message.push_str(&format!(
            "。注意：名单第{}行的“{}”与表格中的单位同名（单位代码 {}）",
            t.line, t.name, t.code
        ));
    }
    m.notes.push(format!(
        "名单第{}行“{}”（按单位代码 {} 对应）",
        unit.line,
        unit.name,
        m.code()
    ));
    m.report.findings.push(
        Finding::new(Severity::Warning, "M2", message)
            .at(crate::format::sheets::COVER)
            .hint("如果单位已更名，请更新名单中的单位名称；否则请核对封面的“填报单位”和“单位代码”，改正写错的一项。"),
    );
}

/// The file names a roster unit under another 单位代码: counted as that unit by name, and said.
fn name_under_other_code(m: &mut Member, unit: &crate::merge::roster::Unit) {
    let roster_code = if unit.code.trim().is_empty() {
        "没有填写".to_string()
    } else {
        format!("是 {}", unit.code)
    };
    let message = format!(
        "填报单位“{}”与名单第{}行相同，但表格的单位代码是 {}，名单中的单位代码{roster_code}；已按名称计为报送",
        m.unit(),
        unit.line,
        m.code()
    );
    m.notes.push(format!(
        "单位代码 {} 与名单第{}行（{}）不同",
        m.code(),
        unit.line,
        if unit.code.is_empty() {
            "空"
        } else {
            &unit.code
        }
    ));
    m.report.findings.push(
        Finding::new(Severity::Warning, "M2", message)
            .at(crate::format::sheets::COVER)
            .hint("请核对封面的“单位代码”和名单中的单位代码，改正写错的一方。"),
    );
}

/// For each file not on the roster and each roster unit without a file whose names are alike,
/// a note on both and an M3 warning on the file. Nothing is merged: two real units can have
/// names this close.
fn suggest(members: &mut [Member], missing: &mut [Missing]) {
    let index = NameIndex::new(missing.iter().map(|m| m.unit.as_str()));
    for m in members
        .iter_mut()
        .filter(|m| m.filing().is_some_and(|f| f.members.is_none()) && m.roster_line.is_none())
    {
        let unit = m.unit();
        for (k, like) in index.alike(&unit) {
            let miss = &mut missing[k];
            m.notes.push(format!(
                "可能是名单第{}行的“{}”（{}），未按同一单位计",
                miss.line,
                miss.unit,
                like.reason()
            ));
            miss.notes.push(format!(
                "可能是 {} 中的“{unit}”（{}），未按同一单位计",
                m.file_name(),
                like.reason()
            ));
            m.report.findings.push(
                Finding::new(
                    Severity::Warning,
                    "M3",
                    format!(
                        "“{unit}”不在名单中，可能是名单第{}行的“{}”（{}）；没有按同一单位计，“{}”仍列为未报送",
                        miss.line,
                        miss.unit,
                        like.reason(),
                        miss.unit
                    ),
                )
                .hint("如是同一单位，请把封面的“填报单位”改为名单中的名称，或在名单和封面填写相同的单位代码，然后重新汇总；如不是同一单位，可不理会。"),
            );
        }
    }
}

/// The 明细 rows a filing contributes: its own, or a consolidation's carried rows.
fn detail_rows(filing: &Summary, has_errors: bool) -> Vec<DetailRow> {
    if filing.details.is_empty() {
        return vec![DetailRow {
            source: filing.unit.clone(),
            unit: filing.unit.clone(),
            code: filing.unit_code.clone(),
            has_errors,
            values: Numbers::clone(&filing.values),
        }];
    }
    filing
        .details
        .iter()
        .map(|d| DetailRow {
            source: format!("{} › {}", filing.unit, d.source),
            ..d.clone()
        })
        .collect()
}

/// The one report year of all readable files; several years need `--year`.
fn only_year(reports: &[FileReport<Summary>]) -> Result<u16, MergeError> {
    let mut counts: BTreeMap<u16, usize> = BTreeMap::new();
    for y in reports.iter().filter_map(|r| r.filing.as_ref()?.year) {
        *counts.entry(y).or_default() += 1;
    }
    match counts.len() {
        0 => Err(MergeError::NothingReadable),
        1 => Ok(*counts.keys().next().expect("one year")),
        _ => Err(MergeError::SeveralYears(
            counts
                .iter()
                .map(|(y, n)| format!("{y}年度{n}份"))
                .collect::<Vec<_>>()
                .join("、"),
        )),
    }
}

/// The format most files of `year` use; the year's official format breaks ties.
fn majority_format(reports: &[FileReport<Summary>], year: u16) -> Option<&'static Format> {
    let mut counts: BTreeMap<&str, (usize, &'static Format)> = BTreeMap::new();
    for f in reports.iter().filter_map(|r| r.filing.as_ref()) {
        if f.year == Some(year) {
            counts.entry(&f.format.id).or_insert((0, f.format)).0 += 1;
        }
    }
    let official = Format::for_year(year);
    counts
        .into_values()
        .max_by_key(|(n, f)| (*n, f.id == official.id))
        .map(|(_, f)| f)
}

impl Consolidation {
    /// Members whose files were read.
    pub fn readable(&self) -> impl Iterator<Item = &Member> {
        self.members.iter().filter(|m| m.filing().is_some())
    }

    /// Included units whose reports still have errors.
    pub fn flawed_included(&self) -> Vec<String> {
        self.members
            .iter()
            .filter(|m| m.included() && m.report.errors() > 0)
            .map(Member::unit)
            .collect()
    }

    /// How many units are summed (counting the units inside consolidated inputs).
    pub fn unit_count(&self) -> usize {
        self.details.len()
    }

    /// The consolidated numbers as a Filing, for checking and writing like any report.
    pub fn filing(&self) -> Filing {
        let numbers: Vec<Decimal> = self
            .format
            .cells()
            .iter()
            .map(|c| self.totals.get(&c.code).copied().unwrap_or_default())
            .collect();
        Filing {
            members: Some(self.unit_count()),
            details: self.details.clone(),
            ..Filing::of_numbers(self.format, &self.unit, "", Some(self.year), &numbers)
        }
    }

    /// Files that were read as inputs, for refusing to overwrite them.
    pub fn input_paths(&self) -> Vec<PathBuf> {
        self.members.iter().map(|m| m.report.path.clone()).collect()
    }
}
