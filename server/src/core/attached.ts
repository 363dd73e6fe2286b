/**
 * Data kept per object for as long as the object lives, like a WeakMap, but stored on the object
 * itself as a private class field (invisible to deep equality, keys, spreads and JSON).
 *
 * Why not a WeakMap: V8's young-generation GC keeps a WeakMap entry alive when its value reaches
 * its key (a group's services point back at the group, its interpolations too), so every dead
 * version's groups, views and, through their sliced strings, whole texts survived each scavenge
 * and were promoted until the next full GC (measured: ~4 MB kept per scavenge on the 5k-line job,
 * a quarter of the edit loop spent in GC). A field dies with its owner in any GC.
 * The owner must not be frozen.
 */
export class Attached<K extends object, V> {
  readonly get: (owner: K) => V | undefined;
  readonly has: (owner: K) => boolean;
  readonly set: (owner: K, value: V) => void;

  constructor() {
    // Classes made per table, so that each table's field is its own. A base constructor that
    // returns the owner makes `new Slot(owner)` add the field to the owner (a plain object).
    class Owner {
      constructor(owner: K) {
        return owner;
      }
    }
    class Slot extends Owner {
      #value: V | undefined;
      constructor(owner: K, value: V) {
        super(owner);
        this.#value = value;
      }
      static has(owner: K): boolean {
        return #value in owner;
      }
      static get(owner: K): V | undefined {
        return #value in owner ? (owner as unknown as Slot).#value : undefined;
      }
      static set(owner: K, value: V): void {
        if (#value in owner) (owner as unknown as Slot).#value = value;
        else new Slot(owner, value);
      }
    }
    this.get = Slot.get;
    this.has = Slot.has;
    this.set = Slot.set;
  }
}
