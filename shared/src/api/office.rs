//! `GET /api/v1/office`: where and when residents can reach the supplier's service office (from
//! configuration), shown on the resident's home page and the help page.

use serde::{Deserialize, Serialize};

/// The service office's contacts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"name": "Абонентский отдел", "address": "г. Кызыл, ул. Кочетова, д. 2", "phone": "+7 (394) 222-00-00", "hours": "пн–пт 8:00–17:00, обед 12:00–13:00"})))]
pub struct OfficeInfo {
    pub name: String,
    pub address: String,
    /// As people dial it.
    pub phone: String,
    /// Opening hours, free text in the supplier's words.
    pub hours: String,
}
