"""Figures a request works out are written as their results before the model reads the text."""
from __future__ import annotations

import pytest

from llm_core.arithmetic import step_as_figure, worked_out


@pytest.mark.parametrize(("said", "read"), [
    # a change with its base in the same clause
    ("double fan-zone's bandwidth, it runs at 400 Mbps now", "set fan-zone's bandwidth to 800 Mbps"),
    ("raise it by 250 Mbps (it sits at 750 today)", "set it to 1000 Mbps"),
    ("bump the stadium slice from 600 Mbps by 50 %", "set the stadium slice to 900 Mbps"),
    ("reduce the fan-zone slice by 200 Mbps from 500 Mbps", "set the fan-zone slice to 300 Mbps"),
    ("Raise hospital1-surgery's 10 ms latency by 50 %.", "set hospital1-surgery's latency to 15 ms."),
    ("Increase its device limit by a quarter of its 800.", "set its device limit to 1000."),
    ("add another 150 Mbps to its current 350", "set it to 500 Mbps"),
    ("Take 200 Mbps off campus-video's 300 Mbps.", "set campus-video to 100 Mbps."),
    ("and its 5 ms latency down by 1 ms", "and its 4 ms latency"),
    # a share or a multiple of a base
    ("make it twice the 150 it has", "make it 300"),
    ("cut the rate limit on campus to a third of its 900 Mbps", "cut the rate limit on campus to 300 Mbps"),
    ("rate-limit it at half its 600 Mbps", "rate-limit it at 300 Mbps"),
    ("one and a half times its current 40 ms", "60 ms"),
    ("a quarter more than the 800 it has", "1000"),
    ("10 % under the 2 Gbps cap", "1800 Mbps cap"),
    ("from 20 ms down by half", "to 10 ms"),
    ("drop latency from 12 ms to two thirds of that", "drop latency to 8 ms"),
    ("Cut its cloud rate limit from 2.5 Gbps to 40 %.", "Cut its cloud rate limit to 1000 Mbps."),
    # sums of parts
    ("2 Gbps minus the 500 Mbps kept for broadcast", "1500 Mbps kept for broadcast"),
    ("a slice for 8,000 sensors plus 25 %", "a slice for 10000 sensors"),
    ("enough for 40 cameras at 8 Mbps each", "enough for 40 cameras, 320 Mbps in total"),
    ("50 kbps for each of 2,000 meters", "2,000 meters, 100 Mbps in total"),
    ("200 cars, 0.5 Mbps per car", "200 cars, 100 Mbps in total"),
    ("4 production lines x 2 robots x 20 Mbps", "160 Mbps"),
    ("Split 1 Gbps evenly between the two slices a-1 and a-2.", "Give 500 Mbps each to the two slices a-1 and a-2."),
    # a change of "it", its base in the previous or the next sentence, which then carries the result too
    ("The slice has 150 Mbit/s now. Please double it.", "The slice has 300 Mbps now. Please set it to 300 Mbps."),
    ("We're at 2.4 Gbps on stadium-4k. Halve it.", "We're at 1200 Mbps on stadium-4k. set it to 1200 Mbps."),
    ("Cut farm-cams bandwidth by a quarter. For reference it's 80 Mbps now.",
     "set farm-cams bandwidth to 60 Mbps. For reference it's 60 Mbps now."),
    ("port-iot allows 12k devices; cut that by a quarter.", "port-iot allows 9000 devices; set that to 9000."),
    # a figure said as a share of one before it, which stays
    ("a slice with 250 Mbps and a cap at twice that", "a slice with 250 Mbps and a cap at 500 Mbps"),
    # nines added or dropped
    ("port-iot runs at three nines uptime. Give it two more nines.", "port-iot runs at 5 nines uptime. set it to 5 nines."),
    ("Drop one nine from its availability, which is 99.99% now.",
     "set it to 3 nines from its availability, which is 3 nines now."),
    # an impossible result is written as it comes out, for the value check to refuse
    ("fan-cam has 300 Mbps; cut it by 120 %.", "fan-cam has -60 Mbps; set it to -60 Mbps."),
])
def test_a_worked_out_figure_is_written_as_its_result(said: str, read: str) -> None:
    assert worked_out(said) == read


@pytest.mark.parametrize("said", [
    "double whatever it has now",  # no base: the translator refuses it
    "halve it",
    "Add 20 % to it.",
    "route gnb-1 to core-2 over 2 paths",  # a node's number, a count
    "Rate-limit factory 3 to the cloud at 100 Mbps.",
    "limit gnb six to edge east at 400 meg",
    "set up a video slice at the arena, 1.5 gbps from 18:30 to 22:00",  # a time
    "Move matchday to 18:00-23:00 and give it 1.2 Gbps.",
    "give it 400 megs",  # a figure, not a change
    "halve it to 500 Mbit/s",  # the result is said
    "Halve the bandwidth of dorm-gaming, from 400 down to 200 Mbps.",
    "for slice platoon-a, bandwidth double to 100 Mbps",
    "city-wifi: halve it, 5 Gbps is plenty",
    "What's 17 times 23?",  # a sum, not a figure of the network
    "fedavg on all nodes, 12 rounds x 3 local epochs",  # two settings
    "our CCTV (412 cameras, 8 Mbps each) needs a slice of 3.5 Gbps",  # an aside in brackets
    "64 cameras x 25 Mbps = 1.6 Gbps",  # the result follows
    "create a v2x slice called new-v2x 15 milliseconds",
    "V2X slice\n- 20 ms\n- 99.99% availability",  # a list, not a difference
    "2,000 devices at 100 kbps",  # each or in all: not said
    "Block tcp port 8080 (0x1F90 in the hex dump).",
    "Split 1 Gbps between the 0 slices.",  # once a division by zero
    "Move the robots from four nines of reliability to five nines.",
    "Raise hospital1-surgery's 0.98 reliability by 1 %.",  # points or a share: unclear, left to the model
    "Raise the 99.9 % reliability by 0.09 %.",
    "Change yard-cams reliability from 0.9999 to 99.999%.",
    "let's drop tcp traffic on port 1883 from the 1st factory to cell site seven",
    # what a review found changed: figures each of several paths, slices or nodes gets, latency (not additive)
    "Route gnb 3 to core-1 with 2 paths at 400 Mbps each.",
    "Rate-limit 3 gnbs at 50 Mbps each to the cloud.",
    "Create a slice for 3 hospitals with 10 ms each.",
    # a base that is an ask, another slice's figure, a port, or of another kind
    "Set fan-zone to 800 Mbps. Reduce it by half at night.",
    "fan-zone has 400 Mbps now; raise surg-a by 50 %.",
    "Create an eMBB slice with 500 Mbps. Add 99.999% reliability.",
    "Give fan-zone 300 Mbps. Then give it 5 more minutes.",
    "Block port 8080 on gnb-1. Double it.",
    "Double the isolation on fan-zone, it runs at 400 Mbps now.",
    "Drop one nine from everything, and create a slice at 99.99%.",
    "meter-grid has 1.2 million devices. Cut that by 20 %.",
    "Cover half of the 8 gnbs with fan-zone.",
    # a check, a question, a negation, a correction
    "Double check the 400 Mbps on fan-zone.",
    "Should we double it? The slice has 400 Mbps.",
    "Do not halve it. It has 400 Mbps.",
    "Raise fan-zone by 100 Mbps -- sorry, by 200 Mbps -- it's at 500 Mbps now.",
])
def test_a_figure_that_is_not_worked_out_is_left_as_written(said: str) -> None:
    assert worked_out(said) == said


@pytest.mark.parametrize(("intents", "said", "step"), [
    ([{"kind": "slice.modify", "name": "campus-video", "reliability": 0.2}], "Add 20 % to campus-video.", "Add 20 %"),
    ([{"kind": "slice.modify", "name": "farm-sensors", "max_devices": 2000}], "Raise the device cap on farm-sensors by 2,000.",
     "Raise the device cap on farm-sensors by 2,000"),
    ([{"kind": "slice.modify", "name": "agv", "max_latency_ms": 0.25}], "Cut the latency on agv to a quarter.", "to a quarter"),
])
def test_a_change_with_no_base_written_as_the_figure_is_found(intents: list[dict], said: str, step: str) -> None:
    assert step_as_figure(intents, said) == step


@pytest.mark.parametrize(("intents", "said"), [
    ([{"kind": "slice.modify", "name": "fan-zone", "bandwidth_mbps": 600, "max_latency_ms": 20}],
     "Increase fan-zone by 20 % to 600 Mbps and set its latency to 20 ms."),  # the result is said
    ([{"kind": "sdn.route", "src": "gnb-1", "dst": "core-1", "paths": 2}], "Add 2 paths from gnb-1 to core-1."),
    ([{"kind": "sdn.rate_limit", "src": "port", "dst": "cloud-dc", "rate_mbps": 200}],
     "add a rate limit of 200 Mbps from the port to cloud-dc"),
    ([{"kind": "slice.modify", "name": "fan-zone", "max_latency_ms": 5},
      {"kind": "slice.modify", "name": "meter-grid", "max_devices": 2100}],
     "Give fan-zone 5 ms, and allow 5 % more devices on meter-grid than the 2,000 it has."),
])
def test_a_figure_that_only_looks_like_a_step_is_kept(intents: list[dict], said: str) -> None:
    assert step_as_figure(intents, said) is None
