//! The ready-made programs of `bash dist/build.sh`, run where they run: the Windows program
//! under Wine, the ARM64 one under qemu-aarch64-static, the x86-64 one directly. Each does
//! the same work as the native build on copies of the samples, and every output is the same
//! bytes: the templates, 汇总.xlsx, the Markdown, the CSV, an imported workbook, `check --json`,
//! the console text, the exit status. On Windows the arguments use `\` and the files sit in a
//! folder whose name has Chinese characters and spaces.
//!
//! Wine 8 (Debian 12) lacks `bcryptprimitives.dll`, which Rust's standard library needs for
//! random numbers; the test builds a stand-in from `tests/wine/bcryptprimitives.c` with mingw
//! into its own Wine prefix (`target/wine-prefix`). It is never shipped.
//!
//! Skips when the programs are missing or older than the sources (run `bash dist/build.sh`),
//! or when Wine, mingw or qemu is missing; with `CI` set, fails instead.

mod common;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime};

use common::{copy_tree, files_under, repo};

/// A test that cannot run here: skipped, except in CI where it must run.
fn unavailable(why: &str) {
    assert!(std::env::var_os("CI").is_none(), "CI: {why}");
    eprintln!("skipped: {why}");
}

/// What one run of a program left: exit status, standard output and error, and the files it
/// wrote (relative name → bytes).
#[derive(PartialEq)]
struct Outcome {
    status: Option<i32>,
    stdout: String,
    stderr: String,
    files: Vec<(String, Vec<u8>)>,
}

impl std::fmt::Debug for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let files: Vec<String> = self
            .files
            .iter()
            .map(|(name, bytes)| format!("{name} ({} bytes)", bytes.len()))
            .collect();
        write!(
            f,
            "status {:?}\n--- stdout\n{}\n--- stderr\n{}\n--- files {files:?}",
            self.status, self.stdout, self.stderr
        )
    }
}

/// A way to run one build of xxgk.
struct Program {
    label: &'static str,
    /// The launcher (wine64, qemu) and its arguments, then the program.
    command: Vec<OsString>,
    env: Vec<(&'static str, OsString)>,
    windows: bool,
}

impl Program {
    fn native() -> Program {
        Program {
            label: "native",
            command: vec![assert_cmd::cargo::cargo_bin("xxgk").into()],
            env: vec![],
            windows: false,
        }
    }

    /// Runs the program in `dir` with `args` (paths written with `/`, turned into `\` for
    /// Windows), `stdin` as its input and `env` added.
    fn run(&self, dir: &Path, args: &[&str], stdin: &str, env: &[(&str, &str)]) -> Outcome {
        let args: Vec<String> = args
            .iter()
            .map(|a| match self.windows {
                true => a.replace('/', "\\"),
                false => a.to_string(),
            })
            .collect();
        let logs = tempfile::tempdir().unwrap();
        let (out, err) = (logs.path().join("out"), logs.path().join("err"));
        let mut command = Command::new(&self.command[0]);
        command
            .args(&self.command[1..])
            .args(&args)
            .current_dir(dir)
            .env_remove("XXGK_DESKTOP")
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(std::fs::File::create(&out).unwrap())
            .stderr(std::fs::File::create(&err).unwrap());
        let mut child = command
            .spawn()
            .unwrap_or_else(|e| panic!("{}: {e}", self.label));
        {
            use std::io::Write;
            let mut input = child.stdin.take().unwrap();
            let _ = input.write_all(stdin.as_bytes());
        }
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > Duration::from_secs(300) {
                let _ = child.kill();
                panic!("{} {args:?}: no end after 300 s", self.label);
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        let text = |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned();
        Outcome {
            status: status.code(),
            stdout: text(&out),
            stderr: text(&err),
            files: Vec::new(),
        }
    }
}

/// The newest modification time among the files the programs are built from.
fn sources_changed() -> SystemTime {
    fn newest(path: &Path, best: &mut SystemTime) {
        let Ok(meta) = std::fs::metadata(path) else {
            return;
        };
        if meta.is_dir() {
            for entry in std::fs::read_dir(path).unwrap().flatten() {
                newest(&entry.path(), best);
            }
        } else if let Ok(t) = meta.modified() {
            *best = (*best).max(t);
        }
    }
    let mut best = SystemTime::UNIX_EPOCH;
    for part in ["src", "build.rs", "Cargo.toml", "Cargo.lock"] {
        newest(&repo().join(part), &mut best);
    }
    best
}

/// `dist/NAME`, when it exists and is newer than the sources.
fn built(name: &str) -> Option<PathBuf> {
    let path = repo().join("dist").join(name);
    let Ok(modified) = std::fs::metadata(&path).and_then(|m| m.modified()) else {
        unavailable(&format!("dist/{name} missing: run bash dist/build.sh"));
        return None;
    };
    if modified < sources_changed() {
        unavailable(&format!(
            "dist/{name} is older than the sources: run bash dist/build.sh"
        ));
        return None;
    }
    Some(path)
}

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    })
}

/// The Wine prefix of these tests, made once, with the stand-in DLL in its system32.
fn wine_prefix(wine: &Path) -> Option<PathBuf> {
    static PREFIX: OnceLock<Option<PathBuf>> = OnceLock::new();
    PREFIX
        .get_or_init(|| {
            let Some(gcc) = on_path("x86_64-w64-mingw32-gcc") else {
                unavailable("x86_64-w64-mingw32-gcc (gcc-mingw-w64-x86-64) not installed");
                return None;
            };
            let prefix = repo().join("target/wine-prefix");
            if !prefix.join("system.reg").exists() {
                let ok = Command::new(wine)
                    .args(["wineboot", "-i"])
                    .env("WINEPREFIX", &prefix)
                    .envs(wine_env())
                    .status()
                    .is_ok_and(|s| s.success());
                assert!(ok, "wineboot -i failed for {}", prefix.display());
            }
            let dll = prefix.join("drive_c/windows/system32/bcryptprimitives.dll");
            let made = Command::new(gcc)
                .args(["-shared", "-O2", "-o"])
                .arg(&dll)
                .arg(repo().join("tests/wine/bcryptprimitives.c"))
                .arg("-ladvapi32")
                .status()
                .is_ok_and(|s| s.success());
            assert!(made, "could not build the stand-in bcryptprimitives.dll");
            Some(prefix)
        })
        .clone()
}

/// Quiet Wine, without a display, without offering to install Mono or Gecko.
fn wine_env() -> Vec<(&'static str, OsString)> {
    vec![
        ("WINEDEBUG", "-all".into()),
        ("WINEDLLOVERRIDES", "mscoree,mshtml=".into()),
        ("DISPLAY", "".into()),
    ]
}

/// The Windows program under Wine, copied into `dir` (a folder named with Chinese and spaces).
fn windows(dir: &Path) -> Option<Program> {
    let wine = ["/usr/lib/wine/wine64"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
        .or_else(|| on_path("wine64"))
        .or_else(|| on_path("wine"));
    let Some(wine) = wine else {
        unavailable("wine64 not installed");
        return None;
    };
    let exe = built("xxgk-windows-x64.exe")?;
    let prefix = wine_prefix(&wine)?;
    let copy = dir.join("程序 目录").join("xxgk-windows-x64.exe");
    std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
    std::fs::copy(exe, &copy).unwrap();
    let mut env = wine_env();
    env.push(("WINEPREFIX", prefix.into()));
    Some(Program {
        label: "windows",
        command: vec![wine.into(), copy.into()],
        env,
        windows: true,
    })
}

fn arm64() -> Option<Program> {
    let Some(qemu) = on_path("qemu-aarch64-static") else {
        unavailable("qemu-aarch64-static (qemu-user-static) not installed");
        return None;
    };
    Some(Program {
        label: "arm64",
        command: vec![qemu.into(), built("xxgk-linux-arm64")?.into()],
        env: vec![],
        windows: false,
    })
}

fn linux_x64() -> Option<Program> {
    Some(Program {
        label: "linux-x64",
        command: vec![built("xxgk-linux-x64")?.into()],
        env: vec![],
        windows: false,
    })
}

/// A fresh copy of the samples the commands work on, in `parent`, in a folder whose name has
/// Chinese characters and spaces.
fn workspace(parent: &Path) -> PathBuf {
    let dir = tempfile::Builder::new()
        .prefix("工作 目录 ")
        .tempdir_in(parent)
        .unwrap()
        .keep();
    let samples = repo().join("samples");
    copy_tree(&samples.join("报表"), &dir.join("收回 2025"));
    copy_tree(&samples.join("上年"), &dir.join("上年"));
    for (from, to) in [
        ("名单.csv", "名单.csv"),
        (
            "真实报告/前进街道_2020年度报告.txt",
            "前进街道2020年度报告.txt",
        ),
        (
            "真实报告/平潭综合实验区_2021年度报告.html",
            "平潭综合实验区_2021年度报告.html",
        ),
    ] {
        std::fs::copy(samples.join(from), dir.join(to)).unwrap();
    }
    // Names Windows forbids in a file name, and a long one.
    let roster = format!(
        "单位名称,单位代码\n城管局:执法大队,1\n“文明办”/宣传科,2\n{},3\n前进街道,4\n",
        "很长的单位名称".repeat(12)
    );
    std::fs::write(dir.join("名单_特殊.csv"), roster).unwrap();
    dir
}

/// One command of the comparison: its arguments, the folder whose files it writes (compared
/// too), and what it reads on its standard input.
struct Case {
    name: &'static str,
    args: &'static [&'static str],
    writes: Option<&'static str>,
    stdin: &'static str,
    env: &'static [(&'static str, &'static str)],
}

const CASES: &[Case] = &[
    Case {
        name: "template --roster",
        args: &[
            "template",
            "--year",
            "2025",
            "--roster",
            "名单_特殊.csv",
            "-o",
            "模板/",
        ],
        writes: Some("模板"),
        stdin: "",
        env: &[],
    },
    Case {
        name: "check --json",
        args: &["check", "--json", "收回 2025/", "上年/前进街道_2024.xlsx"],
        writes: None,
        stdin: "",
        env: &[],
    },
    Case {
        name: "check",
        args: &["check", "收回 2025"],
        writes: None,
        stdin: "",
        env: &[],
    },
    Case {
        name: "merge --csv",
        args: &[
            "merge",
            "收回 2025/",
            "--roster",
            "名单.csv",
            "--unit",
            "大东区",
            "--year",
            "2025",
            "--csv",
            "-o",
            "汇总/",
        ],
        writes: Some("汇总"),
        stdin: "",
        env: &[],
    },
    Case {
        name: "import (text)",
        args: &["import", "前进街道2020年度报告.txt", "-o", "导入/"],
        writes: Some("导入"),
        stdin: "",
        env: &[],
    },
    Case {
        name: "import (web page)",
        args: &[
            "import",
            "平潭综合实验区_2021年度报告.html",
            "-o",
            "导入/网页.xlsx",
        ],
        writes: Some("导入"),
        stdin: "",
        env: &[],
    },
    Case {
        name: "a folder dropped on the program",
        args: &["收回 2025"],
        writes: Some("收回 2025"),
        stdin: "\n",
        env: &[("XXGK_DESKTOP", "1")],
    },
];

/// Runs every case with `program` and with the native build, each in its own copy of the
/// samples, and asserts the same outcome.
fn same_as_native(program: &Program, dir: &Path) {
    let native = Program::native();
    let mine = tempfile::Builder::new()
        .prefix("xxgk 本机 ")
        .tempdir()
        .unwrap();
    for case in CASES {
        let theirs = run_case(program, dir, case);
        let ours = run_case(&native, mine.path(), case);
        assert!(
            !theirs.files.is_empty() || case.writes.is_none(),
            "{}: {} wrote nothing: {theirs:?}",
            program.label,
            case.name
        );
        let what = format!("{}: {}", program.label, case.name);
        assert_eq!(theirs.status, ours.status, "{what}: exit status");
        assert_eq!(theirs.stdout, ours.stdout, "{what}: standard output");
        assert_eq!(theirs.stderr, ours.stderr, "{what}: standard error");
        let names = |o: &Outcome| o.files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
        assert_eq!(names(&theirs), names(&ours), "{what}: files written");
        for ((name, x), (_, y)) in theirs.files.iter().zip(&ours.files) {
            assert!(x == y, "{what}: {name} differs from the native build's");
        }
    }
}

fn run_case(program: &Program, dir: &Path, case: &Case) -> Outcome {
    let work = workspace(dir);
    let mut outcome = program.run(&work, case.args, case.stdin, case.env);
    if let Some(folder) = case.writes {
        outcome.files = files_under(&work.join(folder));
    }
    outcome
}

#[test]
fn the_linux_x64_program_gives_the_same_bytes() {
    let Some(program) = linux_x64() else { return };
    let dir = tempfile::tempdir().unwrap();
    same_as_native(&program, dir.path());
    let file = std::fs::read(repo().join("dist/xxgk-linux-x64")).unwrap();
    // A static program has no program interpreter (PT_INTERP) to name a glibc.
    assert!(!contains(&file, b"/lib64/ld-linux"), "not static");
}

#[test]
fn the_arm64_program_gives_the_same_bytes() {
    let Some(program) = arm64() else { return };
    let dir = tempfile::tempdir().unwrap();
    same_as_native(&program, dir.path());
    let file = std::fs::read(repo().join("dist/xxgk-linux-arm64")).unwrap();
    assert!(!contains(&file, b"/lib/ld-linux-aarch64"), "not static");
}

#[test]
fn the_windows_program_gives_the_same_bytes() {
    let dir = tempfile::Builder::new()
        .prefix("xxgk Windows 测试 ")
        .tempdir()
        .unwrap();
    let Some(program) = windows(dir.path()) else {
        return;
    };
    same_as_native(&program, dir.path());
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// `Z:\…`, Wine's drive for `/`, as a user on Windows would write `D:\收回`.
fn drive_path(path: &Path) -> String {
    format!("Z:{}", path.display()).replace('/', "\\")
}

#[test]
fn windows_paths_with_drive_letters_and_long_names() {
    let dir = tempfile::Builder::new()
        .prefix("xxgk Windows 路径 ")
        .tempdir()
        .unwrap();
    let Some(program) = windows(dir.path()) else {
        return;
    };
    let work = workspace(dir.path());
    // A path longer than Windows' old limit of 260 characters.
    let long: PathBuf = std::iter::repeat_n("很长的文件夹名称".repeat(8), 5).collect();
    assert!(long.to_string_lossy().chars().count() > 300);
    std::fs::create_dir_all(work.join(&long)).unwrap();
    let sample = repo().join("samples/报表/前进街道_2025.xlsx");
    std::fs::copy(&sample, work.join(&long).join("前进街道_2025.xlsx")).unwrap();
    let native = Program::native();
    let first = long.iter().next().unwrap().to_str().unwrap();
    let theirs = program.run(&work, &["check", "--json", first], "", &[]);
    let ours = native.run(&work, &["check", "--json", first], "", &[]);
    assert_eq!(theirs, ours, "a long path");
    assert!(
        theirs.stdout.contains("\"unit\": \"前进街道\""),
        "{theirs:?}"
    );

    // The same files through a drive letter: the same JSON, apart from the paths.
    let folder = work.join("收回 2025");
    let on_drive = drive_path(&folder);
    let theirs = Program {
        windows: false, // the argument is already a Windows path
        ..program
    }
    .run(&work, &["check", "--json", &on_drive], "", &[]);
    let ours = native.run(
        &work,
        &["check", "--json", folder.to_str().unwrap()],
        "",
        &[],
    );
    assert_eq!(theirs.status, ours.status);
    let unix = format!("\"path\": \"{}/", folder.display());
    let windows = format!("\"path\": \"{}/", on_drive.replace('\\', "/"));
    assert!(theirs.stdout.contains(&windows), "{}", theirs.stdout);
    assert_eq!(theirs.stdout, ours.stdout.replace(&unix, &windows));
}

#[test]
fn a_double_click_opens_the_page_or_explains_and_waits() {
    let dir = tempfile::Builder::new()
        .prefix("xxgk 双击 ")
        .tempdir()
        .unwrap();
    let Some(program) = windows(dir.path()) else {
        return;
    };
    let work = workspace(dir.path());
    let desktop = [("XXGK_DESKTOP", "1")];
    let page = repo().join("dist/xxgk.html");
    let clicked = program.run(&work, &[], "\n", &desktop);
    assert_eq!(clicked.status, Some(0), "{clicked:?}");
    if page.exists() {
        // Written to the temporary folder, then handed to the default browser (which Wine
        // may not find: then the message says where the page is).
        let said = format!("{}{}", clicked.stdout, clicked.stderr);
        let name = format!("xxgk-{}.html", env!("CARGO_PKG_VERSION"));
        assert!(said.contains(&name), "{clicked:?}");
        let temp = repo().join("target/wine-prefix/drive_c/users");
        let written = std::fs::read_dir(&temp)
            .unwrap()
            .flatten()
            .flat_map(|user| ["Temp", "AppData/Local/Temp"].map(|t| user.path().join(t)))
            .map(|temp| temp.join("xxgk").join(&name))
            .find(|p| p.is_file())
            .unwrap_or_else(|| panic!("no {name} under {}", temp.display()));
        assert!(std::fs::read(written).unwrap() == std::fs::read(&page).unwrap());
    } else {
        assert!(
            clicked
                .stdout
                .contains("拖到\n“xxgk-windows-x64.exe”的图标上"),
            "{clicked:?}"
        );
        assert!(clicked.stdout.ends_with("按回车键关闭这个窗口。"));
    }
    // Started from a command window (Wine's console is shared), no arguments is the usual
    // request for a command.
    let typed = program.run(&work, &[], "", &[]);
    assert_eq!(typed.status, Some(2), "{typed:?}");
    assert!(typed.stderr.contains("请指定一个命令"), "{typed:?}");
}

#[test]
fn dropped_files_are_checked_and_reported_beside_them_without_overwriting() {
    let dir = tempfile::Builder::new()
        .prefix("xxgk 拖放 ")
        .tempdir()
        .unwrap();
    let Some(program) = windows(dir.path()) else {
        return;
    };
    let work = workspace(dir.path());
    let mine = tempfile::tempdir().unwrap();
    let reference = workspace(mine.path());
    let desktop = [("XXGK_DESKTOP", "1")];
    let by_drive = Program {
        windows: false,
        ..program
    };
    let native = Program::native();

    // A folder, dropped twice: 审核结果.md, then 审核结果 (2).md; the first is kept.
    let folder = drive_path(&work.join("收回 2025"));
    let first = by_drive.run(&work, &[&folder], "\n", &desktop);
    let ours = native.run(
        &reference,
        &[reference.join("收回 2025").to_str().unwrap()],
        "\n",
        &desktop,
    );
    assert_eq!(first, ours);
    assert_eq!(first.status, Some(1), "the samples have errors: {first:?}");
    assert!(
        first
            .stdout
            .contains("审核结果已写入 收回 2025/审核结果.md")
    );
    assert!(first.stdout.ends_with("按回车键关闭这个窗口。"));
    let report = std::fs::read(work.join("收回 2025/审核结果.md")).unwrap();
    assert!(report == std::fs::read(reference.join("收回 2025/审核结果.md")).unwrap());
    let text = String::from_utf8(report.clone()).unwrap();
    assert!(
        text.contains("\n## 收回 2025/小北街道_2025.xlsx\n"),
        "{text}"
    );
    let again = by_drive.run(&work, &[&folder], "\n", &desktop);
    assert!(again.stdout.contains("审核结果 (2).md"), "{again:?}");
    // The second report is the first: the first is not among the files skipped.
    assert!(std::fs::read(work.join("收回 2025/审核结果 (2).md")).unwrap() == report);
    assert!(std::fs::read(work.join("收回 2025/审核结果.md")).unwrap() == report);

    // Two workbooks: the report goes beside them, naming them as they are named there.
    let files: Vec<String> = ["前进街道_2025.xlsx", "小北街道_2025.xlsx"]
        .iter()
        .map(|f| drive_path(&work.join("收回 2025").join(f)))
        .collect();
    let two = by_drive.run(&work, &[&files[0], &files[1]], "\n", &desktop);
    assert_eq!(two.status, Some(1), "{two:?}");
    let text = std::fs::read_to_string(work.join("收回 2025/审核结果 (3).md")).unwrap();
    assert!(text.contains("\n## 小北街道_2025.xlsx\n"), "{text}");
    assert!(text.contains("xxgk 审核了 2 个文件"), "{text}");
}
