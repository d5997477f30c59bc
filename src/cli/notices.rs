//! `merge --notices`: writes 退回/ under the output folder — each unit's 审核意见.docx and
//! 标注.xlsx, and 催报名单.xlsx (made on bytes by [`crate::write::notices::files`]).

use std::path::{Path, PathBuf};

use crate::cli::output::write_atomic;
use crate::merge::Consolidation;
use crate::write::notices::{FOLDER, files};

/// Writes the notices; returns the files written.
pub fn write(c: &Consolidation, dir: &Path, deadline: &str) -> Result<Vec<PathBuf>, String> {
    let folder = dir.join(FOLDER);
    std::fs::create_dir_all(&folder)
        .map_err(|e| format!("无法创建文件夹 {}：{e}", folder.display()))?;
    let mut written = Vec::new();
    for (name, bytes) in files(c, deadline)? {
        let path = folder.join(name);
        write_atomic(&path, &bytes, true).map_err(|e| e.to_string())?;
        written.push(path);
    }
    Ok(written)
}
