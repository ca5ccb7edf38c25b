//! The `handout` binary: parse the command line, run it, report errors with an exit code.

#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    let cli = handout::cli::Cli::from_args();
    if let Err(error) = handout::run(cli) {
        eprintln!("{error}");
        std::process::exit(error.exit_code());
    }
}
