//! The `xxgk` command line: only argument parsing and dispatch live here.

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, error::ErrorKind};
use xxgk::cli;

/// xxgk：政府信息公开工作年度报告的统计表工具——生成官方模板、审核、汇总。
#[derive(Parser)]
#[command(
    name = "xxgk",
    version,
    disable_help_subcommand = true,
    after_help = "\n示例：\n  xxgk template --year 2025 --unit 前进街道 -o 前进街道_2025.xlsx\n  xxgk template --year 2025 --roster 名单.csv -o 模板/\n  xxgk check 前进街道_2025.xlsx\n  xxgk check 收回/\n  xxgk merge 收回/ --roster 名单.csv --unit 大东区 --year 2025 -o 汇总/\n  xxgk import 前进街道2020年度报告.txt -o 前进街道_2020.xlsx\n  xxgk formats --format 2021\n\n退出状态：0 完成，没有错误；1 完成，但审核发现错误；2 无法完成（参数有误、没有能读取的文件、拒绝覆盖已有文件）。"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 生成官方统计表模板（Excel），每个单位一份
    Template(cli::template::Args),
    /// 审核填好的表格：逐格核对数值和勾稽关系，指出哪一格有问题、怎么改
    Check(cli::check::Args),
    /// 汇总各单位的表格：写出汇总表（Excel）、汇总报告（Markdown），列明每个文件的去向
    Merge(cli::merge::Args),
    /// 把公开发布的年度报告（网页文本、PDF 提取的文本或网页文件）转成官方统计表并审核
    Import(cli::import::Args),
    /// 为一份表格（单位的或汇总的）写出 Markdown 报告
    Report(cli::report::Args),
    /// 查看格式版本、全部数据格代码和审核规则
    #[command(alias = "rules")]
    Formats(cli::formats::Args),
    /// 把模板用邮件发给名单中的每个单位（写成 .eml 文件，或经发信服务器发送）；催报
    #[cfg(feature = "mail")]
    Mail(cli::mail::Args),
    /// 从邮箱（IMAP）或导出的邮件文件收取各单位发回的表格，每份只保存一次
    #[cfg(feature = "mail")]
    Collect(cli::collect::Args),
}

/// A mistyped option among the arguments of the subcommand named in `args[1]`.
fn mistyped(args: &[std::ffi::OsString]) -> Option<String> {
    let command = Cli::command();
    let sub = command.find_subcommand(args.get(1)?.to_str()?)?;
    let longs: Vec<&str> = sub.get_arguments().filter_map(|a| a.get_long()).collect();
    let valued: Vec<&str> = sub
        .get_arguments()
        .filter(|a| a.get_action().takes_values())
        .filter_map(|a| a.get_long())
        .collect();
    cli::mistyped_option(&args[2..], &longs)
        .or_else(|| cli::missing_value(&args[2..], &valued, &longs))
}

fn main() {
    cli::chinese_panic_message();
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.get(1).is_some_and(|a| a == "help") {
        args[1] = "--help".into(); // `xxgk help` is what many people try first
    }
    // A double-click, or files dropped on the program's icon (Windows).
    let is_command = |word: &str| Cli::command().find_subcommand(word).is_some();
    if let Some(code) = cli::desktop::run(&args, &is_command) {
        std::process::exit(code);
    }
    if let Some(message) = mistyped(&args) {
        eprintln!("{message}");
        std::process::exit(cli::USAGE);
    }
    let parsed = cli::localize(Cli::command())
        .try_get_matches_from(args)
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(err)
            if matches!(
                err.kind(),
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
            ) =>
        {
            let _ = err.print();
            std::process::exit(cli::OK);
        }
        Err(err) => {
            eprintln!("{}", cli::clap_error_zh(&err));
            std::process::exit(cli::USAGE);
        }
    };
    let code = match &cli.command {
        Command::Template(args) => cli::template::run(args),
        Command::Check(args) => cli::check::run(args),
        Command::Merge(args) => cli::merge::run(args),
        Command::Import(args) => cli::import::run(args),
        Command::Report(args) => cli::report::run(args),
        Command::Formats(args) => cli::formats::run(args),
        #[cfg(feature = "mail")]
        Command::Mail(args) => cli::mail::run(args),
        #[cfg(feature = "mail")]
        Command::Collect(args) => cli::collect::run(args),
    };
    std::process::exit(code);
}
