//! What is kept of a file once it has been checked.
//!
//! A read [`Filing`] holds every cell's text, place and parse notes: about 130 KB. A merge of
//! ten thousand units cannot keep ten thousand of them, and needs none of it after the check:
//! the fates need the unit, year and format, the totals and 分单位明细 need 200 numbers, the
//! CSV needs the texts as written. A [`Summary`] is that, made in the worker thread that read
//! the file, so memory grows by a few kilobytes per unit and the workbook is gone before the
//! next file is opened.

use rust_decimal::Decimal;

use crate::filing::{DetailRow, Filing, Numbers};
use crate::format::Format;
use crate::format::value::State;

/// How much of a filing to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Who, which year, which format: enough for `check`.
    Header,
    /// Also the numbers to sum: enough for `merge`.
    Numbers,
    /// Also every cell's text as written, for 汇总明细.csv.
    Texts,
}

/// A checked file without its workbook.
#[derive(Debug, Clone)]
pub struct Summary {
    pub format: &'static Format,
    pub unit: String,
    /// 单位代码, or empty: a unit is matched by it before its name.
    pub unit_code: String,
    pub year: Option<u16>,
    /// 填报日期, as in [`Filing::filed`].
    pub filed: Option<String>,
    /// For a consolidated workbook: how many units it sums.
    pub members: Option<usize>,
    /// For a consolidated workbook: its 分单位明细 rows.
    pub details: Vec<DetailRow>,
    /// The numbers it adds to a consolidation (see [`crate::filing::totals::summable_numbers`]), in
    /// the order of the format's cells; empty with [`Keep::Header`].
    pub values: Numbers,
    /// Not a single number was filled in (a blank template sent back).
    pub empty_form: bool,
    texts: Texts,
}

/// Every cell's text as written, in cell order, in one string: one allocation per file
/// instead of two hundred.
#[derive(Debug, Clone, Default)]
struct Texts {
    joined: String,
    ends: Vec<u32>,
}

impl Summary {
    /// Keeps what `keep` asks for of a filing.
    ///
    /// ```
    /// use xxgk::summary::{Keep, Summary};
    /// let (filing, _) = xxgk::check::read_filing("samples/报表/前进街道_2025.xlsx".as_ref()).unwrap();
    /// let summary = Summary::of(&filing, Keep::Texts);
    /// assert_eq!(summary.unit, "前进街道");
    /// assert_eq!(summary.values.len(), filing.format.cells().len());
    /// let first = &filing.format.cells()[0].code;
    /// assert_eq!(summary.text(0), Some(filing.entries[first].value.raw.as_str()));
    /// ```
    pub fn of(filing: &Filing, keep: Keep) -> Summary {
        let numbers = match keep {
            Keep::Header => Vec::new(),
            Keep::Numbers | Keep::Texts => crate::filing::totals::summable_numbers(filing),
        };
        Summary::with_numbers(filing, keep, numbers)
    }

    /// [`Summary::of`] with the numbers already worked out (by the check).
    pub(crate) fn with_numbers(filing: &Filing, keep: Keep, numbers: Vec<Decimal>) -> Summary {
        let values: Numbers = numbers.into();
        let texts = match keep {
            Keep::Texts => Texts::of(filing),
            _ => Texts::default(),
        };
        Summary {
            format: filing.format,
            unit: filing.unit.clone(),
            unit_code: filing.unit_code.clone(),
            year: filing.year,
            filed: filing.filed.clone(),
            members: filing.members,
            details: filing.details.clone(),
            values,
            empty_form: is_empty_form(filing),
            texts,
        }
    }

    /// The number of the `i`-th cell, or 0 when numbers were not kept.
    pub fn value(&self, i: usize) -> Decimal {
        self.values.get(i).copied().unwrap_or_default()
    }

    /// The text of the `i`-th cell as written, when texts were kept.
    pub fn text(&self, i: usize) -> Option<&str> {
        let end = *self.texts.ends.get(i)? as usize;
        let start = match i {
            0 => 0,
            _ => self.texts.ends[i - 1] as usize,
        };
        self.texts.joined.get(start..end)
    }
}

impl Texts {
    fn of(filing: &Filing) -> Texts {
        let mut texts = Texts::default();
        for cell in filing.format.cells() {
            if let Some(entry) = filing.entries.get(&cell.code) {
                texts.joined.push_str(&entry.value.raw);
            }
            texts.ends.push(texts.joined.len() as u32);
        }
        texts
    }
}

/// A returned template with not a single number in it (totals hold cached zeros).
fn is_empty_form(filing: &Filing) -> bool {
    let totals = filing.format.totals();
    filing
        .entries
        .iter()
        .filter(|(code, _)| !totals.is_total(code))
        .all(|(_, e)| e.value.state == State::Blank)
}
