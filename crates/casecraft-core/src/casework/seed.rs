//! Deterministic synthetic casework for demos and benchmarks: realistic in
//! shape, invented in content (names are drawn from common first names and
//! surnames at random; no record describes a real person).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::casework::action::NewAction;
use crate::casework::case::NewCase;
use crate::casework::cowork::{CoworkKind, NewCoworkNote};
use crate::casework::entry::{EntryKind, NewEntry};
use crate::casework::person::NewPerson;
use crate::casework::reflection::{Model, NewReflection, PcfDomain, Visibility};

/// What to generate.
#[derive(Debug, Clone)]
pub struct SeedOptions {
    /// Number of cases.
    pub cases: u32,
    /// Number of chronology entries, spread over the cases.
    pub entries: u32,
    /// Number of reflections.
    pub reflections: u32,
    /// Number of co-working notes.
    pub cowork_notes: u32,
    /// The random seed: the same seed gives the same content.
    pub seed: u64,
    /// The day the data is laid out back from (so the caseload looks live).
    pub anchor: NaiveDate,
}

/// What was generated.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SeedReport {
    /// Cases made.
    pub cases: u64,
    /// People made (subjects included).
    pub people: u64,
    /// Entries made.
    pub entries: u64,
    /// Reflections made.
    pub reflections: u64,
    /// Co-working notes made.
    pub cowork_notes: u64,
    /// Actions made.
    pub actions: u64,
}

/// One case's worth of generated records.
#[derive(Debug)]
pub(crate) struct CasePlan {
    pub case: NewCase,
    pub people: Vec<NewPerson>,
    /// Entries, with whether each is completed.
    pub entries: Vec<(NewEntry, bool)>,
    pub actions: Vec<(NewAction, bool)>,
    pub reflections: Vec<NewReflection>,
    pub cowork: Vec<NewCoworkNote>,
}

const FIRST: &[&str] = &[
    "Amelia", "Oliver", "Isla", "Noah", "Ava", "Leo", "Mia", "Arthur", "Ivy", "Oscar", "Freya",
    "Theo", "Lily", "Harry", "Grace", "Jack", "Sofia", "Muhammad", "Rosie", "Alfie", "Zara", "Kai",
    "Maya", "Ethan", "Aisha", "Jayden", "Chloe", "Tomasz", "Amira", "Callum", "Niamh", "Dylan",
    "Priya", "Reuben", "Skye", "Kwame",
];
const LAST: &[&str] = &[
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel",
    "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall",
    "Khan", "Lewis", "Harris", "Clarke", "Kowalski", "Okafor", "Murphy", "Hughes", "Begum",
    "Nowak", "Campbell", "Ahmed",
];
const RELATIONS: &[(&str, Option<&str>)] = &[
    ("mother", None),
    ("father", None),
    ("stepfather", None),
    ("grandmother", None),
    ("older sibling", None),
    ("younger sibling", None),
    ("aunt", None),
    ("class teacher", Some("Riverside Primary School")),
    ("GP", Some("Eastfield Medical Centre")),
    ("health visitor", Some("Community Health Team")),
    ("family support worker", Some("Early Help Service")),
    ("youth worker", Some("Northgate Youth Project")),
    ("school nurse", Some("School Health Service")),
];
const TOWNS: &[&str] = &[
    "Eastfield",
    "Northgate",
    "Riverside",
    "Millbrook",
    "Ashford Green",
    "Kingsmead",
];
const FLAGS: &[&str] = &[
    "safeguarding",
    "lone-working-risk",
    "interpreter-needed",
    "domestic-abuse",
    "child-protection-plan",
];
const TAGS: &[&str] = &[
    "early-help",
    "child-in-need",
    "looked-after",
    "adult-care",
    "transition",
    "court",
];
const PURPOSES: &[&str] = &[
    "Statutory visit",
    "Follow-up after school concern",
    "Review of the support plan",
    "Check on wellbeing after the hospital appointment",
    "Discuss housing situation",
    "Direct work with the child",
    "Core group meeting",
    "Plan for the review conference",
    "Check on progress with the agreed actions",
];
const HAPPENED: &[&str] = &[
    "{p} answered the door and invited me in; the home was warm and tidy.",
    "{s} was at home and agreed to talk with me in the kitchen.",
    "We talked about how the last week had gone at school.",
    "{p} said money has been tight since the benefit change and the electricity meter ran out twice.",
    "{s} showed me their room and the drawings they had made this week.",
    "The school reported two late arrivals and one absence without explanation.",
    "We went through the support plan together and agreed what is going well.",
    "{p} was tearful when talking about the housing letter and asked for help to respond.",
    "{s} was quiet at first but relaxed once we started the activity.",
    "There was no food in the fridge; {p} said shopping was due tomorrow.",
    "The health visitor confirmed the appointment was attended.",
    "I explained my role again and what happens next, and checked it was understood.",
];
const VOICE: &[&str] = &[
    "\"I like it when my nan picks me up from school.\"",
    "\"Mum gets sad sometimes but she's trying.\"",
    "\"I don't want to move again.\"",
    "\"Things are better since the support started.\"",
    "\"I just want people to listen to me.\"",
    "\"I'm scared when they shout.\"",
];
const ANALYSIS: &[&str] = &[
    "Progress is real but fragile; the family's resilience rests on the grandmother's support.",
    "The pattern of absences is a concern when set against last month's chronology.",
    "The child's own account is consistent with what school describes.",
    "Financial pressure is the main driver of stress in the household at present.",
    "Protective factors remain: a warm relationship with the child and engagement with services.",
];
const ACTIONS: &[&str] = &[
    "Call school about attendance",
    "Refer to the food bank",
    "Book the review meeting",
    "Write up the assessment",
    "Check the housing application",
    "Arrange direct work session",
    "Send the plan to the family",
];
const REFLECT: &[&str] = &[
    "I noticed I wanted to rescue the situation rather than listen.",
    "The visit went better than I expected because I slowed down.",
    "I felt anxious before the visit and that shaped how I opened the conversation.",
    "Supervision helped me see the pattern across the chronology.",
    "Next time I will ask the child first, before the adults.",
    "Attachment theory helps explain why the transitions are so hard.",
];

/// The generator: a seeded random stream producing case plans.
#[derive(Debug)]
pub(crate) struct Generator {
    rng: ChaCha8Rng,
    options: SeedOptions,
    case_index: u32,
}

impl Generator {
    pub(crate) fn new(options: SeedOptions) -> Self {
        Generator {
            rng: ChaCha8Rng::seed_from_u64(options.seed),
            options,
            case_index: 0,
        }
    }

    /// The next case's plan, or `None` when every case is made.
    pub(crate) fn next_case(&mut self) -> Option<CasePlan> {
        let o = self.options.clone();
        if self.case_index >= o.cases {
            return None;
        }
        let share = |total: u32, i: u32| total / o.cases + u32::from(i < total % o.cases);
        let i = self.case_index;
        self.case_index += 1;
        let rng = &mut self.rng;
        let surname = *LAST.choose(rng).unwrap_or(&"Smith");
        let subject = format!("{} {surname}", FIRST.choose(rng).unwrap_or(&"Sam"));
        let parent = format!("{} {surname}", FIRST.choose(rng).unwrap_or(&"Alex"));
        let opened = o.anchor - Duration::days(rng.random_range(30..900));
        let life_days = (o.anchor - opened).num_days().max(1);
        let town = *TOWNS.choose(rng).unwrap_or(&"Eastfield");
        let mut flags = Vec::new();
        if rng.random_bool(0.3) {
            flags.push(FLAGS.choose(rng).unwrap_or(&"safeguarding").to_string());
        }
        let case = NewCase {
            subject: subject.clone(),
            reference: Some(format!("CC-{:05}", 10_000 + i)),
            summary: Some(format!(
                "{subject} lives with family in {town}. Referred for support with {}.\n\nWork focuses on **stability at home** and school attendance.",
                ["school attendance", "housing", "parental mental health", "neglect concerns", "transition to adult services"]
                    .choose(rng)
                    .unwrap_or(&"support")
            )),
            flags,
            tags: vec![TAGS.choose(rng).unwrap_or(&"early-help").to_string()],
            opened_on: Some(opened),
        };
        let mut people = vec![NewPerson {
            name: parent.clone(),
            relationship: "mother".into(),
            household: Some(format!("{surname} household, {town}")),
            ..Default::default()
        }];
        for _ in 0..rng.random_range(1..5) {
            let (rel, agency) = *RELATIONS.choose(rng).unwrap_or(&("aunt", None));
            let name = format!(
                "{} {}",
                FIRST.choose(rng).unwrap_or(&"Sam"),
                LAST.choose(rng).unwrap_or(&"Lee")
            );
            people.push(NewPerson {
                name,
                relationship: rel.into(),
                household: agency
                    .is_none()
                    .then(|| format!("{surname} household, {town}")),
                agency: agency.map(str::to_string),
                ..Default::default()
            });
        }
        let fill = |t: &str| t.replace("{p}", &parent).replace("{s}", &subject);
        let n_entries = share(o.entries, i);
        let mut entries = Vec::with_capacity(usize::try_from(n_entries).unwrap_or(0));
        for k in 0..n_entries {
            let kind = weighted_kind(rng);
            let day =
                opened + Duration::days(life_days * i64::from(k + 1) / i64::from(n_entries + 1));
            let minutes = rng.random_range(8 * 60..18 * 60);
            let at: DateTime<Utc> = day
                .and_hms_opt(0, 0, 0)
                .map(|t| t.and_utc())
                .unwrap_or_default()
                + Duration::minutes(minutes);
            let mut body = String::new();
            for _ in 0..rng.random_range(3..7) {
                body.push_str(&fill(HAPPENED.choose(rng).unwrap_or(&"")));
                body.push(' ');
            }
            let mut e = NewEntry::new(kind);
            e.occurred_at = Some(at);
            e.duration_minutes = matches!(
                kind,
                EntryKind::HomeVisit | EntryKind::OfficeVisit | EntryKind::Meeting
            )
            .then(|| rng.random_range(20..120));
            e.location = (kind == EntryKind::HomeVisit).then(|| format!("Family home, {town}"));
            e.participants = vec![subject.clone(), parent.clone()];
            e.purpose = Some(PURPOSES.choose(rng).unwrap_or(&"Visit").to_string());
            e.body = body.trim_end().to_string();
            if kind.is_direct_contact() && rng.random_bool(0.6) {
                e.voice = VOICE.choose(rng).unwrap_or(&"").to_string();
            }
            if rng.random_bool(0.5) {
                e.analysis = ANALYSIS.choose(rng).unwrap_or(&"").to_string();
            }
            e.significant = kind == EntryKind::SignificantEvent || rng.random_bool(0.03);
            let completed = k + 1 < n_entries || rng.random_bool(0.7);
            entries.push((e, completed));
        }
        let mut actions = Vec::new();
        for _ in 0..rng.random_range(0..4) {
            let due = o.anchor + Duration::days(rng.random_range(-20..30));
            actions.push((
                NewAction {
                    text: ACTIONS.choose(rng).unwrap_or(&"Follow up").to_string(),
                    owner: None,
                    due_on: Some(due),
                },
                rng.random_bool(0.3),
            ));
        }
        let mut reflections = Vec::new();
        for _ in 0..share(o.reflections, i) {
            let model = *Model::ALL.choose(rng).unwrap_or(&Model::Free);
            let mut r = NewReflection::new(model);
            r.occurred_on = Some(opened + Duration::days(rng.random_range(0..life_days)));
            r.case_id = None; // linked by the store to this case
            r.pcf = (0..rng.random_range(1..4))
                .filter_map(|_| PcfDomain::ALL.choose(rng).copied())
                .collect();
            r.visibility = Visibility::Private;
            r.sections = model
                .sections()
                .iter()
                .map(|s| {
                    (
                        s.key.to_string(),
                        REFLECT.choose(rng).unwrap_or(&"").to_string(),
                    )
                })
                .collect();
            reflections.push(r);
        }
        let mut cowork = Vec::new();
        for _ in 0..share(o.cowork_notes, i) {
            cowork.push(NewCoworkNote {
                kind: *CoworkKind::ALL
                    .choose(rng)
                    .unwrap_or(&CoworkKind::Discussion),
                body: format!(
                    "{} {}",
                    [
                        "Joint visit planned for Thursday.",
                        "Handing over while I am on leave.",
                        "Discussed the school's view.",
                        "I see the risk differently:"
                    ]
                    .choose(rng)
                    .unwrap_or(&""),
                    fill(HAPPENED.choose(rng).unwrap_or(&""))
                ),
                reply_to: None,
            });
        }
        Some(CasePlan {
            case,
            people,
            entries,
            actions,
            reflections,
            cowork,
        })
    }
}

fn weighted_kind(rng: &mut ChaCha8Rng) -> EntryKind {
    match rng.random_range(0..100) {
        0..30 => EntryKind::HomeVisit,
        30..50 => EntryKind::PhoneCall,
        50..60 => EntryKind::OfficeVisit,
        60..75 => EntryKind::Meeting,
        75..85 => EntryKind::Message,
        85..95 => EntryKind::CaseNote,
        _ => EntryKind::SignificantEvent,
    }
}
