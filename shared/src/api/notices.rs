//! Notices: per-event, per-channel preferences, e-mail verification and unsubscribe links.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// What a notice is about. Password resets and e-mail verification are service-critical and
/// always sent, so they are not in this list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NoticeEvent {
    /// The reading window of the resident's house opened.
    ReadingWindowOpen,
    /// Two days before the window closes, when no reading was submitted this month.
    ReadingWindowClosing,
    /// A meter's verification (поверка) is due in 60 or 30 days.
    VerificationDue,
    /// The office rejected a reading.
    ReadingRejected,
    /// An online payment was credited.
    PaymentCredited,
    /// A new receipt (the month's charges) is available.
    ReceiptAvailable,
    /// An account was unlinked (change of owner, disconnection).
    AccountUnlinked,
    /// The office blocked the user's access.
    Blocked,
    /// The office answered an appeal.
    AppealAnswered,
    /// A new version of the Rules was published.
    RulesPublished,
}

impl NoticeEvent {
    /// Every event, in the order the profile lists them.
    pub const ALL: [NoticeEvent; 10] = [
        Self::ReadingWindowOpen,
        Self::ReadingWindowClosing,
        Self::VerificationDue,
        Self::ReadingRejected,
        Self::PaymentCredited,
        Self::ReceiptAvailable,
        Self::AccountUnlinked,
        Self::Blocked,
        Self::AppealAnswered,
        Self::RulesPublished,
    ];

    /// The wire and stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ReadingWindowOpen => "reading_window_open",
            Self::ReadingWindowClosing => "reading_window_closing",
            Self::VerificationDue => "verification_due",
            Self::ReadingRejected => "reading_rejected",
            Self::PaymentCredited => "payment_credited",
            Self::ReceiptAvailable => "receipt_available",
            Self::AccountUnlinked => "account_unlinked",
            Self::Blocked => "blocked",
            Self::AppealAnswered => "appeal_answered",
            Self::RulesPublished => "rules_published",
        }
    }

    /// Parses a stored name.
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.as_str() == value)
    }

    /// Informational notices (reminders, news) also need the «service information» consent;
    /// the others concern something that happened to the resident's own account.
    pub fn is_informational(self) -> bool {
        matches!(
            self,
            Self::ReadingWindowOpen
                | Self::ReadingWindowClosing
                | Self::VerificationDue
                | Self::ReceiptAvailable
                | Self::RulesPublished
        )
    }
}

/// Whether one event may be sent by each channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChannelChoice {
    pub email: bool,
    pub sms: bool,
}

/// `GET/PUT /api/v1/me/notifications`. The answer lists every event; a `PUT` may name only the
/// events it changes. A channel is used only when its consent (`email`, `sms`) is given — and,
/// for e-mail, the address is verified; informational events also need `service_info`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"events": {"reading_window_open": {"email": true, "sms": false}, "payment_credited": {"email": true, "sms": true}}})))]
pub struct NotificationPrefs {
    pub events: BTreeMap<NoticeEvent, ChannelChoice>,
}

/// `POST /api/v1/me/email/verify`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"code": "480213"})))]
pub struct VerifyEmailRequest {
    /// The 6 digits from the message.
    pub code: String,
}

/// `POST /api/v1/unsubscribe`: the token from a message's unsubscribe link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnsubscribeRequest {
    pub token: String,
}
