//! The `kabinet` binary: see `kabinet --help`.

fn main() -> std::process::ExitCode {
    kabinet_api::cli::main()
}
