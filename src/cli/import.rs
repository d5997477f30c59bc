//! `xxgk import`: a published report (text copied from a web page, `pdftotext -layout` output,
//! or a saved HTML page) into a filled official workbook, checked.

use std::path::PathBuf;

use crate::cli::output::write_atomic;
use crate::filing::Filing;
use crate::read::import::title::Title;
use crate::tasks::import::ImportError;

use super::{OK, PROBLEMS, USAGE, error};

/// Arguments of `xxgk import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// 报告文件：网页复制的文本、pdftotext 提取的文本，或保存的网页（.html）
    #[arg(value_name = "报告文件")]
    pub path: PathBuf,
    /// 写出的工作簿（.xlsx）；不写时与报告同名
    #[arg(short = 'o', long, value_name = "输出.xlsx")]
    pub output: Option<PathBuf>,
    /// 报告年度（不写时从报告标题中读取）
    #[arg(long, value_name = "年度", allow_hyphen_values = true)]
    pub year: Option<String>,
    /// 单位名称（不写时从报告标题中读取）
    #[arg(long, value_name = "单位名称")]
    pub unit: Option<String>,
    /// 输出文件已存在时覆盖
    #[arg(long)]
    pub force: bool,
}

/// Runs the command: 0 when the report imports without errors, 1 with errors, 2 when it cannot
/// be imported.
pub fn run(args: &Args) -> i32 {
    match import(args) {
        Ok(code) => code,
        Err(message) => {
            error(message);
            USAGE
        }
    }
}

fn import(args: &Args) -> Result<i32, String> {
    let year = args
        .year
        .as_deref()
        .map(super::template::parse_year)
        .transpose()?;
    let bytes = std::fs::read(&args.path).map_err(|e| {
        format!(
            "无法读取 {}：{}",
            args.path.display(),
            crate::cli::output::io_message(&e)
        )
    })?;
    let name = crate::cli::inputs::shown(&args.path).display().to_string();
    let imported = crate::tasks::import::import(&name, &bytes, args.unit.as_deref(), year)
        .map_err(|e| refusal(&name, e))?;
    let (title, filing, findings) = (imported.title, imported.filing, imported.findings);
    let default = args.path.with_extension("xlsx");
    let default = match args.output {
        // Into a folder the workbook goes under the report's own name.
        Some(_) => PathBuf::from(default.file_name().unwrap_or_default()),
        None => default,
    };
    let out = crate::cli::output::output_file(args.output.as_deref(), &default, "xlsx")
        .map_err(|e| e.to_string())?;
    if out
        .canonicalize()
        .ok()
        .is_some_and(|o| Some(o) == args.path.canonicalize().ok())
    {
        return Err("输出文件不能与报告文件相同。".to_string());
    }
    write_atomic(&out, &imported.workbook, args.force).map_err(|e| e.to_string())?;
    eprintln!(
        "{}",
        crate::tasks::import::done_line(&name, &filing, &out.display().to_string())
    );
    if let Some(note) = title_note(args, &title, &filing) {
        eprintln!("{note}");
    }
    if let Some(note) = overridden(args, &title) {
        eprintln!("{note}");
    }
    for line in crate::write::check_report::finding_lines(&findings) {
        eprintln!("{line}");
    }
    Ok(if findings.iter().any(|f| f.is_open_error()) {
        PROBLEMS
    } else {
        OK
    })
}

/// Why the file was not imported, and what to do with it instead.
fn refusal(name: &str, e: ImportError) -> String {
    match e {
        ImportError::Pdf => format!(
            "{name} 是 PDF 文件，xxgk 不能直接读取。请先提取文字再导入：pdftotext -layout {name} 报告.txt && xxgk import 报告.txt（pdftotext 在 poppler-utils 中；也可以在 PDF 阅读器中全选、复制，粘贴到记事本另存为 .txt）。"
        ),
        ImportError::Workbook => format!(
            "{name} 是表格文件（工作簿），不是报告的文字或网页，不需要导入。审核它请用：xxgk check {name}"
        ),
        ImportError::Report(message) => message,
    }
}

/// `--year` or `--unit` that differs from what the title says: used as given, but said, since
/// a mistyped year puts a report into the wrong year without a word.
fn overridden(args: &Args, title: &Title) -> Option<String> {
    let given_year = args
        .year
        .as_deref()
        .and_then(crate::format::value::parse_year);
    let mut notes = Vec::new();
    if let (Some(given), Some(read)) = (given_year, title.year)
        && given != read
    {
        notes.push(format!(
            "报告标题写的是{read}年度，按 --year 写的{given}年度导入"
        ));
    }
    if let (Some(given), Some(read)) = (args.unit.as_deref(), title.unit.as_deref())
        && crate::format::labels::normalize(given) != crate::format::labels::normalize(read)
    {
        notes.push(format!(
            "报告标题写的单位是“{read}”，按 --unit 写的“{given}”导入"
        ));
    }
    (!notes.is_empty()).then(|| {
        format!(
            "注意：{}。如果写错了，请改正 --year 或 --unit 后重新导入（加 --force 覆盖）。",
            notes.join("；")
        )
    })
}

/// When the unit or year could not be read from the title: which lines were looked at, and
/// the command to give them.
fn title_note(args: &Args, title: &Title, filing: &Filing) -> Option<String> {
    let no_unit = filing.unit.is_empty();
    let no_year = filing.year.is_none();
    if !no_unit && !no_year {
        return None;
    }
    let missing = match (no_unit, no_year) {
        (true, true) => "单位和年度",
        (true, false) => "单位",
        _ => "年度",
    };
    let unit = if no_unit {
        "某某区人民政府".to_string()
    } else {
        filing.unit.clone()
    };
    let year = filing.year.map_or("2023".to_string(), |y| y.to_string());
    let mut options = Vec::new();
    if no_unit || args.unit.is_some() {
        options.push(format!("--unit {unit}"));
    }
    if no_year || args.year.is_some() {
        options.push(format!("--year {year}"));
    }
    let flags = match (no_unit, no_year) {
        (true, true) => "--unit 和 --year",
        (true, false) => "--unit",
        _ => "--year",
    };
    Some(format!(
        "没有从报告标题中读到{missing}（{}）。请用 {flags} 写明{missing}，例如：xxgk import {} {}",
        title.where_looked(),
        args.path.display(),
        options.join(" ")
    ))
}
