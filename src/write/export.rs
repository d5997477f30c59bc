//! The long CSV of a consolidation (汇总明细.csv): one row per unit and data cell, for pivot
//! tables and other programs. UTF-8 with a byte-order mark, so Excel on Chinese Windows opens
//! it with the Chinese intact; text that a spreadsheet would run as a formula is neutralised.

use crate::merge::Consolidation;

/// Column headers of the CSV.
pub const HEADERS: [&str; 9] = [
    "单位",
    "报告年度",
    "格式版本",
    "表",
    "行",
    "列",
    "代码",
    "值",
    "原始文本",
];

/// The CSV bytes.
pub fn csv_bytes(c: &Consolidation) -> Result<Vec<u8>, csv::Error> {
    let mut out = Vec::new();
    write_csv(c, &mut out)?;
    Ok(out)
}

/// Writes the CSV row by row into `out`: ten thousand units give two million rows, which are
/// streamed to the file rather than built in memory. Each cell's labels are made once.
pub fn write_csv(c: &Consolidation, out: &mut dyn std::io::Write) -> Result<(), csv::Error> {
    out.write_all(b"\xEF\xBB\xBF")?;
    let format = c.format;
    let labels: Vec<[String; 4]> = format
        .cells()
        .iter()
        .map(|cell| {
            let (table, ..) = format.parts(cell);
            [
                table.sheet.clone(),
                safe(&format.row_label(cell)),
                safe(&format.column_label(cell)),
                cell.code.clone(),
            ]
        })
        .collect();
    let mut header = csv::Writer::from_writer(&mut *out);
    header.write_record(HEADERS)?;
    header.flush()?;
    drop(header);
    let included: Vec<_> = c.members.iter().filter(|m| m.included()).collect();
    // Units are rendered on every core, a batch at a time (so memory stays bounded), and
    // written in input order.
    for batch in included.chunks(256) {
        #[cfg(feature = "cli")]
        let rendered: Vec<Result<Vec<u8>, csv::Error>> = {
            use rayon::prelude::*;
            batch
                .par_iter()
                .map(|m| unit_rows(m, format, &labels))
                .collect()
        };
        #[cfg(not(feature = "cli"))]
        let rendered: Vec<Result<Vec<u8>, csv::Error>> = batch
            .iter()
            .map(|m| unit_rows(m, format, &labels))
            .collect();
        for rows in rendered {
            out.write_all(&rows?)?;
        }
    }
    Ok(())
}

/// One unit's 200 rows of the CSV.
fn unit_rows(
    m: &crate::merge::Member,
    format: &crate::format::Format,
    labels: &[[String; 4]],
) -> Result<Vec<u8>, csv::Error> {
    let filing = m.filing().expect("included members were read");
    let unit = safe(&filing.unit);
    let year = filing.year.map(|y| y.to_string()).unwrap_or_default();
    let mut w = csv::Writer::from_writer(Vec::with_capacity(labels.len() * 120));
    for (i, [sheet, row, column, code]) in labels.iter().enumerate() {
        let raw = filing.text(i).map(safe).unwrap_or_default();
        w.write_record([
            unit.as_str(),
            year.as_str(),
            format.name.as_str(),
            sheet,
            row,
            column,
            code,
            &filing.value(i).normalize().to_string(),
            &raw,
        ])?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// Neutralises text a spreadsheet would treat as a formula (`=`, `+`, `-`, `@` first), unless
/// it is a plain number such as `-3`.
///
/// ```
/// assert_eq!(xxgk::export::safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
/// assert_eq!(xxgk::export::safe("-3"), "-3");
/// assert_eq!(xxgk::export::safe("前进街道"), "前进街道");
/// ```
pub fn safe(text: &str) -> String {
    let risky = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && text.parse::<f64>().is_err() {
        format!("'{text}")
    } else {
        text.to_string()
    }
}
