/**
 * @module tunnel/circuit — pipes binary frames between the two sockets of a circuit, metered.
 *
 * Per frame: the circuit's byte cap is checked before forwarding (a frame that would cross it
 * ends the circuit with RESOURCE_LIMIT_EXCEEDED and is not forwarded); the frame is forwarded
 * as the very Buffer ws handed us (no copy); its size is charged to the per-circuit and global
 * token buckets, and reading from the sender pauses while either is in debt; reading also
 * pauses while more than `highWaterBytes` are queued toward the receiver (backpressure), so
 * relay memory per circuit stays bounded whatever the peers do.
 */
import type { WebSocket, RawData } from 'ws';
import { CLOSE_CODES, type TunnelStatus } from './control.js';
import type { TunnelLimits } from './limits.js';
import { TokenBucket } from './token-bucket.js';

/** Which way a forwarded frame goes. */
export type CircuitDirection = 'dialer->listener' | 'listener->dialer';

/** Observes (and in tests may alter) each frame just before it is forwarded. */
export type ForwardTap = (chunk: Uint8Array, info: { circuitId: string; direction: CircuitDirection }) => void;

/** What a {@link Circuit} needs from its server. */
export interface CircuitContext {
  limits: TunnelLimits;
  globalBucket: TokenBucket;
  onForward?: ForwardTap;
  onBytes(n: number): void;
  onEnd(circuit: Circuit, status: TunnelStatus | 'CLOSED'): void;
}

type PauseReason = 'rate' | 'backpressure';

class Side {
  readonly reasons = new Set<PauseReason>();
  queued = 0;
  constructor(readonly ws: WebSocket) {}
  pause(r: PauseReason): void {
    if (this.reasons.size === 0) this.ws.pause();
    this.reasons.add(r);
  }
  resume(r: PauseReason): void {
    if (!this.reasons.delete(r) || this.reasons.size > 0) return;
    this.ws.resume();
  }
}

/** One open circuit between a dialer socket and a listener socket. */
export class Circuit {
  readonly id: string;
  readonly dialerIp: string;
  /** Bytes forwarded so far, both directions. */
  bytes = 0;
  private readonly ctx: CircuitContext;
  private readonly bucket: TokenBucket;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly sides: [Side, Side];
  private ended = false;

  constructor(id: string, dialerIp: string, dialer: WebSocket, listener: WebSocket, ctx: CircuitContext) {
    this.id = id;
    this.dialerIp = dialerIp;
    this.ctx = ctx;
    this.bucket = new TokenBucket(ctx.limits.circuitRateBytesPerSec, ctx.limits.circuitBurstBytes);
    const d = new Side(dialer);
    const l = new Side(listener);
    this.sides = [d, l];
    this.pipe(d, l, 'dialer->listener');
    this.pipe(l, d, 'listener->dialer');
    if (ctx.limits.maxCircuitDurationMs > 0) {
      this.timer(() => this.end('RESOURCE_LIMIT_EXCEEDED', 'circuit duration limit', d, l), ctx.limits.maxCircuitDurationMs);
    }
  }

  /** Bytes handed to the sockets and not yet written out, both directions (bounded by backpressure). */
  get queuedBytes(): number {
    return this.sides[0].queued + this.sides[1].queued;
  }

  private timer(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private pipe(src: Side, dst: Side, direction: CircuitDirection): void {
    const { limits } = this.ctx;
    src.ws.on('message', (data: RawData, isBinary: boolean) => {
      if (this.ended) return;
      if (!isBinary || !Buffer.isBuffer(data)) return this.end('MALFORMED_MESSAGE', 'only binary frames in a circuit', src, dst);
      const n = data.length;
      if (limits.maxCircuitBytes > 0 && this.bytes + n > limits.maxCircuitBytes) {
        return this.end('RESOURCE_LIMIT_EXCEEDED', 'circuit byte limit', src, dst);
      }
      this.bytes += n;
      this.ctx.onForward?.(data, { circuitId: this.id, direction });
      dst.queued += n;
      dst.ws.send(data, { binary: true }, () => {
        dst.queued -= n;
        if (dst.queued <= limits.highWaterBytes / 2) src.resume('backpressure');
      });
      this.ctx.onBytes(n);
      if (dst.queued > limits.highWaterBytes) src.pause('backpressure');
      const wait = Math.max(this.bucket.take(n), this.ctx.globalBucket.take(n));
      if (wait > 0 && !src.reasons.has('rate')) {
        src.pause('rate');
        this.timer(() => src.resume('rate'), wait);
      }
    });
    src.ws.on('close', (code: number) => {
      // A normal close travels on; anything else tells the other side the circuit failed.
      if (code === 1000 || code === 1005) this.end('CLOSED', 'peer closed', src, dst);
      else this.end('CONNECTION_FAILED', 'peer connection failed', src, dst);
    });
    src.ws.on('error', () => undefined);
  }

  private end(status: TunnelStatus | 'CLOSED', reason: string, a: Side, b: Side): void {
    if (this.ended) return;
    this.ended = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const code = status === 'CLOSED' || status === 'OK' ? 1000 : CLOSE_CODES[status];
    for (const s of [a, b]) {
      if (s.reasons.size > 0) s.ws.resume();
      if (s.ws.readyState === s.ws.OPEN) s.ws.close(code, status === 'CLOSED' ? reason : status);
    }
    this.ctx.onEnd(this, status);
  }
}
