//! The `realpolitik` command: a thin front end over the `realpolitik` library.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
