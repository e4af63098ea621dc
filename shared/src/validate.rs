//! Field rules shared by the SPA (to explain mistakes before a round trip) and the API (which
//! enforces them). Each function returns the normalised value or a snake_case error code that
//! the API puts in `error.fields` and the SPA translates.

/// Logins: 3–32 of letters, digits, `.`, `_`, `-`, the letters all of one alphabet (Latin or
/// Cyrillic): `ivanоva` with a Cyrillic `о` would look like someone else's login. The server
/// applies Unicode NFKC first, so full-width `ｉｖａｎｏｖａ` *is* `ivanova` (and is taken).
pub fn login(raw: &str) -> Result<String, &'static str> {
    let value = raw.trim();
    let len = value.chars().count();
    if len == 0 {
        return Err("required");
    }
    if len < 3 {
        return Err("too_short");
    }
    if len > 32 {
        return Err("too_long");
    }
    if !value
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'))
    {
        return Err("invalid");
    }
    let latin = value.chars().any(|c| c.is_ascii_alphabetic());
    let cyrillic = value.chars().any(is_cyrillic);
    let other = value
        .chars()
        .any(|c| c.is_alphabetic() && !c.is_ascii_alphabetic() && !is_cyrillic(c));
    if other || (latin && cyrillic) || value.chars().any(|c| !c.is_ascii() && c.is_numeric()) {
        return Err("mixed_script");
    }
    Ok(value.to_owned())
}

fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

/// Characters no text field accepts: control characters (other than those a multi-line field
/// allows), bidirectional overrides, isolates and marks (they make `exe.txt` read `txt.exe`),
/// zero-width characters and the byte-order mark.
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}'
        )
}

/// A one-line text (an address part, a name of a token, a reason): trimmed, inner runs of
/// spaces collapsed, `required` when empty, `too_long` past `max` characters,
/// `invalid_characters` with control or bidi characters.
pub fn plain_text(raw: &str, max: usize) -> Result<String, &'static str> {
    if raw.chars().any(is_unsafe_char) {
        return Err("invalid_characters");
    }
    let value = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if value.is_empty() {
        return Err("required");
    }
    if value.chars().count() > max {
        return Err("too_long");
    }
    Ok(value)
}

/// A multi-line text (Rules, notes): like [`plain_text`] but keeps line breaks and tabs.
pub fn multiline_text(raw: &str, max: usize) -> Result<String, &'static str> {
    if raw
        .chars()
        .any(|c| is_unsafe_char(c) && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err("invalid_characters");
    }
    let value = raw.trim();
    if value.is_empty() {
        return Err("required");
    }
    if value.chars().count() > max {
        return Err("too_long");
    }
    Ok(value.to_owned())
}

/// One CSV cell, quoted (RFC 4180) and defused against formula injection: a cell that a
/// spreadsheet would run (`=`, `+`, `-`, `@`, tab, carriage return first) gets a leading `'`.
pub fn csv_cell(value: &str) -> String {
    let defused = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if defused.contains([',', ';', '"', '\n', '\r']) || defused != value {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

/// Full names: letters of either alphabet, spaces, hyphens and apostrophes; spaces collapsed.
pub fn full_name(raw: &str) -> Result<String, &'static str> {
    let value = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if value.is_empty() {
        return Err("required");
    }
    if value.chars().count() > 200 {
        return Err("too_long");
    }
    let allowed = |c: char| {
        c.is_ascii_alphabetic()
            || ('\u{0400}'..='\u{04FF}').contains(&c)
            || matches!(c, ' ' | '-' | '\'' | '’')
    };
    if !value.chars().all(allowed) || !value.chars().any(char::is_alphabetic) {
        return Err("invalid");
    }
    Ok(value)
}

/// E-mail addresses: one `@`, a non-empty local part, a dotted domain of letters, digits and
/// hyphens; at most 254 characters. Stored as typed, compared case-insensitively.
pub fn email(raw: &str) -> Result<String, &'static str> {
    let value = raw.trim();
    if value.is_empty() {
        return Err("required");
    }
    if value.len() > 254 {
        return Err("too_long");
    }
    let Some((local, domain)) = value.split_once('@') else {
        return Err("invalid");
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    if local_ok && domain_ok {
        Ok(value.to_owned())
    } else {
        Err("invalid")
    }
}

/// Russian phone numbers, normalised to `+7XXXXXXXXXX`: accepts `+7`, `8` or a bare ten-digit
/// number with any spaces, brackets and hyphens.
pub fn phone(raw: &str) -> Result<String, &'static str> {
    let value = raw.trim();
    if value.is_empty() {
        return Err("required");
    }
    if !value
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '(' | ')' | '-'))
        || value.chars().skip(1).any(|c| c == '+')
    {
        return Err("invalid");
    }
    let digits: String = value.chars().filter(char::is_ascii_digit).collect();
    let national = match digits.len() {
        11 if digits.starts_with('7') || digits.starts_with('8') => &digits[1..],
        10 if !value.starts_with('+') => digits.as_str(),
        _ => return Err("invalid"),
    };
    Ok(format!("+7{national}"))
}

/// Shortest and longest passwords accepted (NIST SP 800-63B: at least 8, allow at least 64).
pub const PASSWORD_MIN: usize = 8;
pub const PASSWORD_MAX: usize = 128;

/// Password length and the "not your login or e-mail" rule; the server also checks its list of
/// common passwords.
pub fn password(raw: &str, login: &str, email: &str) -> Result<(), &'static str> {
    let len = raw.chars().count();
    if len == 0 {
        return Err("required");
    }
    if len < PASSWORD_MIN {
        return Err("too_short");
    }
    if len > PASSWORD_MAX {
        return Err("too_long");
    }
    let lower = raw.to_lowercase();
    if !login.trim().is_empty() && lower == login.trim().to_lowercase() {
        return Err("same_as_login");
    }
    if !email.trim().is_empty() && lower == email.trim().to_lowercase() {
        return Err("same_as_email");
    }
    Ok(())
}

/// A name compared the way people read it: case, `ё`/`е` and extra spaces ignored.
pub fn name_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .replace('ё', "е")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logins_allow_letters_digits_dot_underscore_hyphen() {
        assert_eq!(login(" ivan.petrov_1 "), Ok("ivan.petrov_1".into()));
        assert_eq!(login("иван-2"), Ok("иван-2".into()));
        assert_eq!(login("ab"), Err("too_short"));
        assert_eq!(login(&"a".repeat(33)), Err("too_long"));
        assert_eq!(login("ivan petrov"), Err("invalid"));
        assert_eq!(login("ivan@x"), Err("invalid"));
        assert_eq!(login(""), Err("required"));
    }

    #[test]
    fn logins_mixing_alphabets_are_refused() {
        // "ivanova" with a Cyrillic "о".
        assert_eq!(login("ivan\u{043E}va"), Err("mixed_script"));
        assert_eq!(login("\u{0438}van"), Err("mixed_script"));
        // Greek omicron, Arabic-Indic digits.
        assert_eq!(login("ivan\u{03BF}va"), Err("mixed_script"));
        assert_eq!(login("ivan\u{0661}"), Err("mixed_script"));
        assert_eq!(login("иванова-2"), Ok("иванова-2".into()));
        assert_eq!(login("ivanova_2"), Ok("ivanova_2".into()));
    }

    #[test]
    fn text_fields_refuse_control_and_bidi_characters() {
        assert_eq!(plain_text("  ул.  Ленина ", 50), Ok("ул. Ленина".into()));
        assert_eq!(
            plain_text("a\u{202E}gpj.exe", 50),
            Err("invalid_characters")
        );
        assert_eq!(plain_text("a\u{0007}b", 50), Err("invalid_characters"));
        assert_eq!(plain_text("a\nb", 50), Err("invalid_characters"));
        assert_eq!(plain_text("a\u{200B}b", 50), Err("invalid_characters"));
        assert_eq!(plain_text(" ", 50), Err("required"));
        assert_eq!(plain_text("abcdef", 5), Err("too_long"));
        assert_eq!(
            multiline_text("one\ntwo\tthree", 50),
            Ok("one\ntwo\tthree".into())
        );
        assert_eq!(
            multiline_text("one\u{2066}two", 50),
            Err("invalid_characters")
        );
    }

    #[test]
    fn csv_cells_are_quoted_and_defused() {
        assert_eq!(csv_cell("Иванова"), "Иванова");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+7 912"), "\"'+7 912\"");
        assert_eq!(csv_cell("-5"), "\"'-5\"");
        assert_eq!(csv_cell("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
    }

    #[test]
    fn full_names_take_both_alphabets_and_collapse_spaces() {
        assert_eq!(
            full_name("  Иванова   Мария-Луиза "),
            Ok("Иванова Мария-Луиза".into())
        );
        assert_eq!(full_name("O'Neil Anna"), Ok("O'Neil Anna".into()));
        assert_eq!(full_name("Иван 3"), Err("invalid"));
        assert_eq!(full_name("---"), Err("invalid"));
        assert_eq!(full_name(" "), Err("required"));
    }

    #[test]
    fn emails_need_a_local_part_and_a_dotted_domain() {
        assert_eq!(email(" a.b+c@mail.ru "), Ok("a.b+c@mail.ru".into()));
        for bad in [
            "a@b",
            "@mail.ru",
            "a@@mail.ru",
            "a@mail..ru",
            "a b@mail.ru",
            "a@-x.ru",
        ] {
            assert_eq!(email(bad), Err("invalid"), "{bad}");
        }
    }

    #[test]
    fn phones_normalise_to_plus_seven() {
        assert_eq!(phone("+7 (912) 345-67-89"), Ok("+79123456789".into()));
        assert_eq!(phone("8 912 345 67 89"), Ok("+79123456789".into()));
        assert_eq!(phone("9123456789"), Ok("+79123456789".into()));
        assert_eq!(phone("+1 912 345 67 89"), Err("invalid"));
        assert_eq!(phone("12345"), Err("invalid"));
        assert_eq!(phone("8-912-abc"), Err("invalid"));
    }

    #[test]
    fn passwords_need_eight_chars_and_differ_from_login_and_email() {
        assert_eq!(password("short", "ivan", "i@x.ru"), Err("too_short"));
        assert_eq!(
            password("Ivan.Petrov", "ivan.petrov", "i@x.ru"),
            Err("same_as_login")
        );
        assert_eq!(
            password("I@X.RU.long", "ivan", "i@x.ru.long"),
            Err("same_as_email")
        );
        assert_eq!(password(&"x".repeat(64), "ivan", "i@x.ru"), Ok(()));
        assert_eq!(
            password(&"x".repeat(129), "ivan", "i@x.ru"),
            Err("too_long")
        );
    }

    #[test]
    fn name_keys_ignore_case_yo_and_spaces() {
        assert_eq!(name_key(" Семёнова  АННА "), name_key("семенова анна"));
    }
}
