//! Check rules (勾稽关系) declared as data.
//!
//! A rule is written the way a statistics office writes an 审核公式: an id, a severity, a
//! formula over cell codes and a Chinese message. The official rules G1–G4 and the cross-year
//! rules X1–X3 live in the format descriptions; a local office can add its own in the same form.
//!
//! ```toml
//! [[rules]]
//! id = "G4"
//! severity = "错误"
//! name = "表四总计"
//! each = { g = [["A", "行政复议"], ["B", "未经复议直接起诉"], ["C", "复议后起诉"]] }
//! formula = "T4.{g}5 = T4.{g}1 + T4.{g}2 + T4.{g}3 + T4.{g}4"
//! total = true
//! message = "{g}：总计为{lhs}，四项之和为{rhs}，相差{diff}。"
//! ```
//!
//! Formula syntax: `SIDE OP SIDE`, with `OP` one of `=`, `<=`, `>=`; a side is terms joined by
//! `+` and `-`; a term is a cell code, optionally preceded by `NUMBER *`. In a code, `{x}` is
//! replaced by each binding of the `each` variable, `*` matches any one code segment, and a
//! `prior.` prefix means the same cell in last year's report.
//!
//! `each` names one variable and what it runs over: `"T3.columns"`, `"T3.rows"`,
//! `"T2.1.rows"` (a block of 表二), or an explicit list of keys or `[key, label]` pairs.
//!
//! ```
//! let f = xxgk::format::Format::for_year(2025);
//! let g1 = f.rules.iter().find(|r| r.id == "G1").unwrap();
//! let instances = g1.instances(f).unwrap();
//! assert_eq!(instances.len(), 7); // one per column of 表三
//! assert_eq!(instances[0].lhs[0].code, "T3.R1.C1");
//! ```

use std::collections::BTreeMap;

use std::borrow::Cow;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::format::Format;

/// How serious a failed rule is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
pub enum Severity {
    /// Must be fixed before the report is accepted.
    #[serde(rename = "错误")]
    Error,
    /// Must be fixed or explained in the 情况说明 sheet.
    #[serde(rename = "警告")]
    Warning,
}

impl Severity {
    /// The Chinese word shown to users.
    ///
    /// ```
    /// assert_eq!(xxgk::rules::Severity::Warning.label(), "警告");
    /// ```
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        }
    }
}

/// A rule as written in a format description or a local rule file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    /// Stable id such as `G1`; appears in messages, JSON and the 情况说明 sheet.
    pub id: String,
    pub severity: Severity,
    /// Short Chinese name, e.g. `表三按列平衡`.
    pub name: String,
    /// Where the rule comes from (official text, or an inference), for `xxgk formats`.
    #[serde(default)]
    pub basis: String,
    /// At most one variable and the keys it runs over.
    #[serde(default)]
    pub each: BTreeMap<String, Each>,
    pub formula: String,
    /// The left side is a single cell defined as the right side: a 总计. Templates write it as a
    /// formula and lock it.
    #[serde(default)]
    pub total: bool,
    /// Message template; `{lhs}`, `{rhs}`, `{diff}` and the `each` variable are filled in.
    pub message: String,
    /// Names of the two sides for the arithmetic line, e.g. `一+二` and `（七）总计+四`.
    #[serde(default)]
    pub lhs_name: Option<String>,
    #[serde(default)]
    pub rhs_name: Option<String>,
    /// One-line advice shown with a failure.
    #[serde(default)]
    pub hint: Option<String>,
    /// Short text shown in a template's check area when the rule holds, e.g. `✓ 平衡`.
    #[serde(default)]
    pub ok: Option<String>,
    /// Short text shown in a template's check area when it fails, e.g. `✗ 一+二≠三+四`.
    #[serde(default)]
    pub fail: Option<String>,
    /// The expansion for the last format it was expanded for: expanding means matching code
    /// patterns against every cell, and every workbook needs it.
    #[serde(skip)]
    expanded: std::sync::OnceLock<(String, Vec<Expanded>)>,
}

/// One instance of a rule without the borrow of the rule, for the cache.
type Expanded = (Option<Bound>, Vec<Term>, Op, Vec<Term>);

/// What an `each` variable runs over.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Each {
    /// `"T3.columns"`, `"T3.rows"` or `"T2.1.rows"`.
    Spec(String),
    /// Explicit keys, each optionally with a label.
    List(Vec<Binding>),
}

/// One explicit binding of an `each` variable.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Binding {
    Key(String),
    Labeled(String, String),
}

/// The comparison a rule makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Le,
    Ge,
}

impl Op {
    /// The operator as written in formulas (and in Excel).
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Le => "<=",
            Op::Ge => ">=",
        }
    }

    fn holds(self, lhs: Decimal, rhs: Decimal) -> bool {
        match self {
            Op::Eq => lhs == rhs,
            Op::Le => lhs <= rhs,
            Op::Ge => lhs >= rhs,
        }
    }
}

/// A reference to one data cell, this year's or last year's.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub coef: Decimal,
    pub prior: bool,
    pub code: String,
}

/// The value bound to the `each` variable in one instance.
#[derive(Debug, Clone)]
pub struct Bound {
    pub var: String,
    pub key: String,
    pub label: String,
}

/// A rule applied to one binding: concrete cells on both sides.
#[derive(Debug, Clone)]
pub struct Instance<'r> {
    pub rule: &'r RuleDef,
    pub bound: Option<Cow<'r, Bound>>,
    pub lhs: Cow<'r, [Term]>,
    pub op: Op,
    pub rhs: Cow<'r, [Term]>,
}

/// The arithmetic of one evaluated instance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    pub lhs: Decimal,
    pub rhs: Decimal,
    pub holds: bool,
}

/// A rule that cannot be applied to a format, in Chinese.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    #[error("规则 {id}：each 只能有一个变量")]
    TooManyVars { id: String },
    #[error(
        "规则 {id}：无法识别 each 的范围“{spec}”，应写成 \"T3.columns\"、\"T3.rows\" 或列出代码"
    )]
    BadEach { id: String, spec: String },
    #[error("规则 {id}：公式“{formula}”缺少 =、<= 或 >=")]
    NoOperator { id: String, formula: String },
    #[error("规则 {id}：公式中的“{term}”不是格代码或“系数 * 格代码”")]
    BadTerm { id: String, term: String },
    #[error("规则 {id}：“{pattern}”不对应任何数据格")]
    NoMatch { id: String, pattern: String },
    #[error("规则 {id}：total = true 时左边必须正好是本年的一个数据格")]
    BadTotal { id: String },
}

impl RuleDef {
    /// Expands the rule over its `each` variable into concrete instances for `format`.
    pub fn instances<'r>(&'r self, format: &Format) -> Result<Vec<Instance<'r>>, RuleError> {
        // Every workbook checks every rule: instances borrow the cached expansion.
        if self.expanded.get().is_none() {
            let _ = self.expanded.set((format.id.clone(), self.expand(format)?));
        }
        match self.expanded.get() {
            Some((id, expanded)) if *id == format.id => Ok(expanded
                .iter()
                .map(|(bound, lhs, op, rhs)| Instance {
                    rule: self,
                    bound: bound.as_ref().map(Cow::Borrowed),
                    lhs: Cow::Borrowed(lhs),
                    op: *op,
                    rhs: Cow::Borrowed(rhs),
                })
                .collect()),
            _ => Ok(self
                .expand(format)?
                .into_iter()
                .map(|(bound, lhs, op, rhs)| Instance {
                    rule: self,
                    bound: bound.map(Cow::Owned),
                    lhs: Cow::Owned(lhs),
                    op,
                    rhs: Cow::Owned(rhs),
                })
                .collect()),
        }
    }

    fn expand(&self, format: &Format) -> Result<Vec<Expanded>, RuleError> {
        let bindings = self.bindings(format)?;
        let (lhs_text, op, rhs_text) =
            split_formula(&self.formula).ok_or_else(|| RuleError::NoOperator {
                id: self.id.clone(),
                formula: self.formula.clone(),
            })?;
        let mut out = Vec::new();
        for bound in bindings {
            let subst = |s: &str| match &bound {
                Some(b) => s.replace(&format!("{{{}}}", b.var), &b.key),
                None => s.to_string(),
            };
            let lhs = self.side(format, &subst(lhs_text))?;
            let rhs = self.side(format, &subst(rhs_text))?;
            if self.total && (lhs.len() != 1 || lhs[0].prior || lhs[0].coef != Decimal::ONE) {
                return Err(RuleError::BadTotal {
                    id: self.id.clone(),
                });
            }
            out.push((bound, lhs, op, rhs));
        }
        Ok(out)
    }

    /// Whether the rule compares against last year's report (X1–X3).
    pub fn is_cross_year(&self) -> bool {
        self.formula.contains("prior.")
    }

    /// The bindings of the `each` variable, or a single unbound instance.
    fn bindings(&self, format: &Format) -> Result<Vec<Option<Bound>>, RuleError> {
        let mut vars = self.each.iter();
        let Some((var, each)) = vars.next() else {
            return Ok(vec![None]);
        };
        if vars.next().is_some() {
            return Err(RuleError::TooManyVars {
                id: self.id.clone(),
            });
        }
        let pairs = match each {
            Each::List(list) => list
                .iter()
                .map(|b| match b {
                    Binding::Key(k) => (k.clone(), k.clone()),
                    Binding::Labeled(k, l) => (k.clone(), l.clone()),
                })
                .collect(),
            Each::Spec(spec) => spec_bindings(format, spec).ok_or_else(|| RuleError::BadEach {
                id: self.id.clone(),
                spec: spec.clone(),
            })?,
        };
        Ok(pairs
            .into_iter()
            .map(|(key, label)| {
                Some(Bound {
                    var: var.clone(),
                    key,
                    label,
                })
            })
            .collect())
    }

    fn side(&self, format: &Format, text: &str) -> Result<Vec<Term>, RuleError> {
        parse_side(format, &self.id, text)
    }
}

/// Parses a sum of cell codes (`T3.R3.3.*.C7`, `T4.B5 + T4.C5`, `2 * T3.R1.C1 - prior.T3.R4.C1`)
/// into terms, expanding `*` patterns in the format's cell order. `id` names the rule or
/// figure in errors.
///
/// ```
/// let f = xxgk::format::Format::for_year(2025);
/// let terms = xxgk::rules::parse_side(f, "例", "T3.R3.3.*.C7").unwrap();
/// assert_eq!(terms.len(), 8);
/// ```
pub fn parse_side(format: &Format, id: &str, text: &str) -> Result<Vec<Term>, RuleError> {
    let mut terms = Vec::new();
    for (sign, raw) in split_terms(text) {
        let bad = || RuleError::BadTerm {
            id: id.to_string(),
            term: raw.to_string(),
        };
        let (coef, reference) = match raw.split_once('*') {
            Some((k, rest)) if k.trim().parse::<Decimal>().is_ok() => {
                (k.trim().parse::<Decimal>().map_err(|_| bad())?, rest.trim())
            }
            _ => (Decimal::ONE, raw),
        };
        let (prior, pattern) = match reference.strip_prefix("prior.") {
            Some(p) => (true, p),
            None => (false, reference),
        };
        if pattern.is_empty() || pattern.contains(char::is_whitespace) {
            return Err(bad());
        }
        let matched: Vec<&str> = format
            .cells()
            .iter()
            .map(|c| c.code.as_str())
            .filter(|code| code_matches(pattern, code))
            .collect();
        if matched.is_empty() {
            return Err(RuleError::NoMatch {
                id: id.to_string(),
                pattern: pattern.to_string(),
            });
        }
        terms.extend(matched.into_iter().map(|code| Term {
            coef: coef * sign,
            prior,
            code: code.to_string(),
        }));
    }
    Ok(terms)
}

impl Instance<'_> {
    /// Evaluates the instance. `current` and `prior` give a cell's value (blank counts as 0,
    /// which the caller decides); without a prior report a cross-year rule gives `None`.
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// let f = xxgk::format::Format::for_year(2025);
    /// let g4 = f.rules.iter().find(|r| r.id == "G4").unwrap();
    /// let first = &g4.instances(f).unwrap()[0];
    /// let values = |code: &str| if code == "T4.A1" { Decimal::from(2) } else { Decimal::ZERO };
    /// let outcome = first.evaluate(&values, None).unwrap();
    /// assert!(!outcome.holds); // 总计 0 ≠ 2
    /// ```
    pub fn evaluate(
        &self,
        current: &dyn Fn(&str) -> Decimal,
        prior: Option<&dyn Fn(&str) -> Decimal>,
    ) -> Option<Outcome> {
        self.evaluate_sides(current, current, prior)
    }

    /// Like [`Instance::evaluate`], reading the left and right sides through different
    /// lookups: a total rule compares a total's stored value (left) with its recomputed parts
    /// (right), so one typed-over total is reported once and not again by every rule using it.
    pub fn evaluate_sides(
        &self,
        left: &dyn Fn(&str) -> Decimal,
        right: &dyn Fn(&str) -> Decimal,
        prior: Option<&dyn Fn(&str) -> Decimal>,
    ) -> Option<Outcome> {
        let sum = |terms: &[Term], current: &dyn Fn(&str) -> Decimal| -> Option<Decimal> {
            terms.iter().try_fold(Decimal::ZERO, |acc, t| {
                let v = if t.prior {
                    prior?(&t.code)
                } else {
                    current(&t.code)
                };
                Some(acc + t.coef * v)
            })
        };
        let lhs = sum(&self.lhs, left)?;
        let rhs = sum(&self.rhs, right)?;
        Some(Outcome {
            lhs,
            rhs,
            holds: self.op.holds(lhs, rhs),
        })
    }

    /// The rule's Chinese message with the arithmetic filled in.
    pub fn message(&self, outcome: &Outcome) -> String {
        let mut text = self
            .rule
            .message
            .replace("{lhs}", &outcome.lhs.normalize().to_string())
            .replace("{rhs}", &outcome.rhs.normalize().to_string())
            .replace(
                "{diff}",
                &(outcome.lhs - outcome.rhs).abs().normalize().to_string(),
            );
        if let Some(b) = &self.bound {
            text = text.replace(&format!("{{{}}}", b.var), &b.label);
        }
        text
    }

    /// The arithmetic spelled out: `一+二 = 30+2 = 32，（七）总计+四 = 29+1 = 30，相差 2`.
    /// Long sums list only their non-zero terms.
    pub fn arithmetic(
        &self,
        outcome: &Outcome,
        current: &dyn Fn(&str) -> Decimal,
        prior: Option<&dyn Fn(&str) -> Decimal>,
    ) -> String {
        self.arithmetic_sides(outcome, current, current, prior)
    }

    /// Like [`Instance::arithmetic`], with the lookups of [`Instance::evaluate_sides`].
    pub fn arithmetic_sides(
        &self,
        outcome: &Outcome,
        left: &dyn Fn(&str) -> Decimal,
        right: &dyn Fn(&str) -> Decimal,
        prior: Option<&dyn Fn(&str) -> Decimal>,
    ) -> String {
        let spell = |terms: &[Term], total: Decimal, current: &dyn Fn(&str) -> Decimal| -> String {
            let values: Vec<(Decimal, Decimal)> = terms
                .iter()
                .map(|t| {
                    let v = if t.prior {
                        prior.map_or(Decimal::ZERO, |p| p(&t.code))
                    } else {
                        current(&t.code)
                    };
                    (t.coef, v)
                })
                .collect();
            let shown: Vec<&(Decimal, Decimal)> = if values.len() > 8 {
                values.iter().filter(|(_, v)| !v.is_zero()).collect()
            } else {
                values.iter().collect()
            };
            let mut text = String::new();
            for (i, (coef, v)) in shown.iter().enumerate() {
                let amount = (*coef * *v).normalize();
                if i == 0 {
                    text.push_str(&amount.to_string());
                } else if amount.is_sign_negative() {
                    text.push_str(&format!("−{}", amount.abs()));
                } else {
                    text.push_str(&format!("+{amount}"));
                }
            }
            let total = total.normalize().to_string();
            match shown.len() {
                0 => total,
                1 if values.len() == 1 => total,
                _ if values.len() > shown.len() => format!("{text}（其余为0）= {total}"),
                _ => format!("{text} = {total}"),
            }
        };
        let lhs_name = self.rule.lhs_name.as_deref().unwrap_or("左边");
        let rhs_name = self.rule.rhs_name.as_deref().unwrap_or("右边");
        format!(
            "{lhs_name} = {}，{rhs_name} = {}，相差 {}",
            spell(&self.lhs, outcome.lhs, left),
            spell(&self.rhs, outcome.rhs, right),
            (outcome.lhs - outcome.rhs).abs().normalize()
        )
    }

    /// All cells of the current year the instance reads, left side first.
    pub fn current_cells(&self) -> impl Iterator<Item = &str> {
        self.lhs
            .iter()
            .chain(self.rhs.iter())
            .filter(|t| !t.prior)
            .map(|t| t.code.as_str())
    }
}

/// The total cells of a format (left sides of `total` rules) and the terms each one sums.
///
/// Templates write totals as formulas; checks recompute a total whose cell is blank or an
/// uncached formula. Both go through [`Totals::resolve`], so they agree.
///
/// ```
/// use rust_decimal::Decimal;
/// let f = xxgk::format::Format::for_year(2025);
/// let totals = xxgk::rules::Totals::new(f);
/// let stored = |code: &str| (code == "T4.A1").then_some(Decimal::from(2));
/// assert_eq!(totals.resolve("T4.A5", &stored), Decimal::from(2));
/// ```
#[derive(Debug, Clone, Default)]
pub struct Totals {
    parts: std::collections::HashMap<String, Vec<Term>>,
    /// Every total, each after the totals it sums: one pass in this order works out all of
    /// them, where resolving each cell on its own re-walks the nested totals every time.
    order: Vec<String>,
}

impl Totals {
    /// Collects the totals of a format; the first `total` rule defining a cell wins.
    pub fn new(format: &Format) -> Totals {
        let mut parts = std::collections::HashMap::new();
        for rule in format.rules.iter().filter(|r| r.total) {
            for inst in rule.instances(format).unwrap_or_default() {
                parts
                    .entry(inst.lhs[0].code.clone())
                    .or_insert_with(|| inst.rhs.to_vec());
            }
        }
        let order = dependency_order(&parts);
        Totals { parts, order }
    }

    /// The totals, each after every total among its parts. A circular local rule is cut
    /// where it closes; its cells then read 0 from the cut part.
    ///
    /// ```
    /// let totals = xxgk::format::Format::for_year(2025).totals();
    /// let order = totals.in_order();
    /// let at = |c: &str| order.iter().position(|o| o == c);
    /// for (i, code) in order.iter().enumerate() {
    ///     for part in totals.parts(code).unwrap() {
    ///         assert!(at(&part.code).is_none_or(|p| p < i), "{} before {code}", part.code);
    ///     }
    /// }
    /// assert!(totals.parts("T3.R3.7.C7").unwrap().iter().any(|t| totals.is_total(&t.code)));
    /// ```
    pub fn in_order(&self) -> &[String] {
        &self.order
    }

    /// The terms a total cell sums, or `None` for an input cell.
    pub fn parts(&self, code: &str) -> Option<&[Term]> {
        self.parts.get(code).map(Vec::as_slice)
    }

    pub fn is_total(&self, code: &str) -> bool {
        self.parts.contains_key(code)
    }

    /// A cell's value: its stored value when there is one, else for a total the sum of its
    /// resolved parts, else 0.
    pub fn resolve(&self, code: &str, stored: &dyn Fn(&str) -> Option<Decimal>) -> Decimal {
        self.resolve_depth(code, stored, 0)
    }

    fn resolve_depth(
        &self,
        code: &str,
        stored: &dyn Fn(&str) -> Option<Decimal>,
        depth: usize,
    ) -> Decimal {
        if let Some(v) = stored(code) {
            return v;
        }
        match self.parts.get(code) {
            // The depth guard only matters for a circular local rule.
            Some(terms) if depth < 16 => terms
                .iter()
                .map(|t| t.coef * self.resolve_depth(&t.code, stored, depth + 1))
                .sum(),
            _ => Decimal::ZERO,
        }
    }
}

/// Depth-first post-order over the totals, in code order so it is the same on every run.
fn dependency_order(parts: &std::collections::HashMap<String, Vec<Term>>) -> Vec<String> {
    fn visit(
        code: &str,
        parts: &std::collections::HashMap<String, Vec<Term>>,
        seen: &mut std::collections::HashSet<String>,
        order: &mut Vec<String>,
    ) {
        let Some(terms) = parts.get(code) else { return };
        if !seen.insert(code.to_string()) {
            return;
        }
        for t in terms {
            visit(&t.code, parts, seen, order);
        }
        order.push(code.to_string());
    }
    let mut codes: Vec<&String> = parts.keys().collect();
    codes.sort();
    let (mut seen, mut order) = (Default::default(), Vec::new());
    for code in codes {
        visit(code, parts, &mut seen, &mut order);
    }
    order
}

/// Resolves `T3.columns` / `T3.rows` / `T2.1.rows` to keys and labels.
fn spec_bindings(format: &Format, spec: &str) -> Option<Vec<(String, String)>> {
    let (scope, what) = spec.rsplit_once('.')?;
    let (table_key, block_key) = match scope.split_once('.') {
        Some((t, b)) => (t, Some(b)),
        None => (scope, None),
    };
    let table = format.tables.iter().find(|t| t.key == table_key)?;
    let block = table.block(block_key)?;
    match what {
        "columns" => Some(
            block
                .columns
                .iter()
                .map(|c| (c.key.clone(), short_label(&c.path)))
                .collect(),
        ),
        "rows" => Some(
            block
                .rows
                .iter()
                .map(|r| (r.key.clone(), short_label(&r.path)))
                .collect(),
        ),
        _ => None,
    }
}

/// A label short enough for a message: the last path element, with its parent when it is a
/// numbered sub-item (“（三）不予公开 1.属于国家秘密”).
pub fn short_label(path: &[String]) -> String {
    match path {
        [.., parent, last] if last.starts_with(|c: char| c.is_ascii_digit()) => {
            format!("{parent} {last}")
        }
        [.., last] => last.clone(),
        [] => String::new(),
    }
}

/// Splits `a + b = c` into its sides and operator.
fn split_formula(formula: &str) -> Option<(&str, Op, &str)> {
    for (symbol, op) in [("<=", Op::Le), (">=", Op::Ge), ("=", Op::Eq)] {
        if let Some((l, r)) = formula.split_once(symbol) {
            return Some((l.trim(), op, r.trim()));
        }
    }
    None
}

/// Splits a side into signed terms at `+` and `-`.
fn split_terms(side: &str) -> Vec<(Decimal, &str)> {
    let mut out = Vec::new();
    let mut sign = Decimal::ONE;
    let mut start = 0;
    for (i, ch) in side.char_indices() {
        if ch == '+' || ch == '-' {
            let term = side[start..i].trim();
            if !term.is_empty() {
                out.push((sign, term));
            }
            sign = if ch == '-' {
                Decimal::NEGATIVE_ONE
            } else {
                Decimal::ONE
            };
            start = i + 1;
        }
    }
    let term = side[start..].trim();
    if !term.is_empty() {
        out.push((sign, term));
    }
    out
}

/// Whether a code matches a pattern in which `*` stands for exactly one segment.
fn code_matches(pattern: &str, code: &str) -> bool {
    let (mut p, mut c) = (pattern.split('.'), code.split('.'));
    loop {
        match (p.next(), c.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if a == "*" || a == b => {}
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_split_on_signs() {
        let terms = split_terms("a + b - 2 * c");
        assert_eq!(terms.len(), 3);
        assert_eq!(terms[2], (Decimal::NEGATIVE_ONE, "2 * c"));
    }

    #[test]
    fn glob_matches_one_segment() {
        assert!(code_matches("T3.R3.3.*.C1", "T3.R3.3.8.C1"));
        assert!(!code_matches("T3.R3.3.*.C1", "T3.R3.3.C1"));
        assert!(!code_matches("T3.R3.*.C1", "T3.R3.3.1.C1"));
    }

    #[test]
    fn g3_sums_every_result_row_of_2021() {
        let f = Format::by_id("2021").unwrap();
        let g3 = f.rules.iter().find(|r| r.id == "G3").unwrap();
        let first = &g3.instances(f).unwrap()[0];
        assert_eq!(first.lhs[0].code, "T3.R3.7.C1");
        // (一)(二) + 8 + 3 + 5 + 3 sub-rows of (六)
        assert_eq!(first.rhs.len(), 2 + 8 + 3 + 5 + 3);
    }

    #[test]
    fn message_fills_in_arithmetic_and_label() {
        let f = Format::by_id("2019").unwrap();
        let g1 = f.rules.iter().find(|r| r.id == "G1").unwrap();
        let inst = &g1.instances(f).unwrap()[0];
        let values = |code: &str| match code {
            "T3.R1.C1" => Decimal::from(5),
            _ => Decimal::ZERO,
        };
        let outcome = inst.evaluate(&values, None).unwrap();
        assert!(!outcome.holds);
        let msg = inst.message(&outcome);
        assert!(msg.starts_with("“自然人”列"), "{msg}");
        assert!(msg.contains("相差5"), "{msg}");
    }

    #[test]
    fn cross_year_rule_needs_prior() {
        let f = Format::by_id("2021").unwrap();
        let x1 = f.rules.iter().find(|r| r.id == "X1").unwrap();
        let inst = &x1.instances(f).unwrap()[0];
        assert!(inst.evaluate(&|_| Decimal::ZERO, None).is_none());
        let prior = |_: &str| Decimal::from(3);
        let outcome = inst.evaluate(&|_| Decimal::ZERO, Some(&prior)).unwrap();
        assert_eq!(outcome.rhs, Decimal::from(3));
    }

    #[test]
    fn bad_patterns_are_reported_in_chinese() {
        let f = Format::by_id("2021").unwrap();
        let rule: RuleDef = toml::from_str(
            "id = \"L1\"\nseverity = \"警告\"\nname = \"x\"\nformula = \"T9.R1 = T3.R1.C1\"\nmessage = \"m\"",
        )
        .unwrap();
        let err = rule.instances(f).unwrap_err().to_string();
        assert!(err.contains("“T9.R1”不对应任何数据格"), "{err}");
    }
}
