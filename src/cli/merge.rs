//! `xxgk merge`: consolidates returned workbooks into 汇总.xlsx, 汇总报告.md and optionally
//! 汇总明细.csv, listing every input file's fate.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::check::summary::{Keep, Summary};
use crate::check::{FileReport, check_summarized_by};
use crate::cli::inputs::{Skipped, collect, shown};
use crate::cli::output::{ensure_writable_dir, output_folder, write_atomic, write_atomic_with};
use crate::cli::remedies::Cli;
use crate::filing::Filing;
use crate::merge::roster::Roster;
use crate::merge::{Consolidation, Options};
use crate::read::limits::Limits;
use crate::tasks::merge::{
    Prior, consolidate_checked, finish, keep, name_the_prior, validate_prior, workbook_and_report,
};

use super::{OK, PROBLEMS, USAGE, error};

pub use crate::tasks::merge::{CSV, HTML, REPORT, WORD, WORKBOOK};

/// Arguments of `xxgk merge`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// 收回的表格文件或文件夹（文件夹会逐层读取）
    #[arg(value_name = "文件或文件夹", required = true)]
    pub paths: Vec<PathBuf>,
    /// 报送单位名单（CSV，含“单位名称”列），用于列出未报送和名单外的单位
    #[arg(long, value_name = "名单.csv")]
    pub roster: Option<PathBuf>,
    /// 汇总单位名称，如 大东区（写在汇总表封面上，上一级汇总时用它识别）
    #[arg(long, value_name = "单位名称", required = true)]
    pub unit: String,
    /// 报告年度；不写时所有表格须为同一年度，收到的表格年度不一时必须写明
    #[arg(long, value_name = "年度", allow_hyphen_values = true)]
    pub year: Option<String>,
    /// 输出文件夹：写入 汇总.xlsx、汇总报告.md（和 汇总明细.csv）
    #[arg(short = 'o', long, value_name = "输出文件夹")]
    pub output: Option<PathBuf>,
    /// 有错误的单位不计入汇总（默认计入，并在报告中列明）
    #[arg(long)]
    pub strict: bool,
    /// 同一单位有多份表格时，保留填报日期或文件时间最新的一份（默认都不计入并报错）
    #[arg(long)]
    pub keep_latest: bool,
    /// 上年度的汇总表，用于同比和跨年度审核
    #[arg(long, value_name = "上年汇总.xlsx")]
    pub prior: Option<PathBuf>,
    /// 同时写出长格式明细 汇总明细.csv
    #[arg(long)]
    pub csv: bool,
    /// 为有错误或未说明警告的单位写出审核意见（Word）和标注问题的表格，另写催报名单，都在输出文件夹的 退回/ 中
    #[arg(long)]
    pub notices: bool,
    /// 审核意见中要求重新报送的截止日期，如 2026-01-31
    #[arg(long, value_name = "年-月-日")]
    pub deadline: Option<String>,
    /// 输出文件夹中已有上次的结果时覆盖（默认不覆盖）
    #[arg(long)]
    pub force: bool,
    /// 读取限制（文件大小、解压大小、单元格数、文字长度）
    #[command(flatten)]
    pub limits: crate::cli::limits::LimitArgs,
}

/// Runs the command: 0 when every unit reported cleanly, 1 when some file has problems, 2 for
/// usage errors or when nothing could be read.
pub fn run(args: &Args) -> i32 {
    match merge(args) {
        Ok(code) => code,
        Err(message) => {
            error(message);
            USAGE
        }
    }
}

fn merge(args: &Args) -> Result<i32, String> {
    let limits = args.limits.limits();
    let year = args
        .year
        .as_deref()
        .map(super::template::parse_year)
        .transpose()?;
    let given = args
        .output
        .clone()
        .ok_or("请用 -o 指定输出文件夹，例如 -o 汇总/。")?;
    let dir = output_folder(&given).map_err(|e| e.to_string())?;
    refuse_earlier_results(&dir, args.csv, args.force)?;
    let deadline = crate::write::notices::deadline_text(args.deadline.as_deref())?;
    if args.deadline.is_some() && !args.notices {
        eprintln!("注意：--deadline 只用于审核意见，没有加 --notices，不写审核意见。");
    }
    if args.notices && !args.force && dir.join(crate::write::notices::FOLDER).exists() {
        return Err(format!(
            "输出文件夹 {} 中已有上次写出的 {}/，没有覆盖。如确需重新写出，请加 --force；或换一个输出文件夹。",
            dir.display(),
            crate::write::notices::FOLDER
        ));
    }
    if args.unit.trim().is_empty() {
        return Err("请用 --unit 写明汇总单位的名称，例如 --unit 大东区。".to_string());
    }
    let roster = args
        .roster
        .as_deref()
        .map(Roster::read)
        .transpose()
        .map_err(|e| e.to_string())?;
    if let Some(r) = &roster {
        for p in &r.problems {
            eprintln!("注意：{}", p.message);
        }
    }
    let prior = args
        .prior
        .as_deref()
        .map(|p| super::check::load_prior(p, &limits))
        .transpose()?;
    let prior_name = args
        .prior
        .as_deref()
        .map(|p| shown(p).display().to_string());
    let prior = prior
        .as_ref()
        .zip(prior_name.as_deref())
        .map(|(filing, name)| Prior { filing, name });
    if let Some(p) = prior {
        validate_prior(p, year, args.unit.trim(), &Cli)?;
    }
    ensure_writable_dir(&dir).map_err(|e| e.to_string())?;
    let mut inputs = collect(&args.paths);
    if let Some(missing) = inputs.missing.first() {
        return Err(format!("{} 不存在，请检查路径。", missing.display()));
    }
    keep_outputs_out(&mut inputs.files, &mut inputs.skipped, &dir, &limits)?;
    if inputs.files.is_empty() {
        return Err(
            "没有找到要汇总的表格文件（.xlsx、.xlsm、.xls、.ods，或报告的 .txt、.html）。"
                .to_string(),
        );
    }
    let reports = check_all(
        &inputs.files,
        &limits,
        keep(args.csv || args.notices),
        prior,
    );
    let options = Options {
        unit: args.unit.trim().to_string(),
        year,
        strict: args.strict,
        keep_latest: args.keep_latest,
        remedies: &Cli,
    };
    let mut c = consolidate_checked(reports, inputs.skipped, roster.as_ref(), &options).map_err(
        |failure| {
            for line in &failure.lines {
                eprintln!("{line}");
            }
            failure.message
        },
    )?;
    let checked = finish(&mut c, prior, &Cli)?;
    let mut written = write_outputs(&c, &checked, prior.map(|p| p.filing), &dir, args.csv)?;
    if args.notices {
        written.extend(super::notices::write(&c, &dir, &deadline)?);
    }
    let written: Vec<String> = written
        .iter()
        .map(|p| shown(p).display().to_string())
        .collect();
    eprintln!("{}", crate::tasks::merge::summary(&c, &written));
    let problems = c.members.iter().any(|m| m.report.errors() > 0)
        || !c.missing.is_empty()
        || c.findings.iter().any(|f| f.is_open_error());
    Ok(if problems { PROBLEMS } else { OK })
}

/// An earlier run's results are not replaced without `--force`: 汇总报告.md holds the
/// 年度报告草稿, which people edit. Checked before any work, naming every file.
fn refuse_earlier_results(dir: &Path, csv: bool, force: bool) -> Result<(), String> {
    if force {
        return Ok(());
    }
    let names: &[&str] = if csv {
        &[WORKBOOK, REPORT, CSV, WORD, HTML]
    } else {
        &[WORKBOOK, REPORT, WORD, HTML]
    };
    let existing: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| dir.join(n).exists())
        .collect();
    if existing.is_empty() {
        return Ok(());
    }
    Err(format!(
        "输出文件夹 {} 中已有上次汇总的结果：{}，没有覆盖（汇总报告.md 中的年度报告草稿可能已经修改过）。如确需重新汇总并覆盖，请加 --force；或换一个输出文件夹，例如 -o {}/。",
        dir.display(),
        existing.join("、"),
        dir.with_file_name(format!(
            "{}_新",
            dir.file_name()
                .map_or("汇总".into(), |n| n.to_string_lossy())
        ))
        .display()
    ))
}

/// Files inside the output folder are earlier outputs, not inputs: a re-run must not read
/// last run's 汇总.xlsx as a unit. Anything else there is refused, so no input can be
/// overwritten.
fn keep_outputs_out(
    files: &mut Vec<PathBuf>,
    skipped: &mut Vec<Skipped>,
    dir: &Path,
    limits: &Limits,
) -> Result<(), String> {
    let Ok(out) = dir.canonicalize() else {
        return Ok(());
    };
    let mut kept = Vec::new();
    for f in files.drain(..) {
        let inside = f.canonicalize().is_ok_and(|p| p.starts_with(&out));
        let ours = f
            .file_name()
            .is_some_and(|n| [WORKBOOK, REPORT, CSV, WORD, HTML].iter().any(|o| n == *o));
        // Only a consolidated workbook is a previous output; a unit's file named 汇总.xlsx is not.
        let ours = ours
            && (f.extension().is_some_and(|e| e != "xlsx")
                || crate::read::limits::isolated(|| {
                    crate::check::read_filing_with(&f, limits).map_err(|e| e.message(&Cli))
                })
                .is_ok_and(|(filing, _)| filing.members.is_some()));
        match (inside, ours) {
            (false, _) => kept.push(f),
            (true, true) => skipped.push(Skipped {
                path: f,
                reason: "输出文件夹中上次汇总的结果，不作为输入".to_string(),
            }),
            (true, false) => {
                return Err(format!(
                    "输出文件夹 {} 里有收回的表格（如 {}）。为避免覆盖，请另选一个输出文件夹，例如 -o 汇总结果/。",
                    dir.display(),
                    f.display()
                ));
            }
        }
    }
    *files = kept;
    Ok(())
}

/// Checks every file, with a progress bar on a terminal when there are many. Each file is
/// summarised in the thread that read it, so only summaries accumulate.
///
/// With last year's consolidation, each unit is checked against its own row of it (X1–X3).
fn check_all(
    files: &[PathBuf],
    limits: &Limits,
    keep: Keep,
    prior: Option<Prior>,
) -> Vec<FileReport<Summary>> {
    let rows = prior.map(|p| crate::merge::prior::LastYearRows::new(p.filing));
    let prior_for = |f: &Filing| rows.as_ref().and_then(|r| r.for_merge(f));
    let bar = if std::io::stderr().is_terminal() && files.len() > 20 {
        let bar = indicatif::ProgressBar::new(files.len() as u64);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("审核 {bar:40} {pos}/{len} 份 {msg}")
        {
            bar.set_style(style);
        }
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    // Every core reads files; collecting keeps the input order, so outputs do not depend on
    // the number of threads.
    let reports = {
        use rayon::prelude::*;
        files
            .par_iter()
            .map(|f| {
                let mut r = check_summarized_by(f, limits, &Cli, &prior_for, keep);
                if let Some(p) = prior {
                    name_the_prior(&mut r, p.name);
                }
                bar.inc(1);
                r
            })
            .collect()
    };
    bar.finish_and_clear();
    reports
}

/// Writes the workbook, the report and the CSV. The CSV (two million rows for ten thousand
/// units) is written on another thread while the workbook is built, so the two largest
/// outputs take the time of one.
fn write_outputs(
    c: &Consolidation,
    checked: &[crate::format::findings::Finding],
    prior: Option<&crate::filing::Filing>,
    dir: &Path,
    csv: bool,
) -> Result<Vec<PathBuf>, String> {
    let csv_path = dir.join(CSV);
    let (main, csv_written) = std::thread::scope(|scope| {
        let csv_job = csv.then(|| {
            scope.spawn(|| {
                write_atomic_with(&csv_path, true, |w| {
                    crate::write::export::write_csv(c, w).map_err(std::io::Error::other)
                })
                .map_err(|e| format!("生成明细 CSV 时出错：{e}"))
            })
        });
        let main = write_workbook_and_report(c, checked, prior, dir);
        let csv_written = csv_job.map(|job| {
            job.join()
                .unwrap_or_else(|_| Err("生成明细 CSV 时程序内部出错。".to_string()))
        });
        (main, csv_written)
    });
    let mut written = main?;
    if let Some(result) = csv_written {
        result?;
        written.push(csv_path);
    }
    Ok(written)
}

fn write_workbook_and_report(
    c: &Consolidation,
    checked: &[crate::format::findings::Finding],
    prior: Option<&crate::filing::Filing>,
    dir: &Path,
) -> Result<Vec<PathBuf>, String> {
    let (workbook, report) = workbook_and_report(c, checked, prior)?;
    let (word, html) = crate::tasks::merge::word_and_html(c, checked, prior)?;
    let outputs = [
        (dir.join(WORKBOOK), workbook),
        (dir.join(REPORT), report.into_bytes()),
        (dir.join(WORD), word),
        (dir.join(HTML), html.into_bytes()),
    ];
    for (path, bytes) in &outputs {
        write_atomic(path, bytes, true).map_err(|e| e.to_string())?;
    }
    Ok(outputs.into_iter().map(|(p, _)| p).collect())
}
