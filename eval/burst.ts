// A burst of questions at the real bot (discord.js against the loopback fake Discord): every interaction's
// acknowledgement time, and whether any search ran before its question was acknowledged.
import type { Archive } from '../src/archive.ts';
import { startHarness } from '../tests/bot/harness.ts';
import type { InteractionRecord } from '../tests/support/fake-discord.ts';

export interface BurstPlan {
  /** `/ask` interactions, spread round-robin over `users`. */
  asks: number;
  users: number;
  /** @mentions of the bot, from the same users, interleaved with the asks. */
  mentions: number;
  /** Questions to ask, used in turn (each use gets a distinct suffix so answers can be told apart). */
  questions: string[];
}

export interface BurstResult {
  /** Per /ask: ms from dispatch to the acknowledgement reaching the fake Discord. */
  ackMs: number[];
  /** /ask interactions whose answer was edited in, and mentions replied to. */
  asksAnswered: number;
  mentionsAnswered: number;
  /** Searches that began before their own interaction had been acknowledged (should be 0). */
  searchedBeforeAck: number;
  /** Most searches running at once. */
  maxConcurrentSearches: number;
  /** What the bot logged as errors meanwhile. */
  errors: string[];
}

const WAIT_MS = 15 * 60_000;

export async function runBurst(archive: Archive, plan: BurstPlan): Promise<BurstResult> {
  const byQuestion = new Map<string, InteractionRecord>();
  let running = 0;
  let maxConcurrentSearches = 0;
  let searchedBeforeAck = 0;
  const observed: Archive = Object.assign(Object.create(archive) as Archive, {
    ask: async (query: Parameters<Archive['ask']>[0]) => {
      const interaction = byQuestion.get(query.question);
      if (interaction && !harness.fake.requestsFor(interaction).some((request) => request.path.endsWith('/callback'))) searchedBeforeAck++;
      running++;
      maxConcurrentSearches = Math.max(maxConcurrentSearches, running);
      try {
        return await archive.ask(query);
      } finally {
        running--;
      }
    },
  });
  const harness = await startHarness(observed, { rateLimitPerMinute: 1_000_000 });
  try {
    const { fake } = harness;
    const users = Array.from({ length: plan.users }, (_, i) => fake.user(String(300000000000000000n + BigInt(i))));
    const interactions: InteractionRecord[] = [];
    const mentions: string[] = [];
    const total = plan.asks + plan.mentions;
    for (let i = 0; i < total; i++) {
      const question = `${plan.questions[i % plan.questions.length]} (${i})`;
      const user = users[i % users.length];
      // Mentions spread evenly through the asks.
      if (Math.floor(((i + 1) * plan.mentions) / total) > Math.floor((i * plan.mentions) / total)) {
        mentions.push(fake.userMessage(user, `<@${fake.bot.id}> ${question}`, { mentionsBot: true }).id as string);
      } else {
        const interaction = fake.slashCommand(user, 'ask', { question });
        byQuestion.set(question, interaction);
        interactions.push(interaction);
      }
    }
    // Finished: the answer edited in (PATCH), or a private follow-up instead (a refusal or an error).
    const finished = (interaction: InteractionRecord) =>
      fake.waitForRequest(
        (r) => r.path.includes(interaction.token) && (r.method === 'PATCH' || (r.method === 'POST' && r.path.startsWith('/webhooks/'))),
        WAIT_MS,
      );
    const replied = (id: string) => fake.waitForRequest((r) => r.body?.message_reference?.message_id === id, WAIT_MS);
    // One at a time: each wait sees the requests already made, so this takes as long as the slowest answer.
    let asksAnswered = 0;
    for (const interaction of interactions) if ((await finished(interaction)).method === 'PATCH') asksAnswered++;
    let mentionsAnswered = 0;
    for (const id of mentions) if ((await replied(id)).body?.embeds?.length) mentionsAnswered++;
    const errors = harness.logs
      .filter((entry) => entry.level === 'error')
      .map((entry) => `${entry.message} ${JSON.stringify(entry.context)}`);
    const ackMs = interactions.map((interaction) => {
      const callback = fake.requestsFor(interaction).find((request) => request.path.endsWith('/callback'));
      return callback ? callback.receivedAt - interaction.dispatchedAt : Number.POSITIVE_INFINITY;
    });
    return { ackMs, asksAnswered, mentionsAnswered, searchedBeforeAck, maxConcurrentSearches, errors };
  } finally {
    await harness.stop();
  }
}
