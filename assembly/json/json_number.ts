// Numbers as gjson converts them. A number keeps only its literal's text; each conversion reads
// that text when asked, in time linear in its length, so a 100k-digit literal costs one pass and
// a plugin that never asks for a float never pulls float formatting into its module.

import { decodeString } from "../abi/utf8";
import { parseDecimal } from "../strconv/atof";

/** Largest integer an f64 holds exactly (2^53 - 1). */
export const MAX_SAFE_INTEGER: f64 = 9007199254740991;

/** gjson's integer text: an optional '-' (when allowed), then one or more ASCII digits, nothing else. */
export function isIntegerText(s: string, allowMinus: bool): bool {
  const n = s.length;
  let i = 0;
  if (allowMinus && n > 0 && s.charCodeAt(0) == 0x2d) i = 1;
  if (i == n) return false;
  for (; i < n; i++) {
    if (<u32>(s.charCodeAt(i) - 0x30) > 9) return false;
  }
  return true;
}

/** Value of integer text (see isIntegerText); like gjson it wraps around past 64 bits. */
export function integerTextValue(s: string): i64 {
  const n = s.length;
  const negative = n > 0 && s.charCodeAt(0) == 0x2d;
  let v: i64 = 0;
  for (let i = negative ? 1 : 0; i < n; i++) v = v * 10 + <i64>(s.charCodeAt(i) - 0x30);
  return negative ? -v : v;
}

/** f64 -> i64 without relying on nontrapping-f2i: NaN gives 0, out-of-range values saturate. */
export function saturateI64(f: f64): i64 {
  if (isNaN(f)) return 0;
  if (f >= 9223372036854775807.0) return i64.MAX_VALUE;
  if (f <= -9223372036854775808.0) return i64.MIN_VALUE;
  return <i64>f;
}

/** f64 -> u64 likewise; negative values give 0. */
export function saturateU64(f: f64): u64 {
  if (isNaN(f) || f <= 0) return 0;
  if (f >= 18446744073709551615.0) return u64.MAX_VALUE;
  return <u64>f;
}

/**
 * Go's strconv.ParseFloat for base 10, errors read as 0 as gjson does: [+-]digits[.digits][e[+-]digits]
 * (digits on at least one side of the point), or inf/infinity with an optional sign, or nan, any
 * case. Out-of-range values give ±Inf, as Go returns them. Hex floats and '_' are not accepted.
 */
export function parseGoFloat(s: string): f64 {
  const n = s.length;
  if (n == 0) return 0;
  let i = 0;
  let sign: f64 = 1;
  const first = s.charCodeAt(0);
  if (first == 0x2b || first == 0x2d) {
    if (first == 0x2d) sign = -1;
    i = 1;
  }
  if (equalsIgnoringAsciiCase(s, i, "inf") || equalsIgnoringAsciiCase(s, i, "infinity")) return sign * Infinity;
  if (i == 0 && equalsIgnoringAsciiCase(s, 0, "nan")) return NaN;
  let digits = 0;
  while (i < n && <u32>(s.charCodeAt(i) - 0x30) <= 9) { i++; digits++; }
  if (i < n && s.charCodeAt(i) == 0x2e) {
    i++;
    while (i < n && <u32>(s.charCodeAt(i) - 0x30) <= 9) { i++; digits++; }
  }
  if (digits == 0) return 0;
  if (i < n && (s.charCodeAt(i) | 0x20) == 0x65) {
    i++;
    if (i < n && (s.charCodeAt(i) == 0x2b || s.charCodeAt(i) == 0x2d)) i++;
    let expDigits = 0;
    while (i < n && <u32>(s.charCodeAt(i) - 0x30) <= 9) { i++; expDigits++; }
    if (expDigits == 0) return 0;
  }
  if (i != n) return 0;
  return parseDecimal(s);
}

/**
 * Whether `s` from `start` on is `lower` (ASCII lower case) in any ASCII case. Go lower-cases
 * before these comparisons; only ASCII letters can spell the words compared, and
 * String#toLowerCase would pull Unicode case tables into every plugin.
 */
export function equalsIgnoringAsciiCase(s: string, start: i32, lower: string): bool {
  const n = lower.length;
  if (s.length - start != n) return false;
  for (let k = 0; k < n; k++) {
    let c = s.charCodeAt(start + k);
    if (<u32>(c - 0x41) < 26) c |= 0x20;
    if (c != lower.charCodeAt(k)) return false;
  }
  return true;
}

// Significant digits kept from a literal: 17 always single out an f64, one more decides rounding.
// @ts-ignore: decorator
@inline const KEPT_DIGITS = 18;
// Beyond this the decimal exponent cannot change the value (it is 0 or infinite already).
// @ts-ignore: decorator
@inline const EXPONENT_CAP: i32 = 1000000;

/**
 * gjson's String() of a number literal that is not integer text, i.e. Go's
 * strconv.FormatFloat(value, 'f', -1, 64): the fewest significant digits that read back as the
 * literal's value, laid out without an exponent ("1.50" -> "1.5", "1e3" -> "1000"; ±Inf past the
 * f64 range). The digits come from rounding the literal itself to 1, 2, ... 17 digits and reading
 * each back, so no float printing is needed. A literal of at most 15 significant digits gives
 * exactly Go's answer (15 digits always round-trip, so no other digits of that length can); a
 * longer one gives digits that read back as the same value, Go's own in all but rare edge cases.
 */
export function formatNumberLiteral(raw: string): string {
  const value = parseDecimal(raw);
  const negative = raw.charCodeAt(0) == 0x2d;
  if (!isFinite(value)) return negative ? "-Inf" : "+Inf";
  if (value == 0) return negative ? "-0" : "0";

  // The literal as 0.d1d2d3... x 10^point, keeping its first KEPT_DIGITS significant digits.
  const digits = new StaticArray<u8>(KEPT_DIGITS);
  let count = 0; // significant digits seen (all of them, kept or not)
  let point = 0; // i32: the literal's length and EXPONENT_CAP bound it
  let seenPoint = false;
  let i = negative ? 1 : 0;
  const n = raw.length;
  for (; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c == 0x2e) {
      seenPoint = true;
      continue;
    }
    if (<u32>(c - 0x30) > 9) break;
    if (count == 0 && c == 0x30) {
      if (seenPoint) point--; // a zero after the point and before any digit moves the point
      continue;
    }
    if (count < KEPT_DIGITS) unchecked(digits[count] = <u8>(c - 0x30));
    count++;
    if (!seenPoint) point++;
  }
  if (i < n) { // exponent: 'e' or 'E', optional sign, digits
    i++;
    const expNegative = raw.charCodeAt(i) == 0x2d;
    if (raw.charCodeAt(i) == 0x2b || expNegative) i++;
    let exponent = 0;
    for (; i < n; i++) {
      if (exponent < EXPONENT_CAP) exponent = exponent * 10 + raw.charCodeAt(i) - 0x30;
    }
    point += expNegative ? -exponent : exponent;
  }
  const kept = count < KEPT_DIGITS ? count : KEPT_DIGITS;
  const length = kept < 17 ? kept : 17;
  // Rounded to 1, 2, ... `length` digits; then, when there are more than 17 digits and none of
  // those read back, the value lies near the edge of its rounding interval, and a 17-digit
  // neighbour of the rounded literal (one unit up, then down) is inside it. A literal of at most
  // 17 digits always reads back at `length`, its own digits, so it never gets to the steps.
  for (let attempt = 1; attempt <= length + 2; attempt++) {
    const step = attempt <= length ? 0 : attempt == length + 1 ? 1 : -1;
    const text = roundedDigits(digits, kept, attempt <= length ? attempt : length, step);
    if (parseDecimal(scientific(text, point, negative)) == value) return plain(text, point, negative);
  }
  return plain(roundedDigits(digits, kept, 17, 0), point, negative);
}

// How far the last roundedDigits() moved the decimal point: +1 when rounding carried out of the
// first digit, -1 when stepping down left a leading zero.
let pointShift: i32 = 0;

// The first `size` of `kept` digits rounded half up, plus
// `step` units in the last place, as text without leading or trailing zeros; see pointShift.
function roundedDigits(digits: StaticArray<u8>, kept: i32, size: i32, step: i32): string {
  // Digit units at out[1..size]; out[0] takes a carry out of the first digit.
  const out = changetype<string>(__new(<usize>(size + 1) << 1, idof<string>()));
  const units = changetype<usize>(out);
  store<u16>(units, 0x30);
  for (let k = 0; k < size; k++) store<u16>(units + (<usize>(k + 1) << 1), 0x30 + unchecked(digits[k]));
  let carry: i32 = step;
  if (size < kept && unchecked(digits[size]) >= 5) carry++;
  for (let k = size; k >= 0 && carry != 0; k--) {
    const at = units + (<usize>k << 1);
    let d = <i32>load<u16>(at) - 0x30 + carry;
    carry = 0;
    if (d > 9) { d -= 10; carry = 1; } else if (d < 0) { d += 10; carry = -1; }
    store<u16>(at, <u16>(0x30 + d));
  }
  let first = 0;
  while (first < size && out.charCodeAt(first) == 0x30) first++;
  pointShift = 1 - first;
  let end = size + 1;
  while (end > first + 1 && out.charCodeAt(end - 1) == 0x30) end--;
  return out.substring(first, end);
}

function scientific(text: string, point: i32, negative: bool): string {
  return (negative ? "-0." : "0.") + text + "e" + (point + pointShift).toString();
}

// `text` as 0.text x 10^(point + pointShift), laid out without an exponent.
function plain(text: string, point: i32, negative: bool): string {
  const p = point + pointShift; // the value is finite and non-zero, so |p| is below 400
  let out: string;
  if (p <= 0) out = "0." + "0".repeat(-p) + text;
  else if (p >= text.length) out = text + "0".repeat(p - text.length);
  else out = text.substring(0, p) + "." + text.substring(p);
  return negative ? "-" + out : out;
}
