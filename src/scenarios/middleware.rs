//! The App-level middleware. Its fast path, taken by every request while no scenario is active
//! and the request names none (no `X-Sandbox-Scenario`, no `Prefer`), is two header lookups and
//! an atomic load: no allocation, no body buffering, no tenant resolution.

use std::future::{Ready, ready};
use std::rc::Rc;

use super::prefer::PREFER;
use actix_web::Error;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform, forward_ready};
use futures_util::future::{Either, LocalBoxFuture, MapOk, TryFutureExt};

use super::apply::{SCENARIO_HEADER, handle};
use super::engine::ScenarioEngine;
use crate::sandbox;

/// `App::wrap(Scenarios::new(engine))`.
pub struct Scenarios {
    engine: ScenarioEngine,
}

impl Scenarios {
    pub fn new(engine: ScenarioEngine) -> Self {
        Self { engine }
    }
}

impl<S, B> Transform<S, ServiceRequest> for Scenarios
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Transform = ScenariosService<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(ScenariosService {
            service: Rc::new(service),
            engine: self.engine.clone(),
        }))
    }
}

pub struct ScenariosService<S> {
    service: Rc<S>,
    engine: ScenarioEngine,
}

type Untouched<B> = fn(ServiceResponse<B>) -> ServiceResponse<EitherBody<B>>;

impl<S> ScenariosService<S> {
    /// Whether a request can possibly be affected; false for the sandbox's own routes.
    fn may_affect(&self, request: &ServiceRequest) -> bool {
        let headers = request.headers();
        !request.path().starts_with(sandbox::BASE_PATH)
            && (!self.engine.is_idle()
                || headers.contains_key(SCENARIO_HEADER)
                || headers.contains_key(PREFER))
    }
}

impl<S, B> Service<ServiceRequest> for ScenariosService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Future = Either<
        MapOk<S::Future, Untouched<B>>,
        LocalBoxFuture<'static, Result<Self::Response, Error>>,
    >;

    forward_ready!(service);

    fn call(&self, request: ServiceRequest) -> Self::Future {
        if !self.may_affect(&request) {
            let untouched: Untouched<B> = ServiceResponse::map_into_left_body;
            return Either::Left(self.service.call(request).map_ok(untouched));
        }
        Either::Right(Box::pin(handle(
            self.engine.clone(),
            self.service.clone(),
            request,
        )))
    }
}

#[cfg(test)]
mod tests {
    use actix_web::test::{self, TestRequest};
    use actix_web::{App, HttpMessage, HttpResponse, web};

    use super::*;
    use crate::scenarios::AppliedScenarios;

    #[actix_web::test]
    async fn the_applied_scenario_is_recorded_on_the_request() {
        let yaml = "name: teapot\nrules:\n  - match: { provider: cartevo, method: GET, path: /customers }\n    respond: { status: 418 }\n";
        let engine = ScenarioEngine::from_yaml(&[("t.yaml", yaml)], &[]).unwrap();
        let app = test::init_service(App::new().wrap(Scenarios::new(engine)).route(
            "/api/v1/customers",
            web::get().to(|| async { HttpResponse::Ok().finish() }),
        ))
        .await;

        let untouched = test::call_service(
            &app,
            TestRequest::get().uri("/api/v1/customers").to_request(),
        )
        .await;
        assert_eq!(untouched.status(), 200);
        assert!(
            untouched
                .request()
                .extensions()
                .get::<AppliedScenarios>()
                .is_none()
        );

        let named = TestRequest::get()
            .uri("/api/v1/customers")
            .insert_header(("X-Sandbox-Scenario", "teapot"))
            .to_request();
        let scripted = test::call_service(&app, named).await;
        assert_eq!(scripted.status(), 418);
        assert_eq!(
            scripted.request().extensions().get::<AppliedScenarios>(),
            Some(&AppliedScenarios(vec!["teapot".into()]))
        );

        let preferred = TestRequest::get()
            .uri("/api/v1/customers")
            .insert_header(("Prefer", "code=401"))
            .to_request();
        let documented = test::call_service(&app, preferred).await;
        assert_eq!(documented.status(), 401);
        assert_eq!(
            documented.request().extensions().get::<AppliedScenarios>(),
            Some(&AppliedScenarios(vec!["prefer:code=401".into()]))
        );
    }
}
