//! `xxgk merge` on the samples: totals, fates, re-merging, determinism, the report snapshot.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;
use predicates::prelude::*;
use xxgk::format::Format;
use xxgk::layout::TableLayout;

fn merge(args: &[&str], out: &Path) -> assert_cmd::assert::Assert {
    xxgk()
        .current_dir(repo())
        .arg("merge")
        .args(args)
        .arg("-o")
        .arg(out)
        .assert()
}

/// The official tables of a workbook: code → value, read at the template positions.
fn official_values(path: &Path, format: &Format) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for table in &format.tables {
        let cells = read_sheet(path, &table.sheet);
        for d in TableLayout::new(table).data {
            let v = cells
                .get(&(TABLE_TOP + d.row, u32::from(d.col)))
                .cloned()
                .unwrap_or_default();
            out.insert(d.code, v);
        }
    }
    out
}

/// The 合计 row of 分单位明细: code → value.
fn detail_totals(path: &Path) -> BTreeMap<String, String> {
    let cells = read_sheet(path, "分单位明细");
    let codes: BTreeMap<u32, String> = cells
        .iter()
        .filter(|((r, _), _)| *r == 2)
        .filter(|(_, v)| v.starts_with('T'))
        .map(|((_, c), v)| (*c, v.clone()))
        .collect();
    let total_row = cells
        .iter()
        .find(|(_, v)| v.as_str() == "合计")
        .map(|((r, _), _)| *r)
        .expect("a 合计 row");
    codes
        .into_iter()
        .map(|(c, code)| {
            (
                code,
                cells.get(&(total_row, c)).cloned().unwrap_or_default(),
            )
        })
        .collect()
}

fn samples_merged(dir: &Path) -> PathBuf {
    merge(
        &[
            "samples/报表",
            "--roster",
            "samples/名单.csv",
            "--unit",
            "大东区",
            "--year",
            "2025",
            "--csv",
        ],
        dir,
    )
    .code(1)
    .stderr(predicate::str::contains(
        "汇总完成：读取 7 个文件，7 份计入汇总（7 个单位），7 个错误，7 个警告，未报送 1 个单位",
    ));
    dir.join("汇总.xlsx")
}

#[test]
fn the_totals_are_exact_and_the_detail_sheet_adds_up_to_them() {
    let dir = tempfile::tempdir().unwrap();
    let workbook = samples_merged(dir.path());
    let format = Format::by_id("2021").unwrap();
    let official = official_values(&workbook, format);
    // Hand-checked sums over the seven sample units.
    assert_eq!(official["T3.R1.C1"], "63"); // 12 + 8 + 6 + 5 + 21 + 4 + 7
    assert_eq!(official["T3.R1.C7"], "73"); // recomputed: 小北街道's typed-over 9 does not count
    assert_eq!(official["T4.A5"], "5"); // 前进 1 + 小北 1 + 区教育局 2 + 1 (its “无” is 0)
    // 12.5 + 0 (大东街道 left it blank, explained) + 3.05 + 2.4 + 0 + 0 + 1.2
    assert_eq!(official["T2.8.R1.C1"], "19.15");
    assert_eq!(official.len(), format.cells().len());
    assert_eq!(
        detail_totals(&workbook),
        official,
        "合计 row of 分单位明细 = the official tables"
    );
    // Every data column is headed by its table and labels, then its code.
    let details = read_sheet(&workbook, "分单位明细");
    let labelled = details
        .iter()
        .filter(|((r, _), v)| *r == 1 && v.starts_with("表"))
        .count();
    assert_eq!(labelled, format.cells().len(), "one label per data column");
    assert_eq!(details[&(3, 2)], "万泉街道"); // the first unit, in input order
    // The consolidated workbook is a valid input to check, and says what it is.
    let cover = read_sheet(&workbook, "封面");
    assert_eq!(cover[&(2, 1)], "大东区");
    assert!(cover.values().any(|v| v == "汇总单位数"));
}

#[test]
fn missing_unknown_and_duplicate_units_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let workbook = samples_merged(dir.path());
    let status = read_sheet(&workbook, "报送情况");
    let row_of = |unit: &str| {
        let r = status
            .iter()
            .find(|((_, c), v)| *c == 1 && v.as_str() == unit)
            .map(|((r, _), _)| *r)
            .unwrap_or_else(|| panic!("{unit} not in 报送情况"));
        (status[&(r, 2)].clone(), status[&(r, 3)].clone())
    };
    assert_eq!(
        row_of("区卫生健康局"),
        ("未报送".to_string(), "否".to_string())
    );
    assert_eq!(
        row_of("区民政局"),
        ("通过，名单外".to_string(), "是".to_string())
    );
    assert_eq!(row_of("津桥街道"), ("有错误".to_string(), "是".to_string()));
    let report = std::fs::read_to_string(dir.path().join("汇总报告.md")).unwrap();
    assert!(report.contains("| 区卫生健康局 | 未报送"));
    assert!(report.contains("~$前进街道_2025.xlsx：Office 临时锁文件"));

    // The same unit twice: neither file is summed, and both are named.
    let dup = tempfile::tempdir().unwrap();
    merge(
        &[
            "samples/报表",
            "samples/其他格式/前进街道_2025.ods",
            "--unit",
            "大东区",
            "--year",
            "2025",
        ],
        dup.path(),
    )
    .code(1);
    let report = std::fs::read_to_string(dup.path().join("汇总报告.md")).unwrap();
    assert!(
        report.contains(
            "“前进街道”有 2 份表格（samples/报表/前进街道_2025.xlsx、samples/其他格式/前进街道_2025.ods），都未计入汇总"
        ),
        "{report}"
    );
    // With --keep-latest one of them is summed.
    let keep = tempfile::tempdir().unwrap();
    merge(
        &[
            "samples/报表",
            "samples/其他格式/前进街道_2025.ods",
            "--unit",
            "大东区",
            "--year",
            "2025",
            "--keep-latest",
        ],
        keep.path(),
    )
    .code(1);
    let official = official_values(
        &keep.path().join("汇总.xlsx"),
        Format::by_id("2021").unwrap(),
    );
    assert_eq!(official["T3.R1.C1"], "63");
}

#[test]
fn strict_leaves_out_units_with_errors() {
    let dir = tempfile::tempdir().unwrap();
    merge(
        &[
            "samples/报表",
            "--unit",
            "大东区",
            "--year",
            "2025",
            "--strict",
        ],
        dir.path(),
    )
    .code(1);
    let official = official_values(
        &dir.path().join("汇总.xlsx"),
        Format::by_id("2021").unwrap(),
    );
    // 津桥 6, 小北 5 and 区教育局 21 are out.
    assert_eq!(official["T3.R1.C1"], "31");
}

#[test]
fn merging_two_districts_equals_merging_all_units() {
    let root = tempfile::tempdir().unwrap();
    let (a, b) = (root.path().join("甲区"), root.path().join("乙区"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    for (i, entry) in std::fs::read_dir(repo().join("samples/报表"))
        .unwrap()
        .enumerate()
    {
        let path = entry.unwrap().path();
        if path.file_name().unwrap().to_string_lossy().starts_with('~') {
            continue;
        }
        let to = if i % 2 == 0 { &a } else { &b };
        std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
    }
    let out = |name: &str| root.path().join("out").join(name);
    for (dir, unit) in [(&a, "甲区"), (&b, "乙区")] {
        merge(
            &[dir.to_str().unwrap(), "--unit", unit, "--year", "2025"],
            &out(unit),
        );
    }
    let city = out("市");
    merge(
        &[
            out("甲区").join("汇总.xlsx").to_str().unwrap(),
            out("乙区").join("汇总.xlsx").to_str().unwrap(),
            "--unit",
            "市",
            "--year",
            "2025",
        ],
        &city,
    );
    let direct = out("直接");
    merge(&["samples/报表", "--unit", "市", "--year", "2025"], &direct);
    let format = Format::by_id("2021").unwrap();
    assert_eq!(
        official_values(&city.join("汇总.xlsx"), format),
        official_values(&direct.join("汇总.xlsx"), format)
    );
    // Every unit survives into the city's 明细, with its district.
    let details = read_sheet(&city.join("汇总.xlsx"), "分单位明细");
    let sources: Vec<&String> = details
        .iter()
        .filter(|((r, c), _)| *r > 2 && *c == 1)
        .map(|(_, v)| v)
        .collect();
    assert_eq!(sources.len(), 7, "{sources:?}");
    assert!(sources.iter().any(|s| s.starts_with("甲区 › ")));
    assert_eq!(
        detail_totals(&city.join("汇总.xlsx")),
        official_values(&city.join("汇总.xlsx"), format)
    );
}

#[test]
fn re_running_gives_identical_outputs() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    samples_merged(a.path());
    std::thread::sleep(std::time::Duration::from_millis(1100));
    samples_merged(b.path());
    for name in [
        "汇总.xlsx",
        "汇总报告.md",
        "汇总明细.csv",
        "汇总报告.docx",
        "汇总报告.html",
    ] {
        let x = std::fs::read(a.path().join(name)).unwrap();
        let y = std::fs::read(b.path().join(name)).unwrap();
        assert!(x == y, "{name} differs between runs");
    }
    // A re-run into the same folder refuses to replace the earlier results, naming them…
    let before = std::fs::read(a.path().join("汇总报告.md")).unwrap();
    merge(
        &[
            "samples/报表",
            "--unit",
            "大东区",
            "--year",
            "2025",
            "--csv",
        ],
        a.path(),
    )
    .code(2)
    .stderr(
        predicate::str::contains("已有上次汇总的结果：汇总.xlsx、汇总报告.md、汇总明细.csv")
            .and(predicate::str::contains("--force")),
    );
    assert_eq!(std::fs::read(a.path().join("汇总报告.md")).unwrap(), before);
    // …and with --force it does not read its own earlier outputs as inputs.
    merge(
        &[
            "samples/报表",
            "--roster",
            "samples/名单.csv",
            "--unit",
            "大东区",
            "--year",
            "2025",
            "--csv",
            "--force",
        ],
        a.path(),
    )
    .code(1)
    .stderr(predicate::str::contains("读取 7 个文件"));
    assert_eq!(std::fs::read(a.path().join("汇总报告.md")).unwrap(), before);
}

#[test]
fn the_markdown_report_matches_the_reviewed_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    samples_merged(dir.path());
    let report = std::fs::read_to_string(dir.path().join("汇总报告.md")).unwrap();
    let snapshot = repo().join("tests/snapshots/汇总报告.md");
    if std::env::var_os("XXGK_UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&snapshot, &report).unwrap();
    }
    let expected =
        std::fs::read_to_string(&snapshot).expect("run with XXGK_UPDATE_SNAPSHOTS=1 once");
    assert!(
        report == expected,
        "汇总报告.md changed; review it and run with XXGK_UPDATE_SNAPSHOTS=1"
    );
}

#[test]
fn the_csv_has_a_bom_and_opens_in_libreoffice() {
    let dir = tempfile::tempdir().unwrap();
    samples_merged(dir.path());
    let csv = dir.path().join("汇总明细.csv");
    let bytes = std::fs::read(&csv).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.starts_with("单位,报告年度,格式版本,表,行,列,代码,值,原始文本"));
    assert!(text.contains(
        "区教育局,2025,2021版,表三,一、本年新收政府信息公开申请数量,自然人,T3.R1.C1,21,21件"
    ));
    // As a user opening it: UTF-8 (the BOM says so), comma-separated.
    let Some(converted) =
        soffice_convert_with(&csv, "xlsx", dir.path(), &["--infilter=CSV:44,34,76,1"])
    else {
        return;
    };
    let sheet = sheet_names(&converted)[0].clone();
    let cells = read_sheet(&converted, &sheet);
    assert_eq!(cells[&(0, 0)], "单位");
    assert_eq!(cells[&(1, 0)], "万泉街道");
}

#[test]
fn outputs_never_overwrite_inputs() {
    let root = tempfile::tempdir().unwrap();
    let input = root.path().join("收回");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(
        repo().join("samples/报表/前进街道_2025.xlsx"),
        input.join("前进街道_2025.xlsx"),
    )
    .unwrap();
    xxgk()
        .args(["merge", "--unit", "大东区"])
        .arg(&input)
        .arg("-o")
        .arg(&input)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("输出文件夹").and(predicate::str::contains("里有收回的表格")),
        );
}

#[test]
fn report_writes_the_markdown_of_one_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("津桥.md");
    xxgk()
        .current_dir(repo())
        .args(["report", "samples/报表/津桥街道_2025.xlsx", "-o"])
        .arg(&out)
        .assert()
        .code(1);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("# 津桥街道2025年度政府信息公开工作年度报告统计表"));
    assert!(text.contains("### 三、收到和处理政府信息公开申请情况"));
    assert!(text.contains("✗ **错误** G1 `表三!D7`"));
}

#[test]
fn last_years_consolidation_adds_year_on_year_figures_and_the_carry_over_check() {
    let root = tempfile::tempdir().unwrap();
    let last = root.path().join("2024");
    merge(
        &["samples/上年", "--unit", "大东区", "--year", "2024"],
        &last,
    )
    .success();
    let now = root.path().join("2025");
    merge(
        &[
            "samples/报表",
            "--unit",
            "大东区",
            "--year",
            "2025",
            "--prior",
            last.join("汇总.xlsx").to_str().unwrap(),
        ],
        &now,
    )
    .code(1);
    let report = std::fs::read_to_string(now.join("汇总报告.md")).unwrap();
    assert!(report.contains("## 同比（与2024年度比较）"), "{report}");
    // 2024: 新收 10 (前进街道 only); 2025: 73.
    assert!(report.contains("| 本年新收申请"), "{report}");
    let line = report
        .lines()
        .find(|l| l.starts_with("| 本年新收申请"))
        .unwrap();
    let cells: Vec<&str> = line.split('|').map(str::trim).collect();
    assert_eq!(&cells[2..6], ["73", "10", "+63", "+630.0%"]);
    // 2024 carried 1 application over (前进街道); 2025 says 4 were carried in: X1.
    assert!(report.contains("X1（T3.R2.C7）"), "{report}");
}

#[test]
fn keep_latest_prefers_the_later_filing_date() {
    let root = tempfile::tempdir().unwrap();
    let input = root.path().join("收回");
    std::fs::create_dir(&input).unwrap();
    let format = Format::by_id("2021").unwrap();
    for (name, date, new) in [
        ("前进街道_修改后.xlsx", "2026-01-20", 7),
        ("前进街道_第一次.xlsx", "2026-01-10", 5),
    ] {
        let mut values = xxgk::template::Values::new();
        values.insert("T3.R1.C1".into(), new.into());
        values.insert("T3.R3.1.C1".into(), new.into());
        let header = xxgk::template::Header {
            unit: "前进街道".into(),
            year: Some(2025),
            date: date.into(),
            ..Default::default()
        };
        // The older file is written last, so file times alone would pick it.
        std::fs::write(
            input.join(name),
            xxgk::template::workbook_bytes(format, &header, &values).unwrap(),
        )
        .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = root.path().join("out");
    merge(
        &[
            input.to_str().unwrap(),
            "--unit",
            "大东区",
            "--year",
            "2025",
            "--keep-latest",
        ],
        &out,
    );
    let official = official_values(&out.join("汇总.xlsx"), format);
    assert_eq!(official["T3.R1.C1"], "7");
    let report = std::fs::read_to_string(out.join("汇总报告.md")).unwrap();
    assert!(
        report.contains("前进街道_修改后.xlsx（填报日期 2026-01-20）"),
        "{report}"
    );
}

#[test]
fn a_blank_template_sent_back_is_not_a_report() {
    let root = tempfile::tempdir().unwrap();
    let input = root.path().join("收回");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(
        repo().join("samples/报表/前进街道_2025.xlsx"),
        input.join("前进街道_2025.xlsx"),
    )
    .unwrap();
    xxgk()
        .args(["template", "--year", "2025", "--unit", "大东街道", "-o"])
        .arg(input.join("大东街道_2025.xlsx"))
        .assert()
        .success();
    let roster = root.path().join("名单.csv");
    std::fs::write(&roster, "单位名称\n前进街道\n大东街道\n").unwrap();
    let out = root.path().join("out");
    merge(
        &[
            input.to_str().unwrap(),
            "--roster",
            roster.to_str().unwrap(),
            "--unit",
            "大东区",
            "--year",
            "2025",
        ],
        &out,
    )
    .code(1);
    let report = std::fs::read_to_string(out.join("汇总报告.md")).unwrap();
    assert!(
        report.contains("表格中没有填写任何数字，按未报送处理"),
        "{report}"
    );
    assert!(report.contains("| 大东街道 | 未报送"), "{report}");
}

#[test]
fn unclear_years_and_wrong_prior_years_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    merge(&["samples/真实报告", "--unit", "测试"], dir.path())
        .code(2)
        .stderr(
            predicate::str::contains("收到的表格不是同一年度的")
                .and(predicate::str::contains("请用 --year")),
        );
    merge(
        &[
            "samples/报表",
            "--unit",
            "大东区",
            "--year",
            "2025",
            "--prior",
            "samples/报表/前进街道_2025.xlsx",
        ],
        dir.path(),
    )
    .code(2)
    .stderr(predicate::str::contains(
        "--prior 给的是2025年度的表格，本次汇总2025年度，应给2024年度的汇总表",
    ));
    xxgk()
        .args(["merge", "samples/报表", "-o"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("缺少必需的参数：--unit"));
}

#[test]
fn a_consolidation_holding_units_also_given_directly_is_left_out() {
    let root = tempfile::tempdir().unwrap();
    let first = root.path().join("first");
    merge(
        &["samples/报表", "--unit", "大东区", "--year", "2025"],
        &first,
    );
    let input = root.path().join("收回");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(first.join("汇总.xlsx"), input.join("上次汇总.xlsx")).unwrap();
    std::fs::copy(
        repo().join("samples/报表/前进街道_2025.xlsx"),
        input.join("前进街道_2025.xlsx"),
    )
    .unwrap();
    let out = root.path().join("out");
    merge(
        &[
            input.to_str().unwrap(),
            "--unit",
            "大东区",
            "--year",
            "2025",
        ],
        &out,
    );
    let report = std::fs::read_to_string(out.join("汇总报告.md")).unwrap();
    assert!(
        report.contains("这是大东区以前的汇总结果，再计入会重复计算"),
        "{report}"
    );
    let official = official_values(&out.join("汇总.xlsx"), Format::by_id("2021").unwrap());
    assert_eq!(official["T3.R1.C1"], "12", "only 前进街道 is summed");
}

#[test]
fn outputs_do_not_depend_on_the_number_of_threads() {
    let (one, many) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for (dir, threads) in [(&one, "1"), (&many, "4")] {
        xxgk()
            .current_dir(repo())
            .env("RAYON_NUM_THREADS", threads)
            .args([
                "merge",
                "samples/报表",
                "samples/真实报告",
                "--unit",
                "大东区",
                "--year",
                "2025",
                "--csv",
                "-o",
            ])
            .arg(dir.path())
            .assert()
            .code(1);
    }
    for name in [
        "汇总.xlsx",
        "汇总报告.md",
        "汇总明细.csv",
        "汇总报告.docx",
        "汇总报告.html",
    ] {
        let a = std::fs::read(one.path().join(name)).unwrap();
        let b = std::fs::read(many.path().join(name)).unwrap();
        assert!(a == b, "{name} differs between 1 and 4 threads");
    }
    let check = |threads: &str| {
        xxgk()
            .current_dir(repo())
            .env("RAYON_NUM_THREADS", threads)
            .args(["check", "samples", "--json"])
            .output()
            .unwrap()
            .stdout
    };
    assert_eq!(check("1"), check("4"));
}
