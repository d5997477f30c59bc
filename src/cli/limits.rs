//! The limit flags of `check` and `merge` (`--max-file-mb`, …): the command line's way to set
//! the [`Limits`] that the core is given for every file.

use crate::read::limits::{Limits, MAX_CELLS_FLAG, MB};

/// The limit flags of `check` and `merge`.
#[derive(Debug, Clone, clap::Args)]
pub struct LimitArgs {
    /// 单个文件大小上限（MB，默认 64）：更大的文件不读取
    #[arg(long, value_name = "MB", hide_default_value = true, default_value_t = 64, value_parser = clap::value_parser!(u64).range(1..=1_048_576))]
    pub max_file_mb: u64,
    /// 表格文件解压后的大小上限（MB，默认 256）：防止压缩炸弹
    #[arg(long, value_name = "MB", hide_default_value = true, default_value_t = 256, value_parser = clap::value_parser!(u64).range(1..=1_048_576))]
    pub max_unzipped_mb: u64,
    /// 一个表格文件的单元格数上限（各工作表已用范围之和，默认 5000000，最多 100000000）
    #[arg(long, value_name = "个数", hide_default_value = true, default_value_t = 5_000_000, value_parser = clap::value_parser!(u64).range(1..=MAX_CELLS_FLAG))]
    pub max_cells: u64,
    /// 一个单元格文字的长度上限（字符，默认 32767，即 Excel 允许的最大长度）
    #[arg(long, value_name = "字符数", hide_default_value = true, default_value_t = 32_767, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_text_chars: u64,
}

impl LimitArgs {
    /// The limits the flags ask for.
    pub fn limits(&self) -> Limits {
        Limits {
            file_bytes: self.max_file_mb.saturating_mul(MB),
            unzipped_bytes: self.max_unzipped_mb.saturating_mul(MB),
            cells: self.max_cells,
            text_chars: self.max_text_chars,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_default_to_the_defaults() {
        use clap::Parser;
        #[derive(clap::Parser)]
        struct Cli {
            #[command(flatten)]
            limits: LimitArgs,
        }
        let cli = Cli::parse_from(["x"]);
        assert_eq!(cli.limits.limits(), Limits::default());
        let cli = Cli::parse_from(["x", "--max-cells", "10", "--max-file-mb", "1"]);
        assert_eq!(cli.limits.limits().cells, 10);
        assert_eq!(cli.limits.limits().file_bytes, MB);
    }
}
