//! The Rules (Правила): version 1 is the supplier's text shipped in `api/data/rules-v1.md`,
//! with `{{company}}` and `{{site}}` filled in from configuration when read.

use kabinet_shared::api::rules::RulesDocument;

use crate::db::models::rules;
use crate::db::DbConnection;
use crate::domain::clock::shown;
use crate::domain::error::DomainError;

const VERSION_ONE: &str = include_str!("../../data/rules-v1.md");

/// Publishes version 1 when no version exists yet (first start).
pub fn ensure_initial(conn: &mut DbConnection) -> anyhow::Result<()> {
    // Several processes may start at once: the lock makes exactly one of them publish.
    conn.transaction(|conn| {
        rules::lock(conn)?;
        if rules::current(conn)?.is_none() {
            rules::publish(conn, VERSION_ONE, None)?;
        }
        Ok::<_, diesel::result::Error>(())
    })?;
    Ok(())
}

/// Fills in the supplier's name and site.
pub fn render(body: &str, company: &str, site: &str) -> String {
    body.replace("{{company}}", company)
        .replace("{{site}}", site)
}

/// The current version, rendered.
pub fn current(
    conn: &mut DbConnection,
    company: &str,
    site: &str,
) -> Result<RulesDocument, DomainError> {
    let current = rules::current(conn)?.ok_or(DomainError::NOT_FOUND)?;
    Ok(RulesDocument {
        version: current.version,
        body: render(&current.body, company, site),
        published_at: shown(current.published_at),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_one_names_the_configured_supplier_and_site() {
        let text = render(VERSION_ONE, "ООО «Тепло»", "teplo.example");
        assert!(text.contains("ООО «Тепло»"));
        assert!(text.contains("teplo.example"));
        assert!(!text.contains("{{"));
        assert!(
            text.contains("2.3"),
            "section 2.3 (blocking) is part of the text"
        );
    }
}
