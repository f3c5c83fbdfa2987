// Runs the SDK's acceptance kit (roi-connector-check) and parses its verdict lines, so tests can
// say which checks passed, failed or were skipped for a connector library.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

// {code, output, verdicts: {check: {verdict, detail}}}; `settings` and `credentials` are written
// to JSON files in `dir`.
export function connectorCheck(library, { bin = process.env.ROI_CONNECTOR_CHECK_BIN, dir, settings, credentials,
  args = [], env = {} } = {}) {
  if (!bin) throw new Error('ROI_CONNECTOR_CHECK_BIN is not set: run the tests with `make test`');
  const argv = [library];
  const write = (name, value) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, JSON.stringify(value));
    return file;
  };
  if (settings) argv.push('--settings', write('settings.json', settings));
  if (credentials) argv.push('--credentials', write('credentials.json', credentials));
  argv.push(...args);
  return new Promise((resolve) => {
    execFile(bin, argv, { env: { PATH: process.env.PATH, ...env }, timeout: 240000 }, (error, stdout, stderr) => {
      const verdicts = {};
      for (const line of stdout.split('\n')) {
        const m = line.match(/^(PASS|FAIL|SKIP) {2}(\S+)\s+(.*)$/);
        if (m) verdicts[m[2]] = { verdict: m[1], detail: m[3] };
      }
      resolve({ code: error ? error.code : 0, output: `${stdout}${stderr}`, verdicts });
    });
  });
}
