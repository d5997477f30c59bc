//! Embeds the browser page in the program, for a double-click on Windows
//! (`src/cli/desktop.rs`): the file named by the environment variable `XXGK_PAGE`, which
//! `dist/build.sh` sets when `dist/xxgk.html` exists. Without it the program embeds nothing
//! and a double-click shows the Chinese usage instead.

use std::path::PathBuf;

fn main() {
    println!("cargo::rerun-if-env-changed=XXGK_PAGE");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let page = match std::env::var_os("XXGK_PAGE").filter(|p| !p.is_empty()) {
        Some(path) => {
            let path = PathBuf::from(path);
            println!("cargo::rerun-if-changed={}", path.display());
            std::fs::read(&path).unwrap_or_else(|e| panic!("XXGK_PAGE={}: {e}", path.display()))
        }
        None => Vec::new(),
    };
    std::fs::write(out.join("page.html"), page).expect("OUT_DIR is writable");
}
