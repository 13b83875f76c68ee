/**
 * Email input: a single message (`.eml`), an mbox file (streamed), and a maildir or CMU Enron tree.
 * Each is a Parser yielding dataset records (Account, Message, Url and their relationships), with
 * warnings for the headers that were missing, malformed or undecodable.
 */
export { parseEml } from './eml.js';
export { parseMbox } from './mbox.js';
export { parseMaildir } from './maildir.js';
export { looksLikeEml, looksLikeMaildir, looksLikeMbox } from './detect.js';
export { mapEmail } from './message.js';
export type { MessageContext } from './message.js';
export { readEmailDate } from './dates.js';
