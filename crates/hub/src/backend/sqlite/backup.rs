//! Encrypted backups of the embedded store.
//!
//! `switchboard-hub backup --to FILE` takes a consistent snapshot of the
//! store while the hub runs (`VACUUM INTO`: one read transaction, so the
//! copy is the store as of one commit, compacted), and writes it encrypted
//! under a passphrase; `restore` brings it back into an empty data folder.
//! The store's sealed columns stay sealed inside the backup: the content
//! key is not in it, and a restored hub needs the same key (docs/operator.md,
//! "Backups and restore").
//!
//! The file: a header, then the snapshot in chunks of up to 1 MiB, each
//! sealed with AES-256-GCM under a key derived from the passphrase with
//! Argon2id (its parameters and salt in the header). Every chunk
//! authenticates the whole header (format version, key-derivation
//! parameters, salt) as associated data, and its nonce carries its number
//! and whether it is the last, so a changed header, a changed, dropped,
//! repeated or reordered chunk, and a file cut short are all refused.
//!
//! ```text
//! header   "SWBACKUP" | version (1 byte) | Argon2id memory KiB, passes,
//!          lanes (3 × u32, big-endian) | salt (16) | nonce prefix (7)
//! chunk    length of the sealed chunk (u32, big-endian) | sealed chunk
//! nonce    prefix (7) | chunk number (u32, big-endian) | 1 if last else 0
//! ```

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use std::io::{Read, Write};
use zeroize::Zeroizing;

const MAGIC: &[u8; 8] = b"SWBACKUP";
/// The format version written; `restore` reads this one.
pub const VERSION: u8 = 1;
const HEADER_LEN: usize = 8 + 1 + 12 + 16 + 7;
/// Plaintext bytes per chunk.
const CHUNK: usize = 1 << 20;
const TAG: usize = 16;

/// The fewest characters a backup passphrase may have.
pub const MIN_PASSPHRASE: usize = 12;

/// Argon2id's cost: memory in KiB, passes, lanes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cost {
    pub memory_kib: u32,
    pub passes: u32,
    pub lanes: u32,
}

impl Cost {
    /// 64 MiB, 3 passes, 1 lane: about a quarter of a second here, once
    /// per backup or restore.
    pub const DEFAULT: Cost = Cost {
        memory_kib: 64 * 1024,
        passes: 3,
        lanes: 1,
    };
}

/// The most a backup's header may ask of restore.
pub const MAX_COST: Cost = Cost {
    memory_kib: 256 * 1024,
    passes: 10,
    lanes: 4,
};

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("the passphrase is shorter than {MIN_PASSPHRASE} characters")]
    WeakPassphrase,
    #[error("this is not a Switchboard backup")]
    NotABackup,
    #[error("this backup has format version {0}; this hub reads version {VERSION}")]
    Version(u8),
    #[error("the backup cannot be decrypted: wrong passphrase, or the file was changed")]
    Undecryptable,
    #[error("the backup was changed or cut short (at chunk {0})")]
    Damaged(u32),
    #[error("the backup's key-derivation settings are out of range")]
    BadCost,
    /// What the command was asked to do cannot be done (said to the operator).
    #[error("{0}")]
    Refused(String),
    #[error("the store: {0}")]
    Store(String),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

impl From<rusqlite::Error> for BackupError {
    fn from(e: rusqlite::Error) -> Self {
        BackupError::Store(e.to_string())
    }
}

/// The store's file in a data folder.
use super::FILE as STORE;

/// Removes a file when dropped, unless kept.
struct Scratch {
    path: std::path::PathBuf,
    keep: bool,
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if !self.keep {
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", self.path.display()));
            }
        }
    }
}

fn private_new(path: &std::path::Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

/// Writes an encrypted snapshot of the store in `data_dir` to `to` (a new
/// file, `0600`); the hub may be running. Returns the backup's size.
pub fn back_up(
    data_dir: &std::path::Path,
    to: &std::path::Path,
    passphrase: &[u8],
) -> Result<u64, BackupError> {
    if passphrase.len() < MIN_PASSPHRASE {
        return Err(BackupError::WeakPassphrase);
    }
    let store = data_dir.join(STORE);
    if !store.is_file() {
        return Err(BackupError::Refused(format!(
            "there is no store in {}",
            data_dir.display()
        )));
    }
    if to.exists() {
        return Err(BackupError::Refused(format!(
            "{} exists already; name a new file",
            to.display()
        )));
    }
    // The snapshot: one read transaction of the live store, written beside
    // it (the folder is the hub's alone) and removed whatever happens.
    let snapshot = Scratch {
        path: data_dir.join(format!(".backup-{}.sqlite3", std::process::id())),
        keep: false,
    };
    {
        let conn = rusqlite::Connection::open_with_flags(
            &store,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        let target = snapshot
            .path
            .to_str()
            .ok_or_else(|| BackupError::Refused("the data folder's path is not UTF-8".into()))?;
        conn.execute("VACUUM INTO ?1", [target])?;
    }
    let mut partial = Scratch {
        path: std::path::PathBuf::from(format!("{}.partial", to.display())),
        keep: false,
    };
    let mut out = std::io::BufWriter::new(private_new(&partial.path)?);
    seal(
        &mut std::io::BufReader::new(std::fs::File::open(&snapshot.path)?),
        &mut out,
        passphrase,
        Cost::DEFAULT,
    )?;
    let file = out.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()?;
    let size = file.metadata()?.len();
    std::fs::rename(&partial.path, to)?;
    partial.keep = true;
    Ok(size)
}

/// Brings the backup `from` back into `data_dir`, which must be empty or
/// missing, and checks it (SQLite's quick check, the audit chain). On any
/// failure nothing is left in `data_dir`. Returns the audit entries checked.
pub fn restore(
    from: &std::path::Path,
    data_dir: &std::path::Path,
    passphrase: &[u8],
) -> Result<usize, BackupError> {
    let existed = data_dir.exists();
    // What a restore that was interrupted (killed, Ctrl-C) left behind is
    // removed first: it was never the store, and would block every retry.
    if existed {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let leftover = data_dir.join(format!("{STORE}.restoring{suffix}"));
            if leftover.exists() {
                std::fs::remove_file(&leftover)?;
            }
        }
    }
    if existed && std::fs::read_dir(data_dir)?.next().is_some() {
        return Err(BackupError::Refused(format!(
            "{} is not empty; restore into an empty folder (nothing was written)",
            data_dir.display()
        )));
    }
    let mut input = std::io::BufReader::new(std::fs::File::open(from)?);
    crate::files::private_folder(data_dir)?;
    let outcome = (|| {
        let scratch = Scratch {
            path: data_dir.join(format!("{STORE}.restoring")),
            keep: false,
        };
        let mut out = std::io::BufWriter::new(private_new(&scratch.path)?);
        open(&mut input, &mut out, passphrase)?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        let entries = {
            let conn = rusqlite::Connection::open(&scratch.path)?;
            let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
            if check != "ok" {
                return Err(BackupError::Store(format!(
                    "the restored store is damaged: {check}"
                )));
            }
            match crate::queries::audit::verify(&conn)
                .map_err(|e| BackupError::Store(e.to_string()))?
            {
                Ok(n) => n,
                Err(t) => {
                    return Err(BackupError::Store(format!(
                        "the restored audit log is tampered at entry {}: {}",
                        t.id, t.why
                    )));
                }
            }
        };
        std::fs::rename(&scratch.path, data_dir.join(STORE))?;
        let mut scratch = scratch;
        scratch.keep = true;
        Ok(entries)
    })();
    if outcome.is_err() && !existed {
        let _ = std::fs::remove_dir(data_dir);
    }
    outcome
}

fn key(passphrase: &[u8], salt: &[u8], cost: Cost) -> Result<Zeroizing<[u8; 32]>, BackupError> {
    // Bounds on what a header may ask for: a tampered header must not make
    // restore allocate without limit (the tag check comes after).
    // At most four times what `backup` writes (256 MiB, 10 passes, 4 lanes):
    // a tampered header could otherwise ask for gigabytes or minutes.
    if !(8 * 1024..=MAX_COST.memory_kib).contains(&cost.memory_kib)
        || !(1..=MAX_COST.passes).contains(&cost.passes)
        || !(1..=MAX_COST.lanes).contains(&cost.lanes)
        || u64::from(cost.memory_kib) * u64::from(cost.passes)
            > 4 * u64::from(Cost::DEFAULT.memory_kib) * u64::from(Cost::DEFAULT.passes)
    {
        return Err(BackupError::BadCost);
    }
    let params = argon2::Params::new(cost.memory_kib, cost.passes, cost.lanes, Some(32))
        .map_err(|_| BackupError::BadCost)?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut out = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(passphrase, salt, out.as_mut())
        .map_err(|_| BackupError::BadCost)?;
    Ok(out)
}

fn nonce(prefix: &[u8], number: u32, last: bool) -> [u8; 12] {
    let mut n = [0u8; 12];
    n[..7].copy_from_slice(prefix);
    n[7..11].copy_from_slice(&number.to_be_bytes());
    n[11] = u8::from(last);
    n
}

/// Reads until `buf` is full or the input ends; returns how much was read.
fn fill(input: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match input.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

/// Encrypts everything `input` holds into `out` under `passphrase`.
pub fn seal(
    input: &mut impl Read,
    out: &mut impl Write,
    passphrase: &[u8],
    cost: Cost,
) -> Result<(), BackupError> {
    if passphrase.len() < MIN_PASSPHRASE {
        return Err(BackupError::WeakPassphrase);
    }
    let mut salt = [0u8; 16];
    let mut prefix = [0u8; 7];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut salt);
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut prefix);
    let mut header = Vec::with_capacity(HEADER_LEN);
    header.extend_from_slice(MAGIC);
    header.push(VERSION);
    for v in [cost.memory_kib, cost.passes, cost.lanes] {
        header.extend_from_slice(&v.to_be_bytes());
    }
    header.extend_from_slice(&salt);
    header.extend_from_slice(&prefix);
    let key = key(passphrase, &salt, cost)?;
    let cipher = Aes256Gcm::new_from_slice(key.as_ref()).map_err(|_| BackupError::BadCost)?;
    out.write_all(&header)?;
    // One chunk ahead, so the last one is known when it is sealed.
    let mut current = Zeroizing::new(vec![0u8; CHUNK]);
    let mut next = Zeroizing::new(vec![0u8; CHUNK]);
    let mut len = fill(input, &mut current)?;
    let mut number: u32 = 0;
    loop {
        let next_len = if len == CHUNK {
            fill(input, &mut next)?
        } else {
            0
        };
        let last = next_len == 0;
        let sealed = cipher
            .encrypt(
                Nonce::from_slice(&nonce(&prefix, number, last)),
                Payload {
                    msg: &current[..len],
                    aad: &header,
                },
            )
            .map_err(|_| BackupError::Undecryptable)?;
        let sealed_len = u32::try_from(sealed.len()).map_err(|_| BackupError::Damaged(number))?;
        out.write_all(&sealed_len.to_be_bytes())?;
        out.write_all(&sealed)?;
        if last {
            break;
        }
        std::mem::swap(&mut current, &mut next);
        len = next_len;
        number = number.checked_add(1).ok_or(BackupError::Damaged(number))?;
    }
    out.flush()?;
    Ok(())
}

/// Decrypts a backup from `input` into `out`. Everything written to `out`
/// was authenticated, but a later chunk can still fail: the caller writes
/// to a scratch file and keeps it only if this returns `Ok`.
pub fn open(
    input: &mut impl Read,
    out: &mut impl Write,
    passphrase: &[u8],
) -> Result<(), BackupError> {
    let mut header = [0u8; HEADER_LEN];
    if fill(input, &mut header)? < HEADER_LEN || &header[..8] != MAGIC {
        return Err(BackupError::NotABackup);
    }
    if header[8] != VERSION {
        return Err(BackupError::Version(header[8]));
    }
    let word = |at: usize| {
        u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    let cost = Cost {
        memory_kib: word(9),
        passes: word(13),
        lanes: word(17),
    };
    let (salt, prefix) = (&header[21..37], &header[37..44]);
    let key = key(passphrase, salt, cost)?;
    let cipher = Aes256Gcm::new_from_slice(key.as_ref()).map_err(|_| BackupError::BadCost)?;
    let mut number: u32 = 0;
    let mut sealed = vec![0u8; CHUNK + TAG];
    loop {
        let refused = if number == 0 {
            BackupError::Undecryptable
        } else {
            BackupError::Damaged(number)
        };
        let mut len = [0u8; 4];
        if fill(input, &mut len)? < 4 {
            // Ended before a chunk marked last: cut short.
            return Err(BackupError::Damaged(number));
        }
        let len = u32::from_be_bytes(len) as usize;
        if !(TAG..=CHUNK + TAG).contains(&len) || fill(input, &mut sealed[..len])? < len {
            return Err(BackupError::Damaged(number));
        }
        // The chunk says whether it is the last by which nonce opens it.
        let opened = [false, true].into_iter().find_map(|last| {
            cipher
                .decrypt(
                    Nonce::from_slice(&nonce(prefix, number, last)),
                    Payload {
                        msg: &sealed[..len],
                        aad: &header,
                    },
                )
                .ok()
                .map(|plain| (last, Zeroizing::new(plain)))
        });
        let Some((last, plain)) = opened else {
            return Err(refused);
        };
        out.write_all(&plain)?;
        if last {
            // Nothing may follow the last chunk.
            let mut extra = [0u8; 1];
            if fill(input, &mut extra)? != 0 {
                return Err(BackupError::Damaged(number + 1));
            }
            out.flush()?;
            return Ok(());
        }
        number = number.checked_add(1).ok_or(BackupError::Damaged(number))?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAST: Cost = Cost {
        memory_kib: 8 * 1024,
        passes: 1,
        lanes: 1,
    };

    fn sealed(plain: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        seal(&mut &plain[..], &mut out, b"correct horse battery", FAST)
            .unwrap_or_else(|e| panic!("{e}"));
        out
    }

    fn opened(file: &[u8], passphrase: &[u8]) -> Result<Vec<u8>, BackupError> {
        let mut out = Vec::new();
        open(&mut &file[..], &mut out, passphrase).map(|()| out)
    }

    #[test]
    fn round_trips_at_every_chunk_boundary() {
        for size in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK + 5] {
            let plain: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
            let file = sealed(&plain);
            assert_eq!(
                opened(&file, b"correct horse battery").ok(),
                Some(plain),
                "size {size}"
            );
        }
    }

    #[test]
    fn wrong_passphrase_tampering_and_truncation_are_refused() {
        let plain: Vec<u8> = (0..2 * CHUNK + 5).map(|i| (i % 7) as u8).collect();
        let file = sealed(&plain);
        assert!(matches!(
            opened(&file, b"wrong horse battery"),
            Err(BackupError::Undecryptable)
        ));
        assert!(matches!(
            seal(&mut &b"x"[..], &mut Vec::new(), b"short", FAST),
            Err(BackupError::WeakPassphrase)
        ));
        // A byte changed in the header (the salt), in the first chunk, in the last.
        for at in [25, HEADER_LEN + 10, file.len() - 3] {
            let mut bad = file.clone();
            bad[at] ^= 1;
            assert!(
                opened(&bad, b"correct horse battery").is_err(),
                "byte {at} changed"
            );
        }
        // Cut at the end of a chunk: the next one is missing.
        let first = HEADER_LEN + 4 + CHUNK + TAG;
        assert!(matches!(
            opened(&file[..first], b"correct horse battery"),
            Err(BackupError::Damaged(1))
        ));
        // Something after the last chunk.
        let mut longer = file.clone();
        longer.push(0);
        assert!(opened(&longer, b"correct horse battery").is_err());
        // Another format version, a file that is no backup.
        let mut other = file.clone();
        other[8] = 2;
        assert!(matches!(
            opened(&other, b"correct horse battery"),
            Err(BackupError::Version(2))
        ));
        assert!(matches!(
            opened(b"SQLite format 3\0", b"x"),
            Err(BackupError::NotABackup)
        ));
        // A header asking for absurd memory is refused before any work.
        let mut greedy = file;
        greedy[9..13].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(matches!(
            opened(&greedy, b"correct horse battery"),
            Err(BackupError::BadCost)
        ));
        // Nor 4 GiB, nor a hundred passes (issue 24.10: 4.2 GB, or minutes).
        for (at, value) in [(9, 4 * 1024 * 1024u32), (13, 100), (17, 16)] {
            let mut costly = greedy.clone();
            costly[9..13].copy_from_slice(&Cost::DEFAULT.memory_kib.to_be_bytes());
            costly[at..at + 4].copy_from_slice(&value.to_be_bytes());
            assert!(
                matches!(
                    opened(&costly, b"correct horse battery"),
                    Err(BackupError::BadCost)
                ),
                "header word at {at} = {value}"
            );
        }
    }

    #[test]
    fn an_interrupted_restore_leaves_nothing_that_blocks_the_next() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let data = dir.path().join("data");
        std::fs::create_dir(&data).unwrap_or_else(|e| panic!("{e}"));
        // What a killed restore leaves: its scratch file, half written.
        std::fs::write(data.join(format!("{STORE}.restoring")), b"half")
            .unwrap_or_else(|e| panic!("{e}"));
        let outcome = restore(
            &dir.path().join("missing.backup"),
            &data,
            b"correct horse battery",
        );
        assert!(
            !matches!(outcome, Err(BackupError::Refused(_))),
            "the leftover does not make the folder look in use: {outcome:?}"
        );
        assert!(!data.join(format!("{STORE}.restoring")).exists());
    }
}
