// The reporting words that attribute a quotation to a speaker ("said", "told", "according to"), as data.

/**
 * Reporting verbs, each with the forms that report a quotation. `speaker` says where the speaker is:
 * the verb's subject ("Khan said"), or its object ("The News International quoted him").
 * Sources: the verbs of news attribution (the Gender Gap Tracker's quote-verb list and Quootstrap's
 * patterns list the same family), written out here by form.
 */
export const CUE_VERBS: { verb: string; forms: string[]; speaker?: 'object' }[] = [
  { verb: 'say', forms: ['said', 'says', 'say'] },
  { verb: 'tell', forms: ['told', 'tells', 'tell'] },
  { verb: 'add', forms: ['added', 'adds'] },
  { verb: 'ask', forms: ['asked', 'asks'] },
  { verb: 'write', forms: ['wrote', 'writes'] },
  { verb: 'warn', forms: ['warned', 'warns'] },
  { verb: 'explain', forms: ['explained', 'explains'] },
  { verb: 'note', forms: ['noted', 'notes'] },
  { verb: 'state', forms: ['stated', 'states'] },
  { verb: 'declare', forms: ['declared', 'declares'] },
  { verb: 'insist', forms: ['insisted', 'insists'] },
  { verb: 'claim', forms: ['claimed', 'claims'] },
  { verb: 'argue', forms: ['argued', 'argues'] },
  { verb: 'continue', forms: ['continued', 'continues'] },
  { verb: 'recall', forms: ['recalled', 'recalls'] },
  { verb: 'reply', forms: ['replied', 'replies'] },
  { verb: 'respond', forms: ['responded', 'responds'] },
  { verb: 'answer', forms: ['answered', 'answers'] },
  { verb: 'remark', forms: ['remarked', 'remarks'] },
  { verb: 'observe', forms: ['observed', 'observes'] },
  { verb: 'acknowledge', forms: ['acknowledged', 'acknowledges'] },
  { verb: 'admit', forms: ['admitted', 'admits'] },
  { verb: 'concede', forms: ['conceded', 'concedes'] },
  { verb: 'complain', forms: ['complained', 'complains'] },
  { verb: 'charge', forms: ['charged', 'charges'] },
  { verb: 'counter', forms: ['countered', 'counters'] },
  { verb: 'joke', forms: ['joked', 'jokes'] },
  { verb: 'quip', forms: ['quipped', 'quips'] },
  { verb: 'tweet', forms: ['tweeted', 'tweets'] },
  { verb: 'post', forms: ['posted'] },
  { verb: 'announce', forms: ['announced', 'announces'] },
  { verb: 'suggest', forms: ['suggested', 'suggests'] },
  { verb: 'predict', forms: ['predicted', 'predicts'] },
  { verb: 'caution', forms: ['cautioned', 'cautions'] },
  { verb: 'urge', forms: ['urged', 'urges'] },
  { verb: 'shout', forms: ['shouted', 'shouts'] },
  { verb: 'yell', forms: ['yelled', 'yells'] },
  { verb: 'scream', forms: ['screamed', 'screams'] },
  { verb: 'exclaim', forms: ['exclaimed', 'exclaims'] },
  { verb: 'whisper', forms: ['whispered', 'whispers'] },
  { verb: 'muse', forms: ['mused', 'muses'] },
  { verb: 'boast', forms: ['boasted', 'boasts'] },
  { verb: 'brag', forms: ['bragged', 'brags'] },
  { verb: 'vow', forms: ['vowed', 'vows'] },
  { verb: 'promise', forms: ['promised', 'promises'] },
  { verb: 'pledge', forms: ['pledged', 'pledges'] },
  { verb: 'lament', forms: ['lamented', 'laments'] },
  { verb: 'emphasize', forms: ['emphasized', 'emphasised', 'emphasizes', 'emphasises'] },
  { verb: 'stress', forms: ['stressed', 'stresses'] },
  { verb: 'point out', forms: ['pointed out', 'points out'] },
  { verb: 'go on', forms: ['went on', 'goes on'] },
  { verb: 'conclude', forms: ['concluded', 'concludes'] },
  { verb: 'agree', forms: ['agreed', 'agrees'] },
  { verb: 'interject', forms: ['interjected', 'interjects'] },
  { verb: 'offer', forms: ['offered', 'offers'] },
  { verb: 'wonder', forms: ['wondered', 'wonders'] },
  { verb: 'mock', forms: ['mocked', 'mocks'] },
  { verb: 'scoff', forms: ['scoffed', 'scoffs'] },
  { verb: 'sigh', forms: ['sighed', 'sighs'] },
  { verb: 'laugh', forms: ['laughed', 'laughs'] },
  { verb: 'sing', forms: ['sang', 'sings'] },
  { verb: 'read', forms: ['read', 'reads'] },
  { verb: 'begin', forms: ['began', 'begins'] },
  { verb: 'testify', forms: ['testified', 'testifies'] },
  { verb: 'report', forms: ['reported', 'reports'] },
  { verb: 'confirm', forms: ['confirmed', 'confirms'] },
  { verb: 'deny', forms: ['denied', 'denies'] },
  { verb: 'demand', forms: ['demanded', 'demands'] },
  { verb: 'reiterate', forms: ['reiterated', 'reiterates'] },
  { verb: 'retort', forms: ['retorted', 'retorts'] },
  { verb: 'snap', forms: ['snapped', 'snaps'] },
  { verb: 'put it', forms: ['put it', 'puts it'] },
  { verb: 'assert', forms: ['asserted', 'asserts'] },
  { verb: 'fume', forms: ['fumed', 'fumes'] },
  { verb: 'bark', forms: ['barked', 'barks'] },
  { verb: 'beam', forms: ['beamed', 'beams'] },
  { verb: 'chant', forms: ['chanted', 'chant', 'chants'] },
  { verb: 'echo', forms: ['echoed', 'echoes'] },
  { verb: 'press', forms: ['pressed', 'presses'] },
  { verb: 'confess', forms: ['confessed', 'confesses'] },
  { verb: 'assure', forms: ['assured', 'assures'] },
  { verb: 'crack', forms: ['cracked', 'cracks'] },
  { verb: 'thunder', forms: ['thundered', 'thunders'] },
  { verb: 'gush', forms: ['gushed', 'gushes'] },
  { verb: 'plead', forms: ['pleaded', 'pleads'] },
  { verb: 'recount', forms: ['recounted', 'recounts'] },
  { verb: 'elaborate', forms: ['elaborated', 'elaborates'] },
  { verb: 'tease', forms: ['teased', 'teases'] },
  { verb: 'grumble', forms: ['grumbled', 'grumbles'] },
  { verb: 'fire back', forms: ['fired back', 'fires back'] },
  { verb: 'shoot back', forms: ['shot back', 'shoots back'] },
  { verb: 'chime in', forms: ['chimed in', 'chimes in'] },
  { verb: 'quote', forms: ['quoted', 'quotes'], speaker: 'object' },
];

/** Participles that report a quotation inside a sentence whose subject speaks ("…, saying: '…'"). */
export const CUE_PARTICIPLES = [
  'saying',
  'adding',
  'telling',
  'writing',
  'noting',
  'warning',
  'declaring',
  'explaining',
  'asking',
  'arguing',
  'insisting',
  'claiming',
  'tweeting',
  'stating',
  'calling',
  'joking',
  'asserting',
  'replying',
  'responding',
  'chanting',
  'shouting',
  'yelling',
  'reading',
];

/** Words that may sit between a speaker and the verb ("Khan also said", "she later told"). */
export const CUE_ADVERBS = [
  'also',
  'later',
  'then',
  'once',
  'previously',
  'recently',
  'further',
  'simply',
  'again',
  'has',
  'had',
  'have',
  'would',
  'will',
  'could',
  'once',
  'often',
  'earlier',
  'reportedly',
  'flatly',
  'quickly',
  'repeatedly',
];

const escape = (words: string) => words.replace(/ /g, '\\s+');
const byLength = (a: string, b: string) => b.length - a.length;

/** Every finite form, longest first, as one regex alternation. */
export const FINITE_CUES = CUE_VERBS.flatMap(({ forms }) => forms)
  .sort(byLength)
  .map(escape)
  .join('|');
export const PARTICIPLE_CUES = [...CUE_PARTICIPLES].sort(byLength).join('|');
export const ADVERBS = `(?:(?:${CUE_ADVERBS.join('|')}|\\w+ly)\\s+){0,2}`;

/** Whether a cue form takes its speaker as its object ("quoted him"). */
export function speakerIsObject(cue: string): boolean {
  const form = cue.toLowerCase().replace(/\s+/g, ' ');
  return CUE_VERBS.some((entry) => entry.speaker === 'object' && entry.forms.includes(form));
}
