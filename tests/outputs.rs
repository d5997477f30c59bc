//! What `-o` means, the same in every command, and outputs that are never lost (issue 12): a
//! trailing `/` or `\` is a folder, a folder with dots in its name is still a folder, a name
//! without an extension is completed, a wrong extension is refused, a failed command leaves no
//! folder behind, and refusing to overwrite is exit 2 everywhere.

mod common;

use common::*;
use predicates::prelude::*;

#[test]
fn folders_with_dots_in_their_names_are_folders() {
    let root = tempfile::tempdir().unwrap();
    let templates = root.path().join("模板.v3");
    xxgk()
        .args(["template", "--year", "2025", "--roster"])
        .arg(repo().join("samples/名单.csv"))
        .arg("-o")
        .arg(format!("{}/", templates.display()))
        .assert()
        .success();
    assert_eq!(listing(&templates).len(), 7, "{:?}", listing(&templates));
    let merged = root.path().join("汇总.2025");
    xxgk()
        .current_dir(repo())
        .args([
            "merge",
            "samples/报表",
            "--unit",
            "大东区",
            "--year",
            "2025",
            "-o",
        ])
        .arg(format!("{}/", merged.display()))
        .assert()
        .code(1);
    assert_eq!(
        listing(&merged),
        ["汇总.xlsx", "汇总报告.docx", "汇总报告.html", "汇总报告.md"]
    );
    // Without the slash too: with a roster and for merge, -o is always a folder.
    let plain = root.path().join("汇总.第二次");
    xxgk()
        .current_dir(repo())
        .args([
            "merge",
            "samples/报表",
            "--unit",
            "大东区",
            "--year",
            "2025",
            "-o",
        ])
        .arg(&plain)
        .assert()
        .code(1);
    assert!(plain.join("汇总.xlsx").is_file());
    // A name that only a file has is refused, and nothing is created.
    let file_like = root.path().join("汇总.xlsx");
    xxgk()
        .current_dir(repo())
        .args([
            "merge",
            "samples/报表",
            "--unit",
            "大东区",
            "--year",
            "2025",
            "-o",
        ])
        .arg(&file_like)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("应是输出文件夹").and(predicate::str::contains("/")));
    assert!(!file_like.exists());
}

#[test]
fn import_into_a_new_or_existing_folder_uses_the_default_name() {
    let root = tempfile::tempdir().unwrap();
    let report = repo().join("samples/真实报告/前进街道_2020年度报告.txt");
    let new_dir = root.path().join("新目录");
    xxgk()
        .arg("import")
        .arg(&report)
        .arg("-o")
        .arg(format!("{}/", new_dir.display()))
        .assert()
        .success();
    assert_eq!(listing(&new_dir), ["前进街道_2020年度报告.xlsx"]);
    let existing = root.path().join("已有文件夹");
    std::fs::create_dir(&existing).unwrap();
    xxgk()
        .arg("import")
        .arg(&report)
        .arg("-o")
        .arg(&existing)
        .assert()
        .success();
    assert_eq!(listing(&existing), ["前进街道_2020年度报告.xlsx"]);
}

#[test]
fn a_name_without_extension_is_completed_and_a_wrong_one_refused() {
    let root = tempfile::tempdir().unwrap();
    let html = repo().join("samples/真实报告/平潭综合实验区_2021年度报告.html");
    xxgk()
        .arg("import")
        .arg(&html)
        .arg("-o")
        .arg(root.path().join("平潭输出"))
        .assert()
        .success()
        .stderr(predicate::str::contains("平潭输出.xlsx"));
    assert_eq!(listing(root.path()), ["平潭输出.xlsx"]);
    let workbook = repo().join("samples/报表/前进街道_2025.xlsx");
    xxgk()
        .arg("report")
        .arg(&workbook)
        .arg("-o")
        .arg(root.path().join("r.pdf"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(".pdf").and(predicate::str::contains(".md")));
    assert!(!root.path().join("r.pdf").exists());
    xxgk()
        .arg("report")
        .arg(&workbook)
        .arg("-o")
        .arg(root.path().join("前进街道报告"))
        .assert()
        .success();
    assert!(root.path().join("前进街道报告.md").is_file());
}

#[test]
fn a_failed_merge_leaves_no_folder_behind() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("汇总");
    xxgk()
        .current_dir(repo())
        .args([
            "merge",
            "samples/报表",
            "--unit",
            "大东区",
            "--year",
            "2019",
            "-o",
        ])
        .arg(&out)
        .assert()
        .code(2);
    assert!(!out.exists());
    xxgk()
        .current_dir(repo())
        .args(["merge", "samples/异常文件", "--unit", "大东区", "-o"])
        .arg(&out)
        .assert()
        .code(2);
    assert!(!out.exists());
    // A roster with nothing to write leaves no template folder either.
    let roster = root.path().join("名单.csv");
    std::fs::write(&roster, "单位名称\n\n").unwrap();
    let templates = root.path().join("模板");
    xxgk()
        .args(["template", "--year", "2025", "--roster"])
        .arg(&roster)
        .arg("-o")
        .arg(&templates)
        .assert()
        .code(2);
    assert!(!templates.exists());
}

#[test]
fn refusing_to_overwrite_is_exit_2_in_every_command() {
    let root = tempfile::tempdir().unwrap();
    let existing = root.path().join("已有.xlsx");
    std::fs::write(&existing, b"filled").unwrap();
    let md = root.path().join("已有.md");
    std::fs::write(&md, b"edited").unwrap();
    let report = repo().join("samples/真实报告/前进街道_2020年度报告.txt");
    let workbook = repo().join("samples/报表/前进街道_2025.xlsx");
    let runs: Vec<Vec<std::ffi::OsString>> = vec![
        vec![
            "template".into(),
            "--year".into(),
            "2025".into(),
            "--unit".into(),
            "前进街道".into(),
            "-o".into(),
            existing.clone().into(),
        ],
        vec![
            "import".into(),
            report.into(),
            "-o".into(),
            existing.clone().into(),
        ],
        vec![
            "report".into(),
            workbook.into(),
            "-o".into(),
            md.clone().into(),
        ],
    ];
    for args in runs {
        xxgk().args(&args).assert().code(2).stderr(
            predicate::str::contains("已存在，未覆盖").and(predicate::str::contains("--force")),
        );
    }
    assert_eq!(std::fs::read(&existing).unwrap(), b"filled");
    assert_eq!(std::fs::read(&md).unwrap(), b"edited");
}

#[test]
fn every_help_states_the_exit_codes() {
    for command in [
        &["--help"][..],
        &["template", "--help"],
        &["check", "--help"],
        &["merge", "--help"],
        &["import", "--help"],
        &["report", "--help"],
    ] {
        xxgk().args(command).assert().success().stdout(
            predicate::str::contains("退出状态：0 完成")
                .and(predicate::str::contains("2 无法完成")),
        );
    }
}
