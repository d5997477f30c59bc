//! `xxgk check` on every sample: the exact findings (rule, place, severity) and exit status.

mod common;

use common::*;
use predicates::prelude::*;
use serde_json::Value;
use std::collections::BTreeSet;

/// (rule, place, severity, explained) of every finding, for one file checked with --json.
type Found = BTreeSet<(String, String, String, bool)>;

fn check_json(args: &[&str]) -> (i32, Value) {
    let out = xxgk()
        .current_dir(repo())
        .arg("check")
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap(), json)
}

fn found(file: &Value) -> Found {
    file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let place = match (
                f["sheet"].as_str().unwrap_or(""),
                f["cell"].as_str().unwrap_or(""),
            ) {
                (s, "") => s.to_string(),
                (s, c) => format!("{s}!{c}"),
            };
            (
                f["rule"].as_str().unwrap().to_string(),
                place,
                f["severity"].as_str().unwrap().to_string(),
                f["explained"].as_bool().unwrap(),
            )
        })
        .collect()
}

fn expect(items: &[(&str, &str, &str, bool)]) -> Found {
    items
        .iter()
        .map(|(r, p, s, e)| (r.to_string(), p.to_string(), s.to_string(), *e))
        .collect()
}

fn assert_sample(path: &str, code: i32, expected: &[(&str, &str, &str, bool)]) {
    let (status, json) = check_json(&[path]);
    let file = &json["files"][0];
    assert_eq!(found(file), expect(expected), "{path}");
    assert_eq!(status, code, "{path}: exit status");
}

#[test]
fn clean_and_explained_samples_pass() {
    for path in [
        "samples/报表/前进街道_2025.xlsx",
        "samples/报表/区民政局_2025.xlsx",
        "samples/真实报告/前进街道_2020.xlsx",
        "samples/真实报告/平潭综合实验区_2019.xlsx",
        "samples/真实报告/平潭综合实验区_2021.xlsx",
        "samples/真实报告/淮安市_2024.xlsx",
        "samples/上年/前进街道_2024.xlsx",
        "samples/其他格式/前进街道_2025.ods",
    ] {
        assert_sample(path, 0, &[]);
    }
    assert_sample(
        "samples/报表/大东街道_2025.xlsx",
        0,
        &[
            ("V1", "表二!B17", "warning", true),
            ("V3", "表四!A7", "warning", true),
        ],
    );
}

#[test]
fn arithmetic_errors_are_found_where_they_are() {
    let g1 = [
        ("G1", "表三!D7", "error", false),
        ("G1", "表三!J7", "error", false),
    ];
    assert_sample("samples/报表/津桥街道_2025.xlsx", 1, &g1);
    // The same file re-saved by LibreOffice as .xls gives the same findings.
    assert_sample("samples/其他格式/津桥街道_2025.xls", 1, &g1);
    // A number typed over the total formula.
    assert_sample(
        "samples/报表/小北街道_2025.xlsx",
        1,
        // Only the total's own rule: G1 reads the recomputed total and still balances.
        &[("G2", "表三!J7", "error", false)],
    );
}

#[test]
fn bad_values_are_each_reported() {
    assert_sample(
        "samples/报表/区教育局_2025.xlsx",
        1,
        &[
            ("V1", "表二!B10", "warning", false),
            // Full-width “０” that no total sums: the sheet and xxgk agree, a warning.
            ("V2", "表二!B14", "warning", false),
            // “21件” under the sheet's own SUM, which skips it: an error.
            ("V6", "表三!D7", "error", false),
            ("V3", "表四!B7", "warning", false),
            ("V4", "表三!E9", "error", false),
            ("V4", "表三!D11", "error", false),
            ("V5", "表三!H19", "error", false),
            // No G1 for the columns holding 见附件 and #REF!: the V4/V5 errors are the cause.
        ],
    );
}

#[test]
fn a_pasted_table_is_found_by_its_labels() {
    assert_sample(
        "samples/报表/万泉街道_2025.xlsx",
        0,
        &[
            ("L2", "Sheet1!D31", "warning", false),
            ("L3", "Sheet1", "warning", false),
        ],
    );
    let (_, json) = check_json(&["samples/报表/万泉街道_2025.xlsx"]);
    let file = &json["files"][0];
    assert_eq!(file["unit"], "万泉街道");
    assert_eq!(file["year"], 2025);
    assert_eq!(file["format"], "2021");
    assert_eq!(
        file["findings"].as_array().unwrap().len(),
        4,
        "one L2 and three L3"
    );
}

#[test]
fn unreadable_files_get_one_clear_error_each_and_the_run_continues() {
    let cases = [
        ("空文件.xlsx", "文件为空"),
        ("截断的下载.xlsx", "文件已损坏"),
        ("不是表格.xlsx", "不是 Excel、WPS 或 LibreOffice 的表格文件"),
        ("网页另存为.xls", "这是网页（HTML）文件"),
        ("系统导出.xls", "这是文本或 CSV 文件"),
        ("设了密码.xlsx", "文件设有打开密码"),
        ("压缩炸弹.xlsx", "压缩数据大小异常"),
        ("其实是Word文档.xlsx", "这是 Word 文档"),
        ("别的报表.xlsx", "没有找到年度报告的统计表"),
    ];
    let (status, json) = check_json(&["samples/异常文件", "samples/报表/前进街道_2025.xlsx"]);
    let files = json["files"].as_array().unwrap();
    assert_eq!(files.len(), cases.len() + 1);
    for (name, message) in cases {
        let file = files
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} missing from the report"));
        assert_eq!(file["status"], "unreadable", "{name}");
        let findings = file["findings"].as_array().unwrap();
        assert_eq!(findings.len(), 1, "{name}");
        assert_eq!(findings[0]["rule"], "F1");
        assert!(
            findings[0]["message"].as_str().unwrap().contains(message),
            "{name}: {}",
            findings[0]["message"]
        );
    }
    assert_eq!(
        files.last().unwrap()["status"],
        "ok",
        "the good file after the bad ones is read"
    );
    assert_eq!(status, 1);
    // Nothing readable at all is a usage-level failure.
    let (status, _) = check_json(&["samples/异常文件/空文件.xlsx"]);
    assert_eq!(status, 2);
}

#[test]
fn folders_are_read_in_order_and_skips_are_listed() {
    xxgk()
        .current_dir(repo())
        .args(["check", "samples/报表"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "已跳过 samples/报表/~$前进街道_2025.xlsx：Office 临时锁文件",
        ))
        .stdout(predicate::str::contains(
            "══ 共 7 个文件：3 个通过，1 个有警告，3 个有错误，0 个无法读取。",
        ));
    let (_, json) = check_json(&["samples/报表"]);
    let paths: Vec<&str> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
}

#[test]
fn text_output_spells_out_the_arithmetic() {
    xxgk()
        .current_dir(repo())
        .args(["check", "samples/报表/津桥街道_2025.xlsx"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "✗ [错误] G1 表三!D7（T3.R1.C1） 一、本年新收政府信息公开申请数量 × 自然人",
        ))
        .stdout(predicate::str::contains(
            "一+二 = 6+0 = 6，（七）总计+四 = 5+3 = 8，相差 2",
        ))
        .stdout(predicate::str::contains("小结：有错误（2 个错误）"));
}

#[test]
fn cross_year_checks_use_last_years_report() {
    let (status, json) = check_json(&[
        "samples/报表/前进街道_2025.xlsx",
        "--prior",
        "samples/上年/前进街道_2024.xlsx",
    ]);
    assert_eq!(status, 0);
    assert_eq!(found(&json["files"][0]), expect(&[]));
    // Another unit's report as “last year”: a C4 warning, and no cross-year rule runs.
    let (_, json) = check_json(&[
        "samples/报表/前进街道_2025.xlsx",
        "--prior",
        "samples/报表/大东街道_2025.xlsx",
    ]);
    let rules: BTreeSet<String> = found(&json["files"][0]).into_iter().map(|f| f.0).collect();
    assert_eq!(rules, BTreeSet::from(["C4".to_string()]));
    // The unit's own 2024 report with other carry-over numbers: X1 and X2 find the gaps.
    let dir = tempfile::tempdir().unwrap();
    let prior = dir.path().join("前进街道_2024.xlsx");
    let format = xxgk::format::Format::by_id("2021").unwrap();
    let mut values = xxgk::template::Values::new();
    values.insert("T3.R1.C1".into(), 3.into());
    values.insert("T3.R4.C1".into(), 3.into()); // carried into 2025: 3, but 2025 says 1
    values.insert("T2.1.R1.C3".into(), 2.into());
    values.insert("T2.1.R2.C3".into(), 20.into()); // 20 + 3 − 1 ≠ 25
    let header = xxgk::template::Header {
        unit: "前进街道".into(),
        year: Some(2024),
        ..Default::default()
    };
    std::fs::write(
        &prior,
        xxgk::template::workbook_bytes(format, &header, &values).unwrap(),
    )
    .unwrap();
    let (status, json) = check_json(&[
        "samples/报表/前进街道_2025.xlsx",
        "--prior",
        prior.to_str().unwrap(),
    ]);
    let got: BTreeSet<(String, String, String, bool)> = found(&json["files"][0]);
    assert_eq!(
        got,
        expect(&[
            ("X1", "表三!D8", "error", false),
            ("X1", "表三!J8", "error", false),
            ("X2", "表二!D7", "warning", false),
        ])
    );
    assert_eq!(status, 1);
    xxgk()
        .current_dir(repo())
        .args([
            "check",
            "samples/报表/前进街道_2025.xlsx",
            "--prior",
            "samples/异常文件/空文件.xlsx",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "上年文件 samples/异常文件/空文件.xlsx 无法读取",
        ));
}

#[test]
fn json_has_the_documented_fields_and_stable_fingerprints() {
    let (_, first) = check_json(&["samples/报表/区教育局_2025.xlsx"]);
    let (_, second) = check_json(&["samples/报表/区教育局_2025.xlsx"]);
    let file = &first["files"][0];
    for key in [
        "path", "status", "format", "year", "unit", "sha256", "findings",
    ] {
        assert!(!file[key].is_null(), "missing {key}");
    }
    let finding = &file["findings"][0];
    for key in [
        "severity",
        "rule",
        "sheet",
        "cell",
        "code",
        "message",
        "expected",
        "actual",
        "fingerprint",
    ] {
        assert!(!finding[key].is_null(), "missing {key}");
    }
    assert_eq!(file["sha256"].as_str().unwrap().len(), 64);
    let prints = |j: &Value| -> Vec<String> {
        j["files"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["fingerprint"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(prints(&first), prints(&second));
    let unique: BTreeSet<String> = prints(&first).into_iter().collect();
    assert_eq!(
        unique.len(),
        prints(&first).len(),
        "fingerprints are distinct"
    );
}

#[test]
fn a_missing_path_is_reported() {
    xxgk()
        .args(["check", "no-such-file.xlsx"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-file.xlsx 不存在"));
}

#[cfg(unix)]
#[test]
fn folder_links_are_not_followed() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("收回");
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy(
        repo().join("samples/报表/前进街道_2025.xlsx"),
        dir.join("前进街道_2025.xlsx"),
    )
    .unwrap();
    std::os::unix::fs::symlink(&dir, dir.join("循环")).unwrap();
    let out = xxgk()
        .args(["check", "--json"])
        .arg(&dir)
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["files"].as_array().unwrap().len(), 1);
    assert!(
        json["skipped"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("链接")
    );
}

#[test]
fn two_files_of_one_unit_are_pointed_out() {
    xxgk()
        .current_dir(repo())
        .args([
            "check",
            "samples/报表/前进街道_2025.xlsx",
            "samples/其他格式/前进街道_2025.ods",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "注意：“前进街道”2025年度有 2 份表格",
        ));
}
