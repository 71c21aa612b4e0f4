//! Building and running the server: `Application::build(settings)` loads the fixtures and the
//! scenarios, binds the listener (port 0 for a free one) and assembles every provider's routes.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use fintech_sandbox::{config::Settings, startup::Application};
//!
//! let app = Application::build(Settings::for_tests())?;
//! println!("listening on port {}", app.port());
//! app.run_until_stopped().await?;
//! # Ok(()) }
//! ```

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};

use crate::cartevo::{self, CartevoBackend, CartevoSeed};
use crate::clock::SandboxClock;
use crate::config::Settings;
use crate::fixtures::FixtureSet;
use crate::http::request_log::log_request;
use crate::sandbox;
use crate::scenarios::reload::{self, HotReload};
use crate::scenarios::{self, LoadError, ScenarioEngine, ScenarioSource};
use crate::yaml::FileError;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("invalid fixture: {0}")]
    Fixture(#[from] FileError),
    #[error("invalid scenarios:\n{0}")]
    Scenarios(#[from] LoadError),
    #[error("cannot watch {dir} for scenario changes: {source}")]
    Watch { dir: String, source: notify::Error },
    #[error("cannot listen on {address}: {source}")]
    Bind {
        address: String,
        source: std::io::Error,
    },
}

/// Every provider's fixtures, parsed and checked.
#[derive(Debug, Clone)]
pub struct Seeds {
    pub cartevo: CartevoSeed,
}

/// Parses and checks every provider's fixture file of `fixtures`: what start-up and
/// `fintech-sandbox validate` both run, so a provider is added in one place.
pub fn load_seeds(fixtures: &FixtureSet) -> Result<Seeds, FileError> {
    Ok(Seeds {
        cartevo: CartevoSeed::load(fixtures)?,
    })
}

/// Everything the sandbox holds, shared by all workers.
#[derive(Clone)]
pub struct SandboxState {
    pub clock: SandboxClock,
    pub cartevo: CartevoBackend,
    pub cartevo_seed: CartevoSeed,
    pub scenarios: ScenarioEngine,
}

impl SandboxState {
    /// Loads the fixtures and scenarios named by `settings` and builds every provider's backend.
    pub fn load(settings: &Settings) -> Result<Self, StartupError> {
        let fixtures = FixtureSet::load(&settings.fixtures)?;
        let Seeds {
            cartevo: cartevo_seed,
        } = load_seeds(&fixtures)?;
        let scenarios = ScenarioEngine::load(&settings.scenarios, &settings.active_scenarios)?;
        let clock = SandboxClock::real();
        Ok(Self {
            cartevo: CartevoBackend::new(
                &cartevo_seed,
                clock.clone(),
                &settings.cartevo_jwt_secret,
            ),
            cartevo_seed,
            clock,
            scenarios,
        })
    }
}

pub struct Application {
    port: u16,
    host: String,
    server: Server,
    state: SandboxState,
    /// Keeps a `--scenarios DIR` watched while the server runs.
    hot_reload: Option<HotReload>,
}

impl Application {
    pub fn build(settings: Settings) -> Result<Self, StartupError> {
        let state = SandboxState::load(&settings)?;
        let address = format!("{}:{}", settings.host, settings.port);
        let bind_error = |source| StartupError::Bind {
            address: address.clone(),
            source,
        };
        let listener =
            TcpListener::bind((settings.host.as_str(), settings.port)).map_err(bind_error)?;
        let port = listener.local_addr().map_err(bind_error)?.port();

        let hot_reload = match &settings.scenarios {
            ScenarioSource::Directory(dir) => Some(
                reload::watch(state.scenarios.clone(), dir.clone()).map_err(|source| {
                    StartupError::Watch {
                        dir: dir.display().to_string(),
                        source,
                    }
                })?,
            ),
            ScenarioSource::Embedded => None,
        };

        let app_state = state.clone();
        let mut server = HttpServer::new(move || {
            App::new()
                .wrap(scenarios::Scenarios::new(app_state.scenarios.clone()))
                .wrap(from_fn(log_request))
                .app_data(web::Data::new(app_state.cartevo.clone()))
                .app_data(web::Data::new(app_state.scenarios.clone()))
                .service(cartevo::routes::scope())
                .route(
                    &format!("{}/{{id}}", cartevo::routes::documents::DOCUMENTS_PATH),
                    web::get().to(cartevo::routes::documents::download),
                )
                .service(sandbox::scope())
                .default_service(web::to(sandbox::unknown_route))
        })
        // Network faults act on the raw socket under a request.
        .on_connect(scenarios::connection::capture)
        // Requests held open on purpose must not stall a Ctrl-C for long.
        .shutdown_timeout(5);
        if let Some(workers) = settings.workers {
            server = server.workers(workers);
        }
        let server = server.listen(listener).map_err(bind_error)?.run();
        Ok(Self {
            port,
            host: settings.host,
            server,
            state,
            hot_reload,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// `http://host:port`
    pub fn base_url(&self) -> String {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        format!("http://{host}:{}", self.port)
    }

    pub fn state(&self) -> &SandboxState {
        &self.state
    }

    /// Serves until SIGINT/SIGTERM (graceful: in-flight requests finish).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let _watching = self.hot_reload;
        self.server.await
    }
}
