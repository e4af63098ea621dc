//! A bounded lane for CPU-heavy work that must stay off the actix workers (PDF rendering): at
//! most `threads` jobs run at once on the blocking pool, at most `queue` more wait, and a
//! burst beyond that is refused at once (503 `busy`) instead of growing memory without limit.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tokio::sync::Semaphore;

/// The lane is full.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Busy;

/// A bounded lane (cheap to clone).
#[derive(Clone)]
pub struct Bounded {
    permits: Arc<Semaphore>,
    waiting: Arc<AtomicUsize>,
    threads: usize,
    queue: usize,
}

impl Bounded {
    /// `threads` at once, `queue` waiting.
    pub fn new(threads: usize, queue: usize) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(threads.max(1))),
            waiting: Arc::new(AtomicUsize::new(0)),
            threads: threads.max(1),
            queue,
        }
    }

    /// Runs `job` on the blocking pool when a slot is free, or refuses when the queue is full.
    pub async fn run<T, F>(&self, job: F) -> Result<T, Busy>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        if self.waiting.fetch_add(1, Ordering::SeqCst) >= self.queue + self.threads {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            return Err(Busy);
        }
        let permit = self.permits.clone().acquire_owned().await;
        let result = match permit {
            Ok(permit) => actix_web::web::block(move || {
                let out = job();
                drop(permit);
                out
            })
            .await
            .map_err(|_| Busy),
            Err(_) => Err(Busy),
        };
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        result
    }
}
