/**
 * The zod validators of the model's properties, derived here on the server from the plain
 * declarations of properties.ts (the client imports the model without them).
 */
import { z } from 'zod';
import type { PropertySpec, PropertyType } from './properties.js';

// ISO 8601 with an offset: a timestamp without a zone cannot be placed on a timeline honestly.
const isoDateTime = z.iso.datetime({ offset: true, local: false });

const BY_TYPE: Record<PropertyType, z.ZodType> = {
  string: z.string().trim().min(1).max(2_000),
  text: z.string().max(1_000_000),
  number: z.number().finite(),
  integer: z.number().int(),
  boolean: z.boolean(),
  datetime: isoDateTime,
  date: z.iso.date(),
  'string[]': z.array(z.string().trim().min(1).max(2_000)).max(10_000),
};

/** The validator of one declared property: its closed list of values, else its type's. */
export function propertySchema(spec: PropertySpec): z.ZodType {
  return spec.values ? z.enum(spec.values) : BY_TYPE[spec.type];
}
