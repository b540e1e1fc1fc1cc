"""Stand positions and pavilion areas: inside their hall, never overlapping, codes unique per
exhibition; refused in the admin with a form error and nothing saved."""

import pytest
from django.core.exceptions import ValidationError

from exhibitors.models import Stand
from pavilions.models import Pavilion
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def floor():
    exhibition = factories.exhibition()
    hall = factories.hall(exhibition, width=100, depth=50, name="Hall N3")
    first = factories.stand(
        factories.exhibitor(name="BelAZ"),
        exhibition,
        booth="N3-1",
        hall=hall,
        x=0,
        y=0,
        width=6,
        depth=3,
    )
    return exhibition, hall, first


def placed(exhibition, hall, **position):
    booth = position.pop("booth", "N3-2")
    return Stand(
        exhibitor=factories.exhibitor(), exhibition=exhibition, booth=booth, hall=hall, **position
    )


def errors(instance):
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def test_stand_touching_another_is_accepted(floor):
    exhibition, hall, _ = floor
    placed(exhibition, hall, x=6, y=0, width=6, depth=3).full_clean()


def test_stand_overlapping_another_is_refused_naming_it(floor):
    exhibition, hall, _ = floor
    stand = placed(exhibition, hall, x=5, y=2, width=6, depth=3)

    assert errors(stand) == {"x": ["The stand overlaps stand N3-1 (BelAZ) in Hall N3."]}


def test_stand_outside_its_hall_is_refused(floor):
    exhibition, hall, _ = floor
    stand = placed(exhibition, hall, x=96, y=0, width=6, depth=3)

    assert errors(stand) == {
        "x": ["The stand does not fit inside Hall N3 (100 × 50 m): it reaches 102 × 3 m."]
    }


def test_stand_with_half_a_position_is_refused(floor):
    exhibition, hall, _ = floor
    stand = placed(exhibition, hall, x=10, y=0, width=None, depth=None)

    assert "__all__" in errors(stand)


def test_stand_code_given_twice_in_an_exhibition_is_refused(floor):
    exhibition, hall, _ = floor
    stand = placed(exhibition, hall, booth="N3-1", x=20, y=0, width=3, depth=3)

    assert errors(stand) == {"__all__": ["Another stand of this exhibition has this stand code."]}


def test_stand_code_may_repeat_in_another_exhibition(floor):
    _, _, first = floor
    other = factories.exhibition()
    factories.stand(first.exhibitor, other, booth="N3-1").full_clean()


def test_positioned_stand_needs_a_code(floor):
    exhibition, hall, _ = floor
    stand = placed(exhibition, hall, booth="", x=20, y=0, width=3, depth=3)

    assert errors(stand) == {"booth": ["A stand on the floor plan needs its stand code."]}


def test_hall_of_another_exhibition_is_refused(floor):
    _, hall, _ = floor
    stand = placed(factories.exhibition(), hall, x=20, y=0, width=3, depth=3)

    assert list(errors(stand)) == ["hall"]


def test_pavilion_area_outside_its_hall_is_refused(floor):
    exhibition, hall, _ = floor
    pavilion = factories.pavilion(exhibition)
    pavilion.hall, pavilion.area_x, pavilion.area_y = hall, 80, 40
    pavilion.area_width, pavilion.area_depth = 30, 5

    assert list(errors(pavilion)) == ["area_x"]
    pavilion.area_width = 20
    pavilion.full_clean()


def test_admin_refuses_an_overlapping_stand_with_a_form_error_and_saves_nothing(
    admin_client, floor
):
    exhibition, hall, first = floor
    other = factories.exhibitor()
    response = admin_client.post(
        "/admin/exhibitors/stand/add/",
        {
            "exhibitor": other.pk,
            "exhibition": exhibition.pk,
            "kind": "stand",
            "booth": "N3-2",
            "hall": hall.pk,
            "x": "4",
            "y": "1",
            "width": "6",
            "depth": "3",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "x": ["The stand overlaps stand N3-1 (BelAZ) in Hall N3."]
    }
    assert list(Stand.objects.values_list("booth", flat=True)) == ["N3-1"]
    assert Pavilion.objects.count() == 0


def test_pavilion_areas_overlapping_are_refused_touching_accepted(floor):
    exhibition, hall, _ = floor
    factories.pavilion(
        exhibition, name="Belarus", hall=hall, area_x=10, area_y=10, area_width=20, area_depth=10
    )
    other = factories.pavilion(exhibition, name="Kazakhstan")
    other.hall, other.area_x, other.area_y, other.area_width, other.area_depth = (
        hall,
        25,
        15,
        10,
        10,
    )
    assert errors(other) == {"area_x": ["The area overlaps the area of Belarus in Hall N3."]}
    other.area_x = 30  # edge to edge
    other.full_clean()
