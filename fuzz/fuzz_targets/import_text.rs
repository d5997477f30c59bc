//! Bytes → imported report text or HTML → Filing → checks. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(imported) = xxgk::import::import_bytes(data, None, None) else {
        return;
    };
    if let Some(filing) = imported.into_filing() {
        let _ = xxgk::check::check(&filing, None);
        let _ = xxgk::check::summable_values(&filing);
    }
});
