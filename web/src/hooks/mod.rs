//! The one way a page loads data ([`use_fetch`]) and the one way a form submits
//! ([`use_submit`]): loading state, an error with a retry, no double submit, field errors from
//! the API's `fields`, and focus moved to what went wrong.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::api::ApiFailure;
use crate::components::error_banner::error_banner;
use crate::components::spinner::spinner;
use crate::i18n::{use_lang, Lang};

// Paged lists: the staff searches and the meters' history.
#[cfg(any(feature = "staff", feature = "meters"))]
mod paged;
#[cfg(any(feature = "staff", feature = "meters"))]
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

/// A loaded value or a submission's answer with its type erased. The loading and submitting
/// machinery below exists once in the bundle, not once per page and answer type (each copy cost
/// ~3 KB); [`Fetched`] and [`Submit`] put the type back.
type Erased = Rc<dyn Any>;

/// Erases `value`'s type (a coercion, not a cast).
fn erase<T: 'static>(value: T) -> Erased {
    Rc::new(value)
}

/// Loads a page's data (the deps of the latest render are inside).
type Loader = Rc<dyn Fn() -> Job<Erased>>;

/// What a loaded piece of data is now.
#[derive(Clone)]
enum Fetch {
    Loading,
    Ready(Erased),
    Failed(ApiFailure),
}

/// The state of a [`use_fetch`] and how to load it again.
pub struct Fetched<T: 'static> {
    state: UseStateHandle<Fetch>,
    lang: Lang,
    /// Loads again in the background (the data on screen stays until the answer comes).
    pub reload: Callback<()>,
    _type: PhantomData<fn() -> T>,
}

impl<T: 'static> Fetched<T> {
    /// The data, once loaded.
    pub fn data(&self) -> Option<&T> {
        match &*self.state {
            Fetch::Ready(data) => data.downcast_ref(),
            _ => None,
        }
    }

    /// A spinner while loading, the error with a «Повторить» button, or `ready(data)`.
    pub fn view(&self, ready: impl FnOnce(&T) -> Html) -> Html {
        match self.data() {
            Some(data) => ready(data),
            None => pending(self.lang, &self.state, &self.reload),
        }
    }
}

/// A spinner while loading, or the error (with «Повторить» only where trying again can help:
/// not for a 404 or a 403).
fn pending(lang: Lang, state: &Fetch, reload: &Callback<()>) -> Html {
    match state {
        Fetch::Loading => spinner(lang),
        Fetch::Failed(failure) => {
            let retry = failure.retryable().then(|| reload.reform(|_| ()));
            error_banner(lang, failure, retry)
        }
        Fetch::Ready(_) => Html::default(),
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
    // The deps become a number that moves when they change: all that is generic stays here.
    let seen = use_mut_ref(|| (None::<D>, 0u32));
    let epoch = {
        let mut seen = seen.borrow_mut();
        if seen.0.as_ref() != Some(&deps) {
            seen.0 = Some(deps.clone());
            seen.1 = seen.1.wrapping_add(1);
        }
        seen.1
    };
    let loader: Loader = Rc::new(move || {
        let work = load(deps.clone());
        job(async move { work.await.map(erase) })
    });
    let (state, reload) = use_loader(epoch, loader);
    Fetched {
        state,
        lang: use_lang(),
        reload,
        _type: PhantomData,
    }
}

/// [`use_fetch`] without its types: loads on mount and whenever `epoch` moves.
#[hook]
fn use_loader(epoch: u32, load: Loader) -> (UseStateHandle<Fetch>, Callback<()>) {
    let state = use_state(|| Fetch::Loading);
    let generation = use_mut_ref(|| 0u32);
    let loader: Rc<RefCell<Option<Loader>>> = use_mut_ref(|| None);
    *loader.borrow_mut() = Some(load);
    let reload = {
        let (state, generation, loader) = (state.clone(), generation.clone(), loader.clone());
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
            let job = load();
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
        use_effect_with(epoch, move |_| {
            state.set(Fetch::Loading);
            reload.emit(());
        });
    }
    (state, reload)
}

/// A form's submission: [`Submit::run`] starts one, refuses a second while it runs, keeps the
/// failure for the fields and the banner, and moves focus to the first bad field (or the error
/// banner) of the form holding [`Submit::form`].
pub struct Submit<T: 'static> {
    core: SubmitCore,
    /// Put on the `<form>`: where focus goes on a refusal.
    pub form: NodeRef,
    _type: PhantomData<fn() -> T>,
}

impl<T: 'static> Clone for Submit<T> {
    fn clone(&self) -> Self {
        Self {
            core: self.core.clone(),
            form: self.form.clone(),
            _type: PhantomData,
        }
    }
}

/// [`Submit`] without its answer type.
#[derive(Clone)]
struct SubmitCore {
    running: Rc<Cell<bool>>,
    busy: UseStateHandle<bool>,
    failure: UseStateHandle<Option<ApiFailure>>,
    done: UseStateHandle<Option<Erased>>,
    focus_tick: UseStateHandle<u32>,
    lang: Lang,
}

impl<T: 'static> Submit<T> {
    /// Whether a submission is in flight (disable the button).
    pub fn busy(&self) -> bool {
        *self.core.busy
    }

    /// The last refusal, if the form has not been sent successfully since.
    pub fn failure(&self) -> Option<&ApiFailure> {
        self.core.failure.as_ref()
    }

    /// The error code the API gave for `field`.
    pub fn field(&self, name: &str) -> Option<String> {
        self.failure().and_then(|f| f.field(name))
    }

    /// The last success's answer.
    pub fn done(&self) -> Option<&T> {
        self.core.done.as_ref().and_then(|d| d.downcast_ref())
    }

    /// The banner for a refusal (inside the form, so focus can reach it); nothing otherwise.
    pub fn banner(&self) -> Html {
        self.core.banner()
    }

    /// Forgets the last success and failure (the user edits again).
    pub fn reset(&self) {
        self.core.done.set(None);
        self.core.failure.set(None);
    }

    /// Refuses without sending (a check in the browser found a problem).
    pub fn refuse(&self, failure: ApiFailure) {
        self.core.refuse(failure);
    }

    /// Sends `work` unless a submission is already running; `then` runs after a success (with
    /// the answer) before the success is shown.
    pub fn run<Fut>(&self, work: Fut, then: impl FnOnce(&T) + 'static)
    where
        Fut: Future<Output = Result<T, ApiFailure>> + 'static,
    {
        // Boxed and erased here so the state machine below exists once, not once per form (it
        // was 13 copies, 33 KB of the resident bundle).
        self.core.start(
            job(async move { work.await.map(erase) }),
            Box::new(move |answer: &Erased| {
                if let Some(answer) = answer.downcast_ref() {
                    then(answer);
                }
            }),
        );
    }
}

impl SubmitCore {
    fn banner(&self) -> Html {
        match &*self.failure {
            Some(failure) => error_banner(self.lang, failure, None),
            None => Html::default(),
        }
    }

    fn refuse(&self, failure: ApiFailure) {
        self.done.set(None);
        self.failure.set(Some(failure));
        self.focus_tick.set(self.focus_tick.wrapping_add(1));
    }

    fn start(&self, work: Job<Erased>, then: Box<dyn FnOnce(&Erased)>) {
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
    let (core, form) = use_submit_core();
    Submit {
        core,
        form,
        _type: PhantomData,
    }
}

/// [`use_submit`] without its answer type.
#[hook]
fn use_submit_core() -> (SubmitCore, NodeRef) {
    // A plain cell, not state: a second click in the same frame must see the first at once.
    let running = use_memo((), |_| Rc::new(Cell::new(false)));
    let core = SubmitCore {
        running: (*running).clone(),
        busy: use_state(|| false),
        failure: use_state(|| None),
        done: use_state(|| None),
        focus_tick: use_state(|| 0u32),
        lang: use_lang(),
    };
    let form = use_node_ref();
    {
        let form = form.clone();
        use_effect_with(*core.focus_tick, move |tick| {
            if *tick > 0 {
                focus_problem(&form);
            }
        });
    }
    (core, form)
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
