//! Fuzzed XML as 表三's sheet inside an otherwise valid xxgk workbook → Filing → checks.
//!
//! Mutating a whole `.xlsx` mostly breaks the zip (its checksums), so `read_workbook` rarely
//! reaches the sheet reader. Here the zip is always sound: the fuzzer's bytes become
//! `xl/worksheets/sheet3.xml` (表三) of a filled sample workbook, and the cell-by-cell reader
//! (`xxgk::cells`), the limits, the locator and the checks see whatever the XML says.
#![no_main]

use std::collections::HashSet;
use std::io::{Cursor, Read, Write};
use std::sync::{Mutex, Once, OnceLock};

use libfuzzer_sys::fuzz_target;

/// Panics inside calamine unwind to `read_named`'s `catch_unwind`, as in the real program
/// (see read_workbook.rs); any other panic is a crash.
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

/// The sample workbook's entries, unpacked once.
fn entries() -> &'static Vec<(String, Vec<u8>)> {
    static ENTRIES: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        let bytes = include_bytes!("../../samples/报表/前进街道_2025.xlsx");
        let mut zip = zip::ZipArchive::new(Cursor::new(&bytes[..])).expect("sample is a zip");
        (0..zip.len())
            .map(|i| {
                let mut entry = zip.by_index(i).expect("entry");
                let mut data = Vec::new();
                entry.read_to_end(&mut data).expect("inflate");
                (entry.name().expect("name").to_string(), data)
            })
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    install_hook();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in entries() {
        let bytes = if name == "xl/worksheets/sheet3.xml" {
            data
        } else {
            bytes.as_slice()
        };
        out.start_file(name.as_str(), options).expect("start");
        out.write_all(bytes).expect("write");
    }
    let workbook = out.finish().expect("finish").into_inner();
    let Ok(read) = xxgk::read::read_named(&workbook, ".xlsx") else {
        return;
    };
    if let Some(filing) = xxgk::filing::Filing::from_grids(&read.grids) {
        let _ = xxgk::check::check(&filing, None);
        let _ = xxgk::check::summable_values(&filing);
    }
});
