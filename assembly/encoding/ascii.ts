// ASCII-only case mapping. String#toLowerCase implements full Unicode case mapping and brings
// about 5 KB of case tables and code into a plugin; text whose letters that matter are ASCII
// (URL schemes, header names and tokens, keywords compared with ASCII words) needs none of it.

/**
 * `s` with the ASCII letters A-Z lower-cased and every other character kept. For comparing with
 * an ASCII word this gives Go's strings.ToLower answer, except that Go maps U+0130 (İ) to 'i' and
 * U+212A (Kelvin sign) to 'k' (as does String#toLowerCase for the Kelvin sign).
 */
export function asciiToLower(s: string): string {
  const n = s.length;
  let i = 0;
  while (i < n && <u32>(s.charCodeAt(i) - 0x41) >= 26) i++;
  if (i == n) return s; // nothing to change: no copy
  const out = __new(<usize>n << 1, idof<string>());
  memory.copy(out, changetype<usize>(s), <usize>n << 1);
  for (; i < n; i++) {
    const c = <u32>load<u16>(out + (<usize>i << 1));
    if (c - 0x41 < 26) store<u16>(out + (<usize>i << 1), <u16>(c | 0x20));
  }
  return changetype<string>(out);
}
