//! The ledgers of `xxgk mail` and `xxgk collect`: small SQLite databases kept with the
//! output, so that a rerun never sends a message twice and never saves an attachment twice,
//! and a run that was interrupted resumes where it stopped.
//!
//! **Sending** records the intent (`发送中`) before handing a message to the server and
//! `已发送` after. A message left `发送中` was interrupted while the server had it: it may
//! have gone out, so it is never resent automatically; it is listed for the user to check.
//!
//! **Saving** writes each file atomically (a temporary file renamed into place) and only
//! then records it; a message's files and the message itself are committed together, after
//! all its files are written. A run killed in between finds the files already in place on the
//! rerun, with the same names and the same SHA-256, and records them then: every attachment
//! ends up saved exactly once.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rusqlite::{Connection, OptionalExtension, params};

/// The send ledger's file name, in `xxgk mail`'s output folder.
pub const SEND_LEDGER: &str = "发送记录.sqlite";
/// The collection ledger's file name, in `xxgk collect`'s output folder. The leading dot
/// keeps `merge 收回/` from taking it for a report.
pub const COLLECT_LEDGER: &str = ".收件记录.sqlite";

fn open(path: &Path, schema: &str) -> Result<Connection, String> {
    let fail = |e: rusqlite::Error| {
        format!(
            "无法打开记录文件 {}：{e}。如果它已损坏，可以改名后重新运行（已发送或已保存的会重新记录）。",
            path.display()
        )
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| {
            format!(
                "无法创建文件夹 {}：{}",
                dir.display(),
                crate::cli::output::io_message(&e)
            )
        })?;
    }
    let db = Connection::open(path).map_err(fail)?;
    db.busy_timeout(std::time::Duration::from_secs(10))
        .map_err(fail)?;
    db.execute_batch(schema).map_err(fail)?;
    Ok(db)
}

fn db_error(e: rusqlite::Error) -> String {
    format!("记录文件写入失败：{e}")
}

/// What the send ledger says about a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sent {
    /// Never handed to the server (or refused by it): send.
    No,
    /// Handed to the server and accepted.
    Yes(String),
    /// Handed to the server when the run stopped: may or may not have gone out.
    Unsure(String),
}

/// `xxgk mail`'s ledger: message id → state.
pub struct SendLedger {
    db: Connection,
    pub path: PathBuf,
}

impl SendLedger {
    pub fn open(dir: &Path) -> Result<SendLedger, String> {
        let path = dir.join(SEND_LEDGER);
        let db = open(
            &path,
            "CREATE TABLE IF NOT EXISTS sent (
                message_id TEXT PRIMARY KEY, unit TEXT NOT NULL, address TEXT NOT NULL,
                file TEXT NOT NULL, state TEXT NOT NULL, at TEXT NOT NULL, error TEXT)",
        )?;
        Ok(SendLedger { db, path })
    }

    pub fn state(&self, id: &str) -> Result<Sent, String> {
        let row: Option<(String, String)> = self
            .db
            .query_row(
                "SELECT state, at FROM sent WHERE message_id = ?1",
                params![id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(db_error)?;
        Ok(match row {
            Some((state, at)) if state == "已发送" => Sent::Yes(at),
            Some((state, at)) if state == "发送中" => Sent::Unsure(at),
            _ => Sent::No,
        })
    }

    /// Records that the message is about to be handed to the server.
    pub fn begin(
        &self,
        id: &str,
        unit: &str,
        address: &str,
        file: &str,
        at: &str,
    ) -> Result<(), String> {
        self.db
            .execute(
                "INSERT INTO sent (message_id, unit, address, file, state, at) VALUES (?1, ?2, ?3, ?4, '发送中', ?5)
                 ON CONFLICT(message_id) DO UPDATE SET state = '发送中', at = ?5, error = NULL",
                params![id, unit, address, file, at],
            )
            .map(|_| ())
            .map_err(db_error)
    }

    /// Records the server's answer: accepted, or refused with why (then it is sent again on
    /// the next run).
    pub fn end(&self, id: &str, result: Result<(), &str>, at: &str) -> Result<(), String> {
        let (state, error) = match result {
            Ok(()) => ("已发送", None),
            Err(e) => ("失败", Some(e)),
        };
        self.db
            .execute(
                "UPDATE sent SET state = ?2, at = ?3, error = ?4 WHERE message_id = ?1",
                params![id, state, at, error],
            )
            .map(|_| ())
            .map_err(db_error)
    }
}

/// `xxgk collect`'s ledger: messages seen, files saved by SHA-256.
pub struct CollectLedger {
    db: Connection,
    pub path: PathBuf,
}

/// One file the ledger knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedFile {
    pub saved: String,
    pub message: String,
}

impl CollectLedger {
    pub fn open(dir: &Path) -> Result<CollectLedger, String> {
        let path = dir.join(COLLECT_LEDGER);
        // WAL without a sync at every commit: a commit lost to a power cut only makes the
        // rerun handle that message again, and its files, already in place, are recognised.
        let db = open(
            &path,
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
             CREATE TABLE IF NOT EXISTS messages (
                key TEXT PRIMARY KEY, message_id TEXT, sender TEXT NOT NULL,
                subject TEXT NOT NULL, received TEXT NOT NULL, outcome TEXT NOT NULL);
             CREATE TABLE IF NOT EXISTS files (
                sha256 TEXT PRIMARY KEY, saved TEXT NOT NULL, message TEXT NOT NULL,
                original TEXT NOT NULL, unit TEXT NOT NULL)",
        )?;
        Ok(CollectLedger { db, path })
    }

    /// Starts recording one message: its files and the message itself are committed together
    /// by [`CollectLedger::finish`].
    pub fn begin(&self) -> Result<(), String> {
        self.db.execute_batch("BEGIN IMMEDIATE").map_err(db_error)
    }

    /// Ends a message's record without keeping anything.
    pub fn rollback(&self) -> Result<(), String> {
        self.db.execute_batch("ROLLBACK").map_err(db_error)
    }

    /// Whether a message (by its key) was fully handled by an earlier run.
    pub fn has_message(&self, key: &str) -> Result<bool, String> {
        self.db
            .query_row(
                "SELECT 1 FROM messages WHERE key = ?1",
                params![key],
                |_| Ok(()),
            )
            .optional()
            .map(|r| r.is_some())
            .map_err(db_error)
    }

    /// The keys of every handled message starting with `prefix` (an IMAP folder's).
    pub fn keys_with_prefix(
        &self,
        prefix: &str,
    ) -> Result<std::collections::HashSet<String>, String> {
        let mut stmt = self
            .db
            .prepare("SELECT key FROM messages WHERE substr(key, 1, length(?1)) = ?1")
            .map_err(db_error)?;
        let rows = stmt
            .query_map(params![prefix], |r| r.get::<_, String>(0))
            .map_err(db_error)?;
        rows.collect::<Result<_, _>>().map_err(db_error)
    }

    /// The file saved earlier with these bytes, if any.
    pub fn file(&self, sha256: &str) -> Result<Option<SavedFile>, String> {
        self.db
            .query_row(
                "SELECT saved, message FROM files WHERE sha256 = ?1",
                params![sha256],
                |r| {
                    Ok(SavedFile {
                        saved: r.get(0)?,
                        message: r.get(1)?,
                    })
                },
            )
            .optional()
            .map_err(db_error)
    }

    /// Whether some file of the ledger is saved under this name.
    pub fn name_taken(&self, saved: &str) -> Result<bool, String> {
        self.db
            .query_row(
                "SELECT 1 FROM files WHERE saved = ?1",
                params![saved],
                |_| Ok(()),
            )
            .optional()
            .map(|r| r.is_some())
            .map_err(db_error)
    }

    pub fn add_file(
        &self,
        sha256: &str,
        saved: &str,
        message: &str,
        original: &str,
        unit: &str,
    ) -> Result<(), String> {
        self.db
            .execute(
                "INSERT OR IGNORE INTO files (sha256, saved, message, original, unit) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![sha256, saved, message, original, unit],
            )
            .map(|_| ())
            .map_err(db_error)
    }

    /// Marks a message handled, with what came of it in words, and commits its record.
    pub fn finish(
        &self,
        key: &str,
        message_id: Option<&str>,
        sender: &str,
        subject: &str,
        received: &str,
        outcome: &str,
    ) -> Result<(), String> {
        self.db
            .execute(
                "INSERT OR REPLACE INTO messages (key, message_id, sender, subject, received, outcome) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![key, message_id, sender, subject, received, outcome],
            )
            .map_err(db_error)?;
        self.db.execute_batch("COMMIT").map_err(db_error)
    }
}

/// A test hook: `XXGK_TEST_ABORT_AT=n` stops the process dead (as a kill would) at the n-th
/// step: in `collect` after a file is written, after it is recorded, and before its message
/// is marked done; in `mail` after a message is recorded as sent. The tests kill a run at
/// every point and check that the rerun saves each file, or sends each message, once.
pub fn checkpoint() {
    static STEP: AtomicUsize = AtomicUsize::new(0);
    let Some(at) = std::env::var("XXGK_TEST_ABORT_AT")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    else {
        return;
    };
    if STEP.fetch_add(1, Ordering::SeqCst) + 1 == at {
        std::process::abort();
    }
}
