//! xxgk: the data side of the 政府信息公开工作年度报告.
//!
//! Every stage works from one description of each official format ([`format`](mod@format)).
//! Data flows one way, and each stage is a folder of `src/`:
//!
//! ```text
//!             format/   the descriptions (TOML) and their model: tables, cell codes, layout,
//!               │       rules, values, labels, findings — under every stage
//!   bytes ──▶ read/     bytes to Grids: .xlsx cells, calamine for .xls/.ods, limits, prescan,
//!               │       report texts and web pages (import/)
//!   Grids ──▶ filing/   locate every cell by its labels; a Filing (unit, year, values); totals
//!               │
//! Filing ──▶ check/    every value and rule → findings; a Summary kept for a merge
//!               │
//! Summaries ▶ merge/    a roster and many checked files → a consolidation; last year
//!               │
//!    all ──▶ write/    template, stamp, consolidated workbook, Markdown, CSV, check's text/JSON
//!               │
//!            cli/      one thin module per subcommand: arguments → files → stages → files
//! ```
//!
//! A stage uses only those above it in this map; nothing but `cli/` (and `src/main.rs`) uses
//! `cli/`. A new rule goes in a format's TOML file, a new input shape in [`read`], a new output
//! in [`write`](mod@write), a new subcommand in [`cli`]. DEVELOPING.md has the same map in Chinese.
//!
//! The modules are also reachable at the crate root under the names they had before the
//! stages had folders (`xxgk::locate`, `xxgk::template`, `xxgk::cmd`, …); these paths are
//! stable.

pub mod check;
#[cfg(feature = "cli")]
pub mod cli;
pub mod filing;
pub mod format;
pub mod merge;
pub mod read;
pub mod tasks;
pub mod write;

// Stable paths: each module under the name it has had at the crate root.
pub use check::summary;
#[cfg(feature = "cli")]
pub use cli::{self as cmd, inputs, output};
pub use filing::{locate, names};
pub use format::{findings, layout, rules, sheets, value};
pub use merge::{prior, roster};
pub use read::{cells, grid, import, limits, prescan, source};
pub use write::{consolidated, export, markdown, print, stamp, template};
