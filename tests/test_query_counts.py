"""Every public page costs the same number of queries whatever the data size."""

import pytest

from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db

PAGES = {
    "home": lambda w: "/",
    "exhibition": lambda w: w["exhibition"].get_absolute_url(),
    "pavilion_list": lambda w: "/pavilions/",
    "pavilion_detail": lambda w: w["pavilion"].get_absolute_url(),
    "exhibitor_list": lambda w: "/exhibitors/",
    "exhibitor_list_filtered": lambda w: f"/exhibitors/?country=by&sector={w['sector'].slug}",
    "exhibitor_detail": lambda w: w["exhibitor"].get_absolute_url(),
    "showcase_list": lambda w: "/showcases/",
    "showcase_list_filtered": lambda w: f"/showcases/?sector={w['sector'].slug}&kind=product",
    "showcase_detail": lambda w: w["showcase"].get_absolute_url(),
    "country_list": lambda w: "/countries/",
    "country_detail": lambda w: "/countries/by/",
    "sector_list": lambda w: "/sectors/",
    "sector_detail": lambda w: w["sector"].get_absolute_url(),
    "search": lambda w: "/search/?q=Exhibitor",
    "exhibitor_list_all_filters": lambda w: (
        f"/exhibitors/?q=Exhibitor&country=by&sector={w['sector'].slug}&pavilion={w['pavilion'].slug}"
        f"&exhibition={w['exhibition'].slug}&kind=company&sort=country&page=2"
    ),
    "showcase_list_all_filters": lambda w: (
        f"/showcases/?q=Showcase&country=by&sector={w['child'].slug}&exhibition={w['exhibition'].slug}"
        f"&exhibitor={w['exhibitor'].slug}&kind=product&sort=newest"
    ),
    "exhibitor_export_csv": lambda w: "/exhibitors/data.csv?country=by",
    "showcase_export_json": lambda w: "/showcases/data.json",
}


@pytest.mark.parametrize("page", PAGES)
def test_query_count_constant_with_few_and_many_rows(client, page):
    count = assert_constant_queries(client, PAGES[page])
    print(f"{page}: {count} queries")
