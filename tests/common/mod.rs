//! Helpers shared by the end-to-end tests: run the binary, read workbooks back with calamine,
//! and extract the official label sequence from the official texts.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, open_workbook_auto};
use xxgk::format::Format;
use xxgk::layout::TableLayout;

/// Rows above each table in a template sheet (title, unit line, hint).
pub const TABLE_TOP: u32 = 3;

pub fn xxgk() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("xxgk").unwrap()
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every non-empty cell of a sheet as text, by (row, col), 0-based.
pub fn read_sheet(path: &Path, sheet: &str) -> BTreeMap<(u32, u32), String> {
    let mut workbook =
        open_workbook_auto(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let range = workbook
        .worksheet_range(sheet)
        .unwrap_or_else(|e| panic!("{} sheet {sheet}: {e}", path.display()));
    let mut cells = BTreeMap::new();
    for (r, c, value) in range.used_cells() {
        let text = match value {
            Data::Empty => continue,
            Data::String(s) => s.clone(),
            Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
            Data::Float(f) => f.to_string(),
            Data::Int(i) => i.to_string(),
            Data::Bool(b) => b.to_string(),
            Data::Error(e) => format!("#ERROR {e:?}"),
            other => other.to_string(),
        };
        if text.is_empty() {
            continue;
        }
        let (r0, c0) = range.start().unwrap();
        cells.insert((r0 + r as u32, c0 + c as u32), text);
    }
    cells
}

/// Sheet names of a workbook.
pub fn sheet_names(path: &Path) -> Vec<String> {
    open_workbook_auto(path).unwrap().sheet_names().to_vec()
}

/// The label texts of a template's three tables in reading order — title, then every label
/// cell row by row — read from the file, not from the layout.
pub fn template_label_sequence(path: &Path, format: &Format) -> Vec<String> {
    let mut out = Vec::new();
    for table in &format.tables {
        let layout = TableLayout::new(table);
        let cells = read_sheet(path, &table.sheet);
        out.push(cells.get(&(0, 0)).cloned().unwrap_or_default());
        let data: Vec<(u32, u32)> = layout
            .data
            .iter()
            .map(|d| (TABLE_TOP + d.row, u32::from(d.col)))
            .collect();
        for ((r, c), text) in &cells {
            let in_table =
                *r >= TABLE_TOP && *r < TABLE_TOP + layout.height && *c < u32::from(layout.width);
            if in_table && !data.contains(&(*r, *c)) {
                out.push(text.clone());
            }
        }
    }
    out
}

/// The official template's tables as one string without whitespace, from the official text:
/// from the last “二、主动公开政府信息情况” (the template, not the instructions) up to “五、”.
pub fn official_tables(format_id: &str) -> String {
    let file = match format_id {
        "2019" => "2019_guobangongkaibanhan_2019_60.txt",
        _ => "2021_guobangongkaibanhan_2021_30.txt",
    };
    let text = std::fs::read_to_string(repo().join("tests/fixtures/official").join(file)).unwrap();
    let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let start = flat
        .rfind("二、主动公开政府信息情况第二十条")
        .expect("template start");
    let end = start
        + flat[start..]
            .find("五、存在的主要问题及改进情况")
            .expect("template end");
    flat[start..end].to_string()
}

/// Converts `input` with LibreOffice into `ext` inside `out_dir`; `None` when LibreOffice is not
/// installed and this is not CI (CI installs it, so a missing soffice fails there).
pub fn soffice_convert(input: &Path, ext: &str, out_dir: &Path) -> Option<PathBuf> {
    soffice_convert_with(input, ext, out_dir, &[])
}

/// Like [`soffice_convert`], with extra LibreOffice arguments such as an import filter.
pub fn soffice_convert_with(
    input: &Path,
    ext: &str,
    out_dir: &Path,
    extra: &[&str],
) -> Option<PathBuf> {
    let soffice = ["soffice", "libreoffice"].into_iter().find(|p| {
        std::process::Command::new(p)
            .arg("--version")
            .output()
            .is_ok()
    });
    let Some(soffice) = soffice else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install LibreOffice (soffice)"
        );
        eprintln!("LibreOffice not installed: skipping conversion to {ext}");
        return None;
    };
    let profile = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(extra)
        .args(["--headless", "--convert-to", ext, "--outdir"])
        .arg(out_dir)
        .arg(input)
        .output()
        .unwrap();
    let out = out_dir.join(input.with_extension(ext).file_name().unwrap());
    assert!(
        out.exists(),
        "LibreOffice did not convert {} to {ext}: {}{}",
        input.display(),
        String::from_utf8_lossy(&status.stdout),
        String::from_utf8_lossy(&status.stderr)
    );
    Some(out)
}
