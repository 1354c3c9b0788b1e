/**
 * A small schema language for the Directive: each shape says what YAML a key accepts, and
 * {@link Infer} gives the TypeScript type the decoder produces for it, so the schema is written
 * once.
 *
 * @module
 */

/** A string; any scalar is accepted, by its source text, as Go's yaml.v2 does. */
export interface StringShape {
  /** Discriminant. */
  kind: "string";
}

/** An integer (a YAML int). */
export interface IntegerShape {
  /** Discriminant. */
  kind: "integer";
}

/** A finite number (a YAML int or float). */
export interface NumberShape {
  /** Discriminant. */
  kind: "number";
}

/** A boolean. */
export interface BooleanShape {
  /** Discriminant. */
  kind: "boolean";
}

/** Anything, converted to plain JavaScript. */
export interface AnyShape {
  /** Discriminant. */
  kind: "any";
}

/** A list of items; a null item decodes to the item's zero value, as in Go. */
export interface ListShape<I extends Shape = Shape> {
  /** Discriminant. */
  kind: "list";
  /** Shape of each item. */
  item: I;
}

/** A map with free-form keys (string keys, or integer keys when `integerKeys`). */
export interface MapShape<V extends Shape = Shape> {
  /** Discriminant. */
  kind: "map";
  /** Shape of each value. */
  value: V;
  /** Whether keys must be integers (`onErr.code`). */
  integerKeys: boolean;
}

/** A map with known keys; other keys are warned about. */
export interface ObjectShape<F extends Record<string, Shape> = Record<string, Shape>> {
  /** Discriminant. */
  kind: "object";
  /** What the object is, for messages: `unknown key 'x' in <name>`. */
  name: string;
  /** The known keys. */
  fields: F;
}

/** A string, or an object (e.g. a plugin reference). */
export interface StringOrObjectShape<O extends ObjectShape = ObjectShape> {
  /** Discriminant. */
  kind: "stringOrObject";
  /** Shape of the object form. */
  object: O;
}

/** Any shape. */
export type Shape =
  | StringShape
  | IntegerShape
  | NumberShape
  | BooleanShape
  | AnyShape
  | ListShape
  | MapShape
  | ObjectShape
  | StringOrObjectShape;

/**
 * The decoded type of a shape. Objects have every key optional; list items may be `undefined`
 * where an item had the wrong type (reported, and kept as a hole so positions stay stable).
 */
export type Infer<S> = S extends StringShape ? string
  : S extends IntegerShape | NumberShape ? number
  : S extends BooleanShape ? boolean
  : S extends AnyShape ? unknown
  : S extends ListShape<infer I> ? (Infer<I> | undefined)[]
  : S extends MapShape<infer V> ? Record<string, Infer<V>>
  : S extends ObjectShape<infer F> ? { [K in keyof F]?: Infer<F[K]> }
  : S extends StringOrObjectShape<infer O> ? string | Infer<O>
  : never;

/** A string. */
export const string: StringShape = { kind: "string" };
/** An integer. */
export const integer: IntegerShape = { kind: "integer" };
/** A number. */
export const number: NumberShape = { kind: "number" };
/** A boolean. */
export const boolean: BooleanShape = { kind: "boolean" };
/** Anything. */
export const any: AnyShape = { kind: "any" };

/** A list of `item`. */
export function list<I extends Shape>(item: I): ListShape<I> {
  return { kind: "list", item };
}

/** A map of string keys to `value`. */
export function map<V extends Shape>(value: V): MapShape<V> {
  return { kind: "map", value, integerKeys: false };
}

/** A map of integer keys to `value`. */
export function integerMap<V extends Shape>(value: V): MapShape<V> {
  return { kind: "map", value, integerKeys: true };
}

/** An object called `name` with the known keys `fields`. */
export function object<F extends Record<string, Shape>>(name: string, fields: F): ObjectShape<F> {
  return { kind: "object", name, fields };
}

/** A string or an `object`. */
export function stringOrObject<O extends ObjectShape>(object: O): StringOrObjectShape<O> {
  return { kind: "stringOrObject", object };
}

/** The value a Go struct field of this shape has when YAML gives null. */
export function zeroValue(shape: Shape): unknown {
  const zero: Record<Shape["kind"], unknown> = {
    string: "",
    integer: 0,
    number: 0,
    boolean: false,
    any: null,
    list: [],
    map: {},
    object: {},
    stringOrObject: "",
  };
  return zero[shape.kind];
}

/** How a shape reads in a message: `a string`, `a list`, ... */
export function expected(shape: Shape): string {
  const names: Record<Shape["kind"], string> = {
    string: "a string",
    integer: "an integer",
    number: "a number",
    boolean: "a boolean",
    any: "a value",
    list: "a list",
    map: "a map",
    object: "a map",
    stringOrObject: "a string or a map",
  };
  return names[shape.kind];
}
