//! Appeals (Rules, section 4): a resident files a proposal, complaint or question, optionally
//! about one of their accounts, with up to three files; the office takes it, answers within the
//! service standard and closes it; the answer is a notice to the resident. A resident sees only
//! their own appeals (anything else is "not found"); staff reading one is audited, as it holds
//! personal data.

pub mod deadline;
pub mod sniff;

use chrono::{Datelike, NaiveDate};
use kabinet_shared::api::appeals::{
    AppealAnswer, AppealCategory, AppealDetail, AppealResident, AppealStatus, AppealSummary,
    AttachmentInfo, NewAppeal, OperatorSummary,
};
use kabinet_shared::validate;
use kabinet_shared::ErrorCode;
use sha2::{Digest, Sha256};

use crate::db::models::appeal::{self, AppealRow, StaffFilter};
use crate::db::models::{account, reading};
use crate::db::time::now;
use crate::db::DbConnection;
use crate::domain::audit::{audit, Actor, Target};
use crate::domain::clock::shown;
use crate::domain::error::DomainError;
use crate::domain::identity::throttle::{self, Backoff, Limit, Verdict};
use crate::domain::identity::FieldErrors;
use crate::domain::notices::{notify, Notice, Notifier};
use crate::domain::staff::StaffActor;

/// Files per appeal.
pub const MAX_ATTACHMENTS: usize = 3;
/// Bytes per file.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;
/// Appeals a resident may file per day (more is a flood, not a complaint).
const FILED_PER_DAY: Limit = Limit {
    free: 20,
    window_secs: 24 * 3600,
    after: Backoff::WindowEnd,
};

fn summary(row: &AppealRow, today: NaiveDate) -> Result<AppealSummary, DomainError> {
    let status = AppealStatus::parse(&row.status)
        .ok_or_else(|| DomainError::Internal(format!("appeal status {}", row.status)))?;
    let category = AppealCategory::parse(&row.category)
        .ok_or_else(|| DomainError::Internal(format!("appeal category {}", row.category)))?;
    Ok(AppealSummary {
        id: row.id,
        number: row.number.clone(),
        category,
        subject: row.subject.clone(),
        status,
        created_at: shown(row.created_at),
        deadline: row.deadline.to_string(),
        overdue: matches!(status, AppealStatus::New | AppealStatus::InProgress)
            && row.deadline < today,
        account: row.account.clone(),
    })
}

fn detail(
    conn: &mut DbConnection,
    row: &AppealRow,
    today: NaiveDate,
    resident: Option<AppealResident>,
) -> Result<AppealDetail, DomainError> {
    let attachments = appeal::attachments(conn, row.id)?
        .into_iter()
        .map(|(id, name, size, content_type)| AttachmentInfo {
            id,
            name,
            size,
            content_type,
        })
        .collect();
    Ok(AppealDetail {
        summary: summary(row, today)?,
        text: row.body.clone(),
        answer: match (&row.answer, row.answered_at) {
            (Some(text), Some(at)) => Some(AppealAnswer {
                text: text.clone(),
                answered_at: shown(at),
            }),
            _ => None,
        },
        attachments,
        resident,
    })
}

/// The caller's own appeal, or "not found" (whether it exists or not).
fn own(conn: &mut DbConnection, user_id: i64, id: i64) -> Result<AppealRow, DomainError> {
    appeal::find(conn, id)?
        .filter(|row| row.user_id == user_id)
        .ok_or(DomainError::NOT_FOUND)
}

/// `POST /appeals`.
pub fn file(
    conn: &mut DbConnection,
    standard: &deadline::Standard,
    today: NaiveDate,
    user_id: i64,
    req: NewAppeal,
    ip: Option<&str>,
) -> Result<AppealDetail, DomainError> {
    let mut errors = FieldErrors::default();
    let subject = errors.take("subject", validate::plain_text(&req.subject, 200));
    let text = errors.take("text", validate::multiline_text(&req.text, 5000));
    let account_id = match req.account.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(number) => match account::find_linked(conn, user_id, number)? {
            Some((found, _)) => Some(found.id),
            None => {
                errors.add("account", "not_linked");
                None
            }
        },
    };
    errors.finish()?;
    let (Some(subject), Some(text)) = (subject, text) else {
        return Err(DomainError::Internal("validated fields missing".into()));
    };
    if let Verdict::Wait(secs) =
        throttle::take(conn, "appeal", &user_id.to_string(), &FILED_PER_DAY, now())?
    {
        return Err(DomainError::Throttled {
            retry_after_secs: secs,
        });
    }
    let (id, number) = conn.transaction(|conn| {
        let (id, number) = appeal::insert(
            conn,
            &appeal::NewAppeal {
                user_id,
                account_id,
                category: req.category.as_str(),
                subject: &subject,
                body: &text,
                deadline: standard.deadline(today),
            },
            today.year(),
        )?;
        audit(
            conn,
            Actor::User(user_id),
            "appeal.file",
            Target::Appeal(&number),
            ip,
            Some(format!("category={}", req.category.as_str())),
        )?;
        Ok::<_, DomainError>((id, number))
    })?;
    log::info!("appeal {number} filed");
    let row = own(conn, user_id, id)?;
    detail(conn, &row, today, None)
}

/// `GET /appeals`: the caller's own, newest first.
pub fn list(
    conn: &mut DbConnection,
    user_id: i64,
    before: Option<i64>,
    limit: i64,
    today: NaiveDate,
) -> Result<(Vec<AppealSummary>, Option<i64>), DomainError> {
    let rows = appeal::of_user(conn, user_id, before, limit + 1)?;
    page(rows, limit, |row| summary(row, today))
}

fn page<R, T>(
    mut rows: Vec<R>,
    limit: i64,
    map: impl Fn(&R) -> Result<T, DomainError>,
) -> Result<(Vec<T>, Option<i64>), DomainError>
where
    R: HasId,
{
    let more = rows.len() > usize::try_from(limit).unwrap_or(usize::MAX);
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let next = if more {
        rows.last().map(HasId::id)
    } else {
        None
    };
    let items = rows.iter().map(map).collect::<Result<Vec<_>, _>>()?;
    Ok((items, next))
}

trait HasId {
    fn id(&self) -> i64;
}

impl HasId for AppealRow {
    fn id(&self) -> i64 {
        self.id
    }
}

impl HasId for (AppealRow, String) {
    fn id(&self) -> i64 {
        self.0.id
    }
}

/// `GET /appeals/{id}`: the caller's own appeal with text, answer and files.
pub fn get(
    conn: &mut DbConnection,
    user_id: i64,
    id: i64,
    today: NaiveDate,
) -> Result<AppealDetail, DomainError> {
    let row = own(conn, user_id, id)?;
    detail(conn, &row, today, None)
}

/// `POST /appeals/{id}/attachments`: a file checked by its content, while the appeal is open.
pub fn attach(
    conn: &mut DbConnection,
    user_id: i64,
    id: i64,
    name: &str,
    data: &[u8],
) -> Result<AttachmentInfo, DomainError> {
    let row = own(conn, user_id, id)?;
    if !matches!(row.status.as_str(), "new" | "in_progress") {
        return Err(DomainError::Rule(ErrorCode::AppealStatus));
    }
    let content_type =
        sniff::content_type(data).ok_or(DomainError::Rule(ErrorCode::UnsupportedFileType))?;
    let name = sniff::clean_name(name);
    let sha = hex::encode(Sha256::digest(data));
    conn.transaction(|conn| {
        // Counted inside the transaction: two uploads at once cannot make a fourth file.
        if appeal::attachments(conn, id)?.len() >= MAX_ATTACHMENTS {
            return Err(DomainError::Rule(ErrorCode::TooManyAttachments));
        }
        let attachment_id = appeal::add_attachment(conn, id, &name, content_type, data, &sha)?;
        audit(
            conn,
            Actor::User(user_id),
            "appeal.attach",
            Target::Appeal(&row.number),
            None,
            Some(format!("bytes={}", data.len())),
        )?;
        Ok(AttachmentInfo {
            id: attachment_id,
            name: name.clone(),
            size: i64::try_from(data.len()).unwrap_or(i64::MAX),
            content_type: content_type.to_owned(),
        })
    })
}

/// Who asks for a file.
pub enum Viewer<'a> {
    Resident(i64),
    Staff(StaffActor<'a>),
}

/// A file of an appeal: to its resident, or to staff (audited).
pub fn download(
    conn: &mut DbConnection,
    viewer: Viewer<'_>,
    id: i64,
    attachment_id: i64,
) -> Result<(String, String, Vec<u8>), DomainError> {
    let row = appeal::find(conn, id)?.ok_or(DomainError::NOT_FOUND)?;
    match viewer {
        Viewer::Resident(user_id) if row.user_id != user_id => return Err(DomainError::NOT_FOUND),
        Viewer::Resident(_) => {}
        Viewer::Staff(staff) => audit(
            conn,
            staff.actor(),
            "appeal.view_attachment",
            Target::Appeal(&row.number),
            staff.ip,
            Some(format!("attachment={attachment_id}")),
        )?,
    }
    appeal::attachment_file(conn, id, attachment_id)?.ok_or(DomainError::NOT_FOUND)
}

/// `GET /operator/appeals`.
pub fn staff_list(
    conn: &mut DbConnection,
    filter: &StaffFilter,
    before: Option<i64>,
    limit: i64,
    today: NaiveDate,
) -> Result<(Vec<AppealDetail>, Option<i64>), DomainError> {
    let rows = appeal::for_staff(conn, filter, before, limit + 1)?;
    page(rows, limit, |(row, name)| {
        Ok(AppealDetail {
            summary: summary(row, today)?,
            text: String::new(),
            answer: None,
            attachments: Vec::new(),
            resident: Some(AppealResident {
                id: row.user_id,
                full_name: name.clone(),
            }),
        })
    })
}

/// `GET /operator/appeals/{id}`: the whole appeal, audited.
pub fn staff_view(
    conn: &mut DbConnection,
    staff: StaffActor<'_>,
    id: i64,
    today: NaiveDate,
) -> Result<AppealDetail, DomainError> {
    let row = appeal::find(conn, id)?.ok_or(DomainError::NOT_FOUND)?;
    let resident = crate::db::models::user::find(conn, row.user_id)?.map(|u| AppealResident {
        id: u.id,
        full_name: u.full_name,
    });
    audit(
        conn,
        staff.actor(),
        "appeal.view",
        Target::Appeal(&row.number),
        staff.ip,
        None,
    )?;
    detail(conn, &row, today, resident)
}

/// What an operator does to an appeal.
pub enum Step<'a> {
    Take,
    Answer(&'a str),
    Close,
}

/// `POST /operator/appeals/{id}/take|answer|close`. An answer is a notice to the resident,
/// queued in the same transaction.
pub fn act(
    conn: &mut DbConnection,
    notifier: &Notifier,
    staff: StaffActor<'_>,
    id: i64,
    step: Step<'_>,
    today: NaiveDate,
) -> Result<AppealDetail, DomainError> {
    let text = match step {
        Step::Answer(raw) => Some(
            validate::multiline_text(raw, 5000)
                .map_err(|code| DomainError::field("text", code, "the answer is not acceptable"))?,
        ),
        _ => None,
    };
    let row = appeal::find(conn, id)?.ok_or(DomainError::NOT_FOUND)?;
    let (from, to, action): (&[&str], &str, &str) = match step {
        Step::Take => (&["new"], "in_progress", "appeal.take"),
        Step::Answer(_) => (&["new", "in_progress"], "answered", "appeal.answer"),
        Step::Close => (
            &["new", "in_progress", "answered"],
            "closed",
            "appeal.close",
        ),
    };
    conn.transaction(|conn| {
        if !appeal::step(conn, id, from, to, staff.id, text.as_deref())? {
            return Err(DomainError::Rule(ErrorCode::AppealStatus));
        }
        audit(
            conn,
            staff.actor(),
            action,
            Target::Appeal(&row.number),
            staff.ip,
            None,
        )?;
        if to == "answered" {
            let notice = Notice::AppealAnswered {
                id,
                number: row.number.clone(),
            };
            notify(conn, notifier, row.user_id, &notice)?;
        }
        Ok(())
    })?;
    let row = appeal::find(conn, id)?.ok_or(DomainError::NOT_FOUND)?;
    detail(conn, &row, today, None)
}

/// `GET /operator/summary`.
pub fn operator_summary(
    conn: &mut DbConnection,
    today: NaiveDate,
) -> Result<OperatorSummary, DomainError> {
    let (new_appeals, overdue_appeals) = appeal::counts(conn, today)?;
    Ok(OperatorSummary {
        new_appeals,
        overdue_appeals,
        flagged_readings: reading::flagged_count(conn)?,
    })
}
