//! Messages for API error codes (from the shared table) and per-field validation codes.

use kabinet_shared::ErrorCode;

/// Messages for the API's error codes: the shared table's texts, so a new code is translated
/// where it is declared.
pub(super) fn error_pair(code: ErrorCode) -> (&'static str, &'static str) {
    code.texts()
}

/// Messages for the per-field codes of a 400 (`error.fields`); the field decides a few wordings.
pub(super) fn field_pair(field: &str, code: &str) -> (&'static str, &'static str) {
    match (field, code) {
        // The amount of an online payment (the pay page is in the meters bundle only).
        #[cfg(feature = "meters")]
        ("amount", "too_small") => ("Не меньше 1,00 ₽.", "At least 1.00 ₽."),
        #[cfg(feature = "meters")]
        ("amount", "too_large") => (
            "Больше, чем можно оплатить за один раз. Разбейте сумму на несколько платежей.",
            "More than one payment may be. Split the amount into several payments.",
        ),
        #[cfg(feature = "meters")]
        ("amount", "invalid") => (
            "Сумма в рублях, копейки через запятую, например 1234,56.",
            "An amount in roubles with up to two decimals, such as 1234.56.",
        ),
        ("consents.personal_data", "required") => (
            "Без согласия на обработку персональных данных (152-ФЗ) мы не можем создать учётную запись: отметьте его, чтобы продолжить.",
            "We cannot create an account without consent to processing personal data (152-FZ): tick it to continue.",
        ),
        ("accepted", "required") => (
            "Чтобы зарегистрироваться, примите Правила: отметьте этот пункт.",
            "To register, accept the Rules: tick this box.",
        ),
        (_, "required") => ("Заполните это поле.", "Please fill in this field."),
        ("password" | "new_password", "too_short") => {
            ("Не короче 8 символов.", "At least 8 characters.")
        }
        (_, "too_short") => ("Слишком коротко.", "Too short."),
        (_, "too_long") => ("Слишком длинно.", "Too long."),
        ("login", "invalid") => (
            "Только буквы, цифры и знаки . _ -, от 3 до 32 символов.",
            "Letters, digits and . _ - only, 3 to 32 characters.",
        ),
        ("full_name", "invalid") => (
            "Только буквы, пробелы, дефис и апостроф.",
            "Letters, spaces, hyphens and apostrophes only.",
        ),
        ("email", "invalid") => (
            "Проверьте адрес электронной почты.",
            "Check the e-mail address.",
        ),
        ("phone" | "home_phone", "invalid") => (
            "Номер в формате +7 XXX XXX-XX-XX.",
            "A number like +7 XXX XXX-XX-XX.",
        ),
        ("login", "taken") => ("Этот логин уже занят.", "This login is taken."),
        ("account_number", "invalid") => (
            "Номер лицевого счёта — от 6 до 12 цифр.",
            "An account number is 6 to 12 digits.",
        ),
        ("code", "invalid") => (
            "Код — 10 букв и цифр с бланка из офиса.",
            "The code is 10 letters and digits from the office's slip.",
        ),
        ("login", "mixed_script") => (
            "Буквы логина — либо только латинские, либо только русские.",
            "A login's letters are either all Latin or all Cyrillic.",
        ),
        (_, "invalid_characters") => (
            "Уберите служебные и невидимые символы.",
            "Remove control and invisible characters.",
        ),
        // `PATCH /me` only: registration never says an address is taken.
        ("email", "taken") => (
            "Этот адрес уже используется другой учётной записью.",
            "This address is used by another account.",
        ),
        (_, "common") => (
            "Этот пароль слишком распространён. Придумайте другой.",
            "This password is too common. Please choose another.",
        ),
        (_, "same_as_current") => (
            "Новый пароль совпадает с текущим. Придумайте другой.",
            "The new password is the same as the current one. Choose another.",
        ),
        (_, "same_as_login") => (
            "Пароль не должен совпадать с логином.",
            "The password must differ from the login.",
        ),
        (_, "same_as_email") => (
            "Пароль не должен совпадать с адресом почты.",
            "The password must differ from the e-mail.",
        ),
        (_, "not_current") => (
            "Правила обновились. Обновите страницу и ознакомьтесь с новой редакцией.",
            "The Rules have changed. Reload the page and read the new version.",
        ),
        (_, "wrong") => ("Неверный пароль.", "Wrong password."),
        ("token", "invalid") => (
            "Ссылка недействительна, уже использована или устарела. Запросите новую.",
            "The link is invalid, used or expired. Request a new one.",
        ),
        // Meter readings (the form's own checks, as `reading::check_input` names them).
        (f, "invalid") if f.starts_with("reading") => (
            "Только цифры и одна запятая, например 123,456.",
            "Digits and one decimal point only, such as 123.456.",
        ),
        (_, "negative") => (
            "Показание не может быть отрицательным.",
            "A reading cannot be negative.",
        ),
        (_, "too_precise") => (
            "Знаков после запятой больше, чем показывает счётчик.",
            "More decimal places than the meter shows.",
        ),
        (_, "too_large") => ("Слишком большое число.", "The number is too large."),
        (_, "below_previous") => (
            "Меньше предыдущего принятого показания. Проверьте цифры на счётчике.",
            "Below the previous accepted reading. Check the digits on the meter.",
        ),
        _ => ("Проверьте значение.", "Please check this value."),
    }
}
