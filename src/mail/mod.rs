//! # Mail: the templates out, the returns back
//!
//! The templates go to the units by mail and the filled workbooks come back by mail. This
//! stage is the byte side of it: building a message (`.eml`) with the same bytes for the same
//! letter ([`compose`]), the words of the letters ([`letters`]), and taking a received
//! message apart into its spreadsheets ([`extract`]). The clock is an argument; sending
//! (SMTP), fetching (IMAP) and the ledgers that remember what was sent and saved are the
//! front end's (`cli::mail`, `cli::collect`, feature `mail`).

pub mod compose;
pub mod extract;
pub mod letters;
