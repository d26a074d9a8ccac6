import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.ts';
import { CUE_VERBS } from '../../src/quotations/cues.ts';
import { CONTINUATIONS, findQuotations } from '../../src/quotations/extract.ts';
import { NOT_QUOTATIONS } from '../../src/quotations/notQuotations.ts';
import { ATTRIBUTION_RULES } from '../../src/quotations/rules.ts';
import { DESCRIPTION_RESOLUTIONS } from '../../src/quotations/speakers.ts';

const seeds = loadCorpus(join(fileURLToPath(new URL('../../seeds', import.meta.url)))).articles;
const quoted = (text: string) =>
  findQuotations({ text }).map((quotation) => ({
    text: text.slice(quotation.start, quotation.end),
    speaker: quotation.speaker.name,
    mention: quotation.speaker.start === undefined ? undefined : text.slice(quotation.speaker.start, quotation.speaker.end),
    kind: quotation.speaker.kind,
    cue: quotation.cue,
    rule: quotation.rule,
    pieces: quotation.pieces.map((piece) => text.slice(piece.start, piece.end)),
  }));

describe('the seeds', () => {
  const all = seeds.flatMap((article) => quoted(article.text).map((quotation) => ({ ...quotation, article: article.id })));
  const by = (speaker: string) => all.filter((quotation) => quotation.speaker === speaker).map((quotation) => quotation.text);

  it('finds every quotation of Imran Khan and attributes it to him, pronoun and title included, each wording once', () => {
    expect(by('Imran Khan')).toEqual([
      '"Let\'s play with it."',
      expect.stringMatching(/^"Ok, so now let's just play with it\. .* the date was already there\."$/),
    ]);
    expect(all.find((quotation) => quotation.text.startsWith('"Ok, so now'))).toMatchObject({
      mention: 'him',
      kind: 'pronoun',
      cue: 'quoted',
    });
  });

  it('ends each quotation at its closing mark: the narration after it is not his', () => {
    const play = all.filter((quotation) => /play with it/.test(quotation.text) && quotation.speaker === 'Imran Khan');
    for (const quotation of play) expect(quotation.text).toMatch(/^".*"$/s);
    expect(all.some((quotation) => quotation.text.includes('believed to be said'))).toBe(false);
  });

  it("finds Azam Khan's quotation, its second paragraph a further piece of it", () => {
    expect(all.filter((quotation) => quotation.speaker === 'Azam Khan')).toMatchObject([
      {
        rule: 'speaker-verb-colon-quote',
        pieces: [
          expect.stringMatching(/^"Sir, I was thinking.*\(Sohail Mahmood\)\."$/s),
          expect.stringMatching(/^"There, we will ask .* according to our wishes\."$/s),
        ],
      },
    ]);
  });

  it("finds the PM Office statement's quotations, attributed to the descriptions the article uses", () => {
    const statement = all.filter((quotation) => quotation.article.startsWith('000'));
    expect(statement.map(({ text, speaker, kind, cue }) => ({ start: text.slice(0, 30), speaker, kind, cue }))).toEqual([
      { start: '"Security agencies have uneart', speaker: 'the PM Office', kind: 'description', cue: 'said' },
      { start: '"Besides, government officers ', speaker: 'the communique', kind: 'description', cue: 'added' },
    ]);
  });

  it.each(NOT_QUOTATIONS.map((rule) => [rule.name, rule.example] as const))(
    '%s leaves the quoted span of its example out: %s',
    (_name, example) => {
      expect(quoted(example)).toEqual([]);
    },
  );

  it('leaves scare quotes and quoted phrases of indirect speech out', () => {
    expect(all.map((quotation) => quotation.text)).not.toContain('"US conspiracy"');
    expect(all.map((quotation) => quotation.text)).not.toContain('"serious lapse of cyber security"');
    expect(all.map((quotation) => quotation.text)).not.toContain('"if he had any shame,"');
  });
});

describe('attribution rules', () => {
  const cases: [rule: string, sentence: string, speaker: string | null, cue: string][] = [
    ['quote-verb-speaker', 'Voters are restless.\n\n"We will win," said Steven Law, a former aide.', 'Steven Law', 'said'],
    ['quote-according-to', '"It was a mistake," according to the statement.', 'the statement', 'according to'],
    ['quote-other-verb-name', 'Voters came.\n\n“Is Obama profiling?” reacted Donald Trump.', 'Donald Trump', 'reacted'],
    ['quote-speaker-verb', '"Besides, officers have been instructed," the communique added.', 'the communique', 'added'],
    ['quote-speaker-verb', '"We are ready," Smith, a spokesman for the campaign, said on Monday.', 'Smith', 'said'],
    ['quote-speaker-verb', '"Not us but can\'t argue with it!" Murphy Tweeted on Friday.', 'Murphy', 'Tweeted'],
    [
      'quote-narration-verb-speaker',
      '"Campaigns are having trouble raising money" but to take the lead, says Evan Tracey, a consultant.',
      'Evan Tracey',
      'says',
    ],
    ['quote-narration-speaker-verb', '"We want the House" for the party, Nancy Pelosi said on Monday.', 'Nancy Pelosi', 'said'],
    ['quote-dash-speaker', 'Voters waited.\n\n“The lines were long.” ― Ana Ruiz, a voter in Reno', 'Ana Ruiz', '―'],
    [
      'according-to-quote',
      'According to the dark web message, "Hopefully this release will bring betterment."',
      'the dark web message',
      'According to',
    ],
    [
      'speaker-verb-colon-quote',
      'In a statement, the PM Office said: "Security agencies have unearthed an attempt."',
      'the PM Office',
      'said',
    ],
    ['speaker-verb-colon-quote', 'Responding to this, Azam Khan said, as per the publication: "Sir, I was thinking."', 'Azam Khan', 'said'],
    [
      'speaker-verb-colon-quote',
      'The News International quoted Imran Khan, "Ok, so now let\'s just play with it."',
      'Imran Khan',
      'quoted',
    ],
    ['verb-speaker-quote', 'Voters came.\n\nSaid Comey, "The thought is very painful to us."', 'Comey', 'Said'],
    ['speaker-verb-quote', 'In the ad Marco Rubio declares "The purpose of our life is to cooperate."', 'Marco Rubio', 'declares'],
    ['participle-quote', 'Imran Khan can be heard saying "Let\'s play with it."', 'Imran Khan', 'saying'],
    ['colon-quote', 'The surge does not surprise pollster Daron Shaw: "Lesser-known candidates get the biggest boost."', 'Daron Shaw', ':'],
  ];

  it('takes "X said" after a quotation that ends its sentence only as a short sentence of its own', () => {
    expect(quoted('Voters came.\n\n“We will win.” Trump said on Monday.')).toMatchObject([{ speaker: 'Trump', cue: 'said' }]);
    const text = 'Tenney spoke.\n\n“It will be close to two million dollars.” She went on to say that the race was hard for her.';
    expect(quoted(text)).toEqual([]);
  });

  it('reads the paragraph after a quotation set apart as its signature: `"…"` / `- Sanders.`', () => {
    const text = 'Taxes came up.\n\n"Boeing and GE pay zero taxes."\n\n- Sanders.\n\nThis is a complex issue.';
    expect(quoted(text)).toMatchObject([{ rule: 'quote-dash-speaker', speaker: 'Sanders', cue: '-' }]);
  });

  it('takes no dash after a quotation inside its paragraph for a signature (a byline: `"…?"– Sam Woodward`)', () => {
    const text = 'Voters waited.\n\nAsked about it, she told reporters: "Can he do that job?"– Sam Woodward';
    expect(quoted(text)).toMatchObject([{ rule: 'speaker-verb-colon-quote', mention: 'she' }]);
  });

  it('reads no narration between a quotation that ends its sentence and a later attribution', () => {
    expect(quoted('Voters came. "We will put them out of business." The union will sit out, Phil Smith said.')).toEqual([]);
  });

  it('has a case for every rule in the table', () => {
    expect(new Set(cases.map(([rule]) => rule))).toEqual(new Set(ATTRIBUTION_RULES.map((rule) => rule.name)));
  });

  it.each(cases)('%s: %s', (rule, sentence, speaker, cue) => {
    expect(quoted(sentence)).toMatchObject([{ rule, speaker, cue }]);
  });

  it.each(ATTRIBUTION_RULES.map((rule) => [rule.name, rule.example] as const))('%s attributes its own example', (name, example) => {
    expect(quoted(example).map((quotation) => quotation.rule)).toEqual([name]);
  });

  it.each(CUE_VERBS.filter((entry) => entry.speaker === undefined).map((entry) => entry.forms[0]))(
    'the cue "%s" attributes a quotation',
    (form) => {
      expect(quoted(`"We are ready," Ayesha Siddiqa ${form}.`)).toMatchObject([{ speaker: 'Ayesha Siddiqa', cue: form }]);
    },
  );
});

describe('quotation marks', () => {
  it.each([
    ['straight', '"We are ready," Siddiqa said.', '"We are ready,"'],
    ['curly', '“We are ready,” Siddiqa said.', '“We are ready,”'],
    ['two apostrophes', "''We are ready,'' Siddiqa said.", "''We are ready,''"],
    ['backticks', "``We are ready,'' Siddiqa said.", "``We are ready,''"],
    ['two apostrophes after a single one', "''We are 'ready,''' Siddiqa said.", "''We are 'ready,'''"],
    ['guillemets', '«We are ready,» Siddiqa said.', '«We are ready,»'],
    ['low-high', '„We are ready,“ Siddiqa said.', '„We are ready,“'],
  ])('%s', (_style, sentence, expected) => {
    expect(quoted(sentence)).toMatchObject([{ text: expected, speaker: 'Siddiqa' }]);
  });

  it('joins a quotation interrupted by its attribution into one, in pieces', () => {
    const text = 'Officials met on Monday.\n\n"There was carnage on the road," Bouhlel said. "Bodies everywhere."';
    expect(quoted(text)).toMatchObject([{ speaker: 'Bouhlel', pieces: ['"There was carnage on the road,"', '"Bodies everywhere."'] }]);
  });

  it('carries a quotation on into the next paragraph when the first is left open', () => {
    const text = 'Khan said: "The first part goes on.\n\n"And the second part ends it."\n\nThen he left.';
    expect(quoted(text)).toMatchObject([{ speaker: 'Khan', pieces: ['"The first part goes on.', '"And the second part ends it."'] }]);
  });

  it.each(CONTINUATIONS.map((continuation) => [continuation.name, continuation.example] as const))(
    'continuation %s makes one quotation of two pieces: %s',
    (_name, example) => {
      expect(quoted(example)).toMatchObject([{ pieces: [expect.any(String), expect.any(String)] }]);
    },
  );

  it('continues a quotation past a conjunction after its attribution ("he said. But “…”")', () => {
    const text = 'Zeldin spoke.\n\n“It is not do or die,” he said outside the building. But “Trump is stronger with it.”';
    expect(quoted(text)).toMatchObject([{ pieces: ['“It is not do or die,”', '“Trump is stronger with it.”'] }]);
  });

  it('does not continue a quotation whose next quoted span has an attribution of its own', () => {
    const text = '"We will appeal," Azam Khan said.\n\n"The court was wrong," Imran Khan said.';
    expect(quoted(text).map((quotation) => quotation.speaker)).toEqual(['Azam Khan', 'Imran Khan']);
  });

  it('continues a quotation past a title in its attribution', () => {
    const text = 'Carson came on.\n\n“I expect to be vetted,” Carson said on “Meet the Press.” “But this is new.”';
    expect(quoted(text)).toMatchObject([{ speaker: 'Carson', pieces: ['“I expect to be vetted,”', '“But this is new.”'] }]);
  });

  it('does not continue a quotation across a further reporting word ("adding that …")', () => {
    const text = '“He stands for the middle class,” Anderson said, adding that Sanders is “the most trustworthy of the candidates.”';
    expect(quoted(text)).toMatchObject([{ speaker: 'Anderson', pieces: ['“He stands for the middle class,”'] }]);
  });

  it.each([
    [
      'a headline',
      'Trump: ‘I’m the Worst Thing That Ever Happened to the Establishment.’\n\nMonday at Liberty.',
      '‘I’m the Worst Thing That Ever Happened to the Establishment.’',
      'Trump',
    ],
    [
      'straight single marks',
      "Kasich said: 'We are going all the way to Cleveland.'",
      "'We are going all the way to Cleveland.'",
      'Kasich',
    ],
  ])('single quotation marks: %s', (_case, text, expected, speaker) => {
    expect(quoted(text)).toMatchObject([{ text: expected, speaker }]);
  });

  it('does not read apostrophes as single quotation marks', () => {
    expect(quoted("Sanders' aides said they don't know, and the '90s were Clinton's years.")).toEqual([]);
    expect(quoted('Khan said: "The voters’ choice is ‘clear’ to us."')).toMatchObject([{ text: '"The voters’ choice is ‘clear’ to us."' }]);
  });

  it('reads a quotation after the direction mark of a pasted post', () => {
    expect(quoted('Fans replied.\n\n\u202a”Thanks Sarah!!!” wrote Pete Hidalgo.')).toMatchObject([
      { speaker: 'Pete Hidalgo', cue: 'wrote' },
    ]);
  });

  it('reads a quotation that opens a parenthesis', () => {
    expect(quoted('Boos rang out. (“I don’t want to have fisticuffs,” said one party activist.)')).toMatchObject([
      { speaker: 'one party activist', cue: 'said' },
    ]);
  });

  it('reads past a party-and-state tag to the verb', () => {
    expect(quoted('“There is energy,” Rep. Earl Blumenauer (D-Ore.) said.')).toMatchObject([{ speaker: 'Earl Blumenauer', cue: 'said' }]);
  });

  it('ignores the quotation marks of markup', () => {
    expect(quoted('<tweet tweet-id="7711569"><tweet/> was posted.')).toEqual([]);
  });
});

describe('speakers', () => {
  it('resolves a pronoun to the last named speaker', () => {
    const text = '"We will appeal," Azam Khan said.\n\n"The court was wrong," he said.';
    expect(quoted(text)[1]).toMatchObject({ speaker: 'Azam Khan', mention: 'he', kind: 'pronoun' });
  });

  it('leaves a pronoun unresolved when another person was named since', () => {
    const text = '"We will appeal," Azam Khan said.\n\nShehbaz Sharif met Imran Khan on Monday. "The court was wrong," he said.';
    expect(quoted(text)[1]).toMatchObject({ speaker: null, mention: 'he', kind: 'pronoun' });
  });

  it.each([
    [
      "''We don't believe troops are the answer,'' Benjamin J. Rhodes, Mr. Obama's deputy national security adviser, said.",
      'Benjamin J. Rhodes',
    ],
    ['“We each have our own opinion, but we are friends,” Jim Bennett, 57, said as he left.', 'Jim Bennett'],
    ['Voters came.\n\nTad Devine, Sanders\'s chief strategist, said, "The contest will be decided by the delegates."', 'Tad Devine'],
  ])('takes the name before an appositive of any shape: %s', (text, speaker) => {
    expect(quoted(text)).toMatchObject([{ speaker, kind: 'name' }]);
  });

  it.each(DESCRIPTION_RESOLUTIONS.map((resolution) => [resolution.name, resolution.example] as const))(
    '%s resolves the description of its own example to a person: %s',
    (name, example) => {
      expect(quoted(example)).toMatchObject([{ kind: 'name', speaker: expect.stringMatching(/^\p{Lu}/u) }]);
      expect(findQuotations({ text: example })[0].speaker.resolvedBy).toBe(name);
    },
  );

  it('takes no reporting verb in the passive for the speaker\'s ("When asked why, Sembler responded:")', () => {
    const text = 'Voters came.\n\nWhen asked why, Sembler responded in a text message: "Trump will be the nominee."';
    expect(quoted(text)).toMatchObject([{ speaker: 'Sembler', cue: 'responded' }]);
  });

  it.each([
    ['Back in 1999, Mr. Trump praised Clinton, telling CNBC: "I wish I could be like that."', 'Trump'],
    ['And then Trump went on the attack, saying, "Is Obama going to finally say it?"', 'Trump'],
  ])('reads the subject past the words that open its sentence: %s', (text, mention) => {
    expect(quoted(text)).toMatchObject([{ mention, kind: 'name' }]);
  });

  it('keeps an organisation as speaker as written: "the PM Office said"', () => {
    expect(quoted('In a statement, the PM Office said: "Security agencies are alert."')).toMatchObject([
      { speaker: 'the PM Office', kind: 'description' },
    ]);
  });

  it('leaves the speaker unknown when the phrase before the verb is a lone opening word', () => {
    for (const text of ['Voters came.\n\nThen: "We are ready."', 'Voters came.\n\nTuesday said: "We are ready."'])
      expect(findQuotations({ text })[0].speaker).toEqual({ kind: 'unknown', name: null });
  });

  it('keeps a description as written', () => {
    expect(quoted('"All files will be released," the dark web message said.')).toMatchObject([
      { speaker: 'the dark web message', kind: 'description' },
    ]);
  });

  it.each([
    [
      '"It is a threat," the Florida senator and Republican presidential candidate said in a statement.',
      'the Florida senator and Republican presidential candidate',
    ],
    ['“She will stand up to them,” a voice-over in the ad states.', 'a voice-over in the ad'],
  ])('takes all the words between a quotation and its verb as the speaker when they are one short phrase: %s', (text, mention) => {
    expect(quoted(text)).toMatchObject([{ mention, kind: 'description' }]);
  });

  it('takes no relative clause between a quotation and its verb for a speaker', () => {
    expect(quoted('Voters came.\n\n“We are ready,” which he said twice.')).toEqual([]);
  });

  it('takes the name before "of" as the speaker, past an institution of any length', () => {
    const text = 'Experts doubt it.\n\n"It is a stretch," Jeffrey Lewis of the James Martin Center for Nonproliferation Studies wrote.';
    expect(quoted(text)).toMatchObject([{ speaker: 'Jeffrey Lewis', kind: 'name' }]);
  });

  it('resolves a short name to the full name the article uses', () => {
    const text = 'Finance Minister Miftah Ismail resigned on Monday.\n\n"I am leaving," Ismail said.';
    expect(quoted(text)).toMatchObject([{ speaker: 'Miftah Ismail', mention: 'Ismail', kind: 'name' }]);
  });
});
