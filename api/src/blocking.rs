//! A bounded lane for work that must stay off the actix workers (PDF rendering, every diesel
//! call through [`crate::db::Db::run`]): `threads` dedicated threads run the jobs, at most
//! `queue` more wait in line (in async land, holding no thread), and a burst beyond that is
//! refused at once (503) instead of growing memory without limit.
//!
//! For the database the lane is as wide as the connection pool, so a job that reaches a thread
//! always finds a free connection: 32 concurrent requests do not park 22 threads on r2d2's lock
//! (a third of the CPU of `scripts/bench-statement` was futex wake-ups once).
//!
//! Why its own threads and line rather than a semaphore in front of tokio's `spawn_blocking`:
//! there every job was a hand-off to a parked thread — the finishing thread parked, the
//! semaphore woke a waiting request on an actix worker, which woke a blocking thread again.
//! Under load that hand-off was a quarter of the server's CPU (`perf`, the account page on
//! SQLite). Here a thread that finishes a job takes the next one from the line without
//! sleeping, and a sleeping thread is woken only when none is awake to take a new job.

use std::collections::VecDeque;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::sync::oneshot;

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

/// A job in the line, type-erased; it sends its own result.
type Job = Box<dyn FnOnce() + Send>;

/// The line and who sleeps beside it.
#[derive(Default)]
struct Line {
    jobs: VecDeque<Job>,
    /// Threads asleep on [`Shared::ready`].
    asleep: usize,
    /// Threads running a job.
    running: usize,
    /// Sleeping threads already told to wake up (each takes one job).
    woken: usize,
    /// The last handle is gone: the threads finish the line and end.
    closed: bool,
}

struct Shared {
    line: Mutex<Line>,
    ready: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Line> {
        // A job never runs under the lock, so a poisoned lock holds consistent data.
        self.line.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// One lane thread: takes jobs until the lane is closed and its line empty.
    fn serve(&self) {
        let mut line = self.lock();
        loop {
            if let Some(job) = line.jobs.pop_front() {
                line.running += 1;
                drop(line);
                // Release builds abort on panic; in tests a panicking job must not take its
                // thread with it (its caller sees `Failed` through the dropped sender).
                let _ = catch_unwind(AssertUnwindSafe(job));
                line = self.lock();
                line.running -= 1;
            } else if line.closed {
                return;
            } else {
                line.asleep += 1;
                line = self
                    .ready
                    .wait(line)
                    .unwrap_or_else(PoisonError::into_inner);
                line.asleep -= 1;
                line.woken = line.woken.saturating_sub(1);
            }
        }
    }
}

/// Closes the lane when the last [`Bounded`] clone is dropped, so its threads end.
struct Handle(Arc<Shared>);

impl Drop for Handle {
    fn drop(&mut self) {
        self.0.lock().closed = true;
        self.0.ready.notify_all();
    }
}

/// A job's state, shared by the waiting request and the thread: exactly one of "the thread
/// started it" and "the request gave up on it" happens, so a request answered 503 never has
/// its write carried out behind its back.
const QUEUED: u8 = 0;
const STARTED: u8 = 1;
const ABANDONED: u8 = 2;

/// Marks a job abandoned unless a thread has started it; `true` when it will not run.
fn abandon(state: &AtomicU8) -> bool {
    state
        .compare_exchange(QUEUED, ABANDONED, Ordering::AcqRel, Ordering::Acquire)
        .is_ok()
}

/// Gives a waiting job up when its request is dropped (the client hung up) before it ran.
struct AbandonOnDrop(Arc<AtomicU8>);

impl Drop for AbandonOnDrop {
    fn drop(&mut self) {
        abandon(&self.0);
    }
}

/// A bounded lane (cheap to clone).
#[derive(Clone)]
pub struct Bounded {
    shared: Arc<Shared>,
    _handle: Arc<Handle>,
    waiting: Arc<AtomicUsize>,
    threads: usize,
    queue: usize,
}

impl Bounded {
    /// `threads` at once, `queue` waiting.
    pub fn new(threads: usize, queue: usize) -> Self {
        let threads = threads.max(1);
        let shared = Arc::new(Shared {
            line: Mutex::new(Line::default()),
            ready: Condvar::new(),
        });
        for n in 0..threads {
            let shared = Arc::clone(&shared);
            let spawned = std::thread::Builder::new()
                .name(format!("kabinet-lane-{n}"))
                .spawn(move || shared.serve());
            if let Err(err) = spawned {
                // Fewer threads only make the lane narrower; none at all is caught below.
                tracing::error!(error = %err, "could not start a lane thread");
            }
        }
        Self {
            _handle: Arc::new(Handle(Arc::clone(&shared))),
            shared,
            waiting: Arc::new(AtomicUsize::new(0)),
            threads,
            queue,
        }
    }

    /// `(running, waiting)` now (metrics).
    pub fn load(&self) -> (usize, usize) {
        let line = self.shared.lock();
        (line.running, line.jobs.len())
    }

    /// How many jobs may run or wait at once.
    pub fn places(&self) -> usize {
        self.queue + self.threads
    }

    /// Runs `job` on a lane thread when one is free, or refuses when the queue is full.
    pub async fn run<T, F>(&self, job: F) -> Result<T, Refused>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        self.run_within(None, job).await
    }

    /// As [`Bounded::run`], but gives up with [`Refused::TimedOut`] when no thread takes the
    /// job within `wait` (a job that has started is always waited for).
    pub async fn run_within<T, F>(&self, wait: Option<Duration>, job: F) -> Result<T, Refused>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        // Counted out on drop, so a request abandoned while it waits (the client hung up and
        // actix dropped the future) does not leave its place taken forever.
        let _place = Place::take(&self.waiting, self.queue + self.threads)?;
        let state = Arc::new(AtomicU8::new(QUEUED));
        let _abandon = AbandonOnDrop(Arc::clone(&state));
        let (send, mut answer) = oneshot::channel();
        // Jobs may reach for the runtime (spawn, block_on a timer), as on tokio's own pool.
        let runtime = tokio::runtime::Handle::try_current().ok();
        let job_state = Arc::clone(&state);
        let boxed: Job = Box::new(move || {
            if job_state
                .compare_exchange(QUEUED, STARTED, Ordering::AcqRel, Ordering::Acquire)
                .is_err()
            {
                return;
            }
            let _runtime = runtime.as_ref().map(tokio::runtime::Handle::enter);
            let _ = send.send(job());
        });
        self.push(boxed)?;
        let lost = |_| Refused::Failed("the lane thread was lost".into());
        let Some(wait) = wait else {
            return answer.await.map_err(lost);
        };
        match tokio::time::timeout(wait, &mut answer).await {
            Ok(done) => done.map_err(lost),
            Err(_) if abandon(&state) => Err(Refused::TimedOut),
            Err(_) => answer.await.map_err(lost),
        }
    }

    /// Puts `job` in line with nobody waiting for it: it runs even if its sender goes away.
    /// For the lane's own helpers, whose number their owner bounds (a coalesced read's
    /// flushers); refused when the line is full.
    pub fn spawn(&self, job: impl FnOnce() + Send + 'static) -> Result<(), Refused> {
        self.push(Box::new(job))
    }

    /// Puts a job in line and wakes a sleeping thread when none is awake to take it.
    fn push(&self, job: Job) -> Result<(), Refused> {
        let mut line = self.shared.lock();
        // Abandoned jobs stay in the line until a thread skips them; twice the places bounds
        // them too, so hang-ups cannot grow the line while every thread is busy.
        if line.jobs.len() >= 2 * (self.queue + self.threads) {
            return Err(Refused::Full);
        }
        line.jobs.push_back(job);
        // A thread between two jobs takes the next under the same lock, so every job in line
        // beyond the threads already woken needs a sleeper, while there is one.
        let wake = line.asleep > line.woken && line.jobs.len() > line.woken;
        if wake {
            line.woken += 1;
        }
        drop(line);
        if wake {
            self.shared.ready.notify_one();
        }
        Ok(())
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

    #[actix_web::test]
    async fn a_job_given_up_on_never_runs_later() {
        let (lane, release) = held_lane().await;
        let ran = Arc::new(AtomicUsize::new(0));
        let flag = Arc::clone(&ran);
        let waited = lane
            .run_within(Some(Duration::from_millis(50)), move || {
                flag.fetch_add(1, Ordering::SeqCst);
            })
            .await;
        assert_eq!(waited, Err(Refused::TimedOut));
        drop(release);
        // The next job runs after the abandoned one would have: it was skipped.
        assert_eq!(lane.run(|| 5).await, Ok(5));
        assert_eq!(
            ran.load(Ordering::SeqCst),
            0,
            "a 503'd write must not happen later"
        );
    }

    #[actix_web::test]
    async fn jobs_run_side_by_side_up_to_the_threads() {
        let lane = Bounded::new(2, 4);
        let meet = Arc::new(std::sync::Barrier::new(2));
        let (a, b) = (Arc::clone(&meet), Arc::clone(&meet));
        // Each waits for the other: they finish only if both run at once.
        let (one, two) = (lane.clone(), lane.clone());
        let first =
            actix_web::rt::spawn(async move { one.run(move || a.wait().is_leader()).await });
        let second =
            actix_web::rt::spawn(async move { two.run(move || b.wait().is_leader()).await });
        let both = async { (first.await, second.await) };
        let answers = tokio::time::timeout(Duration::from_secs(5), both).await;
        let leaders = match answers {
            Ok((Ok(Ok(x)), Ok(Ok(y)))) => [x, y],
            other => panic!("two threads run two jobs at once: {other:?}"),
        };
        assert_eq!(leaders.iter().filter(|l| **l).count(), 1);
    }

    #[actix_web::test]
    async fn a_panicking_job_fails_alone_and_the_thread_goes_on() {
        let lane = Bounded::new(1, 1);
        let failed = lane.run(|| -> u8 { panic!("boom") }).await;
        assert!(matches!(failed, Err(Refused::Failed(_))), "{failed:?}");
        assert_eq!(lane.run(|| 6).await, Ok(6));
    }
}
