//! The floor for the benchmark: open each workbook with calamine and read every sheet's values,
//! doing nothing else. `xxgk check` and `merge` are measured against this.
//!
//!     cargo run --release --example floor -- DIR

use calamine::{Reader, open_workbook_auto};

fn main() {
    let dir = std::env::args().nth(1).expect("usage: floor DIR");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("a folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    paths.sort();
    let mut cells = 0usize;
    for path in &paths {
        let Ok(mut workbook) = open_workbook_auto(path) else {
            continue;
        };
        for (_, range) in workbook.worksheets() {
            cells += range.used_cells().count();
        }
    }
    println!("{} files, {cells} cells", paths.len());
}
