/**
 * @module tests/web/file-selection.test — choosing files and playing media while it downloads, in
 * real Chromium against the real relay and a throttled `seedling seed` (WebRTC):
 * - a multi-file share with one file unticked: only the selected files complete, their saved
 *   bytes match (SHA-256), the skipped file gets no save link and most of it is never fetched;
 * - a WAV written here plays from `/stream/<id>/<file>` (the stream Service Worker) while the
 *   download is still running (readyState >= 2, currentTime advancing), a seek past the
 *   downloaded part plays too, and the stream URL serves the file's exact bytes (whole and a range);
 * - a WebM video recorded by Chromium (MediaRecorder, canvas) plays in a <video> from its stream URL.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sha256File, writeRandomFile } from './lib/test-files.js';
import { useWebFixture } from './lib/web-fixture.js';

const MiB = 1024 * 1024;
const fx = useWebFixture({ tempPrefix: 'seedling-web-select-' });
const shots = join(import.meta.dirname, 'screenshots');

async function newPage(): Promise<Page> {
  const page = await (await fx.browser.newContext({ acceptDownloads: true })).newPage();
  page.setDefaultTimeout(60_000);
  return page;
}

/** `seedling seed <path> --relay … --transport webrtc --up-rate <rate>`; resolves to its share link. */
async function seed(path: string, upRate: string): Promise<string> {
  const proc = fx.cli(['seed', path, '--relay', fx.relay.origin, '--transport', 'webrtc', '--up-rate', upRate]);
  const ready = await proc.waitFor('ready', 120_000);
  return String(ready.shareLink);
}

/** A mono 16-bit PCM WAV of `seconds` (a 440 Hz tone, loud enough to be real audio). */
function wav(seconds: number, rate = 8000): Buffer {
  const samples = seconds * rate;
  const b = Buffer.alloc(44 + samples * 2);
  b.write('RIFF', 0, 'ascii');
  b.writeUInt32LE(36 + samples * 2, 4);
  b.write('WAVEfmt ', 8, 'ascii');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20); // PCM
  b.writeUInt16LE(1, 22); // mono
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate * 2, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36, 'ascii');
  b.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) b.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), 44 + i * 2);
  return b;
}

/** The receive view's selection counters. */
async function counters(page: Page): Promise<{ state: string; verified: number; length: number; wanted: number; wantedVerified: number }> {
  return page.evaluate(() => {
    const v = (document.querySelector('.receive') as HTMLElement).dataset;
    return { state: v.state ?? '', verified: Number(v.verified), length: Number(v.length), wanted: Number(v.wanted), wantedVerified: Number(v.wantedVerified) };
  });
}

/** Save the file in row `name` through its save link; resolves to the saved path. */
async function saveRow(page: Page, name: string): Promise<string> {
  const row = page.locator('li.file', { hasText: name });
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), row.getByTestId('save-file').click()]);
  const path = await download.path();
  if (!path) throw new Error(`download of ${name} failed: ${await download.failure()}`);
  return path;
}

describe('receive: file selection and playing while downloading', () => {
  it('only the selected files of a multi-file share are fetched, completed and saved (SHA-256)', async () => {
    const dir = join(fx.dir, 'share');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    const shaA = await writeRandomFile(join(dir, 'a.bin'), 2 * MiB);
    await writeRandomFile(join(dir, 'big.bin'), 24 * MiB);
    const shaC = await writeRandomFile(join(dir, 'sub', 'c.txt'), 300_001);
    // 4 MB/s: the 24 MiB file would take 6 s or more, so unticking it early saves most of it.
    const link = await seed(dir, '4MB');
    const page = await newPage();
    await page.goto(link);
    await expect.poll(() => page.getByTestId('file-select').count(), { timeout: 120_000 }).toBe(3);
    const big = page.locator('li.file', { hasText: 'big.bin' });
    await big.getByTestId('file-select').uncheck();
    await page.screenshot({ path: join(shots, 'receive-file-list.png') });
    await page.getByTestId('download-complete').waitFor({ timeout: 120_000 });
    const c = await counters(page);
    console.log(`selection: verified ${c.verified} of ${c.length} bytes (selected pieces ${c.wanted})`);
    expect(c.state).toBe('complete');
    expect(await big.getAttribute('data-selected')).toBe('false');
    expect(await big.getByTestId('save-file').count()).toBe(0);
    // Most of big.bin was never fetched; the progress counted the selected files only.
    expect(c.verified).toBeLessThan(c.length - 12 * MiB);
    expect(c.wantedVerified).toBe(c.wanted);
    expect(c.wanted).toBeLessThan(c.length);
    expect(await page.getByTestId('progress').getAttribute('aria-valuenow')).toBe('100');
    expect(await sha256File(await saveRow(page, 'a.bin'))).toBe(shaA);
    expect(await sha256File(await saveRow(page, 'c.txt'))).toBe(shaC);
    await page.screenshot({ path: join(shots, 'receive-selection-complete.png') });
    await page.context().close();
  });

  it('a WAV plays from its stream URL while it downloads, seeks ahead, and the URL serves its exact bytes', async () => {
    const dir = join(fx.dir, 'media');
    mkdirSync(dir, { recursive: true });
    const audio = wav(40, 22050); // 1.76 MB, 40 s
    writeFileSync(join(dir, 'tone.wav'), audio);
    writeFileSync(join(dir, 'notes.txt'), 'liner notes\n');
    // 100 kB/s: the download takes ~18 s while the audio lasts 40 s (playback starts long before the end).
    const link = await seed(dir, '100KB');
    const page = await newPage();
    await page.goto(link);
    const row = page.locator('li.file', { hasText: 'tone.wav' });
    const clicked = Date.now();
    await row.getByTestId('play-file').click();
    const player = page.getByTestId('media-player');
    await player.waitFor({ timeout: 60_000 });
    // Playing while the download runs: enough data for the current position, time moving.
    await expect
      .poll(() => player.evaluate((el: HTMLMediaElement) => el.readyState >= 2 && el.currentTime > 0.5), { timeout: 60_000 })
      .toBe(true);
    const during = await counters(page);
    console.log(`streaming: playing ${Date.now() - clicked} ms after Play, with ${during.wantedVerified} of ${during.wanted} selected bytes verified`);
    expect(during.state).toBe('downloading');
    expect(during.wantedVerified).toBeLessThan(during.wanted);
    const t0 = await player.evaluate((el: HTMLMediaElement) => el.currentTime);
    await expect.poll(() => player.evaluate((el: HTMLMediaElement) => el.currentTime), { timeout: 20_000 }).toBeGreaterThan(t0 + 0.5);
    await page.screenshot({ path: join(shots, 'receive-playing.png') });
    // Seek ahead (a range request past what arrived: the sequential cursor moves there).
    await player.evaluate((el: HTMLMediaElement) => {
      el.currentTime = 30;
      void el.play();
    });
    await expect
      .poll(() => player.evaluate((el: HTMLMediaElement) => (el.readyState >= 2 ? el.currentTime : 0)), { timeout: 60_000 })
      .toBeGreaterThan(30.3);
    // The stream URL's bytes: the whole file, and one range (206 with Content-Range).
    const src = await player.evaluate((el: HTMLMediaElement) => el.src);
    expect(new URL(src).pathname).toMatch(/^\/stream\/[0-9a-f]{40}\/\d+\/tone\.wav$/);
    const got = await page.evaluate(async (url) => {
      const hex = async (b: ArrayBuffer): Promise<string> => [...new Uint8Array(await crypto.subtle.digest('SHA-256', b))].map((x) => x.toString(16).padStart(2, '0')).join('');
      const whole = await fetch(url);
      const part = await fetch(url, { headers: { range: 'bytes=100000-163839' } });
      return {
        status: whole.status,
        type: whole.headers.get('content-type'),
        sha: await hex(await whole.arrayBuffer()),
        partStatus: part.status,
        contentRange: part.headers.get('content-range'),
        partSha: await hex(await part.arrayBuffer()),
      };
    }, src);
    const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
    expect(got.status).toBe(200);
    expect(got.type).toBe('audio/wav');
    expect(got.sha).toBe(sha(audio));
    expect(got.partStatus).toBe(206);
    expect(got.contentRange).toBe(`bytes 100000-163839/${audio.length}`);
    expect(got.partSha).toBe(sha(audio.subarray(100000, 163840)));
    await page.context().close();
  });

  // MediaRecorder's WebM has no Cues and no duration: Chromium reads most of it before it plays,
  // so this one checks a video plays from the stream URL; the WAV above checks playing early.
  it('a WebM video (recorded here by Chromium from a canvas) plays from its stream URL', async () => {
    // No ffmpeg here: MediaRecorder encodes 6 s of an animated canvas to VP8 WebM.
    const recorder = await newPage();
    await recorder.goto(`${fx.relay.origin}/`);
    const base64 = await recorder.evaluate(async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 320;
      canvas.height = 180;
      const g = canvas.getContext('2d')!;
      let frame = 0;
      const draw = (): void => {
        g.fillStyle = `hsl(${(frame * 3) % 360} 60% 30%)`;
        g.fillRect(0, 0, 320, 180);
        g.fillStyle = '#fff';
        g.fillRect(20 + ((frame * 4) % 260), 70, 40, 40);
        g.font = '20px sans-serif';
        g.fillText(`Seedling frame ${frame++}`, 10, 30);
      };
      draw();
      const rec = new MediaRecorder(canvas.captureStream(25), { mimeType: 'video/webm;codecs=vp8', videoBitsPerSecond: 600_000 });
      const chunks: Blob[] = [];
      rec.ondataavailable = (e) => chunks.push(e.data);
      const timer = setInterval(draw, 40);
      rec.start(500);
      await new Promise((r) => setTimeout(r, 6000));
      clearInterval(timer);
      await new Promise((r) => {
        rec.onstop = r;
        rec.stop();
      });
      const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
      let bin = '';
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(bin);
    });
    await recorder.context().close();
    const video = Buffer.from(base64, 'base64');
    expect(video.length).toBeGreaterThan(50_000);
    const dir = join(fx.dir, 'video');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'clip.webm'), video);
    writeFileSync(join(dir, 'readme.txt'), 'a clip\n');
    // A fifteenth of the clip's size per second: many seconds of download.
    const link = await seed(dir, String(Math.max(10_000, Math.round(video.length / 15))));
    const page = await newPage();
    await page.goto(link);
    await page.locator('li.file', { hasText: 'clip.webm' }).getByTestId('play-file').click();
    const player = page.getByTestId('media-player');
    await player.waitFor({ timeout: 60_000 });
    await expect.poll(() => player.evaluate((el: HTMLVideoElement) => el.readyState >= 2 && el.currentTime > 0.3), { timeout: 60_000 }).toBe(true);
    await page.screenshot({ path: join(shots, 'receive-playing-video.png') });
    const during = await counters(page);
    console.log(`video: ${video.length} bytes; playing with ${during.wantedVerified} of ${during.wanted} selected bytes verified (${during.state})`);
    expect(await player.evaluate((el: HTMLVideoElement) => [el.tagName, el.videoWidth, el.videoHeight])).toEqual(['VIDEO', 320, 180]);
    await page.context().close();
  });
});
