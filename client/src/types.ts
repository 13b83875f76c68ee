/**
 * The API's answers as the client sees them, inferred from the same zod schemas the server validates
 * and documents with (type-only imports: nothing of the server reaches the bundle).
 */
import type { z } from 'zod';
import type * as s from '../../server/api/answers.js';

export type ApiNode = z.infer<typeof s.graphNode>;
export type ApiEdge = z.infer<typeof s.graphEdge>;
export type ApiGraph = z.infer<typeof s.graph>;
export type SearchAnswer = z.infer<typeof s.searchAnswer>;
export type EntityAnswer = z.infer<typeof s.entityAnswer>;
export type RelationshipAnswer = z.infer<typeof s.relationshipAnswer>;
export type ExpandAnswer = z.infer<typeof s.expandAnswer>;
export type BundleAnswer = z.infer<typeof s.bundleAnswer>;
export type PathAnswer = z.infer<typeof s.pathAnswer>;
export type BundleMessagesAnswer = z.infer<typeof s.bundleMessagesAnswer>;
export type TimelineAnswer = z.infer<typeof s.timelineAnswer>;
export type TimelineItem = TimelineAnswer['items'][number];
export type TableAndGraph = z.infer<typeof s.tableAndGraph>;
export type SavedQueryList = z.infer<typeof s.savedQueryList>;
export type SavedQueryInfo = SavedQueryList['queries'][number];
export type StatsAnswer = z.infer<typeof s.statsAnswer>;
export type Citation = z.infer<typeof s.citation>;

export type Direction = 'out' | 'in' | 'both';
export type BundleLevel = 'account' | 'person';

export interface ExpandRequest {
  ids: string[];
  types?: string[];
  direction?: Direction;
  labels?: string[];
  exclude?: string[];
  offset?: number;
  limit?: number;
  bundle?: boolean;
  level?: BundleLevel;
  from?: string;
  to?: string;
}
