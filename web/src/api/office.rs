//! `GET /api/v1/office`: the service office's address, phone and hours.

use kabinet_shared::api::office::OfficeInfo;

use super::{get, Answer};

pub fn info() -> Answer<OfficeInfo> {
    get("/api/v1/office")
}
