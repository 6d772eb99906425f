//! The hub: the office's PostgreSQL server holds every shared speech's changes, so that
//! writers on the LAN exchange them through an engine IT already runs, backs up and secures.
//!
//! Guarantees:
//! - A change is acknowledged ([`Hub::push`] returns) only once its row is committed: the
//!   server's own durability (its write-ahead log) keeps it from then on.
//! - Rows of one speech are numbered in the order they commit (an advisory lock per speech
//!   orders the inserts), so a writer who has read up to number `n` has missed nothing before
//!   it: [`Hub::pull`] asks only for what is newer.
//! - Pushing a change twice (a reply lost after the commit) is harmless: the engine ignores a
//!   change it has.
//! - With the office CA's certificate named (`JIANGGAO_HUB_CA`, or `sslmode=require` in the
//!   URL, which then needs it), the connection is encrypted and the server's certificate must
//!   be signed by that CA and name the server; it never falls back to plain text.
//! - Access is the server's: a login role per person, and per speech a row saying who may read
//!   and who may write it, enforced by row-level security. A wrong password or a reader's push is
//!   refused by the server.
//!
//! Setting up (once, by IT, with an administrator's URL): [`init`] makes the schema, the group
//! role `jianggao_user`, the table of changes with its security policies, and the trigger that
//! tells listening writers of each new row; [`add_user`] and [`grant`] give people access.
//! `jianggao hub …` on the command line does the same.
//!
//! Cost: a push is one transaction of one row; a pull one indexed range query; a writer waits
//! for news on its connection (LISTEN), not by polling.

use std::time::Duration;

use postgres::fallible_iterator::FallibleIterator;
use postgres::{Client, NoTls};

/// Why the hub could not be used.
#[derive(Debug, thiserror::Error)]
pub enum HubError {
    #[error("无法连接共享服务器：{0}")]
    Connect(String),
    #[error("共享服务器拒绝了请求：{0}")]
    Refused(String),
    #[error("与共享服务器的连接中断：{0}")]
    Lost(String),
    #[error(transparent)]
    Shared(#[from] crate::shared::SharedError),
}

fn refused(e: &postgres::Error) -> HubError {
    match e.as_db_error() {
        // The server going down (57), out of resources (53), a connection problem it reports
        // (08), a transaction it rolled back (40) or its own failure (58, XX) pass: the link is
        // lost for now, and trying again later is right. The rest is a refusal that trying
        // again would meet again (no access, bad data, a limit).
        Some(db) if is_passing(db.code().code()) => {
            HubError::Lost(format!("{}（{}）", db.message(), db.code().code()))
        }
        Some(db) => HubError::Refused(db.message().to_owned()),
        // "db error" alone says nothing: the causes say what broke.
        None => HubError::Lost(with_causes(e)),
    }
}

/// Whether a server error's SQLSTATE says the trouble passes (see [`refused`]).
fn is_passing(code: &str) -> bool {
    ["08", "40", "53", "57", "58", "XX"]
        .iter()
        .any(|class| code.starts_with(class))
}

fn connect_with(url: &str, timeout: Duration) -> Result<Client, HubError> {
    connect_tls(url, timeout, office_ca().as_deref())
}

/// The office CA's certificate named by [`CA_VARIABLE`], if any.
fn office_ca() -> Option<std::path::PathBuf> {
    std::env::var_os(CA_VARIABLE).map(std::path::PathBuf::from)
}

/// The variable naming the office CA's certificate (PEM) the hub's certificate is checked
/// against.
pub const CA_VARIABLE: &str = "JIANGGAO_HUB_CA";

/// Connects over TLS when a CA is given or the URL says `sslmode=require`: the server's
/// certificate must then be signed by that CA and name the server. Without either, the
/// connection is plain (a server may still refuse it: `hostssl` in `pg_hba.conf`).
fn connect_tls(
    url: &str,
    timeout: Duration,
    ca: Option<&std::path::Path>,
) -> Result<Client, HubError> {
    let mut config: postgres::Config = url
        .parse()
        .map_err(|e: postgres::Error| HubError::Connect(e.to_string()))?;
    config.connect_timeout(timeout);
    // A link that drops packets without a word is found out in seconds, not in the kernel's
    // quarter of an hour: the threads then reconnect and the window says it is offline.
    config.keepalives(true);
    config.keepalives_idle(Duration::from_secs(10));
    config.tcp_user_timeout(Duration::from_secs(20));
    config.application_name("jianggao");
    let mode = config.get_ssl_mode();
    let result = match (ca, mode) {
        (_, postgres::config::SslMode::Disable) | (None, postgres::config::SslMode::Prefer) => {
            config.connect(NoTls)
        }
        (None, _) => {
            return Err(HubError::Connect(format!(
                "要求加密连接（sslmode=require），但没有指定单位的 CA 证书：请设置 {CA_VARIABLE}"
            )));
        }
        (Some(ca), _) => {
            if mode == postgres::config::SslMode::Prefer {
                // A CA given means encryption is wanted: never fall back to plain text.
                config.ssl_mode(postgres::config::SslMode::Require);
            }
            config.connect(tls(ca)?)
        }
    };
    result.map_err(|e| match e.as_db_error() {
        // A server starting or stopping: out of reach for now, not a refusal.
        Some(db) if is_passing(db.code().code()) => {
            HubError::Connect(format!("{}（{}）", db.message(), db.code().code()))
        }
        Some(db) => HubError::Refused(db.message().to_owned()),
        None => HubError::Connect(with_causes(&e)),
    })
}

/// An error with the errors that caused it (`error performing TLS handshake：invalid peer
/// certificate: UnknownIssuer`): the first alone rarely says what to fix.
fn with_causes(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        text.push('：');
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}

/// A TLS connector that trusts only the certificates in the PEM file `ca`.
fn tls(ca: &std::path::Path) -> Result<tokio_postgres_rustls::MakeRustlsConnect, HubError> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let bad = |e: String| HubError::Connect(format!("CA 证书不可用（{}）：{e}", ca.display()));
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(ca).map_err(|e| bad(e.to_string()))? {
        roots
            .add(cert.map_err(|e| bad(e.to_string()))?)
            .map_err(|e| bad(e.to_string()))?;
    }
    if roots.is_empty() {
        return Err(bad("文件里没有证书".to_owned()));
    }
    // ring, not the default aws-lc (a C and cmake build); its provider is deprecated only for
    // lacking post-quantum key exchange, which the office's PostgreSQL does not offer either.
    #[allow(deprecated)]
    let provider = rustls::crypto::ring::default_provider();
    let config = rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(provider))
        .with_safe_default_protocol_versions()
        .map_err(|e| bad(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// The channel new rows are announced on; the payload is the speech's name.
const CHANNEL: &str = "jianggao_updates";

/// Makes (or brings up to date) the hub's schema on the database at `admin_url`. Safe to run
/// again.
pub fn init(admin_url: &str) -> Result<(), HubError> {
    let mut c = connect_with(admin_url, Duration::from_secs(10))?;
    c.batch_execute(SCHEMA).map_err(|e| refused(&e))
}

const SCHEMA: &str = r#"
-- The group role is the cluster's, shared by its databases: two set-ups at once may race.
DO $$ BEGIN
  CREATE ROLE jianggao_user NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
CREATE SCHEMA IF NOT EXISTS jianggao;
GRANT USAGE ON SCHEMA jianggao TO jianggao_user;
CREATE TABLE IF NOT EXISTS jianggao.access (
  speech text NOT NULL,
  person name NOT NULL,
  can_write boolean NOT NULL,
  PRIMARY KEY (speech, person)
);
CREATE TABLE IF NOT EXISTS jianggao.updates (
  speech text NOT NULL,
  seq bigserial PRIMARY KEY,
  writer name NOT NULL DEFAULT current_user,
  bytes bytea NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS updates_by_speech ON jianggao.updates (speech, seq);
ALTER TABLE jianggao.updates ENABLE ROW LEVEL SECURITY;
ALTER TABLE jianggao.access ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS read_own ON jianggao.access;
CREATE POLICY read_own ON jianggao.access FOR SELECT USING (person = current_user);
DROP POLICY IF EXISTS readers ON jianggao.updates;
CREATE POLICY readers ON jianggao.updates FOR SELECT USING (
  EXISTS (SELECT 1 FROM jianggao.access a WHERE a.speech = updates.speech AND a.person = current_user));
DROP POLICY IF EXISTS writers ON jianggao.updates;
CREATE POLICY writers ON jianggao.updates FOR INSERT WITH CHECK (
  writer = current_user AND EXISTS (SELECT 1 FROM jianggao.access a
    WHERE a.speech = updates.speech AND a.person = current_user AND a.can_write));
GRANT SELECT ON jianggao.access TO jianggao_user;
GRANT SELECT, INSERT ON jianggao.updates TO jianggao_user;
GRANT USAGE ON SEQUENCE jianggao.updates_seq_seq TO jianggao_user;
-- A presence table an earlier set-up made (keyed without the person) is made anew: it holds
-- only where writers' carets are, which they send again within seconds.
DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM pg_constraint c
      JOIN pg_class t ON t.oid = c.conrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = 'jianggao' AND t.relname = 'presence' AND c.contype = 'p'
        AND cardinality(c.conkey) <> 3) THEN
    DROP TABLE jianggao.presence;
  END IF;
END $$;
CREATE TABLE IF NOT EXISTS jianggao.presence (
  speech text NOT NULL,
  peer bigint NOT NULL,
  person name NOT NULL DEFAULT current_user,
  caret bytea,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (speech, person, peer)
);
ALTER TABLE jianggao.presence ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS see ON jianggao.presence;
CREATE POLICY see ON jianggao.presence FOR SELECT USING (
  EXISTS (SELECT 1 FROM jianggao.access a WHERE a.speech = presence.speech AND a.person = current_user));
DROP POLICY IF EXISTS show ON jianggao.presence;
CREATE POLICY show ON jianggao.presence FOR INSERT WITH CHECK (
  person = current_user AND EXISTS (SELECT 1 FROM jianggao.access a
    WHERE a.speech = presence.speech AND a.person = current_user));
DROP POLICY IF EXISTS move ON jianggao.presence;
CREATE POLICY move ON jianggao.presence FOR UPDATE USING (
  person = current_user AND EXISTS (SELECT 1 FROM jianggao.access a
    WHERE a.speech = presence.speech AND a.person = current_user))
  WITH CHECK (person = current_user AND EXISTS (SELECT 1 FROM jianggao.access a
    WHERE a.speech = presence.speech AND a.person = current_user));
-- When a writer was last seen is the server's clock, never the writer's say.
CREATE OR REPLACE FUNCTION jianggao.stamp() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  NEW.at := now();
  RETURN NEW;
END $f$;
DROP TRIGGER IF EXISTS stamp ON jianggao.presence;
CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON jianggao.presence
  FOR EACH ROW EXECUTE FUNCTION jianggao.stamp();
DROP POLICY IF EXISTS leave ON jianggao.presence;
CREATE POLICY leave ON jianggao.presence FOR DELETE USING (person = current_user);
GRANT SELECT, INSERT, UPDATE, DELETE ON jianggao.presence TO jianggao_user;
CREATE OR REPLACE FUNCTION jianggao.announce() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  PERFORM pg_notify('jianggao_updates', NEW.speech);
  RETURN NULL;
END $f$;
DROP TRIGGER IF EXISTS announce ON jianggao.updates;
CREATE TRIGGER announce AFTER INSERT ON jianggao.updates
  FOR EACH ROW EXECUTE FUNCTION jianggao.announce();
DROP TRIGGER IF EXISTS announce ON jianggao.presence;
CREATE TRIGGER announce AFTER INSERT OR UPDATE ON jianggao.presence
  FOR EACH ROW EXECUTE FUNCTION jianggao.announce();
"#;

/// Makes a login role for a person (or sets its password anew).
pub fn add_user(admin_url: &str, person: &str, password: &str) -> Result<(), HubError> {
    let mut c = connect_with(admin_url, Duration::from_secs(10))?;
    let ident = quote_ident(person)?;
    let exists = c
        .query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&person])
        .map_err(|e| refused(&e))?
        .is_some();
    let verb = if exists { "ALTER" } else { "CREATE" };
    // A role's password cannot be a bound parameter: it is quoted as a literal.
    let sql = format!(
        "{verb} ROLE {ident} LOGIN PASSWORD {}; GRANT jianggao_user TO {ident};",
        quote_literal(password)
    );
    c.batch_execute(&sql).map_err(|e| refused(&e))
}

/// Lets a person read a speech, or read and write it.
pub fn grant(admin_url: &str, speech: &str, person: &str, write: bool) -> Result<(), HubError> {
    let mut c = connect_with(admin_url, Duration::from_secs(10))?;
    c.execute(
        "INSERT INTO jianggao.access (speech, person, can_write) VALUES ($1, $2, $3)
         ON CONFLICT (speech, person) DO UPDATE SET can_write = EXCLUDED.can_write",
        &[&speech, &person, &write],
    )
    .map_err(|e| refused(&e))?;
    Ok(())
}

fn quote_ident(s: &str) -> Result<String, HubError> {
    if s.is_empty() || s.len() > 63 || s.contains('\0') {
        return Err(HubError::Refused(format!("用户名不可用：{s}")));
    }
    Ok(format!("\"{}\"", s.replace('"', "\"\"")))
}

fn quote_literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A writer working on a speech, as the hub last heard from it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Present {
    /// Which copy (one person may have two windows open).
    pub peer: u64,
    /// The person's login name.
    pub person: String,
    /// Where their caret is (`SharedSpeech::position_of` reads it).
    pub caret: Option<Vec<u8>>,
}

/// One writer's connection to the hub for one speech.
pub struct Hub {
    client: Client,
    speech: String,
    /// The newest row read.
    seen: i64,
}

impl Hub {
    /// Connects as the person in `url` (`postgres://person:password@server/db`) to work on
    /// `speech`, and starts listening for its news.
    pub fn connect(url: &str, speech: &str) -> Result<Hub, HubError> {
        Hub::connect_checked(url, speech, office_ca().as_deref())
    }

    /// [`Hub::connect`] with the office CA's certificate given, instead of named by
    /// [`CA_VARIABLE`]: the connection is then encrypted and the server's certificate checked.
    pub fn connect_checked(
        url: &str,
        speech: &str,
        ca: Option<&std::path::Path>,
    ) -> Result<Hub, HubError> {
        let mut client = connect_tls(url, Duration::from_secs(5), ca)?;
        client
            .batch_execute(&format!("LISTEN {CHANNEL}"))
            .map_err(|e| refused(&e))?;
        Ok(Hub {
            client,
            speech: speech.to_owned(),
            seen: 0,
        })
    }

    /// Sends a change; returns once it is committed (its row's number).
    pub fn push(&mut self, bytes: &[u8]) -> Result<i64, HubError> {
        // Without `first` a row always goes in.
        Ok(self.insert(bytes, false)?.unwrap_or_default())
    }

    /// Puts a new speech on the hub: its first change, committed only if the hub has none of
    /// the speech yet (checked under the speech's lock, so two people sharing one name at once
    /// cannot both). Whether it went in.
    pub fn share(&mut self, bytes: &[u8]) -> Result<bool, HubError> {
        Ok(self.insert(bytes, true)?.is_some())
    }

    /// Inserts a change under the speech's lock, so that one speech's rows are numbered in
    /// commit order (a reader that has row n has every row before it); with `first`, only if
    /// the hub has none of the speech yet. The row's number, or `None` when it was not new.
    fn insert(&mut self, bytes: &[u8], first: bool) -> Result<Option<i64>, HubError> {
        let mut tx = self.client.transaction().map_err(|e| refused(&e))?;
        tx.execute(
            "SELECT pg_advisory_xact_lock(hashtext($1))",
            &[&self.speech],
        )
        .map_err(|e| refused(&e))?;
        if first
            && tx
                .query_opt(
                    "SELECT 1 FROM jianggao.updates WHERE speech = $1 LIMIT 1",
                    &[&self.speech],
                )
                .map_err(|e| refused(&e))?
                .is_some()
        {
            return Ok(None);
        }
        let row = tx
            .query_one(
                "INSERT INTO jianggao.updates (speech, bytes) VALUES ($1, $2) RETURNING seq",
                &[&self.speech, &bytes],
            )
            .map_err(|e| refused(&e))?;
        tx.commit().map_err(|e| refused(&e))?;
        Ok(Some(row.get(0)))
    }

    /// The changes committed since the last pull, oldest first (at most 10 000 at a time; call
    /// again while it returns some).
    pub fn pull(&mut self) -> Result<Vec<Vec<u8>>, HubError> {
        let rows = self
            .client
            .query(
                "SELECT seq, bytes FROM jianggao.updates WHERE speech = $1 AND seq > $2
                 ORDER BY seq LIMIT 10000",
                &[&self.speech, &self.seen],
            )
            .map_err(|e| refused(&e))?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            self.seen = self.seen.max(r.get::<_, i64>(0));
            out.push(r.get::<_, Vec<u8>>(1));
        }
        Ok(out)
    }

    /// Everything committed since the last pull, however many batches it takes.
    pub fn pull_all(&mut self) -> Result<Vec<Vec<u8>>, HubError> {
        let mut rows = Vec::new();
        loop {
            let batch = self.pull()?;
            if batch.is_empty() {
                return Ok(rows);
            }
            rows.extend(batch);
        }
    }

    /// Waits up to `timeout` for news of this speech; whether there is some.
    pub fn wait(&mut self, timeout: Duration) -> Result<bool, HubError> {
        let mut notes = self.client.notifications();
        let mut iter = notes.timeout_iter(timeout);
        loop {
            match iter.next() {
                Ok(Some(n)) if n.payload() == self.speech => return Ok(true),
                Ok(Some(_)) => continue,
                Ok(None) => return Ok(false),
                Err(e) => return Err(HubError::Lost(with_causes(&e))),
            }
        }
    }

    /// What this person may do with the speech: `Some(true)` write, `Some(false)` read,
    /// `None` nothing (no grant).
    pub fn access(&mut self) -> Result<Option<bool>, HubError> {
        let row = self
            .client
            .query_opt(
                "SELECT can_write FROM jianggao.access WHERE speech = $1 AND person = current_user",
                &[&self.speech],
            )
            .map_err(|e| refused(&e))?;
        Ok(row.map(|r| r.get(0)))
    }

    /// The newest row read: a new connection given it ([`Hub::resume`]) pulls only what is
    /// newer.
    pub fn seen(&self) -> i64 {
        self.seen
    }

    /// Pulls from after row `seen` on (one read on an earlier connection).
    pub fn resume(&mut self, seen: i64) {
        self.seen = seen;
    }

    /// Shows this writer (`peer`) to the others of the speech, with its caret (a
    /// `SharedSpeech::cursor_at`), or none when it has none.
    pub fn announce(&mut self, peer: u64, caret: Option<&[u8]>) -> Result<(), HubError> {
        self.client
            .execute(
                "INSERT INTO jianggao.presence (speech, peer, caret) VALUES ($1, $2, $3)
                 ON CONFLICT (speech, person, peer) DO UPDATE SET caret = EXCLUDED.caret",
                &[&self.speech, &(peer as i64), &caret],
            )
            .map_err(|e| refused(&e))?;
        Ok(())
    }

    /// Takes this writer off the list of those present.
    pub fn leave(&mut self, peer: u64) -> Result<(), HubError> {
        self.client
            .execute(
                "DELETE FROM jianggao.presence WHERE speech = $1 AND peer = $2
                 AND person = current_user",
                &[&self.speech, &(peer as i64)],
            )
            .map_err(|e| refused(&e))?;
        Ok(())
    }

    /// The writers of the speech seen within `within` (announcing again keeps one present),
    /// this one included, by person.
    pub fn present(&mut self, within: Duration) -> Result<Vec<Present>, HubError> {
        let rows = self
            .client
            .query(
                "SELECT peer, person::text, caret FROM jianggao.presence
                 WHERE speech = $1 AND at > now() - make_interval(secs => $2)
                 ORDER BY person, peer",
                &[&self.speech, &within.as_secs_f64()],
            )
            .map_err(|e| refused(&e))?;
        Ok(rows
            .iter()
            .map(|r| Present {
                peer: r.get::<_, i64>(0) as u64,
                person: r.get(1),
                caret: r.get(2),
            })
            .collect())
    }

    /// Whether the connection is encrypted, as the server sees it.
    pub fn is_encrypted(&mut self) -> Result<bool, HubError> {
        let row = self
            .client
            .query_one(
                "SELECT coalesce((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false)",
                &[],
            )
            .map_err(|e| refused(&e))?;
        Ok(row.get(0))
    }

    /// Whether the connection is still up.
    pub fn is_closed(&self) -> bool {
        self.client.is_closed()
    }
}

/// Brings a writer's copy and the hub together: sends what the hub has not had from this
/// copy, takes in what others sent. `sent` is what this copy has sent so far; it grows only
/// by what was acknowledged.
pub fn sync(
    shared: &mut crate::shared::SharedSpeech,
    hub: &mut Hub,
    sent: &mut loro::VersionVector,
) -> Result<usize, HubError> {
    let now = shared.version_vector();
    if now != *sent {
        let bytes = shared.updates_since(sent)?;
        hub.push(&bytes)?;
        *sent = now;
    }
    let updates = hub.pull_all()?;
    for u in &updates {
        shared.import(u)?;
    }
    let taken = updates.len();
    // What came in is no news to send back, nor need it be.
    sent.merge(&shared.version_vector());
    Ok(taken)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_server_going_down_is_a_lost_link_and_no_access_a_refusal() {
        // admin_shutdown, cannot_connect_now, too_many_connections, serialization_failure
        for code in ["57P01", "57P03", "53300", "40001", "08006"] {
            assert!(super::is_passing(code), "{code}");
        }
        // insufficient_privilege (row security), invalid_password, program_limit_exceeded
        for code in ["42501", "28P01", "54000", "23505"] {
            assert!(!super::is_passing(code), "{code}");
        }
    }
}
