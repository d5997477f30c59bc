//! A filing's values as the total rules see them, worked out once: what the checker compares,
//! what an import stores in its totals, and what a consolidation sums.

use rust_decimal::Decimal;

use crate::filing::Filing;
use crate::format::value::{State, Value};

/// Every cell's value as a total rule sees it: blank and invalid count as 0, a total keeps its
/// stored value unless it is blank or computed from text (then it is recomputed).
pub fn effective_values(filing: &Filing) -> std::collections::BTreeMap<String, Decimal> {
    let evaluation = Evaluation::of(filing);
    filing
        .format
        .cells()
        .iter()
        .map(|c| (c.code.clone(), evaluation.effective(&c.code)))
        .collect()
}

/// Every cell's value for summing into a consolidation: inputs as the rules see them, totals
/// always recomputed from them, so the consolidated tables satisfy every total rule even when
/// a unit typed over a total (that unit's error is still reported).
pub fn summable_values(filing: &Filing) -> std::collections::BTreeMap<String, Decimal> {
    let cells = filing.format.cells();
    cells
        .iter()
        .map(|c| c.code.clone())
        .zip(summable_numbers(filing))
        .collect()
}

/// [`summable_values`] in the order of the format's cells.
pub fn summable_numbers(filing: &Filing) -> Vec<Decimal> {
    Evaluation::of(filing).summable(filing)
}

/// Every cell of a filing worked out once, totals in dependency order:
/// - `effective`: the value a rule sees — the stored number; for a blank total, or a total
///   whose parts are not all plain numbers, the sum of its parts (its stored result only
///   repeats the bad part);
/// - `recomputed`: every total recomputed from the inputs (invalid parts as 0);
/// - `invalid_inside`: totals that sum, directly or through other totals, an invalid or
///   error value.
pub(crate) struct Evaluation<'f> {
    effective: std::collections::HashMap<&'f str, Decimal>,
    recomputed: std::collections::HashMap<&'f str, Decimal>,
    invalid_inside: std::collections::HashSet<&'f str>,
}

impl<'f> Evaluation<'f> {
    pub(crate) fn of(filing: &'f Filing) -> Evaluation<'f> {
        let totals = filing.format.totals();
        let cells = filing.format.cells();
        let mut e = Evaluation {
            effective: std::collections::HashMap::with_capacity(cells.len()),
            recomputed: std::collections::HashMap::with_capacity(cells.len()),
            invalid_inside: std::collections::HashSet::new(),
        };
        // Text such as “8件” or “无”, which a spreadsheet's SUM skips, also makes a stored
        // total untrustworthy.
        let mut tainted = std::collections::HashSet::new();
        for cell in cells.iter().filter(|c| !totals.is_total(&c.code)) {
            let v = filing
                .entries
                .get(&cell.code)
                .map(|e| e.value.sum_value())
                .unwrap_or_default();
            e.effective.insert(&cell.code, v);
            e.recomputed.insert(&cell.code, v);
        }
        for code in totals.in_order() {
            let parts = totals.parts(code).unwrap_or_default();
            let value = |p: &str| filing.entries.get(p).map(|e| &e.value);
            if parts.iter().any(|t| {
                value(&t.code).is_some_and(Value::is_invalid)
                    || e.invalid_inside.contains(t.code.as_str())
            }) {
                e.invalid_inside.insert(code);
            }
            let is_tainted = parts.iter().any(|t| {
                value(&t.code).is_some_and(|v| {
                    v.is_invalid() || matches!(v.state, State::Lenient | State::Dash)
                }) || tainted.contains(t.code.as_str())
            });
            if is_tainted {
                tainted.insert(code.as_str());
            }
            let sum = |map: &std::collections::HashMap<&str, Decimal>| -> Decimal {
                parts
                    .iter()
                    .map(|t| t.coef * map.get(t.code.as_str()).copied().unwrap_or_default())
                    .sum()
            };
            let recomputed = sum(&e.recomputed);
            let effective = match filing.entries.get(code) {
                Some(entry) if entry.value.state != State::Blank && !is_tainted => {
                    entry.value.sum_value()
                }
                _ => sum(&e.effective),
            };
            e.recomputed.insert(code, recomputed);
            e.effective.insert(code, effective);
        }
        e
    }

    /// The recomputed value of every cell, in cell order.
    pub(crate) fn summable(&self, filing: &Filing) -> Vec<Decimal> {
        filing
            .format
            .cells()
            .iter()
            .map(|c| self.recomputed(&c.code).normalize())
            .collect()
    }

    pub(crate) fn effective(&self, code: &str) -> Decimal {
        self.effective.get(code).copied().unwrap_or_default()
    }

    pub(crate) fn recomputed(&self, code: &str) -> Decimal {
        self.recomputed.get(code).copied().unwrap_or_default()
    }

    pub(crate) fn invalid_inside(&self, code: &str) -> bool {
        self.invalid_inside.contains(code)
    }
}
