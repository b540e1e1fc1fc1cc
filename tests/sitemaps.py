"""Reading the sitemap as a crawler does: the index at /sitemap.xml, then every sitemap it names."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def sitemap_files(client):
    """The paths (with their ``?p=``) of the sitemaps the index names."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    root = ET.fromstring(response.content)
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    files = []
    for loc in root.findall("sm:sitemap/sm:loc", NS):
        parts = urlsplit(loc.text)
        files.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return files


def sitemap_entries(client):
    """``{location: {hreflang: alternate}}`` of every URL of every sitemap, in their order."""
    entries = {}
    for path in sitemap_files(client):
        response = client.get(path)
        assert response.status_code == 200, path
        root = ET.fromstring(response.content)
        urls = root.findall("sm:url", NS)
        assert len(urls) <= 50_000
        for url in urls:
            entries[url.find("sm:loc", NS).text] = {
                link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)
            }
    return entries
