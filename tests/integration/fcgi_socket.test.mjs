// The FastCGI socket is the host's front door and whoever speaks to it sets REMOTE_ADDR: it is
// mode 0660 in the group nginx's workers run as (nobody's group when the tests run as root, as
// scripts/lib.sh renders nginx), nginx still gets through, and another local user does not.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { startStack } from '../support/stack.mjs';

let stack;
before(async () => { stack = await startStack('fcgi_socket'); });
after(async () => { await stack?.stop(); });

const gidOf = (group) => Number(execFileSync('getent', ['group', group], { encoding: 'utf8' }).split(':')[2]);

test('the socket is 0660 in nginx\'s group, and nginx reaches the host through it', async () => {
  const st = fs.statSync(stack.socket);
  assert.ok(st.isSocket());
  assert.equal(st.mode & 0o777, 0o660);
  const group = process.getuid() === 0 ? execFileSync('id', ['-gn', 'nobody'], { encoding: 'utf8' }).trim() : null;
  assert.equal(st.gid, group ? gidOf(group) : process.getgid());
  assert.equal((await fetch(`${stack.url}/healthz`)).status, 200);
});

test('a local user outside that group cannot connect to the socket', { skip: process.getuid() !== 0 && 'needs root to act as another user' }, () => {
  // postgres runs the test cluster, so it exists here, and it is not in nobody's group.
  const probe = `require('net').connect(${JSON.stringify(stack.socket)}).on('connect', () => process.exit(0)).on('error', (e) => { console.log(e.code); process.exit(3); })`;
  const r = spawnSync('runuser', ['-u', 'postgres', '--', process.execPath, '-e', probe], { encoding: 'utf8' });
  assert.equal(r.status, 3, r.stdout + r.stderr);
  assert.match(r.stdout, /EACCES/);
});

test('a socket group that does not exist stops the host with a clear message', async () => {
  const { code, output } = await stack.runHostToExit({ ROI_FCGI_SOCKET_GROUP: 'no-such-group-roi', ROI_FCGI_SOCKET: `${stack.socket}.other` });
  assert.notEqual(code, 0);
  assert.match(output, /no group named 'no-such-group-roi'/);
});
