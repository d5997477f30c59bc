//! Bytes → workbook (named .xlsx, .xls or .ods) → Filing → checks. Nothing may panic.
//!
//! `xxgk::read::read_named` runs calamine under `catch_unwind` (calamine is not written for
//! hostile input) and turns its panics into a “文件已损坏” error. libfuzzer-sys aborts on any
//! panic before unwinding, so this target lets panics raised inside calamine unwind (as they
//! do in the real program) and reports each new calamine panic location once on stderr; any
//! other panic aborts and is a crash.
#![no_main]

use std::collections::HashSet;
use std::sync::{Mutex, Once};

use libfuzzer_sys::fuzz_target;

static HOOK: Once = Once::new();
static SEEN: Mutex<Option<HashSet<String>>> = Mutex::new(None);

fn install_hook() {
    HOOK.call_once(|| {
        let abort_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let place = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()))
                .unwrap_or_default();
            if place.contains("/calamine-") {
                let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
                if seen.get_or_insert_with(HashSet::new).insert(place.clone()) {
                    eprintln!("calamine panic (caught by read_named): {info}");
                }
                return;
            }
            abort_hook(info);
        }));
    });
}

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
