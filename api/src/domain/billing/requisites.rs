//! The payee's bank requisites: what the receipt prints and what its payment QR code (GOST R
//! 56042-2014) carries. They come from `KABINET_PAYEE_*` variables and are checked at start-up
//! with the Bank of Russia's control-key rules, so a mistyped account fails the server's start
//! instead of sending residents' money nowhere. Without any variable a fictional demo supplier
//! is used (and the caller is told so, to warn in the log).

/// Who residents pay, as printed on the receipt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requisites {
    /// The supplier's name, e.g. `АО «Теплосеть»`.
    pub name: String,
    /// 10 digits (an organisation) or 12 (an individual entrepreneur).
    pub inn: String,
    /// 9 characters.
    pub kpp: String,
    pub bank_name: String,
    /// 9 digits.
    pub bic: String,
    /// The bank's correspondent account (к/с), 20 digits.
    pub correspondent_account: String,
    /// The supplier's settlement account (р/с), 20 digits.
    pub settlement_account: String,
    pub address: String,
    pub phones: String,
    pub site: String,
}

/// The variables, in the order of the fields; the first seven are required once any is set.
const VARS: [&str; 10] = [
    "KABINET_PAYEE_NAME",
    "KABINET_PAYEE_INN",
    "KABINET_PAYEE_KPP",
    "KABINET_PAYEE_BANK",
    "KABINET_PAYEE_BIC",
    "KABINET_PAYEE_CORR_ACCOUNT",
    "KABINET_PAYEE_ACCOUNT",
    "KABINET_PAYEE_ADDRESS",
    "KABINET_PAYEE_PHONES",
    "KABINET_PAYEE_SITE",
];
const REQUIRED: usize = 7;

impl Requisites {
    /// A fictional supplier whose numbers pass every check, for demos and tests. Its INN,
    /// BIC and accounts belong to nobody; never take money with them.
    pub fn demo() -> Requisites {
        Requisites {
            name: "АО «Теплосеть-Демо»".into(),
            inn: "7712999995".into(),
            kpp: "771201001".into(),
            bank_name: "ПАО «Демобанк»".into(),
            bic: "044599777".into(),
            correspondent_account: "30101810700000000777".into(),
            settlement_account: "40702810000000012345".into(),
            address: "123456, г. Демоград, ул. Тепловая, д. 1".into(),
            phones: "+7 (800) 000-00-00, +7 (495) 000-00-01".into(),
            site: "teploset-demo.example".into(),
        }
    }

    /// Reads `KABINET_PAYEE_*` through `get` (the environment in production, a map in tests).
    /// A variable set to blanks counts as unset. Nothing set: the demo supplier and `true`;
    /// otherwise every required variable must be set and pass [`Requisites::validate`].
    pub fn from_env(get: impl Fn(&str) -> Option<String>) -> Result<(Requisites, bool), String> {
        let values: Vec<Option<String>> = VARS
            .iter()
            .map(|name| {
                get(name)
                    .map(|v| v.trim().to_owned())
                    .filter(|v| !v.is_empty())
            })
            .collect();
        if values.iter().all(Option::is_none) {
            return Ok((Self::demo(), true));
        }
        let missing: Vec<&str> = VARS[..REQUIRED]
            .iter()
            .zip(&values)
            .filter(|(_, value)| value.is_none())
            .map(|(name, _)| *name)
            .collect();
        if !missing.is_empty() {
            return Err(format!(
                "{}: required once any KABINET_PAYEE_* variable is set",
                missing.join(", ")
            ));
        }
        let mut values = values.into_iter().map(Option::unwrap_or_default);
        let mut next = || values.next().unwrap_or_default();
        let requisites = Requisites {
            name: next(),
            inn: next(),
            kpp: next(),
            bank_name: next(),
            bic: next(),
            correspondent_account: next(),
            settlement_account: next(),
            address: next(),
            phones: next(),
            site: next(),
        };
        requisites.validate()?;
        Ok((requisites, false))
    }

    /// Checks the formats and the control digits; the error names the variable and the rule.
    pub fn validate(&self) -> Result<(), String> {
        let fail = |var: &str, rule: &str| Err(format!("{var}: {rule}"));
        if self.name.trim().is_empty() {
            return fail(VARS[0], "must not be empty");
        }
        if let Err(rule) = check_inn(&self.inn) {
            return fail(VARS[1], rule);
        }
        if !kpp_is_valid(&self.kpp) {
            return fail(
                VARS[2],
                "must be 9 characters: digits, letters A-Z allowed in positions 5-6",
            );
        }
        if self.bank_name.trim().is_empty() {
            return fail(VARS[3], "must not be empty");
        }
        let Some(bic) = digits(&self.bic, 9) else {
            return fail(VARS[4], "must be exactly 9 digits");
        };
        let Some(corr) = digits(&self.correspondent_account, 20) else {
            return fail(VARS[5], "must be exactly 20 digits");
        };
        let Some(account) = digits(&self.settlement_account, 20) else {
            return fail(VARS[6], "must be exactly 20 digits");
        };
        // The correspondent account is keyed with "0" and the BIC's 5th–6th digits.
        let corr_key: Vec<u32> = [0, bic[4], bic[5]].into_iter().chain(corr).collect();
        if !account_key_matches(&corr_key) {
            return fail(VARS[5], "control key does not match the BIC");
        }
        // A settlement account is keyed with the BIC's last three digits.
        let account_key: Vec<u32> = bic[6..].iter().copied().chain(account).collect();
        if !account_key_matches(&account_key) {
            return fail(VARS[6], "control key does not match the BIC");
        }
        Ok(())
    }
}

/// The digits of `text` if it is exactly `len` ASCII digits.
fn digits(text: &str, len: usize) -> Option<Vec<u32>> {
    let values: Vec<u32> = text
        .chars()
        .map(|c| c.to_digit(10))
        .collect::<Option<_>>()?;
    (values.len() == len && text.is_ascii()).then_some(values)
}

/// `(Σ digit·weight) mod 11 mod 10`: the INN control digit.
fn inn_digit(digits: &[u32], weights: &[u32]) -> u32 {
    digits.iter().zip(weights).map(|(d, w)| d * w).sum::<u32>() % 11 % 10
}

fn check_inn(inn: &str) -> Result<(), &'static str> {
    const W10: [u32; 9] = [2, 4, 10, 3, 5, 9, 4, 6, 8];
    const W12A: [u32; 10] = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
    const W12B: [u32; 11] = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
    let ok = match (digits(inn, 10), digits(inn, 12)) {
        (Some(d), _) => inn_digit(&d, &W10) == d[9],
        (_, Some(d)) => inn_digit(&d, &W12A) == d[10] && inn_digit(&d, &W12B) == d[11],
        _ => return Err("must be 10 or 12 digits"),
    };
    if ok {
        Ok(())
    } else {
        Err("checksum does not match")
    }
}

/// Digits, except positions 5–6 which may be capital Latin letters (the reason code).
fn kpp_is_valid(kpp: &str) -> bool {
    let bytes = kpp.as_bytes();
    bytes.len() == 9
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| b.is_ascii_digit() || ((i == 4 || i == 5) && b.is_ascii_uppercase()))
}

/// The Bank of Russia's key over 23 digits: weights 7, 1, 3 repeating, the last digit of each
/// product summed, the total divisible by 10.
fn account_key_matches(digits: &[u32]) -> bool {
    digits.len() == 23
        && digits
            .iter()
            .zip([7, 1, 3].into_iter().cycle())
            .map(|(d, w)| d * w % 10)
            .sum::<u32>()
            % 10
            == 0
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn with(change: impl FnOnce(&mut Requisites)) -> Result<(), String> {
        let mut r = Requisites::demo();
        change(&mut r);
        r.validate()
    }

    /// Changes the digit at `index` to the next one (mod 10).
    fn bump(text: &mut String, index: usize) {
        let mut chars: Vec<char> = text.chars().collect();
        let d = chars[index].to_digit(10).unwrap_or(0);
        chars[index] = char::from_digit((d + 1) % 10, 10).unwrap_or('0');
        *text = chars.into_iter().collect();
    }

    #[test]
    fn demo_requisites_validate() {
        assert_eq!(Requisites::demo().validate(), Ok(()));
    }

    #[test]
    fn any_changed_digit_of_either_account_fails_its_key() {
        for i in 0..20 {
            let err = with(|r| bump(&mut r.settlement_account, i))
                .err()
                .unwrap_or_default();
            assert_eq!(
                err,
                "KABINET_PAYEE_ACCOUNT: control key does not match the BIC"
            );
            let err = with(|r| bump(&mut r.correspondent_account, i))
                .err()
                .unwrap_or_default();
            assert_eq!(
                err,
                "KABINET_PAYEE_CORR_ACCOUNT: control key does not match the BIC"
            );
        }
    }

    #[test]
    fn an_account_of_another_bank_fails_the_key() {
        let err = with(|r| r.bic = "044525225".into())
            .err()
            .unwrap_or_default();
        assert!(err.starts_with("KABINET_PAYEE_CORR_ACCOUNT:"), "{err}");
    }

    #[test]
    fn wrong_inn_checksum_fails() {
        let err = with(|r| bump(&mut r.inn, 9)).err().unwrap_or_default();
        assert_eq!(err, "KABINET_PAYEE_INN: checksum does not match");
        let err = with(|r| r.inn = "77129999".into())
            .err()
            .unwrap_or_default();
        assert_eq!(err, "KABINET_PAYEE_INN: must be 10 or 12 digits");
    }

    #[test]
    fn twelve_digit_inn_checks_both_digits() {
        assert_eq!(with(|r| r.inn = "500100732259".into()), Ok(()));
        assert!(with(|r| r.inn = "500100732258".into()).is_err());
        assert!(with(|r| r.inn = "500100732249".into()).is_err());
    }

    #[test]
    fn eight_digit_bic_fails() {
        let err = with(|r| r.bic = "04459977".into())
            .err()
            .unwrap_or_default();
        assert_eq!(err, "KABINET_PAYEE_BIC: must be exactly 9 digits");
    }

    #[test]
    fn kpp_allows_letters_only_in_positions_five_and_six() {
        assert_eq!(with(|r| r.kpp = "7712AB001".into()), Ok(()));
        assert!(with(|r| r.kpp = "77120100A".into()).is_err());
        assert!(with(|r| r.kpp = "77120100".into()).is_err());
    }

    #[test]
    fn real_bank_numbers_pass() {
        // Sberbank's Moscow BIC and correspondent account; the settlement account's key was
        // computed by hand for 40702810?38000012345 (the key is 9).
        assert_eq!(
            with(|r| {
                r.bic = "044525225".into();
                r.correspondent_account = "30101810400000000225".into();
                r.settlement_account = "40702810938000012345".into();
            }),
            Ok(())
        );
    }

    #[test]
    fn empty_names_fail() {
        assert_eq!(
            with(|r| r.name = " ".into()),
            Err("KABINET_PAYEE_NAME: must not be empty".into())
        );
        assert_eq!(
            with(|r| r.bank_name = String::new()),
            Err("KABINET_PAYEE_BANK: must not be empty".into())
        );
    }

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn nothing_set_means_the_demo_supplier() {
        assert_eq!(
            Requisites::from_env(env(&[("KABINET_PAYEE_SITE", " ")])),
            Ok((Requisites::demo(), true))
        );
    }

    #[test]
    fn a_partial_set_names_the_missing_variables() {
        let err = Requisites::from_env(env(&[("KABINET_PAYEE_NAME", "X")]))
            .err()
            .unwrap_or_default();
        assert!(
            err.starts_with("KABINET_PAYEE_INN, KABINET_PAYEE_KPP,"),
            "{err}"
        );
        assert!(err.contains("KABINET_PAYEE_ACCOUNT"), "{err}");
    }

    #[test]
    fn a_full_set_is_read_and_validated() {
        let d = Requisites::demo();
        let mut vars = vec![
            ("KABINET_PAYEE_NAME", d.name.as_str()),
            ("KABINET_PAYEE_INN", d.inn.as_str()),
            ("KABINET_PAYEE_KPP", d.kpp.as_str()),
            ("KABINET_PAYEE_BANK", d.bank_name.as_str()),
            ("KABINET_PAYEE_BIC", d.bic.as_str()),
            (
                "KABINET_PAYEE_CORR_ACCOUNT",
                d.correspondent_account.as_str(),
            ),
            ("KABINET_PAYEE_ACCOUNT", d.settlement_account.as_str()),
        ];
        let expected = Requisites {
            address: String::new(),
            phones: String::new(),
            site: String::new(),
            ..d.clone()
        };
        assert_eq!(Requisites::from_env(env(&vars)), Ok((expected, false)));
        vars[6].1 = "40702810000000012346";
        let err = Requisites::from_env(env(&vars)).err().unwrap_or_default();
        assert!(err.starts_with("KABINET_PAYEE_ACCOUNT:"), "{err}");
    }
}
