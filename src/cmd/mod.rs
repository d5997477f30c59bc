//! The subcommands, one module each, thin over the library core (xsv style). Each takes its
//! parsed arguments and returns the process exit code; everything it prints is Chinese.

pub mod formats;
pub mod template;

use clap::error::{ContextKind, ContextValue, ErrorKind};

/// Exit code when everything succeeded.
pub const OK: i32 = 0;
/// Exit code when some inputs had problems but the rest was done.
pub const PROBLEMS: i32 = 1;
/// Exit code when the command could not run at all (bad arguments).
pub const USAGE: i32 = 2;

/// Translates clap's English parse errors into Chinese with a hint, so a user who mistypes
/// an option is told what to do in their language.
pub fn clap_error_zh(err: &clap::Error) -> String {
    let ctx = |kind| match err.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let hint = "运行 xxgk --help 查看全部命令，xxgk 命令 --help 查看某个命令的用法。";
    let what = match err.kind() {
        ErrorKind::UnknownArgument => format!("不认识的参数：{}", ctx(ContextKind::InvalidArg)),
        ErrorKind::InvalidSubcommand => {
            format!("不认识的命令：{}", ctx(ContextKind::InvalidSubcommand))
        }
        ErrorKind::MissingRequiredArgument => {
            format!("缺少必需的参数：{}", ctx(ContextKind::InvalidArg))
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "请指定一个命令，例如 xxgk template。".to_string()
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => format!(
            "参数 {} 的值“{}”无效{}",
            ctx(ContextKind::InvalidArg),
            ctx(ContextKind::InvalidValue),
            match ctx(ContextKind::ValidValue) {
                v if v.is_empty() => String::new(),
                v => format!("，可选：{v}"),
            }
        ),
        ErrorKind::ArgumentConflict => format!(
            "参数 {} 不能与 {} 同时使用",
            ctx(ContextKind::InvalidArg),
            ctx(ContextKind::PriorArg)
        ),
        ErrorKind::TooManyValues => {
            format!("多余的参数：{}", ctx(ContextKind::InvalidValue))
        }
        _ => format!("参数有误：{}", err.render().to_string().trim()),
    };
    format!("错误：{what}。\n{hint}")
}

/// Prints an error line in the common form.
pub fn error(message: impl std::fmt::Display) {
    eprintln!("错误：{message}");
}
