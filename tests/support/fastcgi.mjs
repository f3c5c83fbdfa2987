// A bare FastCGI client: one request on its own connection to a Unix socket, with the CGI
// params the caller picks (REMOTE_ADDR included), as any process allowed to connect could send.
import net from 'node:net';

function record(type, content) {
  const head = Buffer.alloc(8);
  head.writeUInt8(1, 0);  // version
  head.writeUInt8(type, 1);
  head.writeUInt16BE(1, 2);  // request id
  head.writeUInt16BE(content.length, 4);
  return Buffer.concat([head, content]);
}

function length(n) {
  if (n < 128) return Buffer.from([n]);
  const b = Buffer.alloc(4);
  b.writeUInt32BE((n | 0x80000000) >>> 0);
  return b;
}

function params(env) {
  return Buffer.concat(Object.entries(env).flatMap(([k, v]) => [
    length(Buffer.byteLength(k)), length(Buffer.byteLength(v)), Buffer.from(k), Buffer.from(v),
  ]));
}

// Resolves with { status, head, body } parsed from the CGI output.
export function fastcgiRequest(socketPath, env) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    const sock = net.createConnection(socketPath, () => {
      sock.write(Buffer.concat([
        record(1, Buffer.from([0, 1, 0, 0, 0, 0, 0, 0])),  // BEGIN_REQUEST, role RESPONDER
        record(4, params(env)), record(4, Buffer.alloc(0)), record(5, Buffer.alloc(0)),
      ]));
    });
    sock.on('data', (d) => chunks.push(d));
    sock.on('error', reject);
    sock.on('close', () => {
      const all = Buffer.concat(chunks);
      const out = [];
      for (let at = 0; at + 8 <= all.length;) {
        const type = all.readUInt8(at + 1);
        const len = all.readUInt16BE(at + 4);
        const pad = all.readUInt8(at + 6);
        if (type === 6) out.push(all.subarray(at + 8, at + 8 + len));
        at += 8 + len + pad;
      }
      const text = Buffer.concat(out).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const head = text.slice(0, split);
      resolve({ status: Number(head.match(/^Status: (\d+)/m)?.[1]), head, body: text.slice(split + 4) });
    });
  });
}
