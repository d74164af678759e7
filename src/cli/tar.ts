// A minimal ustar writer: regular files and directories only, with the fixed owner, mode and
// time an image layer needs to be reproducible (the same inputs give the same digest).

const BLOCK = 512;

/** One entry of an archive: a directory (no data) or a regular file. */
export interface TarEntry {
  path: string;
  data?: Uint8Array;
}

function writeString(header: Uint8Array, offset: number, length: number, value: string): void {
  const bytes = new TextEncoder().encode(value);
  if (bytes.length > length) throw new Error(`tar: "${value}" does not fit in ${length} bytes`);
  header.set(bytes, offset);
}

// Numeric fields are zero-padded octal followed by a NUL, as ustar readers expect.
function writeOctal(header: Uint8Array, offset: number, length: number, value: number): void {
  writeString(header, offset, length, value.toString(8).padStart(length - 1, "0") + "\0");
}

function headerFor(entry: TarEntry): Uint8Array {
  const header = new Uint8Array(BLOCK);
  const isDir = entry.data === undefined;
  const path = isDir && !entry.path.endsWith("/") ? `${entry.path}/` : entry.path;
  if (new TextEncoder().encode(path).length > 100) throw new Error(`tar: path too long: ${path}`);
  writeString(header, 0, 100, path);
  writeOctal(header, 100, 8, isDir ? 0o755 : 0o644);
  writeOctal(header, 108, 8, 0);
  writeOctal(header, 116, 8, 0);
  writeOctal(header, 124, 12, isDir ? 0 : entry.data!.length);
  writeOctal(header, 136, 12, 0);
  header.fill(0x20, 148, 156); // the checksum is computed with its own field as spaces
  header[156] = isDir ? 0x35 : 0x30;
  writeString(header, 257, 6, "ustar\0");
  writeString(header, 263, 2, "00");
  let sum = 0;
  for (const byte of header) sum += byte;
  writeString(header, 148, 8, sum.toString(8).padStart(6, "0") + "\0 ");
  return header;
}

/** The archive of `entries`, in order, ended by the two zero blocks tar readers look for. */
export function tarArchive(entries: TarEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const entry of entries) {
    parts.push(headerFor(entry));
    if (entry.data !== undefined && entry.data.length > 0) {
      parts.push(entry.data);
      const pad = (BLOCK - (entry.data.length % BLOCK)) % BLOCK;
      if (pad > 0) parts.push(new Uint8Array(pad));
    }
  }
  parts.push(new Uint8Array(BLOCK * 2));
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
