//! Loaders for bargaining data that come without a model file: the Bueno de Mesquita (1994)
//! table as CSV, KTAB's scenario CSV, and a DEU-style long CSV (one row per issue and actor).
//!
//! Every error is a [`Diagnostic`] pointing at the file, line and column of the offending field,
//! with a hint on how to fix it; nothing here panics on bad input.
//!
//! | format | layout | scale | capability |
//! |---|---|---|---|
//! | BDM 1994 | header `actor,capability,position…,salience_pct` (or `salience`, 0–100) | min..max of the positions | the `capability` column |
//! | KTAB CSV | line 1 `name,description,#actors,#dims`; line 2 header; rows `actor,description,power,pos1,sal1,…` | 0..100 | `power` |
//! | DEU long | header `issue_id,actor,position,salience` | 0..100 | 1 (DEU has none) |

use std::ops::Range;

use csv::{ReaderBuilder, StringRecord, Trim};

use super::input::{ActorInput, IssueScale, Scenario, StanceInput, exact};
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::limits::Limits;

/// One CSV record and the byte offset where it starts.
struct Row {
    record: StringRecord,
    start: usize,
}

/// Reads every record of a CSV text (ragged rows allowed, fields trimmed, `#` lines skipped).
fn rows(file: &SourceFile) -> Result<Vec<Row>, Vec<Diagnostic>> {
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(Trim::All)
        .comment(Some(b'#'))
        .from_reader(file.text().as_bytes());
    let mut out = Vec::new();
    for result in reader.records() {
        match result {
            Ok(record) => {
                let start = record.position().map_or(0, |p| p.byte() as usize);
                if record.iter().all(str::is_empty) {
                    continue;
                }
                out.push(Row { record, start });
            }
            Err(e) => {
                let start = e.position().map_or(0, |p| p.byte() as usize);
                return Err(vec![
                    Diagnostic::error("bargain::csv", format!("this is not valid CSV: {e}"))
                        .at(start..start + 1, "here")
                        .help("write one record per line, fields separated by commas")
                        .in_file(file),
                ]);
            }
        }
    }
    Ok(out)
}

/// The byte span of field `index` of the record starting at `start` (the end of the line when
/// the record has fewer fields).
fn field_span(text: &str, start: usize, index: usize) -> Range<usize> {
    let bytes = text.as_bytes();
    let (mut field, mut quoted, mut i, mut field_start) = (0, false, start, start);
    while i < bytes.len() {
        match bytes[i] {
            b'"' => quoted = !quoted,
            b',' if !quoted => {
                if field == index {
                    return trim_span(text, field_start..i);
                }
                field += 1;
                field_start = i + 1;
            }
            b'\n' | b'\r' if !quoted => break,
            _ => {}
        }
        i += 1;
    }
    if field == index {
        trim_span(text, field_start..i)
    } else {
        i..i
    }
}

fn trim_span(text: &str, span: Range<usize>) -> Range<usize> {
    let s = &text[span.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail >= s.len() {
        span.start..span.start
    } else {
        span.start + lead..span.end - trail
    }
}

/// Reads fields of one row, collecting located errors.
struct Fields<'a> {
    file: &'a SourceFile,
    row: &'a Row,
    errors: &'a mut Vec<Diagnostic>,
}

impl Fields<'_> {
    fn span(&self, index: usize) -> Range<usize> {
        field_span(self.file.text(), self.row.start, index)
    }

    fn text(&mut self, index: usize, what: &str) -> Option<String> {
        match self.row.record.get(index) {
            Some(t) if !t.is_empty() => Some(t.to_owned()),
            _ => {
                let d = Diagnostic::error("bargain::missing", format!("the {what} is missing"))
                    .at(self.span(index), format!("expected the {what} here"))
                    .help(format!("fill in column {} ({what})", index + 1))
                    .in_file(self.file);
                self.errors.push(d);
                None
            }
        }
    }

    /// A number in `[min, max]`.
    fn number(&mut self, index: usize, what: &str, min: f64, max: f64) -> Option<f64> {
        let text = self.text(index, what)?;
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() && (min..=max).contains(&v) => Some(v),
            Ok(v) if v.is_finite() => {
                let d = Diagnostic::error(
                    "bargain::out_of_range",
                    // As written: `1e308` prints 309 digits otherwise.
                    format!("the {what} {text} lies outside [{min}, {max}]"),
                )
                .at(self.span(index), "out of range")
                .help(format!("write a {what} between {min} and {max}"))
                .in_file(self.file);
                self.errors.push(d);
                None
            }
            _ => {
                let d = Diagnostic::error(
                    "bargain::number",
                    format!("the {what} `{text}` is not a number"),
                )
                .at(self.span(index), "expected a number")
                .help(format!("write the {what} as a decimal number, e.g. 42.5"))
                .in_file(self.file);
                self.errors.push(d);
                None
            }
        }
    }
}

fn header_error(file: &SourceFile, start: usize, message: String, help: &str) -> Vec<Diagnostic> {
    let end = file.text()[start..]
        .find('\n')
        .map_or(file.text().len(), |e| start + e);
    vec![
        Diagnostic::error("bargain::header", message)
            .at(start..end, "this header")
            .help(help)
            .in_file(file),
    ]
}

fn column(header: &StringRecord, pred: impl Fn(&str) -> bool) -> Option<usize> {
    header.iter().position(|h| pred(&h.to_ascii_lowercase()))
}

/// Loads any of the CSV formats, telling them apart by their header: `issue_id` means DEU
/// long, `capability` means the BDM table, anything else is read as KTAB's scenario CSV.
pub fn load_csv(file: &SourceFile, limits: &Limits) -> Result<Scenario, Vec<Diagnostic>> {
    let rows = rows(file)?;
    let first = rows.first().map(|r| &r.record);
    let has = |name: &str| first.is_some_and(|h| h.iter().any(|f| f.eq_ignore_ascii_case(name)));
    if has("issue_id") {
        load_deu_long_csv(file, limits)
    } else if has("capability") {
        load_bdm_csv(file, limits)
    } else {
        load_ktab_csv(file, limits)
    }
}

/// Loads the BDM 1994 table: `actor,capability,position…,salience_pct` (salience 0–100; a
/// `salience` column is read as 0–100 when there is no `salience_pct`). The scale runs from the
/// lowest to the highest position, as in Scholz et al. (2011).
pub fn load_bdm_csv(file: &SourceFile, limits: &Limits) -> Result<Scenario, Vec<Diagnostic>> {
    let rows = rows(file)?;
    let Some(header) = rows.first() else {
        return Err(header_error(
            file,
            0,
            "the file is empty".into(),
            "write a header `actor,capability,position,salience_pct` and one row per actor",
        ));
    };
    let h = &header.record;
    let actor = column(h, |c| c == "actor");
    let cap = column(h, |c| c == "capability");
    let pos = column(h, |c| c.starts_with("position"));
    let sal = column(h, |c| c == "salience_pct").or_else(|| column(h, |c| c == "salience"));
    let (Some(actor), Some(cap), Some(pos), Some(sal)) = (actor, cap, pos, sal) else {
        return Err(header_error(
            file,
            header.start,
            "the header lacks one of the columns actor, capability, position, salience".into(),
            "name the columns `actor,capability,position,salience_pct`",
        ));
    };
    if let Some(past) = rows.get(1 + limits.most_actors()) {
        let span = field_span(file.text(), past.start, 0);
        let n = format!("{} actors", rows.len() - 1);
        return Err(vec![limits.too_many_actors(file, span, &n)]);
    }
    let mut errors = Vec::new();
    let mut actors = Vec::new();
    let mut positions = Vec::new();
    for row in &rows[1..] {
        let mut f = Fields {
            file,
            row,
            errors: &mut errors,
        };
        let name = f.text(actor, "actor name");
        let c = f.number(cap, "capability", 0.0, super::input::MAX_CAPABILITY);
        let x = f.number(pos, "position", f64::MIN, f64::MAX);
        let s = f.number(sal, "salience", 0.0, 100.0);
        if let (Some(name), Some(c), Some(x), Some(s)) = (name, c, x, s) {
            positions.push(x);
            actors.push(ActorInput {
                name,
                stances: vec![Some(StanceInput {
                    position: exact(x),
                    salience: exact(s),
                    capability: exact(c),
                })],
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let low = positions.iter().copied().fold(f64::INFINITY, f64::min);
    let high = positions.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if actors.len() < 2 {
        return Err(header_error(
            file,
            header.start,
            "a bargaining issue needs at least two actors".into(),
            "add one row per actor under the header",
        ));
    }
    Ok(Scenario {
        name: file.name().to_owned(),
        issues: vec![IssueScale {
            id: "issue".into(),
            low,
            high,
            low_label: format!("{low}"),
            high_label: format!("{high}"),
        }],
        actors,
    })
}

/// Loads KTAB's scenario CSV: line 1 `name,description,#actors,#dims`; line 2 the header
/// `Actor,Description,Power,` then a position and a salience column per dimension; then one
/// row per actor. Positions and saliences are on KTAB's 0–100 scale.
pub fn load_ktab_csv(file: &SourceFile, limits: &Limits) -> Result<Scenario, Vec<Diagnostic>> {
    let rows = rows(file)?;
    let help = "KTAB's CSV starts with `name,description,<number of actors>,<number of dimensions>`, then a header line";
    if rows.len() < 2 {
        return Err(header_error(
            file,
            0,
            "the file is too short to be a KTAB scenario".into(),
            help,
        ));
    }
    let mut errors = Vec::new();
    let mut f = Fields {
        file,
        row: &rows[0],
        errors: &mut errors,
    };
    let name = f.text(0, "scenario name").unwrap_or_default();
    let n_actors = f.number(2, "number of actors", 1.0, 1e6);
    let n_dims = f.number(3, "number of dimensions", 1.0, 1e4);
    let (Some(n_actors), Some(n_dims)) = (n_actors, n_dims) else {
        return Err(errors);
    };
    let (n_actors, n_dims) = (n_actors as usize, n_dims as usize);
    let most = limits.most_actors();
    if n_actors > most || rows.len() - 2 > most {
        // Point at the count line 1 announces, or at the first actor row past the limit.
        let (span, n) = if n_actors > most {
            let span = field_span(file.text(), rows[0].start, 2);
            (span, format!("the {n_actors} actors line 1 announces"))
        } else {
            let span = field_span(file.text(), rows[2 + most].start, 0);
            (span, format!("{} actors", rows.len() - 2))
        };
        return Err(vec![limits.too_many_actors(file, span, &n)]);
    }
    let header = &rows[1].record;
    if header.len() < 3 + 2 * n_dims {
        // Checked before any row: a 4 kB file announcing 10,000 dimensions made every short
        // row 20,000 errors (found by fuzzing's slow runs: 8 million errors, 6.7 GB).
        return Err(header_error(
            file,
            rows[1].start,
            format!(
                "line 1 announces {n_dims} dimensions, so the header needs {} columns (actor, \
                 description, power, then a position and a salience per dimension), but it \
                 has {}",
                3 + 2 * n_dims,
                header.len()
            ),
            help,
        ));
    }
    let issues = (0..n_dims)
        .map(|d| IssueScale {
            id: header
                .get(3 + 2 * d)
                .filter(|s| !s.is_empty())
                .map_or_else(|| format!("dim{}", d + 1), str::to_owned),
            low: 0.0,
            high: 100.0,
            low_label: "0".into(),
            high_label: "100".into(),
        })
        .collect::<Vec<_>>();
    let mut actors = Vec::new();
    for row in &rows[2..] {
        let mut f = Fields {
            file,
            row,
            errors: &mut errors,
        };
        let name = f.text(0, "actor name");
        let power = f.number(2, "power", 0.0, super::input::MAX_CAPABILITY);
        let mut stances = Vec::new();
        for d in 0..n_dims {
            // A short row gets its errors where it ends, not one per missing field.
            let ends = row.record.len() <= 4 + 2 * d;
            let x = f.number(3 + 2 * d, "position", 0.0, 100.0);
            let s = f.number(4 + 2 * d, "salience", 0.0, 100.0);
            if let (Some(x), Some(s), Some(c)) = (x, s, power) {
                stances.push(Some(StanceInput {
                    position: exact(x),
                    salience: exact(s),
                    capability: exact(c),
                }));
            }
            if ends {
                break;
            }
        }
        if let (Some(name), true) = (name, stances.len() == n_dims) {
            actors.push(ActorInput { name, stances });
        }
    }
    if errors.is_empty() && rows.len() - 2 != n_actors {
        let span = field_span(file.text(), rows[0].start, 2);
        errors.push(
            Diagnostic::error(
                "bargain::count",
                format!(
                    "line 1 announces {n_actors} actors but the file has {}",
                    rows.len() - 2
                ),
            )
            .at(span, "the number of actors")
            .help("make the count match the actor rows")
            .in_file(file),
        );
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Scenario {
        name,
        issues,
        actors,
    })
}

/// Loads a DEU-style long CSV, `issue_id,actor,position,salience`: one issue per distinct id
/// (in order of first appearance), scale 0–100, every capability 1. A blank position means the
/// actor took no position on that issue; a blank salience next to a position means salience 0.
pub fn load_deu_long_csv(file: &SourceFile, limits: &Limits) -> Result<Scenario, Vec<Diagnostic>> {
    let rows = rows(file)?;
    let header = rows.first().map(|r| &r.record);
    let cols = header.map(|h| {
        (
            column(h, |c| c == "issue_id"),
            column(h, |c| c == "actor"),
            column(h, |c| c == "position"),
            column(h, |c| c == "salience"),
        )
    });
    let Some((Some(ic), Some(ac), Some(pc), Some(sc))) = cols else {
        return Err(header_error(
            file,
            0,
            "the header lacks one of the columns issue_id, actor, position, salience".into(),
            "name the columns `issue_id,actor,position,salience`",
        ));
    };
    let mut errors = Vec::new();
    let mut issues: Vec<IssueScale> = Vec::new();
    let mut actors: Vec<ActorInput> = Vec::new();
    let mut issue_of = std::collections::HashMap::new();
    let mut actor_of = std::collections::HashMap::new();
    for row in &rows[1..] {
        let mut f = Fields {
            file,
            row,
            errors: &mut errors,
        };
        let (Some(issue), Some(actor)) = (f.text(ic, "issue id"), f.text(ac, "actor")) else {
            continue;
        };
        let k = *issue_of.entry(issue.clone()).or_insert_with(|| {
            issues.push(IssueScale {
                id: issue.clone(),
                low: 0.0,
                high: 100.0,
                low_label: "0".into(),
                high_label: "100".into(),
            });
            issues.len() - 1
        });
        // DEU leaves the position blank when an actor took none: it has no stance.
        if row.record.get(pc).is_none_or(str::is_empty) {
            continue;
        }
        let x = f.number(pc, "position", 0.0, 100.0);
        // A position recorded without a salience weighs nothing (salience 0) but still counts
        // as a voice in unweighted statistics, as in the DEU baselines.
        let s = match row.record.get(sc) {
            None | Some("") => Some(0.0),
            Some(_) => f.number(sc, "salience", 0.0, 100.0),
        };
        let (Some(x), Some(s)) = (x, s) else { continue };
        let a = match actor_of.get(&actor) {
            Some(&a) => a,
            None if actors.len() == limits.most_actors() => {
                let span = field_span(file.text(), row.start, ac);
                let n = format!("more than {} actors", actors.len());
                return Err(vec![limits.too_many_actors(file, span, &n)]);
            }
            None => {
                actors.push(ActorInput {
                    name: actor.clone(),
                    stances: Vec::new(),
                });
                actor_of.insert(actor, actors.len() - 1);
                actors.len() - 1
            }
        };
        let stances = &mut actors[a].stances;
        if stances.len() <= k {
            stances.resize(k + 1, None);
        }
        stances[k] = Some(StanceInput {
            position: exact(x),
            salience: exact(s),
            capability: exact(1.0),
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    for a in &mut actors {
        a.stances.resize(issues.len(), None);
    }
    Ok(Scenario {
        name: file.name().to_owned(),
        issues,
        actors,
    })
}

/// Recorded outcomes of a DEU issue table (`issue_id,…,outcome,…`): each issue id with its
/// outcome, `None` where the outcome is blank (unknown).
pub fn load_outcomes(file: &SourceFile) -> Result<Vec<(String, Option<f64>)>, Vec<Diagnostic>> {
    let rows = rows(file)?;
    let header = rows.first().map(|r| &r.record);
    let cols = header.map(|h| {
        (
            column(h, |c| c == "issue_id"),
            column(h, |c| c == "outcome"),
        )
    });
    let Some((Some(ic), Some(oc))) = cols else {
        return Err(header_error(
            file,
            0,
            "the header lacks the column issue_id or outcome".into(),
            "name the columns `issue_id` and `outcome`",
        ));
    };
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for row in &rows[1..] {
        let mut f = Fields {
            file,
            row,
            errors: &mut errors,
        };
        let Some(id) = f.text(ic, "issue id") else {
            continue;
        };
        let outcome = match row.record.get(oc) {
            None | Some("") => None,
            Some(_) => f.number(oc, "outcome", 0.0, 100.0),
        };
        out.push((id, outcome));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
#[path = "loaders_tests.rs"]
pub(crate) mod tests;
