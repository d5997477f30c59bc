//! `xxgk template`: one official template workbook per unit.

use std::path::{Path, PathBuf};

use crate::format::Format;
use crate::output::{OutputError, safe_file_stem, write_atomic};
use crate::roster::{Roster, Unit};
use crate::template::{Header, Values, workbook_bytes};

use super::{OK, PROBLEMS, USAGE, error};

/// Arguments of `xxgk template`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// 报告年度，如 2025；决定使用哪一版格式（2020年度及以前为2019版，2021年度起为2021版）
    #[arg(long, value_name = "年度")]
    pub year: Option<u16>,
    /// 指定格式版本（2019 或 2021），覆盖按年度选择的版本；不写年度时生成空白模板
    #[arg(long, value_name = "版本")]
    pub format: Option<String>,
    /// 单位名称：生成这一个单位的模板
    #[arg(long, value_name = "单位名称", conflicts_with = "roster")]
    pub unit: Option<String>,
    /// 名单文件（CSV，含“单位名称”列）：为名单中每个单位各生成一份模板
    #[arg(long, value_name = "名单.csv")]
    pub roster: Option<PathBuf>,
    /// 输出：单个单位时为 .xlsx 文件或文件夹；使用名单时为文件夹
    #[arg(short = 'o', long, value_name = "输出")]
    pub output: Option<PathBuf>,
    /// 输出文件已存在时覆盖（默认不覆盖）
    #[arg(long)]
    pub force: bool,
}

/// Runs the command and returns the exit code.
pub fn run(args: &Args) -> i32 {
    let format = match choose_format(args.year, args.format.as_deref()) {
        Ok(f) => f,
        Err(message) => {
            error(message);
            return USAGE;
        }
    };
    match &args.roster {
        Some(roster) => from_roster(args, format, roster),
        None => single(args, format),
    }
}

/// Picks the format from `--format`, else from `--year`; explains what is missing otherwise.
fn choose_format(year: Option<u16>, format: Option<&str>) -> Result<&'static Format, String> {
    if let Some(year) = year
        && !(2019..=2100).contains(&year)
    {
        return Err(format!(
            "报告年度 {year} 不在支持范围内。政府信息公开工作年度报告格式自2019年度起施行，请填写2019至2100之间的年度。"
        ));
    }
    let chosen = match (format, year) {
        (Some(id), _) => Format::by_id(id).ok_or_else(|| {
            let ids: Vec<&str> = Format::builtin().iter().map(|f| f.id.as_str()).collect();
            format!("没有“{id}”这一格式版本，可选：{}。", ids.join("、"))
        })?,
        (None, Some(year)) => Format::for_year(year),
        (None, None) => {
            return Err("请用 --year 指定报告年度（如 --year 2025）；如要空白模板，请用 --format 2021 或 --format 2019。".to_string());
        }
    };
    if let Some(year) = year
        && !chosen.applies_to(year)
    {
        eprintln!(
            "注意：{year}年度通常使用{}，这里按您的指定使用{}。",
            Format::for_year(year).name,
            chosen.name
        );
    }
    Ok(chosen)
}

fn single(args: &Args, format: &Format) -> i32 {
    let unit = args.unit.clone().unwrap_or_default().trim().to_string();
    let header = Header {
        unit: unit.clone(),
        year: args.year,
        ..Header::default()
    };
    let default_name = match file_name(&unit, args.year, format) {
        Ok(name) => name,
        Err(e) => {
            error(e);
            return USAGE;
        }
    };
    let path = match &args.output {
        Some(p) if p.is_dir() || p.to_string_lossy().ends_with(['/', '\\']) => p.join(default_name),
        Some(p) if !has_xlsx_extension(p) => {
            error(format!(
                "输出文件 {} 应以 .xlsx 结尾（模板是 Excel 工作簿）。",
                p.display()
            ));
            return USAGE;
        }
        Some(p) => p.clone(),
        None => PathBuf::from(default_name),
    };
    match write_one(format, &header, &path, args.force) {
        Ok(()) => {
            println!(
                "已生成 {}（{}）",
                path.display(),
                describe(format, args.year)
            );
            OK
        }
        Err(e) => {
            error(e);
            PROBLEMS
        }
    }
}

fn from_roster(args: &Args, format: &Format, roster_path: &Path) -> i32 {
    let Some(dir) = &args.output else {
        error("使用名单时请用 -o 指定输出文件夹，例如 -o 模板/。");
        return USAGE;
    };
    if dir.is_file() {
        error(format!(
            "{} 是一个文件；使用名单时 -o 应为文件夹。",
            dir.display()
        ));
        return USAGE;
    }
    let roster = match Roster::read(roster_path) {
        Ok(r) => r,
        Err(e) => {
            error(e);
            return USAGE;
        }
    };
    let mut problems: Vec<String> = roster.problems.iter().map(|p| p.message.clone()).collect();
    let mut written = 0;
    let mut taken: Vec<(String, &Unit)> = Vec::new();
    for unit in &roster.units {
        let name = match file_name(&unit.name, args.year, format) {
            Ok(n) => n,
            Err(e) => {
                problems.push(format!("名单第{}行：{e}", unit.line));
                continue;
            }
        };
        // Two names can map to the same file name (“a/b” and “a_b”); never let one overwrite
        // the other. File systems may ignore case, so compare case-insensitively.
        if let Some((_, other)) = taken
            .iter()
            .find(|(n, _)| n.to_lowercase() == name.to_lowercase())
        {
            problems.push(format!(
                "名单第{}行的单位“{}”与第{}行的“{}”会生成同名文件 {name}，已跳过。请修改其中一个单位名称。",
                unit.line, unit.name, other.line, other.name
            ));
            continue;
        }
        let header = Header {
            unit: unit.name.clone(),
            unit_code: unit.code.clone(),
            preparer: unit.contact.clone(),
            phone: unit.phone.clone(),
            year: args.year,
        };
        let path = dir.join(&name);
        taken.push((name, unit));
        match write_one(format, &header, &path, args.force) {
            Ok(()) => {
                written += 1;
                println!("已生成 {}", path.display());
            }
            Err(e) => problems.push(format!("名单第{}行“{}”：{e}", unit.line, unit.name)),
        }
    }
    println!(
        "共生成 {written} 份模板（{}），保存在 {}。",
        describe(format, args.year),
        dir.display()
    );
    if problems.is_empty() {
        return OK;
    }
    eprintln!("有 {} 个问题需要处理：", problems.len());
    for p in &problems {
        eprintln!("  - {p}");
    }
    PROBLEMS
}

fn write_one(format: &Format, header: &Header, path: &Path, force: bool) -> Result<(), String> {
    let bytes = workbook_bytes(format, header, &Values::new())
        .map_err(|e| format!("生成 {} 时出错：{e}", path.display()))?;
    write_atomic(path, &bytes, force).map_err(|e: OutputError| e.to_string())
}

/// `前进街道_2025.xlsx`, or `空白模板_2021版.xlsx` without unit and year.
fn file_name(unit: &str, year: Option<u16>, format: &Format) -> Result<String, OutputError> {
    let stem = if unit.is_empty() {
        "空白模板".to_string()
    } else {
        safe_file_stem(unit)?
    };
    Ok(match year {
        Some(y) => format!("{stem}_{y}.xlsx"),
        None => format!("{stem}_{}版.xlsx", format.id),
    })
}

fn has_xlsx_extension(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

fn describe(format: &Format, year: Option<u16>) -> String {
    match year {
        Some(y) => format!("{y}年度，{}", format.name),
        None => format!("空白，{}", format.name),
    }
}
