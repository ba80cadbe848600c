import { describe, expect, it } from 'vitest';
import { isAnswerRace, retryAnswerRace } from './answer-race.js';
import { WebRtcError } from './errors.js';

/** The error create-offer.ts throws when libdatachannel hits the race (message as thrown by node-datachannel 0.33.4). */
const race = (): WebRtcError =>
  new WebRtcError('WEBRTC_ICE_FAILED', 'DTLS failed while the answer was applied', {
    cause: new Error('libdatachannel error while adding remote description: Got a remote candidate without ICE transport'),
  });

describe('isAnswerRace', () => {
  it('finds the message on the error or anywhere in its cause chain', () => {
    expect(isAnswerRace(race())).toBe(true);
    expect(isAnswerRace(race().cause)).toBe(true);
    expect(isAnswerRace(new Error('outer', { cause: race() }))).toBe(true);
  });
  it('is false for anything else', () => {
    expect(isAnswerRace(new WebRtcError('WEBRTC_BAD_SDP', 'the remote answer was rejected', { cause: new Error('Invalid SDP') }))).toBe(false);
    expect(isAnswerRace(new Error('Got a remote candidate without remote description'))).toBe(false);
    expect(isAnswerRace(undefined)).toBe(false);
    expect(isAnswerRace('without ICE transport')).toBe(false);
  });
});

describe('retryAnswerRace', () => {
  it('retries the race, logging each retry with its attempt number, until an attempt succeeds', async () => {
    const logged: number[] = [];
    let calls = 0;
    const got = await retryAnswerRace(
      async () => {
        if (++calls < 4) throw race();
        return 'open';
      },
      { pauseMs: 1, onRetry: (n) => logged.push(n) },
    );
    expect(got).toBe('open');
    expect(calls).toBe(4);
    expect(logged).toEqual([1, 2, 3]);
  });

  it('gives up after `attempts` (default 6) and throws the last race unchanged', async () => {
    let calls = 0;
    const last = race();
    const run = retryAnswerRace(
      async () => {
        calls++;
        throw calls === 6 ? last : race();
      },
      { pauseMs: 1, onRetry: () => undefined },
    );
    await expect(run).rejects.toBe(last);
    expect(calls).toBe(6);
  });

  it('never retries another failure', async () => {
    let calls = 0;
    const other = new WebRtcError('WEBRTC_TIMEOUT', 'no open channel in time');
    await expect(
      retryAnswerRace(
        async () => {
          calls++;
          throw other;
        },
        { pauseMs: 1, onRetry: () => undefined },
      ),
    ).rejects.toBe(other);
    expect(calls).toBe(1);
  });

  it('pauses longer before each retry', async () => {
    const at: number[] = [];
    await expect(
      retryAnswerRace(
        async () => {
          at.push(performance.now());
          throw race();
        },
        { attempts: 3, pauseMs: 40, onRetry: () => undefined },
      ),
    ).rejects.toThrow();
    // 40 then 80 ms (timers never fire early; a loaded machine only makes them later).
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(39);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(79);
  });

  it('stops when the signal aborts during a pause', async () => {
    const ctrl = new AbortController();
    let calls = 0;
    const run = retryAnswerRace(
      async () => {
        calls++;
        throw race();
      },
      { pauseMs: 10_000, signal: ctrl.signal, onRetry: () => setTimeout(() => ctrl.abort(new Error('stop')), 5) },
    );
    await expect(run).rejects.toThrow('stop');
    expect(calls).toBe(1);
  });
});
