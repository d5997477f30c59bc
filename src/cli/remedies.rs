//! The command line's names for the settings the core's messages point to: its flags and
//! commands ([`crate::format::remedy`]).

use crate::format::remedy::{Remedies, Setting};

/// Remedies as flags and commands of `xxgk`.
///
/// ```
/// use xxgk::format::remedy::{Remedies, Setting};
/// assert_eq!(xxgk::cmd::remedies::Cli.raise(Setting::MaxCells, 6), "可加 --max-cells 6 提高上限");
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Cli;

impl Remedies for Cli {
    fn name(&self, setting: Setting) -> String {
        match setting {
            Setting::MaxFileMb => "--max-file-mb",
            Setting::MaxUnzippedMb => "--max-unzipped-mb",
            Setting::MaxCells => "--max-cells",
            Setting::MaxTextChars => "--max-text-chars",
            Setting::Roster => "--roster",
            Setting::Year => "--year",
            Setting::Strict => "--strict",
            Setting::KeepLatest => "--keep-latest",
            Setting::Prior => "--prior",
        }
        .to_string()
    }

    fn give(&self, setting: Setting) -> String {
        match setting {
            Setting::Roster => "在 template 或 merge 中用 --roster 给出".to_string(),
            other => format!("用 {} 给出", self.name(other)),
        }
    }

    fn turn_on(&self, setting: Setting) -> String {
        match setting {
            Setting::Strict => "加 --strict 不计入这些单位".to_string(),
            Setting::KeepLatest => "加 --keep-latest 保留最新的一份".to_string(),
            other => format!("加 {}", self.name(other)),
        }
    }

    fn raise(&self, setting: Setting, to: u64) -> String {
        format!("可加 {} {to} 提高上限", self.name(setting))
    }

    fn import(&self, file: &str) -> String {
        format!("用 xxgk import {file} 导入")
    }

    fn see_problems(&self) -> String {
        "用 xxgk check 查看每个文件的问题".to_string()
    }

    fn last_year(&self, unit: &str, year: Option<u16>) -> String {
        let (year_text, year_arg) = match year {
            Some(y) => (y.to_string(), format!(" --year {y}")),
            None => ("上一".to_string(), String::new()),
        };
        format!(
            "即用 xxgk merge 汇总{year_text}年度各单位表格写出的 汇总.xlsx，例如先运行 xxgk merge 上年收回/ --unit {unit}{year_arg} -o 上年汇总/，再用 --prior 上年汇总/汇总.xlsx"
        )
    }
}
