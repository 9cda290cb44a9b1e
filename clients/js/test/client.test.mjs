// The SDK against one real ServiceHub node (the built jar, embedded database, in-memory broker),
// with short-lived tokens and a small room history so refresh and gaps happen within a test.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';

import { ProblemError, ServiceHubApi, ServiceHubClient } from '../dist/index.js';
import { actors, assignedBooking, login } from './support/demo.mjs';
import { startProxy } from './support/proxy.mjs';
import { eventually, sleep, startServer } from './support/server.mjs';

const TOKEN_TTL_SECONDS = 12;
const HISTORY_SIZE = 3;

let server;
let people;
const clients = [];

function client(options) {
  const c = new ServiceHubClient({ WebSocket, backoff: { initialMs: 100, maxMs: 1000 }, ...options });
  clients.push(c);
  return c;
}

/** Records what a client and one of its rooms go through. */
function watch(c, room) {
  const seen = { states: [], events: [], gaps: [], joins: [], frames: [] };
  c.on('state', (change) => seen.states.push(change));
  c.on('frame', (frame) => seen.frames.push(frame));
  if (room) {
    const subscription = c.subscribe(room);
    subscription.on('event', (frame, info) => seen.events.push({ ...frame, replayed: info.replayed }));
    subscription.on('gap', (gap) => seen.gaps.push(gap));
    subscription.on('joined', (joined) => seen.joins.push(joined));
    seen.subscription = subscription;
  }
  return seen;
}

const statuses = (seen) => seen.events.filter((e) => e.type === 'status_update').map((e) => e.status);

before(async () => {
  server = await startServer({
    env: { ACCESS_TOKEN_TTL: `PT${TOKEN_TTL_SECONDS}S` },
    args: [`--servicehub.realtime.history.size=${HISTORY_SIZE}`],
  });
  people = await actors(server.url);
});

after(async () => {
  for (const c of clients) c.close();
  await server?.stop();
});

describe('connecting', () => {
  test('connects with the token as subprotocol and gets live events of a joined room', async () => {
    const booking = await assignedBooking(people);
    const c = client({ url: server.wsUrl, getToken: people.customer.getToken });
    const seen = watch(c, `booking:${booking.id}`);
    await eventually(() => seen.joins.length === 1, 20_000, 'joined_room');
    assert.equal(c.userId, people.customer.session.user.id);
    await people.technician.bookings.setStatus(booking.id, 'en_route');
    await people.technician.bookings.reportLocation(booking.id, { latitude: 24.7136, longitude: 46.6753 });
    await eventually(() => seen.events.length === 2, 10_000, 'two events');
    assert.deepEqual(seen.events.map((e) => e.type), ['status_update', 'location_update']);
    assert.equal(seen.events[0].status, 'en_route');
    assert.deepEqual(seen.events[1].location, { latitude: 24.7136, longitude: 46.6753 });
    assert.equal(seen.events[1].offset, seen.events[0].offset + 1);
    assert.equal(seen.gaps.length, 0);
    assert.deepEqual(seen.states.map((s) => s.state), ['connecting', 'connected']);
  });

  test('a join that is not allowed is reported on the room, and the room is not rejoined', async () => {
    const c = client({ url: server.wsUrl, getToken: people.customer.getToken });
    const errors = [];
    c.subscribe('booking:00000000-0000-4000-8000-000000000000').on('error', (e) => errors.push(e));
    await eventually(() => errors.length === 1, 20_000, 'error frame');
    assert.equal(errors[0].code, 'FORBIDDEN');
    assert.equal(c.subscription('booking:00000000-0000-4000-8000-000000000000'), undefined);
  });
});

describe('reconnecting', () => {
  test('after the socket is dropped it reconnects and replays what it missed: in order, no gap, no duplicate', async () => {
    const booking = await assignedBooking(people);
    const proxy = await startProxy(server.port);
    try {
      const c = client({ url: proxy.wsUrl, getToken: people.customer.getToken });
      const seen = watch(c, `booking:${booking.id}`);
      await eventually(() => seen.joins.length === 1, 20_000, 'first join');
      await people.technician.bookings.setStatus(booking.id, 'en_route');
      await eventually(() => seen.events.length === 1, 10_000, 'live event');

      proxy.cut();
      await eventually(() => c.state === 'disconnected', 10_000, 'disconnected');
      await people.technician.bookings.setStatus(booking.id, 'arrived');
      await people.technician.bookings.setStatus(booking.id, 'in_progress');
      proxy.restore();

      await eventually(() => seen.joins.length === 2, 20_000, 'rejoin');
      await eventually(() => seen.events.length === 3, 10_000, 'replayed events');
      await people.technician.bookings.setStatus(booking.id, 'completed');
      await eventually(() => seen.events.length === 4, 10_000, 'live after replay');
      await sleep(300);

      assert.deepEqual(statuses(seen), ['en_route', 'arrived', 'in_progress', 'completed']);
      assert.deepEqual(seen.events.map((e) => e.replayed), [false, true, true, false]);
      const offsets = seen.events.map((e) => e.offset);
      assert.deepEqual(offsets, [offsets[0], offsets[0] + 1, offsets[0] + 2, offsets[0] + 3]);
      assert.equal(seen.joins[1].recovered, true);
      assert.equal(seen.gaps.length, 0);
      const disconnected = seen.states.find((s) => s.state === 'disconnected');
      assert.equal(disconnected.code, 1006);
      assert.ok(disconnected.retryInMs >= 0);
      // The rejoin asked for everything after the last offset it had handled.
      assert.ok(seen.frames.some((f) => f.type === 'joined_room' && f.recovered === true));
    } finally {
      await proxy.close();
    }
  });

  test('when the history no longer holds what it missed, the room reports a gap', async () => {
    const booking = await assignedBooking(people);
    await people.technician.bookings.setStatus(booking.id, 'en_route');
    const proxy = await startProxy(server.port);
    try {
      const c = client({ url: proxy.wsUrl, getToken: people.customer.getToken });
      const seen = watch(c, `booking:${booking.id}`);
      await eventually(() => seen.joins.length === 1, 20_000, 'first join');

      proxy.cut();
      await eventually(() => c.state === 'disconnected', 10_000, 'disconnected');
      for (let i = 0; i <= HISTORY_SIZE + 1; i++) {
        await people.technician.bookings.reportLocation(booking.id, { latitude: 24.7 + i / 100, longitude: 46.6 });
      }
      proxy.restore();

      await eventually(() => seen.gaps.length === 1, 20_000, 'gap');
      assert.equal(seen.gaps[0].reason, 'not_recovered');
      assert.equal(seen.joins[1].recovered, false);
      assert.equal(seen.events.length, 0, 'nothing replayed when not recovered');
      // Live events go on after the gap, from the offset joined_room named.
      await people.technician.bookings.setStatus(booking.id, 'arrived');
      await eventually(() => seen.events.length === 1, 10_000, 'live event after gap');
      assert.equal(seen.events[0].offset, seen.gaps[0].offset + 1);
    } finally {
      await proxy.close();
    }
  });
});

describe('tokens', () => {
  test('refreshes the token in-band before it expires: the connection outlives its first token', async () => {
    const api = await login(server.url, 'customer2');
    const reasons = [];
    const c = client({
      url: server.wsUrl,
      refreshLeadMs: 4000,
      getToken: (request) => {
        reasons.push(request.reason);
        return api.getToken(request);
      },
    });
    const seen = watch(c);
    await eventually(() => c.state === 'connected', 20_000, 'connected');
    await eventually(() => seen.frames.some((f) => f.type === 'authenticated'), (TOKEN_TTL_SECONDS + 5) * 1000, 'authenticated');
    await sleep(TOKEN_TTL_SECONDS * 1000 - 2000);
    assert.equal(c.state, 'connected');
    assert.deepEqual(seen.states.map((s) => s.state), ['connecting', 'connected']);
    assert.equal(reasons[0], 'connect');
    assert.ok(reasons.filter((r) => r === 'refresh').length >= 1, `reasons: ${reasons}`);
    // The connection still works with the refreshed token.
    const pong = seen.frames.length;
    c.send({ type: 'ping' });
    await eventually(() => seen.frames.slice(pong).some((f) => f.type === 'pong'), 5000, 'pong');
  });

  test('closed with 1008 "token expired", it asks for a new token and reconnects', async () => {
    const api = await login(server.url, 'customer2');
    const reasons = [];
    let first;
    const c = client({
      url: server.wsUrl,
      getToken: async (request) => {
        reasons.push(request.reason);
        // Never refresh in-band: keep handing out the first token until the server says it expired.
        if (request.reason === 'refresh') return first;
        const token = await api.getToken(request);
        first ??= token;
        return token;
      },
    });
    const seen = watch(c);
    await eventually(() => seen.states.some((s) => s.state === 'disconnected' && s.code === 1008),
      (TOKEN_TTL_SECONDS + 40) * 1000, '1008');
    const closed = seen.states.find((s) => s.state === 'disconnected');
    assert.match(closed.reason, /token expired/);
    await eventually(() => c.state === 'connected', 20_000, 'reconnected');
    assert.ok(reasons.includes('expired'), `reasons: ${reasons}`);
  });

  test('closed with 1008 "invalid token", it stops and reports instead of retrying', async () => {
    let calls = 0;
    const c = client({ url: server.wsUrl, getToken: () => { calls++; return 'not-a-token'; } });
    const errors = [];
    c.on('error', (e) => errors.push(e));
    const seen = watch(c);
    await eventually(() => c.state === 'stopped', 20_000, 'stopped');
    await sleep(1500);
    assert.equal(calls, 1);
    assert.equal(errors[0].kind, 'auth');
    const stopped = seen.states.at(-1);
    assert.equal(stopped.state, 'stopped');
    assert.equal(stopped.code, 1008);
    assert.match(stopped.reason, /invalid token/);
  });
});

describe('typing and the offline queue', () => {
  test('typing is throttled to one per window and ends with isTyping:false after a pause', async () => {
    const ticket = await people.customer.support.createTicket({ subject: 'Leak', message: 'Water under the sink' });
    const room = `support:${ticket.id}`;
    const typist = client({ url: server.wsUrl, getToken: people.customer.getToken, typingThrottleMs: 2000, typingIdleMs: 800 });
    const reader = client({ url: server.wsUrl, getToken: people.admin.getToken });
    const typed = [];
    const mine = typist.subscribe(room);
    const theirs = reader.subscribe(room);
    theirs.on('typing', (t) => typed.push(t));
    await eventually(() => mine.state === 'joined' && theirs.state === 'joined', 20_000, 'both joined');
    for (let i = 0; i < 8; i++) {
      mine.typing();
      await sleep(100);
    }
    await eventually(() => typed.length === 2, 5000, 'typing true then false');
    await sleep(500);
    assert.deepEqual(typed.map((t) => t.isTyping), [true, false]);
    assert.equal(typed[0].userId, people.customer.session.user.id);

    // Offline, typing is dropped rather than queued; other frames wait in the bounded queue.
    const offline = client({ url: server.wsUrl, getToken: people.customer.getToken, autoConnect: false, maxQueue: 2 });
    const dropped = [];
    offline.on('dropped', (frame) => dropped.push(frame));
    assert.equal(offline.send({ type: 'typing', room, data: { isTyping: true } }), false);
    for (let i = 0; i < 3; i++) offline.send({ type: 'leave', room: `booking:0000000${i}-0000-4000-8000-000000000000` });
    assert.equal(dropped.length, 1);
    assert.equal(dropped[0].room, 'booking:00000000-0000-4000-8000-000000000000');
    const errors = [];
    offline.on('error', (e) => errors.push(e));
    offline.connect();
    await eventually(() => errors.length === 2, 20_000, 'the two queued frames answered');
    assert.deepEqual(errors.map((e) => e.code), ['NOT_IN_ROOM', 'NOT_IN_ROOM']);
  });

  test('support messages arrive once even when they come through two rooms', async () => {
    const ticket = await people.customer.support.createTicket({ subject: 'Bill', message: 'Charged twice' });
    const c = client({ url: server.wsUrl, getToken: people.customer.getToken });
    const seen = watch(c, `support:${ticket.id}`);
    await eventually(() => seen.joins.length === 1, 20_000, 'joined');
    const posted = await people.admin.support.postMessage(ticket.id, 'Looking into it');
    await eventually(() => seen.events.length === 1, 10_000, 'message');
    assert.equal(seen.events[0].message.id, posted.id);
    assert.equal(seen.events[0].senderId, people.admin.session.user.id);
  });
});

describe('REST client', () => {
  test('problem details come back as typed errors', async () => {
    const api = new ServiceHubApi({ baseUrl: server.url });
    await assert.rejects(api.login('+966500000001', 'wrong-password'), (e) => {
      assert.ok(e instanceof ProblemError);
      assert.equal(e.status, 401);
      assert.ok(e.isUnauthorized);
      return true;
    });
    const booking = await assignedBooking(people);
    await assert.rejects(people.technician.bookings.setStatus(booking.id, 'completed'), (e) => e instanceof ProblemError && e.isConflict);
    await assert.rejects(people.customer.bookings.create({ serviceType: '', address: '', scheduledAt: 'soon' }), (e) => {
      assert.equal(e.status, 400);
      assert.ok(e.errors.length >= 1, JSON.stringify(e.body));
      return true;
    });
    const other = await login(server.url, 'customer2');
    await assert.rejects(other.bookings.get(booking.id), (e) => e instanceof ProblemError && e.isNotFound);
    assert.equal(await people.customer.bookings.location(booking.id), null);
  });

  test('the committed OpenAPI snapshot matches what the server describes', async () => {
    const { readFileSync } = await import('node:fs');
    const live = await (await fetch(`${server.url}/v3/api-docs`)).json();
    const snapshot = JSON.parse(readFileSync(new URL('../openapi.json', import.meta.url), 'utf8'));
    assert.deepEqual(live.components.schemas, snapshot.components.schemas,
      'REST types drifted: run npm run openapi -w @servicehub/client against a running server');
    assert.deepEqual(Object.keys(live.paths).sort(), Object.keys(snapshot.paths).sort());
  });
});

describe('server restart', () => {
  test('on 1001 it reconnects at once to the restarted node and reports the lost in-memory history as a gap', async () => {
    const booking = await assignedBooking(people);
    const c = client({ url: server.wsUrl, getToken: people.customer.getToken, backoff: { initialMs: 500, maxMs: 2000 } });
    const seen = watch(c, `booking:${booking.id}`);
    await eventually(() => seen.joins.length === 1, 20_000, 'joined');
    await people.technician.bookings.setStatus(booking.id, 'en_route');
    await eventually(() => seen.events.length === 1, 10_000, 'event');

    const { port, dir } = server;
    await server.stop();
    const closed = seen.states.find((s) => s.state === 'disconnected');
    assert.equal(closed.code, 1001);
    assert.ok(closed.retryInMs <= 1000, `reconnects at once with jitter, not after backoff: ${closed.retryInMs}`);

    server = await startServer({
      port, dir,
      env: { ACCESS_TOKEN_TTL: `PT${TOKEN_TTL_SECONDS}S` },
      args: [`--servicehub.realtime.history.size=${HISTORY_SIZE}`],
    });
    people = await actors(server.url);
    await eventually(() => seen.joins.length === 2, 60_000, 'rejoined after restart');
    // This node kept its history in memory: the new one cannot prove nothing was missed.
    assert.equal(seen.gaps.length, 1);
    await people.technician.bookings.setStatus(booking.id, 'arrived');
    await eventually(() => statuses(seen).includes('arrived'), 10_000, 'live after restart');
    assert.deepEqual(statuses(seen), ['en_route', 'arrived']);
  });
});
