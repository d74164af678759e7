// Notices when the plugin's files change. Compilers and editors often replace a file instead of
// writing it in place, which ends an fs.watch watcher, so the files are polled by stat; a burst of
// changes (a build writing the wasm in pieces) yields one notification once it settles.

import { unwatchFile, watchFile, type Stats } from "node:fs";

const POLL_MS = 250;
const SETTLE_MS = 150;

/** Calls `onChange` after any of `paths` changed; returns a function that stops watching. */
export function watchFiles(paths: string[], onChange: () => void): () => void {
  let timer: NodeJS.Timeout | null = null;
  const listener = (current: Stats, previous: Stats) => {
    if (current.mtimeMs === previous.mtimeMs && current.size === previous.size && current.ino === previous.ino) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      onChange();
    }, SETTLE_MS);
  };
  for (const path of paths) watchFile(path, { interval: POLL_MS, persistent: false }, listener);
  return () => {
    if (timer !== null) clearTimeout(timer);
    for (const path of paths) unwatchFile(path, listener);
  };
}
