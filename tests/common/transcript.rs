//! Reads the cell-by-cell transcriptions (逐格转录) in the shared real reports into cell codes
//! and values, so tests and the sample generator use exactly the published numbers.

use std::collections::BTreeMap;
use std::str::FromStr;

use rust_decimal::Decimal;
use xxgk::format::Format;
use xxgk::locate::normalize;

/// Code → value for every cell the transcription gives.
pub fn parse(text: &str, format: &Format) -> BTreeMap<String, Decimal> {
    let start = text.find("表格逐格转录").expect("a transcription section");
    let end = text[start..]
        .find("==== 备注")
        .map_or(text.len(), |e| start + e);
    let mut out = BTreeMap::new();
    for line in text[start..end].lines() {
        let line = strip_notes(line.trim());
        if line.starts_with("第二十条") {
            table2(&line, format, &mut out);
        } else if line.contains(" | ") && !line.starts_with("表三") {
            table3(&line, format, &mut out);
        } else if line.starts_with("行政复议：") || line.starts_with("行政诉讼-") {
            table4(&line, &mut out);
        }
    }
    out
}

fn strip_notes(line: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in line.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Numbers in order of appearance: `规章 本年制发件数=1，本年废止件数=0` → 1, 0.
fn numbers(text: &str) -> Vec<Decimal> {
    let mut out = Vec::new();
    let mut current = String::new();
    let flush = |current: &mut String, out: &mut Vec<Decimal>| {
        if !current.is_empty() && current != "-" {
            out.push(Decimal::from_str(current).unwrap());
        }
        current.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit()
            || (c == '.' && !current.is_empty())
            || (c == '-' && current.is_empty())
        {
            current.push(c);
        } else {
            flush(&mut current, &mut out);
        }
    }
    flush(&mut current, &mut out);
    out
}

fn table2(line: &str, format: &Format, out: &mut BTreeMap<String, Decimal>) {
    let (caption, rest) = line.split_once('：').unwrap();
    let t2 = &format.tables[0];
    let block = t2
        .blocks
        .iter()
        .find(|b| b.caption.as_deref().map(normalize) == Some(normalize(caption)))
        .unwrap_or_else(|| panic!("no block {caption}"));
    for part in rest.split('；') {
        let part = part.trim();
        let row = block
            .rows
            .iter()
            .find(|r| part.starts_with(r.path.last().unwrap().as_str()))
            .unwrap_or_else(|| panic!("no row in {part}"));
        let label = row.path.last().unwrap();
        let values = numbers(&part[label.len()..]);
        assert_eq!(values.len(), block.columns.len(), "{part}");
        for (column, v) in block.columns.iter().zip(values) {
            out.insert(
                format!(
                    "T2.{}.{}.{}",
                    block.key.as_deref().unwrap(),
                    row.key,
                    column.key
                ),
                v,
            );
        }
    }
}

fn table3(line: &str, format: &Format, out: &mut BTreeMap<String, Decimal>) {
    let mut cells = line.split(" | ");
    let label = normalize(cells.next().unwrap());
    let block = &format.tables[1].blocks[0];
    let row = block
        .rows
        .iter()
        .find(|r| {
            let leaf = normalize(r.path.last().unwrap());
            let group = r
                .path
                .get(1)
                .filter(|_| r.path.len() == 3)
                .map(|g| normalize(&g[..g.find('）').unwrap() + '）'.len_utf8()]))
                .unwrap_or_default();
            label == leaf || label == format!("{group}{leaf}")
        })
        .unwrap_or_else(|| panic!("no 表三 row for {label}"));
    let values: Vec<Decimal> = cells
        .map(|c| Decimal::from_str(c.trim()).unwrap())
        .collect();
    assert_eq!(values.len(), 7, "{line}");
    for (column, v) in block.columns.iter().zip(values) {
        out.insert(format!("T3.{}.{}", row.key, column.key), v);
    }
}

fn table4(line: &str, out: &mut BTreeMap<String, Decimal>) {
    let group = if line.starts_with("行政复议") {
        "A"
    } else if line.contains("未经复议直接起诉") {
        "B"
    } else {
        "C"
    };
    let (_, rest) = line.split_once('：').unwrap();
    for (i, v) in numbers(rest).into_iter().enumerate() {
        out.insert(format!("T4.{group}{}", i + 1), v);
    }
}
