import { describe, expect, it } from 'vitest';
import { Pager } from '../../src/bot/pager.ts';
import { RateLimiter } from '../../src/bot/rateLimit.ts';

describe('RateLimiter', () => {
  it('allows a burst of the per-minute budget, then refills evenly', () => {
    let now = 0;
    const limiter = new RateLimiter(3, () => now);
    expect([1, 2, 3].map(() => limiter.take('alice').allowed)).toEqual([true, true, true]);
    const refused = limiter.take('alice');
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 20 });
    expect(limiter.take('bob').allowed).toBe(true);
    now += 20_000;
    expect(limiter.take('alice').allowed).toBe(true);
    expect(limiter.take('alice').allowed).toBe(false);
  });
});

describe('Pager', () => {
  const page = (n: number) => ({ embeds: [{ description: `page ${n}` }] });

  it('needs no buttons for a single page', () => {
    expect(new Pager().start('alice', [page(1)]).components).toEqual([]);
  });

  it('turns pages for anyone: the asker turns the message, anyone else is shown the page without turning it', () => {
    const pager = new Pager();
    const first = pager.start('alice', [page(1), page(2), page(3)]);
    const labels = first.components[0].components.map((button) => ('label' in button ? button.label : ''));
    expect(labels).toEqual(['◀ Prev', '1/3', 'Next ▶']);
    const more = first.components[0].components.find((button) => 'label' in button && button.label === 'Next ▶');
    const customId = more && 'custom_id' in more ? more.custom_id : '';
    const bobs = pager.turn(customId, 'bob');
    expect(bobs.kind === 'page' && [bobs.byAsker, bobs.view.embeds[0].description]).toEqual([false, 'page 2']);
    const turned = pager.turn(customId, 'alice');
    expect(turned.kind === 'page' && [turned.byAsker, turned.view.embeds[0].description]).toEqual([true, 'page 2']);
    expect(pager.turn('page:zz:1', 'alice')).toEqual({ kind: 'expired' });
  });

  it('offers "Post to channel" on a private answer, even of one page, and posts it once', () => {
    const pager = new Pager();
    const view = pager.start('alice', [page(1)], { postable: true });
    const [post] = view.components[0].components;
    expect(post).toMatchObject({ label: 'Post to channel', custom_id: `page:${view.session}:post` });
    const posted = pager.turn(`page:${view.session}:post`, 'alice');
    expect(posted.kind === 'post' && posted.view.embeds[0].description).toBe('page 1');
    expect(posted.kind === 'post' && posted.view.components).toEqual([]);
    expect(pager.turn(`page:${view.session}:post`, 'alice')).toEqual({ kind: 'posted' });
  });
});
