//! Issue 11, points 5 and 6, end to end on the samples: units are matched to the roster by
//! 单位代码 before their name, names only alike are suggested and never merged, and
//! `--prior` is last year's consolidation, whose 分单位明细 gives each unit its own last year
//! for the cross-year rules.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use predicates::prelude::*;
use rust_decimal::Decimal;
use serde_json::Value as Json;
use xxgk::format::Format;
use xxgk::template::{Header, Values, workbook_bytes};

fn merge(args: &[&str], out: &Path) -> assert_cmd::assert::Assert {
    xxgk()
        .current_dir(repo())
        .arg("merge")
        .args(args)
        .arg("-o")
        .arg(out)
        .assert()
}

fn stderr(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stderr).into_owned()
}

fn stdout(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stdout).into_owned()
}

/// The sample roster with some rows rewritten.
fn roster(dir: &Path, replace: &[(&str, &str)]) -> PathBuf {
    let mut text = std::fs::read_to_string(repo().join("samples/名单.csv")).unwrap();
    for (from, to) in replace {
        assert!(text.contains(from), "{from} not in the sample roster");
        text = text.replace(from, to);
    }
    let path = dir.join("名单.csv");
    std::fs::write(&path, text).unwrap();
    path
}

/// The rows of a list sheet (报送情况, 审核结果) as text cells by column.
fn rows(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    let cells = read_sheet(path, sheet);
    let last = cells.keys().map(|(r, _)| *r).max().unwrap_or(0);
    (2..=last)
        .map(|r| {
            (0..11)
                .map(|c| cells.get(&(r, c)).cloned().unwrap_or_default())
                .collect()
        })
        .collect()
}

fn report(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("汇总报告.md")).unwrap()
}

/// The line of the Markdown status table for a unit.
fn status_line<'r>(report: &'r str, unit: &str) -> &'r str {
    report
        .lines()
        .find(|l| l.split('|').nth(2).is_some_and(|c| c.trim() == unit))
        .unwrap_or_else(|| panic!("{unit} not in the status table:\n{report}"))
}

#[test]
fn a_renamed_unit_with_the_rosters_code_counts_as_reported() {
    let root = tempfile::tempdir().unwrap();
    let list = roster(
        root.path(),
        &[("前进街道,210104001", "前进街道办事处,210104001")],
    );
    let out = root.path().join("out");
    let run = merge(
        &[
            "samples/报表",
            "--roster",
            list.to_str().unwrap(),
            "--unit",
            "大东区",
            "--year",
            "2025",
        ],
        &out,
    );
    // Only 区卫生健康局 is missing, as with the unchanged roster; one more warning (M2).
    let err = stderr(&run.code(1));
    assert!(
        err.contains("7 份计入汇总（7 个单位），7 个错误，8 个警告，未报送 1 个单位"),
        "{err}"
    );
    let report = report(&out);
    let line = status_line(&report, "前进街道");
    assert!(line.contains("| 有警告 "), "not 名单外: {line}");
    assert!(
        line.contains("名单第2行“前进街道办事处”（按单位代码 210104001 对应）"),
        "{line}"
    );
    assert!(
        !report.contains("| 前进街道办事处 | 未报送"),
        "counted as reported: {report}"
    );
    assert!(report.contains(
        "M2 `封面`：表格的单位代码 210104001 是名单第2行的“前进街道办事处”，表格中的填报单位写的是“前进街道”；已按单位代码计为“前进街道办事处”报送"
    ));
    let findings = rows(&out.join("汇总.xlsx"), "审核结果");
    assert!(
        findings
            .iter()
            .any(|r| r[0] == "前进街道" && r[1] == "警告" && r[2] == "M2"),
        "{findings:?}"
    );
    let status = rows(&out.join("汇总.xlsx"), "报送情况");
    let row = status.iter().find(|r| r[1] == "前进街道").unwrap();
    assert_eq!(row[2], "有警告", "{row:?}");
    assert!(row[4].contains("按单位代码 210104001 对应"), "{row:?}");
}

#[test]
fn names_only_alike_are_suggested_never_merged_and_a_wrong_code_is_named() {
    let root = tempfile::tempdir().unwrap();
    let list = roster(
        root.path(),
        &[
            // No code: the name alone decides, and it only differs by a suffix.
            ("前进街道,210104001", "前进街道办事处,"),
            // The same name under another code.
            ("大东街道,210104002", "大东街道,210104099"),
        ],
    );
    let out = root.path().join("out");
    let run = merge(
        &[
            "samples/报表",
            "--roster",
            list.to_str().unwrap(),
            "--unit",
            "大东区",
            "--year",
            "2025",
        ],
        &out,
    );
    let err = stderr(&run.code(1));
    assert!(err.contains("未报送 2 个单位"), "{err}");
    let report = report(&out);
    // 前进街道 is summed as a unit off the roster; 前进街道办事处 stays 未报送; each row
    // points at the other.
    let line = status_line(&report, "前进街道");
    assert!(line.contains("有警告，名单外 | 是"), "{line}");
    assert!(
        line.contains("可能是名单第2行的“前进街道办事处”（名称只差后缀），未按同一单位计"),
        "{line}"
    );
    let line = status_line(&report, "前进街道办事处");
    assert!(line.contains("| 未报送 "), "{line}");
    assert!(
        line.contains("可能是 前进街道_2025.xlsx 中的“前进街道”（名称只差后缀），未按同一单位计"),
        "{line}"
    );
    assert!(
        report.contains(
            "M3：“前进街道”不在名单中，可能是名单第2行的“前进街道办事处”（名称只差后缀）"
        )
    );
    // 区民政局 (off the roster) is not like any missing unit: no suggestion.
    assert!(!status_line(&report, "区民政局").contains("可能是"));
    // The same name under another code counts by name, and the codes are named.
    let line = status_line(&report, "大东街道");
    assert!(!line.contains("名单外"), "{line}");
    assert!(
        line.contains("单位代码 210104002 与名单第3行（210104099）不同"),
        "{line}"
    );
    assert!(
        report
            .contains("表格的单位代码是 210104002，名单中的单位代码是 210104099；已按名称计为报送")
    );
    let status = rows(&out.join("汇总.xlsx"), "报送情况");
    let missing = status.iter().find(|r| r[1] == "前进街道办事处").unwrap();
    assert!(
        missing[4].contains("可能是 前进街道_2025.xlsx"),
        "{missing:?}"
    );
    let findings = rows(&out.join("汇总.xlsx"), "审核结果");
    assert!(
        findings.iter().any(|r| r[0] == "前进街道" && r[2] == "M3"),
        "{findings:?}"
    );
}

#[test]
fn two_files_for_one_roster_unit_are_one_unit_twice() {
    let root = tempfile::tempdir().unwrap();
    let input = root.path().join("收回");
    std::fs::create_dir(&input).unwrap();
    for f in ["前进街道_2025.xlsx", "大东街道_2025.xlsx"] {
        std::fs::copy(repo().join("samples/报表").join(f), input.join(f)).unwrap();
    }
    write_unit(
        &input.join("前进街道办事处_2025.xlsx"),
        "前进街道办事处",
        "210104001",
        2025,
        &Values::new(),
        &[("T3.R1.C1", 1), ("T3.R3.1.C1", 1)],
    );
    // With the roster both are 前进街道's (by name and by code): one unit twice.
    let out = root.path().join("out");
    merge(
        &[
            input.to_str().unwrap(),
            "--roster",
            "samples/名单.csv",
            "--unit",
            "大东区",
            "--year",
            "2025",
        ],
        &out,
    )
    .code(1);
    let report = report(&out);
    assert!(
        report.contains("“前进街道”“前进街道办事处”（按单位代码都是名单第2行的单位）有 2 份表格"),
        "{report}"
    );
    assert!(status_line(&report, "前进街道办事处").contains("| 否 "));
    assert!(status_line(&report, "前进街道").contains("| 否 "));
    // Without a roster a code typed on a cover does not make two units one: both are summed.
    let out = root.path().join("无名单");
    merge(
        &[
            input.to_str().unwrap(),
            "--unit",
            "大东区",
            "--year",
            "2025",
        ],
        &out,
    )
    .success();
    let summed = self::report(&out);
    assert!(status_line(&summed, "前进街道办事处").contains("| 是 "));
    assert!(status_line(&summed, "前进街道").contains("| 是 "));
}

/// Writes a unit's workbook from the template with `base` overridden by `set`.
fn write_unit(path: &Path, unit: &str, code: &str, year: u16, base: &Values, set: &[(&str, i64)]) {
    let format = Format::for_year(year);
    let mut values = base.clone();
    for (k, v) in set {
        values.insert((*k).to_string(), Decimal::from(*v));
    }
    let header = Header {
        unit: unit.into(),
        unit_code: code.into(),
        year: Some(year),
        ..Header::default()
    };
    std::fs::write(path, workbook_bytes(format, &header, &values).unwrap()).unwrap();
}

/// Last year's figures for a sample unit that satisfy X1 and X2 against its 2025 report:
/// 结转下年度 = this year's 上年结转, 现行有效 = this year's 现行有效 − 制发 + 废止.
fn consistent_2024(unit_2025: &str) -> Values {
    let path = repo()
        .join("samples/报表")
        .join(format!("{unit_2025}_2025.xlsx"));
    let (now, _) = xxgk::check::read_filing(&path).unwrap();
    let n = |code: &str| now.number(code);
    let mut values = Values::new();
    for c in 1..=6 {
        values.insert(format!("T3.R4.C{c}"), n(&format!("T3.R2.C{c}")));
        // Balanced: new applications all carried over.
        values.insert(format!("T3.R1.C{c}"), n(&format!("T3.R2.C{c}")));
    }
    for r in 1..=2 {
        let cell = |col: u8| format!("T2.1.R{r}.C{col}");
        values.insert(cell(3), n(&cell(3)) - n(&cell(1)) + n(&cell(2)));
    }
    values
}

/// A 2024 consolidation: 前进街道 (the sample), 大东街道 under its old name with its code,
/// 津桥街道, and 消失街道, which sends nothing in 2025. 大东街道 and 津桥街道 carried one
/// application more than their 2025 reports take over (X1 in columns 商业企业 and 自然人).
fn consolidation_2024(root: &Path) -> PathBuf {
    let input = root.join("上年收回");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(
        repo().join("samples/上年/前进街道_2024.xlsx"),
        input.join("前进街道_2024.xlsx"),
    )
    .unwrap();
    let mut dadong = consistent_2024("大东街道");
    *dadong.get_mut("T3.R4.C2").unwrap() += Decimal::ONE;
    *dadong.get_mut("T3.R1.C2").unwrap() += Decimal::ONE;
    write_unit(
        &input.join("大东街道办事处_2024.xlsx"),
        "大东街道办事处",
        "210104002",
        2024,
        &dadong,
        &[],
    );
    let mut jinqiao = consistent_2024("津桥街道");
    *jinqiao.get_mut("T3.R4.C1").unwrap() += Decimal::from(2);
    *jinqiao.get_mut("T3.R1.C1").unwrap() += Decimal::from(2);
    write_unit(
        &input.join("津桥街道_2024.xlsx"),
        "津桥街道",
        "210104003",
        2024,
        &jinqiao,
        &[],
    );
    write_unit(
        &input.join("消失街道_2024.xlsx"),
        "消失街道",
        "210104009",
        2024,
        &Values::new(),
        &[("T3.R1.C1", 2), ("T3.R3.1.C1", 2)],
    );
    let out = root.join("2024");
    merge(
        &[
            input.to_str().unwrap(),
            "--unit",
            "大东区",
            "--year",
            "2024",
        ],
        &out,
    )
    .success();
    out.join("汇总.xlsx")
}

#[test]
fn last_years_consolidation_carries_each_units_code() {
    let root = tempfile::tempdir().unwrap();
    let prior = consolidation_2024(root.path());
    let details = read_sheet(&prior, "分单位明细");
    let col = details
        .iter()
        .find(|(_, v)| v.as_str() == "单位代码")
        .map(|((_, c), _)| *c)
        .expect("a 单位代码 column");
    let unit_col = col - 1;
    let row = details
        .iter()
        .find(|((_, c), v)| *c == unit_col && v.as_str() == "大东街道办事处")
        .map(|((r, _), _)| *r)
        .unwrap();
    assert_eq!(details[&(row, col)], "210104002");
}

#[test]
fn merge_prior_checks_every_unit_against_its_own_last_year() {
    let root = tempfile::tempdir().unwrap();
    let prior = consolidation_2024(root.path());
    let list = roster(
        root.path(),
        &[(
            "区卫生健康局,210104102,孙伟,024-24310102",
            "区卫生健康局,210104102,孙伟,024-24310102\n消失街道,210104009,,",
        )],
    );
    let out = root.path().join("2025");
    let run = merge(
        &[
            "samples/报表",
            "--roster",
            list.to_str().unwrap(),
            "--unit",
            "大东区",
            "--year",
            "2025",
            "--prior",
            prior.to_str().unwrap(),
        ],
        &out,
    );
    // X1 for 大东街道 and 津桥街道, each in one column and 总计: 4 errors more than without
    // --prior; 前进街道 agrees with its 2024 report.
    let err = stderr(&run.code(1));
    assert!(err.contains("11 个错误，7 个警告"), "{err}");
    let report = report(&out);
    assert!(report.contains("## 分单位跨年度审核（与2024年度汇总表的分单位明细比较）"));
    assert!(
        report.contains("与上年对应的单位 3 个，逐个按 X1、X2 审核"),
        "{report}"
    );
    assert!(report.contains("- 不通过的单位（见“审核发现”）：大东街道（2 处）、津桥街道（2 处）"));
    assert!(
        report.contains(
            "- 上年汇总表中没有、本年新报送的单位：万泉街道、区教育局、区民政局、小北街道"
        )
    );
    assert!(report.contains("- 上年报送、本年没有报送的单位：消失街道"));
    assert!(report.contains(
        "M4：“消失街道”（单位代码 210104009）报送了2024年度的表格（见上年汇总表的分单位明细），本年没有收到它的表格"
    ));
    assert!(report.contains("上年汇总表计入 4 个单位，本年计入 7 个单位"));
    // On the roster, 消失街道 is 未报送, and reported last year.
    let line = status_line(&report, "消失街道");
    let cells: Vec<&str> = line.split('|').map(str::trim).collect();
    assert_eq!(
        cells[3..6],
        ["未报送", "否", "名单第9行；上年报送了"],
        "{line}"
    );
    assert!(!status_line(&report, "区卫生健康局").contains("上年报送"));
    // The findings are the unit's own, at its cells, made by the format's rule.
    assert!(report.contains(
        "X1 `表三!D8`（T3.R2.C1） 二、上年结转政府信息公开申请数量 × 自然人：上年结转衔接：“自然人”列：本年“上年结转”为0，上年报告的“结转下年度继续办理”为2，相差2"
    ), "{report}");
    let findings = rows(&out.join("汇总.xlsx"), "审核结果");
    let x1: Vec<(&str, &str)> = findings
        .iter()
        .filter(|r| r[2] == "X1" && r[0] != "（汇总）")
        .map(|r| (r[0].as_str(), r[3].as_str()))
        .collect();
    assert_eq!(
        x1,
        [
            ("大东街道", "表三!E8"),
            ("大东街道", "表三!J8"),
            ("津桥街道", "表三!D8"),
            ("津桥街道", "表三!J8")
        ]
    );
    let hint = findings
        .iter()
        .find(|r| r[2] == "X1" && r[0] == "津桥街道")
        .map(|r| r[6].clone())
        .unwrap();
    assert!(
        hint.contains(&format!(
            "上年数字取自上年汇总表 {} 的分单位明细",
            prior.display()
        )),
        "{hint}"
    );
    assert!(
        findings
            .iter()
            .any(|r| r[0] == "（汇总）" && r[2] == "M4" && r[5].contains("消失街道")),
        "{findings:?}"
    );
}

#[test]
fn a_consolidation_written_before_the_code_column_is_matched_by_name() {
    let Some(python) = python_with_openpyxl() else {
        return;
    };
    let root = tempfile::tempdir().unwrap();
    let prior = consolidation_2024(root.path());
    let old = root.path().join("旧版汇总.xlsx");
    let script = "import openpyxl,sys\nwb=openpyxl.load_workbook(sys.argv[1])\nws=wb['分单位明细']\nfor m in list(ws.merged_cells.ranges):\n    ws.unmerge_cells(str(m))\nassert ws.cell(2,4).value=='单位代码'\nws.delete_cols(4)\nwb.save(sys.argv[2])\n";
    let status = std::process::Command::new(python)
        .args(["-c", script])
        .arg(&prior)
        .arg(&old)
        .status()
        .unwrap();
    assert!(status.success());
    let out = root.path().join("2025");
    merge(
        &[
            "samples/报表",
            "--unit",
            "大东区",
            "--year",
            "2025",
            "--prior",
            old.to_str().unwrap(),
        ],
        &out,
    )
    .code(1);
    let report = report(&out);
    // 大东街道办事处 had no code to match by: 大东街道 is new, and last year's is gone.
    assert!(report.contains("与上年对应的单位 2 个"), "{report}");
    assert!(report.contains("- 不通过的单位（见“审核发现”）：津桥街道（2 处）"));
    assert!(report.contains("- 上年报送、本年没有报送的单位：大东街道办事处、消失街道"));
}

#[test]
fn a_units_workbook_as_merge_prior_is_refused_naming_what_to_give() {
    let dir = tempfile::tempdir().unwrap();
    for year in [&["--year", "2025"][..], &[]] {
        let mut args = vec!["samples/报表", "--unit", "大东区"];
        args.extend_from_slice(year);
        args.extend(["--prior", "samples/上年/前进街道_2024.xlsx"]);
        merge(&args, &dir.path().join("out"))
            .code(2)
            .stderr(
                predicate::str::contains(
                    "--prior 给的 samples/上年/前进街道_2024.xlsx 是“前进街道”一个单位的表格，不是汇总表",
                )
                .and(predicate::str::contains(
                    "即用 xxgk merge 汇总2024年度各单位表格写出的 汇总.xlsx，例如先运行 xxgk merge 上年收回/ --unit 大东区 --year 2024 -o 上年汇总/，再用 --prior 上年汇总/汇总.xlsx",
                )),
            );
        assert!(!dir.path().join("out/汇总报告.md").exists());
    }
}

/// `check --json` on the files, from the repository root.
fn check_json(args: &[&str]) -> Json {
    let out = xxgk()
        .current_dir(repo())
        .arg("check")
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

fn rules_and_cells(file: &Json) -> Vec<(String, String)> {
    file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["cell"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn check_prior_of_another_unit_runs_no_cross_year_rule_and_says_so() {
    let root = tempfile::tempdir().unwrap();
    // Another unit's 2024 report whose carry-over would fail X1 against 前进街道.
    let other = root.path().join("别的街道_2024.xlsx");
    write_unit(
        &other,
        "别的街道",
        "210104077",
        2024,
        &Values::new(),
        &[("T3.R1.C1", 99), ("T3.R4.C1", 99)],
    );
    let args = [
        "samples/报表/前进街道_2025.xlsx",
        "--prior",
        other.to_str().unwrap(),
    ];
    let json = check_json(&args);
    assert_eq!(
        rules_and_cells(&json["files"][0]),
        [("C4".to_string(), String::new())]
    );
    let run = xxgk()
        .current_dir(repo())
        .arg("check")
        .args(args)
        .assert()
        .success();
    let out = stdout(&run);
    assert!(
        out.starts_with(&format!(
            "跨年度审核的上年报告：{}，“别的街道”2024年度的报告。",
            other.display()
        )),
        "{out}"
    );
    assert!(
        out.contains(
            "上年报告（--prior）是“别的街道”的，不是“前进街道”的，因此没有进行跨年度审核（X1、X2）"
        ),
        "{out}"
    );
    assert!(
        out.contains("提示：请用 --prior 给出前进街道2024年度的报告。"),
        "{out}"
    );
    // The unit's own report under another name but with its code is the same unit.
    let renamed = root.path().join("前进街道办事处_2024.xlsx");
    write_unit(
        &renamed,
        "前进街道办事处",
        "210104001",
        2024,
        &Values::new(),
        &[("T3.R1.C1", 3), ("T3.R4.C1", 3)],
    );
    let json = check_json(&[
        "samples/报表/前进街道_2025.xlsx",
        "--prior",
        renamed.to_str().unwrap(),
    ]);
    let rules: Vec<String> = rules_and_cells(&json["files"][0])
        .into_iter()
        .map(|(r, _)| r)
        .collect();
    assert!(rules.contains(&"X1".to_string()), "{rules:?}");
    assert!(!rules.contains(&"C4".to_string()), "{rules:?}");
}

#[test]
fn check_prior_with_last_years_consolidation_uses_the_units_own_row() {
    let root = tempfile::tempdir().unwrap();
    let prior = consolidation_2024(root.path());
    let json = check_json(&[
        "samples/报表/津桥街道_2025.xlsx",
        "samples/报表/万泉街道_2025.xlsx",
        "--prior",
        prior.to_str().unwrap(),
    ]);
    let jinqiao = rules_and_cells(&json["files"][0]);
    for want in [("X1", "D8"), ("X1", "J8")] {
        assert!(
            jinqiao.contains(&(want.0.to_string(), want.1.to_string())),
            "{jinqiao:?}"
        );
    }
    let wanquan = &json["files"][1];
    let c4: Vec<&str> = wanquan["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "C4")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        c4,
        [
            "上年报告（--prior）是“大东区”的汇总表（4个单位），其中没有“万泉街道”的数字，因此没有进行跨年度审核（X1、X2）"
        ]
    );
}

#[test]
fn units_inside_a_consolidated_input_are_checked_against_their_own_last_year() {
    let root = tempfile::tempdir().unwrap();
    let prior = consolidation_2024(root.path());
    let district = root.path().join("甲区收回");
    std::fs::create_dir(&district).unwrap();
    for f in [
        "大东街道_2025.xlsx",
        "津桥街道_2025.xlsx",
        "万泉街道_2025.xlsx",
    ] {
        std::fs::copy(repo().join("samples/报表").join(f), district.join(f)).unwrap();
    }
    let jia = root.path().join("甲区");
    merge(
        &[
            district.to_str().unwrap(),
            "--unit",
            "甲区",
            "--year",
            "2025",
        ],
        &jia,
    )
    .code(1);
    let city = root.path().join("市");
    merge(
        &[
            jia.join("汇总.xlsx").to_str().unwrap(),
            "--unit",
            "某市",
            "--year",
            "2025",
            "--prior",
            prior.to_str().unwrap(),
        ],
        &city,
    )
    .code(1);
    let report = report(&city);
    assert!(report.contains("与上年对应的单位 2 个"), "{report}");
    assert!(report.contains("- 不通过的单位（见“审核发现”）：大东街道（2 处）、津桥街道（2 处）"));
    assert!(report.contains("- 上年汇总表中没有、本年新报送的单位：万泉街道"));
    assert!(report.contains("- 上年报送、本年没有报送的单位：前进街道、消失街道"));
    // No roster: each has its own line in 报送情况.
    let line = status_line(&report, "消失街道");
    let cells: Vec<&str> = line.split('|').map(str::trim).collect();
    assert_eq!(cells[3..5], ["上年报送，本年未报送", "否"], "{line}");
    let status = rows(&city.join("汇总.xlsx"), "报送情况");
    let gone: Vec<&str> = status
        .iter()
        .filter(|r| r[2] == "上年报送，本年未报送")
        .map(|r| r[1].as_str())
        .collect();
    assert_eq!(gone, ["前进街道", "消失街道"]);
    assert!(
        report.contains("X1（T3.R2.C1） 二、上年结转政府信息公开申请数量 × 自然人：分单位明细中的“津桥街道”：上年结转衔接：“自然人”列：本年“上年结转”为0，上年报告的“结转下年度继续办理”为2，相差2"),
        "{report}"
    );
    let findings = rows(&city.join("汇总.xlsx"), "审核结果");
    assert!(
        findings
            .iter()
            .any(|r| r[0] == "甲区" && r[2] == "X1" && r[5].contains("“大东街道”")),
        "{findings:?}"
    );
}
