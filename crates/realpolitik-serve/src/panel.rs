//! The scenario panel, as Mental Modeler users know it: hold any factors at chosen states
//! (and, if wanted, fire a trigger), and see each outcome's change against the status quo, with
//! its 90 % interval over the Monte Carlo draws of the uncertain weights. The scenario is the
//! status quo with the factors held as the panel says (so holding nothing changes nothing),
//! added to the model as one more option and run by the same paired draws as the briefing's
//! options ([`realpolitik::briefing::effects::option_effects`]).

use realpolitik::briefing::effects::option_effects;
use realpolitik::progress::NoProgress;
use serde::{Deserialize, Serialize};

use crate::edit::{Clamp, Edit, ScenarioKind};
use crate::workbench::Workbench;

/// The id of the panel's option in the text it analyses (never written to the file).
const PANEL: &str = "workbench_scenario_panel";

/// What the panel asks.
#[derive(Clone, Debug, Deserialize)]
pub struct PanelRequest {
    /// The model's text as the page holds it.
    pub text: String,
    /// The factors held, each at a state.
    pub clamps: Vec<Clamp>,
    /// The trigger that has fired, if any.
    #[serde(default)]
    pub trigger: Option<String>,
    /// Monte Carlo draws (default: the page's quick draws).
    #[serde(default)]
    pub draws: Option<usize>,
}

/// One outcome's change against the status quo.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct PanelOutcome {
    /// The outcome's id.
    pub factor: String,
    /// Its label.
    pub label: String,
    /// Median change, in points (1 % of the outcome's range).
    pub median: f64,
    /// 5th percentile.
    pub q05: f64,
    /// 95th percentile.
    pub q95: f64,
}

/// Runs the panel's scenario; `Err` says why it cannot (the text is invalid, a clamp names a
/// state the factor does not have, the model has no status quo to compare with).
pub fn run(workbench: &Workbench, request: &PanelRequest) -> Result<Vec<PanelOutcome>, String> {
    let opened = workbench.opened();
    let add = Edit::AddScenario {
        scenario: ScenarioKind::Option,
        id: PANEL.to_owned(),
        name: "Scenario panel".to_owned(),
        status_quo: false,
        clamp: request.clamps.clone(),
    };
    let text = opened.edit(&request.text, &add)?;
    let mut loaded = opened
        .load(&text)
        .map_err(|_| "the model has errors: fix them first".to_owned())?;
    let model = &mut loaded.model;
    let Some(status_quo) = model.status_quo().map(|s| s.clamps.clone()) else {
        return Err("the model has no status quo (status_quo = true) to compare with".into());
    };
    let panel = model
        .options
        .iter_mut()
        .find(|o| o.id == PANEL)
        .ok_or_else(|| "the scenario was not added".to_owned())?;
    for clamp in status_quo {
        if !panel.clamps.iter().any(|c| c.factor == clamp.factor) {
            panel.clamps.push(clamp);
        }
    }
    let model = &loaded.model;
    if let Some(t) = &request.trigger
        && !model.triggers.iter().any(|x| &x.id == t)
    {
        return Err(format!("no trigger {t:?} in the model"));
    }
    let analysis = workbench.request(Some(request.draws.unwrap_or(crate::api::QUICK_DRAWS)));
    if let Some(why) = analysis.defect() {
        return Err(format!("draws {}: {why}", analysis.draws));
    }
    let settings = analysis.settings();
    let effects = workbench.exclusively(|| {
        option_effects(
            model,
            &settings.fcm,
            settings.draws,
            settings.seed,
            &NoProgress,
        )
    });
    let ours = effects
        .iter()
        .find(|e| e.option == PANEL && e.trigger == request.trigger)
        .ok_or_else(|| "the scenario was not run".to_owned())?;
    Ok(ours
        .outcomes
        .iter()
        .map(|o| PanelOutcome {
            factor: o.factor.clone(),
            label: o.label.clone(),
            median: o.effect.median,
            q05: o.effect.q05,
            q95: o.effect.q95,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use realpolitik::templates::Template;

    fn workbench() -> Workbench {
        Workbench::open(None, Default::default()).unwrap()
    }

    fn request(clamps: &[(&str, &str)], trigger: Option<&str>) -> PanelRequest {
        PanelRequest {
            text: Template::Fcm.text().to_owned(),
            clamps: clamps
                .iter()
                .map(|(f, s)| Clamp {
                    factor: (*f).to_owned(),
                    state: (*s).to_owned(),
                })
                .collect(),
            trigger: trigger.map(str::to_owned),
            draws: Some(200),
        }
    }

    #[test]
    fn the_panel_equals_the_option_it_describes() {
        // Holding the charge on is what the template's option `charge_now` does: the panel
        // gives the briefing's numbers for it, draw for draw (the same seed and draws).
        let w = workbench();
        let panel = run(&w, &request(&[("charge", "charged")], None)).unwrap();
        let loaded = w.opened().load(Template::Fcm.text()).unwrap();
        let s = w.request(Some(200)).settings();
        let effects = option_effects(&loaded.model, &s.fcm, 200, s.seed, &NoProgress);
        let option = effects
            .iter()
            .find(|e| e.option == "charge_now" && e.trigger.is_none())
            .unwrap();
        assert_eq!(panel.len(), 2);
        for (p, o) in panel.iter().zip(&option.outcomes) {
            assert_eq!(p.factor, o.factor);
            assert_eq!(
                (p.median, p.q05, p.q95),
                (o.effect.median, o.effect.q05, o.effect.q95)
            );
        }
        // Fewer car trips clean the air and cost the shops, as the template's links say.
        let air = &panel[0];
        assert_eq!(air.factor, "air_quality");
        assert!(air.q05 > 0.0, "{air:?}");
        assert!(panel[1].q95 < 0.0, "{:?}", panel[1]);
    }

    #[test]
    fn holding_nothing_changes_nothing_and_bad_requests_say_why() {
        let w = workbench();
        for o in run(&w, &request(&[], None)).unwrap() {
            assert_eq!((o.median, o.q05, o.q95), (0.0, 0.0, 0.0), "{o:?}");
        }
        let e = run(&w, &request(&[("charge", "sky_high")], None)).unwrap_err();
        assert!(e.starts_with("the edit was not made"), "{e}");
        let e = run(&w, &request(&[], Some("nothing"))).unwrap_err();
        assert!(e.contains("no trigger"), "{e}");
    }
}
