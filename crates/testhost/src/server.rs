//! The test host's HTTP server: routes each request as Spin would (from spin.toml) to
//! the same `nexus_core::handle` the components call, and streams replies the way the
//! Spin adapter does (a channel body fed by a spawned generation).

use crate::manifest::Manifest;
use crate::platform::NativePlatform;
use anyhow::Result;
use bytes::Bytes;
use http_body::{Body, Frame};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use nexus_core::platform::{Delivery, EventSink};
use nexus_core::web::BodyReader;
use nexus_core::{Component, Reply};
use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use tokio::sync::mpsc;

pub struct App {
    pub manifest: Manifest,
    pub platform: NativePlatform,
}

impl App {
    pub fn new(manifest_path: &Path, db_path: PathBuf, overrides: &HashMap<String, String>) -> Result<App> {
        let manifest = Manifest::load(manifest_path)?;
        let platform = NativePlatform::new(db_path, &manifest.variables, overrides);
        Ok(App { manifest, platform })
    }
}

/// A response body: whole, or fed by a channel (server-sent events).
pub enum AppBody {
    Full(Option<Bytes>),
    Channel(mpsc::Receiver<Bytes>),
}

impl Body for AppBody {
    type Data = Bytes;
    type Error = Infallible;
    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match self.get_mut() {
            AppBody::Full(b) => Poll::Ready(b.take().map(|b| Ok(Frame::data(b)))),
            AppBody::Channel(rx) => rx.poll_recv(cx).map(|o| o.map(|b| Ok(Frame::data(b)))),
        }
    }
}

/// Events queued for one client; as on Spin (spin-sdk's `body::stream`), at most this many.
pub const CLIENT_BUFFER_EVENTS: usize = 1024;

struct ChannelSink(mpsc::Sender<Bytes>);

impl EventSink for ChannelSink {
    fn offer(&mut self, bytes: Vec<u8>) -> Delivery {
        match self.0.try_send(Bytes::from(bytes)) {
            Ok(()) => Delivery::Sent,
            Err(mpsc::error::TrySendError::Full(_)) => Delivery::Full,
            Err(mpsc::error::TrySendError::Closed(_)) => Delivery::Gone,
        }
    }
}

fn plain(status: u16, text: &str) -> http::Response<AppBody> {
    let mut r = http::Response::new(AppBody::Full(Some(Bytes::from(text.to_owned()))));
    *r.status_mut() = http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    r
}

/// Reads the body ([`BodyReader`]: reserved as it arrives, at most one byte past the
/// path's limit kept; the rest read and dropped, so a client still sending gets the
/// core's 413 instead of a connection closed under it).
async fn read_body(parts: http::request::Parts, mut body: Incoming) -> Result<http::Request<Vec<u8>>> {
    let mut reader = BodyReader::new(parts.uri.path(), &parts.headers);
    while let Some(frame) = body.frame().await {
        if let Some(data) = frame?.data_ref() {
            reader.push(data);
        }
    }
    Ok(reader.finish(parts))
}

pub async fn handle(app: Rc<App>, req: http::Request<Incoming>) -> Result<http::Response<AppBody>, Infallible> {
    let Some(route) = app.manifest.route(req.uri().path()) else {
        return Ok(plain(404, "Not Found"));
    };
    let root = app.manifest.files.get(&route.component).cloned().unwrap_or_default();
    let Some(component) = Component::from_id(&route.component, root) else {
        return Ok(plain(500, "unknown component in spin.toml"));
    };
    let (parts, body) = req.into_parts();
    let req = match read_body(parts, body).await {
        Ok(r) => r,
        Err(_) => return Ok(plain(400, "could not read the request body")),
    };
    Ok(match nexus_core::handle(&component, &app.platform, req).await {
        Reply::Full(resp) => resp.map(|b| AppBody::Full(Some(Bytes::from(b)))),
        Reply::Stream { headers, job } => {
            let (tx, rx) = mpsc::channel(CLIENT_BUFFER_EVENTS);
            let platform = app.platform.clone();
            tokio::task::spawn_local(async move { job.run(platform, ChannelSink(tx)).await });
            let mut resp = http::Response::new(AppBody::Channel(rx));
            for (k, v) in headers {
                if let (Ok(k), Ok(v)) = (http::HeaderName::try_from(k), http::HeaderValue::try_from(v)) {
                    resp.headers_mut().insert(k, v);
                }
            }
            resp
        }
    })
}

/// Accepts connections forever (run inside a `LocalSet`).
pub async fn serve(listener: tokio::net::TcpListener, app: Rc<App>) -> Result<()> {
    accept_loop(listener, move |req| handle(app.clone(), req)).await
}

/// Serves HTTP/1.1 on every accepted connection with `handler`, each on a local task.
pub async fn accept_loop<H, Fut, B>(listener: tokio::net::TcpListener, handler: H) -> Result<()>
where
    H: Fn(http::Request<Incoming>) -> Fut + Clone + 'static,
    Fut: std::future::Future<Output = Result<http::Response<B>, Infallible>> + 'static,
    B: Body + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    loop {
        let (stream, peer) = listener.accept().await?;
        let _ = stream.set_nodelay(true);
        let handler = handler.clone();
        // As Spin does: the client's address and port in `spin-client-addr` (replacing
        // any the client sent).
        let peer = http::HeaderValue::try_from(peer.to_string()).ok();
        tokio::task::spawn_local(async move {
            let service = hyper::service::service_fn(move |mut req: http::Request<Incoming>| {
                if let Some(p) = &peer {
                    req.headers_mut().insert("spin-client-addr", p.clone());
                }
                handler(req)
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
        });
    }
}

/// Runs a single-threaded runtime with a `LocalSet` (the core's futures are not `Send`,
/// like a Spin instance's).
pub fn run_local<F: std::future::Future>(f: F) -> F::Output {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("tokio runtime");
    tokio::task::LocalSet::new().block_on(&rt, f)
}

/// Starts the test host on `addr` in a background thread; returns the bound address.
pub fn start_in_thread(
    manifest_path: PathBuf,
    db_path: PathBuf,
    overrides: HashMap<String, String>,
    addr: SocketAddr,
) -> Result<SocketAddr> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        run_local(async move {
            let setup = async {
                let app = Rc::new(App::new(&manifest_path, db_path, &overrides)?);
                let listener = tokio::net::TcpListener::bind(addr).await?;
                Ok::<_, anyhow::Error>((app, listener))
            };
            match setup.await {
                Ok((app, listener)) => {
                    let _ = tx.send(listener.local_addr().map_err(anyhow::Error::from));
                    let _ = serve(listener, app).await;
                }
                Err(e) => {
                    let _ = tx.send(Err(e));
                }
            }
        })
    });
    rx.recv()?
}
