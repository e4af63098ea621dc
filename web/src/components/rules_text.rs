//! The Rules in a scrollable, keyboard-focusable box. The Markdown is rendered by a tiny
//! reader of its own — headings, paragraphs, numbered and bulleted lists, nothing else — into
//! elements, never as HTML, so nothing in it can inject markup.

use yew::prelude::*;

/// One block of the document.
#[derive(Debug, PartialEq)]
enum Block {
    Heading(String),
    Paragraph(String),
    Numbered(Vec<String>),
    Bulleted(Vec<String>),
}

/// A list item's text, and whether the list is numbered («1. », «2) »), or `None` for prose.
fn list_item(line: &str) -> Option<(bool, &str)> {
    let line = line.trim_start();
    if let Some(rest) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
        return Some((false, rest));
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &line[digits..];
    if digits > 0 {
        if let Some(text) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some((true, text));
        }
    }
    None
}

fn blocks(body: &str) -> Vec<Block> {
    let mut out = Vec::new();
    for line in body.lines().map(|l| l.replace("**", "")) {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            out.push(Block::Paragraph(String::new()));
            continue;
        }
        if let Some(h) = trimmed.strip_prefix('#') {
            out.push(Block::Heading(h.trim_start_matches('#').trim().to_owned()));
            continue;
        }
        match (list_item(&line), out.last_mut()) {
            (Some((true, item)), Some(Block::Numbered(items)))
            | (Some((false, item)), Some(Block::Bulleted(items))) => items.push(item.to_owned()),
            (Some((true, item)), _) => out.push(Block::Numbered(vec![item.to_owned()])),
            (Some((false, item)), _) => out.push(Block::Bulleted(vec![item.to_owned()])),
            // A wrapped line continues the paragraph or the last list item.
            (None, Some(Block::Paragraph(text))) => {
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(trimmed);
            }
            (None, Some(Block::Numbered(items) | Block::Bulleted(items))) => {
                if let Some(last) = items.last_mut() {
                    last.push(' ');
                    last.push_str(trimmed);
                }
            }
            (None, _) => out.push(Block::Paragraph(trimmed.to_owned())),
        }
    }
    out.retain(|b| *b != Block::Paragraph(String::new()));
    out
}

/// The Rules `body` in a box named `label`.
pub fn rules_text(body: &str, label: &str) -> Html {
    let items = |list: &[String]| {
        list.iter()
            .map(|i| html! { <li>{ i }</li> })
            .collect::<Html>()
    };
    let content = blocks(body)
        .iter()
        .map(|b| match b {
            Block::Heading(h) => html! { <h3>{ h }</h3> },
            Block::Paragraph(p) => html! { <p>{ p }</p> },
            Block::Numbered(list) => html! { <ol>{ items(list) }</ol> },
            Block::Bulleted(list) => html! { <ul>{ items(list) }</ul> },
        })
        .collect::<Html>();
    html! {
        <div class="rules-box" tabindex="0" role="region" aria-label={label.to_owned()} data-testid="rules-text">
            { content }
        </div>
    }
}
