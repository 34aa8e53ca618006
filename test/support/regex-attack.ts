/**
 * @module Issue 11's regex attack as rule tables, for the tests and `npm run bench -- rules-attack`: the table
 * that stalled the edge, and one just under the publish limits that still keeps its regexes busy.
 */
import type { Rule } from "../../shared/rules/model.ts";

/** A rule that answers 403 when `regex` matches the path. */
export const denyRule = (id: string, regex: string, host?: string): Rule => ({
  id,
  match: host ? { regex, host } : { regex },
  action: { type: "respond", status: 403 },
});

/** The rules: each accepted before the limits, each alive on every character of a run of letters. */
export const hostileRules = (n: number): Rule[] =>
  Array.from({ length: n }, (_, i) => denyRule(`h${i}`, `^/(x${i}|[a-z]{1,300})+[0-9]{1,300}q$`));

/** The same shape cut down: two of them and a hop fit the table limit (~890 instructions per character). */
const heavy = (i: number): Rule => denyRule(`heavy-${i}`, `^/([a-z0-9/]{1,70}|x${i})+[0-9]{1,70}q$`);

/** Ten cheap rewrites /r0/… → /r1/… → … → /r10/…: the heavy rules run again on every hop. */
export const hopRules: Rule[] = Array.from({ length: 10 }, (_, k) => ({
  id: `hop-${k}`,
  match: { regex: `^/r${k}/(a*)$` },
  action: { type: "rewrite", to: `/r${k + 1}/$1` },
}));

/** A table just under the publish limits whose regexes keep busy on long paths of letters. */
export const limitRules = (): Rule[] => [heavy(1), heavy(2), ...hopRules];
