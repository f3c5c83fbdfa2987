// `make run` (scripts/run) keeps its stack up when roi-host dies: the host is started again and
// serves within two seconds while Postgres, nginx and the simulator keep running, and SIGTERM
// still stops everything, the host included, without a restart.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { freePort } from '../support/stack.mjs';

const REPO = process.env.ROI_REPO;
let state;
let run;
let url;
let logPath;

// pid → { ppid, comm } of every process now.
function processes() {
  const out = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const ppid = Number(stat.slice(close + 2).split(' ')[1]);
      out.set(Number(entry), { ppid, comm });
    } catch { /* it ended meanwhile */ }
  }
  return out;
}

// The processes of the stack by role: those the run script started and Postgres's postmaster.
function stackPids() {
  const all = processes();
  const children = [...all].filter(([, p]) => p.ppid === run.pid);
  const named = (prefix) => children.filter(([, p]) => p.comm.startsWith(prefix)).map(([pid]) => pid);
  const datadir = fs.readFileSync(path.join(state, 'pg.datadir'), 'utf8').trim();
  return {
    postgres: Number(fs.readFileSync(path.join(datadir, 'postmaster.pid'), 'utf8').split('\n')[0]),
    nginx: named('nginx'),
    simulator: named('roi-platform'),
    host: hostPid(),
  };
}

// roi-host's pid from the supervisor's pid file; NaN between a death and the restart.
function hostPid() {
  try {
    return Number(fs.readFileSync(path.join(state, 'roi-host.pid'), 'utf8'));
  } catch {
    return NaN;
  }
}

// Running, not merely unreaped: a stopped postmaster's parent (init in a container) may be slow
// to reap it.
const alive = (pid) => {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
};

async function healthy() {
  try {
    return (await fetch(`${url}/healthz`)).status === 200;
  } catch {
    return false;
  }
}

async function waitFor(what, check, ms) {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(20)) {
    if (await check()) return;
  }
  throw new Error(`timed out waiting for ${what}; run log:\n${fs.readFileSync(logPath, 'utf8')}`);
}

const exited = (child) => (child.exitCode !== null || child.signalCode !== null
  ? Promise.resolve()
  : new Promise((resolve) => child.once('exit', resolve)));

before(async () => {
  state = fs.mkdtempSync(path.join(process.env.ROI_TEST_STATE, 'run_supervised_'));
  // Closed to other users, as a clone under /root is: as root, Postgres and nginx's workers run as
  // other users, so the run must find them folders they can reach (nginx's workers must reach the
  // host's socket).
  fs.chmodSync(state, 0o700);
  logPath = path.join(state, 'run.log');
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  const env = { ...process.env };
  for (const key of ['DATABASE_URL', 'ROI_DEMO_MODE', 'GOOGLE_ADS_CLIENT_ID', 'META_APP_ID']) delete env[key];
  const log = fs.openSync(logPath, 'a');
  run = spawn(path.join(REPO, 'scripts/run'), [], {
    stdio: ['ignore', log, log],
    env: {
      ...env,
      ROI_STATE_DIR: state,
      ROI_HTTP_PORT: String(port),
      ROI_SKIP_BUILD: '1',
      // Keys given: no demo mode, so no demo user to set up.
      JWT_SECRET: crypto.randomBytes(32).toString('hex'),
      TOKEN_ENCRYPTION_KEY: crypto.randomBytes(32).toString('base64'),
      ROI_RESTART_DELAY_MS: '200',
    },
  });
  fs.closeSync(log);
  // Generous: initdb and a first start of everything on a loaded machine.
  await waitFor('make run to serve', healthy, 120000);
});

// After a failure: the run script's own clean stop first (it stops what it started, the host and
// the simulator among them), SIGKILL only when that hangs.
after(async () => {
  if (!run || run.exitCode !== null || run.signalCode !== null) return;
  run.kill('SIGTERM');
  const timer = setTimeout(() => run.kill('SIGKILL'), 30000);
  await exited(run);
  clearTimeout(timer);
});

test('roi-host killed with SIGKILL under make run serves again within seconds; the rest keeps running', async (t) => {
  const before = stackPids();
  assert.equal(before.nginx.length, 1, 'nginx runs');
  assert.equal(before.simulator.length, 1, 'the simulator runs');
  assert.ok(alive(before.postgres) && alive(before.host));

  process.kill(before.host, 'SIGKILL');
  const killed = Date.now();
  // Answered by a new host: the supervisor writes its pid before starting it.
  await waitFor('/healthz through nginx from a new host', async () => hostPid() !== before.host && healthy(), 30000);
  const back = Date.now() - killed;
  t.diagnostic(`make run served again ${back} ms after roi-host was killed`);
  // About 1 s on an idle machine (docs/BENCHMARKS.md, and the diagnostic above); the bound only
  // leaves room for a loaded one (5.6 s seen in CI-like runs) and is still a small fraction of the
  // 120 s lease a restarted host used to wait out.
  assert.ok(back < 20000, `serving again took ${back} ms`);

  const now = stackPids();
  assert.notEqual(now.host, before.host, 'a new roi-host serves');
  assert.ok(alive(now.host));
  assert.deepEqual([now.postgres, now.nginx, now.simulator], [before.postgres, before.nginx, before.simulator],
    'Postgres, nginx and the simulator kept running');
  assert.ok(alive(before.postgres) && alive(before.nginx[0]) && alive(before.simulator[0]));
  assert.match(fs.readFileSync(logPath, 'utf8'), /roi-host killed by SIGKILL after \d+ s; restarting in 0\.200 s/);
});

test('SIGTERM stops make run and everything it started, the host without a restart', async () => {
  const pids = stackPids();
  run.kill('SIGTERM');
  await exited(run);
  assert.equal(run.exitCode, 0, fs.readFileSync(logPath, 'utf8'));
  for (const [role, pid] of [['postgres', pids.postgres], ['nginx', pids.nginx[0]],
    ['simulator', pids.simulator[0]], ['roi-host', pids.host]]) {
    assert.ok(!alive(pid), `${role} (${pid}) stopped`);
  }
  assert.ok(!fs.existsSync(path.join(state, 'roi-host.pid')), 'no roi-host was started again');
  assert.doesNotMatch(fs.readFileSync(logPath, 'utf8').split('stopping').at(-1), /restarting/);
});
