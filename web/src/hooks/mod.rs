//! The one way a page loads data ([`use_fetch`]) and the one way a form submits
//! ([`use_submit`]): loading state, an error with a retry, no double submit, field errors from
//! the API's `fields`, and focus moved to what went wrong.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::api::ApiFailure;
use crate::components::error_banner::ErrorBanner;
use crate::components::spinner::Spinner;

#[cfg(feature = "staff")]
mod paged;
#[cfg(feature = "staff")]
pub use paged::use_paged;

/// A load or a submission in flight.
pub(crate) type Job<T> = Pin<Box<dyn Future<Output = Result<T, ApiFailure>>>>;

/// Boxes a future as a [`Job`] (a coercion, not a cast).
pub(crate) fn job<T, Fut>(work: Fut) -> Job<T>
where
    Fut: Future<Output = Result<T, ApiFailure>> + 'static,
{
    Box::pin(work)
}
type Loader<D, T> = Rc<dyn Fn(D) -> Job<T>>;

/// What a loaded piece of data is now.
#[derive(Clone, Debug, PartialEq)]
pub enum Fetch<T> {
    Loading,
    Ready(T),
    Failed(ApiFailure),
}

/// The state of a [`use_fetch`] and how to load it again.
pub struct Fetched<T: 'static> {
    state: UseStateHandle<Fetch<T>>,
    /// Loads again in the background (the data on screen stays until the answer comes).
    pub reload: Callback<()>,
}

impl<T: 'static> Fetched<T> {
    /// The data, once loaded.
    pub fn data(&self) -> Option<&T> {
        match &*self.state {
            Fetch::Ready(data) => Some(data),
            _ => None,
        }
    }

    /// A spinner while loading, the error with a «Повторить» button, or `ready(data)`.
    pub fn view(&self, ready: impl FnOnce(&T) -> Html) -> Html {
        match &*self.state {
            Fetch::Loading => html! { <Spinner /> },
            // «Повторить» only where trying again can help (not for a 404 or a 403).
            Fetch::Failed(failure) if failure.retryable() => html! {
                <ErrorBanner failure={failure.clone()} on_retry={self.reload.reform(|_| ())} />
            },
            Fetch::Failed(failure) => html! { <ErrorBanner failure={failure.clone()} /> },
            Fetch::Ready(data) => ready(data),
        }
    }
}

/// Loads `load(deps)` when the component mounts and whenever `deps` change; late answers of an
/// earlier load are dropped, so a quick change of `deps` never shows stale data.
#[hook]
pub fn use_fetch<T, D, F, Fut>(deps: D, load: F) -> Fetched<T>
where
    T: 'static,
    D: PartialEq + Clone + 'static,
    F: Fn(D) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiFailure>> + 'static,
{
    let state = use_state(|| Fetch::Loading);
    let generation = use_mut_ref(|| 0u32);
    let loader: Rc<RefCell<Option<Loader<D, T>>>> = use_mut_ref(|| None);
    *loader.borrow_mut() = Some(Rc::new(move |d| job(load(d))));
    let reload = {
        let (state, generation, loader, deps) = (
            state.clone(),
            generation.clone(),
            loader.clone(),
            deps.clone(),
        );
        Callback::from(move |()| {
            let ticket = {
                let mut g = generation.borrow_mut();
                *g = g.wrapping_add(1);
                *g
            };
            if matches!(*state, Fetch::Failed(_)) {
                state.set(Fetch::Loading);
            }
            let Some(load) = loader.borrow().clone() else {
                return;
            };
            let job = load(deps.clone());
            let (state, generation) = (state.clone(), generation.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let answer = job.await;
                if *generation.borrow() == ticket {
                    state.set(match answer {
                        Ok(data) => Fetch::Ready(data),
                        Err(failure) => Fetch::Failed(failure),
                    });
                }
            });
        })
    };
    {
        let (state, reload) = (state.clone(), reload.clone());
        use_effect_with(deps, move |_| {
            state.set(Fetch::Loading);
            reload.emit(());
        });
    }
    Fetched { state, reload }
}

/// A form's submission: [`Submit::run`] starts one, refuses a second while it runs, keeps the
/// failure for the fields and the banner, and moves focus to the first bad field (or the error
/// banner) of the form holding [`Submit::form`].
pub struct Submit<T: 'static> {
    running: Rc<Cell<bool>>,
    busy: UseStateHandle<bool>,
    failure: UseStateHandle<Option<ApiFailure>>,
    done: UseStateHandle<Option<T>>,
    focus_tick: UseStateHandle<u32>,
    /// Put on the `<form>`: where focus goes on a refusal.
    pub form: NodeRef,
}

impl<T: 'static> Clone for Submit<T> {
    fn clone(&self) -> Self {
        Self {
            running: self.running.clone(),
            busy: self.busy.clone(),
            failure: self.failure.clone(),
            done: self.done.clone(),
            focus_tick: self.focus_tick.clone(),
            form: self.form.clone(),
        }
    }
}

impl<T: 'static> Submit<T> {
    /// Whether a submission is in flight (disable the button).
    pub fn busy(&self) -> bool {
        *self.busy
    }

    /// The last refusal, if the form has not been sent successfully since.
    pub fn failure(&self) -> Option<&ApiFailure> {
        self.failure.as_ref()
    }

    /// The error code the API gave for `field`.
    pub fn field(&self, name: &str) -> Option<String> {
        self.failure.as_ref().and_then(|f| f.field(name))
    }

    /// The last success's answer.
    pub fn done(&self) -> Option<&T> {
        self.done.as_ref()
    }

    /// The banner for a refusal (inside the form, so focus can reach it); nothing otherwise.
    pub fn banner(&self) -> Html {
        match &*self.failure {
            Some(failure) => html! { <ErrorBanner failure={failure.clone()} /> },
            None => Html::default(),
        }
    }

    /// Forgets the last success and failure (the user edits again).
    pub fn reset(&self) {
        self.done.set(None);
        self.failure.set(None);
    }

    /// Refuses without sending (a check in the browser found a problem).
    pub fn refuse(&self, failure: ApiFailure) {
        self.done.set(None);
        self.failure.set(Some(failure));
        self.focus_tick.set(self.focus_tick.wrapping_add(1));
    }

    /// Sends `work` unless a submission is already running; `then` runs after a success (with
    /// the answer) before the success is shown.
    pub fn run<Fut>(&self, work: Fut, then: impl FnOnce(&T) + 'static)
    where
        Fut: Future<Output = Result<T, ApiFailure>> + 'static,
    {
        // Boxed here so the state machine below exists once per answer type, not once per form
        // (it was 13 copies, 33 KB of the resident bundle).
        self.start(job(work), Box::new(then));
    }

    fn start(&self, work: Job<T>, then: Box<dyn FnOnce(&T)>) {
        if self.running.replace(true) {
            return;
        }
        self.busy.set(true);
        let this = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let answer = work.await;
            this.running.set(false);
            this.busy.set(false);
            match answer {
                Ok(value) => {
                    this.failure.set(None);
                    then(&value);
                    this.done.set(Some(value));
                }
                Err(failure) => this.refuse(failure),
            }
        });
    }
}

/// A form submission handle; see [`Submit`].
#[hook]
pub fn use_submit<T>() -> Submit<T>
where
    T: 'static,
{
    // A plain cell, not state: a second click in the same frame must see the first at once.
    let running = use_memo((), |_| Rc::new(Cell::new(false)));
    let submit = Submit {
        running: (*running).clone(),
        busy: use_state(|| false),
        failure: use_state(|| None),
        done: use_state(|| None),
        focus_tick: use_state(|| 0u32),
        form: use_node_ref(),
    };
    {
        let form = submit.form.clone();
        use_effect_with(*submit.focus_tick, move |tick| {
            if *tick > 0 {
                focus_problem(&form);
            }
        });
    }
    submit
}

/// Focuses the first field marked invalid in `form`, else its error banner.
fn focus_problem(form: &NodeRef) {
    let Some(form) = form.cast::<web_sys::Element>() else {
        return;
    };
    let target = form
        .query_selector("[aria-invalid='true']")
        .ok()
        .flatten()
        .or_else(|| form.query_selector("[role='alert']").ok().flatten());
    if let Some(el) = target.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}
