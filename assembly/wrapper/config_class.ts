// What the SDK asks of a plugin's config class C, checked where the plugin names C (SetCtx<C>),
// and how a `_rules_` item's config starts out.
//
// The SDK creates configs itself (`new C()`), so C's constructor must take no parameters. A
// constructor with parameters would otherwise fail deep inside the SDK ("TS2554: Expected 1
// arguments" in wrapper/plugin.ts, naming neither the class nor the fix); asc cannot tell a
// required parameter from an optional one, so any constructor parameter is refused here.
//
// Go's rule parsers begin with `*config = global`: a rule inherits every global setting and
// overrides a few. AssemblyScript cannot copy an object generically, so a class that wants this
// declares `Clone(): C`, and the SDK then starts each rule's config from `global.Clone()`.

// The name of this class is the fix: it appears in the error that names the user's class.
class ConfigClassConstructorWithoutParameters {}

/** Refuses, at compile time, a config class the SDK could not instantiate. */
export function requireConstructibleConfig<C>(): void {
  // @ts-ignore: compile-time reflection on C's declared constructor
  if (isDefined(changetype<C>(0).constructor) && lengthof(changetype<C>(0).constructor) > 0) {
    ERROR("SetCtx<C>: the config class must have a constructor without parameters (the SDK creates it with `new C()`); initialize its fields instead");
    // The second error names the class: "Type '<your class>' is not assignable to ...".
    // @ts-ignore: deliberately ill-typed
    const needed: ConfigClassConstructorWithoutParameters = changetype<C>(0);
  }
}

/** The config a rule parser fills: a clone of the global config when C declares Clone(). */
export function ruleConfigFrom<C>(global: C): C {
  // @ts-ignore: compile-time check for the optional Clone() hook
  if (isDefined(global.Clone)) {
    // @ts-ignore: only compiled when C declares Clone()
    return global.Clone();
  }
  return instantiate<C>();
}
