/**
 * @module Turns a raw mysql2 text-protocol result into the Vitess `QueryResult` JSON the client decodes.
 *
 * Queries run with `typeCast: false`, so every value is the exact column bytes MariaDB sent: the client
 * does all casting itself from the Vitess type name (and `charset: 63` for binary), just as against
 * PlanetScale, so local runs exercise the same code paths as production.
 */
import type { FieldPacket } from "mysql2/promise";
import type { WireField, WireResult, WireRow } from "./protocol.ts";

/** MySQL protocol column types (include/mysql_com.h `enum_field_types`). */
const T = {
  DECIMAL: 0,
  TINY: 1,
  SHORT: 2,
  LONG: 3,
  FLOAT: 4,
  DOUBLE: 5,
  NULL: 6,
  TIMESTAMP: 7,
  LONGLONG: 8,
  INT24: 9,
  DATE: 10,
  TIME: 11,
  DATETIME: 12,
  YEAR: 13,
  NEWDATE: 14,
  VARCHAR: 15,
  BIT: 16,
  TIMESTAMP2: 17,
  DATETIME2: 18,
  TIME2: 19,
  JSON: 245,
  NEWDECIMAL: 246,
  ENUM: 247,
  SET: 248,
  TINY_BLOB: 249,
  MEDIUM_BLOB: 250,
  LONG_BLOB: 251,
  BLOB: 252,
  VAR_STRING: 253,
  STRING: 254,
  GEOMETRY: 255,
} as const;

const UNSIGNED_FLAG = 32;
const ENUM_FLAG = 256;
const SET_FLAG = 2048;
/** Charset id of `binary`; the client turns such columns into Uint8Array. */
export const BINARY_CHARSET = 63;

function numericFlags(flags: FieldPacket["flags"]): number {
  return typeof flags === "number" ? flags : 0;
}

/** Maps a column to the Vitess `query.Type` name, the same way vttablet derives it from MySQL metadata. */
export function vitessType(field: FieldPacket): string {
  const flags = numericFlags(field.flags);
  const unsigned = (flags & UNSIGNED_FLAG) !== 0;
  const binary = field.characterSet === BINARY_CHARSET;
  // MariaDB's JSON is LONGTEXT on the wire; only the extended metadata says it is JSON.
  if (field.extendedFormat === "json") return "JSON";
  switch (field.columnType ?? field.type) {
    case T.TINY:
      return unsigned ? "UINT8" : "INT8";
    case T.SHORT:
      return unsigned ? "UINT16" : "INT16";
    case T.INT24:
      return unsigned ? "UINT24" : "INT24";
    case T.LONG:
      return unsigned ? "UINT32" : "INT32";
    case T.LONGLONG:
      return unsigned ? "UINT64" : "INT64";
    case T.FLOAT:
      return "FLOAT32";
    case T.DOUBLE:
      return "FLOAT64";
    case T.DECIMAL:
    case T.NEWDECIMAL:
      return "DECIMAL";
    case T.NULL:
      return "NULL";
    case T.TIMESTAMP:
    case T.TIMESTAMP2:
      return "TIMESTAMP";
    case T.DATE:
    case T.NEWDATE:
      return "DATE";
    case T.TIME:
    case T.TIME2:
      return "TIME";
    case T.DATETIME:
    case T.DATETIME2:
      return "DATETIME";
    case T.YEAR:
      return "YEAR";
    case T.BIT:
      return "BIT";
    case T.JSON:
      return "JSON";
    case T.ENUM:
      return "ENUM";
    case T.SET:
      return "SET";
    case T.GEOMETRY:
      return "GEOMETRY";
    case T.TINY_BLOB:
    case T.MEDIUM_BLOB:
    case T.LONG_BLOB:
    case T.BLOB:
      return binary ? "BLOB" : "TEXT";
    case T.STRING:
      // ENUM and SET columns arrive as STRING with a flag, not as their own protocol types.
      if (flags & ENUM_FLAG) return "ENUM";
      if (flags & SET_FLAG) return "SET";
      return binary ? "BINARY" : "CHAR";
    default:
      // VARCHAR, VAR_STRING, and anything newer (e.g. MariaDB VECTOR) we do not know better.
      return binary ? "VARBINARY" : "VARCHAR";
  }
}

/** protojson omits empty strings and zeros; we do the same so payloads look like PlanetScale's. */
function wireField(field: FieldPacket): WireField {
  const out: WireField = { name: field.name, type: vitessType(field) };
  if (field.table) out.table = field.table;
  if (field.orgTable) out.orgTable = field.orgTable;
  const database = field.schema ?? field.db;
  if (database) out.database = database;
  if (field.orgName) out.orgName = field.orgName;
  if (field.columnLength) out.columnLength = field.columnLength;
  if (field.characterSet) out.charset = field.characterSet;
  if (field.decimals) out.decimals = field.decimals;
  const flags = numericFlags(field.flags);
  if (flags) out.flags = flags;
  return out;
}

function wireRow(row: unknown): WireRow {
  const cells: unknown[] = Array.isArray(row) ? row : [];
  const lengths: string[] = [];
  const parts: Buffer[] = [];
  for (const cell of cells) {
    if (cell === null || cell === undefined) {
      lengths.push("-1");
      continue;
    }
    // With typeCast: false mysql2 yields Buffers; the string branch only guards against surprises.
    const bytes = Buffer.isBuffer(cell) ? cell : Buffer.from(String(cell), "utf8");
    lengths.push(String(bytes.length));
    parts.push(bytes);
  }
  return { lengths, values: Buffer.concat(parts).toString("base64") };
}

function isFieldList(value: unknown): value is FieldPacket[] {
  return Array.isArray(value) && value.every((f) => typeof f === "object" && f !== null && !Array.isArray(f));
}

/**
 * Encodes what `conn.query({rowsAsArray: true, typeCast: false})` resolved to. A stored procedure
 * returns several result sets; like vtgate's Execute we answer with the first one.
 */
export function encodeResult(rows: unknown, fields: unknown): WireResult {
  if (Array.isArray(fields) && fields.length > 0 && !isFieldList(fields)) {
    const index = fields.findIndex((f) => Array.isArray(f));
    const setRows = Array.isArray(rows) ? rows[index] : undefined;
    return encodeResult(setRows, index >= 0 ? fields[index] : undefined);
  }
  if (isFieldList(fields) && Array.isArray(rows)) {
    return { fields: fields.map(wireField), rows: rows.map(wireRow) };
  }
  // INSERT/UPDATE/DDL: a ResultSetHeader. uint64s go out as strings, as protojson does.
  const header = (typeof rows === "object" && rows !== null ? rows : {}) as {
    affectedRows?: number | string;
    insertId?: number | string;
  };
  return { rowsAffected: String(header.affectedRows ?? 0), insertId: String(header.insertId ?? 0) };
}
