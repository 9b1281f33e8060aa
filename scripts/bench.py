#!/usr/bin/env python3
"""Measure idp-audit on a generated corpus: the floor, the batch, single plans.

Python 3 standard library only; Linux (peak memory comes from wait4). Each
command is run --runs times; the figures are the median wall time (min and
max beside it) and the largest peak resident set size of any run.

  floor        examples/floor: unzip word/document.xml and walk its XML events,
               read Markdown bytes; one thread, nothing checked
  batch        idp-audit check CORPUS --format json (default jobs, then -j1),
               output to /dev/null
  batch/floor  the floor and the batch run in turns, 2 x --runs pairs: the
               median of the per-pair ratios (on a shared machine the load
               changes from minute to minute; a pair shares its minute)
  batch 500    the same on the first 500 plans: memory must not grow with plans
  per plan     every plan audited once in process, one thread (examples/stages
               --per-plan): p50, p90, p99 and max, and the slowest plans
  cold start   one plan from a cold start, whole process, run in turns with
               the floor's cold start on the same plan
  single plan  idp-audit check PLAN for one small plan, whole process, and
               the in-process audit time of the same plan (examples/stages)
  yardstick    with --yardstick PYTHON (a Python that has python-docx):
               scripts/advocate_baseline.py and idp-audit -j1 on the same
               first 100 plans, per plan, run in turns

Usage: scripts/bench.py --corpus DIR [--bin target/release/idp-audit]
                        [--floor target/release/examples/floor] [--runs 5]
                        [--yardstick PYTHON]
"""

import argparse
import glob
import os
import platform
import statistics
import subprocess
import time


def run_once(cmd):
    """(wall seconds, peak RSS in KiB, exit code) of one run."""
    with open(os.devnull, "wb") as null:
        t = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=null, stderr=null)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t
    p.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss, p.returncode


def measure(cmd, runs, warmup=1):
    for _ in range(warmup):
        run_once(cmd)
    walls, peaks = [], []
    for _ in range(runs):
        wall, peak, code = run_once(cmd)
        if code not in (0, 1):
            raise SystemExit(f"{' '.join(cmd)} exited {code}")
        walls.append(wall)
        peaks.append(peak)
    return statistics.median(walls), min(walls), max(walls), max(peaks)


def paired(a, b, runs):
    """The ratio of b's wall time to a's, run in turns (a, b, a, b, ...), so
    that both see the same moment of a shared machine's load: (median,
    min, max) of the per-pair ratios."""
    run_once(a)
    run_once(b)
    ratios = []
    for _ in range(runs):
        wa = run_once(a)[0]
        wb = run_once(b)[0]
        ratios.append(wb / wa)
    return statistics.median(ratios), min(ratios), max(ratios)


def has_provisions(binary, plan):
    out = subprocess.run([binary, "check", "--format", "json", "--exit-zero", plan], capture_output=True, text=True)
    return '"provisions": [\n' in out.stdout or '"provisions":[{' in out.stdout


def machine():
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = 0
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal"):
                    mem = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{os.cpu_count()} CPUs ({model}), {mem:.1f} GiB RAM, {platform.system()} {platform.release()}, "
            f"load average {load:.2f} at start")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--bin", default="target/release/idp-audit")
    ap.add_argument("--floor", default="target/release/examples/floor")
    ap.add_argument("--stages", default="target/release/examples/stages")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--latency-runs", type=int, default=50)
    ap.add_argument("--yardstick", help="a Python interpreter with python-docx installed")
    args = ap.parse_args()

    plans = sorted(p for p in glob.glob(os.path.join(args.corpus, "**", "*"), recursive=True) if os.path.isfile(p))
    docx = [p for p in plans if p.endswith(".docx")]
    size = sum(os.path.getsize(p) for p in plans)
    parts = sorted(glob.glob(os.path.join(args.corpus, "part*")))
    first500 = parts[:2]
    n500 = sum(len(glob.glob(os.path.join(p, "*"))) for p in first500)
    size500 = sum(os.path.getsize(p) for d in first500 for p in glob.glob(os.path.join(d, "*")))

    print(f"machine: {machine()}")
    print(f"corpus: {len(plans)} plans ({len(docx)} DOCX, {len(plans) - len(docx)} Markdown), {size / 1e6:.1f} MB")

    def line(label, n, nbytes, m, floor=None):
        med, lo, hi, peak = m
        ratio = f"  {med / floor:.2f}x floor" if floor else ""
        print(f"{label:<34} wall {med:6.3f} s (min {lo:.3f}, max {hi:.3f})  {n / med:7.0f} plans/s  "
              f"{nbytes / 1e6 / med:6.1f} MB/s  peak RSS {peak / 1024:6.1f} MB{ratio}")
        return med

    check = [args.bin, "check", "--format", "json", "--exit-zero", "--no-progress"]
    floor = line("floor (unzip + XML events, 1 thread)", len(plans), size, measure([args.floor, args.corpus], args.runs))
    line("batch (default jobs)", len(plans), size, measure(check + [args.corpus], args.runs), floor)
    line("batch -j1", len(plans), size, measure(check + ["-j1", args.corpus], args.runs), floor)
    r = paired([args.floor, args.corpus], check + [args.corpus], 2 * args.runs)
    print(f"batch / floor, run in turns            {r[0]:.2f}x (min {r[1]:.2f}, max {r[2]:.2f}) over {2 * args.runs} pairs")
    line(f"batch (default jobs), {n500} plans", n500, size500, measure(check + first500, args.runs))

    out = subprocess.run([args.stages, "--per-plan", args.corpus], capture_output=True, text=True, check=True)
    print(out.stdout.rstrip())

    # Cold start: the largest plan that has a Section 2B (the checker's
    # JSON lists provisions for it) and the floor on the same file, in turns.
    cold = max((p for p in docx if has_provisions(args.bin, p)), key=os.path.getsize, default=None)
    if cold:
        one = [args.bin, "check", "--exit-zero", cold]
        r = paired([args.floor, cold], one, args.latency_runs)
        fm = measure([args.floor, cold], args.latency_runs, warmup=3)
        im = measure(one, args.latency_runs, warmup=3)
        print(f"cold start, one plan: {os.path.basename(cold)} ({os.path.getsize(cold) / 1e3:.1f} KB): idp-audit median "
              f"{im[0] * 1e3:.1f} ms, the floor {fm[0] * 1e3:.1f} ms; in turns {r[0]:.1f}x the floor "
              f"(min {r[1]:.1f}, max {r[2]:.1f}) over {args.latency_runs} pairs")

    if args.yardstick:
        hundred = plans[:100]
        base = [args.yardstick, os.path.join(os.path.dirname(__file__), "advocate_baseline.py")] + hundred
        ours = check + ["-j1"] + hundred
        bm = measure(base, args.runs)
        om = measure(ours, args.runs)
        r = paired(ours, base, args.runs)
        print(f"yardstick, first {len(hundred)} plans, one process each way: python-docx + regex "
              f"{bm[0] * 1e3 / len(hundred):.2f} ms a plan, idp-audit -j1 {om[0] * 1e3 / len(hundred):.2f} ms a plan; "
              f"in turns idp-audit is {r[0]:.1f}x faster (min {r[1]:.1f}, max {r[2]:.1f})")

    small = min((p for p in plans if p.endswith(".md")), key=os.path.getsize)
    small_docx = min(docx, key=os.path.getsize)
    for plan in [small, small_docx]:
        m = measure([args.bin, "check", "--exit-zero", plan], args.latency_runs, warmup=3)
        print(f"single plan, whole process: {os.path.basename(plan)} ({os.path.getsize(plan) / 1e3:.1f} KB): "
              f"median {m[0] * 1e3:.1f} ms (min {m[1] * 1e3:.1f}, max {m[2] * 1e3:.1f}) over {args.latency_runs} runs, "
              f"peak RSS {m[3] / 1024:.1f} MB")
        out = subprocess.run([args.stages, "--repeat", "200", plan], capture_output=True, text=True, check=True)
        print(f"single plan, in process:    {out.stdout.strip()}")


if __name__ == "__main__":
    main()
