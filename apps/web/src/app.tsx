/** @module app — the Seedling web app shell. */
export function App() {
  return (
    <main>
      <h1>Seedling</h1>
      <p>Share files peer to peer from your browser.</p>
    </main>
  );
}
