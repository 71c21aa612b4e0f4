//! Building and running the server: `Application::build(settings)` loads the fixtures (or the
//! state file) and the scenarios, binds the listener (port 0 for a free one) and assembles every
//! provider's routes and the control plane.
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
use std::path::PathBuf;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};

use crate::carbon::{self, CarbonBackend, CarbonSeed};
use crate::cartevo::{self, CartevoBackend, CartevoSeed};
use crate::clock::SandboxClock;
use crate::config::Settings;
use crate::control::ProviderStore;
use crate::fixtures::FixtureSet;
use crate::http::request_log::log_request;
use crate::journal::Journal;
use crate::journal::middleware::record_request;
use crate::sandbox::admin_token::{AdminToken, is_loopback};
use crate::scenarios::reload::{self, HotReload};
use crate::scenarios::{self, LoadError, ScenarioEngine, ScenarioSource};
use crate::webhooks::Webhooks;
use crate::yaml::FileError;
use crate::{sandbox, snapshot};

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("invalid fixture: {0}")]
    Fixture(#[from] FileError),
    #[error("invalid scenarios:\n{0}")]
    Scenarios(#[from] LoadError),
    #[error("cannot watch {dir} for scenario changes: {source}")]
    Watch { dir: String, source: notify::Error },
    #[error("invalid state file {0}")]
    StateFile(String),
    #[error(
        "--host {0} is reachable from other machines, so the control plane (/__sandbox) needs --admin-token <secret> (or --admin-open on a trusted network)"
    )]
    AdminTokenRequired(String),
    #[error("cannot start: {0}")]
    Io(#[from] std::io::Error),
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
    pub carbon: CarbonSeed,
}

/// Parses and checks every provider's fixture file of `fixtures`: what start-up and
/// `fintech-sandbox validate` both run, so a provider is added in one place.
pub fn load_seeds(fixtures: &FixtureSet) -> Result<Seeds, FileError> {
    Ok(Seeds {
        cartevo: CartevoSeed::load(fixtures)?,
        carbon: CarbonSeed::load(fixtures)?,
    })
}

/// Everything the sandbox holds, shared by all workers and the control plane.
#[derive(Clone)]
pub struct SandboxState {
    pub clock: SandboxClock,
    pub journal: web::Data<Journal>,
    pub webhooks: Webhooks,
    pub cartevo: CartevoBackend,
    pub carbon: CarbonBackend,
    pub scenarios: ScenarioEngine,
}

impl SandboxState {
    /// Builds every provider's backend from the fixtures named by `settings`, and loads the
    /// scenarios.
    pub fn load(settings: &Settings) -> Result<Self, StartupError> {
        let seeds = load_seeds(&FixtureSet::load(&settings.fixtures)?)?;
        let scenarios = ScenarioEngine::load(&settings.scenarios, &settings.active_scenarios)?;
        let clock = SandboxClock::real();
        let webhooks = Webhooks::start(clock.clone(), settings.webhook_policy)?;
        Ok(Self {
            cartevo: CartevoBackend::new(
                seeds.cartevo,
                clock.clone(),
                &settings.cartevo_jwt_secret,
                webhooks.clone(),
            ),
            journal: web::Data::new(Journal::new(settings.journal_size)),
            carbon: CarbonBackend::new(
                seeds.carbon,
                clock.clone(),
                settings.carbon_kyc_delay,
                webhooks.clone(),
            ),
            webhooks,
            clock,
            scenarios,
        })
    }

    /// Every provider's stores, for the control plane.
    pub fn stores(&self) -> Vec<&dyn ProviderStore> {
        vec![&self.cartevo, &self.carbon]
    }

    /// Everything back to the fixtures: stores, journal, webhook log, scenario counters, and the
    /// clock to real time.
    pub fn reset(&self) {
        for store in self.stores() {
            store.reset();
        }
        self.journal.clear(None);
        self.webhooks.clear(None);
        self.scenarios.reset(None);
        self.clock.use_real_time();
    }

    /// Drops what the sandbox remembers about one tenant outside its stores (journal entries,
    /// webhook deliveries, scenario counters).
    pub fn forget_tenant(&self, label: &str) {
        self.journal.clear(Some(label));
        self.webhooks.clear(Some(label));
        self.scenarios.reset(Some(label));
    }
}

pub struct Application {
    port: u16,
    host: String,
    server: Server,
    state: SandboxState,
    state_file: Option<PathBuf>,
    /// Keeps a `--scenarios DIR` watched while the server runs.
    hot_reload: Option<HotReload>,
}

impl Application {
    pub fn build(settings: Settings) -> Result<Self, StartupError> {
        if settings.admin_token.is_none() && !settings.admin_open && !is_loopback(&settings.host) {
            return Err(StartupError::AdminTokenRequired(settings.host));
        }
        let state = SandboxState::load(&settings)?;
        if let Some(path) = settings.state_file.as_ref().filter(|path| path.exists()) {
            snapshot::load(&state, path).map_err(StartupError::StateFile)?;
        }
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
        let admin_token =
            web::Data::new(AdminToken(settings.admin_token.as_deref().map(Arc::from)));
        let mut server = HttpServer::new(move || {
            // Outermost last: the log sees everything, the journal records what scenarios made
            // of a request.
            App::new()
                .wrap(scenarios::Scenarios::new(app_state.scenarios.clone()))
                .wrap(from_fn(record_request))
                .wrap(from_fn(log_request))
                .app_data(web::Data::new(app_state.clone()))
                .app_data(web::Data::new(app_state.clock.clone()))
                .app_data(app_state.journal.clone())
                .app_data(web::Data::new(app_state.webhooks.clone()))
                .app_data(admin_token.clone())
                .app_data(web::Data::new(app_state.cartevo.clone()))
                .service(cartevo::routes::scope())
                .app_data(web::Data::new(app_state.carbon.clone()))
                .app_data(web::Data::new(app_state.scenarios.clone()))
                .service(carbon::routes::scope())
                .service(sandbox::open_routes())
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
            state_file: settings.state_file,
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

    /// Serves until SIGINT/SIGTERM (graceful: in-flight requests finish), then writes the state
    /// file if there is one.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let _watching = self.hot_reload;
        self.server.await?;
        if let Some(path) = &self.state_file {
            snapshot::save(&self.state, path)?;
            tracing::info!(path = %path.display(), "state saved");
        }
        Ok(())
    }
}
