//! `xxgk mail` and `xxgk collect` end to end: the messages as Chinese mail clients write them
//! (Foxmail's GB2312 names, Outlook's RFC 2231, raw GBK, a .zip, a forwarded message, a
//! duplicate, a non-spreadsheet, a 30 MB attachment, a `../../x.xlsx` name, a malformed
//! message), collected from .eml/.mbox files and from a real Dovecot over IMAPS; templates
//! sent to a real SMTP server (aiosmtpd, STARTTLS and AUTH). Kill-and-resume at every step.
//!
//! The server tests need `dovecot` (Debian's dovecot-imapd), `openssl` and Python's
//! `aiosmtpd`; without them they skip, except under CI, where they fail.

mod common;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use common::{repo, xxgk};
use sha2::{Digest, Sha256};
use xxgk::mail::compose::base64;

const PASSWORD: &str = "s3cret-Pa55-不可外泄";

// ---------------------------------------------------------------- messages

fn sample(unit: &str) -> Vec<u8> {
    std::fs::read(repo().join(format!("samples/报表/{unit}_2025.xlsx"))).unwrap()
}

/// A blank template for a unit not in the samples (made by the binary).
fn template_for(unit: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t.xlsx");
    xxgk()
        .args(["template", "--year", "2025", "--unit", unit, "-o"])
        .arg(&out)
        .assert()
        .success();
    std::fs::read(out).unwrap()
}

fn lines(b64: String) -> String {
    b64.as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).unwrap().to_string() + "\r\n")
        .collect()
}

/// An attachment part: `headers` are raw bytes (a name may be GBK), the body base64.
fn part(headers: &[u8], body: &[u8]) -> Vec<u8> {
    let mut out = headers.to_vec();
    out.extend_from_slice(b"\r\nContent-Transfer-Encoding: base64\r\n\r\n");
    out.extend_from_slice(lines(base64(body)).as_bytes());
    out
}

/// A multipart/mixed message with a text part and the given parts.
fn message(from: &str, subject: &str, id: &str, date: &str, parts: &[Vec<u8>]) -> Vec<u8> {
    let mut out = format!(
        "From: {from}\r\nTo: gk@example.gov.cn\r\nSubject: {subject}\r\nDate: {date}\r\nMessage-ID: {id}\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"BOUNDARY\"\r\n\r\nThis is a multi-part message in MIME format.\r\n--BOUNDARY\r\nContent-Type: text/plain; charset=GB2312\r\nContent-Transfer-Encoding: base64\r\n\r\n{}",
        lines(base64(&encoding_rs::GBK.encode("请查收附件。").0))
    )
    .into_bytes();
    for p in parts {
        out.extend_from_slice(b"--BOUNDARY\r\n");
        out.extend_from_slice(p);
    }
    out.extend_from_slice(b"--BOUNDARY--\r\n");
    out
}

fn b_word(charset: &'static encoding_rs::Encoding, label: &str, text: &str) -> String {
    format!("=?{label}?B?{}?=", base64(&charset.encode(text).0))
}

fn q_word_gbk(text: &str) -> String {
    let bytes = encoding_rs::GBK.encode(text).0;
    let q: String = bytes
        .iter()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                char::from(*b).to_string()
            } else {
                format!("={b:02X}")
            }
        })
        .collect();
    format!("=?GBK?Q?{q}?=")
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A zip of (name, bytes).
fn zip_of(files: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in files {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A workbook grown to 30 MB by an extra stored part the readers never open.
fn padded(workbook: &[u8]) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(workbook)).unwrap();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        w.raw_copy_file(archive.by_index(i).unwrap()).unwrap();
    }
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("xl/media/image1.bin", stored).unwrap();
    let mut x: u32 = 12345;
    let noise: Vec<u8> = (0..30 << 20)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect();
    w.write_all(&noise).unwrap();
    w.finish().unwrap().into_inner()
}

/// The message cases, by file name, and what each should give.
struct Cases {
    messages: Vec<(String, Vec<u8>)>,
}

fn cases(with_big: bool) -> Cases {
    let mut m = Vec::new();
    // Foxmail: GB2312 encoded words in the subject and the attachment name.
    let name = b_word(encoding_rs::GBK, "GB2312", "前进街道2025年报.xlsx");
    m.push((
        "01_foxmail_gb2312.eml",
        message(
            &format!("{} <qj@example.gov.cn>", b_word(encoding_rs::GBK, "GB2312", "前进街道")),
            &b_word(encoding_rs::GBK, "GB2312", "回复：年报统计表"),
            "<foxmail-1@example.gov.cn>",
            "Sat, 10 Jan 2026 09:30:00 +0800",
            &[part(
                format!("Content-Type: application/octet-stream;\r\n\tname=\"{name}\"\r\nContent-Disposition: attachment;\r\n\tfilename=\"{name}\"").as_bytes(),
                &sample("前进街道"),
            )],
        ),
    ));
    // Outlook: RFC 2231 continuations, percent-encoded UTF-8.
    m.push((
        "02_outlook_rfc2231.eml",
        message(
            "dd@example.gov.cn",
            "=?utf-8?B?5aSn5Lic6KGX6YGT5oql6YCB?=",
            "<outlook-2@example.gov.cn>",
            "Sun, 11 Jan 2026 14:05:00 +0800",
            &[part(
                format!("Content-Type: {XLSX};\r\n name=\"=?utf-8?B?5aSn5Lic6KGX6YGT?=\"\r\nContent-Disposition: attachment;\r\n filename*0*=utf-8''%E5%A4%A7%E4%B8%9C%E8%A1%97%E9%81%93%5F%E5%B9%B4%E6%8A%A5;\r\n filename*1*=%E7%BB%9F%E8%AE%A1%E8%A1%A8%5F%E6%9C%80%E7%BB%88%E7%89%88.xlsx").as_bytes(),
                &sample("大东街道"),
            )],
        ),
    ));
    // A .zip of three workbooks, its own name in GBK quoted-printable words.
    let zip = zip_of(&[
        ("津桥街道.xlsx", sample("津桥街道")),
        ("年报/小北街道.xlsx", sample("小北街道")),
        ("万泉街道.xlsx", sample("万泉街道")),
        ("说明.txt", b"see attached".to_vec()),
    ]);
    m.push((
        "03_zip_of_three.eml",
        message(
            "jq@example.gov.cn",
            "three",
            "<zip-3@example.gov.cn>",
            "Mon, 12 Jan 2026 10:00:00 +0800",
            &[part(
                format!("Content-Type: application/zip; name=\"{}\"\r\nContent-Disposition: attachment; filename=\"{}\"", q_word_gbk("三个街道.zip"), q_word_gbk("三个街道.zip")).as_bytes(),
                &zip,
            )],
        ),
    ));
    // A forwarded message (message/rfc822) whose attachment is named in GB18030.
    let inner = message(
        "jy@example.gov.cn",
        "=?GB18030?B?vczT/b7WxOqxqA==?=",
        "<inner-4@example.gov.cn>",
        "Tue, 13 Jan 2026 08:00:00 +0800",
        &[part(
            format!(
                "Content-Type: {XLSX}; name=\"{}\"",
                b_word(encoding_rs::GB18030, "GB18030", "区教育局·年报.xlsx")
            )
            .as_bytes(),
            &sample("区教育局"),
        )],
    );
    let mut fwd =
        b"Content-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n".to_vec();
    fwd.extend_from_slice(&inner);
    fwd.extend_from_slice(b"\r\n");
    m.push((
        "04_forwarded.eml",
        message(
            "office@example.gov.cn",
            "Fw: education",
            "<fwd-4@example.gov.cn>",
            "Tue, 13 Jan 2026 11:20:00 +0800",
            &[fwd],
        ),
    ));
    // The same workbook as the first, sent again under Windows' “副本” name.
    m.push((
        "05_duplicate.eml",
        message(
            "qj@example.gov.cn",
            "again",
            "<dup-5@example.gov.cn>",
            "Wed, 14 Jan 2026 16:00:00 +0800",
            &[part(
                format!(
                    "Content-Type: {XLSX}; name=\"{}\"",
                    b_word(encoding_rs::UTF_8, "UTF-8", "副本 年报表格(1).xlsx")
                )
                .as_bytes(),
                &sample("前进街道"),
            )],
        ),
    ));
    // Only a Word document: listed, nothing saved.
    m.push((
        "06_not_a_spreadsheet.eml",
        message(
            "xb@example.gov.cn",
            "question",
            "<doc-6@example.gov.cn>",
            "Wed, 14 Jan 2026 17:00:00 +0800",
            &[part(
                b"Content-Type: application/msword; name=\"=?UTF-8?B?6K+05piOLmRvYw==?=\"",
                b"\xD0\xCF\x11\xE0 not really",
            )],
        ),
    ));
    // A name trying to climb out of the folder, and a raw GBK name (no encoding at all).
    let mut raw = b"Content-Type: application/vnd.ms-excel; name=\"".to_vec();
    raw.extend_from_slice(&encoding_rs::GBK.encode("区民政局报表.xlsx").0);
    raw.extend_from_slice(b"\"");
    m.push((
        "07_traversal_and_raw_gbk.eml",
        message(
            "mz@example.gov.cn",
            "files",
            "<trav-7@example.gov.cn>",
            "Thu, 15 Jan 2026 09:00:00 +0800",
            &[
                part(
                    format!("Content-Type: {XLSX}; name=\"../../x.xlsx\"\r\nContent-Disposition: attachment; filename=\"../../x.xlsx\"").as_bytes(),
                    &template_for("甲单位"),
                ),
                part(&raw, &sample("区民政局")),
            ],
        ),
    ));
    // Not MIME at all: listed as unreadable.
    m.push((
        "08_malformed.eml",
        b"\x00\x01\x02garbage without any header\xFF\xFE".to_vec(),
    ));
    if with_big {
        m.push((
            "09_30mb.eml",
            message(
                "yi@example.gov.cn",
                "big",
                "<big-9@example.gov.cn>",
                "Thu, 15 Jan 2026 10:00:00 +0800",
                &[part(
                    format!(
                        "Content-Type: {XLSX}; name=\"{}\"",
                        b_word(encoding_rs::UTF_8, "UTF-8", "乙单位_含图片.xlsx")
                    )
                    .as_bytes(),
                    &padded(&template_for("乙单位")),
                )],
            ),
        ));
    }
    Cases {
        messages: m.into_iter().map(|(n, b)| (n.to_string(), b)).collect(),
    }
}

/// The files each case must give, by name, with the bytes they must equal.
fn expected(with_big: bool) -> BTreeMap<String, Vec<u8>> {
    let mut e = BTreeMap::new();
    e.insert(
        "前进街道_20260110-0930_前进街道2025年报.xlsx".to_string(),
        sample("前进街道"),
    );
    e.insert(
        "大东街道_20260111-1405_大东街道_年报统计表_最终版.xlsx".to_string(),
        sample("大东街道"),
    );
    e.insert(
        "津桥街道_20260112-1000_津桥街道.xlsx".to_string(),
        sample("津桥街道"),
    );
    e.insert(
        "小北街道_20260112-1000_小北街道.xlsx".to_string(),
        sample("小北街道"),
    );
    e.insert(
        "万泉街道_20260112-1000_万泉街道.xlsx".to_string(),
        sample("万泉街道"),
    );
    e.insert(
        "区教育局_20260113-1120_区教育局·年报.xlsx".to_string(),
        sample("区教育局"),
    );
    e.insert(
        "甲单位_20260115-0900_x.xlsx".to_string(),
        template_for("甲单位"),
    );
    e.insert(
        "区民政局_20260115-0900_区民政局报表.xlsx".to_string(),
        sample("区民政局"),
    );
    if with_big {
        e.insert(
            "乙单位_20260115-1000_乙单位_含图片.xlsx".to_string(),
            Vec::new(),
        );
    }
    e
}

fn write_cases(dir: &Path, cases: &Cases) {
    std::fs::create_dir_all(dir).unwrap();
    for (name, bytes) in &cases.messages {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
}

/// The workbooks in a folder (hidden files and the ledger aside), by name.
fn saved(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .filter(|e| e.path().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn assert_saved_as_expected(dir: &Path, with_big: bool) {
    let got = saved(dir);
    let want = expected(with_big);
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>(),
        "saved files"
    );
    for (name, bytes) in &want {
        if !bytes.is_empty() {
            assert!(got[name] == *bytes, "{name} differs from what was sent");
        }
    }
    // Every file once: no two saved files with the same bytes.
    let mut shas: Vec<_> = got.values().map(|b| Sha256::digest(b).to_vec()).collect();
    let n = shas.len();
    shas.sort();
    shas.dedup();
    assert_eq!(shas.len(), n, "a file was saved twice");
}

/// The ledger's (files, messages) rows.
fn ledger_counts(dir: &Path) -> (usize, usize) {
    let db = rusqlite::Connection::open(dir.join(".收件记录.sqlite")).unwrap();
    let count = |t: &str| {
        db.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap() as usize
    };
    (count("files"), count("messages"))
}

fn text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

// ---------------------------------------------------------------- collect from files

#[test]
fn collect_from_eml_files_saves_every_workbook_once_and_merge_reads_them() {
    let tmp = tempfile::tempdir().unwrap();
    let mail = tmp.path().join("邮件");
    write_cases(&mail, &cases(true));
    let out = tmp.path().join("收回");
    let run = xxgk()
        .arg("collect")
        .arg(&mail)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let said = text(&run);
    assert_eq!(run.status.code(), Some(1), "{said}"); // one message unreadable
    assert_saved_as_expected(&out, true);
    assert!(
        !tmp.path().join("x.xlsx").exists()
            && !out
                .parent()
                .unwrap()
                .parent()
                .unwrap()
                .join("x.xlsx")
                .exists()
    );
    assert!(
        said.contains("重复，不再保存：副本 年报表格(1).xlsx"),
        "{said}"
    );
    assert!(
        said.contains("06_not_a_spreadsheet.eml：xb@example.gov.cn“question”（附件：说明.doc）"),
        "{said}"
    );
    assert!(
        said.contains("08_malformed.eml：邮件格式无法解析"),
        "{said}"
    );
    assert!(said.contains("来自压缩包 三个街道.zip"), "{said}");
    assert!(
        said.contains("本次处理 9 封邮件，保存 9 个表格，1 个重复的未再保存"),
        "{said}"
    );
    assert_eq!(ledger_counts(&out), (9, 8));

    // The rerun finds everything in the ledger.
    let again = xxgk()
        .arg("collect")
        .arg(&mail)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let said = text(&again);
    assert!(
        said.contains("本次处理 1 封邮件，保存 0 个表格；8 封先前已收取，跳过"),
        "{said}"
    );
    assert!(
        said.contains("08_malformed.eml：邮件格式无法解析"),
        "listed again: {said}"
    );
    assert_saved_as_expected(&out, true);

    // A new message later: only it is read.
    let mut one = cases(false).messages.remove(0).1;
    let at = one.windows(10).position(|w| w == b"foxmail-1@").unwrap();
    one[at..at + 7].copy_from_slice(b"foxmail");
    one.splice(at..at + 7, b"late-10".iter().copied());
    std::fs::write(mail.join("10_late.eml"), one).unwrap();
    let later = xxgk()
        .arg("collect")
        .arg(&mail)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let said = text(&later);
    assert!(
        said.contains("本次处理 2 封邮件，保存 0 个表格，1 个重复的未再保存"),
        "{said}"
    );

    // Then merge reads the folder as it reads any folder of returns.
    let merged = tmp.path().join("汇总");
    let m = xxgk()
        .arg("merge")
        .arg(&out)
        .arg("--roster")
        .arg(repo().join("samples/名单.csv"))
        .args(["--year", "2025", "--unit", "和平区", "-o"])
        .arg(&merged)
        .output()
        .unwrap();
    let said = text(&m);
    assert!(m.status.code().unwrap() <= 1, "{said}");
    // Seven units' returns count; the two blank templates (甲单位, 乙单位) do not; the one
    // unit that sent nothing is named.
    assert!(
        said.contains("读取 9 个文件，7 份计入汇总（7 个单位）"),
        "{said}"
    );
    assert!(said.contains("未报送的单位 1 个：区卫生健康局"), "{said}");
    assert!(merged.join("汇总.xlsx").is_file());
}

#[test]
fn collect_reads_an_mbox_export() {
    let tmp = tempfile::tempdir().unwrap();
    let mut mbox = Vec::new();
    for (_, bytes) in cases(false).messages.iter().take(3) {
        mbox.extend_from_slice(b"From qj@example.gov.cn Sat Jan 10 09:30:00 2026\n");
        mbox.extend_from_slice(
            &String::from_utf8_lossy(bytes)
                .replace("\r\n", "\n")
                .into_bytes(),
        );
        mbox.extend_from_slice(b"\n");
    }
    let file = tmp.path().join("收件箱.mbox");
    std::fs::write(&file, mbox).unwrap();
    let out = tmp.path().join("收回");
    let run = xxgk()
        .arg("collect")
        .arg(&file)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let said = text(&run);
    assert_eq!(run.status.code(), Some(0), "{said}");
    let names: Vec<String> = saved(&out).into_keys().collect();
    assert_eq!(names.len(), 5, "{names:?}\n{said}");
    let want = expected(false);
    for (name, bytes) in saved(&out) {
        assert!(want.get(&name).is_some_and(|w| *w == bytes), "{name}");
    }
}

/// Kills the run at every step (after a file is written, after it is recorded, before a
/// message is marked done); the rerun must end with exactly the files of an uninterrupted run.
#[test]
fn a_run_killed_at_any_step_and_rerun_saves_each_file_once() {
    let tmp = tempfile::tempdir().unwrap();
    let mail = tmp.path().join("邮件");
    write_cases(&mail, &cases(false));
    let mut step = 1;
    loop {
        let out = tmp.path().join(format!("收回{step}"));
        let killed = xxgk()
            .arg("collect")
            .arg(&mail)
            .arg("-o")
            .arg(&out)
            .env("XXGK_TEST_ABORT_AT", step.to_string())
            .output()
            .unwrap();
        let finished = killed.status.code().is_some();
        let rerun = xxgk()
            .arg("collect")
            .arg(&mail)
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(
            rerun.status.code(),
            Some(1),
            "step {step}: {}",
            text(&rerun)
        );
        assert_saved_as_expected(&out, false);
        assert_eq!(ledger_counts(&out), (8, 7), "step {step}");
        let leftovers: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
        if finished {
            break; // the run got past its last step: every step has been tried
        }
        step += 1;
    }
    // 8 files × 2 steps + 7 messages that reach the end, plus the run that finishes.
    assert!(step > 20, "only {step} steps were tried");
}

// ---------------------------------------------------------------- mail (.eml)

fn roster(dir: &Path) -> PathBuf {
    let path = dir.join("名单.csv");
    std::fs::write(
        &path,
        "单位名称,单位代码,联系人,联系电话,邮箱\n前进街道,210104001,张明,024-24310001,qj@example.gov.cn\n大东街道,210104002,李华,024-24310002,dd@example.gov.cn\n津桥街道,210104003,王芳,024-24310003,\n区教育局,210104101,陈静,024-24310101,jy@example.gov.cn\n",
    )
    .unwrap();
    path
}

const FROM: &str = "区政务公开办 <gk@example.gov.cn>";

fn mail_args(roster: &Path, out: &Path) -> Vec<std::ffi::OsString> {
    let mut a: Vec<std::ffi::OsString> = vec!["mail".into(), "--roster".into(), roster.into()];
    for s in [
        "--year",
        "2025",
        "--deadline",
        "2026-01-15",
        "--from",
        FROM,
        "--contact",
        "张三 024-12345678",
        "--date",
        "2026-01-05 09:00",
        "-o",
    ] {
        a.push(s.into());
    }
    a.push(out.into());
    a
}

#[test]
fn mail_writes_each_unit_its_own_template_as_an_eml() {
    let tmp = tempfile::tempdir().unwrap();
    let roster = roster(tmp.path());
    let out = tmp.path().join("邮件");
    let run = xxgk().args(mail_args(&roster, &out)).output().unwrap();
    let said = text(&run);
    assert_eq!(run.status.code(), Some(0), "{said}"); // a unit without an address is no failure
    assert!(
        said.contains("没有填写邮箱，没有为它们生成邮件：津桥街道"),
        "{said}"
    );
    let names: Vec<String> = saved(&out).into_keys().collect();
    assert_eq!(
        names,
        [
            "前进街道_2025.eml",
            "区教育局_2025.eml",
            "大东街道_2025.eml"
        ]
    );

    // The attachment is exactly what `template --roster` writes.
    let templates = tmp.path().join("模板");
    xxgk()
        .arg("template")
        .arg("--roster")
        .arg(&roster)
        .args(["--year", "2025", "-o"])
        .arg(&templates)
        .assert()
        .success();
    let eml = std::fs::read(out.join("前进街道_2025.eml")).unwrap();
    let parsed = mail_parser::MessageParser::default().parse(&eml).unwrap();
    assert_eq!(
        parsed.subject(),
        Some("关于报送2025年度政府信息公开工作年度报告统计表的通知（前进街道）")
    );
    assert_eq!(
        parsed.to().unwrap().first().unwrap().address(),
        Some("qj@example.gov.cn")
    );
    assert_eq!(
        parsed.from().unwrap().first().unwrap().name(),
        Some("区政务公开办")
    );
    let body = parsed.body_text(0).unwrap();
    assert!(
        body.contains("2026年1月15日前") && body.contains("张三 024-12345678"),
        "{body}"
    );
    let attachment = parsed.attachments().next().unwrap();
    use mail_parser::MimeHeaders;
    assert_eq!(attachment.attachment_name(), Some("前进街道_2025.xlsx"));
    assert!(attachment.contents() == std::fs::read(templates.join("前进街道_2025.xlsx")).unwrap());
    let head =
        String::from_utf8_lossy(&eml[..eml.windows(4).position(|w| w == b"\r\n\r\n").unwrap()])
            .into_owned();
    assert!(
        head.contains("Date: Mon, 5 Jan 2026 09:00:00 +0800"),
        "{head}"
    );
    assert!(eml.is_ascii(), "7-bit clean for every server");

    // Same arguments, same bytes; a rerun keeps the files as they are.
    let again = tmp.path().join("邮件2");
    xxgk().args(mail_args(&roster, &again)).output().unwrap();
    assert_eq!(saved(&out), saved(&again));
    let rerun = xxgk().args(mail_args(&roster, &out)).output().unwrap();
    assert!(text(&rerun).contains("沿用已有的"), "{}", text(&rerun));

    // A reminder goes only to those whose return is not in the folder.
    let returns = tmp.path().join("收回");
    std::fs::create_dir_all(&returns).unwrap();
    std::fs::write(returns.join("前进街道_x.xlsx"), sample("前进街道")).unwrap();
    let mut args = mail_args(&roster, &out);
    args.extend(["--remind".into(), "--returns".into(), returns.into()]);
    let remind = xxgk().args(args).output().unwrap();
    let said = text(&remind);
    assert!(said.contains("已报送的 1 个单位不催报"), "{said}");
    let reminders: Vec<String> = saved(&out)
        .into_keys()
        .filter(|n| n.starts_with("催报_"))
        .collect();
    assert_eq!(
        reminders,
        [
            "催报_区教育局_2025_20260105.eml",
            "催报_大东街道_2025_20260105.eml"
        ]
    );
}

// ---------------------------------------------------------------- real servers

/// Whether the server tools are here; under CI they must be.
fn have(tool: &str, probe: &[&str]) -> bool {
    let ok = std::process::Command::new(tool)
        .args(probe)
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(std::env::var_os("CI").is_none(), "CI must install {tool}");
        eprintln!("{tool} not installed: skipping");
    }
    ok
}

/// A test CA and a certificate for 127.0.0.1 signed by it (webpki refuses a CA certificate
/// as the server's own).
fn certificates(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let run = |args: &[&str]| {
        let out = std::process::Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap();
        assert!(out.status.success(), "openssl {args:?}: {}", text(&out));
    };
    run(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=xxgk test CA",
    ]);
    run(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=127.0.0.1",
    ]);
    std::fs::write(
        dir.join("ext.cnf"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n",
    )
    .unwrap();
    run(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "2",
        "-extfile",
        "ext.cnf",
    ]);
    (
        dir.join("ca.pem"),
        dir.join("server.pem"),
        dir.join("server.key"),
    )
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_for(port: u16) {
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("server on port {port} did not start");
}

/// A Dovecot serving one user's Maildir over IMAPS on a high port; stopped when dropped.
struct Dovecot {
    child: std::process::Child,
    port: u16,
    maildir: PathBuf,
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn dovecot(dir: &Path, cert: &Path, key: &Path) -> Dovecot {
    use std::os::unix::fs::PermissionsExt;
    let port = free_port();
    let maildir = dir.join("Maildir");
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(maildir.join(sub)).unwrap();
    }
    // Dovecot runs its login process as an unprivileged user and refuses mail for root: as
    // root (CI), the system's dovenull/dovecot users and the mail user nobody; otherwise all
    // of it as the current user. The folders on the way must let them through.
    let root = ids().0 == "0";
    let (uid, gid) = if root {
        ("65534".to_string(), "65534".to_string())
    } else {
        ids()
    };
    let me = std::env::var("USER").unwrap_or_else(|_| "root".into());
    let (login, internal, group) = if root {
        (
            "dovenull".to_string(),
            "dovecot".to_string(),
            "dovecot".to_string(),
        )
    } else {
        (me.clone(), me, group_name())
    };
    let mut open = Some(dir);
    while let Some(d) = open {
        if d == Path::new("/") || d == std::env::temp_dir() {
            break;
        }
        let _ = std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755));
        open = d.parent();
    }
    if root {
        for d in ["", "cur", "new", "tmp"] {
            std::os::unix::fs::chown(maildir.join(d), Some(65534), Some(65534)).unwrap();
        }
    }
    std::fs::write(
        dir.join("users"),
        format!(
            "gk@example.gov.cn:{{PLAIN}}{PASSWORD}:{uid}:{gid}::{}::\n",
            dir.display()
        ),
    )
    .unwrap();
    let conf = format!(
        r#"base_dir = {d}/run
state_dir = {d}/state
log_path = {d}/dovecot.log
info_log_path = {d}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <{cert}
ssl_key = <{key}
mail_location = maildir:{maildir}
default_login_user = {login}
default_internal_user = {internal}
default_internal_group = {group}
first_valid_uid = 1
disable_plaintext_auth = yes
auth_mechanisms = plain login
passdb {{
  driver = passwd-file
  args = {d}/users
}}
userdb {{
  driver = passwd-file
  args = {d}/users
}}
service imap-login {{
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    port = {port}
    ssl = yes
  }}
  chroot =
}}
service anvil {{
  chroot =
}}
"#,
        d = dir.display(),
        cert = cert.display(),
        key = key.display(),
        maildir = maildir.display(),
    );
    std::fs::write(dir.join("dovecot.conf"), conf).unwrap();
    let child = std::process::Command::new("dovecot")
        .arg("-F")
        .arg("-c")
        .arg(dir.join("dovecot.conf"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    wait_for(port);
    Dovecot {
        child,
        port,
        maildir,
    }
}

fn ids() -> (String, String) {
    let id = |flag: &str| {
        String::from_utf8(
            std::process::Command::new("id")
                .arg(flag)
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap()
        .trim()
        .to_string()
    };
    (id("-u"), id("-g"))
}

fn group_name() -> String {
    String::from_utf8(
        std::process::Command::new("id")
            .arg("-gn")
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap()
    .trim()
    .to_string()
}

/// Delivers a message into the Maildir, as the server's delivery agent would.
fn deliver(maildir: &Path, n: usize, bytes: &[u8]) {
    let name = format!("17000000{n:02}.M{n}P1.xxgk,S={}", bytes.len());
    std::fs::write(maildir.join("tmp").join(&name), bytes).unwrap();
    std::fs::rename(
        maildir.join("tmp").join(&name),
        maildir.join("new").join(&name),
    )
    .unwrap();
}

/// `xxgk collect` from the test server's INBOX into `out`, as the test user, with the password
/// in the environment; callers add the certificate and what else they test.
fn imap_command(port: u16, out: &Path) -> assert_cmd::Command {
    let mut cmd = xxgk();
    cmd.arg("collect")
        .args([
            "--imap",
            &format!("127.0.0.1:{port}"),
            "--user",
            "gk@example.gov.cn",
            "-o",
        ])
        .arg(out)
        .env("XXGK_MAIL_PASSWORD", PASSWORD);
    cmd
}

fn collect_imap(port: u16, ca: &Path, out: &Path) -> std::process::Output {
    imap_command(port, out)
        .arg("--ca-file")
        .arg(ca)
        .output()
        .unwrap()
}

/// No output, no log and no saved file holds the password.
fn assert_no_password(outputs: &[&std::process::Output], dirs: &[&Path]) {
    for o in outputs {
        assert!(!text(o).contains(PASSWORD), "password printed: {}", text(o));
    }
    for dir in dirs {
        for entry in walk(dir) {
            let bytes = std::fs::read(&entry).unwrap();
            assert!(
                !bytes
                    .windows(PASSWORD.len())
                    .any(|w| w == PASSWORD.as_bytes()),
                "password in {}",
                entry.display()
            );
        }
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        if e.path().is_dir() {
            out.extend(walk(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}

#[test]
fn collect_over_imaps_from_a_real_dovecot() {
    if !have("dovecot", &["--version"]) || !have("openssl", &["version"]) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let (ca, cert, key) = certificates(tmp.path());
    std::fs::create_dir_all(tmp.path().join("dovecot")).unwrap();
    let server = dovecot(&tmp.path().join("dovecot"), &cert, &key);
    let all = cases(true);
    for (i, (_, bytes)) in all.messages.iter().enumerate() {
        deliver(&server.maildir, i, bytes);
    }
    let out = tmp.path().join("收回");

    // Killed part-way (after the first file of the third message is written), then rerun.
    let killed = imap_command(server.port, &out)
        .arg("--ca-file")
        .arg(&ca)
        .env("XXGK_TEST_ABORT_AT", "7")
        .output()
        .unwrap();
    assert!(killed.status.code().is_none(), "{}", text(&killed));
    let first = collect_imap(server.port, &ca, &out);
    let said = text(&first);
    assert_eq!(first.status.code(), Some(1), "{said}");
    assert!(said.contains("封先前已收取，跳过"), "{said}");
    // IMAP's received time is the delivery time, not the Date header: compare by content.
    let got = saved(&out);
    assert_eq!(got.len(), 9, "{:?}\n{said}", got.keys());
    for (name, bytes) in expected(true) {
        let unit = name.split('_').next().unwrap();
        let original = name.splitn(3, '_').nth(2).unwrap();
        let found = got.iter().find(|(n, _)| {
            n.starts_with(&format!("{unit}_")) && n.ends_with(&format!("_{original}"))
        });
        let (_, b) = found.unwrap_or_else(|| panic!("{name} not saved: {:?}", got.keys()));
        assert!(bytes.is_empty() || *b == bytes, "{name}");
    }
    assert_eq!(ledger_counts(&out), (9, 8));

    // The rerun fetches only the malformed message again (it is listed until dealt with); a
    // new message is the only other one fetched.
    let again = collect_imap(server.port, &ca, &out);
    assert!(
        text(&again).contains("本次处理 1 封邮件，保存 0 个表格；8 封先前已收取"),
        "{}",
        text(&again)
    );
    let late = cases(false).messages.remove(1).1;
    let late = String::from_utf8_lossy(&late)
        .replace("outlook-2@", "late-11@")
        .into_bytes();
    deliver(&server.maildir, 20, &late);
    let later = collect_imap(server.port, &ca, &out);
    assert!(
        text(&later).contains("本次处理 2 封邮件，保存 0 个表格，1 个重复的未再保存"),
        "{}",
        text(&later)
    );

    // A folder with a Chinese name (modified UTF-7 on the wire and on disk).
    let folder = server.maildir.join(".&YqWIaA-");
    for sub in ["", "cur", "new", "tmp"] {
        std::fs::create_dir_all(folder.join(sub)).unwrap();
        if ids().0 == "0" {
            std::os::unix::fs::chown(folder.join(sub), Some(65534), Some(65534)).unwrap();
        }
    }
    let filed = String::from_utf8_lossy(&cases(false).messages.remove(1).1)
        .replace("outlook-2@", "folder-12@")
        .into_bytes();
    deliver(&folder, 1, &filed);
    let in_folder = imap_command(server.port, &out)
        .args(["--folder", "报表", "--ca-file"])
        .arg(&ca)
        .output()
        .unwrap();
    assert!(
        text(&in_folder).contains("本次处理 1 封邮件，保存 0 个表格，1 个重复的未再保存"),
        "{}",
        text(&in_folder)
    );

    // A wrong password and an untrusted certificate are explained, and never echoed.
    let wrong = imap_command(server.port, &out)
        .arg("--ca-file")
        .arg(&ca)
        .env("XXGK_MAIL_PASSWORD", "wrong-password")
        .output()
        .unwrap();
    assert_eq!(wrong.status.code(), Some(2));
    assert!(
        text(&wrong).contains("登录收信服务器失败"),
        "{}",
        text(&wrong)
    );
    let untrusted = imap_command(server.port, &out).output().unwrap();
    assert_eq!(untrusted.status.code(), Some(2));
    assert!(
        text(&untrusted).contains("证书不受信任"),
        "{}",
        text(&untrusted)
    );
    let log = tmp.path().join("dovecot");
    assert_no_password(
        &[&killed, &first, &again, &later, &wrong, &untrusted],
        &[&out],
    );
    let dovecot_log = std::fs::read_to_string(log.join("dovecot.log")).unwrap_or_default();
    assert!(!dovecot_log.contains(PASSWORD));
}

/// An SMTP sink (aiosmtpd) with STARTTLS and AUTH that saves each message it accepts.
struct Sink {
    child: std::process::Child,
    port: u16,
    spool: PathBuf,
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn sink(dir: &Path, cert: &Path, key: &Path, implicit: bool) -> Sink {
    let port = free_port();
    let spool = dir.join(if implicit { "spool465" } else { "spool" });
    std::fs::create_dir_all(&spool).unwrap();
    let child = std::process::Command::new("python3")
        .arg(repo().join("tests/mail/smtp_sink.py"))
        .args([port.to_string().as_str()])
        .arg(&spool)
        .arg(cert)
        .arg(key)
        .args(implicit.then_some("implicit"))
        .env("SINK_PASSWORD", PASSWORD)
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(dir.join(format!("sink{port}.log"))).unwrap())
        .spawn()
        .unwrap();
    wait_for(port);
    Sink { child, port, spool }
}

fn sent(spool: &Path) -> Vec<Vec<u8>> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(spool)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .collect();
    names.sort();
    names.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

#[test]
fn mail_sends_over_starttls_once_and_resumes_after_a_kill() {
    if !have("openssl", &["version"]) || !have("python3", &["-c", "import aiosmtpd"]) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let (ca, cert, key) = certificates(tmp.path());
    let server = sink(tmp.path(), &cert, &key, false);
    let roster = roster(tmp.path());
    let out = tmp.path().join("邮件");
    let send = |abort: Option<&str>| {
        let mut c = xxgk();
        c.args(mail_args(&roster, &out))
            .args([
                "--smtp",
                &format!("127.0.0.1:{}", server.port),
                "--user",
                "gk@example.gov.cn",
                "--ca-file",
            ])
            .arg(&ca)
            .env("XXGK_MAIL_PASSWORD", PASSWORD);
        if let Some(at) = abort {
            c.env("XXGK_TEST_ABORT_AT", at);
        }
        c.output().unwrap()
    };
    // Killed right after the first message is sent and recorded.
    let killed = send(Some("1"));
    assert!(killed.status.code().is_none(), "{}", text(&killed));
    assert_eq!(sent(&server.spool).len(), 1);
    let resumed = send(None);
    let said = text(&resumed);
    assert_eq!(resumed.status.code(), Some(0), "{said}");
    assert!(said.contains("发送过，不再发送：前进街道"), "{said}");
    assert!(said.contains("本次发送 2 封"), "{said}");
    let rerun = send(None);
    assert!(text(&rerun).contains("本次发送 0 封"), "{}", text(&rerun));
    let got = sent(&server.spool);
    assert_eq!(got.len(), 3, "each unit with an address exactly once");
    // The server received exactly the .eml files that were written.
    let mut files: Vec<Vec<u8>> = saved(&out)
        .into_iter()
        .filter(|(n, _)| n.ends_with(".eml"))
        .map(|(_, b)| b)
        .collect();
    let norm = |b: &Vec<u8>| {
        String::from_utf8_lossy(b)
            .replace("\r\n", "\n")
            .trim_end()
            .to_string()
    };
    let mut got: Vec<String> = got.iter().map(norm).collect();
    let mut want: Vec<String> = files.iter_mut().map(|b| norm(b)).collect();
    got.sort();
    want.sort();
    assert_eq!(got, want);
    let elsewhere = tmp.path().join("另一批");
    let wrong = xxgk()
        .args(mail_args(&roster, &elsewhere))
        .args([
            "--smtp",
            &format!("127.0.0.1:{}", server.port),
            "--user",
            "gk@example.gov.cn",
            "--ca-file",
        ])
        .arg(&ca)
        .env("XXGK_MAIL_PASSWORD", "wrong")
        .output()
        .unwrap();
    assert!(
        text(&wrong).contains("用户名或密码不对"),
        "{}",
        text(&wrong)
    );

    // Implicit TLS (port 465's way) works the same.
    let implicit = sink(tmp.path(), &cert, &key, true);
    let other = tmp.path().join("邮件465");
    let direct = xxgk()
        .args(mail_args(&roster, &other))
        .args([
            "--smtp",
            &format!("127.0.0.1:{}", implicit.port),
            "--tls",
            "implicit",
        ])
        .args(["--user", "gk@example.gov.cn", "--ca-file"])
        .arg(&ca)
        .env("XXGK_MAIL_PASSWORD", PASSWORD)
        .output()
        .unwrap();
    assert!(text(&direct).contains("本次发送 3 封"), "{}", text(&direct));
    assert_eq!(sent(&implicit.spool).len(), 3);

    // collect --reply --smtp sends the receipt to the sender.
    let mail = tmp.path().join("收到的邮件");
    let first = cases(false).messages.remove(0);
    write_cases(
        &mail,
        &Cases {
            messages: vec![first],
        },
    );
    let receipt = xxgk()
        .arg("collect")
        .arg(&mail)
        .arg("-o")
        .arg(tmp.path().join("收回"))
        .arg("--reply")
        .arg(tmp.path().join("回执"))
        .args(["--from", FROM, "--user", "gk@example.gov.cn"])
        .args(["--smtp", &format!("127.0.0.1:{}", server.port), "--ca-file"])
        .arg(&ca)
        .env("XXGK_MAIL_PASSWORD", PASSWORD)
        .output()
        .unwrap();
    assert_eq!(receipt.status.code(), Some(0), "{}", text(&receipt));
    let all = sent(&server.spool);
    assert_eq!(all.len(), 4);
    let last = mail_parser::MessageParser::default()
        .parse(&all[3])
        .unwrap();
    assert_eq!(last.subject(), Some("已收到：回复：年报统计表"));
    assert_eq!(
        last.to().unwrap().first().unwrap().address(),
        Some("qj@example.gov.cn")
    );

    assert_no_password(
        &[&killed, &resumed, &rerun, &wrong, &direct, &receipt],
        &[tmp.path()],
    );
    for entry in walk(tmp.path()) {
        let name = entry.to_string_lossy();
        if name.ends_with(".log") {
            assert!(
                !std::fs::read_to_string(&entry)
                    .unwrap_or_default()
                    .contains(PASSWORD)
            );
        }
    }
}

#[test]
fn collect_writes_a_receipt_with_the_check_result() {
    let tmp = tempfile::tempdir().unwrap();
    let mail = tmp.path().join("邮件");
    let all = cases(false);
    let chosen = Cases {
        messages: all
            .messages
            .into_iter()
            .filter(|(n, _)| n.starts_with("01_") || n.starts_with("07_"))
            .collect(),
    };
    write_cases(&mail, &chosen);
    let out = tmp.path().join("收回");
    let receipts = tmp.path().join("回执");
    let run = xxgk()
        .arg("collect")
        .arg(&mail)
        .arg("-o")
        .arg(&out)
        .arg("--reply")
        .arg(&receipts)
        .args(["--from", FROM])
        .output()
        .unwrap();
    let said = text(&run);
    assert_eq!(run.status.code(), Some(0), "{said}");
    let written = saved(&receipts);
    assert_eq!(written.len(), 2, "{:?}", written.keys());
    let read = |name: &str| {
        let bytes = &written[name];
        let m = mail_parser::MessageParser::default().parse(bytes).unwrap();
        (
            m.subject().unwrap().to_string(),
            m.to()
                .unwrap()
                .first()
                .unwrap()
                .address()
                .unwrap()
                .to_string(),
            m.body_text(0).unwrap().to_string(),
            m.in_reply_to().as_text().map(str::to_string),
        )
    };
    let (subject, to, body, parent) = read("回执_前进街道_20260110-0930_前进街道2025年报.eml");
    assert_eq!(subject, "已收到：回复：年报统计表");
    assert_eq!(to, "qj@example.gov.cn");
    assert_eq!(parent.as_deref(), Some("foxmail-1@example.gov.cn"));
    assert!(
        body.contains(
            "前进街道2025年报.xlsx（保存为 前进街道_20260110-0930_前进街道2025年报.xlsx）"
        ),
        "{body}"
    );
    let (_, to, body, _) = read("回执_甲单位_20260115-0900_x.eml");
    assert_eq!(to, "mz@example.gov.cn");
    // The blank template has errors, named with their sheet and cell; 区民政局's file is listed too.
    assert!(
        body.contains("审核发现") && body.contains("处错误"),
        "{body}"
    );
    assert!(body.contains("区民政局报表.xlsx"), "{body}");
}

/// A message cut off in transit (no closing boundary, half the attachment): what arrived is
/// saved, and named as unreadable so the unit is asked to send it again.
#[test]
fn a_truncated_message_is_saved_and_flagged() {
    let tmp = tempfile::tempdir().unwrap();
    let mail = tmp.path().join("邮件");
    std::fs::create_dir_all(&mail).unwrap();
    let whole = message(
        "qj@example.gov.cn",
        "cut",
        "<cut-1@example.gov.cn>",
        "Sat, 10 Jan 2026 09:30:00 +0800",
        &[part(
            format!("Content-Type: {XLSX}; name=\"t.xlsx\"").as_bytes(),
            &sample("前进街道"),
        )],
    );
    std::fs::write(mail.join("cut.eml"), &whole[..whole.len() / 2]).unwrap();
    let out = tmp.path().join("收回");
    let run = xxgk()
        .arg("collect")
        .arg(&mail)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let said = text(&run);
    assert_eq!(run.status.code(), Some(1), "{said}");
    assert!(
        said.contains("已保存，但无法读取") && said.contains("未识别单位_20260110-0930_t.xlsx"),
        "{said}"
    );
}
