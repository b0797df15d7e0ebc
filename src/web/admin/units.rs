//! `/admin/units`: the work units (Kanwil divisions, Kanim, Lapas, Rutan, ...)
//! with their headcount, which gives the participation rate on the dashboard.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use diesel::result::Error as DieselError;
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::session::CurrentStaff;
use crate::db::PgPool;
use crate::domain::vocab::UnitKind;
use crate::error::AppError;
use crate::store::audit::Actor;
use crate::store::unit_admin::{self, UnitAdminError, UnitFields};
use crate::store::units::WorkUnit;
use crate::web::access::Organizer;
use crate::web::auth::client_ip;
use crate::web::form_errors::FormErrors;
use crate::web::respond::{self, Notice};
use crate::web::{PageCtx, with_conn};

#[derive(Debug, Default, Clone, Deserialize)]
pub struct UnitForm {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub parent: String,
    #[serde(default)]
    pub headcount: String,
}

impl UnitForm {
    fn of(unit: &WorkUnit) -> Self {
        UnitForm {
            code: unit.code.clone(),
            name: unit.name.clone(),
            kind: unit.kind.as_str().to_owned(),
            parent: unit.parent_id.map(|p| p.to_string()).unwrap_or_default(),
            headcount: unit.headcount.map(|h| h.to_string()).unwrap_or_default(),
        }
    }

    fn parse(&self, ctx: &PageCtx) -> Result<UnitFields, FormErrors> {
        let mut errors = FormErrors::default();
        let code = self.code.trim().to_uppercase();
        let code_ok = (1..=32).contains(&code.len())
            && code
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
            && !code.starts_with('-');
        if !code_ok {
            errors.add("code", ctx.t.t("org-unit-error-code"));
        }
        let name = self.name.trim();
        if !(1..=200).contains(&name.chars().count()) {
            errors.add("name", ctx.t.t("org-unit-error-name"));
        }
        let kind = self.kind.parse::<UnitKind>().ok();
        if kind.is_none() {
            errors.add("kind", ctx.t.t("org-unit-error-kind"));
        }
        let parent = if self.parent.trim().is_empty() {
            Some(None)
        } else {
            self.parent.trim().parse::<Uuid>().ok().map(Some)
        };
        if parent.is_none() {
            errors.add("parent", ctx.t.t("org-unit-error-parent"));
        }
        let headcount = if self.headcount.trim().is_empty() {
            Some(None)
        } else {
            self.headcount
                .trim()
                .parse::<i32>()
                .ok()
                .filter(|h| (0..=1_000_000).contains(h))
                .map(Some)
        };
        if headcount.is_none() {
            errors.add("headcount", ctx.t.t("org-unit-error-headcount"));
        }
        match (kind, parent, headcount) {
            (Some(kind), Some(parent_id), Some(headcount)) if errors.is_empty() => Ok(UnitFields {
                code,
                name: name.to_owned(),
                kind: kind.as_str().to_owned(),
                parent_id,
                headcount,
            }),
            _ => Err(errors),
        }
    }
}

pub struct UnitRow {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub kind_key: String,
    pub parent: String,
    pub headcount: String,
}

#[derive(Template)]
#[template(path = "admin/units.html")]
struct UnitsPage {
    ctx: PageCtx,
    units: Vec<UnitRow>,
    /// The unit being edited (`None`: the add form).
    editing: Option<Uuid>,
    form: UnitForm,
    errors: FormErrors,
    notice: Option<Notice>,
    kinds: Vec<(&'static str, String)>,
    parents: Vec<(Uuid, String)>,
}

async fn respond(
    req: &HttpRequest,
    pool: &web::Data<PgPool>,
    status: StatusCode,
    editing: Option<Uuid>,
    form: Option<UnitForm>,
    errors: FormErrors,
    notice: Option<Notice>,
) -> Result<HttpResponse, AppError> {
    let ctx = PageCtx::new(req);
    let all = with_conn(pool, |conn| Ok(WorkUnit::list(conn)?)).await?;
    let form = match (form, editing) {
        (Some(f), _) => f,
        (None, Some(id)) => {
            UnitForm::of(all.iter().find(|u| u.id == id).ok_or(AppError::NotFound)?)
        }
        (None, None) => UnitForm {
            kind: UnitKind::Other.as_str().to_owned(),
            ..UnitForm::default()
        },
    };
    let name_of = |id: Option<Uuid>| {
        id.and_then(|id| all.iter().find(|u| u.id == id))
            .map(|u| u.name.clone())
            .unwrap_or_default()
    };
    let units = all
        .iter()
        .map(|u| UnitRow {
            id: u.id,
            code: u.code.clone(),
            name: u.name.clone(),
            kind_key: format!("org-unit-kind-{}", u.kind.as_str()),
            parent: name_of(u.parent_id),
            headcount: u
                .headcount
                .map(|h| ctx.t.number(i64::from(h)))
                .unwrap_or_default(),
        })
        .collect();
    let kinds = UnitKind::ALL
        .iter()
        .map(|k| {
            (
                k.as_str(),
                ctx.t.t(&format!("org-unit-kind-{}", k.as_str())),
            )
        })
        .collect();
    let parents = all
        .iter()
        .filter(|u| Some(u.id) != editing)
        .map(|u| (u.id, format!("{} ({})", u.name, u.code)))
        .collect();
    respond::html(
        status,
        &UnitsPage {
            ctx,
            units,
            editing,
            form,
            errors,
            notice,
            kinds,
            parents,
        },
    )
}

/// `GET /admin/units`
pub async fn list(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    _: Organizer,
) -> Result<HttpResponse, AppError> {
    let notice = req
        .query_string()
        .contains("saved=1")
        .then(|| Notice::ok(PageCtx::new(&req).t.t("org-drive-saved")));
    respond(
        &req,
        &pool,
        StatusCode::OK,
        None,
        None,
        FormErrors::default(),
        notice,
    )
    .await
}

/// `GET /admin/units/{id}`: the list with this unit's edit form.
pub async fn edit(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    id: web::Path<Uuid>,
    _: Organizer,
) -> Result<HttpResponse, AppError> {
    respond(
        &req,
        &pool,
        StatusCode::OK,
        Some(id.into_inner()),
        None,
        FormErrors::default(),
        None,
    )
    .await
}

async fn save(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    me: CurrentStaff,
    id: Option<Uuid>,
    form: UnitForm,
) -> Result<HttpResponse, AppError> {
    let ctx = PageCtx::new(&req);
    let fields = match form.parse(&ctx) {
        Ok(f) => f,
        Err(errors) => {
            let notice = Some(Notice::bad(ctx.t.count(
                "org-form-errors",
                "count",
                errors.len(),
            )));
            return respond(
                &req,
                &pool,
                StatusCode::UNPROCESSABLE_ENTITY,
                id,
                Some(form),
                errors,
                notice,
            )
            .await;
        }
    };
    let ip = client_ip(&req);
    let outcome = with_conn(&pool, move |conn| {
        let actor = Actor::Staff(me.id);
        let result = match id {
            Some(id) => unit_admin::update(conn, id, &fields, actor, ip.as_deref()),
            None => unit_admin::create(conn, &fields, actor, ip.as_deref()),
        };
        match result {
            Ok(_) => Ok(None),
            Err(UnitAdminError::CodeTaken) => Ok(Some(("code", "org-unit-error-code-taken"))),
            Err(UnitAdminError::ParentLoop) => Ok(Some(("parent", "org-unit-error-parent-loop"))),
            Err(UnitAdminError::UnknownParent) => Ok(Some(("parent", "org-unit-error-parent"))),
            Err(UnitAdminError::Database(DieselError::NotFound)) => Err(AppError::NotFound),
            Err(UnitAdminError::Database(e)) => Err(e.into()),
        }
    })
    .await?;
    match outcome {
        None => Ok(HttpResponse::SeeOther()
            .insert_header((header::LOCATION, "/admin/units?saved=1"))
            .finish()),
        Some((field, key)) => {
            let mut errors = FormErrors::default();
            errors.add(field, ctx.t.t(key));
            let notice = Some(Notice::bad(ctx.t.count("org-form-errors", "count", 1)));
            respond(
                &req,
                &pool,
                StatusCode::CONFLICT,
                id,
                Some(form),
                errors,
                notice,
            )
            .await
        }
    }
}

/// `POST /admin/units`: adds a unit.
pub async fn create(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    Organizer(me): Organizer,
    form: web::Form<UnitForm>,
) -> Result<HttpResponse, AppError> {
    save(req, pool, me, None, form.into_inner()).await
}

/// `POST /admin/units/{id}`: saves a unit.
pub async fn update(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    Organizer(me): Organizer,
    id: web::Path<Uuid>,
    form: web::Form<UnitForm>,
) -> Result<HttpResponse, AppError> {
    save(req, pool, me, Some(id.into_inner()), form.into_inner()).await
}
