//! The audit log (Rules 2.3, 152-FZ): who did what to whom, from where; filtered by action,
//! target and period, newest first, a page at a time. Filters can come in the address
//! (`?target_kind=user&target_id=5`, as the user page links here).

use kabinet_shared::api::operator::AuditEntry;
use yew::prelude::*;

use crate::api;
use crate::components::dates::moment;
use crate::components::form_field::FormField;
use crate::components::require_auth::RequireAuth;
use crate::hooks::use_paged;
use crate::i18n::{use_lang, Text};
use crate::pages::query_param;

/// The filters, as the API names them.
#[derive(Clone, Default, PartialEq)]
struct Filters {
    action: String,
    target_kind: String,
    target_id: String,
    /// Dates (`YYYY-MM-DD`): the API reads them as days in the supplier's time zone, both
    /// inclusive.
    from: String,
    to: String,
}

#[function_component(AuditLog)]
pub fn audit_log() -> Html {
    html! { <RequireAuth staff=true><Inner /></RequireAuth> }
}

#[function_component(Inner)]
fn inner() -> Html {
    let lang = use_lang();
    let filters = use_state(|| Filters {
        target_kind: query_param("target_kind").unwrap_or_default(),
        target_id: query_param("target_id").unwrap_or_default(),
        action: query_param("action").unwrap_or_default(),
        ..Filters::default()
    });
    let results = use_paged(|f: Filters, cursor: Option<String>| async move {
        let pairs = [
            ("action", f.action.as_str()),
            ("target_kind", f.target_kind.as_str()),
            ("target_id", f.target_id.as_str()),
            ("from", f.from.as_str()),
            ("to", f.to.as_str()),
        ];
        api::operator::audit(&pairs, cursor.as_deref()).await
    });
    {
        // The log opens with its newest page (and the filters from the address, if any).
        let (results, filters) = (results.clone(), filters.clone());
        use_effect_with((), move |_| results.search((*filters).clone()));
    }
    let onsubmit = {
        let (filters, results) = (filters.clone(), results.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            results.search((*filters).clone());
        })
    };
    let set = |apply: fn(&mut Filters, String)| {
        let filters = filters.clone();
        Callback::from(move |v: String| {
            let mut next = (*filters).clone();
            apply(&mut next, v);
            filters.set(next);
        })
    };
    let rows = |items: &[AuditEntry]| {
        html! {
            <table class="data" data-testid="audit">
                <thead><tr>
                    <th>{ lang.text(Text::AuditWhen) }</th><th>{ lang.text(Text::AuditWho) }</th>
                    <th>{ lang.text(Text::AuditAction) }</th><th>{ lang.text(Text::AuditTarget) }</th>
                    <th>{ lang.text(Text::AuditFrom) }</th><th>{ lang.text(Text::AuditDetails) }</th>
                </tr></thead>
                <tbody>
                    { for items.iter().map(|e| html! {
                        <tr>
                            <td data-label={lang.text(Text::AuditWhen)}>{ moment(lang, &e.at) }</td>
                            <td data-label={lang.text(Text::AuditWho)}>{ format!("{} {}", e.actor_kind, e.actor_id.map(|i| i.to_string()).unwrap_or_default()) }</td>
                            <td data-label={lang.text(Text::AuditAction)}><code>{ &e.action }</code></td>
                            <td data-label={lang.text(Text::AuditTarget)}>{ format!("{} {}", e.target_kind.clone().unwrap_or_default(), e.target_id.clone().unwrap_or_default()) }</td>
                            <td data-label={lang.text(Text::AuditFrom)}>{ e.ip.clone().unwrap_or_default() }</td>
                            <td data-label={lang.text(Text::AuditDetails)}>{ e.details.clone().unwrap_or_default() }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        }
    };
    let f = &*filters;
    html! {
        <section class="card wide">
            <h1>{ lang.text(Text::NavAudit) }</h1>
            <form {onsubmit} class="filters" role="search">
                <FormField name="action" label={lang.text(Text::AuditAction)} hint="user.block, auth.login_failed…" value={f.action.clone()} oninput={set(|f, v| f.action = v)} />
                <FormField name="target_kind" label={lang.text(Text::AuditTargetKind)} hint="user, account, session…" value={f.target_kind.clone()} oninput={set(|f, v| f.target_kind = v)} />
                <FormField name="target_id" label={lang.text(Text::AuditTargetId)} value={f.target_id.clone()} oninput={set(|f, v| f.target_id = v)} />
                <FormField name="from" kind="date" label={lang.text(Text::AuditFromDate)} value={f.from.clone()} oninput={set(|f, v| f.from = v)} />
                <FormField name="to" kind="date" label={lang.text(Text::AuditToDate)} value={f.to.clone()} oninput={set(|f, v| f.to = v)} />
                <button class="primary" type="submit">{ lang.text(Text::Search) }</button>
            </form>
            { results.view(lang.text(Text::NothingFound), lang.text(Text::Found), lang.text(Text::LoadMore), rows) }
        </section>
    }
}
