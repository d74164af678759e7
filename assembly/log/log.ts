// The plugin logger, with wasm-go's method names and line format:
//   [<plugin name>] [<plugin id or nil>] [<x_request_id property or nil>] <message>
//
// The host's level is asked before anything is built, so a disabled level costs one host call and
// no string work, not even the request-id lookup. AssemblyScript has no variadic `interface{}`,
// so the `...f` forms take their arguments as strings (`log.Infof("took %d ms", [ms.toString()])`)
// and formatLog implements the part of Go's fmt that applies to strings.
//
// Deliberate differences from Go:
// - Go keeps one logger (and so one plugin id) for the whole VM: with several plugins in a VM the
//   last `ResetID` wins. Here each plugin (root context) holds its own Log, and the module-level
//   functions in `log` write through the Log bound to the plugin whose callback is running.
// - Go splices the prefix into the format string, so a `%` in a request id is read as a verb; here
//   the message is formatted first and the prefix added after.
// - While the VM starts (module top level) the host allows only proxy_log: there the level check
//   and the request-id lookup are skipped rather than trapping the VM.

import { LogLevel } from "../abi/enums";
import * as hostcalls from "../abi/hostcalls";
import { beforeRequestIdRead, currentContextId, isLive, owningRootId } from "../runtime/contexts";
import { hexUnit } from "../encoding/hex";

const PERCENT: i32 = 0x25;
// Go's limit for widths and precisions (fmt's tooLarge).
const MAX_WIDTH: i32 = 1000000;
// The flags, as bit (character - 0x20) of a mask: ' ', '#', '+', '-' and '0' all lie in 0x20-0x30.
const SPACE: i32 = 1 << 0;
const SHARP: i32 = 1 << 3;
const PLUS: i32 = 1 << 11;
const MINUS: i32 = 1 << 13;
const ZERO: i32 = 1 << 16;
const FLAGS: i32 = SPACE | SHARP | PLUS | MINUS | ZERO;
// Go's error texts as ranges of one string, which costs less code and data than a string each:
// [0, 9) "(MISSING)", [9, 11) "%!", [9, 19) "%!(NOVERB)", [19, 28) "%!(EXTRA ", [28, 30) ", ",
// [30, 37) "string=". A function, not a constant: a module-level string is laid down in every
// module that imports this file, also those that never format (hello-world +16 bytes).
// @ts-ignore: decorator
@inline function errors(): string {
  return "(MISSING)%!(NOVERB)%!(EXTRA , string=";
}
const MISSING_END: i32 = 9;
const PERCENT_BANG_END: i32 = 11;
const NOVERB_END: i32 = 19;
const EXTRA_END: i32 = 28;
const SEPARATOR_END: i32 = 30;

// The line formatLog builds: one string object grown in place (its capacity doubling), so a format
// with many verbs costs one buffer, not a string per piece and a join. A reference-typed global, so
// a collector running inside an allocation (the incremental runtime of the as-pect tests) sees it.
// Until formatLog trims it, the length of `out` is its capacity and outLength the units written.
// These globals are @lazy so that modules which never format do not carry them.
@lazy let out = "";
@lazy let outLength: i32 = 0;
// Where formatLog reads the format.
@lazy let pos: i32 = 0;
// Where the last `runes` call stopped.
@lazy let runeEnd: i32 = 0;

// @ts-ignore: decorator
@inline function unitAt(s: string, i: i32): i32 {
  return load<u16>(changetype<usize>(s) + (<usize>i << 1));
}

// Makes room for `units` more UTF-16 units at the end of `out` and returns their address.
function grow(units: i32): usize {
  const at = outLength;
  outLength += units;
  if (outLength > out.length) out = changetype<string>(__renew(changetype<usize>(out), <usize>outLength << 2));
  return changetype<usize>(out) + (<usize>at << 1);
}

// Appends units [start, end) of `s`; all of it from `start` when `end` is -1.
function put(s: string, start: i32, end: i32): void {
  if (end < 0) end = s.length;
  const units = end - start;
  memory.copy(grow(units), changetype<usize>(s) + (<usize>start << 1), <usize>units << 1);
}

function putUnit(unit: i32): void {
  store<u16>(grow(1), unit);
}

// Counts the code points of units [at, end) of `s`, stopping after `limit`, and leaves the unit
// index where it stopped in runeEnd: Go measures widths and precisions in runes, and a surrogate
// pair is one.
function runes(s: string, at: i32, end: i32, limit: i32): i32 {
  let count = 0;
  for (; at < end && count < limit; count++) {
    // A high surrogate (0xd800-0xdbff) followed by a low one (0xdc00-0xdfff).
    if (<u32>(unitAt(s, at++) - 0xd800) < 0x400 && at < end && <u32>(unitAt(s, at) - 0xdc00) < 0x400) at++;
  }
  runeEnd = at;
  return count;
}

// Reads the decimal number at `pos` (0 when there is no digit; no width and width 0 both leave a
// string as it is). charCodeAt is -1 past the end.
function digits(format: string): i32 {
  let value = 0;
  for (let c = 0; <u32>(c = format.charCodeAt(pos) - 0x30) <= 9; pos++) {
    value = value * 10 + c;
    // Go gives up on the rest of the format past this size; so does this, before the padding
    // could exhaust memory or the number overflow.
    if (value > MAX_WIDTH) pos = format.length;
  }
  return value;
}

// Go's %q for units [0, end) of `s`: double quotes, with quotes, backslashes and ASCII control
// characters escaped; other characters stay as they are.
function putQuoted(s: string, end: i32): void {
  putUnit(0x22);
  for (let i = 0; i < end; i++) {
    let c = unitAt(s, i);
    if (c >= 0x20 && c != 0x7f && c != 0x22 && c != 0x5c) {
      putUnit(c);
      continue;
    }
    putUnit(0x5c);
    // \a to \r name 7 to 13; other controls are \x and two digits; '"' and '\' follow as they are.
    if (c >= 7 && c <= 13) c = unitAt("abtnvfr", c - 7);
    else if (c != 0x22 && c != 0x5c) {
      putUnit(0x78);
      putUnit(0x30 + (c >> 4));
      c = hexUnit(c & 15);
    }
    putUnit(c);
  }
  putUnit(0x22);
}

// Pads what was written since unit `start` to `width` runes: on the right with '-', else on the
// left (`flags` has MINUS or not). Only numbers take '0' padding (ZERO), which goes after their sign.
function pad(start: i32, width: i32, flags: i32): void {
  const end = outLength;
  let missing = width - runes(out, start, end, width);
  if (missing <= 0) return;
  // Where the padding goes: after the text for '-', else before it (moved up to make room).
  let at = grow(missing);
  let unit = 0x20;
  if (!(flags & MINUS)) {
    let from = start;
    if (flags & ZERO) {
      unit = 0x30;
      const first = end > start ? unitAt(out, start) : 0;
      if (first == 0x2d || first == 0x2b || first == 0x20) from++;
    }
    at = changetype<usize>(out) + (<usize>from << 1);
    memory.copy(at + (<usize>missing << 1), at, <usize>(end - from) << 1);
  }
  for (; missing > 0; missing--, at += 2) store<u16>(at, unit);
}

/**
 * Go's fmt.Sprintf for string arguments: %s, %v, %d and %q each take the next argument (%d prints
 * it as given, so pass `n.toString()`), %#v quotes like %q, %% is a percent sign. A width, a
 * precision (%.3s keeps 3 runes) and the flags '-', '+' and ' ' (for %d) work as in Go; '0' pads
 * %d only. Go's error forms are kept: %!s(MISSING) for a verb without an argument,
 * %!x(string=arg) for any other verb, %!(NOVERB) for a trailing %, and
 * %!(EXTRA string=a, string=b) for arguments left over.
 */
export function formatLog(format: string, args: string[]): string {
  // A message without verbs or arguments is the format itself.
  if (args.length == 0 && format.indexOf("%") < 0) return format;
  const n = format.length;
  outLength = 0;
  out = changetype<string>(__new(<usize>n << 1, idof<string>()));
  let next = 0;
  let literalStart = 0;
  let percent = 0;
  pos = 0;
  while ((percent = format.indexOf("%", pos)) >= 0) {
    put(format, literalStart, percent);
    pos = percent + 1;
    let flags = 0;
    for (let bit = 0; <u32>(bit = format.charCodeAt(pos) - 0x20) <= 16 && (FLAGS >> bit) & 1; pos++) {
      flags |= 1 << bit;
    }
    const width = digits(format);
    let precision = i32.MAX_VALUE;
    if (format.charCodeAt(pos) == 0x2e) {
      pos++;
      precision = digits(format);
    }
    if (pos >= n) {
      put(errors(), MISSING_END, NOVERB_END);
      literalStart = n;
      break;
    }
    const verbStart = pos;
    let verb = unitAt(format, pos);
    runes(format, pos, n, 1);
    literalStart = pos = runeEnd;
    // %% is a literal percent sign: the second one starts the next literal run.
    if (verb == PERCENT) {
      literalStart = verbStart;
      continue;
    }
    if (next >= args.length) {
      putErrorStart(format, verbStart);
      put(errors(), 0, MISSING_END);
      continue;
    }
    const arg = unchecked(args[next++]);
    if (verb == 0x76 /* v */) verb = flags & SHARP ? 0x71 /* %#v: Go syntax, a quoted string */ : 0x73;
    const start = outLength;
    runes(arg, 0, arg.length, precision);
    if (verb == 0x73 /* s */) {
      put(arg, 0, runeEnd);
    } else if (verb == 0x71 /* q */) {
      putQuoted(arg, runeEnd);
    } else if (verb == 0x64 /* d */) {
      // Go's '+' (always a sign) and ' ' (a space where the sign would be); a sign given stays.
      const first = arg.charCodeAt(0);
      if (first != 0x2d && first != 0x2b && flags & (PLUS | SPACE)) putUnit(flags & PLUS ? 0x2b : 0x20);
      put(arg, 0, -1);
    } else {
      putErrorStart(format, verbStart);
      putUnit(0x28);
      put(errors(), SEPARATOR_END, -1);
      put(arg, 0, -1);
      putUnit(0x29);
      continue;
    }
    pad(start, width, verb == 0x64 ? flags : flags & MINUS);
  }
  put(format, literalStart, n);
  if (next < args.length) {
    put(errors(), NOVERB_END, EXTRA_END);
    for (let k = next; k < args.length; k++) {
      put(errors(), k > next ? EXTRA_END : SEPARATOR_END, -1);
      put(unchecked(args[k]), 0, -1);
    }
    putUnit(0x29);
  }
  const line = changetype<string>(__renew(changetype<usize>(out), <usize>outLength << 1));
  // The buffer is the caller's now; the global lets go of it.
  out = "";
  return line;
}

// The start of an error form: "%!" and the verb, which ends at `pos`.
function putErrorStart(format: string, verbStart: i32): void {
  put(errors(), MISSING_END, PERCENT_BANG_END);
  put(format, verbStart, pos);
}

/**
 * Whether the host prints lines at `level` now. While the VM starts only proxy_log is allowed, so
 * there the answer is yes and the host does the filtering.
 */
export function logEnabled(level: LogLevel): bool {
  if (currentContextId() == 0) return true;
  return level >= hostcalls.getLogLevel();
}

/** A plugin's logger (Go: log.Log, implemented by wrapper.DefaultLog). */
export class Log {
  private pluginID: string = "nil";

  constructor(
    /** The name in the first bracket of every line (SetCtx's plugin name). */
    public readonly pluginName: string,
  ) {}

  /** Sets the plugin id of the second bracket (Higress's `_plugin_id_`); "" shows as nil. */
  ResetID(pluginID: string): void {
    this.pluginID = pluginID.length > 0 ? pluginID : "nil";
  }

  /** Logs `msg` at trace level. */
  Trace(msg: string): void {
    if (logEnabled(LogLevel.Trace)) this.write(LogLevel.Trace, msg);
  }

  /** Formats (see formatLog) and logs at trace level; nothing is built when trace is off. */
  Tracef(format: string, args: string[] = []): void {
    if (logEnabled(LogLevel.Trace)) this.write(LogLevel.Trace, formatLog(format, args));
  }

  /** Logs `msg` at debug level. */
  Debug(msg: string): void {
    if (logEnabled(LogLevel.Debug)) this.write(LogLevel.Debug, msg);
  }

  /** Formats and logs at debug level; nothing is built when debug is off. */
  Debugf(format: string, args: string[] = []): void {
    if (logEnabled(LogLevel.Debug)) this.write(LogLevel.Debug, formatLog(format, args));
  }

  /** Logs `msg` at info level. */
  Info(msg: string): void {
    if (logEnabled(LogLevel.Info)) this.write(LogLevel.Info, msg);
  }

  /** Formats and logs at info level; nothing is built when info is off. */
  Infof(format: string, args: string[] = []): void {
    if (logEnabled(LogLevel.Info)) this.write(LogLevel.Info, formatLog(format, args));
  }

  /** Logs `msg` at warn level. */
  Warn(msg: string): void {
    if (logEnabled(LogLevel.Warn)) this.write(LogLevel.Warn, msg);
  }

  /** Formats and logs at warn level; nothing is built when warn is off. */
  Warnf(format: string, args: string[] = []): void {
    if (logEnabled(LogLevel.Warn)) this.write(LogLevel.Warn, formatLog(format, args));
  }

  /** Logs `msg` at error level. */
  Error(msg: string): void {
    if (logEnabled(LogLevel.Error)) this.write(LogLevel.Error, msg);
  }

  /** Formats and logs at error level; nothing is built when error is off. */
  Errorf(format: string, args: string[] = []): void {
    if (logEnabled(LogLevel.Error)) this.write(LogLevel.Error, formatLog(format, args));
  }

  /** Logs `msg` at critical level. */
  Critical(msg: string): void {
    if (logEnabled(LogLevel.Critical)) this.write(LogLevel.Critical, msg);
  }

  /** Formats and logs at critical level; nothing is built when critical is off. */
  Criticalf(format: string, args: string[] = []): void {
    if (logEnabled(LogLevel.Critical)) this.write(LogLevel.Critical, formatLog(format, args));
  }

  private write(level: LogLevel, msg: string): void {
    hostcalls.log(level, "[" + this.pluginName + "] [" + this.pluginID + "] [" + requestId() + "] " + msg);
  }
}

@lazy const X_REQUEST_ID: string[] = ["x_request_id"];

// The request id of the prefix: the `x_request_id` property the wrapper copies from the header.
function requestId(): string {
  if (currentContextId() == 0) return "nil";
  beforeRequestIdRead();
  const id = hostcalls.getPropertyString(X_REQUEST_ID);
  return id == null || id.length == 0 ? "nil" : id;
}

class BoundLog {
  constructor(public root: u32, public logger: Log) {}
}

// Loggers bound with log.SetPluginLog, by root context id; 0 holds the VM-wide default. A list,
// since a VM holds one or a few plugins and std Map costs a kilobyte of code.
@lazy const boundLogs = new Array<BoundLog>();

// The Log bound to root context `root`, or null.
function boundTo(root: u32): Log | null {
  for (let i = 0, n = boundLogs.length; i < n; i++) {
    const bound = unchecked(boundLogs[i]);
    if (bound.root == root) return bound.logger;
  }
  return null;
}

/**
 * wasm-go's package-level log functions (`log.Infof(...)`), for code that has no plugin context
 * at hand. Each writes through the Log bound to the plugin whose callback is running, else the
 * VM-wide default, else an unnamed Log.
 */
export namespace log {
  /**
   * Binds `logger` to the plugin whose callback is running (at module top level: the VM-wide
   * default, which is Go's SetPluginLog).
   */
  export function SetPluginLog(logger: Log): void {
    const root = owningRootId(currentContextId());
    // Drops this root's old binding and, since root contexts come and go with reconfiguration,
    // those of the deleted ones.
    let kept = 0;
    for (let i = 0, n = boundLogs.length; i < n; i++) {
      const bound = unchecked(boundLogs[i]);
      if (bound.root != root && (bound.root == 0 || isLive(bound.root))) unchecked(boundLogs[kept++] = bound);
    }
    boundLogs.length = kept;
    boundLogs.push(new BoundLog(root, logger));
  }

  /** The Log the functions below write through for the running callback. */
  export function PluginLog(): Log {
    const root = owningRootId(currentContextId());
    if (root != 0) {
      const bound = boundTo(root);
      if (bound != null) return bound;
    }
    let fallback = boundTo(0);
    if (fallback == null) {
      fallback = new Log("");
      boundLogs.push(new BoundLog(0, fallback));
    }
    return fallback;
  }

  /** Logs at trace level through the running plugin's Log. */
  export function Trace(msg: string): void {
    PluginLog().Trace(msg);
  }

  /** Formats and logs at trace level through the running plugin's Log. */
  export function Tracef(format: string, args: string[] = []): void {
    PluginLog().Tracef(format, args);
  }

  /** Logs at debug level through the running plugin's Log. */
  export function Debug(msg: string): void {
    PluginLog().Debug(msg);
  }

  /** Formats and logs at debug level through the running plugin's Log. */
  export function Debugf(format: string, args: string[] = []): void {
    PluginLog().Debugf(format, args);
  }

  /** Logs at info level through the running plugin's Log. */
  export function Info(msg: string): void {
    PluginLog().Info(msg);
  }

  /** Formats and logs at info level through the running plugin's Log. */
  export function Infof(format: string, args: string[] = []): void {
    PluginLog().Infof(format, args);
  }

  /** Logs at warn level through the running plugin's Log. */
  export function Warn(msg: string): void {
    PluginLog().Warn(msg);
  }

  /** Formats and logs at warn level through the running plugin's Log. */
  export function Warnf(format: string, args: string[] = []): void {
    PluginLog().Warnf(format, args);
  }

  /** Logs at error level through the running plugin's Log. */
  export function Error(msg: string): void {
    PluginLog().Error(msg);
  }

  /** Formats and logs at error level through the running plugin's Log. */
  export function Errorf(format: string, args: string[] = []): void {
    PluginLog().Errorf(format, args);
  }

  /** Logs at critical level through the running plugin's Log. */
  export function Critical(msg: string): void {
    PluginLog().Critical(msg);
  }

  /** Formats and logs at critical level through the running plugin's Log. */
  export function Criticalf(format: string, args: string[] = []): void {
    PluginLog().Criticalf(format, args);
  }
}
