// Accounts and sessions through nginx with the stock @trpc/client: register, login, me, logout,
// refused tokens, throttling, CORS, stored hashes, and a login that survives SIGTERM.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { startStack } from '../support/stack.mjs';
import { trpcClient, rejectsWith } from '../support/trpc.mjs';

const FRONTEND = 'https://app.example.com';
let stack;
before(async () => {
  stack = await startStack('auth', { env: { ROI_BCRYPT_COST: '4', FRONTEND_URL: FRONTEND } });
});
after(async () => { await stack?.stop(); });

const client = (token, url = stack.url) => trpcClient(url, token);
const batched = (url = stack.url) => trpcClient(url, undefined, { batch: true });

let n = 0;
const freshEmail = () => `user${process.pid}_${n++}@example.com`;
const PASSWORD = 'correct horse battery';

const b64url = (s) => Buffer.from(s).toString('base64url');
function signToken(claims, { secret = stack.jwtSecret, alg = 'HS256' } = {}) {
  const head = b64url(JSON.stringify({ alg, typ: 'JWT' })) + '.' + b64url(JSON.stringify(claims));
  if (alg === 'none') return `${head}.`;
  return `${head}.${crypto.createHmac('sha256', secret).update(head).digest('base64url')}`;
}
const claimsOf = (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());

test('register, me, logout, then me is refused with the same token', async () => {
  const email = freshEmail();
  const reg = await client().auth.register.mutate({ email: `  ${email.toUpperCase()} `, password: PASSWORD, name: 'Ann' });
  assert.equal(reg.user.email, email);
  assert.equal(reg.user.name, 'Ann');
  assert.match(reg.token, /^[\w-]+\.[\w-]+\.[\w-]+$/);

  const me = await client(reg.token).auth.me.query();
  assert.equal(me.user.email, email);
  assert.equal(me.plan, 'free');

  assert.deepEqual(await client(reg.token).auth.logout.mutate(), { success: true });
  await rejectsWith(client(reg.token).auth.me.query(), 'UNAUTHORIZED');
});

test('me without a token is UNAUTHORIZED', async () => {
  assert.equal((await rejectsWith(client().auth.me.query(), 'UNAUTHORIZED')).data.httpStatus, 401);
});

test('me reports the plan of the user subscription', async () => {
  const reg = await client().auth.register.mutate({ email: freshEmail(), password: PASSWORD });
  stack.sql(`INSERT INTO subscriptions (user_id, plan) VALUES (${reg.user.id}, 'pro')`);
  assert.equal((await client(reg.token).auth.me.query()).plan, 'pro');
});

test('login sets an HttpOnly, Secure, SameSite=Lax cookie that authenticates me', async () => {
  const email = freshEmail();
  await client().auth.register.mutate({ email, password: PASSWORD });
  const res = await fetch(`${stack.url}/api/trpc/auth.login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }),
  });
  assert.equal(res.status, 200);
  const cookie = res.headers.get('set-cookie');
  assert.match(cookie, /^roi_session=[\w-]+\.[\w-]+\.[\w-]+;/);
  for (const attr of ['HttpOnly', 'Secure', 'SameSite=Lax', 'Path=/']) assert.ok(cookie.includes(attr), cookie);
  const me = await fetch(`${stack.url}/api/trpc/auth.me`, { headers: { cookie: cookie.split(';')[0] } });
  assert.equal(me.status, 200);
  assert.equal((await me.json()).result.data.user.email, email);
});

test('duplicate email (in any case) is CONFLICT', async () => {
  const email = freshEmail();
  await client().auth.register.mutate({ email, password: PASSWORD });
  await rejectsWith(client().auth.register.mutate({ email: email.toUpperCase(), password: PASSWORD }), 'CONFLICT');
});

test('wrong password and unknown email get the same UNAUTHORIZED message', async () => {
  const email = freshEmail();
  await client().auth.register.mutate({ email, password: PASSWORD });
  const wrong = (await rejectsWith(client().auth.login.mutate({ email, password: 'not the password' }), 'UNAUTHORIZED')).message;
  const unknown = (await rejectsWith(client().auth.login.mutate({ email: freshEmail(), password: PASSWORD }), 'UNAUTHORIZED')).message;
  assert.equal(wrong, unknown);
  assert.equal((await client().auth.login.mutate({ email, password: PASSWORD })).user.email, email);
});

test('tampered, expired, alg-none and wrong-key tokens are UNAUTHORIZED', async () => {
  const reg = await client().auth.register.mutate({ email: freshEmail(), password: PASSWORD });
  const claims = claimsOf(reg.token);
  const now = Math.floor(Date.now() / 1000);
  const [h, , s] = reg.token.split('.');
  const tampered = `${h}.${b64url(JSON.stringify({ ...claims, sub: String(Number(claims.sub) + 1) }))}.${s}`;
  const bad = {
    tampered,
    expired: signToken({ ...claims, iat: now - 7200, exp: now - 3600 }),
    algNone: signToken(claims, { alg: 'none' }),
    wrongKey: signToken(claims, { secret: crypto.randomBytes(32).toString('hex') }),
    unknownSession: signToken({ ...claims, jti: crypto.randomBytes(16).toString('hex') }),
  };
  // The same claims signed with the right key are accepted: the refusals are about the token.
  assert.equal((await client(signToken(claims)).auth.me.query()).user.id, reg.user.id);
  for (const [kind, token] of Object.entries(bad)) {
    await rejectsWith(client(token).auth.me.query(), 'UNAUTHORIZED', undefined, kind);
  }
});

test('users table holds only $2b$ hashes, never a password', async () => {
  const password = `unique-${crypto.randomUUID()}`;
  await client().auth.register.mutate({ email: freshEmail(), password });
  const rows = stack.sql('SELECT password_hash FROM users');
  assert.ok(rows.length > 0);
  for (const [hash] of rows) {
    assert.match(hash, /^\$2b\$04\$[./A-Za-z0-9]{53}$/);
  }
  const dump = stack.sql('SELECT row_to_json(u)::text FROM users u').flat().join('\n');
  assert.ok(!dump.includes(password));
});

test('bad input is BAD_REQUEST naming the field', async () => {
  const cases = [
    [{ email: 42, password: PASSWORD }, 'email'],
    [{ email: 'not-an-email', password: PASSWORD }, 'email'],
    [{ email: 'x'.repeat(100000) + '@example.com', password: PASSWORD }, 'email'],
    [{ email: freshEmail(), password: 'short' }, 'password'],
    [{ email: freshEmail(), password: 'p'.repeat(73) }, 'password'],
    [{ email: freshEmail(), password: ['array'] }, 'password'],
    [{ email: freshEmail(), password: PASSWORD, name: 'n'.repeat(5000) }, 'name'],
  ];
  for (const [input, field] of cases) {
    await rejectsWith(client().auth.register.mutate(input), 'BAD_REQUEST', field);
  }
  await rejectsWith(client().auth.login.mutate({ email: freshEmail() }), 'BAD_REQUEST', 'password');
  assert.equal(stack.sql("SELECT count(*) FROM users WHERE email LIKE 'not-an-email%'")[0][0], '0');
});

test('mutations through httpBatchLink: a batch with two password checks is refused whole, one alone is served', async () => {
  const email = freshEmail();
  await client().auth.register.mutate({ email, password: PASSWORD });
  const c = batched();
  const [again, login] = await Promise.allSettled([
    c.auth.register.mutate({ email, password: PASSWORD }),
    c.auth.login.mutate({ email, password: PASSWORD }),
  ]);
  for (const r of [again, login]) {
    assert.equal(r.status, 'rejected');
    assert.equal(r.reason.data.code, 'BAD_REQUEST');
    assert.match(r.reason.message, /at most one call that checks or sets a password/);
  }
  const [me, alone] = await Promise.allSettled([
    c.auth.me.query(),
    c.auth.login.mutate({ email, password: PASSWORD }),
  ]);
  assert.equal(me.status, 'rejected');
  assert.equal(me.reason.data.code, 'UNAUTHORIZED');
  assert.equal(alone.status, 'fulfilled');
  assert.equal((await client(alone.value.token).auth.me.query()).user.email, email);
});

test('CORS: the frontend origin is answered with credentials, another origin is refused', async () => {
  const preflight = (origin) => fetch(`${stack.url}/api/trpc/auth.login`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });
  const ok = await preflight(FRONTEND);
  assert.equal(ok.status, 204);
  assert.equal(ok.headers.get('access-control-allow-origin'), FRONTEND);
  assert.equal(ok.headers.get('access-control-allow-credentials'), 'true');
  assert.match(ok.headers.get('access-control-allow-methods'), /POST/);

  const evil = await preflight('https://evil.example');
  assert.equal(evil.status, 403);
  assert.equal(evil.headers.get('access-control-allow-origin'), null);

  const get = await fetch(`${stack.url}/api/trpc/system.info`, { headers: { origin: 'https://evil.example' } });
  assert.equal(get.headers.get('access-control-allow-origin'), null);
  const mine = await fetch(`${stack.url}/api/trpc/system.info`, { headers: { origin: FRONTEND } });
  assert.equal(mine.headers.get('access-control-allow-origin'), FRONTEND);
});

test('login slow-down per (email, address) and per address, with Retry-After; never for the owner elsewhere', async () => {
  // Loopback is a trusted proxy here, so X-Forwarded-For names each test client's address. The
  // first delay is a minute: every wait below is certain, and no test sleeps.
  const t = await startStack('auth_throttle', {
    env: { ROI_BCRYPT_COST: '4', ROI_TRUSTED_PROXIES: '127.0.0.1', ROI_LOGIN_FREE_FAILURES_PER_ACCOUNT: '3',
      ROI_LOGIN_FREE_FAILURES_PER_ADDRESS: '6', ROI_LOGIN_FIRST_DELAY_MS: '60000' },
  });
  try {
    const email = freshEmail();
    await client(undefined, t.url).auth.register.mutate({ email, password: PASSWORD });
    const login = (e, p, from) => fetch(`${t.url}/api/trpc/auth.login`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
      body: JSON.stringify({ email: e, password: p }),
    });
    const guesser = '203.0.113.66';
    for (let i = 0; i < 4; i++) assert.equal((await login(email, 'wrong password', guesser)).status, 401);
    const blocked = await login(email, PASSWORD, guesser);  // this pair waits, right password or not
    assert.equal(blocked.status, 429);
    assert.equal((await blocked.json()).error.data.code, 'TOO_MANY_REQUESTS');
    const retry = Number(blocked.headers.get('retry-after'));
    assert.ok(retry >= 55 && retry <= 60, `Retry-After ${retry}`);
    // The owner, from an address that has not failed, signs in at once.
    assert.equal((await login(email, PASSWORD, '198.51.100.7')).status, 200);

    // Per address: failures for many emails from one address slow that address only.
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await login(freshEmail(), 'wrong password', guesser)).status);
    assert.deepEqual(statuses, [401, 401, 401, 429]);
    assert.equal((await login(freshEmail(), 'wrong password', '198.51.100.8')).status, 401);
  } finally {
    await t.stop();
  }
});

test('SIGTERM during a login lets it finish, then the host exits 0', async () => {
  const t = await startStack('auth_sigterm', { env: { ROI_BCRYPT_COST: '12' } });
  try {
    const email = freshEmail();
    await client(undefined, t.url).auth.register.mutate({ email, password: PASSWORD });
    const started = Date.now();
    const pending = client(undefined, t.url).auth.login.mutate({ email, password: PASSWORD });
    await sleep(60);  // the request is inside bcrypt (cost 12 takes a few hundred ms)
    const code = await t.stopHost('SIGTERM');
    const result = await pending;
    assert.equal(result.user.email, email);
    assert.equal(code, 0);
    assert.ok(Date.now() - started >= 60);
    // The login was answered after the host began stopping: it really was in flight.
    const log = t.hostLog();
    const stopping = log.indexOf('"host_stopping"');
    assert.ok(stopping > 0 && log.indexOf('"path":"/api/trpc/auth.login"', stopping) > stopping, log);
  } finally {
    await t.stop();
  }
});

test('the host refuses to start without JWT_SECRET outside demo mode', async () => {
  const noSecret = await stack.runHostToExit({ JWT_SECRET: '' });
  assert.notEqual(noSecret.code, 0);
  assert.match(noSecret.output, /JWT_SECRET is required/);
  const short = await stack.runHostToExit({ JWT_SECRET: 'too-short' });
  assert.notEqual(short.code, 0);
  assert.match(short.output, /auth\.jwt_secret/);
  assert.ok(!short.output.includes('too-short'));
});

test('demo mode starts without JWT_SECRET and issues working tokens', async () => {
  const demo = await startStack('auth_demo', { env: { JWT_SECRET: '', ROI_DEMO_MODE: 'true', ROI_BCRYPT_COST: '4' } });
  try {
    const reg = await client(undefined, demo.url).auth.register.mutate({ email: freshEmail(), password: PASSWORD });
    assert.equal((await client(reg.token, demo.url).auth.me.query()).user.id, reg.user.id);
    assert.match(demo.hostLog(), /"demo_mode"/);
  } finally {
    await demo.stop();
  }
});

test('a signed-in user renames themselves and sets a time zone; bad values name the field', async () => {
  const reg = await client().auth.register.mutate({ email: freshEmail(), password: PASSWORD, name: 'Ada' });
  assert.equal(reg.user.timeZone, 'UTC');
  const api = client(reg.token);
  const renamed = await api.auth.updateProfile.mutate({ name: '  Ada Lovelace ', timeZone: 'Europe/London' });
  assert.equal(renamed.user.name, 'Ada Lovelace');
  assert.equal(renamed.user.timeZone, 'Europe/London');
  assert.deepEqual((await api.auth.me.query()).user, renamed.user);
  assert.equal((await api.auth.updateProfile.mutate({ name: null })).user.name, null);
  assert.equal((await api.auth.me.query()).user.timeZone, 'Europe/London', 'what is not given stays');
  await rejectsWith(api.auth.updateProfile.mutate({ timeZone: 'Europe/Atlantis' }), 'BAD_REQUEST', 'timeZone');
  await rejectsWith(api.auth.updateProfile.mutate({ timeZone: 'x'.repeat(65) }), 'BAD_REQUEST', 'timeZone');
  await rejectsWith(api.auth.updateProfile.mutate({ email: 'other@example.com' }), 'BAD_REQUEST');
  await rejectsWith(client().auth.updateProfile.mutate({ name: 'Eve' }), 'UNAUTHORIZED');
});

// The slow-down's rules as the database applies them for every host (sql/0021), with time moved
// back in the table rather than waited for. Free failures: 5 per address, 2 per (email, address);
// delays of 1 s, 2 s, 4 s ... at most 10 s; failures forgotten 900 s after the last one.
test('login slow-down rules: doubling delays up to the cap, given back, forgotten after the window', () => {
  const run = `t${process.pid}_${n++}`;
  const limits = '5, 2, 1000, 10000, 900';
  const attempt = (address, email) =>
    Number(stack.sql(`SELECT login_attempt('${run}${address}', '${email}', ${limits})`)[0][0]);
  const giveBack = (address, email, succeeded) =>
    stack.sql(`SELECT login_give_back('${run}${address}', '${email}', ${succeeded}, ${limits})`);
  const pass = (seconds) => stack.sql(`UPDATE login_failures SET last_at = last_at - interval '${seconds} s',
    next_allowed = next_allowed - interval '${seconds} s' WHERE address LIKE '${run}%'`);

  assert.deepEqual([attempt('a', 'x@y.io'), attempt('a', 'x@y.io'), attempt('a', 'x@y.io')], [0, 0, 0]);
  assert.equal(attempt('a', 'x@y.io'), 1, 'the third failure of the pair waits the first delay');
  pass(1);
  assert.equal(attempt('a', 'x@y.io'), 0);
  assert.equal(attempt('a', 'x@y.io'), 2, 'doubled');
  for (let i = 0; i < 6; i++) {
    pass(60);
    assert.equal(attempt('a', 'x@y.io'), 0);
  }
  assert.equal(attempt('a', 'x@y.io'), 10, 'at most the cap');
  // The address (8 failures) is slowed for every email; another address is not, for this email.
  assert.ok(attempt('a', 'other@y.io') > 0);
  assert.equal(attempt('b', 'x@y.io'), 0);

  // A success forgets the pair and gives the address its attempt back; an abandoned attempt gives
  // both back.
  assert.equal(attempt('c', 'x@y.io'), 0);
  assert.equal(attempt('c', 'x@y.io'), 0);
  giveBack('c', 'x@y.io', true);
  assert.deepEqual(stack.sql(`SELECT email, failures FROM login_failures WHERE address = '${run}c'`), [['', '1']]);
  assert.equal(attempt('d', 'x@y.io'), 0);
  giveBack('d', 'x@y.io', false);
  assert.deepEqual(stack.sql(`SELECT email, failures FROM login_failures WHERE address = '${run}d' ORDER BY email`),
    [['', '0'], ['x@y.io', '0']]);

  // 900 s after the last failure everything is forgotten.
  pass(900);
  assert.equal(attempt('a', 'x@y.io'), 0);
  assert.deepEqual(stack.sql(`SELECT email, failures FROM login_failures WHERE address = '${run}a' ORDER BY email`),
    [['', '1'], ['other@y.io', '0'], ['x@y.io', '1']]);
});

test('registration windows: per address and for everyone, refused until the window ends', () => {
  const run = `r${process.pid}_${n++}`;
  // 2 per address, 3 from everyone, in 60 s windows. Everyone's row is shared with the rest of
  // this file's registrations, so it is started afresh here.
  stack.sql(`DELETE FROM register_windows WHERE scope = 'everyone'`);
  const attempt = (address) => Number(stack.sql(`SELECT register_attempt('${run}${address}', 2, 3, 60)`)[0][0]);
  assert.deepEqual([attempt('a'), attempt('a')], [0, 0]);
  const wait = attempt('a');
  assert.ok(wait >= 59 && wait <= 60, `the address waits for its window to end: ${wait}`);
  assert.equal(attempt('b'), 0);
  assert.ok(attempt('c') > 0, 'everyone used up the window');
  stack.sql(`SELECT register_give_back('${run}b', 60)`);
  assert.equal(attempt('c'), 0, 'an attempt given back may be used again');
  stack.sql(`UPDATE register_windows SET started_at = started_at - interval '60 s'`);
  assert.equal(attempt('a'), 0, 'a new window');
});
