//! `xxgk collect`: the returns from the mailbox (IMAP) or from exported `.eml`/`.mbox` files
//! into one folder, each workbook saved once under `<单位名称>_<收到时间>_<原文件名>`, with a
//! ledger that makes a rerun fetch only what is new (see [`crate::cli::ledger`]).

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::check::Input;
use crate::cli::ledger::{CollectLedger, SendLedger, Sent, checkpoint};
use crate::cli::mailnet::{Connect, Server, Smtp, TlsMode};
use crate::cli::output::{OutputError, output_folder, write_atomic};
use crate::mail::compose::{self, address_of, is_address};
use crate::mail::extract::{Received, extract, saved_name, split_mbox};

use super::{OK, PROBLEMS, USAGE, emit, error};

/// Arguments of `xxgk collect`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// 邮件客户端导出的 .eml、.mbox 文件，或存放它们的文件夹（不用 --imap 时）
    #[arg(value_name = "邮件文件")]
    pub inputs: Vec<PathBuf>,
    /// 收信服务器 主机:端口，如 imap.example.gov.cn:993（直接加密）
    #[arg(long, value_name = "主机:端口")]
    pub imap: Option<String>,
    /// 登录用户名（通常是邮箱地址）；密码从环境变量 XXGK_MAIL_PASSWORD 读取，或运行时输入
    #[arg(long, value_name = "用户名")]
    pub user: Option<String>,
    /// 邮箱中的邮件文件夹，默认是收件箱 INBOX
    #[arg(
        long,
        value_name = "文件夹",
        default_value = "INBOX",
        hide_default_value = true
    )]
    pub folder: String,
    /// 只收这一天及以后收到的邮件，如 2026-01-01
    #[arg(long, value_name = "日期")]
    pub since: Option<String>,
    /// 保存报表的文件夹（之后可直接 xxgk merge 这个文件夹）
    #[arg(short = 'o', long, value_name = "文件夹")]
    pub output: PathBuf,
    /// 给每封有报表的邮件写一封“已收到”回执（附审核结果），保存在这个文件夹；加 --smtp 时同时发送
    #[arg(long, value_name = "文件夹")]
    pub reply: Option<PathBuf>,
    /// 回执的发件人，如 "区政务公开办 <gk@example.gov.cn>"（默认为 --user）
    #[arg(long, value_name = "发件人")]
    pub from: Option<String>,
    /// 发送回执的发信服务器 主机:端口
    #[arg(long, value_name = "主机:端口", requires = "reply")]
    pub smtp: Option<String>,
    // --tls and --ca-file, declared once for mail and collect.
    #[command(flatten)]
    pub server: crate::cli::mailnet::TlsArgs,
}

/// A receipt to write: the message, its files as (original name, saved name, check result)
/// and when it arrived.
type Receipt = (Received, Vec<(String, String, String)>, i64);

/// What one run did, for the closing summary.
#[derive(Debug, Default)]
struct Tally {
    messages: usize,
    earlier: usize,
    /// Messages in the files dated before `--since`.
    older: usize,
    saved: Vec<String>,
    duplicates: usize,
    without: Vec<String>,
    unreadable: Vec<String>,
    /// Saved, but not readable as a workbook (cut off in transit, encrypted, not a workbook).
    broken: Vec<String>,
    receipts: Vec<Receipt>,
}

/// Runs the command and returns the exit code.
pub fn run(args: &Args) -> i32 {
    match run_checked(args) {
        Ok(code) => code,
        Err(message) => {
            error(message);
            USAGE
        }
    }
}

fn run_checked(args: &Args) -> Result<i32, String> {
    if args.imap.is_none() && args.inputs.is_empty() {
        return Err("请给出邮件来源：--imap 主机:端口 --user 邮箱，或邮件客户端导出的 .eml、.mbox 文件。例如：xxgk collect --imap imap.example.gov.cn:993 --user gk@example.gov.cn -o 收回/".to_string());
    }
    let since =
        match &args.since {
            Some(text) => Some(compose::parse_date(text).ok_or_else(|| {
                format!("--since “{text}”无法识别，请写成 2026-01-01 这样的日期。")
            })?),
            None => None,
        };
    let from = args.from.clone().or_else(|| args.user.clone());
    if args.reply.is_some() && !from.as_deref().is_some_and(|f| is_address(address_of(f))) {
        return Err(
            "写回执需要发件人：请加 --from \"区政务公开办 <gk@example.gov.cn>\"。".to_string(),
        );
    }
    let dir = output_folder(&args.output).map_err(|e| e.to_string())?;
    // Log in before anything is written, so a wrong password leaves no folder behind.
    let mut password = None;
    let mut imap = None;
    if let Some(server) = &args.imap {
        let server = Server::parse(server)?;
        let user = args
            .user
            .clone()
            .ok_or("用 --imap 收信时请用 --user 写登录用户名（通常是邮箱地址）。")?;
        password = Some(super::mailnet::password(&user)?);
        let connect = Connect {
            server,
            user: Some(user),
            password: password.clone(),
            tls: TlsMode::Implicit,
            ca: super::mailnet::read_ca(args.server.ca_file.as_deref())?,
        };
        let session = super::mailnet::imap_login(&connect)?;
        imap = Some((connect, session));
    }
    let ledger = CollectLedger::open(&dir)?;
    remove_leftovers(&dir);
    let mut tally = Tally::default();
    if let Some((connect, session)) = imap {
        from_imap(
            &connect,
            session,
            &args.folder,
            since,
            &dir,
            &ledger,
            &mut tally,
        )?;
    }
    from_files(&args.inputs, since, &dir, &ledger, &mut tally)?;
    if let (Some(reply), Some(from)) = (&args.reply, &from) {
        receipts(args, reply, from, password, &tally)?;
    }
    report(&tally, &dir, &ledger);
    Ok(if tally.unreadable.is_empty() && tally.broken.is_empty() {
        OK
    } else {
        PROBLEMS
    })
}

/// Temporary files a killed run left behind (`.xxgk-*.tmp`): never a saved return.
fn remove_leftovers(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(".xxgk-") && name.ends_with(".tmp") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Every message of the IMAP folder not yet in the ledger, one at a time.
#[allow(clippy::too_many_arguments)]
fn from_imap(
    c: &Connect,
    mut session: super::mailnet::ImapSession,
    folder: &str,
    since: Option<i64>,
    dir: &Path,
    ledger: &CollectLedger,
    tally: &mut Tally,
) -> Result<(), String> {
    let imap_err = |e: imap::Error| format!("收信服务器出错：{}", super::mailnet::imap_error(&e));
    let mailbox = session
        .examine(super::mailnet::imap_folder(folder))
        .map_err(|e| {
            format!(
                "邮箱中没有文件夹“{folder}”，或无法打开（{}）。收件箱请写 --folder INBOX。",
                super::mailnet::imap_error(&e)
            )
        })?;
    let prefix = format!(
        "imap:{}@{}/{folder}/{}/",
        c.user.as_deref().unwrap_or_default(),
        c.server.host,
        mailbox.uid_validity.unwrap_or(0)
    );
    let query = match since {
        Some(t) => format!("SINCE {}", imap_date(t)),
        None => "ALL".to_string(),
    };
    let done = ledger.keys_with_prefix(&prefix)?;
    let mut uids: Vec<u32> = session
        .uid_search(&query)
        .map_err(imap_err)?
        .into_iter()
        .collect();
    uids.sort_unstable();
    tally.earlier += uids
        .iter()
        .filter(|u| done.contains(&format!("{prefix}{u}")))
        .count();
    for uid in uids {
        let key = format!("{prefix}{uid}");
        if done.contains(&key) {
            continue;
        }
        let fetches = session
            .uid_fetch(uid.to_string(), "(UID INTERNALDATE BODY.PEEK[])")
            .map_err(imap_err)?;
        let Some(fetch) = fetches.iter().next() else {
            continue;
        };
        let received = fetch.internal_date().map(|d| d.timestamp());
        let bytes = fetch.body().unwrap_or_default();
        handle(
            &key,
            bytes,
            received,
            &format!("邮件 UID {uid}"),
            dir,
            ledger,
            tally,
        )?;
    }
    let _ = session.logout();
    Ok(())
}

/// `1-Jan-2026` for IMAP's SEARCH SINCE.
fn imap_date(t: i64) -> String {
    let day = compose::rfc2822_date(t); // "Thu, 1 Jan 2026 08:00:00 +0800"
    let parts: Vec<&str> = day.split_whitespace().collect();
    format!("{}-{}-{}", parts[1], parts[2], parts[3])
}

/// Every message of the given .eml and .mbox files (folders walked).
fn from_files(
    inputs: &[PathBuf],
    since: Option<i64>,
    dir: &Path,
    ledger: &CollectLedger,
    tally: &mut Tally,
) -> Result<(), String> {
    let mut files = Vec::new();
    for path in inputs {
        if path.is_dir() {
            walk(path, &mut files);
        } else if path.is_file() {
            files.push(path.clone());
        } else {
            return Err(format!("找不到邮件文件 {}。", path.display()));
        }
    }
    for path in files {
        let bytes = std::fs::read(&path).map_err(|e| {
            format!(
                "无法读取 {}：{}",
                path.display(),
                crate::cli::output::io_message(&e)
            )
        })?;
        let is_mbox = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("mbox"))
            || bytes.starts_with(b"From ");
        let messages = if is_mbox {
            split_mbox(&bytes)
        } else {
            vec![bytes]
        };
        for (i, message) in messages.iter().enumerate() {
            let place = if is_mbox {
                format!("{} 中的第 {} 封", path.display(), i + 1)
            } else {
                path.display().to_string()
            };
            let date = extract_date(message);
            if since.zip(date).is_some_and(|(s, d)| d < s) {
                tally.older += 1;
                continue;
            }
            let key = match crate::mail::extract::extract(message).message_id {
                Some(id) => format!("id:{id}"),
                None => format!("sha256:{}", compose::hex(&Sha256::digest(message))),
            };
            if ledger.has_message(&key)? {
                tally.earlier += 1;
                continue;
            }
            handle(&key, message, date, &place, dir, ledger, tally)?;
        }
    }
    Ok(())
}

fn extract_date(message: &[u8]) -> Option<i64> {
    mail_parser::MessageParser::default()
        .parse_headers(message)
        .and_then(|m| m.date().map(|d| d.to_timestamp()))
}

/// .eml and .mbox files in a folder, recursively, sorted.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            walk(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("eml") || e.eq_ignore_ascii_case("mbox"))
        {
            out.push(path);
        }
    }
}

/// Saves the spreadsheets of one message and records it.
#[allow(clippy::too_many_arguments)]
fn handle(
    key: &str,
    bytes: &[u8],
    received: Option<i64>,
    place: &str,
    dir: &Path,
    ledger: &CollectLedger,
    tally: &mut Tally,
) -> Result<(), String> {
    tally.messages += 1;
    let got = extract(bytes);
    ledger.begin()?;
    let received = received.or(got.date);
    let when = received.map_or("时间不明".to_string(), compose::stamp);
    let subject = if got.subject.is_empty() {
        "（无主题）"
    } else {
        got.subject.as_str()
    };
    if let Some(problem) = &got.problem {
        // Not recorded: every run lists it again until someone saves its files by hand.
        tally.unreadable.push(format!("{place}：{problem}"));
        return ledger.rollback();
    }
    let mut saved = Vec::new();
    let mut results = Vec::new();
    for sheet in &got.spreadsheets {
        let sha = compose::hex(&Sha256::digest(&sheet.bytes));
        if let Some(earlier) = ledger.file(&sha)? {
            tally.duplicates += 1;
            emit(&format!(
                "重复，不再保存：{}（{}，与 {} 相同）\n",
                sheet.name, got.from, earlier.saved
            ));
            results.push((
                sheet.name.clone(),
                earlier.saved.clone(),
                "与先前收到的文件完全相同，未重复保存。".to_string(),
            ));
            continue;
        }
        let (unit, verdict, readable) = check(&sheet.name, &sheet.bytes);
        let name = save(
            dir,
            ledger,
            &unit,
            received,
            &sheet.name,
            &sheet.bytes,
            &sha,
        )?;
        checkpoint();
        ledger.add_file(&sha, &name, key, &sheet.name, &unit)?;
        checkpoint();
        let inside = if sheet.inside.is_empty() {
            String::new()
        } else {
            format!("，来自{}", sheet.inside)
        };
        emit(&format!("已保存：{name}（{}{inside}）\n", got.from));
        if !readable {
            tally
                .broken
                .push(format!("{name}（{}“{subject}”）", got.from));
        }
        saved.push(name.clone());
        results.push((sheet.name.clone(), name, verdict));
    }
    if got.spreadsheets.is_empty() {
        let others = if got.others.is_empty() {
            "没有附件".to_string()
        } else {
            format!("附件：{}", got.others.join("、"))
        };
        tally
            .without
            .push(format!("{place}：{}“{subject}”（{others}）", got.from));
    } else if !got.others.is_empty() {
        emit(&format!(
            "  同一邮件中的其他附件未保存：{}\n",
            got.others.join("、")
        ));
    }
    checkpoint();
    let outcome = if saved.is_empty() {
        "没有新的表格".to_string()
    } else {
        format!("保存 {}", saved.join("、"))
    };
    ledger.finish(
        key,
        got.message_id.as_deref(),
        &got.from,
        subject,
        &when,
        &outcome,
    )?;
    if !saved.is_empty() {
        tally
            .receipts
            .push((got.clone(), results, received.unwrap_or(0)));
    }
    tally.saved.extend(saved);
    Ok(())
}

/// The unit named in a workbook (identity sheet, else cover), the check result in words, and
/// whether the file could be read at all.
fn check(name: &str, bytes: &[u8]) -> (String, String, bool) {
    let limits = crate::read::limits::Limits::default();
    let input = Input::new(name, bytes.to_vec());
    let report = crate::tasks::check::check_one(&input, &limits, &crate::cli::remedies::Cli, None);
    let unit = report
        .filing
        .as_ref()
        .map(|f| f.unit.trim().to_string())
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "未识别单位".to_string());
    let mut words = match (
        report.filing.is_some(),
        report.errors(),
        report.open_warnings(),
    ) {
        (false, _, _) => "无法读取这个文件：".to_string(),
        (true, 0, 0) => "审核通过。".to_string(),
        (true, 0, w) => format!("审核没有错误，有 {w} 条警告，请核实："),
        (true, e, w) => format!("审核发现 {e} 处错误、{w} 条警告，请改正后重新发送："),
    };
    for f in report.findings.iter().take(20) {
        let place = if f.cell.is_empty() {
            String::new()
        } else {
            format!("{} {} ", f.sheet, f.cell)
        };
        words.push_str(&format!("\n  · {place}{}", f.message));
    }
    (unit, words, report.filing.is_some())
}

/// Writes one return under its name and gives the name. A file already there with the same
/// bytes is this one, saved by a run that was stopped before recording it; another file of
/// the same name gets ` (2)`, ` (3)`… added.
fn save(
    dir: &Path,
    ledger: &CollectLedger,
    unit: &str,
    received: Option<i64>,
    original: &str,
    bytes: &[u8],
    sha: &str,
) -> Result<String, String> {
    let base = match received {
        Some(t) => saved_name(unit, t, original),
        None => saved_name(unit, 0, original).replacen("_19700101-0800_", "_时间不明_", 1),
    };
    let (stem, ext) = base.rsplit_once('.').unwrap_or((&base, ""));
    for n in 1..1000 {
        let name = match n {
            1 => base.clone(),
            n => format!("{stem} ({n}).{ext}"),
        };
        let path = dir.join(&name);
        if path.exists() {
            let same = std::fs::read(&path).is_ok_and(|b| compose::hex(&Sha256::digest(&b)) == sha);
            if same && !ledger.name_taken(&name)? {
                return Ok(name);
            }
            continue;
        }
        match write_atomic(&path, bytes, false) {
            Ok(()) => return Ok(name),
            Err(OutputError::Exists(_)) => continue,
            Err(e) => return Err(e.to_string()),
        }
    }
    Err(format!(
        "{} 中同名文件过多，无法保存 {original}。",
        dir.display()
    ))
}

/// Writes (and with `--smtp`, sends) a receipt for each message whose files were saved.
fn receipts(
    args: &Args,
    reply: &Path,
    from: &str,
    password: Option<String>,
    tally: &Tally,
) -> Result<(), String> {
    let dir = output_folder(reply).map_err(|e| e.to_string())?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let mut smtp = None;
    let ledger = match &args.smtp {
        Some(s) => {
            let connect = Connect {
                server: Server::parse(s)?,
                user: args.user.clone(),
                password: match (&password, &args.user) {
                    (Some(p), _) => Some(p.clone()),
                    (None, Some(u)) => Some(super::mailnet::password(u)?),
                    (None, None) => None,
                },
                tls: args.server.tls,
                ca: super::mailnet::read_ca(args.server.ca_file.as_deref())?,
            };
            smtp = Some(Smtp::connect(&connect)?);
            Some(SendLedger::open(&dir)?)
        }
        None => None,
    };
    for (got, files, received) in &tally.receipts {
        if !is_address(&got.from) {
            continue;
        }
        let letter = crate::mail::letters::receipt(
            from,
            &got.from,
            &got.subject,
            got.message_id.as_deref(),
            *received,
            files,
        );
        let letter = crate::mail::compose::Letter {
            date: now,
            ..letter
        };
        let bytes = compose::build(&letter);
        let stem = files[0]
            .1
            .rsplit_once('.')
            .map_or(files[0].1.as_str(), |(s, _)| s);
        let path = dir.join(format!("回执_{stem}.eml"));
        match write_atomic(&path, &bytes, false) {
            Ok(()) | Err(OutputError::Exists(_)) => {}
            Err(e) => return Err(e.to_string()),
        }
        if let (Some(smtp), Some(ledger)) = (&smtp, &ledger) {
            let id = letter.message_id();
            if ledger.state(&id)? != Sent::No {
                continue;
            }
            let at = compose::rfc2822_date(now);
            ledger.begin(&id, "", &got.from, &path.display().to_string(), &at)?;
            let result = smtp.send(address_of(from), &got.from, &bytes);
            ledger.end(
                &id,
                result.as_ref().map(|_| ()).map_err(String::as_str),
                &at,
            )?;
            if let Err(e) = result {
                eprintln!("  - 回执发给 {} 失败：{e}", got.from);
            }
        }
        emit(&format!("回执：{}\n", path.display()));
    }
    Ok(())
}

/// The closing summary: what was saved, what was not and why.
fn report(t: &Tally, dir: &Path, ledger: &CollectLedger) {
    if !t.without.is_empty() {
        eprintln!(
            "以下 {} 封邮件没有表格附件，未保存任何文件，请逐一查看：",
            t.without.len()
        );
        for w in &t.without {
            eprintln!("  - {w}");
        }
    }
    if !t.unreadable.is_empty() {
        eprintln!(
            "以下 {} 封邮件无法解析，请在邮件客户端中打开，手工保存附件：",
            t.unreadable.len()
        );
        for w in &t.unreadable {
            eprintln!("  - {w}");
        }
    }
    if !t.broken.is_empty() {
        eprintln!(
            "以下 {} 个表格已保存，但无法读取（可能在传输中损坏、被加密或不是表格），请联系单位重新发送：",
            t.broken.len()
        );
        for w in &t.broken {
            eprintln!("  - {w}");
        }
    }
    let mut line = format!(
        "本次处理 {} 封邮件，保存 {} 个表格",
        t.messages,
        t.saved.len()
    );
    if t.duplicates > 0 {
        line.push_str(&format!("，{} 个重复的未再保存", t.duplicates));
    }
    if t.older > 0 {
        line.push_str(&format!("；{} 封早于 --since 的日期，未处理", t.older));
    }
    if t.earlier > 0 {
        line.push_str(&format!("；{} 封先前已收取，跳过", t.earlier));
    }
    emit(&format!(
        "{line}。报表在 {}，记录在 {}。下一步：xxgk merge {} --roster 名单.csv\n",
        dir.display(),
        ledger.path.display(),
        dir.display()
    ));
}
