// The room bookkeeping on its own: which events reach the handlers, and when a gap is reported.
// (The same rules against the real server are in client.test.mjs and cluster.test.mjs.)
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ServiceHubClient } from '../dist/index.js';

class NoSocket {
  constructor() { throw new Error('not used'); }
}

function room(since) {
  const client = new ServiceHubClient({ url: 'ws://127.0.0.1:1/ws', getToken: () => 't', WebSocket: NoSocket, autoConnect: false });
  const subscription = client.subscribe('booking:b', since);
  const seen = { events: [], gaps: [] };
  subscription.on('event', (frame, info) => seen.events.push({ offset: frame.offset, replayed: info.replayed, id: frame.message?.id }));
  subscription.on('gap', (gap) => seen.gaps.push(gap));
  return { subscription, seen };
}

const status = (offset, epoch = 'e1') => ({ type: 'status_update', bookingId: 'b', status: 'en_route', room: 'booking:b', offset, epoch, timestamp: '' });

test('a recovered rejoin replays after the last offset; overlaps and repeats are dropped', () => {
  const { subscription, seen } = room({ offset: 4, epoch: 'e1' });
  subscription.joinFrame();
  subscription.onJoined({ type: 'joined_room', room: 'booking:b', recovered: true, offset: 6, epoch: 'e1', timestamp: '' });
  for (const offset of [4, 5, 5, 6, 7, 6]) subscription.onEvent(status(offset));
  assert.deepEqual(seen.events.map((e) => [e.offset, e.replayed]), [[5, true], [6, true], [7, false]]);
  assert.equal(seen.gaps.length, 0);
  assert.deepEqual(subscription.since, { offset: 7, epoch: 'e1' });
});

test('recovered:false is a gap, and the room continues from the offset it names', () => {
  const { subscription, seen } = room({ offset: 4, epoch: 'e1' });
  assert.deepEqual(subscription.joinFrame(), { type: 'join', room: 'booking:b', since: { offset: 4, epoch: 'e1' } });
  subscription.onJoined({ type: 'joined_room', room: 'booking:b', recovered: false, offset: 30, epoch: 'e1', timestamp: '' });
  subscription.onEvent(status(30));
  subscription.onEvent(status(31));
  assert.deepEqual(seen.gaps.map((g) => [g.reason, g.offset]), [['not_recovered', 30]]);
  assert.deepEqual(seen.events.map((e) => e.offset), [31]);
});

test('a first join is no gap; a live event of another epoch is', () => {
  const { subscription, seen } = room();
  assert.deepEqual(subscription.joinFrame(), { type: 'join', room: 'booking:b' });
  subscription.onJoined({ type: 'joined_room', room: 'booking:b', offset: 9, epoch: 'e1', timestamp: '' });
  assert.equal(seen.gaps.length, 0);
  subscription.onEvent(status(1, 'e2'));
  assert.deepEqual(seen.gaps.map((g) => [g.reason, g.epoch]), [['epoch_changed', 'e2']]);
  assert.deepEqual(seen.events.map((e) => e.offset), [1]);
});

test('support messages are handed over once per message id, with or without offsets', () => {
  const { subscription, seen } = room();
  subscription.joinFrame();
  subscription.onJoined({ type: 'joined_room', room: 'booking:b', offset: 0, epoch: 'e1', timestamp: '' });
  const message = (id, offset) => ({ type: 'message', ticketId: 't', senderId: 's', message: { id, message: 'hi', createdAt: '' }, room: 'booking:b', timestamp: '', ...(offset ? { offset, epoch: 'e1' } : {}) });
  subscription.onEvent(message('m1', 1));
  subscription.onEvent(message('m1')); // the same message published straight on Redis, without offset
  subscription.onEvent(message('m2'));
  assert.deepEqual(seen.events.map((e) => e.id), ['m1', 'm2']);
});

test('typing is never queued while offline, other frames are, within the bound', () => {
  const client = new ServiceHubClient({ url: 'ws://127.0.0.1:1/ws', getToken: () => 't', WebSocket: NoSocket, autoConnect: false, maxQueue: 1 });
  const dropped = [];
  client.on('dropped', (f) => dropped.push(f));
  assert.equal(client.send({ type: 'typing', room: 'support:x', data: { isTyping: true } }), false);
  client.send({ type: 'leave', room: 'booking:1' });
  client.send({ type: 'leave', room: 'booking:2' });
  assert.deepEqual(dropped.map((f) => f.room), ['booking:1']);
  const typing = client.subscribe('support:x');
  typing.typing();
  typing.stopTyping();
  assert.equal(client.state, 'idle');
});
