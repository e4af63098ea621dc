//! The supplier's Rules of using the personal account (versioned).

use serde::{Deserialize, Serialize};

/// `GET /api/v1/rules/current`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RulesDocument {
    pub version: i32,
    /// Markdown text.
    pub body: String,
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub published_at: String,
}

/// `POST /api/v1/operator/rules`: publishes the next version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"body": "# ПРАВИЛА ...\n\n## 1. Общие положения\n..."})))]
pub struct PublishRulesRequest {
    /// Markdown text of the new version.
    pub body: String,
}
