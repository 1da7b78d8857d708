/*
 * nodelay_shim.c — LD_PRELOAD shim that turns Nagle's algorithm off in a stock Spin binary.
 *
 * Part of the TCP_NODELAY study (docs/spin-tcp-nodelay.md). Spin 4.0.2's HTTP trigger
 * accepts connections without `set_nodelay(true)` (crates/trigger-http/src/server.rs,
 * serve_http) and its outbound HTTP client connects without it either
 * (crates/factor-outbound-http/src/wasi.rs, connect_tcp). This shim stands in for the
 * patched Spin (docs/patches/spin-trigger-http-nodelay.patch) without rebuilding Spin:
 *
 *   accept()/accept4()  always: TCP_NODELAY=1 on every accepted AF_INET/AF_INET6 stream
 *                       socket (what the upstream patch does in serve_http/serve_https).
 *   connect()           only with NODELAY_SHIM_CONNECT=1: TCP_NODELAY=1 on outbound TCP
 *                       sockets before they connect (the patch's outbound half).
 *   NODELAY_SHIM_LOG=FILE  appends one line per socket touched, with the value read back
 *                       by getsockopt — proof that the shim is active in the process.
 *
 * Build:  gcc -O2 -shared -fPIC -o nodelay_shim.so nodelay_shim.c -ldl
 * Use:    LD_PRELOAD=$PWD/nodelay_shim.so spin up ...   (`spin up` starts its
 *         `spin trigger http` child with the same environment, so the child gets it too.)
 * Works with glibc-linked Spin (the release tarball, ghcr.io/spinframework/spin:v4.0.2,
 * which is debian:bookworm-slim); not with the static `-distroless` image.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

static void note(const char *how, int fd, int rc) {
    const char *log = getenv("NODELAY_SHIM_LOG");
    if (!log) return;
    int v = -1;
    socklen_t vl = sizeof v;
    getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &v, &vl);
    int lf = open(log, O_WRONLY | O_APPEND | O_CREAT, 0644);
    if (lf < 0) return;
    char b[128];
    int n = snprintf(b, sizeof b, "pid %d %s fd %d setsockopt=%d TCP_NODELAY=%d\n", getpid(), how, fd, rc, v);
    if (write(lf, b, n) < 0) { /* nothing to do */ }
    close(lf);
}

static int is_tcp(int fd, int family) {
    int type = 0;
    socklen_t tl = sizeof type;
    if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tl) != 0 || type != SOCK_STREAM) return 0;
    if (family < 0) {
        struct sockaddr_storage ss;
        socklen_t sl = sizeof ss;
        if (getsockname(fd, (struct sockaddr *)&ss, &sl) != 0) return 0;
        family = ss.ss_family;
    }
    return family == AF_INET || family == AF_INET6;
}

static void nodelay(int fd, int family, const char *how) {
    if (fd < 0 || !is_tcp(fd, family)) return;
    int one = 1;
    note(how, fd, setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one));
}

int accept(int s, struct sockaddr *a, socklen_t *l) {
    static int (*real)(int, struct sockaddr *, socklen_t *);
    if (!real) real = (int (*)(int, struct sockaddr *, socklen_t *))dlsym(RTLD_NEXT, "accept");
    int fd = real(s, a, l);
    nodelay(fd, -1, "accept");
    return fd;
}

int accept4(int s, struct sockaddr *a, socklen_t *l, int flags) {
    static int (*real)(int, struct sockaddr *, socklen_t *, int);
    if (!real) real = (int (*)(int, struct sockaddr *, socklen_t *, int))dlsym(RTLD_NEXT, "accept4");
    int fd = real(s, a, l, flags);
    nodelay(fd, -1, "accept");
    return fd;
}

int connect(int s, const struct sockaddr *a, socklen_t l) {
    static int (*real)(int, const struct sockaddr *, socklen_t);
    if (!real) real = (int (*)(int, const struct sockaddr *, socklen_t))dlsym(RTLD_NEXT, "connect");
    const char *on = getenv("NODELAY_SHIM_CONNECT");
    if (on && on[0] == '1' && a) nodelay(s, a->sa_family, "connect");
    return real(s, a, l);
}
