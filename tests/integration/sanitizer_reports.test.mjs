// In the sanitizer build (`ROI_SANITIZE=address,undefined make test`) a finding must fail the test
// that caused it, wherever the report lands: a stack's stop() fails on a report in a host's log,
// the simulator's stop() on one in its output. This proves the check sees each sanitizer's report
// (their first lines as GCC's runtime prints them), that a planted one fails stop(), and that one
// a connector worker prints lands in the host's log (connector_output) and fails stop() too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { startStack } from '../support/stack.mjs';
import { assertNoSanitizerReport } from '../support/sanitizer.mjs';
import { drop, stamped } from '../support/stamped.mjs';

const REPORTS = {
  address: '==4242==ERROR: AddressSanitizer: heap-use-after-free on address 0x602000000010 at pc 0x55d',
  leak: '==4242==ERROR: LeakSanitizer: detected memory leaks',
  undefined: 'host/src/store/pool.cpp:57:12: runtime error: signed integer overflow: 9223372036854775807 + 1',
};

test('each sanitizer\'s report is found, a clean log passes', () => {
  const clean = '{"event":"host_started"}\nERROR: connection refused\n';
  assertNoSanitizerReport('a clean log', clean);
  for (const [kind, line] of Object.entries(REPORTS)) {
    assert.throws(() => assertNoSanitizerReport('a log', `${clean}${line}\n    #0 0x55d in main\n`),
      (e) => e.message.includes(line) && e.message.includes('#0 0x55d in main'), kind);
  }
});

test('a stack whose host log holds a report fails to stop', async () => {
  const stack = await startStack('sanitizer_reports');
  fs.appendFileSync(stack.hostLogPath, `${REPORTS.leak}\n`);
  await assert.rejects(stack.stop(), /sanitizer report in .*host\.log:\n==4242==ERROR: LeakSanitizer/);
});

test('a report a connector worker prints reaches the host log and fails the stack\'s stop', async () => {
  const stack = await startStack('sanitizer_reports_worker');
  // The worker prints the report's first lines while its library loads and exits with status 1,
  // as AddressSanitizer does: the load is refused, and the report is in the host's log.
  drop(stack.pluginsDir, stamped({ id: 'google-ads', fault: 'report:load' }), 'google-ads.so');
  const reported = () => stack.hostLog().split('\n').filter((l) => l.includes('"connector_output"'))
    .map((l) => JSON.parse(l)).find((l) => l.line.includes('ERROR: AddressSanitizer: planted'));
  const refused = () => /"plugin_refused".*exited \(status 1\) while loading/.test(stack.hostLog());
  for (let waited = 0; !(reported() && refused()) && waited < 30000; waited += 20) await sleep(20);
  assert.ok(reported() && refused(), `no report or refusal in the host log:\n${stack.hostLog().slice(-3000)}`);
  assert.equal(reported().file, 'google-ads.so');
  await assert.rejects(stack.stop(), /sanitizer report in .*host\.log:\n.*ERROR: AddressSanitizer: planted/);
});
