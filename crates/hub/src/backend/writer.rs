//! Group commit: one thread owns the write connection and folds every write
//! that is waiting into one transaction, so concurrent webhooks share a single
//! fsync instead of paying one each. Each job runs in its own savepoint, so
//! one failing job never undoes another's; nobody hears "done" until the
//! shared commit is on disk. The same writer serves both backends (a
//! [`Session`]: the embedded store's connection, or a PostgreSQL one).

use crate::crypto::Keyring;
use crate::db::{Db, StoreError};
use rusqlite::Connection;
use std::sync::Arc;
use std::sync::mpsc;
use tokio::sync::oneshot;

/// Delivers a job's outcome once the batch's commit is known.
type Completion = Box<dyn FnOnce(Option<&str>) + Send>;
type Job = Box<dyn FnOnce(&dyn Db, &Keyring) -> (bool, Completion) + Send>;

/// A write connection the writer thread owns.
pub trait Session: Send + 'static {
    fn db(&self) -> &dyn Db;
    /// Runs statements without results (`BEGIN`, `SAVEPOINT job`, …).
    fn batch(&self, sql: &str) -> Result<(), String>;
    /// Starts a write transaction (reconnecting first if the connection
    /// was lost, where that can happen).
    fn begin(&mut self) -> Result<(), String>;
    /// Runs `before` (closing the last job's savepoint) and commits, in
    /// one round trip where the backend has them.
    fn commit(&mut self, before: &str) -> Result<(), String> {
        if before.is_empty() {
            self.batch("COMMIT")
        } else {
            self.batch(&format!("{before}; COMMIT"))
        }
    }
}

impl Session for Connection {
    fn db(&self) -> &dyn Db {
        self
    }
    fn batch(&self, sql: &str) -> Result<(), String> {
        self.execute_batch(sql).map_err(|e| e.to_string())
    }
    fn begin(&mut self) -> Result<(), String> {
        self.batch("BEGIN IMMEDIATE")
    }
}

/// Most jobs folded into one commit; bounds the latency of the last one.
const MAX_BATCH: usize = 512;

#[derive(Clone)]
pub struct Writer {
    jobs: mpsc::SyncSender<Job>,
}

impl Writer {
    /// Starts the writer thread on `conn`.
    pub fn start(conn: impl Session, keys: Arc<Keyring>) -> std::io::Result<Writer> {
        let (jobs, queue) = mpsc::sync_channel::<Job>(4096);
        std::thread::Builder::new()
            .name("hub-writer".into())
            .spawn(move || run(conn, &keys, queue))?;
        Ok(Writer { jobs })
    }

    /// Runs `f` inside the next group commit and returns its result after the
    /// commit is durable.
    pub async fn write<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Db, &Keyring) -> Result<T, StoreError> + Send + 'static,
    {
        let (done, outcome) = oneshot::channel();
        let job: Job = Box::new(move |conn, keys| {
            let result = f(conn, keys);
            let ok = result.is_ok();
            let completion: Completion = Box::new(move |commit_error| {
                let out = match (result, commit_error) {
                    (Ok(v), None) => Ok(v),
                    (Ok(_), Some(e)) => Err(StoreError::Commit(e.to_owned())),
                    (Err(e), _) => Err(e),
                };
                let _ = done.send(out);
            });
            (ok, completion)
        });
        let jobs = self.jobs.clone();
        // The queue is bounded: waiting for room is back-pressure, off the runtime.
        tokio::task::spawn_blocking(move || jobs.send(job))
            .await
            .map_err(|_| StoreError::Join)?
            .map_err(|_| StoreError::WriterGone)?;
        outcome.await.map_err(|_| StoreError::WriterGone)?
    }
}

/// Runs `close` (ending the last job's savepoint) and then `then`, in one
/// round trip. If that fails where the last job had worked, one of its late
/// statements failed: its savepoint is rolled back, it is told, and `then`
/// runs after all.
fn close_then(
    conn: &mut impl Session,
    close: &str,
    then: &str,
    last: &mut Option<Completion>,
) -> Result<(), String> {
    if close.is_empty() {
        return conn.batch(then);
    }
    match conn.batch(&format!("{close}; {then}")) {
        Ok(()) => Ok(()),
        Err(e) if close == "RELEASE job" => {
            conn.batch(&format!("ROLLBACK TO job; RELEASE job; {then}"))?;
            if let Some(c) = last.take() {
                c(Some(&e));
            }
            Ok(())
        }
        Err(e) => Err(e),
    }
}

fn run(mut conn: impl Session, keys: &Keyring, queue: mpsc::Receiver<Job>) {
    while let Ok(first) = queue.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        commit_batch(&mut conn, keys, batch);
    }
}

fn commit_batch(conn: &mut impl Session, keys: &Keyring, batch: Vec<Job>) {
    if let Err(e) = conn.begin() {
        // Dropping the jobs unrun tells each caller the write did not happen.
        tracing::error!(error = %e, jobs = batch.len(), "group commit could not begin");
        return;
    }
    // Closing a job's savepoint goes with opening the next one (or with the
    // commit): one round trip per job on PostgreSQL, not two. A job's
    // statements sent late (`Db::exec_later`) go out in that same round
    // trip, so a job is only known to have worked once its savepoint closed.
    let mut close = "";
    let mut last: Option<Completion> = None;
    let mut broken = None;
    let mut completions = Vec::with_capacity(batch.len());
    for job in batch {
        match close_then(conn, close, "SAVEPOINT job", &mut last) {
            Ok(()) => completions.extend(last.take()),
            Err(e) => {
                // The transaction is unusable (on PostgreSQL a COMMIT after
                // this would quietly roll back): the whole batch fails. The
                // jobs not run are dropped, which tells their callers so.
                completions.extend(last.take());
                broken = Some(e);
                break;
            }
        }
        let (ok, completion) = job(conn.db(), keys);
        close = if ok {
            "RELEASE job"
        } else {
            "ROLLBACK TO job; RELEASE job"
        };
        last = Some(completion);
    }
    let outcome = match broken {
        Some(e) => Err(e),
        None => match conn.commit(close) {
            Ok(()) => Ok(()),
            Err(e) if close == "RELEASE job" => {
                // The last job's late statements may be what failed: undo
                // that job alone and commit the others.
                match conn.commit("ROLLBACK TO job; RELEASE job") {
                    Ok(()) => {
                        if let Some(c) = last.take() {
                            c(Some(&e));
                        }
                        Ok(())
                    }
                    Err(_) => Err(e),
                }
            }
            Err(e) => Err(e),
        },
    };
    completions.extend(last.take());
    match outcome {
        Ok(()) => completions.into_iter().for_each(|c| c(None)),
        Err(why) => {
            let _ = conn.batch("ROLLBACK");
            tracing::error!(error = %why, "group commit failed");
            completions.into_iter().for_each(|c| c(Some(&why)));
        }
    }
}
