#!/usr/bin/env python3
"""Noise stress test, ECGLens vs NeuroKit2 on exactly the same noisy records, same run.

    pip install neurokit2==0.2.13 wfdb==4.3.1
    swift build -c release
    python3 Scripts/benchmark_noise_stress.py [--db ../shared/data/mitdb] [--noise ../shared/data/nstdb-noise]
        [--types em,ma,bw] [--snr 24,18,12,6,0,-6] [--exclude 118,119] [--lead 0] [--out docs/validation/noise-stress.txt]

1. `ecglens benchmark noise-stress ... --write-records DIR` builds the stress set as WFDB's nst does (standard
   protocol: noise in alternate 2-minute segments after 5:00, gain from the NSTDB SNR definition), scores
   ECGLens, and writes every noisy record (format 16, the clean record's annotations copied).
2. NeuroKit2's default pipeline, `ecg_peaks(ecg_clean(x, fs), fs)` (method "neurokit", as
   Scripts/benchmark_rpeaks.py runs it), detects R peaks on --lead of every written record, read with wfdb.
3. The same ecglens code scores NeuroKit2's peaks (`noise-stress --detections`: same matching, same spans),
   and, as a cross-check on the written files themselves, `ecglens validate rpeaks --db DIR` scores both
   tools' whole records (learning period included).
The table: noise type, SNR, Se/+P of both tools from 5:00 to the end and in the noisy segments alone.
"""
import os
for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")
import argparse, glob, shutil, subprocess, sys, tempfile, time
import wfdb
import neurokit2 as nk

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ECGLENS = os.path.join(ROOT, ".build", "release", "ecglens")


def run(cmd):
    print("$ " + " ".join(cmd), file=sys.stderr, flush=True)
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def parse(table):
    """noise-stress table -> {(noise, snr): (se, ppv, noisy_se, noisy_ppv)}."""
    out = {}
    for line in table.splitlines()[1:]:
        f = line.replace("|", " ").split()
        if len(f) == 13:
            out[(f[0], f[1])] = (f[6], f[7], f[11], f[12])
    return out


def gross(stdout):
    f = [l for l in stdout.splitlines() if l.strip().startswith("gross")][0].split()
    i = f.index("±")  # ... Se +P F1 error ± SD; wide counts can run into each other before them
    return f[i - 4], f[i - 3]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default=os.path.join(ROOT, "..", "shared", "data", "mitdb"))
    ap.add_argument("--noise", default=os.path.join(ROOT, "..", "shared", "data", "nstdb-noise"))
    ap.add_argument("--types", default="em,ma,bw")
    ap.add_argument("--snr", default="24,18,12,6,0,-6")
    ap.add_argument("--exclude", default="118,119")
    ap.add_argument("--lead", type=int, default=0)
    ap.add_argument("--records", help="only these clean records, comma-separated (quick runs)")
    ap.add_argument("--records-dir", help="keep the noisy records here (default: a temporary folder)")
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "validation", "noise-stress.txt"))
    a = ap.parse_args()
    if not os.path.exists(ECGLENS):
        sys.exit("build first: swift build -c release")
    tmp = tempfile.mkdtemp(prefix="noise-stress-")
    records = a.records_dir or os.path.join(tmp, "records")
    os.makedirs(records, exist_ok=True)
    common = ["benchmark", "noise-stress", "--db", a.db, "--noise", a.noise, "--types", a.types,
              "--snr=" + a.snr, "--exclude", a.exclude, "--lead", str(a.lead)]
    if a.records:
        common += ["--records", a.records]
    try:
        t0 = time.time()
        ours_table = run([ECGLENS] + common + ["--write-records", records])
        names = sorted(os.path.basename(p)[:-4] for p in glob.glob(os.path.join(records, "*.hea")))
        with open(os.path.join(records, "RECORDS"), "w") as f:
            f.writelines(n + "\n" for n in names)
        nk_csv = os.path.join(tmp, "neurokit2.csv")
        cpu = time.process_time()
        with open(nk_csv, "w") as f:
            f.write("record,sample\n")
            for n in names:
                r = wfdb.rdrecord(os.path.join(records, n), channels=[a.lead])
                _, info = nk.ecg_peaks(nk.ecg_clean(r.p_signal[:, 0], sampling_rate=r.fs), sampling_rate=r.fs)
                f.writelines(f"{n},{int(s)}\n" for s in info["ECG_R_Peaks"])
        nk_cpu = time.process_time() - cpu
        nk_table = run([ECGLENS] + common + ["--detections", nk_csv])
        lead = ["--lead", str(a.lead)]
        cross_ours = gross(run([ECGLENS, "validate", "rpeaks", "--db", records] + lead))
        cross_nk = gross(run([ECGLENS, "validate", "rpeaks", "--db", records, "--detections", nk_csv] + lead))
        ours, theirs = parse(ours_table), parse(nk_table)
        lines = [
            "$ python3 Scripts/benchmark_noise_stress.py " + " ".join(sys.argv[1:]),
            f"{len(names)} noisy records ({a.types} x SNR {a.snr} x MIT-BIH records but {a.exclude}), lead {a.lead}, "
            f"neurokit2 {nk.__version__}; NeuroKit2 {nk_cpu:.0f} s CPU; whole run {time.time() - t0:.0f} s",
            "Gross Se / +P (%) from 5:00 to the end (AAMI EC57: learning period excluded), and in the noisy segments alone.",
            "",
            "| noise | SNR dB | ECGLens Se | ECGLens +P | NeuroKit2 Se | NeuroKit2 +P "
            "| noisy only: ECGLens Se | ECGLens +P | NeuroKit2 Se | NeuroKit2 +P |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for key, o in ours.items():
            t = theirs[key]
            lines.append(f"| {key[0]} | {key[1]} | {o[0]} | {o[1]} | {t[0]} | {t[1]} | {o[2]} | {o[3]} | {t[2]} | {t[3]} |")
        lines += ["",
                  "Cross-check on the written files (`ecglens validate rpeaks --db DIR`, whole records, 0:00 included): "
                  f"ECGLens Se {cross_ours[0]} / +P {cross_ours[1]}, NeuroKit2 Se {cross_nk[0]} / +P {cross_nk[1]}.",
                  "", "ECGLens (`ecglens " + " ".join(common) + " --write-records DIR`):", ours_table,
                  "", "NeuroKit2 scored by the same code (`... --detections neurokit2.csv`):", nk_table]
        text = "\n".join(lines) + "\n"
        print(text)
        if a.out:
            with open(a.out, "w") as f:
                f.write(text)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
