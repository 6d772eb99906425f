//! Co-editing through the real hub: a PostgreSQL server on this machine (`.ci/run` installs and
//! starts one and names it in `JIANGGAO_TEST_PG`, an administrator's URL). Each test makes its
//! own database and people, and removes them after.

use std::collections::HashMap;
use std::time::Duration;

use jianggao::doc::edit::Edit;
use jianggao::doc::model::{Speech, TextRef};
use jianggao::shared::SharedSpeech;
use jianggao::shared::hub::{self, Hub, HubError};

/// The administrator's URL, or `None` (the test is skipped) where no server was set up; with
/// `JIANGGAO_REQUIRE_TOOLS=1`, as in CI, a missing server fails the test.
fn server() -> Option<String> {
    match std::env::var("JIANGGAO_TEST_PG") {
        Ok(url) => Some(url),
        Err(_) if std::env::var("JIANGGAO_REQUIRE_TOOLS").as_deref() == Ok("1") => {
            panic!("JIANGGAO_TEST_PG is not set: .ci/run starts the server and sets it")
        }
        Err(_) => {
            eprintln!("skipped: no PostgreSQL server (set JIANGGAO_TEST_PG)");
            None
        }
    }
}

/// A database and people of this test's own, dropped at the end.
struct Office {
    admin: String,
    db: String,
    people: Vec<String>,
}

impl Office {
    fn new(admin: &str, tag: &str, people: &[&str]) -> Office {
        let db = format!("jianggao_{tag}_{}", std::process::id());
        let mut c = postgres::Client::connect(admin, postgres::NoTls).expect("admin connects");
        // One statement at a time: a multi-statement batch is one transaction, which these
        // refuse.
        c.batch_execute(&format!("DROP DATABASE IF EXISTS {db}"))
            .expect("old database gone");
        c.batch_execute(&format!("CREATE DATABASE {db}"))
            .expect("database made");
        let office = Office {
            admin: admin.to_owned(),
            db: db.clone(),
            people: people
                .iter()
                .map(|p| format!("{p}_{}", std::process::id()))
                .collect(),
        };
        hub::init(&office.url_as_admin()).expect("hub schema");
        // Twice: the set-up can be run again.
        hub::init(&office.url_as_admin()).expect("hub schema again");
        for p in &office.people {
            hub::add_user(&office.url_as_admin(), p, "口令-1").expect("user");
        }
        office
    }

    fn url_as_admin(&self) -> String {
        with_database(&self.admin, &self.db)
    }

    /// The server's `host:port`, from the administrator's URL.
    fn host(&self) -> String {
        self.admin
            .split('@')
            .nth(1)
            .and_then(|h| h.split('/').next())
            .expect("host in the URL")
            .to_owned()
    }

    fn url_as(&self, person: usize, password: &str) -> String {
        let host = self.host();
        format!(
            "postgres://{}:{}@{host}/{}",
            self.people[person],
            percent(password),
            self.db
        )
    }
}

impl Drop for Office {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.db));
            for p in &self.people {
                let _ = c.batch_execute(&format!("DROP ROLE IF EXISTS \"{p}\""));
            }
        }
    }
}

fn with_database(url: &str, db: &str) -> String {
    let (base, _) = url.rsplit_once('/').expect("a database in the URL");
    format!("{base}/{db}")
}

fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'-' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn start() -> Speech {
    let mut s = Speech::new();
    s.title = "在全市工作会议上的讲话".to_owned();
    s.opening[0].text = "今天召开会议。".to_owned();
    for heading in ["提高认识", "突出重点", "狠抓落实"] {
        let sec = s.new_section(heading.to_owned());
        s.sections.push(sec);
    }
    s
}

/// A writer joining: a copy made from everything the hub holds.
fn join(url: &str, speech: &str, peer: u64) -> (SharedSpeech, Hub) {
    let mut hub = Hub::connect(url, speech).expect("connects");
    let updates = hub.pull().expect("pull");
    let mut shared = SharedSpeech::open(&updates[0], peer).expect("open");
    for u in &updates[1..] {
        shared.import(u).expect("import");
    }
    (shared, hub)
}

fn type_at_end(w: &mut SharedSpeech, k: usize, c: char) {
    let mut targets = vec![TextRef::Paragraph(w.speech().opening[0].id)];
    for s in &w.speech().sections {
        targets.push(TextRef::Heading(s.id));
    }
    let target = targets[k % targets.len()];
    let text = format!("{}{c}", w.speech().text(target).unwrap_or(""));
    w.apply(Edit::SetText { target, text }).expect("typed");
}

/// Polls `c` until `done` holds, for at most 30 s; `what` names the wait in the failure.
fn until(
    c: &mut jianggao::session::coedit::Coedit,
    what: &str,
    done: &dyn Fn(&jianggao::session::coedit::Coedit) -> bool,
) {
    for _ in 0..600 {
        c.poll().unwrap();
        if done(c) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("not reached in 30 s: {what}");
}

/// How person `person` of `office` fills in 共享… for `speech`.
fn address(office: &Office, person: usize, speech: &str) -> jianggao::session::coedit::Address {
    jianggao::session::coedit::Address {
        server: format!("{}/{}", office.host(), office.db),
        person: office.people[person].clone(),
        password: "口令-1".to_owned(),
        speech: speech.to_owned(),
    }
}

#[test]
fn two_writers_meet_through_the_hub_and_a_wrong_password_or_a_readers_push_is_refused() {
    let Some(admin) = server() else { return };
    let office = Office::new(&admin, "two", &["alice", "bob", "carol"]);
    let speech = "全市工作会议讲话";
    hub::grant(&office.url_as_admin(), speech, &office.people[0], true).unwrap();
    hub::grant(&office.url_as_admin(), speech, &office.people[1], true).unwrap();
    hub::grant(&office.url_as_admin(), speech, &office.people[2], false).unwrap();

    let mut alice = SharedSpeech::create(&start(), 1).unwrap();
    let mut alice_hub = Hub::connect(&office.url_as(0, "口令-1"), speech).unwrap();
    alice_hub.push(&alice.snapshot().unwrap()).unwrap();
    let mut alice_sent = alice.version_vector();

    let (mut bob, mut bob_hub) = join(&office.url_as(1, "口令-1"), speech, 2);
    let mut bob_sent = bob.version_vector();
    type_at_end(&mut alice, 1, '甲');
    hub::sync(&mut alice, &mut alice_hub, &mut alice_sent).unwrap();
    // Bob is told, without asking.
    assert!(bob_hub.wait(Duration::from_secs(5)).unwrap());
    type_at_end(&mut bob, 1, '乙');
    hub::sync(&mut bob, &mut bob_hub, &mut bob_sent).unwrap();
    hub::sync(&mut alice, &mut alice_hub, &mut alice_sent).unwrap();
    assert_eq!(
        jianggao::export::render(alice.speech()),
        jianggao::export::render(bob.speech())
    );
    let heading = &alice.speech().sections[0].heading;
    assert!(
        heading.contains('甲') && heading.contains('乙'),
        "{heading}"
    );

    // A wrong password: the server says no.
    match Hub::connect(&office.url_as(1, "错的"), speech) {
        Err(HubError::Refused(m)) => assert!(m.contains("password"), "{m}"),
        Err(e) => panic!("refused otherwise: {e}"),
        Ok(_) => panic!("a wrong password was let in"),
    }
    // Carol may read, not write.
    let (carol, mut carol_hub) = join(&office.url_as(2, "口令-1"), speech, 3);
    assert_eq!(
        jianggao::export::render(carol.speech()),
        jianggao::export::render(alice.speech())
    );
    assert!(matches!(carol_hub.push(b"x"), Err(HubError::Refused(_))));
    // And no one without a grant reads it.
    let mut stranger = Hub::connect(&office.url_as(2, "口令-1"), "别的讲话").unwrap();
    assert!(stranger.pull().unwrap().is_empty());
}

#[test]
fn five_writers_typing_at_once_converge_and_one_cut_off_rejoins_with_its_offline_work() {
    let Some(admin) = server() else { return };
    let names = ["w0", "w1", "w2", "w3", "w4"];
    let office = Office::new(&admin, "five", &names);
    let speech = "五人讲话";
    for p in &office.people {
        hub::grant(&office.url_as_admin(), speech, p, true).unwrap();
    }
    let first = SharedSpeech::create(&start(), 1).unwrap();
    let mut h = Hub::connect(&office.url_as(0, "口令-1"), speech).unwrap();
    h.push(&first.snapshot().unwrap()).unwrap();
    drop(h);
    // Each writer types its own characters, 30 keys at 10 keys a second, syncing as it goes;
    // writer 4 loses the server after 10 keys and types 10 more alone before it comes back.
    let keys = 30;
    let handles: Vec<_> = (0..5)
        .map(|w| {
            let url = office.url_as(w, "口令-1");
            std::thread::spawn(move || {
                let (mut copy, hub) = join(&url, speech, 10 + w as u64);
                let mut hub = Some(hub);
                let mut sent = copy.version_vector();
                let mine = ['甲', '乙', '丙', '丁', '戊'][w];
                for k in 0..keys {
                    type_at_end(&mut copy, k * 7 + w, mine);
                    if w == 4 && k == 10 {
                        hub = None;
                    }
                    if w == 4 && k == 20 {
                        hub = Some(Hub::connect(&url, speech).expect("back"));
                    }
                    if let Some(hub) = hub.as_mut() {
                        hub::sync(&mut copy, hub, &mut sent).expect("sync");
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
                let mut hub = hub.expect("connected at the end");
                hub::sync(&mut copy, &mut hub, &mut sent).expect("sync");
                (copy, hub, sent)
            })
        })
        .collect();
    let mut writers: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    // Everyone takes in what came last.
    for (copy, hub, sent) in &mut writers {
        hub::sync(copy, hub, sent).unwrap();
    }
    let want = jianggao::export::render(&writers[0].0.speech().clone());
    for (copy, _, _) in &writers {
        assert_eq!(jianggao::export::render(copy.speech()), want);
    }
    for c in ['甲', '乙', '丙', '丁', '戊'] {
        assert_eq!(want.matches(c).count(), keys, "{c} in {want}");
    }
}

#[test]
fn the_command_line_sets_up_the_hub_as_it_documents() {
    let Some(admin) = server() else { return };
    let office = Office::new(&admin, "cli", &["dave"]);
    let run = |args: &[&str], stdin: &str| {
        use std::io::Write;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_jianggao"))
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let url = office.url_as_admin();
    let o = run(&["hub", "init", &url], "");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(&["hub", "add-user", &url, &office.people[0]], "新口令-2\n");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(
        &["hub", "grant", &url, "讲话", &office.people[0], "--read"],
        "",
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("只读"));
    // The new password lets Dave in, to read only; the old one no longer does.
    let mut hub = Hub::connect(&office.url_as(0, "新口令-2"), "讲话").unwrap();
    assert!(matches!(hub.push(b"x"), Err(HubError::Refused(_))));
    assert!(Hub::connect(&office.url_as(0, "口令-1"), "讲话").is_err());
    // An empty password is refused before anything changes.
    let o = run(&["hub", "add-user", &url, &office.people[0]], "\n");
    assert_eq!(o.status.code(), Some(2));
}

/// The typing writer of the kill test, run as a child process: types into the copy in
/// `JIANGGAO_CHILD_DIR`, journaling then sending every key, and says so after each.
#[test]
#[ignore = "run by the kill test as its child process"]
fn child_writer() {
    use jianggao::shared::journal::Journal;
    let dir = std::env::var("JIANGGAO_CHILD_DIR").expect("the kill test sets it");
    let url = std::env::var("JIANGGAO_CHILD_URL").expect("the kill test sets it");
    let mut opened = Journal::open(std::path::Path::new(&dir)).unwrap();
    let mut hub = Hub::connect(&url, "讲话").unwrap();
    let mut sent = loro::VersionVector::default();
    for k in 0.. {
        type_at_end(&mut opened.shared, 0, '键');
        opened.journal.record(&opened.shared).unwrap();
        println!("journaled {k}");
        hub::sync(&mut opened.shared, &mut hub, &mut sent).unwrap();
        println!("acked {k}");
    }
}

#[cfg(unix)]
#[test]
fn a_writer_killed_mid_typing_loses_nothing_journaled_or_acknowledged() {
    use jianggao::shared::journal::Journal;
    use std::io::BufRead;
    let Some(admin) = server() else { return };
    let office = Office::new(&admin, "kill", &["erin"]);
    hub::grant(&office.url_as_admin(), "讲话", &office.people[0], true).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("讲话.shared");
    let first = SharedSpeech::create(&start(), 1).unwrap();
    Journal::create(&copy, &first).unwrap();
    let url = office.url_as(0, "口令-1");
    Hub::connect(&url, "讲话")
        .unwrap()
        .push(&first.snapshot().unwrap())
        .unwrap();
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["child_writer", "--exact", "--ignored", "--nocapture"])
        .env("JIANGGAO_CHILD_DIR", &copy)
        .env("JIANGGAO_CHILD_URL", &url)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let out = std::io::BufReader::new(child.stdout.take().unwrap());
    let (mut journaled, mut acked) = (0usize, 0usize);
    for line in out.lines() {
        let line = line.unwrap();
        if let Some(k) = line.strip_prefix("journaled ") {
            journaled = k.parse::<usize>().unwrap() + 1;
        }
        if let Some(k) = line.strip_prefix("acked ") {
            acked = k.parse::<usize>().unwrap() + 1;
            if acked == 40 {
                // SIGKILL, mid-typing: the child is somewhere in its next key.
                child.kill().unwrap();
                break;
            }
        }
    }
    child.wait().unwrap();
    let reopened = Journal::open(&copy).unwrap();
    let on_disk = jianggao::export::render(reopened.shared.speech())
        .matches('键')
        .count();
    assert!(on_disk >= journaled, "{on_disk} of {journaled} journaled");
    let (from_hub, _) = join(&url, "讲话", 77);
    let at_hub = jianggao::export::render(from_hub.speech())
        .matches('键')
        .count();
    assert!(at_hub >= acked, "{at_hub} of {acked} acknowledged");
    // And the two agree once the reopened copy sends what the hub missed.
    let mut copy = reopened.shared;
    let mut hub = Hub::connect(&url, "讲话").unwrap();
    let mut sent = loro::VersionVector::default();
    hub::sync(&mut copy, &mut hub, &mut sent).unwrap();
    let (fresh, _) = join(&url, "讲话", 78);
    assert_eq!(
        jianggao::export::render(fresh.speech()),
        jianggao::export::render(copy.speech())
    );
}

/// A server of the test's own, in a temporary folder, that the test may kill: `initdb` and
/// `postgres` from the installed server, run as the `postgres` user when the test runs as root.
#[cfg(unix)]
struct OwnServer {
    bin: std::path::PathBuf,
    data: tempfile::TempDir,
    port: u16,
    process: Option<std::process::Child>,
    root: bool,
    tls: bool,
}

#[cfg(unix)]
impl OwnServer {
    /// A server for a test, or `None` (the test is skipped) where the tests have no server at
    /// all: the programs are needed, not a running server, but only where CI sets one up.
    fn for_test() -> Option<OwnServer> {
        server()?;
        let own = OwnServer::new();
        assert!(
            own.is_some(),
            "the PostgreSQL server programs are needed (.ci/run installs them)"
        );
        own
    }

    fn new() -> Option<OwnServer> {
        let versions = std::fs::read_dir("/usr/lib/postgresql").ok()?;
        let mut bins: Vec<std::path::PathBuf> = versions
            .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
            .filter(|b| b.join("postgres").is_file())
            .collect();
        bins.sort();
        let bin = bins.pop()?;
        let data = tempfile::tempdir().ok()?;
        // Who runs the test, by the `id` command: no libc call for it.
        let root = std::process::Command::new("id")
            .arg("-u")
            .output()
            .ok()
            .is_some_and(|o| o.stdout.starts_with(b"0\n"));
        if root {
            std::process::Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(data.path())
                .status()
                .ok()?;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .ok()?
            .local_addr()
            .ok()?
            .port();
        let server = OwnServer {
            bin,
            data,
            port,
            process: None,
            root,
            tls: false,
        };
        let status = server
            .command("initdb")
            .args(["-U", "admin", "--auth=trust", "-D"])
            .arg(server.data.path().join("db"))
            .stdout(std::process::Stdio::null())
            .status()
            .ok()?;
        status.success().then_some(server)
    }

    fn command(&self, program: &str) -> std::process::Command {
        if self.root {
            let mut c = std::process::Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(self.bin.join(program));
            c
        } else {
            std::process::Command::new(self.bin.join(program))
        }
    }

    /// Serves TLS with this certificate and key (PEM) from the next start.
    fn use_tls(&mut self, cert: &str, key: &str) {
        use std::os::unix::fs::PermissionsExt;
        let dir = self.data.path();
        std::fs::write(dir.join("server.crt"), cert).unwrap();
        std::fs::write(dir.join("server.key"), key).unwrap();
        std::fs::set_permissions(
            dir.join("server.key"),
            std::fs::Permissions::from_mode(0o600),
        )
        .unwrap();
        if self.root {
            std::process::Command::new("chown")
                .args(["postgres:postgres"])
                .arg(dir.join("server.crt"))
                .arg(dir.join("server.key"))
                .status()
                .unwrap();
        }
        self.tls = true;
    }

    fn start(&mut self) {
        let mut command = self.command("postgres");
        command
            .arg("-D")
            .arg(self.data.path().join("db"))
            .args(["-p", &self.port.to_string(), "-k"])
            .arg(self.data.path())
            .args(["-c", "listen_addresses=127.0.0.1"]);
        if self.tls {
            let dir = self.data.path();
            command
                .args(["-c", "ssl=on", "-c"])
                .arg(format!(
                    "ssl_cert_file={}",
                    dir.join("server.crt").display()
                ))
                .arg("-c")
                .arg(format!("ssl_key_file={}", dir.join("server.key").display()));
        }
        let child = command
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("server starts");
        self.process = Some(child);
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        while postgres::Client::connect(&self.url("admin"), postgres::NoTls).is_err() {
            assert!(
                std::time::Instant::now() < deadline,
                "server did not come up"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// SIGKILL to the server, as a power cut would stop it.
    fn kill(&mut self) {
        if let Some(mut p) = self.process.take() {
            // runuser passes the signal on; kill the server itself by its pid file.
            let pid = std::fs::read_to_string(self.data.path().join("db/postmaster.pid"))
                .ok()
                .and_then(|s| s.lines().next().map(str::to_owned));
            if let Some(pid) = pid {
                let _ = std::process::Command::new("kill")
                    .args(["-9", &pid])
                    .status();
            }
            let _ = p.kill();
            let _ = p.wait();
            // The server's own processes see their parent gone and stop.
            std::thread::sleep(Duration::from_secs(2));
        }
    }

    fn url(&self, person: &str) -> String {
        format!("postgres://{person}@127.0.0.1:{}/postgres", self.port)
    }
}

#[cfg(unix)]
impl Drop for OwnServer {
    fn drop(&mut self) {
        self.kill();
    }
}

#[cfg(unix)]
#[test]
fn the_hub_killed_mid_typing_keeps_every_acknowledged_key() {
    let Some(mut own) = OwnServer::for_test() else {
        return;
    };
    own.start();
    let admin = own.url("admin");
    hub::init(&admin).unwrap();
    hub::add_user(&admin, "frank", "口令-1").unwrap();
    hub::grant(&admin, "讲话", "frank", true).unwrap();
    // Trust authentication on this private server: the name is enough.
    let url = own.url("frank");
    let mut copy = SharedSpeech::create(&start(), 1).unwrap();
    let mut h = Hub::connect(&url, "讲话").unwrap();
    h.push(&copy.snapshot().unwrap()).unwrap();
    let mut sent = copy.version_vector();
    let mut acked = 0;
    let mut typed = 0;
    // Type and send; kill the server after 30 acknowledged keys, while typing goes on.
    for k in 0..60 {
        type_at_end(&mut copy, 0, '键');
        typed += 1;
        if k == 30 {
            own.kill();
        }
        if hub::sync(&mut copy, &mut h, &mut sent).is_ok() {
            acked = typed;
        }
    }
    assert_eq!(acked, 30, "the server stopped answering when killed");
    own.start();
    let (from_hub, _) = join(&url, "讲话", 9);
    let at_hub = jianggao::export::render(from_hub.speech())
        .matches('键')
        .count();
    assert!(
        at_hub >= acked,
        "{at_hub} of {acked} acknowledged keys kept"
    );
    // The writer's keys typed while the server was down go when it is back.
    let mut h = Hub::connect(&url, "讲话").unwrap();
    hub::sync(&mut copy, &mut h, &mut sent).unwrap();
    let (fresh, _) = join(&url, "讲话", 10);
    assert_eq!(
        jianggao::export::render(fresh.speech())
            .matches('键')
            .count(),
        typed
    );
}

/// An office CA and a server certificate it signs for 127.0.0.1: (CA PEM, server cert PEM,
/// server key PEM).
fn office_ca() -> (String, String, String) {
    use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair, SanType};
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(rcgen::DnType::CommonName, "办公室 CA");
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    let key = KeyPair::generate().unwrap();
    let mut server = CertificateParams::new(Vec::<String>::new()).unwrap();
    server.subject_alt_names = vec![SanType::IpAddress("127.0.0.1".parse().unwrap())];
    let cert = server.signed_by(&key, &ca_cert, &ca_key).unwrap();
    (ca_cert.pem(), cert.pem(), key.serialize_pem())
}

#[cfg(unix)]
#[test]
fn with_the_office_ca_the_connection_is_encrypted_and_a_stranger_certificate_is_refused() {
    use jianggao::shared::journal::fresh_peer;
    let Some(mut own) = OwnServer::for_test() else {
        return;
    };
    let (ca, cert, key) = office_ca();
    own.use_tls(&cert, &key);
    own.start();
    let dir = tempfile::tempdir().unwrap();
    let ca_file = dir.path().join("office-ca.pem");
    std::fs::write(&ca_file, &ca).unwrap();
    let (other_ca, _, _) = office_ca();
    let other_file = dir.path().join("other-ca.pem");
    std::fs::write(&other_file, &other_ca).unwrap();
    let admin = own.url("admin");
    hub::init(&admin).unwrap();
    hub::add_user(&admin, "grace", "口令-1").unwrap();
    hub::grant(&admin, "讲话", "grace", true).unwrap();
    let url = own.url("grace");

    // The office CA: encrypted, and the hub works as before.
    let mut hub = Hub::connect_checked(&url, "讲话", Some(&ca_file)).unwrap();
    assert!(hub.is_encrypted().unwrap());
    let copy = SharedSpeech::create(&start(), fresh_peer()).unwrap();
    hub.push(&copy.snapshot().unwrap()).unwrap();
    assert_eq!(hub.pull().unwrap().len(), 1);
    // Without a CA the same server is reached in plain text (the server allows it here)...
    let mut plain = Hub::connect_checked(&url, "讲话", None).unwrap();
    assert!(!plain.is_encrypted().unwrap());
    // ...a certificate another CA signed is refused, never fallen back from...
    match Hub::connect_checked(&url, "讲话", Some(&other_file)) {
        Err(HubError::Connect(m)) => assert!(m.to_lowercase().contains("certificate"), "{m}"),
        Err(e) => panic!("refused otherwise: {e}"),
        Ok(_) => panic!("a stranger's certificate was trusted"),
    }
    // ...and `sslmode=require` without a CA says what is missing.
    match Hub::connect_checked(&format!("{url}?sslmode=require"), "讲话", None) {
        Err(HubError::Connect(m)) => assert!(m.contains("JIANGGAO_HUB_CA"), "{m}"),
        Err(e) => panic!("refused otherwise: {e}"),
        Ok(_) => panic!("connected without a CA"),
    }
}

/// Two windows' sessions on one speech: the first shares its speech, the second joins it from
/// the hub; typing reaches the other copy, each sees where the other's caret is, a reader may
/// look but not edit, and a person without a grant is told so. Each copy's folder opens again
/// with everything in it.
#[test]
fn two_sessions_share_a_speech_with_carets_a_reader_and_a_stranger() {
    use jianggao::doc::model::TextPos;
    use jianggao::session::coedit::{Coedit, CoeditError};
    let Some(admin) = server() else { return };
    let office = Office::new(&admin, "session", &["wang", "li", "zhao", "qian"]);
    let speech = "全市工作会议讲话";
    hub::grant(&office.url_as_admin(), speech, &office.people[0], true).unwrap();
    hub::grant(&office.url_as_admin(), speech, &office.people[1], true).unwrap();
    hub::grant(&office.url_as_admin(), speech, &office.people[2], false).unwrap();
    let address = |person: usize| address(&office, person, speech);
    let data = tempfile::tempdir().unwrap();
    let (dir_a, dir_b) = (data.path().join("a"), data.path().join("b"));
    let waker: jianggao::session::coedit::Waker = std::sync::Arc::new(|| {});
    let mut a = Coedit::connect(address(0), &dir_a, &start(), waker.clone()).unwrap();
    // Two people sharing one name at once: only the first share goes in, under the speech's
    // lock; the second is told the hub has it.
    let mut late = Hub::connect(&office.url_as(1, "口令-1"), speech).unwrap();
    let other_copy = SharedSpeech::create(&Speech::new(), 99).unwrap();
    assert!(!late.share(&other_copy.snapshot().unwrap()).unwrap());
    // A second window on A's copy is refused: two would write one journal.
    assert!(matches!(
        Coedit::connect(address(0), &dir_a, &start(), waker.clone()),
        Err(CoeditError::InUse)
    ));
    // B's own speech is another: joining, it takes the hub's.
    let mut other = Speech::new();
    other.title = "别的讲话".to_owned();
    let mut b = Coedit::connect(address(1), &dir_b, &other, waker.clone()).unwrap();
    assert_eq!(b.speech().title, "在全市工作会议上的讲话");
    assert_eq!(b.speech().sections.len(), 3);

    // A types in the opening; B takes it in.
    let target = TextRef::Paragraph(a.speech().opening[0].id);
    a.apply(Edit::SetText {
        target,
        text: "今天召开全市会议。".to_owned(),
    })
    .unwrap();
    until(&mut b, "A's text in B", &|b| {
        b.speech().opening[0].text == "今天召开全市会议。"
    });

    // B's caret in 二's heading shows in A, there.
    let heading = TextPos::new(TextRef::Heading(b.speech().sections[1].id), 2);
    b.show_caret(Some(heading));
    let a_heading = TextPos::new(TextRef::Heading(a.speech().sections[1].id), 2);
    until(&mut a, "B's caret in A", &|a| {
        a.co_writers()
            .iter()
            .any(|w| w.person == office.people[1] && w.caret == Some(a_heading))
    });

    // The reader sees the speech and may not change it.
    let mut c = Coedit::connect(address(2), &data.path().join("c"), &other, waker.clone()).unwrap();
    assert!(!c.writable());
    assert_eq!(c.speech().opening[0].text, "今天召开全市会议。");
    let c_target = TextRef::Paragraph(c.speech().opening[0].id);
    assert!(matches!(
        c.apply(Edit::SetText {
            target: c_target,
            text: "改".to_owned()
        }),
        Err(CoeditError::ReadOnly)
    ));
    // A speech with a returned file's review still open is not shared: its changes point at
    // this copy's texts.
    let mut reviewed = other.clone();
    reviewed
        .review
        .comments
        .push(jianggao::doc::model::review::Comment {
            id: 1,
            author: "张局长".to_owned(),
            date: String::new(),
            text: "再斟酌".to_owned(),
            target: None,
            at: 0,
            quote: String::new(),
            replies: Vec::new(),
            resolved: false,
        });
    let mut fresh = address(0);
    fresh.speech = "另一篇讲话".to_owned();
    hub::grant(
        &office.url_as_admin(),
        "另一篇讲话",
        &office.people[0],
        true,
    )
    .unwrap();
    assert!(matches!(
        Coedit::connect(fresh, &data.path().join("f"), &reviewed, waker.clone()),
        Err(CoeditError::ReviewOpen)
    ));
    // No grant: told so, nothing made.
    let stranger = Coedit::connect(address(3), &data.path().join("d"), &other, waker.clone());
    assert!(matches!(stranger, Err(CoeditError::NoAccess(_))));
    // A wrong password: the server's refusal.
    let mut wrong = address(1);
    wrong.password = "错".to_owned();
    assert!(Coedit::connect(wrong, &data.path().join("e"), &other, waker.clone()).is_err());

    // B's folder holds what B has: opened again (a restart), it reads the same speech and
    // sends nothing twice that matters.
    // A's grant turned to reading: A's next change is refused by the server, said, and not
    // sent again and again.
    hub::grant(&office.url_as_admin(), speech, &office.people[0], false).unwrap();
    let target = TextRef::Paragraph(a.speech().opening[0].id);
    a.apply(Edit::SetText {
        target,
        text: "今天召开全市会议，改。".to_owned(),
    })
    .unwrap();
    until(
        &mut a,
        "the refusal said",
        &|a| matches!(a.link(), jianggao::session::coedit::Link::Offline(why) if why.contains("不收")),
    );
    let b_text = b.speech().opening[0].text.clone();
    let folder = b.folder().to_owned();
    drop(b);
    let copy = jianggao::shared::journal::read(&folder).unwrap();
    assert_eq!(copy.speech().opening[0].text, b_text);
    let b = Coedit::connect(address(1), &dir_b, &other, waker).unwrap();
    assert_eq!(b.speech().opening[0].text, b_text);
    assert_eq!(b.folder(), folder);
}

/// The window, headless: two drafters open 共享… in their own windows, fill it in and connect
/// (the first shares the sample, the second gets it from the hub); a key typed in one window
/// appears in the other, each sees where the other's caret is, and Ctrl+Z takes back only the
/// typist's own step, in both windows.
#[cfg(feature = "gui")]
#[test]
fn two_windows_edit_one_speech_through_the_share_dialog() {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;
    use jianggao::app::{JianggaoApp, Options, ScriptedDialogs};
    let Some(admin) = server() else { return };
    let office = Office::new(&admin, "window", &["sun", "zhou"]);
    let speech = "示例讲话";
    for p in &office.people {
        hub::grant(&office.url_as_admin(), speech, p, true).unwrap();
    }
    let host = office.host();
    jianggao::check::proof::warm_up();
    let dir = tempfile::tempdir().unwrap();
    let window = |name: &str| {
        let data_dir = dir.path().join(name);
        let mut h = Harness::builder()
            .with_size([1280.0, 800.0])
            .build_eframe(move |cc| {
                JianggaoApp::new(
                    &cc.egui_ctx,
                    Options {
                        file: None,
                        data_dir: Some(data_dir),
                        dialogs: Box::new(ScriptedDialogs::default()),
                    },
                )
            });
        h.run_ok();
        h
    };
    let connect = |h: &mut Harness<'static, JianggaoApp>, person: &str| {
        h.get_by_label("文件").click();
        h.run_ok();
        h.get_by_label("共享…").click();
        h.run_ok();
        for (label, value) in [
            ("服务器地址", format!("{host}/{}", office.db)),
            ("用户名", person.to_owned()),
            ("密码", "口令-1".to_owned()),
            ("讲稿名", speech.to_owned()),
        ] {
            h.get_by_label(label).focus();
            h.run_ok();
            h.get_by_label(label).type_text(&value);
            h.run_ok();
        }
        h.get_by_label("连接").click();
        h.run_ok();
        // The server answers on a thread: the window draws meanwhile.
        for _ in 0..200 {
            if h.state().session().coedit().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
            h.step();
        }
        h.run_ok();
        assert!(
            h.state().session().coedit().is_some(),
            "not connected: {:?}",
            h.state().modal()
        );
        assert!(
            h.state().modal().is_none(),
            "the dialog closes once connected"
        );
        assert!(h.state().title().contains("（共享）"));
    };
    // Frames until `done`, giving the threads time (at most 10 s).
    let until =
        |h: &mut Harness<'static, JianggaoApp>, what: &str, done: &dyn Fn(&JianggaoApp) -> bool| {
            for _ in 0..200 {
                h.step();
                if done(h.state()) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            panic!("not reached in 10 s: {what}");
        };
    let opening = |app: &JianggaoApp| app.speech().opening[0].text.clone();

    let mut a = window("a");
    connect(&mut a, &office.people[0]);
    let mut b = window("b");
    connect(&mut b, &office.people[1]);
    let before = opening(a.state());
    assert_eq!(opening(b.state()), before);

    // A fills the opening's first blank; B sees it.
    a.get_by_label("开头 第1段 第4字").click();
    a.run_ok();
    a.event(egui::Event::Text("张".into()));
    a.run_ok();
    let typed = before.replacen('*', "张", 1);
    assert_eq!(opening(a.state()), typed);
    until(&mut b, "A's key in B", &|b| opening(b) == typed);

    // A's caret, in B's copy, is right after 张 in the opening.
    let a_caret = TextRef::Paragraph(b.state().speech().opening[0].id);
    // A's window keeps drawing (its caret is announced at most every quarter second).
    let at = typed
        .find('张')
        .map(|i| typed[..i].chars().count() + 1)
        .unwrap();
    let mut seen = false;
    for _ in 0..200 {
        a.step();
        b.step();
        seen = b
            .state()
            .session()
            .coedit()
            .unwrap()
            .co_writers()
            .iter()
            .any(|w| {
                w.caret.is_some_and(|c| {
                    c.spot == jianggao::doc::model::Spot::Text(a_caret) && c.offset == at
                })
            });
        if seen {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(seen, "A's caret not seen in B");

    // B fills the other blank of the same paragraph; A undoes: only A's 张 goes, in both
    // windows, and B's 李 stays.
    b.get_by_label("开头 第1段 第26字").click();
    b.run_ok();
    b.event(egui::Event::Text("李".into()));
    b.run_ok();
    let both = typed.replacen('*', "李", 1);
    assert_eq!(opening(b.state()), both);
    until(&mut a, "B's key in A", &|a| opening(a) == both);
    a.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    a.run_ok();
    let only_b = before.replacen("，*将", "，李将", 1);
    assert_eq!(opening(a.state()), only_b);
    until(&mut b, "A's undo in B", &|b| opening(b) == only_b);

    // B deletes the last part; both windows lose it. A brings it back from the 回收站 in
    // 共享…, with its words; B gets it back too.
    let parts = |app: &JianggaoApp| app.speech().sections.len();
    let n = parts(b.state());
    let last = b.state().speech().sections[n - 1].clone();
    b.state_mut()
        .push(jianggao::app::Cmd::Edit(Edit::DeleteSection {
            id: last.id,
        }));
    b.run_ok();
    assert_eq!(parts(b.state()), n - 1);
    until(&mut a, "B's deletion in A", &|a| parts(a) == n - 1);
    a.get_by_label("文件").click();
    a.run_ok();
    a.get_by_label("共享…").click();
    a.run_ok();
    a.get_by_label(&last.heading);
    a.get_by_label("恢复").click();
    a.run_ok();
    assert_eq!(parts(a.state()), n);
    let back = &a.state().speech().sections[n - 1];
    assert_eq!(back.heading, last.heading);
    assert_eq!(back.children.len(), last.children.len());
    until(&mut b, "A's restore in B", &|b| parts(b) == n);
}

/// The server down when a drafter starts: their copy opens offline from its folder, takes their
/// typing, and sends it once the server is back; a co-writer whose link broke meanwhile gets it.
/// Without a copy on disk, the same address is refused with why.
#[cfg(unix)]
#[test]
fn a_copy_opens_offline_and_its_work_reaches_the_hub_when_the_server_is_back() {
    use jianggao::session::coedit::{Address, Coedit, Link};
    let Some(mut own) = OwnServer::for_test() else {
        return;
    };
    own.start();
    let admin = own.url("admin");
    hub::init(&admin).unwrap();
    for p in ["gina", "hank"] {
        hub::add_user(&admin, p, "口令-1").unwrap();
        hub::grant(&admin, "讲话", p, true).unwrap();
    }
    let urls: HashMap<&str, String> = ["gina", "hank"].map(|p| (p, own.url(p))).into();
    let address = |p: &str| Address {
        server: urls[p].clone(),
        person: p.to_owned(),
        password: String::new(),
        speech: "讲话".to_owned(),
    };
    let data = tempfile::tempdir().unwrap();
    let waker: jianggao::session::coedit::Waker = std::sync::Arc::new(|| {});
    let mut a = Coedit::connect(
        address("gina"),
        &data.path().join("a"),
        &start(),
        waker.clone(),
    )
    .unwrap();
    let other = Speech::new();
    let b = Coedit::connect(
        address("hank"),
        &data.path().join("b"),
        &other,
        waker.clone(),
    )
    .unwrap();
    drop(b);

    own.kill();
    let mut b = Coedit::connect(
        address("hank"),
        &data.path().join("b"),
        &other,
        waker.clone(),
    )
    .expect("opens offline from its folder");
    assert!(matches!(b.link(), Link::Offline(_)));
    assert_eq!(b.speech().title, "在全市工作会议上的讲话");
    let target = TextRef::Paragraph(b.speech().opening[0].id);
    b.apply(Edit::SetText {
        target,
        text: "今天召开会议，离线写的。".to_owned(),
    })
    .unwrap();
    // No copy on disk: nothing to open offline.
    assert!(
        Coedit::connect(
            address("hank"),
            &data.path().join("c"),
            &other,
            waker.clone()
        )
        .is_err()
    );

    own.start();
    until(&mut b, "B back online", &|b| b.link() == Link::Online);
    until(&mut a, "B's offline work in A", &|a| {
        a.speech().opening[0].text == "今天召开会议，离线写的。"
    });
}

/// The window's session keeps its caret among the same words when a co-writer's batch of
/// changes comes in: text typed before it in the same paragraph and a new part elsewhere.
#[test]
fn the_caret_keeps_its_place_when_a_batch_of_co_writers_changes_arrives() {
    use jianggao::doc::model::TextPos;
    use jianggao::session::Session;
    use jianggao::session::coedit::{Address, Coedit};
    let Some(admin) = server() else { return };
    let office = Office::new(&admin, "caret", &["ivy", "jack"]);
    let speech = "讲话";
    for p in &office.people {
        hub::grant(&office.url_as_admin(), speech, p, true).unwrap();
    }
    let address = |person: usize| Address {
        server: office.url_as(person, "口令-1"),
        person: office.people[person].clone(),
        password: String::new(),
        speech: speech.to_owned(),
    };
    let data = tempfile::tempdir().unwrap();
    let waker: jianggao::session::coedit::Waker = std::sync::Arc::new(|| {});
    let (mut session, _) = Session::start(None, Some(data.path().join("a")));
    session.replace_document(start(), None);
    session.share(address(0), waker.clone()).unwrap();
    let mut b = Coedit::connect(address(1), &data.path().join("b"), &Speech::new(), waker).unwrap();
    // The caret after 召开 in the opening (今天召开|会议。).
    let a_para = TextRef::Paragraph(session.speech().opening[0].id);
    let mut caret = TextPos::new(a_para, 4);
    // B types before it and adds a part, in one batch as far as A can tell.
    let b_para = TextRef::Paragraph(b.speech().opening[0].id);
    b.apply(Edit::SetText {
        target: b_para,
        text: "同志们，今天召开会议。".to_owned(),
    })
    .unwrap();
    b.apply(Edit::InsertSection {
        parent: None,
        index: 3,
        heading: "加强保障".to_owned(),
    })
    .unwrap();
    for _ in 0..200 {
        let news = session.poll_shared(&[caret, caret]);
        if news.step.is_some() {
            // As the window does: the caret goes where the news says.
            assert_eq!(news.kept[0], news.kept[1]);
            caret = news.kept[1];
        }
        if session.speech().sections.len() == 4
            && session.speech().opening[0].text == "同志们，今天召开会议。"
        {
            assert_eq!(caret, TextPos::new(a_para, 8));
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("B's changes never arrived");
}

/// A hub set up by an earlier version (its presence table keyed without the person): the
/// server refuses a writer's caret, and the writer's changes still go through; running the set-up
/// again brings the table up to date, and carets show again.
#[test]
fn a_caret_the_server_refuses_stops_no_change_and_init_brings_an_earlier_hub_up_to_date() {
    use jianggao::doc::model::TextPos;
    use jianggao::session::coedit::{Coedit, Link};
    let Some(admin) = server() else { return };
    let office = Office::new(&admin, "earlier", &["wang", "li"]);
    let speech = "较早的共享库";
    for p in 0..2 {
        hub::grant(&office.url_as_admin(), speech, &office.people[p], true).unwrap();
    }
    let mut c = postgres::Client::connect(&office.url_as_admin(), postgres::NoTls).unwrap();
    c.batch_execute(
        "DROP TABLE jianggao.presence;
         CREATE TABLE jianggao.presence (speech text NOT NULL, peer bigint NOT NULL,
           person name NOT NULL DEFAULT current_user, caret bytea,
           at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (speech, peer));
         GRANT SELECT, INSERT, UPDATE, DELETE ON jianggao.presence TO jianggao_user;",
    )
    .unwrap();
    let address = |person: usize| address(&office, person, speech);
    let data = tempfile::tempdir().unwrap();
    let waker: jianggao::session::coedit::Waker = std::sync::Arc::new(|| {});
    let mut a =
        Coedit::connect(address(0), &data.path().join("a"), &start(), waker.clone()).unwrap();
    let mut b = Coedit::connect(address(1), &data.path().join("b"), &start(), waker).unwrap();
    // A's caret first (the server refuses it: its table has no key for the upsert), then a
    // change: the change reaches B, and A's link is not said to be refused.
    let heading = |c: &Coedit| TextPos::new(TextRef::Heading(c.speech().sections[1].id), 1);
    let at = heading(&a);
    a.show_caret(Some(at));
    std::thread::sleep(Duration::from_millis(300));
    let target = TextRef::Paragraph(a.speech().opening[0].id);
    a.apply(Edit::SetText {
        target,
        text: "今天召开全市会议。".to_owned(),
    })
    .unwrap();
    until(&mut b, "A's change in B", &|b| {
        b.speech().opening[0].text == "今天召开全市会议。"
    });
    a.poll().unwrap();
    assert!(matches!(a.link(), Link::Online), "{:?}", a.link());
    assert!(b.co_writers().is_empty());
    // The set-up run again makes the table anew; A's next caret shows in B.
    hub::init(&office.url_as_admin()).unwrap();
    a.show_caret(Some(TextPos { offset: 2, ..at }));
    let expected = heading(&b);
    until(&mut b, "A's caret in B", &|b| {
        b.co_writers().iter().any(|w| {
            w.caret
                .is_some_and(|c| c.spot == expected.spot && c.offset == 2)
        })
    });
}

/// A long session's journal is folded into a fresh snapshot at a pause in typing, once it holds
/// [`COMPACT_AFTER`](jianggao::session::coedit::COMPACT_AFTER) steps: the copy stays quick to
/// open, and reopened it reads as typed.
#[test]
fn a_long_journal_is_folded_into_the_snapshot_at_a_pause() {
    use jianggao::session::Session;
    use jianggao::session::coedit::COMPACT_AFTER;
    let Some(admin) = server() else { return };
    let office = Office::new(&admin, "compact", &["kate"]);
    let speech = "长讲话";
    hub::grant(&office.url_as_admin(), speech, &office.people[0], true).unwrap();
    let data = tempfile::tempdir().unwrap();
    let waker: jianggao::session::coedit::Waker = std::sync::Arc::new(|| {});
    let (mut session, _) = Session::start(None, Some(data.path().join("a")));
    session.replace_document(start(), None);
    session.share(address(&office, 0, speech), waker).unwrap();
    let target = TextRef::Paragraph(session.speech().opening[0].id);
    let mut text = session.speech().opening[0].text.clone();
    let steps = |s: &Session| s.coedit().unwrap().journaled_steps();
    for k in 0..COMPACT_AFTER {
        text.push(if k % 2 == 0 { '甲' } else { '乙' });
        session
            .apply(Edit::SetText {
                target,
                text: text.clone(),
            })
            .unwrap();
        // A pause before the journal is long leaves it as it is.
        if k == COMPACT_AFTER / 2 {
            session.seal();
            assert_eq!(steps(&session), k + 1);
        }
    }
    assert_eq!(steps(&session), COMPACT_AFTER);
    let folder = session.coedit().unwrap().folder().to_owned();
    let journal_len = |f: &std::path::Path| {
        std::fs::read_dir(f)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with("journal"))
            .map(|e| e.metadata().unwrap().len())
            .sum::<u64>()
    };
    let long = journal_len(&folder);
    // The snapshot's place taken (a folder there): the write fails, is said, and every step
    // stays in the journal; another pause with no new step does not try again.
    let snapshot = folder.join(jianggao::shared::journal::SNAPSHOT);
    let saved = std::fs::read(&snapshot).unwrap();
    std::fs::remove_file(&snapshot).unwrap();
    std::fs::create_dir_all(snapshot.join("占位")).unwrap();
    let _ = session.take_status();
    session.seal();
    let said = session.take_status().unwrap_or_default();
    assert!(said.contains("没有写好"), "{said}");
    assert_eq!(steps(&session), COMPACT_AFTER);
    session.seal();
    assert_eq!(session.take_status(), None);
    // The place free again, a pause after one more step folds the journal.
    std::fs::remove_dir_all(&snapshot).unwrap();
    std::fs::write(&snapshot, saved).unwrap();
    text.push('丙');
    session
        .apply(Edit::SetText {
            target,
            text: text.clone(),
        })
        .unwrap();
    session.seal();
    assert_eq!(steps(&session), 0);
    assert!(journal_len(&folder) * 100 < long, "{long} bytes before");
    // The folder reopened (as after a crash) holds every key.
    let copy = jianggao::shared::journal::read(&folder).unwrap();
    assert_eq!(copy.speech().opening[0].text, text);
}
