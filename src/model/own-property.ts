// Keys come from strangers' bundles. `out[key] = value` with the key "__proto__" does not add a key:
// it replaces the object's prototype (or, for a string, does nothing), so the key and its value
// vanish from what is written or read, silently. JSON.parse does create an own "__proto__" key,
// so an object copied key by key must define it, not assign it.

/** Sets `key` on `out` as an own, enumerable, writable property, whatever the key's name. */
export function setOwn(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}
