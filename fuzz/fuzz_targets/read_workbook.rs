//! Bytes → workbook (named .xlsx, .xls or .ods) → Filing → checks. Nothing may panic.
//!
//! `xxgk::read::read_named` runs calamine under `catch_unwind` (calamine is not written for
//! hostile input) and turns its panics into a “文件已损坏” error. libfuzzer-sys aborts on any
//! panic before unwinding, so this target lets panics raised inside calamine unwind (as they
//! do in the real program) and reports each new calamine panic location once on stderr; any
//! other panic aborts and is a crash.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "calamine_hook.rs"]
mod calamine_hook;
use calamine_hook::install_hook;

fuzz_target!(|data: &[u8]| {
    install_hook();
    // The kind is sniffed from the content; the extension only names it in messages.
    let ext = [".xlsx", ".xls", ".ods"][data.len() % 3];
    let Ok(workbook) = xxgk::read::read_named(data, ext) else {
        return;
    };
    if let Some(filing) = xxgk::filing::Filing::from_grids(&workbook.grids) {
        let _ = xxgk::check::check(&filing, None);
        let _ = xxgk::check::summable_values(&filing);
    }
});
