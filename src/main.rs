//! The `handout` binary: parse the command line, run it, report errors with an exit code.

#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// Give freed pages back at once rather than after ten seconds: a build frees each document's
/// memory as the next starts, and keeping it lifted the peak of a 25-topic library from 122 to
/// 130 MB (bench/library.sh).
#[cfg(not(target_env = "msvc"))]
#[export_name = "_rjem_malloc_conf"]
pub static MALLOC_CONF: &[u8; 34] = b"dirty_decay_ms:0,muzzy_decay_ms:0\0";

fn main() {
    let cli = handout::cli::Cli::from_args();
    if let Err(error) = handout::run(cli) {
        eprintln!("{error}");
        std::process::exit(error.exit_code());
    }
}
