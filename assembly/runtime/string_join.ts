// Joining many strings in time linear in the result. AssemblyScript's `Array<string>#join` takes a
// pre-sized path only when the build's shrinkLevel is 0; the release builds here use shrinkLevel 1,
// where it falls back to `result += part` per element, which copies the growing result each time
// (a 12,000-element Redis reply took seconds). Every SDK path that joins a list goes through here.

/** `parts` joined by `separator`, built in one allocation of the final size. */
export function joinStrings(parts: string[], separator: string): string {
  const count = parts.length;
  if (count == 0) return "";
  const separatorBytes = <usize>separator.length << 1;
  let total: usize = separatorBytes * <usize>(count - 1);
  for (let i = 0; i < count; i++) {
    const part = unchecked(parts[i]);
    // An element of `new Array<string>(n)` that was never set is a null pointer; it adds nothing.
    if (changetype<usize>(part) != 0) total += <usize>part.length << 1;
  }
  const out = __new(total, idof<string>());
  let at = out;
  for (let i = 0; i < count; i++) {
    if (i > 0 && separatorBytes > 0) {
      memory.copy(at, changetype<usize>(separator), separatorBytes);
      at += separatorBytes;
    }
    const part = unchecked(parts[i]);
    if (changetype<usize>(part) == 0) continue;
    const bytes = <usize>part.length << 1;
    memory.copy(at, changetype<usize>(part), bytes);
    at += bytes;
  }
  return changetype<string>(out);
}
