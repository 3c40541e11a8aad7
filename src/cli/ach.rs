//! `realpolitik ach`: Analysis of Competing Hypotheses on a model's `[[hypotheses]]` and
//! `[[evidence]]`.

use std::fmt::Write as _;
use std::path::PathBuf;

use realpolitik::ach::Scoring;
use realpolitik::analysis::ach::{AchRequest, ach, lead_changes, matrix_csv};
use realpolitik::model::LoadOptions;
use realpolitik::output::{AchAnalysis, AchDocument};
use realpolitik::report::Report;
use realpolitik::report::ach::ach_sections;

use super::input::load_model;
use super::report;
use super::{CliError, Format, GlobalArgs, Output};

/// Weigh competing hypotheses against the evidence (Heuer's ACH).
///
/// Prints the matrix (evidence items as rows, hypotheses as columns), each hypothesis's
/// inconsistency score (lower is better: the hypothesis with the least evidence against it
/// leads), each item's diagnosticity (an item rated alike against every hypothesis cannot change
/// the ranking, and is flagged), which items would change the leader if discredited or re-rated
/// one step, and, when ratings are marked uncertain, how often each hypothesis leads over
/// Monte Carlo draws of them. --format csv prints the matrix with a score row.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The model file (default: the built-in model).
    pub model: Option<PathBuf>,

    /// How scores are computed: `weighted` (PARC ACH 2.0: I = 1, II = 2, times credibility ×
    /// relevance weights 1/√2, 1, √2 for low, medium, high), `count` (the same unweighted) or
    /// `net` (consistent ratings count too: CC −2, C −1; Heuer advises against it).
    #[arg(long, value_enum, default_value_t = ScoringArg::Weighted)]
    pub scoring: ScoringArg,

    /// Monte Carlo draws over the ratings marked uncertain (a list such as ["I", "N"]);
    /// --seed fixes them. No draws are made when no rating is uncertain.
    #[arg(long, default_value_t = 2000)]
    pub draws: usize,

    /// Also write a self-contained HTML report to this file: the score bars (with their Monte
    /// Carlo interval), the matrix coloured by rating with each item's diagnosticity, and what
    /// would change the lead.
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,
}

/// The scoring, as the command line names it.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum ScoringArg {
    /// Inconsistency weighted by credibility and relevance (PARC ACH 2.0).
    Weighted,
    /// Unweighted inconsistency count.
    Count,
    /// Inconsistent minus consistent ratings, weighted.
    Net,
}

impl From<ScoringArg> for Scoring {
    fn from(s: ScoringArg) -> Scoring {
        match s {
            ScoringArg::Weighted => Scoring::Weighted,
            ScoringArg::Count => Scoring::Count,
            ScoringArg::Net => Scoring::Net,
        }
    }
}

/// Runs the command.
pub fn run(
    args: &Args,
    global: &GlobalArgs,
    options: &LoadOptions,
    out: &Output,
) -> Result<(), CliError> {
    let loaded = load_model(args.model.as_ref(), options, out)?;
    let request = AchRequest {
        scoring: args.scoring.into(),
        draws: args.draws,
        seed: global.seed,
        limits: options.limits,
        ..AchRequest::default()
    };
    let started = std::time::Instant::now();
    let doc = ach(&loaded, &request)?;
    if let Some(path) = &args.report {
        let mut page = Report::new(&loaded.model);
        for section in ach_sections(&doc.analysis) {
            page.push(section);
        }
        let draws = doc.analysis.monte_carlo.as_ref().map(|mc| mc.draws);
        report::write(path, &page, &doc.file, global.seed, draws, started, out)?;
    }
    match out.format {
        Format::Json => out.print_json(&doc),
        Format::Csv => out.print(&matrix_csv(&doc.analysis)),
        Format::Text => out.print(&render(&doc)),
    }
}

/// The document for people.
pub fn render(doc: &AchDocument) -> String {
    let doc_title = &doc.title;
    let doc = &doc.analysis;
    let mut t = String::new();
    let _ = writeln!(t, "Competing hypotheses: {doc_title}");
    let _ = writeln!(
        t,
        "  scored by {}; lower is better: the hypothesis with the least evidence against it leads\n",
        doc.scoring.describe()
    );
    let mut order: Vec<usize> = (0..doc.hypotheses.len()).collect();
    order.sort_by_key(|&h| doc.hypotheses[h].rank);
    let width = doc.hypotheses.iter().map(|h| h.id.len()).max().unwrap_or(0);
    for &h in &order {
        let hyp = &doc.hypotheses[h];
        let _ = write!(
            t,
            "  {}  {:<width$}  {:>6.2}  ({} inconsistent of {} that bear on it)  {}",
            hyp.rank, hyp.id, hyp.score, hyp.inconsistent_items, hyp.bearing_items, hyp.statement
        );
        if let (Some(p), Some([low, _, high])) = (hyp.p_leading, hyp.score_quantiles) {
            let _ = write!(
                t,
                "\n     leads in {:.0}% of draws; score 90% interval {low:.2}–{high:.2}",
                p * 100.0
            );
        }
        t.push('\n');
    }
    match &doc.monte_carlo {
        Some(mc) => {
            let _ = writeln!(
                t,
                "  ({} draws of the {} uncertain rating(s), seed {})",
                mc.draws, mc.uncertain_cells, mc.seed
            );
        }
        None => t.push_str("  (no rating is marked uncertain, so nothing is drawn)\n"),
    }
    render_matrix(&mut t, doc);
    render_sensitivity(&mut t, doc);
    render_cross_checks(&mut t, doc);
    t
}

/// What the CIB and the FCM say of the hypotheses tied to factor states.
fn render_cross_checks(t: &mut String, doc: &AchAnalysis) {
    let tied: Vec<_> = doc
        .hypotheses
        .iter()
        .filter(|h| h.cib.is_some() || !h.fcm.is_empty())
        .collect();
    if tied.is_empty() {
        return;
    }
    t.push_str(
        "\nWhat the model's engines say of the hypotheses' states (not a rating: a check):\n",
    );
    for h in tied {
        let _ = writeln!(t, "  {}", h.id);
        if let Some(c) = &h.cib {
            let _ = write!(
                t,
                "    CIB: {} of {} consistent futures have its states",
                c.with_states, c.scenarios
            );
            if let Some((n, with)) = c.under_option {
                let _ = write!(t, "; with its option imposed, {with} of {n}");
            }
            t.push('\n');
        }
        for f in &h.fcm {
            let way = f.moves.words();
            let _ = writeln!(
                t,
                "    FCM: its option moves {} {way} {} ({:.2} under the status quo, {:.2} under \
                 the option; {} sits at {:.2})",
                f.factor, f.state, f.status_quo, f.option, f.state, f.position
            );
        }
    }
}

/// The matrix: one row per item, a column per hypothesis, then the diagnosticity.
fn render_matrix(t: &mut String, doc: &AchAnalysis) {
    let id_width = doc
        .items
        .iter()
        .map(|i| i.id.len())
        .max()
        .unwrap_or(4)
        .max(4);
    let _ = write!(
        t,
        "\nMatrix (? marks an uncertain rating):\n  {:<id_width$}  type        cred    rel   ",
        "item"
    );
    let widths: Vec<usize> = doc.hypotheses.iter().map(|h| h.id.len().max(3)).collect();
    for (h, w) in doc.hypotheses.iter().zip(&widths) {
        let _ = write!(t, "  {:<w$}", h.id);
    }
    t.push_str("  diagnosticity\n");
    for item in &doc.items {
        let _ = write!(
            t,
            "  {:<id_width$}  {:<10}  {:<6}  {:<6}",
            item.id,
            item.kind.name(),
            item.credibility.name(),
            item.relevance.name()
        );
        for (c, w) in item.ratings.iter().zip(&widths) {
            let code = format!(
                "{}{}",
                c.rating.code(),
                if c.or.is_empty() { "" } else { "?" }
            );
            let _ = write!(t, "  {code:<w$}");
        }
        if item.non_diagnostic {
            t.push_str("  0 (non-diagnostic)\n");
        } else {
            let _ = writeln!(t, "  {:.2}", item.diagnosticity);
        }
    }
    let flat = doc.items.iter().filter(|i| i.non_diagnostic).count();
    if flat > 0 {
        let _ = writeln!(
            t,
            "  {flat} of {} item(s) add the same to every hypothesis's score (under an \
             inconsistency score, any item with no I or II): they cannot change the ranking, \
             and Heuer calls them non-diagnostic",
            doc.items.len()
        );
    }
}

/// What would change the leader.
fn render_sensitivity(t: &mut String, doc: &AchAnalysis) {
    let s = &doc.sensitivity;
    let _ = writeln!(
        t,
        "\nWhat would change the leader ({}):",
        s.leaders.join(" and ")
    );
    for change in lead_changes(s) {
        let _ = writeln!(t, "  {change}");
    }
    if s.decisive_items.is_empty() && s.decisive_sets.is_empty() {
        let _ = writeln!(
            t,
            "  no set of up to {} discredited items changes it",
            s.searched_up_to
        );
    }
    if s.decisive_ratings.is_empty() {
        t.push_str("  no single rating moved one step changes it\n");
    }
}
