// "◀ Prev · 2/3 · Next ▶": pages of one answer kept in memory, turned by buttons anyone may press (the asker turns the
// message itself, anyone else gets the page privately); "Post to channel" shares a private answer; when a session
// expires, its message's page buttons are greyed out.
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
  /** Shown privately with a "Post to channel" button, until someone posts it. */
  postable?: boolean;
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

/**
 * What a press on a page button does: the asker turns the message itself (`byAsker`), anyone else is shown the page
 * for themselves; "Post to channel" gives the answer's first page to post, once (then: `posted`).
 */
export type PageTurn =
  { kind: 'page'; view: PageView; byAsker: boolean } | { kind: 'post'; view: PageView } | { kind: 'posted' } | { kind: 'expired' };

export interface StartOptions {
  /** Buttons that share the row (👍/👎). */
  extra?: APIButtonComponent[];
  /** From this page on the pages hold further passages, and the button leading there says so. */
  morePage?: number;
  /** The answer is shown privately, with a "Post to channel" button (a session is kept even for one page). */
  postable?: boolean;
}

const POST = 'post';

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

  /** The first page, with buttons when there is more (or it can be posted); remembers the rest for `askerId`. */
  start(askerId: string, pages: MessageBody[], options: StartOptions = {}): PageView {
    const { extra = [], morePage, postable } = options;
    if (pages.length <= 1 && !postable)
      return { ...pages[0], components: extra.length > 0 ? [{ type: ComponentType.ActionRow, components: extra }] : [] };
    this.forgetOld();
    const id = (this.nextId++).toString(36);
    const session: PageSession = {
      askerId,
      pages,
      extra,
      page: 0,
      createdAt: this.now(),
      ...(morePage !== undefined ? { morePage } : {}),
      ...(postable ? { postable } : {}),
    };
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
    if (session && index === POST) {
      if (!session.postable) return { kind: 'posted' };
      // Posted once: the channel's copy goes without the button, and so do private pages turned from now on.
      session.postable = false;
      return { kind: 'post', view: { ...this.view(id, session, 0), session: id } };
    }
    const page = Number(index);
    if (!session || !Number.isInteger(page) || page < 0 || page >= session.pages.length) return { kind: 'expired' };
    // Someone else's press shows them the page without turning the asker's message.
    const byAsker = session.askerId === userId;
    if (byAsker) session.page = page;
    return { kind: 'page', view: this.view(id, session, page), byAsker };
  }

  private view(id: string, session: PageSession, page = session.page): PageView {
    const buttons = [
      ...(session.pages.length > 1 ? pagerRow(id, page, session.pages.length, page + 1 === session.morePage).components : []),
      ...session.extra,
      ...(session.postable ? [postButton(id)] : []),
    ];
    // Discord refuses an empty row: a posted one-page answer goes without any.
    return { ...session.pages[page], components: buttons.length > 0 ? [{ type: ComponentType.ActionRow, components: buttons }] : [] };
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

function postButton(id: string): APIButtonComponent {
  return new ButtonBuilder()
    .setCustomId(`${CUSTOM_ID_PREFIX}:${id}:${POST}`)
    .setLabel('Post to channel')
    .setStyle(ButtonStyle.Success)
    .toJSON();
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
