/**
 * @module adapters/node/ws-mask — WebSocket payload masking (RFC 6455 §5.3) for the tunnel's Node
 * wire (client frames) and the relay's frame parser (unmasking in place): the wasm SIMD kernel of
 * @seedling/hasher-wasm, no native addon. `maskWebSocketPayload(bytes, key, offset)` XORs
 * `bytes` in place with the 4-byte `key`, `bytes[0]` being byte `offset` of the payload.
 */
export { maskInPlace as maskWebSocketPayload, maskKernel as webSocketMaskKernel } from '@seedling/hasher-wasm/mask';
