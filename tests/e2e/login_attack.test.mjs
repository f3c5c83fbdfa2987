// The attack of issue 15 through nginx, against the production defaults of the abuse limits: one
// address floods batched and single failed logins for random emails and guesses one email's
// password eleven times; an unrelated user and the owner, from their own addresses, still sign
// in. A batch with several password checks costs no hash; registrations are limited per address;
// with every hashing slot taken a login is told to retry instead of queueing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from '../support/stack.mjs';

const PASSWORD = 'correct horse battery';
const ATTACKER = '203.0.113.66';
let stack;
let n = 0;
const freshEmail = () => `attack${process.pid}_${n++}@example.com`;

// Loopback is the trusted balancer in front of nginx: X-Forwarded-For names each client.
before(async () => {
  stack = await startStack('login_attack', {
    env: { ROI_BCRYPT_COST: '4', ROI_TRUSTED_PROXIES: '127.0.0.1/32',
      // The production defaults, which stack.mjs relaxes for other tests.
      ROI_LOGIN_FREE_FAILURES_PER_ADDRESS: '20', ROI_REGISTER_PER_ADDRESS: '10', ROI_REGISTER_PER_WINDOW: '1000',
      ROI_HASH_WAIT_MS: '250',
      // A first delay of a minute rather than a second: no delay runs out between two requests
      // of the test, however loaded the machine.
      ROI_LOGIN_FIRST_DELAY_MS: '60000' },
  });
});
after(async () => { await stack?.stop(); });

function call(paths, body, from, query = '') {
  return fetch(`${stack.url}/api/trpc/${paths}${query}`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': from }, body: JSON.stringify(body),
  });
}
const login = (email, password, from) => call('auth.login', { email, password }, from);
const register = (email, from) => call('auth.register', { email, password: PASSWORD }, from);

test('a login flood from one address locks nobody out: the unrelated user and the owner sign in', async () => {
  const owner = freshEmail();
  const unrelated = freshEmail();
  assert.equal((await register(owner, '198.51.100.1')).status, 200);
  assert.equal((await register(unrelated, '198.51.100.2')).status, 200);

  // Two batches of 50 logins for random emails: refused whole, no password hashed.
  const paths = Array(50).fill('auth.login').join(',');
  const input = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [i, { email: freshEmail(), password: 'wrong password' }]));
  for (let i = 0; i < 2; i++) {
    const res = await call(paths, input, ATTACKER, '?batch=1');
    assert.equal(res.status, 400);
    assert.equal((await res.json()).error.data.code, 'BAD_REQUEST');
  }
  // Then one by one: the address's 20 free failures and the one that starts its delay, then waits.
  const statuses = [];
  for (let i = 0; i < 30; i++) statuses.push((await login(freshEmail(), 'wrong password', ATTACKER)).status);
  assert.deepEqual(statuses.slice(0, 21), Array(21).fill(401));
  assert.ok(statuses.slice(21).every((s) => s === 429), statuses.join(','));
  // Eleven wrong passwords for the owner's email, from a second address: five free, then waits.
  const guesses = [];
  for (let i = 0; i < 11; i++) guesses.push((await login(owner, 'wrong password', '203.0.113.67')).status);
  assert.deepEqual(guesses.slice(0, 6), Array(6).fill(401));
  assert.ok(guesses.slice(6).every((s) => s === 429), guesses.join(','));

  for (const [email, from] of [[unrelated, '198.51.100.2'], [owner, '198.51.100.1']]) {
    const res = await login(email, PASSWORD, from);
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.equal(body.result.data.user.email, email);
  }
});

test('registrations are limited per address, with Retry-After; other addresses go on', async () => {
  const from = '203.0.113.77';
  for (let i = 0; i < 10; i++) assert.equal((await register(freshEmail(), from)).status, 200);
  const refused = await register(freshEmail(), from);
  assert.equal(refused.status, 429);
  assert.equal((await refused.json()).error.data.code, 'TOO_MANY_REQUESTS');
  assert.ok(Number(refused.headers.get('retry-after')) > 0);
  assert.equal((await register(freshEmail(), '203.0.113.78')).status, 200);
});

test('a forged X-Forwarded-For from an untrusted peer does not change the address', async () => {
  // A stack that trusts no proxy: every guess counts against 127.0.0.1, whatever it claims.
  const t = await startStack('login_attack_untrusted', {
    env: { ROI_BCRYPT_COST: '4', ROI_LOGIN_FREE_FAILURES_PER_ADDRESS: '3', ROI_LOGIN_FIRST_DELAY_MS: '60000' },
  });
  try {
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${t.url}/api/trpc/auth.login`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${i}` },
        body: JSON.stringify({ email: freshEmail(), password: 'wrong password' }),
      });
      statuses.push(res.status);
    }
    assert.deepEqual(statuses, [401, 401, 401, 401, 429]);  // 3 free, the 4th starts a delay
  } finally {
    await t.stop();
  }
});

test('with every hashing slot taken, a login is answered 503 with Retry-After at once', async () => {
  // One slot, no wait, and a cost that keeps a hash busy for about a second.
  const t = await startStack('login_attack_hashing', {
    env: { ROI_BCRYPT_COST: '14', ROI_HASH_CONCURRENCY: '1', ROI_HASH_WAIT_MS: '0', ROI_TRUSTED_PROXIES: '127.0.0.1' },
  });
  try {
    const answers = await Promise.all(Array.from({ length: 4 }, (_, i) => fetch(`${t.url}/api/trpc/auth.login`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${i}` },
      body: JSON.stringify({ email: freshEmail(), password: 'wrong password' }),
    }).then(async (r) => ({ status: r.status, retry: r.headers.get('retry-after'), body: await r.json() }))));
    const busy = answers.filter((a) => a.status === 503);
    assert.ok(busy.length >= 1, JSON.stringify(answers.map((a) => a.status)));
    assert.ok(answers.some((a) => a.status === 401), JSON.stringify(answers.map((a) => a.status)));
    for (const a of busy) {
      assert.equal(a.body.error.data.code, 'SERVICE_UNAVAILABLE');
      assert.equal(a.retry, '1');
    }
  } finally {
    await t.stop();
  }
});
