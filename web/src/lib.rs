//! # xxgk in the browser: the engine behind `dist/xxgk.html`
//!
//! The page runs the same engine as the command line: this crate is a thin layer of
//! [`wasm_bindgen`] exports over [`xxgk::tasks`], compiled to WebAssembly. Files arrive as a
//! name and bytes, results leave as bytes and JSON; the page's JavaScript (`web/page/`) does
//! the rest: picking files, a Web Worker, progress, downloads.
//!
//! Two things differ from the command line, both on purpose:
//! - **How a remedy names a setting.** A message that tells the user to change a setting
//!   names the page's field (“有错误的单位不计入汇总”) where the command line names its flag
//!   (`--strict`): [`xxgk::format::remedy::Plain`]. Everything else, every finding and every
//!   byte of every output, is the command line's.
//! - **A panic is a trap.** `wasm32-unknown-unknown` cannot unwind, so a bug that would give
//!   one file an F1 on the command line aborts this instance instead. The page then starts a
//!   fresh instance, reports that file as unreadable and goes on (see `web/page/worker.js`).
//!
//! Long tasks are objects fed one file at a time ([`Checker`], [`Merger`]): the page reads a
//! file, hands it over, and lets it go, so a thousand returns never sit in memory together;
//! only each file's summary is kept, as on the command line.
//!
//! ```
//! let page = xxgk_web::template_unit("前进街道", "2025", "").unwrap();
//! assert_eq!(page.name(), "前进街道_2025.xlsx");
//! ```

use std::time::{Duration, UNIX_EPOCH};

use serde::Serialize;
use wasm_bindgen::prelude::*;
use xxgk::check::summary::Summary;
use xxgk::check::{FileReport, Input, refused_for_size};
use xxgk::filing::Filing;
use xxgk::format::Format;
use xxgk::format::remedy::Plain;
use xxgk::merge::prior::LastYearRows;
use xxgk::merge::roster::Roster;
use xxgk::merge::{Consolidation, Fate, Options};
use xxgk::read::limits::Limits;
use xxgk::read::source::Skipped;
use xxgk::tasks;

/// The page's names for its settings, in every message (see the crate docs).
const PAGE: Plain = Plain;

/// A result to download: its file name, its bytes, and what to tell the user.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Download {
    name: String,
    bytes: Vec<u8>,
    note: String,
}

#[wasm_bindgen]
impl Download {
    /// The file name the command line would write.
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        self.name.clone()
    }

    /// The file's bytes.
    #[wasm_bindgen(getter)]
    pub fn bytes(&self) -> Vec<u8> {
        self.bytes.clone()
    }

    /// What happened, in the command line's words (problems by roster line, findings…).
    #[wasm_bindgen(getter)]
    pub fn note(&self) -> String {
        self.note.clone()
    }
}

/// A Chinese message for JavaScript, which shows it as it is.
fn fail(message: impl std::fmt::Display) -> JsError {
    JsError::new(&message.to_string())
}

/// The year of a field: empty is none; anything else must be a year the formats cover.
fn year_of(text: &str) -> Result<Option<u16>, JsError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match xxgk::format::value::parse_year(text) {
        Some(y) if (2019..=2100).contains(&y) => Ok(Some(y)),
        _ => Err(fail(format!(
            "报告年度“{text}”无法识别，请填写2019至2100之间的四位数字年份，例如 2025。"
        ))),
    }
}

/// The format of a field (`2019`, `2021`, or empty for the one the year uses).
fn format_of(id: &str, year: Option<u16>) -> Result<&'static Format, JsError> {
    match (id.trim(), year) {
        ("", Some(y)) => Ok(Format::for_year(y)),
        ("", None) => Err(fail(
            "请填写报告年度（如 2025）；如要空白模板，请选择格式版本（2019版或2021版）。",
        )),
        (id, _) => Format::by_id(id).ok_or_else(|| fail(format!("没有“{id}”这一格式版本。"))),
    }
}

/// One unit's template, as `xxgk template --unit UNIT --year YEAR [--format FORMAT]` writes it.
/// Without a unit and a year, the blank template of `format`.
///
/// ```
/// let blank = xxgk_web::template_unit("", "", "2019").unwrap();
/// assert_eq!(blank.name(), "空白模板_2019版.xlsx");
/// ```
#[wasm_bindgen]
pub fn template_unit(unit: &str, year: &str, format: &str) -> Result<Download, JsError> {
    let unit = unit.trim();
    if unit.chars().any(char::is_control) {
        return Err(fail("单位名称中有换行符等控制字符，请只写单位名称。"));
    }
    let year = year_of(year)?;
    let format = format_of(format, year)?;
    let (name, bytes) = tasks::template::unit_template(unit, year, format).map_err(fail)?;
    let note = format!("已生成 {name}（{}）", describe(format, year));
    Ok(Download { name, bytes, note })
}

/// Every unit's template of a roster (a CSV in UTF-8, GBK or UTF-16), zipped: the files that
/// `xxgk template --roster` writes into its folder, byte for byte. The note lists the roster
/// lines that got no template, and why.
///
/// ```
/// let roster = "单位名称\n前进街道\n大东街道\n".as_bytes();
/// let zipped = xxgk_web::template_roster(roster, "2025", "").unwrap();
/// assert_eq!(zipped.name(), "模板_2025.zip");
/// assert!(zipped.note().contains("共生成 2 份模板"));
/// ```
#[wasm_bindgen]
pub fn template_roster(roster: &[u8], year: &str, format: &str) -> Result<Download, JsError> {
    let year = year_of(year)?;
    let format = format_of(format, year)?;
    let roster = Roster::parse(roster).map_err(fail)?;
    let made = tasks::template::roster_templates(&roster, format, year);
    let bytes = xxgk::write::archive::zip(&made.files).map_err(fail)?;
    let mut note = Vec::new();
    if !made.problems.is_empty() {
        note.push(format!("名单中有 {} 个问题需要处理：", made.problems.len()));
        note.extend(made.problems.iter().map(|(_, p)| format!("  - {p}")));
    }
    note.push(format!(
        "共生成 {} 份模板（{}）。",
        made.files.len(),
        describe(format, year)
    ));
    let name = match year {
        Some(y) => format!("模板_{y}.zip"),
        None => format!("模板_{}版.zip", format.id),
    };
    Ok(Download {
        name,
        bytes,
        note: note.join("\n"),
    })
}

fn describe(format: &Format, year: Option<u16>) -> String {
    match year {
        Some(y) => format!("{y}年度，{}", format.name),
        None => format!("空白，{}", format.name),
    }
}

/// Why a file found in a dropped folder is not read (an Office lock file, a note beside the
/// returns…), as the command line skips it in a folder; `undefined` to read it. `entry` is the
/// file's own name, `head` its first bytes (only a .txt or .html is looked into).
///
/// ```
/// assert!(xxgk_web::skip_reason("~$前进街道_2025.xlsx", &[]).is_some());
/// assert!(xxgk_web::skip_reason("前进街道_2025.xlsx", &[]).is_none());
/// ```
#[wasm_bindgen]
pub fn skip_reason(entry: &str, head: &[u8]) -> Option<String> {
    xxgk::read::source::skip_in_folder(entry, &|| Some(head.to_vec()))
}

/// The reading limits, from the page's settings (each in the command line's units, as JSON:
/// `{"max_file_mb":64,"max_unzipped_mb":256,"max_cells":5000000,"max_text_chars":32767}`;
/// a missing or zero field keeps the default).
fn limits_of(json: &str) -> Result<Limits, JsError> {
    #[derive(serde::Deserialize, Default)]
    #[serde(default)]
    struct Settings {
        max_file_mb: u64,
        max_unzipped_mb: u64,
        max_cells: u64,
        max_text_chars: u64,
    }
    let s: Settings = if json.trim().is_empty() {
        Settings::default()
    } else {
        serde_json::from_str(json).map_err(|e| fail(format!("读取限制的设置无效：{e}")))?
    };
    let mut limits = Limits::default();
    const MB: u64 = 1024 * 1024;
    if s.max_file_mb > 0 {
        limits.file_bytes = s.max_file_mb.saturating_mul(MB);
    }
    if s.max_unzipped_mb > 0 {
        limits.unzipped_bytes = s.max_unzipped_mb.saturating_mul(MB);
    }
    if s.max_cells > 0 {
        limits.cells = s.max_cells;
    }
    if s.max_text_chars > 0 {
        limits.text_chars = s.max_text_chars;
    }
    Ok(limits)
}

/// A browser file: its name as shown (`报表/前进街道_2025.xlsx`) and its bytes; its time in
/// milliseconds since 1970 (`File.lastModified`), or 0 when unknown.
fn input(name: &str, bytes: Vec<u8>, modified_ms: f64) -> Input {
    let modified = (modified_ms.is_finite() && modified_ms > 0.0)
        .then(|| UNIX_EPOCH + Duration::from_millis(modified_ms as u64));
    Input {
        name: name.to_string(),
        bytes,
        modified,
    }
}

/// Last year's file, read as the command line reads `--prior`.
fn read_prior(name: &str, bytes: &[u8], limits: &Limits) -> Result<Filing, JsError> {
    let refused = refused_for_size::<()>(name, bytes.len() as u64, limits, &PAGE);
    let read = match refused {
        Some(r) => Err(r.findings[0].message.clone()),
        None => xxgk::check::read_filing_bytes(bytes, &xxgk::read::extension(name), limits)
            .map(|(filing, _)| filing)
            .map_err(|e| e.message(&PAGE)),
    };
    read.map_err(|e| fail(format!("上年文件 {name} 无法读取：{e}")))
}

/// One file's findings as in `xxgk check --json`.
fn file_json(report: &FileReport<Summary>) -> String {
    let json = xxgk::write::check_report::to_json(std::slice::from_ref(report), &[]);
    let file = json
        .get("files")
        .and_then(|f| f.get(0))
        .cloned()
        .unwrap_or_default();
    serde_json::to_string(&file).unwrap_or_default()
}

/// `check` on many files, fed one at a time: [`Checker::add`] gives each file's findings at
/// once, [`Checker::json`] the whole `xxgk check --json`.
///
/// ```
/// let mut checker = xxgk_web::Checker::new("").unwrap();
/// let bytes = std::fs::read("../samples/报表/津桥街道_2025.xlsx").unwrap();
/// let one = checker.add("报表/津桥街道_2025.xlsx", bytes, 0.0);
/// assert!(one.contains("\"status\":\"errors\""));
/// assert!(checker.json().contains("\"errors\": 1"));
/// ```
#[wasm_bindgen]
pub struct Checker {
    limits: Limits,
    prior: Option<Filing>,
    reports: Vec<FileReport<Summary>>,
    skipped: Vec<Skipped>,
}

#[wasm_bindgen]
impl Checker {
    /// A check under the limits given as JSON (empty for the defaults).
    #[wasm_bindgen(constructor)]
    pub fn new(limits: &str) -> Result<Checker, JsError> {
        Ok(Checker {
            limits: limits_of(limits)?,
            prior: None,
            reports: Vec::new(),
            skipped: Vec::new(),
        })
    }

    /// Last year's report or consolidation, for the cross-year rules (`--prior`). Returns the
    /// line the command line prints above the findings.
    pub fn set_prior(&mut self, name: &str, bytes: &[u8]) -> Result<String, JsError> {
        let prior = read_prior(name, bytes, &self.limits)?;
        let line = xxgk::write::check_report::prior_line(&prior, name);
        self.prior = Some(prior);
        Ok(line)
    }

    /// Checks one file; returns its entry of `check --json`, as compact JSON.
    pub fn add(&mut self, name: &str, bytes: Vec<u8>, modified_ms: f64) -> String {
        let rows = self.prior.as_ref().map(LastYearRows::new);
        let input = input(name, bytes, modified_ms);
        let report = tasks::check::check_one(&input, &self.limits, &PAGE, rows.as_ref());
        self.keep(report)
    }

    /// A file the page did not load because of its size (`File.size`): the F1 that the
    /// command line gives it, or else an empty string and the page should load it.
    pub fn add_too_large(&mut self, name: &str, size: f64) -> String {
        match refused_for_size(name, size as u64, &self.limits, &PAGE) {
            Some(report) => self.keep(report),
            None => String::new(),
        }
    }

    /// A file that could not be read at all (the engine stopped on it): one F1 saying so.
    pub fn add_unreadable(&mut self, name: &str, reason: &str) -> String {
        self.keep(unreadable(name, reason))
    }

    /// A file of a folder that is not read, and why (see [`skip_reason`]).
    pub fn skip(&mut self, name: &str, reason: &str) {
        self.skipped.push(Skipped {
            path: name.into(),
            reason: reason.to_string(),
        });
    }

    fn keep(&mut self, report: FileReport<Summary>) -> String {
        let json = file_json(&report);
        self.reports.push(report);
        json
    }

    /// Everything, as `xxgk check --json` prints it.
    pub fn json(&self) -> String {
        tasks::check::json(&self.reports, &self.skipped)
    }

    /// Everything, as `xxgk check` prints it.
    pub fn text(&self) -> String {
        xxgk::write::check_report::render_text(&self.reports, &self.skipped, None)
    }
}

/// The report of a file on which the engine stopped (a trap): unreadable, and why.
fn unreadable(name: &str, reason: &str) -> FileReport<Summary> {
    FileReport {
        path: name.into(),
        sha256: String::new(),
        modified: None,
        filing: None,
        findings: vec![xxgk::format::findings::Finding::new(
            xxgk::format::rules::Severity::Error,
            "F1",
            reason.to_string(),
        )],
    }
}

/// `merge`, fed one file at a time: the settings first, then the roster and last year's
/// consolidation, then each returned file, then [`Merger::finish`].
///
/// ```
/// let mut merger = xxgk_web::Merger::new("大东区", "2025", true, false, false, false, "", "").unwrap();
/// let bytes = std::fs::read("../samples/报表/前进街道_2025.xlsx").unwrap();
/// merger.add("报表/前进街道_2025.xlsx", bytes, 0.0);
/// let merged = merger.finish().unwrap();
/// assert!(merged.workbook().starts_with(b"PK"));
/// assert!(merged.summary().starts_with("汇总完成：读取 1 个文件"));
/// ```
#[wasm_bindgen]
pub struct Merger {
    options: Options,
    csv: bool,
    /// 退回/: a notice for each unit with problems, and 催报名单; with the date to resend by.
    notices: Option<String>,
    limits: Limits,
    roster: Option<Roster>,
    /// Last year's consolidation and the name it was given by.
    prior: Option<(Filing, String)>,
    reports: Vec<FileReport<Summary>>,
    skipped: Vec<Skipped>,
}

#[wasm_bindgen]
impl Merger {
    /// A merge for `unit` (汇总单位) and `year` (empty: the year of the files), with the
    /// page's choices: `csv` also writes 汇总明细.csv, `strict` leaves out units with errors,
    /// `keep_latest` keeps the newer of two files of one unit, `notices` writes 退回/ (as
    /// `merge --notices --deadline DEADLINE`).
    #[wasm_bindgen(constructor)]
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        unit: &str,
        year: &str,
        csv: bool,
        strict: bool,
        keep_latest: bool,
        notices: bool,
        deadline: &str,
        limits: &str,
    ) -> Result<Merger, JsError> {
        let deadline = Some(deadline.trim()).filter(|d| !d.is_empty());
        let deadline = xxgk::write::notices::deadline_text(deadline).map_err(fail)?;
        if unit.trim().is_empty() {
            return Err(fail("请填写汇总单位的名称，例如 大东区。"));
        }
        Ok(Merger {
            options: Options {
                unit: unit.trim().to_string(),
                year: year_of(year)?,
                strict,
                keep_latest,
                remedies: &PAGE,
            },
            csv,
            notices: notices.then_some(deadline),
            limits: limits_of(limits)?,
            roster: None,
            prior: None,
            reports: Vec::new(),
            skipped: Vec::new(),
        })
    }

    /// The roster (CSV). Returns its problems by line, one per line of text (empty if none).
    pub fn set_roster(&mut self, bytes: &[u8]) -> Result<String, JsError> {
        let roster = Roster::parse(bytes).map_err(fail)?;
        let notes: Vec<String> = roster
            .problems
            .iter()
            .map(|p| format!("注意：{}", p.message))
            .collect();
        self.roster = Some(roster);
        Ok(notes.join("\n"))
    }

    /// Last year's consolidation (汇总.xlsx), refused as the command line refuses it when it
    /// is one unit's workbook or of the wrong year.
    pub fn set_prior(&mut self, name: &str, bytes: &[u8]) -> Result<(), JsError> {
        let filing = read_prior(name, bytes, &self.limits)?;
        let prior = tasks::merge::Prior {
            filing: &filing,
            name,
        };
        tasks::merge::validate_prior(prior, self.options.year, &self.options.unit, &PAGE)
            .map_err(fail)?;
        self.prior = Some((filing, name.to_string()));
        Ok(())
    }

    /// Checks one returned file and keeps its summary; returns its entry of `check --json`.
    pub fn add(&mut self, name: &str, bytes: Vec<u8>, modified_ms: f64) -> String {
        let input = input(name, bytes, modified_ms);
        let prior = self
            .prior
            .as_ref()
            .map(|(filing, name)| tasks::merge::Prior { filing, name });
        let rows = prior.map(|p| LastYearRows::new(p.filing));
        let keep = tasks::merge::keep(self.csv || self.notices.is_some());
        let report =
            tasks::merge::check_input(&input, &self.limits, &PAGE, keep, rows.as_ref(), prior);
        let json = file_json(&report);
        self.reports.push(report);
        json
    }

    /// A file not loaded for its size: its F1 (or empty, and the page should load it).
    pub fn add_too_large(&mut self, name: &str, size: f64) -> String {
        match refused_for_size(name, size as u64, &self.limits, &PAGE) {
            Some(report) => {
                let json = file_json(&report);
                self.reports.push(report);
                json
            }
            None => String::new(),
        }
    }

    /// A file on which the engine stopped: unreadable, and why.
    pub fn add_unreadable(&mut self, name: &str, reason: &str) -> String {
        let report = unreadable(name, reason);
        let json = file_json(&report);
        self.reports.push(report);
        json
    }

    /// A file of a folder that is not read, and why.
    pub fn skip(&mut self, name: &str, reason: &str) {
        self.skipped.push(Skipped {
            path: name.into(),
            reason: reason.to_string(),
        });
    }

    /// Consolidates what was added: the outputs of `xxgk merge`, or why there are none.
    pub fn finish(&mut self) -> Result<Merged, JsError> {
        let reports = std::mem::take(&mut self.reports);
        let skipped = std::mem::take(&mut self.skipped);
        let prior = self
            .prior
            .as_ref()
            .map(|(filing, name)| tasks::merge::Prior { filing, name });
        let mut c = tasks::merge::consolidate_checked(
            reports,
            skipped,
            self.roster.as_ref(),
            &self.options,
        )
        .map_err(|f| {
            let mut lines = f.lines;
            lines.push(f.message);
            fail(lines.join("\n"))
        })?;
        let checked = tasks::merge::finish(&mut c, prior, &PAGE).map_err(fail)?;
        let (workbook, report) =
            tasks::merge::workbook_and_report(&c, &checked, prior.map(|p| p.filing))
                .map_err(fail)?;
        let (word, html) =
            tasks::merge::word_and_html(&c, &checked, prior.map(|p| p.filing)).map_err(fail)?;
        let csv = if self.csv {
            Some(tasks::merge::csv(&c).map_err(fail)?)
        } else {
            None
        };
        let mut written = vec![
            tasks::merge::WORKBOOK.to_string(),
            tasks::merge::REPORT.to_string(),
            tasks::merge::WORD.to_string(),
            tasks::merge::HTML.to_string(),
        ];
        if csv.is_some() {
            written.push(tasks::merge::CSV.to_string());
        }
        let notices = match &self.notices {
            Some(deadline) => {
                let files = xxgk::write::notices::files(&c, deadline).map_err(fail)?;
                // Unzipped, they make the folder that `merge --notices` writes.
                let folder = xxgk::write::notices::FOLDER;
                let files: Vec<(String, Vec<u8>)> = files
                    .into_iter()
                    .map(|(name, bytes)| (format!("{folder}/{name}"), bytes))
                    .collect();
                written.push(format!("{folder}.zip（{} 个文件）", files.len()));
                Some(xxgk::write::archive::zip(&files).map_err(fail)?)
            }
            None => None,
        };
        Ok(Merged {
            summary: tasks::merge::summary(&c, &written),
            status: status_json(&c, self.roster.as_ref()),
            workbook,
            report,
            word,
            html,
            csv,
            notices,
        })
    }
}

/// The outputs of a merge.
#[wasm_bindgen]
pub struct Merged {
    workbook: Vec<u8>,
    report: String,
    word: Vec<u8>,
    html: String,
    csv: Option<Vec<u8>>,
    notices: Option<Vec<u8>>,
    summary: String,
    status: String,
}

#[wasm_bindgen]
impl Merged {
    /// 汇总.xlsx.
    pub fn workbook(&self) -> Vec<u8> {
        self.workbook.clone()
    }

    /// 汇总报告.md.
    pub fn report(&self) -> String {
        self.report.clone()
    }

    /// 汇总报告.docx.
    pub fn word(&self) -> Vec<u8> {
        self.word.clone()
    }

    /// 汇总报告.html.
    pub fn html(&self) -> String {
        self.html.clone()
    }

    /// 汇总明细.csv, when asked for.
    pub fn csv(&self) -> Option<Vec<u8>> {
        self.csv.clone()
    }

    /// 退回.zip, when asked for: the folder 退回/ of `merge --notices`.
    pub fn notices(&self) -> Option<Vec<u8>> {
        self.notices.clone()
    }

    /// The lines that end `xxgk merge`.
    pub fn summary(&self) -> String {
        self.summary.clone()
    }

    /// 报送情况 as JSON: `{expected, reported, missing:[{unit,contact,phone}], off_roster:[…],
    /// files:[{path, unit, status, errors, warnings, included, reason}]}`.
    pub fn status(&self) -> String {
        self.status.clone()
    }
}

#[derive(Serialize)]
struct Status {
    has_roster: bool,
    /// 应报: the roster's units.
    expected: usize,
    /// 已报: roster units with a file counted or not.
    reported: usize,
    missing: Vec<MissingUnit>,
    off_roster: Vec<String>,
    files: Vec<FileStatus>,
}

#[derive(Serialize)]
struct MissingUnit {
    unit: String,
    contact: String,
    phone: String,
}

#[derive(Serialize)]
struct FileStatus {
    path: String,
    unit: String,
    status: &'static str,
    errors: usize,
    warnings: usize,
    included: bool,
    reason: String,
}

fn status_json(c: &Consolidation, roster: Option<&Roster>) -> String {
    let contact = |line: usize| {
        roster
            .and_then(|r| r.units.iter().find(|u| u.line == line))
            .map(|u| (u.contact.clone(), u.phone.clone()))
            .unwrap_or_default()
    };
    let status = Status {
        has_roster: c.has_roster,
        expected: c.roster_units,
        reported: c.roster_units.saturating_sub(c.missing.len()),
        missing: c
            .missing
            .iter()
            .map(|m| {
                let (contact, phone) = contact(m.line);
                MissingUnit {
                    unit: m.unit.clone(),
                    contact,
                    phone,
                }
            })
            .collect(),
        off_roster: c
            .members
            .iter()
            .filter(|m| c.has_roster && m.filing().is_some() && m.roster_line.is_none())
            .map(|m| m.unit())
            .collect(),
        files: c
            .members
            .iter()
            .map(|m| FileStatus {
                path: m.shown_path(),
                unit: m.unit(),
                status: m.report.status().key(),
                errors: m.report.errors(),
                warnings: m.report.open_warnings(),
                included: m.included(),
                reason: match &m.fate {
                    Fate::Included => String::new(),
                    Fate::Excluded(reason) => reason.clone(),
                },
            })
            .collect(),
    };
    serde_json::to_string(&status).unwrap_or_default()
}

/// A published report's text or web page as the official workbook, as `xxgk import` writes
/// it; `name` is the file's name (`前进街道_2020年度报告.txt`), and the workbook is named after
/// it. `unit` and `year` (may be empty) override the title.
///
/// ```
/// let text = std::fs::read("../samples/真实报告/前进街道_2020年度报告.txt").unwrap();
/// let imported = xxgk_web::import_report("前进街道_2020年度报告.txt", &text, "", "").unwrap();
/// assert_eq!(imported.name(), "前进街道_2020年度报告.xlsx");
/// assert!(imported.note().starts_with("已导入"));
/// ```
#[wasm_bindgen]
pub fn import_report(
    name: &str,
    bytes: &[u8],
    unit: &str,
    year: &str,
) -> Result<Download, JsError> {
    let year = year_of(year)?;
    let unit = Some(unit.trim()).filter(|u| !u.is_empty());
    let imported = tasks::import::import(name, bytes, unit, year).map_err(|e| match e {
        tasks::import::ImportError::Pdf => fail(format!(
            "{name} 是 PDF 文件，不能直接读取。请在 PDF 阅读器中全选、复制，粘贴到“报告文字”框中再导入。"
        )),
        tasks::import::ImportError::Workbook => fail(format!(
            "{name} 是表格文件（工作簿），不是报告的文字或网页，不需要导入。请在“审核”中审核它。"
        )),
        tasks::import::ImportError::Report(message) => fail(message),
    })?;
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let stem = stem.rsplit('/').next().unwrap_or(stem);
    let out = format!("{stem}.xlsx");
    let mut note = vec![tasks::import::done_line(name, &imported.filing, &out)];
    note.extend(xxgk::write::check_report::finding_lines(&imported.findings));
    Ok(Download {
        name: out,
        bytes: imported.workbook,
        note: note.join("\n"),
    })
}

/// The engine's version, shown at the foot of the page.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Stops the engine as a panic would (a trap: `panic = "abort"` on wasm32). The page's test
/// uses it to show that one file on which the engine stops is reported unreadable and the
/// rest of the batch goes on (`window.xxgkTrapOn` in `web/page/app.js`).
#[doc(hidden)]
#[wasm_bindgen]
pub fn selftest_trap() {
    panic!("自检：引擎故意停止");
}

thread_local! {
    /// What the last panic said: the page shows it for the file on which the engine stopped,
    /// as the command line shows the panic of a file it could not check.
    static LAST_PANIC: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Keeps each panic's message before the trap, for [`last_panic`].
#[wasm_bindgen(start)]
fn start() {
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        LAST_PANIC.with(|p| *p.borrow_mut() = format!("{what}；{place}"));
    }));
}

/// The message of the panic that stopped the engine, or empty. Called once after a trap,
/// before the instance is thrown away.
#[wasm_bindgen]
pub fn last_panic() -> String {
    LAST_PANIC.with(|p| p.borrow().chars().take(200).collect())
}
