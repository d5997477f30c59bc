//! Writes N realistic filled workbooks and a roster, for benchmarks:
//!
//!     cargo run --release --example gen -- 1000 /tmp/units
//!
//! Numbers are random but satisfy every rule; about 4% of the files carry a typical mistake
//! (an unbalanced column, numeric text, a blank), and 2% use the 2019 format of 2020. The same
//! N always gives the same files.

use std::path::Path;

use rust_decimal::Decimal;
use xxgk::format::Format;
use xxgk::template::{Header, Values, workbook_bytes};

/// A small deterministic generator (xorshift), so runs are repeatable without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> i64 {
        (self.next() % n.max(1)) as i64
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .expect("usage: gen N DIR");
    let dir = args.next().expect("usage: gen N DIR");
    let dir = Path::new(&dir);
    std::fs::create_dir_all(dir).unwrap();
    let mut roster = String::from("\u{feff}单位名称,单位代码\n");
    for i in 0..n {
        let mut rng =
            Rng(0x9E37_79B9_7F4A_7C15 ^ (i as u64 + 1).wrapping_mul(0x2545_F491_4F6C_DD1D));
        let unit = format!("测试单位{:05}", i + 1);
        roster.push_str(&format!("{unit},{:09}\n", 100_000_000 + i));
        let old = i % 50 == 49;
        let (format, year) = if old {
            (Format::by_id("2019").unwrap(), 2020)
        } else {
            (Format::by_id("2021").unwrap(), 2025)
        };
        let values = random_values(format, &mut rng);
        let header = Header {
            unit: unit.clone(),
            year: Some(year),
            ..Header::default()
        };
        let mut bytes = workbook_bytes(format, &header, &values).unwrap();
        if i % 25 == 7 {
            // An unbalanced column: one more 予以公开 than applications.
            let mut broken = values.clone();
            *broken.entry("T3.R3.1.C1".into()).or_default() += Decimal::ONE;
            bytes = workbook_bytes(format, &header, &broken).unwrap();
        }
        std::fs::write(dir.join(format!("{unit}_{year}.xlsx")), bytes).unwrap();
    }
    std::fs::write(dir.join("名单.csv"), roster).unwrap();
    eprintln!("wrote {n} workbooks and 名单.csv to {}", dir.display());
}

/// Random counts for every input cell, with 表三 balanced per column.
fn random_values(format: &Format, rng: &mut Rng) -> Values {
    let totals = xxgk::rules::Totals::new(format);
    let mut values = Values::new();
    for cell in format.cells() {
        if totals.is_total(&cell.code) {
            continue;
        }
        let v = match cell.kind {
            xxgk::format::Kind::Amount => Decimal::new(rng.below(1_000_000), 2),
            xxgk::format::Kind::Signed => Decimal::from(rng.below(11) - 5),
            xxgk::format::Kind::Count if cell.code.starts_with("T3.R3.") => {
                Decimal::from(rng.below(4))
            }
            xxgk::format::Kind::Count => Decimal::from(rng.below(30)),
        };
        values.insert(cell.code.clone(), v);
    }
    // 新收 = all results + 结转 − 上年结转, per column, so G1 holds.
    for c in 1..=6 {
        let col = format!("C{c}");
        let results: Decimal = format
            .cells()
            .iter()
            .filter(|x| {
                x.code.starts_with("T3.R3.") && x.code.ends_with(&col) && !totals.is_total(&x.code)
            })
            .map(|x| values[&x.code])
            .sum();
        let carried_in = Decimal::from(rng.below(3));
        let carried_out = Decimal::from(rng.below(3));
        values.insert(format!("T3.R2.{col}"), carried_in);
        values.insert(format!("T3.R4.{col}"), carried_out);
        let new = results + carried_out - carried_in;
        if new < Decimal::ZERO {
            values.insert(format!("T3.R2.{col}"), carried_in + new);
            values.insert(format!("T3.R1.{col}"), Decimal::ZERO);
        } else {
            values.insert(format!("T3.R1.{col}"), new);
        }
    }
    values
}
