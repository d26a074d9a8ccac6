// Issue 9.11: under a burst every interaction is acknowledged before any search for it runs, and searches run one
// at a time so the event loop stays free for acknowledgements (counts here; the times are in `npm run bench`).
import { describe, expect, it } from 'vitest';
import { runBurst } from '../../eval/burst.ts';
import { seedArchive } from './seedArchive.ts';

describe('a burst of questions', { timeout: 120_000 }, () => {
  it('60 /ask from 10 users and 15 mentions: all acknowledged first, all answered, one search at a time', async () => {
    const result = await runBurst(seedArchive(), {
      asks: 60,
      users: 10,
      mentions: 15,
      questions: ['Who was informed by the Intelligence Bureau about the hacking?', 'What did the PM Office warn officials about?'],
    });
    expect(result.ackMs).toHaveLength(60);
    expect(result.ackMs.every(Number.isFinite)).toBe(true);
    expect(result.asksAnswered).toBe(60);
    expect(result.mentionsAnswered).toBe(15);
    expect(result.searchedBeforeAck).toBe(0);
    expect(result.maxConcurrentSearches).toBe(1);
    expect(result.errors).toEqual([]);
  });
});
