"""schema.org structured data for exhibitors and showcases (see :mod:`core.structured_data`).

- An exhibitor is an ``Organization``: its page is the ``url``, its own website is ``sameAs``, each of its
  countries is a ``PostalAddress`` with ``addressCountry`` (a Belarusian-Chinese joint venture has two),
  its headquarters city is its ``location``, its sectors are ``keywords`` and the exhibitions it had a
  stand at are ``event``.
- Partners are linked only where schema.org has a word for the link: a joint venture's partners that are
  not joint ventures are its ``parentOrganization``; seen from such a partner, the joint venture is a
  ``subOrganization``; an association partner is something the exhibitor is ``memberOf``. Other
  partnerships appear on the page but not in the structured data.
- A showcase of kind "product" is a ``Product`` whose ``manufacturer`` is the exhibitor, released on the
  exhibition's first day when it premiered there; technologies, applications and innovations are
  ``CreativeWork`` with the exhibitor as ``creator`` and the kind as ``genre``.

Only published records appear, including in links: an unpublished partner or maker is left out.
"""

from core.structured_data import compact, entity_ref, image_url, register
from exhibitions.structured_data import exhibition_ref
from exhibitors.models import Exhibitor, Showcase

JOINT_VENTURE = Exhibitor.Kind.JOINT_VENTURE
ASSOCIATION = Exhibitor.Kind.ASSOCIATION


def organization_ref(exhibitor, request=None):
    """A short reference to an exhibitor, for links from other entities."""
    return entity_ref(exhibitor, "Organization", "organization", request)


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


@register(Exhibitor)
def exhibitor_data(exhibitor, request=None):
    if not exhibitor.published:
        return None
    data = organization_ref(exhibitor, request)
    data.update(
        {
            "alternateName": exhibitor.local_name,
            "description": exhibitor.summary,
            "sameAs": exhibitor.website,
            "logo": image_url(exhibitor.logo, request),
            "foundingDate": str(exhibitor.founded) if exhibitor.founded else None,
            "address": [
                {"@type": "PostalAddress", "addressCountry": country.code}
                for country in exhibitor.countries.all()
            ],
            "location": (
                {"@type": "Place", "name": exhibitor.headquarters}
                if exhibitor.headquarters
                else None
            ),
            "keywords": [sector.name for sector in exhibitor.sectors.all()],
            "event": [
                exhibition_ref(stand.exhibition, request) for stand in exhibitor.stands.all()
            ],
            **partner_links(exhibitor, request),
        }
    )
    return compact(data)


@register(Showcase)
def showcase_data(showcase, request=None):
    maker = showcase.exhibitor
    if not showcase.published or (maker is not None and not maker.published):
        return None
    maker_ref = organization_ref(maker, request) if maker is not None else None
    is_product = showcase.kind == Showcase.Kind.PRODUCT
    data = entity_ref(showcase, "Product" if is_product else "CreativeWork", "showcase", request)
    data.update(
        {
            "description": showcase.summary,
            "image": image_url(showcase.image, request),
            "keywords": [sector.name for sector in showcase.sectors.all()],
        }
    )
    if is_product:
        starts_on = showcase.exhibition.starts_on
        data["manufacturer"] = maker_ref
        if showcase.premiere and starts_on:
            data["releaseDate"] = starts_on.isoformat()
    else:
        data["creator"] = maker_ref
        data["genre"] = showcase.get_kind_display()
    return compact(data)
