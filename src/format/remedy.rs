//! What a user can change, in the words of the front end they use.
//!
//! A core message says what happened and what the unit should do. When the remedy is a
//! setting of the program itself (a limit to raise, the roster to give, last year's
//! consolidation), only the front end knows what that setting is called: a flag such as
//! `--max-cells` on the command line, a field of the browser page. So the core asks a
//! [`Remedies`] passed in by the front end, and knows no flag itself. [`Plain`] names each
//! setting in words, for a front end without names of its own.
//!
//! ```
//! use xxgk::format::remedy::{Plain, Remedies, Setting};
//! assert_eq!(Plain.name(Setting::Strict), "“有错误的单位不计入汇总”");
//! assert!(Plain.raise(Setting::MaxCells, 6_000_000).contains("6000000"));
//! ```

/// A setting that a remedy may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    /// The largest input file, in MB.
    MaxFileMb,
    /// The most a workbook may inflate to, in MB.
    MaxUnzippedMb,
    /// The most cells a workbook may have.
    MaxCells,
    /// The longest text of one cell, in characters.
    MaxTextChars,
    /// The roster of units that must report.
    Roster,
    /// The report year of a merge.
    Year,
    /// Leave units with errors out of the consolidation.
    Strict,
    /// Of two files of one unit, keep the newer.
    KeepLatest,
    /// Last year's report or consolidation, for the cross-year rules.
    Prior,
}

/// How a front end names its settings and commands in the core's messages.
pub trait Remedies: Sync + std::fmt::Debug {
    /// What `setting` is called where the user sets it: `--strict`.
    fn name(&self, setting: Setting) -> String;

    /// How to give a file for `setting`, before what is given, after “请”: `用 --prior 给出`.
    fn give(&self, setting: Setting) -> String;

    /// The clause that turns `setting` on, with its effect, after “或”:
    /// `加 --strict 不计入这些单位`.
    fn turn_on(&self, setting: Setting) -> String;

    /// The clause that lets a file past a limit, after “确实需要读取时，”:
    /// `可加 --max-cells 6000000 提高上限`.
    fn raise(&self, setting: Setting, to: u64) -> String;

    /// How to import a published report's text, after “再”: `用 xxgk import 报告.txt 导入`.
    fn import(&self, file: &str) -> String;

    /// Where to see every file's problems, after “可以先”: `用 xxgk check 查看每个文件的问题`.
    fn see_problems(&self) -> String;

    /// What last year's consolidation is and how to make it, for `unit` and last year
    /// (when known), after “请给上一年度的汇总表，”.
    fn last_year(&self, unit: &str, year: Option<u16>) -> String;
}

/// Settings named in words: for the browser page, and any front end without names of its own.
#[derive(Debug, Clone, Copy, Default)]
pub struct Plain;

impl Remedies for Plain {
    fn name(&self, setting: Setting) -> String {
        let name = match setting {
            Setting::MaxFileMb => "文件大小上限",
            Setting::MaxUnzippedMb => "解压大小上限",
            Setting::MaxCells => "单元格数上限",
            Setting::MaxTextChars => "单元格文字长度上限",
            Setting::Roster => "报送单位名单",
            Setting::Year => "汇总年度",
            Setting::Strict => "有错误的单位不计入汇总",
            Setting::KeepLatest => "同一单位多份表格时保留最新的一份",
            Setting::Prior => "上年报告",
        };
        format!("“{name}”")
    }

    fn give(&self, setting: Setting) -> String {
        format!("作为{}给出", self.name(setting))
    }

    fn turn_on(&self, setting: Setting) -> String {
        format!("选中{}", self.name(setting))
    }

    fn raise(&self, setting: Setting, to: u64) -> String {
        let unit = match setting {
            Setting::MaxFileMb | Setting::MaxUnzippedMb => " MB",
            Setting::MaxTextChars => " 个字符",
            Setting::MaxCells => " 个",
            _ => "",
        };
        format!("可把{}提高到 {to}{unit}", self.name(setting))
    }

    fn import(&self, _file: &str) -> String {
        "在“导入”中导入".to_string()
    }

    fn see_problems(&self) -> String {
        "在“审核”中查看每个文件的问题".to_string()
    }

    fn last_year(&self, _unit: &str, year: Option<u16>) -> String {
        let year = year.map_or("上一".to_string(), |y| y.to_string());
        format!(
            "即汇总{year}年度各单位表格得到的 汇总.xlsx，再把它作为{}给出",
            self.name(Setting::Prior)
        )
    }
}
