/** @module tunnel/record-receiver.test — the receive path on real WebCrypto records: order, window, FIN, tampering. */
import { describe, expect, it } from 'vitest';
import { GCM_TAG_BYTES, RecordType, writeRecordHeader, type RecordTypeId } from './record.js';
import { webCryptoCipher, type RecordCipher } from './record-cipher.js';
import { INITIAL_WINDOW_BYTES, RecordReceiver } from './record-receiver.js';

async function cipherPair(): Promise<{ sealer: RecordCipher; opener: RecordCipher }> {
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  return { sealer: webCryptoCipher(key), opener: webCryptoCipher(key) };
}

/** One sealed record as it travels: header | ciphertext | tag. */
async function sealed(sealer: RecordCipher, counter: number, type: RecordTypeId, plain: Uint8Array): Promise<Uint8Array> {
  const out = new Uint8Array(4 + plain.length + GCM_TAG_BYTES);
  writeRecordHeader(out, 0, type, plain.length + GCM_TAG_BYTES);
  out.set((await sealer.seal(counter, out.subarray(0, 4), plain)) as Uint8Array, 4);
  return out;
}

function join(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, (at += p.length) - p.length);
  return out;
}

/** A receiver whose events are recorded; `idle` resolves at its next idle or failure (the connection settles then). */
function receiverOn(opener: RecordCipher) {
  const log: string[] = [];
  let onIdle: () => void = () => undefined;
  const receiver: RecordReceiver = new RecordReceiver(opener, {
    data: (chunk) => log.push(`data ${chunk.length}`),
    window: (bytes) => log.push(`window ${bytes}`),
    progress: () => undefined,
    fail: (err) => {
      log.push(`fail ${(err as { code?: string }).code}`);
      receiver.stop(); // as the connection does
      onIdle(); // a failure inside `accept` opens nothing: no idle follows
    },
    idle: () => onIdle(),
  });
  const idle = (): Promise<void> => new Promise((resolve) => (onIdle = resolve));
  return { receiver, log, idle };
}

const windowBody = (n: number): Uint8Array => new Uint8Array([n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);

describe('RecordReceiver', () => {
  it('delivers DATA, WINDOW and FIN in record order although they are opened concurrently', async () => {
    const { sealer, opener } = await cipherPair();
    const { receiver, log, idle } = receiverOn(opener);
    const msg = join(
      await sealed(sealer, 0, RecordType.DATA, new Uint8Array(70_000)),
      await sealed(sealer, 1, RecordType.WINDOW, windowBody(123_456)),
      await sealed(sealer, 2, RecordType.DATA, new Uint8Array(5)),
      await sealed(sealer, 3, RecordType.FIN, new Uint8Array(0)),
    );
    const done = idle();
    receiver.receiveMessage(msg);
    expect(receiver.pendingCount).toBe(4);
    await done;
    expect(log).toEqual(['data 70000', 'window 123456', 'data 5']);
    expect(receiver.ended).toBe(true);
    expect(receiver.pendingCount).toBe(0);
  });

  it('fails with PROTOCOL_ERROR when DATA exceeds the granted window, and accepts it once granted', async () => {
    const { sealer, opener } = await cipherPair();
    const over = await sealed(sealer, 0, RecordType.DATA, new Uint8Array(INITIAL_WINDOW_BYTES + 1));
    const a = receiverOn(opener);
    a.receiver.receiveMessage(over);
    expect(a.log).toEqual(['fail PROTOCOL_ERROR']);

    const b = receiverOn(opener);
    b.receiver.grant(1);
    const done = b.idle();
    b.receiver.receiveMessage(over);
    await done;
    expect(b.log).toEqual([`data ${INITIAL_WINDOW_BYTES + 1}`]);
  });

  it('delivers the records before a tampered one, then fails with DECRYPT_FAILED', async () => {
    const { sealer, opener } = await cipherPair();
    const { receiver, log, idle } = receiverOn(opener);
    const bad = await sealed(sealer, 1, RecordType.DATA, new Uint8Array(10));
    bad[bad.length - 1]! ^= 1;
    const done = idle();
    receiver.receiveMessage(join(await sealed(sealer, 0, RecordType.DATA, new Uint8Array(7)), bad));
    await done;
    expect(log).toEqual(['data 7', 'fail DECRYPT_FAILED']);
  });

  it('fails with PROTOCOL_ERROR on a record after FIN and on a HELLO', async () => {
    const { sealer, opener } = await cipherPair();
    const a = receiverOn(opener);
    const done = a.idle();
    a.receiver.receiveMessage(join(await sealed(sealer, 0, RecordType.FIN, new Uint8Array(0)), await sealed(sealer, 1, RecordType.DATA, new Uint8Array(3))));
    await done;
    expect(a.log).toEqual(['fail PROTOCOL_ERROR']);

    const b = receiverOn(opener);
    b.receiver.receiveMessage(new Uint8Array([RecordType.HELLO, 0, 0, 2, 1, 2]));
    expect(b.log).toEqual(['fail PROTOCOL_ERROR']);
  });
});
