//! `/api/v1/accounts/{number}/statement|payments|receipts`, `/api/v1/payments/{id}` and the
//! sandbox provider's `/api/v1/sandbox/payments/{id}`: «История начислений и оплат»,
//! «Оплатить» and «Квитанция».

use kabinet_shared::api::billing::{
    OnlinePayment, PayRequest, PaymentCreated, SandboxPayment, Statement,
};
use kabinet_shared::money::Kopecks;

use super::files::{get_file, FileAnswer};
use super::{get, post_bare, post_once, query_value, Answer, ApiFailure};

/// `/api/v1/accounts/{number}{tail}`.
fn account_path(number: &str, tail: &str) -> String {
    format!("/api/v1/accounts/{}{tail}", query_value(number))
}

/// The query of a statement's months (`YYYY-MM` each).
fn range(from: &str, to: &str) -> String {
    format!("?from={}&to={}", query_value(from), query_value(to))
}

/// The months `from`..=`to`, with their charges and payments.
pub fn statement(number: &str, from: &str, to: &str) -> Answer<Statement> {
    get(&account_path(
        number,
        &format!("/statement{}", range(from, to)),
    ))
}

/// The same months as a CSV file.
pub async fn statement_csv(number: &str, from: &str, to: &str) -> Result<FileAnswer, ApiFailure> {
    let path = account_path(number, &format!("/statement{}", range(from, to)));
    get_file(&path, "text/csv").await
}

/// Where the receipt of `period` (`YYYY-MM`) is: the API's own address, which a new tab can open
/// with the session's cookie.
pub fn receipt_path(number: &str, period: &str) -> String {
    account_path(number, &format!("/receipts/{}", query_value(period)))
}

/// The receipt of `period` as a PDF file (404 `no_receipt` when nothing was charged).
pub async fn receipt(number: &str, period: &str) -> Result<FileAnswer, ApiFailure> {
    get_file(&receipt_path(number, period), "application/pdf").await
}

/// Starts an online payment of `amount`; `key` is the `Idempotency-Key` of this attempt.
pub fn pay(number: &str, amount: Kopecks, key: &str) -> Answer<PaymentCreated> {
    post_once(
        &account_path(number, "/payments"),
        &PayRequest { amount },
        key,
    )
}

/// The caller's own online payment.
pub fn payment(id: &str) -> Answer<OnlinePayment> {
    get(&format!("/api/v1/payments/{}", query_value(id)))
}

/// What the sandbox provider's page shows (no session needed: the id is the capability).
pub fn sandbox(id: &str) -> Answer<SandboxPayment> {
    get(&format!("/api/v1/sandbox/payments/{}", query_value(id)))
}

/// Ends a sandbox payment: paid when `succeed`, declined otherwise.
pub fn sandbox_finish(id: &str, succeed: bool) -> Answer<SandboxPayment> {
    let outcome = if succeed { "succeed" } else { "fail" };
    post_bare(&format!(
        "/api/v1/sandbox/payments/{}/{outcome}",
        query_value(id)
    ))
}
