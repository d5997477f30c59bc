//! Fuzzed XML as 表三's sheet inside an otherwise valid xxgk workbook → Filing → checks.
//!
//! Mutating a whole `.xlsx` mostly breaks the zip (its checksums), so `read_workbook` rarely
//! reaches the sheet reader. Here the zip is always sound: the fuzzer's bytes become
//! `xl/worksheets/sheet3.xml` (表三) of a filled sample workbook, and the cell-by-cell reader
//! (`xxgk::cells`), the limits, the locator and the checks see whatever the XML says.
#![no_main]

use std::io::{Cursor, Read, Write};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

#[path = "calamine_hook.rs"]
mod calamine_hook;
use calamine_hook::install_hook;

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
