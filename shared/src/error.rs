//! The one error envelope of the API: `{"error": {"code", "message", "fields"?}}`.
//!
//! `code` is a stable snake_case identifier the SPA translates; `message` is English text for
//! integrators' logs; `fields` maps a request field to the code of what is wrong with it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The one table of error codes. Each row: the variant (its doc says when it happens), the
/// wire name, the HTTP status, the English message integrators see in `error.message`, and
/// the texts people see in Russian and English. Adding a code is adding a row here (and, for a
/// business rule, returning it from the domain); the API's statuses, the OpenAPI schema and the
/// SPA's translations all follow from it.
macro_rules! error_codes {
    ($( $(#[doc = $doc:literal])* $variant:ident = $wire:literal, $status:literal,
        $message:literal, $ru:literal, $en:literal; )*) => {
        /// Every error code the API can answer with (`error.code` on the wire).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum ErrorCode {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl ErrorCode {
            /// Every code, in table order.
            pub const ALL: &'static [ErrorCode] = &[$(Self::$variant),*];

            /// The snake_case name as it appears on the wire.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $wire,)* }
            }

            /// The HTTP status the API answers this code with.
            pub fn status(self) -> u16 {
                match self { $(Self::$variant => $status,)* }
            }

            /// The English explanation in `error.message` (for integrators' logs).
            pub fn message(self) -> &'static str {
                match self { $(Self::$variant => $message,)* }
            }

            /// What a person is told: (Russian, English).
            pub fn texts(self) -> (&'static str, &'static str) {
                match self { $(Self::$variant => ($ru, $en),)* }
            }
        }
    };
}

error_codes! {
    /// 400: the body, query or path could not be parsed, or a field is invalid.
    Validation = "validation", 400,
        "invalid input",
        "Проверьте введённые данные.",
        "Please check what you entered.";
    /// 401: no valid credentials, or the session has ended.
    Unauthorized = "unauthorized", 401,
        "authentication required",
        "Войдите в личный кабинет.",
        "Please sign in.";
    /// 401: wrong login or password (the same answer whether or not the login exists).
    InvalidCredentials = "invalid_credentials", 401,
        "wrong login or password",
        "Неверный логин или пароль.",
        "Wrong login or password.";
    /// 403: authenticated, but not allowed.
    Forbidden = "forbidden", 403,
        "forbidden",
        "Недостаточно прав.",
        "You are not allowed to do this.";
    /// 403: a resident must accept the current Rules first.
    RulesNotAccepted = "rules_not_accepted", 403,
        "accept the current Rules first (POST /api/v1/me/accept-rules)",
        "Чтобы продолжить, примите новую редакцию Правил.",
        "Please accept the new version of the Rules to continue.";
    /// 403: the user is blocked (Rules 2.3); ask the service office.
    AccountBlocked = "account_blocked", 403,
        "this user is blocked; contact the service office",
        "Доступ заблокирован (Правила, п. 2.3). Обратитесь в офис обслуживания.",
        "Access is blocked (Rules, 2.3). Please contact the service office.";
    /// 403: a cookie-authenticated write without the matching `X-CSRF-Token` header.
    CsrfFailed = "csrf_failed", 403,
        "missing or wrong X-CSRF-Token header",
        "Сеанс устарел. Обновите страницу и повторите.",
        "Your session is out of date. Reload the page and try again.";
    /// 403: the token or API key lacks the scope this endpoint needs.
    InsufficientScope = "insufficient_scope", 403,
        "the credential lacks the scope this endpoint needs",
        "У ключа доступа нет нужного разрешения.",
        "The access token lacks the required permission.";
    /// 404: no such resource (or not visible to the caller).
    NotFound = "not_found", 404,
        "not found",
        "Не найдено.",
        "Not found.";
    /// 405: the path exists, the method does not.
    MethodNotAllowed = "method_not_allowed", 405,
        "method not allowed",
        "Действие недоступно.",
        "This action is not available.";
    /// 406/415: unsupported representation.
    UnsupportedMediaType = "unsupported_media_type", 415,
        "unsupported media type",
        "Неподдерживаемый формат.",
        "Unsupported format.";
    /// 409: conflicts with the current state (duplicate login, …).
    Conflict = "conflict", 409,
        "conflicts with existing data",
        "Конфликт с существующими данными.",
        "Conflicts with existing data.";
    /// 413: the body is larger than the endpoint accepts.
    PayloadTooLarge = "payload_too_large", 413,
        "request body too large",
        "Слишком большой объём данных.",
        "The data is too large.";
    /// 422: consent to personal-data processing cannot be withdrawn online.
    PersonalDataRequired = "personal_data_required", 422,
        "consent to personal-data processing cannot be withdrawn online; ask the service office to close the account",
        "Согласие на обработку персональных данных нельзя отозвать онлайн: обратитесь в офис, чтобы закрыть личный кабинет.",
        "Consent to personal-data processing cannot be withdrawn online: contact the office to close your account.";
    /// 422: unknown account, wrong, used, locked or expired link code (one answer for all).
    InvalidLinkCode = "invalid_link_code", 422,
        "this account number and code do not match an active code",
        "Номер лицевого счёта или код не подходят. Проверьте их или получите новый код в офисе обслуживания.",
        "The account number or the code does not match. Check them or get a new code at the service office.";
    /// 422: the registered name is not the owner's; link as a family member instead.
    OwnerNameMismatch = "owner_name_mismatch", 422,
        "your registered name differs from the account owner's; link as a family member if you are one",
        "ФИО в профиле не совпадает с ФИО собственника. Если вы член семьи собственника, отметьте это.",
        "The name in your profile differs from the owner's. If you are a family member of the owner, say so.";
    /// 409: the account is already linked to this user.
    AlreadyLinked = "already_linked", 409,
        "this account is already linked to you",
        "Этот лицевой счёт уже привязан.",
        "This account is already linked.";
    /// 403: signing in with a password is locked for this login after many failed attempts
    /// (Rules 2.3); a password reset by e-mail (or the office) unlocks it. Open sessions go on.
    PasswordLocked = "password_locked", 403,
        "signing in with a password is locked for this login after many failed attempts; reset the password by e-mail or contact the service office",
        "Вход по паролю заблокирован после многих неудачных попыток. Восстановите пароль по ссылке «Забыли пароль?» — письмо придёт на ваш e-mail — или обратитесь в офис.",
        "Password sign-in is locked after many failed attempts. Reset your password with «Forgot password?» — the link comes by e-mail — or contact the office.";
    /// 415: an appeal attachment whose content is not an image (JPEG, PNG, GIF, WebP) or a PDF.
    UnsupportedFileType = "unsupported_file_type", 415,
        "the file is not an image (JPEG, PNG, GIF, WebP) or a PDF",
        "Можно приложить только изображение (JPEG, PNG, GIF, WebP) или PDF.",
        "Only an image (JPEG, PNG, GIF, WebP) or a PDF can be attached.";
    /// 409: an appeal already has the most attachments allowed (3).
    TooManyAttachments = "too_many_attachments", 409,
        "an appeal holds at most 3 attachments",
        "К обращению можно приложить не более трёх файлов.",
        "An appeal can have at most three files.";
    /// 409: the appeal's status does not allow this step (answering a closed one, …).
    AppealStatus = "appeal_status", 409,
        "the appeal's status does not allow this",
        "Состояние обращения не позволяет это сделать. Обновите страницу.",
        "The appeal's status does not allow this. Please reload the page.";
    /// 422: the e-mail verification code is wrong, expired or used up; ask for a new one.
    InvalidVerificationCode = "invalid_verification_code", 422,
        "the verification code is wrong or expired",
        "Код неверный или устарел. Запросите новый код.",
        "The code is wrong or has expired. Please request a new one.";
    /// 409: the e-mail address is verified already.
    EmailAlreadyVerified = "email_already_verified", 409,
        "the e-mail address is already verified",
        "Адрес e-mail уже подтверждён.",
        "Your e-mail address is already verified.";
    /// 400: the unsubscribe link is damaged or not ours.
    InvalidUnsubscribeLink = "invalid_unsubscribe_link", 400,
        "the unsubscribe token is not valid",
        "Ссылка для отписки повреждена. Изменить рассылки можно в профиле.",
        "The unsubscribe link is damaged. You can change notifications in your profile.";
    /// 429: too many attempts; see `Retry-After`.
    BelowPrevious = "below_previous", 422,
        "the reading is below the latest accepted reading of this meter",
        "Показание меньше предыдущего принятого. Проверьте цифры на счётчике.",
        "The reading is below the previous accepted one. Check the digits on the meter.";
    FutureDate = "future_date", 422,
        "the reading is dated in the future",
        "Дата показаний не может быть в будущем.",
        "The reading cannot be dated in the future.";
    TooPrecise = "too_precise", 422,
        "more decimal places than the meter shows",
        "Знаков после запятой больше, чем показывает счётчик.",
        "More decimal places than the meter shows.";
    VerificationExpired = "verification_expired", 422,
        "the meter's verification has expired; readings are not accepted until it is verified",
        "Срок поверки счётчика истёк: показания не принимаются до поверки. Обратитесь в офис обслуживания.",
        "The meter's verification has expired: readings are not accepted until it is verified. Contact the service office.";
    MeterRemoved = "meter_removed", 422,
        "the meter is no longer in service",
        "Счётчик снят или заменён: показания по нему не принимаются.",
        "The meter has been removed or replaced: it takes no readings.";
    NeedsConfirmation = "needs_confirmation", 422,
        "the value is unusual; send it again with confirm_unusual: true if it is right",
        "Показание необычное. Проверьте его и подтвердите, если оно верное.",
        "The reading looks unusual. Check it and confirm if it is right.";
    ReadingLocked = "reading_locked", 409,
        "the reading was already billed and cannot change",
        "Показание уже учтено в начислениях и не может быть изменено.",
        "The reading has already been billed and cannot change.";
    IdempotencyConflict = "idempotency_conflict", 409,
        "this Idempotency-Key was used with a different request",
        "Этот запрос уже отправлялся с другими данными. Обновите страницу и повторите.",
        "This request was already sent with different data. Reload the page and try again.";
    /// 400: a payment provider's webhook signature does not match its body.
    BadSignature = "bad_signature", 400,
        "the webhook signature is missing or does not match the body",
        "Подпись уведомления неверна.",
        "The notification's signature is wrong.";
    /// 400: a webhook's signed timestamp is more than 5 minutes old (or ahead).
    StaleWebhook = "stale_webhook", 400,
        "the webhook's timestamp is older than 5 minutes",
        "Уведомление устарело.",
        "The notification is too old.";
    /// 404: nothing was charged to the account for that month, so there is no receipt.
    NoReceipt = "no_receipt", 404,
        "nothing was charged for that period",
        "За этот месяц начислений нет — квитанции не будет.",
        "Nothing was charged for that month, so there is no receipt.";
    /// 409: the payment was already completed and cannot change.
    PaymentCompleted = "payment_completed", 409,
        "the payment is already completed",
        "Платёж уже завершён.",
        "The payment has already been completed.";
    Throttled = "throttled", 429,
        "too many attempts",
        "Слишком много попыток. Подождите и повторите.",
        "Too many attempts. Please wait and try again.";
    /// 503: the server is at capacity for this kind of work (password checks); see `Retry-After`.
    Busy = "busy", 503,
        "the server is busy, try again in a moment",
        "Сервер сейчас перегружен. Повторите попытку через несколько секунд.",
        "The server is busy right now. Please try again in a few seconds.";
    /// 500: a bug; details are in the server log, never in the answer.
    Internal = "internal", 500,
        "internal error",
        "Внутренняя ошибка сервера. Мы уже знаем о ней.",
        "Internal server error. We have been notified.";
    /// 503: the database is unreachable; retry later.
    DatabaseUnavailable = "database_unavailable", 503,
        "the database is unavailable, try again later",
        "Сервис временно недоступен. Повторите попытку через несколько минут.",
        "The service is temporarily unavailable. Please try again in a few minutes.";
}

/// The inside of the envelope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    pub code: ErrorCode,
    /// Human-readable English explanation; the SPA shows its own translation of `code`.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "the database is unavailable, try again later")
    )]
    pub message: String,
    /// Per-field problems of a 400, keyed by the request field name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
    /// The numbers behind a business-rule refusal (a reading's `needs_confirmation`: the
    /// `reason`, `previous`, `value`, `consumption`, `days`, `limit`, `meter_id`), as strings.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub details: BTreeMap<String, String>,
    /// On a 5xx answer: the id of the request (also in `X-Request-Id`), which its log lines carry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// `{"error": {...}}`: the body of every non-2xx answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "error": {"code": "database_unavailable", "message": "the database is unavailable, try again later"}
})))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

impl ErrorBody {
    /// An envelope without field details.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            error: ErrorDetail {
                code,
                message: message.into(),
                fields: BTreeMap::new(),
                details: BTreeMap::new(),
                request_id: None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_serialises_in_the_documented_shape() {
        let body = ErrorBody::new(ErrorCode::DatabaseUnavailable, "down");
        let json = serde_json::to_value(&body).unwrap_or_default();
        assert_eq!(
            json,
            serde_json::json!({"error": {"code": "database_unavailable", "message": "down"}})
        );
    }

    #[test]
    fn every_code_has_its_serde_name_a_real_status_and_both_texts() {
        for &code in ErrorCode::ALL {
            let wire = serde_json::to_value(code).unwrap_or_default();
            assert_eq!(wire, serde_json::json!(code.as_str()));
            assert!((400..600).contains(&code.status()), "{code:?}");
            let (ru, en) = code.texts();
            assert!(!ru.is_empty() && !en.is_empty() && !code.message().is_empty());
        }
    }
}
