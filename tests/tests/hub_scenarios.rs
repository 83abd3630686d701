//! Colleagues co-working through a team hub, over the real binaries: a PostgreSQL cluster, the
//! `casecraft-hub` gateway on it (HTTPS, its self-signed certificate pinned by the invitation
//! code), and each worker's device a `casecraft` data folder. Sharing, co-working the same note
//! offline on both sides, what never leaves a worker, removal from a case, a revoked device, a
//! transfer, and a worker with a folder too.

use casecraft_e2e::hub::Hub;
use casecraft_e2e::Device;

fn export(d: &Device, case: &str) -> serde_json::Value {
    serde_json::from_str(&d.ok(&["export", "case", case, "--format", "json"])).expect("JSON")
}

/// A worker's device, joined to the hub with a fresh invitation.
fn worker(hub: &Hub, home: &std::path::Path, name: &str, role: &str) -> Device {
    hub.device(&home.join(name.replace(' ', "-")), name, role)
}

#[test]
fn colleagues_share_a_case_co_work_it_offline_and_private_work_never_reaches_the_hub() {
    let home = tempfile::tempdir().expect("temp dir");
    let hub = Hub::start("North locality");
    let ana = worker(&hub, home.path(), "Ana Silva", "practitioner");
    let ben = worker(&hub, home.path(), "Ben Okafor", "practitioner");
    let sue = worker(&hub, home.path(), "Sue Park", "supervisor");

    let case = ana.ok(&[
        "case",
        "new",
        "--subject",
        "Amelia Hughes",
        "--summary",
        "Referral from school.",
    ]);
    ana.ok(&[
        "person",
        "add",
        &case,
        "--name",
        "Rosie Hughes",
        "--relationship",
        "mother",
    ]);
    // A visit still in draft: Ana's alone until she completes it.
    let draft = ana.ok(&[
        "entry",
        "add",
        &case,
        "--kind",
        "home-visit",
        "--body",
        "Draftwords quokka visit.",
    ]);
    // What never leaves Ana: a private reflection, supervision notes and wellbeing.
    ana.ok(&[
        "reflect",
        "new",
        "--model",
        "free",
        "--case",
        &case,
        "--title",
        "Mine",
        "--section",
        "body=Privateword axolotl feelings.",
    ]);
    let wellbeing = home.path().join("wellbeing.txt");
    std::fs::write(&wellbeing, "Wellbeingword narwhal tired.").expect("write");
    ana.ok(&[
        "supervision",
        "new",
        "--supervisor",
        "Sue Park",
        "--notes",
        "Supervisionword pangolin discussed.",
        "--wellbeing-file",
        &wellbeing.display().to_string(),
    ]);
    // A reflection shared with the case does travel.
    ana.ok(&[
        "reflect",
        "new",
        "--model",
        "free",
        "--case",
        &case,
        "--title",
        "Ours",
        "--section",
        "body=Sharedword capybara.",
        "--shared",
    ]);
    ana.ok(&["sync", "run"]);

    // Not shared yet: Ben has nothing of it.
    ben.ok(&["sync", "run"]);
    assert!(
        ben.run(&["export", "case", &case, "--format", "json"], None)
            .status
            .code()
            == Some(2)
    );

    ana.ok(&[
        "case",
        "share",
        &case,
        "--with",
        "ben okafor",
        "--role",
        "co-worker",
    ]);
    let members = ana.ok(&["case", "members", &case]);
    assert!(
        members.contains("owner  Ana Silva") && members.contains("co-worker  Ben Okafor"),
        "{members}"
    );
    let round = ben.ok(&["sync", "run"]);
    assert!(
        round.contains(&format!("Case {case} was shared with you")),
        "{round}"
    );
    let seen = export(&ben, &case);
    let text = seen.to_string();
    assert!(
        text.contains("Amelia Hughes") && text.contains("Rosie Hughes"),
        "{text}"
    );
    assert!(!text.contains("quokka"), "Ana's draft reached Ben: {text}");
    let reflections = ben.ok(&["reflect", "list", "--case", &case]);
    assert!(
        reflections.contains("Ours") && !reflections.contains("Mine"),
        "{reflections}"
    );

    // Ana completes the visit: it reaches Ben now.
    ana.ok(&["entry", "complete", &draft]);
    ana.ok(&["sync", "run"]);
    ben.ok(&["sync", "run"]);
    assert!(export(&ben, &case).to_string().contains("quokka"));

    // Both edit the case's summary offline; after syncing both edits are kept on both.
    ana.ok(&[
        "case",
        "edit",
        &case,
        "--summary",
        "Referral from school. Ana: mother engaged well.",
    ]);
    ben.ok(&[
        "case",
        "edit",
        &case,
        "--summary",
        "Ben: school nurse to join. Referral from school.",
    ]);
    for d in [&ana, &ben, &ana] {
        d.ok(&["sync", "run"]);
    }
    for d in [&ana, &ben] {
        let summary = export(d, &case)["case"]["summary"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(
            summary.contains("mother engaged well") && summary.contains("school nurse to join"),
            "both edits kept: {summary}"
        );
    }

    // A supervisor adds a supervision decision; a practitioner's records stay theirs to change.
    ana.ok(&[
        "case",
        "share",
        &case,
        "--with",
        "Sue Park",
        "--role",
        "supervisor",
    ]);
    sue.ok(&["sync", "run"]);
    sue.ok(&[
        "person",
        "add",
        &case,
        "--name",
        "Not Allowed",
        "--relationship",
        "uncle",
    ]);
    let round = sue.ok(&["sync", "run"]);
    assert!(round.contains("not accepted by the team hub"), "{round}");
    let refused = sue.ok(&["hub", "refused"]);
    assert!(refused.contains("as supervisor"), "{refused}");
    // Still on Sue's device, listed until she deals with it.
    assert!(export(&sue, &case).to_string().contains("Not Allowed"));
    sue.ok(&["hub", "refused", "--discard-all"]);
    assert!(sue
        .ok(&["hub", "refused"])
        .contains("accepted every change"));

    // A reflection written privately and shared later: what was written while it was private
    // reaches Ben too, not only what came after.
    let late = ana.ok(&[
        "reflect",
        "new",
        "--model",
        "free",
        "--case",
        &case,
        "--title",
        "Later",
        "--section",
        "body=Latewords ocelot first thoughts.",
    ]);
    ana.ok(&["sync", "run"]);
    ben.ok(&["sync", "run"]);
    assert!(!ben
        .ok(&["reflect", "list", "--case", &case])
        .contains("Later"));
    ana.ok(&["reflect", "edit", &late, "--visibility", "shared"]);
    ana.ok(&["sync", "run"]);
    ben.ok(&["sync", "run"]);
    let shown = ben.ok(&["reflect", "show", &late]);
    assert!(
        shown.contains("Later") && shown.contains("Latewords ocelot"),
        "{shown}"
    );

    // Nothing private reached the hub; everything shared did.
    let rows = hub.every_row();
    for private in ["axolotl", "narwhal", "pangolin"] {
        assert!(!rows.contains(private), "{private} reached the hub");
    }
    for shared in ["capybara", "quokka", "Amelia Hughes"] {
        assert!(rows.contains(shared), "{shared} is not on the hub");
    }

    // Ben removed from the case, while he writes on it offline: his edit goes up first and is
    // refused (listed for him, with why), then nothing of the case stays on his device.
    ana.ok(&["case", "unshare", &case, "--with", "Ben Okafor"]);
    ana.ok(&[
        "person",
        "add",
        &case,
        "--name",
        "Zebedee Hughes",
        "--relationship",
        "brother",
    ]);
    ana.ok(&["sync", "run"]);
    ben.ok(&["action", "add", &case, "--text", "Call the school nurse"]);
    let round = ben.ok(&["sync", "run"]);
    assert!(
        round.contains("no longer a member") && round.contains("removed from this device"),
        "{round}"
    );
    let refused = ben.ok(&["hub", "refused"]);
    assert!(refused.contains("not a member"), "{refused}");
    assert_eq!(
        ben.run(&["export", "case", &case, "--format", "json"], None)
            .status
            .code(),
        Some(2),
        "the case is gone from Ben's device"
    );
    for word in ["Amelia", "quokka", "Zebedee"] {
        let found = ben.ok(&["search", word]);
        assert!(
            !found.contains(&case) && !found.contains(word),
            "{word}: {found}"
        );
    }
    // Still gone after a rebuild from his log (his own ops of it stay there, unapplied).
    ben.ok(&["doctor", "--rebuild"]);
    assert_eq!(
        ben.run(&["export", "case", &case, "--format", "json"], None)
            .status
            .code(),
        Some(2)
    );
    // What he wrote is his to export.
    let kept = home.path().join("refused.json");
    ben.ok(&["hub", "refused", "--export", &kept.display().to_string()]);
    assert!(std::fs::read_to_string(&kept)
        .expect("export")
        .contains("Call the school nurse"));

    // A transfer: Sue takes the case on; Ana leaves it.
    ana.ok(&["action", "add", &case, "--text", "Book the review"]);
    let moved = ana.ok(&["case", "transfer", &case, "--to", "Sue Park"]);
    assert!(
        moved.contains("open action handed on: Book the review"),
        "{moved}"
    );
    sue.ok(&["sync", "run"]);
    let members = sue.ok(&["case", "members", &case]);
    assert!(
        members.starts_with("owner  Sue Park") && !members.contains("Ana"),
        "{members}"
    );
    assert!(export(&sue, &case)
        .to_string()
        .contains("Case transferred to Sue Park"));

    // The audit names who read and changed the case, never its content.
    let audit = hub.admin(&["audit", "--case", &case]);
    assert!(
        audit.contains("Ben Okafor") && audit.contains("Sue Park"),
        "{audit}"
    );
    assert!(!audit.contains("Amelia"), "{audit}");

    // Ben's laptop is lost: revoked, it is refused at once.
    let devices = hub.admin(&["devices", "list"]);
    let bens = devices
        .lines()
        .find(|l| l.contains("Ben Okafor"))
        .and_then(|l| l.split_whitespace().next())
        .expect("Ben's device")
        .to_string();
    hub.admin(&["devices", "revoke", &bens]);
    let refused = ben.refused(&["sync", "run"]);
    assert!(refused.contains("revoked"), "{refused}");
}

#[test]
fn a_worker_syncing_a_folder_and_the_hub_takes_every_change_once() {
    let home = tempfile::tempdir().expect("temp dir");
    let hub = Hub::start("South locality");
    let laptop = worker(&hub, home.path(), "Cara Lewis", "practitioner");
    let folder = home.path().join("usb");
    let laptop = laptop.with_env("CASECRAFT_SYNC_PASSPHRASE", "orange kettle seventeen");
    laptop.ok(&["sync", "init", &folder.display().to_string()]);
    // Her desktop joins both the folder and (with a second invitation) the hub.
    let desktop = Device::new(&home.path().join("desktop"))
        .with_env("CASECRAFT_SYNC_PASSPHRASE", "orange kettle seventeen");
    desktop.ok(&["init", "--name", "Cara Lewis"]);
    desktop.ok(&["sync", "join", &folder.display().to_string()]);
    let code = hub.admin(&["invite", "Cara Lewis"]);
    desktop.ok(&["hub", "join", &hub.url, "--code", &code]);

    let case = laptop.ok(&["case", "new", "--subject", "Noah Patel"]);
    laptop.ok(&[
        "reflect",
        "new",
        "--model",
        "free",
        "--case",
        &case,
        "--title",
        "Only mine",
        "--section",
        "body=Privateword okapi.",
    ]);
    laptop.ok(&["sync", "run"]);
    let round: serde_json::Value =
        serde_json::from_str(&desktop.ok(&["sync", "run", "--json"])).expect("JSON");
    let from_folder = round["folder"]["pulled"]["applied"].as_u64().unwrap_or(0);
    let from_hub = round["hub"]["received"]["applied"].as_u64().unwrap_or(0);
    let twice = round["hub"]["received"]["duplicates"].as_u64().unwrap_or(0);
    assert!(from_folder > 0, "{round}");
    assert_eq!(from_hub, 0, "the folder brought everything first: {round}");
    assert!(twice > 0, "the hub's copies were recognised: {round}");
    // The private reflection came through the folder only.
    assert!(desktop.ok(&["reflect", "list"]).contains("Only mine"));
    assert!(!hub.every_row().contains("okapi"));
}

#[test]
fn a_supervisor_s_decision_reaches_the_worker_s_chronology_and_a_manager_allocates_a_referral() {
    let home = tempfile::tempdir().expect("temp dir");
    let hub = Hub::start("East locality");
    let ana = worker(&hub, home.path(), "Ana Silva", "practitioner");
    let sue = worker(&hub, home.path(), "Sue Park", "supervisor");
    let morgan = worker(&hub, home.path(), "Morgan Ellis", "manager");

    let case = ana.ok(&["case", "new", "--subject", "Ivy Nowak"]);
    let visit = ana.ok(&[
        "entry",
        "add",
        &case,
        "--kind",
        "home-visit",
        "--body",
        "Saw Ivy at home.",
    ]);
    ana.ok(&["entry", "complete", &visit]);
    // A draft Sue may know of, never read.
    ana.ok(&[
        "entry",
        "add",
        &case,
        "--kind",
        "phone-call",
        "--body",
        "Draftword tapir call.",
    ]);
    ana.ok(&[
        "case",
        "share",
        &case,
        "--with",
        "Sue Park",
        "--role",
        "supervisor",
    ]);
    ana.ok(&["sync", "run"]);

    sue.ok(&["sync", "run"]);
    let team = sue.ok(&["hub", "team"]);
    assert!(team.contains("Ana Silva (practitioner)"), "{team}");
    assert!(team.contains("Ivy Nowak"), "{team}");
    assert!(
        team.contains("1 draft(s)"),
        "the hub's count of Ana's draft: {team}"
    );
    assert!(!sue.ok(&["search", "tapir"]).contains("tapir"));

    // Sue records supervision with a decision on Ana's case, and (as supervisor) tries to edit
    // the case's summary, which the hub refuses and her device keeps listed.
    sue.ok(&[
        "supervision",
        "new",
        "--supervisor",
        "Sue Park",
        "--decision",
        &format!("{case}=Visit weekly until the review; ask school for attendance."),
    ]);
    sue.ok(&["case", "edit", &case, "--summary", "Sue's summary"]);
    let round = sue.ok(&["sync", "run"]);
    assert!(round.contains("1 change(s) not accepted"), "{round}");
    assert!(sue
        .ok(&["hub", "refused"])
        .contains("supervision decisions"));

    ana.ok(&["sync", "run"]);
    let file = export(&ana, &case);
    let entries = file["entries"].as_array().expect("entries");
    let decision = entries
        .iter()
        .find(|e| e["kind"] == "supervision")
        .unwrap_or_else(|| panic!("the decision in Ana's chronology: {file}"));
    assert_eq!(decision["significant"], true);
    assert_eq!(decision["status"], "completed");
    assert!(decision["body"]
        .as_str()
        .is_some_and(|b| b.contains("Visit weekly")));
    assert_eq!(decision["written_by"], "Sue Park (supervisor)");
    assert_ne!(file["case"]["summary"], "Sue's summary");

    // Morgan opens a referral and allocates it to Ana: it arrives in her caseload, with a
    // transfer summary, and Morgan oversees it as supervisor.
    let referral = morgan.ok(&["case", "new", "--subject", "Kai Brown"]);
    let allocated = morgan.ok(&["case", "allocate", &referral, "--to", "ana silva"]);
    assert!(allocated.contains("you oversee it"), "{allocated}");
    let round = ana.ok(&["sync", "run"]);
    assert!(
        round.contains(&format!("Case {referral} was shared with you")),
        "{round}"
    );
    assert!(ana.ok(&["case", "list"]).contains("Kai Brown"));
    let members = ana.ok(&["case", "members", &referral]);
    assert!(
        members.contains("owner  Ana Silva") && members.contains("supervisor  Morgan Ellis"),
        "{members}"
    );
    morgan.ok(&["sync", "run"]);
    let team = morgan.ok(&["hub", "team"]);
    assert!(
        team.contains("Ana Silva (practitioner)") && team.contains("Kai Brown"),
        "{team}"
    );
    // Ana leaves a draft on Kai's case; Morgan, overseeing it, may move it to Ben only once it
    // is completed (the hub counts Ana's drafts; they stay hers alone).
    let ben = worker(&hub, home.path(), "Ben Okafor", "practitioner");
    let draft = ana.ok(&[
        "entry",
        "add",
        &referral,
        "--kind",
        "case-note",
        "--body",
        "Unfinished.",
    ]);
    ana.ok(&["sync", "run"]);
    morgan.ok(&["sync", "run"]);
    let refused = morgan.refused(&["case", "transfer", &referral, "--to", "Ben Okafor"]);
    assert!(refused.contains("1 draft entry"), "{refused}");
    ana.ok(&["entry", "complete", &draft]);
    ana.ok(&["sync", "run"]);
    morgan.ok(&["sync", "run"]);
    let moved = morgan.ok(&["case", "transfer", &referral, "--to", "Ben Okafor"]);
    assert!(moved.contains("Transferred"), "{moved}");
    let round = ben.ok(&["sync", "run"]);
    assert!(
        round.contains(&format!("Case {referral} was shared with you")),
        "{round}"
    );
    let file = export(&ben, &referral);
    assert!(
        file["entries"]
            .as_array()
            .expect("entries")
            .iter()
            .any(|e| e["purpose"] == "Transfer summary"
                && e["written_by"] == "Morgan Ellis (manager)"),
        "the manager's transfer summary: {file}"
    );
    let round = ana.ok(&["sync", "run"]);
    assert!(round.contains("no longer a member"), "{round}");
    assert!(!ana.ok(&["case", "list"]).contains("Kai Brown"));
    morgan.ok(&["sync", "run"]);
    let team = morgan.ok(&["hub", "team"]);
    assert!(team.contains("Ben Okafor (practitioner)"), "{team}");

    // The transfer pack of Ana's case, printable.
    let pack = ana.ok(&["export", "transfer-pack", &case, "--format", "md"]);
    assert!(pack.starts_with("# Transfer pack: Ivy Nowak"), "{pack}");
    assert!(
        pack.contains("Visit weekly"),
        "the decision is a significant event: {pack}"
    );
}
