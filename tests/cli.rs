//! The `xxgk` binary as a user runs it: rosters, file names, refusals and messages.

mod common;

use common::*;
use predicates::prelude::*;

#[test]
fn roster_in_utf8_and_gbk_gives_the_same_templates() {
    let utf8 = tempfile::tempdir().unwrap();
    let gbk = tempfile::tempdir().unwrap();
    for (roster, out) in [("samples/名单.csv", &utf8), ("samples/名单_GBK.csv", &gbk)] {
        xxgk()
            .args(["template", "--year", "2025", "--roster"])
            .arg(repo().join(roster))
            .arg("-o")
            .arg(out.path())
            .assert()
            .success()
            .stdout(predicate::str::contains(
                "共生成 7 份模板（2025年度，2021版）",
            ));
    }
    let names = listing(utf8.path());
    assert_eq!(names.len(), 7);
    assert!(names.contains(&"前进街道_2025.xlsx".to_string()));
    assert_eq!(names, listing(gbk.path()));
    for name in &names {
        let a = std::fs::read(utf8.path().join(name)).unwrap();
        let b = std::fs::read(gbk.path().join(name)).unwrap();
        assert!(a == b, "{name} differs between the UTF-8 and GBK rosters");
    }
    // The roster's contact details are pre-filled on the cover.
    let cover = read_sheet(&utf8.path().join("区教育局_2025.xlsx"), "封面");
    assert_eq!(cover[&(2, 1)], "区教育局");
    assert_eq!(cover[&(3, 1)], "210104101");
    assert_eq!(cover[&(6, 1)], "陈静");
    assert_eq!(cover[&(7, 1)], "024-24310101");
}

#[test]
fn hostile_unit_names_stay_inside_the_output_folder() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("out");
    let roster = root.path().join("名单.csv");
    std::fs::write(
        &roster,
        "单位名称\n../evil\na/b\n..\\\\up\nCON\n/etc/passwd\n街道:一*二?\n",
    )
    .unwrap();
    xxgk()
        .args(["template", "--year", "2025", "--roster"])
        .arg(&roster)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    assert_eq!(
        listing(root.path()),
        ["out", "名单.csv"],
        "nothing written beside out/"
    );
    assert_eq!(
        listing(&out),
        [
            "_CON_2025.xlsx",
            "a_b_2025.xlsx",
            "etc_passwd_2025.xlsx",
            "evil_2025.xlsx",
            "up_2025.xlsx",
            "街道_一_二__2025.xlsx",
        ]
    );
    // The cover keeps the name exactly as the roster wrote it.
    let cover = read_sheet(&out.join("evil_2025.xlsx"), "封面");
    assert_eq!(cover[&(2, 1)], "../evil");
}

#[test]
fn blank_duplicate_and_colliding_names_are_reported_and_the_rest_written() {
    let root = tempfile::tempdir().unwrap();
    let roster = root.path().join("名单.csv");
    std::fs::write(
        &roster,
        "单位名称,联系人\n甲街道,张\n,李\n甲街道,王\na/b,\na_b,\n乙街道,\n",
    )
    .unwrap();
    let out = root.path().join("out");
    xxgk()
        .args(["template", "--year", "2025", "--roster"])
        .arg(&roster)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("共生成 3 份模板"))
        .stderr(predicate::str::contains("名单第3行的单位名称为空"))
        .stderr(predicate::str::contains(
            "名单第4行的单位“甲街道”与第2行重复",
        ))
        .stderr(predicate::str::contains(
            "名单第6行的单位“a_b”与第5行的“a/b”会生成同名文件",
        ));
    assert_eq!(
        listing(&out),
        ["a_b_2025.xlsx", "乙街道_2025.xlsx", "甲街道_2025.xlsx"]
    );
}

#[test]
fn an_existing_file_is_never_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("前进街道_2025.xlsx");
    std::fs::write(&path, b"a filled workbook").unwrap();
    xxgk()
        .args(["template", "--year", "2025", "--unit", "前进街道", "-o"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("已存在，未覆盖").and(predicate::str::contains("--force")),
        );
    assert_eq!(std::fs::read(&path).unwrap(), b"a filled workbook");
    xxgk()
        .args([
            "template",
            "--year",
            "2025",
            "--unit",
            "前进街道",
            "--force",
            "-o",
        ])
        .arg(&path)
        .assert()
        .success();
    assert_eq!(&std::fs::read(&path).unwrap()[..2], b"PK");
    assert_eq!(
        listing(dir.path()),
        ["前进街道_2025.xlsx"],
        "no temporary files left"
    );
}

#[test]
fn output_folder_and_default_names() {
    let dir = tempfile::tempdir().unwrap();
    xxgk()
        .current_dir(dir.path())
        .args(["template", "--year", "2020", "--unit", "前进街道"])
        .assert()
        .success()
        .stdout(predicate::str::contains("2020年度，2019（试行）版"));
    xxgk()
        .current_dir(dir.path())
        .args([
            "template",
            "--year",
            "2025",
            "--unit",
            "前进街道",
            "-o",
            "sub/",
        ])
        .assert()
        .success();
    assert!(dir.path().join("前进街道_2020.xlsx").exists());
    assert!(dir.path().join("sub/前进街道_2025.xlsx").exists());
}

#[test]
fn format_override_warns_when_it_does_not_fit_the_year() {
    let dir = tempfile::tempdir().unwrap();
    xxgk()
        .args([
            "template", "--year", "2025", "--format", "2019", "--unit", "甲", "-o",
        ])
        .arg(dir.path())
        .assert()
        .success()
        .stderr(predicate::str::contains("2025年度通常使用2021版"));
    let t2 = read_sheet(&dir.path().join("甲_2025.xlsx"), "表二");
    assert!(t2.values().any(|v| v == "第二十条第（九）项"));
}

#[test]
fn wrong_arguments_get_chinese_messages() {
    let cases: &[(&[&str], &str)] = &[
        (&["template", "--unit", "甲"], "请用 --year 指定报告年度"),
        (
            &["template", "--year", "2018", "--unit", "甲"],
            "自2019年度起施行",
        ),
        (
            &["template", "--format", "2018"],
            "没有“2018”这一格式版本，可选：2019、2021",
        ),
        (
            &["template", "--year", "2025", "--bogus"],
            "不认识的参数：--bogus",
        ),
        (
            &["template", "--year", "二〇二五"],
            "报告年度“二〇二五”无法识别，请填写四位数字年份",
        ),
        (&["template", "--year"], "参数 --year 后面缺少值"),
        (
            &["template", "--year", "2025", "--unit", " "],
            "单位名称不能为空",
        ),
        (
            &["template", "--year", "2025", "前进街道"],
            "请写成 --unit 前进街道",
        ),
        (&["template", "--yaer", "2025"], "您是不是要写 --year"),
        (&["template", "—year", "2025"], "英文半角的两个减号"),
        (&["templat"], "不认识的命令：templat"),
        (
            &[
                "template",
                "--year",
                "2025",
                "--roster",
                "no-such.csv",
                "-o",
                "x",
            ],
            "无法读取名单文件 no-such.csv",
        ),
        (
            &["template", "--year", "2025", "--roster", "samples/名单.csv"],
            "请用 -o 指定输出文件夹",
        ),
        (
            &["template", "--year", "2025", "--unit", "甲", "-o", "甲.xls"],
            "扩展名是 .xls，而写出的是 .xlsx 文件",
        ),
        (&["formats", "--format", "2000"], "没有“2000”这一格式版本"),
    ];
    for (args, expected) in cases {
        xxgk()
            .current_dir(repo())
            .args(*args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(*expected));
    }
}

#[test]
fn help_is_in_chinese() {
    xxgk().arg("--help").assert().success().stdout(
        predicate::str::contains("用法：").and(predicate::str::contains("生成官方统计表模板")),
    );
    xxgk()
        .args(["template", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("报告年度，如 2025"));
}

#[test]
fn formats_lists_cells_and_rules() {
    xxgk()
        .arg("formats")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "■ 2019（试行）版（国办公开办函〔2019〕60号），适用于2019—2020年度，共198个数据格",
        ))
        .stdout(predicate::str::contains(
            "■ 2021版（国办公开办函〔2021〕30号），适用于2021年度起，共200个数据格",
        ))
        .stdout(predicate::str::contains("G1［错误］表三按列平衡"))
        .stdout(predicate::str::contains(
            "X3［警告］项目数量衔接（跨年度，需提供上年报告）",
        ));
    xxgk()
        .args(["rules", "--format", "2021"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "T3.R3.6.2.C7  表三  三、本年度办理结果／（六）其他处理／2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 × 总计  非负整数",
        ))
        .stdout(predicate::str::contains("T2.8.R1.C1"))
        .stdout(predicate::str::contains("金额（万元，可有小数）"))
        .stdout(predicate::str::contains("{g} 取 所列各项：行政复议、行政诉讼（未经复议直接起诉）、行政诉讼（复议后起诉）（共3处）"));
}

#[test]
fn roster_line_numbers_count_blank_lines_and_broken_quotes_are_caught() {
    let root = tempfile::tempdir().unwrap();
    let roster = root.path().join("名单.csv");
    std::fs::write(
        &roster,
        "单位名称,单位代码\n甲局,1\n\n\n乙局,2\n,3\n\"丙局,5\n丁局,6\n",
    )
    .unwrap();
    xxgk()
        .args(["template", "--year", "2025", "--roster"])
        .arg(&roster)
        .arg("-o")
        .arg(root.path().join("out"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("名单第6行的单位名称为空"))
        .stderr(predicate::str::contains(
            "名单第7行的单位名称“丙局,5\\n丁局,6”含有换行符",
        ));
}

#[test]
fn a_second_run_reports_existing_files_once() {
    let root = tempfile::tempdir().unwrap();
    let run = || {
        let mut cmd = xxgk();
        cmd.args(["template", "--year", "2025", "--roster"])
            .arg(repo().join("samples/名单.csv"))
            .arg("-o")
            .arg(root.path());
        cmd
    };
    run().assert().success();
    run()
        .assert()
        .code(2)
        .stderr(predicate::str::contains("有 7 份模板已存在，未覆盖").count(1))
        .stdout(predicate::str::contains("共生成 0 份模板"));
}

#[test]
fn roster_file_mistakes_are_explained() {
    let root = tempfile::tempdir().unwrap();
    let cases: &[(&[u8], &str)] = &[
        (b"", "名单文件是空的"),
        ("单位名称\n".as_bytes(), "名单里只有表头"),
        (b"PK\x03\x04rest", "名单是 Excel 工作簿"),
        ("单位名称;联系人\n甲局;张\n".as_bytes(), "共生成 1 份模板"),
    ];
    for (i, (bytes, expected)) in cases.iter().enumerate() {
        let roster = root.path().join(format!("{i}.csv"));
        std::fs::write(&roster, bytes).unwrap();
        let out = xxgk()
            .args(["template", "--year", "2025", "--roster"])
            .arg(&roster)
            .arg("-o")
            .arg(root.path().join(format!("out{i}")))
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr);
        assert!(text.contains(expected), "case {i}: {text}");
    }
}
