//! Filled workbooks as other programs leave them: re-saved by LibreOffice as xlsx, xls and
//! ods, and filled by an openpyxl script that leaves no cached formula results.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::*;
use xxgk::check::check_file;
use xxgk::rules::Severity;
use xxgk::value::State;

/// Findings as (rule, code, place, is error), and values as (code, text).
type Summary = (
    BTreeSet<(String, String, String, bool)>,
    Vec<(String, String)>,
);

/// Every finding and every cell's value, for comparing two saves of one workbook.
fn summary(path: &Path) -> Summary {
    let report = check_file(path, None);
    let filing = report
        .filing
        .as_ref()
        .unwrap_or_else(|| panic!("{}: {:?}", path.display(), report.findings));
    let findings = report
        .findings
        .iter()
        .map(|f| {
            (
                f.rule.clone(),
                f.code.clone(),
                f.place(),
                f.severity == Severity::Error,
            )
        })
        .collect();
    // Input cells as read, totals as the rules see them (a re-save fills in formula caches).
    let effective = xxgk::check::effective_values(filing);
    let totals = xxgk::rules::Totals::new(filing.format);
    let values = filing
        .entries
        .iter()
        .map(|(code, e)| {
            let shown = if totals.is_total(code) {
                format!("total:{}", effective[code])
            } else {
                format!("{:?}:{}", e.value.state, e.value.sum_value())
            };
            (code.clone(), shown)
        })
        .collect();
    (findings, values)
}

#[test]
fn libreoffice_resaves_read_back_the_same() {
    let source = repo().join("samples/报表/区教育局_2025.xlsx");
    let expected = summary(&source);
    assert!(!expected.0.is_empty(), "the sample has findings to compare");
    let dir = tempfile::tempdir().unwrap();
    for ext in ["xlsx", "xls", "ods"] {
        let out = dir.path().join(ext);
        std::fs::create_dir(&out).unwrap();
        let Some(converted) = soffice_convert(&source, ext, &out) else {
            return;
        };
        let got = summary(&converted);
        assert_eq!(got.0, expected.0, "{ext}: findings differ");
        assert_eq!(got.1, expected.1, "{ext}: values differ");
    }
}

#[test]
fn a_template_filled_by_an_openpyxl_script_is_read_without_formula_caches() {
    let Some(python) = python_with_openpyxl() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("脚本填写.xlsx");
    xxgk()
        .args(["template", "--year", "2025", "--unit", "脚本街道", "-o"])
        .arg(&path)
        .assert()
        .success();
    // Fill every input cell of 表三 with 0, then a few real numbers, as a script would.
    let script = r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
t3 = wb["表三"]
for row in t3.iter_rows(min_row=7, max_row=31, min_col=4, max_col=9):
    for cell in row:
        if cell.value is None:
            cell.value = 0
t3["D7"] = 5   # 一、本年新收 × 自然人
t3["D9"] = 4   # （一）予以公开 × 自然人
t3["D31"] = 1  # 四、结转下年度 × 自然人
for name in ["表二", "表四"]:
    ws = wb[name]
    for row in ws.iter_rows(min_row=4, max_row=ws.max_row):
        for cell in row:
            if type(cell).__name__ == "Cell" and cell.value is None and cell.protection.locked is False:
                cell.value = 0
wb["表四"]["A7"] = 2
wb.save(sys.argv[1])
"#;
    let status = std::process::Command::new(python)
        .args(["-c", script])
        .arg(&path)
        .status()
        .unwrap();
    assert!(status.success());
    let report = check_file(&path, None);
    let filing = report.filing.as_ref().unwrap();
    // The totals are formulas without cached results: they are recomputed, not “blank”.
    let total = &filing.entries["T3.R1.C7"];
    assert!(total.formula && total.value.state == State::Blank);
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    assert_eq!(filing.number("T3.R1.C1"), 5.into());
    assert_eq!(filing.number("T4.A1"), 2.into());
}
