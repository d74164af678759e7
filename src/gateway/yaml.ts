// The YAML a plugin configuration is written in (as in a WasmPlugin's defaultConfig): block mappings
// and sequences by indentation, plain and quoted scalars, flow collections written as JSON, and
// comments. The package has no YAML dependency for this one use; anything outside the subset
// (anchors, tags, block scalars, several documents) is refused with its line number rather than
// read differently from a real YAML parser.

interface Line {
  number: number;
  indent: number;
  text: string;
}

class YamlError extends Error {
  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
  }
}

/**
 * The index of the first character outside quotes for which `found` holds, or -1. A quote opens
 * anywhere when `quotesAnywhere`, else only at the start (a key is quoted whole or not at all).
 */
function indexOutsideQuotes(text: string, quotesAnywhere: boolean, found: (i: number) => boolean): number {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote !== null) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if ((c === '"' || c === "'") && (quotesAnywhere || i === 0)) {
      quote = c;
    } else if (found(i)) {
      return i;
    }
  }
  return -1;
}

/** Drops a comment: a `#` at the start or after a space, outside quotes. */
function stripComment(text: string): string {
  const at = indexOutsideQuotes(text, true, (i) => text[i] === "#" && (i === 0 || text[i - 1] === " " || text[i - 1] === "\t"));
  return (at < 0 ? text : text.slice(0, at)).trimEnd();
}

function scalar(text: string, line: number): unknown {
  if (text === "" || text === "~" || text === "null") return null;
  if (text === "true") return true;
  if (text === "false") return false;
  if (/^[&*!|>]/.test(text)) throw new YamlError(line, `"${text[0]}" (anchors, aliases, tags, block scalars) is not supported; write the config as JSON`);
  if (text.startsWith('"') || text.startsWith("[") || text.startsWith("{")) {
    try {
      return JSON.parse(text);
    } catch {
      throw new YamlError(line, `cannot read ${text} (quoted strings and flow collections must be valid JSON here)`);
    }
  }
  if (text.startsWith("'")) {
    if (text.length < 2 || !text.endsWith("'")) throw new YamlError(line, `unterminated string ${text}`);
    return text.slice(1, -1).replaceAll("''", "'");
  }
  if (/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(text)) return Number(text);
  return text;
}

/** Splits `key: value` at the first `:` followed by a space or the end, outside quotes; null if none. */
function splitKey(text: string): [string, string] | null {
  const at = indexOutsideQuotes(text, false, (i) => text[i] === ":" && (i + 1 === text.length || text[i + 1] === " "));
  return at < 0 ? null : [text.slice(0, at).trim(), text.slice(at + 1).trim()];
}

const isItem = (text: string) => text === "-" || text.startsWith("- ");

class Reader {
  private at = 0;

  constructor(private readonly lines: Line[]) {}

  read(): unknown {
    if (this.lines.length === 0) return null;
    const value = this.block(this.lines[0].indent);
    if (this.at < this.lines.length) throw new YamlError(this.lines[this.at].number, "unexpected indentation");
    return value;
  }

  private block(indent: number): unknown {
    const first = this.lines[this.at];
    if (isItem(first.text)) return this.sequence(indent);
    if (splitKey(first.text) !== null) return this.mapping(indent);
    this.at++;
    return scalar(first.text, first.number);
  }

  /** The value after `key:` or `-` when it is on the following lines. */
  private nested(parentIndent: number, allowSameIndentSequence: boolean): unknown {
    const next = this.lines[this.at];
    if (next === undefined) return null;
    if (next.indent > parentIndent) return this.block(next.indent);
    if (allowSameIndentSequence && next.indent === parentIndent && isItem(next.text)) return this.sequence(parentIndent);
    return null;
  }

  private sequence(indent: number): unknown[] {
    const items: unknown[] = [];
    while (this.at < this.lines.length && this.lines[this.at].indent === indent && isItem(this.lines[this.at].text)) {
      const line = this.lines[this.at];
      const rest = line.text.slice(1).trimStart();
      if (rest === "") {
        this.at++;
        items.push(this.nested(indent, false));
      } else {
        // `- key: value` opens a mapping whose keys line up with `key`: read the rest of the line
        // as a line of its own at that column.
        this.lines[this.at] = { number: line.number, indent: indent + (line.text.length - rest.length), text: rest };
        items.push(this.block(this.lines[this.at].indent));
      }
    }
    return items;
  }

  private mapping(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    while (this.at < this.lines.length && this.lines[this.at].indent === indent) {
      const line = this.lines[this.at];
      const pair = splitKey(line.text);
      if (pair === null || isItem(line.text)) throw new YamlError(line.number, `expected "key: value", found ${line.text}`);
      const key = String(scalar(pair[0], line.number));
      if (Object.hasOwn(out, key)) throw new YamlError(line.number, `duplicate key "${key}"`);
      this.at++;
      out[key] = pair[1] === "" ? this.nested(indent, true) : scalar(pair[1], line.number);
    }
    return out;
  }
}

/** Parses the YAML subset described above; throws with the line number on anything else. */
export function parseYaml(text: string): unknown {
  const lines: Line[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    if (raw.includes("\t") && /^\s*\t/.test(raw)) throw new YamlError(index + 1, "tabs cannot indent YAML");
    const body = stripComment(raw);
    if (body.trim() === "") return;
    if (body === "---" && lines.length === 0) return;
    if (body === "---" || body === "...") throw new YamlError(index + 1, "several documents are not supported");
    const trimmed = body.trimStart();
    lines.push({ number: index + 1, indent: body.length - trimmed.length, text: trimmed });
  });
  return new Reader(lines).read();
}
