//! Writes the valid sample workbooks in `samples/` from known numbers. Run through
//! `samples/make_samples.sh`, which then derives the broken samples from these with openpyxl
//! and LibreOffice. The published reports' numbers come from their cell-by-cell transcriptions.
//!
//! cargo run --example make_samples -- samples/

#[path = "../tests/common/mod.rs"]
mod common;

use common::transcript;

use std::collections::BTreeMap;
use std::path::Path;

use rust_decimal::Decimal;
use xxgk::format::Format;
use xxgk::template::{Header, Values, workbook_bytes};

/// A 表三 given by its result rows; 四、结转下年度 is computed so every column balances,
/// unless `carry_out` is given.
struct Table3 {
    new: [i64; 6],
    carried_in: [i64; 6],
    results: Vec<(&'static str, [i64; 6])>,
    carry_out: Option<[i64; 6]>,
}

impl Table3 {
    fn values(&self, values: &mut Values) {
        let mut put = |row: &str, v: &[i64; 6]| {
            for (c, n) in v.iter().enumerate() {
                values.insert(format!("T3.{row}.C{}", c + 1), Decimal::from(*n));
            }
        };
        put("R1", &self.new);
        put("R2", &self.carried_in);
        let mut out = [0i64; 6];
        for (row, v) in &self.results {
            put(row, v);
            for c in 0..6 {
                out[c] += v[c];
            }
        }
        let carry = self
            .carry_out
            .unwrap_or_else(|| std::array::from_fn(|c| self.new[c] + self.carried_in[c] - out[c]));
        assert!(carry.iter().all(|n| *n >= 0), "results exceed applications");
        put("R4", &carry);
        // Rows nobody filled are written as 0, as the unit would.
        for cell in Format::for_year(2025).cells() {
            if cell.code.starts_with("T3.R3.")
                && !cell.code.starts_with("T3.R3.7")
                && !cell.code.ends_with("C7")
            {
                values.entry(cell.code.clone()).or_insert(Decimal::ZERO);
            }
        }
    }
}

fn put_all(values: &mut Values, cells: &[(&str, &str)]) {
    for (code, v) in cells {
        values.insert(code.to_string(), v.parse().unwrap());
    }
}

fn table2_2021(
    values: &mut Values,
    rules: [i64; 3],
    docs: [i64; 3],
    permits: i64,
    punish: i64,
    force: i64,
    fees: &str,
) {
    for (row, v) in [("R1", rules), ("R2", docs)] {
        for (c, n) in v.iter().enumerate() {
            values.insert(format!("T2.1.{row}.C{}", c + 1), Decimal::from(*n));
        }
    }
    put_all(
        values,
        &[
            ("T2.5.R1.C1", &permits.to_string()),
            ("T2.6.R1.C1", &punish.to_string()),
            ("T2.6.R2.C1", &force.to_string()),
            ("T2.8.R1.C1", fees),
        ],
    );
}

fn table4(values: &mut Values, groups: [[i64; 4]; 3]) {
    for (g, v) in ["A", "B", "C"].iter().zip(groups) {
        for (i, n) in v.iter().enumerate() {
            values.insert(format!("T4.{g}{}", i + 1), Decimal::from(*n));
        }
    }
}

fn write(
    dir: &Path,
    name: &str,
    format: &Format,
    unit: &str,
    code: &str,
    year: u16,
    values: &Values,
) {
    let header = Header {
        unit: unit.to_string(),
        unit_code: code.to_string(),
        year: Some(year),
        ..Header::default()
    };
    let bytes = workbook_bytes(format, &header, values).unwrap();
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join(name), bytes).unwrap();
    println!("{}", dir.join(name).display());
}

fn street(new: [i64; 6], carried_in: [i64; 6], results: Vec<(&'static str, [i64; 6])>) -> Table3 {
    Table3 {
        new,
        carried_in,
        results,
        carry_out: None,
    }
}

fn main() {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "samples".to_string());
    let out = Path::new(&out);
    let returned = out.join("报表");
    let f2021 = Format::by_id("2021").unwrap();
    let f2019 = Format::by_id("2019").unwrap();

    // 前进街道 2025: clean.
    let mut v = Values::new();
    table2_2021(&mut v, [0, 0, 2], [3, 1, 25], 156, 43, 5, "12.5");
    street(
        [12, 2, 0, 0, 1, 0],
        [1, 0, 0, 0, 0, 0],
        vec![
            ("R3.1", [6, 1, 0, 0, 0, 0]),
            ("R3.2", [1, 0, 0, 0, 0, 0]),
            ("R3.4.1", [3, 0, 0, 0, 1, 0]),
            ("R3.5.2", [1, 0, 0, 0, 0, 0]),
            ("R3.6.3", [1, 0, 0, 0, 0, 0]),
        ],
    )
    .values(&mut v);
    table4(&mut v, [[1, 0, 0, 0], [0, 0, 1, 0], [0, 0, 0, 0]]);
    write(
        &returned,
        "前进街道_2025.xlsx",
        f2021,
        "前进街道",
        "210104001",
        2025,
        &v,
    );

    // Its 2024 report, for the cross-year checks (--prior).
    let mut p = Values::new();
    table2_2021(&mut p, [0, 0, 2], [4, 2, 23], 140, 51, 3, "11.8");
    street(
        [9, 1, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0],
        vec![("R3.1", [5, 1, 0, 0, 0, 0]), ("R3.4.1", [3, 0, 0, 0, 0, 0])],
    )
    .values(&mut p);
    table4(&mut p, [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]);
    write(
        &out.join("上年"),
        "前进街道_2024.xlsx",
        f2021,
        "前进街道",
        "210104001",
        2024,
        &p,
    );

    // 大东街道: valid numbers; samples/make_samples.py adds a “无”, a blank and their explanations.
    let mut v = Values::new();
    table2_2021(&mut v, [0, 0, 0], [2, 0, 18], 98, 27, 0, "6.32");
    street(
        [8, 0, 0, 1, 0, 0],
        [0, 0, 0, 0, 0, 0],
        vec![
            ("R3.1", [4, 0, 0, 1, 0, 0]),
            ("R3.3.4", [1, 0, 0, 0, 0, 0]),
            ("R3.4.1", [2, 0, 0, 0, 0, 0]),
        ],
    )
    .values(&mut v);
    table4(&mut v, [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]);
    write(
        &returned,
        "大东街道_2025.xlsx",
        f2021,
        "大东街道",
        "210104002",
        2025,
        &v,
    );

    // 津桥街道: 结转下年度 for 自然人 is 2 too high, so G1 fails in that column.
    let mut v = Values::new();
    table2_2021(&mut v, [0, 0, 1], [1, 0, 12], 77, 19, 2, "3.05");
    Table3 {
        new: [6, 1, 0, 0, 0, 0],
        carried_in: [0, 0, 0, 0, 0, 0],
        results: vec![("R3.1", [3, 1, 0, 0, 0, 0]), ("R3.4.1", [2, 0, 0, 0, 0, 0])],
        carry_out: Some([3, 0, 0, 0, 0, 0]),
    }
    .values(&mut v);
    table4(&mut v, [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]);
    write(
        &returned,
        "津桥街道_2025.xlsx",
        f2021,
        "津桥街道",
        "210104003",
        2025,
        &v,
    );

    // 小北街道: valid; make_samples.py types a number over a total formula.
    let mut v = Values::new();
    table2_2021(&mut v, [0, 0, 0], [1, 1, 9], 64, 12, 1, "2.4");
    street(
        [5, 0, 0, 0, 0, 1],
        [1, 0, 0, 0, 0, 0],
        vec![("R3.1", [3, 0, 0, 0, 0, 1]), ("R3.5.1", [2, 0, 0, 0, 0, 0])],
    )
    .values(&mut v);
    table4(&mut v, [[0, 1, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]);
    write(
        &returned,
        "小北街道_2025.xlsx",
        f2021,
        "小北街道",
        "210104004",
        2025,
        &v,
    );

    // 区教育局: valid base; make_samples.py leaves blanks and writes bad values.
    let mut v = Values::new();
    table2_2021(&mut v, [0, 0, 0], [5, 2, 31], 212, 8, 0, "0");
    street(
        [21, 0, 0, 2, 1, 0],
        [2, 0, 0, 0, 0, 0],
        vec![
            ("R3.1", [12, 0, 0, 1, 0, 0]),
            ("R3.2", [3, 0, 0, 0, 0, 0]),
            ("R3.3.5", [1, 0, 0, 0, 0, 0]),
            ("R3.4.1", [5, 0, 0, 1, 1, 0]),
        ],
    )
    .values(&mut v);
    table4(&mut v, [[2, 0, 1, 0], [1, 0, 0, 0], [0, 0, 0, 0]]);
    write(
        &returned,
        "区教育局_2025.xlsx",
        f2021,
        "区教育局",
        "210104101",
        2025,
        &v,
    );

    // 区民政局: not in the roster.
    let mut v = Values::new();
    table2_2021(&mut v, [0, 0, 0], [2, 0, 14], 35, 0, 0, "0");
    street(
        [4, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0],
        vec![("R3.1", [3, 0, 0, 0, 0, 0]), ("R3.4.1", [1, 0, 0, 0, 0, 0])],
    )
    .values(&mut v);
    table4(&mut v, [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]);
    write(
        &returned,
        "区民政局_2025.xlsx",
        f2021,
        "区民政局",
        "210104103",
        2025,
        &v,
    );

    // 万泉街道: valid numbers; make_samples.py pastes them into a workbook of its own, with
    // the tables moved, labels in other spellings and one typo.
    let mut v = Values::new();
    table2_2021(&mut v, [0, 0, 0], [1, 0, 7], 45, 9, 0, "1.2");
    street(
        [7, 1, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0],
        vec![
            ("R3.1", [4, 1, 0, 0, 0, 0]),
            ("R3.3.2", [1, 0, 0, 0, 0, 0]),
            ("R3.4.2", [1, 0, 0, 0, 0, 0]),
        ],
    )
    .values(&mut v);
    table4(&mut v, [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]);
    write(
        &returned,
        "万泉街道_2025.xlsx",
        f2021,
        "万泉街道",
        "210104005",
        2025,
        &v,
    );

    // Real published reports, from their transcriptions.
    let real = out.join("真实报告");
    let mut seed = Values::new();
    for cell in f2019.cells() {
        seed.insert(cell.code.clone(), Decimal::ZERO);
    }
    put_all(
        &mut seed,
        &[("T2.9.R1.C1", "2"), ("T2.9.R1.C2", "315424.75")],
    );
    write(
        &real,
        "前进街道_2020.xlsx",
        f2019,
        "大东区前进街道",
        "",
        2020,
        &seed,
    );
    for (file, name, unit, year, format) in [
        (
            "2019_pingtan.txt",
            "平潭综合实验区_2019.xlsx",
            "平潭综合实验区",
            2019,
            f2019,
        ),
        (
            "2021_pingtan.txt",
            "平潭综合实验区_2021.xlsx",
            "平潭综合实验区",
            2021,
            f2021,
        ),
        ("2024_huaian.txt", "淮安市_2024.xlsx", "淮安市", 2024, f2021),
    ] {
        let text = std::fs::read_to_string(Path::new("tests/fixtures/reports").join(file)).unwrap();
        let values: BTreeMap<String, Decimal> = transcript::parse(&text, format);
        if file == "2021_pingtan.txt" {
            // The same report as a saved web page, tables with their merged headers.
            let cells: BTreeMap<String, String> = values
                .iter()
                .map(|(k, v)| (k.clone(), v.to_string()))
                .collect();
            let html = common::report_html(
                format,
                &cells,
                "平潭综合实验区2021年度政府信息公开工作年度报告",
            );
            std::fs::write(real.join("平潭综合实验区_2021年度报告.html"), html).unwrap();
        }
        write(
            &real,
            name,
            format,
            unit,
            "",
            year,
            &values.into_iter().collect(),
        );
    }
    // The project's seed: the 2020 report of 前进街道, copied from its web page.
    std::fs::copy(
        "tests/fixtures/reports/seed_2020_qianjin.txt",
        real.join("前进街道_2020年度报告.txt"),
    )
    .unwrap();
}
