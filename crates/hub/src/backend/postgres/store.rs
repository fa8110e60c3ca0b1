//! The hub's store on PostgreSQL: the same store functions as on SQLite
//! (`store/*.rs`, through [`super::db::Db`]), each call one transaction on
//! a pooled connection, for several hubs on one database.
//!
//! Each hub folds the writes waiting at one moment into one transaction
//! (group commit, the same writer as the embedded store's: each write in
//! its own savepoint, nobody told "done" before the commit), on one
//! connection. Writes are serialised across every hub: each write
//! transaction takes the feed lock ([`super::feed::FEED_LOCK`]) as its first
//! statement and holds it until it commits. That is what makes the feed safe to read with
//! `seq > cursor` (see `feed.rs`), and taking it first rather than at the
//! first feed append means no write ever waits for the lock while holding
//! row locks another writer needs (no deadlocks), and the audit chain is
//! appended in the same order. Reads never wait: they run on a snapshot.
//! One writer at a time is what the embedded store does too; several hubs
//! are for availability (any hub can stop), not for more writes per second.

use std::sync::{Arc, Mutex};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio_postgres::{Client, IsolationLevel};

use super::db::{PgTx, Prepared};
use crate::backend::writer::{Session, Writer};
use crate::crypto::Keyring;
use crate::db::{Db, Order, StoreError};
use crate::repo::Backend;

/// The backend's migrations, in order; applied under an advisory lock so
/// hubs starting together migrate once.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("migrations/0001_init.sql")),
    (2, include_str!("migrations/0002_other_events_contact.sql")),
    (3, include_str!("migrations/0003_canned_replies.sql")),
    (4, include_str!("migrations/0004_availability.sql")),
    (5, include_str!("migrations/0005_marketing_preferences.sql")),
    (6, include_str!("migrations/0006_labels.sql")),
    (7, include_str!("migrations/0007_uploads.sql")),
    (8, include_str!("migrations/0008_media_chunks.sql")),
    (9, include_str!("migrations/0009_quarantine_once.sql")),
    (10, include_str!("migrations/0010_generations.sql")),
    (11, include_str!("migrations/0011_teams.sql")),
    (12, include_str!("migrations/0012_hours_and_snooze.sql")),
    (13, include_str!("migrations/0013_sla.sql")),
    (14, include_str!("migrations/0014_macros.sql")),
    (15, include_str!("migrations/0015_csat.sql")),
    (16, include_str!("migrations/0016_csat_answers.sql")),
];

/// The advisory lock key that orders migrations ("migr").
const MIGRATE_LOCK: i64 = 0x6d69_6772;

/// Connections kept per hub.
const POOL_SIZE: usize = 8;

struct Pool {
    url: String,
    idle: Mutex<Vec<(Client, Prepared)>>,
    permits: Arc<Semaphore>,
}

/// A pooled connection; back to the pool when dropped, unless it broke.
struct Pooled {
    client: Option<Client>,
    prepared: std::cell::RefCell<Prepared>,
    pool: Arc<Pool>,
    _permit: OwnedSemaphorePermit,
}

impl Drop for Pooled {
    fn drop(&mut self) {
        if let Some(client) = self.client.take()
            && !client.is_closed()
            && let Ok(mut idle) = self.pool.idle.lock()
        {
            idle.push((client, self.prepared.take()));
        }
    }
}

async fn connect(url: &str) -> Result<Client, StoreError> {
    let (client, connection) = super::connect::open(url).await?;
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            tracing::warn!(error = %e, "a PostgreSQL connection ended");
        }
    });
    Ok(client)
}

impl Pool {
    async fn get(self: &Arc<Pool>) -> Result<Pooled, StoreError> {
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| StoreError::Join)?;
        let reused = {
            let mut idle = self.idle.lock().map_err(|_| StoreError::Join)?;
            std::iter::from_fn(|| idle.pop()).find(|(c, _)| !c.is_closed())
        };
        let (client, prepared) = match reused {
            Some(c) => c,
            None => (connect(&self.url).await?, Prepared::new()),
        };
        Ok(Pooled {
            client: Some(client),
            prepared: std::cell::RefCell::new(prepared),
            pool: self.clone(),
            _permit: permit,
        })
    }
}

/// The writer's connection: statements run inside the transaction the
/// writer began with [`Session::begin`].
/// Its statements are prepared once per connection (the store's are a
/// fixed set) and kept. The writer thread drives the connection itself on
/// a runtime of its own, made on that thread at its first transaction:
/// each statement is a round trip, and its answer no longer waits for the
/// hub's worker threads, busy with requests, to be read (BENCHMARKS.md,
/// "Hub on PostgreSQL", has what each step gained).
struct PgSession {
    client: Option<Client>,
    url: String,
    runtime: Option<tokio::runtime::Runtime>,
    prepared: std::cell::RefCell<Prepared>,
    /// The advisory locks this transaction holds (they last until it ends).
    held: std::cell::RefCell<Vec<Order>>,
    /// Whether this transaction appended to the feed (every hub is woken
    /// by a notification sent with its commit).
    wake: std::cell::Cell<bool>,
    /// Statements whose answer nobody waits for ([`Db::exec_later`]): sent
    /// ahead of the next exchange, in the same round trip.
    later: std::cell::RefCell<Vec<(tokio_postgres::Statement, Vec<crate::db::Val>)>>,
}

impl PgSession {
    /// Runs one exchange with the database on the writer's runtime, after
    /// the statements waiting to be sent (pipelined: one round trip for
    /// all). The first error among them is the exchange's error.
    fn run<T>(
        &self,
        f: impl AsyncFnOnce(&Client) -> Result<T, tokio_postgres::Error>,
    ) -> Result<T, StoreError> {
        let later = std::mem::take(&mut *self.later.borrow_mut());
        let (Some(runtime), Some(client)) = (&self.runtime, &self.client) else {
            return Err(StoreError::Unavailable(
                "no connection to PostgreSQL".into(),
            ));
        };
        let params: Vec<_> = later.iter().map(|(_, p)| super::db::pg_params(p)).collect();
        let sent = later
            .iter()
            .zip(&params)
            .map(|((statement, _), p)| client.execute(statement, p));
        // Polled in order, so the waiting statements go out first.
        let (earlier, out) = runtime.block_on(async {
            futures_util::join!(futures_util::future::join_all(sent), f(client))
        });
        for result in earlier {
            result?;
        }
        Ok(out?)
    }

    fn statement(&self, sql: &str) -> Result<tokio_postgres::Statement, StoreError> {
        if let Some(s) = self.prepared.borrow().get(sql) {
            return Ok(s.clone());
        }
        let numbered = super::db::numbered(sql);
        let statement = self.run(async |c| c.prepare(&numbered).await)?;
        self.prepared
            .borrow_mut()
            .insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }
}

impl Db for PgSession {
    fn dialect(&self) -> crate::db::Dialect {
        crate::db::Dialect::Postgres
    }
    fn exec(&self, sql: &str, params: &[crate::db::Val]) -> Result<usize, StoreError> {
        let statement = self.statement(sql)?;
        let params = super::db::pg_params(params);
        let n = self.run(async |c| c.execute(&statement, &params).await)?;
        Ok(n as usize)
    }
    fn rows(
        &self,
        sql: &str,
        params: &[crate::db::Val],
    ) -> Result<Vec<crate::db::Row>, StoreError> {
        let statement = self.statement(sql)?;
        let params = super::db::pg_params(params);
        let rows = self.run(async |c| c.query(&statement, &params).await)?;
        rows.iter().map(super::db::pg_row).collect()
    }
    fn serialise(&self, order: Order) -> Result<(), StoreError> {
        if self.held.borrow().contains(&order) {
            return Ok(());
        }
        self.exec(super::db::LOCK, crate::vals![super::db::lock_for(order)])?;
        self.held.borrow_mut().push(order);
        Ok(())
    }
    fn wake_at_commit(&self) -> Result<(), StoreError> {
        self.wake.set(true);
        Ok(())
    }
    fn exec_then_rows(
        &self,
        first: (&str, &[crate::db::Val]),
        then: (&str, &[crate::db::Val]),
    ) -> Result<(usize, Vec<crate::db::Row>), StoreError> {
        let (a, b) = (self.statement(first.0)?, self.statement(then.0)?);
        let (pa, pb) = (super::db::pg_params(first.1), super::db::pg_params(then.1));
        // Both sent before either answer is read (pipelined).
        let (n, rows) = self.run(async |c| {
            let (n, rows) = futures_util::join!(c.execute(&a, &pa), c.query(&b, &pb));
            Ok((n?, rows?))
        })?;
        Ok((
            n as usize,
            rows.iter()
                .map(super::db::pg_row)
                .collect::<Result<_, _>>()?,
        ))
    }
    fn exec_later(&self, sql: &str, params: &[crate::db::Val]) -> Result<(), StoreError> {
        let statement = self.statement(sql)?;
        self.later.borrow_mut().push((statement, params.to_vec()));
        Ok(())
    }
}

impl Session for PgSession {
    fn db(&self) -> &dyn Db {
        self
    }
    fn batch(&self, sql: &str) -> Result<(), String> {
        self.run(async |c| c.batch_execute(sql).await)
            .map_err(|e| e.to_string())
    }
    fn begin(&mut self) -> Result<(), String> {
        if self.runtime.is_none() {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            self.runtime = Some(runtime);
        }
        if self.client.as_ref().is_none_or(Client::is_closed) {
            // The first transaction, or the database restarted or the
            // network dropped: a new connection for this batch (the failed
            // one's callers were told).
            let runtime = self.runtime.as_ref().ok_or("no runtime")?;
            self.client = None;
            self.prepared.borrow_mut().clear();
            self.later.borrow_mut().clear();
            self.client = Some(
                runtime
                    .block_on(connect(&self.url))
                    .map_err(|e| e.to_string())?,
            );
        }
        self.held.borrow_mut().clear();
        self.wake.set(false);
        // Every write transaction takes the feed lock first: see the
        // module's comment. One round trip for both.
        self.batch(&format!(
            "BEGIN; SELECT pg_advisory_xact_lock({})",
            super::feed::FEED_LOCK
        ))?;
        self.held.borrow_mut().push(Order::Feed);
        Ok(())
    }
    fn commit(&mut self, before: &str) -> Result<(), String> {
        // The notification goes with the commit, so a job rolled back to
        // its savepoint cannot take the others' wake-up with it.
        let wake = format!("SELECT pg_notify('{}', '')", super::wake::CHANNEL);
        let statements: Vec<&str> = [before, if self.wake.get() { &wake } else { "" }, "COMMIT"]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        self.batch(&statements.join("; "))
    }
}

/// A hub's handle on the shared database.
#[derive(Clone)]
pub struct PgStore {
    pool: Arc<Pool>,
    writer: Writer,
    keys: Arc<Keyring>,
    owner: String,
}

impl PgStore {
    /// Connects to `url`, brings the schema up to date, and acts as hub
    /// `owner` (a name unique among the team's hubs: it holds leases).
    pub async fn connect(url: &str, keys: Keyring, owner: &str) -> Result<PgStore, StoreError> {
        let mut client = connect(url).await?;
        migrate(&mut client).await?;
        let pool = Arc::new(Pool {
            url: url.to_owned(),
            idle: Mutex::new(vec![(client, Prepared::new())]),
            permits: Arc::new(Semaphore::new(POOL_SIZE)),
        });
        let keys = Arc::new(keys);
        let session = PgSession {
            client: None,
            url: url.to_owned(),
            runtime: None,
            prepared: Default::default(),
            held: Default::default(),
            wake: Default::default(),
            later: Default::default(),
        };
        let writer = Writer::start(session, keys.clone()).map_err(|_| StoreError::WriterGone)?;
        Ok(PgStore {
            pool,
            writer,
            keys,
            owner: owner.to_owned(),
        })
    }

    /// Runs `f` on a read-only snapshot on a blocking thread (the store
    /// functions are synchronous; each statement is driven on the runtime).
    async fn snapshot<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Db, &Keyring) -> Result<T, StoreError> + Send + 'static,
    {
        let mut conn = self.pool.get().await?;
        let keys = self.keys.clone();
        let handle = tokio::runtime::Handle::current();
        tokio::task::spawn_blocking(move || {
            let Pooled {
                client, prepared, ..
            } = &mut conn;
            let client = client.as_mut().ok_or(StoreError::Join)?;
            let tx = handle.block_on(
                client
                    .build_transaction()
                    .isolation_level(IsolationLevel::RepeatableRead)
                    .read_only(true)
                    .start(),
            )?;
            let db = PgTx {
                tx: &tx,
                handle: handle.clone(),
                prepared: Some(prepared),
            };
            let out = f(&db, &keys)?;
            handle
                .block_on(tx.commit())
                .map_err(|e| StoreError::Commit(e.to_string()))?;
            Ok(out)
        })
        .await
        .map_err(|_| StoreError::Join)?
    }

    /// The database's URL without its password, for the log.
    pub fn describe(url: &str) -> String {
        match url.split_once('@') {
            Some((_, host)) => format!("postgres://…@{host}"),
            None => url.to_owned(),
        }
    }
}

/// Brings the database at `url` up to the backend's schema (what
/// [`PgStore::connect`] does first; tests of single mechanisms use it alone).
pub async fn prepare(url: &str) -> Result<(), StoreError> {
    migrate(&mut connect(url).await?).await
}

/// The schema version this build writes.
fn latest_version() -> i64 {
    MIGRATIONS.last().map_or(0, |(v, _)| *v)
}

/// What a database holds, read without writing: the server's version
/// (text and number), the schema version found and the one this build
/// writes.
pub async fn inspect(url: &str) -> Result<(String, i64, i64, i64), StoreError> {
    let client = connect(url).await?;
    let row = client
        .query_one(
            "SELECT current_setting('server_version'), current_setting('server_version_num')::bigint, \
             to_regclass('schema_version') IS NOT NULL",
            &[],
        )
        .await?;
    let (server, number, has_schema): (String, i64, bool) = (row.get(0), row.get(1), row.get(2));
    let found: i64 = if has_schema {
        client
            .query_one("SELECT COALESCE(MAX(version), 0) FROM schema_version", &[])
            .await?
            .get(0)
    } else {
        0
    };
    let latest = latest_version();
    Ok((server, number, found, latest))
}

async fn migrate(client: &mut Client) -> Result<(), StoreError> {
    client
        .execute("SELECT pg_advisory_lock($1)", &[&MIGRATE_LOCK])
        .await?;
    let result = async {
        client
            .batch_execute("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT PRIMARY KEY)")
            .await?;
        let current: i64 = client
            .query_one("SELECT COALESCE(MAX(version), 0) FROM schema_version", &[])
            .await?
            .get(0);
        if current > latest_version() {
            return Ok(Err(current));
        }
        for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > current) {
            let tx = client.transaction().await?;
            tx.batch_execute(sql).await?;
            tx.execute(
                "INSERT INTO schema_version (version) VALUES ($1)",
                &[version],
            )
            .await?;
            tx.commit().await?;
        }
        Ok::<Result<(), i64>, tokio_postgres::Error>(Ok(()))
    }
    .await;
    client
        .execute("SELECT pg_advisory_unlock($1)", &[&MIGRATE_LOCK])
        .await?;
    match result? {
        Ok(()) => Ok(()),
        Err(found) => crate::backend::refuse_newer(found, latest_version()),
    }
}

#[async_trait::async_trait]
impl Backend for PgStore {
    async fn write<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Db, &Keyring) -> Result<T, StoreError> + Send + 'static,
    {
        self.writer.write(f).await
    }

    async fn read<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Db, &Keyring) -> Result<T, StoreError> + Send + 'static,
    {
        self.snapshot(f).await
    }

    fn owner(&self) -> String {
        self.owner.clone()
    }

    fn shared(&self) -> bool {
        true
    }

    async fn after_erase(&self) -> Result<(), StoreError> {
        // Deleted rows stay in the table's pages until VACUUM reuses them;
        // the operator's VACUUM policy (autovacuum by default) decides when.
        // docs/operator.md says so; nothing to do per erasure here.
        Ok(())
    }

    async fn take_token(
        &self,
        key: String,
        capacity: f64,
        per_sec: f64,
    ) -> Result<Option<Result<(), std::time::Duration>>, StoreError> {
        let mut conn = self.pool.get().await?;
        let client = conn.client.as_mut().ok_or(StoreError::Join)?;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs_f64())
            .unwrap_or(0.0);
        Ok(Some(
            super::pacing::take(client, &key, now, capacity, per_sec).await?,
        ))
    }

    async fn share_presence(&self, payload: String) -> Result<(), StoreError> {
        let conn = self.pool.get().await?;
        let client = conn.client.as_ref().ok_or(StoreError::Join)?;
        client
            .execute(
                "SELECT pg_notify($1, $2)",
                &[&super::wake::PRESENCE_CHANNEL, &payload],
            )
            .await?;
        Ok(())
    }

    async fn writable(&self) -> Result<(), StoreError> {
        self.writer
            .write(|db, _| {
                db.rows("SELECT 1", &[])?;
                Ok(())
            })
            .await
    }
}
