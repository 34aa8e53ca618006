/** @jsxImportSource hono/jsx */
/**
 * @module The benchmark page in TSX: three lists of ≈50 items from three XML back-ends.
 */
import { tsxTemplate } from "../../origin/aggregator/render/template.ts";

interface Item {
  "@id": string;
  title: string;
  price: string;
}
type Lists = Record<"a" | "b" | "c", { list?: { item?: Item[] } }>;

function Page(data: Lists) {
  return (
    <html lang="en">
      <body>
        {(["a", "b", "c"] as const).map((k) => (
          <section>
            <h2>{k}</h2>
            <ul>
              {(data[k]?.list?.item ?? []).map((i) => (
                <li>
                  <a href={`/item/${i["@id"]}`}>{i.title}</a> <b>{i.price}</b>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </body>
    </html>
  );
}

export const listTemplate = tsxTemplate<Lists>("bench-list", Page);
