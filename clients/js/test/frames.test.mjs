// The SDK's frame types (src/frames.ts) against docs/asyncapi.yaml: same frames, same fields, same enums.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import ts from 'typescript';
import { parse } from 'yaml';

const spec = parse(readFileSync(new URL('../../../docs/asyncapi.yaml', import.meta.url), 'utf8'));
const source = ts.createSourceFile('frames.ts', readFileSync(new URL('../src/frames.ts', import.meta.url), 'utf8'),
  ts.ScriptTarget.ES2022, true);

/** interface name -> { field: { optional, text } } */
const interfaces = {};
const aliases = {};
source.forEachChild((node) => {
  if (ts.isInterfaceDeclaration(node)) {
    const fields = {};
    for (const member of node.members) {
      if (ts.isPropertySignature(member)) {
        fields[member.name.getText(source)] = { optional: !!member.questionToken, text: member.type.getText(source) };
      }
    }
    interfaces[node.name.text] = fields;
  } else if (ts.isTypeAliasDeclaration(node)) {
    aliases[node.name.text] = node.type.getText(source);
  }
});

const CLIENT = { join: 'JoinFrame', leave: 'LeaveFrame', typingIn: 'TypingInFrame', ping: 'PingFrame', auth: 'AuthFrame' };
const SERVER = {
  connected: 'ConnectedFrame', joinedRoom: 'JoinedRoomFrame', leftRoom: 'LeftRoomFrame', pong: 'PongFrame',
  authenticated: 'AuthenticatedFrame', error: 'ErrorFrame', statusUpdate: 'StatusUpdateFrame', message: 'MessageFrame',
  locationUpdate: 'LocationUpdateFrame', typingOut: 'TypingOutFrame', ticketStatus: 'TicketStatusFrame',
};

const literals = (text) => [...text.matchAll(/'([^']+)'/g)].map((m) => m[1]).sort();

test('every AsyncAPI message has a frame type, and every frame type is in the document', () => {
  assert.deepEqual(Object.keys(spec.components.messages).sort(), Object.keys({ ...CLIENT, ...SERVER }).sort());
  const operations = spec.operations;
  const refs = (op) => op.messages.map((m) => m.$ref.split('/').at(-1)).sort();
  assert.deepEqual(refs(operations.sendClientFrames), Object.keys(CLIENT).sort());
  assert.deepEqual(refs(operations.receiveServerFrames), Object.keys(SERVER).sort());
});

for (const [message, name] of Object.entries({ ...CLIENT, ...SERVER })) {
  test(`${name} matches the AsyncAPI message ${message}`, () => {
    const payload = spec.components.messages[message].payload;
    const fields = interfaces[name];
    assert.ok(fields, `src/frames.ts has no interface ${name}`);
    assert.deepEqual(Object.keys(fields).sort(), Object.keys(payload.properties).sort(), `${name} fields`);
    assert.equal(fields.type.text, `'${payload.properties.type.const}'`);
    for (const required of payload.required ?? []) {
      assert.equal(fields[required].optional, false, `${name}.${required} is required in the document`);
    }
    for (const [field, schema] of Object.entries(payload.properties)) {
      const text = fields[field].text;
      const resolved = aliases[text] ?? text;
      if (schema.enum) assert.deepEqual(literals(resolved), [...schema.enum].sort(), `${name}.${field} values`);
      if (schema.$ref === '#/components/schemas/Room') assert.equal(text, 'Room');
      if (schema.type === 'integer' || schema.$ref === '#/components/schemas/Offset') assert.equal(text, 'number');
      if (schema.type === 'boolean') assert.equal(text, 'boolean');
      if (schema.type === 'object' && schema.properties) {
        for (const inner of Object.keys(schema.properties)) {
          const nested = aliases[resolved] !== undefined ? aliases[resolved] : resolved;
          const where = interfaces[nested] ? Object.keys(interfaces[nested]) : [...nested.matchAll(/(\w+)\??:/g)].map((m) => m[1]);
          assert.ok(where.includes(inner), `${name}.${field}.${inner} missing`);
        }
      }
    }
  });
}

test('room names follow the document\'s pattern', () => {
  const pattern = new RegExp(spec.components.schemas.Room.pattern);
  assert.ok(pattern.test('booking:9b2f0c1e-1111-4222-8333-444455556666'));
  assert.deepEqual(literals(aliases.Room.replace(/`/g, "'").replace(/\$\{string\}/g, '')).map((p) => p.replace(':', '')).sort(),
    ['booking', 'support', 'user']);
});
