// Starts the real ServiceHub jar (target/servicehub-*.jar) for the SDK's tests: no mock server.
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const JWT_SECRET = 'sdk-tests-secret-0123456789abcdef0123456789';

export function jarPath() {
  const target = join(repo, 'target');
  const jar = readdirSync(target).find((name) => /^servicehub-.*\.jar$/.test(name) && !name.endsWith('-plain.jar'));
  if (!jar) throw new Error('No target/servicehub-*.jar: run ./mvnw -DskipTests package first');
  return join(target, jar);
}

// The nodes' folders (embedded database, log) go when the tests pass; after a failure they stay for a look.
const created = new Set();
process.on('exit', (code) => {
  if (code !== 0 || process.exitCode) return;
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

export function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

/**
 * Starts one node. Without DATABASE_URL in `env` it runs on its own embedded database in `dir`
 * (a fresh temporary folder unless given, so a restart in the same folder keeps its data).
 */
export async function startServer({ env = {}, args = [], port, dir } = {}) {
  port ??= await freePort();
  if (!dir) {
    dir = mkdtempSync(join(tmpdir(), 'servicehub-sdk-'));
    created.add(dir);
  }
  const log = join(dir, `node-${port}.log`);
  const out = openSync(log, 'a');
  const child = spawn('java', ['-Xms64m', '-Xmx384m', '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC',
    '-jar', jarPath(), ...args], {
    cwd: dir,
    env: { ...process.env, PORT: String(port), JWT_SECRET, SEED_DEMO_DATA: 'true', ...env },
    stdio: ['ignore', out, out],
  });
  const exited = new Promise((ok) => child.on('exit', (code, signal) => ok({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 240_000;
  for (;;) {
    const done = await Promise.race([exited.then(() => true), sleep(500).then(() => false)]);
    if (done) throw new Error(`ServiceHub exited during start; log ${log}:\n${tail(log)}`);
    try {
      const response = await fetch(`${url}/actuator/health/readiness`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`ServiceHub did not start in time; log ${log}:\n${tail(log)}`);
    }
  }
  return {
    port, url, wsUrl: `ws://127.0.0.1:${port}/ws`, dir, log,
    /** SIGTERM: a graceful shutdown that closes every WebSocket with 1001. */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function tail(file) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-40).join('\n');
  } catch {
    return '';
  }
}

export const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/** Waits until `check()` returns a truthy value (then returns it), or fails after `ms`. */
export async function eventually(check, ms = 10_000, what = 'condition') {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(50);
  }
}
