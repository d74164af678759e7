// Go returns `(value, err)`; AssemblyScript has no multiple returns, so the SDK's fallible
// functions return one object with both, named as Go names them. `err` is null on success; on
// failure `value` is still a usable value (empty, or what Go would also hand back), so code that
// forgets the check reads an empty value instead of trapping.

/** A value and the error that came with it (Go: `v, err := f()`). */
export class Result<T> {
  constructor(
    /** The result; on failure an empty value, or the partial result Go also returns. */
    public readonly value: T,
    /** Why the call failed, with Go's message text; null on success. */
    public readonly err: Error | null,
  ) {}
}
