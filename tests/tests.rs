//! End-to-end tests of the `realpolitik` command, and of the built-in model's content through the
//! library. All compile into this one test binary.

mod analyze;
mod built_in_model;
mod cli_ach;
mod cli_bargain;
mod cli_cib;
mod cli_csv;
mod cli_fcm;
mod cli_units;
mod command_line;
mod commands;
mod hostile;
mod hostile_round_two;
mod hostile_work;
mod malformed;
mod migrate;
mod output_schema;
mod readme;
mod report;
mod serve;
mod util;
