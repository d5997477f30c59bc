//! Consolidation: from the checked reports of many units to one set of numbers, with every
//! input file's fate recorded. Nothing is dropped silently: a file is included, or excluded
//! with the reason (unreadable, duplicate, other year or format, errors under `--strict`).
//!
//! A consolidated workbook is itself a Filing; merging consolidations (区 → 市) sums their
//! official tables and carries their 分单位明细 rows along, so each unit's numbers survive to
//! the next level.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use rust_decimal::Decimal;

use crate::check::{FileReport, Status};
use crate::filing::{DetailRow, Filing, Numbers};
use crate::findings::Finding;
use crate::format::Format;
use crate::inputs::Skipped;
use crate::locate::normalize;
use crate::roster::Roster;
use crate::rules::Severity;
use crate::summary::Summary;

/// What the user asked for.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The consolidating unit, e.g. 大东区.
    pub unit: String,
    /// Report year; by default the year most files report.
    pub year: Option<u16>,
    /// Leave out units whose reports have errors.
    pub strict: bool,
    /// For duplicates, keep the most recent file instead of reporting an error.
    pub keep_latest: bool,
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
    /// The consolidated value of every data cell.
    pub totals: BTreeMap<String, Decimal>,
    /// One row per unit summed (or carried from a consolidated input).
    pub details: Vec<DetailRow>,
    /// Findings about the whole consolidation (duplicates, year), not about one file.
    pub findings: Vec<Finding>,
}

/// Why a merge cannot produce anything.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MergeError {
    #[error("没有任何能读取的年度报告表格，无法汇总。")]
    NothingReadable,
    #[error("没有{0}年度的报表，无法汇总。请检查 --year 或收回的文件。")]
    NoneForYear(u16),
    #[error("收到的表格不是同一年度的（{0}），请用 --year 指定汇总哪一年度。")]
    SeveralYears(String),
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
    let format = majority_format(&reports, year).ok_or(MergeError::NoneForYear(year))?;
    let mut members: Vec<Member> = reports
        .into_iter()
        .map(|report| Member {
            fate: Fate::Included,
            roster_line: None,
            report,
        })
        .collect();
    let mut findings = Vec::new();
    for m in &mut members {
        m.fate = first_fate(m, format, year, options);
    }
    resolve_duplicates(&mut members, options, &mut findings);
    resolve_overlaps(&mut members, &mut findings);
    let missing = match roster {
        Some(r) => match_roster(&mut members, r),
        None => Vec::new(),
    };
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
        totals: totals
            .into_iter()
            .map(|(k, v)| (k, v.normalize()))
            .collect(),
        details,
        findings,
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
        return Fate::Excluded("有未改正的错误（按 --strict 不计入汇总）".to_string());
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
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, m) in members.iter().enumerate() {
        if m.included() {
            groups.entry(normalize(&m.unit())).or_default().push(i);
        }
    }
    for indices in groups.values().filter(|v| v.len() > 1) {
        let names: Vec<String> = indices.iter().map(|&i| members[i].shown_path()).collect();
        let unit = members[indices[0]].unit();
        if options.keep_latest {
            let latest = *indices
                .iter()
                .max_by_key(|&&i| {
                    let m = &members[i];
                    (
                        m.filing().and_then(|f| f.filed.clone()),
                        modified(&m.report.path),
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
                    "与 {kept} 重复，按 --keep-latest 保留较新的 {kept}"
                ));
            }
            findings.push(Finding::new(
                Severity::Warning,
                "M1",
                format!(
                    "“{unit}”有 {} 份表格（{}），已保留最新的 {kept}",
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
                        "“{unit}”有 {} 份表格（{}），都未计入汇总",
                        names.len(),
                        names.join("、")
                    ),
                )
                .hint("请删除多余的文件后重新汇总，或加 --keep-latest 保留最新的一份。"),
            );
        }
    }
}

/// When the file was last written, for `--keep-latest`.
fn modified(path: &std::path::Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Marks each member with its roster line and lists roster units without a usable file. A
/// blank form does not count as reported; an unreadable file is linked to its unit by name
/// when the file name contains it.
fn match_roster(members: &mut [Member], roster: &Roster) -> Vec<Missing> {
    // One index of the units read, so matching is linear in the number of files.
    let mut by_unit: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, m) in members.iter().enumerate() {
        if m.filing().is_some() {
            by_unit.entry(normalize(&m.unit())).or_default().push(i);
        }
    }
    let unreadable: Vec<(usize, String)> = members
        .iter()
        .enumerate()
        .filter(|(_, m)| m.filing().is_none())
        .map(|(i, m)| (i, normalize(&m.file_name())))
        .collect();
    let mut missing = Vec::new();
    for unit in &roster.units {
        let key = normalize(&unit.name);
        let mut found = false;
        for &i in by_unit.get(&key).into_iter().flatten() {
            let m = &mut members[i];
            m.roster_line = Some(unit.line);
            found |= m.fate != Fate::Excluded(EMPTY_FORM.to_string());
        }
        for (i, name) in &unreadable {
            if name.contains(&key) {
                members[*i].roster_line = Some(unit.line);
            }
        }
        if !found {
            missing.push(Missing {
                unit: unit.name.clone(),
                line: unit.line,
            });
        }
    }
    missing
}

/// The 明细 rows a filing contributes: its own, or a consolidation's carried rows.
fn detail_rows(filing: &Summary, has_errors: bool) -> Vec<DetailRow> {
    if filing.details.is_empty() {
        return vec![DetailRow {
            source: filing.unit.clone(),
            unit: filing.unit.clone(),
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
        let entries = self
            .format
            .cells()
            .iter()
            .map(|c| {
                let n = self.totals.get(&c.code).copied().unwrap_or_default();
                let value = crate::value::Value {
                    raw: n.to_string(),
                    state: crate::value::State::Number,
                    number: Some(n),
                    note: String::new(),
                };
                let entry = crate::filing::Entry {
                    value,
                    place: None,
                    formula: false,
                    missing: false,
                };
                (c.code.clone(), entry)
            })
            .collect();
        Filing {
            format: self.format,
            unit: self.unit.clone(),
            unit_code: String::new(),
            year: Some(self.year),
            identified: crate::filing::Identified::Record,
            entries,
            explanations: Vec::new(),
            findings: Vec::new(),
            members: Some(self.unit_count()),
            filed: None,
            details: self.details.clone(),
        }
    }

    /// Files that were read as inputs, for refusing to overwrite them.
    pub fn input_paths(&self) -> Vec<PathBuf> {
        self.members.iter().map(|m| m.report.path.clone()).collect()
    }
}
