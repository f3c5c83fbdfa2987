// Processes a test starts (hosts, nginx, simulators, sandboxes) do not keep the test process
// alive on their own: when an after hook fails before it stops them (a sanitizer report in a
// host's log, say), the test still ends with its failure, and they are killed as it exits,
// instead of hanging until CTest's timeout. Whoever waits for one to end holds the process again.
const running = new Set();
process.once('exit', () => { for (const child of running) child.kill('SIGKILL'); });

const handles = (child) => [child, child.stdout, child.stderr].filter(Boolean);

export function detach(child) {
  for (const handle of handles(child)) handle.unref();
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

// Before waiting for `child` to end.
export function hold(child) {
  for (const handle of handles(child)) handle.ref();
}
