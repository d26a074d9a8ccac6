// The tables a Postgres bot's lookups query instead of holding the archive: people and their aliases, name prefixes
// for autocomplete, name words for near names, attributed quotations and date mentions; written by every build, after its articles.
import type pg from 'pg';
import type { StoredArticle } from '../../domain/article.ts';
import { PersonDirectory, wordsOfPerson } from '../../entities/people.ts';
import { unpaced } from '../../pace.ts';
import { attributedQuotations } from '../attribution.ts';
import { buildSchema, tables } from './schema.ts';

/** Rows per INSERT: well under Postgres's 65,535 parameters and small enough to stream. */
const BATCH = 2_000;

/** The lookup tables of build `buildId`. */
export function lookupTables(buildId: number) {
  const schema = buildSchema(buildId);
  return {
    people: `${schema}.people`,
    aliases: `${schema}.person_aliases`,
    prefixes: `${schema}.person_prefixes`,
    nameWords: `${schema}.name_words`,
    quotations: `${schema}.quotations`,
    dates: `${schema}.date_mentions`,
  };
}

/** What the lookup tables are made of: each article's id, day and entities (people, dates, quotations). */
export type ArticleEntities = Pick<StoredArticle, 'id' | 'date' | 'entities'>;

/**
 * Writes the lookup tables of build `buildId` from its articles' entities (the people directory is built here, as the
 * index files' build does), with their indexes; also indexes the build's articles and passages by publication day.
 */
export async function writeLookupTables(client: pg.PoolClient, buildId: number, articles: readonly ArticleEntities[]): Promise<void> {
  const t = lookupTables(buildId);
  const build = tables(buildId);
  await client.query(`
    CREATE TABLE ${t.people} (id integer PRIMARY KEY, rank integer NOT NULL, name text NOT NULL, aliases jsonb NOT NULL, occurrences jsonb NOT NULL);
    CREATE TABLE ${t.aliases} (key text PRIMARY KEY, people integer[] NOT NULL);
    CREATE TABLE ${t.prefixes} (prefix text NOT NULL, person integer NOT NULL, rank integer NOT NULL);
    CREATE TABLE ${t.nameWords} (word text NOT NULL, person integer NOT NULL, rank integer NOT NULL);
    CREATE TABLE ${t.quotations} (
      article_id text NOT NULL, date text NOT NULL, person text NOT NULL, cue text NOT NULL, start_offset integer NOT NULL, end_offset integer NOT NULL
    );
    CREATE TABLE ${t.dates} (
      article_id text NOT NULL, article_date text NOT NULL, ordinal integer NOT NULL, from_day text NOT NULL, to_day text NOT NULL, mention jsonb NOT NULL
    );`);

  const directory = await PersonDirectory.create(articles, unpaced);
  const { people, aliases } = directory.toStored();
  const rank = directory.ranks();
  await insertRows(
    client,
    t.people,
    ['id', 'rank', 'name', 'aliases', 'occurrences'],
    ['int', 'int', 'text', 'jsonb', 'jsonb'],
    people.map((person, id) => [id, rank[id], person.name, JSON.stringify(person.aliases), JSON.stringify(person.occurrences)]),
  );
  await insertRows(
    client,
    t.aliases,
    ['key', 'people'],
    ['text', 'text'],
    aliases.map(([key, indexes]) => [key, `{${indexes.join(',')}}`]),
    {
      cast: { people: 'int[]' },
    },
  );
  const prefixes = aliases.flatMap(([key, indexes]) => {
    const words = key.split(' ');
    return words.flatMap((_, i) => indexes.map((person) => [words.slice(i).join(' '), person, rank[person]]));
  });
  await insertRows(client, t.prefixes, ['prefix', 'person', 'rank'], ['text', 'int', 'int'], prefixes);
  const words = people.flatMap((person, id) => wordsOfPerson(person).map((word) => [word, id, rank[id]]));
  await insertRows(client, t.nameWords, ['word', 'person', 'rank'], ['text', 'int', 'int'], words);
  const quotations = articles.flatMap((article) => attributedQuotations(article, directory));
  await insertRows(
    client,
    t.quotations,
    ['article_id', 'date', 'person', 'cue', 'start_offset', 'end_offset'],
    ['text', 'text', 'text', 'text', 'int', 'int'],
    quotations.map((quotation) => [quotation.articleId, quotation.date, quotation.person, quotation.cue, quotation.start, quotation.end]),
  );
  const dates = articles.flatMap((article) =>
    article.entities.dates.map((mention, ordinal) => [
      article.id,
      article.date,
      ordinal,
      mention.from,
      mention.to,
      JSON.stringify(mention),
    ]),
  );
  await insertRows(
    client,
    t.dates,
    ['article_id', 'article_date', 'ordinal', 'from_day', 'to_day', 'mention'],
    ['text', 'text', 'int', 'text', 'text', 'jsonb'],
    dates,
  );

  await client.query(`
    CREATE INDEX ON ${t.prefixes} (prefix text_pattern_ops, rank);
    CREATE INDEX ON ${t.nameWords} (length(word));
    CREATE INDEX ON ${t.nameWords} (word text_pattern_ops);
    CREATE INDEX ON ${t.quotations} (person, date);
    CREATE INDEX ON ${t.quotations} (article_id);
    CREATE INDEX ON ${t.dates} (from_day);
    CREATE INDEX ON ${build.articles} (date);
    CREATE INDEX ON ${build.passages} (date);`);
}

/** Inserts `rows` into `table` in batches, one array parameter per column (`unnest`). */
async function insertRows(
  client: pg.PoolClient,
  table: string,
  columns: string[],
  types: string[],
  rows: unknown[][],
  { cast = {} as Record<string, string> } = {},
): Promise<void> {
  const select = columns.map((column, i) => (cast[column] ? `c${i}::${cast[column]}` : `c${i}`)).join(', ');
  const unnest = types.map((type, i) => `$${i + 1}::${type}[]`).join(', ');
  for (let from = 0; from < rows.length; from += BATCH) {
    const batch = rows.slice(from, from + BATCH);
    await client.query(
      `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${select} FROM unnest(${unnest}) AS u(${columns.map((_, i) => `c${i}`).join(', ')})`,
      columns.map((_, i) => batch.map((row) => row[i])),
    );
  }
}
