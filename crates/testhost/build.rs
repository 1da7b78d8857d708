//! Sets `cfg(spin_available)` when the `spin` CLI is on PATH at build time, so the
//! end-to-end tests' Spin variants are marked ignored (reported as skipped, not as
//! passed) where Spin is absent.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(spin_available)");
    println!("cargo:rerun-if-env-changed=PATH");
    let found = std::process::Command::new("spin").arg("--version").output().is_ok_and(|o| o.status.success());
    if found {
        println!("cargo:rustc-cfg=spin_available");
    }
}
