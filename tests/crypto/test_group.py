import pytest
from hypothesis import given
from hypothesis import strategies as st

from dahui.crypto import group


def test_zero_scalar_and_identity_give_the_identity_instead_of_a_libsodium_error():
    assert group.base_mul(0) == group.IDENTITY
    assert group.mul(0, group.GENERATOR) == group.IDENTITY
    assert group.mul(5, group.IDENTITY) == group.IDENTITY
    assert group.mul(group.ORDER, group.GENERATOR) == group.IDENTITY


def test_the_identity_is_a_valid_point_but_an_arbitrary_string_is_not():
    assert group.decode_point(group.IDENTITY.hex(), where="x") == group.IDENTITY
    with pytest.raises(group.GroupError, match="x: not a valid ristretto255 point"):
        group.decode_point("ff" * 32, where="x")


def test_non_canonical_and_short_encodings_are_refused():
    # 2^255 - 18 is p + 1 written out: a field element that is not reduced.
    unreduced = ((1 << 255) - 18).to_bytes(32, "little").hex()
    with pytest.raises(group.GroupError):
        group.decode_point(unreduced, where="p")
    with pytest.raises(group.GroupError):
        group.decode_point(group.GENERATOR.hex()[:-2], where="p")
    with pytest.raises(group.GroupError, match="not a 32-byte lowercase hex string"):
        group.decode_point("zz" * 32, where="p")
    with pytest.raises(group.GroupError, match="not a 32-byte lowercase hex string"):
        group.decode_point(group.GENERATOR.hex().upper(), where="p")


def test_an_unreduced_scalar_is_refused():
    with pytest.raises(group.GroupError, match="not reduced"):
        group.decode_scalar(group.ORDER.to_bytes(32, "little").hex(), where="s")


@given(st.integers(min_value=0, max_value=group.ORDER - 1), st.integers(0, group.ORDER - 1))
def test_scalar_multiplication_distributes_over_scalar_addition(a, b):
    assert group.add(group.base_mul(a), group.base_mul(b)) == group.base_mul(a + b)
    assert group.mul(a, group.base_mul(b)) == group.base_mul(a * b)
