/** @module swarm/pipeline-limits.test — the depth bound follows the transport's round trip. */
import { describe, expect, it } from 'vitest';
import { requestQueueDepth } from '../picker/request-pipeline.js';
import {
  heldPieceBytesLimit,
  MAX_HELD_PIECE_BYTES,
  MAX_PIPELINE_DEPTH,
  MAX_PIPELINE_DEPTH_HIGH_LATENCY,
  maxPipelineDepth,
  MIN_HELD_PIECE_BYTES,
  MIN_PIPELINE_DEPTH,
  pipelineDepth,
} from './pipeline-limits.js';

describe('pipeline depth bounds per transport', () => {
  it('lets data channel and tunnel peers run 1024 requests deep, TCP and memory 256', () => {
    expect(maxPipelineDepth('webrtc')).toBe(MAX_PIPELINE_DEPTH_HIGH_LATENCY);
    expect(maxPipelineDepth('tunnel')).toBe(MAX_PIPELINE_DEPTH_HIGH_LATENCY);
    expect(maxPipelineDepth('tcp')).toBe(MAX_PIPELINE_DEPTH);
    expect(maxPipelineDepth('memory')).toBe(MAX_PIPELINE_DEPTH);
    expect(MAX_PIPELINE_DEPTH_HIGH_LATENCY).toBe(1024);
  });
  it('at 11 MB/s (tab to tab) a WebRTC peer gets ~1 s of blocks, a TCP peer stays at 256', () => {
    const at = (kind: 'webrtc' | 'tcp') => requestQueueDepth(11e6, { min: MIN_PIPELINE_DEPTH, max: maxPipelineDepth(kind), targetSeconds: 1 });
    expect(at('webrtc')).toBe(Math.ceil(11e6 / 16384));
    expect(at('tcp')).toBe(256);
  });
});

describe('pipelineDepth', () => {
  it('starts a peer we have not measured at the minimum and follows its rate up to the bound', () => {
    expect(pipelineDepth(0, 'tcp')).toBe(MIN_PIPELINE_DEPTH);
    expect(pipelineDepth(2e6, 'tcp')).toBe(Math.ceil(2e6 / 16384));
    expect(pipelineDepth(20e6, 'tcp')).toBe(MAX_PIPELINE_DEPTH);
    expect(pipelineDepth(20e6, 'webrtc')).toBe(MAX_PIPELINE_DEPTH_HIGH_LATENCY);
  });
});

describe('heldPieceBytesLimit', () => {
  it('holds 8 MiB at low rates, 0.25 s of the rate above, and at most 16 MiB', () => {
    expect(heldPieceBytesLimit(0)).toBe(MIN_HELD_PIECE_BYTES);
    expect(heldPieceBytesLimit(20e6)).toBe(MIN_HELD_PIECE_BYTES);
    expect(heldPieceBytesLimit(48e6)).toBe(12e6);
    // Four seeders at 20 MB/s: 100 ms of it was the old fixed 8 MiB.
    expect(heldPieceBytesLimit(80e6)).toBe(MAX_HELD_PIECE_BYTES);
    expect(heldPieceBytesLimit(1e9)).toBe(MAX_HELD_PIECE_BYTES);
    expect(heldPieceBytesLimit(Number.NaN)).toBe(MIN_HELD_PIECE_BYTES);
  });
});
