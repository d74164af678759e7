// node --test runs each test file in its own process, two at a time, and several files need the
// same costly artifact (an -O3 build of an example, the packed tarball). A disk cache alone lets
// two files that start together both make it; this makes it once: the first process takes a lock
// next to the artifact and the others wait for the artifact to appear.
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
};

// A lock whose maker is gone (killed test run) must not make everyone wait forever. Its pid is
// written just after the file is created, so an empty lock is only stale once it is old.
function stale(lock) {
  try {
    const pid = Number(readFileSync(lock, "utf8"));
    return pid ? !alive(pid) : Date.now() - statSync(lock).mtimeMs > 10_000;
  } catch {
    return false; // gone already: the next round sees the artifact or takes the lock
  }
}

/**
 * Returns `path`, first calling `make(partial)` to write it when it does not exist yet; `partial`
 * is renamed to `path` when `make` resolves, so no reader sees half a file. When another process
 * is making the same `path`, waits for it instead (and makes it itself if that process failed).
 */
export async function madeOnce(path, make) {
  const lock = `${path}.lock`;
  for (;;) {
    if (existsSync(path)) return path;
    try {
      writeFileSync(lock, "", { flag: "wx" });
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
      if (stale(lock)) rmSync(lock, { force: true });
      await sleep(100);
      continue;
    }
    try {
      writeFileSync(lock, String(process.pid));
      // Another process may have finished between the check above and taking the lock.
      if (existsSync(path)) return path;
      const partial = `${path}.${process.pid}.tmp`;
      await make(partial);
      renameSync(partial, path);
      return path;
    } finally {
      rmSync(lock, { force: true });
    }
  }
}
