//! The long CSV of a consolidation (汇总明细.csv): one row per unit and data cell, for pivot
//! tables and other programs. UTF-8 with a byte-order mark, so Excel on Chinese Windows opens
//! it with the Chinese intact; text that a spreadsheet would run as a formula is neutralised.

use crate::check::summable_values;
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
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(HEADERS)?;
        for m in c.members.iter().filter(|m| m.included()) {
            let filing = m.filing().expect("included members were read");
            let values = summable_values(filing);
            for cell in filing.format.cells() {
                let (table, ..) = filing.format.parts(cell);
                let entry = &filing.entries[&cell.code];
                w.write_record([
                    safe(&filing.unit),
                    filing.year.map(|y| y.to_string()).unwrap_or_default(),
                    filing.format.name.clone(),
                    table.sheet.clone(),
                    safe(&filing.format.row_label(cell)),
                    safe(&filing.format.column_label(cell)),
                    cell.code.clone(),
                    values[&cell.code].normalize().to_string(),
                    safe(&entry.value.raw),
                ])?;
            }
        }
        w.flush()?;
    }
    Ok(out)
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
