//! xxgk: the data side of the 政府信息公开工作年度报告.
//!
//! Every stage works from one description of each official format ([`format`]): the template
//! writer ([`template`]), and later the reader, checker, merger and importer. See README.md for
//! the commands.

pub mod cells;
pub mod check;
pub mod cmd;
pub mod consolidated;
pub mod export;
pub mod filing;
pub mod findings;
pub mod format;
pub mod grid;
pub mod import;
pub mod inputs;
pub mod layout;
pub mod limits;
pub mod locate;
pub mod markdown;
pub mod merge;
pub mod names;
pub mod output;
pub mod prescan;
pub mod print;
pub mod prior;
pub mod read;
pub mod roster;
pub mod rules;
pub mod sheets;
pub mod stamp;
pub mod summary;
pub mod template;
pub mod value;
