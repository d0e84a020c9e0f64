/**
 * A TCP proxy on 127.0.0.1 that forwards to a target port and, by a seeded random
 * draw per connection, cuts some connections part-way: before forwarding anything, in
 * the middle of the request, or after the answer has started — the ways a basement's
 * network fails. The number of cuts is bounded, so a run always ends; the target may be
 * changed while it runs (a receiver restarted on another port).
 */
import net from 'node:net';
import { seeded } from './seeded';

export interface FaultProxy {
  readonly port: number;
  readonly url: string;
  /** Connections cut so far. */
  readonly cuts: number;
  /** Connections seen so far. */
  readonly connections: number;
  setTarget(port: number): void;
  /** Stops cutting; connections are forwarded whole from now on. */
  heal(): void;
  close(): Promise<void>;
}

export async function startFaultProxy(options: { targetPort: number; seed: number; cutProbability: number; maxCuts: number }): Promise<FaultProxy> {
  const random = seeded(options.seed);
  let target = options.targetPort;
  let cuts = 0;
  let connections = 0;
  let healed = false;
  const open = new Set<net.Socket>();

  const server = net.createServer((client) => {
    connections += 1;
    open.add(client);
    const upstream = net.connect({ host: '127.0.0.1', port: target });
    open.add(upstream);
    const destroyBoth = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', () => {
      open.delete(client);
      upstream.destroy();
    });
    upstream.on('close', () => {
      open.delete(upstream);
      client.destroy();
    });
    client.on('error', destroyBoth);
    upstream.on('error', destroyBoth);

    const cut = !healed && cuts < options.maxCuts && random() < options.cutProbability;
    if (!cut) {
      client.pipe(upstream);
      upstream.pipe(client);
      return;
    }
    cuts += 1;
    // Where to cut: 0 before anything reaches the receiver, 1 after part of the request,
    // 2 after the receiver has started answering (it may have stored the bundle).
    const where = Math.floor(random() * 3);
    const after = 1 + Math.floor(random() * 4096);
    if (where === 0) {
      destroyBoth();
      return;
    }
    let forwarded = 0;
    const from = where === 1 ? client : upstream;
    const to = where === 1 ? upstream : client;
    (where === 1 ? upstream : client).pipe(where === 1 ? client : upstream);
    from.on('data', (chunk: Buffer) => {
      const room = after - forwarded;
      if (room <= 0) return;
      to.write(chunk.subarray(0, room));
      forwarded += Math.min(room, chunk.length);
      if (forwarded >= after) setImmediate(destroyBoth);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    get cuts() {
      return cuts;
    },
    get connections() {
      return connections;
    },
    setTarget(p) {
      target = p;
    },
    heal() {
      healed = true;
    },
    close() {
      for (const s of open) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
