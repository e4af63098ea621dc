//! The one translation table. Russian is the default; English is the second language. The
//! choice is remembered in localStorage and mirrored into `<html lang>`.

use kabinet_shared::ErrorCode;
use yew::prelude::*;

const STORAGE_KEY: &str = "kabinet.lang";

/// A UI language.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Lang {
    Ru,
    En,
}

impl Lang {
    /// The saved choice, or Russian.
    pub fn load() -> Self {
        let saved = web_sys::window()
            .and_then(|w| w.local_storage().ok().flatten())
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
        let lang = match saved.as_deref() {
            Some("en") => Self::En,
            _ => Self::Ru,
        };
        lang.apply_to_document();
        lang
    }

    /// Remembers the choice for the next visit (silently skipped when storage is blocked).
    pub fn store(self) {
        if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = storage.set_item(STORAGE_KEY, self.code());
        }
        self.apply_to_document();
    }

    /// ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Ru => "ru",
            Self::En => "en",
        }
    }

    fn apply_to_document(self) {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("lang", self.code());
        }
    }

    /// The text of `key` in this language.
    pub fn text(self, key: Text) -> &'static str {
        let (ru, en) = key.pair();
        match self {
            Self::Ru => ru,
            Self::En => en,
        }
    }

    /// The message for an API error code.
    pub fn error(self, code: ErrorCode) -> &'static str {
        self.text(Text::Error(code))
    }
}

/// The language and a way to change it, provided to every component.
#[derive(Clone, PartialEq)]
pub struct LangContext {
    pub lang: Lang,
    pub set: Callback<Lang>,
}

impl LangContext {
    /// Bundles the current language with its setter.
    pub fn new(lang: Lang, set: Callback<Lang>) -> Self {
        Self { lang, set }
    }
}

/// The current language (Russian outside a provider).
#[hook]
pub fn use_lang() -> Lang {
    use_context::<LangContext>().map_or(Lang::Ru, |c| c.lang)
}

/// Every user-visible string of the SPA.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Text {
    AppName,
    NavLabel,
    NavHome,
    NavApiDocs,
    LanguageLabel,
    Footer,
    HomeTitle,
    HomeIntro,
    ServiceStatus,
    StatusOk,
    StatusUnavailable,
    Database,
    Reachable,
    Unreachable,
    Version,
    Loading,
    Retry,
    NetworkError,
    UnexpectedAnswer,
    NotFoundTitle,
    NotFoundBody,
    BackHome,
    CookiesDisabled,
    Error(ErrorCode),
}

impl Text {
    fn pair(self) -> (&'static str, &'static str) {
        match self {
            Self::AppName => ("Личный кабинет", "Personal account"),
            Self::NavLabel => ("Основная навигация", "Main navigation"),
            Self::NavHome => ("Главная", "Home"),
            Self::NavApiDocs => ("API для интеграторов", "API for integrators"),
            Self::LanguageLabel => ("Язык", "Language"),
            Self::Footer => (
                "Теплоснабжение и горячее водоснабжение. Просмотр, передача показаний и оплата — бесплатно.",
                "District heating and hot water. Viewing, submitting readings and paying are free of charge.",
            ),
            Self::HomeTitle => ("Добро пожаловать", "Welcome"),
            Self::HomeIntro => (
                "Здесь вы сможете смотреть начисления и задолженность, передавать показания счётчиков и оплачивать услуги.",
                "Here you can see your charges and debt, submit meter readings and pay for services.",
            ),
            Self::ServiceStatus => ("Состояние сервиса", "Service status"),
            Self::StatusOk => ("работает", "operational"),
            Self::StatusUnavailable => ("временно недоступен", "temporarily unavailable"),
            Self::Database => ("База данных", "Database"),
            Self::Reachable => ("доступна", "reachable"),
            Self::Unreachable => ("недоступна", "unreachable"),
            Self::Version => ("Версия", "Version"),
            Self::Loading => ("Загрузка…", "Loading…"),
            Self::Retry => ("Повторить", "Try again"),
            Self::NetworkError => (
                "Нет связи с сервером. Проверьте подключение к интернету и повторите попытку.",
                "Cannot reach the server. Check your internet connection and try again.",
            ),
            Self::UnexpectedAnswer => (
                "Сервер ответил непонятно. Повторите попытку позже.",
                "The server sent an unexpected answer. Please try again later.",
            ),
            Self::NotFoundTitle => ("Страница не найдена", "Page not found"),
            Self::NotFoundBody => (
                "Такой страницы нет. Возможно, ссылка устарела.",
                "There is no such page. The link may be out of date.",
            ),
            Self::BackHome => ("На главную", "Back to home"),
            Self::CookiesDisabled => (
                "В браузере отключены файлы cookie. Для входа в личный кабинет разрешите cookie для этого сайта (Правила, раздел 6).",
                "Cookies are disabled in your browser. Allow cookies for this site to sign in (Rules, section 6).",
            ),
            Self::Error(code) => error_pair(code),
        }
    }
}

fn error_pair(code: ErrorCode) -> (&'static str, &'static str) {
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
