//! The byte-level API gives what the command line gives, byte for byte.
//!
//! Every sample goes through `xxgk::tasks` as names and bytes, the way the browser page hands
//! them over: no path reaches the library. The messages name settings as the command line
//! does ([`Cli`]), the one thing a front end adds. The same samples go through the binary, and every
//! output is compared: `template` (one unit and a roster), `check --json` (every sample
//! folder, and with last year's report), `merge --csv` (汇总.xlsx, 汇总报告.md, 汇总明细.csv)
//! and `import` (every report text and web page).

mod common;

use std::path::Path;

use common::xxgk;
use xxgk::check::Input;
use xxgk::cmd::remedies::Cli;
use xxgk::format::Format;
use xxgk::read::source::{Skipped, skip_in_folder};
use xxgk::roster::Roster;
use xxgk::tasks::import::ImportError;

/// The repository, where the binary runs so that it shows the same relative names.
fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn bytes(name: &str) -> Vec<u8> {
    std::fs::read(repo().join(name)).unwrap()
}

/// A folder as the page receives a dropped folder: every file under it by its relative name,
/// in name order, those that are not inputs set aside with the reason the CLI gives.
fn folder(name: &str) -> (Vec<Input>, Vec<Skipped>) {
    let (mut inputs, mut skipped) = (Vec::new(), Vec::new());
    add_folder(name, &mut inputs, &mut skipped);
    (inputs, skipped)
}

fn add_folder(name: &str, inputs: &mut Vec<Input>, skipped: &mut Vec<Skipped>) {
    let mut entries: Vec<String> = std::fs::read_dir(repo().join(name))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    entries.sort();
    for entry in entries {
        let shown = format!("{name}/{entry}");
        if repo().join(&shown).is_dir() {
            add_folder(&shown, inputs, skipped);
            continue;
        }
        match skip_in_folder(&entry, &|| Some(bytes(&shown))) {
            Some(reason) => skipped.push(Skipped {
                path: shown.into(),
                reason,
            }),
            None => inputs.push(Input::new(shown.clone(), bytes(&shown))),
        }
    }
}

/// The binary's stdout for `args`, run in the repository.
fn cli_stdout(args: &[&str]) -> Vec<u8> {
    xxgk()
        .current_dir(repo())
        .args(args)
        .output()
        .unwrap()
        .stdout
}

#[test]
fn check_json_is_the_clis() {
    let limits = xxgk::limits::Limits::default();
    for name in [
        "samples/报表",
        "samples/上年",
        "samples/其他格式",
        "samples/异常文件",
        "samples/真实报告",
    ] {
        let (inputs, skipped) = folder(name);
        assert!(!inputs.is_empty(), "{name}");
        let reports = xxgk::tasks::check::check_all(&inputs, &limits, &Cli, None);
        let json = xxgk::tasks::check::json(&reports, &skipped);
        let cli = String::from_utf8(cli_stdout(&["check", "--json", name])).unwrap();
        assert_eq!(json, cli, "check --json {name}");
    }
}

#[test]
fn check_against_last_year_is_the_clis() {
    let limits = xxgk::limits::Limits::default();
    let (prior, _) =
        xxgk::check::read_filing_bytes(&bytes("samples/上年/前进街道_2024.xlsx"), ".xlsx", &limits)
            .unwrap();
    let name = "samples/报表/前进街道_2025.xlsx";
    let inputs = [Input::new(name, bytes(name))];
    let reports = xxgk::tasks::check::check_all(&inputs, &limits, &Cli, Some(&prior));
    assert_eq!(reports[0].filing.as_ref().unwrap().year, Some(2025));
    let json = xxgk::tasks::check::json(&reports, &[]);
    let cli = cli_stdout(&[
        "check",
        "--json",
        "--prior",
        "samples/上年/前进街道_2024.xlsx",
        name,
    ]);
    assert_eq!(json, String::from_utf8(cli).unwrap());
}

#[test]
fn merge_outputs_are_the_clis() {
    let (inputs, skipped) = folder("samples/报表");
    let roster = Roster::parse(&bytes("samples/名单.csv")).unwrap();
    let request = xxgk::tasks::merge::Request {
        options: xxgk::merge::Options {
            unit: "大东区".to_string(),
            year: Some(2025),
            remedies: &Cli,
            ..Default::default()
        },
        roster: Some(&roster),
        prior: None,
        csv: true,
        limits: Default::default(),
    };
    let merged = xxgk::tasks::merge::merge(&inputs, skipped, &request).unwrap();
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("汇总");
    xxgk()
        .current_dir(repo())
        .args(["merge", "samples/报表", "--roster", "samples/名单.csv"])
        .args(["--unit", "大东区", "--year", "2025", "--csv", "-o"])
        .arg(&dir)
        .assert()
        .code(1); // the samples have errors and a missing unit, on purpose
    let read = |name: &str| std::fs::read(dir.join(name)).unwrap();
    assert!(merged.workbook == read("汇总.xlsx"), "汇总.xlsx differs");
    assert_eq!(
        merged.report,
        String::from_utf8(read("汇总报告.md")).unwrap()
    );
    assert!(
        merged.csv.as_deref() == Some(&read("汇总明细.csv")[..]),
        "汇总明细.csv differs"
    );
}

#[test]
fn templates_are_the_clis() {
    let format = Format::for_year(2025);
    let out = tempfile::tempdir().unwrap();
    let (name, one) = xxgk::tasks::template::unit_template("前进街道", Some(2025), format).unwrap();
    xxgk()
        .args(["template", "--year", "2025", "--unit", "前进街道", "-o"])
        .arg(out.path().join("一个/"))
        .assert()
        .success();
    assert!(one == std::fs::read(out.path().join("一个").join(&name)).unwrap());

    let roster = Roster::parse(&bytes("samples/名单.csv")).unwrap();
    let made = xxgk::tasks::template::roster_templates(&roster, format, Some(2025));
    assert!(made.problems.is_empty(), "{:?}", made.problems);
    let dir = out.path().join("名单");
    xxgk()
        .current_dir(repo())
        .args([
            "template",
            "--year",
            "2025",
            "--roster",
            "samples/名单.csv",
            "-o",
        ])
        .arg(&dir)
        .assert()
        .success();
    let mut names: Vec<&str> = made.files.iter().map(|(n, _)| n.as_str()).collect();
    names.sort();
    assert_eq!(names, common::listing(&dir));
    for (name, bytes) in &made.files {
        assert!(*bytes == std::fs::read(dir.join(name)).unwrap(), "{name}");
    }
}

#[test]
fn imports_are_the_clis() {
    let out = tempfile::tempdir().unwrap();
    let mut imported = 0;
    for dir in ["samples/真实报告", "tests/fixtures/reports"] {
        let (inputs, _) = folder(dir);
        for input in inputs.iter().filter(|i| !i.name.ends_with(".xlsx")) {
            let target = out.path().join(format!("{imported}.xlsx"));
            let cli = xxgk()
                .current_dir(repo())
                .args(["import", &input.name, "-o"])
                .arg(&target)
                .output()
                .unwrap();
            // A report that cannot be imported fails with the same message.
            match xxgk::tasks::import::import(&input.name, &input.bytes, None, None) {
                Ok(ours) => {
                    let theirs = std::fs::read(&target).unwrap();
                    assert!(ours.workbook == theirs, "{}", input.name);
                    imported += 1;
                }
                Err(ImportError::Report(message)) => {
                    let stderr = String::from_utf8(cli.stderr).unwrap();
                    assert!(stderr.contains(&message), "{}: {stderr}", input.name);
                    assert!(!target.exists());
                }
                Err(e) => panic!("{}: {e:?}", input.name),
            }
        }
    }
    assert!(imported >= 5, "{imported}");
}

/// A front end without flags gets no flag: every message of the byte API, for every sample
/// and the hostile ones, in [`Plain`](xxgk::format::remedy::Plain) words.
#[test]
fn plain_words_name_no_flag() {
    let plain = xxgk::format::remedy::Plain;
    let tight = xxgk::limits::Limits {
        cells: 100,
        ..Default::default()
    };
    let mut messages = Vec::new();
    for (name, limits) in [
        ("samples/异常文件", Default::default()),
        ("samples/报表", tight),
        ("samples/真实报告", Default::default()),
    ] {
        let (inputs, _) = folder(name);
        for r in xxgk::tasks::check::check_all(&inputs, &limits, &plain, None) {
            messages.extend(
                r.findings
                    .iter()
                    .map(|f| format!("{} {}", f.message, f.hint)),
            );
        }
    }
    assert!(
        messages.iter().any(|m| m.contains("“单元格数上限”")),
        "{messages:?}"
    );
    let flagged: Vec<&String> = messages.iter().filter(|m| m.contains("--")).collect();
    assert!(flagged.is_empty(), "{flagged:#?}");
}
