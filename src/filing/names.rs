//! Which unit is which: a unit is known by its 单位代码 first and by its name second, the way
//! 直报 systems key their records. Names are compared after [`normalize`]; a name that only
//! differs by a suffix (前进街道 / 前进街道办事处) or by a slip of one character is never taken
//! for the same unit, only *suggested* to the coordinator, because two real units can have
//! names that close.
//!
//! ```
//! use xxgk::names::{Likeness, likeness};
//! assert_eq!(likeness("前进街道", "前进街道办事处"), Some(Likeness::Suffix));
//! assert_eq!(likeness("大东区", "大东区人民政府"), Some(Likeness::Suffix));
//! assert_eq!(likeness("前进街道", "前近街道"), Some(Likeness::Near));
//! assert_eq!(likeness("区民政局", "区卫生健康局"), None);
//! ```

use crate::format::labels::normalize;

/// Endings that name the same kind of body, each group longest first. A name ending in one
/// of a group may be the same unit as its stem with another ending of the group; an empty
/// ending means the bare stem is used too (大东区 for 大东区人民政府). This list is the only
/// place such variants are known.
pub const NAME_SUFFIXES: &[&[&str]] = &[
    &["街道办事处", "街道办", "街道"],
    &["乡人民政府", "乡政府", "乡"],
    &["镇人民政府", "镇政府", "镇"],
    &[
        "人民政府办公室",
        "人民政府办公厅",
        "政府办公室",
        "政府办公厅",
        "政府办",
    ],
    &["人民政府", "政府", ""],
    &["管理委员会", "管委会"],
    &["委员会", "委"],
    &["办公室", "办"],
];

/// How two different names are alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Likeness {
    /// The same stem with interchangeable endings (街道 / 街道办事处).
    Suffix,
    /// One character added, dropped or changed, or one name inside the other.
    Near,
}

impl Likeness {
    /// The reason in Chinese, for the report.
    pub fn reason(self) -> &'static str {
        match self {
            Likeness::Suffix => "名称只差后缀",
            Likeness::Near => "名称相近",
        }
    }
}

/// Whether two unit names are the same after normalising (full-width brackets, spaces).
pub fn same_name(a: &str, b: &str) -> bool {
    !a.trim().is_empty() && normalize(a) == normalize(b)
}

/// Whether two unit codes are both given and the same.
pub fn same_code(a: &str, b: &str) -> bool {
    let (a, b) = (normalize(a), normalize(b));
    !a.is_empty() && a == b
}

/// How two names that are not the same are alike, if they are.
pub fn likeness(a: &str, b: &str) -> Option<Likeness> {
    Name::new(a).alike(&Name::new(b))
}

/// A normalised name with the forms it may be written in, worked out once.
#[derive(Debug)]
struct Name {
    text: String,
    chars: usize,
    variants: Vec<String>,
}

impl Name {
    fn new(name: &str) -> Name {
        let text = normalize(name);
        Name {
            chars: text.chars().count(),
            variants: variants(&text),
            text,
        }
    }

    fn alike(&self, other: &Name) -> Option<Likeness> {
        if self.text.is_empty() || other.text.is_empty() || self.text == other.text {
            return None;
        }
        if self.variants.iter().any(|v| other.variants.contains(v)) {
            return Some(Likeness::Suffix);
        }
        let (short, long) = if self.chars <= other.chars {
            (self, other)
        } else {
            (other, self)
        };
        let near = short.chars >= 3
            && (long.text.contains(short.text.as_str())
                || (long.chars - short.chars <= 1 && distance(&short.text, &long.text) <= 1));
        near.then_some(Likeness::Near)
    }
}

/// Names to find alike ones among, indexed so that a roster of ten thousand units and as many
/// files take time in proportion to their number, not its square: by every suffix variant,
/// and by every one-character deletion (two names one edit apart share one). Containment
/// (大东区前进街道 / 前进街道) is looked for name by name, so only among a few hundred names.
#[derive(Debug, Default)]
pub struct NameIndex {
    names: Vec<Name>,
    keys: std::collections::HashMap<String, Vec<usize>>,
}

/// Up to how many names containment is looked for.
const CONTAINMENT_LIMIT: usize = 500;

impl NameIndex {
    /// Indexes `names` (their positions are what [`NameIndex::alike`] returns).
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> NameIndex {
        let mut index = NameIndex::default();
        for (i, name) in names.into_iter().enumerate() {
            let name = Name::new(name);
            for key in keys(&name) {
                let list = index.keys.entry(key).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
            index.names.push(name);
        }
        index
    }

    /// The indexed names alike `name` (not equal to it), in index order, with how.
    ///
    /// ```
    /// let index = xxgk::names::NameIndex::new(["前进街道办事处", "区卫生健康局", "前近街道"]);
    /// let found: Vec<usize> = index.alike("前进街道").into_iter().map(|(i, _)| i).collect();
    /// assert_eq!(found, [0, 2]);
    /// ```
    pub fn alike(&self, name: &str) -> Vec<(usize, Likeness)> {
        let name = Name::new(name);
        let mut candidates: Vec<usize> = keys(&name)
            .iter()
            .filter_map(|k| self.keys.get(k))
            .flatten()
            .copied()
            .collect();
        if self.names.len() <= CONTAINMENT_LIMIT {
            candidates.extend(0..self.names.len());
        }
        candidates.sort_unstable();
        candidates.dedup();
        candidates
            .into_iter()
            .filter_map(|i| name.alike(&self.names[i]).map(|l| (i, l)))
            .collect()
    }
}

/// The keys a name is indexed by: its suffix variants and its one-character deletions.
fn keys(name: &Name) -> Vec<String> {
    let chars: Vec<char> = name.text.chars().collect();
    let mut out = name.variants.clone();
    if chars.len() >= 3 {
        out.push(name.text.clone());
        out.extend((0..chars.len()).map(|skip| {
            chars
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != skip)
                .map(|(_, c)| c)
                .collect::<String>()
        }));
    }
    out
}

/// A name with its ending replaced by every ending of its group: the forms it may be
/// written in. A name with no listed ending stands for itself.
fn variants(name: &str) -> Vec<String> {
    let mut out = vec![name.to_string()];
    for group in NAME_SUFFIXES {
        let Some(stem) = group
            .iter()
            .filter(|s| !s.is_empty())
            .find_map(|s| name.strip_suffix(s))
        else {
            continue;
        };
        if stem.chars().count() < 2 {
            continue;
        }
        out.extend(group.iter().map(|s| format!("{stem}{s}")));
        break;
    }
    out
}

/// Levenshtein distance in characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (row[j + 1] + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffix_variants_and_near_names() {
        assert_eq!(
            likeness("大东区政府", "大东区人民政府"),
            Some(Likeness::Suffix)
        );
        assert_eq!(likeness("前进街道办", "前进街道"), Some(Likeness::Suffix));
        assert_eq!(likeness("大东区前进街道", "前进街道"), Some(Likeness::Near));
        // Different units with a common ending are not alike.
        assert_eq!(likeness("大东街道", "小北街道"), None);
        assert_eq!(likeness("前进街道", "前进政府"), None);
        assert_eq!(likeness("前进街道", "前进街道"), None);
        assert_eq!(distance("前进街道", "前近街道"), 1);
    }

    #[test]
    fn a_large_index_still_finds_suffixes_and_slips() {
        let names: Vec<String> = (0..20_000).map(|i| format!("第{i}号街道办事处")).collect();
        let index = NameIndex::new(names.iter().map(String::as_str));
        assert_eq!(index.alike("第123号街道"), [(123, Likeness::Suffix)]);
        let slips: Vec<usize> = index
            .alike("第124号街道办事")
            .into_iter()
            .map(|(i, _)| i)
            .collect();
        assert_eq!(slips, [124]);
        // Containment is only looked for among a few hundred names.
        assert!(index.alike("大东区第5号街道办事处").is_empty());
        let small = NameIndex::new(["前进街道"]);
        assert_eq!(small.alike("大东区前进街道"), [(0, Likeness::Near)]);
    }
}
