/** @module webrtc/sdp — the few SDP facts the transport needs: ICE candidates in a description. */

const CANDIDATE_LINE = /^a=(candidate:.*)$/gm;

/** The `candidate:...` attribute values of every `a=candidate` line in `sdp`. */
export function sdpCandidates(sdp: string): string[] {
  return Array.from(sdp.matchAll(CANDIDATE_LINE), (m) => (m[1] as string).trimEnd());
}

/**
 * Returns `sdp` with the given candidates (`candidate:...` strings, as in `icecandidate` events)
 * appended as `a=candidate` lines when the description carries none of them. Implementations
 * that leave gathered candidates out of `localDescription` still produce a non-trickle SDP
 * this way. Appending at the end puts them in the last media section: a data-channel-only
 * description has exactly one (`m=application`).
 */
export function sdpWithCandidates(sdp: string, candidates: readonly string[]): string {
  const present = new Set(sdpCandidates(sdp));
  const missing = candidates.filter((c) => c.length > 0 && !present.has(c));
  if (missing.length === 0) return sdp;
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const body = sdp.endsWith(eol) ? sdp : sdp + eol;
  return body + missing.map((c) => `a=${c}${eol}`).join('');
}

/**
 * A human-readable address (`ip:port`, `[ipv6]:port` or `name.local:port`) of the first
 * candidate in `sdp`, preferring UDP host candidates; `'webrtc'` when there is none.
 */
export function sdpRemoteAddress(sdp: string): string {
  let best: string | undefined;
  for (const candidate of sdpCandidates(sdp)) {
    // candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type> ...
    const f = candidate.split(/\s+/);
    const address = f[4];
    const port = f[5];
    if (address === undefined || port === undefined) continue;
    const formatted = address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
    if ((f[2] ?? '').toLowerCase() === 'udp') return formatted;
    best ??= formatted;
  }
  return best ?? 'webrtc';
}

/** Returns `sdp` without the `a=candidate` lines whose value `keep` rejects. */
export function sdpFilterCandidates(sdp: string, keep: (candidate: string) => boolean): string {
  return sdp.replace(/^a=(candidate:[^\r\n]*)(\r?\n|$)/gm, (line, candidate: string) => (keep(candidate) ? line : ''));
}

/** Whether a candidate's address is loopback (`127.0.0.0/8` or `::1`): for same-host tests. */
export function isLoopbackCandidate(candidate: string): boolean {
  const address = candidate.split(/\s+/)[4] ?? '';
  return address.startsWith('127.') || address === '::1';
}
