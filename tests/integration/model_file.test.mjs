// model_file: the model file written over in place (not renamed) under running
// workers — truncated, garbage — never crashes them (no 502) and tickets keep being
// classified with the last good model, also by a worker started after the damage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { api, userWithRole, STATE, workers, eventually } from './lib.mjs';

const MODEL = path.join(STATE, 'model', 'model.bin');
let customer;

// Eight tickets at once (both tickets workers take some): every one filed and
// classified by a model.
async function fileAndClassify(label) {
  const rs = await Promise.all(Array.from({ length: 8 }, () => api('POST', '/api/tickets', {
    token: customer.token,
    body: { subject: 'Forgot my password', body: 'I forgot my password and cannot log in. How do I reset my password?' },
  })));
  for (const r of rs) {
    assert.equal(r.status, 201, `${label}: ${r.status} ${r.text.slice(0, 200)}`);
    assert.equal(r.json.intent, 'password_reset', `${label}: classified by a model`);
  }
}

// Written in place: the same inode, as `cp` or a restore with `cat >` would.
function overwriteInPlace(bytes, length) {
  const fd = fs.openSync(MODEL, 'r+');
  try {
    fs.ftruncateSync(fd, length);
    if (bytes) fs.writeSync(fd, bytes, 0, bytes.length, 0);
  } finally { fs.closeSync(fd); }
}

test('a model file truncated or overwritten in place: no 502, the last good model answers', async () => {
  customer = await userWithRole('customer', 'Model File Customer');
  const good = fs.readFileSync(MODEL);
  const inode = fs.statSync(MODEL).ino;
  await fileAndClassify('before');
  try {
    overwriteInPlace(null, Math.floor(good.length / 2));
    await fileAndClassify('truncated to half');
    overwriteInPlace(Buffer.from('DPMODEL\0 this is not a model, just garbage '.repeat(50)), 0);
    await fileAndClassify('garbage written over it');
    overwriteInPlace(null, 0);
    await fileAndClassify('emptied');
    overwriteInPlace(Buffer.from('garbage again'), 0);

    // Workers started after the damage find garbage: they serve the last good model.
    const before = workers('tickets');
    assert.ok(before.length >= 1);
    for (const pid of before) process.kill(Number(pid), 'SIGKILL');
    assert.ok(await eventually(() => {
      const now = workers('tickets');
      return now.length === before.length && now.every((p) => !before.includes(p));
    }), 'multiwatch started new workers');
    await fileAndClassify('restarted on a damaged file');
    assert.equal(fs.statSync(MODEL).ino, inode, 'the test wrote in place');
  } finally {
    overwriteInPlace(good, good.length);
  }
  await fileAndClassify('restored');
});
