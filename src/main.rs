//! The `xxgk` command line: only argument parsing and dispatch live here.

use clap::{Parser, Subcommand, error::ErrorKind};
use xxgk::cmd;

/// xxgk：政府信息公开工作年度报告的统计表工具——生成官方模板、审核、汇总。
#[derive(Parser)]
#[command(
    name = "xxgk",
    version,
    disable_help_subcommand = true,
    help_template = "{about}\n\n用法：{usage}\n\n{all-args}{after-help}",
    subcommand_help_heading = "命令",
    subcommand_value_name = "命令",
    next_help_heading = "选项",
    after_help = "\n示例：\n  xxgk template --year 2025 --unit 前进街道 -o 前进街道_2025.xlsx\n  xxgk template --year 2025 --roster 名单.csv -o 模板/\n  xxgk formats --format 2021"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 生成官方统计表模板（Excel），每个单位一份
    #[command(
        help_template = "{about}\n\n用法：{usage}\n\n{all-args}",
        next_help_heading = "选项"
    )]
    Template(cmd::template::Args),
    /// 查看格式版本、全部数据格代码和审核规则
    #[command(
        alias = "rules",
        help_template = "{about}\n\n用法：{usage}\n\n{all-args}",
        next_help_heading = "选项"
    )]
    Formats(cmd::formats::Args),
}

fn main() {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err)
            if matches!(
                err.kind(),
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
            ) =>
        {
            let _ = err.print();
            std::process::exit(cmd::OK);
        }
        Err(err) => {
            eprintln!("{}", cmd::clap_error_zh(&err));
            std::process::exit(cmd::USAGE);
        }
    };
    let code = match &cli.command {
        Command::Template(args) => cmd::template::run(args),
        Command::Formats(args) => cmd::formats::run(args),
    };
    std::process::exit(code);
}
