/**
 * The segment language v1 — pure TypeScript, no I/O; the extension and the server import it
 * from here. See DESIGN.md, "The segment language (v1)". (Test arbitraries live apart, in
 * ./arbitraries, so that fast-check stays out of the extension bundle.)
 */
export * from './catalog';
export * from './schema';
export * from './dates';
export * from './friend';
export * from './evaluate';
export * from './summary';
export * from './edit';
export * from './validate';
export * from './diff';
