//! How an appeal's status, kind and deadline read (the resident's pages and the office's).

use kabinet_shared::api::appeals::{AppealCategory, AppealStatus, AppealSummary};
use yew::prelude::*;

use crate::components::dates::day;
use crate::i18n::{Lang, Text};

/// A status in words.
pub fn status_text(lang: Lang, status: AppealStatus) -> &'static str {
    lang.text(match status {
        AppealStatus::New => Text::StatusNew,
        AppealStatus::InProgress => Text::StatusInProgress,
        AppealStatus::Answered => Text::StatusAnswered,
        AppealStatus::Closed => Text::StatusClosed,
    })
}

/// A category in words.
pub fn category_text(lang: Lang, category: AppealCategory) -> &'static str {
    lang.text(match category {
        AppealCategory::Proposal => Text::CategoryProposal,
        AppealCategory::Complaint => Text::CategoryComplaint,
        AppealCategory::Question => Text::CategoryQuestion,
    })
}

/// The deadline, marked when it has passed without an answer.
pub fn deadline(lang: Lang, a: &AppealSummary) -> Html {
    html! {
        <>
            { day(lang, &a.deadline) }
            if a.overdue { { " " }<span class="tag warn" data-testid="overdue">{ lang.text(Text::AppealOverdue) }</span> }
        </>
    }
}
