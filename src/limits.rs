//! What a run may spend: template steps, seconds per compilation, memory. Typst cannot be
//! interrupted, so a watchdog thread ends the process with a message naming the document and
//! its template when a compilation runs past its time or the run past its memory.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The limits of one run. The defaults are far above what the shipped handouts need (the
/// largest template run takes about 1% of the steps, a compilation under 1 s, a full build
/// about 150 MB), so only a runaway template or absurd data reaches them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Steps one template run may take (minijinja fuel: instructions and values made).
    pub template_steps: u64,
    /// Seconds one compilation of one document may take.
    pub seconds: u64,
    /// Memory the whole run may hold, in MB (read from the operating system; Linux only).
    pub memory_mb: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { template_steps: 20_000_000, seconds: 60, memory_mb: 4096 }
    }
}

/// How a limit is raised, for the messages that name it.
pub const RAISE_STEPS: &str = "--max-template-steps";
pub const RAISE_SECONDS: &str = "--max-seconds";
pub const RAISE_MEMORY: &str = "--max-memory";

/// One compilation the watchdog times.
struct Job {
    what: String,
    started: Instant,
    seconds: u64,
}

struct Watchdog {
    jobs: Mutex<HashMap<u64, Job>>,
    next: AtomicU64,
    memory_mb: AtomicU64,
}

fn watchdog() -> &'static Watchdog {
    static WATCHDOG: OnceLock<Watchdog> = OnceLock::new();
    WATCHDOG.get_or_init(|| {
        let watchdog = Watchdog {
            jobs: Mutex::new(HashMap::new()),
            next: AtomicU64::new(0),
            memory_mb: AtomicU64::new(Limits::default().memory_mb),
        };
        let spawned = std::thread::Builder::new().name("handout-watchdog".into()).spawn(watch);
        if spawned.is_err() {
            eprintln!("warning: cannot start the watchdog; compilations run without a time or memory limit");
        }
        watchdog
    })
}

/// Set the memory limit of the process (the last run's limit holds).
pub fn limit_memory(limits: &Limits) {
    watchdog().memory_mb.store(limits.memory_mb, Ordering::Relaxed);
}

/// A compilation being timed; dropping it ends the timing.
pub struct Timed(u64);

impl Drop for Timed {
    fn drop(&mut self) {
        if let Ok(mut jobs) = watchdog().jobs.lock() {
            jobs.remove(&self.0);
        }
    }
}

/// Time a compilation: `what` names the document and its template for the message that ends
/// the run if it takes longer than the limit.
pub fn time(what: String, limits: &Limits) -> Timed {
    let watchdog = watchdog();
    let id = watchdog.next.fetch_add(1, Ordering::Relaxed);
    if let Ok(mut jobs) = watchdog.jobs.lock() {
        jobs.insert(id, Job { what, started: Instant::now(), seconds: limits.seconds });
    }
    Timed(id)
}

/// The watchdog's loop: ten looks a second at the running compilations and the memory.
fn watch() {
    loop {
        std::thread::sleep(Duration::from_millis(100));
        let watchdog = watchdog();
        let Ok(jobs) = watchdog.jobs.lock() else { continue };
        if let Some(job) = jobs.values().find(|job| job.started.elapsed().as_secs() >= job.seconds) {
            stop(&format!(
                "{} took more than {} s to compile and was stopped; look for a loop in the template, or raise the limit with {RAISE_SECONDS}",
                job.what, job.seconds
            ));
        }
        let limit = watchdog.memory_mb.load(Ordering::Relaxed);
        if let Some(used) = resident_mb().filter(|&used| used > limit) {
            let running: Vec<&str> = jobs.values().map(|job| job.what.as_str()).collect();
            let during = if running.is_empty() {
                String::new()
            } else {
                format!(" while making {}", running.join(", "))
            };
            stop(&format!(
                "the run used {used} MB of memory{during}, more than its limit of {limit} MB, and was stopped; look for a loop in the template or very large data, or raise the limit with {RAISE_MEMORY}"
            ));
        }
    }
}

/// End the process as any input error does: one message, exit code 1. Files are written only
/// after every document is made, and atomically, so earlier output is untouched.
fn stop(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1)
}

/// The process's resident memory in MB, where the system tells it.
fn resident_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}
