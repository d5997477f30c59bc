//! The browser page (`dist/xxgk.html`) gives what the command line gives, byte for byte.
//!
//! `bash web/build.sh` builds the page; `tests/browser/drive_page.py` opens it from `file://`
//! in Debian's Chromium (driven by selenium through chromedriver) and runs each task as a user
//! would: the inputs and buttons of `web/README.md`, the samples uploaded, the results
//! downloaded by the browser. The same inputs go through the binary, and every download is
//! compared with the CLI's file: templates (one unit, and each file of a roster's .zip),
//! `check --json` and its text, `merge --csv` with and without last year's consolidation, and
//! `import` of a text, a web page and pasted text. The driver also asserts that the page made
//! no network request and logged no console error, and that a file on which the engine stops
//! (a trap) is reported unreadable while the rest of the batch is checked.
//!
//! The one difference allowed is how a remedy names a setting: the page names its own field
//! where the command line names a flag (`web/src/lib.rs`). The CLI's texts are put in the
//! page's words before they are compared; the workbooks and the CSV are compared as they are.
//!
//! Needs chromium, chromedriver, python3 with selenium, the wasm32 target and wasm-bindgen-cli
//! (see `.ci/run`). Without them the test is skipped, except in CI (`CI` set).

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{copy_tree, files_under, listing, repo, xxgk};
use xxgk::cmd::remedies::Cli;
use xxgk::format::remedy::{Plain, Remedies, Setting};

/// Whether every tool the test needs is here; in CI a missing tool is a failure.
fn tools_ready() -> bool {
    let ok = |cmd: &str, args: &[&str]| {
        Command::new(cmd)
            .args(args)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let missing: Vec<&str> = [
        ("chromium", ok("/usr/bin/chromium", &["--version"])),
        ("chromedriver", ok("/usr/bin/chromedriver", &["--version"])),
        ("selenium", ok("python3", &["-c", "import selenium"])),
        ("wasm-bindgen", ok("wasm-bindgen", &["--version"])),
    ]
    .into_iter()
    .filter(|(_, here)| !here)
    .map(|(name, _)| name)
    .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must install {missing:?} (see .ci/run)"
    );
    eprintln!("{missing:?} not installed: skipping the browser test");
    false
}

/// The inputs, in one folder, named as the page will see them.
fn work_folder(work: &Path) {
    let samples = repo().join("samples");
    copy_tree(&samples.join("报表"), &work.join("报表"));
    copy_tree(&samples.join("异常文件"), &work.join("异常文件"));
    for name in ["名单.csv", "名单_GBK.csv"] {
        std::fs::copy(samples.join(name), work.join(name)).unwrap();
    }
    let reports = samples.join("真实报告");
    for name in [
        "前进街道_2020年度报告.txt",
        "平潭综合实验区_2021年度报告.html",
    ] {
        std::fs::copy(reports.join(name), work.join(name)).unwrap();
    }
    // The seed, as pasted into the page: the CLI imports the same text from a file.
    std::fs::copy(
        reports.join("前进街道_2020年度报告.txt"),
        work.join("年度报告.txt"),
    )
    .unwrap();
    // Last year's consolidation, for merge with a prior.
    cli(
        work,
        &[
            "merge",
            &samples.join("上年").to_string_lossy(),
            "--unit",
            "大东区",
            "--year",
            "2024",
            "-o",
            "上年/",
        ],
    );
    std::fs::rename(work.join("上年/汇总.xlsx"), work.join("上年汇总.xlsx")).unwrap();
    std::fs::remove_dir_all(work.join("上年")).unwrap();
}

/// Runs the binary in `dir`; returns its stdout. Exit 2 is right for a check of files none
/// of which can be read (异常文件), which still prints every file's finding.
fn cli(dir: &Path, args: &[&str]) -> Vec<u8> {
    let out = xxgk().current_dir(dir).args(args).output().unwrap();
    assert!(
        out.status.code().is_some_and(|c| c <= 1) || (args[0] == "check" && !out.stdout.is_empty()),
        "xxgk {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Every output of the CLI, by case, in `expected/<case>/`, as the page names its downloads.
fn cli_outputs(work: &Path, expected: &Path) {
    let out = |case: &str| {
        let dir = expected.join(case);
        std::fs::create_dir_all(&dir).unwrap();
        format!("{}/", dir.display())
    };
    cli(
        work,
        &[
            "template",
            "--year",
            "2025",
            "--unit",
            "前进街道",
            "-o",
            &out("template_unit"),
        ],
    );
    cli(
        work,
        &[
            "template",
            "--year",
            "2025",
            "--roster",
            "名单.csv",
            "-o",
            &out("template_roster"),
        ],
    );
    cli(
        work,
        &[
            "template",
            "--year",
            "2025",
            "--roster",
            "名单_GBK.csv",
            "-o",
            &out("template_roster_gbk"),
        ],
    );
    for (case, folder) in [("check_reports", "报表"), ("check_hostile", "异常文件")] {
        let dir = PathBuf::from(out(case));
        std::fs::write(
            dir.join("审核结果.json"),
            cli(work, &["check", "--json", folder]),
        )
        .unwrap();
        std::fs::write(dir.join("审核结果.txt"), cli(work, &["check", folder])).unwrap();
    }
    let merge = [
        "merge",
        "报表",
        "--roster",
        "名单.csv",
        "--unit",
        "大东区",
        "--year",
        "2025",
        "--csv",
        "-o",
    ];
    cli(work, &[&merge[..], &[&out("merge")]].concat());
    cli(
        work,
        &[
            &merge[..],
            &[&out("merge_prior"), "--prior", "上年汇总.xlsx"],
        ]
        .concat(),
    );
    for (case, report) in [
        ("import_txt", "前进街道_2020年度报告.txt"),
        ("import_html", "平潭综合实验区_2021年度报告.html"),
        ("import_pasted", "年度报告.txt"),
    ] {
        cli(work, &["import", report, "-o", &out(case)]);
    }
}

/// The CLI's text in the page's words: each remedy that names a flag names the page's field.
fn in_page_words(text: &str) -> String {
    let settings = [
        Setting::MaxFileMb,
        Setting::MaxUnzippedMb,
        Setting::MaxCells,
        Setting::MaxTextChars,
        Setting::Roster,
        Setting::Year,
        Setting::Strict,
        Setting::KeepLatest,
        Setting::Prior,
    ];
    let mut text = text.to_string();
    for s in settings {
        text = text.replace(&Cli.turn_on(s), &Plain.turn_on(s));
        text = text.replace(&Cli.give(s), &Plain.give(s));
        // A raised limit names its number: 可加 --max-cells 6000000 提高上限.
        let flag = format!("可加 {} ", Cli.name(s));
        while let Some(at) = text.find(&flag) {
            let rest = &text[at + flag.len()..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            let end = at + flag.len() + digits.len() + " 提高上限".len();
            let n: u64 = digits.parse().unwrap();
            text.replace_range(at..end, &Plain.raise(s, n));
        }
    }
    text.replace(&Cli.see_problems(), &Plain.see_problems())
}

/// Whether the page's file is the CLI's: the same bytes, once the CLI's texts are in the
/// page's words. A text is compared in the page's words; a workbook or a Word file is the
/// same bytes, or else, where a remedy is written inside it (汇总报告.docx has the report's
/// “加 --strict”), the same entries with their XML in the page's words.
fn same(name: &str, cli: &[u8], page: &[u8]) -> bool {
    if cli == page {
        return true;
    }
    if let Ok(text) = std::str::from_utf8(cli) {
        return !name.ends_with(".csv") && in_page_words(text).as_bytes() == page;
    }
    let entries = |bytes: &[u8]| {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).ok()?;
        let mut out = Vec::new();
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).ok()?;
            let mut data = Vec::new();
            entry.read_to_end(&mut data).ok()?;
            out.push((entry.name().ok()?.to_string(), data));
        }
        Some(out)
    };
    match (entries(cli), entries(page)) {
        (Some(c), Some(p)) => {
            c.len() == p.len()
                && c.iter()
                    .zip(&p)
                    .all(|((cn, cb), (pn, pb))| cn == pn && same(cn, cb, pb))
        }
        _ => false,
    }
}

/// The files of a download: a .zip's entries, or the file itself.
fn files_of(path: &Path) -> Vec<(String, Vec<u8>)> {
    let bytes = std::fs::read(path).unwrap();
    if !path.to_string_lossy().ends_with(".zip") {
        return vec![(path.file_name().unwrap().to_string_lossy().into(), bytes)];
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            (entry.name().unwrap().to_string(), data)
        })
        .collect()
}

#[test]
fn the_page_gives_the_command_lines_outputs() {
    if !tools_ready() {
        return;
    }
    let built = Command::new("bash")
        .arg(repo().join("web/build.sh"))
        .status()
        .unwrap();
    assert!(built.success(), "bash web/build.sh failed");
    let tmp = tempfile::tempdir().unwrap();
    let (work, expected, page) = (
        tmp.path().join("work"),
        tmp.path().join("cli"),
        tmp.path().join("page"),
    );
    std::fs::create_dir_all(&page).unwrap();
    work_folder(&work);
    cli_outputs(&work, &expected);
    let driven = Command::new("python3")
        .arg(repo().join("tests/browser/drive_page.py"))
        .args([repo().join("dist/xxgk.html"), work.clone(), page.clone()])
        .status()
        .unwrap();
    assert!(driven.success(), "the page's tasks failed (see above)");
    // The screenshots, to look at: target/browser-screenshots/*.png.
    let shots = repo().join("target/browser-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    for name in listing(&page).iter().filter(|n| n.ends_with(".png")) {
        std::fs::copy(page.join(name), shots.join(name)).unwrap();
    }
    let _ = std::fs::remove_dir_all(repo().join("target/browser-diff"));

    let mut compared = 0;
    for case in listing(&expected) {
        let cli_files = files_under(&expected.join(&case));
        let page_files: Vec<(String, Vec<u8>)> = listing(&page.join(&case))
            .iter()
            .flat_map(|n| files_of(&page.join(&case).join(n)))
            .collect();
        let names =
            |files: &[(String, Vec<u8>)]| files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
        let mut page_names = names(&page_files);
        page_names.sort();
        assert_eq!(names(&cli_files), page_names, "{case}: the page's files");
        for (name, cli_bytes) in &cli_files {
            let page_bytes = &page_files.iter().find(|f| &f.0 == name).unwrap().1;
            if !same(name, cli_bytes, page_bytes) {
                let want = in_page_words(&String::from_utf8_lossy(cli_bytes)).into_bytes();
                // Both kept for a diff: target/browser-diff/<case>/<name>.{cli,page}.
                let diff = repo().join("target/browser-diff").join(&case);
                std::fs::create_dir_all(&diff).unwrap();
                std::fs::write(diff.join(format!("{name}.cli")), &want).unwrap();
                std::fs::write(diff.join(format!("{name}.page")), page_bytes).unwrap();
                panic!(
                    "{case}/{name}: the page's file differs from the CLI's; both are in {}",
                    diff.display()
                );
            }
            compared += 1;
        }
    }
    // A roster's templates ×2, one unit, 2 × check (2 files), 3 × merge (5, and 退回/), 3 imports.
    assert!(compared >= 30, "only {compared} files compared");
}
