//! `library` component: search, folders and tags, prompt templates, share links, and
//! (in `transfer`) export, import, backup and restore.

use super::Call;
use super::not_found;
use super::routes::{Access, Route};
use crate::error::ApiResult;
use crate::platform::Platform;
use crate::web::Response;
use http::Method;

/// The routes of the `library` component.
pub static ROUTES: &[Route] = &[
    Route::new(Method::GET, "/api/search", Access::User, "search"),
    Route::new(Method::GET, "/api/folders", Access::User, "list_folders"),
    Route::new(Method::POST, "/api/folders", Access::User, "create_folder"),
    Route::new(Method::PATCH, "/api/folders/{id}", Access::User, "rename_folder"),
    Route::new(Method::DELETE, "/api/folders/{id}", Access::User, "delete_folder"),
    Route::new(Method::GET, "/api/tags", Access::User, "list_tags"),
    Route::new(Method::GET, "/api/templates", Access::User, "list_templates"),
    Route::new(Method::POST, "/api/templates", Access::User, "create_template"),
    Route::new(Method::PATCH, "/api/templates/{id}", Access::User, "patch_template"),
    Route::new(Method::DELETE, "/api/templates/{id}", Access::User, "delete_template"),
    Route::new(Method::GET, "/api/shares", Access::User, "list_shares"),
    Route::new(Method::POST, "/api/shares", Access::User, "create_share"),
    Route::new(Method::DELETE, "/api/shares/{id}", Access::User, "delete_share"),
    Route::new(Method::GET, "/api/shared/{token}", Access::Public, "shared"),
    Route::new(Method::GET, "/api/shared/{token}/images/{image_id}", Access::Public, "shared_image"),
    Route::new(Method::GET, "/api/export", Access::User, "export_all"),
    Route::new(Method::GET, "/api/export/{id}", Access::User, "export_one"),
    Route::new(Method::POST, "/api/import", Access::User, "import"),
    Route::new(Method::GET, "/api/admin/backup", Access::Admin, "backup"),
    Route::new(Method::POST, "/api/restore", Access::Public, "restore"),
];

pub async fn dispatch<P: Platform>(p: &P, call: &Call) -> ApiResult<Response> {
    use super::{folders, search, shares, templates, transfer};
    match call.matched.route.name {
        "search" => search::search(p, call).await,
        "list_folders" => folders::list_folders(p, call).await,
        "create_folder" => folders::create_folder(p, call).await,
        "rename_folder" => folders::rename_folder(p, call).await,
        "delete_folder" => folders::delete_folder(p, call).await,
        "list_tags" => folders::list_tags(p, call).await,
        "list_templates" => templates::list(p, call).await,
        "create_template" => templates::create(p, call).await,
        "patch_template" => templates::patch(p, call).await,
        "delete_template" => templates::delete(p, call).await,
        "list_shares" => shares::list(p, call).await,
        "create_share" => shares::create(p, call).await,
        "delete_share" => shares::delete(p, call).await,
        "shared" => shares::shared(p, call).await,
        "shared_image" => shares::shared_image(p, call).await,
        "export_all" => transfer::export_all(p, call).await,
        "export_one" => transfer::export_one(p, call).await,
        "import" => transfer::import(p, call).await,
        "backup" => transfer::backup(p, call).await,
        "restore" => transfer::restore(p, call).await,
        _ => Err(not_found()),
    }
}
