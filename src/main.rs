use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use fintech_sandbox::carbon;
use fintech_sandbox::cli::{Cli, Command, LogFormat, ServeArgs, ValidateArgs};
use fintech_sandbox::sandbox::openapi;
use fintech_sandbox::startup::Application;
use fintech_sandbox::{healthcheck, telemetry, validate};

// A request allocates some eighty times (JSON values, validated strings, the response, the journal
// entry); glibc's malloc and free were a tenth of an enroll's instructions, mimalloc's fast paths
// a fraction of that (bench/profile.sh, docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// How long after the listener is up the workers are done starting (they build their routes on
/// their own threads).
const STARTUP_SETTLES: std::time::Duration = std::time::Duration::from_secs(1);

fn main() -> ExitCode {
    match Cli::parse().into_command() {
        Command::Serve(args) => serve(args),
        Command::Healthcheck(args) => match healthcheck::check(&args.host, args.port, args.timeout)
        {
            Ok(()) => ExitCode::SUCCESS,
            Err(problem) => {
                eprintln!("fintech-sandbox healthcheck: {problem}");
                ExitCode::FAILURE
            }
        },
        Command::Validate(args) => check(args),
        Command::Openapi(args) => print_openapi(&args.name),
    }
}

/// `fintech-sandbox openapi <name>`: the document, pretty-printed.
fn print_openapi(name: &str) -> ExitCode {
    let text =
        openapi::document(name).and_then(|document| serde_json::to_string_pretty(document).ok());
    match text {
        Some(text) => {
            let mut out = std::io::stdout().lock();
            if writeln!(out, "{text}").is_err() {
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        None => {
            eprintln!("fintech-sandbox: no OpenAPI document {name:?}");
            ExitCode::FAILURE
        }
    }
}

/// `fintech-sandbox validate [PATH...]`: one `file:line:column: problem` line per problem.
fn check(args: ValidateArgs) -> ExitCode {
    let report = validate::run(&args.paths);
    for problem in &report.problems {
        println!("{problem}");
    }
    if report.problems.is_empty() {
        println!("{}", report.summary());
        ExitCode::SUCCESS
    } else {
        eprintln!("{} problem(s) found", report.problems.len());
        ExitCode::FAILURE
    }
}

fn serve(args: ServeArgs) -> ExitCode {
    let log_format = args.log_format;
    let _log_guard = match telemetry::init(log_format) {
        Ok(guard) => guard,
        Err(error) => {
            eprintln!("fintech-sandbox: cannot start the log writer: {error}");
            return ExitCode::FAILURE;
        }
    };
    actix_web::rt::System::new().block_on(async move {
        let app = match Application::build(args.into_settings()) {
            Ok(app) => app,
            Err(error) => {
                eprintln!("fintech-sandbox: {error}");
                return ExitCode::from(2);
            }
        };
        announce(&app, log_format);
        // Once the workers have built their routes, the start-up code is not needed in memory.
        actix_web::rt::spawn(async {
            actix_web::rt::time::sleep(STARTUP_SETTLES).await;
            fintech_sandbox::resident::release_startup_code();
        });
        match app.run_until_stopped().await {
            Ok(()) => {
                tracing::info!("stopped");
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("fintech-sandbox: {error}");
                ExitCode::FAILURE
            }
        }
    })
}

/// Tells the user where the sandbox listens and which credentials the fixtures hold.
fn announce(app: &Application, format: LogFormat) {
    let base = app.base_url();
    let companies = &app.state().cartevo.seed().companies;
    let carbon_merchants = &app.state().carbon.seed().merchants;
    match format {
        LogFormat::Json => {
            let clients: Vec<_> = companies
                .iter()
                .map(|c| c.company.client_id.as_str())
                .collect();
            let merchants: Vec<_> = carbon_merchants
                .iter()
                .map(|m| m.merchant.slug.as_str())
                .collect();
            tracing::info!(
                url = %base,
                cartevo_clients = ?clients,
                carbon_merchants = ?merchants,
                "fintech-sandbox listening"
            );
        }
        LogFormat::Pretty => {
            // A closed stdout (say, piped into `head`) must not bring the server down.
            let mut out = std::io::stdout().lock();
            let _ = writeln!(
                out,
                "fintech-sandbox {} listening on {base}",
                env!("CARGO_PKG_VERSION")
            );
            let _ = writeln!(
                out,
                "  Cartevo  {base}/api/v1   (POST /auth/token with one of:)"
            );
            for seed in companies {
                let company = &seed.company;
                let _ = writeln!(
                    out,
                    "           client_id={} client_key={}   {} (KYB {})",
                    company.client_id,
                    company.client_key,
                    company.name,
                    company.kyb_status.as_str()
                );
            }
            let _ = writeln!(
                out,
                "  Carbon   {base}/baas/api   (headers apikey: {} and x-carbon-key: one of:)",
                carbon::backend::SDK_SANDBOX_GATEWAY_KEY
            );
            for seed in carbon_merchants {
                let _ = writeln!(
                    out,
                    "           x-carbon-key={}   {} ({} customers)",
                    seed.merchant.carbon_key,
                    seed.merchant.name,
                    seed.customers.len()
                );
            }
            let _ = writeln!(
                out,
                "  Control  {base}/__sandbox (health, clock, requests, tenants, reset, state, webhooks)"
            );
            let _ = out.flush();
        }
    }
}
