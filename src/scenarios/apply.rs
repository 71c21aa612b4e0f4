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

use super::activation::{Entry, RouteEntries, Snapshot};
use super::buffer::json_body;
use super::connection::ConnectionSocket;
use super::counters::ANONYMOUS;
use super::engine::ScenarioEngine;
use super::matcher::{HeaderPresence, RequestFacts};
use super::prefer;
use super::route::Route;
use super::scenario::{Outcome, RouteRules, Scenario};
use super::schedule::{Decision, Stream, draw};
use crate::http::tenant;

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
    let body = if candidates.iter().any(|c| c.rules.needs_body) {
        json_body(&mut request).await
    } else {
        None
    };
    if candidates.iter().any(|c| c.rules.needs_tenant) {
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
    if let Some(Some(label)) = tenant.get() {
        // The request log names the tenant even when no handler runs to tag it.
        tenant::tag(request.request(), label.clone());
    }
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

/// An active or named scenario with rules on the request's route, borrowed from the snapshot.
struct Candidate<'a> {
    scenario: &'a Arc<Scenario>,
    rules: &'a RouteRules,
}

/// The scenarios to try, in order: those the request names, those active for its tenant, those
/// active for everyone; each once, and only those with rules on the route.
fn candidates<'a>(
    snapshot: &'a Snapshot,
    request: &ServiceRequest,
    route: &Route,
    tenant: &OnceCell<Option<Arc<str>>>,
) -> Result<Vec<Candidate<'a>>, String> {
    let mut found: Vec<Candidate<'a>> = Vec::new();
    // Adds a candidate unless it is among the first `checked` found.
    let add = |found: &mut Vec<Candidate<'a>>, candidate: Candidate<'a>, checked: usize| {
        if !found[..checked]
            .iter()
            .any(|c| Arc::ptr_eq(c.scenario, candidate.scenario))
        {
            found.push(candidate);
        }
    };
    for value in request.headers().get_all(SCENARIO_HEADER) {
        let names = value.to_str().map_err(|_| {
            "X-Sandbox-Scenario must be a comma-separated list of scenario names (ASCII)".to_owned()
        })?;
        for name in names.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let scenario = snapshot.scenarios.get(name).ok_or_else(|| {
                format!(
                    "X-Sandbox-Scenario names {name:?}, which is not loaded; GET /__sandbox/scenarios lists the scenarios"
                )
            })?;
            if let Some(rules) = scenario.at(route.key)
                && rules
                    .gate
                    .as_ref()
                    .is_none_or(|gate| gate.admits(request.headers(), request.query_string()))
            {
                let checked = found.len();
                add(&mut found, Candidate { scenario, rules }, checked);
            }
        }
    }
    // The tenant's and the global lists hold each scenario once: only what the request named
    // (and, for the global list, the tenant's) can repeat, so only that prefix is searched.
    let named = found.len();
    let (headers, query_string) = (request.headers(), request.query_string());
    let indexed = |index: Option<&'a RouteEntries>| {
        index
            .into_iter()
            .flat_map(move |entries| entries.open_to(headers, query_string))
            .map(|entry: &'a Entry| Candidate {
                scenario: &entry.scenario,
                rules: &entry.rules,
            })
    };
    if let Some(Some(tenant)) = tenant.get()
        && let Some(index) = snapshot.tenants.get(tenant)
    {
        for candidate in indexed(index.get(&route.key)) {
            add(&mut found, candidate, named);
        }
    }
    let named_or_tenant = found.len();
    for candidate in indexed(snapshot.global.get(&route.key)) {
        add(&mut found, candidate, named_or_tenant);
    }
    Ok(found)
}

/// The first rule that matches and whose schedule admits this request.
fn decide(
    engine: &ScenarioEngine,
    candidates: &[Candidate<'_>],
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
    let mut presence = HeaderPresence::new(request.headers());
    for Candidate { scenario, rules } in candidates {
        for &index in &rules.rules {
            let rule = &scenario.rules[index];
            if !(presence.may_match(&rule.matcher) && rule.matcher.matches(&facts)) {
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
                fault_seed: seed.map_or_else(rand::random, |seed| draw(seed, n, Stream::Fault)),
            });
        }
    }
    None
}
