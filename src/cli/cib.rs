//! `realpolitik cib`: cross-impact balance analysis of a model or a bare matrix.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use realpolitik::analysis::cib::{self, CibInput, CibRequest, CibResult};
use realpolitik::analysis::units::{cib_merge, cib_units};
use realpolitik::cib::io::{is_matrix_file, scw};
use realpolitik::cib::succession::Rule;
use realpolitik::cib::{Matrix, Solution};
use realpolitik::model::LoadOptions;
use realpolitik::output::{CibDocument, csv_table};
use realpolitik::report::html::thousands;

use super::input::load_model;
use super::progress::Bar;
use super::report;
use super::units::{UnitArgs, print_units, read_results};
use super::{CliError, Format, GlobalArgs, Output};

mod extra;

/// Find every consistent scenario of a cross-impact balance (CIB) matrix, exactly.
///
/// Reads the CIB part of a model (factors with states and their judgment blocks), or a bare
/// matrix: a CSV grid (`M.csv`, first row and column labelled DESCRIPTOR:VARIANT), a spreadsheet
/// (`M.xlsx`, the same grid on the first sheet) or a ScenarioWizard model (`M.scw`). Prints a
/// tableau with descriptors as rows and scenarios as columns, highest total impact score first;
/// `--format json` for programs, `--format csv` (or `--csv`) for one row per scenario.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The model (.toml) or matrix (.csv, .xlsx, .scw) file (default: the built-in model).
    pub input: Option<PathBuf>,

    /// Also accept scenarios whose inconsistency (largest shortfall of a chosen variant's
    /// impact score behind its descriptor's best) is at most this.
    #[arg(long, value_name = "T", default_value_t = 0)]
    pub max_inconsistency: i64,

    /// Fix a descriptor to a variant (an intervention), as DESCRIPTOR=VARIANT (names or 1-based
    /// indices); repeat for several. Reports what changes against no intervention.
    #[arg(long, value_name = "DESCRIPTOR=VARIANT")]
    pub fix: Vec<String>,

    /// Fix the descriptors that a model's option or trigger clamps (by its id).
    #[arg(long, value_name = "ID")]
    pub scenario: Vec<String>,

    /// Also count each scenario's basin weight: how many start scenarios reach it by
    /// succession (--rule; exact; cycles are counted too). Under --fix or --scenario the starts
    /// are those with the fixed descriptors at their fixed variants, and they stay there.
    #[arg(long)]
    pub basins: bool,

    /// Estimate basin shares from N seeded random starts instead of counting all of them (for
    /// spaces too large for --basins): each attractor's share with its 95% confidence
    /// interval, labelled as sampled. Follows --rule and the intervention like --basins.
    #[arg(long, value_name = "N")]
    pub sample_basins: Option<u64>,

    /// Other matrices (.csv, .xlsx, .scw) with the same descriptors: an ensemble (e.g. one
    /// per expert group) with the main input as its first member.
    #[arg(long, value_name = "FILE")]
    pub ensemble: Vec<PathBuf>,

    /// With --ensemble: report the scenarios acceptable in at least K members (default: all).
    #[arg(long, value_name = "K")]
    pub agree: Option<usize>,

    /// Judgment uncertainty: perturb every judgment uniformly within ±W (an integer), or
    /// within the intervals the model gives (`intervals`), and report how often each scenario
    /// stays acceptable over --draws seeded draws.
    #[arg(long, value_name = "W|intervals")]
    pub perturb: Option<String>,

    /// With --perturb: the number of draws [default: 200].
    #[arg(long, value_name = "N")]
    pub draws: Option<u64>,

    /// Group the scenarios into families: scenarios differing in at most H descriptors are
    /// linked.
    #[arg(long, value_name = "H")]
    pub families: Option<usize>,

    /// Follow succession from this start: one variant per descriptor, by name or 1-based index
    /// (e.g. "1 3 2"). Under --fix or --scenario the fixed descriptors start at their fixed
    /// variant and stay there: where the system goes once the lever is set.
    #[arg(long, value_name = "VARIANTS")]
    pub from: Option<String>,

    /// The succession rule of --from, --basins and --sample-basins [default: global].
    #[arg(long, value_enum)]
    pub rule: Option<RuleArg>,

    /// Explain one scenario: every descriptor's impact balance, its gap to the best rival, the
    /// judgments that decide it, and whether it is consistent, marginal (within
    /// --max-inconsistency) or not. One variant per descriptor, by name or 1-based index.
    /// Fixed descriptors (--fix, --scenario) take their fixed variant and are not judged.
    #[arg(long, value_name = "VARIANTS")]
    pub check: Option<String>,

    /// Print the scenarios as CSV (one row per scenario) instead of the tableau: the same as
    /// `--format csv`, and it wins over `--format json`.
    #[arg(long)]
    pub csv: bool,

    /// Also write the scenarios as a ScenarioWizard solution list (.sl) to this file.
    #[arg(long, value_name = "FILE")]
    pub sl: Option<PathBuf>,

    /// Also write a self-contained HTML report to this file: the scenario tableau, and the
    /// families, robustness and basin weights when they were asked for.
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,

    #[command(flatten)]
    pub work: UnitArgs,
}

/// A succession rule.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum RuleArg {
    /// Every descriptor jumps to its best variant at once.
    Global,
    /// Only the most inconsistent descriptor jumps.
    Adiabatic,
    /// The most inconsistent descriptor moves one variant towards its best.
    Local,
}

/// Reads a matrix file, showing its reader's warnings.
fn read_matrix(path: &Path, options: &LoadOptions, out: &Output) -> Result<Matrix, CliError> {
    let (m, warnings) = cib::read_matrix(path, &options.limits)?;
    out.warn(&warnings);
    Ok(m)
}

/// Runs the command: the flags become a [`CibRequest`], the library runs it on the input,
/// and the result is rendered.
pub fn run(
    args: &Args,
    global: &GlobalArgs,
    options: &LoadOptions,
    out: &Output,
) -> Result<(), CliError> {
    let format = if args.csv { Format::Csv } else { out.format };
    let request = CibRequest {
        max_inconsistency: args.max_inconsistency,
        fix: args.fix.clone(),
        scenarios: args.scenario.clone(),
        basins: args.basins,
        sample_basins: args.sample_basins,
        agree: args.agree,
        perturb: args.perturb.clone(),
        draws: args.draws,
        families: args.families,
        from: args.from.clone(),
        rule: args.rule.map(|rule| match rule {
            RuleArg::Global => Rule::Global,
            RuleArg::Adiabatic => Rule::Adiabatic,
            RuleArg::Local => Rule::Local,
        }),
        check: args.check.clone(),
        seed: global.seed,
        limits: options.limits,
    };
    request.check()?;
    args.work.check(&[
        ("--sl", args.sl.is_some()),
        ("--report", args.report.is_some()),
        ("--csv", args.csv),
    ])?;
    let started = Instant::now();
    let loaded;
    let mut input = match args.input.as_ref().filter(|p| is_matrix_file(p)) {
        Some(path) => CibInput {
            name: path.display().to_string(),
            matrix: read_matrix(path, options, out)?,
            model: None,
            ensemble: Vec::new(),
        },
        None => {
            loaded = load_model(args.input.as_ref(), options, out)?;
            CibInput::of_model(&loaded)?
        }
    };
    for path in &args.ensemble {
        input.ensemble.push(read_matrix(path, options, out)?);
    }
    let progress = Bar::new(out.quiet);
    let result = if args.work.units.is_some() || args.work.merge.is_some() {
        let units = cib_units(&input, &request, args.work.pieces())?;
        let Some(path) = &args.work.merge else {
            return print_units(&units, out);
        };
        let results = read_results(path, &options.limits)?;
        cib_merge(&input, &request, &units, results, &progress)?
    } else {
        cib::analyze(&input, &request, &progress)?
    };
    if let Some(path) = &args.sl {
        write_file(path, &scw::write_sl(&result.solutions, &result.weights))?;
    }
    if let Some(path) = &args.report {
        let page = result.report(input.model);
        let doc = &result.document;
        let draws = doc.robustness.as_ref().map(|r| r.draws as usize);
        report::write(path, &page, &doc.file, global.seed, draws, started, out)?;
    }
    match format {
        Format::Csv => out.print(&csv(&result.document)),
        Format::Json => out.print_json(&result.document),
        Format::Text => out.print(&text(&result)),
    }
}

/// The result for people: the count, the tableau, the basins, what the intervention lost,
/// then the optional analyses.
fn text(r: &CibResult) -> String {
    let (m, doc) = (&r.matrix, &r.document);
    let mut text = String::new();
    let space = m
        .scenario_count()
        .map_or("more than 2^128".into(), |c| thousands(&c.to_string()));
    let what = if doc.max_inconsistency == 0 {
        "consistent".to_owned()
    } else {
        format!("with inconsistency ≤ {}", doc.max_inconsistency)
    };
    let _ = writeln!(
        text,
        "{}: {} descriptors, {space} scenarios; {} {what} (exact search, {:.1} ms)",
        doc.file,
        m.descriptor_count(),
        r.solutions.len(),
        r.search_time.as_secs_f64() * 1e3
    );
    if let Some(i) = &r.intervention {
        let _ = writeln!(
            text,
            "fixed: {}; against no intervention: {} kept, {} lost, {} new",
            doc.fixed.join(", "),
            i.kept.len(),
            i.lost.len(),
            i.new.len()
        );
    }
    text.push('\n');
    text.push_str(&tableau(m, &r.solutions, &r.weights));
    if let (Some(b), Some(basins)) = (&r.basins, &doc.basins) {
        let starts = if r.intervention.is_some() {
            "start scenarios with the fixed descriptors fixed"
        } else {
            "start scenarios"
        };
        let _ = writeln!(
            text,
            "\nBasin weights of {} succession: exact over all {} {starts} ({} distinct successors); {} end in {} cycle(s).",
            rule_name(basins.rule),
            thousands(&b.starts.to_string()),
            thousands(&b.successors.to_string()),
            thousands(&b.in_cycles().to_string()),
            b.basins.iter().filter(|x| x.attractor.period() > 1).count()
        );
    }
    if let Some(least) = &doc.least_inconsistent {
        let _ = writeln!(
            text,
            "\nNo scenario is acceptable. The least inconsistency any scenario reaches is {}, by {} scenario(s):",
            least.inconsistency,
            least.scenarios.len()
        );
        text.push_str(&tableau(m, &r.least_inconsistent, &[]));
    }
    if let Some(i) = r.intervention.as_ref().filter(|i| !i.lost.is_empty()) {
        text.push_str("\nLost by the intervention:\n");
        let lost: Vec<Solution> = i.lost.iter().map(|&k| i.baseline[k].clone()).collect();
        text.push_str(&tableau(m, &lost, &[]));
    }
    extra::render(&mut text, doc, r.families_threshold());
    text
}

fn write_file(path: &Path, text: &str) -> Result<(), CliError> {
    super::output::write_file(path, text.as_bytes())
}

/// The tableau: descriptors as rows, scenarios as columns (eight per block), then the scores.
fn tableau(m: &Matrix, solutions: &[Solution], weights: &[u128]) -> String {
    if solutions.is_empty() {
        return "  (no scenario)\n".into();
    }
    let label_width = m
        .descriptors()
        .iter()
        .map(|d| d.name.chars().count())
        .chain([13])
        .max()
        .unwrap_or(13)
        .min(crate::cli::output::MAX_COLUMN);
    let mut text = String::new();
    for (block, chunk) in solutions.chunks(8).enumerate() {
        if block > 0 {
            text.push('\n');
        }
        let first = block * 8;
        let width = chunk
            .iter()
            .flat_map(|s| {
                s.variants
                    .iter()
                    .enumerate()
                    .map(|(j, &v)| m.descriptors()[j].variants[v].chars().count())
            })
            .chain([4])
            .max()
            .unwrap_or(4)
            .min(crate::cli::output::MAX_COLUMN);
        let mut row = |label: &str, cells: Vec<String>| {
            let _ = write!(text, "{label:<label_width$}");
            for c in cells {
                let _ = write!(text, "  {c:<width$}");
            }
            let trimmed = text.trim_end_matches(' ').len();
            text.truncate(trimmed);
            text.push('\n');
        };
        row(
            "",
            (0..chunk.len())
                .map(|k| format!("S{}", first + k + 1))
                .collect(),
        );
        for (j, d) in m.descriptors().iter().enumerate() {
            row(
                &d.name,
                chunk
                    .iter()
                    .map(|s| d.variants[s.variants[j]].clone())
                    .collect(),
            );
        }
        row(
            "TIS",
            chunk.iter().map(|s| s.scores.tis.to_string()).collect(),
        );
        row(
            "consistency",
            chunk
                .iter()
                .map(|s| s.scores.consistency.to_string())
                .collect(),
        );
        row(
            "inconsistency",
            chunk
                .iter()
                .map(|s| s.scores.inconsistency.to_string())
                .collect(),
        );
        if !weights.is_empty() {
            row(
                "basin weight",
                (first..first + chunk.len())
                    .map(|k| weights[k].to_string())
                    .collect(),
            );
        }
    }
    text
}

/// One row per scenario: its number, each descriptor's variant, the scores, then a column for
/// each analysis asked for: basin weight, robustness share, members of an ensemble accepting
/// it, family, sampled basin share (empty where the analysis does not give the scenario one).
fn csv(doc: &CibDocument) -> String {
    let mut header = vec!["scenario".to_owned()];
    header.extend(doc.descriptors.iter().map(|d| d.name.clone()));
    header.extend(["tis", "consistency_value", "inconsistency"].map(String::from));
    let columns = extra::csv_columns(doc);
    header.extend(columns.iter().map(|(name, _)| (*name).to_owned()));
    let rows = doc.scenarios.iter().enumerate().map(|(k, s)| {
        let mut row = vec![format!("S{}", k + 1)];
        row.extend(s.variants.iter().cloned());
        row.extend([s.tis, s.consistency_value, s.inconsistency].map(|x| x.to_string()));
        row.extend(columns.iter().map(|(_, values)| values[k].clone()));
        row
    });
    csv_table(&header, rows)
}

/// A rule's name in text.
fn rule_name(rule: Rule) -> &'static str {
    match rule {
        Rule::Global => "global",
        Rule::Adiabatic => "adiabatic",
        Rule::Local => "local",
    }
}
