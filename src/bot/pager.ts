// "◀ Prev · 2/3 · Next ▶": pages of one answer kept in memory, turned by buttons only their asker may press.
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, type APIActionRowComponent, type APIButtonComponent } from 'discord.js';
import type { MessageBody } from './limits.ts';

const CUSTOM_ID_PREFIX = 'page';
const MAX_SESSIONS = 500;
const SESSION_TTL_MS = 30 * 60_000;

interface PageSession {
  askerId: string;
  pages: MessageBody[];
  createdAt: number;
}

export interface PageView extends MessageBody {
  components: APIActionRowComponent<APIButtonComponent>[];
}

export type PageTurn = { kind: 'page'; view: PageView } | { kind: 'not-asker' } | { kind: 'expired' };

export class Pager {
  private readonly sessions = new Map<string, PageSession>();
  private nextId = 1;

  constructor(private readonly now: () => number = Date.now) {}

  /** The first page, with buttons when there is more; remembers the rest for `askerId`. */
  start(askerId: string, pages: MessageBody[]): PageView {
    if (pages.length <= 1) return { ...pages[0], components: [] };
    this.forgetOld();
    const id = (this.nextId++).toString(36);
    this.sessions.set(id, { askerId, pages, createdAt: this.now() });
    return this.view(id, pages, 0);
  }

  static owns(customId: string): boolean {
    return customId.startsWith(`${CUSTOM_ID_PREFIX}:`);
  }

  turn(customId: string, userId: string): PageTurn {
    const [, id, index] = customId.split(':');
    const session = this.sessions.get(id ?? '');
    const page = Number(index);
    if (!session || !Number.isInteger(page) || page < 0 || page >= session.pages.length) return { kind: 'expired' };
    if (session.askerId !== userId) return { kind: 'not-asker' };
    return { kind: 'page', view: this.view(id, session.pages, page) };
  }

  private view(id: string, pages: MessageBody[], page: number): PageView {
    return { ...pages[page], components: [pagerRow(id, page, pages.length)] };
  }

  /** The buttons of a message whose session is gone: the same rows, every button disabled, the position marked expired. */
  static expire(rows: APIActionRowComponent<APIButtonComponent>[]): APIActionRowComponent<APIButtonComponent>[] {
    return rows.map((row) => ({
      ...row,
      components: row.components.map((button) => {
        if (!('custom_id' in button) || !button.custom_id.endsWith(':at')) return { ...button, disabled: true };
        return { ...button, label: `${button.label ?? ''} · expired`, disabled: true };
      }),
    }));
  }

  private forgetOld(): void {
    const now = this.now();
    for (const [id, session] of this.sessions) {
      if (now - session.createdAt > SESSION_TTL_MS || this.sessions.size >= MAX_SESSIONS) this.sessions.delete(id);
      else break;
    }
  }
}

/** "◀ Prev · 2/3 · Next ▶": the middle button only shows where the reader is. */
function pagerRow(id: string, page: number, count: number): APIActionRowComponent<APIButtonComponent> {
  return new ActionRowBuilder<ButtonBuilder>()
    .addComponents(
      new ButtonBuilder()
        .setCustomId(`${CUSTOM_ID_PREFIX}:${id}:${page - 1}`)
        .setLabel('◀ Prev')
        .setStyle(ButtonStyle.Secondary)
        .setDisabled(page === 0),
      new ButtonBuilder()
        .setCustomId(`${CUSTOM_ID_PREFIX}:${id}:at`)
        .setLabel(`${page + 1}/${count}`)
        .setStyle(ButtonStyle.Secondary)
        .setDisabled(true),
      new ButtonBuilder()
        .setCustomId(`${CUSTOM_ID_PREFIX}:${id}:${page + 1}`)
        .setLabel('Next ▶')
        .setStyle(ButtonStyle.Primary)
        .setDisabled(page === count - 1),
    )
    .toJSON();
}
