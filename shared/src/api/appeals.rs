//! Appeals (Rules, section 4): proposals, complaints and questions, with attachments, a
//! deadline from the service standard and the office's answer.

use serde::{Deserialize, Serialize};

/// What kind of appeal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AppealCategory {
    Proposal,
    Complaint,
    Question,
}

impl AppealCategory {
    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Proposal => "proposal",
            Self::Complaint => "complaint",
            Self::Question => "question",
        }
    }

    /// Parses a stored name.
    pub fn parse(value: &str) -> Option<Self> {
        [Self::Proposal, Self::Complaint, Self::Question]
            .into_iter()
            .find(|c| c.as_str() == value)
    }
}

/// Where an appeal stands: `new` → `in_progress` (an operator took it) → `answered` → `closed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AppealStatus {
    New,
    InProgress,
    Answered,
    Closed,
}

impl AppealStatus {
    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::InProgress => "in_progress",
            Self::Answered => "answered",
            Self::Closed => "closed",
        }
    }

    /// Parses a stored name.
    pub fn parse(value: &str) -> Option<Self> {
        [Self::New, Self::InProgress, Self::Answered, Self::Closed]
            .into_iter()
            .find(|s| s.as_str() == value)
    }
}

/// `POST /api/v1/appeals`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"category": "complaint", "subject": "Холодные батареи", "text": "С 20 ноября батареи в квартире едва тёплые.", "account": "100200300"})))]
pub struct NewAppeal {
    pub category: AppealCategory,
    /// Up to 200 characters.
    pub subject: String,
    /// Up to 5 000 characters.
    pub text: String,
    /// One of the caller's linked accounts, when the appeal concerns it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
}

/// An appeal as a list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppealSummary {
    pub id: i64,
    /// The registration number the resident quotes, e.g. `2026-000042`.
    pub number: String,
    pub category: AppealCategory,
    pub subject: String,
    pub status: AppealStatus,
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub created_at: String,
    /// The supplier's local date by which the answer is due (YYYY-MM-DD).
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub deadline: String,
    /// Not answered and past the deadline.
    pub overdue: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
}

/// The office's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppealAnswer {
    pub text: String,
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub answered_at: String,
}

/// A file attached to an appeal (download: `GET /api/v1/appeals/{id}/attachments/{attachment_id}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttachmentInfo {
    pub id: i64,
    pub name: String,
    /// Bytes.
    pub size: i64,
    /// As found in the content: `image/jpeg`, `image/png`, `image/gif`, `image/webp` or `application/pdf`.
    pub content_type: String,
}

/// `GET /api/v1/appeals/{id}` (and the operator's view, which adds `resident`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppealDetail {
    #[serde(flatten)]
    pub summary: AppealSummary,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<AppealAnswer>,
    pub attachments: Vec<AttachmentInfo>,
    /// Who filed it (staff views only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resident: Option<AppealResident>,
}

/// The resident behind an appeal, as staff see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppealResident {
    pub id: i64,
    pub full_name: String,
}

/// `POST /api/v1/operator/appeals/{id}/answer`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"text": "Давление в системе восстановлено 22 ноября; просим сообщить, если батареи остались холодными."})))]
pub struct AnswerAppealRequest {
    /// Up to 5 000 characters.
    pub text: String,
}

/// `GET /api/v1/operator/summary`: what waits for the office, each with the list it links to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OperatorSummary {
    /// Appeals nobody has taken yet.
    pub new_appeals: i64,
    /// Open appeals past their deadline.
    pub overdue_appeals: i64,
    /// Readings flagged as unusual and still to be looked at.
    pub flagged_readings: i64,
}
