"""The snapshot rule and the student number rule, on their own."""
import pytest
from pix_contracts.framework import COMPETENCE_CODES
from pix_sharing.domain.shares import StudentNumberRequired, snapshot_of, student_number_for


def copy_with(**pix: int) -> dict:
    competences = [{"code": c, "level": pix.get(c.replace(".", "_"), 0) // 8, "pix": pix.get(c.replace(".", "_"), 0),
                    "progress": pix.get(c.replace(".", "_"), 0) % 8} for c in COMPETENCE_CODES]
    return {"_id": "u", "total_pix": sum(pix.values()), "competences": competences,
            "updated_at": "2025-03-01T09:30:00.000000Z"}


@pytest.mark.parametrize("profile", [None, {"_id": "u", "erased": True}, {"_id": "u"}])
def test_no_copy_yet_or_an_erased_one_shares_sixteen_zero_competences(profile):
    snapshot = snapshot_of(profile)
    assert (snapshot.total_pix, snapshot.profile_percent, snapshot.certifiable_competences) == (0, 0, 0)
    assert [c["code"] for c in snapshot.competences] == list(COMPETENCE_CODES)
    assert all((c["level"], c["pix"], c["progress"]) == (0, 0, 0) for c in snapshot.competences)
    assert snapshot.updated_at is None


def test_percent_is_evaluated_competences_over_sixteen_rounded_down_and_certifiable_counts_levels():
    snapshot = snapshot_of(copy_with(**{"1_1": 8, "1_2": 3, "2_1": 17, "5_2": 40, "4_3": 7}))
    assert snapshot.total_pix == 75
    assert snapshot.profile_percent == 5 * 100 // 16 == 31  # 31.25 rounded down
    assert snapshot.certifiable_competences == 3  # levels 1, 2 and 5; 3 and 7 pix are level 0
    assert snapshot.updated_at == "2025-03-01T09:30:00.000000Z"
    assert snapshot_of(copy_with(**{c.replace(".", "_"): 8 for c in COMPETENCE_CODES})).profile_percent == 100


def test_the_student_number_is_required_and_kept_for_higher_education_only():
    assert student_number_for("SUP", "  A-2201 ") == "A-2201"
    for blank in (None, "", "  \u00a0 "):
        with pytest.raises(StudentNumberRequired):
            student_number_for("SUP", blank)
    for kind in ("SCO", "PRO", "MEDIATION"):
        assert student_number_for(kind, "A-2201") is None and student_number_for(kind, None) is None
