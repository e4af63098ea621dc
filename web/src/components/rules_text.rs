//! The Rules in a scrollable, keyboard-focusable box. The Markdown is shown as plain text
//! paragraphs (headings and list markers kept), never as HTML, so nothing in it can inject markup.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub body: AttrValue,
    pub label: AttrValue,
}

#[function_component(RulesText)]
pub fn rules_text(props: &Props) -> Html {
    let paragraphs = props
        .body
        .split("\n\n")
        .map(|p| p.replace("**", "").trim().to_owned())
        .filter(|p| !p.is_empty())
        .map(|p| {
            if let Some(h) = p
                .strip_prefix("## ")
                .or_else(|| p.strip_prefix("# "))
                .or_else(|| p.strip_prefix("### "))
            {
                html! { <h3>{ h.to_owned() }</h3> }
            } else {
                html! { <p>{ p }</p> }
            }
        })
        .collect::<Html>();
    html! {
        <div class="rules-box" tabindex="0" role="region" aria-label={props.label.clone()} data-testid="rules-text">
            { paragraphs }
        </div>
    }
}
