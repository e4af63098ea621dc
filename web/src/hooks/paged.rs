//! A search whose results come a page at a time, with «Показать ещё» (the staff lists, a
//! meter's reading history).

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use kabinet_shared::api::page::Page;
use yew::prelude::*;

use super::{job, Job};
use crate::api::ApiFailure;
use crate::components::error_banner::error_banner;
use crate::components::spinner::spinner;
use crate::i18n::{use_lang, Lang};

type PageLoader<Q, T> = Rc<dyn Fn(Q, Option<String>) -> Job<Page<T>>>;

/// A searched, paginated list as [`use_paged`] keeps it.
struct PagedData<Q, T> {
    query: Option<Q>,
    items: Vec<T>,
    next: Option<String>,
    loading: bool,
    failure: Option<ApiFailure>,
    generation: u32,
}

/// A search with «Показать ещё»: see [`use_paged`].
pub struct Paged<Q: 'static, T: 'static> {
    data: Rc<RefCell<PagedData<Q, T>>>,
    loader: Rc<RefCell<Option<PageLoader<Q, T>>>>,
    redraw: Callback<()>,
    lang: Lang,
}

impl<Q: 'static, T: 'static> Clone for Paged<Q, T> {
    fn clone(&self) -> Self {
        Self {
            data: self.data.clone(),
            loader: self.loader.clone(),
            redraw: self.redraw.clone(),
            lang: self.lang,
        }
    }
}

impl<Q: Clone + 'static, T: 'static> Paged<Q, T> {
    /// Starts a new search (the old results go).
    pub fn search(&self, query: Q) {
        {
            let mut d = self.data.borrow_mut();
            d.query = Some(query);
            d.items.clear();
            d.next = None;
        }
        self.fetch(None);
    }

    /// Loads the next page of the current search.
    pub fn more(&self) {
        let next = self.data.borrow().next.clone();
        if next.is_some() {
            self.fetch(next);
        }
    }

    /// The same search again from the first page (after an action changed a row).
    pub fn refresh(&self) {
        if self.data.borrow().query.is_some() {
            self.data.borrow_mut().next = None;
            self.fetch(None);
        }
    }

    fn fetch(&self, cursor: Option<String>) {
        let (query, ticket) = {
            let mut d = self.data.borrow_mut();
            d.loading = true;
            d.failure = None;
            d.generation = d.generation.wrapping_add(1);
            (d.query.clone(), d.generation)
        };
        self.redraw.emit(());
        let (Some(query), Some(load)) = (query, self.loader.borrow().clone()) else {
            return;
        };
        let job = load(query, cursor.clone());
        let (data, redraw) = (self.data.clone(), self.redraw.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let answer = job.await;
            let mut d = data.borrow_mut();
            if d.generation != ticket {
                return;
            }
            d.loading = false;
            match answer {
                Ok(mut page) => {
                    if cursor.is_none() {
                        d.items.clear();
                    }
                    d.items.append(&mut page.items);
                    d.next = page.next_cursor;
                }
                Err(failure) => d.failure = Some(failure),
            }
            drop(d);
            redraw.emit(());
        });
    }

    /// Nothing before the first search; then `rows(items)` (or `empty` when nothing matched),
    /// the error with a retry, a spinner while loading and «Показать ещё» while there is more.
    pub fn view(
        &self,
        empty: &str,
        found: &str,
        more_label: &str,
        rows: impl FnOnce(&[T]) -> Html,
    ) -> Html {
        let d = self.data.borrow();
        if d.query.is_none() {
            return Html::default();
        }
        let list = if d.items.is_empty() && !d.loading && d.failure.is_none() {
            html! { <p role="status" data-testid="nothing-found">{ empty }</p> }
        } else if d.items.is_empty() {
            Html::default()
        } else {
            html! {
                <>
                    // Screen readers hear that the search answered, and how much.
                    <p class="visually-hidden" role="status">{ format!("{found} {}", d.items.len()) }</p>
                    { rows(&d.items) }
                </>
            }
        };
        let this = self.clone();
        let retry = self.clone();
        html! {
            <>
                { list }
                if d.loading {
                    { spinner(self.lang) }
                } else if let Some(failure) = &d.failure {
                    { error_banner(self.lang, failure, Some(Callback::from(move |_| retry.retry()))) }
                } else if d.next.is_some() {
                    <button class="secondary" onclick={Callback::from(move |_| this.more())} data-testid="load-more">{ more_label }</button>
                }
            </>
        }
    }

    fn retry(&self) {
        let has_items = !self.data.borrow().items.is_empty();
        if has_items {
            self.more();
        } else {
            self.refresh();
        }
    }
}

/// A search whose answers come a page at a time (`load(query, cursor)`).
#[hook]
pub fn use_paged<Q, T, F, Fut>(load: F) -> Paged<Q, T>
where
    Q: Clone + 'static,
    T: 'static,
    F: Fn(Q, Option<String>) -> Fut + 'static,
    Fut: Future<Output = Result<Page<T>, ApiFailure>> + 'static,
{
    let data = use_mut_ref(|| PagedData {
        query: None,
        items: Vec::new(),
        next: None,
        loading: false,
        failure: None,
        generation: 0,
    });
    let loader: Rc<RefCell<Option<PageLoader<Q, T>>>> = use_mut_ref(|| None);
    *loader.borrow_mut() = Some(Rc::new(move |q, c| job(load(q, c))));
    let update = use_force_update();
    Paged {
        data,
        loader,
        redraw: Callback::from(move |()| update.force_update()),
        lang: use_lang(),
    }
}
