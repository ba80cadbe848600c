/** @module swarm/pipeline-limits.test — the depth bound follows the transport's round trip. */
import { describe, expect, it } from 'vitest';
import { requestQueueDepth } from '../picker/request-pipeline.js';
import { MAX_PIPELINE_DEPTH, MAX_PIPELINE_DEPTH_HIGH_LATENCY, maxPipelineDepth, MIN_PIPELINE_DEPTH } from './pipeline-limits.js';

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
