//! A bounded lane for work that must stay off the actix workers (PDF rendering, every diesel
//! call through [`crate::db::Db::run`]): at most `threads` jobs run at once on the blocking
//! pool, at most `queue` more wait (in async land, holding no thread), and a burst beyond that
//! is refused at once (503) instead of growing memory without limit.
//!
//! For the database the lane is as wide as the connection pool, so a job that reaches a thread
//! always finds a free connection: 32 concurrent requests no longer park 22 blocking threads on
//! r2d2's lock (a third of the CPU of `scripts/bench-statement` was futex wake-ups before).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;

/// Why a job did not run (or did not finish).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// The queue is full.
    Full,
    /// The job waited longer than the caller allowed.
    TimedOut,
    /// The job panicked or its thread was lost.
    Failed(String),
}

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

    /// `(running, waiting)` now (metrics).
    pub fn load(&self) -> (usize, usize) {
        let running = self
            .threads
            .saturating_sub(self.permits.available_permits());
        let taken = self.waiting.load(std::sync::atomic::Ordering::Relaxed);
        (running, taken.saturating_sub(running))
    }

    /// Runs `job` on the blocking pool when a slot is free, or refuses when the queue is full.
    pub async fn run<T, F>(&self, job: F) -> Result<T, Refused>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        self.run_within(None, job).await
    }

    /// As [`Bounded::run`], but gives up with [`Refused::TimedOut`] when no slot frees up
    /// within `wait`.
    pub async fn run_within<T, F>(&self, wait: Option<Duration>, job: F) -> Result<T, Refused>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        // Counted out on drop, so a request abandoned while it waits (the client hung up and
        // actix dropped the future) does not leave its place taken forever.
        let _place = Place::take(&self.waiting, self.queue + self.threads)?;
        let acquire = self.permits.clone().acquire_owned();
        let permit = match wait {
            Some(wait) => tokio::time::timeout(wait, acquire)
                .await
                .ok()
                .and_then(Result::ok),
            None => acquire.await.ok(),
        };
        let result = match permit {
            None => Err(Refused::TimedOut),
            // The permit travels with the job: a request dropped mid-way (the client left) does
            // not free the slot before the thread is done with it.
            Some(permit) => actix_web::web::block(move || {
                let out = job();
                drop(permit);
                out
            })
            .await
            .map_err(|err| Refused::Failed(err.to_string())),
        };
        result
    }
}

/// One place in a lane's line, given back when dropped.
struct Place<'a>(&'a AtomicUsize);

impl<'a> Place<'a> {
    fn take(count: &'a AtomicUsize, limit: usize) -> Result<Self, Refused> {
        if count.fetch_add(1, Ordering::SeqCst) >= limit {
            count.fetch_sub(1, Ordering::SeqCst);
            return Err(Refused::Full);
        }
        Ok(Self(count))
    }
}

impl Drop for Place<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    /// A lane of one thread and one waiting place, with its thread held by a job that runs until
    /// the returned sender is dropped.
    async fn held_lane() -> (Bounded, mpsc::Sender<()>) {
        let lane = Bounded::new(1, 1);
        let (release, held) = mpsc::channel::<()>();
        let (started, running) = tokio::sync::oneshot::channel();
        let busy = lane.clone();
        actix_web::rt::spawn(async move {
            let _ = busy
                .run(move || {
                    let _ = started.send(());
                    let _ = held.recv();
                })
                .await;
        });
        assert!(running.await.is_ok(), "the first job starts");
        (lane, release)
    }

    #[actix_web::test]
    async fn a_waiter_gives_up_after_its_wait_and_frees_its_place() {
        let (lane, release) = held_lane().await;
        let waited = lane.run_within(Some(Duration::from_millis(50)), || 1).await;
        assert_eq!(waited, Err(Refused::TimedOut));
        // Its place was given back: another may wait (and runs once the thread is free).
        let next = lane.clone();
        let queued = actix_web::rt::spawn(async move { next.run(|| 2).await });
        tokio::task::yield_now().await;
        drop(release);
        assert_eq!(queued.await.ok(), Some(Ok(2)));
    }

    #[actix_web::test]
    async fn a_burst_beyond_the_queue_is_refused_at_once() {
        let (lane, release) = held_lane().await;
        let waiting = lane.clone();
        let queued = actix_web::rt::spawn(async move { waiting.run(|| 2).await });
        tokio::task::yield_now().await;
        assert_eq!(lane.run(|| 3).await, Err(Refused::Full));
        drop(release);
        assert_eq!(queued.await.ok(), Some(Ok(2)));
    }

    #[actix_web::test]
    async fn an_abandoned_waiter_gives_its_place_back() {
        let (lane, release) = held_lane().await;
        let abandoned = lane.clone();
        let waiter = actix_web::rt::spawn(async move { abandoned.run(|| 2).await });
        tokio::task::yield_now().await;
        waiter.abort();
        let _ = waiter.await;
        // The place the aborted request held is free again.
        let next = lane.clone();
        let queued = actix_web::rt::spawn(async move { next.run(|| 4).await });
        tokio::task::yield_now().await;
        drop(release);
        assert_eq!(queued.await.ok(), Some(Ok(4)));
    }
}
