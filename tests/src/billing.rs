//! Starting points for the billing tests: a [`World`] whose server signs sandbox webhooks with a
//! known key ([`WEBHOOK_SECRET`]) in the supplier's zone `Asia/Krasnoyarsk` (UTC+7), a billing
//! key with the charges and payments scopes, and helpers that upload, read the statement and
//! the lists, pay, sign webhooks and fetch binary answers (the receipt PDF).

use std::time::Duration;

use hmac::{Hmac, Mac};
use kabinet_shared::api::accounts::LinkCode;
use kabinet_shared::api::billing::{
    ChargeItem, ChargesResult, PaymentItem, PaymentsResult, Statement,
};
use kabinet_shared::api::integration::BulkResult;
use kabinet_shared::api::page::Page;
use kabinet_shared::money::Kopecks;
use kabinet_shared::ErrorBody;
use serde_json::{json, Value};
use sha2::Sha256;

use crate::fixtures::{World, ACCOUNT, OWNER};
use crate::http::Answer;
use crate::identity::{registration, Session, PASSWORD};
use crate::{Backend, TestApp};

/// Asserts a refusal: `status` with the error envelope's `code`.
pub fn refused(answer: &Answer, status: u16, code: &str) -> ErrorBody {
    let body: ErrorBody = answer.expect(status);
    assert_eq!(body.error.code.as_str(), code, "{}", answer.body);
    body
}

/// Asserts a 400 whose `fields[field]` is `code`.
pub fn field_refused(answer: &Answer, field: &str, code: &str) {
    assert_eq!(answer.status, 400, "{}", answer.body);
    assert_eq!(
        answer.json()["error"]["fields"][field],
        json!(code),
        "{}",
        answer.body
    );
}

/// The sandbox provider's webhook key the server is started with.
pub const WEBHOOK_SECRET: &str = "e2e-sandbox-webhook-secret-0123456789abcdef";
/// Scopes of [`Billing::key`].
pub const SCOPES: &str = "houses:write,accounts:write,charges:write,payments:write";
/// The supplier's zone the server is given (UTC+7 all year).
pub const ZONE: &str = "Asia/Krasnoyarsk";

/// A charge row for `account`.
pub fn charge(account: &str, service: &str, amount: &str, kind: &str) -> Value {
    json!({"account": account, "service": service, "amount": amount, "kind": kind})
}

/// A regular charge with its quantity, unit and tariff.
pub fn metered(
    account: &str,
    service: &str,
    quantity: &str,
    unit: &str,
    tariff: &str,
    amount: &str,
) -> Value {
    json!({"account": account, "service": service, "quantity": quantity, "unit": unit,
        "tariff": tariff, "amount": amount, "kind": "regular"})
}

/// A charge with its grounds (recalculations, penalties).
pub fn with_comment(
    account: &str,
    service: &str,
    amount: &str,
    kind: &str,
    comment: &str,
) -> Value {
    json!({"account": account, "service": service, "amount": amount, "kind": kind, "comment": comment})
}

/// A payment row made outside Kabinet.
pub fn payment(
    external_id: &str,
    account: &str,
    amount: &str,
    paid_at: &str,
    channel: &str,
) -> Value {
    json!({"external_id": external_id, "account": account, "amount": amount,
        "paid_at": paid_at, "channel": channel})
}

/// An account row of the fixture's house.
pub fn account_row(number: &str, owner: &str) -> Value {
    json!({"number": number, "owner_name": owner, "house_id": "H-1",
        "address": {"settlement": "г. Кызыл", "street": "ул. Ленина", "house": "12", "flat": "7"},
        "heated_area": "54.30", "residents": 3})
}

/// Money from its decimal string (panics on a typo in a test).
pub fn rub(text: &str) -> Kopecks {
    Kopecks::parse(text).unwrap_or_else(|e| panic!("{text}: {e:?}"))
}

/// `Kabinet-Signature` for `body` at unix time `t` with `key`, computed here independently of
/// the server: `t=<t>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.
pub fn signature(key: &[u8], t: i64, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    mac.update(format!("{t}.{body}").as_bytes());
    format!("t={t},v1={}", hex::encode(mac.finalize().into_bytes()))
}

/// Now in unix seconds.
pub fn unix_now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// An answer with a binary body (the receipt PDF).
#[derive(Debug)]
pub struct Bytes {
    pub status: u16,
    pub content_type: String,
    pub content_disposition: String,
    pub body: Vec<u8>,
}

impl Bytes {
    /// The body as text (for error answers).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// `GET url` with headers, keeping the body as bytes.
pub fn get_bytes(url: &str, headers: &[(&str, &str)]) -> Bytes {
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(60))
        .build();
    let mut request = agent.get(url);
    for (name, value) in headers {
        request = request.set(name, value);
    }
    let response = match request.call() {
        Ok(r) | Err(ureq::Error::Status(_, r)) => r,
        Err(err) => panic!("GET {url} failed: {err}"),
    };
    let status = response.status();
    let content_type = response.header("content-type").unwrap_or("").to_owned();
    let content_disposition = response
        .header("content-disposition")
        .unwrap_or("")
        .to_owned();
    let mut body = Vec::new();
    std::io::Read::read_to_end(&mut response.into_reader(), &mut body).expect("read body");
    Bytes {
        status,
        content_type,
        content_disposition,
        body,
    }
}

/// The world with billing.
pub struct Billing {
    pub world: World,
    /// A billing key with [`SCOPES`].
    pub key: String,
}

impl Billing {
    /// The fixture's world with the known webhook key, the zone and a billing key.
    pub fn new(backend: Backend) -> Self {
        Self::with_env(backend, &[])
    }

    /// The same with other server settings.
    pub fn with_env(backend: Backend, env: &[(&str, &str)]) -> Self {
        let mut all = vec![
            ("KABINET_SANDBOX_WEBHOOK_SECRET", WEBHOOK_SECRET),
            ("KABINET_TIMEZONE", ZONE),
        ];
        all.extend_from_slice(env);
        Self::on(World::with_env(backend, &all))
    }

    /// Billing on a world whose server already has [`WEBHOOK_SECRET`] and [`ZONE`].
    pub fn on(world: World) -> Self {
        let key = world.app.api_client("billing-money", SCOPES);
        Self { world, key }
    }

    /// The server.
    pub fn app(&self) -> &TestApp {
        &self.world.app
    }

    /// The fixture's resident (owner of [`ACCOUNT`]).
    pub fn resident(&self) -> &Session {
        &self.world.resident
    }

    /// `POST /integration/charges?period=…` with a raw body of `content_type`.
    pub fn upload_charges(&self, period: &str, content_type: &str, body: &str) -> Answer {
        self.app().integration(
            "POST",
            &format!("/api/v1/integration/charges?period={period}"),
            &self.key,
            content_type,
            body,
        )
    }

    /// Uploads charge rows as a JSON array (200 expected).
    pub fn charges(&self, period: &str, rows: Value) -> ChargesResult {
        self.upload_charges(period, "application/json", &rows.to_string())
            .expect(200)
    }

    /// Uploads payment rows as a JSON array (200 expected).
    pub fn payments(&self, rows: Value) -> PaymentsResult {
        self.app()
            .integration(
                "POST",
                "/api/v1/integration/payments",
                &self.key,
                "application/json",
                &rows.to_string(),
            )
            .expect(200)
    }

    /// Uploads accounts of the fixture's house (every one created).
    pub fn add_accounts(&self, rows: Vec<Value>) {
        let count = rows.len();
        let result: BulkResult = self
            .app()
            .integration(
                "PUT",
                "/api/v1/integration/accounts",
                &self.key,
                "application/json",
                &Value::from(rows).to_string(),
            )
            .expect(200);
        assert_eq!(
            (result.created, result.errors.len()),
            (u64::try_from(count).unwrap_or(0), 0),
            "{result:?}"
        );
    }

    /// Links `number` to `who` with an office code.
    pub fn link(&self, who: &Session, number: &str) {
        let code: LinkCode = self
            .world
            .operator
            .bearer(
                self.app(),
                "POST",
                &format!("/api/v1/operator/accounts/{number}/link-codes"),
                None,
            )
            .expect(201);
        let linked = who.bearer(
            self.app(),
            "POST",
            "/api/v1/accounts/link",
            Some(json!({"account_number": number, "code": code.code})),
        );
        assert_eq!(linked.status, 204, "{}", linked.body);
    }

    /// Another account of the fixture's owner, linked to the fixture's resident.
    pub fn second_account(&self, number: &str) {
        self.add_accounts(vec![account_row(number, OWNER)]);
        self.link(self.resident(), number);
    }

    /// Another resident, `full_name`, who owns and has linked account `number`.
    pub fn neighbour(&self, login: &str, full_name: &str, number: &str) -> Session {
        self.add_accounts(vec![account_row(number, full_name)]);
        let mut body = registration(login);
        body["full_name"] = json!(full_name);
        let registered = self.app().call("POST", "/api/v1/auth/register", Some(body));
        assert_eq!(registered.status, 201, "{}", registered.body);
        let session = self.app().login(login, PASSWORD);
        self.link(&session, number);
        session
    }

    /// `GET …/statement?from&to` of `number` as `who`.
    pub fn statement_of(&self, who: &Session, number: &str, from: &str, to: &str) -> Answer {
        who.bearer(
            self.app(),
            "GET",
            &format!("/api/v1/accounts/{number}/statement?from={from}&to={to}"),
            None,
        )
    }

    /// The fixture account's statement (200 expected).
    pub fn statement(&self, from: &str, to: &str) -> Statement {
        self.statement_of(self.resident(), ACCOUNT, from, to)
            .expect(200)
    }

    /// Every charge of `number`, following the cursor with pages of `limit`.
    pub fn all_charges(&self, number: &str, limit: u32) -> Vec<ChargeItem> {
        self.all(&format!("/api/v1/accounts/{number}/charges"), limit)
    }

    /// Every payment of `number`, following the cursor with pages of `limit`.
    pub fn all_payments(&self, number: &str, limit: u32) -> Vec<PaymentItem> {
        self.all(&format!("/api/v1/accounts/{number}/payments"), limit)
    }

    fn all<T: serde::de::DeserializeOwned>(&self, path: &str, limit: u32) -> Vec<T> {
        let mut items = Vec::new();
        let mut cursor: Option<String> = None;
        for _ in 0..10_000 {
            let url = match &cursor {
                Some(c) => format!("{path}?limit={limit}&cursor={c}"),
                None => format!("{path}?limit={limit}"),
            };
            let page: Page<T> = self.resident().get(self.app(), &url);
            assert!(page.items.len() <= usize::try_from(limit).unwrap_or(0));
            items.extend(page.items);
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => return items,
            }
        }
        panic!("{path}: the cursor never ended");
    }

    /// The fixture account's balance as «Общая информация» shows it.
    pub fn balance(&self) -> Kopecks {
        self.world.account_detail().balance.amount
    }

    /// `POST /accounts/{ACCOUNT}/payments {amount}` with an `Idempotency-Key` (if any).
    pub fn pay(&self, amount: &str, key: Option<&str>) -> Answer {
        let path = format!("/api/v1/accounts/{ACCOUNT}/payments");
        let body = Some(json!({ "amount": amount }));
        match key {
            Some(k) => self.resident().bearer_with(
                self.app(),
                "POST",
                &path,
                body,
                &[("Idempotency-Key", k)],
            ),
            None => self.resident().bearer(self.app(), "POST", &path, body),
        }
    }

    /// `GET /payments/{id}` as `who`.
    pub fn payment_of(&self, who: &Session, id: &str) -> Answer {
        who.bearer(self.app(), "GET", &format!("/api/v1/payments/{id}"), None)
    }

    /// The sandbox payer's button: `succeed` or `fail` (no sign-in).
    pub fn sandbox(&self, id: &str, button: &str) -> Answer {
        self.app().call(
            "POST",
            &format!("/api/v1/sandbox/payments/{id}/{button}"),
            None,
        )
    }

    /// A webhook body.
    pub fn event(event_id: &str, payment_id: &str, status: &str, amount: &str) -> String {
        json!({"event_id": event_id, "payment_id": payment_id, "status": status, "amount": amount})
            .to_string()
    }

    /// `POST /payments/webhook/sandbox` with `body` as it is and the signature header given.
    pub fn webhook_raw(&self, body: &str, signature: Option<&str>) -> Answer {
        let mut headers = vec![("Content-Type", "application/json")];
        if let Some(s) = signature {
            headers.push(("Kabinet-Signature", s));
        }
        crate::http::send_raw(
            "POST",
            &self.app().url("/api/v1/payments/webhook/sandbox"),
            &headers,
            body,
        )
    }

    /// A webhook signed with the server's key at unix time `t`.
    pub fn webhook_at(&self, body: &str, t: i64) -> Answer {
        let header = signature(WEBHOOK_SECRET.as_bytes(), t, body);
        self.webhook_raw(body, Some(&header))
    }

    /// A webhook signed now with the server's key.
    pub fn webhook(&self, body: &str) -> Answer {
        self.webhook_at(body, unix_now())
    }

    /// The receipt of `number` for `period` as `who`.
    pub fn receipt_of(&self, who: &Session, number: &str, period: &str) -> Bytes {
        get_bytes(
            &self
                .app()
                .url(&format!("/api/v1/accounts/{number}/receipts/{period}")),
            &[("Authorization", &format!("Bearer {}", who.access))],
        )
    }
}

/// The recalculation's grounds: a spreadsheet formula that the CSV must defuse.
pub const FORMULA: &str = "=HYPERLINK(\"http://evil.example/\";\"Акт № 17\")";
pub const PENALTY: &str = "Пени за просрочку оплаты за август 2026";

/// The billing tests' common data: August–October 2026 for the fixture's account, and four payments through three channels:
///
/// | month | opening | charged                          | paid                       | closing |
/// |-------|---------|----------------------------------|----------------------------|---------|
/// | 08    | 0.00    | 3030.93 + 859.85 = 3890.78       | 3000.00 (bank)             | 890.78  |
/// | 09    | 890.78  | + penalty 12.34 = 3903.12        | 2500.00 (office, a date) + 1000.00 (agent, 31 Aug 20:00 UTC = 1 Sep in Krasnoyarsk) | 1293.90 |
/// | 10    | 1293.90 | − recalculation 150.00 = 3740.78 | 4000.00 (bank)             | 1034.68 |
pub fn three_months(b: &Billing) {
    let a = ACCOUNT;
    let heating = || metered(a, "heating", "1.2340", "Gcal", "2456.18", "3030.93");
    let hot = || metered(a, "hot_water", "3.5", "m3", "245.67", "859.85");
    let months = [
        ("2026-08", json!([heating(), hot()])),
        (
            "2026-09",
            json!([
                heating(),
                hot(),
                with_comment(a, "heating", "12.34", "penalty", PENALTY)
            ]),
        ),
        (
            "2026-10",
            json!([
                heating(),
                hot(),
                with_comment(a, "heating", "-150.00", "recalculation", FORMULA)
            ]),
        ),
    ];
    for (period, rows) in months {
        let n = rows.as_array().map_or(0, Vec::len);
        let saved = b.charges(period, rows);
        assert_eq!(
            (saved.accounts, saved.rows, saved.errors.len()),
            (1, u64::try_from(n).unwrap_or(0), 0),
            "{saved:?}"
        );
    }
    let paid = b.payments(json!([
        payment("SB-0001", a, "3000.00", "2026-08-10T12:30:00+07:00", "bank"),
        payment("OF-0002", a, "2500.00", "2026-09-15", "office"),
        payment("AG-0003", a, "1000.00", "2026-08-31T20:00:00Z", "agent"),
        payment("SB-0004", a, "4000.00", "2026-10-05T09:00:00+07:00", "bank"),
    ]));
    assert_eq!(
        (paid.created, paid.unchanged, paid.errors.len()),
        (4, 0, 0),
        "{paid:?}"
    );
}
