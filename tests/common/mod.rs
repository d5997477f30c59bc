//! Helpers shared by the end-to-end tests: run the binary, read workbooks back with calamine,
//! and extract the official label sequence from the official texts.
#![allow(dead_code)]

pub mod transcript;

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

/// Python with openpyxl, or `None` when it is not installed and this is not CI.
pub fn python_with_openpyxl() -> Option<&'static str> {
    let ok = std::process::Command::new("python3")
        .args(["-c", "import openpyxl"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install python3 with openpyxl"
        );
        eprintln!("python3 with openpyxl not installed: skipping");
        return None;
    }
    Some("python3")
}

/// The names in a folder, sorted.
pub fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
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

/// LibreOffice's command, or `None` (saying what is skipped) when it is not installed and this
/// is not CI.
pub fn soffice(skipping: &str) -> Option<&'static str> {
    let found = ["soffice", "libreoffice"].into_iter().find(|p| {
        std::process::Command::new(p)
            .arg("--version")
            .output()
            .is_ok()
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install LibreOffice (soffice)"
        );
        eprintln!("LibreOffice not installed: skipping {skipping}");
    }
    found
}

/// Like [`soffice_convert`], with extra LibreOffice arguments such as an import filter.
pub fn soffice_convert_with(
    input: &Path,
    ext: &str,
    out_dir: &Path,
    extra: &[&str],
) -> Option<PathBuf> {
    let soffice = soffice(&format!("conversion to {ext}"))?;
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

/// A report text as a browser copy of its tables gives it: a title, the section headings, and
/// each table row on one line with tab-separated cells.
pub fn report_text(
    format: &Format,
    values: &BTreeMap<String, String>,
    unit: &str,
    year: u16,
) -> String {
    let mut out =
        format!("{unit}{year}年度政府信息公开工作年度报告\n一、总体情况\n本单位认真落实条例。\n");
    for section in &format.sections {
        let Some(table) = section
            .table
            .as_ref()
            .and_then(|k| format.tables.iter().find(|t| &t.key == k))
        else {
            continue;
        };
        out.push_str(&section.title);
        out.push('\n');
        for block in &table.blocks {
            if let Some(c) = &block.caption {
                out.push_str(c);
                out.push('\n');
            }
            let headers: Vec<String> = block
                .corner
                .iter()
                .cloned()
                .chain(block.columns.iter().map(|c| c.path.join("")))
                .collect();
            out.push_str(&headers.join("\t"));
            out.push('\n');
            for row in &block.rows {
                let mut cells = vec![row.path.last().cloned().unwrap_or_default()];
                if row.path.is_empty() {
                    cells.clear();
                }
                for column in &block.columns {
                    let code = xxgk::format::cell_code(table, block, row, column);
                    cells.push(
                        values
                            .get(&code)
                            .cloned()
                            .unwrap_or_else(|| "0".to_string()),
                    );
                }
                out.push_str(&cells.join("\t"));
                out.push('\n');
            }
        }
    }
    out.push_str("五、存在的主要问题及改进情况\n（略）\n六、其他需要报告的事项\n无。\n");
    out
}

/// A report page as HTML, its tables with the official merged headers (colspan/rowspan).
pub fn report_html(format: &Format, values: &BTreeMap<String, String>, title: &str) -> String {
    let mut out = format!(
        "<html><head><meta charset=\"utf-8\"><title>{title}</title></head><body><h1>{title}</h1>"
    );
    for table in &format.tables {
        out.push_str(&format!("<p>{}</p><table border=\"1\">", table.title));
        let layout = TableLayout::new(table);
        for r in 0..layout.height {
            out.push_str("<tr>");
            let mut c: u16 = 0;
            while c < layout.width {
                if let Some(l) = layout.labels.iter().find(|l| l.row == r && l.col == c) {
                    out.push_str(&format!(
                        "<td rowspan=\"{}\" colspan=\"{}\">{}</td>",
                        l.last_row - l.row + 1,
                        l.last_col - l.col + 1,
                        l.text
                            .replace("商业企业", "商业<br>企业")
                            .replace("科研机构", "科研<br>机构")
                    ));
                    c = l.last_col + 1;
                } else if let Some(d) = layout.data.iter().find(|d| d.row == r && d.col == c) {
                    let v = values
                        .get(&d.code)
                        .cloned()
                        .unwrap_or_else(|| "0".to_string());
                    out.push_str(&format!(
                        "<td colspan=\"{}\">{v}</td>",
                        d.last_col - d.col + 1
                    ));
                    c = d.last_col + 1;
                } else {
                    // Covered by a merged cell of an earlier row.
                    c += 1;
                }
            }
            out.push_str("</tr>");
        }
        out.push_str("</table>");
    }
    out.push_str("</body></html>");
    out
}

/// Copies a folder and everything in it.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// Every file under `dir`, by its path relative to `dir`, sorted.
pub fn files_under(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue; // nothing written: the outcome says why
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path.strip_prefix(dir).unwrap().to_string_lossy();
                out.push((name.replace('\\', "/"), std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}
