"""An officer of another town (易俗河镇) neither sees nor acts on 石鼓镇's cases."""

import pytest

from fazhi.core.workflow import TransitionRefused
from fazhi.enforcement import workflow
from fazhi.enforcement.models import Case


def test_an_officer_of_another_town_does_not_see_the_case(make_case, users):
    case = make_case()
    assert list(Case.objects.visible_to(users.officer)) == [case]
    assert list(Case.objects.visible_to(users.other_officer)) == []


def test_an_officer_of_another_town_is_refused_every_step(make_case, step, users):
    case = make_case()
    with pytest.raises(TransitionRefused, match="您在本区划没有执行“立案”的角色"):
        step(case, "file", user=users.other_officer)
    assert all(not o.allowed for o in workflow.options(case, users.other_officer))


def test_an_officer_of_another_town_cannot_put_officers_on_the_case(make_case, enf, users):
    case = make_case(officers=[enf.wang])
    with pytest.raises(TransitionRefused, match="没有办理该案件的角色"):
        workflow.add_officer(case, enf.zhao, users.other_officer)


def test_a_grid_worker_cannot_act_on_a_case_in_their_grid(make_case, step, users):
    case = make_case()
    with pytest.raises(TransitionRefused, match="没有执行“立案”的角色"):
        step(case, "file", user=users.grid_a)
