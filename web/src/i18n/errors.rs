//! Messages for API error codes and per-field validation codes.

use kabinet_shared::ErrorCode;

/// Messages for the API's error codes.
pub(super) fn error_pair(code: ErrorCode) -> (&'static str, &'static str) {
    match code {
        ErrorCode::Validation => (
            "Проверьте введённые данные.",
            "Please check what you entered.",
        ),
        ErrorCode::Unauthorized => ("Войдите в личный кабинет.", "Please sign in."),
        ErrorCode::InvalidCredentials => (
            "Неверный логин или пароль.",
            "Wrong login or password.",
        ),
        ErrorCode::Forbidden => ("Недостаточно прав.", "You are not allowed to do this."),
        ErrorCode::RulesNotAccepted => (
            "Чтобы продолжить, примите новую редакцию Правил.",
            "Please accept the new version of the Rules to continue.",
        ),
        ErrorCode::AccountBlocked => (
            "Доступ заблокирован (Правила, п. 2.3). Обратитесь в офис обслуживания.",
            "Access is blocked (Rules, 2.3). Please contact the service office.",
        ),
        ErrorCode::CsrfFailed => (
            "Сеанс устарел. Обновите страницу и повторите.",
            "Your session is out of date. Reload the page and try again.",
        ),
        ErrorCode::InsufficientScope => (
            "У ключа доступа нет нужного разрешения.",
            "The access token lacks the required permission.",
        ),
        ErrorCode::InvalidLinkCode => (
            "Номер лицевого счёта или код не подходят. Проверьте их или получите новый код в офисе обслуживания.",
            "The account number or the code does not match. Check them or get a new code at the service office.",
        ),
        ErrorCode::OwnerNameMismatch => (
            "ФИО в профиле не совпадает с ФИО собственника. Если вы член семьи собственника, отметьте это.",
            "The name in your profile differs from the owner's. If you are a family member of the owner, say so.",
        ),
        ErrorCode::AlreadyLinked => ("Этот лицевой счёт уже привязан.", "This account is already linked."),
        ErrorCode::PersonalDataRequired => (
            "Согласие на обработку персональных данных нельзя отозвать онлайн: обратитесь в офис, чтобы закрыть личный кабинет.",
            "Consent to personal-data processing cannot be withdrawn online: contact the office to close your account.",
        ),
        ErrorCode::NotFound => ("Не найдено.", "Not found."),
        ErrorCode::MethodNotAllowed => ("Действие недоступно.", "This action is not available."),
        ErrorCode::UnsupportedMediaType => ("Неподдерживаемый формат.", "Unsupported format."),
        ErrorCode::Conflict => (
            "Конфликт с существующими данными.",
            "Conflicts with existing data.",
        ),
        ErrorCode::PayloadTooLarge => ("Слишком большой объём данных.", "The data is too large."),
        ErrorCode::PasswordLocked => (
            "Вход по паролю заблокирован после многих неудачных попыток. Восстановите пароль по ссылке «Забыли пароль?» — письмо придёт на ваш e-mail — или обратитесь в офис.",
            "Password sign-in is locked after many failed attempts. Reset your password with «Forgot password?» — the link comes by e-mail — or contact the office.",
        ),
        ErrorCode::Busy => (
            "Сервер сейчас перегружен. Повторите попытку через несколько секунд.",
            "The server is busy right now. Please try again in a few seconds.",
        ),
        ErrorCode::Throttled => (
            "Слишком много попыток. Подождите и повторите.",
            "Too many attempts. Please wait and try again.",
        ),
        ErrorCode::Internal => (
            "Внутренняя ошибка сервера. Мы уже знаем о ней.",
            "Internal server error. We have been notified.",
        ),
        ErrorCode::DatabaseUnavailable => (
            "Сервис временно недоступен. Повторите попытку через несколько минут.",
            "The service is temporarily unavailable. Please try again in a few minutes.",
        ),
    }
}

/// Messages for the per-field codes of a 400 (`error.fields`); the field decides a few wordings.
pub(super) fn field_pair(field: &str, code: &str) -> (&'static str, &'static str) {
    match (field, code) {
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
        _ => ("Проверьте значение.", "Please check this value."),
    }
}
