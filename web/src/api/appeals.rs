//! `/api/v1/appeals` (the resident's) and `/api/v1/operator/appeals` (the office's), and the
//! upload of an attachment as `multipart/form-data`.

#[cfg(feature = "meters")]
use gloo_net::http::{Method, RequestBuilder};
#[cfg(feature = "meters")]
use kabinet_shared::api::appeals::{AppealDetail, AppealSummary, AttachmentInfo, NewAppeal};
#[cfg(feature = "meters")]
use kabinet_shared::api::page::Page;

#[cfg(feature = "meters")]
use super::{call, get, query_value, refusal, Answer, ApiFailure};

#[cfg(feature = "meters")]
pub fn list(cursor: Option<&str>) -> Answer<Page<AppealSummary>> {
    let mut path = "/api/v1/appeals?limit=20".to_owned();
    if let Some(c) = cursor {
        path.push_str(&format!("&cursor={}", query_value(c)));
    }
    get(&path)
}

#[cfg(feature = "meters")]
pub fn create(body: &NewAppeal) -> Answer<AppealDetail> {
    call(Method::POST, "/api/v1/appeals", body)
}

#[cfg(feature = "meters")]
pub fn view(id: i64) -> Answer<AppealDetail> {
    get(&format!("/api/v1/appeals/{id}"))
}

/// Sends `file` as the form field `file`; the browser sets the multipart boundary.
#[cfg(feature = "meters")]
pub async fn upload(id: i64, file: web_sys::File) -> Result<AttachmentInfo, ApiFailure> {
    let path = format!("/api/v1/appeals/{id}/attachments");
    let send = || async {
        let form = web_sys::FormData::new().map_err(|_| ApiFailure::Network)?;
        form.append_with_blob_and_filename("file", &file, &file.name())
            .map_err(|_| ApiFailure::Network)?;
        let mut builder = RequestBuilder::new(&path)
            .method(Method::POST)
            .header("X-Kabinet-Client", "spa");
        if let Some(token) = super::csrf_token() {
            builder = builder.header("X-CSRF-Token", &token);
        }
        builder
            .body(form)
            .map_err(|_| ApiFailure::Network)?
            .send()
            .await
            .map_err(|_| ApiFailure::Network)
    };
    let mut response = send().await?;
    if response.status() == 401 && super::renew().await {
        response = send().await?;
    }
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    if (200..300).contains(&status) {
        serde_json::from_str(&text).map_err(|_| ApiFailure::Unexpected { status })
    } else {
        Err(refusal(status, &text))
    }
}

#[cfg(feature = "staff")]
pub mod staff {
    //! The office's calls.

    use gloo_net::http::Method;
    use kabinet_shared::api::appeals::{AnswerAppealRequest, AppealDetail, OperatorSummary};
    use kabinet_shared::api::page::Page;

    use crate::api::{call, get, post_bare_staff, query_value, Answer};

    /// `status` (`new`, `in_progress`, `answered`, `closed` or empty) and `overdue`.
    pub fn list(status: &str, overdue: bool, cursor: Option<&str>) -> Answer<Page<AppealDetail>> {
        let mut path = "/api/v1/operator/appeals?limit=20".to_owned();
        if !status.is_empty() {
            path.push_str(&format!("&status={}", query_value(status)));
        }
        if overdue {
            path.push_str("&overdue=true");
        }
        if let Some(c) = cursor {
            path.push_str(&format!("&cursor={}", query_value(c)));
        }
        get(&path)
    }

    pub fn view(id: i64) -> Answer<AppealDetail> {
        get(&format!("/api/v1/operator/appeals/{id}"))
    }

    /// `take` or `close`.
    pub fn step(id: i64, step: &str) -> Answer<AppealDetail> {
        post_bare_staff(&format!("/api/v1/operator/appeals/{id}/{step}"))
    }

    pub fn answer(id: i64, text: &str) -> Answer<AppealDetail> {
        let body = AnswerAppealRequest {
            text: text.to_owned(),
        };
        call(
            Method::POST,
            &format!("/api/v1/operator/appeals/{id}/answer"),
            &body,
        )
    }

    pub fn summary() -> Answer<OperatorSummary> {
        get("/api/v1/operator/summary")
    }
}
