// A TCP proxy between the SDK and the server, so a test can drop the socket or cut the network.
import { createServer, connect } from 'node:net';

export async function startProxy(targetPort) {
  const sockets = new Set();
  let blocked = false;
  const server = createServer((client) => {
    if (blocked) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const port = server.address().port;
  return {
    port,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    /** Drops every open connection at TCP level (the client sees 1006) and refuses new ones until `restore()`. */
    cut() {
      blocked = true;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
    restore() {
      blocked = false;
    },
    get connections() {
      return sockets.size / 2;
    },
    close() {
      this.cut();
      return new Promise((ok) => server.close(ok));
    },
  };
}
