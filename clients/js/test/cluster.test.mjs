// The SDK against a two-node cluster (two jars, one PostgreSQL database, Redis for fan-out and room
// history): when its node shuts down, the client moves to the other node and misses nothing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';

import { ServiceHubClient } from '../dist/index.js';
import { actors, assignedBooking } from './support/demo.mjs';
import { eventually, startServer } from './support/server.mjs';

const env = {
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  DATABASE_URL: process.env.TEST_DATABASE_URL ?? 'jdbc:postgresql://127.0.0.1:5432/test',
  SPRING_DATASOURCE_USERNAME: process.env.TEST_DATABASE_USER ?? 'postgres',
};

let a;
let b;
let client;

before(async () => {
  // One after the other: both would run the same Flyway migrations on a fresh database.
  a = await startServer({ env: { ...env, NODE_ID: 'sdk-a' } });
  b = await startServer({ env: { ...env, NODE_ID: 'sdk-b' } });
});

after(async () => {
  client?.close();
  await Promise.all([a?.stop(), b?.stop()]);
});

test('when its node shuts down (1001) the client reconnects to the other node and recovers from Redis', async () => {
  const people = await actors(b.url);
  const booking = await assignedBooking(people);
  const connectedTo = [];
  const states = [];
  const events = [];
  const joins = [];
  const gaps = [];
  client = new ServiceHubClient({ url: [a.wsUrl, b.wsUrl], WebSocket, getToken: people.customer.getToken });
  client.on('connected', ({ url }) => connectedTo.push(url));
  client.on('state', (s) => states.push(s));
  const room = client.subscribe(`booking:${booking.id}`);
  room.on('event', (frame, info) => events.push({ ...frame, replayed: info.replayed }));
  room.on('joined', (j) => joins.push(j));
  room.on('gap', (g) => gaps.push(g));

  await eventually(() => joins.length === 1, 30_000, 'joined on node a');
  assert.deepEqual(connectedTo, [a.wsUrl]);
  await people.technician.bookings.setStatus(booking.id, 'en_route');
  await eventually(() => events.length === 1, 10_000, 'event through node a');

  // Node a goes away; the changes made meanwhile (through node b) must reach the client once.
  const stopping = a.stop();
  await eventually(() => states.some((s) => s.state === 'disconnected'), 60_000, 'disconnected');
  await people.technician.bookings.setStatus(booking.id, 'arrived');
  await people.technician.bookings.reportLocation(booking.id, { latitude: 24.71, longitude: 46.67 });
  await stopping;

  await eventually(() => joins.length === 2, 30_000, 'rejoined on node b');
  await people.technician.bookings.setStatus(booking.id, 'in_progress');
  await eventually(() => events.length === 4, 10_000, 'all events');

  const closed = states.find((s) => s.state === 'disconnected');
  assert.equal(closed.code, 1001);
  assert.equal(connectedTo.at(-1), b.wsUrl);
  assert.equal(joins[1].recovered, true, 'history lives in Redis, so node b can prove nothing was missed');
  assert.equal(gaps.length, 0);
  assert.deepEqual(events.map((e) => e.status ?? e.type), ['en_route', 'arrived', 'location_update', 'in_progress']);
  const offsets = events.map((e) => e.offset);
  assert.deepEqual(offsets, offsets.map((_, i) => offsets[0] + i), 'consecutive offsets: no gap, no duplicate');
});
