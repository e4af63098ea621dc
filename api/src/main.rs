//! The `kabinet` binary: see `kabinet --help`.

/// mimalloc instead of glibc's allocator: a request allocates and frees many small buffers
/// across threads (actix workers, the database lane); glibc's arenas spent ~8 % of the server's
/// CPU on them under `scripts/bench-statement` (`_int_malloc`, `malloc_consolidate`, …).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    kabinet_api::cli::main()
}
