//! A real SMTP server on loopback for the delivery tests: it speaks enough of RFC 5321 for
//! `lettre` (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), keeps every message it accepts, and can
//! be told to refuse mail with a temporary (4xx) or permanent (5xx) answer.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One accepted message.
#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    /// The message as sent after `DATA` (headers and body, dot-unstuffed).
    pub data: String,
}

impl Received {
    /// A header's raw value (first occurrence), unfolded.
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next().unwrap_or_default();
        let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ");
        unfolded.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name)
                .then(|| value.trim().to_owned())
        })
    }
}

impl Received {
    /// The body as text, its transfer encoding (base64 or quoted-printable) undone.
    pub fn text(&self) -> String {
        use base64::Engine as _;
        let body = self.data.split_once("\r\n\r\n").map_or("", |(_, b)| b);
        let encoding = self
            .header("Content-Transfer-Encoding")
            .unwrap_or_default()
            .to_ascii_lowercase();
        let bytes = match encoding.as_str() {
            "base64" => {
                let packed: String = body.split_whitespace().collect();
                base64::engine::general_purpose::STANDARD
                    .decode(packed)
                    .unwrap_or_default()
            }
            "quoted-printable" => unquote(body),
            _ => body.as_bytes().to_vec(),
        };
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

impl Received {
    /// The parts of a `multipart/alternative` message: `(content type, decoded text)`; a
    /// single-part message is one part.
    pub fn parts(&self) -> Vec<(String, String)> {
        let kind = self.header("Content-Type").unwrap_or_default();
        let Some(boundary) = kind
            .split(';')
            .find_map(|p| p.trim().strip_prefix("boundary="))
            .map(|b| b.trim_matches('"').to_owned())
        else {
            return vec![(kind, self.text())];
        };
        let body = self.data.split_once("\r\n\r\n").map_or("", |(_, b)| b);
        body.split(&format!("--{boundary}"))
            .filter(|part| !part.trim().is_empty() && !part.starts_with("--"))
            .map(|part| {
                let part = Received {
                    from: String::new(),
                    to: Vec::new(),
                    data: part.trim_start_matches("\r\n").to_owned(),
                };
                (part.header("Content-Type").unwrap_or_default(), part.text())
            })
            .collect()
    }

    /// The decoded part whose content type starts with `kind` (`text/plain`, `text/html`).
    pub fn part(&self, kind: &str) -> Option<String> {
        self.parts()
            .into_iter()
            .find(|(k, _)| k.starts_with(kind))
            .map(|(_, text)| text)
    }
}

fn unquote(body: &str) -> Vec<u8> {
    let joined = body.replace("=\r\n", "");
    let raw = joined.as_bytes();
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match (raw[i], raw.get(i + 1..i + 3)) {
            (b'=', Some(hex)) => match u8::from_str_radix(&String::from_utf8_lossy(hex), 16) {
                Ok(byte) => {
                    out.push(byte);
                    i += 3;
                }
                Err(_) => {
                    out.push(b'=');
                    i += 1;
                }
            },
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    out
}

/// The running sink; stops accepting when dropped (the port is freed with the process).
pub struct SmtpSink {
    port: u16,
    received: Arc<Mutex<Vec<Received>>>,
    refuse: Arc<AtomicU16>,
}

impl SmtpSink {
    /// Starts on a free loopback port.
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the SMTP sink");
        let port = listener.local_addr().expect("address").port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let refuse = Arc::new(AtomicU16::new(0));
        let (kept, refusing) = (received.clone(), refuse.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().map_while(Result::ok) {
                let (kept, refusing) = (kept.clone(), refusing.clone());
                std::thread::spawn(move || {
                    let _ = session(stream, &kept, &refusing);
                });
            }
        });
        Self {
            port,
            received,
            refuse,
        }
    }

    /// `smtp://127.0.0.1:<port>` for `KABINET_SMTP_URL`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Answer `MAIL FROM` with `code` (e.g. 451, 550) from now on; 0 accepts again.
    pub fn refuse_with(&self, code: u16) {
        self.refuse.store(code, Ordering::SeqCst);
    }

    /// Everything accepted so far.
    pub fn messages(&self) -> Vec<Received> {
        self.received.lock().map(|m| m.clone()).unwrap_or_default()
    }

    /// Waits until at least `count` messages arrived (or `limit` passed) and returns them all.
    pub fn wait_for(&self, count: usize, limit: Duration) -> Vec<Received> {
        let started = Instant::now();
        loop {
            let now = self.messages();
            if now.len() >= count || started.elapsed() > limit {
                return now;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn session(
    stream: TcpStream,
    kept: &Mutex<Vec<Received>>,
    refuse: &AtomicU16,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    stream.set_nodelay(true)?;
    let mut out = stream.try_clone()?;
    let mut lines = BufReader::new(stream);
    out.write_all(b"220 sink.test ESMTP kabinet-e2e\r\n")?;
    let (mut from, mut to) = (String::new(), Vec::new());
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_owned();
        let verb = command.get(..4).unwrap_or_default().to_ascii_uppercase();
        match verb.as_str() {
            "EHLO" => out.write_all(b"250-sink.test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")?,
            "HELO" => out.write_all(b"250 sink.test\r\n")?,
            "MAIL" => match refuse.load(Ordering::SeqCst) {
                0 => {
                    from = address(&command);
                    to.clear();
                    out.write_all(b"250 OK\r\n")?;
                }
                code => out.write_all(format!("{code} refused by the test\r\n").as_bytes())?,
            },
            "RCPT" => {
                to.push(address(&command));
                out.write_all(b"250 OK\r\n")?;
            }
            "DATA" => {
                out.write_all(b"354 go ahead\r\n")?;
                let mut data = String::new();
                loop {
                    line.clear();
                    if lines.read_line(&mut line)? == 0 {
                        return Ok(());
                    }
                    if line == ".\r\n" {
                        break;
                    }
                    data.push_str(line.strip_prefix('.').unwrap_or(&line));
                }
                if let Ok(mut all) = kept.lock() {
                    all.push(Received {
                        from: from.clone(),
                        to: to.clone(),
                        data,
                    });
                }
                out.write_all(b"250 OK queued\r\n")?;
            }
            "RSET" | "NOOP" => out.write_all(b"250 OK\r\n")?,
            "QUIT" => {
                out.write_all(b"221 bye\r\n")?;
                return Ok(());
            }
            _ => out.write_all(b"502 not implemented\r\n")?,
        }
    }
}

/// The address in `MAIL FROM:<a@b>` / `RCPT TO:<a@b>`.
fn address(command: &str) -> String {
    command
        .split_once('<')
        .and_then(|(_, rest)| rest.split_once('>'))
        .map(|(address, _)| address.to_owned())
        .unwrap_or_default()
}
