// Lower-case hexadecimal text for the SDK's messages and ids. The standard library's toString(16)
// is the same routine as toString() in every other radix: one call with a radix other than 10
// anywhere in a module keeps its any-radix digits, tables and range error in every plugin, where
// otherwise the optimizer reduces it to the decimal case.

/** The UTF-16 unit of one hex digit (0-15), lower case. */
// @ts-ignore: decorator
@inline export function hexUnit(digit: u32): u16 {
  return <u16>(digit < 10 ? 0x30 + digit : 0x57 + digit);
}

/** The low `digits` hex digits of `value`, leading zeros kept: hexDigits(0x7f, 4) is "007f". */
export function hexDigits(value: u32, digits: i32): string {
  const out = __new(<usize>digits << 1, idof<string>());
  for (let i = digits - 1; i >= 0; i--) {
    store<u16>(out + (<usize>i << 1), hexUnit(value & 0xf));
    value >>= 4;
  }
  return changetype<string>(out);
}
