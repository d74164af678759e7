// The part of Go's regexp (RE2) syntax block_regexp_urls needs, matched the way RE2 matches: a
// Thompson NFA run in lock step over the text (a Pike VM without captures), so the time is linear
// in the text whatever the pattern, and a pattern from the config can never hang a request.
//
// Supported: literals; `.`; `[...]` with ranges, negation, escapes and ASCII classes such as
// `[:alpha:]`; `\d \D \w \W \s \S`, `\b \B`, `\A \z`, punctuation and control escapes
// (`\. \t \n \x41 \x{41}`); groups `(...)`, `(?:...)`, `(?P<name>...)`, `(?<name>...)`; flags
// `(?i)`, `(?s)`, `(?m)`, `(?U)` and their scoped forms `(?i:...)`; alternation; `* + ? {n}
// {n,} {n,m}` with lazy forms; `^ $` (text anchors unless `(?m)`). Anything else (Unicode classes
// `\pL`, `\Q...\E`, octal escapes) is reported as unsupported, never guessed at. Text is matched
// per UTF-16 code unit, so `.` takes half of a character outside the BMP.

const OP_CHAR: u8 = 0;
const OP_ANY: u8 = 1; // any code unit but '\n'
const OP_ANY_NL: u8 = 2;
const OP_CLASS: u8 = 3;
const OP_SPLIT: u8 = 4;
const OP_JMP: u8 = 5;
const OP_BEGIN_TEXT: u8 = 6;
const OP_END_TEXT: u8 = 7;
const OP_BEGIN_LINE: u8 = 8;
const OP_END_LINE: u8 = 9;
const OP_WORD_BOUNDARY: u8 = 10;
const OP_NOT_WORD_BOUNDARY: u8 = 11;
const OP_MATCH: u8 = 12;

// RE2's limit on a counted repetition, and a cap on the program a pattern expands to.
const MAX_REPEAT: i32 = 1000;
const MAX_PROGRAM: i32 = 20000;

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

// The gaps between `ranges`, which must be sorted and apart: only the named classes (perlClass,
// asciiClass) are complemented, and they list their ranges in order.
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

function perlClass(letter: i32): CharClass | null {
  const cls = new CharClass();
  switch (lowerAscii(letter)) {
    case 0x64: cls.add(0x30, 0x39); break; // d
    case 0x77: cls.add(0x30, 0x39); cls.add(0x41, 0x5a); cls.add(0x5f, 0x5f); cls.add(0x61, 0x7a); break; // w
    case 0x73: cls.add(0x09, 0x0a); cls.add(0x0c, 0x0d); cls.add(0x20, 0x20); break; // s: \t \n \f \r space
    default: return null;
  }
  cls.negated = letter >= 0x41 && letter <= 0x5a;
  return cls;
}

function asciiClass(name: string): CharClass | null {
  const cls = new CharClass();
  if (name == "alnum") { cls.add(0x30, 0x39); cls.add(0x41, 0x5a); cls.add(0x61, 0x7a); }
  else if (name == "alpha") { cls.add(0x41, 0x5a); cls.add(0x61, 0x7a); }
  else if (name == "ascii") cls.add(0, 0x7f);
  else if (name == "blank") { cls.add(0x09, 0x09); cls.add(0x20, 0x20); }
  else if (name == "cntrl") { cls.add(0, 0x1f); cls.add(0x7f, 0x7f); }
  else if (name == "digit") cls.add(0x30, 0x39);
  else if (name == "graph") cls.add(0x21, 0x7e);
  else if (name == "lower") cls.add(0x61, 0x7a);
  else if (name == "print") cls.add(0x20, 0x7e);
  else if (name == "punct") { cls.add(0x21, 0x2f); cls.add(0x3a, 0x40); cls.add(0x5b, 0x60); cls.add(0x7b, 0x7e); }
  else if (name == "space") { cls.add(0x09, 0x0d); cls.add(0x20, 0x20); }
  else if (name == "upper") cls.add(0x41, 0x5a);
  else if (name == "word") { cls.add(0x30, 0x39); cls.add(0x41, 0x5a); cls.add(0x5f, 0x5f); cls.add(0x61, 0x7a); }
  else if (name == "xdigit") { cls.add(0x30, 0x39); cls.add(0x41, 0x46); cls.add(0x61, 0x66); }
  else return null;
  return cls;
}

const NODE_EMPTY: u8 = 0;
const NODE_CHAR: u8 = 1;
const NODE_ANY: u8 = 2;
const NODE_CLASS: u8 = 3;
const NODE_CONCAT: u8 = 4;
const NODE_ALTERNATE: u8 = 5;
const NODE_REPEAT: u8 = 6;
const NODE_ASSERT: u8 = 7;

class Node {
  kind: u8;
  children: Node[] = [];
  value: i32 = 0; // NODE_CHAR: the code unit; NODE_ASSERT: the opcode; NODE_ANY: 1 if it takes '\n'
  fold: bool = false;
  cls: CharClass | null = null;
  min: i32 = 0;
  max: i32 = -1; // -1: unbounded

  constructor(kind: u8) {
    this.kind = kind;
  }
}

class Flags {
  constructor(public fold: bool, public dotNl: bool, public multiline: bool) {}

  copy(): Flags {
    return new Flags(this.fold, this.dotNl, this.multiline);
  }
}

class Parser {
  pos: i32 = 0;
  error: string = "";

  constructor(private text: string) {}

  private fail(message: string): Node {
    if (this.error.length == 0) this.error = message;
    return new Node(NODE_EMPTY);
  }

  private more(): bool {
    return this.pos < this.text.length;
  }

  private peek(): i32 {
    return this.text.charCodeAt(this.pos);
  }

  parse(): Node {
    const node = this.alternation(new Flags(false, false, false));
    if (this.error.length == 0 && this.more()) return this.fail("unexpected )");
    return node;
  }

  private alternation(flags: Flags): Node {
    const branches = [this.concatenation(flags)];
    while (this.error.length == 0 && this.more() && this.peek() == 0x7c /* | */) {
      this.pos++;
      branches.push(this.concatenation(flags));
    }
    if (branches.length == 1) return branches[0];
    const node = new Node(NODE_ALTERNATE);
    node.children = branches;
    return node;
  }

  private concatenation(flags: Flags): Node {
    const node = new Node(NODE_CONCAT);
    while (this.error.length == 0 && this.more()) {
      const c = this.peek();
      if (c == 0x7c || c == 0x29) break; // | )
      if (c == 0x28 && this.flagGroup(flags)) continue; // (?i) changes the flags in place
      const atom = this.atom(flags);
      if (this.error.length != 0) break;
      node.children.push(this.repetitions(atom));
    }
    return node;
  }

  // `(?flags)` without a body: applies to the rest of the enclosing group.
  private flagGroup(flags: Flags): bool {
    const text = this.text;
    if (!text.startsWith("(?", this.pos)) return false;
    let at = this.pos + 2;
    while (at < text.length && isFlagChar(text.charCodeAt(at))) at++;
    if (at >= text.length || text.charCodeAt(at) != 0x29 || at == this.pos + 2) return false;
    if (!applyFlags(text.substring(this.pos + 2, at), flags)) {
      this.fail("invalid or unsupported Perl syntax: `" + text.substring(this.pos, at + 1) + "`");
      return true;
    }
    this.pos = at + 1;
    return true;
  }

  private repetitions(atom: Node): Node {
    let node = atom;
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
        const bounds = parseBounds(this.text.substring(this.pos + 1, end));
        if (bounds == null) break;
        min = bounds[0];
        max = bounds[1];
        if (min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && max < min)) {
          this.fail("invalid repeat count: `" + this.text.substring(this.pos, end + 1) + "`");
          return node;
        }
        this.pos = end + 1;
      } else break;
      if (repeated) {
        this.fail("invalid nested repetition operator");
        return node;
      }
      if (this.more() && this.peek() == 0x3f) this.pos++; // lazy: the same language, so the same answer
      const repeat = new Node(NODE_REPEAT);
      repeat.children = [node];
      repeat.min = min;
      repeat.max = max;
      node = repeat;
      repeated = true;
    }
    return node;
  }

  private atom(flags: Flags): Node {
    const c = this.peek();
    this.pos++;
    switch (c) {
      case 0x28: return this.group(flags); // (
      case 0x5b: return this.charClass(flags); // [
      case 0x2e: { // .
        const node = new Node(NODE_ANY);
        node.value = flags.dotNl ? 1 : 0;
        return node;
      }
      case 0x5e: return assertion(flags.multiline ? OP_BEGIN_LINE : OP_BEGIN_TEXT); // ^
      case 0x24: return assertion(flags.multiline ? OP_END_LINE : OP_END_TEXT); // $
      case 0x2a: case 0x2b: case 0x3f: return this.fail("missing argument to repetition operator");
      case 0x5c: return this.escape(flags); // backslash
    }
    return literal(c, flags.fold);
  }

  private group(flags: Flags): Node {
    const inner = flags.copy();
    const text = this.text;
    if (this.more() && this.peek() == 0x3f) { // (?
      if (text.startsWith("?P<", this.pos) || text.startsWith("?<", this.pos)) {
        const close = text.indexOf(">", this.pos);
        if (close < 0) return this.fail("invalid named capture");
        this.pos = close + 1;
      } else {
        let at = this.pos + 1;
        while (at < text.length && isFlagChar(text.charCodeAt(at))) at++;
        if (at >= text.length || text.charCodeAt(at) != 0x3a || !applyFlags(text.substring(this.pos + 1, at), inner)) {
          return this.fail("invalid or unsupported Perl syntax: `" + text.substring(this.pos - 1, min(at + 1, text.length)) + "`");
        }
        this.pos = at + 1;
      }
    }
    const body = this.alternation(inner);
    if (this.error.length != 0) return body;
    if (!this.more() || this.peek() != 0x29) return this.fail("missing closing ): `" + text + "`");
    this.pos++;
    return body;
  }

  private escape(flags: Flags): Node {
    if (!this.more()) return this.fail("trailing backslash at end of expression");
    const c = this.peek();
    this.pos++;
    const perl = perlClass(c);
    if (perl != null) {
      perl.fold = flags.fold;
      return classNode(perl);
    }
    switch (c) {
      case 0x62: return assertion(OP_WORD_BOUNDARY); // \b
      case 0x42: return assertion(OP_NOT_WORD_BOUNDARY); // \B
      case 0x41: return assertion(OP_BEGIN_TEXT); // \A
      case 0x7a: return assertion(OP_END_TEXT); // \z
    }
    const value = this.escapedChar(c);
    return value < 0 ? new Node(NODE_EMPTY) : literal(value, flags.fold);
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

  private charClass(flags: Flags): Node {
    const cls = new CharClass();
    cls.fold = flags.fold;
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
          const named = asciiClass(name);
          if (named == null) return this.fail("invalid character class range: `[:" + name + ":]`");
          named.negated = negate;
          cls.addClass(named);
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
    return this.error.length != 0 ? new Node(NODE_EMPTY) : classNode(cls);
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

function applyFlags(spec: string, flags: Flags): bool {
  let on = true;
  for (let i = 0; i < spec.length; i++) {
    const c = spec.charCodeAt(i);
    if (c == 0x2d) {
      if (!on) return false;
      on = false;
    } else if (c == 0x69) flags.fold = on;
    else if (c == 0x73) flags.dotNl = on;
    else if (c == 0x6d) flags.multiline = on;
    // U (ungreedy) changes which match is reported, not whether one exists.
  }
  return !spec.endsWith("-");
}

function parseBounds(inner: string): i32[] | null {
  const comma = inner.indexOf(",");
  const lowText = comma < 0 ? inner : inner.substring(0, comma);
  const low = digitsValue(lowText);
  if (low < 0) return null;
  if (comma < 0) return [low, low];
  const highText = inner.substring(comma + 1);
  if (highText.length == 0) return [low, -1];
  const high = digitsValue(highText);
  return high < 0 ? null : [low, high];
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

function literal(c: i32, fold: bool): Node {
  const node = new Node(NODE_CHAR);
  node.value = c;
  node.fold = fold;
  return node;
}

function classNode(cls: CharClass): Node {
  const node = new Node(NODE_CLASS);
  node.cls = cls;
  return node;
}

function assertion(op: u8): Node {
  const node = new Node(NODE_ASSERT);
  node.value = op;
  return node;
}

class Program {
  ops: u8[] = [];
  args: i32[] = []; // CHAR: code unit; CLASS: index into classes; SPLIT and JMP: first target
  args2: i32[] = []; // SPLIT: second target; CHAR: 1 when case-folded
  classes: CharClass[] = [];

  emit(op: u8, arg: i32 = 0, arg2: i32 = 0): i32 {
    this.ops.push(op);
    this.args.push(arg);
    this.args2.push(arg2);
    return this.ops.length - 1;
  }

  get size(): i32 {
    return this.ops.length;
  }

  compile(node: Node): bool {
    if (this.size > MAX_PROGRAM) return false;
    switch (node.kind) {
      case NODE_CHAR: this.emit(OP_CHAR, node.value, node.fold ? 1 : 0); break;
      case NODE_ANY: this.emit(node.value != 0 ? OP_ANY_NL : OP_ANY); break;
      case NODE_CLASS:
        this.classes.push(node.cls!);
        this.emit(OP_CLASS, this.classes.length - 1);
        break;
      case NODE_ASSERT: this.emit(<u8>node.value); break;
      case NODE_CONCAT:
        for (let i = 0; i < node.children.length; i++) if (!this.compile(node.children[i])) return false;
        break;
      case NODE_ALTERNATE: {
        const jumps = new Array<i32>();
        for (let i = 0; i < node.children.length; i++) {
          if (i < node.children.length - 1) {
            const split = this.emit(OP_SPLIT);
            this.args[split] = split + 1;
            if (!this.compile(node.children[i])) return false;
            jumps.push(this.emit(OP_JMP));
            this.args2[split] = this.size;
          } else if (!this.compile(node.children[i])) return false;
        }
        for (let i = 0; i < jumps.length; i++) this.args[jumps[i]] = this.size;
        break;
      }
      case NODE_REPEAT: return this.repeat(node);
    }
    return this.size <= MAX_PROGRAM;
  }

  private repeat(node: Node): bool {
    const body = node.children[0];
    for (let i = 0; i < node.min; i++) if (!this.compile(body)) return false;
    if (node.max < 0) {
      // x*: L1: split L2, L3; L2: x; jmp L1; L3:
      const split = this.emit(OP_SPLIT);
      this.args[split] = split + 1;
      if (!this.compile(body)) return false;
      this.emit(OP_JMP, split);
      this.args2[split] = this.size;
      return true;
    }
    // Each optional copy may be skipped to the end.
    const skips = new Array<i32>();
    for (let i = node.min; i < node.max; i++) {
      const split = this.emit(OP_SPLIT);
      this.args[split] = split + 1;
      skips.push(split);
      if (!this.compile(body)) return false;
    }
    for (let i = 0; i < skips.length; i++) this.args2[skips[i]] = this.size;
    return this.size <= MAX_PROGRAM;
  }
}

/** A compiled pattern; `MatchString` answers whether it matches anywhere in a text, as Go's does. */
export class Regexp {
  private constructor(private program: Program) {}

  /** Go's regexp.Compile: the pattern, or null with the reason in `lastCompileError`. */
  static Compile(pattern: string): Regexp | null {
    const parser = new Parser(pattern);
    const tree = parser.parse();
    if (parser.error.length != 0) {
      lastCompileError = "error parsing regexp: " + parser.error;
      return null;
    }
    const program = new Program();
    if (!program.compile(tree)) {
      lastCompileError = "error parsing regexp: expression too large";
      return null;
    }
    program.emit(OP_MATCH);
    return new Regexp(program);
  }

  /** Whether the pattern matches a substring of `text`. */
  MatchString(text: string): bool {
    const program = this.program;
    const size = program.size;
    let current = new Int32Array(size);
    let next = new Int32Array(size);
    const seen = new Int32Array(size); // the step at which a pc was last queued, to queue it once
    const stack = new Int32Array(2 * size + 1); // every pc is expanded once and pushes at most two
    let currentCount = 0;
    const length = text.length;
    for (let at = 0; at <= length; at++) {
      // A thread starting here: an unanchored search.
      const started = addThread(program, current, currentCount, seen, stack, 0, at, text);
      if (started < 0) return true;
      currentCount = started;
      if (at == length) break;
      const c = text.charCodeAt(at);
      let nextCount = 0;
      for (let t = 0; t < currentCount; t++) {
        const pc = current[t];
        if (consumes(program, pc, c)) {
          nextCount = addThread(program, next, nextCount, seen, stack, pc + 1, at + 1, text);
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
}

/** Why the last `Regexp.Compile` returned null. */
export let lastCompileError: string = "";

function consumes(program: Program, pc: i32, c: i32): bool {
  switch (program.ops[pc]) {
    case OP_CHAR: {
      const want = program.args[pc];
      return c == want || (program.args2[pc] != 0 && lowerAscii(c) == lowerAscii(want));
    }
    case OP_ANY: return c != 0x0a;
    case OP_ANY_NL: return true;
    case OP_CLASS: return program.classes[program.args[pc]].has(c);
  }
  return false;
}

// Follows the empty transitions from `start` at text position `at`, queueing every instruction
// that consumes a code unit. Returns the new count, or -1 when the match instruction was reached.
function addThread(program: Program, list: Int32Array, count: i32, seen: Int32Array, stack: Int32Array, start: i32, at: i32, text: string): i32 {
  const stamp = at + 1;
  let top = 0;
  stack[top++] = start;
  while (top > 0) {
    const pc = stack[--top];
    if (seen[pc] == stamp) continue;
    seen[pc] = stamp;
    const op = program.ops[pc];
    switch (op) {
      case OP_MATCH: return -1;
      case OP_JMP: stack[top++] = program.args[pc]; break;
      case OP_SPLIT:
        // Pushed second-first so the first branch is explored first; the order does not change the answer.
        stack[top++] = program.args2[pc];
        stack[top++] = program.args[pc];
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
