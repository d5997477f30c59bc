//! `xxgk report`: the report of one workbook, a unit's or a consolidated one, as Markdown,
//! Word (`-o 报告.docx`) or a web page (`-o 报告.html`).

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
    /// 写入的报告文件：.md（Markdown）、.docx（Word）或 .html（网页）；不写时以 Markdown 输出到屏幕
    #[arg(short = 'o', long, value_name = "报告.md|报告.docx|报告.html")]
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
    let doc = crate::write::markdown::single_document(&report);
    let kind = args.output.as_deref().map_or("md", kind_of);
    let out = args
        .output
        .as_deref()
        .map(|o| {
            let default = args.path.with_extension(kind);
            crate::cli::output::output_file(
                Some(o),
                Path::new(default.file_name().unwrap_or_default()),
                kind,
            )
        })
        .transpose();
    let out = match out {
        Ok(out) => out,
        Err(crate::cli::output::OutputError::WrongExtension { path, found, .. }) => {
            error(format!(
                "输出“{path}”的扩展名是 .{found}；report 写出 Markdown（.md）、Word（.docx）或网页（.html）报告，请改用其中一种扩展名，例如 -o 报告.docx。"
            ));
            return USAGE;
        }
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
            let bytes = match kind {
                "docx" => match crate::write::docx::docx_bytes(&doc) {
                    Ok(bytes) => bytes,
                    Err(e) => {
                        error(e);
                        return USAGE;
                    }
                },
                "html" | "htm" => crate::write::html::html(&doc).into_bytes(),
                _ => doc.to_markdown().into_bytes(),
            };
            if let Err(e) = write_atomic(out, &bytes, args.force) {
                error(e);
                return USAGE;
            }
            eprintln!("已写出 {}", out.display());
        }
        None => super::emit(&doc.to_markdown()),
    }
    match report.status() {
        crate::check::Status::Unreadable => USAGE,
        crate::check::Status::Errors => PROBLEMS,
        _ => OK,
    }
}

/// What `-o` asks for, by its extension: `docx`, `html` (or `htm`), else Markdown.
fn kind_of(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "docx" => "docx",
        "html" => "html",
        "htm" => "htm",
        _ => "md",
    }
}
