// Starts a private roi-host + nginx pair against its own database in the test Postgres cluster
// that `make test` runs, and stops them again. Every integration and e2e test file uses this.
// A stack made with `peer: other` runs its own host against the other stack's database with its
// keys, as several host processes of one deployment share a database. One made with
// `supervised: true` runs its host under scripts/supervise, as `make run` does: killed, it comes
// back by itself (hostPid() is the current one). `connectors` names the in-tree connectors to put
// in its plugins folder. `port` is nginx's port when it must be known before the start (a
// FRONTEND_URL that is the stack itself); a free one otherwise. `hosts: N` runs N host processes
// (each with its own socket and log) behind the one nginx upstream, as a deployment of several
// hosts does; `databaseUrl` points the stack at a database of another cluster (see
// startReplicatedCluster) instead of making one in the test cluster.
import { spawn, execFileSync } from 'node:child_process';
import { detach } from './children.mjs';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { installConnectors } from './connectors.mjs';
import { fastcgiRequest } from './fastcgi.mjs';
import { assertNoSanitizerReport } from './sanitizer.mjs';

const REPO = process.env.ROI_REPO;
const HOST_BIN = process.env.ROI_HOST_BIN;
const PG_URL = process.env.ROI_TEST_PG_URL;
const STATE_ROOT = process.env.ROI_TEST_STATE;

let counter = 0;

// The group nginx's workers run as, which the host gives its 0660 socket (scripts/lib.sh
// nginx_group): nobody's group when the tests run as root (nginx then runs its workers as
// nobody), else the host's own group, which needs no setting.
const SOCKET_GROUP = process.getuid() === 0
  ? execFileSync('id', ['-gn', 'nobody'], { encoding: 'utf8' }).trim() : '';

function requireEnv() {
  if (!REPO || !HOST_BIN || !PG_URL || !STATE_ROOT) {
    throw new Error('ROI_REPO, ROI_HOST_BIN, ROI_TEST_PG_URL and ROI_TEST_STATE are not set: run the tests with `make test`');
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// Runs SQL through psql against `url`; returns rows as arrays of strings.
export function psql(url, sql) {
  const out = execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-X', '-q', '-t', '-A', '-F', '\t', '-c', sql], {
    encoding: 'utf8',
  });
  return out.split('\n').filter((l) => l.length > 0).map((l) => l.split('\t'));
}

function waitForExit(child, ms) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => { clearTimeout(timer); resolve(true); });
  });
}

export class Stack {
  constructor(name, opts) {
    requireEnv();
    this.name = `${name.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${process.pid}_${counter++}`;
    this.state = path.join(STATE_ROOT, this.name);
    fs.mkdirSync(this.state, { recursive: true, mode: 0o755 });
    this.threads = opts.threads ?? 16;
    this.env = opts.env ?? {};
    this.supervised = opts.supervised ?? false;
    this.port = opts.port;
    const peer = opts.peer;
    // Each stack signs tokens with its own key; tests use it to forge tokens on purpose.
    this.jwtSecret = this.env.JWT_SECRET ?? peer?.jwtSecret ?? crypto.randomBytes(32).toString('hex');
    // Likewise its own key for platform tokens at rest.
    this.tokenKey = this.env.TOKEN_ENCRYPTION_KEY ?? peer?.tokenKey ?? crypto.randomBytes(32).toString('base64');
    // /admin/* needs it from every caller; admin() sends it.
    this.adminToken = this.env.ROI_ADMIN_TOKEN ?? crypto.randomBytes(24).toString('hex');
    this.socket = path.join(this.state, 'host.sock');
    this.hostLogPath = path.join(this.state, 'host.log');
    this.hostPidPath = path.join(this.state, 'host.pid');
    // Host i > 0 of a stack with `hosts: N`: its socket and log (host-2.sock, host-2.log, ...).
    this.extraHosts = Array.from({ length: (opts.hosts ?? 1) - 1 }, (_, i) => ({
      socket: path.join(this.state, `host-${i + 2}.sock`),
      logPath: path.join(this.state, `host-${i + 2}.log`),
      proc: null,
    }));
    this.pluginsDir = path.join(this.state, 'plugins');
    this.reportsDir = path.join(this.state, 'reports');
    installConnectors(this.pluginsDir, opts.connectors ?? []);
    this.database = peer?.database ?? this.name;
    const u = new URL(opts.databaseUrl ?? PG_URL);
    if (!opts.databaseUrl) u.pathname = `/${this.database}`;
    this.dbUrl = u.toString();
    this.ownDatabase = !opts.databaseUrl && this.database === this.name;
  }

  async start() {
    if (this.ownDatabase) psql(PG_URL, `CREATE DATABASE "${this.name}"`);
    // Several hosts start at once, as a deployment's do: they meet on the migrations.
    await Promise.all([this.startHost(), ...this.extraHosts.map((_, i) => this.startHostAt(i + 1))]);
    this.port ??= await freePort();
    // Every host's socket is a server of the one upstream (scripts/lib.sh render_nginx).
    const sockets = [this.socket, ...this.extraHosts.map((h) => h.socket)].join(',');
    execFileSync(path.join(REPO, 'scripts/render-nginx'), [
      this.state, String(this.port), sockets, String(Math.max(1, Math.floor(this.threads / 2))),
      this.reportsDir,
    ]);
    this.nginx = detach(spawn('nginx', ['-p', this.state, '-c', path.join(this.state, 'nginx.conf'),
      '-e', path.join(this.state, 'nginx-error.log')], { stdio: 'ignore' }));
    this.url = `http://127.0.0.1:${this.port}`;
    for (const deadline = Date.now() + 30000; Date.now() < deadline;) {
      try {
        const r = await fetch(`${this.url}/healthz`);
        if (r.status === 200) return this;
      } catch { /* not listening yet */ }
      await sleep(50);
    }
    throw new Error(`stack ${this.name} did not become healthy; host log:\n${this.hostLog()}`);
  }

  // Starts roi-host and waits for its socket; rejects with its log if it exits first.
  async startHost(extraEnv = {}) {
    // Kept before the wait: a host that never gets ready is still stopped by stop().
    this.host = this.spawnHost(extraEnv);
    return this.launch(this.host, this.socket, this.hostLogPath);
  }

  // Starts host `i` (0: the first, as startHost; 1..: the others of `hosts: N`), unsupervised.
  async startHostAt(i, extraEnv = {}) {
    if (i === 0) return this.startHost(extraEnv);
    const h = this.extraHosts[i - 1];
    const env = { ROI_FCGI_SOCKET: h.socket, ...extraEnv };
    h.proc = this.spawnHost(env, false, h.logPath);
    return this.launch(h.proc, h.socket, h.logPath);
  }

  // Host `i`'s process (null while it is stopped), socket and log.
  hostAt(i) {
    return i === 0 ? { proc: this.host, socket: this.socket, logPath: this.hostLogPath } : this.extraHosts[i - 1];
  }

  // Sends `signal` to host `i` and waits for it to exit (SIGKILL: no clean-up, its socket stays).
  async stopHostAt(i, signal = 'SIGTERM') {
    if (i === 0) return this.stopHost(signal);
    const h = this.extraHosts[i - 1];
    const proc = h.proc;
    h.proc = null;
    if (!proc) return null;
    proc.kill(signal);
    if (!(await waitForExit(proc, 15000))) {
      proc.kill('SIGKILL');
      await waitForExit(proc, 5000);
      return null;
    }
    return proc.exitCode;
  }

  // Waits for a spawned host's socket and its "host_started" line in `logPath`, among the lines
  // written since the spawn (the log is appended to across restarts).
  async launch(proc, socket, logPath) {
    // Generous: a loaded CI machine can take seconds to load plugins and hash the dummy password.
    const deadline = Date.now() + 30000;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) {
        throw new Error(`roi-host exited with ${proc.exitCode}:\n${fs.readFileSync(logPath, 'utf8')}`);
      }
      const since = fs.readFileSync(logPath).subarray(proc.logOffset).toString('utf8');
      if (fs.existsSync(socket) && since.includes('"host_started"')) return proc;
      await sleep(25);
    }
    throw new Error(`roi-host did not start:\n${fs.readFileSync(logPath, 'utf8')}`);
  }

  // Spawns roi-host (under scripts/supervise when `supervised`) with this stack's settings,
  // logging to `logPath`; the caller decides what to wait for.
  spawnHost(extraEnv = {}, supervised = this.supervised, logPath = this.hostLogPath) {
    const log = fs.openSync(logPath, 'a');
    const offset = fs.fstatSync(log).size;
    const [bin, args] = supervised
      ? [path.join(REPO, 'scripts/supervise'), ['--pidfile', this.hostPidPath, HOST_BIN]]
      : [HOST_BIN, []];
    const proc = spawn(bin, args, {
      cwd: REPO,
      stdio: ['ignore', log, log],
      env: {
        PATH: process.env.PATH,
        // The tree's configuration (an installed host's default is /etc/roi/roi.yaml).
        ROI_CONFIG: path.join(REPO, 'conf/roi.yaml'),
        DATABASE_URL: this.dbUrl,
        ROI_FCGI_SOCKET: this.socket,
        ROI_FCGI_THREADS: String(this.threads),
        ROI_DB_POOL_SIZE: '4',
        JWT_SECRET: this.jwtSecret,
        TOKEN_ENCRYPTION_KEY: this.tokenKey,
        ROI_PLUGINS_DIR: this.pluginsDir,
        ROI_REPORTS_DIR: this.reportsDir,
        ROI_ADMIN_TOKEN: this.adminToken,
        ...(SOCKET_GROUP ? { ROI_FCGI_SOCKET_GROUP: SOCKET_GROUP } : {}),
        // Every test client is 127.0.0.1: the abuse limits stay out of the way of tests that are
        // not about them (those set their own), and a hash never gives up waiting for a slot.
        ROI_REGISTER_PER_ADDRESS: '1000000',
        ROI_REGISTER_PER_WINDOW: '100000000',
        ROI_LOGIN_FREE_FAILURES_PER_ADDRESS: '1000000',
        ROI_HASH_WAIT_MS: '60000',
        ...this.env,
        ...extraEnv,
      },
    });
    fs.closeSync(log);
    proc.logOffset = offset;
    return detach(proc);
  }

  // Runs roi-host to completion (for start-up refusals): returns { code, output }. On a socket
  // of its own unless `extraEnv` names one: a host refuses the socket a live host serves.
  async runHostToExit(extraEnv = {}, timeoutMs = 10000) {
    const before = fs.existsSync(this.hostLogPath) ? fs.statSync(this.hostLogPath).size : 0;
    const socket = path.join(this.state, 'refused.sock');
    const proc = this.spawnHost({ ROI_FCGI_SOCKET: socket, ...extraEnv }, false);
    const exited = await waitForExit(proc, timeoutMs);
    if (!exited) {
      proc.kill('SIGKILL');
      throw new Error('roi-host kept running');
    }
    const output = fs.readFileSync(this.hostLogPath, 'utf8').slice(before);
    return { code: proc.exitCode, output };
  }

  // The pid of roi-host itself (under a supervisor: the one running now, or NaN between two).
  hostPid() {
    if (!this.supervised) return this.host.pid;
    try {
      return Number(fs.readFileSync(this.hostPidPath, 'utf8'));
    } catch {
      return NaN;
    }
  }

  hostLogSince(byteOffset) {
    return fs.existsSync(this.hostLogPath) ? fs.readFileSync(this.hostLogPath).subarray(byteOffset).toString('utf8') : '';
  }

  hostLog() {
    return fs.existsSync(this.hostLogPath) ? fs.readFileSync(this.hostLogPath, 'utf8') : '';
  }

  sql(query) {
    return psql(this.dbUrl, query);
  }

  // fetch() of an /admin/* path with the admin token (and a JSON body type for a POST).
  admin(adminPath, init = {}) {
    const headers = { authorization: `Bearer ${this.adminToken}`, ...init.headers };
    if (init.method === 'POST') headers['content-type'] ??= 'application/json';
    return fetch(`${this.url}${adminPath}`, { ...init, headers });
  }

  // The host's /metrics text, through nginx.
  async metrics() {
    return (await fetch(`${this.url}/metrics`)).text();
  }

  // One unlabelled series' value from /metrics (NaN when absent).
  async metric(name) {
    return Number((await this.metrics()).match(new RegExp(`^${name} (\\S+)$`, 'm'))?.[1]);
  }

  // One series' value (its name with labels, as /metrics writes it) from host `i`'s own /metrics,
  // asked on its socket rather than through nginx (NaN when absent).
  async metricAt(i, series) {
    const { body } = await fastcgiRequest(this.hostAt(i).socket, {
      REQUEST_METHOD: 'GET', DOCUMENT_URI: '/metrics', REQUEST_URI: '/metrics', REMOTE_ADDR: '127.0.0.1',
    });
    const line = body.split('\n').find((l) => l.startsWith(`${series} `));
    return Number(line?.slice(series.length + 1));
  }

  // Sends SIGTERM (to the supervisor, which passes it on, when supervised) and waits; returns the
  // exit code (or null when it had to be killed).
  async stopHost(signal = 'SIGTERM', ms = 15000) {
    if (!this.host) return null;
    const proc = this.host;
    this.host = null;
    proc.kill(signal);
    if (!(await waitForExit(proc, ms))) {
      proc.kill('SIGKILL');
      await waitForExit(proc, 5000);
      return null;
    }
    return proc.exitCode;
  }

  // Stops every host and nginx; throws when a host's log holds a sanitizer report.
  async stop() {
    for (let i = 1; i <= this.extraHosts.length; i++) await this.stopHostAt(i);
    await this.stopHost();
    if (this.nginx) {
      this.nginx.kill('SIGTERM');
      await waitForExit(this.nginx, 5000);
      this.nginx = null;
    }
    for (const logPath of [this.hostLogPath, ...this.extraHosts.map((h) => h.logPath)]) {
      if (fs.existsSync(logPath)) assertNoSanitizerReport(logPath, fs.readFileSync(logPath, 'utf8'));
    }
  }
}

export async function startStack(name, opts = {}) {
  const stack = new Stack(name, opts);
  try {
    return await stack.start();
  } catch (e) {
    await stack.stop();  // the caller never gets the stack, so nothing else could stop it
    throw e;
  }
}

const LIB = () => path.join(REPO, 'scripts/lib.sh');
const lib = (command) => execFileSync('bash', ['-c', `source "${LIB()}" && ${command}`], { encoding: 'utf8' }).trim();

// A Postgres cluster of the test's own with a streaming replica of it (Postgres' own
// replication: pg_basebackup -R), both under the test state folder, with one database `name` made
// on the primary before the replica is copied from it. The replica's replay can be paused and
// resumed, so a test makes it lag exactly when it wants, without sleeping.
export async function startReplicatedCluster(name) {
  requireEnv();
  const base = path.join(STATE_ROOT, `${name}_${process.pid}_${counter++}`);
  const primaryState = path.join(base, 'primary');
  const replicaState = path.join(base, 'replica');
  fs.mkdirSync(primaryState, { recursive: true, mode: 0o755 });
  fs.mkdirSync(replicaState, { recursive: true, mode: 0o755 });
  const primaryPort = lib('free_port');
  lib(`pg_start "${primaryState}" ${primaryPort} fast`);
  psql(`postgresql://roi@127.0.0.1:${primaryPort}/postgres`, `CREATE DATABASE "${name}"`);
  const replicaPort = lib('free_port');
  lib(`pg_start_replica "${replicaState}" ${primaryPort} ${replicaPort} fast`);
  const cluster = {
    primaryUrl: `postgresql://roi@127.0.0.1:${primaryPort}/${name}`,
    replicaUrl: `postgresql://roi@127.0.0.1:${replicaPort}/${name}`,
    primary: (query) => psql(cluster.primaryUrl, query),
    replica: (query) => psql(cluster.replicaUrl, query),
    pauseReplay: () => cluster.replica('SELECT pg_wal_replay_pause()'),
    resumeReplay: () => cluster.replica('SELECT pg_wal_replay_resume()'),
    // Waits until the replica has replayed everything the primary wrote before this call.
    async caughtUp(ms = 60000) {
      const [[lsn]] = cluster.primary('SELECT pg_current_wal_lsn()');
      for (const deadline = Date.now() + ms; Date.now() < deadline;) {
        const [[done]] = cluster.replica(`SELECT pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn`);
        if (done === 't') return;
        await sleep(25);
      }
      throw new Error('the replica did not catch up');
    },
    stop() {
      lib(`pg_stop "${replicaState}"; pg_stop "${primaryState}"`);
    },
  };
  const [[standby]] = cluster.replica('SELECT pg_is_in_recovery()');
  if (standby !== 't') throw new Error('the replica is not a standby');
  return cluster;
}
