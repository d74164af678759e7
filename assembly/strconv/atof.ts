// Decimal text to f64, correctly rounded, as Go's strconv.ParseFloat answers: the standard
// library's parseFloat is not (in AssemblyScript 0.27 it reads "1.2875336272355620e41" as
// 1.29e38), and it is 1.8 KB of code and tables. This is the exact method Go falls back to: the
// digits held as a decimal number, scaled by powers of two with multi-digit shifts until the
// 53-bit mantissa can be read off and rounded, half to even. It costs a pass over up to 800 digits
// per shift, a few dozen shifts per number: nothing for configuration values, which is what reads
// numbers here.

// Significant digits kept; further ones only record that they were not all zero (`truncated`),
// which is all rounding needs: 800 digits reach past the longest exact decimal expansion of a
// value halfway between two doubles.
// @ts-ignore: decorator
@inline const MAX_DIGITS: i32 = 800;
// Bits moved per shift step: the 64-bit accumulator must hold a digit shifted by them, times ten.
// @ts-ignore: decorator
@inline const MAX_SHIFT: i32 = 60;
// A left shift by MAX_SHIFT bits adds at most 19 digits (2^60 < 10^19): room written past the end.
// @ts-ignore: decorator
@inline const SHIFT_ROOM: i32 = 19;

// The number is 0.d0 d1 d2 ... x 10^point, one digit value (0-9) per byte, without trailing zeros.
const digits: usize = memory.data(MAX_DIGITS + SHIFT_ROOM + 1);
let count: i32 = 0;
let point: i32 = 0;
let truncated = false;

// How many bits to shift by to move the decimal point `distance` places toward 0 (1 ... 8
// places; 27 beyond): the largest power of two below 10^distance, so no shift overshoots.
// @ts-ignore: decorator
@lazy const POWERS = memory.data<u8>([1, 3, 6, 9, 13, 16, 19, 23, 26]);

@inline function digitAt(i: i32): u32 {
  return <u32>load<u8>(digits + <usize>i);
}

@inline function setDigit(i: i32, value: u64): void {
  store<u8>(digits + <usize>i, <u8>value);
}

/**
 * The value of decimal text [+-]digits[.digits][(e|E)[+-]digits] (digits on either side of the
 * point may be missing), correctly rounded to the nearest f64, ties to even: ±Infinity beyond the
 * f64 range, ±0 below it. Reading stops at the first character outside that form; text without
 * digits gives 0.
 */
export function parseDecimal(s: string): f64 {
    const start = changetype<usize>(s);
  const end = start + (<usize>s.length << 1);
  let at = start;
  const first = at < end ? load<u16>(at) : 0;
  if (first == 0x2d || first == 0x2b) at += 2;
  count = 0;
  point = 0;
  truncated = false;
  let seen = 0; // significant digits read, kept or not
  let sawPoint = false;
  for (; at < end; at += 2) {
    const c = <i32>load<u16>(at);
    if (c == 0x2e && !sawPoint) {
      sawPoint = true;
      point = seen;
      continue;
    }
    const d = c - 0x30;
    if (<u32>d > 9) break;
    if (d == 0 && seen == 0) {
      point--; // a leading zero: after the point it moves the point, before it it does nothing
      continue;
    }
    if (count < MAX_DIGITS) setDigit(count++, d);
    else if (d != 0) truncated = true;
    seen++;
  }
  if (!sawPoint) point = seen;
  if (at < end && (load<u16>(at) | 0x20) == 0x65) {
    at += 2;
    const sign = at < end ? load<u16>(at) : 0;
    if (sign == 0x2b || sign == 0x2d) at += 2;
    let exponent = 0;
    for (; at < end; at += 2) {
      const d = <i32>load<u16>(at) - 0x30;
      if (<u32>d > 9) break;
      if (exponent < 100000) exponent = exponent * 10 + d;
    }
    point += sign == 0x2d ? -exponent : exponent;
  }
  trimZeros();
  const bits = count == 0 || point < -330 ? 0 : point > 310 ? INFINITY_BITS : toBits();
  return reinterpret<f64>(first == 0x2d ? bits | SIGN_BIT : bits);
}

const SIGN_BIT: u64 = 1 << 63;
const MANTISSA_BITS: i32 = 52;
const INFINITY_BITS: u64 = <u64>0x7ff << MANTISSA_BITS;
// The smallest exponent of a normal double, and the exponent field a denormal has.
const MIN_EXPONENT: i32 = -1022;

// The number, not zero and with |point| small enough to be finite or underflow, as f64 bits.
function toBits(): u64 {
  // Into [0.5, 1), the power of two moved out counted in `exponent`.
  let exponent = 0;
  while (point > 0) {
    const k = point >= 9 ? 27 : <i32>load<u8>(POWERS + <usize>point);
    shift(-k);
    exponent += k;
  }
  while (point < 0 || (point == 0 && digitAt(0) < 5)) {
    const k = -point >= 9 ? 27 : <i32>load<u8>(POWERS + <usize>-point);
    shift(k);
    exponent -= k;
  }
  exponent--; // [1, 2), as the mantissa is read
  if (exponent < MIN_EXPONENT) {
    // Denormal: the mantissa loses the bits below the smallest exponent.
    const k = MIN_EXPONENT - exponent;
    shift(-k);
    exponent += k;
  }
  if (exponent > 1023) return INFINITY_BITS;
  shift(MANTISSA_BITS + 1);
  let mantissa = roundedInteger();
  if (mantissa == <u64>2 << MANTISSA_BITS) {
    // Rounding carried into a new bit.
    mantissa >>= 1;
    exponent++;
    if (exponent > 1023) return INFINITY_BITS;
  }
  if ((mantissa & (<u64>1 << MANTISSA_BITS)) == 0) exponent = MIN_EXPONENT - 1; // denormal
  return (mantissa & ((<u64>1 << MANTISSA_BITS) - 1)) | (<u64>(exponent + 1023) << MANTISSA_BITS);
}

// Multiplies the number by 2^k (divides for a negative k).
function shift(k: i32): void {
  if (count == 0) return;
  for (; k > MAX_SHIFT; k -= MAX_SHIFT) leftShift(MAX_SHIFT);
  for (; k < -MAX_SHIFT; k += MAX_SHIFT) rightShift(MAX_SHIFT);
  if (k > 0) leftShift(k);
  else if (k < 0) rightShift(-k);
}

// Divides the number by 2^k (k <= MAX_SHIFT), digit by digit from the front.
function rightShift(k: i32): void {
  let r = 0;
  let w = 0;
  let n: u64 = 0;
  // Enough leading digits for a first quotient digit.
  while (n >> k == 0) {
    if (r >= count) {
      // Fewer digits than the shift needs: carry on with zeros.
      while (n >> k == 0) {
        n *= 10;
        r++;
      }
      break;
    }
    n = n * 10 + digitAt(r++);
  }
  point -= r - 1;
  const mask = (<u64>1 << k) - 1;
  for (; r < count; r++) {
    setDigit(w++, n >> k);
    n = (n & mask) * 10 + digitAt(r);
  }
  // The remainder's digits, as many as there is room for.
  while (n != 0) {
    const d = n >> k;
    n = (n & mask) * 10;
    if (w < MAX_DIGITS) setDigit(w++, d);
    else if (d != 0) truncated = true;
  }
  count = w;
  trimZeros();
}

// Multiplies the number by 2^k (k <= MAX_SHIFT), from the last digit back, writing the product
// SHIFT_ROOM places further on and then moving it to the front.
function leftShift(k: i32): void {
  let r = count;
  let w = count + SHIFT_ROOM;
  let n: u64 = 0;
  while (r > 0) {
    n += <u64>digitAt(--r) << k;
    const q = n / 10;
    setDigit(--w, n - q * 10);
    n = q;
  }
  while (n != 0) {
    const q = n / 10;
    setDigit(--w, n - q * 10);
    n = q;
  }
  const product = count + SHIFT_ROOM - w;
  point += product - count;
  memory.copy(digits, digits + <usize>w, <usize>product);
  count = product;
  if (count > MAX_DIGITS) {
    for (let j = MAX_DIGITS; j < product; j++) {
      if (digitAt(j) != 0) truncated = true;
    }
    count = MAX_DIGITS;
  }
  trimZeros();
}

function trimZeros(): void {
  while (count > 0 && digitAt(count - 1) == 0) count--;
  if (count == 0) point = 0;
}

// The integer part, rounded half to even (a half that had digits cut off rounds up).
function roundedInteger(): u64 {
  if (point > 20) return u64.MAX_VALUE;
  let n: u64 = 0;
  let i = 0;
  for (; i < point && i < count; i++) n = n * 10 + digitAt(i);
  for (; i < point; i++) n *= 10;
  if (point >= 0 && point < count) {
    const next = digitAt(point);
    if (next > 5 || (next == 5 && (point + 1 < count || truncated || (n & 1) != 0))) n++;
  }
  return n;
}
