/**
 * @module Helpers shared by the job board's templates: XML lists, links that keep the language, money.
 */
import type { RenderInfo } from "../../../origin/aggregator/render/template.ts";

/** fast-xml-parser gives one child as an object and several as an array; templates want a list. */
export function asList<T>(value: T | T[] | undefined | null): T[] {
  if (value === undefined || value === null || value === "") return [];
  return Array.isArray(value) ? value : [value];
}

/** A site link that keeps the page's language (the region is added by the regional-links post-processor). */
export function link(path: string, info: RenderInfo, query: Record<string, string> = {}): string {
  const params = new URLSearchParams(query);
  if (info.lang !== "en") params.set("lang", info.lang);
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** 120000 → "120 000". */
export function money(n: unknown): string {
  return String(n ?? "").replace(/\B(?=(\d{3})+(?!\d))/g, "\u202f");
}

/** An error node from a failed optional call, if that is what `value` is. */
export function isError(value: unknown): boolean {
  return typeof value === "object" && value !== null && "@error" in value;
}

export interface VacancyXml {
  "@id": string;
  "@employer": string;
  title: string;
  city: string;
  salary: { "@from": string; "@to": string };
  skills: { skill: string | string[] };
  description: string;
}
