//! Issue 11, points 3 and 4: the tool reads what the unit's sheet and the published report
//! say. A report or workbook is read in the format whose labels it carries (with C3 when the
//! year expects the other one), a year written inside a column header is tolerated, and a
//! number typed as text under the sheet's own SUM formulas — which skip it — is an error (V6)
//! rather than a warning. Every test runs the binary on real files: the fixtures' published
//! reports, and the binary's own templates filled by openpyxl and re-saved by LibreOffice.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

/// `check --json` on the given paths: exit status and the first file's report.
fn check(path: &Path) -> (i32, Value) {
    let out = xxgk()
        .current_dir(repo())
        .arg("check")
        .arg(path)
        .arg("--json")
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap(), json["files"][0].clone())
}

/// (rule, place, severity) of every finding.
fn findings(file: &Value) -> Vec<(String, String, String)> {
    file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let sheet = f["sheet"].as_str().unwrap_or("");
            let place = match f["cell"].as_str().unwrap_or("") {
                "" => sheet.to_string(),
                cell => format!("{sheet}!{cell}"),
            };
            (
                f["rule"].as_str().unwrap().to_string(),
                place,
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn the_finding<'a>(file: &'a Value, rule: &str) -> &'a Value {
    file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == rule)
        .unwrap_or_else(|| panic!("no {rule}: {file:#}"))
}

/// Every data cell's number, as `check` reads the file.
fn numbers(path: &Path) -> Vec<(String, String)> {
    let (filing, _) = xxgk::check::read_filing(path).unwrap();
    xxgk::check::effective_values(&filing)
        .into_iter()
        .map(|(code, v)| (code, v.normalize().to_string()))
        .collect()
}

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures/reports").join(name)
}

/// Runs an openpyxl script on `path` (its `sys.argv[1]`), after a preamble that fills every
/// unlocked input cell of 表二 to 表四 with 0.
fn edit(python: &str, path: &Path, script: &str) {
    let preamble = r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
for name in ["表二", "表三", "表四"]:
    ws = wb[name]
    for row in ws.iter_rows(min_row=4, max_row=ws.max_row):
        for cell in row:
            if type(cell).__name__ == "Cell" and cell.value is None and cell.protection.locked is False:
                cell.value = 0
"#;
    let status = std::process::Command::new(python)
        .args(["-c", &format!("{preamble}{script}\nwb.save(sys.argv[1])\n")])
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success(), "openpyxl script failed");
}

/// The binary's template for `unit`, year and format, written to `dir/name`.
fn template(dir: &Path, name: &str, year: &str, format: &str) -> PathBuf {
    let path = dir.join(name);
    xxgk()
        .args([
            "template",
            "--year",
            year,
            "--format",
            format,
            "--unit",
            "测试街道",
        ])
        .arg("-o")
        .arg(&path)
        .assert()
        .success();
    path
}

// ── Point 3: the format is chosen by the labels ────────────────────────────────────────────

#[test]
fn a_2023_report_in_the_2019_labels_is_read_in_the_2019_format_with_c3() {
    // A 街道 that kept the 2019 trial format: 本年新制作数量, 对外公开总数量, 上一年项目数量,
    // 本年增/减 — in a report titled 2023.
    let source = fixture("2023_qianjin_2019_labels.txt");
    let (status, file) = check(&source);
    assert_eq!(status, 0);
    assert_eq!(
        (&file["format"], &file["year"]),
        (&"2019".into(), &2023.into())
    );
    assert_eq!(
        findings(&file),
        [("C3".into(), "封面!B2".into(), "warning".into())]
    );
    let c3 = the_finding(&file, "C3")["message"].as_str().unwrap();
    assert!(c3.contains("2023年度应使用2021版"), "{c3}");
    assert!(
        c3.contains("这份表格用的是2019（试行）版，已按2019（试行）版读取和审核"),
        "{c3}"
    );
    // Its numbers are the 2020 report's: the title changed nothing else.
    assert_eq!(numbers(&source), numbers(&fixture("seed_2020_qianjin.txt")));

    // The workbook `import` writes from it is in the same format, with the same C3.
    let dir = tempfile::tempdir().unwrap();
    let imported = dir.path().join("前进街道_2023.xlsx");
    xxgk()
        .arg("import")
        .arg(&source)
        .arg("-o")
        .arg(&imported)
        .assert()
        .success();
    let (status, file) = check(&imported);
    assert_eq!(status, 0);
    assert_eq!(file["format"], "2019");
    assert_eq!(
        findings(&file).into_iter().map(|f| f.0).collect::<Vec<_>>(),
        ["C3"]
    );
}

#[test]
fn a_year_inside_a_column_header_is_tolerated_in_a_pdf_text_and_a_web_page() {
    // 淮安市2024 with “本年(2024)制发件数”, “本年（2024年）废止件数”, “本年（2024）处理决定数量”
    // and “本年(2024年度)收费金额”.
    let text = fixture("2024_huaian_year_in_header.txt");
    let (status, file) = check(&text);
    assert_eq!((status, findings(&file)), (0, vec![]));
    assert_eq!(file["format"], "2021");
    assert_eq!(numbers(&text), numbers(&fixture("2024_huaian.txt")));

    // A saved web page: its headers are table cells, matched by the locator.
    let original = repo().join("samples/真实报告/平潭综合实验区_2021年度报告.html");
    let page = std::fs::read_to_string(&original).unwrap();
    let with_years = page
        .replace("本年制发件数", "本年(2021)制发件数")
        .replace("本年处理决定数量", "本年（2021年）处理决定数量");
    assert_ne!(page, with_years);
    let dir = tempfile::tempdir().unwrap();
    let edited = dir.path().join("平潭_本年带年份.html");
    std::fs::write(&edited, with_years).unwrap();
    let (status, file) = check(&edited);
    assert_eq!((status, findings(&file)), (0, vec![]));
    assert_eq!(numbers(&edited), numbers(&original));
}

#[test]
fn a_2019_workbook_for_2023_is_read_by_its_record_or_its_labels_and_a_contradiction_is_an_error() {
    let Some(python) = python_with_openpyxl() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let with_record = template(dir.path(), "老格式.xlsx", "2023", "2019");
    edit(
        python,
        &with_record,
        "wb['表三']['D7'] = 2\nwb['表三']['D9'] = 2",
    );

    // The template's identification record says 2019: read so, C3.
    let (status, file) = check(&with_record);
    assert_eq!(status, 0);
    assert_eq!(
        (&file["format"], &file["year"]),
        (&"2019".into(), &2023.into())
    );
    assert_eq!(
        findings(&file),
        [("C3".into(), "封面!B5".into(), "warning".into())]
    );
    let c3 = the_finding(&file, "C3")["message"].as_str().unwrap();
    assert!(c3.contains("这份表格用的是2019（试行）版"), "{c3}");

    // Without the record (a workbook copied into a new file): the labels say 2019.
    let without = dir.path().join("无标识.xlsx");
    std::fs::copy(&with_record, &without).unwrap();
    edit(python, &without, "del wb['xxgk标识']");
    let (status, file) = check(&without);
    assert_eq!(status, 0);
    assert_eq!(file["format"], "2019");
    assert_eq!(
        findings(&file),
        [("C3".into(), "封面!B5".into(), "warning".into())]
    );
    let c3 = the_finding(&file, "C3")["message"].as_str().unwrap();
    assert!(
        c3.contains("这份表格用的是2019（试行）版，已按2019（试行）版读取和审核"),
        "{c3}"
    );
    assert_eq!(numbers(&without), numbers(&with_record));

    // The record says 2021 but the tables are 2019's: the record still decides, and one
    // error says why the 2021 labels are missing, before the labels themselves.
    let contradicted = dir.path().join("标识不符.xlsx");
    std::fs::copy(&with_record, &contradicted).unwrap();
    edit(python, &contradicted, "wb['xxgk标识']['B3'] = '2021'");
    let (status, file) = check(&contradicted);
    assert_eq!(status, 1);
    assert_eq!(file["format"], "2021");
    let first = &file["findings"][0];
    assert_eq!(
        (&first["rule"], &first["severity"]),
        (&"L1".into(), &"error".into())
    );
    assert_eq!(first["sheet"], "xxgk标识");
    let message = first["message"].as_str().unwrap();
    assert!(
        message.contains("表格的标签是2019（试行）版的") && message.contains("标识是2021版"),
        "{message}"
    );
    let hint = first["hint"].as_str().unwrap();
    assert!(hint.contains("重新填写"), "{hint}");
    // No such error when record and labels agree.
    let (_, file) = check(&with_record);
    assert!(!findings(&file).iter().any(|f| f.0 == "L1"));
}

#[test]
fn a_year_inside_a_workbook_header_is_tolerated() {
    let Some(python) = python_with_openpyxl() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = template(dir.path(), "表头带年份.xlsx", "2025", "2021");
    edit(
        python,
        &path,
        r#"
t2 = wb["表二"]
t2["B5"] = "本年(2025)制发件数"
t2["C5"] = "本年（2025年）废止件数"
t2["B9"] = "本年（2025）处理决定数量"
t2["B16"] = "本年(2025年度)收费金额（单位：万元）"
t2["B6"] = 4
t2["B10"] = 7
t2["B17"] = 1.5
"#,
    );
    let (status, file) = check(&path);
    assert_eq!((status, findings(&file)), (0, vec![]));
    let (filing, _) = xxgk::check::read_filing(&path).unwrap();
    assert_eq!(filing.number("T2.1.R1.C1"), 4.into());
    assert_eq!(filing.number("T2.5.R1.C1"), 7.into());
    assert_eq!(filing.number("T2.8.R1.C1"), "1.5".parse().unwrap());
    // Without the normalisation the header would be no label at all (L1), not a typo.
    assert_ne!(
        xxgk::locate::normalize("本年(2025)制发件数"),
        "本年(2025)制发件数"
    );
}

// ── Point 4: a number typed as text ────────────────────────────────────────────────────────

/// A 2021 template filled by openpyxl: 表三 自然人 / 一、本年新收 typed as “10件”, 3 from
/// 商业企业; all 13 granted. xxgk reads 13 = 13; the sheet's SUM skips the text: 总计 3.
fn typed_as_text(dir: &Path, python: &str) -> PathBuf {
    let path = template(dir, "十件.xlsx", "2025", "2021");
    edit(
        python,
        &path,
        r#"
t3 = wb["表三"]
t3["D7"] = "10件"
t3["E7"] = 3
t3["D9"] = 10
t3["E9"] = 3
"#,
    );
    path
}

fn assert_v6(path: &Path) {
    let (status, file) = check(path);
    assert_eq!(status, 1, "{}: exit status", path.display());
    assert_eq!(
        findings(&file),
        [("V6".into(), "表三!D7".into(), "error".into())],
        "{}",
        path.display()
    );
    let v6 = the_finding(&file, "V6");
    let message = v6["message"].as_str().unwrap();
    assert!(message.contains("“10件”"), "{message}");
    assert!(message.contains("表三!J7 的总计显示为 3"), "{message}");
    assert!(message.contains("自动校验"), "{message}");
    let hint = v6["hint"].as_str().unwrap();
    assert!(hint.contains("重新输入数字 10"), "{hint}");
    assert_eq!(v6["code"], "T3.R1.C1");
    assert_eq!(v6["explained"], false);
}

#[test]
fn a_number_typed_as_text_under_the_sheets_own_sum_is_an_error() {
    let Some(python) = python_with_openpyxl() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // As openpyxl wrote it: formulas without cached results.
    let filled = typed_as_text(dir.path(), python);
    assert_v6(&filled);

    // As the unit's spreadsheet program saved it: LibreOffice recalculates, so the cached
    // totals are what the unit saw — 总计 3, and ✗ in 自动校验.
    for ext in ["xlsx", "ods", "xls"] {
        let out = dir.path().join(ext);
        std::fs::create_dir(&out).unwrap();
        let Some(converted) = soffice_convert(&filled, ext, &out) else {
            return;
        };
        let t3 = read_sheet(&converted, "表三");
        assert_eq!(t3[&(6, 3)], "10件", "{ext}: the text stays text");
        assert_eq!(
            t3[&(6, 9)],
            "3",
            "{ext}: the sheet's own 总计 skips the text"
        );
        if ext != "xls" {
            // calamine reads an .xls formula's text result as 0 (see tests/libreoffice.rs).
            let g1 = t3
                .iter()
                .find(|(_, v)| v.as_str() == "G1 表三按列平衡")
                .map(|((r, _), _)| *r)
                .expect("G1 row");
            assert!(t3[&(g1, 3)].starts_with('✗'), "{ext}: {}", t3[&(g1, 3)]);
        }
        assert_v6(&converted);
    }
}

#[test]
fn an_explanation_does_not_turn_the_error_into_an_explained_warning() {
    let Some(python) = python_with_openpyxl() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = typed_as_text(dir.path(), python);
    edit(
        python,
        &path,
        "ex = wb['情况说明']\nex['B4'], ex['C4'], ex['D4'] = 'V2', 'T3.R1.C1', '数字无误，带了件字。'",
    );
    let (status, file) = check(&path);
    assert_eq!(status, 1);
    assert_eq!(the_finding(&file, "V6")["explained"], false);
    // The explanation finds no warning to explain.
    assert_eq!(the_finding(&file, "E1")["sheet"], "情况说明");
}

#[test]
fn without_formulas_over_it_a_number_typed_as_text_stays_a_warning() {
    let Some(python) = python_with_openpyxl() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let filled = typed_as_text(dir.path(), python);
    let out = dir.path().join("converted");
    std::fs::create_dir(&out).unwrap();
    let Some(converted) = soffice_convert(&filled, "xlsx", &out) else {
        return;
    };
    // Every formula replaced by the number it showed (a unit that pasted values): the
    // identification record is still there, but no total is a formula.
    let plain = dir.path().join("只有数字.xlsx");
    let status = std::process::Command::new(python)
        .args([
            "-c",
            "import sys, openpyxl\nwb = openpyxl.load_workbook(sys.argv[1], data_only=True)\nwb.save(sys.argv[2])",
        ])
        .arg(&converted)
        .arg(&plain)
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(read_sheet(&plain, "xxgk标识")[&(2, 1)], "2021");
    let (status, file) = check(&plain);
    assert_eq!(status, 0, "{file:#}");
    assert_eq!(
        findings(&file),
        [("V2".into(), "表三!D7".into(), "warning".into())]
    );
    // And a published report with “3001件” in its table: no formulas, never V6.
    let text = std::fs::read_to_string(fixture("2024_huaian.txt")).unwrap();
    let edited_text = text.replacen("3001        53", "3001件        53", 1);
    assert_ne!(text, edited_text);
    let report = dir.path().join("淮安_件.txt");
    std::fs::write(&report, edited_text).unwrap();
    let (status, file) = check(&report);
    assert_eq!(status, 0);
    assert!(!findings(&file).iter().any(|f| f.0 == "V6"), "{file:#}");
    assert_eq!(numbers(&report), numbers(&fixture("2024_huaian.txt")));
    // A saved web page whose cell reads “64件”: a text cell without formulas, a V2 warning.
    let original = repo().join("samples/真实报告/平潭综合实验区_2021年度报告.html");
    let page = std::fs::read_to_string(&original).unwrap();
    let row = page.find("本年新收政府信息公开申请数量").unwrap();
    let cell = row + page[row..].find(">64<").unwrap();
    let page = format!("{}>64件<{}", &page[..cell], &page[cell + 4..]);
    let html = dir.path().join("平潭_件.html");
    std::fs::write(&html, page).unwrap();
    let (status, file) = check(&html);
    assert_eq!(status, 0);
    assert_eq!(findings(&file).len(), 1, "{file:#}");
    let v2 = the_finding(&file, "V2");
    assert_eq!(
        (&v2["code"], &v2["severity"]),
        (&"T3.R1.C1".into(), &"warning".into())
    );
}
