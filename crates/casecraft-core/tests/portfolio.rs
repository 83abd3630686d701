//! A student's placement on a real store: the day log (one entry a day), direct observations, the
//! portfolio (evidence counted by PCF domain, reflections grouped by domain, supervision without
//! its wellbeing section) and the CPD record (each model's sections answering the form's
//! questions, peer reflections flagged); bad input refused with nothing written; byte-stable.
#![allow(clippy::unwrap_used)]

mod common;

use casecraft_core::casework::placement::{NewObservation, NewPlacement, NewPlacementDay};
use casecraft_core::casework::reflection::{Model, NewReflection, PcfDomain};
use casecraft_core::casework::supervision::NewSupervision;
use casecraft_core::documents::portfolio::{cpd_entries, cpd_markdown};
use casecraft_core::{ErrorKind, Id};
use chrono::NaiveDate;

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

#[test]
fn a_placement_becomes_a_portfolio_and_a_cpd_record() {
    let (_dir, mut store) = common::practitioner();
    let placement = store
        .create_placement(NewPlacement {
            setting: "Leeds Children's Services, Team North".into(),
            educator: "Priya Shah".into(),
            started_on: Some(day(9, 7)),
            required_days: 70,
        })
        .unwrap();
    for (d, pcf) in [
        (8, vec![PcfDomain::Knowledge]),
        (9, vec![PcfDomain::Knowledge, PcfDomain::ValuesAndEthics]),
    ] {
        store
            .log_placement_day(
                placement.id,
                NewPlacementDay {
                    day: Some(day(9, d)),
                    activities: "Shadowed a home visit; read the case file.".into(),
                    pcf,
                },
            )
            .unwrap();
    }
    // One entry a day.
    let again = store
        .log_placement_day(
            placement.id,
            NewPlacementDay {
                day: Some(day(9, 8)),
                activities: "Again".into(),
                pcf: vec![],
            },
        )
        .unwrap_err();
    assert_eq!(again.kind(), ErrorKind::Refused, "{again}");
    store
        .add_observation(
            placement.id,
            NewObservation {
                observed_on: Some(day(10, 2)),
                observer: "Priya Shah".into(),
                activity: "Home visit with a family of four".into(),
                feedback: "Warm, clear about the purpose; next time check understanding.".into(),
                pcf: vec![PcfDomain::SkillsAndInterventions],
            },
        )
        .unwrap();
    let mut gibbs = NewReflection::new(Model::Gibbs);
    gibbs.title = Some("My first home visit".into());
    gibbs.occurred_on = Some(day(9, 9));
    gibbs.pcf = vec![PcfDomain::Knowledge, PcfDomain::CriticalReflection];
    gibbs.tags = vec!["peer-reflection".into()];
    gibbs.sections = vec![
        ("description".into(), "Visited with my educator.".into()),
        (
            "conclusion".into(),
            "I learned to listen before asking.".into(),
        ),
        (
            "action-plan".into(),
            "I will plan my opening questions.".into(),
        ),
    ];
    store.create_reflection(gibbs).unwrap();
    let mut free = NewReflection::new(Model::Free);
    free.title = Some("Thinking about power".into());
    free.occurred_on = Some(day(9, 20));
    free.sections = vec![("body".into(), "Whose voice is in the plan?".into())];
    store.create_reflection(free).unwrap();
    store
        .create_supervision(NewSupervision {
            supervisor: "Priya Shah".into(),
            occurred_on: Some(day(9, 25)),
            wellbeing: Some("Nervous about court; secret-word-marigold".into()),
            ..Default::default()
        })
        .unwrap();

    let placement = store.placement(placement.id).unwrap();
    assert_eq!(placement.days_logged, 2);
    let portfolio = store.portfolio(day(11, 1)).unwrap();
    let evidence = portfolio.evidence();
    assert_eq!(evidence.len(), 9, "all nine domains, even without evidence");
    let knowledge = evidence
        .iter()
        .find(|e| e.domain == PcfDomain::Knowledge)
        .unwrap();
    assert_eq!(
        (
            knowledge.reflections,
            knowledge.observations,
            knowledge.days
        ),
        (1, 0, 2)
    );
    let skills = evidence
        .iter()
        .find(|e| e.domain == PcfDomain::SkillsAndInterventions)
        .unwrap();
    assert_eq!(skills.observations, 1);

    let md = portfolio.to_markdown();
    assert!(
        md.starts_with("# Practice portfolio: Sam Practitioner"),
        "{md}"
    );
    assert!(md.contains("2 of 70 days logged"), "{md}");
    assert!(
        md.contains(&format!("| {} | 1 | 0 | 2 |", PcfDomain::Knowledge.title())),
        "{md}"
    );
    assert!(md.contains("My first home visit (gibbs)"), "{md}");
    assert!(md.contains("### Not yet tagged with a domain"), "{md}");
    assert!(
        md.contains("Home visit with a family of four (observed by Priya Shah)"),
        "{md}"
    );
    assert!(md.contains("with Priya Shah"), "{md}");
    assert!(md.contains("No evidence yet for:"), "{md}");
    assert!(
        !md.contains("marigold"),
        "the wellbeing section is never in a portfolio"
    );
    assert_eq!(
        md,
        store.portfolio(day(11, 1)).unwrap().to_markdown(),
        "byte-stable"
    );
    let html = portfolio.to_html();
    assert!(html.contains("<table>") && !html.contains("marigold"));

    let cpd = cpd_entries(&portfolio.reflections);
    assert_eq!(cpd.len(), 2);
    assert_eq!(cpd[0].activity, "Visited with my educator.");
    assert_eq!(cpd[0].learning, "I learned to listen before asking.");
    assert_eq!(cpd[0].impact, "I will plan my opening questions.");
    assert!(cpd[0].peer_reflection);
    assert_eq!(cpd[1].learning, "Whose voice is in the plan?");
    assert!(!cpd[1].peer_reflection);
    let text = cpd_markdown(&cpd);
    assert!(
        text.contains("2 entries, 1 of them peer reflection."),
        "{text}"
    );
    assert!(
        text.contains("**How has it had an impact on your practice?**\n\n_Not written yet._"),
        "{text}"
    );
}

#[test]
fn bad_placement_input_is_refused_and_writes_nothing() {
    let (_dir, mut store) = common::practitioner();
    let before = store.op_count().unwrap();
    let no_setting = store
        .create_placement(NewPlacement {
            educator: "Priya Shah".into(),
            required_days: 70,
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(no_setting.field(), Some("setting"));
    let no_days = store
        .create_placement(NewPlacement {
            setting: "Team North".into(),
            educator: "Priya Shah".into(),
            required_days: 0,
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(no_days.field(), Some("days"));
    let unknown = store
        .log_placement_day(
            Id::new(),
            NewPlacementDay {
                activities: "Something".into(),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(unknown.kind(), ErrorKind::NotFound);
    assert_eq!(store.op_count().unwrap(), before);
    assert_eq!(
        store.placement_or_latest(None).unwrap_err().kind(),
        ErrorKind::Refused
    );
}

#[test]
fn a_placement_is_corrected_and_a_bad_correction_changes_nothing() {
    use casecraft_core::casework::placement::PlacementEdit;
    let (_dir, mut store) = common::practitioner();
    let p = store
        .create_placement(NewPlacement {
            setting: "Team Nroth".into(),
            educator: "Priya Shah".into(),
            started_on: Some(day(9, 7)),
            required_days: 70,
        })
        .unwrap();
    let fixed = store
        .edit_placement(
            p.id,
            PlacementEdit {
                setting: Some("Team North".into()),
                required_days: Some(100),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(
        (fixed.setting.as_str(), fixed.required_days),
        ("Team North", 100)
    );
    assert_eq!(fixed.educator, "Priya Shah");
    let before = store.op_count().unwrap();
    let err = store
        .edit_placement(
            p.id,
            PlacementEdit {
                setting: Some("Fine".into()),
                required_days: Some(0),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(err.field(), Some("days"));
    assert_eq!(store.op_count().unwrap(), before);
    assert_eq!(store.placement(p.id).unwrap().setting, "Team North");
}

#[test]
fn a_placement_and_its_evidence_reach_the_students_other_device() {
    use casecraft_core::casework::profile::{NewProfile, Role};
    use casecraft_core::sync::folder;
    let (_dir, mut laptop) = common::practitioner();
    let placement = laptop
        .create_placement(NewPlacement {
            setting: "Team North".into(),
            educator: "Priya Shah".into(),
            started_on: Some(day(9, 7)),
            required_days: 100,
        })
        .unwrap();
    laptop
        .log_placement_day(
            placement.id,
            NewPlacementDay {
                day: Some(day(9, 8)),
                activities: "Duty desk.".into(),
                pcf: vec![PcfDomain::ContextsAndOrganisations],
            },
        )
        .unwrap();
    let shared = tempfile::tempdir().unwrap();
    folder::init(&mut laptop, shared.path(), "sync passphrase nine").unwrap();
    folder::run(&mut laptop).unwrap();
    let office_dir = tempfile::tempdir().unwrap();
    let mut office = casecraft_core::Store::open_dir(office_dir.path()).unwrap();
    office
        .init_profile(NewProfile {
            display_name: "Sam Practitioner".into(),
            role: Role::Student,
        })
        .unwrap();
    folder::join(&mut office, shared.path(), "sync passphrase nine").unwrap();
    folder::run(&mut office).unwrap();
    let there = office.placement(placement.id).unwrap();
    assert_eq!(
        (there.setting.as_str(), there.days_logged),
        ("Team North", 1)
    );
    assert_eq!(
        office.placement_days(placement.id).unwrap()[0].activities,
        "Duty desk."
    );
    // Deleted on the office desktop, gone from the laptop after both sync.
    office.move_to_trash(placement.id).unwrap();
    folder::run(&mut office).unwrap();
    folder::run(&mut laptop).unwrap();
    assert!(laptop.placements().unwrap().is_empty());
}

#[test]
fn a_logged_day_and_an_observation_are_corrected_and_a_bad_correction_changes_nothing() {
    use casecraft_core::casework::placement::{ObservationEdit, PlacementDayEdit};
    let (_dir, mut store) = common::practitioner();
    let p = store
        .create_placement(NewPlacement {
            setting: "Team North".into(),
            educator: "Priya Shah".into(),
            started_on: Some(day(9, 7)),
            required_days: 70,
        })
        .unwrap();
    let log = |store: &mut casecraft_core::Store, d: NaiveDate, text: &str| {
        store
            .log_placement_day(
                p.id,
                NewPlacementDay {
                    day: Some(d),
                    activities: text.into(),
                    pcf: vec![PcfDomain::Professionalism],
                },
            )
            .unwrap()
    };
    log(&mut store, day(9, 8), "Duty desk.");
    let second = log(&mut store, day(9, 10), "Home vist with Priya.");

    let fixed = store
        .edit_placement_day(
            second.id,
            PlacementDayEdit {
                day: Some(day(9, 9)),
                activities: Some("Home visit with Priya.".into()),
                pcf: Some(vec![
                    PcfDomain::SkillsAndInterventions,
                    PcfDomain::SkillsAndInterventions,
                ]),
            },
        )
        .unwrap();
    assert_eq!(fixed.day, day(9, 9));
    assert_eq!(fixed.activities, "Home visit with Priya.");
    assert_eq!(fixed.pcf, [PcfDomain::SkillsAndInterventions]);
    let portfolio = store.portfolio(day(11, 1)).unwrap();
    assert_eq!(portfolio.placements[0].days_logged, 2);
    let days = |domain: PcfDomain| {
        portfolio
            .evidence()
            .iter()
            .find(|e| e.domain == domain)
            .map(|e| e.days)
    };
    assert_eq!(days(PcfDomain::SkillsAndInterventions), Some(1));
    assert_eq!(days(PcfDomain::Professionalism), Some(1));

    // Moving a day onto one already logged, or emptying what was done: refused, nothing written.
    let before = store.op_count().unwrap();
    let clash = store
        .edit_placement_day(
            second.id,
            PlacementDayEdit {
                day: Some(day(9, 8)),
                activities: Some("Something else.".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(clash.kind(), ErrorKind::Refused);
    assert!(
        clash.to_string().contains("already in the day log"),
        "{clash}"
    );
    let empty = store
        .edit_placement_day(
            second.id,
            PlacementDayEdit {
                activities: Some(" ".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(empty.field(), Some("activities"));
    assert_eq!(store.op_count().unwrap(), before);
    assert_eq!(
        store.placement_day(second.id).unwrap().activities,
        "Home visit with Priya."
    );

    let o = store
        .add_observation(
            p.id,
            NewObservation {
                observed_on: Some(day(10, 2)),
                observer: "Priya Sha".into(),
                activity: "Carer's assesment".into(),
                feedback: "Warm and clear.".into(),
                pcf: vec![],
            },
        )
        .unwrap();
    let fixed = store
        .edit_observation(
            o.id,
            ObservationEdit {
                observer: Some("Priya Shah".into()),
                activity: Some("Carer's assessment".into()),
                feedback: Some("Warm and clear; check understanding at the end.".into()),
                pcf: Some(vec![PcfDomain::SkillsAndInterventions]),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(
        (
            fixed.observer.as_str(),
            fixed.activity.as_str(),
            fixed.observed_on
        ),
        ("Priya Shah", "Carer's assessment", day(10, 2))
    );
    assert_eq!(
        fixed.feedback,
        "Warm and clear; check understanding at the end."
    );
    assert_eq!(fixed.pcf, [PcfDomain::SkillsAndInterventions]);
    let before = store.op_count().unwrap();
    let err = store
        .edit_observation(
            o.id,
            ObservationEdit {
                feedback: Some("Changed".into()),
                observer: Some("".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(err.field(), Some("observer"));
    assert_eq!(store.op_count().unwrap(), before);

    // Once the placement is in the trash, its evidence is not found to correct.
    store.move_to_trash(p.id).unwrap();
    assert_eq!(
        store
            .edit_observation(o.id, ObservationEdit::default())
            .unwrap_err()
            .kind(),
        ErrorKind::NotFound
    );
    assert_eq!(
        store
            .edit_placement_day(second.id, PlacementDayEdit::default())
            .unwrap_err()
            .kind(),
        ErrorKind::NotFound
    );
}
