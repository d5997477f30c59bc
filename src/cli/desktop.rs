//! Started from the Windows desktop rather than typed in a command window: a double-click on
//! the program, or workbooks and folders dropped on its icon. Without this a console would
//! flash and vanish, with a usage message nobody could read.
//!
//! - **Double-click** (no arguments): the browser page embedded in the program (`build.rs`,
//!   `XXGK_PAGE`) is written to the temporary folder and opened in the default browser. A
//!   program built without the page shows the Chinese usage and waits for Enter.
//! - **Dropped files** (every argument an existing file or folder, none a command): `check`
//!   on them; the findings go to `审核结果.md` beside them (in the folder, when one folder was
//!   dropped) under a fresh name, never over an existing file; the summary is shown and the
//!   window waits for Enter.
//!
//! "From the desktop" means the program has a console of its own: Explorer made one for it,
//! while a program run from `cmd` shares the command window's. The environment variable
//! `XXGK_DESKTOP` overrides that guess: `1` as if from the desktop (tests, and Linux), `0` never.
//!
//! ```no_run
//! // In main, before parsing the arguments:
//! let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
//! if let Some(code) = xxgk::cli::desktop::run(&args, &|word| word == "check") {
//!     std::process::exit(code);
//! }
//! ```

use std::ffi::{OsStr, OsString};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use crate::cli::check::check_files;
use crate::cli::inputs::{collect, shown};
use crate::cli::output::{OutputError, write_atomic};
use crate::write::check_report::render_text;

use super::{OK, PROBLEMS, USAGE, error};

/// The browser page, or nothing when the program was built without it.
const PAGE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/page.html"));

/// The name of the report a drop writes; a second drop writes `审核结果 (2).md`, and so on.
const REPORT: &str = "审核结果";

/// Runs the desktop mode when the program was started from the desktop with no arguments or
/// with dropped files, and returns its exit code; `None` to run the command line as usual.
/// `args` are all the arguments, the program first; `is_command` tells a subcommand's name.
pub fn run(args: &[OsString], is_command: &dyn Fn(&str) -> bool) -> Option<i32> {
    let given = args.get(1..).unwrap_or_default();
    let dropped = !given.is_empty()
        && given.iter().all(|a| {
            let word = a.to_string_lossy();
            !word.starts_with('-') && !is_command(&word) && Path::new(a).exists()
        });
    if !(given.is_empty() || dropped) || !own_console() {
        return None;
    }
    let program = args.first().map_or("xxgk".into(), |p| program_name(p));
    Some(if dropped {
        check_dropped(given)
    } else {
        double_click(&program)
    })
}

/// Whether the program has a console of its own (see the module's notes).
fn own_console() -> bool {
    match std::env::var("XXGK_DESKTOP").as_deref() {
        Ok("1") => true,
        Ok("0") => false,
        _ => alone_in_console(),
    }
}

/// One process attached to the console, this one: Explorer made the console for it.
#[cfg(windows)]
fn alone_in_console() -> bool {
    #[link(name = "kernel32")]
    unsafe extern "system" {
        fn GetConsoleProcessList(list: *mut u32, count: u32) -> u32;
    }
    let mut ids = [0u32; 4];
    // SAFETY: the buffer holds `ids.len()` process ids, as the call is told.
    let attached = unsafe { GetConsoleProcessList(ids.as_mut_ptr(), ids.len() as u32) };
    attached == 1
}

#[cfg(not(windows))]
fn alone_in_console() -> bool {
    false
}

/// `xxgk-windows-x64.exe`: the program's file name as the user sees it, for the usage.
fn program_name(path: &OsStr) -> String {
    Path::new(path)
        .file_name()
        .map_or("xxgk".into(), |n| n.to_string_lossy().into_owned())
}

/// A double-click: the embedded page in the browser, or the usage.
fn double_click(program: &str) -> i32 {
    if !PAGE.is_empty() {
        match open_page() {
            Ok(path) => {
                say(&format!(
                    "已在浏览器中打开 xxgk 的页面（{}）。\n这个窗口可以关闭。\n",
                    path.display()
                ));
                return OK;
            }
            Err(message) => error(message),
        }
    }
    say(&usage(program));
    wait_for_enter();
    OK
}

/// What to do with the program, for someone who double-clicked it.
fn usage(program: &str) -> String {
    format!(
        "xxgk：政府信息公开工作年度报告统计表工具（生成模板、审核、汇总）。\n\n\
         审核表格：把填好的表格（.xlsx、.xls、.ods）或装着表格的文件夹，用鼠标拖到\n\
         “{program}”的图标上松开。审核结果显示在窗口里，并写成“{REPORT}.md”放在表格旁边。\n\n\
         生成模板、汇总等：在这个程序所在文件夹的地址栏里输入 cmd 并按回车，打开命令窗口，\n\
         再输入命令，例如：\n\
         \x20 {program} template --year 2025 --unit 前进街道 -o 前进街道_2025.xlsx\n\
         \x20 {program} check 收回\n\
         \x20 {program} merge 收回 --unit 大东区 --year 2025 -o 汇总\n\
         输入 {program} --help 查看全部命令。详细的说明见随程序附带的“使用说明.txt”。\n\n"
    )
}

/// Writes the page to the temporary folder and asks the system to open it.
fn open_page() -> Result<PathBuf, String> {
    let dir = std::env::temp_dir().join("xxgk");
    let path = dir.join(format!("xxgk-{}.html", env!("CARGO_PKG_VERSION")));
    std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(&path, PAGE))
        .map_err(|e| {
            format!(
                "无法把页面写入临时文件夹 {}：{}",
                dir.display(),
                crate::cli::output::io_message(&e)
            )
        })?;
    open_in_browser(&path).map_err(|why| {
        format!(
            "无法打开浏览器（{why}）。请用浏览器打开 {}，或把它拖到浏览器窗口里。",
            path.display()
        )
    })?;
    Ok(path)
}

/// Opens a file with the program the system associates with it: the default browser.
#[cfg(windows)]
fn open_in_browser(path: &Path) -> Result<(), String> {
    use std::os::windows::ffi::OsStrExt;
    #[link(name = "shell32")]
    unsafe extern "system" {
        fn ShellExecuteW(
            window: *mut std::ffi::c_void,
            verb: *const u16,
            file: *const u16,
            parameters: *const u16,
            directory: *const u16,
            show: i32,
        ) -> isize;
    }
    let wide = |s: &OsStr| s.encode_wide().chain([0]).collect::<Vec<u16>>();
    let (verb, file) = (wide(OsStr::new("open")), wide(path.as_os_str()));
    const SHOW_NORMAL: i32 = 1;
    // SAFETY: both strings are NUL-terminated UTF-16 that outlive the call; the null pointers
    // are the documented "none" for the window, parameters and directory.
    let result = unsafe {
        ShellExecuteW(
            std::ptr::null_mut(),
            verb.as_ptr(),
            file.as_ptr(),
            std::ptr::null(),
            std::ptr::null(),
            SHOW_NORMAL,
        )
    };
    // Values above 32 mean success; below, an error code.
    const NO_ASSOCIATION: isize = 31;
    match result {
        33.. => Ok(()),
        NO_ASSOCIATION => Err("这台电脑没有设置打开网页的默认浏览器".to_string()),
        code => Err(format!("系统返回错误 {code}")),
    }
}

#[cfg(not(windows))]
fn open_in_browser(path: &Path) -> Result<(), String> {
    match std::process::Command::new("xdg-open").arg(path).status() {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(format!("xdg-open 以状态 {status} 结束")),
        Err(e) => Err(format!("xdg-open：{}", crate::cli::output::io_message(&e))),
    }
}

/// Checks what was dropped, writes the report beside it, shows the summary, waits for Enter.
fn check_dropped(given: &[OsString]) -> i32 {
    let (paths, report_dir) = relative_to_parent(given);
    let mut inputs = collect(&paths);
    // The reports of earlier drops are ours: not worth a line each time.
    inputs.skipped.retain(|s| !is_report(&s.path));
    if inputs.files.is_empty() {
        error(format!(
            "拖来的{}里没有表格文件（.xlsx、.xlsm、.xls、.ods，或报告的 .txt、.html）。",
            if paths.iter().any(|p| p.is_dir()) {
                "文件夹"
            } else {
                "文件"
            }
        ));
        wait_for_enter();
        return USAGE;
    }
    let reports = check_files(&inputs.files, &Default::default(), None);
    let markdown = crate::write::check_markdown::report(&reports, &inputs.skipped);
    say(&render_text(&reports, &inputs.skipped, None));
    match write_fresh(&report_dir, markdown.as_bytes()) {
        Ok(path) => say(&format!("\n审核结果已写入 {}\n", shown(&path).display())),
        Err(e) => error(format!("{e}。审核结果只显示在这个窗口里。")),
    }
    wait_for_enter();
    let status = |s| reports.iter().any(|r| r.status() == s);
    if reports
        .iter()
        .all(|r| r.status() == crate::check::Status::Unreadable)
    {
        USAGE
    } else if status(crate::check::Status::Errors) || status(crate::check::Status::Unreadable) {
        PROBLEMS
    } else {
        OK
    }
}

/// Dropped items come from one folder: work there, so the report names them as the user sees
/// them in it (`收回/前进街道_2025.xlsx`, not the whole path). The report goes into the
/// folder when a single folder was dropped, else beside the files.
fn relative_to_parent(given: &[OsString]) -> (Vec<PathBuf>, PathBuf) {
    let paths: Vec<PathBuf> = given.iter().map(PathBuf::from).collect();
    let parents: Vec<Option<&Path>> = paths.iter().map(|p| p.parent()).collect();
    let single_folder = paths.len() == 1 && paths[0].is_dir();
    let common = match parents.first() {
        Some(Some(p)) if !p.as_os_str().is_empty() && parents.iter().all(|q| q == &Some(*p)) => {
            Some(p.to_path_buf())
        }
        _ => None,
    };
    if common.is_some_and(|p| std::env::set_current_dir(p).is_ok()) {
        let names: Vec<PathBuf> = paths
            .iter()
            .map(|p| PathBuf::from(p.file_name().unwrap_or_default()))
            .collect();
        let dir = if single_folder {
            names[0].clone()
        } else {
            PathBuf::from(".")
        };
        return (names, dir);
    }
    let dir = if single_folder {
        paths[0].clone()
    } else {
        parents[0].map_or(PathBuf::from("."), Path::to_path_buf)
    };
    (paths, dir)
}

/// `审核结果.md`, `审核结果 (2).md`, …: a report an earlier drop wrote.
fn is_report(path: &Path) -> bool {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    name.starts_with(REPORT) && name.ends_with(".md")
}

/// Writes `审核结果.md` in `dir`, or `审核结果 (2).md`, … when that exists: never over a file.
fn write_fresh(dir: &Path, bytes: &[u8]) -> Result<PathBuf, OutputError> {
    let mut n = 1;
    loop {
        let name = match n {
            1 => format!("{REPORT}.md"),
            n => format!("{REPORT} ({n}).md"),
        };
        let path = if dir == Path::new(".") {
            PathBuf::from(name)
        } else {
            dir.join(name)
        };
        match write_atomic(&path, bytes, false) {
            Err(OutputError::Exists(_)) if n < 1000 => n += 1,
            Err(e) => return Err(e),
            Ok(()) => return Ok(path),
        }
    }
}

/// Prints to the console; a closed console is no reason to stop.
fn say(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// Keeps the window open until the user has read it.
fn wait_for_enter() {
    say("按回车键关闭这个窗口。");
    let _ = std::io::stdin().lock().read_line(&mut String::new());
}
