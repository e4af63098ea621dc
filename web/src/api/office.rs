//! `GET /api/v1/office`: the service office's address, phone and hours.

use kabinet_shared::api::office::OfficeInfo;

use super::{get, ApiFailure};

pub async fn info() -> Result<OfficeInfo, ApiFailure> {
    get("/api/v1/office").await
}
