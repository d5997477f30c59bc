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
//!  bytes ──▶ tasks/    whole tasks on data: check many, merge, template, import
//!               │
//!            cli/      one thin module per subcommand: arguments → files → tasks → files
//! ```
//!
//! **The core works on bytes.** Every stage takes and returns data: a file arrives as a name
//! and its bytes ([`check::Input`]), outputs leave as `Vec<u8>` or `String`, and the reading
//! limits are passed in ([`read::limits::Limits`]); there is no global state. Paths, folder
//! walking, atomic writes, threads, progress bars and argument parsing belong to the default
//! cargo feature `cli` ([`cli`], `read::file`, `check::files`). Without it the library builds
//! for the browser:
//!
//! ```text
//! cargo build --lib --no-default-features --target wasm32-unknown-unknown
//! ```
//!
//! [`tasks`] composes the stages into what a user asks for, so that the command line and the
//! browser page give the same findings and the same bytes:
//!
//! ```
//! use xxgk::check::Input;
//! let bytes = std::fs::read("samples/报表/前进街道_2025.xlsx").unwrap();
//! let inputs = [Input::new("报表/前进街道_2025.xlsx", bytes)];
//! let plain = xxgk::format::remedy::Plain; // how the messages name settings
//! let reports = xxgk::tasks::check::check_all(&inputs, &Default::default(), &plain, None);
//! let json = xxgk::tasks::check::json(&reports, &[]);
//! assert!(json.contains("\"unit\": \"前进街道\""));
//! ```
//!
//! A stage uses only those above it in this map; nothing but `cli/` (and `src/main.rs`) uses
//! `cli/`. A new rule goes in a format's TOML file, a new input shape in [`read`], a new output
//! in [`write`](mod@write), a new front end around [`tasks`], a new subcommand in [`cli`]. DEVELOPING.md has the same map in Chinese.
//!
//! The modules are also reachable at the crate root under the names they had before the
//! stages had folders (`xxgk::locate`, `xxgk::template`, `xxgk::cmd`, …); these paths are
//! stable.

pub mod check;
#[cfg(feature = "cli")]
pub mod cli;
pub mod filing;
pub mod format;
pub mod mail;
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
