<?xml version="1.0" encoding="utf-8"?>
<!-- The benchmark page in XSLT 1.0: the same three lists as list.tsx. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="html"/>
  <xsl:template match="/">
    <html lang="en"><body>
      <section><h2>a</h2><ul><xsl:for-each select="/page/a/list/item">
        <li><a href="/item/{@id}"><xsl:value-of select="title"/></a><xsl:text> </xsl:text><b><xsl:value-of select="price"/></b></li>
      </xsl:for-each></ul></section>
      <section><h2>b</h2><ul><xsl:for-each select="/page/b/list/item">
        <li><a href="/item/{@id}"><xsl:value-of select="title"/></a><xsl:text> </xsl:text><b><xsl:value-of select="price"/></b></li>
      </xsl:for-each></ul></section>
      <section><h2>c</h2><ul><xsl:for-each select="/page/c/list/item">
        <li><a href="/item/{@id}"><xsl:value-of select="title"/></a><xsl:text> </xsl:text><b><xsl:value-of select="price"/></b></li>
      </xsl:for-each></ul></section>
    </body></html>
  </xsl:template>
</xsl:stylesheet>
