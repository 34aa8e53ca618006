<?xml version="1.0" encoding="utf-8"?>
<!-- The employers page in XSLT 1.0, the way XScript/Frontik sites wrote pages; translation keys and
     links go through the same post-processors as the TSX pages. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="html"/>
  <xsl:template match="/">
    <html lang="{/page/meta/lang}">
      <head><meta charset="utf-8"/><title>{{t:employers.title}} — {{t:site.title}}</title>
        <style>body{font:16px/1.45 system-ui,sans-serif;margin:0}header{background:#d6001c;color:#fff;padding:12px 24px}header a{color:#fff;margin-right:12px}main{max-width:860px;margin:24px auto;padding:0 16px}.card{border:1px solid #ddd;border-radius:8px;padding:12px 16px;margin:10px 0}.muted{color:#666}</style>
      </head>
      <body>
        <header><a href="/">{{t:nav.home}}</a><a href="/employers">{{t:nav.employers}}</a></header>
        <main>
          <h1>{{t:employers.title}}</h1>
          <xsl:apply-templates select="/page/list/employers/employer"/>
          <xsl:if test="/page/list/error"><p class="muted">{{t:degraded.note}}</p></xsl:if>
        </main>
      </body>
    </html>
  </xsl:template>
  <xsl:template match="employer">
    <div class="card">
      <strong><xsl:value-of select="name"/></strong>
      <span class="muted"> · <xsl:value-of select="city"/> · <xsl:value-of select="@staff"/> {{t:employers.staff}}</span>
      <div><xsl:value-of select="about"/></div>
      <div class="muted">vacancies: <xsl:value-of select="vacancies"/></div>
    </div>
  </xsl:template>
</xsl:stylesheet>
