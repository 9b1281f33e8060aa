//! The labelled sets: the development set (fixtures/dev) and the held-out
//! sets (fixtures/heldout*), invented plans from schools and authorities the
//! rules were not written against, labelled by hand from the guideline
//! alone. Scored with scripts/score.py, the project's copy of the reference
//! scorer. The floors are regression guards set a little under the figures
//! measured when they were added, not targets.

use std::path::PathBuf;
use std::process::Command;

fn figures(set: &str) -> serde_json::Value {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let scorer = root.join("scripts/score.py");
    let bin = env!("CARGO_BIN_EXE_idp-audit");
    let out = Command::new("python3")
        .arg(&scorer)
        .args(["--set", root.join(set).to_str().unwrap(), "--json", "--cmd"])
        .arg(format!("{bin} check --format json"))
        .output()
        .expect("python3 runs the scorer");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last = stdout.lines().last().unwrap_or_default();
    serde_json::from_str(last).unwrap_or_else(|e| panic!("scorer output not JSON ({e}):\n{stdout}"))
}

fn check_floors(set: &str, vague_f1: f64, kind: f64) {
    check_all_floors(
        set,
        Floors { extraction: 0.98, extraction_precision: 0.98, vague_f1, hedge_precision: 0.95, kind },
    );
}

struct Floors {
    extraction: f64,
    extraction_precision: f64,
    vague_f1: f64,
    hedge_precision: f64,
    kind: f64,
}

fn check_all_floors(set: &str, floors: Floors) {
    let figures = figures(set);
    let get = |k: &str| figures[k].as_f64().unwrap_or_else(|| panic!("{k} missing in {figures}"));
    assert_eq!(figures["documents_missing_from_report"], 0);
    assert_eq!(figures["spurious_provisions_in_plans_without_2b"], 0);
    assert!(get("extraction_recall") >= floors.extraction, "{figures}");
    assert!(get("extraction_precision") >= floors.extraction_precision, "{figures}");
    assert!(get("vague_f1") >= floors.vague_f1, "{figures}");
    assert!(get("hedge_precision") >= floors.hedge_precision, "{figures}");
    assert!(get("kind_accuracy") >= floors.kind, "{figures}");
}

/// The development set the rules were written against: everything right.
#[test]
fn the_development_set_scores_everything_right() {
    check_all_floors(
        "fixtures/dev",
        Floors { extraction: 1.0, extraction_precision: 1.0, vague_f1: 1.0, hedge_precision: 1.0, kind: 0.99 },
    );
}

#[test]
fn the_first_held_out_set_scores_above_its_floors() {
    check_floors("fixtures/heldout", 0.96, 0.92);
}

/// Written later, by another hand, in layouts the first set did not have.
#[test]
fn the_second_held_out_set_scores_above_its_floors() {
    check_floors("fixtures/heldout2", 0.93, 0.91);
}

/// Two more sets, written blind on 2026-12-01 in layouts none of the rules
/// had met (transposed and split tables, content controls, text boxes, HTML
/// and grid tables, tab-separated pastes; LA, FE, early-years and Welsh-medium
/// plans). They found real gaps; the floors sit under today's figures, and
/// are far from where they should end.
#[test]
fn the_third_held_out_set_scores_above_its_floors() {
    check_all_floors(
        "fixtures/heldout3",
        Floors { extraction: 0.92, extraction_precision: 0.8, vague_f1: 0.78, hedge_precision: 0.92, kind: 0.77 },
    );
}

#[test]
fn the_fourth_held_out_set_scores_above_its_floors() {
    check_all_floors(
        "fixtures/heldout4",
        Floors { extraction: 0.75, extraction_precision: 0.58, vague_f1: 0.71, hedge_precision: 0.88, kind: 0.76 },
    );
}

/// Blind sets 7 to 10, each scored at first contact before anything was
/// changed for it (fixtures/FIRST-CONTACT.md); the floors sit a little
/// under today's figures, so that a change that loses what was won fails.
#[test]
fn the_seventh_held_out_set_scores_above_its_floors() {
    check_all_floors(
        "fixtures/heldout7",
        Floors { extraction: 0.95, extraction_precision: 0.88, vague_f1: 0.86, hedge_precision: 0.95, kind: 0.83 },
    );
}

#[test]
fn the_eighth_held_out_set_scores_above_its_floors() {
    check_all_floors(
        "fixtures/heldout8",
        Floors { extraction: 0.98, extraction_precision: 0.98, vague_f1: 0.89, hedge_precision: 0.95, kind: 0.82 },
    );
}

#[test]
fn the_ninth_held_out_set_scores_above_its_floors() {
    check_all_floors(
        "fixtures/heldout9",
        Floors { extraction: 0.92, extraction_precision: 0.98, vague_f1: 0.86, hedge_precision: 0.96, kind: 0.86 },
    );
}

#[test]
fn the_tenth_held_out_set_scores_above_its_floors() {
    check_all_floors(
        "fixtures/heldout10",
        Floors { extraction: 0.96, extraction_precision: 0.98, vague_f1: 0.90, hedge_precision: 0.96, kind: 0.83 },
    );
}

#[test]
fn the_eleventh_held_out_set_scores_above_its_floors() {
    check_all_floors(
        "fixtures/heldout11",
        Floors { extraction: 0.98, extraction_precision: 0.98, vague_f1: 0.96, hedge_precision: 0.96, kind: 0.86 },
    );
}

#[test]
fn the_twelfth_held_out_set_scores_above_its_floors() {
    check_all_floors(
        "fixtures/heldout12",
        Floors { extraction: 0.97, extraction_precision: 0.97, vague_f1: 0.94, hedge_precision: 0.96, kind: 0.84 },
    );
}

#[test]
fn the_thirteenth_held_out_set_scores_above_its_floors() {
    check_all_floors(
        "fixtures/heldout13",
        Floors { extraction: 0.98, extraction_precision: 0.97, vague_f1: 0.92, hedge_precision: 0.95, kind: 0.87 },
    );
}

#[test]
fn the_fourteenth_held_out_set_scores_above_its_floors() {
    check_all_floors(
        "fixtures/heldout14",
        Floors { extraction: 0.93, extraction_precision: 0.98, vague_f1: 0.86, hedge_precision: 0.95, kind: 0.88 },
    );
}

#[test]
fn the_fifteenth_held_out_set_scores_above_its_floors() {
    check_all_floors(
        "fixtures/heldout15",
        Floors { extraction: 0.98, extraction_precision: 0.98, vague_f1: 0.96, hedge_precision: 0.95, kind: 0.93 },
    );
}

#[test]
fn the_sixteenth_held_out_set_scores_above_its_floors() {
    check_all_floors(
        "fixtures/heldout16",
        Floors { extraction: 0.98, extraction_precision: 0.98, vague_f1: 0.92, hedge_precision: 0.97, kind: 0.89 },
    );
}

#[test]
fn the_seventeenth_held_out_set_scores_above_its_floors() {
    check_all_floors(
        "fixtures/heldout17",
        Floors { extraction: 0.98, extraction_precision: 0.98, vague_f1: 0.87, hedge_precision: 0.97, kind: 0.86 },
    );
}

#[test]
fn the_eighteenth_held_out_set_scores_above_its_floors() {
    check_all_floors(
        "fixtures/heldout18",
        Floors { extraction: 0.98, extraction_precision: 0.98, vague_f1: 0.90, hedge_precision: 0.97, kind: 0.88 },
    );
}

#[test]
fn the_nineteenth_held_out_set_scores_above_its_floors() {
    check_all_floors(
        "fixtures/heldout19",
        Floors { extraction: 0.98, extraction_precision: 0.96, vague_f1: 0.92, hedge_precision: 0.96, kind: 0.90 },
    );
}

#[test]
fn the_twentieth_held_out_set_scores_above_its_floors() {
    check_all_floors(
        "fixtures/heldout20",
        Floors { extraction: 0.98, extraction_precision: 0.97, vague_f1: 0.92, hedge_precision: 0.97, kind: 0.90 },
    );
}

#[test]
fn the_twenty_first_held_out_set_scores_above_its_floors() {
    check_all_floors(
        "fixtures/heldout21",
        Floors { extraction: 0.98, extraction_precision: 0.98, vague_f1: 0.95, hedge_precision: 0.95, kind: 0.92 },
    );
}

#[test]
fn the_twenty_second_held_out_set_scores_above_its_floors() {
    check_all_floors(
        "fixtures/heldout22",
        Floors { extraction: 0.99, extraction_precision: 0.98, vague_f1: 0.96, hedge_precision: 0.97, kind: 0.92 },
    );
}

#[test]
fn the_twenty_third_held_out_set_scores_above_its_floors() {
    check_all_floors(
        "fixtures/heldout23",
        Floors { extraction: 0.99, extraction_precision: 0.98, vague_f1: 0.96, hedge_precision: 0.96, kind: 0.89 },
    );
}

#[test]
fn the_twenty_fourth_held_out_set_scores_above_its_floors() {
    check_all_floors(
        "fixtures/heldout24",
        Floors { extraction: 0.99, extraction_precision: 0.98, vague_f1: 0.97, hedge_precision: 0.96, kind: 0.87 },
    );
}

#[test]
fn the_fifth_and_sixth_held_out_sets_score_above_their_floors() {
    check_all_floors(
        "fixtures/heldout5",
        Floors { extraction: 0.98, extraction_precision: 0.97, vague_f1: 0.97, hedge_precision: 0.97, kind: 0.88 },
    );
    check_all_floors(
        "fixtures/heldout6",
        Floors { extraction: 0.98, extraction_precision: 0.97, vague_f1: 0.94, hedge_precision: 0.97, kind: 0.88 },
    );
}
