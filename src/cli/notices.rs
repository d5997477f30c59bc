//! `merge --notices`: writes 退回/ under the output folder — each unit's 审核意见.docx and
//! 标注.xlsx, and 催报名单.xlsx (see [`crate::write::notices`]).

use std::path::{Path, PathBuf};

use crate::cli::output::write_atomic;
use crate::merge::Consolidation;
use crate::write::notices::{
    FOLDER, REMINDERS, file_names, marked_workbook, needs_notice, notice_docx, reminders,
    reminders_workbook,
};

/// Writes the notices; returns the files written. Two units whose names make the same file
/// name share it no more: the second gets its position in the input list appended.
pub fn write(c: &Consolidation, dir: &Path, deadline: &str) -> Result<Vec<PathBuf>, String> {
    let folder = dir.join(FOLDER);
    std::fs::create_dir_all(&folder)
        .map_err(|e| format!("无法创建文件夹 {}：{e}", folder.display()))?;
    let from = if c.unit.is_empty() {
        "汇总单位"
    } else {
        &c.unit
    };
    let mut written = Vec::new();
    let mut used = std::collections::BTreeSet::new();
    for (i, m) in c
        .members
        .iter()
        .enumerate()
        .filter(|(_, m)| needs_notice(m))
    {
        let (mut word, mut marked) = file_names(m);
        if !used.insert(word.clone()) {
            word = word.replace("_审核意见", &format!("_{}_审核意见", i + 1));
            marked = marked.replace("_标注", &format!("_{}_标注", i + 1));
        }
        let bytes = notice_docx(m, c.year, from, deadline)?;
        write_one(&folder.join(&word), &bytes, &mut written)?;
        let bytes =
            marked_workbook(m).map_err(|e| format!("生成 {} 的标注表格时出错：{e}", m.unit()))?;
        write_one(&folder.join(&marked), &bytes, &mut written)?;
    }
    let title = format!("{from}{}年度政府信息公开工作年度报告催报名单", c.year);
    let bytes = reminders_workbook(&reminders(c), &title)
        .map_err(|e| format!("生成催报名单时出错：{e}"))?;
    write_one(&folder.join(REMINDERS), &bytes, &mut written)?;
    Ok(written)
}

fn write_one(path: &Path, bytes: &[u8], written: &mut Vec<PathBuf>) -> Result<(), String> {
    write_atomic(path, bytes, true).map_err(|e| e.to_string())?;
    written.push(path.to_path_buf());
    Ok(())
}
