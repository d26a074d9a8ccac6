// Tells a question ("who warned officials?", "Imran Khan cypher audio") from chat ("thanks!", "lol") in channels the bot reads.

/** First words that make a message a question or a request to look something up. */
const ASKING_WORDS = new Set(
  (
    'who whom whose what when where which why how did does do is are was were has have had can could will would should ' +
    'tell show find list give explain describe quote search any'
  ).split(' '),
);

/** First words (and whole short messages) that are chat, not a lookup. */
const CHAT_WORDS = new Set(
  (
    'thanks thank thx ty tysm lol lmao rofl haha hahaha ok okay k cool nice great awesome good bad hi hello hey yo bye ' +
    'gm gn np yes yeah yep no nope nah wow oh ah hmm sure welcome sorry please same agreed true fair wtf omg'
  ).split(' '),
);

const MIN_KEYWORD_WORDS = 3;

/** Rules in order; the first that applies decides. */
const RULES: { name: string; applies: (text: string, words: string[]) => boolean; question: boolean }[] = [
  { name: 'ends with a question mark', applies: (text) => /\?\s*$/.test(text), question: true },
  { name: 'opens with a question or lookup word', applies: (_, words) => ASKING_WORDS.has(words[0] ?? ''), question: true },
  { name: 'opens with chat', applies: (_, words) => CHAT_WORDS.has(words[0] ?? ''), question: false },
  { name: 'too short for a keyword search', applies: (_, words) => words.length < MIN_KEYWORD_WORDS, question: false },
];

/** Whether `text` asks the archive something; keyword searches of three words or more count. */
export function readsAsQuestion(text: string): boolean {
  const words = text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
  const rule = RULES.find((candidate) => candidate.applies(text, words));
  return rule ? rule.question : true;
}
