//! What a user meets when a command is used the way people use it (issue 12, messages): a
//! closed pipe, options typed with a Chinese input method or one dash, out-of-range limits, a
//! workbook given to `import`, a folder given to `report`, a note among the returns.

mod common;

use std::process::{Command, Stdio};

use common::*;
use serde_json::Value;

fn binary() -> std::path::PathBuf {
    assert_cmd::cargo::cargo_bin("xxgk")
}

/// Runs the binary with its standard output closed before it writes: what `| head` does.
fn with_closed_stdout(args: &[&str]) -> (i32, String) {
    let mut child = Command::new(binary())
        .args(args)
        .current_dir(repo())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_closed_pipe_ends_the_program_quietly() {
    for args in [
        &["formats"][..],
        &["formats", "--format", "2021"],
        &["check", "samples/报表"],
        &["check", "samples/报表", "--json"],
        &["report", "samples/报表/津桥街道_2025.xlsx"],
    ] {
        let (code, stderr) = with_closed_stdout(args);
        assert!(!stderr.contains("内部错误"), "{args:?}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{args:?}: {stderr}");
        assert_eq!(code, 0, "{args:?}: {stderr}");
    }
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = xxgk().args(args).current_dir(repo()).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn options_typed_with_full_width_dashes_get_the_hint_in_every_command() {
    for args in [
        &["check", "——json", "samples/报表/前进街道_2025.xlsx"][..],
        &["merge", "samples/报表", "--unit", "大东区", "——json"],
        &["report", "samples/报表/前进街道_2025.xlsx", "－－force"],
        &[
            "import",
            "samples/真实报告/前进街道_2020年度报告.txt",
            "—force",
        ],
        &["template", "——year", "2025"],
    ] {
        let (code, stdout, stderr) = run(args);
        assert_eq!(code, 2, "{args:?}");
        assert!(stdout.is_empty(), "{args:?}: nothing is checked: {stdout}");
        assert!(
            stderr.contains("不认识的参数") && stderr.contains("英文半角的两个减号"),
            "{args:?}: {stderr}"
        );
    }
    let (_, _, stderr) = run(&["check", "——json", "samples/报表"]);
    assert!(stderr.contains("例如 --json"), "{stderr}");
}

#[test]
fn a_long_option_with_one_dash_suggests_two() {
    let (code, _, stderr) = run(&["template", "-year", "2025", "--unit", "前进街道"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("您是不是要写 --year？"), "{stderr}");
    // check has no --year: it says so rather than suggesting it.
    let (code, _, stderr) = run(&["check", "-year", "2025", "samples/报表"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("-year") && stderr.contains("没有 --year"),
        "{stderr}"
    );
}

#[test]
fn a_limit_out_of_range_states_the_range() {
    let (code, _, stderr) = run(&["check", "--max-cells", "0", "samples/报表"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("允许的范围是 1 到 100000000"), "{stderr}");
    let (_, _, stderr) = run(&["check", "--max-text-chars", "0", "samples/报表"]);
    assert!(stderr.contains("应为不小于 1 的整数"), "{stderr}");
}

#[test]
fn import_of_a_workbook_says_to_use_check() {
    let (code, _, stderr) = run(&["import", "samples/报表/前进街道_2025.xlsx"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("是表格文件")
            && stderr.contains("xxgk check samples/报表/前进街道_2025.xlsx"),
        "{stderr}"
    );
    assert!(!stderr.contains("编码"), "{stderr}");
}

#[test]
fn report_of_a_folder_says_it_is_a_folder() {
    let (code, _, stderr) = run(&["report", "samples/报表/"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("是一个文件夹") && stderr.contains("xxgk merge"),
        "{stderr}"
    );
    assert!(!stderr.contains("不存在"), "{stderr}");
}

#[test]
fn a_note_among_the_returns_is_skipped_but_a_report_text_is_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo().join("samples/报表/前进街道_2025.xlsx"),
        dir.path().join("前进街道_2025.xlsx"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("说明.txt"),
        "各位好：附件是我街道的年报表格，请查收。",
    )
    .unwrap();
    let (gbk, _, _) = encoding_rs::GBK.encode("转发：请查收附件");
    std::fs::write(dir.path().join("附言.html"), &*gbk).unwrap();
    std::fs::copy(
        repo().join("samples/真实报告/前进街道_2020年度报告.txt"),
        dir.path().join("前进街道_2020年度报告.txt"),
    )
    .unwrap();
    let out = xxgk()
        .args(["check", "--json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let read: Vec<&str> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(read.len(), 2, "{read:?}");
    assert!(
        read.iter()
            .any(|p| p.ends_with("前进街道_2020年度报告.txt"))
    );
    let skipped = json["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    for s in skipped {
        assert!(
            s["reason"].as_str().unwrap().contains("不是年度报告"),
            "{s}"
        );
    }
    assert!(
        json["files"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["status"] != "unreadable")
    );
    // Given by name, a note is read and refused: the user asked for it.
    let (code, _, _) = run(&["check", dir.path().join("说明.txt").to_str().unwrap()]);
    assert_eq!(code, 2);
}

#[test]
fn merge_help_says_what_happens_without_year() {
    let (_, stdout, _) = run(&["merge", "--help"]);
    assert!(!stdout.contains("多数表格的年度"), "{stdout}");
    assert!(stdout.contains("年度不一时必须写明"), "{stdout}");
}

#[test]
fn no_message_has_a_half_width_space_after_a_full_stop() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("汇总");
    let out = out.to_str().unwrap();
    let mut all = String::new();
    for args in [
        &["check", "samples/"][..],
        &["check", "--json", "samples/"],
        &["check", "samples/异常文件", "--max-cells", "10"],
        &["merge", "samples/报表", "--unit", "大东区", "-o", out],
        &[
            "merge",
            "samples/报表",
            "samples/上年",
            "--unit",
            "大东区",
            "-o",
            out,
        ],
        &["formats", "--format", "2019"],
        &["import", "tests/fixtures/reports/2021_pingtan.txt"],
    ] {
        let (_, stdout, stderr) = run(args);
        all.push_str(&stdout);
        all.push_str(&stderr);
    }
    assert!(all.len() > 10_000);
    let stray: Vec<&str> = all.lines().filter(|l| l.contains("。 ")).collect();
    assert!(stray.is_empty(), "{stray:#?}");
}

#[test]
fn only_errors_lists_the_files_that_need_work_and_the_summary() {
    let (code, stdout, _) = run(&["check", "samples/报表", "--only", "errors"]);
    assert_eq!(code, 1);
    let listed: Vec<&str> = stdout.lines().filter(|l| l.starts_with("━━")).collect();
    assert_eq!(listed.len(), 3, "{stdout}");
    for unit in ["区教育局", "小北街道", "津桥街道"] {
        assert!(listed.iter().any(|l| l.contains(unit)), "{unit}: {stdout}");
    }
    assert!(!stdout.contains("小结：通过"), "{stdout}");
    assert!(
        stdout.contains("══ 共 7 个文件") && stdout.contains("另有 4 个没有错误的文件未列出"),
        "{stdout}"
    );
    let (_, stdout, _) = run(&["check", "samples/报表", "--only", "warnings"]);
    let listed = stdout.lines().filter(|l| l.starts_with("━━")).count();
    assert_eq!(listed, 4, "{stdout}");
    // JSON always has every file.
    let (_, stdout, _) = run(&["check", "samples/报表", "--only", "errors", "--json"]);
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["files"].as_array().unwrap().len(), 7);
}

#[test]
fn a_sparse_form_gives_one_blank_cells_line_per_table() {
    let Some(python) = python_with_openpyxl() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("稀疏.xlsx");
    xxgk()
        .args(["template", "--year", "2025", "--unit", "稀疏街道", "-o"])
        .arg(&path)
        .assert()
        .success();
    let script = "import sys, openpyxl\nwb = openpyxl.load_workbook(sys.argv[1])\nwb['表三']['D7'] = 2\nwb['表三']['D9'] = 2\nwb.save(sys.argv[1])\n";
    let status = Command::new(python)
        .args(["-c", script])
        .arg(&path)
        .status()
        .unwrap();
    assert!(status.success());
    let (code, stdout, _) = run(&["check", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}");
    let v1: Vec<&str> = stdout.lines().filter(|l| l.contains("] V1")).collect();
    assert_eq!(v1.len(), 3, "{stdout}");
    assert!(
        v1[1].contains("V1 表三：142 格未填写，按0计（表三!E7、F7、G7、H7、I7、D8、E8、F8等）"),
        "{stdout}"
    );
    assert!(stdout.lines().count() < 15, "{stdout}");
    // The JSON keeps every cell.
    let (_, stdout, _) = run(&["check", path.to_str().unwrap(), "--json"]);
    let json: Value = serde_json::from_str(&stdout).unwrap();
    let blanks = json["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "V1")
        .count();
    assert_eq!(blanks, 164);
}

#[test]
fn the_merge_summary_names_the_missing_the_off_roster_and_the_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("汇总");
    let (code, _, stderr) = run(&[
        "merge",
        "samples/报表",
        "samples/上年",
        "--roster",
        "samples/名单.csv",
        "--unit",
        "大东区",
        "--year",
        "2025",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{stderr}");
    for line in [
        "未报送的单位 1 个：区卫生健康局",
        "名单外的单位 1 个（已计入汇总）：区民政局",
        "没有计入汇总的文件 1 个（原因见汇总报告）：前进街道_2024.xlsx",
    ] {
        assert!(stderr.contains(line), "{line}: {stderr}");
    }
}

#[test]
fn the_readme_is_for_users_and_points_developers_elsewhere() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let developing = std::fs::read_to_string(repo().join("DEVELOPING.md")).unwrap();
    let cargo = std::fs::read_to_string(repo().join("Cargo.toml")).unwrap();
    let msrv = cargo
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = "))
        .unwrap()
        .trim_matches('"');
    assert!(readme.contains(&format!("Rust（{msrv} 或更新版本")), "MSRV");
    assert!(readme.contains("cargo install --path ."));
    // The two commands for a fresh machine.
    assert!(readme.contains(
        "cargo run --release -- merge samples/报表 --roster samples/名单.csv --unit 大东区 --year 2025 -o out/"
    ));
    assert!(readme.contains("\ncargo test\n"));
    // The exit codes as the program states them.
    let (_, help, _) = run(&["check", "--help"]);
    assert!(help.contains("2 无法完成"));
    for row in ["| 0 | 完成", "| 1 | 完成，但审核发现错误", "| 2 | 无法完成"] {
        assert!(readme.contains(row), "{row}");
    }
    // Windows-style paths for the commands people run.
    for command in ["xxgk template", "xxgk check", "xxgk merge", "xxgk import"] {
        assert!(
            readme
                .lines()
                .any(|l| l.contains(command) && l.contains("D:\\年报\\")),
            "{command}"
        );
    }
    // Developer material lives in DEVELOPING.md, linked from the README.
    assert!(readme.contains("[DEVELOPING.md](DEVELOPING.md)"));
    for dev in [
        "[[rules]]",
        "cargo fuzz",
        "proptest",
        "bench/run.sh",
        "## 代码结构",
    ] {
        assert!(!readme.contains(dev), "README still has {dev}");
    }
    for dev in [
        "[[rules]]",
        "fuzz/README.md",
        "bench/run.sh",
        "## 代码结构",
        "make_samples.sh",
    ] {
        assert!(developing.contains(dev), "DEVELOPING.md lacks {dev}");
    }
}

#[test]
fn a_pdf_is_told_to_be_extracted_first() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("洪泽区2023年报.pdf");
    std::fs::write(&pdf, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n").unwrap();
    let (code, _, stderr) = run(&["import", pdf.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("是 PDF 文件") && stderr.contains("pdftotext -layout"),
        "{stderr}"
    );
    assert!(!stderr.contains("编码"), "{stderr}");
    let (code, stdout, _) = run(&["check", pdf.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        stdout.contains("这是 PDF 文件") && stdout.contains("xxgk import"),
        "{stdout}"
    );
}

#[test]
fn a_merge_of_nothing_readable_says_so_not_year() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("汇总");
    let (code, _, stderr) = run(&[
        "merge",
        "samples/异常文件",
        "--unit",
        "大东区",
        "--year",
        "2025",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("没有任何能读取的年度报告表格"), "{stderr}");
    assert!(!stderr.contains("请检查 --year"), "{stderr}");
}

#[test]
fn check_help_has_no_english() {
    for flag in ["--help", "-h"] {
        let (_, stdout, _) = run(&["check", flag]);
        assert!(!stdout.contains("Possible values"), "{stdout}");
        assert!(!stdout.contains("possible values"), "{stdout}");
        assert!(stdout.contains("--only"), "{stdout}");
    }
}

#[test]
fn a_year_given_against_the_title_is_used_and_said() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("洪泽区.xlsx");
    let report = "samples/真实报告/洪泽区_2023年度报告.txt";
    let (_, _, stderr) = run(&[
        "import",
        report,
        "--year",
        "2024",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(stderr.contains("2024年度，2021版"), "{stderr}");
    assert!(
        stderr.contains("注意：报告标题写的是2023年度，按 --year 写的2024年度导入"),
        "{stderr}"
    );
    // Given as the title says, nothing is said.
    let again = dir.path().join("洪泽区_同.xlsx");
    let (_, _, stderr) = run(&[
        "import",
        report,
        "--year",
        "2023",
        "-o",
        again.to_str().unwrap(),
    ]);
    assert!(!stderr.contains("注意：报告标题"), "{stderr}");
}

#[test]
fn an_option_without_its_value_is_named() {
    for args in [
        &["template", "--year", "--unit", "前进街道"][..],
        &[
            "merge",
            "samples/报表",
            "--year",
            "--unit",
            "大东区",
            "-o",
            "不会写出/",
        ],
        &[
            "import",
            "--year",
            "samples/真实报告/前进街道_2020年度报告.txt",
        ],
    ] {
        let (code, stdout, stderr) = run(args);
        assert_eq!(code, 2, "{args:?}");
        assert!(stdout.is_empty(), "{args:?}");
        assert!(
            stderr.contains("参数 --year 后面缺少值") && stderr.contains("例如：--year 2025"),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("多余的参数"), "{stderr}");
    }
    assert!(!repo().join("不会写出").exists());
}
