//! Spin component `accounts`: a thin adapter over `nexus_core::api::accounts` (sign-in,
//! sessions, profile, the admin's user management). Its own component because a
//! password hash keeps argon2's memory (9 MiB) resident in the instance that ran it:
//! the components that stream replies never hash.

#[spin_sdk::http_service]
async fn handle(req: spin_sdk::http::Request) -> impl spin_sdk::http::IntoResponse {
    nexus_spin::serve(nexus_core::api::AccountsApi, req).await
}
