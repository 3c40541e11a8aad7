//! End-to-end tests of the `realpolitik` command. All compile into this one test binary.

mod cli_cib;
mod commands;
mod malformed;
mod util;
