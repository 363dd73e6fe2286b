/**
 * Data kept per object for as long as the object lives, like a WeakMap, but stored on the object
 * itself as a non-enumerable symbol property (invisible to deep equality, spreads and JSON).
 *
 * Why not a WeakMap: V8's young-generation GC keeps a WeakMap entry alive when its value reaches
 * its key (a group's services point back at the group, its interpolations too), so every dead
 * version's groups, views and, through their sliced strings, whole texts survived each scavenge
 * and were promoted until the next full GC (measured: ~4 MB kept per scavenge on the 5k-line job,
 * a quarter of the edit loop spent in GC). A property dies with its owner in any GC.
 * The owner must not be frozen.
 */
export class Attached<K extends object, V> {
  private readonly slot: symbol;

  constructor(name: string) {
    this.slot = Symbol(name);
  }

  get(owner: K): V | undefined {
    return (owner as Record<symbol, V | undefined>)[this.slot];
  }

  has(owner: K): boolean {
    return this.slot in owner;
  }

  set(owner: K, value: V): void {
    const o = owner as Record<symbol, V>;
    if (this.slot in o) o[this.slot] = value;
    else Object.defineProperty(o, this.slot, { value, writable: true, configurable: false, enumerable: false });
  }
}
