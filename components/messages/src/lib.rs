//! Spin component `messages`: a thin adapter over `nexus_core::api::messages`.

#[spin_sdk::http_service]
async fn handle(req: spin_sdk::http::Request) -> impl spin_sdk::http::IntoResponse {
    nexus_spin::serve(nexus_core::api::MessagesApi, req).await
}
