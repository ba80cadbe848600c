/** @module components/qr-code — the share link as a QR code (SVG from `uqr`), for phones. */
import { createMemo } from 'solid-js';
import { renderSVG } from 'uqr';

/** A QR code of `text`. */
export function QrCode(props: { text: string }) {
  const svg = createMemo(() => renderSVG(props.text, { ecc: 'L', border: 2, whiteColor: '#fff', blackColor: '#111' }));
  return <div class="qr" role="img" aria-label="QR code of the share link" innerHTML={svg()} />;
}
