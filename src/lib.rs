//! placeholder
pub mod check;
pub mod cli;
pub mod filing;
pub mod format;
pub mod merge;
pub mod read;
pub mod write;

pub use check::summary;
pub use cli as cmd;
pub use cli::output;
pub use filing::{locate, names};
pub use format::{findings, layout, rules, sheets, value};
pub use merge::{prior, roster};
pub use read::{cells, grid, import, inputs, limits, prescan};
pub use write::{consolidated, export, markdown, print, stamp, template};
