import dataclasses
from itertools import combinations

import pytest

from dahui.crypto import elgamal, group
from dahui.crypto.ceremony import CeremonyError, CeremonyParameters, KeyCeremony
from dahui.crypto.context import ElectionContext, manifest_digest
from dahui.crypto.decryption import DecryptionError, combine
from dahui.crypto.device import ScrutineerDevice
from dahui.crypto.dlog import BabyStepGiantStep
from dahui.crypto.simulation import run_key_ceremony

from .conftest import COMMITTEE

NAMES = ("王敏", "李强", "张伟", "刘洋", "陈静")


class CheatingDealer(ScrutineerDevice):
    """Deals scrutineer `victim` a share off its own polynomial; answers complaints
    honestly, with a wrong share, or not at all."""

    def __init__(self, *, victim: int, answer: str, **kwargs):
        super().__init__(**kwargs)
        self.victim, self.answer_mode = victim, answer

    def dealing(self, announcements):
        honest = super().dealing(announcements)
        shares = dict(honest.encrypted_shares)
        shares[self.victim] = (shares[self.victim] + 1) % group.ORDER
        return dataclasses.replace(honest, encrypted_shares=shares)

    def answers(self, ceremony):
        if self.answer_mode == "silent":
            return []
        answers = super().answers(ceremony)
        if self.answer_mode == "wrong":
            answers = [dataclasses.replace(a, share=a.share + 1) for a in answers]
        return answers


def _devices(cheater=None, **cheat):
    parameters = CeremonyParameters(manifest_digest(COMMITTEE), NAMES, 3)
    devices = {i: ScrutineerDevice(index=i, parameters=parameters) for i in parameters.indices}
    if cheater:
        devices[cheater] = CheatingDealer(index=cheater, parameters=parameters, **cheat)
    return devices


def test_an_honest_ceremony_qualifies_everyone_and_every_device_agrees_with_the_transcript():
    ceremony, devices = run_key_ceremony(COMMITTEE, NAMES, 3, devices=_devices())
    result = ceremony.result()
    assert result.qualified == (1, 2, 3, 4, 5)
    assert ceremony.complaints == []
    for j, device in devices.items():
        assert group.base_mul(device._secret_share) == result.verification_keys[j]
    # The joint key is the sum of the dealers' constant terms: no single device holds it.
    assert result.public_key != group.IDENTITY


def test_a_cheating_dealer_is_caught_by_its_victim_and_cleared_by_an_honest_answer():
    ceremony, _ = run_key_ceremony(
        COMMITTEE, NAMES, 3, devices=_devices(cheater=2, victim=4, answer="honest")
    )
    assert [(c.accuser, c.dealer) for c in ceremony.complaints] == [(4, 2)]
    assert ceremony.result().qualified == (1, 2, 3, 4, 5)


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        ("silent", "did not answer the complaint of scrutineer 4"),
        ("wrong", "answered the complaint of scrutineer 4 with a bad share"),
    ],
)
def test_a_cheating_dealer_that_cannot_answer_is_disqualified(answer, reason):
    ceremony, devices = run_key_ceremony(
        COMMITTEE, NAMES, 3, devices=_devices(cheater=2, victim=4, answer=answer)
    )
    result = ceremony.result()
    assert result.qualified == (1, 3, 4, 5)
    assert result.disqualified == {2: reason}
    # The disqualified dealer's polynomial is left out of everyone's key share.
    for j, device in devices.items():
        assert result.verification_keys[j] == group.base_mul(device._secret_share)


def test_a_dealing_with_a_forged_proof_of_knowledge_is_disqualified():
    devices = _devices()
    ceremony = KeyCeremony(devices[1].parameters)
    for device in devices.values():
        ceremony.announce(device.announcement())
    for i, device in devices.items():
        dealing = device.dealing(ceremony.announcements)
        if i == 3:
            c, v = dealing.proofs[0]
            dealing = dataclasses.replace(dealing, proofs=((c, v + 1), *dealing.proofs[1:]))
        ceremony.deal(dealing)
    assert ceremony.result().disqualified == {3: "coefficient 0: proof of knowledge fails"}


def test_the_server_refuses_messages_out_of_turn_or_from_strangers():
    devices = _devices()
    announced = {i: d.announcement() for i, d in devices.items()}
    ceremony = KeyCeremony(devices[1].parameters)
    with pytest.raises(CeremonyError, match="announces a device key before dealing"):
        ceremony.deal(devices[1].dealing(announced))
    with pytest.raises(CeremonyError, match="announcement: no scrutineer 9"):
        ceremony.announce(dataclasses.replace(devices[1].announcement(), scrutineer=9))


def test_the_server_side_transcript_holds_no_private_share():
    ceremony, devices = run_key_ceremony(COMMITTEE, NAMES, 3, devices=_devices())
    text = str(ceremony.to_json())
    for device in devices.values():
        assert group.encode_scalar(device._secret_share) not in text
        for coefficient in device._coefficients:
            assert group.encode_scalar(coefficient) not in text


def test_a_transcript_read_back_gives_the_same_key():
    ceremony, _ = run_key_ceremony(COMMITTEE, NAMES, 3, devices=_devices())
    again = KeyCeremony.from_json(ceremony.to_json())
    assert again.result() == ceremony.result()


def test_any_three_of_five_scrutineers_decrypt_the_same_total():
    ceremony, devices = run_key_ceremony(COMMITTEE, NAMES, 3, devices=_devices())
    result = ceremony.result()
    context = ElectionContext(COMMITTEE, result.public_key)
    total = elgamal.encrypt(42, 987654321, result.public_key)
    shares = {i: d.decrypt(context, [total])[0] for i, d in devices.items()}
    solver = BabyStepGiantStep(100)
    for subset in combinations(devices, 3):
        point = combine(
            context,
            total,
            [shares[i] for i in subset],
            verification_keys=result.verification_keys,
            threshold=3,
            what="c1 for",
        )
        assert solver.solve(point) == 42


def test_two_scrutineers_are_not_enough():
    ceremony, devices = run_key_ceremony(COMMITTEE, NAMES, 3, devices=_devices())
    result = ceremony.result()
    context = ElectionContext(COMMITTEE, result.public_key)
    total = elgamal.encrypt(1, 5, result.public_key)
    shares = [devices[i].decrypt(context, [total])[0] for i in (1, 5)]
    with pytest.raises(DecryptionError, match="shares from 2 scrutineers, 3 are needed"):
        combine(
            context,
            total,
            shares,
            verification_keys=result.verification_keys,
            threshold=3,
            what="c1 for",
        )


def test_a_wrong_decryption_share_is_detected_and_its_scrutineer_named():
    ceremony, devices = run_key_ceremony(COMMITTEE, NAMES, 3, devices=_devices())
    result = ceremony.result()
    context = ElectionContext(COMMITTEE, result.public_key)
    total = elgamal.encrypt(3, 11, result.public_key)
    shares = [devices[i].decrypt(context, [total])[0] for i in (1, 2, 3)]
    shares[1] = dataclasses.replace(shares[1], share=group.add(shares[1].share, group.GENERATOR))
    with pytest.raises(DecryptionError, match="c2 against: scrutineer 2's share fails its proof"):
        combine(
            context,
            total,
            shares,
            verification_keys=result.verification_keys,
            threshold=3,
            what="c2 against",
        )


def test_baby_step_giant_step_finds_every_count_up_to_its_bound_and_no_further():
    solver = BabyStepGiantStep(50)
    for m in (0, 1, 7, 8, 49, 50):
        assert solver.solve(group.base_mul(m)) == m
    with pytest.raises(ValueError, match="between 0 and 50"):
        solver.solve(group.base_mul(51))
