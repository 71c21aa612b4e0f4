//! `fintech-sandbox validate [PATH...]` and start-up refusals, run as the real binary.

use std::process::{Command, Output};

use crate::helpers::{scenario_dir, temp_dir};

const BINARY: &str = env!("CARGO_BIN_EXE_fintech-sandbox");

fn run(args: &[&str]) -> Output {
    Command::new(BINARY).args(args).output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn the_embedded_catalogue_and_fixtures_are_valid() {
    let output = run(&["validate"]);
    assert!(output.status.success(), "{}", stdout(&output));
    assert!(stdout(&output).starts_with("ok: "), "{}", stdout(&output));
}

#[test]
fn the_repository_directories_are_valid() {
    let root = env!("CARGO_MANIFEST_DIR");
    let output = run(&[
        "validate",
        &format!("{root}/scenarios"),
        &format!("{root}/fixtures"),
    ]);
    assert!(output.status.success(), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("and 2 fixture file(s)"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn broken_files_are_reported_at_file_line_column_with_exit_1() {
    let dir = scenario_dir(&[
        (
            "good.yaml",
            "name: good\nrules:\n  - match: { provider: cartevo }\n    fault: hang\n",
        ),
        (
            "bad.yaml",
            "name: bad\nrules:\n  - match: { provider: cartevo, path: \"/customers/{id}/cards\" }\n    respond: { status: 404 }\n",
        ),
        (
            "typo.yaml",
            "name: typo\nrules:\n  - match: { provider: cartevo }\n    falt: hang\n",
        ),
        (
            "second.yaml",
            "name: good\nrules:\n  - match: { provider: cartevo }\n    fault: hang\n",
        ),
    ]);
    let fixtures = temp_dir("bad-fixture");
    std::fs::write(
        fixtures.join("cartevo.yaml"),
        "companies:\n  - id: 11111111-1111-4111-8111-111111111111\n    name: X\n    client_id: client_x\n    client_key: k\n    kyb_status: MAYBE\n",
    )
    .unwrap();
    let output = Command::new(BINARY)
        .arg("validate")
        .arg(&dir)
        .arg(fixtures.join("cartevo.yaml"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let dir = dir.display();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert!(
        lines.contains(&format!("{dir}/bad.yaml:3:39: no cartevo operation answers any method on /api/v1/customers/{{id}}/cards (its operations: POST /api/v1/auth/token, POST /api/v1/customers/enroll, POST /api/v1/customers, GET /api/v1/customers, GET /api/v1/customers/{{id}})").as_str()),
        "{text}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&format!("{dir}/typo.yaml:3:5: unknown field `falt`"))),
        "{text}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with(&format!(
            "{dir}/second.yaml:1:7: scenario name \"good\" is already used by {dir}/good.yaml"
        ))),
        "{text}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with(&format!(
            "{}:6:17: ",
            fixtures.join("cartevo.yaml").display()
        ))),
        "{text}"
    );
}

#[test]
fn a_missing_path_is_a_problem_too() {
    let output = run(&["validate", "/no/such/scenario.yaml"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).starts_with("/no/such/scenario.yaml: cannot read:"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn start_up_refuses_invalid_scenarios_and_unknown_names() {
    let dir = scenario_dir(&[("bad.yaml", "name: bad\nrules: []\n")]);
    let output = Command::new(BINARY)
        .args(["--port", "0", "--scenarios"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "{}/bad.yaml:2:8: a scenario needs at least one rule",
            dir.display()
        )),
        "{stderr}"
    );

    let output = run(&["serve", "--port", "0", "--scenario", "no-such-scenario"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("unknown scenario \"no-such-scenario\""),
        "{stderr}"
    );
}

#[test]
fn sandbox_scenario_takes_a_comma_separated_list() {
    let output = Command::new(BINARY)
        .args(["--port", "0"])
        .env(
            "SANDBOX_SCENARIO",
            "cartevo-enroll-duplicate,no-such-scenario",
        )
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("unknown scenario \"no-such-scenario\""),
        "{stderr}"
    );
    assert!(
        !stderr.contains("\"cartevo-enroll-duplicate\" ("),
        "{stderr}"
    );
}
