/**
 * @module components/media-player — plays a received audio/video file while it downloads: the
 * element's source is the file's stream URL (`/stream/<id>/<file>/<name>`), answered by the
 * stream Service Worker from verified pieces; seeking issues a range request, which moves the
 * sequential cursor to that place (stream/). Test hook: `data-testid="media-player"`.
 */
import { createResource, Match, Show, Switch } from 'solid-js';
import { Dynamic } from 'solid-js/web';
import type { MediaType } from '../lib/media-type.js';
import { startStreamServer, streamUrl } from '../stream/stream-server.js';

/** The player for one file. */
export function MediaPlayer(props: { id: string; index: number; name: string; media: MediaType; onClose: () => void }) {
  // The worker must control the page before the element's first request goes out.
  const [src] = createResource(
    () => ({ id: props.id, index: props.index, name: props.name }),
    async (k) => {
      await startStreamServer();
      return streamUrl(k.id, k.index, k.name);
    },
  );
  return (
    <div class="media-player" style={{ margin: '1rem 0' }}>
      <p style={{ display: 'flex', 'justify-content': 'space-between', 'align-items': 'center', gap: '0.5rem' }}>
        <span>Playing {props.name} while it downloads</span>
        <button type="button" class="button" onClick={() => props.onClose()}>Close player</button>
      </p>
      <Switch>
        <Match when={src.error}>
          <p class="error" role="alert">{(src.error as Error).message}</p>
        </Match>
        <Match when={src()}>
          {(url) => (
            <Dynamic
              component={props.media.kind}
              data-testid="media-player"
              src={url()}
              controls
              autoplay
              preload="auto"
              style={{ width: '100%', 'max-height': '60vh', background: props.media.kind === 'video' ? '#000' : undefined }}
            />
          )}
        </Match>
      </Switch>
      <Show when={src.loading}><p class="lead">Preparing the stream…</p></Show>
    </div>
  );
}
