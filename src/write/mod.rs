//! # Stage 5: write — outputs
//!
//! Everything the tool hands back: the template ([`template`], stamped per unit by [`stamp`],
//! laid out for printing by [`print`](mod@print)), the consolidated workbook ([`consolidated`]), the
//! Markdown reports ([`markdown`]), the long CSV ([`export`]), and check's findings as terminal
//! text and JSON ([`check_report`]), and a .zip of files for a download ([`archive`]).
//!
//! **A new output goes here**, as a function of the data the stages below produce.
//!
//! Depends on every stage below it; nothing but [`crate::cli`] depends on it.

pub mod archive;
pub mod charts;
pub mod check_markdown;
pub mod check_report;
pub mod consolidated;
pub mod document;
pub mod docx;
pub mod export;
pub mod file_names;
pub mod html;
pub mod markdown;
pub mod notices;
pub mod official;
pub mod print;
pub mod stamp;
pub mod template;
pub mod zip_system;
