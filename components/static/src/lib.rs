//! Spin component `static`: a thin adapter over `nexus_core::api::static_files`,
//! serving `frontend/dist` (mounted at `/` by spin.toml).

#[spin_sdk::http_service]
async fn handle(req: spin_sdk::http::Request) -> impl spin_sdk::http::IntoResponse {
    nexus_spin::serve(nexus_core::api::StaticFiles { root: nexus_spin::static_root() }, req).await
}
