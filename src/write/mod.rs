//! placeholder

pub mod consolidated;
pub mod export;
pub mod markdown;
pub mod print;
pub mod stamp;
pub mod template;
