//! `xxgk report`: the Markdown report of one workbook, a unit's or a consolidated one.

use std::path::{Path, PathBuf};

use crate::check::check_file_with;
use crate::cli::output::write_atomic;
use crate::cli::remedies::Cli;

use super::{OK, PROBLEMS, USAGE, error};

/// Arguments of `xxgk report`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// 一份表格（单位的或汇总的）
    #[arg(value_name = "表格文件")]
    pub path: PathBuf,
    /// 写入的 Markdown 文件；不写时输出到屏幕
    #[arg(short = 'o', long, value_name = "报告.md")]
    pub output: Option<PathBuf>,
    /// 输出文件已存在时覆盖
    #[arg(long)]
    pub force: bool,
}

/// Runs the command: 0 when the workbook has no errors, 1 when it has, 2 when unreadable.
pub fn run(args: &Args) -> i32 {
    if args.path.is_dir() {
        error(format!(
            "{} 是一个文件夹。report 为一份表格写报告，请给出其中的一个文件，例如 xxgk report {}；要为整个文件夹的表格写汇总报告，请用 xxgk merge。",
            args.path.display(),
            args.path.join("前进街道_2025.xlsx").display()
        ));
        return USAGE;
    }
    if !args.path.is_file() {
        error(format!("{} 不存在，请检查路径。", args.path.display()));
        return USAGE;
    }
    let shown = crate::cli::inputs::shown(&args.path);
    let report = check_file_with(&shown, &Default::default(), &Cli, None);
    let text = crate::write::markdown::single_report(&report);
    let out = args
        .output
        .as_deref()
        .map(|o| {
            let default = args.path.with_extension("md");
            crate::cli::output::output_file(
                Some(o),
                Path::new(default.file_name().unwrap_or_default()),
                "md",
            )
        })
        .transpose();
    let out = match out {
        Ok(out) => out,
        Err(e) => {
            error(e);
            return USAGE;
        }
    };
    match &out {
        Some(out) => {
            if out.canonicalize().ok() == args.path.canonicalize().ok() {
                error("输出文件不能与输入的表格相同。");
                return USAGE;
            }
            if let Err(e) = write_atomic(out, text.as_bytes(), args.force) {
                error(e);
                return USAGE;
            }
            eprintln!("已写出 {}", out.display());
        }
        None => super::emit(&text),
    }
    match report.status() {
        crate::check::Status::Unreadable => USAGE,
        crate::check::Status::Errors => PROBLEMS,
        _ => OK,
    }
}
