//! `realpolitik check`: validate a model and summarise it.

use std::fmt::Write as _;
use std::path::PathBuf;

use realpolitik::analysis;
use realpolitik::model::LoadOptions;
use realpolitik::model::summary::Summary;
use realpolitik::review::{MAX_PATH_LINKS, PathBalance};

use super::input::load_model;
use super::{CliError, Format, Output};

/// Check a model file and summarise it.
///
/// Reports every problem at once, each with its file, line and column, and how to fix it.
/// On success prints what the model contains, how well its judgments are grounded (quoted and
/// graded, estimates, assumptions), and a structural review: judgments that cannot change what
/// the options are compared on, each option's beneficial and harmful paths to the outcomes,
/// passages used twice, and options that change nothing an outcome can feel.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The model file (default: the built-in model).
    pub model: Option<PathBuf>,

    /// Also list every analyst assumption (judgment without a quoted source).
    #[arg(long)]
    pub assumptions: bool,
}

/// Runs the command.
pub fn run(args: &Args, options: &LoadOptions, out: &Output) -> Result<(), CliError> {
    out.refuse_csv("check", "use --format text or --format json")?;
    let loaded = load_model(args.model.as_ref(), options, out)?;
    let result = analysis::check(&loaded);
    let doc = &result.document;
    match out.format {
        Format::Json => out.print_json(doc),
        Format::Text | Format::Csv => {
            out.warn(&result.review_warnings);
            let mut text = render(&doc.file, &doc.summary, args.assumptions);
            text.push_str(&render_paths(&doc.paths));
            out.print(&text)
        }
    }
}

/// Each option's path balance, e.g. "  paths      cooperate: 3 beneficial (0.41) vs 9 harmful
/// (2.10)".
fn render_paths(paths: &[PathBalance]) -> String {
    let mut t = String::new();
    if paths.is_empty() {
        return t;
    }
    let _ = writeln!(
        t,
        "\nPaths of at most {MAX_PATH_LINKS} links from each option's levers to the judged outcomes \
         (summed |weight|):"
    );
    for p in paths {
        let _ = writeln!(
            t,
            "  {}: {} beneficial ({:.2}) vs {} harmful ({:.2})",
            p.option, p.beneficial, p.beneficial_weight, p.harmful, p.harmful_weight
        );
    }
    t
}

/// The summary as text.
pub fn render(name: &str, s: &Summary, list_assumptions: bool) -> String {
    let [levers, triggers, mechanisms, outcomes] = s.factors_by_role;
    let mut t = String::new();
    let _ = writeln!(t, "{name}: valid");
    let _ = writeln!(
        t,
        "  actors     {:>4}  ({} stances on {} issue(s))",
        s.actors, s.stances, s.issues
    );
    let _ = writeln!(
        t,
        "  factors    {:>4}  ({levers} levers, {triggers} triggers, {mechanisms} mechanisms, {outcomes} outcomes)",
        s.factors
    );
    let _ = writeln!(
        t,
        "  relations  {:>4}  ({} encoded as cross-impact blocks with {} cells, {} as FCM links)",
        s.relations, s.judgment_blocks, s.judgment_cells, s.links
    );
    let _ = writeln!(
        t,
        "  scenarios  {:>4}  ({} options, {} triggers)",
        s.options + s.triggers,
        s.options,
        s.triggers
    );
    if s.hypotheses > 0 {
        let _ = writeln!(
            t,
            "  hypotheses {:>4}  ({} evidence items rated against them; see `realpolitik ach`)",
            s.hypotheses, s.evidence_items
        );
    }
    let _ = writeln!(
        t,
        "  evidence   {:>4}  judgments: {}",
        s.grades.total(),
        s.grades.describe()
    );
    let q = &s.quote_stances;
    let _ = writeln!(
        t,
        "  quotes     {:>4}  ({} the author's, {} reported, {} opposing, {} hypothetical, {} ungraded; {} verified, {} unverifiable)",
        s.quotes_verified + s.quotes_unverified,
        q.author,
        q.reported,
        q.opposing,
        q.hypothetical,
        q.ungraded,
        s.quotes_verified,
        s.quotes_unverified
    );
    if list_assumptions {
        let lists = [
            ("Analyst assumptions", &s.assumptions),
            ("Cited judgments with an assumption note", &s.partly_assumed),
            ("Estimates (numbers beyond their quotes)", &s.estimates),
        ];
        for (title, list) in lists {
            if list.is_empty() {
                continue;
            }
            let _ = writeln!(t, "\n{title}:");
            for a in list {
                let reason = a.reason.as_deref().unwrap_or("(no reason given)");
                let _ = writeln!(t, "  - {}: {reason}", a.judgment);
            }
        }
    }
    t
}
