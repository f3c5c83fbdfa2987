// Copies of the stamped test connector (tests/fake_connectors/stamped_connector.cpp) with their id,
// version and fault slots filled in, and a drop that renames them into a plugins folder.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const FAKE_CONNECTORS = process.env.ROI_FAKE_CONNECTOR_DIR;

function fill(bytes, marker, value) {
  const at = bytes.indexOf(Buffer.from(marker));
  assert.ok(at > 0, `${marker} not found`);
  const slot = Buffer.alloc(48 - marker.length - 1);
  slot.write(value);
  slot.copy(bytes, at + marker.length);
}

// { version = '1.0.0', id = 'stamped', fault = '' } -> the library's bytes.
export function stamped({ version = '1.0.0', id = 'stamped', fault = '' } = {}) {
  const bytes = fs.readFileSync(path.join(FAKE_CONNECTORS, 'stamped_connector.so'));
  fill(bytes, 'ROI-VERSION-SLOT:', version);
  fill(bytes, 'ROI-ID-SLOT:', id);
  fill(bytes, 'ROI-FAULT-SLOT:', fault);
  return bytes;
}

// Writes elsewhere, then renames in: the only safe way to replace a library a process may map.
export function drop(dir, bytes, name) {
  const tmp = path.join(dir, `.${name}.incoming`);
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, path.join(dir, name));
}
