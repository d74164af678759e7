// Floats as Go's fmt.Sprint writes them (`%v`), which is what wasm-go puts on the wire for a
// float argument (HIncrByFloat, ZAdd scores, ZIncrBy): the shortest digits that read back as the
// same number, in plain notation for exponents -4..5 and in `d.ddde±XX` notation otherwise
// (100 → "100", 1e6 → "1e+06", 0.00001 → "1e-05"). AssemblyScript's own toString differs
// ("100.0", "1e+21" thresholds), so its digits are taken and laid out again here.

/** `value` formatted like Go's fmt.Sprint(float64). */
export function formatGoFloat(value: f64): string {
  if (isNaN(value)) return "NaN";
  if (!isFinite(value)) return value > 0 ? "+Inf" : "-Inf";
  const negative = value < 0 || (value == 0 && 1 / value < 0);
  const sign = negative ? "-" : "";
  if (value == 0) return sign + "0";

  // Decompose AssemblyScript's shortest form "[-]int.frac[e±exp]" into significant digits and the
  // position of the decimal point relative to them (Go's digs.d and digs.dp).
  let text = Math.abs(value).toString();
  let exponent = 0;
  const e = text.indexOf("e");
  if (e >= 0) {
    exponent = I32.parseInt(text.substring(e + 1));
    text = text.substring(0, e);
  }
  const dot = text.indexOf(".");
  let digits = dot >= 0 ? text.substring(0, dot) + text.substring(dot + 1) : text;
  let point = (dot >= 0 ? dot : text.length) + exponent;
  let leading = 0;
  while (leading < digits.length - 1 && digits.charCodeAt(leading) == 0x30) leading++;
  digits = digits.substring(leading);
  point -= leading;
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) == 0x30) end--;
  digits = digits.substring(0, end);

  const decimalExponent = point - 1;
  if (decimalExponent < -4 || decimalExponent >= 6) {
    let mantissa = digits.substring(0, 1);
    if (digits.length > 1) mantissa += "." + digits.substring(1);
    const magnitude = decimalExponent < 0 ? -decimalExponent : decimalExponent;
    return sign + mantissa + (decimalExponent < 0 ? "e-" : "e+") + (magnitude < 10 ? "0" : "") + magnitude.toString();
  }
  if (point <= 0) return sign + "0." + "0".repeat(-point) + digits;
  if (point >= digits.length) return sign + digits + "0".repeat(point - digits.length);
  return sign + digits.substring(0, point) + "." + digits.substring(point);
}
