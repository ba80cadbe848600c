import { describe, expect, it } from 'vitest';
import { ANSWER_RACE_WINDOW_MS, answerRaceError, isAnswerRace, retryAnswerRace } from './answer-race.js';
import { WebRtcError } from './errors.js';

/** The error create-offer.ts throws when libdatachannel hits the race (message as thrown by node-datachannel 0.33.4). */
const race = (): WebRtcError =>
  new WebRtcError('WEBRTC_ANSWER_RACE', 'DTLS failed while the answer was applied (libdatachannel answer race)', {
    cause: new Error('libdatachannel error while adding remote description: Got a remote candidate without ICE transport'),
  });

describe('isAnswerRace', () => {
  it('finds the code WEBRTC_ANSWER_RACE or the library message on the error or in its cause chain', () => {
    expect(isAnswerRace(new WebRtcError('WEBRTC_ANSWER_RACE', 'lost'))).toBe(true);
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

describe('answerRaceError', () => {
  const ours = 'v=0\r\no=rtc 1494970988 0 IN IP4 127.0.0.1\r\ns=-\r\n';
  const chromium = 'v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\n';
  const libraryError = race().cause;
  const failed = new WebRtcError('WEBRTC_ICE_FAILED', 'ICE/DTLS connection failed');
  const closed = new WebRtcError('WEBRTC_CHANNEL_CLOSED', 'the peer connection closed before the channel opened');

  it('turns the library error of a libdatachannel offer into WEBRTC_ANSWER_RACE, keeping it as cause', () => {
    const err = answerRaceError(ours, libraryError);
    expect(err).toMatchObject({ code: 'WEBRTC_ANSWER_RACE', cause: libraryError });
    expect(isAnswerRace(err)).toBe(true);
    expect(answerRaceError(ours, new Error('Invalid SDP'))).toBeUndefined();
  });

  it('counts a failed or closed connection as the race only right after the answer was applied', () => {
    expect(answerRaceError(ours, failed, 150)).toMatchObject({ code: 'WEBRTC_ANSWER_RACE', cause: failed });
    expect(answerRaceError(ours, closed, 150)).toMatchObject({ code: 'WEBRTC_ANSWER_RACE', cause: closed });
    expect(answerRaceError(ours, failed, ANSWER_RACE_WINDOW_MS)).toBeUndefined();
    expect(answerRaceError(ours, new WebRtcError('WEBRTC_TIMEOUT', 'no open channel'), 150)).toBeUndefined();
  });

  it('never applies to offers made by another implementation', () => {
    expect(answerRaceError(chromium, libraryError)).toBeUndefined();
    expect(answerRaceError(chromium, failed, 150)).toBeUndefined();
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
