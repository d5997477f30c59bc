//! The Markdown report (汇总报告.md) of a consolidation, and of a single workbook for
//! `xxgk report`. Tables follow the official layout, driven by the format description;
//! columns are padded by display width so the plain text lines up with CJK characters, and
//! unit names are escaped so a `|` or a line break cannot break a table.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use unicode_width::UnicodeWidthStr;

use crate::check::{FileReport, effective_values};
use crate::filing::Filing;
use crate::format::findings::{Finding, check_name};
use crate::format::rules::Severity;
use crate::format::{Format, Table};
use crate::merge::Consolidation;
use crate::write::consolidated::{member_note, member_status};

/// The report of a consolidation. `checked` are the findings on the consolidated numbers
/// (G rules, and X1 against `prior`).
pub fn consolidation_report(
    c: &Consolidation,
    checked: &[Finding],
    prior: Option<&Filing>,
) -> String {
    let mut out = String::new();
    let unit = if c.unit.is_empty() { "汇总" } else { &c.unit };
    out.push_str(&format!(
        "# {}{}年度政府信息公开工作年度报告统计汇总\n\n",
        escape(unit),
        c.year
    ));
    out.push_str(&format!(
        "由 xxgk 生成。格式：{}（{}）。计入汇总 {} 个单位。\n\n",
        c.format.name,
        c.format.source,
        c.unit_count()
    ));
    out.push_str(&overview(c));
    out.push_str(&status_table(c));
    out.push_str(&findings_section(c));
    out.push_str(&rule_summary(c));
    out.push_str("## 汇总数据审核\n\n");
    if checked.is_empty() {
        out.push_str("汇总后的数字符合全部勾稽关系。\n\n");
    } else {
        for f in checked {
            out.push_str(&finding_item(f));
            let sources = sources_of(c, f);
            if !sources.is_empty() {
                out.push_str(&format!("    - 来自：{}\n", escape(&sources.join("、"))));
            }
        }
        out.push('\n');
    }
    if let Some(p) = prior {
        out.push_str(&year_on_year(
            c.format,
            &c.totals,
            c.year,
            c.unit_count(),
            p,
        ));
    }
    if let Some(last) = &c.last_year {
        out.push_str(&units_against_last_year(last));
    }
    if checked.iter().any(Finding::is_open_error) {
        out.push_str("> **注意：下面的统计表中有勾稽关系不成立（见“汇总数据审核”），请先督促有关单位改正，再用于年度报告。**\n\n");
    }
    let totals = &c.totals;
    out.push_str(&draft(c.format, &|code| {
        totals.get(code).copied().unwrap_or_default()
    }));
    out
}

/// The units whose own reports fail the same check, or hold invalid values, behind a
/// finding on the consolidated numbers.
fn sources_of(c: &Consolidation, f: &Finding) -> Vec<String> {
    c.members
        .iter()
        .filter(|m| m.included())
        .filter(|m| {
            m.report.findings.iter().any(|g| {
                (g.rule == f.rule && g.code == f.code) || matches!(g.rule.as_str(), "V4" | "V5")
            })
        })
        .map(|m| m.unit())
        .collect()
}

/// The report of one workbook (a unit's or a consolidation) for `xxgk report`.
pub fn single_report(report: &FileReport) -> String {
    let Some(filing) = &report.filing else {
        let mut out = format!(
            "# {}\n\n无法读取：\n\n",
            escape(&report.path.display().to_string())
        );
        for f in &report.findings {
            out.push_str(&finding_item(f));
        }
        return out;
    };
    let mut out = format!(
        "# {}{}政府信息公开工作年度报告统计表\n\n",
        escape(&filing.unit),
        filing.year.map(|y| format!("{y}年度")).unwrap_or_default()
    );
    out.push_str(&format!(
        "由 xxgk 生成。文件：{}。格式：{}（{}）。审核结果：{}。\n\n",
        escape(&report.path.display().to_string()),
        filing.format.name,
        filing.format.source,
        crate::write::check_report::file_summary(report)
    ));
    if !report.findings.is_empty() {
        out.push_str("## 审核发现\n\n");
        for f in &report.findings {
            out.push_str(&finding_item(f));
        }
        out.push('\n');
    }
    let invalid: Vec<String> = report
        .findings
        .iter()
        .filter(|f| matches!(f.rule.as_str(), "V4" | "V5"))
        .map(|f| format!("{}（{}）", f.place(), escape(f.actual.trim())))
        .collect();
    if !invalid.is_empty() {
        out.push_str(&format!(
            "> **注意：下面的统计表中，这些无效的值按0计：{}。**\n\n",
            invalid.join("、")
        ));
    }
    let values = effective_values(filing);
    out.push_str(&draft(filing.format, &|code| {
        values.get(code).copied().unwrap_or_default()
    }));
    out
}

fn overview(c: &Consolidation) -> String {
    let readable: Vec<_> = c.readable().collect();
    let count =
        |s: crate::check::Status| readable.iter().filter(|m| m.report.status() == s).count();
    let dash = || "—".to_string();
    // Units, not files: 已报 + 未报 = 应报.
    let (expected, reported, missing, outside) = if c.has_roster {
        let outside = readable.iter().filter(|m| m.roster_line.is_none()).count();
        (
            c.roster_units.to_string(),
            (c.roster_units - c.missing.len()).to_string(),
            c.missing.len().to_string(),
            outside.to_string(),
        )
    } else {
        let mut units: Vec<String> = readable
            .iter()
            .map(|m| crate::format::labels::normalize(&m.unit()))
            .collect();
        units.sort();
        units.dedup();
        (dash(), units.len().to_string(), dash(), dash())
    };
    let headers = [
        "应报单位",
        "已报单位",
        "未报单位",
        "名单外",
        "收到文件",
        "通过",
        "有警告",
        "有错误",
        "无法读取",
        "计入汇总",
    ];
    let row = [
        expected,
        reported,
        missing,
        outside,
        c.members.len().to_string(),
        count(crate::check::Status::Ok).to_string(),
        count(crate::check::Status::Warnings).to_string(),
        count(crate::check::Status::Errors).to_string(),
        c.members.len().saturating_sub(readable.len()).to_string(),
        c.members
            .iter()
            .filter(|m| m.included())
            .count()
            .to_string(),
    ];
    let mut out = format!(
        "## 报送概况\n\n{}\n",
        md_table(&headers.map(String::from), &[row.to_vec()], &[true; 10])
    );
    let flawed = c.flawed_included();
    if !flawed.is_empty() {
        out.push_str(&format!(
            "**注意：计入汇总的单位中有 {} 个有未改正的错误：{}。** 汇总数以它们报送的数字计算（无效的值按0计），请督促改正后重新汇总，或{}。\n\n",
            flawed.len(),
            escape(&flawed.join("、")),
            c.remedies.turn_on(crate::format::remedy::Setting::Strict)
        ));
    }
    let outside: Vec<String> = c
        .members
        .iter()
        .filter(|m| m.included() && c.has_roster && m.roster_line.is_none())
        .map(|m| m.unit())
        .collect();
    if !outside.is_empty() {
        out.push_str(&format!(
            "**注意：不在名单中的{}也计入了汇总。** 如不应计入（例如属于其他区），请把它的文件移出后重新汇总。\n\n",
            escape(&outside.join("、"))
        ));
    }
    out
}

fn status_table(c: &Consolidation) -> String {
    let headers = [
        "序号",
        "单位",
        "状态",
        "计入汇总",
        "说明",
        "文件",
        "错误",
        "警告",
    ]
    .map(String::from);
    let mut rows = Vec::new();
    for (i, m) in c.members.iter().enumerate() {
        rows.push(vec![
            (i + 1).to_string(),
            escape(&m.unit()),
            member_status(c, m),
            if m.included() { "是" } else { "否" }.to_string(),
            escape(&member_note(m)),
            escape(&m.file_name()),
            m.report.errors().to_string(),
            m.report.open_warnings().to_string(),
        ]);
    }
    for missing in &c.missing {
        rows.push(vec![
            String::new(),
            escape(&missing.unit),
            "未报送".to_string(),
            "否".to_string(),
            escape(
                &std::iter::once(format!("名单第{}行", missing.line))
                    .chain(missing.notes.iter().cloned())
                    .collect::<Vec<_>>()
                    .join("；"),
            ),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    for unit in c.last_year.iter().flat_map(|l| l.gone_off_roster(c)) {
        rows.push(vec![
            String::new(),
            escape(unit),
            crate::write::consolidated::GONE.to_string(),
            "否".to_string(),
            crate::write::consolidated::GONE_NOTE.to_string(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    let mut out = format!(
        "## 各单位报送情况\n\n{}\n",
        md_table(
            &headers,
            &rows,
            &[true, false, false, false, false, false, true, true]
        )
    );
    if !c.skipped.is_empty() {
        out.push_str("未读取的文件：\n\n");
        for s in &c.skipped {
            out.push_str(&format!(
                "- {}：{}\n",
                escape(&s.path.display().to_string()),
                s.reason
            ));
        }
        out.push('\n');
    }
    out
}

fn findings_section(c: &Consolidation) -> String {
    let mut out = String::from("## 审核发现\n\n");
    let mut any = false;
    for m in c.members.iter().filter(|m| !m.report.findings.is_empty()) {
        any = true;
        out.push_str(&format!(
            "### {}（{}）\n\n",
            escape(&m.unit()),
            escape(&m.file_name())
        ));
        for f in &m.report.findings {
            out.push_str(&finding_item(f));
        }
        out.push('\n');
    }
    if !c.findings.is_empty() {
        any = true;
        out.push_str("### 汇总时发现\n\n");
        for f in &c.findings {
            out.push_str(&finding_item(f));
        }
        out.push('\n');
    }
    if !any {
        out.push_str("没有发现问题。\n\n");
    }
    out
}

/// One finding as a list item: severity, rule, place, labels, message, arithmetic, advice.
pub fn finding_item(f: &Finding) -> String {
    let severity = match (f.severity, &f.explanation) {
        (Severity::Error, _) => "✗ **错误**",
        (Severity::Warning, Some(_)) => "✓ 已说明",
        (Severity::Warning, None) => "! 警告",
    };
    let mut head = format!("- {severity} {}", f.rule);
    if !f.place().is_empty() {
        head.push_str(&format!(" `{}`", f.place()));
    }
    if !f.code.is_empty() {
        head.push_str(&format!("（{}）", f.code));
    }
    let labels = match (f.row_label.is_empty(), f.column_label.is_empty()) {
        (false, false) => format!(" {} × {}", f.row_label, f.column_label),
        _ => format!(" {}{}", f.row_label, f.column_label),
    };
    head.push_str(&escape(labels.trim_end()));
    let mut out = format!("{head}：{}\n", escape(&f.message));
    if !f.arithmetic.is_empty() {
        out.push_str(&format!("    - 计算：{}\n", f.arithmetic));
    }
    match &f.explanation {
        Some(text) => out.push_str(&format!("    - 单位说明：{}\n", escape(text))),
        None if !f.hint.is_empty() => out.push_str(&format!("    - 提示：{}\n", f.hint)),
        None => {}
    }
    out
}

/// How many units fail each rule, in rule order.
fn rule_summary(c: &Consolidation) -> String {
    let mut units: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for m in c.readable() {
        for f in m
            .report
            .findings
            .iter()
            .filter(|f| f.is_open_error() || f.is_open_warning())
        {
            let list = units.entry(f.rule.clone()).or_default();
            if !list.contains(&m.unit()) {
                list.push(m.unit());
            }
        }
    }
    let mut out = String::from("## 各规则不通过的单位数\n\n");
    if units.is_empty() {
        out.push_str("全部单位通过全部规则。\n\n");
        return out;
    }
    let order = |id: &str| {
        c.format
            .rules
            .iter()
            .position(|r| r.id == id)
            .unwrap_or(usize::MAX)
    };
    let mut ids: Vec<&String> = units.keys().collect();
    ids.sort_by_key(|id| (order(id), id.to_string()));
    let rows: Vec<Vec<String>> = ids
        .iter()
        .map(|id| {
            let list = &units[*id];
            vec![
                id.to_string(),
                escape(&check_name(id, c.format)),
                list.len().to_string(),
                escape(&list.join("、")),
            ]
        })
        .collect();
    out.push_str(&md_table(
        &["规则", "名称", "单位数", "单位"].map(String::from),
        &rows,
        &[false, false, true, false],
    ));
    out.push('\n');
    out
}

/// Main figures this year and last, with the change and percentage.
fn year_on_year(
    format: &Format,
    totals: &BTreeMap<String, Decimal>,
    year: u16,
    units: usize,
    prior: &Filing,
) -> String {
    let prior_values = effective_values(prior);
    let cur = |code: &str| totals.get(code).copied().unwrap_or_default();
    let prev = |code: &str| prior_values.get(code).copied().unwrap_or_default();
    let mut rows = Vec::new();
    for figure in &format.figures {
        let now = figure.value(format, &cur);
        let before = prior
            .format
            .figures
            .iter()
            .find(|f| f.name == figure.name)
            .map(|f| f.value(prior.format, &prev));
        let (before_text, change, percent) = match before {
            Some(b) => {
                let change = now - b;
                let percent = if b.is_zero() {
                    "—".to_string()
                } else {
                    format!("{:+.1}%", (change * Decimal::from(100) / b).round_dp(1))
                };
                (b.normalize().to_string(), signed(change), percent)
            }
            None => ("—".to_string(), "—".to_string(), "—".to_string()),
        };
        rows.push(vec![
            figure.name.clone(),
            now.normalize().to_string(),
            before_text,
            change,
            percent,
        ]);
    }
    let prior_year = prior
        .year
        .map_or("上年".to_string(), |y| format!("{y}年度"));
    let counts = match (prior.members, units) {
        (Some(before), now) if before != now => format!(
            "上年汇总表计入 {before} 个单位，本年计入 {now} 个单位，增减中含单位数变化的影响。\n\n"
        ),
        _ => String::new(),
    };
    format!(
        "## 同比（与{prior_year}比较）\n\n{counts}{}\n",
        md_table(
            &[
                "项目".to_string(),
                format!("{year}年度"),
                prior_year.clone(),
                "增减".to_string(),
                "增减幅度".to_string()
            ],
            &rows,
            &[false, true, true, true, true],
        )
    )
}

/// The 历史审核 of every unit against its own row of last year's 分单位明细: how many were
/// compared, which fail a cross-year rule, which are new, and which sent nothing this year.
fn units_against_last_year(last: &crate::merge::prior::LastYear) -> String {
    let prior_year = last
        .year
        .map_or("上一年度".to_string(), |y| format!("{y}年度"));
    let mut out = format!(
        "## 分单位跨年度审核（与{prior_year}汇总表的分单位明细比较）\n\n按单位代码（没有代码时按名称）与上年对应的单位 {} 个，逐个按 {} 审核。\n\n",
        last.compared,
        last.rules.join("、")
    );
    let line = |title: &str, list: &[String]| {
        let body = if list.is_empty() {
            "无".to_string()
        } else {
            escape(&list.join("、"))
        };
        format!("- {title}：{body}\n")
    };
    let failing: Vec<String> = last
        .failing
        .iter()
        .map(|(unit, n)| format!("{unit}（{n} 处）"))
        .collect();
    out.push_str(&line("不通过的单位（见“审核发现”）", &failing));
    out.push_str(&line("上年汇总表中没有、本年新报送的单位", &last.new));
    out.push_str(&line("上年报送、本年没有报送的单位", &last.gone));
    out.push('\n');
    out
}

fn signed(d: Decimal) -> String {
    let d = d.normalize();
    if d.is_sign_positive() && !d.is_zero() {
        format!("+{d}")
    } else {
        d.to_string()
    }
}

/// The six parts of the report, with placeholders for the text and the tables filled in.
fn draft(format: &Format, value: &dyn Fn(&str) -> Decimal) -> String {
    let mut out = String::from("## 年度报告草稿（含统计表）\n\n");
    for section in &format.sections {
        out.push_str(&format!("### {}\n\n", section.title));
        if let Some(text) = &section.text {
            out.push_str(&format!("{text}\n\n"));
        }
        if let Some(key) = &section.table
            && let Some(table) = format.tables.iter().find(|t| &t.key == key)
        {
            out.push_str(&table_markdown(table, value));
        }
    }
    out
}

/// A table in the official layout: one Markdown table per block, nested headers joined with
/// “／”, group rows (三、本年度办理结果) as their own line, rows in official order.
pub fn table_markdown(table: &Table, value: &dyn Fn(&str) -> Decimal) -> String {
    let mut out = String::new();
    for block in &table.blocks {
        if let Some(caption) = &block.caption {
            out.push_str(&format!("**{caption}**\n\n"));
        }
        let labelled = block.label_columns() > 0;
        let mut headers = Vec::new();
        if labelled {
            // A long corner note (表三's 勾稽关系) reads better above the table than as a header.
            let corner = block.corner.join("");
            if corner.width() > 20 {
                out.push_str(&format!("{corner}\n\n"));
                headers.push("项目".to_string());
            } else {
                headers.push(corner);
            }
        }
        let shared_root = block.columns.len() > 1
            && block
                .columns
                .iter()
                .all(|c| c.path.len() > 1 && c.path[0] == block.columns[0].path[0]);
        for column in &block.columns {
            headers.push(column.path[usize::from(shared_root)..].join("／"));
        }
        let mut rows = Vec::new();
        let mut group = None;
        for row in &block.rows {
            let mut cells = Vec::new();
            if labelled {
                let label = if row.path.len() > 1 {
                    if group != Some(&row.path[0]) {
                        group = Some(&row.path[0]);
                        let mut heading = vec![row.path[0].clone()];
                        heading.resize(headers.len(), String::new());
                        rows.push(heading);
                    }
                    format!("　{}", row.path[1..].join("／"))
                } else {
                    group = None;
                    row.path.join("／")
                };
                cells.push(label);
            }
            for column in &block.columns {
                let code = crate::format::cell_code(table, block, row, column);
                cells.push(value(&code).normalize().to_string());
            }
            rows.push(cells);
        }
        let mut right = vec![true; headers.len()];
        if labelled {
            right[0] = false;
        }
        out.push_str(&md_table(&headers, &rows, &right));
        out.push('\n');
    }
    out
}

/// A Markdown table with columns padded to equal display width.
fn md_table(headers: &[String], rows: &[Vec<String>], right: &[bool]) -> String {
    let widths: Vec<usize> = (0..headers.len())
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .chain(std::iter::once(&headers[c]))
                .map(|s| s.width())
                .max()
                .unwrap_or(0)
                .max(3)
        })
        .collect();
    let pad = |text: &str, c: usize| {
        let fill = " ".repeat(widths[c].saturating_sub(text.width()));
        if right.get(c).copied().unwrap_or(false) {
            format!("{fill}{text}")
        } else {
            format!("{text}{fill}")
        }
    };
    let line = |cells: &[String]| {
        let inner: Vec<String> = (0..headers.len())
            .map(|c| pad(cells.get(c).map_or("", String::as_str), c))
            .collect();
        format!("| {} |\n", inner.join(" | "))
    };
    let mut out = line(headers);
    let rule: Vec<String> = widths
        .iter()
        .enumerate()
        .map(|(c, w)| {
            if right.get(c).copied().unwrap_or(false) {
                format!("{}:", "-".repeat(w.saturating_sub(1).max(2)))
            } else {
                "-".repeat(*w)
            }
        })
        .collect();
    out.push_str(&format!("| {} |\n", rule.join(" | ")));
    for row in rows {
        out.push_str(&line(row));
    }
    out
}

/// Makes text safe inside a Markdown table cell or list item.
///
/// ```
/// assert_eq!(xxgk::markdown::escape("甲|乙\n丙"), "甲\\|乙 丙");
/// ```
pub fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ")
}
