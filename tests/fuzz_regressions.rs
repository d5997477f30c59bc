//! Inputs found by the fuzz targets (fuzz/README.md), kept so the fixes stay fixed.

mod common;

use common::repo;
use xxgk::read::{ReadError, read_named};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(repo().join("tests/fixtures/fuzz").join(name)).unwrap()
}

/// An .xls whose record trips an `assert_eq!` inside calamine (utils.rs). The panic must stay
/// inside `read_named` and come out as “文件已损坏”, for every name the file may have.
#[test]
fn a_panic_inside_calamine_is_a_corrupt_file() {
    let bytes = fixture("calamine_assert_xls.bin");
    for ext in [".xls", ".xlsx", ".ods"] {
        let err = read_named(&bytes, ext).unwrap_err();
        assert!(matches!(err, ReadError::Corrupt(_)), "{ext}: {err:?}");
        assert!(err.to_string().contains("文件已损坏"), "{err}");
    }
}
