//! End-to-end tests of the `realpolitik` command. All compile into this one test binary.

mod analyze;
mod cli_bargain;
mod cli_cib;
mod cli_csv;
mod cli_fcm;
mod commands;
mod malformed;
mod output_schema;
mod report;
mod util;
