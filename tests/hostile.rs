//! An adversarial corpus, generated here: zip bombs, cell and string bombs, broken and hostile
//! XML, odd numbers and formulas, hostile unit names and rosters, and awkward command lines.
//! Every case runs the binary on the hostile file next to a good one and asserts the exact
//! Chinese outcome, that the good file is still checked, the documented exit code, and that
//! nothing panicked.

mod common;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

const GOOD: &str = "前进街道_2025.xlsx";

fn good() -> PathBuf {
    repo().join("samples/报表").join(GOOD)
}

// ───────────────────────── building files ─────────────────────────

/// Entries of a zip, in order.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
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

/// A zip of the entries, deflated; `stored` names entries written uncompressed.
fn zip_with(entries: &[(String, Vec<u8>)], stored: &[&str]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    for (name, data) in entries {
        let method = if stored.contains(&name.as_str()) {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        zip.start_file(name.as_str(), options).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap();
    buf.into_inner()
}

fn zip_of(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    zip_with(entries, &[])
}

/// The good workbook with every XML part passed through `edit(name, text)`.
fn patched(edit: impl Fn(&str, String) -> String) -> Vec<u8> {
    let entries: Vec<(String, Vec<u8>)> = unzip(&std::fs::read(good()).unwrap())
        .into_iter()
        .map(|(name, data)| {
            let data = if name.ends_with(".xml") {
                edit(&name, String::from_utf8(data).unwrap()).into_bytes()
            } else {
                data
            };
            (name, data)
        })
        .collect();
    zip_of(&entries)
}

/// A workbook with 前进街道 renamed `name` in every XML part.
fn renamed(bytes: &[u8], name: &str) -> Vec<u8> {
    let escaped = xml_escape(name);
    let entries: Vec<(String, Vec<u8>)> = unzip(bytes)
        .into_iter()
        .map(|(entry, data)| match String::from_utf8(data) {
            Ok(text) if entry.ends_with(".xml") => {
                (entry, text.replace("前进街道", &escaped).into_bytes())
            }
            Ok(text) => (entry, text.into_bytes()),
            Err(e) => (entry, e.into_bytes()),
        })
        .collect();
    zip_of(&entries)
}

/// The good workbook with 表三 (sheet3.xml) edited.
fn patched_t3(edit: impl Fn(String) -> String) -> Vec<u8> {
    patched(|name, xml| {
        if name == "xl/worksheets/sheet3.xml" {
            edit(xml)
        } else {
            xml
        }
    })
}

/// Replaces cell `cell` (`<c r="D7" …>…</c>` or `<c r="D7" …/>`) in a sheet's XML.
fn set_cell(xml: &str, cell: &str, replacement: &str) -> String {
    let start = xml
        .find(&format!("<c r=\"{cell}\""))
        .unwrap_or_else(|| panic!("no cell {cell}"));
    let open_end = start + xml[start..].find('>').unwrap();
    let end = if xml.as_bytes()[open_end - 1] == b'/' {
        open_end + 1
    } else {
        open_end + xml[open_end..].find("</c>").unwrap() + 4
    };
    format!("{}{replacement}{}", &xml[..start], &xml[end..])
}

/// Adds a row of raw cells at the end of sheetData.
fn add_row(xml: &str, row: &str) -> String {
    xml.replacen("</sheetData>", &format!("{row}</sheetData>"), 1)
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A minimal workbook: one sheet “Sheet1” with `sheet_data` inside its sheetData, and
/// optionally a shared strings part.
fn workbook(sheet_data: &str, shared: Option<Vec<u8>>) -> Vec<u8> {
    let mut entries = vec![
        (
            "[Content_Types].xml".to_string(),
            br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_vec(),
        ),
        (
            "_rels/.rels".to_string(),
            br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_vec(),
        ),
        (
            "xl/workbook.xml".to_string(),
            br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_vec(),
        ),
        (
            "xl/_rels/workbook.xml.rels".to_string(),
            br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#.to_vec(),
        ),
        (
            "xl/worksheets/sheet1.xml".to_string(),
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData></worksheet>"#).into_bytes(),
        ),
    ];
    if let Some(shared) = shared {
        entries.push(("xl/sharedStrings.xml".to_string(), shared));
    }
    zip_of(&entries)
}

/// Sets the declared uncompressed size of every entry of a zip (local and central headers).
fn declare_size(mut zip: Vec<u8>, size: u32) -> Vec<u8> {
    let mut i = 0;
    while i + 30 <= zip.len() {
        let offset = match &zip[i..i + 4] {
            b"PK\x03\x04" => Some(22),
            b"PK\x01\x02" => Some(24),
            _ => None,
        };
        if let Some(offset) = offset {
            zip[i + offset..i + offset + 4].copy_from_slice(&size.to_le_bytes());
        }
        i += 1;
    }
    zip
}

// ───────────────────────── running ─────────────────────────

/// A folder with the hostile files and a copy of the good workbook.
fn folder(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    std::fs::copy(good(), dir.path().join(GOOD)).unwrap();
    dir
}

struct Run {
    code: i32,
    json: Value,
}

fn check_json(paths: &[&Path], extra: &[&str]) -> Run {
    let out = xxgk()
        .arg("check")
        .args(paths)
        .arg("--json")
        .args(extra)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "a panic: {stderr}");
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{stderr}", String::from_utf8_lossy(&out.stdout)));
    Run {
        code: out.status.code().unwrap_or(-1),
        json,
    }
}

impl Run {
    /// The record of the file whose path ends with `name`.
    fn file(&self, name: &str) -> &Value {
        self.json["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} missing: {}", self.json))
    }

    /// The messages of a file's findings, one string.
    fn messages(&self, name: &str) -> String {
        self.file(name)["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                format!(
                    "{} {}!{} {}\n",
                    f["rule"].as_str().unwrap(),
                    f["sheet"].as_str().unwrap_or(""),
                    f["cell"].as_str().unwrap_or(""),
                    f["message"].as_str().unwrap()
                )
            })
            .collect()
    }

    /// The good workbook was checked as usual.
    fn good_still_ok(&self) {
        assert_eq!(self.file(GOOD)["status"], "ok", "{}", self.messages(GOOD));
    }

    /// `name` is unreadable with one F1 whose message contains every one of `parts`.
    fn refused(&self, name: &str, parts: &[&str]) {
        let file = self.file(name);
        assert_eq!(
            file["status"],
            "unreadable",
            "{name}: {}",
            self.messages(name)
        );
        let findings = file["findings"].as_array().unwrap();
        assert_eq!(findings.len(), 1, "{name}");
        assert_eq!(findings[0]["rule"], "F1");
        let message = findings[0]["message"].as_str().unwrap();
        for part in parts {
            assert!(
                message.contains(part),
                "{name}: “{part}” not in “{message}”"
            );
        }
    }
}

/// Checks `files` next to the good workbook: exit code 1 (a file has errors), the good one ok.
fn check_beside_good(files: &[(&str, &[u8])], extra: &[&str]) -> (Run, tempfile::TempDir) {
    let dir = folder(files);
    let run = check_json(&[dir.path()], extra);
    assert_eq!(run.code, 1, "{}", run.json);
    run.good_still_ok();
    (run, dir)
}

fn merge_dir(dir: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let out = xxgk()
        .arg("merge")
        .arg(dir)
        .args(["--unit", "测试区", "--year", "2025", "-o"])
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "a panic: {stderr}");
    out
}

// ───────────────────────── zip bombs ─────────────────────────

#[test]
fn zip_bombs_are_refused_before_inflating_and_the_batch_goes_on() {
    // A sheet of 4 MB of zeros: a compression ratio no spreadsheet has.
    let zeros = workbook(&"0".repeat(4 * 1024 * 1024), None);
    // A sheet that says it is 300 MB (over the 256 MB limit).
    let declared = declare_size(workbook("", None), 300 * 1024 * 1024);
    // A sheet that says it is 100 bytes and inflates to more.
    let lying = declare_size(workbook(&"<row/>".repeat(1000), None), 100);
    // 10,001 entries.
    let mut many: Vec<(String, Vec<u8>)> = unzip(&workbook("", None));
    many.extend((0..10_001).map(|i| (format!("xl/media/x{i}.bin"), vec![1u8])));
    let many = zip_with(&many, &[]);
    let (run, _dir) = check_beside_good(
        &[
            ("压缩比.xlsx", &zeros),
            ("声明过大.xlsx", &declared),
            ("谎报大小.xlsx", &lying),
            ("条目太多.xlsx", &many),
        ],
        &[],
    );
    run.refused(
        "压缩比.xlsx",
        &[
            "压缩数据大小异常",
            "xl/worksheets/sheet1.xml 的压缩比超过 200 倍",
        ],
    );
    run.refused(
        "声明过大.xlsx",
        &["解压后超过解压大小上限 256 MB", "--max-unzipped-mb 1024"],
    );
    // zip stops inflating at the declared size, so the lie inflates nothing: a small file is
    // not inflated beforehand (it cannot be a bomb), and calamine meets a cut-off part.
    run.refused("谎报大小.xlsx", &["文件已损坏", "表格内容无法解析"]);
    run.refused("条目太多.xlsx", &["压缩包内有 10006 个条目", "10000"]);
    assert_eq!(run.json["summary"]["unreadable"], 4);
}

#[test]
fn the_unzipped_limit_can_be_lowered_and_raised() {
    // 2 MB that does not compress (a picture, say) next to the good workbook's parts.
    let mut state = 12345u64;
    let noise: Vec<u8> = (0..2 * 1024 * 1024)
        .map(|_| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
            (state >> 56) as u8
        })
        .collect();
    let mut entries = unzip(&std::fs::read(good()).unwrap());
    entries.push(("xl/media/image1.png".to_string(), noise));
    let big = zip_of(&entries);
    let (run, dir) = check_beside_good(&[("带大图片.xlsx", &big)], &["--max-unzipped-mb", "1"]);
    run.refused(
        "带大图片.xlsx",
        &["解压大小上限 1 MB", "--max-unzipped-mb 4"],
    );
    // Raised, the same file is read like the good one.
    let run = check_json(
        &[&dir.path().join("带大图片.xlsx")],
        &["--max-unzipped-mb", "4"],
    );
    assert_eq!(run.code, 0);
    assert_eq!(run.file("带大图片.xlsx")["status"], "ok");
}

#[test]
fn the_file_size_limit_is_checked_before_reading() {
    let dir = folder(&[]);
    let big = dir.path().join("太大.xlsx");
    // A sparse 65 MB file: costs no disk, and is refused by its size alone.
    std::fs::File::create(&big)
        .unwrap()
        .set_len(65 * 1024 * 1024)
        .unwrap();
    let run = check_json(&[dir.path()], &[]);
    assert_eq!(run.code, 1);
    run.good_still_ok();
    run.refused(
        "太大.xlsx",
        &[
            "文件大小约 65 MB，超过文件大小上限 64 MB",
            "--max-file-mb 66",
        ],
    );
    assert_eq!(
        run.file("太大.xlsx")["sha256"],
        "",
        "not even read to hash it"
    );
    // The limit is a flag: a 3 MB file is refused under 2 MB, and read under the default
    // (where it turns out not to be a spreadsheet).
    let small = dir.path().join("三兆.xlsx");
    std::fs::File::create(&small)
        .unwrap()
        .set_len(3 * 1024 * 1024)
        .unwrap();
    let run = check_json(&[&small], &["--max-file-mb", "2"]);
    assert_eq!(run.code, 2, "nothing readable");
    run.refused(
        "三兆.xlsx",
        &["文件大小约 3 MB，超过文件大小上限 2 MB", "--max-file-mb 4"],
    );
    let run = check_json(&[&small], &[]);
    run.refused("三兆.xlsx", &["不是 Excel、WPS 或 LibreOffice 的表格文件"]);
}

// ───────────────────────── cells and strings ─────────────────────────

#[test]
fn a_claimed_dimension_of_the_whole_sheet_costs_nothing() {
    let claimed = patched_t3(|xml| {
        xml.replace(
            r#"<dimension ref="A1:K35"/>"#,
            r#"<dimension ref="A1:XFD1048576"/>"#,
        )
    });
    let dir = folder(&[("声称整张表.xlsx", &claimed)]);
    let run = check_json(&[dir.path()], &[]);
    assert_eq!(run.code, 0, "{}", run.messages("声称整张表.xlsx"));
    assert_eq!(run.file("声称整张表.xlsx")["status"], "ok");
}

#[test]
fn filled_cells_far_apart_are_refused_before_the_grid_is_allocated() {
    // One number at the last cell of the sheet: 17 billion cells for calamine's dense range.
    let corner = patched_t3(|xml| {
        add_row(
            &xml,
            r#"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#,
        )
    });
    // One cell in the last column of 2,000 rows: a grid pads every row from column A.
    let column: String = (1..=2000)
        .map(|r| format!(r#"<row r="{r}"><c r="XFD{r}"><v>1</v></c></row>"#))
        .collect();
    let column = workbook(&column, None);
    // A cell address past the sheet.
    let outside =
        patched_t3(|xml| add_row(&xml, r#"<row r="40"><c r="ZZZZZZ40"><v>1</v></c></row>"#));
    let (run, dir) = check_beside_good(
        &[
            ("最后一格.xlsx", &corner),
            ("最后一列.xlsx", &column),
            ("地址越界.xlsx", &outside),
        ],
        &[],
    );
    run.refused(
        "最后一格.xlsx",
        &[
            "工作表“表三”的已用范围是 A1:XFD1048576（17179869184 个单元格）",
            "超过单元格数上限 5000000 个",
            "--max-cells",
        ],
    );
    run.refused(
        "最后一列.xlsx",
        // Refused as soon as the rows read so far pass the limit; the rest is only counted,
        // so the message gives the whole range and a --max-cells that would read it.
        &[
            "工作表“Sheet1”的已用范围是 A1:XFD2000（32768000 个单元格）",
            "超过单元格数上限 5000000 个",
            "--max-cells 32768000",
        ],
    );
    run.refused(
        "地址越界.xlsx",
        &["工作表“表三”有单元格地址“ZZZZZZ40”超出了工作表的范围"],
    );
    // The limit is a flag: lowered, even the good workbook is refused, with its numbers; the
    // --max-cells it suggests reads the file (asserted below).
    let run = check_json(&[&dir.path().join(GOOD)], &["--max-cells", "100"]);
    assert_eq!(run.code, 2);
    run.refused(
        GOOD,
        &[
            "工作表“表二”的已用范围是 A1:D17（68 个单元格）",
            "全部工作表合计至少 812 个单元格，超过单元格数上限 100 个",
            "--max-cells 812",
        ],
    );
    let run = check_json(&[&dir.path().join(GOOD)], &["--max-cells", "812"]);
    assert_eq!(run.file(GOOD)["status"], "ok");
}

#[test]
fn a_million_shared_strings_are_read() {
    // The good workbook with a million more (unused) shared strings, stored uncompressed.
    let mut entries = unzip(&std::fs::read(good()).unwrap());
    for (name, data) in &mut entries {
        if name == "xl/sharedStrings.xml" {
            let text = String::from_utf8(std::mem::take(data)).unwrap();
            let cut = text.rfind("</sst>").unwrap();
            let mut out = String::with_capacity(text.len() + 30_000_000);
            out.push_str(&text[..cut]);
            for i in 0..1_000_000 {
                use std::fmt::Write as _;
                let _ = write!(out, "<si><t>填充{i}</t></si>");
            }
            out.push_str("</sst>");
            *data = out.into_bytes();
        }
    }
    let million = zip_with(&entries, &["xl/sharedStrings.xml"]);
    let dir = folder(&[("百万字符串.xlsx", &million)]);
    let run = check_json(&[dir.path()], &[]);
    assert_eq!(run.code, 0, "{}", run.messages("百万字符串.xlsx"));
    assert_eq!(run.file("百万字符串.xlsx")["status"], "ok");
}

#[test]
fn one_long_string_in_many_cells_is_refused_before_it_is_copied() {
    // 100 KB of text used by 3,000 cells: 300 MB once calamine gives each cell its copy.
    let shared = format!(
        r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>{}</t></si></sst>"#,
        "x".repeat(100 * 1024)
    );
    let rows: String = (1..=3000)
        .map(|r| format!(r#"<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>"#))
        .collect();
    let bomb = workbook(&rows, Some(shared.into_bytes()));
    let (run, _dir) = check_beside_good(&[("重复引用.xlsx", &bomb)], &[]);
    run.refused(
        "重复引用.xlsx",
        &[
            "工作表“Sheet1”（到单元格 A",
            "的单元格中的文字合计超过 256 MB",
            "--max-unzipped-mb",
        ],
    );
}

#[test]
fn long_texts_are_read_up_to_the_limit_and_refused_past_it() {
    let long = "很".repeat(20_000);
    // A 20,000-character note beside the table, and a 20,000-character row label.
    let note = patched_t3(|xml| {
        add_row(
            &xml,
            &format!(r#"<row r="40"><c r="M40" t="inlineStr"><is><t>{long}</t></is></c></row>"#),
        )
    });
    let label = patched_t3(|xml| {
        set_cell(
            &xml,
            "A7",
            &format!(r#"<c r="A7" t="inlineStr"><is><t>{long}</t></is></c>"#),
        )
    });
    let excel_max = patched_t3(|xml| {
        add_row(
            &xml,
            &format!(
                r#"<row r="40"><c r="M40" t="inlineStr"><is><t>{}</t></is></c></row>"#,
                "很".repeat(40_000)
            ),
        )
    });
    let (run, dir) = check_beside_good(
        &[
            ("长备注.xlsx", &note),
            ("长标签.xlsx", &label),
            ("超长文字.xlsx", &excel_max),
        ],
        &[],
    );
    assert_eq!(run.file("长备注.xlsx")["status"], "ok");
    // The long label is not the official one: its row is not found, and nothing else breaks.
    let messages = run.messages("长标签.xlsx");
    assert_eq!(run.file("长标签.xlsx")["status"], "errors", "{messages}");
    assert!(
        messages.contains("L1") && messages.contains("一、本年新收政府信息公开申请数量"),
        "{messages}"
    );
    run.refused(
        "超长文字.xlsx",
        &[
            "工作表“表三”的单元格 M40的文字有 40000 个字符",
            "超过单元格文字长度上限 32767 个字符",
            "--max-text-chars 40000",
        ],
    );
    // Lowered, the 20,000-character note is refused too.
    let run = check_json(
        &[&dir.path().join("长备注.xlsx")],
        &["--max-text-chars", "10000"],
    );
    run.refused(
        "长备注.xlsx",
        &[
            "工作表“表三”的单元格 M40的文字有 20000 个字符",
            "--max-text-chars 20000",
        ],
    );
}

// ───────────────────────── broken and hostile XML ─────────────────────────

#[test]
fn deep_malformed_and_entity_xml_is_refused_or_read_without_harm() {
    let deep = 100_000;
    // 100,000 nested elements inside a cell's text, and outside sheetData.
    let nested_cell = patched_t3(|xml| {
        add_row(
            &xml,
            &format!(
                r#"<row r="40"><c r="M40" t="inlineStr"><is>{}<t>深</t>{}</is></c></row>"#,
                "<r>".repeat(deep),
                "</r>".repeat(deep)
            ),
        )
    });
    let nested_outside = patched_t3(|xml| {
        xml.replacen(
            "</sheetData>",
            &format!("</sheetData>{}{}", "<x>".repeat(deep), "</x>".repeat(deep)),
            1,
        )
    });
    // A sheet cut off in the middle of a tag.
    let truncated = patched_t3(|xml| {
        let cut = xml.find(r#"<c r="D7""#).unwrap() + 6;
        xml[..cut].to_string()
    });
    // Shared strings with bytes that are not UTF-8.
    let mut entries = unzip(&std::fs::read(good()).unwrap());
    for (name, data) in &mut entries {
        if name == "xl/sharedStrings.xml" {
            let at = data.windows(3).position(|w| w == "前".as_bytes()).unwrap();
            data[at..at + 3].copy_from_slice(b"\xff\xfe\xfd");
        }
    }
    let bad_utf8 = zip_of(&entries);
    // Billion laughs in the shared strings and in a sheet.
    let laughs = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>"#;
    let laughs_shared = patched(|name, xml| {
        if name == "xl/sharedStrings.xml" {
            let body = xml.trim_start_matches(|c| c != '>').trim_start_matches('>');
            format!("{laughs}{}", body.replacen("前进街道", "&lol9;", 1))
        } else {
            xml
        }
    });
    let laughs_sheet = patched_t3(|xml| {
        let body = xml.trim_start_matches(|c| c != '>').trim_start_matches('>');
        format!("{laughs}{}", body.replacen("<v>", "<v>&lol9;", 1))
    });
    // A declaration whose entities are never used: quick-xml never expands entities, so
    // nothing can blow up, and the sheet reads as it is. (Only when calamine cannot read a
    // part is the declaration named as the reason, as for the shared strings above.)
    let declared_only = patched_t3(|xml| {
        let body = xml.trim_start_matches(|c| c != '>').trim_start_matches('>');
        format!("{laughs}{body}")
    });
    let (run, _dir) = check_beside_good(
        &[
            ("深层嵌套单元格.xlsx", &nested_cell),
            ("深层嵌套.xlsx", &nested_outside),
            ("截断的表.xlsx", &truncated),
            ("乱码.xlsx", &bad_utf8),
            ("实体炸弹_字符串.xlsx", &laughs_shared),
            ("实体炸弹_工作表.xlsx", &laughs_sheet),
            ("只有声明.xlsx", &declared_only),
        ],
        &[],
    );
    assert_eq!(run.file("深层嵌套单元格.xlsx")["status"], "ok");
    assert_eq!(run.file("深层嵌套.xlsx")["status"], "ok");
    run.refused(
        "截断的表.xlsx",
        &["文件已损坏", "工作表“表三”的内容无法解析"],
    );
    run.refused("乱码.xlsx", &["文件已损坏", "表格内容无法解析"]);
    run.refused(
        "实体炸弹_字符串.xlsx",
        &["xl/sharedStrings.xml 含有 XML 文档类型声明（DOCTYPE）"],
    );
    // In a sheet, calamine keeps an undeclared-looking reference as it is; nothing expands.
    let sheet = run.file("实体炸弹_工作表.xlsx");
    assert_ne!(sheet["status"], "unreadable", "{sheet}");
    assert!(!sheet.to_string().contains("lollol"), "{sheet}");
    assert_eq!(run.file("只有声明.xlsx")["status"], "ok");
}

// ───────────────────────── odd contents ─────────────────────────

#[test]
fn merged_ranges_over_data_cells_keep_the_values() {
    // Data cells D7:I8 merged: the covered cells still hold their numbers in the file.
    let merged = patched_t3(|xml| {
        xml.replacen(
            "</mergeCells>",
            "<mergeCell ref=\"D7:I8\"/></mergeCells>",
            1,
        )
    });
    // Merged as Excel merges: only the first cell keeps its value.
    let cleared = patched_t3(|xml| {
        let mut xml = xml.replacen(
            "</mergeCells>",
            "<mergeCell ref=\"D7:E7\"/></mergeCells>",
            1,
        );
        xml = set_cell(&xml, "E7", r#"<c r="E7" s="10"/>"#);
        xml
    });
    let (run, _dir) = check_beside_good(
        &[("合并数据格.xlsx", &merged), ("合并后清空.xlsx", &cleared)],
        &[],
    );
    assert_eq!(
        run.file("合并数据格.xlsx")["status"],
        "ok",
        "{}",
        run.messages("合并数据格.xlsx")
    );
    // E7 blank: counted as 0 (V1), and the row total J7 no longer adds up (G2).
    let messages = run.messages("合并后清空.xlsx");
    assert!(messages.contains("V1 表三!E7"), "{messages}");
    assert!(messages.contains("G2 表三!J7"), "{messages}");
}

#[test]
fn error_values_and_circular_formulas_are_reported_per_cell() {
    let errors = patched_t3(|xml| {
        let xml = set_cell(
            &xml,
            "D7",
            r#"<c r="D7" s="10" t="e"><f>1/0</f><v>#DIV/0!</v></c>"#,
        );
        // A total showing #REF!, and a data cell that refers to its own row total.
        let xml = set_cell(
            &xml,
            "J8",
            r#"<c r="J8" s="12" t="e"><f>SUM(#REF!)</f><v>#REF!</v></c>"#,
        );
        let xml = set_cell(&xml, "E8", r#"<c r="E8" s="10"><f>J8</f><v>0</v></c>"#);
        // A formula with no cached result at all.
        set_cell(&xml, "F8", r#"<c r="F8" s="10"><f>F8+1</f></c>"#)
    });
    let (run, _dir) = check_beside_good(&[("错误值.xlsx", &errors)], &[]);
    let messages = run.messages("错误值.xlsx");
    assert_eq!(run.file("错误值.xlsx")["status"], "errors");
    assert!(
        messages.contains("V5 表三!D7 单元格显示错误值 #DIV/0!"),
        "{messages}"
    );
    assert!(
        messages.contains("V5 表三!J8 单元格显示错误值 #REF!"),
        "{messages}"
    );
}

#[test]
fn extreme_numbers_and_number_words_are_invalid_values_not_crashes() {
    let odd = patched_t3(|xml| {
        let mut xml = xml;
        for (cell, content) in [
            ("D7", r#"<v>1e308</v>"#),
            ("E7", r#"<v>NaN</v>"#),
            ("F7", r#"<v>inf</v>"#),
            ("G7", r#"<v>-0</v>"#),
        ] {
            xml = set_cell(
                &xml,
                cell,
                &format!(r#"<c r="{cell}" s="10">{content}</c>"#),
            );
        }
        for (cell, text) in [("D8", "NaN"), ("E8", "-0"), ("F8", "inf"), ("G8", "1e308")] {
            xml = set_cell(
                &xml,
                cell,
                &format!(r#"<c r="{cell}" s="10" t="inlineStr"><is><t>{text}</t></is></c>"#),
            );
        }
        xml
    });
    // Another unit's, so that merging it with the good one is not a duplicate.
    let odd = renamed(&odd, "奇怪街道");
    let (run, dir) = check_beside_good(&[("奇怪的数.xlsx", &odd)], &[]);
    let messages = run.messages("奇怪的数.xlsx");
    for cell in ["D7", "E7", "F7", "D8", "F8", "G8"] {
        assert!(
            messages.contains(&format!("V4 表三!{cell} ")),
            "{cell}: {messages}"
        );
    }
    assert!(!messages.contains("表三!G7 "), "-0 is a zero: {messages}");
    // Merged with the good one: both counted, the invalid values as 0, nothing written as NaN.
    let out = tempfile::tempdir().unwrap();
    let merged = merge_dir(dir.path(), out.path(), &["--csv"]);
    let stderr = String::from_utf8_lossy(&merged.stderr);
    assert_eq!(merged.status.code(), Some(1), "{stderr}");
    let report = std::fs::read_to_string(out.path().join("汇总报告.md")).unwrap();
    assert!(stderr.contains("2 份计入汇总（2 个单位）"), "{stderr}");
    assert!(report.contains("奇怪的数.xlsx") && report.contains("奇怪街道"));
    let csv = std::fs::read_to_string(out.path().join("汇总明细.csv")).unwrap();
    assert!(!csv.contains(",NaN,") && !csv.contains(",inf,"), "{csv}");
}

// ───────────────────────── hostile unit names ─────────────────────────

const HOSTILE_NAMES: &[&str] = &[
    "=HYPERLINK(\"http://example.com\",\"点我\")",
    "甲|乙街道",
    "换行\n街道",
    "../../上级街道",
    "a/b街道",
    "🏛️街道",
    "+1+1街道",
    "-2-2街道",
    "@SUM(A1)街道",
    "控制_x0007_字符街道",
];

/// The good workbook filled in by a unit called `name`.
fn workbook_of(name: &str) -> Vec<u8> {
    renamed(&std::fs::read(good()).unwrap(), name)
}

#[test]
fn hostile_unit_names_cannot_break_the_outputs() {
    let dir = tempfile::tempdir().unwrap();
    for (i, name) in HOSTILE_NAMES.iter().enumerate() {
        std::fs::write(dir.path().join(format!("单位{i}.xlsx")), workbook_of(name)).unwrap();
    }
    std::fs::copy(good(), dir.path().join(GOOD)).unwrap();
    let run = check_json(&[dir.path()], &[]);
    run.good_still_ok();
    for i in 0..HOSTILE_NAMES.len() {
        assert_eq!(run.file(&format!("单位{i}.xlsx"))["status"], "ok");
    }
    // A file whose own name has | and a line break, whose message names it.
    std::fs::write(dir.path().join("坏|文件\n名.xlsx"), b"").unwrap();
    let out = tempfile::tempdir().unwrap();
    let merged = merge_dir(dir.path(), out.path(), &["--csv"]);
    let stderr = String::from_utf8_lossy(&merged.stderr);
    assert_eq!(merged.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("读取 12 个文件，11 份计入汇总（11 个单位）"),
        "{stderr}"
    );
    // Nothing but the outputs in the output folder: no name made its own file.
    let mut names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "汇总.xlsx",
            "汇总报告.docx",
            "汇总报告.html",
            "汇总报告.md",
            "汇总明细.csv"
        ]
    );

    // Markdown: every table row has as many cells as its header; | and line breaks escaped.
    let report = std::fs::read_to_string(out.path().join("汇总报告.md")).unwrap();
    assert!(report.contains("甲\\|乙街道"), "| escaped");
    assert!(report.contains("坏\\|文件"), "| in a file name escaped");
    assert!(
        !report.contains("文件\n名"),
        "line break inside a file name"
    );
    assert!(!report.contains("换行\n街道"), "line break inside a name");
    let cells = |line: &str| line.replace("\\|", "").matches('|').count();
    let mut header = None;
    for line in report.lines() {
        if line.starts_with('|') {
            let n = cells(line);
            match header {
                None => header = Some(n),
                Some(h) => assert_eq!(n, h, "broken table row: {line}"),
            }
        } else {
            header = None;
        }
    }

    // CSV: no cell an spreadsheet would run as a formula.
    let csv_bytes = std::fs::read(out.path().join("汇总明细.csv")).unwrap();
    let mut reader = csv::ReaderBuilder::new().from_reader(&csv_bytes[3..]);
    let mut units = std::collections::BTreeSet::new();
    for record in reader.records() {
        let record = record.unwrap();
        units.insert(record[0].to_string());
        for field in record.iter() {
            let risky = field.starts_with(['=', '+', '@', '\t', '\r'])
                || (field.starts_with('-') && field.parse::<f64>().is_err());
            assert!(!risky, "formula-like CSV cell: {field:?}");
        }
    }
    assert!(
        units.contains("'=HYPERLINK(\"http://example.com\",\"点我\")"),
        "{units:?}"
    );
    assert!(
        units.contains("'+1+1街道")
            && units.contains("'-2-2街道")
            && units.contains("'@SUM(A1)街道")
    );

    // Workbook: names are text cells, never formulas.
    let workbook = std::fs::read(out.path().join("汇总.xlsx")).unwrap();
    let mut seen = false;
    for (name, data) in unzip(&workbook) {
        let text = String::from_utf8_lossy(&data);
        if name.starts_with("xl/worksheets/") {
            for formula in text.split("<f>").skip(1) {
                let formula = &formula[..formula.find("</f>").unwrap_or(formula.len())];
                assert!(
                    !formula.contains("HYPERLINK") && !formula.contains("SUM(A1)"),
                    "{name}: a unit name became a formula: {formula}"
                );
            }
        }
        seen |= name == "xl/sharedStrings.xml"
            && text.contains("<t>=HYPERLINK(\"http://example.com\",\"点我\")</t>");
    }
    assert!(seen, "the name is written as text somewhere");
}

#[test]
fn hostile_unit_names_in_a_roster_give_safe_file_names() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("模板");
    let roster = root.path().join("名单.csv");
    std::fs::write(
        &roster,
        "单位名称\n甲|乙街道\n\"换行\n街道\"\n..\n../..\n🏛️街道\n\"=HYPERLINK(\"\"x\"\")\"\n控制\u{7}字符\nCON\n",
    )
    .unwrap();
    let output = xxgk()
        .args(["template", "--year", "2025", "--roster"])
        .arg(&roster)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!stderr.contains("panicked"));
    assert_eq!(output.status.code(), Some(1), "{stdout}{stderr}");
    let all = format!("{stdout}{stderr}");
    assert!(
        all.contains("名单第3行的单位名称“换行\\n街道”含有换行符等控制字符"),
        "{all}"
    );
    assert!(all.contains("控制\\u{7}字符"), "{all}");
    assert!(
        all.contains("单位名称“..”去掉不能用于文件名的字符后为空"),
        "{all}"
    );
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "=HYPERLINK(_x_)_2025.xlsx",
            "_CON_2025.xlsx",
            "甲_乙街道_2025.xlsx",
            "🏛️街道_2025.xlsx",
        ]
    );
    let beside: Vec<_> = std::fs::read_dir(root.path()).unwrap().collect();
    assert_eq!(beside.len(), 2, "nothing written outside 模板/");
    // The cover keeps the name as text.
    let cover = read_sheet(&out.join("=HYPERLINK(_x_)_2025.xlsx"), "封面");
    assert_eq!(cover[&(2, 1)], "=HYPERLINK(\"x\")");
}

// ───────────────────────── rosters ─────────────────────────

#[test]
fn awkward_rosters_are_read_line_by_line() {
    let root = tempfile::tempdir().unwrap();
    // A repeated header line, blank lines, a trailing delimiter, and one line saved as GBK
    // in a file otherwise UTF-8 (two exports pasted together).
    let mut bytes = "单位名称,联系人,\n单位名称,联系人,\n\n前进街道,张三,\n\n"
        .as_bytes()
        .to_vec();
    bytes.extend_from_slice(&encoding_rs::GBK.encode("大东街道,李四,\n").0);
    bytes.extend_from_slice("津桥街道,王五,\n".as_bytes());
    let roster = xxgk::roster::Roster::parse(&bytes).unwrap();
    let names: Vec<&str> = roster.units.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(names, ["前进街道", "大东街道", "津桥街道"]);
    assert_eq!(roster.units[1].contact, "李四");
    let problems: Vec<&str> = roster.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("名单第2行与表头相同"), "{problems:?}");
    // And through the binary: three templates, named right.
    let path = root.path().join("名单.csv");
    std::fs::write(&path, &bytes).unwrap();
    let out = root.path().join("模板");
    let output = xxgk()
        .args(["template", "--year", "2025", "--roster"])
        .arg(&path)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stdout).contains("共生成 3 份模板"));
    assert!(out.join("大东街道_2025.xlsx").exists());
}

// ───────────────────────── command lines ─────────────────────────

#[test]
fn the_same_file_twice_is_read_once() {
    let dir = folder(&[]);
    let file = dir.path().join(GOOD);
    let again = dir.path().join(".").join(GOOD);
    let run = check_json(&[&file, &file, &again, dir.path()], &[]);
    assert_eq!(run.code, 0, "{}", run.json);
    assert_eq!(
        run.json["files"].as_array().unwrap().len(),
        1,
        "{}",
        run.json
    );
    let skipped = run.json["skipped"].to_string();
    assert!(skipped.contains("同一个文件已经给出过"), "{skipped}");
    // Merging it is one unit, not a duplicate.
    let out = tempfile::tempdir().unwrap();
    let output = xxgk()
        .arg("merge")
        .args([&file, &file])
        .args(["--unit", "测试区", "--year", "2025", "-o"])
        .arg(out.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("1 份计入汇总（1 个单位）"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn symlink_loops_in_the_input_folder_are_skipped() {
    let dir = folder(&[]);
    std::os::unix::fs::symlink(dir.path(), dir.path().join("回到上级")).unwrap();
    std::os::unix::fs::symlink("自己.xlsx", dir.path().join("自己.xlsx")).unwrap();
    let run = check_json(&[dir.path()], &[]);
    assert_eq!(run.code, 0);
    run.good_still_ok();
    assert_eq!(run.json["files"].as_array().unwrap().len(), 1);
    let skipped = run.json["skipped"].to_string();
    assert!(skipped.contains("文件夹快捷方式（链接）"), "{skipped}");
    assert!(
        skipped.contains("快捷方式（链接）指向的文件不存在"),
        "{skipped}"
    );
}

#[test]
fn an_output_folder_that_cannot_be_written_is_one_clear_error() {
    let dir = folder(&[]);
    // A path under a regular file cannot be created, even by root.
    let under_file = dir.path().join(GOOD).join("汇总");
    let output = merge_dir(dir.path(), &under_file, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("路径中有一部分是文件而不是文件夹"),
        "{stderr}"
    );
    let output = xxgk()
        .args(["template", "--year", "2025", "--unit", "甲街道", "-o"])
        .arg(dir.path().join(GOOD).join("甲.xlsx"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("路径中有一部分是文件而不是文件夹"),
        "{stderr}"
    );
    // A read-only folder (root writes anyway, so that half is skipped when run as root).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let locked = dir.path().join("只读");
        std::fs::create_dir(&locked).unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
        let root = std::fs::write(locked.join("探测"), b"").is_ok();
        if root {
            eprintln!("running as root: a read-only folder is writable, skipping that check");
        } else {
            let output = merge_dir(dir.path(), &locked, &[]);
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(2), "{stderr}");
            assert!(stderr.contains("没有权限"), "{stderr}");
        }
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

#[test]
fn an_output_that_is_an_input_is_refused_and_the_input_kept() {
    let dir = folder(&[]);
    let before = std::fs::read(dir.path().join(GOOD)).unwrap();
    // merge -o the input folder.
    let output = merge_dir(dir.path(), dir.path(), &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("里有收回的表格"), "{stderr}");
    // merge -o an input file.
    let output = merge_dir(dir.path(), &dir.path().join(GOOD), &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("是一个已有的文件或像文件的名字"),
        "{stderr}"
    );
    // template -o onto a filled workbook.
    let output = xxgk()
        .args(["template", "--year", "2025", "--unit", "前进街道", "-o"])
        .arg(dir.path().join(GOOD))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_ne!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("已存在，未覆盖"), "{stderr}");
    assert_eq!(std::fs::read(dir.path().join(GOOD)).unwrap(), before);
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "nothing else written into the input folder");
}

// ───────────────────────── isolation ─────────────────────────

#[test]
fn every_file_of_a_hostile_batch_gets_its_own_outcome_in_merge() {
    let corner = patched_t3(|xml| {
        add_row(
            &xml,
            r#"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#,
        )
    });
    let dir = folder(&[
        ("最后一格.xlsx", &corner),
        ("空.xlsx", b""),
        ("截断.xlsx", b"PK\x03\x04garbage"),
    ]);
    let out = tempfile::tempdir().unwrap();
    let output = merge_dir(dir.path(), out.path(), &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("读取 4 个文件，1 份计入汇总"), "{stderr}");
    let report = std::fs::read_to_string(out.path().join("汇总报告.md")).unwrap();
    for part in [
        "最后一格.xlsx",
        "--max-cells",
        "空.xlsx",
        "文件为空",
        "截断.xlsx",
        "前进街道",
    ] {
        assert!(report.contains(part), "{part} not in the report");
    }
}

// ───────────────────────── old .xls files ─────────────────────────

/// An `.xls` sample with every record `kind` (of length `len`) passed through `edit`. The
/// sample's workbook stream is stored in consecutive sectors, so records are found in the
/// file's bytes as they are.
fn patched_xls(kind: u16, len: u16, edit: impl Fn(&mut [u8])) -> Vec<u8> {
    let mut bytes = std::fs::read(repo().join("samples/其他格式/津桥街道_2025.xls")).unwrap();
    let mut header = kind.to_le_bytes().to_vec();
    header.extend_from_slice(&len.to_le_bytes());
    let mut found = 0;
    let mut i = 0;
    while i + 4 + usize::from(len) <= bytes.len() {
        if bytes[i..i + 4] == header[..] {
            edit(&mut bytes[i + 4..i + 4 + usize::from(len)]);
            found += 1;
        }
        i += 1;
    }
    assert!(found > 0, "no record {kind:04x} in the sample");
    bytes
}

#[test]
fn xls_records_claiming_huge_sheets_are_refused_before_calamine_allocates() {
    // DIMENSIONS saying the sheet has 4 billion rows: calamine reserves that many cells and
    // the whole process aborts (“memory allocation of 343597382400 bytes failed”).
    let dimensions = patched_xls(0x0200, 14, |d| {
        d[4..8].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes())
    });
    // A shared-string cell moved to row 65,536, column 16,385: calamine's dense range of the
    // sheet would be a billion cells.
    let far = patched_xls(0x00FD, 10, |d| {
        d[0..2].copy_from_slice(&0xFFFFu16.to_le_bytes());
        d[2..4].copy_from_slice(&0x4000u16.to_le_bytes());
    });
    let (run, _dir) = check_beside_good(
        &[("范围记录.xls", &dimensions), ("远处的格.xls", &far)],
        &[],
    );
    run.refused(
        "范围记录.xls",
        &[
            "第 1 张工作表的已用范围是 A1:B4294967280",
            "超过单元格数上限 5000000 个",
            "--max-cells",
        ],
    );
    run.refused(
        "远处的格.xls",
        &[
            "第 1 张工作表的已用范围是 A5:XFE65536（1073741820 个单元格）",
            "超过单元格数上限 5000000 个",
        ],
    );
}

#[test]
fn ods_repeated_rows_and_columns_are_counted_as_calamine_expands_them() {
    // One filled cell repeated over 1,000 columns in a row repeated 1,000,000 times: a small
    // content.xml that calamine would expand into a billion cells.
    let ods = std::fs::read(repo().join("samples/其他格式/前进街道_2025.ods")).unwrap();
    let entries: Vec<(String, Vec<u8>)> = unzip(&ods)
        .into_iter()
        .map(|(name, data)| {
            if name == "content.xml" {
                let text = String::from_utf8(data).unwrap().replacen(
                    "</table:table>",
                    r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="1000" office:value-type="float" office:value="1"/></table:table-row></table:table>"#,
                    1,
                );
                (name, text.into_bytes())
            } else {
                (name, data)
            }
        })
        .collect();
    // mimetype must stay first and stored for an .ods.
    let bomb = zip_with(&entries, &["mimetype"]);
    let (run, _dir) = check_beside_good(&[("重复行.ods", &bomb)], &[]);
    run.refused(
        "重复行.ods",
        &[
            "工作表“封面”的已用范围是 A1:ALL",
            "超过单元格数上限 5000000 个",
        ],
    );
}
