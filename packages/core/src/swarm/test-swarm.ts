/**
 * @module swarm/test-swarm — test support: a Swarm on an in-memory network, listening at
 * `<name>:1` through a SwarmHost and dialling through the same network, started and recorded in
 * `started` so the test's afterEach can stop it. Not exported from the package.
 */
import type { createMemoryNetwork } from '../transport/memory-transport.js';
import { createMemoryTransport } from '../transport/memory-transport.js';
import type { SwarmOptions } from './options.js';
import { SwarmHost } from './swarm-host.js';
import { Swarm } from './swarm.js';

/** Starts a swarm with `opts` on `net` at `<name>:1` and pushes it to `started`. */
export async function startMemorySwarm(
  net: ReturnType<typeof createMemoryNetwork>,
  name: string,
  opts: SwarmOptions,
  started: Swarm[],
): Promise<Swarm> {
  const transport = createMemoryTransport({ network: net });
  const swarm = new Swarm({ dial: (a, signal) => transport.dial(a, { signal }), ...opts });
  started.push(swarm);
  const host = new SwarmHost();
  host.add(swarm);
  await transport.listen(`${name}:1`, host.accept);
  await swarm.start();
  return swarm;
}
