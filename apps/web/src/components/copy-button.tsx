/** @module components/copy-button — copies text to the clipboard and says so. */
import { createSignal, onCleanup } from 'solid-js';

/** "Copy" → "Copied". */
export function CopyButton(props: { text: string; label: string }) {
  const [copied, setCopied] = createSignal(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(props.text);
      setCopied(true);
      clearTimeout(timer);
      timer = setTimeout(() => setCopied(false), 1500);
    } catch {
      window.prompt('Copy this:', props.text);
    }
  };
  return (
    <button type="button" class="button" onClick={() => void copy()}>
      {copied() ? 'Copied' : props.label}
    </button>
  );
}
