// The typed client package (clients/ts) as a TypeScript frontend uses it: tsc compiles a sample
// that calls every procedure through the stock @trpc/client typed by AppRouter, and each wrong call
// in it (missing field, wrong type, unknown procedure, ...) is a compile error, the one its
// @ts-expect-error line expects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REPO = process.env.ROI_REPO ?? path.resolve(import.meta.dirname, '../..');
const CLIENT = path.join(REPO, 'clients/ts');
const TSC = path.join(REPO, 'tests/node_modules/.bin/tsc');
const SAMPLE = path.join(CLIENT, 'test/sample.ts');

async function tsc(project) {
  try {
    await run(TSC, ['-p', project], { maxBuffer: 1 << 24 });
    return '';
  } catch (e) {
    return `${e.stdout}${e.stderr}` || String(e);
  }
}

test('the sample calls every procedure of the contract', () => {
  const sample = fs.readFileSync(SAMPLE, 'utf8');
  const { procedures } = JSON.parse(fs.readFileSync(path.join(CLIENT, 'schema.json'), 'utf8'));
  assert.ok(procedures.length > 20, `only ${procedures.length} procedures`);
  for (const p of procedures) {
    const call = `.${p.path}.${p.type === 'query' ? 'query' : 'mutate'}(`;
    assert.ok(sample.includes(call), `test/sample.ts never calls ${p.path} (${call})`);
  }
});

test('tsc compiles the sample, and every wrong call in it is an error', async () => {
  const output = await tsc(path.join(CLIENT, 'test/tsconfig.json'));
  assert.equal(output, '', output);
});

test('without their @ts-expect-error lines the wrong calls fail to compile, one error each', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roi-typed-client-'));
  try {
    const lines = fs.readFileSync(SAMPLE, 'utf8').split('\n');
    const expected = [];
    const stripped = lines.map((line, i) => {
      if (!line.trim().startsWith('// @ts-expect-error')) return line;
      expected.push(i + 2);  // the line after the directive, 1-based
      return '';
    });
    assert.ok(expected.length >= 10, `only ${expected.length} wrong calls`);
    fs.writeFileSync(path.join(dir, 'sample.ts'), stripped.join('\n'));
    const config = JSON.parse(fs.readFileSync(path.join(CLIENT, 'test/tsconfig.json'), 'utf8'));
    for (const [name, [target]] of Object.entries(config.compilerOptions.paths)) {
      config.compilerOptions.paths[name] = [path.resolve(CLIENT, 'test', target)];
    }
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(config));
    const output = await tsc(path.join(dir, 'tsconfig.json'));
    const failing = [...new Set([...output.matchAll(/sample\.ts\((\d+),\d+\): error/g)].map((m) => Number(m[1])))];
    assert.deepEqual(failing.sort((a, b) => a - b), expected, output);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
