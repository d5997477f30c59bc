//! Property tests (issue 7, part B): random values, random workbooks, random merges.
//!
//! Each property runs a fixed, small number of cases so the whole file stays well under a
//! minute in a debug `cargo test`. A failing case prints its inputs; proptest shrinks it and
//! stores the seed under `proptest-regressions/`.
//!
//! - any cell text is parsed or refused, never panics, and a parsed number fits its kind;
//! - a filled template (2019 and 2021 formats) reads back exactly what was written;
//! - merging units in random groups and then merging the groups' 汇总.xlsx gives the same
//!   official tables as merging all units directly;
//! - nothing is lost: with good, broken, blank, duplicate and missing units, every input file
//!   and every roster unit appears exactly once in 报送情况, and the totals are the sum over
//!   exactly the units marked 计入.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::str::FromStr;

use common::*;
use proptest::prelude::*;
use proptest::test_runner::Config;
use rust_decimal::Decimal;
use xxgk::format::{Format, Kind};
use xxgk::layout::TableLayout;
use xxgk::template::{Header, Values, workbook_bytes};
use xxgk::value::{State, Value, parse_year};

/// Counts and amounts at or above this are refused as typing mistakes (src/value.rs).
const IMPLAUSIBLE: i64 = 10_000_000_000;

// ---------------------------------------------------------------------------------------------
// 1. Cell values
// ---------------------------------------------------------------------------------------------

/// Digits written the way people write them: ASCII or full-width, mixed.
fn digits(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec((0u32..10, any::<bool>()), 0..=max).prop_map(|ds| {
        ds.into_iter()
            .map(|(d, wide)| {
                if wide {
                    char::from_u32('０' as u32 + d).unwrap()
                } else {
                    char::from_digit(d, 10).unwrap()
                }
            })
            .collect()
    })
}

/// Puts commas into a digit string: every three from the right (a real thousands separator),
/// or at an arbitrary place.
fn with_commas(digits: &str, mode: u8, at: usize) -> String {
    let chars: Vec<char> = digits.chars().collect();
    match mode {
        1 => {
            let mut out = String::new();
            for (i, c) in chars.iter().enumerate() {
                if i > 0 && (chars.len() - i).is_multiple_of(3) {
                    out.push(',');
                }
                out.push(*c);
            }
            out
        }
        2 if !chars.is_empty() => {
            let at = at % chars.len();
            let mut out: String = chars[..at].iter().collect();
            out.push(if at.is_multiple_of(2) { ',' } else { '，' });
            out.extend(&chars[at..]);
            out
        }
        _ => digits.to_string(),
    }
}

/// Text that looks like a number: spaces, signs, full-width digits, commas, a fraction, an
/// exponent, a unit.
fn number_like() -> impl Strategy<Value = String> {
    let space = prop::sample::select(vec!["", "", " ", "  ", "\u{3000}", "\t", "\n", "\u{a0}"]);
    let sign = prop::sample::select(vec!["", "", "-", "+", "－", "＋", "−", "--", "+-"]);
    let point = prop::sample::select(vec![".", "．", ",", "。"]);
    let exponent = prop::sample::select(vec![
        "",
        "",
        "",
        "e5",
        "E-3",
        "e+2",
        "e28",
        "e-28",
        "e999999999",
        "E99999999999999999999",
    ]);
    let unit = prop::sample::select(vec![
        "", "", "", "件", "个", "人次", "元", "万元", "万", "亿", "%", "件件", "元件", " 件",
    ]);
    (
        (space.clone(), sign, digits(32), 0u8..3, any::<usize>()),
        (prop::option::of((point, digits(30))), exponent, unit, space),
    )
        .prop_map(
            |((lead, sign, int, comma_mode, at), (fraction, exponent, unit, trail))| {
                let mut s = format!("{lead}{sign}{}", with_commas(&int, comma_mode, at));
                if let Some((p, f)) = fraction {
                    s.push_str(p);
                    s.push_str(&f);
                }
                format!("{s}{exponent}{unit}{trail}")
            },
        )
}

/// Texts known to be hard: special floats, the limits of Decimal, signs of zero.
fn special() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "NaN",
        "nan",
        "inf",
        "-inf",
        "Infinity",
        "-0",
        "+0",
        "-0.0",
        "－０",
        "0e0",
        "1e10",
        "9999999999",
        "10000000000",
        "9999999999.99999",
        "79228162514264337593543950335",
        "-79228162514264337593543950335",
        "79228162514264337593543950336",
        "0.0000000000000000000000000001",
        "0.00000000000000000000000000001",
        "1", /* followed by many zeros below */
        "#REF!",
        "#",
        "无",
        "—",
        "不适用",
        ",",
        ".",
        "-",
        "+",
        "1,",
        ",1",
        "1..2",
        "1.2.3",
        "١٢٣",
        "½",
        "²",
    ]);
    let unit = prop::sample::select(vec!["", "件", "元", "万元", "万元元", "元万元"]);
    (word, 0usize..60, unit).prop_map(|(w, zeros, unit)| {
        if w == "1" {
            format!("1{}{unit}", "0".repeat(zeros))
        } else {
            format!("{w}{unit}")
        }
    })
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => any::<String>(),
        5 => number_like(),
        2 => special(),
        1 => (number_like(), number_like()).prop_map(|(a, b)| format!("{a}{b}")),
    ]
}

const KINDS: [(Kind, Option<&str>); 5] = [
    (Kind::Count, None),
    (Kind::Signed, None),
    (Kind::Amount, None),
    (Kind::Amount, Some("万元")),
    (Kind::Amount, Some("元")),
];

/// What every value must satisfy, however it was read.
fn check_value(v: &Value, kind: Kind, source: &str) -> Result<(), TestCaseError> {
    let blank_or_bad = matches!(v.state, State::Blank | State::Invalid | State::Error);
    prop_assert_eq!(
        v.number.is_none(),
        blank_or_bad,
        "{:?}: state {:?} with number {:?}",
        source,
        v.state,
        v.number
    );
    if v.state != State::Number {
        prop_assert!(!v.note.is_empty(), "{:?}: {:?} without a note", source, v);
    }
    if let Some(d) = v.number {
        prop_assert!(
            d.abs() < Decimal::from(IMPLAUSIBLE),
            "{:?} read as {} (over the limit)",
            source,
            d
        );
        match kind {
            Kind::Count => {
                prop_assert!(
                    !d.is_sign_negative() && d.fract().is_zero(),
                    "{:?} read as count {} ({:?})",
                    source,
                    d,
                    v.state
                );
                // Shown as a plain non-negative integer, never “-0” or “3.0”.
                prop_assert!(
                    d.to_string().chars().all(|c| c.is_ascii_digit()),
                    "{:?} read as count “{}”",
                    source,
                    d
                );
            }
            Kind::Signed => prop_assert!(d.fract().is_zero(), "{:?} read as signed {}", source, d),
            Kind::Amount => {
                prop_assert!(!d.is_sign_negative(), "{:?} read as amount {}", source, d)
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(Config::with_cases(2000))]

    /// Any text in any kind of cell is parsed or refused, and a parsed number fits the kind.
    #[test]
    fn any_text_is_parsed_or_refused(text in any_text()) {
        for (kind, unit) in KINDS {
            let v = Value::from_text(&text, kind, unit);
            prop_assert_eq!(&v.raw, &text);
            prop_assert_ne!(v.state, State::Number, "text is never a plain number");
            check_value(&v, kind, &text)?;
        }
        if let Some(y) = parse_year(&text) {
            prop_assert!(y <= 9999);
        }
    }

    /// Any float (NaN, infinities, −0, subnormals, huge) from a numeric cell.
    #[test]
    fn any_number_is_accepted_or_refused(n in prop_oneof![
        any::<f64>(),
        prop::sample::select(vec![
            f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -0.0, f64::MIN_POSITIVE, -f64::MIN_POSITIVE,
            f64::MAX, f64::MIN, 1e15, 1e16, 9_999_999_999.0, 9_999_999_999.5, 1e10, 5e-324, 0.1 + 0.2,
        ]),
        (0u64..20_000_000_000).prop_map(|n| n as f64),
        (0u64..20_000_000_000, 1u32..5).prop_map(|(n, s)| n as f64 / 10f64.powi(s as i32)),
    ]) {
        for (kind, _) in KINDS {
            let v = Value::from_number(n, kind);
            check_value(&v, kind, &n.to_string())?;
            // A whole number below the limit is always accepted as itself.
            if n.is_finite() && n.fract() == 0.0 && n.abs() < IMPLAUSIBLE as f64
                && (n >= 0.0 || kind == Kind::Signed)
            {
                prop_assert_eq!(v.number, Some(Decimal::from(n as i64)), "{}", n);
            }
        }
    }

    /// A count written any accepted way — full-width, with thousands separators, with 件,
    /// padded — reads as exactly that count; one at or over the limit is refused.
    #[test]
    fn a_written_count_reads_as_itself(
        n in prop_oneof![0u64..1000, 0u64..20_000_000_000],
        wide in any::<bool>(),
        commas in any::<bool>(),
        suffix in prop::sample::select(vec!["", "件", "个", "项", "次", "人次"]),
        pad in prop::sample::select(vec!["", " ", "\u{3000}"]),
    ) {
        let plain = n.to_string();
        let mut text = if commas { with_commas(&plain, 1, 0) } else { plain.clone() };
        if wide {
            text = text
                .chars()
                .map(|c| c.to_digit(10).map_or(c, |d| char::from_u32('０' as u32 + d).unwrap()))
                .collect();
        }
        let text = format!("{pad}{text}{suffix}{pad}");
        let v = Value::from_text(&text, Kind::Count, None);
        if n < IMPLAUSIBLE as u64 {
            prop_assert_eq!(v.number, Some(Decimal::from(n)), "{:?}: {:?}", text, v);
            prop_assert_eq!(v.state, State::Lenient);
        } else {
            prop_assert!(v.is_invalid(), "{:?} accepted: {:?}", text, v);
        }
    }

    /// An amount written with the other unit is converted; written with its own unit or none,
    /// it is itself.
    #[test]
    fn an_amount_reads_as_itself_or_converted(
        cents in 0i64..100_000_000_000,
        written in prop::sample::select(vec!["", "元", "万元"]),
        column in prop::sample::select(vec!["元", "万元"]),
    ) {
        let amount = Decimal::new(cents, 2);
        let text = format!("{amount}{written}");
        let v = Value::from_text(&text, Kind::Amount, Some(column));
        let expected = match (written, column) {
            ("元", "万元") => amount / Decimal::from(10_000),
            ("万元", "元") => amount * Decimal::from(10_000),
            _ => amount,
        };
        if expected < Decimal::from(IMPLAUSIBLE) {
            prop_assert_eq!(v.number, Some(expected.normalize()), "{:?}: {:?}", text, v);
        } else {
            prop_assert!(v.is_invalid(), "{:?} accepted: {:?}", text, v);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Generated workbooks
// ---------------------------------------------------------------------------------------------

/// A small deterministic generator (xorshift), seeded by proptest.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed | 1)
    }

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

fn format_of(id: &str) -> &'static Format {
    Format::by_id(id).unwrap()
}

/// A report year of the format.
fn year_of(format: &Format) -> u16 {
    if format.id == "2019" { 2020 } else { 2025 }
}

/// Random counts for every input cell, with 表三 balanced per column, as examples/gen.rs
/// writes them: every rule holds.
fn valid_values(format: &Format, rng: &mut Rng) -> Values {
    let totals = format.totals();
    let mut values = Values::new();
    for cell in format.cells() {
        if totals.is_total(&cell.code) {
            continue;
        }
        let v = match cell.kind {
            Kind::Amount => Decimal::new(rng.below(1_000_000), 2),
            Kind::Signed => Decimal::from(rng.below(11) - 5),
            Kind::Count if cell.code.starts_with("T3.R3.") => Decimal::from(rng.below(4)),
            Kind::Count => Decimal::from(rng.below(30)),
        };
        values.insert(cell.code.clone(), v);
    }
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

/// Every cell of the format, totals recomputed, from input values (missing inputs are 0).
fn all_cells(format: &Format, inputs: &Values) -> BTreeMap<String, Decimal> {
    let totals = format.totals();
    let stored = |c: &str| {
        if totals.is_total(c) {
            None
        } else {
            Some(inputs.get(c).copied().unwrap_or_default())
        }
    };
    format
        .cells()
        .iter()
        .map(|c| (c.code.clone(), totals.resolve(&c.code, &stored).normalize()))
        .collect()
}

fn header(unit: &str, year: u16) -> Header {
    Header {
        unit: unit.to_string(),
        year: Some(year),
        ..Header::default()
    }
}

// ---------------------------------------------------------------------------------------------
// 2. A filled template reads back what was written
// ---------------------------------------------------------------------------------------------

/// Every cell that is part of a total (so its value must leave the total under the limit).
fn parts_of_totals(format: &Format) -> BTreeSet<String> {
    let totals = format.totals();
    format
        .cells()
        .iter()
        .filter_map(|c| totals.parts(&c.code))
        .flatten()
        .map(|t| t.code.clone())
        .collect()
}

/// A random value for an input cell of this kind, anywhere in the accepted range (up to
/// 10⁷ for a part of a total, so that no total of up to 120 parts passes the limit); `None`
/// leaves the cell blank.
fn random_value(kind: Kind, part: bool, rng: &mut Rng) -> Option<Decimal> {
    let big = if part {
        10_000_000
    } else {
        (IMPLAUSIBLE - 1) as u64
    };
    let digits = if part { 7 } else { 10 };
    Some(match (kind, rng.below(8)) {
        (_, 0) => return None,
        (_, 1) => Decimal::ZERO,
        (Kind::Count, 2) => Decimal::from(big),
        (Kind::Count, 3 | 4) => Decimal::from(rng.below(big + 1)),
        (Kind::Count, _) => Decimal::from(rng.below(100)),
        (Kind::Signed, 2) => Decimal::from(-rng.below(big + 1)),
        (Kind::Signed, 3) => Decimal::from(rng.below(big + 1)),
        (Kind::Signed, _) => Decimal::from(rng.below(201) - 100),
        // At most 4 decimals and 14 significant digits: exact as a spreadsheet's double.
        (Kind::Amount, 2) => Decimal::new(10i64.pow(digits + 4) - 1, 4),
        (Kind::Amount, n) => {
            let scale = (n % 5) as u32;
            Decimal::new(rng.below(10u64.pow(digits + scale)), scale)
        }
    })
}

/// A unit name: Chinese, letters, digits and punctuation people use in names.
fn unit_name() -> impl Strategy<Value = String> {
    let part = prop::sample::select(vec![
        "大东区",
        "前进街道",
        "教育局",
        "（筹）",
        "第一",
        "A",
        "b",
        "1",
        "·",
        "-",
        "_",
        "&",
        "<",
        ">",
        "\"",
        "'",
        "办公室",
        "𠀀",
        "ー",
    ]);
    prop::collection::vec(part, 1..6).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(Config::with_cases(24))]

    /// Both formats: every input cell gives back the number written (blank stays blank), every
    /// total its sum, and the cover its unit and year.
    #[test]
    fn a_filled_template_reads_back_what_was_written(
        old in any::<bool>(),
        seed in any::<u64>(),
        unit in unit_name(),
        year_offset in 0u16..2,
    ) {
        let format = format_of(if old { "2019" } else { "2021" });
        let year = format.first_year + year_offset;
        let mut rng = Rng::new(seed);
        let totals = format.totals();
        let parts = parts_of_totals(format);
        let mut values = Values::new();
        for cell in format.cells() {
            if totals.is_total(&cell.code) {
                continue;
            }
            if let Some(v) = random_value(cell.kind, parts.contains(&cell.code), &mut rng) {
                values.insert(cell.code.clone(), v);
            }
        }
        let bytes = workbook_bytes(format, &header(&unit, year), &values).unwrap();
        let workbook = xxgk::read::read_bytes(&bytes).unwrap();
        prop_assert_eq!(workbook.kind, "xlsx");
        let filing = xxgk::filing::Filing::from_grids(&workbook.grids).expect("a filing");
        prop_assert_eq!(filing.format.id.as_str(), format.id.as_str());
        prop_assert_eq!(&filing.unit, &unit);
        prop_assert_eq!(filing.year, Some(year));
        let expected = all_cells(format, &values);
        for cell in format.cells() {
            let entry = &filing.entries[&cell.code];
            prop_assert!(entry.place.is_some(), "{} not located", cell.code);
            if !totals.is_total(&cell.code) && !values.contains_key(&cell.code) {
                prop_assert_eq!(entry.value.state, State::Blank, "{} was left blank", &cell.code);
                continue;
            }
            prop_assert_eq!(
                entry.value.number,
                Some(expected[&cell.code]),
                "{} ({:?}) read back as {:?}",
                &cell.code,
                cell.kind,
                &entry.value
            );
            prop_assert_eq!(entry.value.state, State::Number, "{}", &cell.code);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Reading merge outputs (through the binary, as a user would)
// ---------------------------------------------------------------------------------------------

fn run_merge(dir: &Path, args: &[&str]) -> std::process::Output {
    let output = xxgk()
        .current_dir(dir)
        .arg("merge")
        .args(args)
        .output()
        .unwrap();
    let code = output.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "merge {args:?} exited {code:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The official tables of a workbook, code → number, read at the template positions.
fn official_values(path: &Path, format: &Format) -> BTreeMap<String, Decimal> {
    let mut out = BTreeMap::new();
    for table in &format.tables {
        let cells = read_sheet(path, &table.sheet);
        for d in TableLayout::new(table).data {
            let text = cells
                .get(&(TABLE_TOP + d.row, u32::from(d.col)))
                .cloned()
                .unwrap_or_default();
            let number = Decimal::from_str(&text).unwrap_or_else(|_| {
                panic!("{} {}: “{text}” is not a number", path.display(), d.code)
            });
            out.insert(d.code, number.normalize());
        }
    }
    out
}

/// One row of 报送情况.
#[derive(Debug, Clone)]
struct StatusRow {
    unit: String,
    status: String,
    included: bool,
    file: String,
}

/// The rows of 报送情况, read by its header row (序号, 单位, 状态, 计入汇总, …, 文件).
fn status_rows(path: &Path) -> Vec<StatusRow> {
    let cells = read_sheet(path, "报送情况");
    let header_row = cells
        .iter()
        .find(|(_, v)| v.as_str() == "序号")
        .map(|((r, _), _)| *r)
        .expect("a header row in 报送情况");
    let column = |name: &str| {
        cells
            .iter()
            .find(|((r, _), v)| *r == header_row && v.as_str() == name)
            .map(|((_, c), _)| *c)
            .unwrap_or_else(|| panic!("no column {name} in 报送情况"))
    };
    let (unit, status, included, file) = (
        column("单位"),
        column("状态"),
        column("计入汇总"),
        column("文件"),
    );
    let last = cells.keys().map(|(r, _)| *r).max().unwrap_or(0);
    let text = |r: u32, c: u32| cells.get(&(r, c)).cloned().unwrap_or_default();
    (header_row + 1..=last)
        .filter(|r| cells.keys().any(|(rr, _)| rr == r))
        .map(|r| StatusRow {
            unit: text(r, unit),
            status: text(r, status),
            included: text(r, included) == "是",
            file: text(r, file),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// 3. Merging in random groups equals merging all at once
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(Config::with_cases(8))]

    #[test]
    fn merging_a_random_split_equals_merging_the_whole(
        old in any::<bool>(),
        seed in any::<u64>(),
        groups in prop::collection::vec(0usize..3, 2..=5),
    ) {
        let format = format_of(if old { "2019" } else { "2021" });
        let year = year_of(format);
        let year_arg = year.to_string();
        let root = tempfile::tempdir().unwrap();
        let all = root.path().join("全部");
        std::fs::create_dir(&all).unwrap();
        // Group numbers as drawn, renumbered so that no group is empty.
        let used: BTreeSet<usize> = groups.iter().copied().collect();
        let group_of: Vec<usize> = groups
            .iter()
            .map(|g| used.iter().position(|u| u == g).unwrap())
            .collect();
        let mut rng = Rng::new(seed);
        let mut expected_inputs = Values::new();
        for (i, g) in group_of.iter().enumerate() {
            let unit = format!("单位{i}");
            let values = valid_values(format, &mut rng);
            for (code, v) in &values {
                *expected_inputs.entry(code.clone()).or_default() += v;
            }
            let bytes = workbook_bytes(format, &header(&unit, year), &values).unwrap();
            let name = format!("{unit}_{year}.xlsx");
            std::fs::write(all.join(&name), &bytes).unwrap();
            let group = root.path().join(format!("组{g}"));
            std::fs::create_dir_all(&group).unwrap();
            std::fs::write(group.join(&name), &bytes).unwrap();
        }
        run_merge(root.path(), &["全部", "--unit", "市", "--year", &year_arg, "-o", "直接"]);
        let mut consolidations = Vec::new();
        for g in 0..used.len() {
            let (input, unit, out) = (format!("组{g}"), format!("区{g}"), format!("区{g}汇总"));
            run_merge(root.path(), &[&input, "--unit", &unit, "--year", &year_arg, "-o", &out]);
            consolidations.push(format!("{out}/汇总.xlsx"));
        }
        let mut args: Vec<&str> = consolidations.iter().map(String::as_str).collect();
        args.extend(["--unit", "市", "--year", &year_arg, "-o", "逐级"]);
        run_merge(root.path(), &args);

        let direct = official_values(&root.path().join("直接/汇总.xlsx"), format);
        let stepwise = official_values(&root.path().join("逐级/汇总.xlsx"), format);
        prop_assert_eq!(direct.len(), format.cells().len());
        for (code, v) in &direct {
            prop_assert_eq!(Some(v), stepwise.get(code), "{} (groups {:?})", code, &group_of);
        }
        // And both are the sum of what was written.
        prop_assert_eq!(&direct, &all_cells(format, &expected_inputs));
        // Every unit is in the stepwise 报送情况 once per consolidation file, all counted.
        let rows = status_rows(&root.path().join("逐级/汇总.xlsx"));
        prop_assert_eq!(rows.len(), used.len(), "{:?}", rows);
        prop_assert!(rows.iter().all(|r| r.included), "{:?}", rows);
    }
}

// ---------------------------------------------------------------------------------------------
// 4. Nothing lost
// ---------------------------------------------------------------------------------------------

/// What becomes of one roster unit (or one extra file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    /// A good workbook: summed.
    Good,
    /// An unbalanced column (G1): summed, with an error.
    RuleError,
    /// A negative count (V4): summed with that cell as 0, with an error.
    InvalidCell,
    /// A workbook cut short: unreadable, the unit counts as not reported.
    Truncated,
    /// Text with a spreadsheet's name: unreadable.
    NotSpreadsheet,
    /// Random bytes: unreadable.
    Garbage,
    /// The blank template sent back: not a report, the unit counts as not reported.
    Blank,
    /// Two workbooks of the unit: neither is summed.
    Duplicate,
    /// No file at all.
    Missing,
}

const FATES: [Fate; 9] = [
    Fate::Good,
    Fate::RuleError,
    Fate::InvalidCell,
    Fate::Truncated,
    Fate::NotSpreadsheet,
    Fate::Garbage,
    Fate::Blank,
    Fate::Duplicate,
    Fate::Missing,
];

impl Fate {
    fn summed(self) -> bool {
        matches!(self, Fate::Good | Fate::RuleError | Fate::InvalidCell)
    }

    fn not_reported(self) -> bool {
        matches!(
            self,
            Fate::Truncated | Fate::NotSpreadsheet | Fate::Garbage | Fate::Blank | Fate::Missing
        )
    }
}

proptest! {
    #![proptest_config(Config::with_cases(12))]

    #[test]
    fn nothing_is_lost(
        old in any::<bool>(),
        seed in any::<u64>(),
        fates in prop::collection::vec(prop::sample::select(FATES.to_vec()), 0..=8),
        good_at in any::<usize>(),
        off_roster in any::<bool>(),
        lock_file in any::<bool>(),
    ) {
        let format = format_of(if old { "2019" } else { "2021" });
        let year = year_of(format);
        let root = tempfile::tempdir().unwrap();
        let input = root.path().join("收回");
        std::fs::create_dir(&input).unwrap();
        let mut rng = Rng::new(seed);
        let mut roster = String::from("单位名称\n");
        let mut files: Vec<String> = Vec::new();
        let mut expected_inputs = Values::new();
        let mut expected_summed: BTreeSet<String> = BTreeSet::new();
        let write = |name: String, bytes: &[u8], files: &mut Vec<String>| {
            std::fs::write(input.join(&name), bytes).unwrap();
            files.push(format!("收回/{name}"));
        };
        // One good unit always: with nothing readable there is nothing to merge (exit 2).
        let mut fates = fates;
        fates.insert(good_at % (fates.len() + 1), Fate::Good);
        let mut units: Vec<(String, Fate)> = fates
            .iter()
            .enumerate()
            .map(|(i, f)| (format!("单位{i:02}"), *f))
            .collect();
        if off_roster {
            units.push(("名单外单位".to_string(), Fate::Good));
        }
        for (unit, fate) in &units {
            if unit != "名单外单位" {
                roster.push_str(&format!("{unit}\n"));
            }
            let mut values = valid_values(format, &mut rng);
            let name = format!("{unit}_{year}.xlsx");
            let good = workbook_bytes(format, &header(unit, year), &values).unwrap();
            match fate {
                Fate::Good => write(name, &good, &mut files),
                Fate::RuleError => {
                    *values.get_mut("T3.R3.1.C1").unwrap() += Decimal::ONE;
                    let bytes = workbook_bytes(format, &header(unit, year), &values).unwrap();
                    write(name, &bytes, &mut files);
                }
                Fate::InvalidCell => {
                    // A negative count in an input cell outside 表三's balance.
                    values.insert("T4.A1".into(), Decimal::from(-3));
                    let bytes = workbook_bytes(format, &header(unit, year), &values).unwrap();
                    values.insert("T4.A1".into(), Decimal::ZERO);
                    write(name, &bytes, &mut files);
                }
                Fate::Truncated => {
                    let cut = 1 + rng.below(good.len() as u64 - 1) as usize;
                    write(name, &good[..cut], &mut files);
                }
                Fate::NotSpreadsheet => write(name, "单位,数量\n甲,1\n".as_bytes(), &mut files),
                Fate::Garbage => {
                    let bytes: Vec<u8> = (0..1 + rng.below(4096))
                        .map(|_| (rng.next() >> 24) as u8)
                        .collect();
                    write(name, &bytes, &mut files);
                }
                Fate::Blank => {
                    let bytes = workbook_bytes(format, &header(unit, year), &Values::new()).unwrap();
                    write(name, &bytes, &mut files);
                }
                Fate::Duplicate => {
                    write(name, &good, &mut files);
                    let mut other = valid_values(format, &mut rng);
                    other.insert("T4.A1".into(), Decimal::from(7));
                    let bytes = workbook_bytes(format, &header(unit, year), &other).unwrap();
                    write(format!("{unit}_{year}_修改.xlsx"), &bytes, &mut files);
                }
                Fate::Missing => {}
            }
            if fate.summed() {
                expected_summed.insert(unit.clone());
                for (code, v) in &values {
                    *expected_inputs.entry(code.clone()).or_default() += v;
                }
            }
        }
        if lock_file {
            write(format!("~$单位00_{year}.xlsx"), b"\x0clock", &mut files);
        }
        std::fs::write(root.path().join("名单.csv"), &roster).unwrap();
        let year_arg = year.to_string();
        let output = run_merge(
            root.path(),
            &["收回", "--roster", "名单.csv", "--unit", "区", "--year", &year_arg, "-o", "out", "--csv"],
        );
        let workbook = root.path().join("out/汇总.xlsx");
        let rows = status_rows(&workbook);
        let context = format!("fates {units:?}\nrows {rows:#?}\n{}", String::from_utf8_lossy(&output.stderr));

        // (a) Every input file appears exactly once.
        let mut listed: Vec<&str> = rows.iter().map(|r| r.file.as_str()).filter(|f| !f.is_empty()).collect();
        listed.sort_unstable();
        let mut written: Vec<&str> = files.iter().map(String::as_str).collect();
        written.sort_unstable();
        prop_assert_eq!(listed, written, "{}", context);

        // (b) Every roster unit appears exactly once: summed, duplicated, or 未报送.
        for (unit, fate) in &units {
            let of_unit: Vec<&StatusRow> = rows.iter().filter(|r| &r.unit == unit).collect();
            let not_reported = of_unit.iter().filter(|r| r.status == "未报送").count();
            let summed = of_unit.iter().filter(|r| r.included).count();
            let duplicated = usize::from(*fate == Fate::Duplicate);
            prop_assert_eq!(not_reported + summed + duplicated, 1, "{}: {}", unit, context);
            prop_assert_eq!(not_reported == 1, fate.not_reported() && unit != "名单外单位", "{}: {}", unit, context);
            prop_assert_eq!(summed == 1, fate.summed(), "{}: {}", unit, context);
            if *fate == Fate::Duplicate {
                prop_assert_eq!(of_unit.len(), 2, "{}: {}", unit, context);
            }
        }
        // Nothing but the generated units and unreadable files' names is listed.
        for row in &rows {
            let known = units.iter().any(|(u, _)| *u == row.unit) || row.status == "无法读取" || row.status == "已跳过";
            prop_assert!(known, "{:?}: {}", row, context);
        }

        // (c) The totals are the sum over exactly the units marked 计入.
        let included: BTreeSet<String> = rows.iter().filter(|r| r.included).map(|r| r.unit.clone()).collect();
        prop_assert_eq!(&included, &expected_summed, "{}", context);
        let totals = official_values(&workbook, format);
        let expected = all_cells(format, &expected_inputs);
        for (code, v) in &expected {
            prop_assert_eq!(Some(v), totals.get(code), "{}: {}", code, context);
        }
        // The CSV holds the same units' rows and nothing else.
        let csv = std::fs::read_to_string(root.path().join("out/汇总明细.csv")).unwrap();
        let csv_units: BTreeSet<String> = csv
            .lines()
            .skip(1)
            .filter_map(|l| l.split(',').next())
            .map(str::to_string)
            .collect();
        prop_assert_eq!(&csv_units, &expected_summed, "{}", context);
    }
}
