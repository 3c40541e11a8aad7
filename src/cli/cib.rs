//! `realpolitik cib`: cross-impact balance analysis of a model or a bare matrix.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use realpolitik::cib::basins::{Basins, basins_with_progress};
use realpolitik::cib::intervention::{fixed_from_names, intervene};
use realpolitik::cib::io::{MatrixFileError, is_matrix_file, read_matrix_file, scw};
use realpolitik::cib::landscape::Family;
use realpolitik::cib::search::search_with_progress;
use realpolitik::cib::succession::{Attractor, Rule};
use realpolitik::cib::uncertainty::{Perturbation, Robustness};
use realpolitik::cib::{Constraints, Matrix, Solution};
use realpolitik::output::{
    CibAttractor, CibBasins, CibDocument, CibIntervention, CibScenario, SCHEMA_VERSION,
};
use realpolitik::report::html::thousands;
use realpolitik::report::{CibFamilies, CibResults, CibRobustness};
use realpolitik::{Diagnostic, Loaded};

use super::input::load_model;
use super::progress::Bar;
use super::report;
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

    /// Also count each scenario's basin weight: how many of all start scenarios reach it by
    /// global succession of the matrix without intervention (exact; cycles are counted too).
    #[arg(long)]
    pub basins: bool,

    /// Estimate basin shares from N seeded random starts instead of counting all of them (for
    /// spaces too large for --basins): each attractor's share with its 95% confidence
    /// interval, labelled as sampled.
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

    /// With --perturb: the number of draws.
    #[arg(long, value_name = "N", default_value_t = 200)]
    pub draws: u64,

    /// Group the scenarios into families: scenarios differing in at most H descriptors are
    /// linked.
    #[arg(long, value_name = "H")]
    pub families: Option<usize>,

    /// Follow succession from this start (1-based variant indices, e.g. "1 3 2").
    #[arg(long, value_name = "INDICES")]
    pub from: Option<String>,

    /// With --from: the succession rule.
    #[arg(long, value_enum, default_value_t = RuleArg::Global)]
    pub rule: RuleArg,

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

fn read_member(path: &Path, out: &Output) -> Result<Matrix, CliError> {
    let (m, warnings) = read_matrix_file(path).map_err(|e| match e {
        MatrixFileError::Read(e) => CliError::io("read", path, &e),
        MatrixFileError::Invalid(d) => CliError::Invalid(d),
        _ => CliError::Io(format!("cannot read {}", path.display())),
    })?;
    out.warn(&warnings);
    Ok(m)
}

/// The optional analyses asked for: their output sections, and the families and robustness
/// computed, which the HTML report draws.
#[derive(Default)]
struct Extras {
    sections: Vec<extra::Section>,
    families: Option<(usize, Vec<Family>)>,
    robustness: Option<(Perturbation, Vec<Robustness>)>,
}

/// The optional analyses asked for.
fn sections(
    args: &Args,
    global: &GlobalArgs,
    m: &Matrix,
    solutions: &[Solution],
    out: &Output,
) -> Result<Extras, CliError> {
    let constraints = Constraints::max_inconsistency(args.max_inconsistency);
    let mut extras = Extras::default();
    let sections = &mut extras.sections;
    if !args.ensemble.is_empty() {
        let mut members = vec![m.clone()];
        for path in &args.ensemble {
            members.push(read_member(path, out)?);
        }
        let k = args.agree.unwrap_or(members.len());
        if k == 0 || k > members.len() {
            return Err(CliError::usage(format!(
                "--agree {k}: give a number from 1 to {}",
                members.len()
            )));
        }
        sections.push(extra::ensemble_section(&members, k, &constraints)?);
    }
    if let Some(p) = &args.perturb {
        let p = extra::perturbation(p)?;
        let (section, r) = extra::robustness_section(m, p, args.draws, global.seed, &constraints)?;
        sections.push(section);
        extras.robustness = Some((p, r));
    }
    if let Some(h) = args.families {
        let (section, f) = extra::families_section(m, solutions, h);
        sections.push(section);
        extras.families = Some((h, f));
    }
    if let Some(from) = &args.from {
        let start = extra::start(m, from)?;
        let rule = match args.rule {
            RuleArg::Global => Rule::Global,
            RuleArg::Adiabatic => Rule::Adiabatic,
            RuleArg::Local => Rule::Local,
        };
        sections.push(extra::succession_section(m, &start, rule));
    }
    if let Some(n) = args.sample_basins {
        if n == 0 {
            return Err(CliError::usage("--sample-basins: give at least one start"));
        }
        sections.push(extra::sampled_basins_section(m, n, global.seed));
    }
    Ok(extras)
}

/// Loads the matrix (and the model, when the input is one).
fn load(args: &Args, out: &Output) -> Result<(String, Matrix, Option<Loaded>), CliError> {
    if let Some(path) = args.input.as_ref().filter(|p| is_matrix_file(p)) {
        let (m, warnings) = read_matrix_file(path).map_err(|e| match e {
            MatrixFileError::Read(e) => CliError::io("read", path, &e),
            MatrixFileError::Invalid(d) => CliError::Invalid(d),
            _ => CliError::Io(format!("cannot read {}", path.display())),
        })?;
        out.warn(&warnings);
        return Ok((path.display().to_string(), m, None));
    }
    let loaded = load_model(args.input.as_ref(), out)?;
    let name = loaded.file.name().to_owned();
    let m = match realpolitik::cib::Matrix::from_model(&loaded.model) {
        Some(Ok(m)) => m,
        Some(Err(e)) => {
            return Err(CliError::Invalid(vec![
                Diagnostic::error("cib::model", format!("{name}: {e}"))
                    .help("check the model's factors and judgment blocks"),
            ]));
        }
        None => {
            return Err(CliError::Invalid(vec![
                Diagnostic::error("cib::model", format!("{name} has no CIB descriptor")).help(
                    "give factors `states = [...]` and add [[judgments]] blocks between them",
                ),
            ]));
        }
    };
    Ok((name, m, Some(loaded)))
}

fn split_pair(text: &str) -> Result<(String, String), CliError> {
    text.split_once('=')
        .map(|(d, v)| (d.trim().to_owned(), v.trim().to_owned()))
        .ok_or_else(|| CliError::usage(format!("--fix {text:?}: write DESCRIPTOR=VARIANT")))
}

/// The descriptors fixed by `--fix` and `--scenario`.
fn fixed(args: &Args, m: &Matrix, loaded: Option<&Loaded>) -> Result<Vec<Option<usize>>, CliError> {
    let mut pairs = args
        .fix
        .iter()
        .map(|t| split_pair(t))
        .collect::<Result<Vec<_>, _>>()?;
    for id in &args.scenario {
        let model = &loaded
            .ok_or_else(|| CliError::usage("--scenario needs a model file, not a bare matrix"))?
            .model;
        let s = model
            .options
            .iter()
            .chain(&model.triggers)
            .find(|s| &s.id == id)
            .ok_or_else(|| CliError::usage(format!("the model has no option or trigger {id:?}")))?;
        for clamp in &s.clamps {
            if let Some(state) = clamp.state {
                let f = &model.factors[clamp.factor];
                pairs.push((f.id.clone(), f.states[state].clone()));
            }
        }
    }
    fixed_from_names(m, &pairs).map_err(CliError::usage)
}

/// Runs the command.
pub fn run(args: &Args, global: &GlobalArgs, out: &Output) -> Result<(), CliError> {
    if args.max_inconsistency < 0 {
        return Err(CliError::usage("--max-inconsistency cannot be negative"));
    }
    if args.perturb.is_some() {
        super::limits::count(
            "--draws",
            args.draws,
            1,
            "robustness is the share of draws a scenario survives, so give at least 1",
        )?;
    }
    let started = Instant::now();
    let (name, m, loaded) = load(args, out)?;
    if args.basins {
        super::limits::search_space("--basins", &m)?;
    }
    let fixed = fixed(args, &m, loaded.as_ref())?;
    let start = Instant::now();
    let intervention = fixed
        .iter()
        .any(Option::is_some)
        .then(|| intervene(&m, fixed.clone(), args.max_inconsistency));
    let solutions = match &intervention {
        Some(i) => i.result.clone(),
        None => search_with_progress(
            &m,
            &Constraints::max_inconsistency(args.max_inconsistency),
            &Bar::new(out.quiet),
        ),
    };
    let elapsed = start.elapsed();
    let cut = intervention
        .as_ref()
        .is_some_and(|i| realpolitik::cib::search::cut(&i.baseline));
    if cut || realpolitik::cib::search::cut(&solutions) {
        return Err(CliError::usage(
            realpolitik::limits::Limits::exceeded(
                "solutions",
                "the number of scenarios this matrix leaves possible",
                realpolitik::limits::get().solutions,
            ) + " (a matrix that barely constrains its scenarios, all zeros say, makes nearly every one consistent)",
        ));
    }
    let basins = if args.basins {
        Some(
            basins_with_progress(&m, &Bar::new(out.quiet))
                .ok_or_else(|| CliError::usage("--basins needs a scenario space below 2^128"))?,
        )
    } else {
        None
    };
    let weights: Vec<u128> = match &basins {
        Some(b) => solutions.iter().map(|s| b.weight_of(&s.variants)).collect(),
        None => Vec::new(),
    };
    if let Some(path) = &args.sl {
        write_file(path, &scw::write_sl(&solutions, &weights))?;
    }
    let format = if args.csv { Format::Csv } else { out.format };
    if format == Format::Csv && args.report.is_none() {
        return out.print(&csv(&m, &solutions));
    }
    let extras = sections(args, global, &m, &solutions, out)?;
    if let Some(path) = &args.report {
        let results = CibResults {
            max_inconsistency: args.max_inconsistency,
            fixed: &fixed,
            families: extras
                .families
                .as_ref()
                .map(|(threshold, families)| CibFamilies {
                    threshold: *threshold,
                    families,
                }),
            robustness: extras
                .robustness
                .as_ref()
                .map(|(perturbation, scenarios)| CibRobustness {
                    perturbation: *perturbation,
                    draws: args.draws,
                    seed: global.seed,
                    scenarios,
                }),
            basins: basins.as_ref(),
            ..CibResults::new(&m, &solutions)
        };
        let report = report::start(loaded.as_ref().map(|l| &l.model), &name).with_cib(&results);
        let draws = extras.robustness.is_some().then_some(args.draws as usize);
        report::write(path, &report, &name, global.seed, draws, started)?;
    }
    match format {
        Format::Csv => out.print(&csv(&m, &solutions)),
        Format::Json => {
            let mut scenarios: Vec<CibScenario> =
                solutions.iter().map(|s| CibScenario::of(&m, s)).collect();
            for (s, w) in scenarios.iter_mut().zip(&weights) {
                s.basin_weight = Some(w.to_string());
            }
            let named = |list: &[usize], from: &[Solution]| -> Vec<CibScenario> {
                list.iter()
                    .map(|&k| CibScenario::of(&m, &from[k]))
                    .collect()
            };
            let mut doc = CibDocument {
                schema_version: SCHEMA_VERSION,
                file: name,
                descriptors: m.descriptors().to_vec(),
                scenario_count: m.scenario_count().map(|c| c.to_string()),
                max_inconsistency: args.max_inconsistency,
                fixed: named_fixed(&m, &fixed),
                scenarios,
                basins: basins.as_ref().map(|b| basins_document(&m, b)),
                intervention: intervention.as_ref().map(|i| CibIntervention {
                    kept: named(&i.kept, &i.result),
                    lost: named(&i.lost, &i.baseline),
                    new: named(&i.new, &i.result),
                }),
                ensemble: None,
                robustness: None,
                families: None,
                succession: None,
                sampled_basins: None,
            };
            for section in extras.sections {
                section.document.fill(&mut doc);
            }
            out.print_json(&doc)
        }
        Format::Text => {
            let mut text = String::new();
            let space = m
                .scenario_count()
                .map_or("more than 2^128".into(), |c| thousands(&c.to_string()));
            let what = if args.max_inconsistency == 0 {
                "consistent".to_owned()
            } else {
                format!("with inconsistency ≤ {}", args.max_inconsistency)
            };
            let _ = writeln!(
                text,
                "{name}: {} descriptors, {space} scenarios; {} {what} (exact search, {:.1} ms)",
                m.descriptor_count(),
                solutions.len(),
                elapsed.as_secs_f64() * 1e3
            );
            if let Some(i) = &intervention {
                let _ = writeln!(
                    text,
                    "fixed: {}; against no intervention: {} kept, {} lost, {} new",
                    named_fixed(&m, &fixed).join(", "),
                    i.kept.len(),
                    i.lost.len(),
                    i.new.len()
                );
            }
            text.push('\n');
            text.push_str(&tableau(&m, &solutions, &weights));
            if let Some(b) = &basins {
                let _ = writeln!(
                    text,
                    "\nBasin weights: exact over all {} start scenarios ({} distinct successors); {} end in {} cycle(s).",
                    thousands(&b.starts.to_string()),
                    thousands(&b.successors.to_string()),
                    thousands(&b.in_cycles().to_string()),
                    b.basins.iter().filter(|x| x.attractor.period() > 1).count()
                );
            }
            if let Some(i) = intervention.as_ref().filter(|i| !i.lost.is_empty()) {
                text.push_str("\nLost by the intervention:\n");
                let lost: Vec<Solution> = i.lost.iter().map(|&k| i.baseline[k].clone()).collect();
                text.push_str(&tableau(&m, &lost, &[]));
            }
            for section in extras.sections {
                text.push_str(&section.text);
            }
            out.print(&text)
        }
    }
}

fn write_file(path: &Path, text: &str) -> Result<(), CliError> {
    super::output::write_file(path, text.as_bytes())
}

fn named_fixed(m: &Matrix, fixed: &[Option<usize>]) -> Vec<String> {
    fixed
        .iter()
        .enumerate()
        .filter_map(|(j, v)| {
            v.map(|v| {
                format!(
                    "{}={}",
                    m.descriptors()[j].name,
                    m.descriptors()[j].variants[v]
                )
            })
        })
        .collect()
}

fn basins_document(m: &Matrix, b: &Basins) -> CibBasins {
    CibBasins {
        starts: b.starts.to_string(),
        successors: b.successors,
        in_cycles: b.in_cycles().to_string(),
        attractors: b
            .basins
            .iter()
            .map(|x| {
                let states: Vec<&Vec<usize>> = match &x.attractor {
                    Attractor::Fixed { scenario } => vec![scenario],
                    Attractor::Cycle { states } => states.iter().collect(),
                };
                CibAttractor {
                    period: x.attractor.period(),
                    weight: x.weight.to_string(),
                    states: states.iter().map(|z| m.label(z)).collect(),
                }
            })
            .collect(),
    }
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

/// One row per scenario: its number, each descriptor's variant, then the scores.
fn csv(m: &Matrix, solutions: &[Solution]) -> String {
    let mut w = csv_writer();
    let mut header = vec!["scenario".to_owned()];
    header.extend(m.descriptors().iter().map(|d| d.name.clone()));
    header.extend(["tis", "consistency_value", "inconsistency"].map(String::from));
    let _ = w.write_record(&header);
    for (k, s) in solutions.iter().enumerate() {
        let mut row = vec![format!("S{}", k + 1)];
        row.extend(
            s.variants
                .iter()
                .enumerate()
                .map(|(j, &v)| m.descriptors()[j].variants[v].clone()),
        );
        row.extend(
            [s.scores.tis, s.scores.consistency, s.scores.inconsistency].map(|x| x.to_string()),
        );
        let _ = w.write_record(&row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn csv_writer() -> realpolitik::cib::io::csv::Writer {
    realpolitik::cib::io::csv::writer()
}
