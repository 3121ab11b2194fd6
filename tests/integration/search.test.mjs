// search: GET /api/tickets?q= finds what agents look for (issue 17) — any inflection of
// a word, a ticket number, a customer's name or address, words in messages and (for
// staff only) internal notes — best match first, paged without repeats, hostile input
// bounded, and never another customer's ticket.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { api, assertProblem, cli, closeTicketsOf, sql, STATE, userWithRole } from './lib.mjs';

// A word of this run only, so other tests' tickets never match (stems to itself).
const run = `${process.pid}${Date.now() % 100000}`;
const tag = (s) => `${s}${run}`;

const customers = [];
async function customer(name) {
  const c = await userWithRole('customer', name);
  customers.push(c);
  return c;
}
after(() => closeTicketsOf(...customers));

async function file(who, subject, body) {
  const r = await api('POST', '/api/tickets', { token: who.token, body: { subject, body } });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

async function search(who, q, extra = '') {
  const r = await api('GET', `/api/tickets?q=${encodeURIComponent(q)}${extra}`, { token: who.token });
  assert.equal(r.status, 200, r.text);
  return r.json;
}
const ids = async (who, q, extra) => (await search(who, q, extra)).items.map((t) => t.id);

test('every inflection finds the word, both ways', async () => {
  const agent = await userWithRole('agent');
  const c = await customer('Word Forms');
  const t = tag('wf');
  const refund = await file(c, `Refund ${t}`, 'Please send the money back to my card.');
  const crashes = await file(c, `App ${t}`, 'The app crashes every morning.');
  for (const q of ['refund', 'refunds', 'Refunded', 'REFUNDING']) {
    assert.deepEqual(await ids(agent, `${q} ${t}`), [refund.id], q);
  }
  for (const q of ['crash', 'crashes', 'crashed', 'crashing']) {
    assert.deepEqual(await ids(agent, `${q} ${t}`), [crashes.id], q);
  }
  // Every word must match: a word no ticket holds finds nothing.
  assert.deepEqual(await ids(agent, `refund crash ${t}`), []);
  // Short words are words too.
  const pc = await file(c, `PC ${t}`, 'My PC will not boot.');
  assert.deepEqual(await ids(agent, `pc ${t}`), [pc.id]);
});

test('a ticket number finds that ticket first; a customer by name or address', async () => {
  const agent = await userWithRole('agent');
  const c = await customer(`Ottoline ${tag('Name')}`);
  const other = await customer('Someone Else');
  const a = await file(c, 'First question', 'Where is my parcel?');
  const b = await file(c, 'Second question', `The parcel number is ${a.id}.`);
  await file(other, 'Unrelated', 'Something else entirely.');

  for (const q of [`${a.id}`, `#${a.id}`, ` #${a.id} `]) {
    const found = await ids(agent, q);
    assert.equal(found[0], a.id, `${q}: ${found}`);
    // A ticket that mentions the number comes after it.
    assert.ok(found.includes(b.id), `${q}: ${found}`);
  }
  assert.deepEqual((await ids(agent, c.email)).sort(), [a.id, b.id].sort());
  assert.deepEqual((await ids(agent, c.email.toUpperCase())).sort(), [a.id, b.id].sort());
  assert.deepEqual((await ids(agent, `Ottoline ${tag('Name')}`)).sort(), [a.id, b.id].sort());
  // Filters still apply to a search.
  assert.deepEqual(await ids(agent, c.email, '&status=CLOSED'), []);
});

test('words of messages are found; internal notes only by staff', async () => {
  const agent = await userWithRole('agent');
  const c = await customer('Message Words');
  const t = await file(c, 'Login trouble', 'I cannot sign in.');
  const reply = tag('vouchr');
  const note = tag('notee');
  let r = await api('POST', `/api/tickets/${t.id}/messages`, {
    token: agent.token, body: { body: `We applied ${reply} to your account.` },
  });
  assert.equal(r.status, 201, r.text);
  r = await api('POST', `/api/tickets/${t.id}/messages`, { token: c.token, body: { body: `Thanks, the ${tag('followup')} works.` } });
  assert.equal(r.status, 201, r.text);
  r = await api('POST', `/api/tickets/${t.id}/messages`, {
    token: agent.token, body: { body: `Customer seems confused about ${note}.`, internal: true },
  });
  assert.equal(r.status, 201, r.text);

  assert.deepEqual(await ids(agent, reply), [t.id]);
  assert.deepEqual(await ids(agent, tag('followup')), [t.id]);
  assert.deepEqual(await ids(c, reply), [t.id], 'the customer finds a reply they received');
  assert.deepEqual(await ids(agent, note), [t.id], 'an agent finds the internal note');
  assert.deepEqual(await ids(c, note), [], 'a customer never finds a ticket by its internal note');
});

test('the best match comes first, then the newest among equals', async () => {
  const agent = await userWithRole('agent');
  const c = await customer('Ranking');
  const t = tag('rk');
  // Filed first, so "newest first" alone would put it last.
  const strong = await file(c, `Invoice ${t}`, 'I need a copy of the invoice, the invoice is missing.');
  const weak1 = await file(c, `Question ${t}`, 'Also an invoice.');
  const weak2 = await file(c, `Another ${t}`, 'One more invoice here.');
  assert.deepEqual(await ids(agent, `invoices ${t}`), [strong.id, weak2.id, weak1.id]);
});

test('pages of a search hold every match once', async () => {
  const agent = await userWithRole('agent');
  const c = await customer('Paging');
  const t = tag('pg');
  const filed = [];
  for (let i = 0; i < 7; i++) filed.push((await file(c, `Paging ${t}`, `Entry ${i} of the paging test.`)).id);
  const seen = [];
  let cursor = '';
  let pages = 0;
  for (;;) {
    const page = await search(agent, t, `&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    pages += 1;
    assert.ok(page.items.length <= 3);
    seen.push(...page.items.map((x) => x.id));
    if (!page.next_cursor) break;
    cursor = page.next_cursor;
    assert.ok(pages < 10, 'paging ends');
  }
  assert.equal(pages, 3);
  assert.equal(new Set(seen).size, seen.length, `no ticket twice: ${seen}`);
  assert.deepEqual([...seen].sort(), [...filed].sort());
  // A ranked search's cursor is a position in its ranking, not a ticket: the plain
  // list refuses it.
  const first = await search(agent, t, '&limit=3');
  assertProblem(await api('GET', `/api/tickets?cursor=${first.next_cursor}`, { token: agent.token }), 400, 'bad_request');
});

test('words in more than 2,000 tickets: newest first, paged without repeats', async () => {
  const agent = await userWithRole('agent');
  const c = await customer('Common Words');
  const t = tag('cm');
  // 2,100 older tickets holding both words, written by SQL and made searchable by the
  // backfill, as on a desk that grew to this: both words are past what a search ranks.
  sql(`INSERT INTO tickets (customer_id, subject, body, status, created_at)
       SELECT ${c.id}, 'Common ${t}', CONCAT('Old entry ', seq, ' is a shipment.'), 'CLOSED',
              UTC_TIMESTAMP() - INTERVAL seq MINUTE FROM seq_1_to_2100`);
  cli(['migrate'], '', {
    DESKPILOT_DB_USER: 'deskpilot_migrator',
    DESKPILOT_DB_PASSWORD_FILE: path.join(STATE, 'secrets/db_migrator_password'),
  });
  const old = sql(`SELECT id FROM tickets WHERE customer_id = ${c.id} ORDER BY id DESC LIMIT 20`).split('\n').map(Number);
  const filed = [];
  for (let i = 0; i < 60; i++) filed.push((await file(c, `Common ${t}`, `Entry ${i} is a shipment.`)).id);
  const seen = [];
  let cursor = '';
  for (let pages = 0; seen.length < 80; pages++) {
    const page = await search(agent, `shipments ${t}`, `&limit=40${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    seen.push(...page.items.map((x) => x.id));
    assert.ok(page.next_cursor, 'more to come');
    cursor = page.next_cursor;
    assert.ok(pages < 10, 'paging goes on');
  }
  assert.equal(new Set(seen).size, seen.length, 'no ticket twice');
  assert.deepEqual(seen.slice(0, 80), [...[...filed].reverse(), ...old], 'newest first, every one');
  // The plain list takes such a cursor (a ticket number): this is no ranking.
  assert.equal((await api('GET', `/api/tickets?cursor=${encodeURIComponent(cursor)}`, { token: agent.token })).status, 200);
  // The numbered ticket still leads; the customer finds their own the same way.
  const middle = filed[30];
  assert.equal((await search(agent, `#${middle}`)).items[0].id, middle);
  const own = await search(c, `shipment ${t}`, '&limit=100');
  assert.deepEqual(own.items.map((x) => x.id),
    sql(`SELECT id FROM tickets WHERE customer_id = ${c.id} ORDER BY id DESC LIMIT 100`).split('\n').map(Number));
  assert.ok(own.next_cursor);
});

test('a hostile search is bounded: 400 or nothing found, never a server error', async () => {
  const agent = await userWithRole('agent');
  for (const q of ['***', '+-<>()~*"@', "' OR 1=1 --", '"; DROP TABLE tickets; --', '\\', '%', '@', '@@@', 'a@b@c',
    '+(', 'MATCH AGAINST', '\u202e\u200b', '🙂🙂', '1'.repeat(40), '#', '#-1', '#0', '#99999999999999999999']) {
    const r = await api('GET', `/api/tickets?q=${encodeURIComponent(q)}`, { token: agent.token });
    assert.equal(r.status, 200, `${q}: ${r.status} ${r.text}`);
    assert.ok(Array.isArray(r.json.items), q);
  }
  // Many words: only the first few count, and the answer stays quick.
  const many = Array.from({ length: 60 }, (_, i) => `w${i}`).join(' ').slice(0, 200);
  const t0 = Date.now();
  assert.equal((await api('GET', `/api/tickets?q=${encodeURIComponent(many)}`, { token: agent.token })).status, 200);
  assert.ok(Date.now() - t0 < 2000);
  // Too long for the contract's 200 characters: 400 naming q, as any bad query
  // parameter (or nginx's 414 when the request line itself is too long), never a 5xx.
  for (const n of [201, 5000, 10000]) {
    const r = await api('GET', `/api/tickets?q=${'x'.repeat(n)}`, { token: agent.token });
    assert.ok(r.status === 400 || r.status === 414, `${n}: ${r.status}`);
    assert.match(r.headers.get('content-type') || '', /problem\+json/);
    if (r.status === 400) assert.match(r.json.detail, /\bq\b/, r.text);
  }
  // Past the ranked result's end: an empty page, not an error.
  const page = await search(agent, tag('nothing'));
  assert.deepEqual(page, { items: [], next_cursor: null });
});

test('a customer never finds another customer\'s ticket', async () => {
  const alice = await customer(`Alice ${tag('Private')}`);
  const bob = await customer('Bob Curious');
  const t = tag('secret');
  const mine = await file(alice, `Secret ${t}`, 'My own problem.');
  assert.deepEqual(await ids(alice, t), [mine.id]);
  assert.deepEqual(await ids(bob, t), []);
  assert.deepEqual(await ids(bob, alice.email), []);
  assert.deepEqual(await ids(bob, `#${mine.id}`), []);
  assert.deepEqual(await ids(bob, `Alice ${tag('Private')}`), []);
});

test('a customer renamed (deskpilot user add --update) is found by the new name', async () => {
  const agent = await userWithRole('agent');
  const c = await customer(`Oldname ${tag('Rn')}`);
  const t = await file(c, 'Renamed customer', 'Anything at all.');
  assert.deepEqual(await ids(agent, `Oldname ${tag('Rn')}`), [t.id]);
  cli(['user', 'add', '--email', c.email, '--name', `Newname ${tag('Rn')}`, '--role', 'customer', '--update'], c.password);
  assert.deepEqual(await ids(agent, `Newname ${tag('Rn')}`), [t.id]);
  assert.deepEqual(await ids(agent, `Oldname ${tag('Rn')}`), []);
  assert.deepEqual(await ids(agent, c.email), [t.id]);
});

test('deskpilot migrate makes searchable a ticket that has no search text yet', async () => {
  const agent = await userWithRole('agent');
  const c = await customer('Backfill');
  const t = tag('bf');
  const old = await file(c, `Older ${t}`, 'Written before search texts existed.');
  const note = tag('oldnote');
  assert.equal((await api('POST', `/api/tickets/${old.id}/messages`, {
    token: agent.token, body: { body: `About ${note}.`, internal: true },
  })).status, 201);
  // As a ticket of an upgraded desk (sql/025): no text and no index rows until the
  // backfill makes them.
  sql(`UPDATE tickets SET search_text = NULL WHERE id = ${old.id}`);
  sql(`DELETE FROM ticket_terms WHERE ticket_id = ${old.id}`);
  assert.deepEqual(await ids(agent, t), []);
  // As an upgrade runs it: the migrator's account.
  const migrator = {
    DESKPILOT_DB_USER: 'deskpilot_migrator',
    DESKPILOT_DB_PASSWORD_FILE: path.join(STATE, 'secrets/db_migrator_password'),
  };
  const out = cli(['migrate'], '', migrator);
  assert.match(out, /search: \d+ tickets indexed/);
  assert.deepEqual(await ids(agent, `olders ${t}`), [old.id]);
  assert.deepEqual(await ids(agent, note), [old.id]);
  assert.deepEqual(await ids(c, note), []);
  assert.deepEqual(await ids(agent, c.email), [old.id]);
  // Nothing left to do: the next run indexes nothing.
  assert.doesNotMatch(cli(['migrate'], '', migrator), /search:/);
});
