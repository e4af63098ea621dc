//! The texts of notices, Russian and English, each as plain text and HTML for e-mail and as one
//! short line for SMS. Values from the database are escaped in the HTML part.

use chrono::NaiveDate;
use kabinet_shared::api::auth::Language;
use kabinet_shared::api::notices::NoticeEvent;

use super::Recipient;

/// One notice and what it says.
#[derive(Debug, Clone)]
pub enum Notice {
    ReadingWindowOpen {
        account: String,
        closes_on: NaiveDate,
    },
    ReadingWindowClosing {
        account: String,
        closes_on: NaiveDate,
    },
    VerificationDue {
        account: String,
        serial: String,
        due: NaiveDate,
    },
    ReadingRejected {
        account: String,
        number: String,
        reason: String,
    },
    PaymentCredited {
        account: String,
        amount: String,
    },
    ReceiptAvailable {
        account: String,
        period: String,
    },
    AccountUnlinked {
        account: String,
        /// `owner_change`, `written_request` or `other`.
        reason: String,
    },
    Blocked {
        reason: String,
    },
    AppealAnswered {
        id: i64,
        number: String,
    },
    RulesPublished {
        version: i32,
    },
}

/// A rendered e-mail.
pub struct Mail {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// What a notice says in one language: subject, paragraphs, and a link into the SPA
/// (`(label, path)`).
struct Said {
    subject: String,
    lines: Vec<String>,
    link: Option<(String, String)>,
}

impl Notice {
    /// The event this notice is an instance of.
    pub fn event(&self) -> NoticeEvent {
        match self {
            Self::ReadingWindowOpen { .. } => NoticeEvent::ReadingWindowOpen,
            Self::ReadingWindowClosing { .. } => NoticeEvent::ReadingWindowClosing,
            Self::VerificationDue { .. } => NoticeEvent::VerificationDue,
            Self::ReadingRejected { .. } => NoticeEvent::ReadingRejected,
            Self::PaymentCredited { .. } => NoticeEvent::PaymentCredited,
            Self::ReceiptAvailable { .. } => NoticeEvent::ReceiptAvailable,
            Self::AccountUnlinked { .. } => NoticeEvent::AccountUnlinked,
            Self::Blocked { .. } => NoticeEvent::Blocked,
            Self::AppealAnswered { .. } => NoticeEvent::AppealAnswered,
            Self::RulesPublished { .. } => NoticeEvent::RulesPublished,
        }
    }

    fn say(&self, lang: Language) -> Said {
        let ru = lang == Language::Ru;
        let date = |d: &NaiveDate| {
            if ru {
                d.format("%d.%m.%Y").to_string()
            } else {
                d.format("%Y-%m-%d").to_string()
            }
        };
        let (subject, lines, link): (String, Vec<String>, Option<(&str, String)>) = match self {
            Self::ReadingWindowOpen { account, closes_on } => {
                if ru {
                    (format!("Приём показаний открыт (счёт {account})"),
                 vec![format!("Начался приём показаний счётчиков по лицевому счёту {account}. Передайте показания до {} включительно.", date(closes_on))],
                 Some(("Передать показания", format!("/accounts/{account}/meters"))))
                } else {
                    (format!("Meter readings are open (account {account})"),
                 vec![format!("You can now submit meter readings for account {account}, until {} inclusive.", date(closes_on))],
                 Some(("Submit readings", format!("/accounts/{account}/meters"))))
                }
            }
            Self::ReadingWindowClosing { account, closes_on } => {
                if ru {
                    (format!("Осталось два дня, чтобы передать показания (счёт {account})"),
                 vec![format!("По лицевому счёту {account} показания за этот месяц ещё не переданы. Приём закончится {}; после этого начисление будет по среднему потреблению.", date(closes_on))],
                 Some(("Передать показания", format!("/accounts/{account}/meters"))))
                } else {
                    (format!("Two days left to submit readings (account {account})"),
                 vec![format!("No readings have been submitted for account {account} this month. Submission closes on {}; after that the charge is based on average use.", date(closes_on))],
                 Some(("Submit readings", format!("/accounts/{account}/meters"))))
                }
            }
            Self::VerificationDue {
                account,
                serial,
                due,
            } => {
                if ru {
                    (format!("Скоро поверка счётчика {serial}"),
                 vec![format!("Срок поверки счётчика № {serial} (лицевой счёт {account}) истекает {}. После этой даты его показания не принимаются — закажите поверку заранее.", date(due))],
                 Some(("Данные счётчиков", format!("/accounts/{account}/meters"))))
                } else {
                    (format!("Meter {serial} is due for verification"),
                 vec![format!("The verification of meter No. {serial} (account {account}) expires on {}. After that its readings are not accepted — book the verification in advance.", date(due))],
                 Some(("Meters", format!("/accounts/{account}/meters"))))
                }
            }
            Self::ReadingRejected {
                account,
                number,
                reason,
            } => {
                if ru {
                    (format!("Показание {number} отклонено"),
                 vec![format!("Офис обслуживания отклонил показание {number} по лицевому счёту {account}."), format!("Причина: {reason}"), "Передайте верное показание в личном кабинете.".into()],
                 Some(("Данные счётчиков", format!("/accounts/{account}/meters"))))
                } else {
                    (format!("Reading {number} was rejected"),
                 vec![format!("The service office rejected reading {number} for account {account}."), format!("Reason: {reason}"), "Please submit the correct reading in your account.".into()],
                 Some(("Meters", format!("/accounts/{account}/meters"))))
                }
            }
            Self::PaymentCredited { account, amount } => {
                if ru {
                    (
                        format!("Оплата {amount} ₽ зачислена"),
                        vec![format!(
                            "Платёж {amount} ₽ по лицевому счёту {account} зачислен. Спасибо!"
                        )],
                        Some((
                            "История начислений и оплат",
                            format!("/accounts/{account}/history"),
                        )),
                    )
                } else {
                    (format!("Payment of {amount} RUB credited"),
                 vec![format!("Your payment of {amount} RUB for account {account} has been credited. Thank you!")],
                 Some(("Charges and payments", format!("/accounts/{account}/history"))))
                }
            }
            Self::ReceiptAvailable { account, period } => {
                if ru {
                    (format!("Квитанция за {period} готова (счёт {account})"),
                 vec![format!("Начисления за {period} по лицевому счёту {account} готовы. Квитанцию можно открыть или скачать в личном кабинете.")],
                 Some(("Квитанция", format!("/accounts/{account}/receipts"))))
                } else {
                    (format!("Your bill for {period} is ready (account {account})"),
                 vec![format!("The charges for {period} on account {account} are ready. You can open or download the bill in your account.")],
                 Some(("Bill", format!("/accounts/{account}/receipts"))))
                }
            }
            Self::AccountUnlinked { account, reason } => {
                let grounds = match (reason.as_str(), ru) {
                    ("owner_change", true) => "смена владельца (Правила, п. 2.4)",
                    ("owner_change", false) => "change of owner (Rules, 2.4)",
                    ("written_request", true) => "письменное заявление",
                    ("written_request", false) => "a written request",
                    (_, true) => "решение офиса обслуживания",
                    (_, false) => "a decision of the service office",
                };
                if ru {
                    (
                        "Лицевой счёт отключён от личного кабинета".into(),
                        vec![
                            format!("Лицевой счёт {account} отключён от вашего личного кабинета."),
                            format!("Основание: {grounds}."),
                            "Если это ошибка, обратитесь в офис обслуживания.".into(),
                        ],
                        None,
                    )
                } else {
                    (
                        "An account was unlinked from your profile".into(),
                        vec![
                            format!("Account {account} has been unlinked from your profile."),
                            format!("Grounds: {grounds}."),
                            "If this is a mistake, please contact the service office.".into(),
                        ],
                        None,
                    )
                }
            }
            Self::Blocked { reason } => {
                if ru {
                    ("Доступ к личному кабинету заблокирован".into(),
                 vec!["Офис обслуживания заблокировал доступ к вашему личному кабинету (Правила, п. 2.3).".into(), format!("Причина: {reason}"), "Чтобы восстановить доступ, обратитесь в офис обслуживания.".into()],
                 None)
                } else {
                    (
                        "Access to your account is blocked".into(),
                        vec![
                            "The service office has blocked access to your account (Rules, 2.3)."
                                .into(),
                            format!("Reason: {reason}"),
                            "To restore access, please contact the service office.".into(),
                        ],
                        None,
                    )
                }
            }
            Self::AppealAnswered { id, number } => {
                if ru {
                    (format!("Ответ на обращение № {number}"),
                 vec![format!("Офис обслуживания ответил на ваше обращение № {number}. Ответ можно прочитать в личном кабинете.")],
                 Some(("Прочитать ответ", format!("/appeals/{id}"))))
                } else {
                    (format!("Answer to appeal No. {number}"),
                 vec![format!("The service office has answered your appeal No. {number}. You can read the answer in your account.")],
                 Some(("Read the answer", format!("/appeals/{id}"))))
                }
            }
            Self::RulesPublished { version } => {
                if ru {
                    (format!("Новая редакция Правил (версия {version})"),
                 vec!["Опубликована новая редакция Правил пользования личным кабинетом. При следующем входе вам предложат её прочитать и принять.".into()],
                 Some(("Правила", "/rules/accept".into())))
                } else {
                    (format!("New version of the Rules (version {version})"),
                 vec!["A new version of the Rules of the personal account has been published. You will be asked to read and accept it when you next sign in.".into()],
                 Some(("The Rules", "/rules/accept".into())))
                }
            }
        };
        Said {
            subject,
            lines,
            link: link.map(|(label, path)| (label.to_owned(), path)),
        }
    }
}

/// Escapes text for HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// Wraps paragraphs into an e-mail: greeting, text, a button-like link, and the footer with the
/// unsubscribe link (every message has one).
pub fn compose(
    lang: Language,
    name: &str,
    subject: &str,
    lines: &[String],
    link: Option<(&str, &str)>,
    unsubscribe: &str,
) -> Mail {
    let ru = lang == Language::Ru;
    let greeting = if ru {
        format!("Здравствуйте, {name}!")
    } else {
        format!("Hello, {name}!")
    };
    let footer = if ru {
        "Это письмо отправлено личным кабинетом потребителя. Чтобы не получать такие письма, отпишитесь:"
    } else {
        "This message was sent by your utility account. To stop receiving such messages, unsubscribe:"
    };
    let mut text = format!("{greeting}\n\n");
    let mut html = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head><body style=\"font-family:sans-serif;line-height:1.5\"><p>{}</p>",
        lang.as_str(),
        escape(subject),
        escape(&greeting)
    );
    for line in lines {
        text.push_str(line);
        text.push_str("\n\n");
        html.push_str(&format!("<p>{}</p>", escape(line)));
    }
    if let Some((label, url)) = link {
        text.push_str(&format!("{label}: {url}\n\n"));
        html.push_str(&format!(
            "<p><a href=\"{}\">{}</a></p>",
            escape(url),
            escape(label)
        ));
    }
    text.push_str(&format!("--\n{footer} {unsubscribe}\n"));
    html.push_str(&format!(
        "<hr><p style=\"font-size:small;color:#555\">{} <a href=\"{}\">{}</a></p></body></html>",
        escape(footer),
        escape(unsubscribe),
        if ru {
            "Отписаться"
        } else {
            "Unsubscribe"
        }
    ));
    Mail {
        subject: subject.to_owned(),
        text,
        html,
    }
}

/// The e-mail for `notice`.
pub(super) fn email(notice: &Notice, who: &Recipient, public_url: &str, unsubscribe: &str) -> Mail {
    let said = notice.say(who.language);
    let url = said
        .link
        .as_ref()
        .map(|(label, path)| (label.clone(), format!("{public_url}{path}")));
    compose(
        who.language,
        &who.full_name,
        &said.subject,
        &said.lines,
        url.as_ref().map(|(l, u)| (l.as_str(), u.as_str())),
        unsubscribe,
    )
}

/// The SMS for `notice`: the subject and the unsubscribe link.
pub(super) fn sms(notice: &Notice, lang: Language, unsubscribe: &str) -> String {
    let said = notice.say(lang);
    let stop = if lang == Language::Ru {
        "Отписаться"
    } else {
        "Unsubscribe"
    };
    format!("{}. {stop}: {unsubscribe}", said.subject)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_what_residents_and_operators_typed() {
        let mail = compose(
            Language::Ru,
            "<b>Иванова</b>",
            "Тема",
            &["a & b <script>".to_owned()],
            None,
            "https://x/unsubscribe?token=1",
        );
        assert!(mail.html.contains("&lt;b&gt;Иванова&lt;/b&gt;"));
        assert!(mail.html.contains("a &amp; b &lt;script&gt;"));
        assert!(!mail.html.contains("<script>"));
        assert!(mail.text.contains("https://x/unsubscribe?token=1"));
    }

    #[test]
    fn every_notice_has_both_languages() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 25).unwrap_or_default();
        let notice = Notice::ReadingWindowClosing {
            account: "100200300".into(),
            closes_on: day,
        };
        let ru = notice.say(Language::Ru);
        let en = notice.say(Language::En);
        assert!(ru.subject.contains("показания") && ru.lines[0].contains("25.12.2026"));
        assert!(en.subject.contains("readings") && en.lines[0].contains("2026-12-25"));
    }
}
