"""pixkit.memo: a bounded memo, emptied when full."""
from pixkit.memo import Memo


def test_a_full_memo_starts_again_from_empty():
    memo = Memo(max_entries=2)
    memo.put("a", 1)
    memo.put("b", 2)
    assert (memo.get("a"), memo.get("b"), memo.get("c")) == (1, 2, None)
    memo.put("c", 3)
    assert (memo.get("a"), memo.get("b"), memo.get("c"), len(memo)) == (None, None, 3, 1)
