//! `realpolitik bargain`: where will the actors' positions land, and who moves whom?

use std::fmt::Write as _;
use std::path::PathBuf;

use realpolitik::analysis::{
    self,
    bargain::{BargainInput, BargainRequest, SolvedIssue, actor_name},
};
use realpolitik::bargain::{self, Scenario, SmpReport, Solver, Swing, eum::OfferKind};
use realpolitik::limits::Limits;
use realpolitik::model::LoadOptions;
use realpolitik::output::{BargainDocument, BargainIssueDocument};

use super::input::load_model;
use super::output::csv_table;
use super::progress::Bar;
use super::report;
use super::{CliError, Format, GlobalArgs, Output};

/// Forecast a bargaining issue: each actor's position round by round, who challenged whom,
/// what was offered and accepted, and where the positions settle.
///
/// INPUT is a model file (default: the built-in model) or bargaining data without a model:
/// Bueno de Mesquita's table (`actor,capability,position,salience_pct`), KTAB's scenario CSV or
/// a DEU-style long CSV (`issue_id,actor,position,salience`), told apart by their header; or
/// KTAB's XML scenario (`.xml`).
/// Uncertain inputs (intervals, triangles) are taken at their nominal values.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    action: Option<Action>,

    /// The model file, bargaining CSV or KTAB XML (default: the built-in model).
    pub input: Option<PathBuf>,

    /// The solver: weighted mean or median (baselines), the EUM as Scholz's code ran it
    /// (`eum`) or as printed in Scholz et al. 2011 (`eum-printed`), or KTAB's Spatial Model of
    /// Politics (`smp`, always with KTAB's defaults: an XML scenario's ModelParameters are not
    /// read). The SMP plays all issues at once, as KTAB's dimensions, when every actor takes
    /// part in every issue, and each issue alone otherwise; --draws and --sensitivity play each
    /// issue alone.
    #[arg(long, value_enum, default_value_t = SolverArg::Eum)]
    pub solver: SolverArg,

    /// Only this issue (its id; default: every issue).
    #[arg(long)]
    pub issue: Option<String>,

    /// EUM: the most rounds to play.
    #[arg(long, default_value_t = 8)]
    pub rounds: usize,

    /// EUM: probability Q that the status quo persists when the other side does not resist.
    #[arg(long, default_value_t = 1.0)]
    pub q: f64,

    /// EUM: probability T that a changed status quo turns out better (used when Q < 1).
    #[arg(long, default_value_t = 1.0)]
    pub t: f64,

    /// Monte Carlo draws over the uncertain inputs (0: none). Prints the forecast's median and
    /// 80% and 90% intervals, and each actor's final position; --seed fixes the draws.
    #[arg(long, default_value_t = 0)]
    pub draws: usize,

    /// Also move each actor's position, salience and capability one at a time and report
    /// which moves the forecast most, and whom to persuade.
    #[arg(long)]
    pub sensitivity: bool,

    /// Also write a self-contained HTML report to this file: per issue, each actor's position
    /// round by round with the forecast (and its Monte Carlo interval given --draws), who moved
    /// towards whom, and the final coalitions.
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,
}

#[derive(Debug, clap::Subcommand)]
enum Action {
    Backtest(BacktestArgs),
}

/// Score every solver against the recorded outcomes of the DEU III data.
///
/// Prints each solver's mean absolute error (0–100 scale) on the issues with a known outcome
/// and at least --min-actors actors, next to the weighted-mean and weighted-median baselines.
#[derive(Debug, clap::Args)]
pub struct BacktestArgs {
    /// Folder with the DEU III data, `deu3_positions_long.csv` and `deu3_issues.csv` (Arregui &
    /// Perarnaud 2021, doi:10.34810/data53; the repository has a copy in
    /// tests/data/bargaining-cases/deu3).
    #[arg(value_name = "DATA")]
    pub data: PathBuf,

    /// Leave out issues with fewer actors than this.
    #[arg(long, default_value_t = 3)]
    pub min_actors: usize,

    /// EUM: the most rounds to play.
    #[arg(long, default_value_t = 8)]
    pub rounds: usize,
}

/// A solver as named on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SolverArg {
    /// c·s-weighted mean (the "compromise model").
    Mean,
    /// c·s-weighted median.
    Median,
    /// Expected-utility model as Scholz's code ran it.
    Eum,
    /// Expected-utility model as printed in Scholz et al. (2011).
    EumPrinted,
    /// KTAB's Spatial Model of Politics.
    Smp,
}

impl From<SolverArg> for Solver {
    fn from(s: SolverArg) -> Self {
        match s {
            SolverArg::Mean => Solver::Mean,
            SolverArg::Median => Solver::Median,
            SolverArg::Eum => Solver::Eum,
            SolverArg::EumPrinted => Solver::EumPrinted,
            SolverArg::Smp => Solver::Smp,
        }
    }
}

/// Runs the command: the flags become a [`BargainRequest`], the library plays it on the
/// input, and the result is rendered.
pub fn run(
    args: &Args,
    global: &GlobalArgs,
    options: &LoadOptions,
    out: &Output,
) -> Result<(), CliError> {
    if let Some(Action::Backtest(b)) = &args.action {
        return run_backtest(b, &options.limits, out);
    }
    let request = BargainRequest {
        solver: args.solver.into(),
        issue: args.issue.clone(),
        rounds: args.rounds,
        q: args.q,
        t: args.t,
        draws: args.draws,
        sensitivity: args.sensitivity,
        seed: global.seed,
        limits: options.limits,
    };
    request.check()?;
    let started = std::time::Instant::now();
    let table = match args.input.as_deref() {
        Some(path) => BargainInput::read_table(path, &options.limits)?,
        None => None,
    };
    let loaded;
    let input = match table {
        Some(input) => input,
        None => {
            loaded = load_model(args.input.as_ref(), options, out)?;
            BargainInput::of_model(&loaded)
        }
    };
    let result = analysis::bargain::bargain(&input, &request, &Bar::new(out.quiet))?;
    let doc = &result.document;
    if let Some(path) = &args.report {
        let draws = (args.draws > 0).then_some(args.draws);
        report::write(
            path,
            &result.report(&input),
            &doc.input,
            global.seed,
            draws,
            started,
            out,
        )?;
    }
    match out.format {
        Format::Csv => out.print(&positions_csv(doc)),
        Format::Json => out.print_json(doc),
        Format::Text => {
            let mut t = String::new();
            if let Some(report) = &doc.smp {
                render_smp(&mut t, report, None);
            }
            for (r, d) in result.issues.iter().zip(&doc.issues) {
                render_issue(&mut t, &input.scenario, r, d, request.solver);
            }
            out.print(&t)
        }
    }
}

/// The final positions as CSV: one row per issue and actor, with its initial position.
fn positions_csv(doc: &BargainDocument) -> String {
    let rows = doc.issues.iter().flat_map(|i| {
        i.actors.iter().enumerate().map(move |(p, actor)| {
            vec![
                i.id.clone(),
                actor.clone(),
                i.initial_positions[p].to_string(),
                i.final_positions[p].to_string(),
            ]
        })
    });
    csv_table(&["issue", "actor", "initial", "final"], rows)
}

/// An SMP run turn by turn: the likeliest outcome, who challenged whom, and who took which
/// bargain. `one` names the issue's players for a one-issue run.
fn render_smp(t: &mut String, report: &SmpReport, one: Option<&dyn Fn(usize) -> String>) {
    let actor = |i: usize| match one {
        Some(f) => f(i),
        None => report.actors[i].clone(),
    };
    let by_name = |n: &str| match one {
        Some(f) => n.parse().map_or_else(|_| n.to_owned(), f),
        None => n.to_owned(),
    };
    let fmt = |x: &[f64]| {
        x.iter()
            .map(|v| format!("{v:.2}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if one.is_none() {
        let _ = writeln!(
            t,
            "SMP over {} issue(s) [{}], {} actors",
            report.issues.len(),
            report.issues.join(", "),
            report.actors.len()
        );
    }
    for s in &report.turns {
        let ratio = s.turn.checked_sub(1).map_or(String::new(), |i| {
            format!("  change vs first step {:.4}", report.stopping_ratios[i])
        });
        let _ = writeln!(
            t,
            "  turn {:<2} likeliest outcome [{}]{ratio}",
            s.turn,
            fmt(&s.likeliest)
        );
        for (i, a) in s.adopted.iter().enumerate() {
            let Some(c) = a.map(|c| &s.challenges[c]) else {
                continue;
            };
            let to = if c.initiator == report.actors[i] {
                &c.initiator_position
            } else {
                &c.receiver_position
            };
            let _ = writeln!(
                t,
                "    {} takes the bargain of {} challenging {} (p = {:.3}): [{}] → [{}]",
                actor(i),
                by_name(&c.initiator),
                by_name(&c.receiver),
                c.probability,
                fmt(&s.positions[i]),
                fmt(to)
            );
        }
    }
    let _ = writeln!(
        t,
        "  stopped after {} turns; forecast [{}]",
        report.turns.len() - 1,
        fmt(&report.forecast)
    );
}

/// One issue for people: the rounds, the forecast, the final positions and coalitions, the
/// Monte Carlo spread and the sensitivity.
fn render_issue(
    t: &mut String,
    s: &Scenario,
    r: &SolvedIssue,
    doc: &BargainIssueDocument,
    solver: Solver,
) {
    let (k, issue, o) = (r.index, &r.issue, &r.outcome);
    let scale = &s.issues[k];
    let _ = writeln!(
        t,
        "Issue {} ({} = {} … {} = {}), solver {}, {} actors",
        scale.id,
        scale.low,
        scale.low_label,
        scale.high,
        scale.high_label,
        solver.name(),
        issue.players.len()
    );
    let name = |p: usize| actor_name(s, issue, p);
    if let Some(run) = &o.eum {
        let _ = writeln!(
            t,
            "  start    median {:.3}  mean {:.3}",
            run.initial_median, run.initial_mean
        );
        for r in &run.rounds {
            let _ = writeln!(
                t,
                "  round {:<2} median {:.3}  mean {:.3}  ({} challenges, {} accepted offers)",
                r.round,
                r.median,
                r.mean,
                r.challenges.len(),
                r.exchanges.len()
            );
            for e in &r.exchanges {
                let verb = match e.kind {
                    OfferKind::Confrontation => "loses a confrontation to",
                    OfferKind::Compromise => "compromises with",
                    OfferKind::Capitulation => "capitulates to",
                };
                let _ = writeln!(
                    t,
                    "    {} {verb} {}: {:.3} → {:.3}",
                    name(e.mover),
                    name(e.partner),
                    e.from,
                    e.to
                );
            }
        }
        let why = if run.converged {
            "positions settled"
        } else {
            "round limit"
        };
        let _ = writeln!(
            t,
            "  forecast {:.3} after {} rounds ({why})",
            o.forecast,
            run.rounds.len()
        );
    } else if let Some(report) = &o.smp {
        render_smp(t, report, Some(&name));
    } else {
        let _ = writeln!(t, "  forecast {:.3}", o.forecast);
    }
    let _ = writeln!(t, "  final positions:");
    let width = (0..issue.players.len())
        .map(|p| name(p).chars().count())
        .max()
        .unwrap_or(0)
        .min(crate::cli::output::MAX_COLUMN);
    for (p, x) in o.positions.iter().enumerate() {
        let start = issue.players[p].position;
        let _ = writeln!(t, "    {:<width$}  {x:>9.3}  (from {start:.3})", name(p));
    }
    let _ = writeln!(t, "  coalitions:");
    for c in &doc.coalitions {
        let _ = writeln!(t, "    {:>9.3}: {}", c.position, c.actors.join(", "));
    }
    if let Some(mc) = &r.monte_carlo {
        let f = &mc.forecast;
        let _ = writeln!(
            t,
            "  Monte Carlo ({} draws, seed {}): forecast median {:.3}, 80% [{:.3}, {:.3}], 90% [{:.3}, {:.3}]",
            mc.draws,
            mc.seed,
            f.median,
            f.interval_80.0,
            f.interval_80.1,
            f.interval_90.0,
            f.interval_90.1
        );
        for (p, sp) in mc.positions.iter().enumerate() {
            let _ = writeln!(
                t,
                "    {:<width$}  median {:>9.3}  80% [{:.3}, {:.3}]",
                name(p),
                sp.median,
                sp.interval_80.0,
                sp.interval_80.1
            );
        }
    }
    if let Some(swings) = &r.swings {
        let _ = writeln!(
            t,
            "  sensitivity (forecast with the input moved down → up):"
        );
        for w in swings.iter().take(10) {
            let _ = writeln!(
                t,
                "    {:<width$}  {:<10}  {:>9.3} → {:<9.3}  swing {:+.3}",
                name(w.player),
                format!("{:?}", w.input).to_lowercase(),
                w.down,
                w.up,
                w.swing
            );
        }
        let _ = writeln!(
            t,
            "  whom to persuade (forecast change per unit move of the actor):"
        );
        let mut per: Vec<&Swing> = swings
            .iter()
            .filter(|w| w.input == bargain::sensitivity::Input::Position)
            .collect();
        per.sort_by(|a, b| b.per_unit.abs().total_cmp(&a.per_unit.abs()));
        for w in per {
            let _ = writeln!(t, "    {:<width$}  {:+.4}", name(w.player), w.per_unit);
        }
    }
    t.push('\n');
}

fn run_backtest(args: &BacktestArgs, limits: &Limits, out: &Output) -> Result<(), CliError> {
    let doc = analysis::bargain::backtest(&args.data, args.min_actors, args.rounds, limits)?;
    let scores = doc.scores.as_slice();
    if out.format == Format::Json {
        return out.print_json(&doc);
    }
    if out.format == Format::Csv {
        let rows = scores.iter().map(|s| {
            vec![
                s.solver.name().to_owned(),
                s.mae.to_string(),
                s.issues.to_string(),
            ]
        });
        return out.print(&csv_table(&["solver", "mae", "issues"], rows));
    }
    let mut t = String::new();
    let n = scores.first().map_or(0, |s| s.issues);
    let _ = writeln!(
        t,
        "Backtest on {n} issues with an outcome and at least {} actors (mean absolute error, 0–100):",
        args.min_actors
    );
    let best = scores
        .iter()
        .min_by(|a, b| a.mae.total_cmp(&b.mae))
        .map(|s| s.solver);
    for s in scores {
        let mark = if Some(s.solver) == best {
            "  ← best"
        } else {
            ""
        };
        let _ = writeln!(t, "  {:<12} {:>7.2}{mark}", s.solver.name(), s.mae);
    }
    out.print(&t)
}
