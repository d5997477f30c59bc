//! placeholder

pub mod check_report;
pub mod consolidated;
pub mod export;
pub mod markdown;
pub mod print;
pub mod stamp;
pub mod template;
