//! # The front end: the command line
//!
//! The subcommands, one module each, thin over the library core (xsv style): arguments → files
//! → the stages → files. Each takes its parsed arguments and returns the process exit code;
//! everything it prints is Chinese. Output paths and atomic writes are in [`output`].
//!
//! **A new subcommand goes here**, as a module with its `Args` and `run`, listed in
//! `src/main.rs`.
//!
//! Depends on every stage; nothing in the library depends on it.

pub mod inputs;
pub mod limits;
pub mod output;
pub mod remedies;

pub mod check;
pub mod desktop;
pub mod formats;
pub mod import;
pub mod merge;
pub mod notices;
pub mod report;
pub mod template;

// `xxgk mail` and `xxgk collect` (feature `mail`).
#[cfg(feature = "mail")]
pub mod collect;
#[cfg(feature = "mail")]
pub mod ledger;
#[cfg(feature = "mail")]
pub mod mail;
#[cfg(feature = "mail")]
pub mod mailnet;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

/// Exit code: done as asked, with no errors (warnings allowed).
pub const OK: i32 = 0;
/// Exit code: done, but findings with errors (a wrong figure, an unreadable file among
/// others, a unit that did not report).
pub const PROBLEMS: i32 = 1;
/// Exit code: could not do what was asked (wrong arguments, nothing readable, an output that
/// would replace an existing file without `--force`).
pub const USAGE: i32 = 2;

/// The exit codes as every `--help` and the README state them.
pub const EXIT_CODES: &str = "退出状态：0 完成，没有错误（可以有警告）；1 完成，但审核发现错误（或有单位未报送、有文件无法读取）；2 无法完成（参数有误、没有能读取的文件、输出文件已存在而没有加 --force）。";

/// Puts every piece of clap's help output into Chinese: the usage line, headings, and the
/// help and version flags, for the main command and each subcommand.
pub fn localize(command: Command) -> Command {
    let name = command.get_name().to_string();
    let root = !command.has_subcommands() && name == "xxgk" || command.has_subcommands();
    let mut command = command.disable_help_flag(true).arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .help("显示帮助"),
    );
    if root {
        command = command
            .disable_version_flag(true)
            .arg(
                Arg::new("version")
                    .short('V')
                    .long("version")
                    .action(ArgAction::Version)
                    .help("显示版本号"),
            )
            .help_template(
                "{about}\n\n用法：xxgk <命令> [选项]\n\n命令：\n{subcommands}\n\n选项：\n{options}{after-help}",
            );
        let names: Vec<String> = command
            .get_subcommands()
            .map(|s| s.get_name().to_string())
            .collect();
        for sub in names {
            command = command.mut_subcommand(sub, localize);
        }
    } else {
        // clap's own usage line, with its English words replaced.
        let rendered = command.clone().render_usage().to_string();
        let usage = rendered
            .trim()
            .trim_start_matches("Usage:")
            .trim()
            .replace("[OPTIONS]", "[选项]");
        let usage = format!("xxgk {}", usage.trim_start_matches("xxgk").trim());
        let args = if command.get_positionals().next().is_some() {
            "参数和选项：\n{positionals}\n{options}"
        } else {
            "选项：\n{options}"
        };
        command = command
            .override_usage(usage.clone())
            .help_template(format!(
                "{{about}}\n\n用法：{usage}\n\n{args}\n{{after-help}}"
            ))
            .after_help(EXIT_CODES);
    }
    command
}

/// Translates clap's English parse errors into Chinese with a hint, so a user who mistypes
/// an option is told what to do in their language.
pub fn clap_error_zh(err: &clap::Error) -> String {
    let ctx = |kind| match err.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let arg = ctx(ContextKind::InvalidArg);
    let value = ctx(ContextKind::InvalidValue);
    let mut hint =
        "运行 xxgk --help 查看全部命令，xxgk 命令 --help 查看某个命令的用法。".to_string();
    let what = match err.kind() {
        ErrorKind::UnknownArgument if arg.starts_with(['—', '－', '–']) => {
            hint = "选项要用英文半角的两个减号开头，例如 --year 2025（中文输入法下容易打成“—”）。"
                .to_string();
            format!("不认识的参数：{arg}")
        }
        ErrorKind::UnknownArgument if !arg.starts_with('-') => {
            hint = format!("如果这是单位名称，请写成 --unit {arg}；名称中有空格时请加引号。");
            format!("多余的参数：{arg}")
        }
        ErrorKind::UnknownArgument => {
            let suggested = ctx(ContextKind::SuggestedArg);
            if !suggested.is_empty() {
                hint = format!("您是不是要写 {suggested}？");
            }
            format!("不认识的参数：{arg}")
        }
        ErrorKind::InvalidSubcommand => {
            let suggested = ctx(ContextKind::SuggestedSubcommand);
            if !suggested.is_empty() {
                hint = format!("您是不是要写 xxgk {suggested}？");
            }
            format!("不认识的命令：{}", ctx(ContextKind::InvalidSubcommand))
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}"),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "请指定一个命令，例如 xxgk template".to_string()
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation if value.is_empty() => {
            let flag = arg.split_whitespace().next().unwrap_or(&arg).to_string();
            if let Some(example) = example_for(&flag) {
                hint = format!("例如：{flag} {example}");
            }
            format!("参数 {flag} 后面缺少值")
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => format!(
            "参数 {arg} 的值“{value}”无效{}{}",
            match ctx(ContextKind::ValidValue) {
                v if v.is_empty() => String::new(),
                v => format!("，可选：{v}"),
            },
            allowed_range(err)
        ),
        ErrorKind::ArgumentConflict if arg == ctx(ContextKind::PriorArg) => {
            format!("参数 {arg} 只能写一次")
        }
        ErrorKind::ArgumentConflict => {
            format!("参数 {arg} 不能与 {} 同时使用", ctx(ContextKind::PriorArg))
        }
        ErrorKind::InvalidUtf8 => "参数中有无法识别的字符（不是 UTF-8 编码）".to_string(),
        ErrorKind::TooManyValues => format!("多余的参数：{value}"),
        _ => format!("参数有误：{}", err.kind()),
    };
    format!("错误：{what}。\n{hint}")
}

/// “，允许的范围是 1 到 100000000” for a number outside an option's range; clap says so only
/// in English, in the error's source (“0 is not in 1..=100000000”).
fn allowed_range(err: &clap::Error) -> String {
    let Some(source) = std::error::Error::source(err).map(|s| s.to_string()) else {
        return String::new();
    };
    let Some((_, range)) = source.split_once(" is not in ") else {
        return String::new();
    };
    match range.trim().split_once("..") {
        Some((low, high)) if high.starts_with('=') => {
            format!("，允许的范围是 {low} 到 {}", &high[1..])
        }
        Some((low, high)) if high.is_empty() || high.len() >= 19 => {
            format!("，应为不小于 {low} 的整数")
        }
        Some((low, high)) => format!("，应不小于 {low} 且小于 {high}"),
        None => String::new(),
    }
}

/// Catches options typed the way people type them, before clap reads them as something else:
/// `——json` with the dashes of a Chinese input method (which `check` would take for a file
/// name), and `-year` with one dash (which clap reads as `-y -e -a -r`). `longs` are the long
/// options of the subcommand. A word that names an existing file is left alone.
///
/// ```
/// let longs = ["json", "year"];
/// let said = xxgk::cmd::mistyped_option(&["——json".into()], &longs).unwrap();
/// assert!(said.contains("--json"));
/// assert!(xxgk::cmd::mistyped_option(&["-year".into()], &longs).unwrap().contains("--year"));
/// assert!(xxgk::cmd::mistyped_option(&["-o".into()], &longs).is_none());
/// assert!(xxgk::cmd::mistyped_option(&["-3".into()], &longs).is_none());
/// ```
pub fn mistyped_option(args: &[std::ffi::OsString], longs: &[&str]) -> Option<String> {
    const DASHES: [char; 6] = ['—', '－', '–', '―', '﹣', '‐'];
    for arg in args {
        let Some(text) = arg.to_str() else { continue };
        if text == "--" {
            return None;
        }
        if std::path::Path::new(text).exists() {
            continue;
        }
        let word = text.trim_start_matches(|c| DASHES.contains(&c) || c == '-');
        let word = word.split_once('=').map_or(word, |(w, _)| w);
        let known = longs.contains(&word);
        if text.starts_with(DASHES) {
            let example = if known {
                format!("--{word}")
            } else {
                "--year 2025".to_string()
            };
            return Some(format!(
                "错误：不认识的参数：{text}。\n选项要用英文半角的两个减号开头，例如 {example}（中文输入法下容易打成“—”或全角的“－”）。"
            ));
        }
        let one_dash = text.starts_with('-') && !text.starts_with("--");
        if one_dash && word.len() > 1 && word.chars().all(|c| c.is_ascii_alphabetic() || c == '-') {
            return Some(if known {
                format!(
                    "错误：不认识的参数：{text}。\n您是不是要写 --{word}？长选项要用两个减号开头。"
                )
            } else {
                format!(
                    "错误：不认识的参数：{text}。\n长选项要用两个减号开头；这个命令没有 --{word}，用 --help 查看它的全部选项。"
                )
            });
        }
    }
    None
}

/// An option that takes a value followed straight by another option: `--year --unit 前进街道`.
/// Options such as `--year` accept values beginning with `-` (a negative year is explained,
/// not refused), so clap would read `--unit` as the year and complain about the unit name.
///
/// ```
/// let args = ["--year".into(), "--unit".into(), "前进街道".into()];
/// let said = xxgk::cli::missing_value(&args, &["year", "unit"], &["year", "unit"]).unwrap();
/// assert!(said.contains("--year 后面缺少值"));
/// assert!(xxgk::cli::missing_value(&["--year".into(), "2025".into()], &["year"], &["year"]).is_none());
/// ```
pub fn missing_value(
    args: &[std::ffi::OsString],
    valued: &[&str],
    longs: &[&str],
) -> Option<String> {
    let long = |a: &std::ffi::OsString| {
        a.to_str()
            .and_then(|t| t.strip_prefix("--"))
            .filter(|w| longs.contains(w))
            .map(str::to_string)
    };
    for pair in args.windows(2) {
        // `--year 报告.txt`: a year is never the name of an existing file.
        let is_file = std::path::Path::new(&pair[1]).is_file();
        let next =
            long(&pair[1]).or_else(|| is_file.then(|| pair[1].to_string_lossy().into_owned()));
        let (Some(option), Some(next)) = (long(&pair[0]), next) else {
            continue;
        };
        if is_file && option != "year" {
            continue;
        }
        let next = if is_file { next } else { format!("--{next}") };
        if valued.contains(&option.as_str()) {
            let flag = format!("--{option}");
            let example = example_for(&flag).unwrap_or("…");
            return Some(format!(
                "错误：参数 {flag} 后面缺少值（紧接着的是 {next}）。\n例如：{flag} {example}"
            ));
        }
    }
    None
}

/// An example value for an option, for “missing value” messages.
fn example_for(flag: &str) -> Option<&'static str> {
    Some(match flag {
        "--year" => "2025",
        "--unit" => "前进街道",
        "--roster" => "名单.csv",
        "--output" | "-o" => "模板/",
        "--format" => "2021",
        _ => return None,
    })
}

/// Writes a command's result to standard output. A reader that stops early (`xxgk check 收回/
/// | head`) closes the pipe: that is a normal end, so the program exits quietly with 0 instead
/// of panicking on the write. Any other write error is reported once, in Chinese.
///
/// ```no_run
/// xxgk::cmd::emit("小结：通过\n");
/// ```
pub fn emit(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(OK);
        }
        error(format!(
            "无法输出结果：{}",
            crate::cli::output::io_message(&e)
        ));
        std::process::exit(USAGE);
    }
}

/// Prints an error line in the common form.
pub fn error(message: impl std::fmt::Display) {
    eprintln!("错误：{message}");
}

/// Replaces Rust's English panic message with a Chinese one. A panic while reading one file
/// is caught at the file boundary and that file is reported as unreadable (F1); this line
/// says so instead of “thread 'main' panicked at …”, and still names the place for a bug
/// report.
pub fn chinese_panic_message() {
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "xxgk 内部错误（{place}：{what}）。读取某个文件时出现的，这个文件记为“无法读取”，其余文件照常处理；请把这一行反馈给维护者。"
        );
    }));
}
