import { it } from 'vitest';
import { loadNodeRTCPeerConnection } from './webrtc-node.js';
import { createWebRtcOffer, acceptWebRtcOffer } from '../../webrtc/index.js';
for (const skip of [false, true, false, true]) it('dbg skip=' + skip, async () => {
  const Base = await loadNodeRTCPeerConnection({ bindAddress: '127.0.0.1' }) as any;
  class PC extends Base { async setLocalDescription(d: any) { if (skip && d?.type === 'offer' && this.localDescription?.type === 'offer') return; return super.setLocalDescription(d); } }
  let fails = 0; const t0 = Date.now(); const slow: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t1 = Date.now();
    const offer = await createWebRtcOffer({ RTCPeerConnection: PC as any });
    const answer = await acceptWebRtcOffer({ RTCPeerConnection: PC as any, offerSdp: offer.sdp });
    try { const [a,b] = await Promise.all([offer.accept(answer.sdp), answer.connection]); a.close(); b.close(); await a.closed; }
    catch (e: any) { fails++; answer.cancel(); }
    slow.push(Date.now() - t1);
  }
  console.log('skip', skip, 'fails', fails, 'ms', Date.now() - t0, slow.join(','));
}, 120000);
