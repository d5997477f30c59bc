//! `xxgk formats`: shows the official versions, their data cells and their rules, so a user
//! can see exactly what will be checked.

use unicode_width::UnicodeWidthStr;

use crate::format::Format;
use crate::format::rules::{Each, RuleDef};

use super::{OK, USAGE, emit, error};

/// Arguments of `xxgk formats`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// 只显示这一版（2019 或 2021），并列出它的全部数据格
    #[arg(long, value_name = "版本")]
    pub format: Option<String>,
}

/// Runs the command and returns the exit code.
pub fn run(args: &Args) -> i32 {
    match &args.format {
        None => {
            let mut out = String::new();
            for format in Format::builtin() {
                out.push_str(&summary(format));
                out.push_str(&rules(format));
                out.push('\n');
            }
            out.push_str("用 xxgk formats --format 2021 查看某一版的全部数据格代码。\n");
            emit(&out);
            OK
        }
        Some(id) => match Format::by_id(id) {
            Some(format) => {
                emit(&[summary(format), cells(format), rules(format)].concat());
                OK
            }
            None => {
                error(format!("没有“{id}”这一格式版本，可选：2019、2021。"));
                USAGE
            }
        },
    }
}

/// Name, source, years and tables of a version.
pub fn summary(format: &Format) -> String {
    let years = match format.last_year {
        Some(last) => format!("{}—{}年度", format.first_year, last),
        None => format!("{}年度起", format.first_year),
    };
    let mut out = format!(
        "■ {}（{}），适用于{years}，共{}个数据格\n",
        format.name,
        format.source,
        format.cells().len()
    );
    for (t, table) in format.tables.iter().enumerate() {
        let n = format.cells().iter().filter(|c| c.table == t).count();
        out.push_str(&format!("  {} {}：{n}格\n", table.sheet, table.title));
    }
    out
}

/// Every data cell: code, labels and value kind.
pub fn cells(format: &Format) -> String {
    let width = format
        .cells()
        .iter()
        .map(|c| c.code.width())
        .max()
        .unwrap_or(0);
    let mut out = String::from("\n数据格（代码  表  行 × 列  填写要求）：\n");
    for cell in format.cells() {
        let (table, _, _, column) = format.parts(cell);
        let place = format.cell_label(cell);
        out.push_str(&format!(
            "  {:width$}  {}  {place}  {}\n",
            cell.code,
            table.sheet,
            cell.kind.describe(column.unit.as_deref()),
        ));
    }
    out
}

/// Every rule: id, severity, name, formula, what it runs over and its basis.
pub fn rules(format: &Format) -> String {
    let mut out = String::from("\n审核规则：\n");
    for rule in &format.rules {
        out.push_str(&describe_rule(format, rule));
    }
    out
}

fn describe_rule(format: &Format, rule: &RuleDef) -> String {
    let mut out = format!(
        "  {}［{}］{}{}\n    公式：{}\n",
        rule.id,
        rule.severity.label(),
        rule.name,
        if rule.is_cross_year() {
            "（跨年度，需提供上年报告）"
        } else {
            ""
        },
        rule.formula
    );
    if let Some((var, each)) = rule.each.iter().next() {
        let labels: Vec<String> = rule
            .instances(format)
            .unwrap_or_default()
            .iter()
            .filter_map(|i| i.bound.as_ref().map(|b| b.label.clone()))
            .collect();
        let scope = match each {
            Each::Spec(s) => s.clone(),
            Each::List(_) => "所列各项".to_string(),
        };
        out.push_str(&format!(
            "    {{{var}}} 取 {scope}：{}（共{}处）\n",
            labels.join("、"),
            labels.len()
        ));
    }
    if !rule.basis.is_empty() {
        out.push_str(&format!("    依据：{}\n", rule.basis));
    }
    out
}
