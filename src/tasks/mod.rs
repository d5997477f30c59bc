//! # Whole tasks on bytes: what every front end calls
//!
//! The stages compose into the tasks a user asks for: check many files, consolidate them and
//! write the results. Here they are composed once, on data only: files arrive as
//! [`Input`](crate::check::Input)s (a name and bytes), results leave as bytes and strings.
//! The command line ([`crate::cli`]) adds paths, threads, progress bars and atomic writes
//! around these functions; the browser page adds drag-and-drop and downloads. Both therefore
//! give the same findings, texts and bytes.
//!
//! Depends on every stage; no stage depends on it.

pub mod check;
pub mod import;
pub mod merge;
pub mod template;
