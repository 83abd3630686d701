//! The gateway as devices reach it: HTTPS with the hub's self-signed certificate pinned by its
//! fingerprint (another certificate refused before anything is sent), and the access matrix —
//! every endpoint, for a worker who is not a member of a case and for a caller with no or a
//! forged credential, gives nothing of the case and changes nothing.

#![allow(clippy::unwrap_used)]

mod support;

use std::collections::BTreeMap;
use std::net::SocketAddr;

use casecraft_core::sync::hub::transport::{Endpoint, Refused};
use casecraft_hub::gateway::{self, ServeOptions};
use casecraft_hub::{admin, protocol, schema};
use casecraft_ops::hub::{
    CaseRole, EnrolAnswer, EnrolRequest, MembersAnswer, MembersRequest, PullAnswer, PullRequest,
    PushAnswer, PushRequest, ShareRequest, TransferRequest,
};
use casecraft_ops::{hlc, Hlc, Id, Op, OpBody, RecordKind};
use serde_json::json;
use support::Cluster;

/// Starts a gateway on a free loopback port; answers its address and certificate fingerprint.
async fn serve(cluster: &Cluster, state: &std::path::Path) -> (SocketAddr, String) {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let options = ServeOptions {
        database_url: cluster.url_as("gateway_login"),
        listen: "127.0.0.1:0".parse().unwrap(),
        tls: None,
        behind_proxy: false,
        state_dir: state.to_path_buf(),
        pool_size: 4,
    };
    tokio::spawn(gateway::serve(options, move |address, fingerprint| {
        let _ = tx.send((address, fingerprint.map(str::to_string)));
    }));
    let (address, fingerprint) = rx.await.unwrap();
    (address, fingerprint.expect("a fingerprint"))
}

/// POSTs from a blocking thread, as a device does.
async fn post<Q, A>(
    endpoint: &Endpoint,
    path: &'static str,
    credential: Option<&str>,
    body: Q,
) -> Result<Result<A, Refused>, casecraft_core::Error>
where
    Q: serde::Serialize + Send + 'static,
    A: serde::de::DeserializeOwned + Send + 'static,
{
    let endpoint = endpoint.clone();
    let credential = credential.map(str::to_string);
    tokio::task::spawn_blocking(move || endpoint.post(path, credential.as_deref(), &body))
        .await
        .unwrap()
}

fn case_op(device: Id, seq: u64, case: Id, kind: RecordKind, record: Id) -> Op {
    let fields: BTreeMap<String, serde_json::Value> = match kind {
        RecordKind::Case => serde_json::from_value(json!({"reference": "R-1"})).unwrap(),
        _ => serde_json::from_value(json!({"case_id": case.to_string(), "name": "Jo"})).unwrap(),
    };
    Op {
        op_id: Id::new(),
        device_id: device,
        seq,
        hlc: Hlc::new(hlc::wall_millis(), 0),
        author: Id::new(),
        record_kind: kind,
        record_id: record,
        case_id: (kind != RecordKind::Case).then_some(case),
        body: OpBody::Create { fields },
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_endpoint_gives_a_non_member_nothing_of_a_case_and_a_pinned_device_trusts_one_certificate(
) {
    let cluster = Cluster::start();
    let mut db = cluster.admin().await;
    schema::migrate(&mut db).await.unwrap();
    // The gateway connects as a login that is only a member of its role.
    assert!(admin::gateway_user(&db, "gateway_login", None)
        .await
        .unwrap());
    assert!(!admin::gateway_user(&db, "gateway_login", None)
        .await
        .unwrap());
    for bad in ["", "Robert'); DROP TABLE ops;--", "UPPER", &"x".repeat(64)] {
        assert!(admin::gateway_user(&db, bad, None).await.is_err(), "{bad}");
    }
    admin::create_team(&db, "North").await.unwrap();
    admin::add_worker(&db, None, "Ana Silva", "practitioner")
        .await
        .unwrap();
    admin::add_worker(&db, None, "Ben Okafor", "practitioner")
        .await
        .unwrap();
    let state = tempfile::tempdir().unwrap();
    let (address, fingerprint) = serve(&cluster, state.path()).await;
    let url = format!("https://{address}");

    // The invitation code carries the fingerprint the gateway presents.
    let code = protocol::invite(&db, "Ana Silva", 7).await.unwrap();
    let (secret, pin) = code.split_once('.').unwrap();
    assert_eq!(pin, fingerprint);
    let hub = Endpoint::parse(&url, Some(pin)).unwrap();

    // Another certificate (a hub impersonated) is refused before anything is sent.
    let elsewhere = Endpoint::parse(&url, Some(&"0".repeat(64))).unwrap();
    let err = post::<_, EnrolAnswer>(
        &elsewhere,
        "/v1/enrol",
        None,
        EnrolRequest {
            secret: secret.into(),
            device_id: Id::new(),
        },
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("certificate"), "{err}");

    let ana_device = Id::new();
    let ana: EnrolAnswer = post(
        &hub,
        "/v1/enrol",
        None,
        EnrolRequest {
            secret: secret.into(),
            device_id: ana_device,
        },
    )
    .await
    .unwrap()
    .unwrap();
    let ben_code = protocol::invite(&db, "Ben Okafor", 7).await.unwrap();
    let ben_device = Id::new();
    let ben: EnrolAnswer = post(
        &hub,
        "/v1/enrol",
        None,
        EnrolRequest {
            secret: ben_code.split_once('.').unwrap().0.into(),
            device_id: ben_device,
        },
    )
    .await
    .unwrap()
    .unwrap();

    // Ana's case on the hub.
    let case = Id::new();
    let pushed: PushAnswer = post(
        &hub,
        "/v1/push",
        Some(&ana.credential),
        PushRequest {
            opened: Vec::new(),
            from_seq: 1,
            through_seq: 2,
            ops: vec![
                case_op(ana_device, 1, case, RecordKind::Case, case),
                case_op(ana_device, 2, case, RecordKind::Person, Id::new()),
            ],
        },
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(pushed.accepted, 2);

    // Ben, not a member, through every endpoint.
    let pulled: PullAnswer = post(
        &hub,
        "/v1/pull",
        Some(&ben.credential),
        PullRequest {
            hub_id: None,
            after: 0,
            case: None,
            until: None,
        },
    )
    .await
    .unwrap()
    .unwrap();
    assert!(pulled.ops.is_empty() && pulled.cases.is_empty());
    let backlog: PullAnswer = post(
        &hub,
        "/v1/pull",
        Some(&ben.credential),
        PullRequest {
            hub_id: None,
            after: 0,
            case: Some(case),
            until: None,
        },
    )
    .await
    .unwrap()
    .unwrap();
    assert!(backlog.ops.is_empty(), "a case's backlog asked for by name");
    let into: PushAnswer = post(
        &hub,
        "/v1/push",
        Some(&ben.credential),
        PushRequest {
            opened: Vec::new(),
            from_seq: 1,
            through_seq: 1,
            ops: vec![case_op(ben_device, 1, case, RecordKind::Person, Id::new())],
        },
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(into.accepted, 0);
    assert!(into.refused[0].reason.contains("not a member"));
    let members = post::<_, MembersAnswer>(
        &hub,
        "/v1/members",
        Some(&ben.credential),
        MembersRequest { case_id: case },
    )
    .await
    .unwrap()
    .unwrap_err();
    assert_eq!(members.kind, "refused");
    for (path, body) in [
        (
            "/v1/share",
            serde_json::to_value(ShareRequest {
                case_id: case,
                worker: "Ben Okafor".into(),
                role: Some(CaseRole::Owner),
            })
            .unwrap(),
        ),
        (
            "/v1/transfer",
            serde_json::to_value(TransferRequest {
                case_id: case,
                to: "Ben Okafor".into(),
                oversee: false,
            })
            .unwrap(),
        ),
    ] {
        let refused = post::<_, serde_json::Value>(&hub, path, Some(&ben.credential), body)
            .await
            .unwrap()
            .unwrap_err();
        assert_eq!(refused.kind, "refused", "{path}");
    }

    // No credential, or a forged one, on every endpoint that needs one.
    let forged = format!("{ben_device}:{}", "f".repeat(64));
    for credential in [None, Some(forged.as_str())] {
        for path in [
            "/v1/push",
            "/v1/pull",
            "/v1/members",
            "/v1/share",
            "/v1/transfer",
        ] {
            let body = match path {
                "/v1/push" => json!({"from_seq": 1, "through_seq": 1, "ops": []}),
                "/v1/pull" => json!({"hub_id": null, "after": 0}),
                "/v1/members" => json!({"case_id": case}),
                "/v1/share" => json!({"case_id": case, "worker": "Ben Okafor", "role": "owner"}),
                _ => json!({"case_id": case, "to": "Ben Okafor"}),
            };
            let refused = post::<_, serde_json::Value>(&hub, path, credential, body)
                .await
                .unwrap()
                .unwrap_err();
            assert_eq!(refused.kind, "unauthorised", "{path} with {credential:?}");
        }
    }

    // Nothing changed: Ana's case has Ana alone, and the two ops she sent.
    let counts = db
        .query_one(
            "SELECT (SELECT count(*) FROM memberships), (SELECT count(*) FROM ops)",
            &[],
        )
        .await
        .unwrap();
    assert_eq!((counts.get::<_, i64>(0), counts.get::<_, i64>(1)), (1, 2));
}
