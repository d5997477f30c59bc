//! The Markdown report (汇总报告.md) of a consolidation, and of a single workbook for
//! `xxgk report`. Tables follow the official layout, driven by the format description;
//! columns are padded by display width so the plain text lines up with CJK characters, and
//! unit names are escaped so a `|` or a line break cannot break a table.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::write::document::{Block, Document, Draft, Grid, Item, Span};
pub use crate::write::document::{escape, md_table, table_markdown};

use crate::check::{FileReport, effective_values};
use crate::filing::Filing;
use crate::format::Format;
use crate::format::findings::{Finding, check_name};
use crate::format::rules::Severity;
use crate::merge::Consolidation;
use crate::write::consolidated::{member_note, member_status};

/// The report of a consolidation. `checked` are the findings on the consolidated numbers
/// (G rules, and X1 against `prior`).
pub fn consolidation_report(
    c: &Consolidation,
    checked: &[Finding],
    prior: Option<&Filing>,
) -> String {
    consolidation_document(c, checked, prior).to_markdown()
}

/// The title of the published report: `前进街道2020年度政府信息公开工作年度报告`.
pub fn report_title(unit: &str, year: Option<u16>) -> String {
    let year = year.map(|y| format!("{y}年度")).unwrap_or_default();
    format!("{unit}{year}政府信息公开工作年度报告")
}

/// The report of a consolidation as a document, for Markdown, Word and HTML alike.
pub fn consolidation_document(
    c: &Consolidation,
    checked: &[Finding],
    prior: Option<&Filing>,
) -> Document {
    let unit = if c.unit.is_empty() { "汇总" } else { &c.unit };
    let mut doc = Document::new(format!(
        "{}{}年度政府信息公开工作年度报告统计汇总",
        unit, c.year
    ));
    let b = &mut doc.blocks;
    b.push(Block::Para(vec![Span::Raw(format!(
        "由 xxgk 生成。格式：{}（{}）。计入汇总 {} 个单位。",
        c.format.name,
        c.format.source,
        c.unit_count()
    ))]));
    b.extend(overview(c));
    b.extend(status_table(c));
    b.extend(reminder_section(c));
    b.extend(findings_section(c));
    b.extend(rule_summary(c));
    b.push(Block::Heading(2, "汇总数据审核".to_string()));
    if checked.is_empty() {
        b.push(Block::Para(vec![Span::Raw(
            "汇总后的数字符合全部勾稽关系。".to_string(),
        )]));
    } else {
        let items = checked
            .iter()
            .map(|f| {
                let mut item = finding_item(f);
                let sources = sources_of(c, f);
                if !sources.is_empty() {
                    item.subs.push(vec![
                        Span::Raw("来自：".to_string()),
                        Span::Text(sources.join("、")),
                    ]);
                }
                item
            })
            .collect();
        b.push(Block::List(items));
    }
    if let Some(p) = prior {
        b.extend(year_on_year(c.format, &c.totals, c.year, c.unit_count(), p));
    }
    if let Some(last) = &c.last_year {
        b.extend(units_against_last_year(last));
    }
    b.extend(charts(c, prior));
    let totals = &c.totals;
    let mut draft = Draft::new(report_title(unit, Some(c.year)), c.format, &|code| {
        totals.get(code).copied().unwrap_or_default()
    });
    if checked.iter().any(Finding::is_open_error) {
        draft.notes.push(vec![Span::Bold("注意：下面的统计表中有勾稽关系不成立（见“汇总数据审核”），请先督促有关单位改正，再用于年度报告。".to_string())]);
    }
    doc.draft = Some(draft);
    doc
}

/// The pictures of the HTML page: 新收申请 by unit, the make-up of 办理结果, and this year
/// against last year when last year's consolidation is given.
fn charts(c: &Consolidation, prior: Option<&Filing>) -> Vec<Block> {
    crate::write::charts::charts(c, prior)
        .into_iter()
        .map(Block::Chart)
        .collect()
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
    single_document(report).to_markdown()
}

/// The report of one workbook as a document, for Markdown, Word and HTML alike.
pub fn single_document(report: &FileReport) -> Document {
    let Some(filing) = &report.filing else {
        let mut doc = Document::new(report.path.display().to_string());
        doc.blocks
            .push(Block::Para(vec![Span::Raw("无法读取：".to_string())]));
        doc.blocks.push(Block::List(
            report.findings.iter().map(finding_item).collect(),
        ));
        return doc;
    };
    let mut doc = Document::new(format!(
        "{}{}政府信息公开工作年度报告统计表",
        filing.unit,
        filing.year.map(|y| format!("{y}年度")).unwrap_or_default()
    ));
    let b = &mut doc.blocks;
    b.push(Block::Para(vec![
        Span::Raw("由 xxgk 生成。文件：".to_string()),
        Span::Text(report.path.display().to_string()),
        Span::Raw(format!(
            "。格式：{}（{}）。审核结果：{}。",
            filing.format.name,
            filing.format.source,
            crate::write::check_report::file_summary(report)
        )),
    ]));
    if !report.findings.is_empty() {
        b.push(Block::Heading(2, "审核发现".to_string()));
        b.push(Block::List(
            report.findings.iter().map(finding_item).collect(),
        ));
    }
    let invalid: Vec<String> = report
        .findings
        .iter()
        .filter(|f| matches!(f.rule.as_str(), "V4" | "V5"))
        .map(|f| format!("{}（{}）", f.place(), f.actual.trim()))
        .collect();
    let values = effective_values(filing);
    let mut draft = Draft::new(
        report_title(&filing.unit, filing.year),
        filing.format,
        &|code| values.get(code).copied().unwrap_or_default(),
    );
    if !invalid.is_empty() {
        draft.notes.push(vec![Span::Bold(format!(
            "注意：下面的统计表中，这些无效的值按0计：{}。",
            invalid.join("、")
        ))]);
    }
    doc.draft = Some(draft);
    doc
}

fn overview(c: &Consolidation) -> Vec<Block> {
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
    let mut out = vec![
        Block::Heading(2, "报送概况".to_string()),
        Block::Grid(Grid {
            headers: headers.map(String::from).to_vec(),
            rows: vec![row.to_vec()],
            right: vec![true; 10],
        }),
    ];
    let flawed = c.flawed_included();
    if !flawed.is_empty() {
        out.push(Block::Para(vec![
            Span::Bold(format!(
                "注意：计入汇总的单位中有 {} 个有未改正的错误：{}。",
                flawed.len(),
                flawed.join("、")
            )),
            Span::Raw(format!(
                " 汇总数以它们报送的数字计算（无效的值按0计），请督促改正后重新汇总，或{}。",
                c.remedies.turn_on(crate::format::remedy::Setting::Strict)
            )),
        ]));
    }
    let outside: Vec<String> = c
        .members
        .iter()
        .filter(|m| m.included() && c.has_roster && m.roster_line.is_none())
        .map(|m| m.unit())
        .collect();
    if !outside.is_empty() {
        out.push(Block::Para(vec![
            Span::Bold(format!(
                "注意：不在名单中的{}也计入了汇总。",
                outside.join("、")
            )),
            Span::Raw(" 如不应计入（例如属于其他区），请把它的文件移出后重新汇总。".to_string()),
        ]));
    }
    out
}

fn status_table(c: &Consolidation) -> Vec<Block> {
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
            m.unit(),
            member_status(c, m),
            if m.included() { "是" } else { "否" }.to_string(),
            member_note(m),
            m.file_name(),
            m.report.errors().to_string(),
            m.report.open_warnings().to_string(),
        ]);
    }
    for missing in &c.missing {
        rows.push(vec![
            String::new(),
            missing.unit.clone(),
            "未报送".to_string(),
            "否".to_string(),
            std::iter::once(format!("名单第{}行", missing.line))
                .chain(missing.notes.iter().cloned())
                .collect::<Vec<_>>()
                .join("；"),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    for unit in c.last_year.iter().flat_map(|l| l.gone_off_roster(c)) {
        rows.push(vec![
            String::new(),
            unit.to_string(),
            crate::write::consolidated::GONE.to_string(),
            "否".to_string(),
            crate::write::consolidated::GONE_NOTE.to_string(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    let mut out = vec![
        Block::Heading(2, "各单位报送情况".to_string()),
        Block::Grid(Grid {
            headers: headers.to_vec(),
            rows,
            right: vec![true, false, false, false, false, false, true, true],
        }),
    ];
    if !c.skipped.is_empty() {
        out.push(Block::Para(vec![Span::Raw("未读取的文件：".to_string())]));
        out.push(Block::List(
            c.skipped
                .iter()
                .map(|s| Item {
                    spans: vec![
                        Span::Text(s.path.display().to_string()),
                        Span::Raw(format!("：{}", s.reason)),
                    ],
                    subs: Vec::new(),
                })
                .collect(),
        ));
    }
    out
}

/// 催报名单: the units to chase, with whom to call.
fn reminder_section(c: &Consolidation) -> Vec<Block> {
    let list = crate::write::notices::reminders(c);
    if list.is_empty() {
        return Vec::new();
    }
    let rows = list
        .iter()
        .enumerate()
        .map(|(i, r)| {
            vec![
                (i + 1).to_string(),
                r.unit.clone(),
                r.reason.clone(),
                r.contact.clone(),
                r.phone.clone(),
            ]
        })
        .collect();
    vec![
        Block::Heading(2, "催报名单".to_string()),
        Block::Grid(Grid {
            headers: ["序号", "单位", "原因", "联系人", "联系电话"]
                .map(String::from)
                .to_vec(),
            rows,
            right: vec![true, false, false, false, false],
        }),
    ]
}

fn findings_section(c: &Consolidation) -> Vec<Block> {
    let mut out = vec![Block::Heading(2, "审核发现".to_string())];
    let mut any = false;
    for m in c.members.iter().filter(|m| !m.report.findings.is_empty()) {
        any = true;
        out.push(Block::Heading(
            3,
            format!("{}（{}）", m.unit(), m.file_name()),
        ));
        out.push(Block::List(
            m.report.findings.iter().map(finding_item).collect(),
        ));
    }
    if !c.findings.is_empty() {
        any = true;
        out.push(Block::Heading(3, "汇总时发现".to_string()));
        out.push(Block::List(c.findings.iter().map(finding_item).collect()));
    }
    if !any {
        out.push(Block::Para(vec![Span::Raw("没有发现问题。".to_string())]));
    }
    out
}

/// One finding as a list item: severity, rule, place, labels, message, arithmetic, advice.
pub fn finding_item(f: &Finding) -> Item {
    let mut spans = match (f.severity, &f.explanation) {
        (Severity::Error, _) => vec![Span::Raw("✗ ".to_string()), Span::Bold("错误".to_string())],
        (Severity::Warning, Some(_)) => vec![Span::Raw("✓ 已说明".to_string())],
        (Severity::Warning, None) => vec![Span::Raw("! 警告".to_string())],
    };
    spans.push(Span::Raw(format!(" {}", f.rule)));
    if !f.place().is_empty() {
        spans.push(Span::Raw(" ".to_string()));
        spans.push(Span::Code(f.place()));
    }
    if !f.code.is_empty() {
        spans.push(Span::Raw(format!("（{}）", f.code)));
    }
    let labels = match (f.row_label.is_empty(), f.column_label.is_empty()) {
        (false, false) => format!(" {} × {}", f.row_label, f.column_label),
        _ => format!(" {}{}", f.row_label, f.column_label),
    };
    spans.push(Span::Text(labels.trim_end().to_string()));
    spans.push(Span::Raw("：".to_string()));
    spans.push(Span::Text(f.message.clone()));
    let mut subs = Vec::new();
    if !f.arithmetic.is_empty() {
        subs.push(vec![Span::Raw(format!("计算：{}", f.arithmetic))]);
    }
    match &f.explanation {
        Some(text) => subs.push(vec![
            Span::Raw("单位说明：".to_string()),
            Span::Text(text.clone()),
        ]),
        None if !f.hint.is_empty() => subs.push(vec![Span::Raw(format!("提示：{}", f.hint))]),
        None => {}
    }
    Item { spans, subs }
}

/// How many units fail each rule, in rule order.
fn rule_summary(c: &Consolidation) -> Vec<Block> {
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
    let mut out = vec![Block::Heading(2, "各规则不通过的单位数".to_string())];
    if units.is_empty() {
        out.push(Block::Para(vec![Span::Raw(
            "全部单位通过全部规则。".to_string(),
        )]));
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
                check_name(id, c.format),
                list.len().to_string(),
                list.join("、"),
            ]
        })
        .collect();
    out.push(Block::Grid(Grid {
        headers: ["规则", "名称", "单位数", "单位"]
            .map(String::from)
            .to_vec(),
        rows,
        right: vec![false, false, true, false],
    }));
    out
}

/// Main figures this year and last, with the change and percentage.
fn year_on_year(
    format: &Format,
    totals: &BTreeMap<String, Decimal>,
    year: u16,
    units: usize,
    prior: &Filing,
) -> Vec<Block> {
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
    let mut out = vec![Block::Heading(2, format!("同比（与{prior_year}比较）"))];
    if let (Some(before), now) = (prior.members, units)
        && before != now
    {
        out.push(Block::Para(vec![Span::Raw(format!(
            "上年汇总表计入 {before} 个单位，本年计入 {now} 个单位，增减中含单位数变化的影响。"
        ))]));
    }
    out.push(Block::Grid(Grid {
        headers: vec![
            "项目".to_string(),
            format!("{year}年度"),
            prior_year.clone(),
            "增减".to_string(),
            "增减幅度".to_string(),
        ],
        rows,
        right: vec![false, true, true, true, true],
    }));
    out
}

/// The 历史审核 of every unit against its own row of last year's 分单位明细: how many were
/// compared, which fail a cross-year rule, which are new, and which sent nothing this year.
fn units_against_last_year(last: &crate::merge::prior::LastYear) -> Vec<Block> {
    let prior_year = last
        .year
        .map_or("上一年度".to_string(), |y| format!("{y}年度"));
    let line = |title: &str, list: &[String]| {
        let body = if list.is_empty() {
            Span::Raw("无".to_string())
        } else {
            Span::Text(list.join("、"))
        };
        Item {
            spans: vec![Span::Raw(format!("{title}：")), body],
            subs: Vec::new(),
        }
    };
    let failing: Vec<String> = last
        .failing
        .iter()
        .map(|(unit, n)| format!("{unit}（{n} 处）"))
        .collect();
    vec![
        Block::Heading(
            2,
            format!("分单位跨年度审核（与{prior_year}汇总表的分单位明细比较）"),
        ),
        Block::Para(vec![Span::Raw(format!(
            "按单位代码（没有代码时按名称）与上年对应的单位 {} 个，逐个按 {} 审核。",
            last.compared,
            last.rules.join("、")
        ))]),
        Block::List(vec![
            line("不通过的单位（见“审核发现”）", &failing),
            line("上年汇总表中没有、本年新报送的单位", &last.new),
            line("上年报送、本年没有报送的单位", &last.gone),
        ]),
    ]
}

fn signed(d: Decimal) -> String {
    let d = d.normalize();
    if d.is_sign_positive() && !d.is_zero() {
        format!("+{d}")
    } else {
        d.to_string()
    }
}
