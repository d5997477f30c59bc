//! `xxgk mail`: one message per unit of the roster, its own template attached, written as
//! `.eml` files (which Foxmail and Outlook open and send) and, with `--smtp`, sent. With
//! `--remind`, a reminder (催报) to each unit whose return is not in the returns folder.

use std::path::{Path, PathBuf};

use crate::cli::ledger::{SendLedger, Sent};
use crate::cli::mailnet::{Connect, Server, Smtp};
use crate::cli::output::{output_folder, write_atomic};
use crate::format::Format;
use crate::mail::compose::{self, address_of, is_address};
use crate::mail::letters::{Mailing, notice, reminder};
use crate::merge::roster::Roster;

use super::{OK, PROBLEMS, USAGE, emit, error};

/// Arguments of `xxgk mail`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// 名单文件（CSV，含“单位名称”和“邮箱”列）
    #[arg(long, value_name = "名单.csv")]
    pub roster: PathBuf,
    /// 报告年度，如 2025
    #[arg(long, value_name = "年度", allow_hyphen_values = true)]
    pub year: String,
    /// 报送截止日期，如 2026-01-15，写在邮件正文中
    #[arg(long, value_name = "日期")]
    pub deadline: String,
    /// 发件人，如 "区政务公开办 <gk@example.gov.cn>"
    #[arg(long, value_name = "发件人")]
    pub from: String,
    /// 联系人和电话，写在邮件末尾，如 "张三 024-12345678"
    #[arg(
        long,
        value_name = "联系方式",
        default_value = "",
        hide_default_value = true
    )]
    pub contact: String,
    /// 输出文件夹：每个单位一个 .eml 邮件文件；发送记录也保存在这里
    #[arg(short = 'o', long, value_name = "文件夹")]
    pub output: PathBuf,
    /// 邮件的日期（如 2026-01-05 09:00）；默认为现在。同样的参数生成同样的邮件文件
    #[arg(long, value_name = "日期时间")]
    pub date: Option<String>,
    /// 催报：只给收回文件夹（--returns）中还没有报表的单位写催报邮件
    #[arg(long, requires = "returns")]
    pub remind: bool,
    /// 已收回的报表所在的文件夹（xxgk collect 的输出），与 --remind 一起使用
    #[arg(long, value_name = "文件夹")]
    pub returns: Option<PathBuf>,
    /// 发信服务器 主机:端口，如 smtp.example.gov.cn:465；不写则只生成 .eml 文件
    #[arg(long, value_name = "主机:端口")]
    pub smtp: Option<String>,
    /// 发信的登录用户名（通常是邮箱地址）；密码从环境变量 XXGK_MAIL_PASSWORD 读取，或运行时输入
    #[arg(long, value_name = "用户名")]
    pub user: Option<String>,
    // --tls and --ca-file, declared once for mail and collect.
    #[command(flatten)]
    pub server: crate::cli::mailnet::TlsArgs,
    /// 邮件文件已存在时重新生成（默认沿用已有的文件，保证重新运行时发送的内容不变）
    #[arg(long)]
    pub force: bool,
}

/// One letter to write (and send): the unit, its address, its `.eml` and its template's
/// cover fields. The letter itself is built when its turn comes, so a roster of thousands is
/// never held in memory at once.
struct Planned {
    unit: String,
    line: usize,
    address: String,
    file: PathBuf,
    template: String,
    header: crate::write::template::Header,
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
    let year = super::template::parse_year(&args.year)?;
    let deadline = compose::parse_date(&args.deadline).ok_or_else(|| {
        format!(
            "截止日期“{}”无法识别，请写成 2026-01-15 这样的日期。",
            args.deadline
        )
    })?;
    let date = match &args.date {
        Some(text) => compose::parse_date(text).ok_or_else(|| {
            format!("--date “{text}”无法识别，请写成 2026-01-05 或 2026-01-05 09:00。")
        })?,
        None => now(),
    };
    if !is_address(address_of(&args.from)) {
        return Err(format!(
            "发件人“{}”不是有效的邮箱地址。例如：--from \"区政务公开办 <gk@example.gov.cn>\"",
            args.from
        ));
    }
    let server = args.smtp.as_deref().map(Server::parse).transpose()?;
    let dir = output_folder(&args.output).map_err(|e| e.to_string())?;
    let roster = Roster::read(&args.roster).map_err(|e| e.to_string())?;
    let format = Format::for_year(year);
    let mailing = Mailing {
        from: args.from.trim().to_string(),
        year,
        deadline,
        contact: args.contact.clone(),
        date,
    };
    let reported = match (&args.remind, &args.returns) {
        (true, Some(returns)) => Some(reported_units(returns)?),
        _ => None,
    };
    if roster.units.iter().all(|u| u.email.trim().is_empty()) {
        return Err(format!(
            "名单 {} 中没有任何单位的邮箱。请在名单中加一列“邮箱”，每个单位写一个邮箱地址，例如 qj@example.gov.cn。",
            args.roster.display()
        ));
    }
    let (plan, mut problems, no_address) =
        plan(args, &roster, format, &mailing, reported.as_ref(), &dir);
    for (_, p) in &problems {
        eprintln!("  - {p}");
    }
    let stamper = crate::write::stamp::Stamper::new(format, Some(year));
    let mut sender = match server {
        Some(server) => Some(Sender::new(args, server, &dir)?),
        None => None,
    };
    for p in &plan {
        let bytes = match materialize(p, &mailing, &stamper, args) {
            Ok((bytes, note)) => {
                emit(&format!(
                    "{note} {}
",
                    p.file.display()
                ));
                bytes
            }
            Err(e) => {
                problems.push((p.line, e));
                continue;
            }
        };
        if let Some(sender) = &mut sender {
            sender.send(p, &bytes, address_of(&args.from))?;
        }
    }
    let sent = sender.as_ref().map_or(0, |s| s.sent);
    if let Some(sender) = sender {
        for p in &sender.problems {
            eprintln!("  - {p}");
        }
        problems.extend(sender.problems.into_iter().map(|p| (0, p)));
    }
    if !no_address.is_empty() {
        eprintln!(
            "名单中有 {} 个单位没有填写邮箱，没有为它们生成邮件：{}。请在名单的“邮箱”列补上，或另行通知。",
            no_address.len(),
            no_address.join("、")
        );
    }
    let what = if args.remind {
        "催报邮件"
    } else {
        "通知邮件"
    };
    let mut summary = format!("共 {} 封{what}，保存在 {}", plan.len(), dir.display());
    if args.smtp.is_some() {
        summary.push_str(&format!("；本次发送 {sent} 封"));
    }
    if let Some(reported) = &reported {
        summary.push_str(&format!("；已报送的 {} 个单位不催报", reported.len()));
    }
    emit(&format!("{summary}。\n"));
    // A unit without an address is listed, not a failure: it is told some other way.
    Ok(if problems.is_empty() { OK } else { PROBLEMS })
}

/// Seconds since 1970 now: the default `Date` of the letters (the front end owns the clock).
fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

type Plan = (Vec<Planned>, Vec<(usize, String)>, Vec<String>);

/// The letters in roster order, the roster's problems, and the units without an address.
fn plan(
    args: &Args,
    roster: &Roster,
    format: &Format,
    mailing: &Mailing,
    reported: Option<&Vec<String>>,
    dir: &Path,
) -> Plan {
    let templates = crate::tasks::template::plan(roster, format, Some(mailing.year));
    let mut problems = templates.problems;
    let mut no_address = Vec::new();
    let mut out = Vec::new();
    for t in templates.files {
        let unit = &t.unit.name;
        if reported.is_some_and(|r| r.iter().any(|u| crate::filing::names::same_name(u, unit))) {
            continue;
        }
        let address = t.unit.email.trim().to_string();
        if address.is_empty() {
            no_address.push(unit.clone());
            continue;
        }
        if !is_address(&address) {
            problems.push((t.unit.line, format!(
                "名单第{}行“{unit}”的邮箱“{address}”写法不对，没有生成邮件。一个单位只写一个邮箱，例如 qj@example.gov.cn。",
                t.unit.line
            )));
            continue;
        }
        let stem = t.file_name.trim_end_matches(".xlsx");
        let file = if args.remind {
            let day = compose::stamp(mailing.date);
            format!("催报_{stem}_{}.eml", &day[..8])
        } else {
            format!("{stem}.eml")
        };
        out.push(Planned {
            unit: unit.clone(),
            line: t.unit.line,
            address,
            file: dir.join(file),
            template: t.file_name.clone(),
            header: t.header.clone(),
        });
    }
    problems.sort_by_key(|(line, _)| *line);
    (out, problems, no_address)
}

/// The message's bytes: the `.eml` already in the folder (a rerun sends exactly what was
/// written), or a new one written now.
fn materialize(
    p: &Planned,
    mailing: &Mailing,
    stamper: &crate::write::stamp::Stamper,
    args: &Args,
) -> Result<(Vec<u8>, &'static str), String> {
    if !args.force && p.file.is_file() {
        let bytes = std::fs::read(&p.file).map_err(|e| {
            format!(
                "无法读取 {}：{}",
                p.file.display(),
                crate::cli::output::io_message(&e)
            )
        })?;
        return Ok((bytes, "沿用已有的"));
    }
    let template = stamper
        .template(&p.header)
        .map_err(|e| format!("名单第{}行“{}”：{e}", p.line, p.unit))?;
    let attachment = (p.template.clone(), template);
    let letter = if args.remind {
        reminder(mailing, &p.unit, &p.address, attachment)
    } else {
        notice(mailing, &p.unit, &p.address, attachment)
    };
    let bytes = compose::build(&letter);
    write_atomic(&p.file, &bytes, args.force).map_err(|e| e.to_string())?;
    Ok((bytes, "已生成"))
}

/// The `Message-ID` of a message's bytes.
fn message_id(bytes: &[u8]) -> Option<String> {
    let head_end = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(bytes.len());
    let head = String::from_utf8_lossy(&bytes[..head_end]);
    head.lines().find_map(|l| {
        l.get(..11)
            .filter(|k| k.eq_ignore_ascii_case("message-id:"))
            .map(|_| l[11..].trim().to_string())
    })
}

/// Sends the letters not sent yet, one at a time, keeping the send ledger; connects to the
/// server only when there is something to send.
struct Sender {
    ledger: SendLedger,
    connect: Connect,
    smtp: Option<Smtp>,
    sent: usize,
    problems: Vec<String>,
}

impl Sender {
    fn new(args: &Args, server: Server, dir: &Path) -> Result<Sender, String> {
        let password = match &args.user {
            Some(user) => Some(super::mailnet::password(user)?),
            None => None,
        };
        let connect = Connect {
            server,
            user: args.user.clone(),
            password,
            tls: args.server.tls,
            ca: super::mailnet::read_ca(args.server.ca_file.as_deref())?,
        };
        Ok(Sender {
            ledger: SendLedger::open(dir)?,
            connect,
            smtp: None,
            sent: 0,
            problems: Vec::new(),
        })
    }

    /// Sends one letter unless the ledger says it went (or may have gone) already. A refused
    /// letter is a problem and the run goes on; a server that cannot be reached stops it.
    fn send(&mut self, p: &Planned, bytes: &[u8], from: &str) -> Result<(), String> {
        let name = p.file.file_name().unwrap_or_default().to_string_lossy();
        let Some(id) = message_id(bytes) else {
            self.problems.push(format!(
                "{} 中没有 Message-ID，未发送。请加 --force 重新生成。",
                p.file.display()
            ));
            return Ok(());
        };
        match self.ledger.state(&id)? {
            Sent::Yes(at) => {
                emit(&format!(
                    "已于 {at} 发送过，不再发送：{}（{}）\n",
                    p.unit, p.address
                ));
                return Ok(());
            }
            Sent::Unsure(at) => {
                self.problems.push(format!(
                    "{}（{}）的邮件在 {at} 发送时中断，可能已经发出，这次没有重发。请在发件箱或向单位核实；确需重发，请在 {} 中删除这一条记录，或直接用邮件客户端发送 {name}。",
                    p.unit,
                    p.address,
                    self.ledger.path.display()
                ));
                return Ok(());
            }
            Sent::No => {}
        }
        if self.smtp.is_none() {
            self.smtp = Some(Smtp::connect(&self.connect)?);
        }
        let Some(client) = &self.smtp else {
            return Ok(());
        };
        let at = compose::rfc2822_date(now());
        self.ledger.begin(&id, &p.unit, &p.address, &name, &at)?;
        let result = client.send(from, &p.address, bytes);
        self.ledger.end(
            &id,
            result.as_ref().map(|_| ()).map_err(String::as_str),
            &at,
        )?;
        super::ledger::checkpoint();
        match result {
            Ok(()) => {
                self.sent += 1;
                emit(&format!("已发送：{}（{}）\n", p.unit, p.address));
            }
            Err(e) => self.problems.push(format!(
                "发给{}（{}）失败：{e}。重新运行会再试。",
                p.unit, p.address
            )),
        }
        Ok(())
    }
}

/// The units whose returns are in the folder (by the unit name inside each workbook).
fn reported_units(returns: &Path) -> Result<Vec<String>, String> {
    if !returns.is_dir() {
        return Err(format!(
            "收回文件夹 {} 不存在。--returns 应写 xxgk collect 保存报表的文件夹，例如 --returns 收回/。",
            returns.display()
        ));
    }
    let found = crate::cli::inputs::collect(&[returns.to_path_buf()]);
    let limits = crate::read::limits::Limits::default();
    let mut units = Vec::new();
    for path in &found.files {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let input = crate::check::Input::new(path.display().to_string(), bytes);
        let report =
            crate::tasks::check::check_one(&input, &limits, &crate::cli::remedies::Cli, None);
        if let Some(f) = report.filing
            && !f.unit.trim().is_empty()
        {
            units.push(f.unit);
        }
    }
    Ok(units)
}
