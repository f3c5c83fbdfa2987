// Sends exact bytes over a TCP connection and returns what came back, for requests fetch()
// refuses to make (broken bodies, huge headers, odd paths).
import net from 'node:net';

export function rawRequest(port, bytes, { timeoutMs = 5000, halfClose = false } = {}) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    const chunks = [];
    const timer = setTimeout(() => {
      sock.destroy();
      resolve({ status: null, raw: Buffer.concat(chunks).toString('latin1'), timedOut: true });
    }, timeoutMs);
    sock.on('data', (c) => chunks.push(c));
    sock.on('error', (e) => { clearTimeout(timer); reject(e); });
    sock.on('close', () => {
      clearTimeout(timer);
      const raw = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(raw);
      const body = raw.includes('\r\n\r\n') ? raw.slice(raw.indexOf('\r\n\r\n') + 4) : '';
      resolve({ status: m ? Number(m[1]) : null, raw, body, timedOut: false });
    });
    sock.write(bytes, () => { if (halfClose) sock.end(); });
  });
}
