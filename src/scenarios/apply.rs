//! What the middleware does for a request that may be affected: find its route, honour
//! `Prefer: code=`, gather the candidate rules (named by the request ∪ active for its tenant ∪
//! active for everyone), read only what they need, and apply the first rule that matches and
//! whose schedule admits it. With no rule applying, the request goes to its handler untouched.

use std::cell::OnceCell;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Service, ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::HeaderName;
use actix_web::{Error, HttpMessage, HttpRequest};

use super::activation::Snapshot;
use super::buffer::json_body;
use super::connection::ConnectionSocket;
use super::counters::ANONYMOUS;
use super::engine::ScenarioEngine;
use super::matcher::RequestFacts;
use super::prefer;
use super::route::Route;
use super::scenario::{Outcome, Scenario};
use super::schedule::{Decision, Stream, draw};

/// The header naming scenarios for one request: `X-Sandbox-Scenario: name[,name]`.
pub const SCENARIO_HEADER: HeaderName = HeaderName::from_static("x-sandbox-scenario");

/// The scenarios (or `prefer:code=NNN`) that decided a request's answer, recorded in the
/// request's extensions for the request journal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AppliedScenarios(pub Vec<Arc<str>>);

type Answer<B> = Result<ServiceResponse<EitherBody<B>>, Error>;

/// A rule that applies, detached from the snapshot.
struct Verdict {
    scenario: Arc<str>,
    delay: Option<Duration>,
    outcome: Outcome,
    fault_seed: u64,
}

pub async fn handle<S, B>(
    engine: ScenarioEngine,
    service: Rc<S>,
    mut request: ServiceRequest,
) -> Answer<B>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody,
{
    let Some(route) = Route::of(request.method().as_str(), request.path()) else {
        return pass(&*service, request).await;
    };
    if let Some((response, label)) = prefer::answer(&route, request.headers()) {
        record(&request, label.into());
        return Ok(request.into_response(response).map_into_right_body());
    }
    let snapshot = engine.snapshot();
    let tenant = OnceCell::new();
    if snapshot.tenant_scoped_at(route.key) {
        tenant.get_or_init(|| (route.provider.resolve_tenant)(request.request()));
    }
    let candidates = match candidates(&snapshot, &request, &route, &tenant) {
        Ok(candidates) => candidates,
        Err(message) => {
            let response = (route.provider.render_error)(StatusCode::BAD_REQUEST, &message);
            return Ok(request.into_response(response).map_into_right_body());
        }
    };
    if candidates.is_empty() {
        return pass(&*service, request).await;
    }
    let rules = || {
        candidates
            .iter()
            .flat_map(|s| s.rules_at(route.key).iter().map(move |&i| &s.rules[i]))
    };
    let body = if rules().any(|rule| rule.matcher.needs_body()) {
        json_body(&mut request).await
    } else {
        None
    };
    if rules().any(|rule| rule.needs_tenant()) {
        tenant.get_or_init(|| (route.provider.resolve_tenant)(request.request()));
    }
    let verdict = decide(
        &engine,
        &candidates,
        &route,
        &request,
        body.as_ref(),
        &tenant,
    );
    let Some(verdict) = verdict else {
        return pass(&*service, request).await;
    };
    record(&request, verdict.scenario.clone());
    if let Some(delay) = verdict.delay {
        actix_web::rt::time::sleep(delay).await;
    }
    match verdict.outcome {
        Outcome::PassThrough => pass(&*service, request).await,
        Outcome::Respond(prepared) => Ok(request
            .into_response(prepared.to_response())
            .map_into_right_body()),
        Outcome::Fault(fault) => {
            let socket = request.conn_data::<ConnectionSocket>().copied();
            let response = fault.inject(socket, verdict.fault_seed).await;
            Ok(request.into_response(response).map_into_right_body())
        }
    }
}

async fn pass<S, B>(service: &S, request: ServiceRequest) -> Answer<B>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
{
    service
        .call(request)
        .await
        .map(ServiceResponse::map_into_left_body)
}

fn record(request: &ServiceRequest, name: Arc<str>) {
    request
        .extensions_mut()
        .insert(AppliedScenarios(vec![name]));
}

/// The scenarios to try, in order: those the request names, those active for its tenant, those
/// active for everyone; each once, and only those with rules on the route.
fn candidates(
    snapshot: &Snapshot,
    request: &ServiceRequest,
    route: &Route,
    tenant: &OnceCell<Option<Arc<str>>>,
) -> Result<Vec<Arc<Scenario>>, String> {
    let mut found: Vec<Arc<Scenario>> = Vec::new();
    let mut add = |scenario: &Arc<Scenario>| {
        if !scenario.rules_at(route.key).is_empty()
            && !found.iter().any(|s| Arc::ptr_eq(s, scenario))
        {
            found.push(scenario.clone());
        }
    };
    for value in request.headers().get_all(SCENARIO_HEADER) {
        let names = value
            .to_str()
            .map_err(|_| "X-Sandbox-Scenario must be ASCII scenario names".to_owned())?;
        for name in names.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let scenario = snapshot.scenarios.get(name).ok_or_else(|| {
                format!(
                    "X-Sandbox-Scenario names {name:?}, which is not loaded; GET /__sandbox/scenarios lists the scenarios"
                )
            })?;
            add(scenario);
        }
    }
    if let Some(Some(tenant)) = tenant.get()
        && let Some(index) = snapshot.tenants.get(tenant)
    {
        index
            .get(&route.key)
            .into_iter()
            .flatten()
            .for_each(&mut add);
    }
    snapshot
        .global
        .get(&route.key)
        .into_iter()
        .flatten()
        .for_each(&mut add);
    Ok(found)
}

/// The first rule that matches and whose schedule admits this request.
fn decide(
    engine: &ScenarioEngine,
    candidates: &[Arc<Scenario>],
    route: &Route,
    request: &ServiceRequest,
    body: Option<&serde_json::Value>,
    tenant: &OnceCell<Option<Arc<str>>>,
) -> Option<Verdict> {
    let http: &HttpRequest = request.request();
    let mut facts = RequestFacts::new(request.path(), request.headers(), request.query_string());
    facts.body = body;
    facts.tenant = tenant.get().and_then(|t| t.as_deref());
    let tenant_label = || {
        tenant
            .get_or_init(|| (route.provider.resolve_tenant)(http))
            .clone()
            .unwrap_or_else(|| Arc::from(ANONYMOUS))
    };
    for scenario in candidates {
        for &index in scenario.rules_at(route.key) {
            let rule = &scenario.rules[index];
            if !rule.matcher.matches(&facts) {
                continue;
            }
            let counted = rule.schedule.is_counted().then(|| {
                engine
                    .counters()
                    .get(&scenario.name, index, &tenant_label())
            });
            let Decision::Apply { n } = rule.schedule.decide(counted.as_deref()) else {
                continue;
            };
            let counter = counted.unwrap_or_else(|| {
                engine
                    .counters()
                    .get(&scenario.name, index, &tenant_label())
            });
            if rule.schedule.times.is_none() {
                counter.count_application();
            }
            let seed = rule.schedule.seeded.then_some(rule.schedule.seed);
            return Some(Verdict {
                scenario: scenario.name.clone(),
                delay: rule.delay.as_ref().map(|delay| delay.sample(seed, n)),
                outcome: rule.outcome.clone(),
                fault_seed: draw(rule.schedule.seed, n, Stream::Fault),
            });
        }
    }
    None
}
