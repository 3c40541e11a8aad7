//! `realpolitik ach`: Analysis of Competing Hypotheses on a model's `[[hypotheses]]` and
//! `[[evidence]]`.

use std::fmt::Write as _;
use std::path::PathBuf;

use realpolitik::ach::Scoring;
use realpolitik::analysis::ach::{AchRequest, ach, matrix_csv};
use realpolitik::model::LoadOptions;
use realpolitik::output::AchDocument;

use super::input::load_model;
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
    };
    let doc = ach(&loaded, &request)?;
    match out.format {
        Format::Json => out.print_json(&doc),
        Format::Csv => out.print(&matrix_csv(&doc)),
        Format::Text => out.print(&render(&doc)),
    }
}

/// What the scoring computes, for the text's first line.
fn scoring_words(s: Scoring) -> &'static str {
    match s {
        Scoring::Weighted => "weighted inconsistency (PARC ACH 2.0)",
        Scoring::Count => "inconsistency count",
        Scoring::Net => "net inconsistency (consistent ratings count too)",
    }
}

/// The document for people.
pub fn render(doc: &AchDocument) -> String {
    let mut t = String::new();
    let _ = writeln!(t, "Competing hypotheses: {}", doc.title);
    let _ = writeln!(
        t,
        "  scored by {}; lower is better: the hypothesis with the least evidence against it leads\n",
        scoring_words(doc.scoring)
    );
    let mut order: Vec<usize> = (0..doc.hypotheses.len()).collect();
    order.sort_by_key(|&h| doc.hypotheses[h].rank);
    let width = doc.hypotheses.iter().map(|h| h.id.len()).max().unwrap_or(0);
    for &h in &order {
        let hyp = &doc.hypotheses[h];
        let _ = write!(
            t,
            "  {}  {:<width$}  {:>6.2}  ({} inconsistent)  {}",
            hyp.rank, hyp.id, hyp.score, hyp.inconsistent_items, hyp.statement
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
    t
}

/// The matrix: one row per item, a column per hypothesis, then the diagnosticity.
fn render_matrix(t: &mut String, doc: &AchDocument) {
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
            "  {flat} of {} item(s) are rated alike against every hypothesis: they cannot change \
             the ranking (Heuer: evidence consistent with every hypothesis has no diagnostic value)",
            doc.items.len()
        );
    }
}

/// What would change the leader.
fn render_sensitivity(t: &mut String, doc: &AchDocument) {
    let s = &doc.sensitivity;
    let _ = writeln!(
        t,
        "\nWhat would change the leader ({}):",
        s.leaders.join(" and ")
    );
    let leaders = |l: &[String]| match l {
        [one] => format!("{one} leads"),
        tied => format!("{} tie for the lead", tied.join(" and ")),
    };
    for c in &s.decisive_items {
        let _ = writeln!(t, "  discrediting {}: {}", c.item, leaders(&c.leaders));
    }
    for r in &s.decisive_ratings {
        let _ = writeln!(
            t,
            "  re-rating {} against {} from {} to {}: {}",
            r.item,
            r.hypothesis,
            r.from.code(),
            r.to.code(),
            leaders(&r.leaders)
        );
    }
    for set in &s.decisive_sets {
        let _ = writeln!(t, "  discrediting {} together", set.join(", "));
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
