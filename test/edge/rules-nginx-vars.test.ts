/**
 * An nginx table with request variables in rewrite targets and return texts (test/fixtures/nginx/vars.conf),
 * imported with import-nginx and published to the edge, answers as real nginx answered — except where bonafide
 * differs on purpose, which each comparison names.
 *
 * nginx's answers are recorded, not computed: test/fixtures/nginx/vars.json holds what nginx (its version is in
 * the file) answered to each request. This test needs no nginx. After changing vars.conf or the requests in
 * record.ts, record again on a machine with nginx and commit the new vars.json:
 *
 *   apt-get install -y nginx-light && npx node test/fixtures/nginx/record.ts
 *
 * Compared per request: status, Location, the content type's media type (nginx sends no charset; bonafide's
 * default is `text/plain; charset=utf-8`) and the body — neither for redirects, where nginx sends an HTML page
 * and rules send none.
 */
import { describe, expect, it } from "vitest";
import { importNginx } from "../../shared/rules/nginx-import.ts";
import fixture from "../fixtures/nginx/vars.json";
import { callEdge } from "./helpers.ts";

interface Answer {
  status: number;
  location: string | null;
  contentType: string | null;
  body: string;
}

/** Where bonafide answers otherwise than nginx, why, and what it answers instead. */
const DIFFERS: Record<string, { why: string; bonafide: Partial<Answer> }> = {
  "relative target, other site": {
    why: "nginx sends ///evil.example/x, which browsers follow to evil.example (an open redirect); a target written as a path stays a path on this site",
    bonafide: { location: "/evil.example/x" },
  },
  "header and cookie absent": {
    why: "nginx merges // only in a client's URI, not in a rewritten one; rules see every path normalised, so $uri of /l// is /l/",
    bonafide: { body: "lang page /l/" },
  },
  "html body, markup in a header": {
    why: "nginx writes values as they came (reflected XSS); bonafide HTML-escapes them in a text/html body",
    bonafide: { body: "<p>hello &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; from &quot;B&amp;B&quot;</p>" },
  },
  "json body, quotes in a header": {
    why: 'nginx lets the value close the string and add "admin":true; bonafide writes it as JSON string contents',
    bonafide: { body: '{"q":"2","ua":"x\\",\\"admin\\":true,\\"y\\":\\""}' },
  },
};

const TOKEN = "test-admin-token";

async function answerOf(path: string, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await callEdge(new Request(`http://vars.test${path}`, { headers, redirect: "manual" }));
  const redirect = res.status >= 300 && res.status < 400;
  return {
    status: res.status,
    location: res.headers.get("location"),
    contentType: redirect ? null : (res.headers.get("content-type")?.split(";")[0]?.trim() ?? null),
    body: redirect ? "" : await res.text(),
  };
}

describe("an nginx table with request variables, against nginx's recorded answers", () => {
  it("imports whole and answers each request as nginx did, or as the named deliberate difference says", async () => {
    const { rules, untranslated } = importNginx(fixture.config);
    expect(untranslated).toEqual([]);
    const put = await callEdge(
      new Request("https://edge.test/_bonafide/rules", {
        method: "PUT",
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ rules }),
      }),
    );
    expect(put.status, await put.clone().text()).toBe(201);

    const differed: string[] = [];
    for (const recorded of fixture.answers) {
      const { status, contentType } = recorded.nginx;
      const redirect = status >= 300 && status < 400;
      const nginx: Answer = { ...recorded.nginx, contentType: redirect ? null : (contentType?.split(";")[0] ?? null) };
      const edge = await answerOf(recorded.path, recorded.headers as Record<string, string> | undefined);
      const differ = DIFFERS[recorded.name];
      if (differ) {
        // The difference is real (nginx really answers otherwise) and bonafide's answer is the documented one.
        expect(edge, `${recorded.name}: deliberately not nginx's answer — ${differ.why}`).not.toEqual(nginx);
        expect(edge, `${recorded.name}: ${differ.why}`).toEqual({ ...nginx, ...differ.bonafide });
        differed.push(recorded.name);
      } else {
        expect(edge, `${recorded.name} (${recorded.path}): nginx's recorded answer`).toEqual(nginx);
      }
    }
    expect(differed.sort()).toEqual(Object.keys(DIFFERS).sort());
  });
});
