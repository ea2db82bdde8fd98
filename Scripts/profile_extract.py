#!/usr/bin/env python3
"""Where `ecglens extract` spends its time on PTB-XL (12 leads, 10 s, 500 Hz): measurement only.

    swift build -c release --product ecglens
    python3 Scripts/profile_extract.py [--db ../shared/data/ptb-xl/records500] [--top 40]

1. Throughput: the release `ecglens extract` over every record under --db, with --jobs 2 and
   --jobs 1: wall seconds, records/s, and CPU ms per record (user + system of the process).
2. Profile: `perf record -g` (999 Hz, call graphs) of a --jobs 1 run: the inclusive time of each
   stage's function (STAGES), then the top functions by self time (`swift demangle`d).
"""
import argparse, os, re, resource, shutil, subprocess, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ECGLENS = os.path.join(ROOT, ".build", "release", "ecglens")

# Stages: the function that does each, as `swift demangle --simplified` names it (a prefix), with
# its depth under extractRecord. Time is inclusive (the function and what it calls), from the
# call graph (Swift keeps frame pointers); a stage's children are listed under it.
STAGES = [
    (0, "whole record (read, measure, format the row)", "extractRecord("),
    (1, "reading: header and signal file (WFDB)", "readRecording(at:)"),
    (2, "of which parsing the header", "parseWFDBHeader("),
    (1, "measuring (measureECG)", "measureECG("),
    (2, "lead screening (flat, saturated, noisy)", "screenLead("),
    (2, "beat detection on all usable leads", "detectBeats("),
    (2, "signal quality (10 s windows, kurtosis)", "signalQuality("),
    (2, "delineation of 12 leads (delineateECG)", "delineateECG("),
    (3, "band-pass filtering for delineation", "filterForDelineation("),
    (3, "delineating the filtered leads", "delineate(filtered:"),
    (3, "rest of delineateECG (by difference)", None),
    (2, "global measurements (intervals, axes, amplitudes)", "measurements(rPeaks:"),
    (1, "feature values of the row", "featureValues("),
    (0, "window plan: every header read again for --window auto", "recordWindows("),
    (0, "called from several stages: median beats (columnMedian)", "columnMedian("),
    (0, "called from several stages: order statistics (median, quantile)", "closure #1 in orderStatistic("),
    (0, "called from several stages: the IIR filter pass (SOSFilter.filtfilt)", "SOSFilter.filtfilt(_:"),
]
def run_extract(db, out, jobs, perf_data=None):
    cmd = [ECGLENS, "extract", db, "--out", out, "--jobs", str(jobs), "--force"]
    if perf_data:
        cmd = ["perf", "record", "-q", "-g", "-F", "999", "-o", perf_data, "--"] + cmd
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    rows = sum(1 for _ in open(out)) - 1
    return wall, cpu, rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default=os.path.join(ROOT, "..", "shared", "data", "ptb-xl", "records500"))
    ap.add_argument("--top", type=int, default=40)
    a = ap.parse_args()
    records = sum(1 for d, _, fs in os.walk(a.db) for f in fs if f.endswith(".hea"))
    print(f"{records} records under {os.path.relpath(a.db, ROOT)}; {os.cpu_count()} cores; release build")
    # Other processes on the machine slow the wall times (not the profile's shares): say how busy it was.
    print("load average before (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    tmp = tempfile.mkdtemp()
    try:
        print("\n## Throughput (ecglens extract, whole process: read, screen, filter, detect, delineate, measure, write)")
        print("jobs | wall s | records/s | CPU s | CPU ms/record | rows")
        for jobs in (2, 1):
            wall, cpu, rows = run_extract(a.db, os.path.join(tmp, f"j{jobs}.csv"), jobs)
            cpu1 = cpu
            print(f"{jobs} | {wall:.2f} | {records / wall:.0f} | {cpu:.2f} | {1000 * cpu / records:.2f} | {rows}")
        if shutil.which("perf") is None:
            print("\nperf is absent: no profile")
            return
        data = os.path.join(tmp, "perf.data")
        per_record = 1000 * cpu1 / records
        wall, cpu, _ = run_extract(a.db, os.path.join(tmp, "perf.csv"), 1, perf_data=data)
        print(f"\n## Where the time goes (perf record -g -F 999 of the --jobs 1 run; under perf: wall {wall:.2f} s, CPU {cpu:.2f} s)")
        print(f"Inclusive share of all samples; ms per record scaled to the unprofiled {per_record:.2f} CPU ms/record.")

        def report(mode):
            text = subprocess.run(
                ["perf", "report", "-i", data, mode, "--sort", "sym", "--stdio", "-q", "-g", "none", "--percent-limit", "0.3"],
                capture_output=True, text=True, check=True).stdout
            rows = []
            for line in text.splitlines():
                m = re.match(r"\s*([\d.]+)%\s+(?:([\d.]+)%\s+)?(\[.\])\s+(.*)$", line)
                if m:
                    rows.append((float(m.group(1)), float(m.group(2) or 0), m.group(3), m.group(4).strip()))
            names = subprocess.run(["swift", "demangle", "--simplified"], input="\n".join(r[3] for r in rows),
                                   capture_output=True, text=True).stdout.splitlines()
            return [(r[0], r[1], r[2], n) for r, n in zip(rows, names)] if len(names) == len(rows) else [
                (r[0], r[1], r[2], r[3]) for r in rows]

        inclusive = report("--children")
        print("stage | % of CPU | CPU ms/record")
        def share(prefix):
            return max((r[0] for r in inclusive if r[3].startswith(prefix) or r[3].startswith("specialized " + prefix)), default=0.0)

        for depth, label, prefix in STAGES:
            if prefix is None:  # delineateECG minus its two listed parts
                pct = share("delineateECG(") - share("filterForDelineation(") - share("delineate(filtered:")
            else:
                pct = share(prefix)
            print(f"{'  ' * depth}{label} | {pct:.1f} | {pct / 100 * per_record:.2f}")
        print(f"\n## Top {a.top} functions by self time (% of CPU)")
        for pct, _, kind, name in report("--no-children")[: a.top]:
            print(f"{pct:.2f} | {kind} {name[:150]}")
        print("\nload average after (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
