"""What a message still asks at its end (:mod:`llm_core.second_thoughts`): asks taken back, items withdrawn by number,
figures changed later, removals kept after all; and what each rewrite must leave alone."""
import pytest

from llm_core.second_thoughts import (
    final_word,
    with_changed_figures,
    with_removals_kept,
    without_taken_back,
    without_withdrawn_items,
)


def test_an_ask_taken_back_goes_with_the_words_that_take_it_back():
    text = ("- Rate-limit gnb-3 to core-2 at 200 Mbps.\n- Block UDP from gnb-3 to core-2. Hmm, on second thought, leave UDP "
            "alone, the trial needs it.\n- Show the alarms on core-2.")
    got = without_taken_back(text)
    assert "Block UDP" not in got and "leave UDP" not in got and "Rate-limit gnb-3" in got and "alarms on core-2" in got
    got = without_taken_back("(2) split learning of the intent classifier on edge-south, 5 rounds. Scratch that, the model "
                             "is frozen.\n(3) Which models run on edge-south?")
    assert "split learning" not in got and "Which models" in got
    got = without_taken_back("- route gnb-5 to the cloud via core-1. Actually no, the rule will do it, skip this one.\nThanks")
    assert "route gnb-5" not in got
    got = without_taken_back("- fan-zone-iso: anomaly at the stadium -> isolate. Change board rejected this one, drop it.\n"
                             "- fan-zone-cong: congestion at gnb-2 -> alert.")
    assert "isolate" not in got and "congestion at gnb-2" in got


def test_asks_told_of_and_not_made_are_left_out():
    got = without_taken_back("Block telnet into core-1. Then, I was going to ask you to remove the lab-old slice, but hold "
                             "off on that for a month. Finally route the campus via agg-east.")
    assert "lab-old" not in got and "Block telnet" in got and "route the campus" in got
    got = without_taken_back("Cap the port at 300 Mbps. We also considered blocking UDP from the port, but the cranes need it, "
                             "so please don't.")
    assert "blocking UDP" not in got and "Cap the port" in got


@pytest.mark.parametrize("text", [
    "Keep gnb-4's traffic to core-1 off agg-north if you can... actually no, it MUST stay off agg-north.",
    "Slice for the stadium on edge-north? No, scratch that, on the campus. 300 Mbps.",
    "fan-cam -- add gnb-2? no wait it already has it. just set 6 ms",
    "We had a rate limit on the campus... no, wait. We DO want a limit on the campus, 500 Mbps.",
    "1) block gnb-1 -> core-2\n2) route the farm -> cloud-dc via core-1\nnvm the first one",
    "- the telemetry of gnb-6, please\n- delete slice night-test -> forget this one, Ana removed it this morning",
    "we talked in standup: the port is fine, but gnb-7 keeps saturating, so cap gnb-7 at 100 Mbps - don't touch the port.",
    "Block UDP from the gNBs to core-1. Leave gnb-7 alone. Never mind the noise in the logs, the vendor is on it.",
    "Show the alarms on core-1. Block UDP from gnb-3 to core-2. On second thought, leave UDP alone.\nP.S. Talked to Ana, "
    "block it after all.",
    "Block telnet into core-1. Create a URLLC slice at hospital-1 with 5 ms. Never mind the cost, the surgeons need it.",
    "Block telnet into core-1. Create an eMBB slice at the port, 300 Mbps. On second thought, we need it at the farm too.",
    "Block telnet into core-1 and cap gnb-3 to core-1 at 100 Mbps. On second thought, leave telnet alone, ops use it.",
    "Block telnet into core-1. Cap the port at 300 Mbps. There's an old slice port-test still up, drop that one.",
    "Block telnet into core-1. I was going to ask you to wait until Monday, but no need: please delete lab-old today.",
    "Hi team. Block telnet into core-1. Cancel this: the fan-zone slice.",
    "Show the alarms on core-2. Block UDP from gnb-3 to core-2. On second thought, leave UDP alone. Block TCP 8080 instead.",
])
def test_repairs_and_asks_that_go_on_are_left_as_written(text):
    """A repair of a part, a taking back that points further back, an item that drops itself and an ask after a
    "don't" are for the readers that know them: nothing is cut here."""
    assert without_taken_back(text) == text


def test_items_withdrawn_by_their_number():
    text = ("Three asks:\n1. FedFT of the anomaly detector on gnb-1 and gnb-2, 10 rounds.\n2. Route gnb-2 to edge-north.\n"
            "3. Block SSH from gnb-2 to edge-north.\nP.S. Forget #3, the techs still need SSH.")
    got = without_withdrawn_items(text)
    assert "Block SSH" not in got and "Forget" not in got and "P.S." not in got and "2. Route gnb-2" in got
    got = without_withdrawn_items("1. Delete slice lab-a.\n2. Delete slice lab-b.\n\nUpdate: item 2 is off, lab-b is busy; "
                                  "the rest stands.")
    assert "lab-b" not in got.split("Update")[0] and "1. Delete slice lab-a." in got


@pytest.mark.parametrize("text", [
    "Three asks:\n1. Route gnb-2 to edge-north.\n2. Block SSH from gnb-2 to edge-north.\nP.S. Forget #2, and add a cap of "
    "200 Mbps on gnb-4 to core-1.",
    "1. Route gnb-1 to the cloud.\n2. Show the alarms on gnb-3.\nContext: cell number 2 is off since Monday.",
    "1. Route gnb-1 to the cloud.\n2. Block SSH from gnb-1.\nAlso, disregard point 2 of yesterday's mail, that was done.",
])
def test_items_not_withdrawn(text):
    """A withdrawal that asks more, a cell's number, another mail's item."""
    assert without_withdrawn_items(text) == text


def test_figures_changed_later_are_written_where_they_were_asked():
    got = with_changed_figures("- fine-tune the intent classifier on the edges with FedProx for 10 rounds\n"
                               "P.S. Make it 30 rounds on the fine-tuning, 10 is too few.")
    assert "for 30 rounds" in got and "P.S." not in got and "10 is too few" not in got
    got = with_changed_figures("1. Cap gnb-5 to core-1 at 400 Mbps.\n2. Show the path of gnb-5.\n"
                               "Item 1: actually make that 250 Mbps.")
    assert "at 250 Mbps" in got and "Item 1" not in got
    got = with_changed_figures("2. Create an eMBB slice named expo-hall at the stadium, 2 Gbps.\n"
                               "P.S. expo-hall should be 2.5 Gbps, not 2.")
    assert "2.5 Gbps" in got and "not 2" not in got


@pytest.mark.parametrize("text", [
    "The cap on the port is no longer 100 Mbps; make it 40 Mbps.",
    "I asked for a 100 Mbps cap on the farm earlier. Make that 150 Mbps, and add the same cap for the port.",
    "Route gnb-1 around agg-east. Set the cap at 200 Mbps on gnb-1 to core-1.",
    "Cap gnb-1 at 200 Mbps and gnb-2 at 300 Mbps. P.S. make it 250 Mbps.",
    "Create an eMBB slice at the stadium with 2 Gbps. Also add a cap from gnb-2 to core-1. Make it 500 Mbps.",
    "1. Create an eMBB slice at the stadium, 2 Gbps.\n2. Cap gnb-2 to core-1 at 300 Mbps.\nItem 2: 500 Mbps is the uplink "
    "max, so stay well below.",
    "Cap the port at 300 Mbps tonight.\nMake it 500 Mbps from Monday.",
    "1. URLLC slice at hospital-1, 10 ms.\n2. Same for hospital-2.\nP.S. make it 5 ms for hospital-2.",
])
def test_figures_not_changed_where_the_change_is_unclear(text):
    """A change in the same sentence, one that asks more, a new ask, and a figure that could be either of two."""
    assert with_changed_figures(text) == text


def test_a_removal_kept_after_all():
    text = ("Please delete old-expo, test-3 and harvest-pilot. Cap the campus at 800 Mbps.\n"
            "P.S. Change of heart on harvest-pilot: the farm still uses it, keep it.")
    got = with_removals_kept(text)
    assert "harvest-pilot" not in got and "delete old-expo, test-3." in got and "Cap the campus" in got
    for kept in ("Delete the slices old-expo and lab-7. Actually, there's no reason to keep lab-7.",
                 "Delete the slices old-expo and fan-zone. Actually, keep fan-zone and raise it to 2 Gbps.",
                 "Delete slices lab-7 and fan-zone. Wait, keep fan-zone until 18:00, then delete it."):
        assert with_removals_kept(kept) == kept
    assert with_removals_kept("Keep harvest-pilot. Actually, keep harvest-pilot.") == \
        "Keep harvest-pilot. Actually, keep harvest-pilot."


def test_final_word_leaves_plain_requests_alone():
    for text in ("Create a URLLC slice at hospital-1, 5 ms, and block telnet into core-1.",
                 "Make it 3 ms.", "Delete fan-zone. Actually, keep the alarms rule."):
        assert final_word(text) == text
