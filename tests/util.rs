//! Running the `realpolitik` binary from tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The repository root (where the binary's relative paths in tests are resolved).
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A path under the repository root.
pub fn path(relative: &str) -> PathBuf {
    root().join(relative)
}

/// The result of one run.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

fn finish(output: Output) -> Run {
    Run {
        code: output.status.code().expect("not killed by a signal"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// A command for the binary, run in the repository root with colours off.
pub fn command(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_realpolitik"));
    cmd.args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    cmd
}

/// Runs the binary with these arguments.
pub fn run(args: &[&str]) -> Run {
    finish(command(args).output().expect("the binary runs"))
}
