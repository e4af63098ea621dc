//! A tiny blocking HTTP client over ureq that never turns a status into an error.

use std::time::Duration;

/// What the server answered.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    /// The body parsed as JSON (panics with the body when it is not).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|err| panic!("not JSON ({err}): {}", self.body))
    }

    /// Every value of a header (e.g. all `Set-Cookie`s).
    pub fn headers_named(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The value a `Set-Cookie` gives `name`, if any.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.headers_named("set-cookie").into_iter().find_map(|c| {
            let first = c.split(';').next()?;
            let (n, v) = first.split_once('=')?;
            (n.trim() == name).then(|| v.trim().to_owned())
        })
    }

    /// The `error.code` of an error answer.
    pub fn code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// A response header, case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn agent() -> ureq::Agent {
    ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(30))
        .redirects(0)
        .build()
}

/// Sends a raw (non-JSON-encoded) body with the given headers.
pub fn send_raw(method: &str, url: &str, headers: &[(&str, &str)], body: &str) -> Answer {
    let mut request = agent().request(method, url);
    for (name, value) in headers {
        request = request.set(name, value);
    }
    finish(method, url, request.send_string(body))
}

/// Sends `data` as the field `field` of a `multipart/form-data` body, named `filename` and
/// claiming `content_type` (what a browser would send; the server must not believe either).
pub fn upload(
    url: &str,
    headers: &[(&str, &str)],
    field: &str,
    filename: &str,
    content_type: &str,
    data: &[u8],
) -> Answer {
    let boundary = "kabinet-test-boundary-7f3a";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\nContent-Type: {content_type}\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(data);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut request = agent().request("POST", url).set(
        "Content-Type",
        &format!("multipart/form-data; boundary={boundary}"),
    );
    for (name, value) in headers {
        request = request.set(name, value);
    }
    finish("POST", url, request.send_bytes(&body))
}

/// Sends one request; transport failures panic (the server is expected to be up).
pub fn call(method: &str, url: &str, body: Option<serde_json::Value>) -> Answer {
    call_with(method, url, body, &[])
}

/// Like [`call`], with extra request headers.
pub fn call_with(
    method: &str,
    url: &str,
    body: Option<serde_json::Value>,
    headers: &[(&str, &str)],
) -> Answer {
    let mut request = agent().request(method, url);
    for (name, value) in headers {
        request = request.set(name, value);
    }
    let result = match body {
        Some(json) => request.send_json(json),
        None => request.call(),
    };
    finish(method, url, result)
}

fn finish(method: &str, url: &str, result: Result<ureq::Response, ureq::Error>) -> Answer {
    let response = match result {
        Ok(response) => response,
        Err(ureq::Error::Status(_, response)) => response,
        Err(err) => panic!("{method} {url} failed: {err}"),
    };
    let status = response.status();
    let content_type = response.header("content-type").unwrap_or("").to_owned();
    let mut names = response.headers_names();
    names.dedup();
    let headers = names
        .into_iter()
        .flat_map(|n| {
            response
                .all(&n)
                .into_iter()
                .map(|v| (n.clone(), v.to_owned()))
                .collect::<Vec<_>>()
        })
        .collect();
    let body = response.into_string().unwrap_or_default();
    Answer {
        status,
        content_type,
        headers,
        body,
    }
}

/// A query-string value percent-encoded (`+` would otherwise arrive as a space), for typed
/// searches such as `?q=+7 (913) 123-45-67`.
pub fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The value of one series (`name{labels}` exactly as Prometheus text writes it) scraped from
/// the metrics listener at `listen`; 0 while it has not been counted yet.
pub fn metric(listen: &str, series: &str) -> u64 {
    let text = call("GET", &format!("http://{listen}/metrics"), None).body;
    let prefix = format!("{series} ");
    text.lines()
        .find_map(|line| line.strip_prefix(&prefix))
        .map_or(0, |n| {
            n.trim()
                .parse()
                .unwrap_or_else(|_| panic!("unreadable {series} {n:?}"))
        })
}
