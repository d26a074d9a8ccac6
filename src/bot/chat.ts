// Tells a question or lookup ("who warned officials?", "Imran Khan cypher audio", "find the leak story") from chat ("gonna grab coffee").

const wordSet = (words: string): ReadonlySet<string> => new Set(words.trim().split(/\s+/));

/** Question words that open a question even without a "?" ("who replaced the finance minister"). */
const QUESTION_WORDS = wordSet('who whom whose what when where which why how');

/** Auxiliaries that open a yes/no question ("did Imran Khan say …", "is the audio real"). */
const AUXILIARIES = wordSet('did does do is are was were has have had can could will would should');

/** Words that open chat: greetings, reactions, acknowledgements, sign-offs. */
const CHAT_OPENERS = wordSet(`
  thanks thank thx ty tysm cheers appreciate lol lmao rofl haha hahaha hehe xd ok okay k kk cool nice great awesome
  good bad hi hello hey yo sup morning evening bye cya later see brb afk gm gn np yes yeah yep yup no nope nah wow oh
  ah ugh hmm hmmm sure welcome sorry oops same agreed true fair exactly wtf omg happy merry congrats congratulations
  hbd interesting crazy wild insane amazing sad funny big huge classic typical meh fine alright anyway anyways
  whatever nvm nevermind idk idc tbh ping pinging going gotta gonna wait test testing first check love loved
`);

/**
 * Words of someone talking rather than searching: pronouns, talk between people, words about the moment.
 * A keyword search ("Imran Khan cypher audio") has none of them; a statement usually does.
 */
const TALK_WORDS = wordSet(`
  i i'm im i've i'd i'll me my mine we we're we've us our you you're u ur your y'all he he's him his she she's her
  they they're them their it it's its this that that's these those there here let's
  is are am was were be been being isn't aren't wasn't weren't don't doesn't didn't can't won't cannot
  gonna wanna gotta lol lmao haha tbh imo honestly literally totally really very so too just again still already
  now today tonight yesterday tomorrow later soon lately minutes mins please everyone guys folks man back
`);

/** Words linking a phrase: a lower-case keyword search is bare content words ("audio leaks dark web"). */
const FUNCTION_WORDS = wordSet('a an the of on in at to for from by with about and or but as into over after before');

/** Asking the archive to find something: "find the leak story", "can you show me …", "any news on …", "I'm looking for …". */
const REQUEST =
  /^(?:(?:please|pls|plz|can you|could you|would you|will you)\s+)?(?:find|show|search|look ?up|lookup|tell me|give me|get me|list|explain|describe|quote|fetch|pull up)\b|^(?:any(?:thing)? )?(?:news|articles?|stories|story|quotes?|reports?|coverage|anything)\s+(?:on|about|regarding|from|by|of)\b|^(?:i'?m |i am )?looking for\b|^i(?: want| wanted| need| would like|'d like) to (?:know|find|see|read)\b|^(?:i )?need (?:the |an? |some )?(?:article|story|stories|quotes?|news|report|statement|source)s?\b|^(?:i )?wonder(?:ing)?\b/;

/** "what a week", "how cool is that", "so true": exclamations, not questions. */
const EXCLAMATION = /^(?:what an?|how (?:cool|nice|funny|sad|crazy|weird|great|awesome|lovely|lucky|rude|stupid|dumb|cute)|so|such|too)\b/;

/** Shrugs shaped like questions ("what else" alone: "what else did he say?" is a thread's follow-up). */
const SHRUG = /^(?:who cares|who knows|whatever|why not|how so|what now|what else$|what's up|whats up|wait what)\b/;

/** A link or a ping of someone: shared with people, not asked of the archive. */
const LINK_OR_PING = /https?:\/\/|\bwww\.|\b[\w-]+\.(?:com|org|net|pk|io|co|uk|news|ly)\b|<@|(?:^|\s)@\w/i;

/** Leading words that only connect a message to the conversation ("and who…", "so when…"). */
const CONNECTIVES = wordSet('and so but also ok okay then');

interface Message {
  text: string;
  /** Lower-cased words, apostrophes kept ("can't"), connectives at the start dropped. */
  words: string[];
  /** The words as written (case kept), same positions. */
  written: string[];
}

/** A rule, first match decides: the message reads as a question (answer it) or as chat (leave it alone). */
interface ChatRule {
  name: string;
  question: boolean;
  applies: (message: Message) => boolean;
}

const isYear = (word: string): boolean => /^(?:19|20)\d\d$/.test(word);
const isCapitalised = (word: string): boolean => /^\p{Lu}/u.test(word);

/**
 * Whether `message` is a bare keyword search: two or more words naming something (a capitalised name after
 * the first word, or a year) or three or more bare content words, a leading "the"/"a" aside.
 */
function isKeywordSearch({ words, written }: Message): boolean {
  const start = words[0] === 'the' || words[0] === 'a' || words[0] === 'an' ? 1 : 0;
  const content = words.slice(start);
  if (content.length < 2) return false;
  const named = written.slice(start + 1).some(isCapitalised) || written.slice(start).every(isCapitalised) || content.some(isYear);
  // "the cypher audio": a noun phrase, even of two lower-case words.
  const bare = content.length >= (start === 1 ? 2 : 3) && !content.some((word) => FUNCTION_WORDS.has(word));
  return named || bare;
}

export const CHAT_RULES: readonly ChatRule[] = [
  { name: 'shares a link or pings someone', question: false, applies: ({ text }) => LINK_OR_PING.test(text) },
  {
    name: 'a short reaction (only chat words, or none)',
    question: false,
    applies: ({ words }) => words.every((word) => CHAT_OPENERS.has(word) || TALK_WORDS.has(word)),
  },
  { name: 'an exclamation ("what a week")', question: false, applies: ({ words }) => EXCLAMATION.test(words.join(' ')) },
  { name: 'a shrug ("who cares")', question: false, applies: ({ words }) => SHRUG.test(words.join(' ')) },
  { name: 'ends with a question mark', question: true, applies: ({ text }) => /\?\s*$/.test(text) },
  { name: 'asks to look something up', question: true, applies: ({ words }) => REQUEST.test(words.join(' ')) },
  {
    name: 'opens with a question word',
    question: true,
    applies: ({ words }) => QUESTION_WORDS.has(words[0]) && words.length >= 3,
  },
  { name: 'ends with an exclamation mark', question: false, applies: ({ text }) => /!\s*$/.test(text) },
  { name: 'opens with chat', question: false, applies: ({ words }) => CHAT_OPENERS.has(words[0]) },
  {
    name: 'opens with an auxiliary and a third-person subject',
    question: true,
    applies: ({ words }) => AUXILIARIES.has(words[0]) && words.length >= 4 && !TALK_WORDS.has(words[1]) && words[1] !== 'i',
  },
  { name: 'talks like a person', question: false, applies: ({ words }) => words.some((word) => TALK_WORDS.has(word)) },
  { name: 'a keyword search', question: true, applies: isKeywordSearch },
];

/** The rule deciding `text` (undefined: none applied, which reads as chat). */
export function chatRuleFor(text: string): ChatRule | undefined {
  const normalized = text.replace(/[’‘]/g, "'").trim();
  const written = normalized.match(/[\p{L}\p{N}']+/gu) ?? [];
  let skip = 0;
  while (skip < written.length - 1 && CONNECTIVES.has(written[skip].toLowerCase())) skip++;
  const kept = written.slice(skip);
  const message = { text: normalized, words: kept.map((word) => word.toLowerCase()), written: kept };
  return CHAT_RULES.find((rule) => rule.applies(message));
}

/** Whether `text` asks the archive something (a question, a request to look something up, a keyword search). */
export function readsAsQuestion(text: string): boolean {
  return chatRuleFor(text)?.question ?? false;
}
