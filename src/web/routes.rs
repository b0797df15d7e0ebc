//! The route table: every route is declared once, here, with who may use it.
//!
//! Declaring a route without an access rule is impossible: `Routes::get/post`
//! take the rule and both register the handler and record the rule. The access
//! guard middleware enforces the recorded rule for the matched route, and the
//! access-matrix test walks the same table, so a new route without a row in the
//! test's matrix fails it.

use actix_web::http::Method;
use actix_web::web::ServiceConfig;
use actix_web::{FromRequest, Handler, Responder, web};

/// Who may use a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Access {
    /// Anyone (donor pages check their secret link themselves).
    Public,
    /// A PMI coordinator or an organizer, signed in.
    Pmi,
    /// An organizer, signed in.
    Organizer,
    /// A signed-in staff member, or an API token made by an organizer.
    StaffOrToken,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteInfo {
    pub method: Method,
    pub pattern: &'static str,
    pub access: Access,
}

/// Registers routes on an actix `ServiceConfig` (when given) and records their rules.
pub struct Routes<'a> {
    cfg: Option<&'a mut ServiceConfig>,
    table: Vec<RouteInfo>,
}

impl<'a> Routes<'a> {
    fn new(cfg: Option<&'a mut ServiceConfig>) -> Self {
        Routes {
            cfg,
            table: Vec::new(),
        }
    }

    fn add<F, Args>(
        &mut self,
        method: Method,
        pattern: &'static str,
        access: Access,
        handler: F,
    ) -> &mut Self
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        if let Some(cfg) = self.cfg.as_deref_mut() {
            cfg.route(pattern, web::method(method.clone()).to(handler));
        }
        self.table.push(RouteInfo {
            method,
            pattern,
            access,
        });
        self
    }

    pub fn get<F, Args>(&mut self, pattern: &'static str, access: Access, handler: F) -> &mut Self
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.add(Method::GET, pattern, access, handler)
    }

    pub fn post<F, Args>(&mut self, pattern: &'static str, access: Access, handler: F) -> &mut Self
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.add(Method::POST, pattern, access, handler)
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
        let mut routes = Routes::new(None);
        super::declare_routes(&mut routes);
        RouteTable {
            routes: routes.table,
        }
    }

    /// The rule of the route matching `pattern` (as actix reports the matched
    /// pattern); with several methods on one pattern, the method decides.
    pub fn access_for(&self, method: &Method, pattern: &str) -> Option<Access> {
        let method = if method == Method::HEAD {
            &Method::GET
        } else {
            method
        };
        self.routes
            .iter()
            .find(|r| r.pattern == pattern && r.method == *method)
            .or_else(|| self.routes.iter().find(|r| r.pattern == pattern))
            .map(|r| r.access)
    }
}

/// Registers every route on `cfg`.
pub fn configure(cfg: &mut ServiceConfig) {
    let mut routes = Routes::new(Some(cfg));
    super::declare_routes(&mut routes);
}
