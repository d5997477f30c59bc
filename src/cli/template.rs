//! `xxgk template`: one official template workbook per unit.

use std::path::{Path, PathBuf};

use crate::cli::inputs::shown;
use crate::cli::output::{
    OutputError, ensure_writable_dir, output_file, output_folder, write_atomic,
};
use crate::format::Format;
use crate::merge::roster::{Roster, Unit};
use crate::write::template::{Header, Values, workbook_bytes};

use super::{OK, PROBLEMS, USAGE, error};

/// Arguments of `xxgk template`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// 报告年度，如 2025；决定使用哪一版格式（2020年度及以前为2019版，2021年度起为2021版）
    #[arg(long, value_name = "年度", allow_hyphen_values = true)]
    pub year: Option<String>,
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
    let year = match args.year.as_deref().map(parse_year).transpose() {
        Ok(y) => y,
        Err(message) => {
            error(message);
            return USAGE;
        }
    };
    let format = match choose_format(year, args.format.as_deref()) {
        Ok(f) => f,
        Err(message) => {
            error(message);
            return USAGE;
        }
    };
    match &args.roster {
        Some(roster) => from_roster(args, format, year, roster),
        None => single(args, format, year),
    }
}

/// Reads `--year` leniently (`２０２５年` is fine) and explains a year out of range.
///
/// ```
/// use xxgk::cmd::template::parse_year;
/// assert_eq!(parse_year("２０２５年"), Ok(2025));
/// assert!(parse_year("abc").unwrap_err().contains("例如 2025"));
/// ```
pub fn parse_year(text: &str) -> Result<u16, String> {
    match crate::format::value::parse_year(text) {
        Some(y) if (2019..=2100).contains(&y) => Ok(y),
        Some(y) => Err(format!(
            "报告年度 {y} 不在支持范围内。政府信息公开工作年度报告格式自2019年度起施行，请填写2019至2100之间的年度，例如 2025。"
        )),
        None => Err(format!(
            "报告年度“{}”无法识别，请填写四位数字年份，例如 2025。",
            text.trim()
        )),
    }
}

/// Picks the format from `--format`, else from `--year`; explains what is missing otherwise.
fn choose_format(year: Option<u16>, format: Option<&str>) -> Result<&'static Format, String> {
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

fn single(args: &Args, format: &Format, year: Option<u16>) -> i32 {
    let unit = match &args.unit {
        Some(name) => match check_unit_name(name) {
            Ok(n) => n,
            Err(message) => {
                error(message);
                return USAGE;
            }
        },
        None => String::new(),
    };
    if year.is_none() && !unit.is_empty() {
        eprintln!("注意：没有指定 --year，封面上的报告年度留空，由单位自行填写。");
    }
    let header = Header {
        unit: unit.clone(),
        year,
        ..Header::default()
    };
    let default_name = match file_name(&unit, year, format) {
        Ok(name) => name,
        Err(e) => {
            error(e);
            return USAGE;
        }
    };
    let path = match output_file(args.output.as_deref(), Path::new(&default_name), "xlsx") {
        Ok(p) => p,
        Err(e) => {
            error(e);
            return USAGE;
        }
    };
    match write_one(format, &header, &path, args.force) {
        Ok(()) => {
            super::emit(&format!(
                "已生成 {}（{}）\n",
                path.display(),
                describe(format, year)
            ));
            OK
        }
        Err(e) => {
            error(e);
            USAGE
        }
    }
}

/// A unit name given with `--unit`: trimmed, not empty, no line breaks or control characters.
fn check_unit_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("单位名称不能为空。例如：--unit 前进街道".to_string());
    }
    if name.chars().any(char::is_control) {
        return Err(format!(
            "单位名称“{}”含有换行符等控制字符，请只写单位名称。",
            name.escape_debug()
        ));
    }
    Ok(name.to_string())
}

fn from_roster(args: &Args, format: &Format, year: Option<u16>, roster_path: &Path) -> i32 {
    let Some(given) = &args.output else {
        error("使用名单时请用 -o 指定输出文件夹，例如 -o 模板/。");
        return USAGE;
    };
    let dir = match output_folder(given) {
        Ok(d) => d,
        Err(e) => {
            error(e);
            return USAGE;
        }
    };
    let dir = &dir;
    if roster_path.is_dir() {
        error(format!(
            "“{}”是一个文件夹。--roster 后面应写名单文件（.csv），例如 --roster 名单.csv。",
            roster_path.display()
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
    if let Err(e) = ensure_writable_dir(dir) {
        error(e);
        return USAGE;
    }
    // First decide every file name (in roster order, to catch collisions), then write the
    // workbooks on every core, then report in roster order.
    let plan = crate::tasks::template::plan(&roster, format, year);
    let mut problems = plan.problems;
    let mut written = 0;
    let mut existing = Vec::new();
    let jobs: Vec<(&Unit, Header, PathBuf)> = plan
        .files
        .into_iter()
        .map(|p| (p.unit, p.header, shown(&dir.join(&p.file_name))))
        .collect();
    // One model workbook, stamped with each unit's fields (see crate::write::stamp).
    let stamper = crate::write::stamp::Stamper::new(format, year);
    let results: Vec<Result<(), OutputError>> = {
        use rayon::prelude::*;
        jobs.par_iter()
            .map(|(_, header, path)| {
                let bytes = stamper.template(header).map_err(|e| OutputError::Io {
                    path: path.display().to_string(),
                    source: std::io::Error::other(e.to_string()),
                })?;
                write_atomic(path, &bytes, args.force)
            })
            .collect()
    };
    for ((unit, _, path), result) in jobs.into_iter().zip(results) {
        match result {
            Ok(()) => {
                written += 1;
                super::emit(&format!("已生成 {}\n", path.display()));
            }
            Err(OutputError::Exists(_)) => existing.push(path),
            Err(e) => problems.push((
                unit.line,
                format!("名单第{}行“{}”：{e}", unit.line, unit.name),
            )),
        }
    }
    problems.sort_by_key(|(line, _)| *line);
    if !problems.is_empty() {
        eprintln!("名单中有 {} 个问题需要处理：", problems.len());
        for (_, p) in &problems {
            eprintln!("  - {p}");
        }
    }
    if !existing.is_empty() {
        eprintln!(
            "有 {} 份模板已存在，未覆盖（例如 {}）。那可能是单位已填好的表；如确需重新生成，请加 --force。",
            existing.len(),
            existing[0].display()
        );
    }
    super::emit(&format!(
        "共生成 {written} 份模板（{}），保存在 {}。\n",
        describe(format, year),
        dir.display()
    ));
    if !existing.is_empty() {
        USAGE // not done as asked: the existing files were not replaced
    } else if !problems.is_empty() {
        PROBLEMS
    } else {
        OK
    }
}

fn write_one(format: &Format, header: &Header, path: &Path, force: bool) -> Result<(), String> {
    write_one_checked(format, header, path, force).map_err(|e| e.to_string())
}

fn write_one_checked(
    format: &Format,
    header: &Header,
    path: &Path,
    force: bool,
) -> Result<(), OutputError> {
    let bytes = workbook_bytes(format, header, &Values::new()).map_err(|e| OutputError::Io {
        path: path.display().to_string(),
        source: std::io::Error::other(e.to_string()),
    })?;
    write_atomic(path, &bytes, force)
}

fn file_name(unit: &str, year: Option<u16>, format: &Format) -> Result<String, OutputError> {
    crate::tasks::template::file_name(unit, year, format).map_err(|e| OutputError::EmptyName(e.0))
}

fn describe(format: &Format, year: Option<u16>) -> String {
    match year {
        Some(y) => format!("{y}年度，{}", format.name),
        None => format!("空白，{}", format.name),
    }
}
