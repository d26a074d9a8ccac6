// "◀ Prev · 2/3 · Next ▶": pages of one answer kept in memory, turned by buttons only their asker may press; when a
// session expires, its message's page buttons are greyed out.
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
} from 'discord.js';
import type { MessageBody } from './limits.ts';

const CUSTOM_ID_PREFIX = 'page';
const MAX_SESSIONS = 500;
const SESSION_TTL_MS = 30 * 60_000;

type ButtonRow = APIActionRowComponent<APIButtonComponent>;

interface PageSession {
  askerId: string;
  pages: MessageBody[];
  /** Buttons that ride in the pager's row on every page (👍/👎). */
  extra: APIButtonComponent[];
  /** The first page of further passages, if any: the button leading to it says "More passages ▶". */
  morePage?: number;
  page: number;
  createdAt: number;
}

export interface PageView extends MessageBody {
  components: ButtonRow[];
  /** The page session, when there is more than one page. */
  session?: string;
}

/** Where a paged message was sent, to edit it when its session expires. */
export interface SentMessage {
  id: string;
  channelId: string;
}

export interface PagerOptions {
  /** How long a page session lasts (default 30 minutes). */
  ttlMs?: number;
  /** Edits a sent message's buttons; called when its session expires. */
  editButtons?: (message: SentMessage, components: ButtonRow[]) => Promise<void>;
}

export type PageTurn = { kind: 'page'; view: PageView } | { kind: 'not-asker' } | { kind: 'expired' };

export class Pager {
  private readonly sessions = new Map<string, PageSession>();
  /** Expiry timers of sent messages, cleared by `close()`. */
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private nextId = 1;
  private readonly ttlMs: number;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly options: PagerOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? SESSION_TTL_MS;
  }

  /**
   * The first page, with buttons when there is more; remembers the rest for `askerId`. `extra` buttons share the row;
   * from `morePage` on the pages hold further passages, and the button leading there says so.
   */
  start(askerId: string, pages: MessageBody[], extra: APIButtonComponent[] = [], morePage?: number): PageView {
    if (pages.length <= 1)
      return { ...pages[0], components: extra.length > 0 ? [{ type: ComponentType.ActionRow, components: extra }] : [] };
    this.forgetOld();
    const id = (this.nextId++).toString(36);
    const session = { askerId, pages, extra, page: 0, createdAt: this.now(), ...(morePage !== undefined ? { morePage } : {}) };
    this.sessions.set(id, session);
    return { ...this.view(id, session), session: id };
  }

  /** `view` went out as `message`: when its session expires, its page buttons are disabled on the message itself. */
  sent(view: PageView, message: SentMessage | null | undefined): void {
    const { session: id } = view;
    const session = id === undefined ? undefined : this.sessions.get(id);
    const edit = this.options.editButtons;
    if (id === undefined || !session || !message || !edit) return;
    const timer = setTimeout(
      () => {
        this.timers.delete(id);
        this.sessions.delete(id);
        void edit(message, Pager.expire(this.view(id, session).components));
      },
      Math.max(0, session.createdAt + this.ttlMs - this.now()),
    );
    timer.unref();
    this.timers.set(id, timer);
  }

  /** Stops every expiry timer (the bot is shutting down; late presses still grey the buttons out). */
  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
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
    session.page = page;
    return { kind: 'page', view: this.view(id, session) };
  }

  private view(id: string, session: PageSession): PageView {
    const row = pagerRow(id, session.page, session.pages.length, session.page + 1 === session.morePage);
    return { ...session.pages[session.page], components: [{ ...row, components: [...row.components, ...session.extra] }] };
  }

  /**
   * The buttons of a message whose session is gone: the same rows, every page button disabled and the position
   * marked expired; other buttons (👍/👎) keep working.
   */
  static expire(rows: ButtonRow[]): ButtonRow[] {
    return rows.map((row) => ({
      ...row,
      components: row.components.map((button) => {
        if (!('custom_id' in button) || !Pager.owns(button.custom_id)) return button;
        if (!button.custom_id.endsWith(':at')) return { ...button, disabled: true };
        return { ...button, label: `${button.label ?? ''} · expired`, disabled: true };
      }),
    }));
  }

  private forgetOld(): void {
    const now = this.now();
    for (const [id, session] of this.sessions) {
      if (now - session.createdAt > this.ttlMs || this.sessions.size >= MAX_SESSIONS) this.sessions.delete(id);
      else break;
    }
  }
}

/** "◀ Prev · 2/3 · Next ▶": the middle button only shows where the reader is. */
function pagerRow(id: string, page: number, count: number, nextIsMore = false): ButtonRow {
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
        .setLabel(nextIsMore ? 'More passages ▶' : 'Next ▶')
        .setStyle(ButtonStyle.Primary)
        .setDisabled(page === count - 1),
    )
    .toJSON();
}
