// The client of scripts/check-caddy.sh: talks to Nexus as a browser would — through
// Caddy over https (the certificate verified against Caddy's root) or straight to the
// test host over http — and checks that a reply streams token by token.
//
//   node scripts/check-caddy-client.mjs --base URL [--ca root.crt] [--label NAME]
//        [--redirect-from http://…] [--other-addr 127.0.0.2] [--big-import]
//
// Signs in (sets the instance up on the first run), creates a conversation, sends a
// message whose fake reply comes DELAY_MS per word, and records when each `delta` event
// arrives — over HTTP/1.1 and, on https, over HTTP/2 too. Fails (exit 1, saying what
// went wrong) unless: each reply is complete; its first delta arrives long before `done`;
// the arrivals spread over the time the fake takes, in many bursts (not all at the end);
// a follower joining mid-reply gets the rest as it comes, uncompressed. On https also:
// the certificate verifies with Caddy's root and not without it, the session cookie is
// Secure, a POST passes Nexus's Origin check and a foreign Origin is refused, JSON is
// compressed; with the options: http redirects to https, a connection without a server
// name (another local address) gets the site's certificate, a 60 MiB import goes through.
// Prints the figures, then the same as JSON on the last line.
import http from 'node:http';
import https from 'node:https';
import http2 from 'node:http2';
import { readFileSync } from 'node:fs';
import zlib from 'node:zlib';

const args = {};
for (let i = 2; i < process.argv.length; i++) {
  const k = process.argv[i].replace(/^--/, '');
  const next = process.argv[i + 1];
  if (next === undefined || next.startsWith('--')) args[k] = true;
  else { args[k] = next; i++; }
}
if (!args.base) { console.error('usage: check-caddy-client.mjs --base URL [--ca root.crt] …'); process.exit(2); }

const BASE = new URL(args.base);
const ORIGIN = BASE.origin;
const TLS = BASE.protocol === 'https:';
const CA = args.ca ? readFileSync(args.ca) : undefined;
const LABEL = args.label ?? (TLS ? 'through Caddy' : 'direct');
/** Time between two words of the fake reply (fake_upstream.rs `delay=`): long enough that a buffering proxy shows. */
const DELAY_MS = Number(process.env.CHECK_CADDY_DELAY_MS ?? 40);
/** Filler words after "You said: …" (`words=`): with DELAY_MS, a stream of ~2 s. */
const WORDS = Number(process.env.CHECK_CADDY_WORDS ?? 40);
/** Arrivals closer than this belong to one burst. */
const BURST_GAP_MS = 10;
const USER = { username: 'caddycheck', password: 'caddy-check-password' };
/** A browser's Accept-Encoding, less zstd (which Node 20's zlib cannot decode). */
const ACCEPT_ENCODING = 'gzip, deflate, br';

const t0 = performance.now();
const now = () => performance.now() - t0;
function fail(msg) {
  console.error(`FAIL (${LABEL}): ${msg}`);
  process.exit(1);
}

/** One request; resolves with the response (body not read) or rejects on a transport error. */
function send(method, path, { headers = {}, body, ca = CA, base = BASE, servername, checkServerIdentity } = {}) {
  const url = new URL(path, base);
  const lib = url.protocol === 'https:' ? https : http;
  const opts = { method, headers: { 'accept-encoding': ACCEPT_ENCODING, ...headers }, agent: false };
  if (url.protocol === 'https:') {
    if (ca) opts.ca = ca; // null: Node's own list of CAs (the machine's)
    opts.rejectUnauthorized = true;
    if (servername) opts.servername = servername;
    if (checkServerIdentity) opts.checkServerIdentity = checkServerIdentity;
  }
  return new Promise((resolve, reject) => {
    const req = lib.request(url, opts, resolve);
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`no answer to ${method} ${path} in 30 s`)));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** The body, decoded as the server's Content-Encoding says, as a readable stream. */
function decoded(res, headers = res.headers) {
  const enc = (headers['content-encoding'] ?? '').trim();
  if (!enc || enc === 'identity') return res;
  const dec = { gzip: zlib.createGunzip, deflate: zlib.createInflate, br: zlib.createBrotliDecompress }[enc];
  if (!dec) fail(`unexpected Content-Encoding ${enc}`);
  return res.pipe(dec());
}

async function text(res, headers = res.headers) {
  let s = '';
  for await (const chunk of decoded(res, headers)) s += chunk;
  return s;
}

let cookie = '';
async function api(method, path, json, extra = {}) {
  const headers = { origin: ORIGIN, ...(cookie && { cookie }), ...extra };
  let body;
  if (json !== undefined) {
    body = typeof json === 'string' || Buffer.isBuffer(json) ? json : JSON.stringify(json);
    headers['content-type'] = 'application/json';
    headers['content-length'] = Buffer.byteLength(body);
  }
  const res = await send(method, path, { headers, body }).catch((e) => fail(`${method} ${path}: ${e.message}`));
  const raw = await text(res);
  let data;
  try { data = raw ? JSON.parse(raw) : null; } catch { data = raw; }
  return { status: res.statusCode, headers: res.headers, data };
}

// --- 1. TLS: the certificate verifies with Caddy's root, and only with it.
const figures = { label: LABEL, base: ORIGIN };
if (TLS) {
  if (!CA) fail('--ca (Caddy\'s root certificate) is required for https');
  const untrusted = await send('GET', '/api/health', { ca: null }).then(
    (res) => { res.resume(); return null; },
    (e) => e,
  );
  if (!untrusted) fail('the certificate was accepted without Caddy\'s root: it is not the internal CA\'s');
  const started = now();
  let handshake;
  const res = await new Promise((resolve, reject) => {
    const req = https.request(new URL('/api/health', BASE), { ca: CA, agent: false }, resolve);
    req.on('socket', (s) => s.once('secureConnect', () => (handshake = now() - started)));
    req.on('error', reject);
    req.end();
  }).catch((e) => fail(`TLS with Caddy's root as the only CA: ${e.code ?? ''} ${e.message}`));
  if (!res.socket.authorized) fail(`TLS not verified: ${res.socket.authorizationError}`);
  const cert = res.socket.getPeerCertificate(true);
  figures.tls = { protocol: res.socket.getProtocol(), subjectaltname: cert.subjectaltname, issuer: cert.issuer?.CN, root: cert.issuerCertificate?.issuerCertificate?.subject?.CN ?? cert.issuerCertificate?.subject?.CN, handshake_ms: Math.round(handshake) };
  figures.untrusted_error = untrusted.code;
  res.resume();
  if (res.statusCode !== 200) fail(`GET /api/health through the proxy: HTTP ${res.statusCode}`);
}

// --- 2. Plain http on the proxy's port 80 redirects to https.
if (args['redirect-from']) {
  const res = await send('GET', '/api/health?x=1', { base: new URL(args['redirect-from']) }).catch((e) => fail(`http redirect: ${e.message}`));
  res.resume();
  // Caddy takes its https_port for an inside one (the compose file publishes it as 443),
  // so the redirect names the standard port: https://<host>/…
  const target = new URL('/api/health?x=1', BASE);
  target.port = '';
  const want = target.href;
  if (![301, 302, 307, 308].includes(res.statusCode) || res.headers.location !== want) {
    fail(`http://… should redirect to ${want}; got HTTP ${res.statusCode} Location ${res.headers.location}`);
  }
  figures.redirect = `${res.statusCode} → ${res.headers.location}`;
}

// --- 3. A browser given an IP sends no server name (SNI), and in Docker Caddy sees the
// container's address, not the one the phone typed: still the site's certificate.
if (args['other-addr']) {
  const other = new URL(BASE);
  other.hostname = args['other-addr'];
  const res = await send('GET', '/api/health', {
    base: other,
    headers: { host: BASE.host },
    checkServerIdentity: (_h, cert) => (cert.subjectaltname?.includes(BASE.hostname) ? undefined : new Error(`certificate for ${cert.subjectaltname}, not ${BASE.hostname}`)),
  }).catch((e) => fail(`no-SNI connection to ${other.host} (default_sni): ${e.code ?? ''} ${e.message}`));
  res.resume();
  if (res.statusCode !== 200) fail(`no-SNI request to ${other.host}: HTTP ${res.statusCode}`);
  figures.no_sni = `ok via ${other.host}`;
}

// --- 4. Sign in (set the instance up the first time): the cookie set through the proxy.
const status = await api('GET', '/api/auth/status');
if (status.status !== 200) fail(`GET /api/auth/status: HTTP ${status.status} ${JSON.stringify(status.data)}`);
const auth = status.data.setup_required ? await api('POST', '/api/auth/setup', USER) : await api('POST', '/api/auth/login', USER);
if (![200, 201].includes(auth.status)) fail(`sign-in: HTTP ${auth.status} ${JSON.stringify(auth.data)}`);
const setCookie = [auth.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('nexus_session='));
if (!setCookie) fail('sign-in set no nexus_session cookie');
const secure = /;\s*Secure(;|$)/i.test(setCookie);
if (TLS && !secure) fail(`the session cookie set over https is not Secure (X-Forwarded-Proto not passed?): ${setCookie.replace(/=[^;]+/, '=…')}`);
if (!TLS && secure) fail('the session cookie set over plain http is Secure: the browser would drop it');
cookie = setCookie.split(';')[0];
figures.cookie_secure = secure;

// --- 5. A POST with the browser's Origin passes Nexus's CSRF check (Origin against the
// Host the proxy passed on); a foreign Origin is refused.
const conv = await api('POST', '/api/conversations', {});
if (conv.status !== 201) fail(`POST /api/conversations with Origin ${ORIGIN}: HTTP ${conv.status} ${JSON.stringify(conv.data)}`);
const convId = conv.data.id ?? conv.data.conversation?.id;
if (!convId) fail(`POST /api/conversations: no id in ${JSON.stringify(conv.data)}`);
const foreign = await api('POST', '/api/conversations', {}, { origin: 'https://evil.example' });
if (foreign.status !== 403 || foreign.data?.code !== 'cross_site') fail(`a POST from Origin https://evil.example: HTTP ${foreign.status} ${JSON.stringify(foreign.data)}, want 403 cross_site`);

// --- 6. The stream: over HTTP/1.1, and on https also over HTTP/2 (what a browser
// negotiates with Caddy). Each arrival of a `delta` event is timed.
const prompt = 'Stream this through the proxy';
const expected = `You said: ${prompt}` + Array.from({ length: WORDS }, (_, i) => (i % 2 === 0 ? ' lorem' : ' ipsum')).join('');
const sendBody = JSON.stringify({ content: `${prompt} [[delay=${DELAY_MS} words=${WORDS}]]` });
const sendHeaders = { origin: ORIGIN, 'content-type': 'application/json', accept: 'text/event-stream', 'accept-encoding': ACCEPT_ENCODING };

/** Opens the send over HTTP/1.1: resolves with { status, headers, stream }. */
async function sendH1() {
  const res = await send('POST', `/api/conversations/${convId}/messages`, {
    headers: { ...sendHeaders, cookie, 'content-length': Buffer.byteLength(sendBody) },
    body: sendBody,
  }).catch((e) => fail(`send: ${e.message}`));
  return { status: res.statusCode, headers: res.headers, stream: res, version: `HTTP/${res.httpVersion}` };
}

/** Opens the send over HTTP/2 (ALPN h2, as a browser does). */
let h2session;
async function sendH2() {
  h2session = http2.connect(ORIGIN, { ca: CA });
  h2session.on('error', (e) => fail(`HTTP/2 session: ${e.message}`));
  const req = h2session.request({ ':method': 'POST', ':path': `/api/conversations/${convId}/messages`, ...sendHeaders, cookie });
  req.end(sendBody);
  const headers = await new Promise((resolve, reject) => { req.once('response', resolve); req.once('error', reject); }).catch((e) => fail(`send over HTTP/2: ${e.message}`));
  return { status: headers[':status'], headers, stream: req, version: `HTTP/2 (${h2session.alpnProtocol})` };
}

/** Sends the message, reads the event stream, checks it arrived progressively; returns the figures. */
async function stream(open) {
  const sent = now();
  const res = await open();
  if (res.status !== 200) fail(`send: HTTP ${res.status} ${await text(res.stream, res.headers)}`);
  if (!String(res.headers['content-type']).startsWith('text/event-stream')) fail(`send: Content-Type ${res.headers['content-type']}`);
  const deltas = []; // [ms since sent, text]
  let done = null;
  let error = null;
  let buf = '';
  const encoding = res.headers['content-encoding'] ?? 'none';
  for await (const chunk of decoded(res.stream, res.headers)) {
    const at = now() - sent;
    buf += chunk;
    let i;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
      if (!data) continue;
      const ev = JSON.parse(data);
      if (ev.type === 'delta') deltas.push([at, ev.content]);
      else if (ev.type === 'done') done = { at, ...ev };
      else if (ev.type === 'error') error = ev;
    }
  }
  const ended = now() - sent;
  const where = `(${res.version})`;
  if (error) fail(`${where} the reply ended with an error event: ${JSON.stringify(error)}`);
  if (!done) fail(`${where} the stream ended without done after ${deltas.length} deltas`);
  const reply = deltas.map(([, t]) => t).join('');
  if (reply !== expected) fail(`${where} the reply is not complete: got ${JSON.stringify(reply)}, want ${JSON.stringify(expected)}`);
  if (done.status !== 'completed') fail(`${where} done.status ${done.status}`);
  const first = deltas[0][0];
  const last = deltas[deltas.length - 1][0];
  let bursts = 1;
  for (let k = 1; k < deltas.length; k++) if (deltas[k][0] - deltas[k - 1][0] > BURST_GAP_MS) bursts++;
  const words = expected.split(' ').length;
  const producing = (words - 1) * DELAY_MS; // how long the fake takes from the first word to the last
  const f = {
    version: res.version, content_encoding: encoding, deltas: deltas.length, message_id: done.message_id,
    first_delta_ms: Math.round(first), last_delta_ms: Math.round(last), done_ms: Math.round(done.at),
    stream_ms: Math.round(ended), spread_ms: Math.round(last - first), bursts, producing_ms: producing,
  };
  // Progressive: the first delta comes well before the end, the arrivals span most of
  // the time the fake spends producing them, in many separate bursts.
  if (done.at - first < 0.6 * producing) fail(`${where} the first delta arrived ${f.first_delta_ms} ms after sending, done at ${f.done_ms} ms: buffered (the fake produces for ${producing} ms)`);
  if (last - first < 0.6 * producing) fail(`${where} the deltas arrived within ${f.spread_ms} ms of each other, while the fake spread them over ${producing} ms: buffered`);
  if (bursts < Math.min(deltas.length, words) / 2) fail(`${where} the ${deltas.length} deltas arrived in only ${bursts} bursts: buffered`);
  return f;
}

const runs = [await stream(sendH1)];
if (TLS) {
  runs.push(await stream(sendH2));
  h2session.close();
}
Object.assign(figures, runs[0]);
figures.runs = runs;

// --- 7. Compression: Caddy compresses JSON (so it is on), never an event stream. The
// case that shows it: a follower joining a reply mid-way (a phone reopening the app)
// gets the text so far in one piece, larger than encode's 512-byte minimum, so Caddy's
// default match (text/*) would compress that stream — and Caddy 2.6 then holds the rest
// in the gzip encoder until the reply ends. The follower must get the rest as it comes.
/** Filler words of the followed reply; the follower joins after JOIN_AFTER of them (~700 characters). */
const FOLLOW_WORDS = 260;
const JOIN_AFTER = 110;
const FOLLOW_DELAY_MS = 20;
/** Nexus saves a reply's text every 150 ms and followers read what is saved: their bursts come that far apart. */
const SAVE_EVERY_MS = 150;
async function follower() {
  const content = `Follow me [[delay=${FOLLOW_DELAY_MS} words=${FOLLOW_WORDS}]]`;
  const want = 'You said: Follow me' + Array.from({ length: FOLLOW_WORDS }, (_, i) => (i % 2 === 0 ? ' lorem' : ' ipsum')).join('');
  const b = JSON.stringify({ content });
  const writer = await send('POST', `/api/conversations/${convId}/messages`, {
    headers: { origin: ORIGIN, cookie, 'content-type': 'application/json', 'content-length': Buffer.byteLength(b) }, body: b,
  }).catch((e) => fail(`send: ${e.message}`));
  let messageId = null;
  let writerDeltas = 0;
  let joined;
  const ready = new Promise((r) => (joined = r));
  const writerDone = (async () => {
    let buf = '';
    for await (const c of decoded(writer)) {
      buf += c;
      messageId ??= buf.match(/"message_id":"([^"]+)"/)?.[1];
      writerDeltas = (buf.match(/"type":"delta"/g) ?? []).length;
      if (messageId && writerDeltas >= JOIN_AFTER) joined();
    }
    joined();
    if (!buf.includes('"type":"done"')) fail(`the followed reply's own stream has no done`);
  })();
  await ready;
  const atJoin = writerDeltas;
  const t = now();
  const res = await send('GET', `/api/conversations/${convId}/messages/${messageId}/stream?offset=0`, { headers: { cookie, accept: 'text/event-stream' } })
    .catch((e) => fail(`follow: ${e.message}`));
  if (res.statusCode !== 200) fail(`follow: HTTP ${res.statusCode}`);
  const encoding = res.headers['content-encoding'] ?? 'none';
  const arrivals = []; // [ms, characters of reply text in this chunk]
  let got = '';
  let done = false;
  let buf = '';
  for await (const chunk of decoded(res)) {
    const at = now() - t;
    buf += chunk;
    let n = 0;
    let i;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const data = buf.slice(0, i).split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
      buf = buf.slice(i + 2);
      if (!data) continue;
      const ev = JSON.parse(data);
      if (ev.type === 'delta') { got += ev.content; n += ev.content.length; }
      if (ev.type === 'done') done = true;
    }
    if (n) arrivals.push([at, n]);
  }
  await writerDone;
  if (!done || got !== want) fail(`the follower's reply is not complete (done: ${done}, ${got.length} of ${want.length} characters)`);
  const catchUp = arrivals[0][1];
  const rest = arrivals.slice(1);
  const spread = rest.length ? rest[rest.length - 1][0] - arrivals[0][0] : 0;
  const remaining = (FOLLOW_WORDS + 3 - atJoin) * FOLLOW_DELAY_MS; // roughly what the fake still had to produce on joining
  const f = { content_encoding: encoding, catch_up_chars: catchUp, bursts_after: rest.length, spread_ms: Math.round(spread), remaining_ms: remaining };
  if (catchUp < 512) fail(`the follower's catch-up was only ${catchUp} characters: too small to show what compression would do`);
  if (spread < 0.5 * remaining || rest.length < remaining / SAVE_EVERY_MS / 2) {
    fail(`the follower got the rest of the reply (Content-Encoding ${encoding}) in ${rest.length} bursts over ${f.spread_ms} ms, while the fake produced it over ~${remaining} ms: buffered`);
  }
  if (encoding !== 'none') fail(`a follower's event stream came compressed (${encoding}): an encoder may hold events back`);
  return f;
}
figures.follower = await follower();
if (TLS) {
  const exp = await send('GET', `/api/export/${convId}`, { headers: { cookie } }).catch((e) => fail(`export: ${e.message}`));
  const expBody = await text(exp);
  figures.json_encoding = exp.headers['content-encoding'] ?? 'none';
  if (expBody.length > 1024 && figures.json_encoding === 'none') fail(`a ${expBody.length}-byte JSON answer came uncompressed: encode is not working`);
}

// --- 8. A big import (near the 64 MiB limit) goes through whole.
if (args['big-import']) {
  const exp = await api('GET', `/api/export/${convId}`);
  if (exp.status !== 200) fail(`GET /api/export/${convId}: HTTP ${exp.status}`);
  const doc = Buffer.from(JSON.stringify(exp.data));
  const size = 60 * 1024 * 1024;
  const big = Buffer.alloc(size, 0x20); // JSON allows any amount of whitespace after the document
  doc.copy(big);
  const t = now();
  const imp = await api('POST', '/api/import', big);
  if (imp.status !== 200) fail(`POST /api/import of ${size} bytes: HTTP ${imp.status} ${JSON.stringify(imp.data).slice(0, 300)}`);
  if (imp.data?.format !== 'nexus' || imp.data.imported + imp.data.duplicates !== 1) fail(`import: ${JSON.stringify(imp.data)}`);
  figures.import = `${size / 1024 / 1024} MiB in ${Math.round(now() - t)} ms`;
}

const line = (r) => `${r.version}: ${r.deltas} deltas, first after ${r.first_delta_ms} ms, last ${r.last_delta_ms} ms, done ${r.done_ms} ms ` +
  `(spread ${r.spread_ms} ms, ${r.bursts} bursts; the fake produces for ${r.producing_ms} ms), Content-Encoding ${r.content_encoding}`;
console.log(`${LABEL}:\n  ${runs.map(line).join('\n  ')}\n  cookie ${secure ? 'Secure' : 'not Secure'}` +
  (figures.tls ? `, TLS ${figures.tls.protocol} for ${figures.tls.subjectaltname} issued by "${figures.tls.issuer}" (without the root: ${figures.untrusted_error}; connect and handshake ${figures.tls.handshake_ms} ms — every request here opens a new connection)` : '') +
  (figures.redirect ? `, http ${figures.redirect}` : '') +
  (figures.no_sni ? `, no-SNI ${figures.no_sni}` : '') +
  `\n  follower joining mid-reply: catch-up ${figures.follower.catch_up_chars} characters, then ${figures.follower.bursts_after} bursts over ${figures.follower.spread_ms} ms (~${figures.follower.remaining_ms} ms left to produce), Content-Encoding ${figures.follower.content_encoding}` +
  (figures.json_encoding ? `; JSON Content-Encoding ${figures.json_encoding}` : '') +
  (figures.import ? `\n  import ${figures.import}` : ''));
console.log(JSON.stringify(figures));
