//! The same table twice in one workbook (issue 11, point 7): a corrected 表三 pasted below the
//! old one, an old copy kept on another sheet, two covers or two identification records that
//! disagree. Each is an error that names both places and says which one was read. The
//! workbooks are made from a real sample by openpyxl, as a unit's copy-and-paste would.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

/// Copies the correct sample 前进街道 and edits it with `script` (openpyxl, `wb` loaded).
fn edited(dir: &Path, name: &str, script: &str) -> Option<PathBuf> {
    let python = python_with_openpyxl()?;
    let path = dir.join(name);
    std::fs::copy(repo().join("samples/报表/前进街道_2025.xlsx"), &path).unwrap();
    let full = format!(
        "import sys, openpyxl\nfrom copy import copy\nwb = openpyxl.load_workbook(sys.argv[1])\n{script}\nwb.save(sys.argv[1])\n"
    );
    let out = std::process::Command::new(python)
        .args(["-c", &full])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(path)
}

/// `check --json` on one file: its findings and the exit code.
fn check(path: &Path) -> (Vec<Value>, i32) {
    let out = xxgk()
        .arg("check")
        .arg(path)
        .arg("--json")
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = json["files"][0]["findings"].as_array().unwrap().clone();
    (findings, out.status.code().unwrap())
}

fn with_rule<'a>(findings: &'a [Value], rule: &str) -> Vec<&'a Value> {
    findings.iter().filter(|f| f["rule"] == rule).collect()
}

#[test]
fn a_corrected_table_pasted_below_the_old_one_is_an_error_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    // Rows 4–31 hold 表三 in the template (its header from row 5); the copy starts 40 rows lower, with one changed
    // number, as a unit that “corrected” the table below the old one.
    let Some(path) = edited(
        dir.path(),
        "粘贴在下面.xlsx",
        r#"
ws = wb["表三"]
for row in ws.iter_rows(min_row=4, max_row=31):
    for cell in row:
        if type(cell).__name__ == "Cell" and cell.value is not None:
            ws.cell(row=cell.row + 40, column=cell.column, value=cell.value)
ws["D47"] = 99
"#,
    ) else {
        return;
    };
    let (findings, code) = check(&path);
    let l5 = with_rule(&findings, "L5");
    assert_eq!(l5.len(), 1, "{findings:#?}");
    let message = l5[0]["message"].as_str().unwrap();
    assert!(
        message.contains("已读取 表三!A5 起的一份，表三!A45 起还有一份"),
        "{message}"
    );
    assert_eq!(l5[0]["severity"], "error");
    assert!(l5[0]["hint"].as_str().unwrap().contains("删除"));
    assert_eq!(code, 1);
    // Only the first copy is read: its 一、本年新收 × 自然人 is the sample's, not the 99.
    let out = xxgk()
        .arg("check")
        .arg(&path)
        .arg("--json")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("\"actual\": \"99\""));
}

#[test]
fn an_old_copy_on_another_sheet_is_an_error_naming_the_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let Some(path) = edited(
        dir.path(),
        "另一张表.xlsx",
        r#"
old = wb.copy_worksheet(wb["表四"])
old.title = "表四（旧）"
old["A7"] = 5
"#,
    ) else {
        return;
    };
    let (findings, code) = check(&path);
    let l5 = with_rule(&findings, "L5");
    assert_eq!(l5.len(), 1, "{findings:#?}");
    let message = l5[0]["message"].as_str().unwrap();
    assert!(
        message.contains("已读取 表四!") && message.contains("表四（旧）!"),
        "{message}"
    );
    assert_eq!(code, 1);
}

#[test]
fn two_covers_that_disagree_are_an_error_and_the_first_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let Some(path) = edited(
        dir.path(),
        "两份封面.xlsx",
        r#"
second = wb.copy_worksheet(wb["封面"])
second.title = "封面 (2)"
second["B3"] = "大东街道"
"#,
    ) else {
        return;
    };
    let (findings, code) = check(&path);
    let c5 = with_rule(&findings, "C5");
    assert_eq!(c5.len(), 1, "{findings:#?}");
    let message = c5[0]["message"].as_str().unwrap();
    assert!(
        message.contains("封面!B3")
            && message.contains("封面 (2)!B3")
            && message.contains("大东街道"),
        "{message}"
    );
    assert_eq!(code, 1);
    // An identical second cover says nothing.
    let Some(same) = edited(
        dir.path(),
        "相同的封面.xlsx",
        "wb.copy_worksheet(wb[\"封面\"]).title = \"封面 (2)\"",
    ) else {
        return;
    };
    let (findings, _) = check(&same);
    assert!(with_rule(&findings, "C5").is_empty(), "{findings:#?}");
}

#[test]
fn two_identification_records_that_disagree_are_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let Some(path) = edited(
        dir.path(),
        "两份标识.xlsx",
        r#"
second = wb.copy_worksheet(wb["xxgk标识"])
second.title = "xxgk标识 (2)"
for row in second.iter_rows(min_row=2, max_col=2):
    if row[0].value == "报告年度":
        row[1].value = "2024"
"#,
    ) else {
        return;
    };
    let (findings, code) = check(&path);
    let c5 = with_rule(&findings, "C5");
    assert_eq!(c5.len(), 1, "{findings:#?}");
    let message = c5[0]["message"].as_str().unwrap();
    assert!(
        message.contains("2025") && message.contains("2024") && message.contains("xxgk标识 (2)"),
        "{message}"
    );
    assert_eq!(code, 1);
}

#[test]
fn no_sample_has_a_second_copy() {
    let out = xxgk()
        .args(["check", "--json"])
        .arg(repo().join("samples/报表"))
        .arg(repo().join("samples/真实报告"))
        .arg(repo().join("samples/其他格式"))
        .arg(repo().join("samples/上年"))
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = json["files"].as_array().unwrap();
    assert!(files.len() >= 14, "{}", files.len());
    for file in files {
        for f in file["findings"].as_array().unwrap() {
            assert!(
                f["rule"] != "L5" && f["rule"] != "C5",
                "{}: {f}",
                file["path"]
            );
        }
    }
}

#[test]
fn a_consolidation_quoting_labels_in_its_findings_has_no_second_copy() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("汇总");
    xxgk()
        .arg("merge")
        .arg(repo().join("samples/报表"))
        .args(["--roster"])
        .arg(repo().join("samples/名单.csv"))
        .args(["--unit", "大东区", "--year", "2025", "-o"])
        .arg(&out_dir)
        .assert()
        .code(1);
    let (findings, _) = check(&out_dir.join("汇总.xlsx"));
    assert!(
        with_rule(&findings, "L5").is_empty() && with_rule(&findings, "C5").is_empty(),
        "{findings:#?}"
    );
}
