//! Issue 11, points 1 and 2: `import` writes what the report published — a wrong total stays
//! wrong, a blank stays blank — so `check` on the imported workbook finds what `check` on the
//! report finds; and the unit and year are read from titles as PDFs and web pages lay them out.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value as Json;
use xxgk::format::Format;
use xxgk::layout::TableLayout;

/// Findings about the shape of the report's text, which a workbook in the official layout
/// cannot have: numbers stated in the prose (N1), label typos (L2), the row shape of （六）
/// (L4). Every other finding — figures, cells, cover — must be the same on both.
const SOURCE_ONLY: &[&str] = &["N1", "L2", "L4"];

/// Reports that cannot be imported, and why: their tables were flattened into one line.
const NOT_IMPORTABLE: &[(&str, &str)] = &[
    ("2019_pingtan.txt", "被压平了"),
    ("2021_pingtan.txt", "被压平了"),
];

/// Every report text and page in the repository.
fn reports() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["tests/fixtures/reports", "samples/真实报告"] {
        for entry in std::fs::read_dir(repo().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("txt" | "html")
            ) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// A finding as compared: rule, severity, table (from the cell code, else the sheet), row and
/// column label, message. The place differs by nature (报告文本第193行 / 表四!E7).
type Key = (String, String, String, String, String, String);

fn findings(path: &Path) -> (Json, Vec<Key>) {
    let out = xxgk()
        .arg("check")
        .arg("--json")
        .arg(path)
        .output()
        .unwrap();
    let json: Json =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let file = json["files"][0].clone();
    let text = |f: &Json, k: &str| f[k].as_str().unwrap_or_default().to_string();
    let keys = file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let code = text(f, "code");
            let table = match code.split_once('.') {
                Some((t, _)) => t.to_string(),
                None => text(f, "sheet"),
            };
            (
                text(f, "rule"),
                text(f, "severity"),
                table,
                text(f, "row_label"),
                text(f, "column_label"),
                text(f, "message"),
            )
        })
        .collect();
    (file, keys)
}

/// Imports a report with the binary; the workbook, or the import's stderr when it failed.
fn import(report: &Path, out: &Path, extra: &[&str]) -> Result<String, String> {
    let run = xxgk()
        .arg("import")
        .arg(report)
        .arg("-o")
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr).to_string();
    if out.exists() {
        Ok(stderr)
    } else {
        Err(stderr)
    }
}

fn sample(name: &str) -> PathBuf {
    repo().join("samples/真实报告").join(name)
}

#[test]
fn check_on_every_imported_report_finds_what_check_on_the_report_finds() {
    let dir = tempfile::tempdir().unwrap();
    let mut table = String::new();
    let (mut source_only_seen, mut figure_findings_seen) = (0, 0);
    for report in reports() {
        let name = report.file_name().unwrap().to_string_lossy().to_string();
        let out = dir.path().join(format!("{name}.xlsx"));
        let stderr = match import(&report, &out, &[]) {
            Ok(stderr) => stderr,
            Err(stderr) => {
                let (_, reason) = NOT_IMPORTABLE
                    .iter()
                    .find(|(n, _)| *n == name)
                    .unwrap_or_else(|| panic!("{name} did not import: {stderr}"));
                assert!(stderr.contains(reason), "{name}: {stderr}");
                table.push_str(&format!("{name}: 无法导入（{reason}）\n"));
                continue;
            }
        };
        assert!(stderr.contains("已导入"), "{name}: {stderr}");
        let (source_file, source) = findings(&report);
        let (book_file, book) = findings(&out);
        for k in ["unit", "year", "format", "errors"] {
            assert_eq!(source_file[k], book_file[k], "{name}: {k}");
        }
        let (only, shared): (Vec<Key>, Vec<Key>) = source
            .iter()
            .cloned()
            .partition(|k| SOURCE_ONLY.contains(&k.0.as_str()));
        assert_eq!(
            shared, book,
            "{name}: findings of the report and of its workbook"
        );
        assert!(
            !book
                .iter()
                .any(|k| k.0 == "L3" || SOURCE_ONLY.contains(&k.0.as_str())),
            "{name}: the workbook has findings of its own: {book:#?}"
        );
        source_only_seen += only.len();
        figure_findings_seen += shared.iter().filter(|k| k.0.starts_with('G')).count();
        // Rule and table with a count, for the side-by-side listing.
        let rules = |keys: &[Key]| {
            let mut counts: BTreeMap<String, usize> = BTreeMap::new();
            for k in keys {
                *counts.entry(format!("{} {}", k.0, k.2)).or_default() += 1;
            }
            counts
                .into_iter()
                .map(|(k, n)| format!("{}×{n}", k.trim_end()))
                .collect::<Vec<_>>()
        };
        table.push_str(&format!(
            "{name}:\n  报告：{:?}\n  工作簿：{:?}\n",
            rules(&source),
            rules(&book)
        ));
    }
    eprintln!("{table}");
    // The comparison has something to compare: wrong totals and prose that disagrees.
    assert!(figure_findings_seen >= 4, "{table}");
    assert!(source_only_seen >= 2, "{table}");
}

/// The cell of `code` in a workbook the template writer wrote: (sheet, row, col).
fn cell_of(format: &Format, code: &str) -> (String, u32, u32) {
    let cell = format.cell(code).unwrap();
    let table = &format.tables[cell.table];
    let layout = TableLayout::new(table);
    let pos = layout.position(code).unwrap();
    (table.sheet.clone(), TABLE_TOP + pos.row, u32::from(pos.col))
}

fn cells_of(path: &Path, format: &Format, codes: &[&str]) -> Vec<Option<String>> {
    let mut sheets: BTreeMap<String, BTreeMap<(u32, u32), String>> = BTreeMap::new();
    codes
        .iter()
        .map(|code| {
            let (sheet, r, c) = cell_of(format, code);
            let cells = sheets
                .entry(sheet.clone())
                .or_insert_with(|| read_sheet(path, &sheet));
            cells.get(&(r, c)).cloned()
        })
        .collect()
}

fn rules_at(path: &Path) -> Vec<(String, String)> {
    let (file, _) = findings(path);
    file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["code"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn a_total_printed_wrong_stays_wrong_in_the_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let f2021 = Format::by_id("2021").unwrap();
    let f2019 = Format::by_id("2019").unwrap();

    // 洪泽区2023: 行政复议 总计 0 against 6+2+3+0, 复议后起诉 总计 0 against 3+1+1+0.
    let out = dir.path().join("洪泽区.xlsx");
    import(&sample("洪泽区_2023年度报告.txt"), &out, &[]).unwrap();
    let got = cells_of(
        &out,
        f2021,
        &[
            "T4.A1", "T4.A2", "T4.A3", "T4.A4", "T4.A5", "T4.C5", "T4.B5",
        ],
    );
    let want = ["6", "2", "3", "0", "0", "0", "4"].map(|v| Some(v.to_string()));
    assert_eq!(got, want);
    assert_eq!(rules_at(&out), pairs(&[("G4", "T4.A5"), ("G4", "T4.C5")]));

    // 平潭2020: （七）总计 20 and 21 against items summing to 26 and 27: G3, not G1.
    let out = dir.path().join("平潭.xlsx");
    import(&sample("平潭综合实验区_2020年度报告.html"), &out, &[]).unwrap();
    assert_eq!(
        cells_of(&out, f2019, &["T3.R3.7.C1", "T3.R3.7.C7", "T3.R3.1.C1"]),
        ["20", "21", "9"].map(|v| Some(v.to_string()))
    );
    assert_eq!(
        rules_at(&out),
        pairs(&[("G3", "T3.R3.7.C1"), ("G3", "T3.R3.7.C7")])
    );

    // 上海市政府办公厅2019: the 总计 column is blank in its 19 result rows, and stays blank.
    let out = dir.path().join("上海.xlsx");
    import(&sample("上海市政府办公厅_2019年度报告.html"), &out, &[]).unwrap();
    let blank: Vec<String> = f2019
        .cells()
        .iter()
        .map(|c| c.code.clone())
        .filter(|c| c.starts_with("T3.R3.") && !c.starts_with("T3.R3.7.") && c.ends_with(".C7"))
        .collect();
    assert_eq!(blank.len(), 19);
    let codes: Vec<&str> = blank.iter().map(String::as_str).collect();
    assert!(cells_of(&out, f2019, &codes).iter().all(Option::is_none));
    assert_eq!(
        cells_of(&out, f2019, &["T3.R3.7.C7", "T3.R1.C7"]),
        ["1813", "1988"].map(|v| Some(v.to_string()))
    );
    let v1: Vec<(String, String)> = blank
        .iter()
        .map(|c| ("V1".to_string(), c.clone()))
        .collect();
    assert_eq!(rules_at(&out), v1);
    // The hint under the table says the totals are as published, not computed.
    let hint = &read_sheet(&out, "表三")[&(2, 0)];
    assert!(hint.contains("报告公布的总计"), "{hint}");
    assert!(!hint.contains("自动计算的总计"), "{hint}");
}

/// The results of the 自动校验 cells of a table sheet, by place.
fn checks(path: &Path, sheet: &str) -> BTreeMap<(u32, u32), String> {
    read_sheet(path, sheet)
        .into_iter()
        .filter(|(_, v)| v.starts_with('✓') || v.starts_with('✗'))
        .collect()
}

/// Converts with LibreOffice set to recalculate every formula on load, so the results read
/// back are LibreOffice's own, not the cached ones; `None` without LibreOffice.
fn recalculated(input: &Path, out_dir: &Path) -> Option<PathBuf> {
    let soffice = soffice("recalculation")?;
    let profile = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(profile.path().join("user")).unwrap();
    std::fs::write(
        profile.path().join("user/registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#,
    )
    .unwrap();
    std::process::Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", "ods", "--outdir"])
        .arg(out_dir)
        .arg(input)
        .output()
        .unwrap();
    let out = out_dir.join(input.with_extension("ods").file_name().unwrap());
    assert!(
        out.exists(),
        "LibreOffice did not convert {}",
        input.display()
    );
    Some(out)
}

#[test]
fn the_checks_in_the_sheet_show_where_the_report_is_wrong_as_a_spreadsheet_computes_them() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("洪泽区.xlsx");
    import(&sample("洪泽区_2023年度报告.txt"), &out, &[]).unwrap();
    let t4 = checks(&out, "表四");
    let results: Vec<&str> = t4.values().map(|v| &v[..3]).collect();
    // 行政复议 ✗, 未经复议直接起诉 ✓, 复议后起诉 ✗.
    assert_eq!(results, ["✗", "✓", "✗"], "{t4:?}");

    // LibreOffice, made to recalculate, computes every check as cached.
    let control = dir.path().join("control.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet()
        .write_formula(0, 0, rust_xlsxwriter::Formula::new("=1+1").set_result("5"))
        .unwrap();
    book.save(&control).unwrap();
    let Some(converted) = recalculated(&control, dir.path()) else {
        return;
    };
    assert_eq!(
        read_sheet(&converted, "Sheet1")[&(0, 0)],
        "2",
        "no recalculation"
    );
    for name in [
        "洪泽区_2023年度报告.txt",
        "平潭综合实验区_2020年度报告.html",
        "上海市政府办公厅_2019年度报告.html",
    ] {
        let out = dir.path().join(format!("{name}.xlsx"));
        import(&sample(name), &out, &[]).unwrap();
        let converted = recalculated(&out, dir.path()).unwrap();
        let format = Format::builtin()
            .iter()
            .find(|f| sheet_names(&out).contains(&f.tables[0].sheet))
            .unwrap();
        let mut failing = 0;
        for table in &format.tables {
            let cached = checks(&out, &table.sheet);
            assert_eq!(
                checks(&converted, &table.sheet),
                cached,
                "{name} {}",
                table.sheet
            );
            failing += cached.values().filter(|v| v.starts_with('✗')).count();
        }
        // 上海 left totals blank, which `check` reads as the sums of their items (V1 only):
        // its sheet shows no ✗ either. The others printed wrong totals.
        let wrong = !name.starts_with("上海");
        assert_eq!(failing > 0, wrong, "{name}: ✗ in the sheet");
    }
}

#[test]
fn a_title_split_by_pdftotext_gives_the_unit_and_year() {
    let dir = tempfile::tempdir().unwrap();
    let report = sample("洪泽区_2023年度报告.txt");
    let text = std::fs::read_to_string(&report).unwrap();
    assert!(
        text.starts_with("                洪泽区人民政府\n      2023 年政府信息公开工作年度报告\n")
    );
    let out = dir.path().join("洪泽区.xlsx");
    let stderr = import(&report, &out, &[]).unwrap();
    assert!(
        stderr.contains("（洪泽区人民政府，2023年度，2021版）"),
        "{stderr}"
    );
    assert!(!stderr.contains("没有从报告标题中读到"), "{stderr}");
    for path in [report.as_path(), out.as_path()] {
        let (file, keys) = findings(path);
        assert_eq!(file["unit"], "洪泽区人民政府");
        assert_eq!(file["year"], 2023);
        assert!(
            !keys.iter().any(|k| k.0 == "C1" || k.0 == "C2"),
            "{keys:#?}"
        );
    }
}

#[test]
fn without_a_readable_title_the_import_says_where_it_looked_and_how_to_give_unit_and_year() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(sample("洪泽区_2023年度报告.txt")).unwrap();
    let body: String = text.lines().skip(2).collect::<Vec<_>>().join("\n");
    let report = dir.path().join("无标题.txt");
    std::fs::write(&report, &body).unwrap();
    let out = dir.path().join("无标题.xlsx");
    let stderr = import(&report, &out, &[]).unwrap();
    assert!(stderr.contains("未知单位，未知年度"), "{stderr}");
    assert!(
        stderr.contains("没有从报告标题中读到单位和年度（报告开头第3–"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "请用 --unit 和 --year 写明单位和年度，例如：xxgk import {} --unit 某某区人民政府 --year 2023",
            report.display()
        )),
        "{stderr}"
    );

    // With only the unit's line missing, the year is read and only --unit is asked for.
    let report = dir.path().join("无单位.txt");
    std::fs::write(&report, text.lines().skip(1).collect::<Vec<_>>().join("\n")).unwrap();
    let stderr = import(&report, &dir.path().join("无单位.xlsx"), &[]).unwrap();
    assert!(
        stderr.contains("没有从报告标题中读到单位（标题在第1行：“2023 年政府信息公开工作年度报告”）。请用 --unit 写明单位"),
        "{stderr}"
    );
    assert!(!stderr.contains("--year"), "{stderr}");

    // Given on the command line, they are used, and nothing is missing.
    let out = dir.path().join("指定.xlsx");
    let stderr = import(
        &dir.path().join("无标题.txt"),
        &out,
        &["--unit", "洪泽区人民政府", "--year", "2023"],
    )
    .unwrap();
    assert!(
        stderr.contains("（洪泽区人民政府，2023年度，2021版）"),
        "{stderr}"
    );
    let (_, keys) = findings(&out);
    assert!(
        !keys.iter().any(|k| k.0 == "C1" || k.0 == "C2"),
        "{keys:#?}"
    );
}

#[test]
fn cells_written_oddly_in_a_page_are_written_so_into_the_workbook() {
    // A saved page of 平潭2021 in which cells hold what units write: “无”, full-width digits,
    // “12件”, a negative count, a fraction, an error value, a blank, a blank total.
    let format = Format::by_id("2021").unwrap();
    let page = std::fs::read_to_string(sample("平潭综合实验区_2021年度报告.html")).unwrap();
    let mut cells: BTreeMap<String, String> = format
        .cells()
        .iter()
        .map(|c| (c.code.clone(), "0".to_string()))
        .collect();
    for (code, v) in [
        ("T3.R3.1.C2", "无"),
        ("T3.R3.2.C1", "１２"),
        ("T3.R3.3.1.C1", "12件"),
        ("T3.R3.3.2.C3", "-3"),
        ("T3.R3.3.3.C4", "1.5"),
        ("T3.R3.4.1.C5", "#REF!"),
        ("T3.R3.5.1.C6", ""),
        ("T3.R3.5.2.C7", ""),
        ("T2.8.R1.C1", "1,234.5"),
    ] {
        cells.insert(code.into(), v.into());
    }
    assert!(page.contains("<h1>平潭综合实验区2021年度政府信息公开工作年度报告</h1>"));
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("改过的网页.html");
    std::fs::write(
        &report,
        report_html(
            format,
            &cells,
            "平潭综合实验区2021年度政府信息公开工作年度报告",
        ),
    )
    .unwrap();
    let out = dir.path().join("改过的网页.xlsx");
    import(&report, &out, &[]).unwrap();
    let (_, source) = findings(&report);
    let (_, book) = findings(&out);
    assert_eq!(source, book);
    let rules: std::collections::BTreeSet<&str> = book.iter().map(|k| k.0.as_str()).collect();
    for rule in ["V1", "V2", "V3", "V4", "V5"] {
        assert!(rules.contains(rule), "{rule} missing: {book:#?}");
    }
    // Text stays text, a refused number stays that number, a blank total stays blank; the
    // page reader reads full-width digits as the number they are.
    let codes = [
        "T3.R3.1.C2",
        "T3.R3.2.C1",
        "T3.R3.3.2.C3",
        "T3.R3.3.3.C4",
        "T3.R3.5.2.C7",
    ];
    assert_eq!(
        cells_of(&out, format, &codes),
        [Some("无"), Some("12"), Some("-3"), Some("1.5"), None].map(|v| v.map(str::to_string))
    );
}

#[test]
fn a_total_the_report_left_blank_is_shown_as_blank_not_as_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("上海.xlsx");
    import(&sample("上海市政府办公厅_2019年度报告.html"), &out, &[]).unwrap();
    let cells = read_sheet(&out, "表三");
    let blank_total = cells
        .values()
        .filter(|v| v.starts_with("○ 总计空白"))
        .count();
    // `check` reads each of the 19 blank totals as the sum of its items (V1, no G2): the
    // sheet's own check says so rather than ✗.
    assert_eq!(blank_total, 19, "{cells:?}");
    assert!(!cells.values().any(|v| v.starts_with('✗')), "{cells:?}");
}
