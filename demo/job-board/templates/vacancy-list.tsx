/** @jsxImportSource hono/jsx */
/**
 * @module A list of vacancy cards (home and search).
 */
import type { RenderInfo } from "../../../origin/aggregator/render/template.ts";
import { link, money, type VacancyXml } from "./util.ts";

export function VacancyList(props: { items: VacancyXml[]; info: RenderInfo }) {
  return (
    <div>
      {props.items.map((v) => (
        <div class="card">
          <a href={link(`/vacancy/${v["@id"]}`, props.info)}>
            <strong>{v.title}</strong>
          </a>
          <div class="muted">
            {v.city} · {money(v.salary["@from"])}–{money(v.salary["@to"])} ₽
          </div>
        </div>
      ))}
    </div>
  );
}
