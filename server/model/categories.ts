/**
 * What each relationship type is for, in the analyst's terms: who wrote to whom (correspondence),
 * who belongs with whom (affiliation), which records are one actor (identity), what a message says
 * or points at (mention), how messages and links hang together (content), and where a fact comes
 * from (provenance). A Record over every type, so a new type cannot be added without a category.
 * Paths follow correspondence, affiliation and identity by default: a path "through" an email that
 * merely mentions WikiLeaks says nothing about who dealt with whom.
 */
import type { RelationshipType } from './graph-model.js';
import { RELATIONSHIP_TYPES } from './graph-model.js';

export const CATEGORIES = ['correspondence', 'affiliation', 'identity', 'mention', 'content', 'provenance'] as const;
export type Category = (typeof CATEGORIES)[number];

export const RELATIONSHIP_CATEGORY: Readonly<Record<RelationshipType, Category>> = {
  SENT: 'correspondence',
  TO: 'correspondence',
  CC: 'correspondence',
  BCC: 'correspondence',
  REPLIES_TO: 'correspondence',
  AFFILIATED_WITH: 'affiliation',
  CONNECTED_TO: 'affiliation',
  CONTROLS: 'identity',
  RESOLVED_TO: 'identity',
  SAME_AS: 'identity',
  MENTIONS: 'mention',
  LINKS_TO: 'mention',
  RETWEETS: 'content',
  REFERS_TO: 'content',
  PART_OF: 'content',
  AFTER: 'content',
  EXPANDS_TO: 'content',
  IN_DOMAIN: 'content',
  SUPPORTED_BY: 'provenance',
  PUBLISHED_BY: 'provenance',
};

/** The relationship types of these categories, in the model's order. */
export function typesOf(categories: readonly Category[]): RelationshipType[] {
  return RELATIONSHIP_TYPES.filter((t) => categories.includes(RELATIONSHIP_CATEGORY[t]));
}

/** What a path follows unless the analyst chooses: who dealt with whom, not what mentions whom. */
export const PATH_CATEGORIES: readonly Category[] = ['correspondence', 'affiliation', 'identity'];
