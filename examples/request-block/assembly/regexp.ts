// The part of Go's regexp (RE2) syntax block_regexp_urls needs, matched the way RE2 matches: a
// Thompson NFA run in lock step over the text (a Pike VM without captures), so the time is linear
// in the text whatever the pattern, and a pattern from the config can never hang a request. The
// parser emits the NFA's instructions as it reads the pattern, with no syntax tree in between.
//
// Supported: literals; `.`; `[...]` with ranges, negation, escapes and ASCII classes such as
// `[:alpha:]`; `\d \D \w \W \s \S`, `\b \B`, `\A \z`, punctuation and control escapes
// (`\. \t \n \x41 \x{41}`); groups `(...)`, `(?:...)`, `(?P<name>...)`, `(?<name>...)`; flags
// `(?i)`, `(?s)`, `(?m)`, `(?U)` and their scoped forms `(?i:...)`; alternation; `* + ? {n}
// {n,} {n,m}` with lazy forms; `^ $` (text anchors unless `(?m)`). Anything else (Unicode classes
// `\pL`, `\Q...\E`, octal escapes) is reported as unsupported, never guessed at. Text is matched
// per UTF-16 code unit, so `.` takes half of a character outside the BMP.

const OP_CHAR = 0;
const OP_ANY = 1; // any code unit but '\n'
const OP_ANY_NL = 2;
const OP_CLASS = 3;
const OP_SPLIT = 4;
const OP_JMP = 5;
const OP_BEGIN_TEXT = 6;
const OP_END_TEXT = 7;
const OP_BEGIN_LINE = 8;
const OP_END_LINE = 9;
const OP_WORD_BOUNDARY = 10;
const OP_NOT_WORD_BOUNDARY = 11;
const OP_MATCH = 12;

// RE2's limit on a counted repetition, and a cap on the program a pattern expands to.
const MAX_REPEAT: i32 = 1000;
const MAX_PROGRAM: i32 = 20000;

// The flags `(?ims)` set, as bits.
const FOLD = 1;
const DOT_NL = 2;
const MULTILINE = 4;

class CharClass {
  ranges: i32[] = []; // inclusive [lo, hi] pairs
  negated: bool = false;
  fold: bool = false;

  add(lo: i32, hi: i32): void {
    this.ranges.push(lo);
    this.ranges.push(hi);
  }

  addClass(other: CharClass): void {
    const complement = other.negated ? complementOf(other.ranges) : other.ranges;
    for (let i = 0; i < complement.length; i++) this.ranges.push(complement[i]);
  }

  has(c: i32): bool {
    let found = inRanges(this.ranges, c);
    if (!found && this.fold) found = inRanges(this.ranges, lowerAscii(c)) || inRanges(this.ranges, upperAscii(c));
    return found != this.negated;
  }
}

function inRanges(ranges: i32[], c: i32): bool {
  for (let i = 0; i < ranges.length; i += 2) {
    if (c >= ranges[i] && c <= ranges[i + 1]) return true;
  }
  return false;
}

// The gaps between `ranges`, which must be sorted and apart: only the named classes are
// complemented, and CLASS_RANGES lists their ranges in order.
function complementOf(ranges: i32[]): i32[] {
  const out = new Array<i32>();
  let next = 0;
  for (let i = 0; i < ranges.length; i += 2) {
    if (ranges[i] > next) {
      out.push(next);
      out.push(ranges[i] - 1);
    }
    next = ranges[i + 1] + 1;
  }
  if (next <= 0xffff) {
    out.push(next);
    out.push(0xffff);
  }
  return out;
}

function lowerAscii(c: i32): i32 {
  return c >= 0x41 && c <= 0x5a ? c + 32 : c;
}

function upperAscii(c: i32): i32 {
  return c >= 0x61 && c <= 0x7a ? c - 32 : c;
}

function isWordChar(c: i32): bool {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c == 0x5f;
}

// The `[:name:]` classes, then `\s`: for each, its number of ranges and the ranges in order.
const CLASS_NAMES = "alnum alpha ascii blank cntrl digit graph lower print punct space upper word xdigit";
const CLASS_RANGES = memory.data<u8>([
  3, 0x30, 0x39, 0x41, 0x5a, 0x61, 0x7a, // alnum
  2, 0x41, 0x5a, 0x61, 0x7a, // alpha
  1, 0x00, 0x7f, // ascii
  2, 0x09, 0x09, 0x20, 0x20, // blank
  2, 0x00, 0x1f, 0x7f, 0x7f, // cntrl
  1, 0x30, 0x39, // digit, also \d
  1, 0x21, 0x7e, // graph
  1, 0x61, 0x7a, // lower
  1, 0x20, 0x7e, // print
  4, 0x21, 0x2f, 0x3a, 0x40, 0x5b, 0x60, 0x7b, 0x7e, // punct
  2, 0x09, 0x0d, 0x20, 0x20, // space
  1, 0x41, 0x5a, // upper
  4, 0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a, // word, also \w
  3, 0x30, 0x39, 0x41, 0x46, 0x61, 0x66, // xdigit
  3, 0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x20, // \s: \t \n \f \r space
]);
const CLASS_DIGIT = 5;
const CLASS_WORD = 12;
const CLASS_PERL_SPACE = 14;

function namedClass(index: i32, negated: bool): CharClass {
  const cls = new CharClass();
  let at = CLASS_RANGES;
  for (let i = 0; i < index; i++) at += 1 + 2 * <usize>load<u8>(at);
  const count = <usize>load<u8>(at);
  for (let i: usize = 0; i < count; i++) cls.add(load<u8>(at + 1 + 2 * i), load<u8>(at + 2 + 2 * i));
  cls.negated = negated;
  return cls;
}

// `[:name:]`'s index in CLASS_NAMES, or -1.
function asciiClassIndex(name: string): i32 {
  if (name.includes(" ")) return -1;
  const at = (" " + CLASS_NAMES + " ").indexOf(" " + name + " ");
  if (at < 0) return -1;
  let index = 0;
  for (let i = 0; i < at; i++) if (CLASS_NAMES.charCodeAt(i) == 0x20) index++;
  return index;
}

// `\d \w \s` and their negations `\D \W \S`; null for any other letter.
function perlClass(letter: i32): CharClass | null {
  const l = lowerAscii(letter);
  const index = l == 0x64 ? CLASS_DIGIT : l == 0x77 ? CLASS_WORD : l == 0x73 ? CLASS_PERL_SPACE : -1;
  return index < 0 ? null : namedClass(index, l != letter);
}

class Parser {
  pos: i32 = 0;
  error: string = "";
  flags: i32 = 0;
  // The program, three slots an instruction: the op, then CHAR: code unit and 1 when case-folded;
  // CLASS: index into classes; SPLIT: both targets; JMP: the target.
  code: i32[] = [];
  classes: CharClass[] = [];

  constructor(private text: string) {}

  get size(): i32 {
    return this.code.length / 3;
  }

  private fail(message: string): void {
    if (this.error.length == 0) this.error = message;
  }

  private more(): bool {
    return this.pos < this.text.length;
  }

  private peek(): i32 {
    return this.text.charCodeAt(this.pos);
  }

  private emit(op: i32, a: i32 = 0, b: i32 = 0): i32 {
    const code = this.code;
    code.push(op);
    code.push(a);
    code.push(b);
    return this.size - 1;
  }

  // Appends `body`, instructions cut from `from` on, with its jump targets moved along. A body is
  // whole (an atom, a branch): its jumps stay inside it or go to its end.
  private append(body: i32[], from: i32): void {
    if (this.size + body.length / 3 > MAX_PROGRAM) return this.fail("expression too large");
    const shift = this.size - from;
    for (let i = 0; i < body.length; i += 3) {
      const op = body[i];
      this.emit(op, op == OP_SPLIT || op == OP_JMP ? body[i + 1] + shift : body[i + 1], op == OP_SPLIT ? body[i + 2] + shift : body[i + 2]);
    }
  }

  // Removes and returns the instructions from `from` on, for `append` to put back.
  private cut(from: i32): i32[] {
    const body = this.code.slice(from * 3);
    this.code.length = from * 3;
    return body;
  }

  private patch(pc: i32, slot: i32, target: i32): void {
    this.code[pc * 3 + slot] = target;
  }

  parse(): bool {
    this.alternation();
    if (this.more()) this.fail("unexpected )");
    this.emit(OP_MATCH);
    return this.error.length == 0;
  }

  // branch | branch ...: SPLIT(branch, next) before each but the last, and a JMP to the end after.
  private alternation(): void {
    const jumps = new Array<i32>();
    let branch = this.size;
    this.concatenation();
    while (this.error.length == 0 && this.more() && this.peek() == 0x7c /* | */) {
      this.pos++;
      const body = this.cut(branch);
      const split = this.emit(OP_SPLIT, branch + 1);
      this.append(body, branch);
      jumps.push(this.emit(OP_JMP));
      this.patch(split, 2, this.size);
      branch = this.size;
      this.concatenation();
    }
    for (let i = 0; i < jumps.length; i++) this.patch(jumps[i], 1, this.size);
  }

  private concatenation(): void {
    while (this.error.length == 0 && this.more()) {
      const c = this.peek();
      if (c == 0x7c || c == 0x29) break; // | )
      const start = this.size;
      if (this.atom()) this.repetitions(start);
    }
  }

  // The operators after the atom that starts at instruction `start`.
  private repetitions(start: i32): void {
    let repeated = false;
    while (this.error.length == 0 && this.more()) {
      const c = this.peek();
      let min = 0;
      let max = -1;
      if (c == 0x2a) { this.pos++; } // *
      else if (c == 0x2b) { this.pos++; min = 1; } // +
      else if (c == 0x3f) { this.pos++; max = 1; } // ?
      else if (c == 0x7b) { // {
        const end = this.text.indexOf("}", this.pos);
        if (end < 0) break; // not a repetition: '{' is a literal
        const inner = this.text.substring(this.pos + 1, end);
        const comma = inner.indexOf(",");
        const high = inner.substring(comma + 1); // all of it when there is no comma
        min = digitsValue(comma < 0 ? inner : inner.substring(0, comma));
        max = high.length == 0 ? -1 : digitsValue(high);
        if (min < 0 || (max < 0 && high.length != 0)) break; // not a repetition: '{' is a literal
        if (min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && max < min)) {
          return this.fail("invalid repeat count: `" + this.text.substring(this.pos, end + 1) + "`");
        }
        this.pos = end + 1;
      } else break;
      if (repeated) return this.fail("invalid nested repetition operator");
      if (this.more() && this.peek() == 0x3f) this.pos++; // lazy: the same language, so the same answer
      this.repeat(start, min, max);
      repeated = true;
    }
  }

  // The atom from instruction `start` on, min to max times (max -1: unbounded): the required copies,
  // then `L: SPLIT(L+1, end); atom; JMP L` when unbounded, else each optional copy after a SPLIT
  // that skips to the end.
  private repeat(start: i32, min: i32, max: i32): void {
    const body = this.cut(start);
    for (let i = 0; i < min; i++) this.append(body, start);
    if (max < 0) {
      const loop = this.emit(OP_SPLIT, this.size + 1);
      this.append(body, start);
      this.emit(OP_JMP, loop);
      this.patch(loop, 2, this.size);
      return;
    }
    const skips = new Array<i32>();
    for (let i = min; i < max; i++) {
      skips.push(this.emit(OP_SPLIT, this.size + 1));
      this.append(body, start);
    }
    for (let i = 0; i < skips.length; i++) this.patch(skips[i], 2, this.size);
  }

  // Emits one atom; false when it was `(?flags)`, which leaves nothing to repeat.
  private atom(): bool {
    const c = this.peek();
    this.pos++;
    switch (c) {
      case 0x28: return this.group(); // (
      case 0x5b: this.charClass(); break; // [
      case 0x2e: this.emit(this.flags & DOT_NL ? OP_ANY_NL : OP_ANY); break; // .
      case 0x5e: this.emit(this.flags & MULTILINE ? OP_BEGIN_LINE : OP_BEGIN_TEXT); break; // ^
      case 0x24: this.emit(this.flags & MULTILINE ? OP_END_LINE : OP_END_TEXT); break; // $
      case 0x2a: case 0x2b: case 0x3f: this.fail("missing argument to repetition operator"); break;
      case 0x5c: this.escape(); break; // backslash
      default: this.literal(c);
    }
    return true;
  }

  private literal(c: i32): void {
    this.emit(OP_CHAR, c, this.flags & FOLD);
  }

  private classOp(cls: CharClass): void {
    this.emit(OP_CLASS, this.classes.length);
    this.classes.push(cls);
  }

  // A group after its `(`; false for `(?flags)`, which sets the flags for the rest of the
  // enclosing group instead.
  private group(): bool {
    const outer = this.flags;
    const text = this.text;
    if (this.more() && this.peek() == 0x3f) { // (?
      if (text.startsWith("?P<", this.pos) || text.startsWith("?<", this.pos)) {
        const close = text.indexOf(">", this.pos);
        if (close < 0) { this.fail("invalid named capture"); return true; }
        this.pos = close + 1;
      } else {
        let at = this.pos + 1;
        while (at < text.length && isFlagChar(text.charCodeAt(at))) at++;
        const end = at < text.length ? text.charCodeAt(at) : 0;
        const flags = end == 0x3a || (end == 0x29 && at > this.pos + 1) ? applyFlags(text.substring(this.pos + 1, at), outer) : -1;
        if (flags < 0) {
          this.fail("invalid or unsupported Perl syntax: `" + text.substring(this.pos - 1, min(at + 1, text.length)) + "`");
          return true;
        }
        this.flags = flags;
        this.pos = at + 1;
        if (end == 0x29) return false;
      }
    }
    this.alternation();
    this.flags = outer;
    if (this.error.length == 0) {
      if (this.more() && this.peek() == 0x29) this.pos++;
      else this.fail("missing closing ): `" + text + "`");
    }
    return true;
  }

  private escape(): void {
    if (!this.more()) return this.fail("trailing backslash at end of expression");
    const c = this.peek();
    this.pos++;
    const perl = perlClass(c);
    if (perl != null) {
      perl.fold = (this.flags & FOLD) != 0;
      return this.classOp(perl);
    }
    switch (c) {
      case 0x62: { this.emit(OP_WORD_BOUNDARY); return; } // \b
      case 0x42: { this.emit(OP_NOT_WORD_BOUNDARY); return; } // \B
      case 0x41: { this.emit(OP_BEGIN_TEXT); return; } // \A
      case 0x7a: { this.emit(OP_END_TEXT); return; } // \z
    }
    const value = this.escapedChar(c);
    if (value >= 0) this.literal(value);
  }

  // The code unit an escape inside or outside a class stands for; -1 after recording an error.
  private escapedChar(c: i32): i32 {
    switch (c) {
      case 0x61: return 0x07; // \a
      case 0x66: return 0x0c; // \f
      case 0x6e: return 0x0a; // \n
      case 0x72: return 0x0d; // \r
      case 0x74: return 0x09; // \t
      case 0x76: return 0x0b; // \v
      case 0x78: return this.hexEscape(); // \x
    }
    if (c < 0x80 && !isWordChar(c)) return c; // escaped punctuation is itself
    this.fail("invalid or unsupported escape sequence: `\\" + String.fromCharCode(c) + "`");
    return -1;
  }

  private hexEscape(): i32 {
    const text = this.text;
    const braced = this.more() && this.peek() == 0x7b;
    let digits: string;
    if (braced) {
      const close = text.indexOf("}", this.pos);
      if (close < 0) { this.fail("invalid escape sequence: `\\x{`"); return -1; }
      digits = text.substring(this.pos + 1, close);
      this.pos = close + 1;
    } else {
      digits = text.substring(this.pos, this.pos + 2);
      this.pos += 2;
    }
    let value = 0;
    let valid = braced ? digits.length > 0 : digits.length == 2;
    for (let i = 0; valid && i < digits.length; i++) {
      const d = hexValue(digits.charCodeAt(i));
      valid = d >= 0;
      value = value * 16 + d;
      if (value > 0xffff) { this.fail("unsupported escape outside the BMP: `\\x" + digits + "`"); return -1; }
    }
    if (!valid) { this.fail("invalid escape sequence: `\\x" + digits + "`"); return -1; }
    return value;
  }

  private charClass(): void {
    const cls = new CharClass();
    cls.fold = (this.flags & FOLD) != 0;
    const text = this.text;
    if (this.more() && this.peek() == 0x5e) { cls.negated = true; this.pos++; }
    let first = true;
    while (this.error.length == 0) {
      if (!this.more()) return this.fail("missing closing ]: `" + text + "`");
      const c = this.peek();
      if (c == 0x5d && !first) { this.pos++; break; } // ]
      first = false;
      if (c == 0x5b && text.startsWith("[:", this.pos)) { // [:name:]
        const close = text.indexOf(":]", this.pos + 2);
        if (close >= 0) {
          let name = text.substring(this.pos + 2, close);
          const negate = name.startsWith("^");
          if (negate) name = name.substring(1);
          const index = asciiClassIndex(name);
          if (index < 0) return this.fail("invalid character class range: `[:" + name + ":]`");
          cls.addClass(namedClass(index, negate));
          this.pos = close + 2;
          continue;
        }
      }
      const lo = this.classChar(cls);
      if (lo < 0) continue; // a \d-style class was added, or an error recorded
      let hi = lo;
      if (text.startsWith("-", this.pos) && this.pos + 1 < text.length && text.charCodeAt(this.pos + 1) != 0x5d) {
        this.pos++;
        hi = this.classChar(null);
        if (hi < 0) break;
        if (hi < lo) return this.fail("invalid character class range: `" + String.fromCharCode(lo) + "-" + String.fromCharCode(hi) + "`");
      }
      cls.add(lo, hi);
    }
    this.classOp(cls);
  }

  // One member of a class: its code unit, or -1 when it was a whole class (added to `into`) or an error.
  private classChar(into: CharClass | null): i32 {
    const c = this.peek();
    this.pos++;
    if (c != 0x5c) return c;
    if (!this.more()) { this.fail("trailing backslash at end of expression"); return -1; }
    const e = this.peek();
    this.pos++;
    const perl = perlClass(e);
    if (perl != null) {
      if (into == null) { this.fail("invalid character class range"); return -1; }
      into.addClass(perl);
      return -1;
    }
    return this.escapedChar(e);
  }
}

function isFlagChar(c: i32): bool {
  return c == 0x69 || c == 0x73 || c == 0x6d || c == 0x55 || c == 0x2d; // i s m U -
}

// `flags` with a flag spec such as "i-s" applied; -1 if the spec is malformed.
function applyFlags(spec: string, flags: i32): i32 {
  let on = true;
  for (let i = 0; i < spec.length; i++) {
    const c = spec.charCodeAt(i);
    // U (ungreedy) changes which match is reported, not whether one exists.
    const bit = c == 0x69 ? FOLD : c == 0x73 ? DOT_NL : c == 0x6d ? MULTILINE : 0;
    if (c == 0x2d) {
      if (!on) return -1;
      on = false;
    }
    flags = on ? flags | bit : flags & ~bit;
  }
  return spec.endsWith("-") ? -1 : flags;
}

// A decimal number (capped above MAX_REPEAT so an absurd count is reported, not wrapped); -1 if not digits.
function digitsValue(text: string): i32 {
  if (text.length == 0) return -1;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return -1;
    value = min(value * 10 + (c - 0x30), MAX_REPEAT + 1);
  }
  return value;
}

function hexValue(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = lowerAscii(c);
  return l >= 0x61 && l <= 0x66 ? l - 0x61 + 10 : -1;
}

/** A compiled pattern; `MatchString` answers whether it matches anywhere in a text, as Go's does. */
export class Regexp {
  // The matcher's thread lists and marks, made on the first match and reused by every later one
  // (a plugin matches the same patterns on every request): Go's regexp keeps its machines too.
  private current: Int32Array | null = null;
  private next: Int32Array | null = null;
  private seen: Int32Array | null = null; // the step at which a pc was last queued, to queue it once
  private stack: Int32Array | null = null; // every pc is expanded once and pushes at most two

  private constructor(private code: i32[], private classes: CharClass[]) {}

  /** Go's regexp.Compile: the pattern, or null with the reason in `lastCompileError`. */
  static Compile(pattern: string): Regexp | null {
    const parser = new Parser(pattern);
    if (!parser.parse()) {
      lastCompileError = "error parsing regexp: " + parser.error;
      return null;
    }
    return new Regexp(parser.code, parser.classes);
  }

  /** Whether the pattern matches a substring of `text`. */
  MatchString(text: string): bool {
    const size = this.code.length / 3;
    if (this.seen == null) {
      this.current = new Int32Array(size);
      this.next = new Int32Array(size);
      this.seen = new Int32Array(size);
      this.stack = new Int32Array(2 * size + 1);
    }
    let current = this.current!;
    let next = this.next!;
    const seen = this.seen!;
    const stack = this.stack!;
    // Marks are text positions + 1: one left by an earlier text would hide a thread of this one.
    seen.fill(0);
    let currentCount = 0;
    const length = text.length;
    for (let at = 0; at <= length; at++) {
      // A thread starting here: an unanchored search.
      const started = addThread(this.code, current, currentCount, seen, stack, 0, at, text);
      if (started < 0) return true;
      currentCount = started;
      if (at == length) break;
      const c = text.charCodeAt(at);
      let nextCount = 0;
      for (let t = 0; t < currentCount; t++) {
        const pc = current[t];
        if (this.consumes(pc, c)) {
          nextCount = addThread(this.code, next, nextCount, seen, stack, pc + 1, at + 1, text);
          if (nextCount < 0) return true;
        }
      }
      const swap = current;
      current = next;
      next = swap;
      currentCount = nextCount;
    }
    return false;
  }

  private consumes(pc: i32, c: i32): bool {
    const code = this.code;
    const a = code[pc * 3 + 1];
    switch (code[pc * 3]) {
      case OP_CHAR: return c == a || (code[pc * 3 + 2] != 0 && lowerAscii(c) == lowerAscii(a));
      case OP_ANY: return c != 0x0a;
      case OP_ANY_NL: return true;
      case OP_CLASS: return this.classes[a].has(c);
    }
    return false;
  }
}

/** Why the last `Regexp.Compile` returned null. */
export let lastCompileError: string = "";

// Follows the empty transitions from `start` at text position `at`, queueing every instruction
// that consumes a code unit. Returns the new count, or -1 when the match instruction was reached.
function addThread(code: i32[], list: Int32Array, count: i32, seen: Int32Array, stack: Int32Array, start: i32, at: i32, text: string): i32 {
  const stamp = at + 1;
  let top = 0;
  stack[top++] = start;
  while (top > 0) {
    const pc = stack[--top];
    if (seen[pc] == stamp) continue;
    seen[pc] = stamp;
    const op = code[pc * 3];
    switch (op) {
      case OP_MATCH: return -1;
      case OP_JMP: stack[top++] = code[pc * 3 + 1]; break;
      case OP_SPLIT:
        // Pushed second-first so the first branch is explored first; the order does not change the answer.
        stack[top++] = code[pc * 3 + 2];
        stack[top++] = code[pc * 3 + 1];
        break;
      case OP_BEGIN_TEXT: if (at == 0) stack[top++] = pc + 1; break;
      case OP_END_TEXT: if (at == text.length) stack[top++] = pc + 1; break;
      case OP_BEGIN_LINE: if (at == 0 || text.charCodeAt(at - 1) == 0x0a) stack[top++] = pc + 1; break;
      case OP_END_LINE: if (at == text.length || text.charCodeAt(at) == 0x0a) stack[top++] = pc + 1; break;
      case OP_WORD_BOUNDARY:
      case OP_NOT_WORD_BOUNDARY: {
        const before = at > 0 && isWordChar(text.charCodeAt(at - 1));
        const after = at < text.length && isWordChar(text.charCodeAt(at));
        if ((before != after) == (op == OP_WORD_BOUNDARY)) stack[top++] = pc + 1;
        break;
      }
      default: list[count++] = pc;
    }
  }
  return count;
}
