/**
 * Queries built and compiled once per database, then run with new parameter values: for a small
 * indexed look-up, building a Kysely query (immutable nodes, frozen at every step) and compiling
 * it costs several times more than SQLite takes to answer it (90-110 µs against 7-10 µs for the
 * event side-information query). The hot queries of the trigger path (the full event fetch before
 * `event-publish`, the workflow counter) use this.
 *
 *   compiledQuery(build) ─▶ first call on a database: build(db, ...markers).compile()
 *                                                     └─▶ SQL + which parameter is which argument
 *                        └─▶ every call: run that SQL with the arguments in their slots
 */
import { type Compilable, CompiledQuery } from 'kysely'
import type { Executor } from './database.ts'

interface Compiled {
  sql: string
  /** For each SQL parameter: the index of the argument it takes, or -1 for a constant of the query. */
  slots: number[]
  constants: readonly unknown[]
}

/** Stands for argument `index` while the query is compiled. */
class Marker {
  readonly index: number
  constructor(index: number) {
    this.index = index
  }
}

/** Lists longer than this are not compiled once per length: each such call builds its query. */
const MAX_CACHED_ARITY = 32

/**
 * Wraps `build` into a function that compiles it once per database (transactions share their
 * database's) and number of arguments, and answers the rows. An argument is a scalar, or a rest
 * list spread into `in (…)` (`(db, ...ids) => … .where('id', 'in', ids)`), compiled once per
 * length up to `MAX_CACHED_ARITY`. Constants in the built query (`where('deleted', '=', 0)`)
 * keep their value.
 */
export function compiledQuery<A extends unknown[], R>(
  build: (db: Executor, ...args: A) => Compilable<R>,
): (db: Executor, ...args: A) => Promise<R[]> {
  // Keyed by the database's adapter: one per Kysely instance, shared by its transactions.
  const cache = new WeakMap<object, Map<number, Compiled>>()
  const compile = (db: Executor, arity: number): Compiled => {
    const markers = Array.from({ length: arity }, (_, index) => new Marker(index))
    const query = build(db, ...(markers as unknown as A)).compile()
    return {
      sql: query.sql,
      slots: query.parameters.map((value) => (value instanceof Marker ? value.index : -1)),
      constants: query.parameters,
    }
  }
  const compiledFor = (db: Executor, arity: number): Compiled => {
    const key = db.getExecutor().adapter
    let byArity = cache.get(key)
    if (!byArity) {
      byArity = new Map()
      cache.set(key, byArity)
    }
    let compiled = byArity.get(arity)
    if (!compiled) {
      compiled = compile(db, arity)
      if (arity <= MAX_CACHED_ARITY) byArity.set(arity, compiled)
    }
    return compiled
  }
  return async (db, ...args) => {
    const { sql, slots, constants } = compiledFor(db, args.length)
    const parameters = slots.map((slot, index) => (slot < 0 ? constants[index] : args[slot]))
    const result = await db.executeQuery<R>(CompiledQuery.raw(sql, parameters))
    return result.rows
  }
}
