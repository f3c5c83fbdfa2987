// The dashboard while logins are attacked (docs/BENCHMARKS.md, "Dashboard under a login attack"):
// a signed-in user's dashboard.overview (result cache off, a year of seeded rows) measured
// sequentially for ROI_BENCH_SECONDS, first alone, then while attacker workers send failed
// logins as fast as they are answered from many addresses (through a trusted balancer, so the
// per-address slow-down does not stop them: the hashing gate is what is measured) plus 50-login
// batches. bcrypt at its production cost (12) and every abuse limit at its default.
// Run by scripts/bench-login-attack, which provides the environment stack.mjs needs.
import { Worker, isMainThread, workerData, parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';

const SECONDS = Number(process.env.ROI_BENCH_SECONDS ?? 10);
const ATTACKERS = Number(process.env.ROI_BENCH_ATTACKERS ?? 32);

async function attack({ url, seconds, index }) {
  const until = Date.now() + seconds * 1000;
  const counts = {};
  let n = 0;
  const batchPaths = Array(50).fill('auth.login').join(',');
  while (Date.now() < until) {
    const from = `198.18.${index}.${n % 250}`;
    const batch = n % 10 === 9;
    const body = batch
      ? Object.fromEntries(Array.from({ length: 50 }, (_, i) => [i, { email: `b${n}_${i}@attack.example`, password: 'wrong password' }]))
      : { email: `a${index}_${n}@attack.example`, password: 'wrong password' };
    n++;
    try {
      const res = await fetch(`${url}/api/trpc/${batch ? batchPaths : 'auth.login'}${batch ? '?batch=1' : ''}`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': from }, body: JSON.stringify(body),
      });
      await res.arrayBuffer();
      counts[res.status] = (counts[res.status] ?? 0) + 1;
    } catch {
      counts.error = (counts.error ?? 0) + 1;
    }
  }
  return counts;
}

if (!isMainThread) {
  parentPort.postMessage(await attack(workerData));
} else {
  const { startStack } = await import('../support/stack.mjs');
  const stack = await startStack('bench_login_attack', {
    threads: 64,
    env: {
      ROI_TRUSTED_PROXIES: '127.0.0.1/32', ROI_DASHBOARD_CACHE_ENTRIES: '0', ROI_LOG_REQUESTS: 'false',
      ROI_SYNC_WORKERS: '0', ROI_SYNC_SCHEDULE_TICK_S: '0', ROI_DB_POOL_SIZE: '16',
      // The defaults (stack.mjs relaxes them for tests).
      ROI_LOGIN_FREE_FAILURES_PER_ADDRESS: '20', ROI_REGISTER_PER_ADDRESS: '10', ROI_REGISTER_PER_WINDOW: '1000',
      ROI_HASH_WAIT_MS: '250',
    },
  });
  try {
    const reg = await (await fetch(`${stack.url}/api/trpc/auth.register`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@example.com', password: 'correct horse battery' }),
    })).json();
    const { token, user } = reg.result.data;
    const [[integration]] = stack.sql(`INSERT INTO integrations (user_id, platform, account_id) VALUES (${user.id}, 'google-ads', 'acct') RETURNING id`);
    const [[campaign]] = stack.sql(`INSERT INTO campaigns (integration_id, external_id, name, platform, status, currency)
      VALUES (${integration}, 'c1', 'Bench', 'google-ads', 'active', 'USD') RETURNING id`);
    stack.sql(`INSERT INTO daily_metrics (campaign_id, date, spend_micros, impressions, clicks, conversions_milli, revenue_micros)
      SELECT ${campaign}, d::date, 1000000, 1000, 10, 1000, 3000000 FROM generate_series('2025-01-01'::date, '2025-12-31', '1 day') d;
      SELECT dashboard_refresh(${integration}, '-infinity', 'infinity');`);
    const input = encodeURIComponent(JSON.stringify({ start: '2025-01-01', end: '2025-12-31', compare: true }));
    const overview = `${stack.url}/api/trpc/dashboard.overview?input=${input}`;

    async function measure(seconds) {
      const times = [];
      const until = Date.now() + seconds * 1000;
      while (Date.now() < until) {
        const t0 = performance.now();
        const res = await fetch(overview, { headers: { authorization: `Bearer ${token}` } });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`dashboard.overview answered ${res.status}`);
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
      return { n: times.length, p50: q(0.5), p99: q(0.99), max: times[times.length - 1].toFixed(1) };
    }

    await measure(1);  // warm up
    const quiet = await measure(SECONDS);
    const workers = Array.from({ length: ATTACKERS }, (_, index) => new Worker(new URL(import.meta.url), {
      workerData: { url: stack.url, seconds: SECONDS + 2, index },
    }));
    const results = workers.map((w) => new Promise((resolve, reject) => { w.once('message', resolve); w.once('error', reject); }));
    await new Promise((r) => setTimeout(r, 1000));  // the attack is under way
    const attacked = await measure(SECONDS);
    const counts = {};
    for (const c of await Promise.all(results)) for (const [k, v] of Object.entries(c)) counts[k] = (counts[k] ?? 0) + v;
    console.log(`| dashboard.overview | requests | p50 ms | p99 ms | max ms |`);
    console.log(`|---|---|---|---|---|`);
    console.log(`| alone | ${quiet.n} | ${quiet.p50} | ${quiet.p99} | ${quiet.max} |`);
    console.log(`| during the login attack | ${attacked.n} | ${attacked.p50} | ${attacked.p99} | ${attacked.max} |`);
    console.log(`\nattack answers by status over ${SECONDS + 2} s (${ATTACKERS} workers): ${JSON.stringify(counts)}`);
  } finally {
    await stack.stop();
  }
}
