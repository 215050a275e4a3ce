"""Shared by the scripts in bench/: Broadside's CPU over a stage, from sample_cpu's ticks file."""
import datetime
import json


def stage_window(run_dir, offset_s, length_s):
    """Epoch seconds of [start + offset, start + offset + length] of a run (its run.json)."""
    meta = json.load(open(run_dir + "run.json"))
    start = datetime.datetime.fromisoformat(meta["startedAt"].replace("Z", "+00:00")).timestamp()
    return start + offset_s, start + offset_s + length_s


def cpu_between(ticks_file, hz, t0, t1):
    """CPU seconds and wall seconds between the samples last taken at or before t0 and t1."""
    ticks = [tuple(map(float, l.split())) for l in open(ticks_file) if len(l.split()) == 2]

    def at(t):
        before = [k for k in ticks if k[0] <= t]
        return before[-1] if before else ticks[0]

    (a_t, a_k), (b_t, b_k) = at(t0), at(t1)
    return (b_k - a_k) / hz, b_t - a_t
