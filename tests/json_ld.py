"""Reading a page's JSON-LD as a crawler does, and checking it against the schema.org terms we use.

:data:`VOCABULARY` is the allow-list: each schema.org type the site emits, with its parent type and
the properties of its own that we use (looked up on schema.org). A node may use its type's properties
and those of every ancestor; a type or property missing here fails :func:`problems`, so a new one is
added here only after checking that schema.org defines it.
"""

import json
from html.parser import HTMLParser

SCHEMA_ORG = "https://schema.org"

# type: (parent type, properties schema.org defines on this type that the site uses)
VOCABULARY = {
    "Thing": (
        None,
        {
            "name",
            "url",
            "description",
            "image",
            "sameAs",
            "alternateName",
            "identifier",
            "mainEntityOfPage",
            "potentialAction",
        },
    ),
    # Pages and lists.
    "CreativeWork": (
        "Thing",
        {
            "creator",
            "genre",
            "keywords",
            "inLanguage",
            "publisher",
            "datePublished",
            "dateCreated",
            "citation",
            "text",
            "about",
        },
    ),
    "WebSite": ("CreativeWork", set()),
    "Quotation": ("CreativeWork", set()),
    "Intangible": ("Thing", set()),
    "ItemList": ("Intangible", {"itemListElement", "numberOfItems"}),
    "BreadcrumbList": ("ItemList", set()),
    "ListItem": ("Intangible", {"item", "position"}),
    "EntryPoint": ("Intangible", {"urlTemplate"}),
    "Action": ("Thing", {"target"}),
    # Google's documented "query-input" annotation of a SearchAction.
    "SearchAction": ("Action", {"query-input"}),
    # Events.
    "Event": (
        "Thing",
        {
            "startDate",
            "endDate",
            "eventStatus",
            "eventAttendanceMode",
            "location",
            "superEvent",
            "about",
            "organizer",
            "performer",
            "keywords",
        },
    ),
    "ExhibitionEvent": ("Event", set()),
    "FoodEvent": ("Event", set()),
    # Places.
    "Place": ("Thing", {"address", "containedInPlace", "keywords"}),
    "AdministrativeArea": ("Place", set()),
    "Country": ("AdministrativeArea", set()),
    "StructuredValue": ("Intangible", set()),
    "ContactPoint": ("StructuredValue", set()),
    "PostalAddress": ("ContactPoint", {"addressLocality", "addressCountry"}),
    # Organisations and people.
    "Organization": (
        "Thing",
        {
            "logo",
            "foundingDate",
            "address",
            "location",
            "keywords",
            "event",
            "parentOrganization",
            "subOrganization",
            "memberOf",
            "employee",
        },
    ),
    "GovernmentOrganization": ("Organization", set()),
    "ResearchOrganization": ("Organization", set()),
    "Person": ("Thing", {"jobTitle", "worksFor", "nationality", "performerIn"}),
    # What was shown.
    "Product": ("Thing", {"manufacturer", "keywords", "category"}),
    "Service": ("Intangible", {"provider", "category"}),
}

# The enumeration members the site uses as values.
ENUMERATION_VALUES = {
    "eventStatus": {"https://schema.org/EventScheduled"},
    "eventAttendanceMode": {"https://schema.org/OfflineEventAttendanceMode"},
}


def allowed_properties(schema_type):
    allowed = set()
    while schema_type is not None:
        parent, properties = VOCABULARY[schema_type]
        allowed |= properties
        schema_type = parent
    return allowed


def nodes(data):
    """Every JSON object inside ``data``, itself included."""
    if isinstance(data, dict):
        yield data
        for value in data.values():
            yield from nodes(value)
    elif isinstance(data, list):
        for value in data:
            yield from nodes(value)


def problems(block):
    """What is wrong with one top-level JSON-LD block, as a list of messages (empty when valid)."""
    found = []
    if block.get("@context") != SCHEMA_ORG:
        found.append("no @context https://schema.org")
    for node in nodes(block):
        schema_type = node.get("@type")
        if schema_type is None:
            if set(node) - {"@id"}:  # a bare {"@id": ...} is a reference to a node elsewhere
                found.append(f"node without @type: {node}")
            continue
        if schema_type not in VOCABULARY:
            found.append(f"type not in the allow-list: {schema_type}")
            continue
        allowed = allowed_properties(schema_type)
        for key, value in node.items():
            if not key.startswith("@") and key not in allowed:
                found.append(f"{schema_type}.{key} not in the allow-list")
            if value in (None, "", [], {}):
                found.append(f"{schema_type}.{key} is empty")
            if key in ENUMERATION_VALUES and value not in ENUMERATION_VALUES[key]:
                found.append(f"{schema_type}.{key} has an unknown value {value}")
    return found


class Page(HTMLParser):
    """The JSON-LD blocks of a page, each with where it stood (``head`` or ``body``)."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.blocks = []  # (place, text)
        self._place = "head"
        self._in_json_ld = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self._place = "body"
        elif tag == "script" and dict(attrs).get("type") == "application/ld+json":
            self._in_json_ld = True
            self.blocks.append((self._place, ""))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            place, text = self.blocks[-1]
            self.blocks[-1] = (place, text + data)

    @property
    def json_ld(self):
        return [json.loads(text) for _, text in self.blocks]

    def of_type(self, schema_type):
        return [block for block in self.json_ld if block.get("@type") == schema_type]

    def head(self):
        return [json.loads(text) for place, text in self.blocks if place == "head"]


def get_page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return Page(response.content.decode())


def one(page, schema_type):
    """The page's only block of ``schema_type``."""
    blocks = page.of_type(schema_type)
    assert len(blocks) == 1, (schema_type, [b.get("@type") for b in page.json_ld])
    return blocks[0]


def positions(item_list):
    return [entry["position"] for entry in item_list["itemListElement"]]


def urls(item_list, origin="http://testserver"):
    """The entries' URLs as paths (the origin removed)."""
    return [entry["url"].removeprefix(origin) for entry in item_list["itemListElement"]]
