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
import { joinStrings } from "../runtime/string_join";
import { hexDigits } from "../encoding/hex";

const PERCENT: i32 = 0x25;
// Go's limit for widths and precisions (fmt's tooLarge).
const MAX_WIDTH: i32 = 1000000;

@inline function isDigit(c: i32): bool {
  return c >= 0x30 && c <= 0x39;
}

// Whether a surrogate pair (one code point in two UTF-16 units) starts at `i`.
@inline function pairAt(s: string, i: i32): bool {
  const c = s.charCodeAt(i);
  if (c < 0xd800 || c >= 0xdc00 || i + 1 >= s.length) return false;
  const low = s.charCodeAt(i + 1);
  return low >= 0xdc00 && low < 0xe000;
}

// Number of code points in `s`: Go measures widths and precisions in runes, not UTF-16 units.
function runeCount(s: string): i32 {
  let count = 0;
  for (let i = 0, n = s.length; i < n; i += pairAt(s, i) ? 2 : 1) count++;
  return count;
}

// The first `runes` code points of `s`.
function firstRunes(s: string, runes: i32): string {
  let i = 0;
  const n = s.length;
  for (let taken = 0; taken < runes && i < n; taken++) i += pairAt(s, i) ? 2 : 1;
  return i >= n ? s : s.substring(0, i);
}

// Go's %q for a string: double quotes, with quotes, backslashes and ASCII control characters
// escaped; other characters stay as they are.
function quote(s: string): string {
  const parts = new Array<string>();
  parts.push('"');
  let plainStart = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    let escaped: string | null = null;
    if (c == 0x22) escaped = '\\"';
    else if (c == 0x5c) escaped = "\\\\";
    else if (c == 0x0a) escaped = "\\n";
    else if (c == 0x0d) escaped = "\\r";
    else if (c == 0x09) escaped = "\\t";
    else if (c == 0x07) escaped = "\\a";
    else if (c == 0x08) escaped = "\\b";
    else if (c == 0x0c) escaped = "\\f";
    else if (c == 0x0b) escaped = "\\v";
    else if (c < 0x20 || c == 0x7f) escaped = "\\x" + hexDigits(c, 2);
    if (escaped == null) continue;
    if (i > plainStart) parts.push(s.substring(plainStart, i));
    parts.push(escaped);
    plainStart = i + 1;
  }
  if (plainStart < n) parts.push(s.substring(plainStart));
  parts.push('"');
  return joinStrings(parts, "");
}

// Pads `s` to `width` runes: on the right with '-', else on the left. Only numbers take '0'
// padding, which goes after their sign.
function pad(s: string, width: i32, leftAlign: bool, zeroPad: bool, numeric: bool): string {
  const missing = width - runeCount(s);
  if (missing <= 0) return s;
  if (leftAlign) return s + " ".repeat(missing);
  if (!zeroPad || !numeric) return " ".repeat(missing) + s;
  const first = s.length > 0 ? s.charCodeAt(0) : 0;
  const signed = first == 0x2d || first == 0x2b || first == 0x20;
  return signed ? s.charAt(0) + "0".repeat(missing) + s.substring(1) : "0".repeat(missing) + s;
}

// A %d argument with Go's '+' (always a sign) or ' ' (a space where the sign would be) flag.
function signed(number: string, plus: bool, space: bool): string {
  if (number.startsWith("-") || number.startsWith("+")) return number;
  if (plus) return "+" + number;
  return space ? " " + number : number;
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
  const parts = new Array<string>();
  const n = format.length;
  let next = 0;
  let literalStart = 0;
  let i = 0;
  while (i < n) {
    if (format.charCodeAt(i) != PERCENT) {
      i++;
      continue;
    }
    if (i > literalStart) parts.push(format.substring(literalStart, i));
    i++;
    let leftAlign = false;
    let zeroPad = false;
    let plus = false;
    let sharp = false;
    let space = false;
    for (; i < n; i++) {
      const c = format.charCodeAt(i);
      if (c == 0x2d) leftAlign = true;
      else if (c == 0x30) zeroPad = true;
      else if (c == 0x2b) plus = true;
      else if (c == 0x23) sharp = true;
      else if (c == 0x20) space = true;
      else break;
    }
    let width = -1;
    for (; i < n && isDigit(format.charCodeAt(i)); i++) {
      width = (width < 0 ? 0 : width * 10) + (format.charCodeAt(i) - 0x30);
      // Go gives up on the rest of the format past this size; so does this, before the padding
      // could exhaust memory or the number overflow.
      if (width > MAX_WIDTH) i = n;
    }
    let precision = -1;
    if (i < n && format.charCodeAt(i) == 0x2e) {
      precision = 0;
      for (i++; i < n && isDigit(format.charCodeAt(i)); i++) {
        precision = precision * 10 + (format.charCodeAt(i) - 0x30);
        if (precision > MAX_WIDTH) i = n;
      }
    }
    if (i >= n) {
      parts.push("%!(NOVERB)");
      literalStart = n;
      break;
    }
    const verb = format.codePointAt(i);
    i += verb > 0xffff ? 2 : 1;
    literalStart = i;
    if (verb == PERCENT) {
      parts.push("%");
      continue;
    }
    const verbText = String.fromCodePoint(verb);
    if (next >= args.length) {
      parts.push("%!" + verbText + "(MISSING)");
      continue;
    }
    const arg = unchecked(args[next]);
    next++;
    const cut = precision >= 0 ? firstRunes(arg, precision) : arg;
    if (verb == 0x73 /* s */ || (verb == 0x76 /* v */ && !sharp)) {
      parts.push(pad(cut, width, leftAlign, zeroPad, false));
    } else if (verb == 0x71 /* q */ || verb == 0x76 /* %#v: Go syntax, a quoted string */) {
      parts.push(pad(quote(cut), width, leftAlign, zeroPad, false));
    } else if (verb == 0x64 /* d */) {
      parts.push(pad(signed(arg, plus, space), width, leftAlign, zeroPad, true));
    } else {
      parts.push("%!" + verbText + "(string=" + arg + ")");
    }
  }
  if (literalStart < n) parts.push(format.substring(literalStart));
  if (next < args.length) {
    parts.push("%!(EXTRA ");
    for (let k = next; k < args.length; k++) {
      if (k > next) parts.push(", ");
      parts.push("string=" + unchecked(args[k]));
    }
    parts.push(")");
  }
  return joinStrings(parts, "");
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
