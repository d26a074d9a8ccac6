// What a channel follows in the archive: a person (any alias) or a topic, and what a newly added article holds for it.
import type { Quote } from './answer.ts';

/** A person by their canonical name in the people directory, or a topic asked as a question would be. */
export type FollowSubject = { kind: 'person'; name: string } | { kind: 'topic'; topic: string };

/** An article that concerns a follow, with its best quote for the person or the topic (an exact substring of the article). */
export interface FollowMatch {
  article: string;
  quote: Quote;
}
