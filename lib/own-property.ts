/**
 * Setting a property of an object built from data (decoded bodies, rendered templates, header maps) so that a key
 * named `__proto__` stays data: plain assignment would take it as the object's prototype.
 */

/** Sets `key` as an own, enumerable, writable property of `target`, whatever the key (`__proto__` included). */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  // Assignment is the fast way for every other key: on a plain object it makes the same own data property.
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
