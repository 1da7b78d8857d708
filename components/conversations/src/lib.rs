//! Spin component `conversations`: a thin adapter over `nexus_core::api::conversations`.

#[spin_sdk::http_service]
async fn handle(req: spin_sdk::http::Request) -> impl spin_sdk::http::IntoResponse {
    nexus_spin::serve(nexus_core::api::ConversationsApi, req).await
}
