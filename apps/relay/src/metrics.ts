/**
 * @module metrics — a tiny Prometheus registry (text format 0.0.4) and the relay's metrics.
 * Other relay modules (e.g. the tunnel) import {@link RelayMetrics} and increment its counters.
 */

/** A monotonically increasing counter. */
export class Counter {
  value = 0;
  /** Adds `n` (default 1). */
  inc(n = 1): void {
    this.value += n;
  }
}

/** A value that goes up and down (set directly or computed at scrape time). */
export class Gauge {
  value = 0;
  constructor(private readonly collect?: () => number) {}
  /** Sets the value. */
  set(v: number): void {
    this.value = v;
  }
  /** Adds `n` (default 1). */
  inc(n = 1): void {
    this.value += n;
  }
  /** Subtracts `n` (default 1). */
  dec(n = 1): void {
    this.value -= n;
  }
  /** Current value (the collect function wins when given). */
  read(): number {
    return this.collect ? this.collect() : this.value;
  }
}

type Labels = Record<string, string>;
interface Family {
  type: 'counter' | 'gauge';
  help: string;
  series: { labels: Labels; metric: Counter | Gauge }[];
}

const NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** Holds metric families and renders them in Prometheus text format 0.0.4. */
export class MetricsRegistry {
  private readonly families = new Map<string, Family>();

  /** Registers (or returns the existing) counter series `name{labels}`. */
  counter(name: string, help: string, labels: Labels = {}): Counter {
    return this.series(name, 'counter', help, labels, () => new Counter()) as Counter;
  }

  /** Registers (or returns the existing) gauge series; `collect` computes it at scrape time. */
  gauge(name: string, help: string, labels: Labels = {}, collect?: () => number): Gauge {
    return this.series(name, 'gauge', help, labels, () => new Gauge(collect)) as Gauge;
  }

  private series(name: string, type: Family['type'], help: string, labels: Labels, make: () => Counter | Gauge) {
    if (!NAME_RE.test(name)) throw new Error(`bad metric name ${name}`);
    let fam = this.families.get(name);
    if (!fam) {
      fam = { type, help, series: [] };
      this.families.set(name, fam);
    } else if (fam.type !== type) throw new Error(`metric ${name} is a ${fam.type}`);
    const key = labelText(labels);
    const found = fam.series.find((s) => labelText(s.labels) === key);
    if (found) return found.metric;
    const metric = make();
    fam.series.push({ labels, metric });
    return metric;
  }

  /** The exposition text (Content-Type `text/plain; version=0.0.4`). */
  render(): string {
    const out: string[] = [];
    for (const [name, fam] of this.families) {
      out.push(`# HELP ${name} ${fam.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`);
      out.push(`# TYPE ${name} ${fam.type}`);
      for (const s of fam.series) {
        const v = s.metric instanceof Gauge ? s.metric.read() : s.metric.value;
        out.push(`${name}${labelText(s.labels)} ${Number.isFinite(v) ? v : 0}`);
      }
    }
    return `${out.join('\n')}\n`;
  }
}

function labelText(labels: Labels): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return '';
  const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  return `{${keys.map((k) => `${k}="${esc(labels[k] ?? '')}"`).join(',')}}`;
}

/** Why the relay refused or limited something (label `reason` of `seedling_relay_refused_total`). */
export type RefusalReason =
  | 'connections'
  | 'connections_per_ip'
  | 'unauthorized'
  | 'rate_limited'
  | 'bad_message'
  | 'swarm_limit'
  | 'peer_limit'
  | 'peer_id_in_use'
  | 'slow_consumer'
  | 'oversized';

/** The relay's metrics, registered on one registry. */
export interface RelayMetrics {
  readonly registry: MetricsRegistry;
  readonly announces: { http: Counter; ws: Counter };
  readonly scrapes: { http: Counter; ws: Counter };
  readonly offersRelayed: Counter;
  readonly answersRelayed: Counter;
  readonly answersDropped: Counter;
  readonly wsConnectionsOpened: Counter;
  readonly wsConnections: Gauge;
  /** Refusals by reason. */
  refused(reason: RefusalReason): Counter;
  /** Every refusal counter seen so far, by reason (for periodic log lines). */
  refusals(): Map<RefusalReason, number>;
  /** For the tunnel (apps/relay/src/tunnel): circuits open now, opened, refused, bytes relayed. */
  readonly tunnel: { circuitsOpen: Gauge; circuitsOpened: Counter; circuitsRefused: Counter; bytesRelayed: Counter };
}

/** Sources for the gauges computed at scrape time. */
export interface MetricsSources {
  peers(): number;
  swarms(): number;
}

/** Creates the relay's metrics on a fresh registry (process memory gauges included). */
export function createRelayMetrics(src: MetricsSources): RelayMetrics {
  const r = new MetricsRegistry();
  const p = 'seedling_relay_';
  r.gauge(`${p}peers`, 'Peer records in all swarms (HTTP and WebSocket).', {}, () => src.peers());
  r.gauge(`${p}swarms`, 'Swarms (info-hashes) with at least one peer.', {}, () => src.swarms());
  const wsConnections = r.gauge(`${p}ws_connections`, 'Open tracker WebSocket connections.');
  const refusedByReason = new Map<RefusalReason, Counter>();
  const m: RelayMetrics = {
    registry: r,
    announces: {
      http: r.counter(`${p}announces_total`, 'Announces received.', { kind: 'http' }),
      ws: r.counter(`${p}announces_total`, 'Announces received.', { kind: 'ws' }),
    },
    scrapes: {
      http: r.counter(`${p}scrapes_total`, 'Scrapes received.', { kind: 'http' }),
      ws: r.counter(`${p}scrapes_total`, 'Scrapes received.', { kind: 'ws' }),
    },
    offersRelayed: r.counter(`${p}offers_relayed_total`, 'WebRTC offers forwarded to peers.'),
    answersRelayed: r.counter(`${p}answers_relayed_total`, 'WebRTC answers forwarded to offerers.'),
    answersDropped: r.counter(`${p}answers_dropped_total`, 'Answers whose offerer was gone.'),
    wsConnectionsOpened: r.counter(`${p}ws_connections_opened_total`, 'Tracker WebSocket connections accepted.'),
    wsConnections,
    refused: (reason) => {
      let c = refusedByReason.get(reason);
      if (!c) {
        c = r.counter(`${p}refused_total`, 'Requests refused or limited, by reason.', { reason });
        refusedByReason.set(reason, c);
      }
      return c;
    },
    refusals: () => new Map([...refusedByReason].map(([k, c]) => [k, c.value])),
    tunnel: {
      circuitsOpen: r.gauge(`${p}tunnel_circuits_open`, 'Relayed tunnel circuits open now.'),
      circuitsOpened: r.counter(`${p}tunnel_circuits_opened_total`, 'Relayed tunnel circuits opened.'),
      circuitsRefused: r.counter(`${p}tunnel_circuits_refused_total`, 'Relayed tunnel circuits refused.'),
      bytesRelayed: r.counter(`${p}tunnel_bytes_relayed_total`, 'Bytes relayed through tunnels.'),
    },
  };
  for (const reason of ['connections', 'unauthorized', 'rate_limited', 'bad_message', 'swarm_limit', 'peer_limit'] as const) m.refused(reason);
  r.gauge('process_resident_memory_bytes', 'Resident memory size in bytes.', {}, () => process.memoryUsage.rss());
  r.gauge('nodejs_heap_used_bytes', 'V8 heap used in bytes.', {}, () => process.memoryUsage().heapUsed);
  r.gauge('process_start_time_seconds', 'Start time of the process since the epoch, in seconds.', {}, () =>
    Math.round(Date.now() / 1000 - process.uptime()),
  );
  return m;
}
