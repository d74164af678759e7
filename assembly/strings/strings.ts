// Go's strings package, as far as plugins need it: `import { strings } from "higress-as"`.

import { LOWER_RUNS, LOWER_RUN_COUNT } from "./lower_table";

/**
 * Go's strings.ToLower: every code point mapped by Unicode's simple lowercase mapping, as Go's
 * unicode.ToLower does (U+0130 'İ' becomes "i", a final Σ becomes σ). String#toLowerCase applies
 * the full mapping instead ("i̇", ς) and brings about 5 KB of tables into a plugin. A lone
 * surrogate is kept as it is. Returns `s` itself when nothing changes.
 */
export function ToLower(s: string): string {
  const src = changetype<usize>(s);
  const n = s.length;
  let out: usize = 0;
  for (let i = 0; i < n; i++) {
    const c = <u32>load<u16>(src + (<usize>i << 1));
    let lower: u32;
    if (c < 0xc0) {
      // Below U+00C0 only A-Z change: most text never reaches the table.
      if (c - 0x41 >= 26) continue;
      lower = c | 0x20;
    } else if (c - 0xd800 < 0x400 && i + 1 < n && <u32>load<u16>(src + (<usize>(i + 1) << 1)) - 0xdc00 < 0x400) {
      const low = <u32>load<u16>(src + (<usize>(i + 1) << 1));
      const cp = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
      const mapped = lowerRune(cp);
      if (mapped != cp) {
        // Every mapping stays in its plane, so the pair keeps its length.
        if (!out) out = copyOf(src, n);
        store<u16>(out + (<usize>i << 1), <u16>(0xd800 + ((mapped - 0x10000) >> 10)));
        store<u16>(out + (<usize>(i + 1) << 1), <u16>(0xdc00 + (mapped & 0x3ff)));
      }
      i++;
      continue;
    } else {
      lower = lowerRune(c);
    }
    if (lower == c) continue;
    if (!out) out = copyOf(src, n);
    store<u16>(out + (<usize>i << 1), <u16>lower);
  }
  return out ? changetype<string>(out) : s;
}

function copyOf(src: usize, n: i32): usize {
  const out = __new(<usize>n << 1, idof<string>());
  memory.copy(out, src, <usize>n << 1);
  return out;
}

// Unicode's simple lowercase mapping of `cp`: a binary search for the last run starting at or
// below it (runs are three u16s, see lower_table.ts).
function lowerRune(cp: u32): u32 {
  let lo = 0;
  let hi = LOWER_RUN_COUNT;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (runStart(mid) <= cp) lo = mid + 1;
    else hi = mid;
  }
  if (lo == 0) return cp;
  const run = LOWER_RUNS + <usize>(lo - 1) * 6;
  const meta = <u32>load<u16>(run, 2);
  const offset = cp - runStart(lo - 1);
  const alternating = meta & 1;
  if (offset >> alternating >= meta >> 2 || offset & alternating) return cp;
  return (cp & 0xffff0000) | ((cp + <u32>load<u16>(run, 4)) & 0xffff);
}

function runStart(index: i32): u32 {
  const run = LOWER_RUNS + <usize>index * 6;
  return ((<u32>load<u16>(run, 2) & 2) << 15) | <u32>load<u16>(run);
}
