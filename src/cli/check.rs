//! `xxgk check`: reads filled workbooks and reports every problem, grouped by file, in Chinese
//! (or as JSON with `--json`).

use std::path::PathBuf;

use crate::check::summary::{Keep, Summary};
use crate::check::{FileReport, Status, check_summarized_by};
use crate::cli::inputs::collect;
use crate::cli::remedies::Cli;
use crate::filing::Filing;
use crate::read::limits::Limits;

pub use crate::write::check_report::{
    Only, describe, duplicates, file_summary, finding_lines, fingerprint, render_text, to_json,
};

use super::{OK, PROBLEMS, USAGE, error};

/// Arguments of `xxgk check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// 要审核的文件或文件夹（文件夹会逐层读取其中的 .xlsx、.xlsm、.xls、.ods）
    #[arg(value_name = "文件或文件夹", required = true)]
    pub paths: Vec<PathBuf>,
    /// 上年度的报表，用于跨年度审核（X1–X3）
    #[arg(long, value_name = "上年文件")]
    pub prior: Option<PathBuf>,
    /// 以 JSON 格式输出审核结果（供其他程序使用；总是包含全部文件）
    #[arg(long)]
    pub json: bool,
    /// 只列出有问题的文件：errors 只列有错误或无法读取的，warnings 再加上有未说明警告的；最后的汇总行照常
    #[arg(long, value_name = "范围", value_enum, hide_possible_values = true)]
    pub only: Option<Only>,
    /// 读取限制（文件大小、解压大小、单元格数、文字长度）
    #[command(flatten)]
    pub limits: crate::cli::limits::LimitArgs,
}

/// Runs the command and returns the exit code: 0 without errors, 1 when a file has an error,
/// 2 for usage errors or when nothing could be read.
pub fn run(args: &Args) -> i32 {
    let limits = args.limits.limits();
    let prior = match &args.prior {
        Some(path) => match load_prior(path, &limits) {
            Ok(f) => Some(f),
            Err(message) => {
                error(message);
                return USAGE;
            }
        },
        None => None,
    };
    let inputs = collect(&args.paths);
    for missing in &inputs.missing {
        error(format!("{} 不存在，请检查路径。", missing.display()));
    }
    if inputs.files.is_empty() {
        if inputs.missing.is_empty() {
            error("没有找到要审核的表格文件（.xlsx、.xlsm、.xls、.ods，或报告的 .txt、.html）。");
        }
        return USAGE;
    }
    let reports = check_files(&inputs.files, &limits, prior.as_ref());
    if let (Some(p), Some(path), false) = (&prior, &args.prior, args.json) {
        println!("{}\n", prior_line(p, path));
    }
    if args.json {
        super::emit(&crate::tasks::check::json(&reports, &inputs.skipped));
    } else {
        super::emit(&render_text(&reports, &inputs.skipped, args.only));
    }
    if reports.iter().all(|r| r.status() == Status::Unreadable) {
        USAGE
    } else if reports.iter().any(|r| r.errors() > 0) || !inputs.missing.is_empty() {
        PROBLEMS
    } else {
        OK
    }
}

/// Checks the files on every core. Collecting keeps the input order, so the output is the
/// same as a single-threaded run. Each file is summarised where it was read: a check of ten
/// thousand files keeps their findings, not their workbooks.
pub fn check_files(
    files: &[PathBuf],
    limits: &Limits,
    prior: Option<&Filing>,
) -> Vec<FileReport<Summary>> {
    use rayon::prelude::*;
    let rows = prior.map(crate::merge::prior::LastYearRows::new);
    files
        .par_iter()
        .map(|p| {
            let prior_for = |f: &Filing| rows.as_ref().map(|r| r.for_check(f));
            check_summarized_by(p, limits, &Cli, &prior_for, Keep::Header)
        })
        .collect()
}

/// What `--prior` was read as, above the findings, naming it as the user gave it.
fn prior_line(prior: &Filing, path: &std::path::Path) -> String {
    let path = crate::cli::inputs::shown(path);
    crate::write::check_report::prior_line(prior, &path.display().to_string())
}

/// Reads last year's file for the cross-year rules.
pub fn load_prior(path: &std::path::Path, limits: &Limits) -> Result<Filing, String> {
    if path.is_dir() {
        return Err(format!(
            "{} 是文件夹；--prior 后面应写上年度的一个表格文件，例如 --prior 上年/前进街道_2024.xlsx。",
            path.display()
        ));
    }
    crate::read::limits::isolated(|| {
        crate::check::read_filing_with(path, limits).map_err(|e| e.message(&Cli))
    })
    .map(|(filing, _)| filing)
    .map_err(|e| format!("上年文件 {} 无法读取：{e}", path.display()))
}
