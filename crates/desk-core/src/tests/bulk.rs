//! The bulk plan and the reserve radar, from the cache.

use chrono::Duration;

use super::{cid, make_profile, t, temp_store, Fx};
use crate::bulk::{BulkAction, BulkSkip};
use crate::{Mode, Scope};

#[test]
fn capture_plan_takes_reserved_only_and_says_why_not() {
    let (_d, store) = temp_store();
    let p = make_profile(&store, "Shop");
    Fx::new(1)
        .status("reserved")
        .save(&store, &p, Mode::Test, t(1));
    Fx::new(2).status("paid").save(&store, &p, Mode::Test, t(1));
    Fx::new(3)
        .status("reserved")
        .save(&store, &p, Mode::Test, t(1));
    // Reserved in live only: the test partition does not have it.
    Fx::new(4)
        .status("reserved")
        .save(&store, &p, Mode::Live, t(1));
    let scope = Scope::new(p.id.clone(), Mode::Test);
    let ids = vec![cid(1), cid(2), cid(3), cid(4), cid(1)];

    let plan = store.bulk_plan(&scope, &ids, BulkAction::Capture).unwrap();
    assert_eq!(plan.will, [cid(1), cid(3)], "duplicates planned once");
    assert_eq!(
        plan.wont,
        [
            BulkSkip {
                id: cid(2),
                reason: "status is paid: only reserved checkouts can be captured".into()
            },
            BulkSkip {
                id: cid(4),
                reason: "not in the cache: refresh it first".into()
            },
        ]
    );

    let refresh = store.bulk_plan(&scope, &ids, BulkAction::Refresh).unwrap();
    assert_eq!(refresh.will, [cid(1), cid(2), cid(3), cid(4)]);
    assert!(refresh.wont.is_empty());
}

#[test]
fn radar_lists_reserved_oldest_first_with_ages() {
    let (_d, store) = temp_store();
    let p = make_profile(&store, "Shop");
    Fx::new(1)
        .status("reserved")
        .created(t(48))
        .save(&store, &p, Mode::Test, t(200));
    Fx::new(2)
        .status("reserved")
        .created(t(0))
        .save(&store, &p, Mode::Test, t(200));
    Fx::new(3)
        .status("paid")
        .created(t(0))
        .save(&store, &p, Mode::Test, t(200));
    Fx::new(4)
        .status("reserved")
        .created(t(0))
        .save(&store, &p, Mode::Live, t(200));
    let now = t(0) + Duration::days(6) + Duration::minutes(30);
    let radar = store.reserve_radar(&p.id, Mode::Test, now).unwrap();
    let got: Vec<_> = radar.iter().map(|r| (r.id.clone(), r.age_hours)).collect();
    assert_eq!(got, [(cid(2), 144), (cid(1), 96)]);
    assert_eq!(radar[0].amount_formatted, "10.00 SEK");
}
