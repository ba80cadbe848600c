import { expect, it } from 'vitest';
import { createRelayApp } from './app.js';

it('GET /health answers 200 JSON', async () => {
  const res = await createRelayApp().request('/health');
  expect(res.status).toBe(200);
  expect((await res.json()).status).toBe('ok');
});
