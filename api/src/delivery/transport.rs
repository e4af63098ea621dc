//! Where messages go: e-mail over SMTP (`lettre`) or, with no SMTP configured, into `.eml`
//! files a newcomer can open; SMS through an HTTP gateway or, unconfigured, into the log.

use std::path::PathBuf;
use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::MultiPart;
use lettre::{FileTransport, Message, SmtpTransport, Transport};

/// Why a message was not delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Worth another try later (the server is down, a 4xx SMTP answer, a full disk).
    Temporary(String),
    /// Will never work (a malformed address, a 5xx SMTP answer): given up at once.
    Permanent(String),
}

/// One outbox message, as a transport sees it.
pub struct Outgoing<'a> {
    pub id: i64,
    pub recipient: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    /// The HTML alternative of an e-mail's `body`.
    pub html: Option<&'a str>,
}

/// Sends e-mail.
pub trait Mail: Send + Sync {
    fn send(&self, message: &Outgoing<'_>) -> Result<(), Failure>;
    /// Said at start, so nobody wonders where the mail went.
    fn describe(&self) -> String;
}

/// Sends SMS.
pub trait Sms: Send + Sync {
    fn send(&self, message: &Outgoing<'_>) -> Result<(), Failure>;
    fn describe(&self) -> String;
}

/// Builds the e-mail: plain UTF-8 text (with an HTML alternative when the message has one), and a `Message-ID` made from the outbox id, so the one
/// message a crash makes the worker send twice is recognisable as the same message.
fn email(from: &str, message: &Outgoing<'_>) -> Result<Message, Failure> {
    let domain = from
        .rsplit_once('@')
        .map_or("kabinet.local", |(_, d)| d.trim_end_matches('>'));
    let to = message
        .recipient
        .parse()
        .map_err(|err| Failure::Permanent(format!("recipient address: {err}")))?;
    let from = from
        .parse()
        .map_err(|err| Failure::Permanent(format!("KABINET_MAIL_FROM: {err}")))?;
    let builder = Message::builder()
        .from(from)
        .to(to)
        .subject(message.subject)
        .message_id(Some(format!("<outbox-{}@{domain}>", message.id)));
    let built = match message.html {
        Some(html) => builder.multipart(MultiPart::alternative_plain_html(
            message.body.to_owned(),
            html.to_owned(),
        )),
        None => builder
            .header(ContentType::TEXT_PLAIN)
            .body(message.body.to_owned()),
    };
    built.map_err(|err| Failure::Permanent(format!("message: {err}")))
}

/// E-mail over SMTP.
pub struct SmtpMail {
    transport: SmtpTransport,
    from: String,
    shown: String,
}

impl SmtpMail {
    /// `url`: `smtp://host:25`, `smtp://host:587?tls=required` or `smtps://user:pass@host:465`.
    pub fn new(url: &str, from: &str) -> anyhow::Result<Self> {
        let transport = SmtpTransport::from_url(url)
            .map_err(|err| anyhow::anyhow!("KABINET_SMTP_URL: {err}"))?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        Ok(Self {
            transport,
            from: from.to_owned(),
            shown: redact(url),
        })
    }
}

/// The URL without its password, for the log.
fn redact(url: &str) -> String {
    match (url.split_once("://"), url.rfind('@')) {
        (Some((scheme, rest)), Some(at)) => {
            let host = &url[at + 1..];
            let user = rest.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}")
        }
        _ => url.to_owned(),
    }
}

impl Mail for SmtpMail {
    fn send(&self, message: &Outgoing<'_>) -> Result<(), Failure> {
        let email = email(&self.from, message)?;
        self.transport.send(&email).map(drop).map_err(|err| {
            if err.is_permanent() {
                Failure::Permanent(err.to_string())
            } else {
                Failure::Temporary(err.to_string())
            }
        })
    }

    fn describe(&self) -> String {
        format!("e-mail over SMTP {}", self.shown)
    }
}

/// E-mail written as `.eml` files into a folder: what would have been sent.
pub struct FolderMail {
    transport: FileTransport,
    from: String,
    dir: PathBuf,
}

impl FolderMail {
    pub fn new(dir: PathBuf, from: &str) -> anyhow::Result<Self> {
        std::fs::create_dir_all(&dir)
            .map_err(|err| anyhow::anyhow!("KABINET_MAIL_DIR {}: {err}", dir.display()))?;
        Ok(Self {
            transport: FileTransport::new(&dir),
            from: from.to_owned(),
            dir,
        })
    }
}

impl Mail for FolderMail {
    fn send(&self, message: &Outgoing<'_>) -> Result<(), Failure> {
        let email = email(&self.from, message)?;
        self.transport
            .send(&email)
            .map(drop)
            .map_err(|err| Failure::Temporary(err.to_string()))
    }

    fn describe(&self) -> String {
        format!(
            "NO SMTP configured — e-mail is written as .eml files into {} (set KABINET_SMTP_URL to send)",
            self.dir.display()
        )
    }
}

/// SMS through an HTTP gateway: `POST url` with `Authorization: Bearer token` and
/// `{"to", "text", "id"}`; any 2xx is delivered, 4xx given up (but 429), the rest retried.
pub struct HttpSms {
    url: String,
    token: String,
    agent: ureq::Agent,
}

impl HttpSms {
    pub fn new(url: &str, token: &str) -> Self {
        Self {
            url: url.to_owned(),
            token: token.to_owned(),
            agent: ureq::AgentBuilder::new()
                .timeout(Duration::from_secs(20))
                .build(),
        }
    }
}

impl Sms for HttpSms {
    fn send(&self, message: &Outgoing<'_>) -> Result<(), Failure> {
        let answer = self
            .agent
            .post(&self.url)
            .set("Authorization", &format!("Bearer {}", self.token))
            .send_json(serde_json::json!({
                "to": message.recipient,
                "text": message.body,
                "id": message.id.to_string(),
            }));
        match answer {
            Ok(_) => Ok(()),
            Err(ureq::Error::Status(code, _)) if (400..500).contains(&code) && code != 429 => {
                Err(Failure::Permanent(format!("SMS gateway answered {code}")))
            }
            Err(ureq::Error::Status(code, _)) => {
                Err(Failure::Temporary(format!("SMS gateway answered {code}")))
            }
            Err(err) => Err(Failure::Temporary(format!("SMS gateway: {err}"))),
        }
    }

    fn describe(&self) -> String {
        format!("SMS through the HTTP gateway {}", self.url)
    }
}

/// No gateway: the SMS goes to the log, its number masked (only the last four digits shown).
pub struct LoggedSms;

impl Sms for LoggedSms {
    fn send(&self, message: &Outgoing<'_>) -> Result<(), Failure> {
        let digits: String = message
            .recipient
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        let tail = &digits[digits.len().saturating_sub(4)..];
        log::info!(
            "SMS not sent (no gateway configured) to …{tail}: {}",
            message.body
        );
        Ok(())
    }

    fn describe(&self) -> String {
        "NO SMS gateway configured — SMS are written to the log (set KABINET_SMS_URL)".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_smtp_password_never_reaches_the_log() {
        let shown = redact("smtps://kabinet:hunter2@mail.example.ru:465");
        assert_eq!(shown, "smtps://kabinet:***@mail.example.ru:465");
        assert_eq!(redact("smtp://127.0.0.1:25"), "smtp://127.0.0.1:25");
    }

    #[test]
    fn a_malformed_address_is_given_up_at_once() {
        let outgoing = Outgoing {
            id: 7,
            recipient: "not an address",
            subject: "Тема",
            body: "Текст",
            html: None,
        };
        assert!(matches!(
            email("Kabinet <noreply@kabinet.local>", &outgoing),
            Err(Failure::Permanent(_))
        ));
    }
}
