"""schema.org structured data for exhibitors and showcases (see :mod:`core.structured_data`).

- An exhibitor is an ``Organization`` (a public body a ``GovernmentOrganization``, a research body a
  ``ResearchOrganization``), identified by ``@id`` on its page here (also its ``mainEntityOfPage``).
  Its ``url`` is its own website; ``sameAs`` would list profiles elsewhere (an encyclopedia, a register),
  which the records do not hold, so there is none. Its ``logo`` is the absolute URL of its logo, each of
  ``address`` is its headquarters city and the country that city is in (not its countries: a
  Belarusian-Chinese joint venture belongs to two, but its plant stands in one), its headquarters city is
  its ``location``, its sectors are ``keywords`` and the exhibitions it had
  a stand at are ``event``.
- People are linked to an exhibitor when they are named with it, which is not always employment: a
  Gomselmash manager speaks for the Zongshen-Gomselmash joint venture. A linked person is an
  ``employee`` (``worksFor`` the exhibitor) only when their role names the exhibitor ("..., Gomselmash").
  The quotes of every linked person are page-level ``Quotation`` nodes.
- Partners are linked only where schema.org has a word for the link: a joint venture's partners that are
  not joint ventures are its ``parentOrganization``; seen from such a partner, the joint venture is a
  ``subOrganization``; an association partner is something the exhibitor is ``memberOf``. Other
  partnerships appear on the page but not in the structured data.
- A showcase is typed by its kind (:data:`SHOWCASE_TYPES`): a product (or a launch) is a ``Product``
  whose ``manufacturer`` is the exhibitor; a service is a ``Service`` with the exhibitor as ``provider``;
  a tasting is a ``FoodEvent``, an event at the exhibition (``superEvent``) where food is served, not a
  thing for sale, held at the edition's place during its days (as a pavilion is); technologies, applications and innovations (and any other kind) are ``CreativeWork``
  with the exhibitor as ``creator`` and the kind as ``genre``: something made and shown, with no
  narrower schema.org type that fits all of them. No ``releaseDate``: a premiere says the showcase was
  first shown at the exhibition, not on which day (the sources give none).

Only published records appear, including in links: an unpublished partner or maker is left out.
"""

import re

from core.structured_data import (
    EVENT_SCHEDULED,
    absolute_url,
    compact,
    entity_ref,
    fetched,
    image_url,
    register,
    register_page,
)
from exhibitions.structured_data import (
    attendance_mode,
    event_dates,
    exhibition_place,
    exhibition_ref,
    person_data,
    quotations_of,
)
from exhibitors.models import Exhibitor, Showcase

JOINT_VENTURE = Exhibitor.Kind.JOINT_VENTURE
ASSOCIATION = Exhibitor.Kind.ASSOCIATION

# The schema.org type of an exhibitor by kind; any other kind is an ``Organization``.
ORGANIZATION_TYPES = {
    Exhibitor.Kind.PUBLIC_BODY: "GovernmentOrganization",
    Exhibitor.Kind.RESEARCH_BODY: "ResearchOrganization",
}

# The schema.org type of a showcase by kind (see the module docstring); any other kind is a
# ``CreativeWork``. "launch", "service" and "tasting" apply once Showcase.Kind offers them.
SHOWCASE_TYPES = {
    Showcase.Kind.PRODUCT: "Product",
    "launch": "Product",
    "service": "Service",
    "tasting": "FoodEvent",
}


def organization_id(exhibitor, request=None):
    return absolute_url(exhibitor.get_absolute_url(), request) + "#organization"


def organization_ref(exhibitor, request=None):
    """A short reference to an exhibitor, for links from other entities: type, ``@id``, name and its
    website as ``url``."""
    return compact(
        {
            "@type": ORGANIZATION_TYPES.get(exhibitor.kind, "Organization"),
            "@id": organization_id(exhibitor, request),
            "name": exhibitor.name,
            "url": exhibitor.website,
        }
    )


def partner_links(exhibitor, request=None):
    """``{property: [references]}`` for the partners whose relation schema.org can name."""
    links = {"parentOrganization": [], "subOrganization": [], "memberOf": []}
    for partner in exhibitor.partners.all():
        if not partner.published:
            continue
        if exhibitor.kind == JOINT_VENTURE and partner.kind != JOINT_VENTURE:
            links["parentOrganization"].append(organization_ref(partner, request))
        elif partner.kind == JOINT_VENTURE and exhibitor.kind != JOINT_VENTURE:
            links["subOrganization"].append(organization_ref(partner, request))
        elif partner.kind == ASSOCIATION and exhibitor.kind != ASSOCIATION:
            links["memberOf"].append(organization_ref(partner, request))
    return links


def role_names(role, exhibitor):
    """Whether a person's role names the exhibitor (its name or local name, as whole words)."""
    text = role.casefold()
    for name in (exhibitor.name, exhibitor.local_name):
        if name and re.search(rf"(?<![\w-]){re.escape(name.casefold())}(?![\w-])", text):
            return True
    return False


def employees(exhibitor, request=None):
    """The linked people whose role names the exhibitor, as ``Person`` nodes that work for it."""
    works_for = {"@id": organization_id(exhibitor, request)}
    return [
        person_data(person, request, works_for=works_for)
        for person in exhibitor.people.all()
        if role_names(person.role, exhibitor)
    ]


def address_data(exhibitor):
    """Where the organisation's seat or site is, as far as the records say: its headquarters city and
    the country that city is in. Not its countries: a Belarusian-Chinese joint venture belongs to
    both, but its plant is in China."""
    country = exhibitor.headquarters_country if exhibitor.headquarters_country_id else None
    if country is None and not exhibitor.headquarters:
        return None
    return compact(
        {
            "@type": "PostalAddress",
            "addressLocality": exhibitor.headquarters,
            "addressCountry": country.code if country else None,
        }
    )


@register(Exhibitor)
def exhibitor_data(exhibitor, request=None):
    if not exhibitor.published:
        return None
    data = organization_ref(exhibitor, request)
    data.update(
        {
            "mainEntityOfPage": absolute_url(exhibitor.get_absolute_url(), request),
            "alternateName": exhibitor.local_name,
            "description": exhibitor.summary,
            "logo": image_url(exhibitor.logo, request),
            "foundingDate": str(exhibitor.founded) if exhibitor.founded else None,
            "address": address_data(exhibitor),
            "location": (
                {"@type": "Place", "name": exhibitor.headquarters}
                if exhibitor.headquarters
                else None
            ),
            "keywords": [sector.name for sector in exhibitor.sectors.all()],
            "event": [
                exhibition_ref(stand.exhibition, request) for stand in exhibitor.stands.all()
            ],
            "employee": employees(exhibitor, request),
            **partner_links(exhibitor, request),
        }
    )
    return compact(data)


@register_page("exhibitors:exhibitor_detail")
def exhibitor_page(context, request=None):
    """An exhibitor page's quotations, from the people the view prefetched with their quotes."""
    exhibitor = context.get("exhibitor")
    if exhibitor is None:
        return []
    return quotations_of(fetched(exhibitor.people.all()), request)


@register(Showcase)
def showcase_data(showcase, request=None):
    maker = showcase.exhibitor
    if not showcase.published or (maker is not None and not maker.published):
        return None
    maker_ref = organization_ref(maker, request) if maker is not None else None
    schema_type = SHOWCASE_TYPES.get(showcase.kind, "CreativeWork")
    data = entity_ref(showcase, schema_type, "showcase", request)
    data.update(
        {
            "description": showcase.summary,
            "image": image_url(showcase.image, request),
        }
    )
    sectors = [sector.name for sector in showcase.sectors.all()]
    if schema_type == "Product":
        data.update({"manufacturer": maker_ref, "keywords": sectors})
    elif schema_type == "Service":
        # Service has no keywords; its sectors are its categories.
        data.update({"provider": maker_ref, "category": sectors})
    elif schema_type == "FoodEvent":
        exhibition = showcase.exhibition
        data.update(
            {
                "keywords": sectors,
                **event_dates(exhibition),
                "eventStatus": EVENT_SCHEDULED,
                "eventAttendanceMode": attendance_mode(exhibition),
                "location": exhibition_place(exhibition),
                "superEvent": exhibition_ref(exhibition, request),
            }
        )
    else:
        data.update(
            {"creator": maker_ref, "genre": showcase.get_kind_display(), "keywords": sectors}
        )
    return compact(data)
