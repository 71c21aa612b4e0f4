use std::process::ExitCode;

use clap::Parser;
use fintech_sandbox::cli::{Cli, Command, LogFormat, ServeArgs, ValidateArgs};
use fintech_sandbox::startup::Application;
use fintech_sandbox::{telemetry, validate};

fn main() -> ExitCode {
    match Cli::parse().into_command() {
        Command::Serve(args) => serve(args),
        Command::Validate(args) => check(args),
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
    let _log_guard = telemetry::init(log_format);
    actix_web::rt::System::new().block_on(async move {
        let app = match Application::build(args.into_settings()) {
            Ok(app) => app,
            Err(error) => {
                eprintln!("fintech-sandbox: {error}");
                return ExitCode::from(2);
            }
        };
        announce(&app, log_format);
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
    let companies = &app.state().cartevo_seed.companies;
    match format {
        LogFormat::Json => {
            let clients: Vec<_> = companies
                .iter()
                .map(|c| c.company.client_id.as_str())
                .collect();
            tracing::info!(url = %base, cartevo_clients = ?clients, "fintech-sandbox listening");
        }
        LogFormat::Pretty => {
            println!(
                "fintech-sandbox {} listening on {base}",
                env!("CARGO_PKG_VERSION")
            );
            println!("  Cartevo  {base}/api/v1   (POST /auth/token with one of:)");
            for seed in companies {
                let company = &seed.company;
                println!(
                    "           client_id={} client_key={}   {} (KYB {})",
                    company.client_id,
                    company.client_key,
                    company.name,
                    company.kyb_status.as_str()
                );
            }
            println!("  Health   {base}/__sandbox/health");
        }
    }
}
