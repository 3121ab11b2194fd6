// db_cost.test.mjs: what the database does for the hot paths stays small and does
// not grow with the data — counted from MariaDB's own counters (statements,
// Handler_read_* rows, full-scan reads) around requests, after growing the tickets
// table by 20,000 rows.
import test from 'node:test';
import assert from 'node:assert/strict';
import { api, sql, userWithRole } from './lib.mjs';

// [statements, rows read through handlers, of which full-scan reads]
function counters() {
  return sql(`SELECT SUM(IF(VARIABLE_NAME = 'QUESTIONS', VARIABLE_VALUE, 0)),
      SUM(IF(VARIABLE_NAME LIKE 'HANDLER_READ%', VARIABLE_VALUE, 0)),
      SUM(IF(VARIABLE_NAME = 'HANDLER_READ_RND_NEXT', VARIABLE_VALUE, 0))
    FROM information_schema.GLOBAL_STATUS`).split('\t').map(Number);
}

// The steady cost of one call of fn: the median over n calls of the counters' change,
// less what reading the counters costs itself. (A worker that has not served yet
// fills its caches on its first request: the median looks past that one.)
async function cost(n, fn) {
  const o1 = counters(), o2 = counters();
  const overhead = o2.map((v, i) => v - o1[i]);
  const samples = [];
  for (let k = 0; k < n; k++) {
    const a = counters();
    await fn();
    const b = counters();
    samples.push(b.map((v, i) => v - a[i] - overhead[i]));
  }
  return overhead.map((_, i) => samples.map((x) => x[i]).sort((x, y) => x - y)[Math.floor(n / 2)]);
}

test('filing and reading a ticket cost a few indexed statements, however many tickets there are', async () => {
  const customer = await userWithRole('customer');
  const old = await userWithRole('customer');
  // 20,000 more tickets, most of them another customer's, all older than what we file
  // (closed, so no queue of the other tests fills up with them).
  sql(`INSERT INTO tickets (customer_id, subject, body, status, created_at)
       SELECT IF(seq % 10 = 0, ${old.id}, ${customer.id}), CONCAT('Bulk ', seq), 'Bulk ticket body text',
              'CLOSED', UTC_TIMESTAMP() - INTERVAL seq MINUTE FROM seq_1_to_20000`);
  try {
    await measure(customer, old);
  } finally {
    sql(`DELETE FROM tickets WHERE subject LIKE 'Bulk %' AND body = 'Bulk ticket body text'`);
  }
});

async function measure(customer, old) {
  const file = async () => {
    const r = await api('POST', '/api/tickets', { token: customer.token, body: { subject: 'Forgot my password', body: 'I forgot my password. How do I reset it?' } });
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  };
  // Warm every worker of the group: its caches and prepared statements.
  let id;
  for (let i = 0; i < 8; i++) {
    id = await file();
    await api('GET', `/api/tickets/${id}`, { token: customer.token });
  }

  // Seven statements with mail off. The test stack runs with mail on
  // (DESKPILOT_MAIL_FROM, tools/teststack.sh), and this ticket is answered
  // automatically: the answer's mail is one more INSERT, in the same transaction.
  const mailOn = Boolean(process.env.DESKPILOT_MAIL_FROM);
  const [postStatements, postRows, postScans] = await cost(20, file);
  // the user row, BEGIN, the ticket, its search index rows (one INSERT for up to 32
  // words), its quota count, the answer, COMMIT; with mail on, its outbox row
  assert.ok(postStatements <= 7 + (mailOn ? 1 : 0), `POST: ${postStatements} statements (mail ${mailOn ? 'on' : 'off'})`);
  assert.ok(postRows <= 10, `POST: ${postRows} rows read`);
  assert.equal(postScans, 0, 'POST: no full scan');

  // With an Idempotency-Key: one statement more (its INSERT, in the same transaction).
  let n = 0;
  const fileKeyed = async () => {
    n += 1;
    const r = await api('POST', '/api/tickets', {
      token: customer.token, headers: { 'idempotency-key': `cost-${process.pid}-${n}` },
      body: { subject: 'Forgot my password', body: 'I forgot my password. How do I reset it?' },
    });
    assert.equal(r.status, 201, r.text);
  };
  const [keyedStatements, , keyedScans] = await cost(20, fileKeyed);
  assert.ok(keyedStatements <= postStatements + 1, `keyed POST: ${keyedStatements} statements`);
  assert.equal(keyedScans, 0, 'keyed POST: no full scan');

  // An agent's search on a desk where 20,000 tickets hold its word (index rows put in
  // as the writers would): the index is read as far as a page and the counts need,
  // never whole. "bulk" alone is in too many tickets to rank: newest first. With a
  // word in ten of them, that word leads and the ranking reads its ten rows.
  sql(`INSERT INTO ticket_terms (term, ticket_id, hits, note_hits)
       SELECT 'bulk_', id, 2, 0 FROM tickets WHERE subject LIKE 'Bulk %' AND body = 'Bulk ticket body text'`);
  sql(`INSERT INTO ticket_terms (term, ticket_id, hits, note_hits)
       SELECT 'zyxqk_', id, 1, 0 FROM tickets WHERE subject LIKE 'Bulk %' AND body = 'Bulk ticket body text'
       ORDER BY id LIMIT 10`);
  const agent = await userWithRole('agent');
  const find = async (q, want) => {
    const r = await api('GET', `/api/tickets?limit=20&q=${encodeURIComponent(q)}`, { token: agent.token });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.items.length, want, q);
  };
  const [newestStatements, newestRows] = await cost(5, () => find('bulks', 20));
  // the user row, the words' counts, the page
  assert.ok(newestStatements <= 3, `search, newest first: ${newestStatements} statements`);
  assert.ok(newestRows <= 4200, `search, newest first: ${newestRows} rows read of 20,000`);
  const [rankedStatements, rankedRows] = await cost(5, () => find('bulk zyxqk', 10));
  assert.ok(rankedStatements <= 3, `search, ranked: ${rankedStatements} statements`);
  assert.ok(rankedRows <= 2200, `search, ranked: ${rankedRows} rows read of 20,000`);

  const get = async () => assert.equal((await api('GET', `/api/tickets/${id}`, { token: customer.token })).status, 200);
  const [getStatements, getRows, getScans] = await cost(20, get);
  assert.ok(getStatements <= 3, `GET: ${getStatements} statements`);
  assert.ok(getRows <= 12, `GET: ${getRows} rows read`);
  assert.equal(getScans, 0, 'GET: no full scan');

  // A customer whose tickets are old and few among many: the list reads its own rows.
  const list = async () => assert.equal((await api('GET', '/api/tickets?limit=20', { token: old.token })).status, 200);
  const [, listRows, listScans] = await cost(5, list);
  assert.ok(listRows <= 60, `list: ${listRows} rows read for a page of 20`);
  assert.equal(listScans, 0, 'list: no full scan');
}
