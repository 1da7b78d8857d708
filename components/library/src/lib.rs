//! Spin component `library`: a thin adapter over `nexus_core::api::library`.

#[spin_sdk::http_service]
async fn handle(req: spin_sdk::http::Request) -> impl spin_sdk::http::IntoResponse {
    nexus_spin::serve(nexus_core::api::LibraryApi, req).await
}
