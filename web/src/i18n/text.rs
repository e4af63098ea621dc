//! Every user-visible string of the SPA, in Russian and English: one line per key, both
//! languages side by side, so a string is written once and never missing a translation.

/// Declares `Text` and its table. `Key => "русский", "English";`
/// Keys after `[staff]` exist in the staff bundle only, so a resident never downloads their text.
macro_rules! texts {
    ($( $key:ident => $ru:literal, $en:literal; )* [staff] $( $skey:ident => $sru:literal, $sen:literal; )*) => {
        /// Every user-visible string of the SPA.
        #[derive(Clone, Copy, PartialEq, Eq, Debug)]
        pub enum Text {
            $( $key, )*
            $( #[cfg(feature = "staff")] $skey, )*
        }

        impl Text {
            pub(super) fn pair(self) -> (&'static str, &'static str) {
                match self {
                    $( Self::$key => ($ru, $en), )*
                    $( #[cfg(feature = "staff")] Self::$skey => ($sru, $sen), )*
                }
            }
        }
    };
}

texts! {
    HouseAbbr => "д.", "bldg.";
    FlatAbbr => "кв.", "apt.";
    Reason => "Причина", "Reason";
    DeviceOn => "на", "on";
    NumberSign => "№", "No.";
    SkipToContent => "Перейти к содержанию", "Skip to content";
    AppName => "Личный кабинет", "Personal account";
    NavLabel => "Основная навигация", "Main navigation";
    NavHome => "Главная", "Home";
    NavApiDocs => "API для интеграторов", "API for integrators";
    LanguageLabel => "Язык", "Language";
    Footer => "Теплоснабжение и горячее водоснабжение. Просмотр, передача показаний и оплата — бесплатно.", "District heating and hot water. Viewing, submitting readings and paying are free of charge.";
    HomeTitle => "Добро пожаловать", "Welcome";
    HomeIntro => "Здесь вы сможете смотреть начисления и задолженность, передавать показания счётчиков и оплачивать услуги.", "Here you can see your charges and debt, submit meter readings and pay for services.";
    Loading => "Загрузка…", "Loading…";
    Retry => "Повторить", "Try again";
    NetworkError => "Нет связи с сервером. Проверьте подключение к интернету и повторите попытку.", "Cannot reach the server. Check your internet connection and try again.";
    UnexpectedAnswer => "Сервер ответил непонятно. Повторите попытку позже.", "The server sent an unexpected answer. Please try again later.";
    NotFoundTitle => "Страница не найдена", "Page not found";
    NotFoundBody => "Такой страницы нет. Возможно, ссылка устарела.", "There is no such page. The link may be out of date.";
    BackHome => "На главную", "Back to home";
    CookiesDisabled => "В браузере отключены файлы cookie. Для входа в личный кабинет разрешите cookie для этого сайта (Правила, раздел 6).", "Cookies are disabled in your browser. Allow cookies for this site to sign in (Rules, section 6).";
    NoMeters => "приборов учёта нет", "no meters";
    VerificationDue => "поверка до", "verification due";
    HotWater => "Горячая вода", "Hot water";
    Heating => "Отопление", "Heating";
    NavAccounts => "Мои счета", "My accounts";
    NavOperatorAccounts => "Лицевые счета", "Accounts";
    MyAccounts => "Мои лицевые счета", "My utility accounts";
    NoAccounts => "К вашему кабинету пока не привязан ни один лицевой счёт. Привяжите его кодом из офиса обслуживания.", "No utility account is linked yet. Link one with the code from the service office.";
    AccountNo => "Лицевой счёт №", "Account No.";
    LinkTitle => "Привязать лицевой счёт", "Link a utility account";
    LinkIntro => "Код привязки выдаётся в офисе обслуживания при личном обращении. Он действует 30 дней и только один раз.", "The link code is given at the service office in person. It is valid for 30 days and works once.";
    Linked => "Лицевой счёт привязан.", "The account is linked.";
    AccountNumber => "Номер лицевого счёта", "Account number";
    LinkCodeLabel => "Код привязки", "Link code";
    LinkCodeHint => "10 знаков с бланка из офиса; регистр и пробелы не важны.", "10 characters from the office slip; case and spaces do not matter.";
    AsFamilyMember => "Я член семьи собственника и регистрируюсь от его имени (Правила, раздел 5)", "I am a family member of the owner registering in their name (Rules, section 5)";
    LinkSubmit => "Привязать", "Link";
    AccountSections => "Разделы лицевого счёта", "Account sections";
    TabInfo => "Общая информация", "General information";
    TabHistory => "История начислений и оплат", "Charges and payments";
    TabPay => "Оплатить", "Pay";
    TabMeters => "Данные счётчиков", "Meter readings";
    TabReceipt => "Квитанция", "Receipt";
    Address => "Адрес", "Address";
    Owner => "Собственник", "Owner";
    YouAreFamily => "вы — член семьи собственника", "you are a family member of the owner";
    HeatedArea => "Отапливаемая площадь", "Heated area";
    Residents => "Зарегистрировано человек", "Registered residents";
    BalanceToday => "Баланс на сегодня", "Balance today";
    LastPayment => "Последний платёж", "Last payment";
    NoPayments => "платежей нет", "no payments";
    Meters => "Приборы учёта", "Meters";
    ReadingWindowLabel => "Приём показаний", "Readings accepted";
    WindowOpen => "открыт сейчас, числа месяца", "open now, days of the month";
    WindowClosed => "закрыт; числа месяца", "closed; days of the month";
    WindowNext => "откроется", "opens on";
    Debt => "Задолженность", "Debt";
    Credit => "Переплата", "Credit";
    Settled => "Задолженности нет", "Nothing owed";
    Unlink => "Отвязать лицевой счёт", "Unlink this account";
    UnlinkConfirm => "Отвязать этот лицевой счёт от вашего кабинета? Снова привязать его можно будет только с новым кодом из офиса.", "Unlink this account from your personal account? Linking it again needs a new code from the office.";
    Cancel => "Отмена", "Cancel";
    NavLogin => "Вход", "Sign in";
    NavRegister => "Регистрация", "Register";
    NavProfile => "Профиль", "Profile";
    NavOperator => "Пользователи", "Users";
    NavLogout => "Выйти", "Sign out";
    LoginTitle => "Вход в личный кабинет", "Sign in to your personal account";
    LoginField => "Логин или e-mail", "Login or e-mail";
    PasswordField => "Пароль", "Password";
    LoginSubmit => "Войти", "Sign in";
    ForgotPassword => "Забыли пароль?", "Forgot your password?";
    NoAccount => "Нет учётной записи? Зарегистрируйтесь", "No account yet? Register";
    SessionExpired => "Сеанс завершён. Войдите снова.", "Your session has ended. Please sign in again.";
    RegisterTitle => "Регистрация", "Registration";
    LoginLabel => "Логин", "Login";
    LoginHint => "3–32 символа: буквы, цифры, . _ -", "3–32 characters: letters, digits, . _ -";
    FullNameLabel => "ФИО собственника помещения", "Full name of the owner";
    FullNameHint => "Члены семьи регистрируются на имя собственника, на которого открыт лицевой счёт (Правила, раздел 5).", "Family members register in the name of the owner the account is opened for (Rules, section 5).";
    EmailLabel => "Электронная почта", "E-mail";
    PhoneLabel => "Мобильный телефон", "Mobile phone";
    HomePhoneLabel => "Домашний телефон (необязательно)", "Home phone (optional)";
    PasswordHint => "Не короче 8 символов. Удобно использовать фразу из нескольких слов.", "At least 8 characters. A phrase of several words works well.";
    RulesHeading => "Правила предоставления и использования «Личного кабинета»", "Rules of providing and using the personal account";
    AcceptRulesCheckbox => "Я ознакомлен(а) с Правилами и согласен(на) с ними", "I have read and accept the Rules";
    ConsentsHeading => "Согласия", "Consents";
    ConsentPersonal => "Согласие на обработку персональных данных (152-ФЗ) — обязательно", "Consent to processing of personal data (152-FZ) — required";
    ConsentEmail => "Уведомления по электронной почте", "Notices by e-mail";
    ConsentSms => "SMS-уведомления", "Notices by SMS";
    ConsentService => "Сервисная информация (отключения, изменения тарифов)", "Service information (outages, tariff changes)";
    RegisterSubmit => "Зарегистрироваться", "Register";
    Registered => "Регистрация завершена. Теперь войдите с вашим логином и паролем. Если этот адрес e-mail уже был зарегистрирован, мы отправили на него письмо с подсказкой.", "Registration complete. Now sign in with your login and password. If this e-mail address was already registered, we have sent it a message with a hint.";
    AcceptRulesTitle => "Новая редакция Правил", "A new version of the Rules";
    AcceptRulesIntro => "Правила пользования личным кабинетом изменились. Ознакомьтесь с новой редакцией и примите её, чтобы продолжить.", "The Rules of using the personal account have changed. Please read the new version and accept it to continue.";
    AcceptRulesSubmit => "Принимаю Правила", "I accept the Rules";
    ProfileTitle => "Профиль", "Profile";
    PersonalData => "Личные данные", "Personal data";
    PostalAddress => "Почтовый адрес", "Postal address";
    CurrentPasswordForEmail => "Текущий пароль (нужен только для смены e-mail)", "Current password (needed only to change the e-mail)";
    Save => "Сохранить", "Save";
    Saved => "Изменения сохранены.", "Changes saved.";
    ChangedAt => "изменено", "changed";
    ConsentsSaved => "Согласия сохранены.", "Consents saved.";
    PasswordTitle => "Смена пароля", "Change password";
    CurrentPassword => "Текущий пароль", "Current password";
    NewPassword => "Новый пароль", "New password";
    ChangePassword => "Сменить пароль", "Change password";
    PasswordChanged => "Пароль изменён. Все другие сеансы завершены.", "Password changed. All other sessions have ended.";
    SessionsTitle => "Сеансы на устройствах", "Signed-in devices";
    SessionsIntro => "Если вы входили с чужого компьютера, завершите тот сеанс здесь (Правила, п. 3.7).", "If you signed in on someone else's computer, end that session here (Rules, 3.7).";
    ThisDevice => "это устройство", "this device";
    EndSession => "Завершить", "End";
    EndOthers => "Завершить все другие сеансы", "End all other sessions";
    SessionStarted => "вход", "signed in";
    SessionLastUsed => "активность", "last active";
    UnknownDevice => "Неизвестное устройство", "Unknown device";
    TokensTitle => "Личные API-токены", "Personal API tokens";
    TokensIntro => "Токен позволяет вашей программе или умному дому читать данные и передавать показания без пароля.", "A token lets your program or smart home read data and submit readings without your password.";
    TokenName => "Назначение токена", "What the token is for";
    ScopeRead => "чтение данных", "read data";
    ScopeReadingsWrite => "передача показаний", "submit readings";
    CreateToken => "Создать токен", "Create token";
    TokenShownOnce => "Скопируйте токен сейчас — он больше не будет показан:", "Copy the token now — it will not be shown again:";
    RevokeQuestion => "Отозвать токен", "Revoke the token";
    Revoke => "Отозвать", "Revoke";
    NoTokens => "Токенов нет.", "No tokens.";
    ForgotTitle => "Восстановление пароля", "Password reset";
    ForgotIntro => "Укажите адрес электронной почты, который вы указали при регистрации. Мы отправим ссылку для смены пароля.", "Enter the e-mail address you registered with. We will send a link to set a new password.";
    SendLink => "Отправить ссылку", "Send link";
    LinkSent => "Если этот адрес зарегистрирован, на него отправлена ссылка. Она действует 60 минут.", "If this address is registered, a link has been sent to it. It works for 60 minutes.";
    ResetTitle => "Новый пароль", "New password";
    ResetSubmit => "Сохранить пароль", "Save password";
    ResetDone => "Пароль изменён. Войдите с новым паролем.", "Password changed. Sign in with the new password.";
    SquareMetres => "м²", "m²";
    PayButton => "Оплатить", "Pay";
    ReadingsButton => "Передать показания", "Submit meter readings";
    ActionsNotYet => "Оплата и передача показаний на сайте скоро появятся. Пока — в банке или в абонентском отделе.", "Paying and submitting readings here are coming soon. Until then, use a bank or the service office.";
    LinkAnother => "Привязать ещё один лицевой счёт", "Link another account";
    OfficeTitle => "Как с нами связаться", "How to reach us";
    OfficeName => "Отдел", "Office";
    OfficePhone => "Телефон", "Phone";
    OfficeHours => "Часы работы", "Opening hours";
    SectionNotYet => "Этот раздел скоро заработает. Пока с ним поможет абонентский отдел — адрес, телефон и часы работы ниже.", "This section is coming soon. Until then the service office can help — its address, phone and hours are below.";
    HelpTitle => "Помощь", "Help";
    HelpStartQ => "С чего начать?", "Where do I start?";
    HelpStartA => "Зарегистрируйтесь и привяжите лицевой счёт кодом из абонентского отдела. На главной будет видно, сколько начислено и к оплате.", "Register and link your account with the code from the service office. Your home page then shows what is charged and due.";
    HelpLinkQ => "Где взять код для привязки счёта?", "Where do I get the code to link my account?";
    HelpLinkA => "Код выдают в абонентском отделе собственнику или прописанному члену семьи по паспорту. Он действует 30 дней и один раз.", "The service office gives it to the owner or a registered family member on showing an ID. It works once, for 30 days.";
    HelpReadingsQ => "Когда передавать показания?", "When do I submit meter readings?";
    HelpReadingsA => "Каждый месяц в дни приёма показаний вашего дома (они на странице счёта). Поздние показания войдут в следующий период.", "Every month on your building's reading days (shown on the account page). Late readings count towards the next period.";
    HelpPayQ => "Как оплатить?", "How do I pay?";
    HelpPayA => "Просмотр, передача показаний и оплата на сайте бесплатны. Пока оплатить можно в банке по квитанции или в абонентском отделе.", "Viewing, readings and paying here are free. Until online payment opens, pay at a bank with your bill or at the office.";
    HelpPasswordQ => "Забыли пароль или вход заблокирован?", "Forgot your password or locked out?";
    HelpPasswordA => "«Забыли пароль?» на странице входа пришлёт ссылку на почту. Если вход заблокирован, позвоните в абонентский отдел.", "“Forgot your password?” on the sign-in page sends a link to your e-mail. If you are locked out, call the service office.";
    ShowPassword => "Показать", "Show";
    HidePassword => "Скрыть", "Hide";
    Copy => "Скопировать", "Copy";
    Copied => "Скопировано", "Copied";
    StaffOnlyTitle => "Эта страница — для сотрудников", "This page is for staff";
    StaffOnlyBody => "Раздел предназначен для сотрудников абонентского отдела. Ваши лицевые счета — на главной странице.", "This section is for the service office's staff. Your accounts are on your home page.";
    ToMyHome => "На главную", "To my home page";
    ToStaffArea => "Перейти в раздел сотрудников", "Go to the staff area";
    NavAudit => "Журнал действий", "Audit log";
    // Staff pages only.
    [staff]
    OperatorAccountsTitle => "Лицевые счета", "Utility accounts";
    ActiveCode => "Выданный код действует", "An issued code is active";
    Yes => "да", "yes";
    No => "нет", "no";
    IssueCode => "Выдать код привязки", "Issue a link code";
    LinkedUsers => "Привязанные пользователи", "Linked users";
    NobodyLinked => "Никто не привязан.", "Nobody is linked.";
    ReasonWritten => "письменное заявление", "written request";
    ReasonOwnerChange => "смена собственника", "change of owner";
    ReasonOther => "другое", "other";
    FamilyMember => "член семьи", "family member";
    Disconnect => "Отключить", "Disconnect";
    DisconnectAll => "Отключить всех", "Disconnect everyone";
    SlipTitle => "Код привязки к личному кабинету", "Personal account link code";
    ValidUntil => "Действует до", "Valid until";
    SlipHowTo => "Войдите в личный кабинет, откройте «Мои счета» и введите номер лицевого счёта и этот код. Код одноразовый; никому его не сообщайте.", "Sign in, open “My accounts” and enter the account number and this code. The code works once; do not share it.";
    Print => "Печать", "Print";
    UsersTitle => "Пользователи", "Users";
    SearchLabel => "Поиск", "Search";
    Search => "Найти", "Search";
    BlockedState => "заблокирован", "blocked";
    PasswordLockedState => "вход по паролю заблокирован (много неудачных попыток)", "password sign-in locked (many failed attempts)";
    ActiveState => "активен", "active";
    Block => "Заблокировать", "Block";
    Unblock => "Разблокировать", "Unblock";
    LoadMore => "Показать ещё", "Show more";
    Found => "Найдено:", "Found:";
    NothingFound => "Ничего не найдено.", "Nothing found.";
    RoleResident => "житель", "resident";
    RoleOperator => "оператор", "operator";
    RoleAdmin => "администратор", "admin";
    AccountSearchHint => "Номер счёта (можно с пробелами), фамилия собственника или адрес", "Account number (spaces allowed), owner's surname or address";
    UserSearchHint => "Логин, ФИО, e-mail или телефон в любом виде", "Login, name, e-mail or a phone number in any form";
    StateLabel => "Состояние", "State";
    ActionLabel => "Действие", "Action";
    RoleLabel => "Роль", "Role";
    BlockQuestion => "Заблокировать", "Block";
    UnblockQuestion => "Разблокировать", "Unblock";
    Blocked => "заблокирован", "blocked";
    Unblocked => "разблокирован", "unblocked";
    UserTitle => "Пользователь", "User";
    BackToSearch => "← К поиску", "← Back to search";
    RegisteredAt => "Зарегистрирован", "Registered";
    RecentFailedLogins => "Неудачных входов за час", "Failed sign-ins in the last hour";
    LinkedAccounts => "Привязанные лицевые счета", "Linked accounts";
    NoAccountsLinked => "Лицевые счета не привязаны.", "No accounts linked.";
    BlockHistory => "История блокировок", "Block history";
    NeverBlocked => "Не блокировался.", "Never blocked.";
    UserAuditLink => "Действия с этим пользователем в журнале", "This user in the audit log";
    ReissueQuestion => "У счёта уже есть действующий код. Новый код отменит его — код на руках у жителя перестанет работать. Выдать новый?", "This account already has a valid code. A new code voids it: the one the resident holds will stop working. Issue a new one?";
    DisconnectGround => "Основание", "Ground";
    DisconnectQuestion => "Отключить от счёта пользователя", "Disconnect from this account the user";
    DisconnectAllQuestion => "Отключить от счёта всех пользователей?", "Disconnect every user from this account?";
    LinkedSince => "привязан", "linked";
    AuditWhen => "Когда", "When";
    AuditWho => "Кто", "Who";
    AuditAction => "Действие", "Action";
    AuditTarget => "Объект", "Target";
    AuditTargetKind => "Вид объекта", "Target kind";
    AuditTargetId => "Идентификатор объекта", "Target id";
    AuditFrom => "Адрес", "From address";
    AuditDetails => "Подробности", "Details";
    AuditFromDate => "С даты", "From";
    AuditToDate => "По дату", "To";
}
