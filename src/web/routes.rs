//! The route table: every route is declared once, here, with who may use it.
//!
//! Declaring a route without an access rule is impossible: `Routes::get/post`
//! take the rule and both register the handler and record the rule. Each route
//! is wrapped in its own rule (`access::enforce`), so the rule that runs is the
//! one of the handler the router picked, whatever the spelling of the path. The
//! access-matrix test walks the same table, so a new route without a row in the
//! test's matrix fails it.

use actix_web::body::BoxBody;
use actix_web::dev::ServiceRequest;
use actix_web::http::Method;
use actix_web::middleware::{self, Next};
use actix_web::web::ServiceConfig;
use actix_web::{FromRequest, Handler, HttpResponse, Responder, guard, web};

use crate::error::AppError;
use crate::web::access;
pub use crate::web::access::Access;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteInfo {
    pub method: Method,
    pub pattern: &'static str,
    pub access: Access,
    /// An anonymous post here is counted against the limits on strangers in
    /// the handler's own database trip (`access::OwnPostCount`), not by the
    /// guard in a trip of its own.
    pub counts_own_posts: bool,
}

/// Collects routes with their rules; `configure` then registers them.
pub struct Routes {
    register: bool,
    table: Vec<RouteInfo>,
    handlers: Vec<(&'static str, Method, actix_web::Route)>,
}

impl Routes {
    fn new(register: bool) -> Self {
        Routes {
            register,
            table: Vec::new(),
            handlers: Vec::new(),
        }
    }

    fn add<F, Args>(
        &mut self,
        method: Method,
        pattern: &'static str,
        access: Access,
        counts_own_posts: bool,
        handler: F,
    ) -> &mut Self
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        if self.register {
            // `HEAD` answers like `GET`, without the body (actix drops it).
            let route = if method == Method::GET {
                web::route().guard(guard::Any(guard::Get()).or(guard::Head()))
            } else {
                web::route().guard(guard::Method(method.clone()))
            }
            .to(handler);
            // The rule runs after routing, on the route that will answer:
            // however the path was spelled, it is this handler's rule.
            let rule = access::Rule {
                access,
                counts_own_posts,
            };
            let route = route.wrap(middleware::from_fn(
                move |req: ServiceRequest, next: Next<BoxBody>| access::enforce(rule, req, next),
            ));
            self.handlers.push((pattern, method.clone(), route));
        }
        self.table.push(RouteInfo {
            method,
            pattern,
            access,
            counts_own_posts,
        });
        self
    }

    pub fn get<F, Args>(&mut self, pattern: &'static str, access: Access, handler: F) -> &mut Self
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.add(Method::GET, pattern, access, false, handler)
    }

    pub fn post<F, Args>(&mut self, pattern: &'static str, access: Access, handler: F) -> &mut Self
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.add(Method::POST, pattern, access, false, handler)
    }

    /// A public post whose handler counts it against the limits on strangers
    /// in its own database trip, with `access::OwnPostCount` (one trip to the
    /// database per request instead of two). A post the handler never takes
    /// up (a body refused unread) is still counted, on the way out.
    pub fn post_counting_itself<F, Args>(&mut self, pattern: &'static str, handler: F) -> &mut Self
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.add(Method::POST, pattern, Access::Public, true, handler)
    }
}

/// The recorded rules, shared with the access guard.
#[derive(Clone, Debug, Default)]
pub struct RouteTable {
    pub routes: Vec<RouteInfo>,
}

impl RouteTable {
    /// Collects the table without registering anything.
    pub fn collect() -> Self {
        let mut routes = Routes::new(false);
        super::declare_routes(&mut routes);
        RouteTable {
            routes: routes.table,
        }
    }

    /// The methods a pattern answers, as an `Allow` header lists them.
    pub fn methods_of(&self, pattern: &str) -> Vec<Method> {
        let mut methods: Vec<Method> = Vec::new();
        for r in self.routes.iter().filter(|r| r.pattern == pattern) {
            if r.method == Method::GET {
                methods.push(Method::GET);
                methods.push(Method::HEAD);
            } else {
                methods.push(r.method.clone());
            }
        }
        methods.dedup();
        methods
    }
}

/// Registers every route on `cfg`: one resource per pattern (in the order
/// first declared), each method a route behind its access rule, and any other
/// method answered with 405 and the `Allow` header.
pub fn configure(cfg: &mut ServiceConfig) {
    let mut routes = Routes::new(true);
    super::declare_routes(&mut routes);
    let table = RouteTable {
        routes: routes.table,
    };
    let mut patterns: Vec<&'static str> = Vec::new();
    for (pattern, _, _) in &routes.handlers {
        if !patterns.contains(pattern) {
            patterns.push(pattern);
        }
    }
    let mut handlers = routes.handlers;
    for pattern in patterns {
        let allow = table
            .methods_of(pattern)
            .iter()
            .map(Method::as_str)
            .collect::<Vec<_>>()
            .join(", ");
        let mut resource = web::resource(pattern).default_service(web::to(move || {
            let allow = allow.clone();
            async move { Err::<HttpResponse, _>(AppError::MethodNotAllowed { allow }) }
        }));
        let (mine, rest): (Vec<_>, Vec<_>) =
            handlers.into_iter().partition(|(p, _, _)| *p == pattern);
        handlers = rest;
        for (_, _, route) in mine {
            resource = resource.route(route);
        }
        cfg.service(resource);
    }
}
